"""Builders for programmes, their modules and cohorts in tests (straight to the database; the
counters of a cohort are kept right by `enrolled`/`waiting` below, or by the services)."""

import datetime as dt
from decimal import Decimal

import factory
from django.db.models import F
from django.utils import timezone

from kipina.training.enums import EnrolmentState
from kipina.training.models import Cohort, Enrolment, Module, Programme


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    key = factory.Sequence(lambda n: f"valmennus-{n}")
    name = factory.Sequence(lambda n: f"Valmennus {n}")
    description = "Valmennus tukihenkilön tehtävään."
    active = True

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.roles.set(extracted)


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    programme = factory.SubFactory(ProgrammeFactory)
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Moduuli {n}")
    description = "Moduulin sisältö."
    hours = Decimal("3")


class CohortFactory(factory.django.DjangoModelFactory):
    """A cohort starting in two weeks, lasting a month, with ten seats."""

    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Ryhmä {n}")
    start = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))
    end = factory.LazyAttribute(lambda c: c.start + dt.timedelta(days=30))
    capacity = 10

    @factory.post_generation
    def trainers(self, create, extracted, **kwargs):
        if create and extracted:
            self.trainers.set(extracted)


def _add(cohort: Cohort, person, state: str, counter: str) -> Enrolment:
    now = timezone.now()
    enrolment = Enrolment.objects.create(
        cohort=cohort,
        person=person,
        state=state,
        queued_at=now,
        enrolled_at=now if state == EnrolmentState.ENROLLED else None,
    )
    Cohort.objects.filter(pk=cohort.pk).update(**{counter: F(counter) + 1})
    cohort.refresh_from_db(fields=["enrolled_count", "waiting_count"])
    return enrolment


def enrolled(cohort: Cohort, person) -> Enrolment:
    """A seat for the person, bypassing the services (the counter follows)."""
    return _add(cohort, person, EnrolmentState.ENROLLED, "enrolled_count")


def waiting(cohort: Cohort, person) -> Enrolment:
    """A place at the end of the waiting list, bypassing the services (the counter follows)."""
    return _add(cohort, person, EnrolmentState.WAITING, "waiting_count")
