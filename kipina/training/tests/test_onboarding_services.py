"""Becoming a support person, step by step through the services: apply → the supervisor
approves the time share → a coordinator places the applicant in a cohort → the programme is
completed → a coordinator activates them. Every refusal changes nothing; every step tells the
next person."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.formats import date_format

from kipina.agents.enums import AllocationState
from kipina.agents.models import Allocation, SupportPerson
from kipina.core.cache_versions import clear_memos
from kipina.core.models import Notification
from kipina.core.notifications import render
from kipina.orders import candidates
from kipina.orders.tests.factories import OrderFactory, ServiceFactory, make_allocation
from kipina.org.tests.factories import PersonFactory
from kipina.training import notifications_onboarding as kinds
from kipina.training import notifications_programmes as programme_kinds
from kipina.training import services_onboarding as services
from kipina.training import services_programmes
from kipina.training.enums import ApplicationState, EnrolmentState
from kipina.training.models import Application, Enrolment
from kipina.training.tests.factories_onboarding import application, cohort_for, role
from kipina.training.tests.factories_programmes import (
    CohortFactory,
    ModuleFactory,
    ProgrammeFactory,
    enrolled,
)

pytestmark = pytest.mark.django_db

User = get_user_model()


def user(org, key):
    return org.people[key].user


def told(kind: str) -> set[str]:
    """The usernames a kind of notification went to."""
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def submit(org, key="employee", *, the_role=None, percent="10") -> Application:
    return services.application_submit(
        actor=user(org, key),
        role=the_role or role(),
        motivation="  Haluan auttaa tiimejä oppimaan.  ",
        percent=Decimal(percent),
    )


def approve(org, app: Application, key="supervisor", reason="") -> Application:
    return services.application_decide(
        actor=user(org, key), application=app, approve=True, reason=reason
    )


def complete(enrolment: Enrolment, actor=None) -> None:
    """The trainers mark every module of the programme done (through the programmes part,
    which sends programme_completed inside that transaction)."""
    programme = enrolment.cohort.programme
    if not programme.modules.exists():
        ModuleFactory(programme=programme)
    actor = actor or User.objects.get(username="coordinator")
    for module in programme.modules.all():
        services_programmes.completion_set(
            actor=actor, enrolment=enrolment, module=module, completed=True
        )


def end_of_next_year() -> dt.date:
    return dt.date(timezone.localdate().year + 1, 12, 31)


# --- 1. Apply -------------------------------------------------------------------------------


def test_applying_asks_the_supervisor(org):
    app = submit(org)
    assert app.state == ApplicationState.SUBMITTED
    assert app.person == org.people["employee"]
    assert app.motivation == "Haluan auttaa tiimejä oppimaan."
    assert app.percent == Decimal(10)
    assert told(kinds.SUBMITTED) == {"supervisor"}
    note = Notification.objects.get(kind=kinds.SUBMITTED)
    assert note.url == app.get_absolute_url()
    with translation.override("en"):
        assert render(note).startswith(
            f"{org.people['employee'].full_name} applies to become a support person"
        )
        assert "10 %" in render(note)


def test_without_a_supervisor_the_coordinators_are_asked(org):
    submit(org, "supervisor")  # the supervisor has nobody above them
    assert told(kinds.SUBMITTED) == {"coordinator"}


def test_when_the_supervisor_is_no_longer_active_the_coordinators_decide(org):
    from kipina.training import selectors_onboarding as selectors

    gone = org.people["supervisor"]  # the employee's supervisor, who has left
    gone.active = False
    gone.save()
    app = submit(org)
    assert told(kinds.SUBMITTED) == {"coordinator"}
    coordinator = user(org, "coordinator")
    assert coordinator.has_perm("training.decide_application", app)
    assert app in Application.objects.filter(selectors.to_decide_filter(coordinator))
    with translation.override("en"):
        assert "is no longer active" in selectors.next_actor(app)
    with translation.override("en"), pytest.raises(services.ApplicationError):
        approve(org, app, key="coordinator")  # standing in: a reason is required
    approved = approve(org, app, key="coordinator", reason="Esihenkilö on lähtenyt.")
    assert approved.state == ApplicationState.APPROVED
    # Back in office, the supervisor decides again; the coordinators do not.
    gone.active = True
    gone.save()
    other = submit(org, "support_person")
    assert other.person.supervisor == gone
    assert not coordinator.has_perm("training.decide_application", other)
    assert other not in Application.objects.filter(selectors.to_decide_filter(coordinator))


def test_a_second_open_application_is_refused(org):
    submit(org)
    with translation.override("en"), pytest.raises(services.ApplicationError) as refused:
        submit(org, the_role=role("change_agent"))
    assert "already have an open application" in refused.value.message
    assert Application.objects.count() == 1


def test_after_a_closed_application_one_may_apply_again(org):
    first = submit(org)
    services.application_withdraw(actor=user(org, "employee"), application=first)
    second = submit(org)
    assert second.pk != first.pk
    assert second.state == ApplicationState.SUBMITTED


def test_an_active_support_person_in_the_role_is_refused_but_may_take_another(org):
    agent = role()
    org.people["support_person"].support_profile.roles.add(agent)
    with translation.override("en"), pytest.raises(services.ApplicationError) as refused:
        submit(org, "support_person", the_role=agent)
    assert refused.value.field == "role"
    assert "already an active support person in this role" in refused.value.message
    assert not Application.objects.exists()
    assert submit(org, "support_person", the_role=role("change_agent")).pk


def test_an_inactive_support_profile_may_apply_for_its_role(org):
    agent = role()
    profile = SupportPerson.objects.create(person=org.people["employee"], active=False)
    profile.roles.add(agent)
    assert submit(org, the_role=agent).state == ApplicationState.SUBMITTED


@pytest.mark.parametrize("percent", ["0.5", "51"])
def test_the_share_is_from_1_to_50_per_cent(org, percent):
    with pytest.raises(services.ApplicationError) as refused:
        submit(org, percent=percent)
    assert refused.value.field == "percent"
    assert not Application.objects.exists()


def test_a_role_no_longer_in_use_is_refused(org):
    retired = role("retired_role")
    retired.active = False
    retired.save()
    with pytest.raises(services.ApplicationError) as refused:
        submit(org, the_role=retired)
    assert refused.value.field == "role"


def test_someone_without_a_person_cannot_apply(org):
    from kipina.org.tests.factories import UserFactory

    with pytest.raises(services.NotAllowed):
        services.application_submit(
            actor=UserFactory(), role=role(), motivation="x", percent=Decimal(10)
        )


# --- 2. The supervisor decides --------------------------------------------------------------


def test_approving_makes_an_inactive_support_person_with_an_approved_share(org):
    app = approve(org, submit(org, percent="12.5"))
    app.refresh_from_db()
    assert app.state == ApplicationState.APPROVED
    assert app.decided_by == org.people["supervisor"]
    profile = SupportPerson.objects.get(person=org.people["employee"])
    assert profile.active is False  # not bookable before the training
    share = app.allocation
    assert share.support_person == profile
    assert share.state == AllocationState.APPROVED
    assert share.percent == Decimal("12.5")
    assert (share.start, share.end) == (timezone.localdate(), end_of_next_year())
    assert share.requested_by == user(org, "employee")
    assert share.decided_by == user(org, "supervisor")
    assert told(kinds.APPROVED) == {"employee"}
    assert told(kinds.TO_PLACE) == {"coordinator"}
    # One approval, one message each: not the time share's own request and approval as well.
    assert not Notification.objects.filter(kind__startswith="allocation_").exists()
    with translation.override("en"):
        text = render(Notification.objects.get(kind=kinds.APPROVED))
        start = date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
        end = date_format(end_of_next_year(), "SHORT_DATE_FORMAT")
    assert f"12.5 % of working time from {start} to {end}" in text


def test_someone_higher_up_the_line_may_decide(org):
    top = PersonFactory(unit=org.root, user__username="director")
    org.people["supervisor"].supervisor = top
    org.people["supervisor"].save(update_fields=["supervisor"])
    app = services.application_decide(actor=top.user, application=submit(org), approve=True)
    assert app.state == ApplicationState.APPROVED


def test_declining_needs_a_reason_and_tells_the_applicant(org):
    app = submit(org)
    with translation.override("en"), pytest.raises(services.ApplicationError) as refused:
        services.application_decide(actor=user(org, "supervisor"), application=app, approve=False)
    assert refused.value.field == "reason"
    app.refresh_from_db()
    assert app.state == ApplicationState.SUBMITTED
    services.application_decide(
        actor=user(org, "supervisor"), application=app, approve=False, reason="Ei resursseja nyt."
    )
    app.refresh_from_db()
    assert app.state == ApplicationState.DECLINED
    assert app.decision_reason == "Ei resursseja nyt."
    assert app.allocation is None
    assert not SupportPerson.objects.filter(person=org.people["employee"]).exists()
    assert told(kinds.DECLINED) == {"employee"}
    assert "Ei resursseja nyt." in render(Notification.objects.get(kind=kinds.DECLINED))


@pytest.mark.parametrize("decider", ["employee", "team_lead", "support_person", "coordinator"])
def test_only_the_line_decides(org, decider):
    """The applicant never; a colleague never; a coordinator not while there is a supervisor."""
    app = submit(org)
    with pytest.raises(services.NotAllowed):
        approve(org, app, decider)
    app.refresh_from_db()
    assert app.state == ApplicationState.SUBMITTED
    assert not Allocation.objects.exists()


def test_nobody_decides_their_own_application_even_a_coordinator(org):
    from kipina.org.tests.factories import make_coordinator

    make_coordinator(org.people["supervisor"])  # no supervisor above: coordinators decide
    app = submit(org, "supervisor")
    with pytest.raises(services.NotAllowed):
        approve(org, app, "supervisor", reason="Itse päätän")
    assert approve(org, app, "coordinator", reason="Ei esihenkilöä").state == "approved"


def test_a_coordinator_standing_in_must_give_a_reason_and_nothing_is_half_saved(org):
    app = submit(org, "supervisor")
    with translation.override("en"), pytest.raises(services.ApplicationError) as refused:
        approve(org, app, "coordinator")
    assert refused.value.field == "reason"
    app.refresh_from_db()
    assert app.state == ApplicationState.SUBMITTED
    assert not SupportPerson.objects.filter(person=org.people["supervisor"]).exists()
    assert not Allocation.objects.exists()
    approve(org, app, "coordinator", reason="Ei esihenkilöä rekisterissä.")
    app.refresh_from_db()
    assert app.allocation.decision_reason == "Ei esihenkilöä rekisterissä."


def test_deciding_twice_is_a_conflict(org):
    app = approve(org, submit(org))
    stale = Application.objects.get(pk=app.pk)
    with translation.override("en"), pytest.raises(services.Conflict) as refused:
        services.application_decide(
            actor=user(org, "supervisor"), application=stale, approve=False, reason="Ei"
        )
    assert "Someone else already moved this application on" in refused.value.message
    assert Allocation.objects.count() == 1


def test_a_support_person_with_a_share_gets_the_new_share_after_it(org):
    profile = org.people["support_person"].support_profile
    current = make_allocation(profile)  # approved, up to 180 days ahead
    app = approve(org, submit(org, "support_person", the_role=role("change_agent")))
    share = app.allocation
    assert share.start == current.end + dt.timedelta(days=1)
    assert share.end == dt.date(share.start.year + 1, 12, 31)
    profile.refresh_from_db()
    assert profile.active is True  # still bookable in the roles they had


# --- 3. A coordinator places ------------------------------------------------------------------


def approved(org, key="employee", **kwargs) -> Application:
    return approve(org, submit(org, key, **kwargs))


def test_placing_enrols_and_tells_the_trainers(org):
    app = approved(org)
    trainer = PersonFactory(user__username="trainer")
    cohort = cohort_for(role(), trainers=[trainer])
    services.application_place(actor=user(org, "coordinator"), application=app, cohort=cohort)
    app.refresh_from_db()
    assert app.state == ApplicationState.PLACED
    assert app.enrolment.cohort == cohort
    assert app.enrolment.state == EnrolmentState.ENROLLED
    cohort.refresh_from_db()
    assert cohort.enrolled_count == 1
    assert told(kinds.PLACED_TRAINER) == {"trainer"}
    assert Notification.objects.get(kind=kinds.PLACED_TRAINER).url == cohort.get_absolute_url()
    # The programmes part tells the applicant about the seat.
    assert told(programme_kinds.ENROLLED) == {"employee"}


def test_a_full_cohort_puts_the_applicant_on_its_waiting_list(org):
    app = approved(org)
    cohort = cohort_for(role(), capacity=1)
    enrolled(cohort, PersonFactory())
    services.application_place(actor=user(org, "coordinator"), application=app, cohort=cohort)
    app.refresh_from_db()
    assert app.state == ApplicationState.PLACED
    assert app.enrolment.state == EnrolmentState.WAITING
    assert told(programme_kinds.WAITING) == {"employee"}


def test_a_cohort_of_a_programme_for_another_role_is_refused(org):
    app = approved(org)
    other = cohort_for(role("change_agent"))
    with translation.override("en"), pytest.raises(services.ApplicationError) as refused:
        services.application_place(actor=user(org, "coordinator"), application=app, cohort=other)
    assert refused.value.field == "cohort"
    assert "does not train for the role" in refused.value.message
    app.refresh_from_db()
    assert app.state == ApplicationState.APPROVED
    assert not Enrolment.objects.exists()


def test_an_ended_cohort_is_refused(org):
    app = approved(org)
    today = timezone.localdate()
    past = CohortFactory(
        programme=ProgrammeFactory(roles=[role()]),
        start=today - dt.timedelta(days=60),
        end=today - dt.timedelta(days=1),
    )
    with pytest.raises(services.ApplicationError):
        services.application_place(actor=user(org, "coordinator"), application=app, cohort=past)
    assert Application.objects.get(pk=app.pk).state == ApplicationState.APPROVED


@pytest.mark.parametrize("placer", ["employee", "supervisor", "support_person"])
def test_only_coordinators_place(org, placer):
    app = approved(org)
    with pytest.raises(services.NotAllowed):
        services.application_place(
            actor=user(org, placer), application=app, cohort=cohort_for(role())
        )


def test_a_coordinator_does_not_place_themselves(org):
    app = approved_by_admin(org, "coordinator")  # no supervisor on record: the admin decides
    with pytest.raises(services.NotAllowed):
        services.application_place(
            actor=user(org, "coordinator"), application=app, cohort=cohort_for(role())
        )
    services.application_place(actor=user(org, "admin"), application=app, cohort=cohort_for(role()))


def approved_by_admin(org, key):
    return services.application_decide(
        actor=user(org, "admin"), application=submit(org, key), approve=True, reason="Sovittu"
    )


# --- 4. Trained and 5. activated --------------------------------------------------------------


def placed(org, key="employee") -> Application:
    app = approved(org, key)
    cohort = cohort_for(role())
    return services.application_place(
        actor=user(org, "coordinator"), application=app, cohort=cohort
    )


def test_completing_the_programme_makes_the_application_trained(org):
    app = placed(org)
    complete(app.enrolment)
    app.refresh_from_db()
    assert app.state == ApplicationState.TRAINED
    assert told(kinds.TRAINED) == {"coordinator"}
    with translation.override("en"):
        assert "please activate" in render(Notification.objects.get(kind=kinds.TRAINED))


def test_a_partly_done_programme_is_not_yet_trained(org):
    app = placed(org)
    first, _second = ModuleFactory.create_batch(2, programme=app.enrolment.cohort.programme)
    services_programmes.completion_set(
        actor=user(org, "coordinator"), enrolment=app.enrolment, module=first, completed=True
    )
    app.refresh_from_db()
    assert app.state == ApplicationState.PLACED
    assert not told(kinds.TRAINED)


def test_completing_a_programme_for_another_role_changes_nothing(org):
    app = placed(org)
    other = cohort_for(role("change_agent"))
    elsewhere = enrolled(other, org.people["employee"])
    complete(elsewhere)
    app.refresh_from_db()
    assert app.state == ApplicationState.PLACED
    assert not told(kinds.TRAINED)


def test_activating_makes_a_bookable_support_person_in_the_role(org):
    app = placed(org)
    complete(app.enrolment)
    services.application_activate(actor=user(org, "coordinator"), application=app)
    app.refresh_from_db()
    assert app.state == ApplicationState.ACTIVE
    profile = SupportPerson.objects.get(person=org.people["employee"])
    assert profile.active is True
    assert list(profile.roles.values_list("code", flat=True)) == ["learning_agent"]
    assert told(kinds.ACTIVATED) == {"employee"}
    assert told(kinds.ACTIVATED_SUPERVISOR) == {"supervisor"}


def test_only_a_trained_application_is_activated(org):
    app = placed(org)
    with pytest.raises(services.Conflict):
        services.application_activate(actor=user(org, "coordinator"), application=app)
    assert SupportPerson.objects.get(person=org.people["employee"]).active is False


def test_only_coordinators_activate(org):
    app = placed(org)
    complete(app.enrolment)
    for key in ("employee", "supervisor"):
        with pytest.raises(services.NotAllowed):
            services.application_activate(actor=user(org, key), application=app)


def _suggested(org, service) -> set[int]:
    cache.clear()
    clear_memos()
    order = OrderFactory(requester=org.people["team_lead"], service=service)
    return {suggestion.support_person.pk for suggestion in candidates.suggestions_for(order)}


def test_only_an_activated_person_becomes_a_candidate_for_the_role(org):
    agent = role()
    service = ServiceFactory(eligible_roles=[agent])
    app = placed(org)
    complete(app.enrolment)
    profile = SupportPerson.objects.get(person=org.people["employee"])
    # Trained, with an approved share, but not yet activated: not suggested.
    assert profile.pk not in _suggested(org, service)
    services.application_activate(actor=user(org, "coordinator"), application=app)
    assert profile.pk in _suggested(org, service)


def test_a_never_activated_applicant_is_no_candidate_even_with_the_role(org):
    agent = role()
    service = ServiceFactory(eligible_roles=[agent])
    app = placed(org)
    profile = SupportPerson.objects.get(person=org.people["employee"])
    profile.roles.add(agent)
    assert profile.pk not in _suggested(org, service)
    complete(app.enrolment)
    assert profile.pk not in _suggested(org, service)


# --- Withdrawing ------------------------------------------------------------------------------


def test_withdrawing_a_submitted_application_tells_the_supervisor(org):
    app = submit(org)
    services.application_withdraw(actor=user(org, "employee"), application=app)
    app.refresh_from_db()
    assert app.state == ApplicationState.WITHDRAWN
    assert told(kinds.WITHDRAWN) == {"supervisor"}


def test_withdrawing_in_training_frees_the_seat_and_the_share(org):
    app = approved(org)
    cohort = cohort_for(role(), capacity=1)
    services.application_place(actor=user(org, "coordinator"), application=app, cohort=cohort)
    next_in_line = PersonFactory()
    from kipina.training.tests.factories_programmes import waiting

    queued = waiting(cohort, next_in_line)
    services.application_withdraw(actor=user(org, "employee"), application=app)
    app.refresh_from_db()
    assert app.state == ApplicationState.WITHDRAWN
    assert Enrolment.objects.get(pk=app.enrolment_id).state == EnrolmentState.LEFT
    queued.refresh_from_db()
    assert queued.state == EnrolmentState.ENROLLED
    assert Allocation.objects.get(pk=app.allocation_id).state == AllocationState.WITHDRAWN
    assert told(kinds.WITHDRAWN) == {"coordinator"}


def test_an_active_application_cannot_be_withdrawn(org):
    app = application(org.people["employee"], state=ApplicationState.ACTIVE)
    with pytest.raises(services.Conflict):
        services.application_withdraw(actor=user(org, "employee"), application=app)


def test_only_the_applicant_withdraws(org):
    app = submit(org)
    with pytest.raises(services.NotAllowed):
        services.application_withdraw(actor=user(org, "supervisor"), application=app)
    assert Application.objects.get(pk=app.pk).state == ApplicationState.SUBMITTED


# --- The whole journey ------------------------------------------------------------------------


def test_the_whole_journey(org):
    """Four personas, one application: every step moves it on and tells whoever acts next."""
    agent = role()
    trainer = PersonFactory(user__username="trainer")
    cohort = cohort_for(agent, trainers=[trainer])
    app = submit(org, the_role=agent)
    assert told(kinds.SUBMITTED) == {"supervisor"}

    approve(org, app)
    assert told(kinds.APPROVED) == {"employee"} and told(kinds.TO_PLACE) == {"coordinator"}

    services.application_place(actor=user(org, "coordinator"), application=app, cohort=cohort)
    assert told(kinds.PLACED_TRAINER) == {"trainer"}
    assert told(programme_kinds.ENROLLED) == {"employee"}

    ModuleFactory(programme=cohort.programme)
    ModuleFactory(programme=cohort.programme)
    complete(Enrolment.objects.get(pk=app.enrolment.pk), actor=trainer.user)
    assert told(kinds.TRAINED) == {"coordinator"}
    assert told(programme_kinds.COMPLETED) == {"employee"}

    app.refresh_from_db()
    services.application_activate(actor=user(org, "coordinator"), application=app)
    assert told(kinds.ACTIVATED) == {"employee"}
    assert told(kinds.ACTIVATED_SUPERVISOR) == {"supervisor"}

    app.refresh_from_db()
    assert app.state == ApplicationState.ACTIVE
    profile = SupportPerson.objects.get(person=org.people["employee"])
    assert profile.active and agent in profile.roles.all()
    assert profile.trained_statuses.filter(role=agent).exists()  # granted by the programmes
    assert app.allocation.state == AllocationState.APPROVED
    # Anyone may apply again, for another role.
    assert submit(org, the_role=role("change_agent")).state == ApplicationState.SUBMITTED
