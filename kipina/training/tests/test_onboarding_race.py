"""Two people deciding on one application at the same moment: exactly one decision counts.

Real threads, each with its own database connection, start together at a barrier. On SQLite
the IMMEDIATE transactions queue the writers; on PostgreSQL the conditional UPDATE on the
SUBMITTED state lets exactly one row change while the other waits on the row and then finds it
moved on. The loser gets a Conflict with a clear message and writes nothing.
"""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from kipina.agents.models import Allocation, SupportPerson
from kipina.core.models import Notification
from kipina.core.tests.concurrency import at_once
from kipina.org.tests.factories import PersonFactory
from kipina.training import notifications_onboarding as kinds
from kipina.training import services_onboarding as services
from kipina.training.enums import ApplicationState
from kipina.training.models import Application
from kipina.training.tests.factories_onboarding import role

CONFLICT = "Someone else already moved this application on"


def _race(user_pks: list[int], attempt) -> dict[int, str]:
    """{index in user_pks: "won" or the refusal's message}; `attempt(user)` runs at the same
    moment for every user."""

    def setup(pk: int):
        user = get_user_model().objects.select_related("person").get(pk=pk)
        return lambda: attempt(user)

    results = at_once([lambda pk=pk: setup(pk) for pk in user_pks])
    outcomes: dict[int, str] = {}
    for index, result in enumerate(results):
        if isinstance(result, services.ApplicationError):
            outcomes[index] = result.message
        elif isinstance(result, Exception):
            outcomes[index] = f"unexpected {result!r}"
        else:
            outcomes[index] = "won"
    return outcomes


@pytest.fixture
def two_deciders(org):
    """The employee's supervisor and the director above them may both decide."""
    director = PersonFactory(unit=org.root, user__username="director")
    org.people["supervisor"].supervisor = director
    org.people["supervisor"].save(update_fields=["supervisor"])
    application = services.application_submit(
        actor=org.people["employee"].user,
        role=role(),
        motivation="Haluan auttaa.",
        percent=Decimal(10),
    )
    return application, [org.people["supervisor"].user_id, director.user_id]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_two_approvals_at_once_make_one_time_share(org, two_deciders, round_):
    application, user_pks = two_deciders

    def approve(user):
        fresh = Application.objects.select_related("person__user", "role").get(pk=application.pk)
        services.application_decide(actor=user, application=fresh, approve=True)

    outcomes = _race(user_pks, approve)
    assert sorted(outcomes.values())[1] == "won", outcomes
    loser = sorted(outcomes.values())[0]
    assert loser.startswith(CONFLICT), outcomes
    application.refresh_from_db()
    assert application.state == ApplicationState.APPROVED
    winner = user_pks[next(i for i, outcome in outcomes.items() if outcome == "won")]
    assert application.decided_by.user_id == winner
    assert Allocation.objects.count() == 1
    assert application.allocation.decided_by_id == winner
    assert SupportPerson.objects.filter(person=org.people["employee"]).count() == 1
    assert Notification.objects.filter(kind=kinds.APPROVED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_approval_and_a_decline_at_once_one_counts(org, two_deciders):
    application, user_pks = two_deciders
    approver, decliner = user_pks

    def decide(user):
        fresh = Application.objects.select_related("person__user", "role").get(pk=application.pk)
        services.application_decide(
            actor=user,
            application=fresh,
            approve=user.pk == approver,
            reason="" if user.pk == approver else "Ei nyt.",
        )

    outcomes = _race(user_pks, decide)
    assert sorted(o.split(";")[0] for o in outcomes.values()) == [
        CONFLICT,
        "won",
    ], outcomes
    application.refresh_from_db()
    winner = user_pks[next(i for i, outcome in outcomes.items() if outcome == "won")]
    if winner == approver:
        assert application.state == ApplicationState.APPROVED
        assert Allocation.objects.count() == 1
    else:
        assert application.state == ApplicationState.DECLINED
        assert not Allocation.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_same_application_sent_twice_at_once_makes_one(org):
    employee = org.people["employee"].user_id
    agent = role()

    def apply(user):
        services.application_submit(
            actor=user, role=agent, motivation="Haluan auttaa.", percent=Decimal(10)
        )

    outcomes = _race([employee, employee], apply)
    assert Application.objects.filter(person=org.people["employee"]).count() == 1
    won, refused = sorted(outcomes.values(), key=lambda outcome: outcome != "won")
    assert won == "won", outcomes
    assert refused.startswith("You already have an open application."), outcomes


def test_uniqueness_left_to_the_database_is_not_checked_first_but_checks_are(org):
    """full_clean_or_refuse(validate_unique=False): the open-application constraint is the
    database's (the service turns its IntegrityError into its own message; checked first, a
    lost race said "Constraint … is violated" instead), while check constraints still refuse."""
    import datetime as dt

    from kipina.core.errors import ServiceError, full_clean_or_refuse
    from kipina.training.tests.factories_programmes import CohortFactory

    person = org.people["employee"]
    Application.objects.create(person=person, role=role(), motivation="x", percent=Decimal(10))
    second = Application(person=person, role=role(), motivation="y", percent=Decimal(10))
    full_clean_or_refuse(second, ServiceError, validate_unique=False)
    with pytest.raises(ServiceError):
        full_clean_or_refuse(second, ServiceError)
    cohort = CohortFactory.build(programme=CohortFactory().programme)
    cohort.end = cohort.start - dt.timedelta(days=1)
    with pytest.raises(ServiceError) as refused:
        full_clean_or_refuse(cohort, ServiceError, validate_unique=False)
    assert refused.value.field is None  # the whole-object check: end not before start
    cohort.end = cohort.start
    full_clean_or_refuse(cohort, ServiceError, validate_unique=False)
