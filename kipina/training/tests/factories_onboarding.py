"""Builders for applications to become a support person (straight to the database; use the
services in services_onboarding to walk the journey itself)."""

from decimal import Decimal

from django.utils import timezone

from kipina.agents.models import SupportRole
from kipina.agents.tests import factories as agent_factories
from kipina.org.models import Person
from kipina.training.enums import ApplicationState
from kipina.training.models import Application, Cohort
from kipina.training.tests.factories_programmes import CohortFactory, ProgrammeFactory


def role(code: str = "learning_agent") -> SupportRole:
    return agent_factories.role(code)


def application(
    person: Person,
    *,
    role_: SupportRole | None = None,
    state: str = ApplicationState.SUBMITTED,
    percent: str = "10",
    motivation: str = "Haluan auttaa tiimejä oppimaan uutta.",
    **fields,
) -> Application:
    """An application in any state, made directly (no time share or enrolment behind it)."""
    if state != ApplicationState.SUBMITTED:
        fields.setdefault("decided_at", timezone.now())
    return Application.objects.create(
        person=person,
        role=role_ or role(),
        motivation=motivation,
        percent=Decimal(percent),
        state=state,
        **fields,
    )


def cohort_for(the_role: SupportRole, **fields) -> Cohort:
    """An upcoming cohort of a new programme that trains for the role."""
    return CohortFactory(programme=ProgrammeFactory(roles=[the_role]), **fields)
