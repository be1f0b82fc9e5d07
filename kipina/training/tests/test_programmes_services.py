"""Keeping programmes, modules and cohorts: validation, optimistic locking, order, seats."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from kipina.agents.tests import factories as agent_factories
from kipina.learning.enums import ResourceStatus
from kipina.learning.tests.factories import ResourceFactory
from kipina.org.tests.factories import PersonFactory
from kipina.training import services_programmes as services
from kipina.training.enums import EnrolmentState
from kipina.training.models import Cohort, Enrolment, Module, ModuleCompletion, Programme
from kipina.training.services_programmes import EditConflict, TrainingError
from kipina.training.tests.factories_programmes import (
    CohortFactory,
    ModuleFactory,
    ProgrammeFactory,
    enrolled,
    waiting,
)

pytestmark = pytest.mark.django_db


def _coordinator(org):
    return org.people["coordinator"].user


PROGRAMME = {
    "key": "oppimisagentit",
    "name": "Oppimisagenttien valmennus",
    "description": "Valmennus.",
    "active": True,
}


def test_programme_create_and_edit_with_version(org):
    role = agent_factories.role("learning_agent")
    programme = services.programme_create(actor=_coordinator(org), data=PROGRAMME, roles=[role])
    assert list(programme.roles.all()) == [role]
    assert programme.version == 1
    changed = services.programme_edit(
        actor=_coordinator(org),
        programme=programme,
        data={**PROGRAMME, "name": "Uusi nimi"},
        roles=[],
        seen_version=1,
    )
    assert changed.version == 2
    programme.refresh_from_db()
    assert programme.name == "Uusi nimi" and not programme.roles.exists()


def test_the_second_of_two_editors_gets_a_conflict_and_changes_nothing(org):
    programme = ProgrammeFactory()
    services.programme_edit(
        actor=_coordinator(org),
        programme=programme,
        data={**PROGRAMME, "name": "Ensimmäinen"},
        roles=[],
        seen_version=1,
    )
    with pytest.raises(EditConflict) as conflict:
        services.programme_edit(
            actor=_coordinator(org),
            programme=programme,
            data={**PROGRAMME, "name": "Toinen"},
            roles=[],
            seen_version=1,
        )
    assert conflict.value.current.name == "Ensimmäinen"
    assert Programme.objects.get(pk=programme.pk).name == "Ensimmäinen"


def test_programme_keys_are_unique_and_not_reserved(org):
    ProgrammeFactory(key="varattu")
    with translation.override("en"), pytest.raises(TrainingError, match="already uses") as error:
        services.programme_create(
            actor=_coordinator(org), data={**PROGRAMME, "key": "varattu"}, roles=[]
        )
    assert error.value.field == "key"
    with translation.override("en"), pytest.raises(TrainingError, match="reserved"):
        services.programme_create(
            actor=_coordinator(org), data={**PROGRAMME, "key": "new"}, roles=[]
        )
    with pytest.raises(services.NotAllowed):
        services.programme_create(actor=org.people["employee"].user, data=PROGRAMME, roles=[])


def test_modules_are_added_at_the_end_and_moved(org):
    programme = ProgrammeFactory()
    data = {"title": "A", "description": "", "hours": Decimal("2")}
    first = services.module_create(
        actor=_coordinator(org), programme=programme, data=data, resources=[]
    )
    second = services.module_create(
        actor=_coordinator(org), programme=programme, data={**data, "title": "B"}, resources=[]
    )
    third = services.module_create(
        actor=_coordinator(org), programme=programme, data={**data, "title": "C"}, resources=[]
    )

    def titles():
        return list(
            Module.objects.filter(programme=programme)
            .order_by("position", "id")
            .values_list("title", flat=True)
        )

    assert titles() == ["A", "B", "C"]
    services.module_move(actor=_coordinator(org), module=third, up=True)
    assert titles() == ["A", "C", "B"]
    services.module_move(actor=_coordinator(org), module=first, up=False)
    assert titles() == ["C", "A", "B"]
    services.module_move(actor=_coordinator(org), module=Module.objects.get(pk=third.pk), up=True)
    assert titles() == ["C", "A", "B"]  # already first
    assert second.position == 1


def test_modules_link_published_resources_only(org):
    programme = ProgrammeFactory()
    published = ResourceFactory()
    draft = ResourceFactory(status=ResourceStatus.DRAFT)
    data = {"title": "A", "description": "", "hours": Decimal("2")}
    module = services.module_create(
        actor=_coordinator(org), programme=programme, data=data, resources=[published]
    )
    assert list(module.resources.all()) == [published]
    with translation.override("en"), pytest.raises(TrainingError, match="published"):
        services.module_edit(actor=_coordinator(org), module=module, data=data, resources=[draft])
    with translation.override("en"), pytest.raises(TrainingError) as error:
        services.module_edit(
            actor=_coordinator(org),
            module=module,
            data={**data, "hours": Decimal("0")},
            resources=[],
        )
    assert error.value.field == "hours"


def test_a_completed_module_cannot_be_deleted(org):
    module = ModuleFactory()
    cohort = CohortFactory(programme=module.programme)
    seat = enrolled(cohort, org.people["employee"])
    spare = ModuleFactory(programme=module.programme)
    ModuleCompletion.objects.create(
        enrolment=seat, module=module, completed_on=timezone.localdate()
    )
    with translation.override("en"), pytest.raises(TrainingError, match="already completed"):
        services.module_delete(actor=_coordinator(org), module=module)
    services.module_delete(actor=_coordinator(org), module=spare)
    assert list(Module.objects.values_list("pk", flat=True)) == [module.pk]


COHORT = {
    "name": "Syksy",
    "start": dt.date(2030, 9, 1),
    "end": dt.date(2030, 11, 30),
    "capacity": 2,
}


def test_cohort_create_with_trainers_and_dates_checked(org):
    programme = ProgrammeFactory()
    cohort = services.cohort_create(
        actor=_coordinator(org),
        programme=programme,
        data=COHORT,
        trainers=[org.people["team_lead"]],
    )
    assert list(cohort.trainers.all()) == [org.people["team_lead"]]
    with translation.override("en"), pytest.raises(TrainingError) as error:
        services.cohort_create(
            actor=_coordinator(org),
            programme=programme,
            data={**COHORT, "end": dt.date(2030, 8, 1)},
            trainers=[],
        )
    assert error.value.field == "end"


def test_lowering_seats_below_those_enrolled_is_refused(org):
    cohort = CohortFactory(capacity=3)
    for _ in range(3):
        enrolled(cohort, PersonFactory(unit=org.unit))
    with (
        translation.override("en"),
        pytest.raises(TrainingError, match="3 people already") as error,
    ):
        services.cohort_edit(
            actor=_coordinator(org),
            cohort=cohort,
            data={**COHORT, "capacity": 2},
            trainers=[],
            seen_version=cohort.version,
        )
    assert error.value.field == "capacity"
    assert Cohort.objects.get(pk=cohort.pk).capacity == 3


def test_raising_seats_promotes_as_many_as_fit(org):
    cohort = CohortFactory(capacity=1)
    enrolled(cohort, PersonFactory(unit=org.unit))
    queue = [waiting(cohort, PersonFactory(unit=org.unit)) for _ in range(3)]
    changed = services.cohort_edit(
        actor=_coordinator(org),
        cohort=cohort,
        data={**COHORT, "capacity": 3},
        trainers=[],
        seen_version=cohort.version,
    )
    assert changed.version == cohort.version + 1
    states = [Enrolment.objects.get(pk=e.pk).state for e in queue]
    assert states == [EnrolmentState.ENROLLED, EnrolmentState.ENROLLED, EnrolmentState.WAITING]
    cohort.refresh_from_db()
    assert (cohort.enrolled_count, cohort.waiting_count) == (3, 1)


def test_cohort_edit_conflict(org):
    cohort = CohortFactory()
    services.cohort_edit(
        actor=_coordinator(org), cohort=cohort, data=COHORT, trainers=[], seen_version=1
    )
    with pytest.raises(EditConflict):
        services.cohort_edit(
            actor=_coordinator(org),
            cohort=cohort,
            data={**COHORT, "name": "Toinen"},
            trainers=[],
            seen_version=1,
        )
    assert Cohort.objects.get(pk=cohort.pk).name == "Syksy"
