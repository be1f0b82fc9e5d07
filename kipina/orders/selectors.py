"""Reads for the order lists: the coordinator's queue, the support person's desk, my and my
team's orders, everyone's load and one person's budget. Scoped to the viewer, annotated, never
N+1: suggestions and hours come from aggregated queries for the whole page at once."""

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kipina import matching
from kipina.agents.budgets import add_months, add_working_days, first_of_month
from kipina.agents.models import SupportPerson, SupportRole
from kipina.core.rules import is_coordinator_or_admin
from kipina.orders import candidates
from kipina.orders.enums import REMINDER_WORKING_DAYS, AssignmentMode, OrderState
from kipina.orders.explanations import explain
from kipina.orders.models import Order, Service, Session
from kipina.org.models import Team, Unit
from kipina.org.rules import is_supervisor_of

QUEUE_PAGE_SIZE = 25
LOAD_PAGE_SIZE = 50
QUEUE_SUGGESTIONS = 3
DESK_OPEN_ORDERS = 10
# The desk checks the newest open claimable orders only: enough to find ten that fit.
DESK_CANDIDATE_ORDERS = 200
DESK_BUDGET_MONTHS = 3  # this month and the next two
LOAD_MONTHS = 3
BUDGET_MONTHS_BEFORE = 6
BUDGET_MONTHS_AFTER = 6

AGE_3_WORKING_DAYS = "3wd"
AGE_1_WEEK = "1w"
AGE_2_WEEKS = "2w"
AGES = (AGE_3_WORKING_DAYS, AGE_1_WEEK, AGE_2_WEEKS)


def paginate(items, page_number, per_page: int) -> Page:
    return Paginator(items, per_page).get_page(page_number)


# PostgreSQL plans a join of seven tables in ~13 ms and of six in ~5 ms (the search over join
# orders grows fast), while the rows take well under a millisecond either way: the language,
# which every order has, comes in one extra query instead.
def _with_order_details(orders: QuerySet[Order]) -> QuerySet[Order]:
    return orders.select_related(
        "service", "team__unit", "requester", "support_person__person"
    ).prefetch_related("language")


# --- one order ------------------------------------------------------------------------------


def visible_orders(user) -> QuerySet[Order]:
    """Orders the user may open: their team's, their own, assigned to them, and (for support
    persons) the open ones they could take; coordinators see all."""
    orders = Order.objects.select_related(
        "service", "team__unit", "requester", "support_person__person"
    ).prefetch_related("team__lead", "language", "follow_up")
    if user.has_perm("orders.view_queue"):
        return orders
    person = getattr(user, "person", None)
    if person is None:
        return orders.none()
    visible = Q(requester=person) | Q(team__lead=person) | Q(support_person__person=person)
    if person.team_id:
        visible |= Q(team_id=person.team_id)
    if user.has_perm("orders.use_desk"):
        visible |= Q(state=OrderState.SUBMITTED)
    return orders.filter(visible)


def order_for(user, pk: int) -> Order:
    """The order if the user may see it; anyone else gets 404, not a hint that it exists."""
    order = visible_orders(user).filter(pk=pk).first()
    if order is None or not user.has_perm("orders.view_order", order):
        raise Http404
    return order


def session_for(user, pk: int) -> Session:
    """The session if the user may see its order; 404 otherwise."""
    session = get_object_or_404(Session.objects.select_related("order"), pk=pk)
    session.order = order_for(user, session.order_id)
    return session


# --- the coordinator's queue ---------------------------------------------------------------


def submitted_before(age: str, today: dt.date | None = None) -> dt.datetime | None:
    """The moment an order must have been submitted before to be older than `age`."""
    today = today or timezone.localdate()
    if age == AGE_3_WORKING_DAYS:
        day = add_working_days(today, -REMINDER_WORKING_DAYS)
    elif age == AGE_1_WEEK:
        day = today - dt.timedelta(days=7)
    elif age == AGE_2_WEEKS:
        day = today - dt.timedelta(days=14)
    else:
        return None
    # Submitted on `day` or before: older than the age by the end of today.
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def queue_orders(
    *,
    state: str | None = OrderState.SUBMITTED,
    service=None,
    unit: Unit | None = None,
    age: str = "",
) -> QuerySet[Order]:
    """The coordinator's queue, oldest first. `state` None = every state."""
    orders = Order.objects.all()
    if state:
        orders = orders.filter(state=state)
    if service is not None:
        orders = orders.filter(service=service)
    if unit is not None:
        orders = orders.filter(team__unit__in=Unit.objects.subtree_of(unit).values("pk"))
    cutoff = submitted_before(age)
    if cutoff is not None:
        orders = orders.filter(submitted_at__lt=cutoff)
    return _with_order_details(orders).order_by("submitted_at", "id")


def with_suggestions(page: Page, limit: int = QUEUE_SUGGESTIONS) -> Page:
    """Attach `suggestions` to the page's submitted orders, from one candidate pool."""
    orders = list(page.object_list)
    submitted = [order for order in orders if order.state == OrderState.SUBMITTED]
    found = {}
    if submitted:
        found = candidates.suggestions_for_orders(submitted, limit=limit)
    for order in orders:
        order.suggestions = found.get(order.pk, [])
    page.object_list = orders
    return page


# --- the support person's desk -------------------------------------------------------------


def support_profile_of(user) -> SupportPerson | None:
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return None
    return (
        SupportPerson.objects.active()
        .select_related("person__unit", "person__team")
        .filter(person=person)
        .first()
    )


def desk_orders(support_person: SupportPerson) -> QuerySet[Order]:
    """My active and delivered orders: those waiting for my answer first, then by date."""
    first = Case(
        When(state=OrderState.ASSIGNED, accepted_at__isnull=True, then=Value(0)),
        When(state=OrderState.ASSIGNED, then=Value(1)),
        When(state=OrderState.PLANNED, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return (
        _with_order_details(
            Order.objects.filter(
                support_person=support_person,
                state__in=[OrderState.ASSIGNED, OrderState.PLANNED, OrderState.DELIVERED],
            )
        )
        .annotate(desk_position=first)
        .order_by("desk_position", "earliest", "id")
    )


@dataclass(frozen=True)
class OpenOrder:
    order: Order
    explanation: str
    month: dt.date
    free_hours: float


def claimable_orders(
    support_person: SupportPerson,
    *,
    limit: int = DESK_OPEN_ORDERS,
    candidates_checked: int = DESK_CANDIDATE_ORDERS,
) -> list[OpenOrder]:
    """Open claim-mode orders this person may take (no hard rule broken), newest first.

    The newest `candidates_checked` orders are read as plain values and checked; only those
    that fit are loaded as orders for the page.
    """
    rows = list(
        Order.objects.filter(
            state=OrderState.SUBMITTED, service__assignment_mode=AssignmentMode.CLAIM
        )
        .order_by("-submitted_at", "-id")
        .values_list(
            "id",
            "service_id",
            "team_id",
            "team__unit__path",
            "language_id",
            "onsite",
            "earliest",
            "latest",
        )[:candidates_checked]
    )
    if not rows:
        return []
    services = Service.objects.in_bulk({row[1] for row in rows})
    candidates.load_requirements(services.values())
    today = timezone.localdate()
    needs = [
        (
            order_id,
            candidates.need_from(
                services[service_id],
                team_id=team_id,
                unit_path=unit_path,
                language=language,
                onsite=onsite,
                earliest=earliest,
                latest=latest,
                today=today,
            ),
        )
        for order_id, service_id, team_id, unit_path, language, onsite, earliest, latest in rows
    ]
    pool = candidates.pool_for_needs(
        [need for _, need in needs], support_person_ids=[support_person.pk]
    )
    if pool is None or not pool.candidates:
        return []
    scoring = candidates.weights()
    best_of: dict[int, matching.Suggestion] = {}
    for order_id, need in needs:
        ranked = pool.rank(need, scoring, 1)
        if ranked:
            best_of[order_id] = ranked[0]
            if len(best_of) >= limit:
                break
    orders = _with_order_details(Order.objects.all()).in_bulk(best_of)
    return [
        OpenOrder(orders[order_id], explain(best.reasons), best.month, best.free_hours)
        for order_id, best in best_of.items()
        if order_id in orders
    ]


def month_range(first_offset: int, last_offset: int, today: dt.date | None = None):
    this_month = first_of_month(today or timezone.localdate())
    return add_months(this_month, first_offset), add_months(this_month, last_offset)


def budget_months(
    support_person: SupportPerson, first: dt.date, last: dt.date
) -> list[candidates.MonthHours]:
    bookings = candidates.load_bookings(
        first=first, last=last, support_person_ids=[support_person.pk]
    )
    return bookings.series(support_person.pk, first, last)


# --- my and my team's orders ---------------------------------------------------------------


def my_orders(*, user, state: str = "") -> QuerySet[Order]:
    """Orders I made, my team's and those of the teams I lead, newest first."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return Order.objects.none()
    # Team ids first: an OR over two indexed columns of the order table itself lets both
    # databases use the indexes, where an OR through the team join scans every order.
    team_ids = set(Team.objects.filter(lead=person).values_list("pk", flat=True))
    if person.team_id:
        team_ids.add(person.team_id)
    orders = Order.objects.filter(Q(requester=person) | Q(team_id__in=team_ids))
    if state:
        orders = orders.filter(state=state)
    return _with_order_details(orders).order_by("-submitted_at", "-id")


def can_see_team_orders(user, team: Team) -> bool:
    """Team members, the team lead, the lead's supervisor line and coordinators."""
    if not user.is_authenticated:
        return False
    if is_coordinator_or_admin(user):
        return True
    person = getattr(user, "person", None)
    if person is None or not person.active:
        return False
    if person.team_id == team.pk or (team.lead_id is not None and team.lead_id == person.pk):
        return True
    return team.lead is not None and is_supervisor_of(user, team.lead)


def team_for_viewer(*, user, code: str) -> Team:
    """The team, or 404 for someone who may not see its orders (as for no such team)."""
    team = get_object_or_404(Team.objects.select_related("unit", "lead__supervisor"), code=code)
    if not can_see_team_orders(user, team):
        raise Http404
    return team


def team_orders(*, team: Team, state: str = "") -> QuerySet[Order]:
    orders = Order.objects.filter(team=team)
    if state:
        orders = orders.filter(state=state)
    return _with_order_details(orders).order_by("-submitted_at", "-id")


# --- load and budget -----------------------------------------------------------------------


@dataclass
class LoadRow:
    """One support person's load over the shown months; the months are built for a page only."""

    support_person_id: int
    ratio: float
    booked: float
    active_orders: int
    bookings: candidates.Bookings = field(repr=False)
    support_person: SupportPerson | None = None

    @cached_property
    def months(self) -> list[candidates.MonthHours]:
        bookings = self.bookings
        return bookings.series(self.support_person_id, bookings.first, bookings.last)

    @property
    def budget(self) -> float:
        return round(sum(m.budget for m in self.months), 2)

    @property
    def free(self) -> float:
        return round(sum(m.free for m in self.months), 2)


def load_support_persons(*, unit: Unit | None = None, role: SupportRole | None = None):
    people = SupportPerson.objects.active()
    if unit is not None:
        people = people.filter(person__unit__in=Unit.objects.subtree_of(unit).values("pk"))
    if role is not None:
        people = people.filter(roles=role)
    return people


def load_rows(*, unit: Unit | None = None, role: SupportRole | None = None) -> list[LoadRow]:
    """Every active support person's budget, booked and free hours this month and the next two,
    most loaded first; aggregated for all of them in a few queries."""
    first, last = month_range(0, LOAD_MONTHS - 1)
    people = load_support_persons(unit=unit, role=role)
    bookings = candidates.load_bookings(
        first=first, last=last, support_person_ids=people.values("pk")
    )
    months = candidates.months_from(first, last)
    rows = []
    for support_person_id in people.order_by("pk").values_list("pk", flat=True):
        rows.append(
            LoadRow(
                support_person_id=support_person_id,
                ratio=bookings.ratio(support_person_id, months),
                booked=round(
                    sum(bookings.booked_hours(support_person_id, month) for month in months), 2
                ),
                active_orders=bookings.active_orders.get(support_person_id, 0),
                bookings=bookings,
            )
        )
    rows.sort(key=lambda row: (-row.ratio, -row.booked, row.support_person_id))
    return rows


def with_support_persons(page: Page) -> Page:
    """Attach the support persons (with person, unit and roles) to a page of LoadRows."""
    rows = list(page.object_list)
    people = (
        SupportPerson.objects.select_related("person__unit", "person__team")
        .prefetch_related(Prefetch("roles", queryset=SupportRole.objects.order_by("position")))
        .in_bulk([row.support_person_id for row in rows])
    )
    for row in rows:
        row.support_person = people.get(row.support_person_id)
    page.object_list = rows
    return page


def support_person_for_budget(*, user, pk: int) -> SupportPerson:
    """The person, their supervisor line and coordinators see a budget; others get 404."""
    support_person = get_object_or_404(
        SupportPerson.objects.select_related("person__unit", "person__supervisor"), pk=pk
    )
    if not user.has_perm("agents.view_allocations", support_person):
        raise Http404
    return support_person
