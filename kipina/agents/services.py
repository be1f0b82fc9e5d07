"""Writes for support persons: profiles, absences, time shares and the calendar token."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kipina.agents.enums import AllocationState
from kipina.agents.models import (
    Absence,
    Allocation,
    Skill,
    SupportPerson,
    SupportRole,
    new_calendar_token,
)
from kipina.core.cache_versions import SUPPORT_POOL, bump_on_commit
from kipina.core.errors import ServiceError, full_clean_or_refuse
from kipina.core.notifications import notify
from kipina.core.permissions import allowed
from kipina.org.models import Person
from kipina.org.rules import is_supervisor_of
from kipina.org.selectors import coordinator_users


class AgentError(ServiceError):
    """A refused action on a support person, their profile or time share."""


def _require(user, perm: str, obj=None) -> None:
    if not allowed(user, perm, obj):
        raise AgentError(_("You are not allowed to do that."))


def _validate(instance) -> None:
    full_clean_or_refuse(instance, AgentError)


@transaction.atomic
def support_person_create(*, actor, person: Person) -> SupportPerson:
    """Coordinator makes an employee a support person (idempotent)."""
    _require(actor, "agents.manage_support_persons")
    bump_on_commit(SUPPORT_POOL)
    if not person.active:
        raise AgentError(_("This person has left the organisation."), field="person")
    support_person, _created = SupportPerson.objects.get_or_create(person=person)
    if not support_person.active:
        support_person.active = True
        support_person.save(update_fields=["active"])
    return support_person


@transaction.atomic
def profile_update(
    *,
    actor,
    support_person: SupportPerson,
    introduction: str,
    roles: list[SupportRole],
    skills: list[Skill],
    scope: str,
    mode: str,
    paused_until: dt.date | None,
) -> SupportPerson:
    """Save the profile fields and its roles and skills together."""
    _require(actor, "agents.edit_profile", support_person)
    bump_on_commit(SUPPORT_POOL)
    support_person.introduction = introduction.strip()
    support_person.scope = scope
    support_person.mode = mode
    support_person.paused_until = paused_until
    _validate(support_person)
    support_person.save()
    support_person.roles.set(roles)
    support_person.skills.set(skills)
    return support_person


@transaction.atomic
def absence_add(
    *, actor, support_person: SupportPerson, start: dt.date, end: dt.date, note: str = ""
) -> Absence:
    _require(actor, "agents.edit_profile", support_person)
    bump_on_commit(SUPPORT_POOL)
    if end < start:
        raise AgentError(_("The last day cannot be before the first day."), field="end")
    absence = Absence(support_person=support_person, start=start, end=end, note=note.strip())
    _validate(absence)
    absence.save()
    return absence


@transaction.atomic
def absence_remove(*, actor, absence: Absence) -> None:
    _require(actor, "agents.edit_profile", absence.support_person)
    bump_on_commit(SUPPORT_POOL)
    absence.delete()


def _supervisor_users(support_person: SupportPerson):
    supervisor = support_person.person.active_supervisor
    return [supervisor.user] if supervisor is not None else []


@transaction.atomic
def allocation_request(
    *,
    actor,
    support_person: SupportPerson,
    percent: Decimal,
    start: dt.date,
    end: dt.date,
    note: str = "",
    notify_deciders: bool = True,
) -> Allocation:
    """Request a time share → the supervisor (or the coordinators) are asked to decide. A caller
    that asks them in its own words (an application to become a support person) passes
    notify_deciders=False."""
    _require(actor, "agents.request_allocation", support_person)
    if end < start:
        raise AgentError(_("The last day cannot be before the first day."), field="end")
    if not Decimal(1) <= percent <= Decimal(100):
        raise AgentError(_("The share must be from 1 to 100 per cent."), field="percent")
    allocation = Allocation(
        support_person=support_person,
        percent=percent,
        start=start,
        end=end,
        note=note.strip(),
        weekly_hours=support_person.person.weekly_hours,
        requested_by=actor,
    )
    _validate(allocation)
    allocation.save()
    if notify_deciders:
        notify(
            recipients=_supervisor_users(support_person) or coordinator_users(),
            kind="allocation_requested",
            params={"person": str(support_person), "percent": str(percent)},
            url=allocation_url(allocation),
        )
    return allocation


def allocation_url(allocation: Allocation) -> str:
    from django.urls import reverse

    return reverse("agents:allocations", args=[allocation.support_person_id])


@transaction.atomic
def allocation_decide(
    *,
    actor,
    allocation: Allocation,
    approve: bool,
    reason: str = "",
    notify_person: bool = True,
) -> Allocation:
    """Supervisor approves or rejects; anyone standing in for the supervisor line (a coordinator
    where there is no supervisor, an admin) and every rejection must give a reason. Approved
    shares of one person never overlap."""
    _require(actor, "agents.decide_allocation", allocation)
    bump_on_commit(SUPPORT_POOL)
    person = allocation.support_person.person
    reason = reason.strip()
    standing_in = not is_supervisor_of(actor, person)
    if not reason and (not approve or standing_in):
        if approve:
            message = _(
                "You are deciding in place of a supervisor: please give a reason for the record."
            )
        else:
            message = _("Please give a reason for rejecting the request.")
        raise AgentError(message, field="reason")
    # Lock the person so two approvals cannot create overlapping shares.
    SupportPerson.objects.select_for_update().get(pk=allocation.support_person_id)
    if approve:
        overlapping = (
            Allocation.objects.approved()
            .overlapping(allocation.start, allocation.end)
            .filter(support_person_id=allocation.support_person_id)
            .exclude(pk=allocation.pk)
            .first()
        )
        if overlapping is not None:
            raise AgentError(
                _("An approved share (%(share)s) already covers part of this period.")
                % {"share": overlapping}
            )
    new_state = AllocationState.APPROVED if approve else AllocationState.REJECTED
    changed = Allocation.objects.filter(pk=allocation.pk, state=AllocationState.REQUESTED).update(
        state=new_state, decided_by=actor, decided_at=timezone.now(), decision_reason=reason
    )
    if not changed:
        raise AgentError(_("Someone already decided on this request."))
    allocation.refresh_from_db()
    if notify_person:  # False: the caller tells them in its own words
        notify(
            recipients=[allocation.support_person.person.user],
            kind="allocation_approved" if approve else "allocation_rejected",
            params={"percent": str(allocation.percent), "reason": reason},
            url=allocation_url(allocation),
        )
    return allocation


@transaction.atomic
def allocation_withdraw(*, actor, allocation: Allocation) -> Allocation:
    _require(actor, "agents.withdraw_allocation", allocation)
    changed = Allocation.objects.filter(pk=allocation.pk, state=AllocationState.REQUESTED).update(
        state=AllocationState.WITHDRAWN, decided_by=actor, decided_at=timezone.now()
    )
    if not changed:
        raise AgentError(_("Someone already decided on this request."))
    allocation.refresh_from_db()
    return allocation


@transaction.atomic
def calendar_token_rotate(*, actor, support_person: SupportPerson) -> str:
    """A new secret for the personal calendar feed; the old address stops working at once."""
    _require(actor, "agents.edit_profile", support_person)
    support_person.calendar_token = new_calendar_token()
    support_person.save(update_fields=["calendar_token"])
    return support_person.calendar_token
