"""Seats under concurrency: people leave and enrol at the same moment.

Real threads, each with its own database connection, start together at a barrier. The services
lock the cohort row first (PostgreSQL: SELECT … FOR UPDATE; SQLite: the IMMEDIATE write
transaction), so the second writer sees the first one's result: promotions follow the queue
exactly once, and the counters always match the rows.
"""

import pytest
from django.contrib.auth import get_user_model

from kipina.core.tests.concurrency import at_once
from kipina.org.tests.factories import PersonFactory
from kipina.training import services_programmes as services
from kipina.training.enums import EnrolmentState
from kipina.training.models import Cohort, Enrolment
from kipina.training.tests.factories_programmes import CohortFactory, enrolled, waiting

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(calls) -> list[str]:
    """Run the calls at the same moment; return what each one did."""
    results = at_once([lambda call=call: call for call in calls])
    return [f"unexpected {r!r}" if isinstance(r, Exception) else r for r in results]


def _user(pk: int):
    return get_user_model().objects.select_related("person").get(pk=pk)


def _assert_counts_match(cohort: Cohort) -> None:
    cohort.refresh_from_db()
    rows = Enrolment.objects.filter(cohort=cohort)
    assert cohort.enrolled_count == rows.filter(state=EnrolmentState.ENROLLED).count()
    assert cohort.waiting_count == rows.filter(state=EnrolmentState.WAITING).count()
    assert cohort.enrolled_count <= cohort.capacity


@pytest.mark.parametrize("round_", range(3))
def test_two_leave_at_once_the_first_two_waiting_are_promoted(org, round_):
    cohort = CohortFactory(capacity=2)
    people = [PersonFactory(unit=org.unit, team=org.team) for _ in range(5)]
    seats = [enrolled(cohort, person) for person in people[:2]]
    queue = [waiting(cohort, person) for person in people[2:]]

    def leaver(seat_pk: int, user_pk: int):
        def call() -> str:
            seat = Enrolment.objects.select_related("cohort").get(pk=seat_pk)
            services.leave(actor=_user(user_pk), enrolment=seat)
            return "left"

        return call

    outcomes = _at_once([leaver(seat.pk, seat.person.user_id) for seat in seats])

    assert outcomes == ["left", "left"], outcomes
    states = dict(Enrolment.objects.filter(cohort=cohort).values_list("pk", "state"))
    assert [states[seat.pk] for seat in seats] == [EnrolmentState.LEFT] * 2
    assert [states[e.pk] for e in queue] == [
        EnrolmentState.ENROLLED,
        EnrolmentState.ENROLLED,
        EnrolmentState.WAITING,
    ]
    _assert_counts_match(cohort)
    assert (cohort.enrolled_count, cohort.waiting_count) == (2, 1)


@pytest.mark.parametrize("round_", range(3))
def test_two_enrol_for_the_last_seat_one_gets_it_the_other_waits(org, round_):
    cohort = CohortFactory(capacity=2)
    enrolled(cohort, PersonFactory(unit=org.unit, team=org.team))
    rivals = [PersonFactory(unit=org.unit, team=org.team) for _ in range(2)]
    coordinator_pk = org.people["coordinator"].user_id

    def enroller(person_pk: int):
        def call() -> str:
            person = PersonFactory._meta.model.objects.get(pk=person_pk)
            return services.enrol(
                actor=_user(coordinator_pk), cohort=Cohort.objects.get(pk=cohort.pk), person=person
            ).state

        return call

    outcomes = _at_once([enroller(person.pk) for person in rivals])

    assert sorted(outcomes) == [EnrolmentState.ENROLLED, EnrolmentState.WAITING], outcomes
    _assert_counts_match(cohort)
    assert (cohort.enrolled_count, cohort.waiting_count) == (2, 1)


def test_the_same_person_enrolled_twice_at_once_gets_one_enrolment(org):
    cohort = CohortFactory(capacity=5)
    person = PersonFactory(unit=org.unit, team=org.team)
    coordinator_pk = org.people["coordinator"].user_id

    def call() -> str:
        try:
            return services.enrol(
                actor=_user(coordinator_pk), cohort=Cohort.objects.get(pk=cohort.pk), person=person
            ).state
        except services.TrainingError:
            return "refused"

    outcomes = _at_once([call, call])

    assert sorted(outcomes) == [EnrolmentState.ENROLLED, "refused"], outcomes
    assert Enrolment.objects.filter(person=person).count() == 1
    _assert_counts_match(cohort)
