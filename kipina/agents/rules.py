import rules


@rules.predicate
def is_support_person(user) -> bool:
    from kipina.agents.models import SupportPerson

    return (
        user.is_authenticated
        and SupportPerson.objects.filter(
            person__user=user, active=True, person__active=True
        ).exists()
    )


rules.add_perm("agents.act_as_support_person", is_support_person)
