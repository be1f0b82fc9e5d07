"""Builders for support persons and their time shares in tests."""

import datetime as dt
from decimal import Decimal

from kipina.agents.enums import AllocationState
from kipina.agents.models import Allocation, Skill, SupportPerson, SupportRole
from kipina.org.tests import factories as org_factories


def support_person(**person_fields) -> SupportPerson:
    """A new employee who is a support person; person fields go to PersonFactory."""
    person = org_factories.PersonFactory(**person_fields)
    return SupportPerson.objects.create(person=person)


def allocation(
    support_person: SupportPerson,
    *,
    state: str = AllocationState.REQUESTED,
    percent: str = "10",
    start: dt.date = dt.date(2027, 1, 1),
    end: dt.date = dt.date(2027, 12, 31),
    requested_by=None,
) -> Allocation:
    return Allocation.objects.create(
        support_person=support_person,
        percent=Decimal(percent),
        start=start,
        end=end,
        weekly_hours=support_person.person.weekly_hours,
        state=state,
        requested_by=requested_by or support_person.person.user,
    )


def role(code: str = "learning_agent") -> SupportRole:
    """A default role (loaded by a migration), or a made-up one in its place."""
    return SupportRole.objects.get_or_create(
        code=code, defaults={"name_fi": code, "name_sv": code, "name_en": code}
    )[0]


def skill(code: str = "facilitation") -> Skill:
    return Skill.objects.get_or_create(
        code=code, defaults={"name_fi": code, "name_sv": code, "name_en": code}
    )[0]
