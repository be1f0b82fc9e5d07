"""Meeting pages: the list, one meeting, planning and changing, answers (with and without
htmx), attendance, the agenda, notes, decisions and the calendar file."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kipina.agents.models import OtherSupportTime
from kipina.networks.enums import MeetingState, Rsvp
from kipina.networks.models import Meeting, MeetingDecision, Participation
from kipina.networks.tests.factories_meetings import (
    DecisionFactory,
    MeetingFactory,
    cast,
    in_days,
    invite,
)
from kipina.toolkit.models import Agenda

pytestmark = pytest.mark.django_db


@pytest.fixture
def en(client):
    client.cookies["django_language"] = "en"
    return client


def _url(name, meeting, *extra):
    return reverse(f"networks:{name}", args=[meeting.network.key, meeting.pk, *extra])


def _meeting(c, **fields):
    fields.setdefault("created_by", c.runner)
    return MeetingFactory(network=c.network, **fields)


# --- list and page ------------------------------------------------------------------------------


def test_the_list_shows_coming_and_past_meetings_with_counts(org, login_as, en):
    c = cast(org)
    coming = _meeting(c, title="Tuleva", online_link="https://meet.example.org/t")
    invite(coming, c.member, Rsvp.YES)
    invite(coming, c.runner, Rsvp.MAYBE)
    past = _meeting(c, title="Mennyt", starts_at=in_days(-3))
    invite(past, c.member, Rsvp.YES, attended=True)
    Meeting.objects.filter(pk=past.pk).update(attendance_recorded_at=timezone.now())
    client = login_as("employee")
    response = client.get(reverse("networks:meetings", args=[c.network.key]))
    assert response.status_code == 200
    upcoming = list(response.context["upcoming"].object_list)
    assert [meeting.title for meeting in upcoming] == ["Tuleva"]
    assert (upcoming[0].yes_count, upcoming[0].maybe_count, upcoming[0].no_count) == (1, 1, 0)
    assert upcoming[0].my_rsvp == Rsvp.YES
    past_rows = list(response.context["past"].object_list)
    assert [(m.title, m.attended_count) for m in past_rows] == [("Mennyt", 1)]
    assert b"https://meet.example.org/t" in response.content
    assert b"Plan a meeting" not in response.content

    outsider = login_as("team_lead").get(reverse("networks:meetings", args=[c.network.key]))
    assert b"https://meet.example.org/t" not in outsider.content


def test_the_meeting_page_hides_the_link_and_calendar_from_outsiders(org, login_as, en):
    c = cast(org)
    meeting = _meeting(c, online_link="https://meet.example.org/secret")
    invite(meeting, c.member, Rsvp.YES)
    member_page = login_as("employee").get(_url("meeting", meeting))
    assert b"https://meet.example.org/secret" in member_page.content
    assert _url("meeting_ics", meeting).encode() in member_page.content
    assert member_page.context["invited"]

    outsider = login_as("supervisor").get(_url("meeting", meeting))
    assert outsider.status_code == 200
    assert b"https://meet.example.org/secret" not in outsider.content
    assert _url("meeting_ics", meeting).encode() not in outsider.content
    assert outsider.context["invited"] == []
    assert b"Coming: 1" in outsider.content


def test_a_meeting_of_another_network_is_not_found(org, login_as):
    c = cast(org)
    other = cast(org)
    meeting = _meeting(other)
    url = reverse("networks:meeting", args=[c.network.key, meeting.pk])
    assert login_as("employee").get(url).status_code == 404


def test_notes_are_rendered_safely(org, login_as):
    c = cast(org)
    meeting = _meeting(c, notes="**Tärkeä** <script>alert(1)</script>")
    response = login_as("supervisor").get(_url("meeting", meeting))
    assert b"<strong>T\xc3\xa4rke\xc3\xa4</strong>" in response.content
    assert b"<script>alert(1)" not in response.content


# --- planning and changing ----------------------------------------------------------------------


def _form(**overrides):
    data = {
        "title": "Verkostopäivä",
        "date": in_days(14).date().isoformat(),
        "start_time": "13:00",
        "duration_minutes": "120",
        "place": "Kaisla",
        "online_link": "",
    }
    data.update(overrides)
    return data


def test_planning_a_meeting_invites_the_members(org, login_as):
    c = cast(org)
    client = login_as("support_person")
    url = reverse("networks:meeting_new", args=[c.network.key])
    assert client.get(url).status_code == 200
    response = client.post(url, _form())
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("meeting", meeting)
    assert timezone.localtime(meeting.starts_at).time() == dt.time(13, 0)
    assert Participation.objects.filter(meeting=meeting).count() == 2


def test_a_meeting_without_place_or_link_is_refused_beside_the_place(org, login_as, en):
    c = cast(org)
    response = login_as("support_person").post(
        reverse("networks:meeting_new", args=[c.network.key]), _form(place="")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["place"] == ["Give a place, an online link or both."]
    assert not Meeting.objects.exists()


def test_an_edit_from_an_old_version_gets_the_conflict_page(org, login_as, en):
    c = cast(org)
    meeting = _meeting(c)
    Meeting.objects.filter(pk=meeting.pk).update(title="Joku muutti", version=2)
    client = login_as("support_person")
    response = client.post(_url("meeting_edit", meeting), _form(version="1"))
    assert response.status_code == 409
    assert b"Joku muutti" in response.content
    assert Meeting.objects.get().title == "Joku muutti"
    # The form moved on to the saved version: saving again works.
    assert response.context["form"]["version"].value() == "2"
    again = client.post(_url("meeting_edit", meeting), _form(version="2"))
    assert again.status_code == 302
    assert Meeting.objects.get().title == "Verkostopäivä"


def test_cancelling_asks_first_and_then_cancels(org, login_as):
    c = cast(org)
    meeting = _meeting(c)
    client = login_as("support_person")
    assert client.get(_url("meeting_cancel", meeting)).status_code == 200
    assert client.post(_url("meeting_cancel", meeting)).status_code == 302
    assert Meeting.objects.get().state == MeetingState.CANCELLED


# --- answers ------------------------------------------------------------------------------------


def test_answering_without_javascript_redirects_back(org, login_as):
    c = cast(org)
    meeting = _meeting(c)
    response = login_as("employee").post(_url("meeting_rsvp", meeting), {"answer": "maybe"})
    assert response.status_code == 302
    assert response["Location"].endswith("#rsvp")
    assert Participation.objects.get(person=c.member).rsvp == Rsvp.MAYBE


def test_answering_with_htmx_returns_the_answers_part(org, login_as, en):
    c = cast(org)
    meeting = _meeting(c)
    response = login_as("employee").post(
        _url("meeting_rsvp", meeting), {"answer": "yes"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="rsvp">')
    assert "Your answer is saved." in content and "Coming: 1" in content
    assert "<html" not in content


def test_a_started_meeting_takes_no_answers(org, login_as, en):
    c = cast(org)
    meeting = _meeting(c, starts_at=timezone.now() - dt.timedelta(minutes=5))
    response = login_as("employee").post(_url("meeting_rsvp", meeting), {"answer": "yes"})
    assert response.status_code == 400
    assert b"answers are closed" in response.content
    assert not Participation.objects.exists()


# --- attendance ---------------------------------------------------------------------------------


def test_attendance_is_ticked_from_yes_answers_and_saved(org, login_as):
    c = cast(org)
    meeting = _meeting(c, starts_at=in_days(-1))
    invite(meeting, c.runner, Rsvp.YES)
    client = login_as("support_person")
    page = client.get(_url("meeting", meeting))
    form = page.context["attendance"]["form"]
    assert form.initial["present"] == [c.runner.pk]
    assert set(form.initial["listed"]) == {c.runner.pk, c.member.pk}

    response = client.post(
        _url("meeting_attendance", meeting),
        {"listed": [c.runner.pk, c.member.pk], "present": [c.member.pk]},
    )
    assert response.status_code == 302
    assert dict(Participation.objects.values_list("person", "attended")) == {
        c.runner.pk: False,
        c.member.pk: True,
    }
    assert not OtherSupportTime.objects.exists()  # the support person was not there


def test_no_attendance_form_before_the_start(org, login_as):
    c = cast(org)
    meeting = _meeting(c)
    assert login_as("support_person").get(_url("meeting", meeting)).context["attendance"] is None


# --- agenda -------------------------------------------------------------------------------------


def test_creating_the_agenda_opens_the_builder_and_the_page_shows_it(org, login_as, en):
    c = cast(org)
    meeting = _meeting(c, title="Syysseminaari")
    client = login_as("support_person")
    response = client.post(_url("meeting_agenda", meeting))
    agenda = Agenda.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("toolkit:agenda", args=[agenda.pk]) + "#add-block"
    assert client.get(response["Location"]).status_code == 200
    agenda.blocks.create(kind="own", title="Kuulumiskierros", minutes=20, position=0)

    page = client.get(_url("meeting", meeting))
    assert b"Kuulumiskierros" in page.content
    assert b"Edit the agenda in the agenda builder" in page.content
    member_page = login_as("employee").get(_url("meeting", meeting))
    assert b"Kuulumiskierros" in member_page.content
    assert b"Edit the agenda in the agenda builder" not in member_page.content


def test_every_runner_of_the_network_plans_the_meeting_agenda(org, login_as, en):
    c = cast(org)
    meeting = _meeting(c)
    login_as("support_person").post(_url("meeting_agenda", meeting))
    agenda = Agenda.objects.get()
    assert agenda.owner == c.runner
    # The organisation's coordinator runs every network: the agenda is theirs to plan too.
    coordinator = login_as("coordinator")
    assert (
        b"Edit the agenda in the agenda builder"
        in coordinator.get(_url("meeting", meeting)).content
    )
    builder = coordinator.get(reverse("toolkit:agenda", args=[agenda.pk]))
    assert builder.status_code == 200 and b"Add a block" in builder.content
    added = coordinator.post(
        reverse("toolkit:block_add", args=[agenda.pk]),
        {"kind": "own", "title": "Kuulumiset", "minutes": "10", "version": agenda.version},
    )
    assert added.status_code == 302
    assert list(agenda.blocks.values_list("title", flat=True)) == ["Kuulumiset"]
    # A member who does not run the network only reads it on the meeting page.
    member = login_as("employee")
    refused = member.post(
        reverse("toolkit:block_add", args=[agenda.pk]),
        {"kind": "own", "title": "Oma", "minutes": "5", "version": agenda.version + 1},
    )
    assert refused.status_code in (403, 404)
    assert agenda.blocks.count() == 1


def test_the_shared_agenda_is_looked_up_once_per_agenda_and_user(org, django_assert_num_queries):
    from kipina.core.permissions import allowed

    c = cast(org)
    meeting = _meeting(c)
    agenda = Agenda.objects.create(
        title="Tapaaminen", start_time="09:00", available_minutes=60, owner=c.runner
    )
    meeting.agenda = agenda
    meeting.save()
    coordinator = org.people["coordinator"].user
    agenda = Agenda.objects.get(pk=agenda.pk)
    assert allowed(coordinator, "toolkit.edit_agenda", agenda)
    with django_assert_num_queries(0):
        assert allowed(coordinator, "toolkit.edit_agenda", agenda)
        assert allowed(coordinator, "toolkit.view_agenda", agenda)
    assert not allowed(org.people["employee"].user, "toolkit.edit_agenda", agenda)


def test_another_agenda_of_the_runner_stays_theirs(org, login_as, en):
    c = cast(org)
    own = Agenda.objects.create(
        title="Oma työpaja", start_time="09:00", available_minutes=60, owner=c.runner
    )
    coordinator = login_as("coordinator")
    response = coordinator.post(
        reverse("toolkit:block_add", args=[own.pk]),
        {"kind": "own", "title": "Ei", "minutes": "5", "version": own.version},
    )
    assert response.status_code == 403
    assert not own.blocks.exists()


# --- notes and decisions ------------------------------------------------------------------------


def test_notes_conflict_keeps_both_texts(org, login_as, en):
    c = cast(org)
    meeting = _meeting(c)
    client = login_as("support_person")
    url = _url("meeting_notes", meeting)
    assert client.post(url, {"notes": "Ensimmäinen", "version": "1"}).status_code == 302
    response = client.post(url, {"notes": "Minun versioni", "version": "1"})
    assert response.status_code == 409
    content = response.content.decode()
    assert "Ensimmäinen" in content and "Minun versioni" in content
    assert Meeting.objects.get().notes == "Ensimmäinen"


def test_decisions_are_added_edited_and_deleted(org, login_as):
    c = cast(org)
    meeting = _meeting(c)
    client = login_as("support_person")
    response = client.post(
        _url("meeting_decision_add", meeting),
        {"decision-text": "Kokeillaan", "decision-responsible": c.member.pk, "decision-due": ""},
    )
    assert response.status_code == 302
    decision = MeetingDecision.objects.get()
    assert decision.responsible == c.member

    edit_url = _url("meeting_decision", meeting, decision.pk)
    seen = client.get(edit_url).context["form"]["seen"].value()
    response = client.post(
        edit_url, {"text": "Kokeillaan kaksi viikkoa", "responsible": "", "due": "", "seen": seen}
    )
    assert response.status_code == 302
    stale = client.post(edit_url, {"text": "Vanha", "responsible": "", "due": "", "seen": seen})
    assert stale.status_code == 409
    assert MeetingDecision.objects.get().text == "Kokeillaan kaksi viikkoa"

    other = DecisionFactory(meeting=meeting)
    assert client.post(_url("meeting_decision_delete", meeting, other.pk)).status_code == 302
    assert list(MeetingDecision.objects.values_list("pk", flat=True)) == [decision.pk]


def test_an_empty_decision_is_refused_on_the_page(org, login_as):
    c = cast(org)
    meeting = _meeting(c)
    response = login_as("support_person").post(
        _url("meeting_decision_add", meeting), {"decision-text": ""}
    )
    assert response.status_code == 400
    assert "text" in response.context["decision_form"].errors


# --- calendar file ------------------------------------------------------------------------------


def test_members_download_the_calendar_file(org, login_as):
    c = cast(org)
    meeting = _meeting(c)
    response = login_as("employee").get(_url("meeting_ics", meeting))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert f"UID:{meeting.uid}@kipina".encode() in response.content
    assert login_as("supervisor").get(_url("meeting_ics", meeting)).status_code == 404
