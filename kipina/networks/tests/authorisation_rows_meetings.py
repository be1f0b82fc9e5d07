"""Who may open and act on network meetings.

The rows use a coordinated network run by the test organisation's support person (its
coordinator), with the support person and the employee as members. Everyone signed in sees the
meetings and a meeting's page; members and runners (the network's coordinator and the
organisation's coordinators and admins) get the calendar file — a 404 for anyone else, as it
holds the online link; runners plan, change, cancel and record; members answer.
"""

from django.urls import reverse

from kipina.core.tests.authorisation import Row, only, signed_in
from kipina.networks.tests.factories_meetings import DecisionFactory, MeetingFactory, cast, in_days

RUNNERS = {"support_person", "coordinator", "admin"}
MEMBERS = {"support_person", "employee"}
INSIDERS = RUNNERS | MEMBERS


def _meeting(org, **fields):
    c = cast(org)
    return MeetingFactory(network=c.network, created_by=c.runner, **fields)


def _meeting_url(name: str, *extra, **fields):
    def url(org) -> str:
        meeting = _meeting(org, **fields)
        return reverse(f"networks:{name}", args=[meeting.network.key, meeting.pk, *extra])

    return url


def _list(org) -> str:
    return reverse("networks:meetings", args=[_meeting(org).network.key])


def _new(org) -> str:
    return reverse("networks:meeting_new", args=[cast(org).network.key])


def _foreign_meeting(org) -> str:
    """A meeting asked for under another network's address."""
    meeting = _meeting(org)
    other = cast(org)
    return reverse("networks:meeting", args=[other.network.key, meeting.pk])


def _decision_url(name: str):
    def url(org) -> str:
        decision = DecisionFactory(meeting=_meeting(org))
        meeting = decision.meeting
        return reverse(f"networks:{name}", args=[meeting.network.key, meeting.pk, decision.pk])

    return url


def _foreign_decision(org) -> str:
    meeting = _meeting(org)
    decision = DecisionFactory(meeting=MeetingFactory(network=meeting.network))
    return reverse("networks:meeting_decision", args=[meeting.network.key, meeting.pk, decision.pk])


ROWS = {
    "networks:meetings": [
        Row(_list, signed_in(200)),
        Row(
            lambda org: reverse("networks:meetings", args=["no-such-network"]),
            signed_in(404),
            label="unknown network",
        ),
    ],
    "networks:meeting": [
        Row(_meeting_url("meeting"), signed_in(200)),
        Row(_foreign_meeting, signed_in(404), label="another network's meeting"),
    ],
    "networks:meeting_new": [Row(_new, only(RUNNERS))],
    "networks:meeting_edit": [Row(_meeting_url("meeting_edit"), only(RUNNERS))],
    "networks:meeting_cancel": [Row(_meeting_url("meeting_cancel"), only(RUNNERS))],
    "networks:meeting_ics": [Row(_meeting_url("meeting_ics"), only(INSIDERS, others=404))],
    "networks:meeting_rsvp": [
        Row(_meeting_url("meeting_rsvp"), only(MEMBERS, 302), method="post", data={"answer": "yes"})
    ],
    "networks:meeting_attendance": [
        Row(
            _meeting_url("meeting_attendance", starts_at=in_days(-1)),
            only(RUNNERS, 400),
            method="post",
            label="nobody listed",
        )
    ],
    "networks:meeting_agenda": [
        Row(_meeting_url("meeting_agenda"), only(RUNNERS, 302), method="post")
    ],
    "networks:meeting_notes": [Row(_meeting_url("meeting_notes"), only(RUNNERS))],
    "networks:meeting_decision_add": [
        Row(
            _meeting_url("meeting_decision_add"),
            only(RUNNERS, 302),
            method="post",
            data={"decision-text": "Kokeillaan uutta aloitusta."},
        )
    ],
    "networks:meeting_decision": [
        Row(_decision_url("meeting_decision"), only(RUNNERS)),
        Row(_foreign_decision, only(RUNNERS, 404), label="another meeting's decision"),
    ],
    "networks:meeting_decision_delete": [
        Row(_decision_url("meeting_decision_delete"), only(RUNNERS, 302), method="post")
    ],
}
