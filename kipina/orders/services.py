"""Writes for orders: the state machine, sessions, hours, feedback and follow-ups.

Every transition is one function here. Each one checks the actor's permission (orders/rules.py),
moves the order with a conditional UPDATE on the state the actor saw — so of two people acting
at once exactly one wins and the other gets `Conflict` — records an OrderEvent and notifies
whoever the change concerns after the commit.

    submitted ─assign/claim/pick─▶ assigned ─schedule─▶ planned ─deliver─▶ delivered ─▶ closed
                                                            (orderer's feedback or coordinator)
        │  ▲                          │                   │
        │  └──── return / unassign ───┴───────────────────┘
        ├─ decline (coordinator, from submitted/assigned)
        └─ cancel (orderer or coordinator, before delivery)
"""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kipina.agents.budgets import add_working_days, first_of_month, last_of_month, monthly_budgets
from kipina.agents.models import Allocation, SupportPerson
from kipina.core.cache_versions import SUPPORT_HISTORY, SUPPORT_POOL, bump_on_commit
from kipina.core.errors import ServiceError
from kipina.core.notifications import notify
from kipina.core.permissions import allowed
from kipina.orders.candidates import violations_for
from kipina.orders.enums import (
    REMINDER_WORKING_DAYS,
    Action,
    FollowUpAnswer,
    OrderState,
)
from kipina.orders.explanations import describe_violations
from kipina.orders.models import (
    Feedback,
    FollowUp,
    MatchingSettings,
    Order,
    OrderEvent,
    Service,
    Session,
    TimeEntry,
)
from kipina.orders.signals import order_delivered
from kipina.org.models import Language, Person, Team
from kipina.org.selectors import coordinator_users


class OrderError(ServiceError):
    """A refused action on an order."""


class NotAllowed(OrderError):
    pass


class Conflict(OrderError):
    """Someone else changed the order first."""


class NeedsOverride(OrderError):
    """The action breaks a rule that a coordinator (or the person) may override with a reason."""


def _require(user, perm: str, order: Order | None = None) -> None:
    # The state machine holds for admins too: no claiming without a profile, no reopening a
    # closed order (see core.permissions.allowed).
    if not allowed(user, perm, order):
        raise NotAllowed(_("You cannot do that to this order in its current state."))


def _reason(note: str, field: str = "reason") -> str:
    note = (note or "").strip()
    if not note:
        raise OrderError(_("Please give a reason."), field=field)
    return note


def _user_of(person: Person | None):
    return person.user if person is not None else None


def _support_user(order: Order):
    if order.support_person_id is None:
        return None
    return order.support_person.person.user


def _notify_order(order: Order, kind: str, recipients: Iterable, actor, **params) -> None:
    people = [user for user in recipients if user is not None and user.pk != actor.pk]
    notify(
        recipients=people,
        kind=kind,
        params={"order": order.pk, "service": order.service.code, **params},
        url=order.get_absolute_url(),
    )


def _move(
    order: Order,
    *,
    actor,
    action: Action,
    to_state: OrderState,
    note: str = "",
    **fields,
) -> Order:
    """Compare-and-set the state the actor saw; record the event. Raises Conflict if it moved."""
    from_state = order.state
    now = timezone.now()
    changed = Order.objects.filter(pk=order.pk, state=from_state).update(
        state=to_state, updated_at=now, **fields
    )
    if changed != 1:
        raise Conflict(_("Someone else changed this order a moment ago. Please look at it again."))
    for name, value in fields.items():
        setattr(order, name, value)
    order.state = to_state
    order.updated_at = now
    OrderEvent.objects.create(
        order=order,
        action=action,
        actor=actor,
        from_state=from_state,
        to_state=to_state,
        support_person_id=order.support_person_id,
        note=note,
    )
    bump_on_commit(SUPPORT_POOL)
    bump_on_commit(SUPPORT_HISTORY)
    return order


# --- catalogue -------------------------------------------------------------------------------


@transaction.atomic
def service_save(
    *, actor, service: Service, required_skills, eligible_roles, required_trainings=None
) -> Service:
    """Coordinator saves a catalogue entry: check the right → validate → save with its skills,
    roles and (when given) the training its support persons must have."""
    if not actor.has_perm("orders.edit_services"):
        raise NotAllowed(_("Only coordinators can edit the services."))
    service.full_clean()
    service.save()
    service.required_skills.set(required_skills)
    service.eligible_roles.set(eligible_roles)
    if required_trainings is not None:
        service.required_trainings.set(required_trainings)
    return service


# --- submitting ------------------------------------------------------------------------------


@transaction.atomic
def order_submit(
    *,
    actor,
    service: Service,
    team: Team,
    need: str,
    goal: str,
    earliest: dt.date,
    latest: dt.date,
    participants: int,
    language: Language,
    onsite: bool,
    place: str = "",
    submission_key: UUID | None = None,
) -> tuple[Order, bool]:
    """Check the right to order for the team → create the order (once per submission key) →
    record the event → tell coordinators. Returns (order, created)."""
    if not actor.has_perm("orders.order_for_team", team):
        raise NotAllowed(_("You can order support only for your own team."), field="team")
    if not service.active:
        raise OrderError(_("This service is not available any more."), field="service")
    if latest < earliest:
        raise OrderError(_("The latest date cannot be before the earliest date."), field="latest")
    if submission_key is not None:
        existing = Order.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing, False
    fields = {
        "service": service,
        "team": team,
        "requester": actor.person,
        "need": need.strip(),
        "goal": goal.strip(),
        "earliest": earliest,
        "latest": latest,
        "participants": participants,
        "language": language,
        "onsite": onsite,
        "place": place.strip() if onsite else "",
    }
    if submission_key is not None:
        fields["submission_key"] = submission_key
    try:
        with transaction.atomic():
            order = Order(**fields)
            order.full_clean()
            order.save()
    except IntegrityError:
        # The same form posted twice at the same moment: the other request made it.
        existing = Order.objects.filter(submission_key=submission_key).first()
        if existing is None:
            raise
        return existing, False
    OrderEvent.objects.create(
        order=order, action=Action.SUBMIT, actor=actor, to_state=OrderState.SUBMITTED
    )
    _notify_order(order, "order_submitted", coordinator_users(), actor, team=team.name)
    return order, True


# --- assignment ------------------------------------------------------------------------------


def _notify_assigned(order: Order, actor, support_person: SupportPerson) -> None:
    """Tell the support person and the orderer, whichever of them did not do it themselves."""
    person = str(support_person)
    _notify_order(order, "order_assigned", [_support_user(order)], actor, person=person)
    _notify_order(
        order, "order_assigned_to_team", [_user_of(order.requester)], actor, person=person
    )


def _check_candidate(order: Order, support_person: SupportPerson, override_reason: str) -> str:
    """Hard matching rules for this person; a broken rule needs a recorded reason."""
    if not support_person.active or not support_person.person.active:
        raise OrderError(_("This person is not an active support person."), field="support_person")
    broken = violations_for(order, support_person)
    if broken and not override_reason.strip():
        raise NeedsOverride(
            _("%(rules)s. Give a reason to assign anyway.")
            % {"rules": describe_violations(broken)},
            field="override_reason",
        )
    return override_reason.strip() if broken else ""


@transaction.atomic
def order_assign(
    *, actor, order: Order, support_person: SupportPerson, override_reason: str = ""
) -> Order:
    """Coordinator assigns: hard rules (or a reason) → move → notify the person and orderer."""
    _require(actor, "orders.assign", order)
    reason = _check_candidate(order, support_person, override_reason)
    _move(
        order,
        actor=actor,
        action=Action.ASSIGN,
        to_state=OrderState.ASSIGNED,
        note=reason,
        support_person=support_person,
        override_reason=reason,
        accepted_at=None,
    )
    _notify_assigned(order, actor, support_person)
    return order


@transaction.atomic
def order_pick(*, actor, order: Order, support_person: SupportPerson) -> Order:
    """Orderer picks one of the suggestions: only people who pass every hard rule."""
    _require(actor, "orders.pick", order)
    if violations_for(order, support_person):
        raise OrderError(
            _("This person cannot take the order. Please pick from the suggestions."),
            field="support_person",
        )
    _move(
        order,
        actor=actor,
        action=Action.PICK,
        to_state=OrderState.ASSIGNED,
        support_person=support_person,
        accepted_at=None,
    )
    _notify_assigned(order, actor, support_person)
    return order


@transaction.atomic
def order_claim(*, actor, order: Order) -> Order:
    """A support person takes an open order: hard rules → move (one winner) → accepted at once."""
    _require(actor, "orders.claim", order)
    support_person = actor.person.support_profile
    broken = violations_for(order, support_person)
    if broken:
        raise OrderError(describe_violations(broken))
    try:
        _move(
            order,
            actor=actor,
            action=Action.CLAIM,
            to_state=OrderState.ASSIGNED,
            support_person=support_person,
            accepted_at=timezone.now(),
        )
    except Conflict:
        raise Conflict(_("Someone else took this order first.")) from None
    _notify_assigned(order, actor, support_person)
    return order


@transaction.atomic
def order_accept(*, actor, order: Order) -> Order:
    """The assigned support person confirms they take the order."""
    _require(actor, "orders.accept", order)
    _move(
        order,
        actor=actor,
        action=Action.ACCEPT,
        to_state=OrderState.ASSIGNED,
        accepted_at=timezone.now(),
    )
    _notify_order(order, "order_accepted", [_user_of(order.requester)], actor)
    return order


def _cancel_future_sessions(order: Order) -> None:
    now = timezone.now()
    for session in order.sessions.filter(cancelled_at__isnull=True, start__gte=now):
        session.cancelled_at = now
        session.sequence += 1
        session.save(update_fields=["cancelled_at", "sequence", "updated_at"])


def _back_to_queue(order: Order, *, actor, action: Action, note: str) -> None:
    """Take the order from its support person: queued again, future sessions cancelled."""
    _move(
        order,
        actor=actor,
        action=action,
        to_state=OrderState.SUBMITTED,
        note=note,
        support_person=None,
        accepted_at=None,
        override_reason="",
    )
    _cancel_future_sessions(order)


@transaction.atomic
def order_return(*, actor, order: Order, reason: str) -> Order:
    """Support person declines: reason → back to the queue, future sessions cancelled."""
    _require(actor, "orders.return", order)
    note = _reason(reason)
    person = order.support_person
    _back_to_queue(order, actor=actor, action=Action.RETURN, note=note)
    _notify_order(
        order,
        "order_returned",
        [*coordinator_users(), _user_of(order.requester)],
        actor,
        person=str(person),
    )
    return order


@transaction.atomic
def order_unassign(*, actor, order: Order, reason: str) -> Order:
    """Coordinator takes the order back from its support person."""
    _require(actor, "orders.unassign", order)
    note = _reason(reason)
    support_user = _support_user(order)
    _back_to_queue(order, actor=actor, action=Action.UNASSIGN, note=note)
    _notify_order(order, "order_unassigned", [support_user], actor)
    return order


# --- delivery --------------------------------------------------------------------------------


def _session_audience(order: Order) -> list:
    """Who hears about the order's sessions: the orderer and the team lead."""
    return [_user_of(order.requester), _user_of(order.team.lead)]


def _validate_session(order: Order, start: dt.datetime, duration_minutes: int, place, link):
    if duration_minutes < 15 or duration_minutes > 600:
        raise OrderError(
            _("A session lasts from 15 minutes to 10 hours."), field="duration_minutes"
        )
    if not order.onsite and not link:
        raise OrderError(_("A remote session needs a meeting link."), field="online_link")
    if order.onsite and not (place or "").strip():
        raise OrderError(_("Please say where the session is held."), field="place")


@transaction.atomic
def session_schedule(
    *,
    actor,
    order: Order,
    start: dt.datetime,
    duration_minutes: int,
    place: str = "",
    online_link: str = "",
) -> Session:
    """Schedule a session → the order becomes planned (accepting it if not yet) → notify team."""
    _require(actor, "orders.schedule", order)
    _validate_session(order, start, duration_minutes, place, online_link)
    if order.state == OrderState.ASSIGNED:
        fields = {} if order.accepted_at else {"accepted_at": timezone.now()}
        _move(order, actor=actor, action=Action.PLAN, to_state=OrderState.PLANNED, **fields)
    session = Session(
        order=order,
        start=start,
        duration_minutes=duration_minutes,
        place=place.strip(),
        online_link=online_link.strip(),
    )
    session.full_clean()
    session.save()
    bump_on_commit(SUPPORT_POOL)
    _notify_order(
        order,
        "session_scheduled",
        _session_audience(order),
        actor,
        start=start.isoformat(),
    )
    return session


@transaction.atomic
def session_reschedule(
    *,
    actor,
    session: Session,
    start: dt.datetime,
    duration_minutes: int,
    place: str = "",
    online_link: str = "",
) -> Session:
    """Move a session; calendars see the update through its higher sequence number."""
    order = session.order
    _require(actor, "orders.schedule", order)
    if session.cancelled_at is not None:
        raise OrderError(_("This session was cancelled."))
    _validate_session(order, start, duration_minutes, place, online_link)
    session.start = start
    session.duration_minutes = duration_minutes
    session.place = place.strip()
    session.online_link = online_link.strip()
    session.sequence += 1
    session.full_clean()
    session.save()
    bump_on_commit(SUPPORT_POOL)
    _notify_order(
        order,
        "session_rescheduled",
        _session_audience(order),
        actor,
        start=start.isoformat(),
    )
    return session


@transaction.atomic
def session_cancel(*, actor, session: Session) -> Session:
    order = session.order
    _require(actor, "orders.schedule", order)
    if session.cancelled_at is None:
        session.cancelled_at = timezone.now()
        session.sequence += 1
        session.save(update_fields=["cancelled_at", "sequence", "updated_at"])
        bump_on_commit(SUPPORT_POOL)
        _notify_order(
            order,
            "session_cancelled",
            _session_audience(order),
            actor,
            start=session.start.isoformat(),
        )
    return session


@transaction.atomic
def order_deliver(*, actor, order: Order, reflection: str = "") -> Order:
    """Mark delivered → ask the orderer and the team for feedback."""
    _require(actor, "orders.deliver", order)
    _move(
        order,
        actor=actor,
        action=Action.DELIVER,
        to_state=OrderState.DELIVERED,
        reflection=reflection.strip() or order.reflection,
    )
    # The support person may be in the team, but is not asked to rate their own work.
    members = order.team.members.filter(active=True).exclude(support_profile=order.support_person)
    team_users = [person.user for person in members.select_related("user")]
    _notify_order(order, "feedback_requested", [_user_of(order.requester), *team_users], actor)
    order_delivered.send(sender=Order, order=order, actor=actor)
    return order


@transaction.atomic
def order_reflect(*, actor, order: Order, reflection: str) -> Order:
    _require(actor, "orders.reflect", order)
    text = _reason(reflection, field="reflection")
    changed = Order.objects.filter(pk=order.pk, state=OrderState.DELIVERED).update(
        reflection=text, updated_at=timezone.now()
    )
    if not changed:
        raise Conflict(_("Someone else changed this order a moment ago. Please look at it again."))
    order.reflection = text
    return order


def _close(order: Order, *, actor, note: str = "") -> Order:
    weeks = MatchingSettings.current().follow_up_weeks
    now = timezone.now()
    _move(
        order,
        actor=actor,
        action=Action.CLOSE,
        to_state=OrderState.CLOSED,
        note=note,
        closed_at=now,
    )
    FollowUp.objects.create(order=order, due=now.date() + dt.timedelta(weeks=weeks))
    _notify_order(order, "order_closed", [_support_user(order)], actor)
    return order


@transaction.atomic
def feedback_give(
    *, actor, order: Order, rating: int, helped: str = "", keep_doing: str = ""
) -> Feedback:
    """A team member rates the delivery; the orderer's feedback closes the order."""
    _require(actor, "orders.give_feedback", order)
    if not 1 <= int(rating) <= 5:
        raise OrderError(_("Choose a rating from 1 to 5."), field="rating")
    person = actor.person
    if Feedback.objects.filter(order=order, person=person).exists():
        raise OrderError(_("You have already given feedback on this order."))
    try:
        with transaction.atomic():
            feedback = Feedback.objects.create(
                order=order,
                person=person,
                rating=int(rating),
                helped=helped.strip(),
                keep_doing=keep_doing.strip(),
            )
    except IntegrityError:
        raise OrderError(_("You have already given feedback on this order.")) from None
    bump_on_commit(SUPPORT_POOL)
    bump_on_commit(SUPPORT_HISTORY)
    if order.requester_id == person.pk:
        _close(order, actor=actor)
    return feedback


@transaction.atomic
def order_close(*, actor, order: Order, note: str = "") -> Order:
    """Coordinator closes a delivered order (e.g. when the orderer never answers)."""
    _require(actor, "orders.close", order)
    return _close(order, actor=actor, note=note.strip())


@transaction.atomic
def order_decline(*, actor, order: Order, reason: str) -> Order:
    """Coordinator declines with a reason; the orderer is told why."""
    _require(actor, "orders.decline", order)
    note = _reason(reason)
    support_user = _support_user(order)
    _move(order, actor=actor, action=Action.DECLINE, to_state=OrderState.DECLINED, note=note)
    _cancel_future_sessions(order)
    _notify_order(order, "order_declined", [_user_of(order.requester), support_user], actor)
    return order


@transaction.atomic
def order_cancel(*, actor, order: Order, reason: str) -> Order:
    """The orderer (or a coordinator) cancels before delivery."""
    _require(actor, "orders.cancel", order)
    note = _reason(reason)
    support_user = _support_user(order)
    _move(order, actor=actor, action=Action.CANCEL, to_state=OrderState.CANCELLED, note=note)
    _cancel_future_sessions(order)
    _notify_order(order, "order_cancelled", [support_user, _user_of(order.requester)], actor)
    return order


# --- hours -----------------------------------------------------------------------------------


def month_budget_and_logged(support_person: SupportPerson, day: dt.date) -> tuple[Decimal, Decimal]:
    """(approved budget, hours already logged) in the month of `day`."""
    month, month_end = first_of_month(day), last_of_month(day)
    allocations = (
        Allocation.objects.approved()
        .overlapping(month, month_end)
        .filter(support_person=support_person)
    )
    budget = monthly_budgets(allocations, month, month_end).get(support_person.pk, {})
    logged = TimeEntry.objects.filter(
        support_person=support_person, date__gte=month, date__lte=month_end
    ).aggregate(total=Sum("hours"))["total"] or Decimal(0)
    return budget.get(month, Decimal(0)), Decimal(logged).quantize(Decimal("0.1"))


@transaction.atomic
def time_log(
    *,
    actor,
    order: Order,
    date: dt.date,
    hours: Decimal,
    note: str = "",
    override_reason: str = "",
) -> TimeEntry:
    """Lock the support person → compare with the month's approved budget → exceeding needs a
    reason → save the entry."""
    _require(actor, "orders.log_hours", order)
    if hours <= 0 or hours > 24:
        raise OrderError(_("Hours must be more than 0 and at most 24."), field="hours")
    if date > timezone.localdate():
        raise OrderError(_("You cannot log hours for a future day."), field="date")
    # Serialise concurrent logging by the same person so two entries cannot both slip under.
    support_person = SupportPerson.objects.select_for_update().get(pk=order.support_person_id)
    budget, logged = month_budget_and_logged(support_person, date)
    reason = override_reason.strip()
    if logged + hours > budget and not reason:
        raise NeedsOverride(
            _(
                "This would take the month to %(total)s h of an approved %(budget)s h. "
                "Say why to log it anyway, or ask your supervisor for a larger share."
            )
            % {"total": logged + hours, "budget": budget},
            field="override_reason",
        )
    entry = TimeEntry(
        order=order,
        support_person=support_person,
        date=date,
        hours=hours,
        note=note.strip(),
        override_reason=reason if logged + hours > budget else "",
        created_by=actor,
    )
    entry.full_clean()
    entry.save()
    bump_on_commit(SUPPORT_POOL)
    return entry


# --- follow-up -------------------------------------------------------------------------------


@transaction.atomic
def follow_up_answer(*, actor, order: Order, answer: str, comment: str = "") -> FollowUp:
    _require(actor, "orders.answer_follow_up", order)
    if answer not in FollowUpAnswer.values:
        raise OrderError(_("Please choose an answer."), field="answer")
    follow_up = FollowUp.objects.select_for_update().get(order=order)
    if follow_up.answered_at is not None:
        raise OrderError(_("You have already answered."))
    follow_up.answer = answer
    follow_up.comment = comment.strip()
    follow_up.answered_at = timezone.now()
    follow_up.save(update_fields=["answer", "comment", "answered_at"])
    return follow_up


def send_due_follow_ups(*, today: dt.date | None = None) -> int:
    """Ask each orderer whose follow-up is due; each is asked once."""
    today = today or timezone.localdate()
    asked = 0
    due = FollowUp.objects.filter(due__lte=today, asked_at__isnull=True).select_related(
        "order__requester__user", "order__service"
    )
    for follow_up in due.iterator(chunk_size=500):
        with transaction.atomic():
            if not FollowUp.objects.filter(pk=follow_up.pk, asked_at__isnull=True).update(
                asked_at=timezone.now()
            ):
                continue
            order = follow_up.order
            notify(
                recipients=[order.requester.user],
                kind="follow_up_due",
                params={"order": order.pk, "service": order.service.code},
                url=order.get_absolute_url(),
            )
            asked += 1
    return asked


def send_unassigned_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind coordinators of orders waiting unassigned for 3 working days; once per order."""
    now = now or timezone.now()
    coordinators = coordinator_users()
    reminded = 0
    waiting = Order.objects.filter(
        state=OrderState.SUBMITTED, reminded_at__isnull=True
    ).select_related("service", "team")
    for order in waiting.iterator(chunk_size=500):
        waiting_since = timezone.localtime(order.submitted_at).date()
        if add_working_days(waiting_since, REMINDER_WORKING_DAYS) > timezone.localdate(now):
            continue
        with transaction.atomic():
            if not Order.objects.filter(pk=order.pk, reminded_at__isnull=True).update(
                reminded_at=now
            ):
                continue
            notify(
                recipients=coordinators,
                kind="order_waiting",
                params={"order": order.pk, "service": order.service.code, "team": order.team.name},
                url=order.get_absolute_url(),
            )
            reminded += 1
    return reminded
