"""Seats under concurrency: people leave and enrol at the same moment.

Real threads, each with its own database connection, start together at a barrier. The services
lock the cohort row first (PostgreSQL: SELECT … FOR UPDATE; SQLite: the IMMEDIATE write
transaction), so the second writer sees the first one's result: promotions follow the queue
exactly once, and the counters always match the rows.
"""

import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError, connection

from kipina.org.tests.factories import PersonFactory
from kipina.training import services_programmes as services
from kipina.training.enums import EnrolmentState
from kipina.training.models import Cohort, Enrolment
from kipina.training.tests.factories_programmes import CohortFactory, enrolled, waiting

pytestmark = pytest.mark.django_db(transaction=True)


def _until_unlocked(call, tries: int = 2000):
    """The shared in-memory SQLite of the test run answers "table is locked" at once where a
    file database waits (busy timeout) and PostgreSQL blocks on the row: wait here instead."""
    for _ in range(tries):
        try:
            return call()
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            time.sleep(0.005)
    raise AssertionError("the database stayed locked")


def _at_once(calls) -> list[str]:
    """Run each call in its own thread, released together; return what each one did."""
    barrier = threading.Barrier(len(calls), timeout=30)
    outcomes: list[str] = []

    def run(call) -> None:
        try:
            barrier.wait()
            outcomes.append(_until_unlocked(call))
        except Exception as error:  # noqa: BLE001 - reported by the assertions
            outcomes.append(f"unexpected {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


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
