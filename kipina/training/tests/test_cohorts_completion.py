"""Marking modules completed: the programme completes, trained statuses, the signal."""

import pytest
from django.utils import timezone, translation

from kipina.agents.models import SupportPerson, TrainedStatus
from kipina.agents.tests import factories as agent_factories
from kipina.core.models import Notification
from kipina.org.tests.factories import PersonFactory
from kipina.training import notifications_programmes as kinds
from kipina.training import services_programmes as services
from kipina.training.enums import EnrolmentState
from kipina.training.models import Cohort, ModuleCompletion
from kipina.training.services_programmes import TrainingError
from kipina.training.signals import programme_completed
from kipina.training.tests.factories_programmes import (
    CohortFactory,
    ModuleFactory,
    ProgrammeFactory,
    enrolled,
    waiting,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(org):
    """A programme for the learning agent role with two modules, a cohort the team lead trains,
    and the employee seated in it."""
    role = agent_factories.role("learning_agent")
    programme = ProgrammeFactory(name="Oppimisagenttien valmennus", roles=[role])
    modules = [ModuleFactory(programme=programme) for _ in range(2)]
    cohort = CohortFactory(programme=programme, name="Kevät", trainers=[org.people["team_lead"]])
    enrolment = enrolled(cohort, org.people["employee"])
    return programme, modules, cohort, enrolment, role


def _mark(org, enrolment, module, completed=True, who="team_lead"):
    return services.completion_set(
        actor=org.people[who].user, enrolment=enrolment, module=module, completed=completed
    )


def test_marking_every_module_completes_and_trains(org, course):
    programme, modules, cohort, enrolment, role = course
    received = []

    def listener(sender, **kwargs):
        received.append((sender, kwargs["person"], kwargs["enrolment"].state))

    programme_completed.connect(listener)
    try:
        assert _mark(org, enrolment, modules[0]).state == EnrolmentState.ENROLLED
        assert not received
        done = _mark(org, enrolment, modules[1])
    finally:
        programme_completed.disconnect(listener)
    assert done.state == EnrolmentState.COMPLETED and done.ended_at is not None
    assert received == [(type(programme), org.people["employee"], EnrolmentState.COMPLETED)]
    profile = SupportPerson.objects.get(person=org.people["employee"])
    assert profile.active is False  # trained, not yet bookable
    status = TrainedStatus.objects.get(support_person=profile)
    assert status.role == role
    assert status.source == "Oppimisagenttien valmennus, Kevät"
    assert status.granted_on == timezone.localdate()
    assert status.granted_by == org.people["team_lead"].user
    assert Notification.objects.filter(
        recipient=org.people["employee"].user, kind=kinds.COMPLETED
    ).exists()
    completion = ModuleCompletion.objects.get(enrolment=enrolment, module=modules[0])
    assert completion.marked_by == org.people["team_lead"]
    # completion keeps the seat
    cohort.refresh_from_db()
    assert cohort.enrolled_count == 1


def test_completing_keeps_the_seat_and_promotes_nobody(org, course):
    _programme, modules, cohort, enrolment, _role = course
    Cohort.objects.filter(pk=cohort.pk).update(capacity=1)
    queued = waiting(cohort, PersonFactory(unit=org.unit))
    for module in modules:
        _mark(org, enrolment, module, who="coordinator")
    queued.refresh_from_db()
    assert queued.state == EnrolmentState.WAITING
    cohort.refresh_from_db()
    assert (cohort.enrolled_count, cohort.waiting_count) == (1, 1)


def test_an_active_support_person_keeps_their_profile_and_statuses_are_not_doubled(org, course):
    _programme, modules, cohort, _enrolment, role = course
    person = org.people["support_person"]
    profile = person.support_profile
    TrainedStatus.objects.create(
        support_person=profile, role=role, granted_on=timezone.localdate(), source="Aiempi"
    )
    seat = enrolled(cohort, person)
    for module in modules:
        _mark(org, seat, module)
    profile.refresh_from_db()
    assert profile.active is True
    assert TrainedStatus.objects.get(support_person=profile).source == "Aiempi"


def test_unmarking_reverts_the_enrolment_but_keeps_the_trained_status(org, course):
    _programme, modules, _cohort, enrolment, _role = course
    for module in modules:
        _mark(org, enrolment, module)
    reverted = _mark(org, enrolment, modules[0], completed=False)
    assert reverted.state == EnrolmentState.ENROLLED and reverted.ended_at is None
    assert not ModuleCompletion.objects.filter(enrolment=enrolment, module=modules[0]).exists()
    assert TrainedStatus.objects.filter(support_person__person=org.people["employee"]).exists()
    # marking again completes again, without a second status
    assert _mark(org, enrolment, modules[0]).state == EnrolmentState.COMPLETED
    assert TrainedStatus.objects.filter(support_person__person=org.people["employee"]).count() == 1


def test_marking_twice_is_harmless(org, course):
    _programme, modules, _cohort, enrolment, _role = course
    _mark(org, enrolment, modules[0])
    _mark(org, enrolment, modules[0])
    assert ModuleCompletion.objects.filter(enrolment=enrolment).count() == 1


def test_who_may_mark_and_what(org, course):
    _programme, modules, cohort, enrolment, _role = course
    for who in ("employee", "supervisor", "support_person"):
        with pytest.raises(services.NotAllowed):
            _mark(org, enrolment, modules[0], who=who)
    queued = waiting(cohort, PersonFactory(unit=org.unit))
    with translation.override("en"), pytest.raises(TrainingError, match="with a seat"):
        _mark(org, queued, modules[0])
    other = ModuleFactory()
    with translation.override("en"), pytest.raises(TrainingError, match="another programme"):
        _mark(org, enrolment, other)
    assert not ModuleCompletion.objects.exists()


def test_a_programme_without_roles_completes_without_a_profile(org):
    programme = ProgrammeFactory()
    module = ModuleFactory(programme=programme)
    cohort = CohortFactory(programme=programme)
    seat = enrolled(cohort, org.people["employee"])
    done = _mark(org, seat, module, who="coordinator")
    assert done.state == EnrolmentState.COMPLETED
    assert not SupportPerson.objects.filter(person=org.people["employee"]).exists()
