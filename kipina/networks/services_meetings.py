"""Writes for network meetings: planning (with invitations), changes and cancelling (each
moves the calendar SEQUENCE on and tells the invitees), answers, attendance, the agenda (built
with the toolkit's agenda builder), notes and decisions.

Meeting details and notes are co-edited, so they are optimistically locked on
`Meeting.version`: the editor names the version they started from and one conditional UPDATE
decides; the loser gets `EditConflict` with what is saved now. A decision has no version of
its own: its edit form carries a fingerprint of the decision as it was shown, compared under
the row's lock.

Time in meetings counts toward a support person's time share when the network says so: one
`agents.OtherSupportTime` row per support person and meeting (source "networks.meeting:<pk>"),
kept in step in the same transaction as whatever changed it — an answer (yes keeps a row
until attendance is recorded), attendance (attended keeps it), a move (date and hours follow)
or a cancel (every row goes).
"""

import datetime as dt
import hashlib
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kipina.agents.models import OtherSupportTime, SupportPerson
from kipina.core.cache_versions import SUPPORT_POOL, bump_on_commit
from kipina.core.errors import ServiceError, full_clean_or_refuse
from kipina.core.notifications import notify
from kipina.core.permissions import allowed
from kipina.networks import selectors_meetings as selectors
from kipina.networks.enums import MeetingState, Rsvp
from kipina.networks.models import Meeting, MeetingDecision, Membership, Network, Participation
from kipina.networks.notifications_meetings import (
    MEETING_CANCELLED,
    MEETING_CHANGED,
    MEETING_INVITED,
)
from kipina.org.models import Person
from kipina.org.rules import active_person_of
from kipina.toolkit import agenda_services
from kipina.toolkit.services import ToolkitError

RUN = "networks.run_network"
ANSWER = "networks.answer_invitation"
# What moves the calendar event: a change of any of these replaces the event in calendars.
CALENDAR_FIELDS = ("starts_at", "duration_minutes", "place", "online_link")
DETAIL_FIELDS = ("title", *CALENDAR_FIELDS)
HOURS = Decimal("0.01")


class MeetingError(ServiceError):
    pass


class NotAllowed(MeetingError):
    pass


class EditConflict(MeetingError):
    """Someone saved the meeting (or decision) after the editor opened it; `current` is it
    as saved now."""

    def __init__(self, current, message: str | None = None):
        super().__init__(
            message
            or _(
                "Someone saved this meeting after you opened it (perhaps you, in another "
                "window). Your changes are kept in the form; compare them with what is saved "
                "now and save again."
            )
        )
        self.current = current


def _require(actor, perm: str, network: Network, message: str | None = None) -> None:
    if not allowed(actor, perm, network):
        raise NotAllowed(message or _("You cannot do that in this network."))


def _person(actor) -> Person:
    person = active_person_of(actor)
    if person is None:
        raise NotAllowed(_("Only people in the organisation can do this."))
    return person


def _refuse_cancelled(meeting: Meeting) -> None:
    if meeting.state == MeetingState.CANCELLED:
        raise MeetingError(_("This meeting is cancelled."))


def _source(meeting: Meeting) -> str:
    return f"networks.meeting:{meeting.pk}"


def _absolute(path: str) -> str:
    return f"{settings.KIPINA_BASE_URL}{path}"


def _notify_invitees(meeting: Meeting, kind: str, *, actor) -> None:
    """A notification to every invitee but the actor, linking the meeting (and its .ics)."""
    invited = Participation.objects.filter(meeting=meeting).select_related("person__user")
    network = meeting.network
    params = {
        "title": meeting.title,
        "network": network.name,
        "starts_at": meeting.starts_at.isoformat(),
    }
    if kind != MEETING_CANCELLED:
        params["ics"] = _absolute(reverse("networks:meeting_ics", args=[network.key, meeting.pk]))
    notify(
        recipients=[
            participation.person.user
            for participation in invited
            if participation.person.active and participation.person.user_id != actor.pk
        ],
        kind=kind,
        params=params,
        url=reverse("networks:meeting", args=[network.key, meeting.pk]),
    )


# --- time toward the time share ---------------------------------------------------------------


def _support_time_description(meeting: Meeting) -> str:
    max_length = OtherSupportTime._meta.get_field("description").max_length
    return f"{meeting.network.name}: {meeting.title}"[:max_length]


def sync_support_time(meeting: Meeting) -> None:
    """Make the meeting's OtherSupportTime rows what they should be now: one per support
    person who answered yes (before attendance is recorded) or was there (after), none when
    the network does not count meetings or the meeting is cancelled. Bulk writes only."""
    source = _source(meeting)
    existing = {
        row.support_person_id: row for row in OtherSupportTime.objects.filter(source=source)
    }
    wanted: set[int] = set()
    if meeting.network.meetings_count_as_support_time and meeting.state == MeetingState.PLANNED:
        participations = Participation.objects.filter(meeting=meeting)
        if meeting.attendance_recorded_at is None:
            participations = participations.filter(rsvp=Rsvp.YES)
        else:
            participations = participations.filter(attended=True)
        wanted = set(
            SupportPerson.objects.filter(person__in=participations.values("person_id")).values_list(
                "pk", flat=True
            )
        )
    date = selectors.local_date(meeting)
    hours = (Decimal(meeting.duration_minutes) / 60).quantize(HOURS, rounding=ROUND_HALF_UP)
    description = _support_time_description(meeting)
    gone = [pk for pk in existing if pk not in wanted]
    new = [
        OtherSupportTime(
            support_person_id=pk, date=date, hours=hours, source=source, description=description
        )
        for pk in wanted
        if pk not in existing
    ]
    changed = []
    for pk in wanted & existing.keys():
        row = existing[pk]
        if (row.date, row.hours, row.description) != (date, hours, description):
            row.date, row.hours, row.description = date, hours, description
            changed.append(row)
    if gone:
        OtherSupportTime.objects.filter(source=source, support_person_id__in=gone).delete()
    if new:
        OtherSupportTime.objects.bulk_create(new)
    if changed:
        OtherSupportTime.objects.bulk_update(changed, ["date", "hours", "description"])
    if gone or new or changed:
        bump_on_commit(SUPPORT_POOL)


# --- planning, changing, cancelling -----------------------------------------------------------


def _check_details(meeting: Meeting) -> None:
    meeting.title = (meeting.title or "").strip()
    meeting.place = (meeting.place or "").strip()
    meeting.online_link = (meeting.online_link or "").strip()
    if not meeting.place and not meeting.online_link:
        raise MeetingError(_("Give a place, an online link or both."), field="place")
    full_clean_or_refuse(
        meeting,
        MeetingError,
        exclude=["network", "agenda", "created_by", "notes"],
        validate_unique=False,
    )


@transaction.atomic
def meeting_plan(
    *,
    actor,
    network: Network,
    title: str,
    starts_at: dt.datetime,
    duration_minutes: int,
    place: str = "",
    online_link: str = "",
) -> Meeting:
    """Check → validate → save → invite every current member (bulk) → notify them."""
    _require(actor, RUN, network, _("Only the network's runners plan its meetings."))
    person = _person(actor)
    if not network.active:
        raise MeetingError(_("This network is no longer active."))
    meeting = Meeting(
        network=network,
        title=title,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        place=place,
        online_link=online_link,
        created_by=person,
    )
    _check_details(meeting)
    meeting.save()
    members = Membership.objects.current().filter(network=network, person__active=True)
    Participation.objects.bulk_create(
        Participation(meeting=meeting, person_id=person_id)
        for person_id in members.values_list("person_id", flat=True)
    )
    _notify_invitees(meeting, MEETING_INVITED, actor=actor)
    return meeting


@transaction.atomic
def meeting_edit(
    *,
    actor,
    meeting: Meeting,
    seen_version: int,
    title: str,
    starts_at: dt.datetime,
    duration_minutes: int,
    place: str = "",
    online_link: str = "",
) -> Meeting:
    """Check → validate → take the version (or conflict) → save, moving the SEQUENCE on when
    the time or place changed → time rows follow → notify the invitees of the change."""
    network = meeting.network
    _require(actor, RUN, network, _("Only the network's runners change its meetings."))
    _refuse_cancelled(meeting)
    changed = Meeting(
        pk=meeting.pk,
        network=network,
        title=title,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        place=place,
        online_link=online_link,
        created_by_id=meeting.created_by_id,
    )
    _check_details(changed)
    current = Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    if current is None:
        raise MeetingError(_("This meeting no longer exists."))
    if current.version != seen_version:
        raise EditConflict(current)
    _refuse_cancelled(current)
    moved = any(getattr(current, name) != getattr(changed, name) for name in CALENDAR_FIELDS)
    values = {name: getattr(changed, name) for name in DETAIL_FIELDS}
    Meeting.objects.filter(pk=meeting.pk).update(
        **values,
        version=F("version") + 1,
        sequence=F("sequence") + (1 if moved else 0),
        updated_at=timezone.now(),
    )
    saved = Meeting.objects.select_related("agenda").get(pk=meeting.pk)
    saved.network = network
    sync_support_time(saved)
    if moved:
        _notify_invitees(saved, MEETING_CHANGED, actor=actor)
    return saved


@transaction.atomic
def meeting_cancel(*, actor, meeting: Meeting) -> Meeting:
    """Check → planned → cancelled (conditional UPDATE), SEQUENCE on → remove every time row →
    notify the invitees."""
    network = meeting.network
    _require(actor, RUN, network, _("Only the network's runners cancel its meetings."))
    if meeting.attendance_recorded_at is not None:
        raise MeetingError(_("Attendance is already recorded: the meeting took place."))
    taken = Meeting.objects.filter(
        pk=meeting.pk, state=MeetingState.PLANNED, attendance_recorded_at__isnull=True
    ).update(
        state=MeetingState.CANCELLED,
        sequence=F("sequence") + 1,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    if not taken:
        raise MeetingError(_("This meeting is already cancelled or its attendance is recorded."))
    saved = Meeting.objects.select_related("agenda").get(pk=meeting.pk)
    saved.network = network
    sync_support_time(saved)
    _notify_invitees(saved, MEETING_CANCELLED, actor=actor)
    return saved


# --- answers and attendance -------------------------------------------------------------------


@transaction.atomic
def meeting_answer(*, actor, meeting: Meeting, answer: str) -> Participation:
    """Check (a member; planned, not started) → save the answer (the invitation is created for
    someone who joined later) → time rows follow."""
    network = meeting.network
    _require(actor, ANSWER, network, _("Only the network's members answer its invitations."))
    person = _person(actor)
    if answer not in Rsvp.values:
        raise MeetingError(_("Choose coming, maybe or not coming."), field="answer")
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _refuse_cancelled(current)
    if selectors.has_started(current):
        raise MeetingError(_("The meeting has started: answers are closed."))
    values = {"rsvp": answer, "answered_at": timezone.now()}
    try:
        with transaction.atomic():
            participation, _created = Participation.objects.update_or_create(
                meeting=meeting, person=person, defaults=values
            )
    except IntegrityError:
        # Two answers of the same person at once: the other one created the row first.
        Participation.objects.filter(meeting=meeting, person=person).update(**values)
        participation = Participation.objects.get(meeting=meeting, person=person)
    current.network = network
    sync_support_time(current)
    return participation


@transaction.atomic
def meeting_record_attendance(
    *, actor, meeting: Meeting, listed: set[int], present: set[int]
) -> Meeting:
    """Check (a runner; planned, started) → everyone listed gets attended true or false (an
    invitation is made for a member who had none) → recorded now → time rows follow."""
    network = meeting.network
    _require(actor, RUN, network, _("Only the network's runners record attendance."))
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _refuse_cancelled(current)
    if not selectors.has_started(current):
        raise MeetingError(_("Attendance can be recorded once the meeting has started."))
    current.network = network
    eligible = selectors.eligible_for_attendance(current)
    if not listed or not listed <= eligible or not present <= listed:
        raise MeetingError(
            _("The list of people has changed. Reload the page and record again."),
            field="present",
        )
    have = set(
        Participation.objects.filter(meeting=current, person_id__in=listed).values_list(
            "person_id", flat=True
        )
    )
    Participation.objects.bulk_create(
        Participation(meeting=current, person_id=person_id) for person_id in listed - have
    )
    Participation.objects.filter(meeting=current, person_id__in=present).update(attended=True)
    Participation.objects.filter(meeting=current, person_id__in=listed - present).update(
        attended=False
    )
    current.attendance_recorded_at = timezone.now()
    Meeting.objects.filter(pk=current.pk).update(
        attendance_recorded_at=current.attendance_recorded_at, updated_at=timezone.now()
    )
    sync_support_time(current)
    return current


# --- agenda -----------------------------------------------------------------------------------


@transaction.atomic
def meeting_agenda_create(*, actor, meeting: Meeting):
    """Check → create the agenda with the toolkit's agenda service (titled and timed after
    the meeting, owned by the actor) → link it, unless someone linked one first."""
    _require(actor, RUN, meeting.network, _("Only the network's runners plan the agenda."))
    _refuse_cancelled(meeting)
    if meeting.agenda_id is not None:
        raise MeetingError(_("This meeting already has an agenda."))
    local = timezone.localtime(meeting.starts_at)
    try:
        agenda = agenda_services.agenda_create(
            actor=actor,
            data={
                "title": meeting.title,
                "date": local.date(),
                "start_time": local.time().replace(second=0, microsecond=0),
                "available_minutes": meeting.duration_minutes,
            },
        )
    except ToolkitError as error:
        raise NotAllowed(
            _(
                "You cannot plan agendas in the toolkit (agendas are planned by support persons "
                "and coordinators): %(reason)s"
            )
            % {"reason": error.message}
        ) from error
    if not Meeting.objects.filter(pk=meeting.pk, agenda__isnull=True).update(agenda=agenda):
        # Rolls the new agenda back with the transaction.
        raise MeetingError(_("Someone created this meeting's agenda a moment ago."))
    meeting.agenda = agenda
    return agenda


# --- notes and decisions ----------------------------------------------------------------------


@transaction.atomic
def meeting_notes_save(*, actor, meeting: Meeting, notes: str, seen_version: int) -> Meeting:
    """Check → validate → take the version (or conflict) → save."""
    _require(actor, RUN, meeting.network, _("Only the network's runners write the notes."))
    notes = (notes or "").strip()
    limit = Meeting._meta.get_field("notes").max_length or 0
    if limit and len(notes) > limit:
        raise MeetingError(
            _("Keep the notes under %(limit)d characters.") % {"limit": limit}, field="notes"
        )
    if not Meeting.objects.filter(pk=meeting.pk, version=seen_version).update(
        notes=notes, version=F("version") + 1, updated_at=timezone.now()
    ):
        current = Meeting.objects.filter(pk=meeting.pk).first()
        if current is None:
            raise MeetingError(_("This meeting no longer exists."))
        raise EditConflict(current)
    saved = Meeting.objects.select_related("agenda").get(pk=meeting.pk)
    saved.network = meeting.network
    return saved


def decision_fingerprint(decision: MeetingDecision) -> str:
    """What the decision was when shown, for the edit's conflict check."""
    shown = f"{decision.text}\x1f{decision.responsible_id or ''}\x1f{decision.due or ''}"
    return hashlib.sha256(shown.encode()).hexdigest()[:32]


def _check_responsible(meeting: Meeting, responsible: Person | None, keep: int | None) -> None:
    if responsible is None or responsible.pk == keep:
        return
    if not selectors.responsible_choices(meeting.network).filter(pk=responsible.pk).exists():
        raise MeetingError(_("Choose one of the network's members."), field="responsible")


def _check_decision(decision: MeetingDecision) -> None:
    decision.text = (decision.text or "").strip()
    full_clean_or_refuse(
        decision, MeetingError, exclude=["meeting", "responsible"], validate_unique=False
    )


@transaction.atomic
def decision_add(
    *,
    actor,
    meeting: Meeting,
    text: str,
    responsible: Person | None = None,
    due: dt.date | None = None,
) -> MeetingDecision:
    """Check → validate → append after the meeting's other decisions."""
    _require(actor, RUN, meeting.network, _("Only the network's runners record decisions."))
    _check_responsible(meeting, responsible, None)
    decision = MeetingDecision(meeting=meeting, text=text, responsible=responsible, due=due)
    _check_decision(decision)
    # Lock the meeting so two decisions added at once get different positions.
    Meeting.objects.select_for_update().filter(pk=meeting.pk).exists()
    last = MeetingDecision.objects.filter(meeting=meeting).aggregate(last=Max("position"))["last"]
    decision.position = 0 if last is None else last + 1
    decision.save()
    return decision


@transaction.atomic
def decision_edit(
    *,
    actor,
    decision: MeetingDecision,
    text: str,
    responsible: Person | None,
    due: dt.date | None,
    seen: str,
) -> MeetingDecision:
    """Check → validate → lock the decision; unchanged since shown (or conflict) → save."""
    meeting = decision.meeting
    _require(actor, RUN, meeting.network, _("Only the network's runners record decisions."))
    current = MeetingDecision.objects.select_for_update().filter(pk=decision.pk).first()
    if current is None:
        raise MeetingError(_("This decision has been deleted."))
    _check_responsible(meeting, responsible, current.responsible_id)
    if decision_fingerprint(current) != seen:
        raise EditConflict(
            current,
            _(
                "Someone changed this decision after you opened it. Your text is kept in the "
                "form; compare it with what is saved now and save again."
            ),
        )
    current.text, current.responsible, current.due = text, responsible, due
    _check_decision(current)
    current.save(update_fields=["text", "responsible", "due"])
    current.meeting = meeting
    return current


@transaction.atomic
def decision_delete(*, actor, decision: MeetingDecision) -> None:
    """Check → delete."""
    _require(
        actor, RUN, decision.meeting.network, _("Only the network's runners record decisions.")
    )
    MeetingDecision.objects.filter(pk=decision.pk).delete()
