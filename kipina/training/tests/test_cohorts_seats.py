"""Seats and the waiting list: enrol, leave, promotion, counters."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from kipina.core.models import Notification
from kipina.org.tests.factories import PersonFactory
from kipina.training import notifications_programmes as kinds
from kipina.training import services_programmes as services
from kipina.training.enums import EnrolmentState
from kipina.training.models import Cohort, Enrolment
from kipina.training.services_programmes import TrainingError
from kipina.training.tests.factories_programmes import CohortFactory, enrolled, waiting

pytestmark = pytest.mark.django_db


def _coordinator(org):
    return org.people["coordinator"].user


def _people(org, count: int):
    return [PersonFactory(unit=org.unit, team=org.team) for _ in range(count)]


def _assert_counts_match(cohort: Cohort) -> None:
    cohort.refresh_from_db()
    rows = Enrolment.objects.filter(cohort=cohort)
    # a completed enrolment keeps its seat
    seated = rows.filter(state__in=[EnrolmentState.ENROLLED, EnrolmentState.COMPLETED])
    assert cohort.enrolled_count == seated.count()
    assert cohort.waiting_count == rows.filter(state=EnrolmentState.WAITING).count()
    assert cohort.enrolled_count <= cohort.capacity


def test_enrol_gives_a_seat_then_the_waiting_list(org):
    cohort = CohortFactory(capacity=1)
    first, second = _people(org, 2)
    seated = services.enrol(actor=_coordinator(org), cohort=cohort, person=first)
    queued = services.enrol(actor=_coordinator(org), cohort=cohort, person=second)
    assert seated.state == EnrolmentState.ENROLLED and seated.enrolled_at is not None
    assert queued.state == EnrolmentState.WAITING and queued.enrolled_at is None
    assert seated.placed_by == org.people["coordinator"]
    _assert_counts_match(cohort)
    assert cohort.enrolled_count == 1 and cohort.waiting_count == 1
    assert Notification.objects.get(recipient=first.user).kind == kinds.ENROLLED
    assert Notification.objects.get(recipient=second.user).kind == kinds.WAITING


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ("enrolled", "already has a seat"),
        ("waiting", "already on this cohort's waiting list"),
        ("completed", "already completed"),
    ],
)
def test_enrol_refuses_a_person_already_in_the_cohort(org, state, message):
    cohort = CohortFactory(capacity=1)
    person = _people(org, 1)[0]
    if state == "waiting":
        enrolled(cohort, _people(org, 1)[0])
    services.enrol(actor=_coordinator(org), cohort=cohort, person=person)
    if state == "completed":
        Enrolment.objects.filter(person=person).update(state=EnrolmentState.COMPLETED)
    with translation.override("en"), pytest.raises(TrainingError, match=message) as refused:
        services.enrol(actor=_coordinator(org), cohort=cohort, person=person)
    assert refused.value.field == "person"
    assert Enrolment.objects.filter(person=person).count() == 1
    _assert_counts_match(cohort)


def test_enrol_again_after_leaving_is_allowed(org):
    cohort = CohortFactory()
    person = _people(org, 1)[0]
    first = services.enrol(actor=_coordinator(org), cohort=cohort, person=person)
    services.leave(actor=person.user, enrolment=first)
    again = services.enrol(actor=_coordinator(org), cohort=cohort, person=person)
    assert again.state == EnrolmentState.ENROLLED
    _assert_counts_match(cohort)


def test_enrol_refuses_non_coordinators_ended_cohorts_and_people_who_left(org):
    cohort = CohortFactory()
    with pytest.raises(services.NotAllowed):
        services.enrol(
            actor=org.people["employee"].user, cohort=cohort, person=org.people["employee"]
        )
    with translation.override("en"), pytest.raises(TrainingError, match="left the organisation"):
        services.enrol(actor=_coordinator(org), cohort=cohort, person=org.left)
    past = CohortFactory(
        start=timezone.localdate() - dt.timedelta(days=30),
        end=timezone.localdate() - dt.timedelta(days=1),
    )
    with translation.override("en"), pytest.raises(TrainingError, match="already ended"):
        services.enrol(actor=_coordinator(org), cohort=past, person=org.people["employee"])
    assert not Enrolment.objects.exists()


def test_leaving_a_seat_promotes_the_first_in_the_queue(org):
    cohort = CohortFactory(capacity=1)
    seated, first, second = _people(org, 3)
    seat = enrolled(cohort, seated)
    head = waiting(cohort, first)
    waiting(cohort, second)
    left = services.leave(actor=seated.user, enrolment=seat)
    assert left.state == EnrolmentState.LEFT and left.ended_at is not None
    head.refresh_from_db()
    assert head.state == EnrolmentState.ENROLLED and head.enrolled_at is not None
    assert Enrolment.objects.get(person=second).state == EnrolmentState.WAITING
    _assert_counts_match(cohort)
    assert cohort.enrolled_count == 1 and cohort.waiting_count == 1
    assert Notification.objects.filter(recipient=first.user, kind=kinds.PROMOTED).count() == 1
    # leaving oneself tells nobody else
    assert not Notification.objects.filter(recipient=seated.user).exists()


def test_queue_order_is_queued_at_then_id(org):
    cohort = CohortFactory(capacity=1)
    seated, later, earlier = _people(org, 3)
    seat = enrolled(cohort, seated)
    late = waiting(cohort, later)
    early = waiting(cohort, earlier)
    Enrolment.objects.filter(pk=early.pk).update(queued_at=late.queued_at - dt.timedelta(hours=1))
    services.leave(actor=_coordinator(org), enrolment=seat)
    assert Enrolment.objects.get(pk=early.pk).state == EnrolmentState.ENROLLED
    assert Enrolment.objects.get(pk=late.pk).state == EnrolmentState.WAITING


def test_leaving_the_waiting_list_promotes_nobody(org):
    cohort = CohortFactory(capacity=1)
    seated, first, second = _people(org, 3)
    enrolled(cohort, seated)
    head = waiting(cohort, first)
    waiting(cohort, second)
    services.leave(actor=first.user, enrolment=head)
    assert Enrolment.objects.get(person=second).state == EnrolmentState.WAITING
    _assert_counts_match(cohort)
    assert cohort.enrolled_count == 1 and cohort.waiting_count == 1


def test_coordinator_removes_and_the_person_is_told(org):
    cohort = CohortFactory()
    person = _people(org, 1)[0]
    seat = enrolled(cohort, person)
    services.leave(actor=_coordinator(org), enrolment=seat)
    assert Notification.objects.filter(recipient=person.user, kind=kinds.REMOVED).exists()
    _assert_counts_match(cohort)


def test_others_cannot_remove_and_ended_enrolments_cannot_be_left(org):
    cohort = CohortFactory()
    person = _people(org, 1)[0]
    seat = enrolled(cohort, person)
    with pytest.raises(services.NotAllowed):
        services.leave(actor=org.people["employee"].user, enrolment=seat)
    services.leave(actor=person.user, enrolment=seat)
    with translation.override("en"), pytest.raises(TrainingError, match="already ended"):
        services.leave(actor=person.user, enrolment=seat)
    done = enrolled(cohort, _people(org, 1)[0])
    Enrolment.objects.filter(pk=done.pk).update(state=EnrolmentState.COMPLETED)
    with translation.override("en"), pytest.raises(TrainingError, match="cannot be left"):
        services.leave(actor=_coordinator(org), enrolment=done)
    _assert_counts_match(cohort)
