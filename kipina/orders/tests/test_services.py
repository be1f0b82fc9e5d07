"""The order state machine: every state × action × persona is allowed or refused with a message.

The expectations are written out by hand below (not read from rules.py), so a change to a rule
shows up here as a failing row that someone has to agree with.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from kipina.agents.enums import ServiceScope
from kipina.orders import services
from kipina.orders.enums import AssignmentMode, OrderState
from kipina.orders.models import Feedback, FollowUp, Order, OrderEvent, Service, TimeEntry
from kipina.orders.services import Conflict, NeedsOverride, NotAllowed, OrderError
from kipina.orders.tests.factories import (
    ServiceFactory,
    bookable_support_person,
    order_in_state,
)
from kipina.org.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

STATES = [
    OrderState.SUBMITTED,
    OrderState.ASSIGNED,
    OrderState.PLANNED,
    OrderState.DELIVERED,
    OrderState.CLOSED,
    OrderState.DECLINED,
    OrderState.CANCELLED,
]
PERSONAS = [
    "requester",
    "team_member",
    "support_person",  # the one assigned (in submitted: a support person who could take it)
    "other_support_person",
    "coordinator",
    "admin",  # a superuser: Django's has_perm lets them past everything; the services do not
    "outsider",
]
ACTIONS = [
    "assign",
    "pick",
    "claim",
    "accept",
    "return",
    "unassign",
    "schedule",
    "deliver",
    "log_hours",
    "reflect",
    "feedback",
    "close",
    "decline",
    "cancel",
    "follow_up",
]

S, A, P, D, C = (
    OrderState.SUBMITTED,
    OrderState.ASSIGNED,
    OrderState.PLANNED,
    OrderState.DELIVERED,
    OrderState.CLOSED,
)
# (action, state) → the personas who may do it; every other combination is refused.
ALLOWED: dict[tuple[str, str], set[str]] = {
    ("assign", S): {"coordinator"},
    ("pick", S): {"requester"},  # only for services where the orderer picks
    ("claim", S): {"support_person", "other_support_person"},  # only for claimable services
    ("accept", A): {"support_person"},
    ("return", A): {"support_person"},
    ("return", P): {"support_person"},
    ("unassign", A): {"coordinator"},
    ("unassign", P): {"coordinator"},
    ("schedule", A): {"support_person", "coordinator"},
    ("schedule", P): {"support_person", "coordinator"},
    ("deliver", P): {"support_person", "coordinator"},
    ("log_hours", A): {"support_person"},
    ("log_hours", P): {"support_person"},
    ("log_hours", D): {"support_person"},
    ("reflect", D): {"support_person"},
    ("feedback", D): {"requester", "team_member"},
    ("close", D): {"coordinator"},
    ("decline", S): {"coordinator"},
    ("decline", A): {"coordinator"},
    ("cancel", S): {"requester", "coordinator"},
    ("cancel", A): {"requester", "coordinator"},
    ("cancel", P): {"requester", "coordinator"},
    ("follow_up", C): {"requester"},
}
# Admins may do what coordinators may, and nothing more.
for _personas in ALLOWED.values():
    if "coordinator" in _personas:
        _personas.add("admin")
MODE_FOR_ACTION = {"pick": AssignmentMode.REQUESTER_PICKS, "claim": AssignmentMode.CLAIM}


def state_after(action: str, before: str, persona: str) -> str:
    return {
        "assign": A,
        "pick": A,
        "claim": A,
        "accept": A,
        "return": S,
        "unassign": S,
        "schedule": P,
        "deliver": D,
        "log_hours": before,
        "reflect": D,
        "feedback": C if persona == "requester" else D,
        "close": C,
        "decline": OrderState.DECLINED,
        "cancel": OrderState.CANCELLED,
        "follow_up": C,
    }[action]


def records_event(action: str, before: str, persona: str) -> bool:
    if action in ("log_hours", "reflect", "follow_up"):
        return False
    if action == "schedule":
        return before == A
    if action == "feedback":
        return persona == "requester"
    return True


@pytest.fixture
def cast(org):
    """persona → Person: the org's people plus a team member, another support person and an
    outsider from another unit."""
    other_helper = PersonFactory(
        unit=org.other_unit, team=org.other_team, user__username="other_helper"
    )
    bookable_support_person(other_helper)
    other_helper.support_profile.scope = ServiceScope.ORGANISATION
    other_helper.support_profile.save(update_fields=["scope"])
    return {
        "requester": org.people["employee"],
        "team_member": PersonFactory(unit=org.unit, team=org.team, user__username="member"),
        "support_person": org.people["support_person"],
        "other_support_person": other_helper,
        "coordinator": org.people["coordinator"],
        "admin": org.people["admin"],
        "outsider": PersonFactory(
            unit=org.other_unit, team=org.other_team, user__username="outsider"
        ),
    }


def perform(action: str, order: Order, actor_person, org):
    """Call the action's service with valid input."""
    actor = actor_person.user
    helper = org.people["support_person"].support_profile
    if action == "assign":
        return services.order_assign(actor=actor, order=order, support_person=helper)
    if action == "pick":
        return services.order_pick(actor=actor, order=order, support_person=helper)
    if action == "claim":
        return services.order_claim(actor=actor, order=order)
    if action == "accept":
        return services.order_accept(actor=actor, order=order)
    if action == "return":
        return services.order_return(actor=actor, order=order, reason="Sairausloma.")
    if action == "unassign":
        return services.order_unassign(actor=actor, order=order, reason="Vaihdetaan.")
    if action == "schedule":
        start = timezone.make_aware(dt.datetime.combine(order.latest, dt.time(13, 0)))
        return services.session_schedule(
            actor=actor, order=order, start=start, duration_minutes=60, place="Sali 3"
        )
    if action == "deliver":
        return services.order_deliver(actor=actor, order=order, reflection="Hyvä päivä.")
    if action == "log_hours":
        return services.time_log(
            actor=actor, order=order, date=timezone.localdate(), hours=Decimal("1.0")
        )
    if action == "reflect":
        return services.order_reflect(actor=actor, order=order, reflection="Opin paljon.")
    if action == "feedback":
        return services.feedback_give(actor=actor, order=order, rating=4, helped="Harjoitukset")
    if action == "close":
        return services.order_close(actor=actor, order=order, note="Ei palautetta.")
    if action == "decline":
        return services.order_decline(actor=actor, order=order, reason="Ei kuulu meille.")
    if action == "cancel":
        return services.order_cancel(actor=actor, order=order, reason="Tarve poistui.")
    if action == "follow_up":
        return services.follow_up_answer(actor=actor, order=order, answer="yes", comment="Jäi.")
    raise AssertionError(action)


def _fresh(order: Order) -> Order:
    return Order.objects.select_related("service", "team", "requester", "support_person").get(
        pk=order.pk
    )


def _outcome(state, action, persona, order, cast, org) -> str | None:
    """None when the persona's attempt went as ALLOWED says, else what went wrong."""
    events_before = OrderEvent.objects.filter(order=order).count()
    allowed = persona in ALLOWED.get((action, state), set())
    try:
        perform(action, _fresh(order), cast[persona], org)
    except NotAllowed as refused:
        if allowed:
            return f"refused: {refused.message}"
        if not refused.message:
            return "refused without a message"
        if _fresh(order).state != state:
            return "refused but the state changed"
        if OrderEvent.objects.filter(order=order).count() != events_before:
            return "refused but an event was recorded"
        return None
    if not allowed:
        return "allowed but should be refused"
    after = _fresh(order)
    if after.state != state_after(action, state, persona):
        return f"moved to {after.state}"
    expected_events = events_before + records_event(action, state, persona)
    if OrderEvent.objects.filter(order=order).count() != expected_events:
        return "the timeline does not match the transitions"
    return None


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("state", STATES)
def test_state_action_persona(org, cast, state, action):
    """Each persona tries the action on the same order; each try is rolled back afterwards."""
    mode = MODE_FOR_ACTION.get(action, AssignmentMode.COORDINATOR)
    order = _fresh(order_in_state(org, state, service=ServiceFactory(assignment_mode=mode)))
    problems = {}
    for persona in PERSONAS:
        with transaction.atomic():
            problem = _outcome(state, action, persona, order, cast, org)
            transaction.set_rollback(True)
        if problem:
            problems[persona] = problem
    assert problems == {}


# --- single services -------------------------------------------------------------------------


def _submit(org, **overrides):
    earliest = timezone.localdate() + dt.timedelta(days=3)
    fields = {
        "actor": org.people["employee"].user,
        "service": ServiceFactory(),
        "team": org.team,
        "need": " Tarvitsemme apua. ",
        "goal": "Sujuvampi arki",
        "earliest": earliest,
        "latest": earliest + dt.timedelta(days=10),
        "participants": 5,
        "language": org.people["employee"].languages.first(),
        "onsite": True,
        "place": "Sali",
    }
    fields.update(overrides)
    return services.order_submit(**fields)


def test_submit_records_the_first_event_and_strips_text(org):
    order, created = _submit(org)
    assert created
    assert order.need == "Tarvitsemme apua."
    event = order.events.get()
    assert (event.from_state, event.to_state, event.actor) == (
        "",
        OrderState.SUBMITTED,
        org.people["employee"].user,
    )


def test_submitting_the_same_key_twice_makes_one_order(org):
    import uuid

    key = uuid.uuid4()
    first, created_first = _submit(org, submission_key=key)
    second, created_second = _submit(org, submission_key=key)
    assert (created_first, created_second) == (True, False)
    assert first.pk == second.pk
    assert Order.objects.count() == 1


def test_remote_order_keeps_no_place(org):
    order, _ = _submit(org, onsite=False, place="Sali")
    assert order.place == ""


@pytest.mark.parametrize(
    ("who", "team", "allowed"),
    [
        ("employee", "team", True),
        ("employee", "other_team", False),
        ("team_lead", "team", True),
        ("supervisor", "team", False),
        ("coordinator", "team", True),
        ("coordinator", "other_team", True),
    ],
)
def test_who_may_order_for_which_team(org, who, team, allowed):
    call = lambda: _submit(org, actor=org.people[who].user, team=getattr(org, team))  # noqa: E731
    if allowed:
        order, _ = call()
        assert order.requester == org.people[who]
    else:
        with pytest.raises(NotAllowed) as refused:
            call()
        assert refused.value.field == "team"
        assert not Order.objects.exists()


def test_submit_refuses_an_inactive_service_and_reversed_dates(org):
    with pytest.raises(OrderError) as refused:
        _submit(org, service=ServiceFactory(active=False))
    assert refused.value.field == "service"
    today = timezone.localdate()
    with pytest.raises(OrderError) as refused:
        _submit(org, earliest=today + dt.timedelta(days=5), latest=today + dt.timedelta(days=4))
    assert refused.value.field == "latest"
    assert not Order.objects.exists()


@pytest.mark.parametrize("action", ["return", "unassign", "decline", "cancel"])
def test_reason_is_required(org, action):
    state = OrderState.SUBMITTED if action == "decline" else OrderState.ASSIGNED
    order = _fresh(order_in_state(org, state))
    actor = {
        "return": org.people["support_person"],
        "unassign": org.people["coordinator"],
        "decline": org.people["coordinator"],
        "cancel": org.people["employee"],
    }[action]
    call = getattr(services, f"order_{action}")
    with pytest.raises(OrderError) as refused:
        call(actor=actor.user, order=order, reason="   ")
    assert refused.value.field == "reason"
    assert _fresh(order).state == state


def test_assigning_someone_the_rules_exclude_needs_a_recorded_reason(org):
    order = _fresh(order_in_state(org, OrderState.SUBMITTED))
    # No approved time share: the hard rules exclude this person.
    stranger = PersonFactory(unit=org.other_unit, user__username="stranger")
    from kipina.org.tests.factories import make_support_person

    unbooked = make_support_person(stranger)
    coordinator = org.people["coordinator"].user
    with pytest.raises(NeedsOverride) as refused:
        services.order_assign(actor=coordinator, order=order, support_person=unbooked)
    assert refused.value.field == "override_reason"
    assert _fresh(order).state == OrderState.SUBMITTED

    services.order_assign(
        actor=coordinator,
        order=order,
        support_person=unbooked,
        override_reason="Ainoa, joka osaa tämän.",
    )
    order = _fresh(order)
    assert order.support_person == unbooked
    assert order.override_reason == "Ainoa, joka osaa tämän."
    assert order.events.last().note == "Ainoa, joka osaa tämän."


def test_pick_refuses_someone_who_breaks_the_rules(org):
    service = ServiceFactory(assignment_mode=AssignmentMode.REQUESTER_PICKS)
    order = _fresh(order_in_state(org, OrderState.SUBMITTED, service=service))
    from kipina.org.tests.factories import make_support_person

    unbooked = make_support_person(PersonFactory(unit=org.unit, user__username="unbooked"))
    with pytest.raises(OrderError) as refused:
        services.order_pick(actor=org.people["employee"].user, order=order, support_person=unbooked)
    assert refused.value.field == "support_person"
    assert _fresh(order).state == OrderState.SUBMITTED


def test_accepting_twice_is_refused(org):
    order = _fresh(order_in_state(org, OrderState.ASSIGNED, accepted=True))
    assert order.accepted_at is not None
    with pytest.raises(NotAllowed):
        services.order_accept(actor=org.people["support_person"].user, order=order)


def test_acting_on_a_stale_copy_is_a_conflict(org):
    order = _fresh(order_in_state(org, OrderState.SUBMITTED))
    stale = _fresh(order)
    coordinator = org.people["coordinator"].user
    services.order_decline(actor=coordinator, order=order, reason="Ei resursseja.")
    # The stale copy still says "submitted": the permission passes, the state check does not.
    with pytest.raises(Conflict):
        services.order_cancel(actor=coordinator, order=stale, reason="Peruttu.")
    assert _fresh(order).state == OrderState.DECLINED


def test_return_cancels_future_sessions_and_clears_the_person(org):
    order = _fresh(order_in_state(org, OrderState.PLANNED))
    services.order_return(
        actor=org.people["support_person"].user, order=order, reason="Sairausloma."
    )
    order = _fresh(order)
    assert (order.state, order.support_person, order.accepted_at) == (
        OrderState.SUBMITTED,
        None,
        None,
    )
    assert not order.sessions.filter(cancelled_at__isnull=True).exists()


def test_feedback_once_per_person_and_the_orderers_closes(org, cast):
    order = _fresh(order_in_state(org, OrderState.DELIVERED))
    member = cast["team_member"].user
    services.feedback_give(actor=member, order=order, rating=3)
    with pytest.raises(OrderError):
        services.feedback_give(actor=member, order=_fresh(order), rating=4)
    assert _fresh(order).state == OrderState.DELIVERED
    with pytest.raises(OrderError) as refused:
        services.feedback_give(actor=org.people["employee"].user, order=_fresh(order), rating=6)
    assert refused.value.field == "rating"
    services.feedback_give(actor=org.people["employee"].user, order=_fresh(order), rating=5)
    order = _fresh(order)
    assert order.state == OrderState.CLOSED
    assert order.closed_at is not None
    assert Feedback.objects.filter(order=order).count() == 2
    follow_up = FollowUp.objects.get(order=order)
    assert follow_up.due == timezone.localdate() + dt.timedelta(weeks=6)


def test_follow_up_is_answered_once(org):
    order = _fresh(order_in_state(org, OrderState.CLOSED))
    requester = org.people["employee"].user
    with pytest.raises(OrderError) as refused:
        services.follow_up_answer(actor=requester, order=order, answer="maybe")
    assert refused.value.field == "answer"
    services.follow_up_answer(actor=requester, order=order, answer="partly", comment="Osittain")
    with pytest.raises(OrderError):
        services.follow_up_answer(actor=requester, order=order, answer="yes")
    assert FollowUp.objects.get(order=order).answer == "partly"


def test_logging_past_the_budget_needs_a_reason(org):
    order = _fresh(order_in_state(org, OrderState.PLANNED))
    helper = org.people["support_person"].user
    today = timezone.localdate()
    budget, logged = services.month_budget_and_logged(order.support_person, today)
    too_much = min(budget - logged + Decimal("1"), Decimal("24"))
    if budget - logged + Decimal("1") > Decimal("24"):
        # Fill the month first so that one more entry goes over.
        remaining = budget - logged
        while remaining > 0:
            step = min(remaining, Decimal("24"))
            services.time_log(actor=helper, order=order, date=today, hours=step)
            remaining -= step
        too_much = Decimal("1")
    with pytest.raises(NeedsOverride) as refused:
        services.time_log(actor=helper, order=order, date=today, hours=too_much)
    assert refused.value.field == "override_reason"
    entry = services.time_log(
        actor=helper, order=order, date=today, hours=too_much, override_reason="Lisätyöpaja."
    )
    assert entry.override_reason == "Lisätyöpaja."


def test_hours_cannot_be_logged_for_the_future(org):
    order = _fresh(order_in_state(org, OrderState.ASSIGNED))
    with pytest.raises(OrderError) as refused:
        services.time_log(
            actor=org.people["support_person"].user,
            order=order,
            date=timezone.localdate() + dt.timedelta(days=1),
            hours=Decimal(1),
        )
    assert refused.value.field == "date"
    assert not TimeEntry.objects.exists()


def test_service_save_is_for_coordinators(org):
    service = Service(code="values-talk", name_fi="Arvokeskustelu", name_sv="x", name_en="y")
    with pytest.raises(NotAllowed):
        services.service_save(
            actor=org.people["employee"].user,
            service=service,
            required_skills=[],
            eligible_roles=[],
        )
    saved = services.service_save(
        actor=org.people["coordinator"].user, service=service, required_skills=[], eligible_roles=[]
    )
    assert Service.objects.get(code="values-talk") == saved


def test_the_support_person_does_not_rate_their_own_work(org, django_capture_on_commit_callbacks):
    """They sit in the team they helped: no feedback request, and no feedback from them."""
    from kipina.core.models import Notification

    order = _fresh(order_in_state(org, OrderState.PLANNED))
    with django_capture_on_commit_callbacks(execute=True):
        services.order_deliver(actor=org.people["coordinator"].user, order=order)
    asked = set(
        Notification.objects.filter(kind="feedback_requested").values_list(
            "recipient__username", flat=True
        )
    )
    assert "employee" in asked and "team_lead" in asked
    assert "support_person" not in asked
    with pytest.raises(NotAllowed):
        services.feedback_give(
            actor=org.people["support_person"].user, order=_fresh(order), rating=5
        )
