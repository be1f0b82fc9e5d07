"""Reads for network meetings: a network's meetings with their answer counts (counted in SQL),
one meeting with its participants, attendance checklist, decisions and agenda.

Everyone signed in sees a network's meetings (knowledge is shared across silos on purpose);
the online link, the calendar file and who answered what are for members and runners.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from kipina.core.permissions import allowed
from kipina.networks.enums import MeetingState, Rsvp
from kipina.networks.models import Meeting, MeetingDecision, Membership, Network, Participation
from kipina.org.models import Person
from kipina.org.rules import active_person_of
from kipina.toolkit import agenda_selectors

MEETING_PAGE_SIZE = 20
RUN = "networks.run_network"


def network_for(key: str) -> Network:
    """The network by its key (every signed-in person may see every network); else 404."""
    network = Network.objects.filter(key=key).select_related("coordinator").first()
    if network is None:
        raise Http404
    return network


def meeting_for(network: Network, pk: int) -> Meeting:
    """The network's meeting; 404 for a meeting of another network or none at all."""
    meeting = Meeting.objects.filter(network=network, pk=pk).select_related("agenda__owner").first()
    if meeting is None:
        raise Http404
    meeting.network = network
    return meeting


def decision_for(meeting: Meeting, pk: int) -> MeetingDecision:
    decision = MeetingDecision.objects.filter(meeting=meeting, pk=pk).first()
    if decision is None:
        raise Http404
    decision.meeting = meeting
    return decision


def is_insider(user, network: Network) -> bool:
    """Members and runners see the online link, the calendar file and the answers."""
    return allowed(user, "networks.answer_invitation", network) or allowed(user, RUN, network)


def meeting_end(meeting: Meeting) -> dt.datetime:
    return meeting.starts_at + dt.timedelta(minutes=meeting.duration_minutes)


def has_started(meeting: Meeting, now: dt.datetime | None = None) -> bool:
    return (now or timezone.now()) >= meeting.starts_at


def local_date(meeting: Meeting) -> dt.date:
    return timezone.localtime(meeting.starts_at).date()


# --- the list --------------------------------------------------------------------------------


def _with_counts(meetings: QuerySet[Meeting], person: Person | None) -> QuerySet[Meeting]:
    """Each meeting's yes/maybe/no and attended counts, and the person's own answer: one query."""
    meetings = meetings.annotate(
        yes_count=Count("participations", filter=Q(participations__rsvp=Rsvp.YES)),
        maybe_count=Count("participations", filter=Q(participations__rsvp=Rsvp.MAYBE)),
        no_count=Count("participations", filter=Q(participations__rsvp=Rsvp.NO)),
        attended_count=Count("participations", filter=Q(participations__attended=True)),
    )
    if person is None:
        return meetings
    mine = Participation.objects.filter(meeting=OuterRef("pk"), person=person)
    return meetings.annotate(
        my_rsvp=Subquery(mine.values("rsvp")[:1]),
        my_attended=Subquery(mine.values("attended")[:1]),
    )


def upcoming_page(user, network: Network, page_number, *, now=None) -> Page:
    """Meetings not yet started, soonest first."""
    meetings = Meeting.objects.filter(network=network, starts_at__gte=now or timezone.now())
    meetings = _with_counts(meetings, active_person_of(user)).order_by("starts_at", "pk")
    return Paginator(meetings, MEETING_PAGE_SIZE).get_page(page_number)


def past_page(user, network: Network, page_number, *, now=None) -> Page:
    """Meetings that have started, latest first."""
    meetings = Meeting.objects.filter(network=network, starts_at__lt=now or timezone.now())
    meetings = _with_counts(meetings, active_person_of(user)).order_by("-starts_at", "-pk")
    return Paginator(meetings, MEETING_PAGE_SIZE).get_page(page_number)


def upcoming_meetings(network: Network, *, limit: int = 5, now=None) -> list[Meeting]:
    """The next planned meetings, for the network's own page."""
    return list(
        Meeting.objects.filter(
            network=network, state=MeetingState.PLANNED, starts_at__gte=now or timezone.now()
        ).order_by("starts_at", "pk")[:limit]
    )


# --- one meeting -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    yes: int
    maybe: int
    no: int
    unanswered: int
    attended: int


def counts(meeting: Meeting) -> Counts:
    found = Participation.objects.filter(meeting=meeting).aggregate(
        yes=Count("pk", filter=Q(rsvp=Rsvp.YES)),
        maybe=Count("pk", filter=Q(rsvp=Rsvp.MAYBE)),
        no=Count("pk", filter=Q(rsvp=Rsvp.NO)),
        unanswered=Count("pk", filter=Q(rsvp="")),
        attended=Count("pk", filter=Q(attended=True)),
    )
    return Counts(**found)


def participation_of(meeting: Meeting, person: Person | None) -> Participation | None:
    if person is None:
        return None
    return Participation.objects.filter(meeting=meeting, person=person).first()


def participants(meeting: Meeting) -> list[Participation]:
    """Everyone invited (or who answered), by name, with their unit: one query."""
    return list(
        Participation.objects.filter(meeting=meeting)
        .select_related("person__unit")
        .order_by("person__last_name", "person__first_name", "pk")
    )


@dataclass(frozen=True)
class AttendanceRow:
    person: Person
    participation: Participation | None
    present: bool


def attendance_rows(meeting: Meeting, invited: list[Participation]) -> list[AttendanceRow]:
    """Invitees and current members, ticked as recorded — or, before the first recording, as
    they answered (yes is ticked)."""
    by_person = {participation.person_id: participation for participation in invited}
    members = (
        Person.objects.filter(
            network_memberships__network_id=meeting.network_id,
            network_memberships__left_at__isnull=True,
        )
        .exclude(pk__in=by_person)
        .select_related("unit")
    )
    people = [participation.person for participation in invited] + list(members)
    people.sort(key=lambda person: (person.last_name, person.first_name, person.pk))
    recorded = meeting.attendance_recorded_at is not None
    rows = []
    for person in people:
        participation = by_person.get(person.pk)
        if participation is None:
            present = False
        elif recorded:
            present = bool(participation.attended)
        else:
            present = participation.rsvp == Rsvp.YES
        rows.append(AttendanceRow(person, participation, present))
    return rows


def eligible_for_attendance(meeting: Meeting) -> set[int]:
    """The people the checklist may name: invitees and current members."""
    invited = set(Participation.objects.filter(meeting=meeting).values_list("person_id", flat=True))
    members = set(
        Membership.objects.current()
        .filter(network_id=meeting.network_id)
        .values_list("person_id", flat=True)
    )
    return invited | members


def decisions(meeting: Meeting) -> list[MeetingDecision]:
    return list(
        MeetingDecision.objects.filter(meeting=meeting)
        .select_related("responsible")
        .order_by("position", "pk")
    )


def responsible_choices(network: Network) -> QuerySet[Person]:
    """Whom a decision can be given to: the network's current members."""
    return Person.objects.filter(
        network_memberships__network=network, network_memberships__left_at__isnull=True
    ).order_by("last_name", "first_name", "pk")


def agenda_timeline(meeting: Meeting) -> agenda_selectors.Timeline | None:
    """The agenda's blocks with their clock times (read-only here), or None without one."""
    if meeting.agenda is None:
        return None
    return agenda_selectors.timeline(meeting.agenda, agenda_selectors.agenda_blocks(meeting.agenda))
