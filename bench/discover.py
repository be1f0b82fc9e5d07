"""Find in the seeded database what the benchmarked pages ask for; print it as JSON.

Run by `run.py` with the same environment as the server (so against the same database):

    python bench/discover.py > targets.json

Picks are deterministic for a given database: the biggest root unit, the biggest division for the
directory filter, a median-sized unit half way down the tree, the biggest team, the most common
surname (Korhonen when the data has it), and a fixed-seed sample of active people. A new page
that needs another object adds its pick here under a new key.
"""

import json
import os
import random
import statistics
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db.models import Count, Q  # noqa: E402

from kipina.agents.models import SupportPerson  # noqa: E402
from kipina.demo.personas import DEMO_PASSWORD, PERSONAS  # noqa: E402
from kipina.networks.enums import PracticeStatus  # noqa: E402
from kipina.networks.models import Network, Practice  # noqa: E402
from kipina.orders.enums import OPEN_STATES  # noqa: E402
from kipina.orders.models import Order  # noqa: E402
from kipina.org.models import Person, Team, Unit  # noqa: E402

PREFERRED_SURNAME = "Korhonen"
PERSON_SAMPLE = 500


def fail(message: str) -> None:
    print(f"discover: {message}", file=sys.stderr)
    raise SystemExit(2)


def subtree_headcounts(units: list[Unit]) -> dict[int, int]:
    """Active people in each unit's subtree, from one grouped query and the materialised paths."""
    direct = dict(
        Person.objects.filter(active=True)
        .order_by()
        .values_list("unit_id")
        .annotate(total=Count("pk"))
        .values_list("unit_id", "total")
    )
    totals: Counter[int] = Counter()
    for unit in units:
        here = direct.get(unit.pk, 0)
        if here:
            for ancestor_id in unit.ancestor_ids:
                totals[ancestor_id] += here
    return totals


def biggest(units: list[Unit], headcount: dict[int, int]) -> Unit:
    return max(units, key=lambda u: (headcount.get(u.pk, 0), [-ord(c) for c in u.code]))


def median_sized(units: list[Unit], headcount: dict[int, int]) -> Unit:
    staffed = sorted(
        (u for u in units if headcount.get(u.pk, 0) > 0),
        key=lambda u: (headcount[u.pk], u.code),
    )
    if not staffed:
        return biggest(units, headcount)
    target = statistics.median_low([headcount[u.pk] for u in staffed])
    return next(u for u in staffed if headcount[u.pk] == target)


def personas() -> dict[str, dict[str, str]]:
    """The demo accounts that exist in this database, by persona key."""
    usernames = {persona.username for persona in PERSONAS}
    present = set(
        get_user_model()
        .objects.filter(username__in=usernames, is_active=True)
        .values_list("username", flat=True)
    )
    return {
        persona.key: {"username": persona.username, "password": DEMO_PASSWORD}
        for persona in PERSONAS
        if persona.username in present
    }


def main() -> None:
    units = list(Unit.objects.only("pk", "code", "path", "depth", "parent_id"))
    if not units:
        fail("no units: was the database seeded?")
    headcount = subtree_headcounts(units)
    max_depth = max(u.depth for u in units)
    by_depth: dict[int, list[Unit]] = {}
    for unit in units:
        by_depth.setdefault(unit.depth, []).append(unit)

    root = biggest(by_depth[0], headcount)
    # Filtering the directory by the only root would be the unfiltered directory again.
    top = biggest(by_depth[1], headcount) if 1 in by_depth else root
    mid_depth = min(max(1, (max_depth + 1) // 2), max_depth)
    mid = median_sized(by_depth[mid_depth], headcount)

    team = (
        Team.objects.annotate(size=Count("members", filter=Q(members__active=True)))
        .order_by("-size", "code")
        .first()
    )
    if team is None:
        fail("no teams: was the database seeded?")

    if Person.objects.filter(active=True, last_name=PREFERRED_SURNAME).exists():
        surname = PREFERRED_SURNAME
    else:
        common = (
            Person.objects.filter(active=True)
            .values("last_name")
            .annotate(n=Count("pk"))
            .order_by("-n", "last_name")
            .first()
        )
        surname = common["last_name"] if common else "a"

    active_ids = list(
        Person.objects.filter(active=True).order_by("pk").values_list("pk", flat=True)
    )
    if not active_ids:
        fail("no active people")
    sample = random.Random(1).sample(active_ids, min(PERSON_SAMPLE, len(active_ids)))
    order_ids = list(Order.objects.order_by("pk").values_list("pk", flat=True))
    if not order_ids:
        fail("no orders: the demo support history is missing")
    order_sample = random.Random(2).sample(order_ids, min(PERSON_SAMPLE, len(order_ids)))

    # The network with the most current members: its page lists the most people and units.
    network = (
        Network.objects.filter(active=True)
        .annotate(members=Count("memberships", filter=Q(memberships__left_at__isnull=True)))
        .order_by("-members", "pk")
        .first()
    )
    if network is None:
        fail("no networks: the demo networks are missing")

    targets = {
        "personas": personas(),
        "network": network.key,
        "network_members": network.members,
        "surname": surname,
        "surname_matches": Person.objects.filter(active=True, last_name=surname).count(),
        "root_unit": root.code,
        "root_unit_headcount": headcount.get(root.pk, 0),
        "top_unit": top.code,
        "top_unit_headcount": headcount.get(top.pk, 0),
        "mid_unit": mid.code,
        "mid_unit_depth": mid.depth,
        "mid_unit_headcount": headcount.get(mid.pk, 0),
        "team": team.code,
        "team_size": team.size,
        "person_ids": sample,
        "order_ids": order_sample,
        "counts": {
            "orders": len(order_ids),
            "published_practices": Practice.objects.filter(status=PracticeStatus.PUBLISHED).count(),
            "open_orders": Order.objects.filter(state__in=OPEN_STATES).count(),
            "support_persons": SupportPerson.objects.count(),
            "people": Person.objects.count(),
            "active_people": len(active_ids),
            "units": len(units),
            "teams": Team.objects.count(),
            "unit_depth_max": max_depth,
        },
    }
    json.dump(targets, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
