"""Meeting services: planning invites and notifies, changes move the calendar SEQUENCE on,
answers and attendance follow their rules, and time toward the time share follows them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.translation import override

from kipina.agents.models import OtherSupportTime, SupportPerson
from kipina.core.models import Notification
from kipina.core.notifications import render
from kipina.networks import services_meetings as services
from kipina.networks.enums import MeetingState, Rsvp
from kipina.networks.models import Meeting, MeetingDecision, Participation
from kipina.networks.notifications_meetings import (
    MEETING_CANCELLED,
    MEETING_CHANGED,
    MEETING_INVITED,
)
from kipina.networks.tests.factories_meetings import (
    DecisionFactory,
    MeetingFactory,
    cast,
    in_days,
    invite,
)
from kipina.networks.tests.factories_networks import (
    NetworkFactory,
    SelfOrganisingNetworkFactory,
    convener,
    member,
)
from kipina.org.tests.factories import PersonFactory
from kipina.toolkit.models import Agenda

pytestmark = pytest.mark.django_db


def _plan(actor, network, **overrides):
    values = {
        "title": "Kevään verkostotapaaminen",
        "starts_at": in_days(10, hour=13),
        "duration_minutes": 90,
        "place": "Kaisla",
        "online_link": "",
    }
    values.update(overrides)
    return services.meeting_plan(actor=actor.user, network=network, **values)


def _edit(actor, meeting, **overrides):
    values = {
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "duration_minutes": meeting.duration_minutes,
        "place": meeting.place,
        "online_link": meeting.online_link,
        "seen_version": meeting.version,
    }
    values.update(overrides)
    return services.meeting_edit(actor=actor.user, meeting=meeting, **values)


def _rows(meeting):
    return {
        row.support_person.person_id: row
        for row in OtherSupportTime.objects.filter(
            source=f"networks.meeting:{meeting.pk}"
        ).select_related("support_person")
    }


# --- planning -----------------------------------------------------------------------------------


def test_planning_invites_every_current_member_and_notifies_them(org):
    c = cast(org)
    gone = member(c.network, PersonFactory())
    gone.left_at = timezone.now()
    gone.save()
    inactive = PersonFactory(active=False)
    member(c.network, inactive)

    meeting = _plan(c.runner, c.network)

    invited = set(Participation.objects.filter(meeting=meeting).values_list("person", "rsvp"))
    assert invited == {(c.runner.pk, ""), (c.member.pk, "")}
    assert meeting.sequence == 0 and meeting.state == MeetingState.PLANNED
    notes = list(Notification.objects.filter(kind=MEETING_INVITED))
    # Not the planner themself.
    assert [note.recipient_id for note in notes] == [c.member.user_id]
    assert notes[0].url == f"/networks/{c.network.key}/meetings/{meeting.pk}/"
    assert (
        notes[0]
        .params["ics"]
        .endswith(f"/networks/{c.network.key}/meetings/{meeting.pk}/calendar.ics")
    )
    with override("en"):
        text = render(notes[0])
    assert "Kevään verkostotapaaminen" in text and "calendar.ics" in text


def test_only_runners_plan(org):
    c = cast(org)
    with pytest.raises(services.NotAllowed):
        _plan(c.member, c.network)
    assert not Meeting.objects.exists()


def test_a_place_or_a_link_is_required(org):
    c = cast(org)
    with pytest.raises(services.MeetingError) as refused:
        _plan(c.runner, c.network, place="  ", online_link="")
    assert refused.value.field == "place"
    meeting = _plan(c.runner, c.network, place="", online_link="https://meet.example.org/x")
    assert meeting.online_link


# --- changing and cancelling --------------------------------------------------------------------


def test_moving_the_meeting_moves_the_sequence_on_and_tells_the_invitees(org):
    c = cast(org)
    meeting = _plan(c.runner, c.network)
    Notification.objects.all().delete()

    renamed = _edit(c.runner, meeting, title="Uusi nimi")
    assert renamed.sequence == 0 and renamed.version == 2
    assert not Notification.objects.exists()

    moved = _edit(c.runner, renamed, starts_at=in_days(11, hour=9))
    assert moved.sequence == 1 and moved.version == 3
    assert list(Notification.objects.values_list("kind", "recipient")) == [
        (MEETING_CHANGED, c.member.user_id)
    ]
    relocated = _edit(c.runner, moved, place="", online_link="https://meet.example.org/y")
    assert relocated.sequence == 2


def test_an_edit_from_an_old_version_is_a_conflict(org):
    c = cast(org)
    meeting = _plan(c.runner, c.network)
    _edit(c.runner, meeting, title="Ensimmäinen muutos")
    with pytest.raises(services.EditConflict) as conflict:
        _edit(c.runner, meeting, title="Toinen muutos", seen_version=1)
    assert conflict.value.current.title == "Ensimmäinen muutos"
    assert Meeting.objects.get().title == "Ensimmäinen muutos"


def test_cancelling_moves_the_sequence_on_removes_time_and_notifies(org):
    c = cast(org)
    meeting = _plan(c.runner, c.network)
    services.meeting_answer(actor=c.runner.user, meeting=meeting, answer=Rsvp.YES)
    assert _rows(meeting)
    Notification.objects.all().delete()

    cancelled = services.meeting_cancel(actor=c.runner.user, meeting=meeting)

    assert cancelled.state == MeetingState.CANCELLED and cancelled.sequence == 1
    assert _rows(meeting) == {}
    assert list(Notification.objects.values_list("kind", "recipient")) == [
        (MEETING_CANCELLED, c.member.user_id)
    ]
    with pytest.raises(services.MeetingError):
        services.meeting_cancel(actor=c.runner.user, meeting=cancelled)
    with pytest.raises(services.MeetingError):
        services.meeting_answer(actor=c.member.user, meeting=cancelled, answer=Rsvp.YES)


# --- answers ------------------------------------------------------------------------------------


def test_members_answer_and_may_change_their_answer(org):
    c = cast(org)
    meeting = _plan(c.runner, c.network)
    services.meeting_answer(actor=c.member.user, meeting=meeting, answer=Rsvp.MAYBE)
    services.meeting_answer(actor=c.member.user, meeting=meeting, answer=Rsvp.NO)
    participation = Participation.objects.get(meeting=meeting, person=c.member)
    assert participation.rsvp == Rsvp.NO and participation.answered_at is not None


def test_someone_who_joined_later_answers_and_gets_an_invitation(org):
    c = cast(org)
    meeting = _plan(c.runner, c.network)
    newcomer = org.people["team_lead"]
    member(c.network, newcomer)
    services.meeting_answer(actor=newcomer.user, meeting=meeting, answer=Rsvp.YES)
    assert Participation.objects.get(meeting=meeting, person=newcomer).rsvp == Rsvp.YES


def test_non_members_cannot_answer(org):
    c = cast(org)
    meeting = _plan(c.runner, c.network)
    with pytest.raises(services.NotAllowed):
        services.meeting_answer(
            actor=org.people["coordinator"].user, meeting=meeting, answer=Rsvp.YES
        )


def test_answers_close_when_the_meeting_starts(org):
    c = cast(org)
    meeting = MeetingFactory(network=c.network, starts_at=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(services.MeetingError):
        services.meeting_answer(actor=c.member.user, meeting=meeting, answer=Rsvp.YES)
    assert not Participation.objects.exists()


# --- time toward the time share -----------------------------------------------------------------


def test_a_yes_writes_the_time_row_and_a_no_removes_it(org):
    c = cast(org, name="Oppimisverkosto")
    meeting = _plan(c.runner, c.network, title="Kevät", duration_minutes=100)
    services.meeting_answer(actor=c.runner.user, meeting=meeting, answer=Rsvp.YES)
    row = _rows(meeting)[c.runner.pk]
    assert row.hours == Decimal("1.67")
    assert row.date == timezone.localtime(meeting.starts_at).date()
    assert row.description == "Oppimisverkosto: Kevät"

    services.meeting_answer(actor=c.runner.user, meeting=meeting, answer=Rsvp.MAYBE)
    assert _rows(meeting) == {}
    services.meeting_answer(actor=c.runner.user, meeting=meeting, answer=Rsvp.YES)
    services.meeting_answer(actor=c.runner.user, meeting=meeting, answer=Rsvp.NO)
    assert _rows(meeting) == {}


def test_only_support_persons_get_time_rows_active_or_not(org):
    c = cast(org)
    resting = PersonFactory()
    SupportPerson.objects.create(person=resting, active=False)
    member(c.network, resting)
    meeting = _plan(c.runner, c.network)
    for person in (c.runner, c.member, resting):
        services.meeting_answer(actor=person.user, meeting=meeting, answer=Rsvp.YES)
    # The employee is no support person: no row for them.
    assert set(_rows(meeting)) == {c.runner.pk, resting.pk}


def test_moving_the_meeting_moves_the_time_rows(org):
    c = cast(org)
    meeting = _plan(c.runner, c.network, starts_at=in_days(10, hour=13), duration_minutes=60)
    services.meeting_answer(actor=c.runner.user, meeting=meeting, answer=Rsvp.YES)
    meeting.refresh_from_db()
    moved = _edit(c.runner, meeting, starts_at=in_days(12, hour=8), duration_minutes=120)
    row = _rows(moved)[c.runner.pk]
    assert row.date == in_days(12).date()
    assert row.hours == Decimal("2.00")
    renamed = _edit(c.runner, moved, title="Syksy")
    assert _rows(renamed)[c.runner.pk].description.endswith(": Syksy")


def test_a_network_that_does_not_count_meetings_writes_no_rows(org):
    c = cast(org, meetings_count_as_support_time=False)
    meeting = _plan(c.runner, c.network)
    services.meeting_answer(actor=c.runner.user, meeting=meeting, answer=Rsvp.YES)
    assert _rows(meeting) == {}
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=in_days(-1))
    meeting.refresh_from_db()
    services.meeting_record_attendance(
        actor=c.runner.user, meeting=meeting, listed={c.runner.pk}, present={c.runner.pk}
    )
    assert not OtherSupportTime.objects.exists()


# --- attendance ---------------------------------------------------------------------------------


def _past_meeting(c, **fields):
    meeting = MeetingFactory(network=c.network, starts_at=in_days(-1), **fields)
    meeting.network = c.network
    return meeting


def test_attendance_replaces_answers_for_the_time_rows(org):
    c = cast(org)
    other = PersonFactory()
    SupportPerson.objects.create(person=other)
    member(c.network, other)
    meeting = _past_meeting(c)
    invite(meeting, c.runner, Rsvp.YES)
    invite(meeting, other, Rsvp.NO)
    services.sync_support_time(meeting)
    assert set(_rows(meeting)) == {c.runner.pk}

    everyone = {c.runner.pk, c.member.pk, other.pk}
    recorded = services.meeting_record_attendance(
        actor=c.runner.user, meeting=meeting, listed=everyone, present={other.pk, c.member.pk}
    )
    assert recorded.attendance_recorded_at is not None
    assert dict(Participation.objects.values_list("person", "attended")) == {
        c.runner.pk: False,
        c.member.pk: True,  # a member without an invitation gets one
        other.pk: True,
    }
    assert set(_rows(meeting)) == {other.pk}

    # Corrected later.
    services.meeting_record_attendance(
        actor=c.runner.user, meeting=meeting, listed=everyone, present={c.runner.pk}
    )
    assert set(_rows(meeting)) == {c.runner.pk}
    assert Participation.objects.get(person=other).attended is False


def test_attendance_waits_for_the_start_and_only_names_invitees_and_members(org):
    c = cast(org)
    coming = MeetingFactory(network=c.network)
    with pytest.raises(services.MeetingError):
        services.meeting_record_attendance(
            actor=c.runner.user, meeting=coming, listed={c.member.pk}, present={c.member.pk}
        )
    past = _past_meeting(c)
    stranger = org.people["team_lead"]
    with pytest.raises(services.MeetingError):
        services.meeting_record_attendance(
            actor=c.runner.user, meeting=past, listed={stranger.pk}, present={stranger.pk}
        )
    with pytest.raises(services.NotAllowed):
        services.meeting_record_attendance(
            actor=c.member.user, meeting=past, listed={c.member.pk}, present={c.member.pk}
        )
    assert not Participation.objects.exists()


def test_a_recorded_meeting_cannot_be_cancelled(org):
    c = cast(org)
    meeting = _past_meeting(c)
    services.meeting_record_attendance(
        actor=c.runner.user, meeting=meeting, listed={c.member.pk}, present={c.member.pk}
    )
    meeting.refresh_from_db()
    with pytest.raises(services.MeetingError):
        services.meeting_cancel(actor=c.runner.user, meeting=meeting)


# --- agenda -------------------------------------------------------------------------------------


def test_the_runner_creates_the_agenda_with_the_toolkit(org):
    c = cast(org)
    meeting = _plan(c.runner, c.network, title="Syysseminaari", starts_at=in_days(20, hour=9))
    agenda = services.meeting_agenda_create(actor=c.runner.user, meeting=meeting)
    assert agenda.title == "Syysseminaari"
    assert agenda.date == in_days(20).date()
    assert agenda.start_time == dt.time(9, 0)
    assert agenda.available_minutes == meeting.duration_minutes
    assert agenda.owner == c.runner
    assert Meeting.objects.get().agenda == agenda
    assert c.runner.user.has_perm("toolkit.edit_agenda", agenda)
    with pytest.raises(services.MeetingError):
        services.meeting_agenda_create(actor=c.runner.user, meeting=meeting)
    assert Agenda.objects.count() == 1


def test_a_runner_who_cannot_plan_agendas_is_told_so(org):
    network = SelfOrganisingNetworkFactory(open_to_all=True)
    convener(network, org.people["employee"])  # a convener who is no support person
    meeting = MeetingFactory(network=network, created_by=org.people["employee"])
    with pytest.raises(services.NotAllowed):
        services.meeting_agenda_create(actor=org.people["employee"].user, meeting=meeting)
    assert not Agenda.objects.exists()
    assert Meeting.objects.get().agenda is None


# --- notes and decisions ------------------------------------------------------------------------


def test_notes_are_optimistically_locked(org):
    c = cast(org)
    meeting = MeetingFactory(network=c.network)
    meeting.network = c.network
    saved = services.meeting_notes_save(
        actor=c.runner.user, meeting=meeting, notes="# Muistio", seen_version=1
    )
    assert saved.version == 2
    with pytest.raises(services.EditConflict) as conflict:
        services.meeting_notes_save(
            actor=c.runner.user, meeting=meeting, notes="Toinen", seen_version=1
        )
    assert conflict.value.current.notes == "# Muistio"
    with pytest.raises(services.NotAllowed):
        services.meeting_notes_save(actor=c.member.user, meeting=meeting, notes="x", seen_version=2)


def test_decisions_are_added_in_order_edited_with_a_conflict_check_and_deleted(org):
    c = cast(org)
    meeting = MeetingFactory(network=c.network)
    meeting.network = c.network
    first = services.decision_add(actor=c.runner.user, meeting=meeting, text="Yksi")
    second = services.decision_add(
        actor=c.runner.user,
        meeting=meeting,
        text="Kaksi",
        responsible=c.member,
        due=dt.date(2030, 1, 1),
    )
    assert (first.position, second.position) == (0, 1)
    with pytest.raises(services.MeetingError) as refused:
        services.decision_add(
            actor=c.runner.user, meeting=meeting, text="x", responsible=org.people["team_lead"]
        )
    assert refused.value.field == "responsible"

    seen = services.decision_fingerprint(second)
    services.decision_edit(
        actor=c.runner.user, decision=second, text="Kaksi b", responsible=None, due=None, seen=seen
    )
    with pytest.raises(services.EditConflict):
        services.decision_edit(
            actor=c.runner.user, decision=second, text="Kaksi c", responsible=None, due=None,
            seen=seen,
        )  # fmt: skip
    assert MeetingDecision.objects.get(pk=second.pk).text == "Kaksi b"

    services.decision_delete(actor=c.runner.user, decision=first)
    assert list(MeetingDecision.objects.values_list("text", flat=True)) == ["Kaksi b"]
    with pytest.raises(services.NotAllowed):
        services.decision_delete(actor=c.member.user, decision=DecisionFactory(meeting=meeting))


def test_coordinators_run_any_network(org):
    network = NetworkFactory()
    meeting = _plan(org.people["coordinator"], network)
    assert meeting.created_by == org.people["coordinator"]
