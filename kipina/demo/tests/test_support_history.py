"""The demo's support history: coherent orders in every state, budgets kept, the personas'
orders, determinism, and --reset."""

import datetime as dt
import hashlib
from collections import defaultdict
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from kipina.agents.budgets import add_months, add_working_days, first_of_month, monthly_budgets
from kipina.agents.enums import AllocationState, ServiceScope
from kipina.agents.models import Absence, Allocation, SupportPerson
from kipina.core.models import Notification
from kipina.demo.loader import seed_demo_organisation
from kipina.demo.support_content import SERVICES
from kipina.orders import candidates
from kipina.orders.enums import Action, OrderState
from kipina.orders.models import (
    Feedback,
    FollowUp,
    Order,
    OrderEvent,
    Service,
    Session,
    TimeEntry,
)
from kipina.orders.services import order_submit
from kipina.org.models import Language, Person

PEOPLE = 300
SEED = 5
ANCHOR = dt.date(2026, 3, 18)  # a Wednesday


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def seeded(db):
    result = seed_demo_organisation(people=PEOPLE, seed=SEED, anchor=ANCHOR)
    assert result.created
    return result


def anchor_start() -> dt.datetime:
    return dt.datetime.combine(ANCHOR, dt.time(), tzinfo=timezone.get_default_timezone())


def person(username: str) -> Person:
    return Person.objects.select_related("user").get(user__username=username)


@pytest.mark.django_db
def test_every_state_and_each_order_a_continuous_chain_of_events(seeded):
    orders = {order.pk: order for order in Order.objects.all()}
    assert {order.state for order in orders.values()} == set(OrderState.values)
    assert Service.objects.count() == len(SERVICES)
    events = defaultdict(list)
    for event in OrderEvent.objects.order_by("at", "id"):
        events[event.order_id].append(event)
    start = anchor_start()
    for pk, order in orders.items():
        chain = events[pk]
        assert chain[0].action == Action.SUBMIT and chain[0].from_state == ""
        assert chain[0].at == order.submitted_at
        for before, after in zip(chain, chain[1:], strict=False):
            assert after.from_state == before.to_state, pk
            assert after.at > before.at, pk
        assert chain[-1].to_state == order.state, pk
        assert chain[-1].at == order.updated_at < start
        assert chain[-1].support_person_id == order.support_person_id
        if order.state in (OrderState.ASSIGNED, OrderState.PLANNED, OrderState.DELIVERED):
            assert order.support_person_id is not None
        if order.state == OrderState.SUBMITTED:
            assert order.support_person_id is None
        assert (order.closed_at is not None) == (order.state == OrderState.CLOSED)
        assert order.earliest <= order.latest
    # Returned orders went back to the queue and (mostly) on to someone else.
    returned = OrderEvent.objects.filter(action=Action.RETURN)
    assert returned.exists()
    assert all(event.note for event in returned)
    assert all(e.note for e in OrderEvent.objects.filter(action__in=["decline", "cancel"]))


@pytest.mark.django_db
def test_sessions_hours_feedback_and_follow_ups_fit_each_state(seeded):
    start = anchor_start()
    zone = timezone.get_default_timezone()
    planned = Order.objects.filter(state=OrderState.PLANNED)
    assert planned.exists()
    for order in planned:
        assert order.sessions.filter(cancelled_at__isnull=True, start__gte=start).exists()
    for session in Session.objects.select_related("order"):
        local = timezone.localtime(session.start, zone)
        assert local.weekday() < 5
        assert local.hour >= 8 and local + dt.timedelta(minutes=session.duration_minutes) <= (
            local.replace(hour=16, minute=0)
        )
        assert bool(session.place) == session.order.onsite
        assert bool(session.online_link) != session.order.onsite
        if session.online_link:
            assert session.online_link.startswith("https://meet.example.org/")
    assert Session.objects.filter(cancelled_at__isnull=False).exists()

    for entry in TimeEntry.objects.select_related("order"):
        assert entry.support_person_id == entry.order.support_person_id
        assert entry.override_reason == ""
        assert entry.date < ANCHOR
        assert entry.date.weekday() < 5
    assert not TimeEntry.objects.filter(
        order__state__in=[OrderState.SUBMITTED, OrderState.CANCELLED, OrderState.DECLINED]
    ).exists()
    delivered_or_closed = Order.objects.filter(state__in=[OrderState.DELIVERED, OrderState.CLOSED])
    assert not delivered_or_closed.annotate(entries=Count("time_entries")).filter(entries=0)

    closed = Order.objects.filter(state=OrderState.CLOSED)
    for order in closed:
        assert order.feedback.filter(person_id=order.requester_id).exists()
        follow_up = order.follow_up
        assert follow_up.due == timezone.localtime(order.closed_at).date() + dt.timedelta(weeks=6)
        assert (follow_up.asked_at is not None) == (follow_up.due < ANCHOR)
        if follow_up.answered_at is not None:
            assert follow_up.answer and follow_up.asked_at < follow_up.answered_at < start
    assert FollowUp.objects.count() == closed.count()
    assert FollowUp.objects.exclude(answer="").exists()
    assert FollowUp.objects.filter(asked_at__isnull=False, answer="").exists()
    for order in Order.objects.filter(state=OrderState.DELIVERED):
        assert not order.feedback.filter(person_id=order.requester_id).exists()
    assert not Feedback.objects.exclude(
        order__state__in=[OrderState.DELIVERED, OrderState.CLOSED]
    ).exists()
    for feedback in Feedback.objects.select_related("order__team", "person"):
        team = feedback.order.team
        assert feedback.person.team_id == team.pk or team.lead_id == feedback.person_id


@pytest.mark.django_db
def test_logged_hours_never_exceed_the_approved_monthly_budget(seeded):
    allocations = list(Allocation.objects.approved())
    budgets = monthly_budgets(allocations, dt.date(2020, 1, 1), dt.date(2030, 12, 31))
    logged = (
        TimeEntry.objects.annotate(month=TruncMonth("date"))
        .values("support_person_id", "month")
        .annotate(hours=Sum("hours"))
    )
    assert logged
    for row in logged:
        month = first_of_month(row["month"])
        budget = budgets.get(row["support_person_id"], {}).get(month, Decimal(0))
        assert row["hours"] <= budget, row


def assert_booked_within_budgets(anchor: dt.date) -> None:
    """On the anchor day, what the app counts as booked (kipina.orders.candidates: hours logged,
    sessions ahead, estimates of the open orders) fits every support person's approved budget
    in the anchor's month and the three after it; the support person persona has room for one
    more six-hour order within a month (the order journey's) and for 1.5 h logged today."""
    first = first_of_month(anchor)
    last = add_months(first, 3)
    now = dt.datetime.combine(anchor, dt.time(), tzinfo=timezone.get_default_timezone())
    bookings = candidates.load_bookings(first=first, last=last, today=anchor, now=now)
    assert bookings.active_orders
    months = candidates.months_from(first, last)
    for support_person_id in SupportPerson.objects.values_list("pk", flat=True):
        for month in months:
            hours = bookings.month(support_person_id, month)
            assert hours.booked <= hours.budget + 0.1, (support_person_id, hours)
    veera = person("tukihenkilo").support_profile
    this_month = bookings.month(veera.pk, first)
    assert this_month.logged + 1.5 <= this_month.budget
    window = candidates.months_from(anchor + dt.timedelta(days=2), anchor + dt.timedelta(days=30))
    assert max(bookings.month(veera.pk, month).free for month in window) >= 6


@pytest.mark.django_db
def test_nobody_is_booked_past_the_budget_from_the_anchor_month_on(seeded):
    assert_booked_within_budgets(ANCHOR)
    # Near the end of a month and of the year: open orders reach into the next ones.
    late = dt.date(2026, 11, 30)
    seed_demo_organisation(people=PEOPLE, seed=SEED, anchor=late, reset=True)
    assert_booked_within_budgets(late)


@pytest.mark.django_db
def test_support_profiles_time_shares_and_absences(seeded):
    support_persons = SupportPerson.objects.select_related("person__supervisor__user")
    assert support_persons.count() == len(set(support_persons.values_list("pk", flat=True)))
    for support_person in support_persons.annotate(
        role_count=Count("roles", distinct=True), skill_count=Count("skills", distinct=True)
    ):
        assert 1 <= support_person.role_count <= 3
        assert 2 <= support_person.skill_count <= 5
    assert Absence.objects.exists()
    for allocation in Allocation.objects.select_related("support_person__person__supervisor"):
        person_ = allocation.support_person.person
        assert allocation.weekly_hours == person_.weekly_hours
        if allocation.state in (AllocationState.APPROVED, AllocationState.REJECTED):
            assert allocation.decided_by_id == person_.supervisor.user_id
            assert allocation.decided_at > allocation.requested_at
        if allocation.state == AllocationState.REJECTED:
            assert allocation.decision_reason
    # Approved shares cover the last two years, this year and the next, and never overlap.
    year = ANCHOR.year
    for support_person in SupportPerson.objects.all():
        approved = sorted(
            support_person.allocations.approved().values_list("start", "end"), key=lambda a: a[0]
        )
        assert approved[0][0] <= dt.date(year - 2, 1, 1) and approved[-1][1] >= ANCHOR
        for (_, end), (start, _) in zip(approved, approved[1:], strict=False):
            assert start > end
    # The supervisor persona has a request from one of her reports waiting.
    supervisor = person("esihenkilo")
    waiting = Allocation.objects.filter(
        state=AllocationState.REQUESTED, support_person__person__supervisor=supervisor
    )
    assert waiting.exists()


@pytest.mark.django_db
def test_the_personas_find_their_orders(seeded):
    veera = person("tukihenkilo").support_profile
    assert veera.scope == ServiceScope.ORGANISATION and veera.mode == "both"
    assert veera.paused_until is None
    assert set(veera.roles.values_list("code", flat=True)) == {
        "learning_agent",
        "work_culture_hacker",
    }
    assert {"facilitation", "retrospectives", "values_work", "self_organising"} <= set(
        veera.skills.values_list("code", flat=True)
    )
    mine = Order.objects.filter(support_person=veera)
    assert mine.filter(state=OrderState.ASSIGNED, accepted_at__isnull=True).count() == 1
    assert 1 <= mine.filter(state=OrderState.PLANNED).count() <= 2
    assert mine.filter(state=OrderState.DELIVERED).count() == 1
    assert mine.filter(state=OrderState.CLOSED).count() >= 3

    lead, employee = person("tiiminvetaja"), person("tyontekija")
    team_orders = Order.objects.filter(team=lead.team)
    waiting = team_orders.get(state=OrderState.DELIVERED)
    assert waiting.requester == lead and waiting.support_person == veera
    assert not waiting.feedback.filter(person__in=[lead, employee]).exists()
    assert team_orders.filter(state=OrderState.CLOSED).count() >= 3
    due = FollowUp.objects.filter(
        order__requester=employee, asked_at__isnull=False, answered_at__isnull=True
    )
    assert due.exists()

    queue = Order.objects.filter(state=OrderState.SUBMITTED)
    assert queue.exists()
    old = [
        order
        for order in queue
        if add_working_days(timezone.localtime(order.submitted_at).date(), 3) < ANCHOR
    ]
    assert old and all(order.reminded_at is not None for order in old)
    coordinator = person("koordinaattori").user
    assert OrderEvent.objects.filter(action=Action.ASSIGN, actor=coordinator).exists()
    assert not OrderEvent.objects.filter(action=Action.ASSIGN).exclude(actor=coordinator)


def digest() -> str:
    """The whole support history by natural keys: order ids relative to the first one."""
    first = Order.objects.order_by("pk").values_list("pk", flat=True).first() or 0
    parts = [
        Order.objects.order_by("pk").values_list(
            "service__code",
            "team__code",
            "requester__employee_number",
            "state",
            "support_person__person__employee_number",
            "earliest",
            "latest",
            "language",
            "place",
            "need",
            "submitted_at",
            "accepted_at",
            "closed_at",
            "reminded_at",
            "reflection",
            "submission_key",
        ),
        OrderEvent.objects.order_by("order_id", "at", "id").values_list(
            "order_id", "action", "actor__username", "at", "from_state", "to_state", "note"
        ),
        Session.objects.order_by("order_id", "start", "id").values_list(
            "order_id", "start", "duration_minutes", "place", "online_link", "cancelled_at", "uid"
        ),
        TimeEntry.objects.order_by("order_id", "date", "id").values_list(
            "order_id", "date", "hours", "note"
        ),
        Feedback.objects.order_by("order_id", "person__employee_number").values_list(
            "order_id", "person__employee_number", "rating", "helped", "keep_doing"
        ),
        FollowUp.objects.order_by("order_id").values_list(
            "order_id", "due", "asked_at", "answer", "answered_at"
        ),
        Allocation.objects.order_by("support_person__person__employee_number", "start").values_list(
            "support_person__person__employee_number", "percent", "start", "state", "decided_at"
        ),
        SupportPerson.objects.order_by("person__employee_number").values_list(
            "person__employee_number", "scope", "mode", "paused_until"
        ),
    ]
    text = repr([[_relative(row, first) for row in part] for part in parts])
    return hashlib.sha256(text.encode()).hexdigest()


def _relative(row: tuple, first: int) -> tuple:
    return row if not isinstance(row[0], int) else (row[0] - first, *row[1:])


@pytest.mark.django_db
def test_same_seed_and_anchor_give_the_same_history(seeded):
    first = digest()

    seed_demo_organisation(people=PEOPLE, seed=SEED, anchor=ANCHOR, reset=True)
    assert digest() == first

    seed_demo_organisation(people=PEOPLE, seed=SEED, anchor=ANCHOR + dt.timedelta(1), reset=True)
    assert digest() != first


@pytest.mark.django_db
def test_seed_demo_reset_twice_replaces_the_history():
    def seed(*args: str) -> str:
        out = StringIO()
        call_command("seed_demo", "--people", "120", *args, stdout=out)
        return out.getvalue()

    assert "orders" in seed()
    counts = Order.objects.count(), OrderEvent.objects.count(), Session.objects.count()
    Notification.objects.create(recipient=person("tyontekija").user, kind="order_closed")

    for _ in range(2):
        output = seed("--reset")
        assert f"{counts[0]} orders" in output and "sessions" in output
        assert (Order.objects.count(), OrderEvent.objects.count(), Session.objects.count()) == (
            counts
        )
    assert not Notification.objects.exists()
    # Seeded today: what is planned lies ahead.
    now = timezone.now()
    for order in Order.objects.filter(state=OrderState.PLANNED):
        assert order.sessions.filter(cancelled_at__isnull=True, start__gt=now).exists()
    assert not Order.objects.filter(submitted_at__gt=now).exists()
    assert not TimeEntry.objects.filter(date__gt=timezone.localdate()).exists()


@pytest.mark.django_db
def test_orders_made_after_seeding_get_fresh_ids(seeded):
    employee = person("tyontekija")
    order, created = order_submit(
        actor=employee.user,
        service=Service.objects.get(code="retrospective"),
        team=employee.team,
        need="Kaipaamme retroa.",
        goal="Sovimme yhden kokeilun.",
        earliest=ANCHOR,
        latest=ANCHOR + dt.timedelta(days=30),
        participants=5,
        language=Language.objects.get(code="fi"),
        onsite=False,
    )
    assert created and order.pk > Order.objects.exclude(pk=order.pk).order_by("-pk")[0].pk
