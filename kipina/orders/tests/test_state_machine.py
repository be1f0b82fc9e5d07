"""Random sequences of actions by random people keep the order state machine's promises.

Invariants, checked after every step against the database:
- an order has at most one active support person: assignments happen only from the queue,
  active orders have exactly the person the last assignment named, queued ones have none;
- logged hours never go past an approved monthly budget without a recorded reason;
- every transition is in the history: one event per successful transition, and the events'
  from → to states form an unbroken chain ending in the order's state;
- a finished (closed, declined, cancelled) order is not changed by anything that comes later.
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, precondition, rule

from kipina.agents.enums import ServiceScope
from kipina.orders import services
from kipina.orders.enums import FINAL_STATES, AssignmentMode, OrderState
from kipina.orders.models import Feedback, Order, OrderEvent, Session, TimeEntry
from kipina.orders.services import OrderError, month_budget_and_logged
from kipina.orders.tests.factories import ServiceFactory, make_allocation
from kipina.org.tests.factories import (
    PersonFactory,
    TeamFactory,
    UnitFactory,
    make_coordinator,
    make_language,
    make_support_person,
)

PERSONAS = ["requester", "member", "helper", "other_helper", "coordinator", "outsider"]
HELPERS = ["helper", "other_helper"]
ACTIONS = [
    "assign",
    "pick",
    "claim",
    "accept",
    "return",
    "unassign",
    "schedule",
    "deliver",
    "reflect",
    "feedback",
    "close",
    "decline",
    "cancel",
    "follow_up",
]
ASSIGNING = {"assign", "claim", "pick"}


class OrderMachine(RuleBasedStateMachine):
    orders = Bundle("orders")

    def __init__(self):
        super().__init__()
        # Each example runs inside its own savepoint, rolled back in teardown().
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        root = UnitFactory()
        unit = UnitFactory(parent=root)
        other_unit = UnitFactory(parent=root)
        team = TeamFactory(unit=unit)
        other_team = TeamFactory(unit=other_unit)
        make_language("fi")
        self.team = team
        self.people = {
            "requester": PersonFactory(unit=unit, team=team),
            "member": PersonFactory(unit=unit, team=team),
            "helper": PersonFactory(unit=unit, team=team),
            "other_helper": PersonFactory(unit=other_unit, team=other_team),
            "coordinator": make_coordinator(PersonFactory(unit=other_unit, team=other_team)),
            "outsider": PersonFactory(unit=other_unit, team=other_team),
        }
        today = timezone.localdate()
        self.support = {}
        for key in HELPERS:
            profile = make_support_person(self.people[key])
            profile.scope = ServiceScope.ORGANISATION
            profile.save(update_fields=["scope"])
            # A small share, so that logging soon goes over the budget.
            make_allocation(
                profile,
                today - dt.timedelta(days=60),
                today + dt.timedelta(days=120),
                percent=Decimal(3),
            )
            self.support[key] = profile
        self.services = {
            mode: ServiceFactory(assignment_mode=mode, typical_hours=Decimal(1))
            for mode in AssignmentMode.values
        }
        self.expected_events: dict[int, int] = {}
        self.finished: dict[int, tuple] = {}

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # --- helpers -----------------------------------------------------------------------------

    def _order(self, pk: int) -> Order:
        return Order.objects.select_related(
            "service", "team", "requester", "support_person__person"
        ).get(pk=pk)

    def _attempt(self, pk: int, action: str, call) -> None:
        before = self._order(pk).state
        try:
            call()
        except OrderError as error:
            assert error.message
            return
        if action == "schedule":
            moved = before == OrderState.ASSIGNED
        elif action == "feedback":
            moved = self._order(pk).state == OrderState.CLOSED
        else:
            moved = action not in ("reflect", "follow_up", "log_hours")
        self.expected_events[pk] += moved

    def _actor(self, order: Order, action: str, persona: str, chosen: str):
        """The persona, or for "usual" whoever normally does the action, so that random
        sequences get past the first refusals and reach the later states."""
        if persona == "usual":
            if action in ("pick", "cancel", "feedback", "follow_up"):
                persona = "requester"
            elif action == "claim":
                persona = chosen
            elif action in ("assign", "unassign", "decline", "close"):
                persona = "coordinator"
            elif order.support_person_id is not None:
                return order.support_person.person.user
            else:
                persona = chosen
        return self.people[persona].user

    # --- rules -------------------------------------------------------------------------------

    @precondition(lambda self: len(self.expected_events) < 3)
    @rule(
        target=orders,
        mode=st.sampled_from(AssignmentMode.values),
        onsite=st.booleans(),
        start_in=st.integers(min_value=0, max_value=40),
    )
    def submit(self, mode, onsite, start_in):
        earliest = timezone.localdate() + dt.timedelta(days=start_in)
        order, _ = services.order_submit(
            actor=self.people["requester"].user,
            service=self.services[mode],
            team=self.team,
            need="Apua",
            goal="Parempi arki",
            earliest=earliest,
            latest=earliest + dt.timedelta(days=14),
            participants=6,
            language=make_language("fi"),
            onsite=onsite,
            place="Sali" if onsite else "",
        )
        self.expected_events[order.pk] = 1
        return order.pk

    @rule(
        pk=orders,
        action=st.sampled_from(ACTIONS),
        persona=st.one_of(st.just("usual"), st.sampled_from(PERSONAS)),
        chosen=st.sampled_from(HELPERS),
        with_reason=st.booleans(),
        rating=st.integers(min_value=1, max_value=5),
    )
    def act(self, pk, action, persona, chosen, with_reason, rating):
        self._act(pk, action, persona, chosen, with_reason=with_reason, rating=rating)

    def _act(self, pk, action, persona, chosen, *, with_reason, rating):
        order = self._order(pk)
        actor = self._actor(order, action, persona, chosen)
        reason = "Koska niin sovittiin." if with_reason else ""
        calls = {
            "assign": lambda: services.order_assign(
                actor=actor,
                order=order,
                support_person=self.support[chosen],
                override_reason=reason,
            ),
            "pick": lambda: services.order_pick(
                actor=actor, order=order, support_person=self.support[chosen]
            ),
            "claim": lambda: services.order_claim(actor=actor, order=order),
            "accept": lambda: services.order_accept(actor=actor, order=order),
            "return": lambda: services.order_return(actor=actor, order=order, reason=reason),
            "unassign": lambda: services.order_unassign(actor=actor, order=order, reason=reason),
            "schedule": lambda: services.session_schedule(
                actor=actor,
                order=order,
                start=timezone.make_aware(dt.datetime.combine(order.latest, dt.time(9))),
                duration_minutes=60,
                place="Sali",
                online_link="https://meet.example.org/x",
            ),
            "deliver": lambda: services.order_deliver(actor=actor, order=order),
            "reflect": lambda: services.order_reflect(actor=actor, order=order, reflection=reason),
            "feedback": lambda: services.feedback_give(actor=actor, order=order, rating=rating),
            "close": lambda: services.order_close(actor=actor, order=order),
            "decline": lambda: services.order_decline(actor=actor, order=order, reason=reason),
            "cancel": lambda: services.order_cancel(actor=actor, order=order, reason=reason),
            "follow_up": lambda: services.follow_up_answer(actor=actor, order=order, answer="yes"),
        }
        self._attempt(pk, action, calls[action])

    @rule(pk=orders, pick=st.integers(min_value=0, max_value=3), chosen=st.sampled_from(HELPERS))
    def advance(self, pk, pick, chosen):
        """One of the usual next steps for the order's state, by whoever usually takes it."""
        order = self._order(pk)
        mode = order.service.assignment_mode
        first = {
            AssignmentMode.COORDINATOR: "assign",
            AssignmentMode.CLAIM: "claim",
            AssignmentMode.REQUESTER_PICKS: "pick",
        }[mode]
        steps = {
            OrderState.SUBMITTED: [first, first, "assign", "cancel"],
            OrderState.ASSIGNED: ["accept", "schedule", "schedule", "return"],
            OrderState.PLANNED: ["deliver", "deliver", "schedule", "unassign"],
            OrderState.DELIVERED: ["feedback", "reflect", "close", "feedback"],
        }.get(order.state, ["follow_up"])
        action = steps[pick % len(steps)]
        persona = "member" if action == "feedback" and pick == 3 else "usual"
        self._act(pk, action, persona, chosen, with_reason=True, rating=pick + 2)

    @rule(
        pk=orders,
        persona=st.one_of(st.just("usual"), st.sampled_from(PERSONAS)),
        hours=st.sampled_from([Decimal("0.5"), Decimal(1), Decimal(2), Decimal(4), Decimal(8)]),
        with_reason=st.booleans(),
    )
    def log_hours(self, pk, persona, hours, with_reason):
        order = self._order(pk)
        self._attempt(
            pk,
            "log_hours",
            lambda: services.time_log(
                actor=self._actor(order, "log_hours", persona, "helper"),
                order=order,
                date=timezone.localdate(),
                hours=hours,
                override_reason="Lisätyö" if with_reason else "",
            ),
        )

    # --- invariants --------------------------------------------------------------------------
    # Read everything in a handful of queries per step: the checks run after every action.

    def _world(self) -> dict:
        pks = list(self.expected_events)
        events: dict[int, list[OrderEvent]] = defaultdict(list)
        for event in OrderEvent.objects.filter(order_id__in=pks).order_by("at", "id"):
            events[event.order_id].append(event)

        def grouped(queryset, *fields):
            found = defaultdict(list)
            for row in (
                queryset.filter(order_id__in=pks).order_by("id").values_list("order_id", *fields)
            ):
                found[row[0]].append(row[1:])
            return found

        return {
            "orders": {row["id"]: row for row in Order.objects.filter(pk__in=pks).values()},
            "events": events,
            "entries": grouped(TimeEntry.objects, "id", "hours", "override_reason"),
            "sessions": grouped(Session.objects, "id", "start", "cancelled_at", "sequence"),
            "feedback": grouped(Feedback.objects, "id", "rating"),
        }

    @invariant()
    def promises_hold(self):
        if not self.expected_events:
            return
        world = self._world()
        for pk, order in world["orders"].items():
            events = world["events"][pk]
            self._one_active_support_person(order, events)
            self._every_transition_in_the_history(order, events, self.expected_events[pk])
            snapshot = (
                order,
                [event.pk for event in events],
                world["entries"][pk],
                world["sessions"][pk],
                world["feedback"][pk],
            )
            if pk in self.finished:
                assert snapshot == self.finished[pk], "a finished order changed"
            elif order["state"] in FINAL_STATES:
                self.finished[pk] = snapshot
        self._hours_within_budget_or_explained()

    @staticmethod
    def _one_active_support_person(order: dict, events: list[OrderEvent]) -> None:
        holder = None
        for event in events:
            if event.action in ASSIGNING:
                assert event.from_state == OrderState.SUBMITTED, "assigned while taken"
                assert holder is None, "a second person assigned while one was active"
                holder = event.support_person_id
            elif event.to_state == OrderState.SUBMITTED and event.from_state:
                holder = None
        if order["state"] in (OrderState.ASSIGNED, OrderState.PLANNED, OrderState.DELIVERED):
            assert holder is not None
            assert order["support_person_id"] == holder
        if order["state"] == OrderState.SUBMITTED:
            assert order["support_person_id"] is None

    @staticmethod
    def _every_transition_in_the_history(order: dict, events: list[OrderEvent], expected: int):
        assert len(events) == expected, "a transition is missing from the history"
        assert (events[0].from_state, events[0].to_state) == ("", OrderState.SUBMITTED)
        for previous, following in zip(events, events[1:], strict=False):
            assert following.from_state == previous.to_state, "the history has a gap"
        assert events[-1].to_state == order["state"]

    def _hours_within_budget_or_explained(self) -> None:
        today = timezone.localdate()
        for profile in self.support.values():
            budget, logged = month_budget_and_logged(profile, today)
            running = Decimal(0)
            entries = TimeEntry.objects.filter(
                support_person=profile, date__gte=today.replace(day=1)
            ).order_by("id")
            for hours, override_reason in entries.values_list("hours", "override_reason"):
                running += hours
                if running > budget:
                    assert override_reason, "went over the budget without a reason"
            assert running == logged


@pytest.mark.django_db
def test_order_state_machine():
    OrderMachine.TestCase.settings = settings(
        max_examples=15,
        stateful_step_count=25,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        database=None,
    )
    OrderMachine.TestCase().runTest()
