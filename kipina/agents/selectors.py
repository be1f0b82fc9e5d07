"""Reads for the support-person pages: scoped to the viewer, prefetched, never N+1."""

import datetime as dt
from decimal import Decimal

from django.core.paginator import Page
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kipina.agents.budgets import monthly_budgets
from kipina.agents.enums import AllocationState
from kipina.agents.models import Absence, Allocation, Skill, SupportPerson, SupportRole
from kipina.core.rules import is_coordinator_or_admin
from kipina.org.models import Language, Person, Unit
from kipina.org.rules import no_active_supervisor


def _ordered_roles() -> Prefetch:
    return Prefetch("roles", queryset=SupportRole.objects.order_by("position", "code"))


def _ordered_skills() -> Prefetch:
    return Prefetch("skills", queryset=Skill.objects.order_by("position", "code"))


def _ordered_languages() -> Prefetch:
    return Prefetch("person__languages", queryset=Language.objects.order_by("code"))


def role_choices() -> list[SupportRole]:
    return list(SupportRole.objects.filter(active=True).order_by("position", "code"))


def skill_choices() -> list[Skill]:
    return list(Skill.objects.filter(active=True).order_by("position", "code"))


def directory(
    *,
    text: str = "",
    unit: Unit | None = None,
    role: str = "",
    skill: str = "",
    language: str = "",
) -> QuerySet[SupportPerson]:
    """Active support persons, filtered on indexed columns only.

    Every condition is an EXISTS correlated on a key of the support person's row, so the
    database walks the few thousand support persons and probes people, roles, skills and
    languages by index. Joining the people table in the WHERE instead lets SQLite (which has no
    statistics) walk all 100 000 people in name order and probe for a profile.
    """
    person = Person.objects.filter(pk=OuterRef("person_id"), active=True)
    for word in text.split():
        person = person.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(job_title__icontains=word)
        )
    if unit is not None:
        person = person.filter(unit_id__in=Unit.objects.subtree_of(unit).values("pk"))
    if language:
        person = person.filter(
            Exists(
                Person.languages.through.objects.filter(
                    person_id=OuterRef("pk"), language_id=language
                )
            )
        )
    people = SupportPerson.objects.filter(active=True).filter(Exists(person))
    if role:
        people = people.filter(
            Exists(
                SupportPerson.roles.through.objects.filter(
                    supportperson_id=OuterRef("pk"), supportrole__code=role
                )
            )
        )
    if skill:
        people = people.filter(
            Exists(
                SupportPerson.skills.through.objects.filter(
                    supportperson_id=OuterRef("pk"), skill__code=skill
                )
            )
        )
    return (
        people.select_related("person__unit")
        .prefetch_related(_ordered_roles(), _ordered_skills(), _ordered_languages())
        .order_by("person__last_name", "person__first_name", "pk")
    )


def profile_for_viewer(*, user, pk: int) -> SupportPerson:
    """Active profiles are for everyone signed in; a retired one only for HR and its owner."""
    profiles = SupportPerson.objects.all()
    if not is_coordinator_or_admin(user):
        profiles = profiles.filter(Q(active=True, person__active=True) | Q(person__user=user))
    return get_object_or_404(
        profiles.select_related(
            "person__unit", "person__team", "person__supervisor__user"
        ).prefetch_related(_ordered_roles(), _ordered_skills(), _ordered_languages()),
        pk=pk,
    )


def upcoming_absences(support_person: SupportPerson, *, today: dt.date | None = None):
    today = today or timezone.localdate()
    return support_person.absences.filter(end__gte=today).order_by("start", "pk")


def absence_for_editor(*, user, pk: int) -> Absence:
    """An absence the user may remove; anyone else gets a 404."""
    absence = get_object_or_404(
        Absence.objects.select_related("support_person__person__user"), pk=pk
    )
    if not user.has_perm("agents.edit_profile", absence.support_person):
        raise Http404
    return absence


def allocations_of(support_person: SupportPerson) -> QuerySet[Allocation]:
    # Through the related manager, so every row's support_person is this very object and
    # permission checks per row walk the supervisor line only once.
    return support_person.allocations.select_related(
        "decided_by__person", "requested_by__person"
    ).order_by("-start", "-pk")


def current_allocation(
    support_person: SupportPerson, *, today: dt.date | None = None
) -> Allocation | None:
    today = today or timezone.localdate()
    return (
        support_person.allocations.approved().overlapping(today, today).order_by("-start").first()
    )


def allocation_for_viewer(*, user, pk: int) -> Allocation:
    """A time share whose person's shares the user may see; otherwise a 404."""
    allocation = get_object_or_404(
        Allocation.objects.select_related(
            "support_person__person__supervisor", "support_person__person__user"
        ),
        pk=pk,
    )
    if not user.has_perm("agents.view_allocations", allocation.support_person):
        raise Http404
    return allocation


def pending_approvals(*, user) -> QuerySet[Allocation]:
    """Requests waiting for this user: their direct reports', and for coordinators also those
    of people without an active supervisor. Never the user's own."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    waiting_for_user = Q(pk__in=[])
    if person is not None:
        waiting_for_user |= Q(support_person__person__supervisor_id=person.pk)
    if is_coordinator_or_admin(user):
        waiting_for_user |= no_active_supervisor("support_person__person__")
    return (
        Allocation.objects.filter(state=AllocationState.REQUESTED)
        .filter(waiting_for_user, support_person__person__active=True)
        .exclude(support_person__person__user_id=user.pk)
        .select_related(
            "support_person__person__unit",
            "support_person__person__supervisor",
            "requested_by__person",
        )
        .order_by("requested_at", "pk")
    )


def with_monthly_hours(page: Page) -> Page:
    """Attach `monthly_hours` [(month, hours)] per the budgets formula to every share on a page,
    with `fewest_hours`/`most_hours` for a one-line summary. Pure arithmetic: no queries."""
    for allocation in page.object_list:
        months = monthly_budgets([allocation], allocation.start, allocation.end).get(
            allocation.support_person_id, {}
        )
        allocation.monthly_hours = sorted(months.items())
        hours = [value for _month, value in allocation.monthly_hours] or [Decimal(0)]
        allocation.fewest_hours = min(hours)
        allocation.most_hours = max(hours)
    return page
