"""The demo's support networks: three networks of the promised sizes across many units, run by
the personas the demo promises; two years of meetings with agendas, answers, attendance, notes
and decisions, and the support time they count; 60+ good practices with consistent "helped"
counts, findable by an inflected word; determinism, and removal on reset."""

import datetime as dt
import json
from collections import defaultdict
from decimal import Decimal

import pytest
import rules
from django.db.models import Count

from kipina.agents.models import OtherSupportTime, SupportPerson
from kipina.core.models import SearchEntry
from kipina.core.search import index as search_index
from kipina.demo import networks_loader
from kipina.demo.generator import DEFAULT_PEOPLE, DEFAULT_SEED
from kipina.demo.loader import seed_demo_organisation, wipe_organisation
from kipina.demo.support_content import SERVICES
from kipina.learning.enums import ResourceStatus
from kipina.networks.enums import (
    PRACTICE_SEARCH_KIND,
    MeetingState,
    MemberRole,
    NetworkKind,
    PracticeStatus,
    Rsvp,
)
from kipina.networks.models import (
    Meeting,
    MeetingDecision,
    Membership,
    Network,
    Participation,
    Practice,
    PracticeComment,
    PracticeReaction,
    PracticeTag,
)
from kipina.org.models import Person
from kipina.toolkit.enums import BlockKind
from kipina.toolkit.models import Agenda

ANCHOR = dt.date(2026, 3, 18)
LEARNING, HACKERS, CHANGE = "oppimisagentit", "tyokulttuurihakkerit", "muutosagentit"


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def network_rows() -> dict[str, int]:
    return {
        "networks": Network.objects.count(),
        "memberships": Membership.objects.count(),
        "meetings": Meeting.objects.count(),
        "participations": Participation.objects.count(),
        "decisions": MeetingDecision.objects.count(),
        "support time": OtherSupportTime.objects.count(),
        "practices": Practice.objects.count(),
        "tags": PracticeTag.objects.count(),
        "comments": PracticeComment.objects.count(),
        "reactions": PracticeReaction.objects.count(),
        "search entries": SearchEntry.objects.filter(kind=PRACTICE_SEARCH_KIND).count(),
        "meeting agendas": Agenda.objects.filter(network_meeting__isnull=False).count(),
    }


def test_the_content_refers_only_to_what_exists():
    methods = json.loads(
        (networks_loader.CONTENT.parent / "toolkit_content" / "methods.json").read_text("utf-8")
    )["methods"]
    published = {
        m["key"]: m["duration"]
        for m in methods
        if m["status"] == "published" and m["language"] == "fi"
    }
    resources = json.loads(
        (networks_loader.CONTENT.parent / "learning_content" / "resources.json").read_text("utf-8")
    )["resources"]
    catalogue = {r["key"] for r in resources if r["status"] == ResourceStatus.PUBLISHED}
    services = {service.code for service in SERVICES}

    networks = networks_loader.read_networks()
    assert [n["key"] for n in networks] == [LEARNING, HACKERS, CHANGE]
    meetings = 0
    for network in networks:
        assert network["purpose"].count(".") >= 2
        assert 2 <= len(network["upcoming"]) <= 3
        meetings += len(network["meetings"]) + len(network["upcoming"])
        for meeting in network["meetings"] + network["upcoming"]:
            assert sum(block[-1] for block in meeting["blocks"]) <= network["schedule"]["minutes"]
            for block in meeting["blocks"]:
                if block[0] not in ("own", BlockKind.BREAK):
                    low, high = published[block[0]]
                    assert low <= block[1] <= high, (meeting["title"], block)
        for meeting in network["meetings"]:
            if not meeting.get("cancelled"):
                assert meeting["notes"] and 1 <= len(meeting["decisions"]) <= 3, meeting["title"]
    assert meetings >= 60

    practices = networks_loader.read_practices()
    assert len(practices) >= 60
    assert {p["network"] for p in practices} == {LEARNING, HACKERS, CHANGE}
    titles = [p["title"] for p in practices]
    assert len(set(titles)) == len(titles)
    for practice in practices:
        assert set(practice["methods"]) <= set(published), practice["title"]
        assert set(practice["resources"]) <= catalogue, practice["title"]
        assert practice["order"] is None or practice["order"] in services
        assert 1 <= len(practice["tags"]) <= 10
        if practice["status"] == PracticeStatus.PUBLISHED:
            for text in (practice["situation"], practice["did"], practice["learned"]):
                assert text.count(".") >= 1, practice["title"]


def expected_support_time() -> set[tuple[int, str, dt.date, Decimal]]:
    """What kipina.networks.services_meetings keeps for every meeting: a row per support person
    who was there (attendance recorded) or said yes (not yet), in networks that count."""
    support_persons = dict(SupportPerson.objects.values_list("person_id", "pk"))
    expected = set()
    meetings = Meeting.objects.filter(
        network__meetings_count_as_support_time=True, state=MeetingState.PLANNED
    ).select_related("network")
    for meeting in meetings:
        invited = meeting.participations.all()
        if meeting.attendance_recorded_at is None:
            invited = invited.filter(rsvp=Rsvp.YES)
        else:
            invited = invited.filter(attended=True)
        hours = (Decimal(meeting.duration_minutes) / 60).quantize(Decimal("0.01"))
        for person in invited.values_list("person_id", flat=True):
            if person in support_persons:
                expected.add(
                    (
                        support_persons[person],
                        f"networks.meeting:{meeting.pk}",
                        meeting.starts_at.astimezone(meeting.starts_at.tzinfo).date(),
                        hours,
                    )
                )
    return expected


@pytest.mark.django_db
def test_the_default_demo_has_three_networks_meetings_and_practices():
    seed_demo_organisation(people=DEFAULT_PEOPLE, seed=DEFAULT_SEED, anchor=ANCHOR)
    networks = {network.key: network for network in Network.objects.all()}
    assert set(networks) == {LEARNING, HACKERS, CHANGE}
    persona = {
        name: Person.objects.get(user__username=name) for name in ("tukihenkilo", "koordinaattori")
    }
    support_people = set(SupportPerson.objects.active().values_list("person_id", flat=True))

    # Sizes, kinds, units reached and who runs each network.
    sizes = {LEARNING: 40, HACKERS: 20, CHANGE: 25}
    for key, network in networks.items():
        current = network.memberships.current()
        assert current.count() == sizes[key], key
        units = current.values("person__unit").distinct().count()
        assert units >= sizes[key] * 0.7, (key, units)
        assert network.memberships.filter(left_at__isnull=False).exists()
    learning, hackers, change = networks[LEARNING], networks[HACKERS], networks[CHANGE]
    assert learning.kind == change.kind == NetworkKind.COORDINATED
    assert learning.coordinator == persona["koordinaattori"]
    assert change.coordinator is not None and change.coordinator.user.username not in (
        "koordinaattori",
        "tukihenkilo",
    )
    assert hackers.kind == NetworkKind.SELF_ORGANISING and hackers.open_to_all
    conveners = hackers.memberships.current().filter(role=MemberRole.CONVENER)
    assert conveners.count() == 2
    assert conveners.filter(person=persona["tukihenkilo"]).exists()
    outsiders = hackers.memberships.current().exclude(person__in=support_people)
    assert 1 <= outsiders.count() <= 5
    for network in (learning, change):
        others = network.memberships.current().exclude(person__in=support_people)
        assert set(others.values_list("person", flat=True)) <= {network.coordinator_id}
    tukihenkilo, koordinaattori = persona["tukihenkilo"].user, persona["koordinaattori"].user
    assert rules.has_perm("networks.run_network", koordinaattori, learning)
    assert rules.has_perm("networks.run_network", tukihenkilo, hackers)
    assert not rules.has_perm("networks.run_network", tukihenkilo, learning)
    assert rules.has_perm("networks.run_network", change.coordinator.user, change)
    assert learning.meetings_count_as_support_time and not hackers.meetings_count_as_support_time

    # Meetings: two years of them, each with an agenda; past ones with answers, recorded
    # attendance, notes and decisions; two or three upcoming per network.
    now = dt.datetime.combine(ANCHOR, dt.time(12), tzinfo=dt.UTC)
    assert Meeting.objects.count() >= 60
    for network in networks.values():
        meetings = list(network.meetings.select_related("agenda").order_by("starts_at"))
        past = [m for m in meetings if m.starts_at < now]
        upcoming = [m for m in meetings if m.starts_at > now]
        assert past[0].starts_at.date() <= ANCHOR - dt.timedelta(days=600), network.key
        assert 2 <= len(upcoming) <= 3
        members = list(network.memberships.all())
        for meeting in meetings:
            meeting.full_clean()
            assert meeting.agenda is not None and meeting.agenda.date == meeting.starts_at.date()
            blocks = list(meeting.agenda.blocks.all())
            assert blocks and sum(b.minutes for b in blocks) <= meeting.duration_minutes
            for block in blocks:
                block.full_clean()
            invited = set(meeting.participations.values_list("person", flat=True))
            assert invited
            assert invited <= {m.person_id for m in members if m.joined_at < meeting.starts_at}
        attended = invited_total = 0
        for meeting in past:
            rows = list(meeting.participations.all())
            if meeting.state == MeetingState.CANCELLED:
                assert all(row.attended is None for row in rows)
                continue
            assert meeting.attendance_recorded_at is not None and meeting.notes
            assert 1 <= meeting.decisions.count() <= 3
            assert all(row.attended is not None for row in rows)
            assert all(
                row.answered_at is None or row.answered_at < meeting.starts_at for row in rows
            )
            attended += sum(row.attended for row in rows)
            invited_total += len(rows)
        assert 0.55 <= attended / invited_total <= 0.85, (network.key, attended / invited_total)
        for meeting in upcoming:
            rows = list(meeting.participations.all())
            assert meeting.attendance_recorded_at is None and not meeting.decisions.exists()
            assert all(row.attended is None for row in rows)
            assert any(row.rsvp for row in rows) and any(not row.rsvp for row in rows)
    assert Meeting.objects.filter(state=MeetingState.CANCELLED).count() == 1

    # Support time: exactly what the meeting services would have written.
    written = set(
        OtherSupportTime.objects.filter(source__startswith="networks.meeting:").values_list(
            "support_person", "source", "date", "hours"
        )
    )
    assert written and written == expected_support_time()
    for row in OtherSupportTime.objects.select_related("support_person")[:50]:
        meeting = Meeting.objects.get(pk=int(row.source.split(":")[1]))
        assert row.description == f"{meeting.network.name}: {meeting.title}"

    # Good practices: 60+, mostly published, spread over the networks and two years.
    practices = Practice.objects.all()
    assert practices.count() >= 60
    published = practices.filter(status=PracticeStatus.PUBLISHED)
    assert published.count() >= 55 and practices.filter(status=PracticeStatus.DRAFT).exists()
    assert published.earliest("published_at").published_at.date() <= ANCHOR - dt.timedelta(days=600)
    reactions = dict(
        PracticeReaction.objects.values("practice")
        .annotate(n=Count("id"))
        .values_list("practice", "n")
    )
    for practice in practices:
        assert practice.helped_count == reactions.get(practice.pk, 0)
        assert practice.tags.exists()
        assert Membership.objects.filter(network=practice.network, person=practice.author).exists()
        for order in practice.orders.select_related("support_person"):
            assert order.support_person.person_id == practice.author_id
    assert sum(reactions.values()) >= 200
    assert not PracticeReaction.objects.filter(practice__status=PracticeStatus.DRAFT).exists()
    commented = published.filter(comments__isnull=False).distinct().count()
    assert commented >= published.count() / 3
    assert Practice.methods.through.objects.exists() and Practice.resources.through.objects.exists()
    assert Practice.orders.through.objects.count() >= 10

    # Searchable: every published practice is indexed, and an inflected word finds one.
    indexed = set(
        SearchEntry.objects.filter(kind=PRACTICE_SEARCH_KIND).values_list("object_id", flat=True)
    )
    assert indexed == set(published.values_list("pk", flat=True))
    hits = search_index.search(PRACTICE_SEARCH_KIND, "varjostuspäivistä")
    found = set(
        Practice.objects.filter(pk__in=[h.object_id for h in hits or []]).values_list(
            "title", flat=True
        )
    )
    assert "Varjostuspäivä päivystyksen ja osaston välillä" in found


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_networks_and_reset_removes_them():
    def digest() -> list:
        by_network: dict[str, list] = defaultdict(list)
        for row in Participation.objects.values_list(
            "meeting__network__key",
            "meeting__starts_at",
            "person__employee_number",
            "rsvp",
            "attended",
        ):
            by_network[row[0]].append(row[1:])
        return [
            sorted(
                Membership.objects.values_list(
                    "network__key", "person__employee_number", "role", "joined_at", "left_at"
                ),
                key=str,
            ),
            {key: sorted(rows, key=str) for key, rows in by_network.items()},
            sorted(
                Practice.objects.values_list(
                    "title", "author__employee_number", "helped_count", "published_at"
                ),
                key=str,
            ),
            sorted(
                OtherSupportTime.objects.values_list(
                    "support_person__person__employee_number", "date", "hours"
                )
            ),
        ]

    seed_demo_organisation(people=120, seed=4, anchor=ANCHOR)
    first, rows = digest(), network_rows()
    assert all(rows.values()), rows

    seed_demo_organisation(people=120, seed=4, anchor=ANCHOR, reset=True)

    assert digest() == first
    assert network_rows() == rows

    wipe_organisation()

    assert set(network_rows().values()) == {0}
