"""The pages `make bench` drives, in report order.

Plain Python with no Django and no locust imports: `run.py` reads it for the report, the
locustfile for the URLs. A page's `name` becomes the second part of its figures
(`page.<name>.<db>.<metric>_<unit>`), so never rename one: add a new name instead.

`path(targets, rng)` builds the URL of one request. `targets` is what `discover.py` found in the
seeded database (unit codes, team codes, person ids, ...); `rng` is the virtual user's own
random generator, so pages that spread over many objects stay reproducible per run.
"""

from collections.abc import Callable
from dataclasses import dataclass
from random import Random
from urllib.parse import quote, urlencode

Targets = dict


@dataclass(frozen=True)
class Page:
    name: str
    label: str
    path: Callable[[Targets, Random], str]
    # Who is signed in: a key of kipina.demo.personas.PERSONAS.
    persona: str = "coordinator"


# Inflected and compound Finnish, as people type them: the demo's practices have their base
# forms (perehdytys, palaute, varjostuspäivä, oppimispäiväkirja, ...).
PRACTICE_QUERIES = (
    "perehdytyksessä",
    "palautteen",
    "varjostuspäivistä",
    "oppimispäiväkirjaa",
    "taukotilassa",
    "kollegoilta",
    "mentoroinnissa",
    "kokeilu",
    "tiimien palaverit",
    "digitaidoissa",
)

# A view that does no database work behind the full middleware stack (config/urls_bench.py):
# every page's time is also reported as a multiple of it.
BARE = Page("bare", "bare view (no DB)", lambda targets, rng: "/bench/bare")

PAGES: list[Page] = [
    Page("home", "home /", lambda targets, rng: "/"),
    Page("directory", "directory", lambda targets, rng: "/org/people/"),
    # An ordinary employee's view: no people who have left, no HR filters.
    Page(
        "directory_employee",
        "directory, as employee",
        lambda targets, rng: "/org/people/",
        persona="employee",
    ),
    Page(
        "directory_search",
        "directory, search",
        lambda targets, rng: "/org/people/?" + urlencode({"q": targets["surname"]}),
    ),
    Page(
        "directory_unit",
        "directory, top unit filter",
        lambda targets, rng: "/org/people/?" + urlencode({"unit": targets["top_unit"]}),
    ),
    Page("unit_index", "unit index", lambda targets, rng: "/org/units/"),
    Page(
        "unit_root",
        "unit page, root",
        lambda targets, rng: f"/org/units/{quote(targets['root_unit'])}/",
    ),
    Page(
        "unit_mid",
        "unit page, mid-level",
        lambda targets, rng: f"/org/units/{quote(targets['mid_unit'])}/",
    ),
    Page("team", "team page", lambda targets, rng: f"/org/teams/{quote(targets['team'])}/"),
    Page(
        "person",
        "person page, random",
        lambda targets, rng: f"/org/people/{rng.choice(targets['person_ids'])}/",
    ),
    # Issue 3: the support-ordering pages over about two orders per person.
    Page("queue", "coordinator's queue", lambda targets, rng: "/orders/queue/"),
    Page(
        "queue_all_open",
        "queue, all open orders",
        lambda targets, rng: "/orders/queue/?" + urlencode({"state": "open"}),
    ),
    Page("desk", "support person's desk", lambda targets, rng: "/orders/desk/", "support_person"),
    Page("my_orders", "my and my team's orders", lambda targets, rng: "/orders/", "team_lead"),
    Page("load", "support persons' load", lambda targets, rng: "/orders/load/"),
    Page("support_directory", "who supports learning here", lambda targets, rng: "/support/"),
    Page(
        "order",
        "order page, random",
        lambda targets, rng: f"/orders/{rng.choice(targets['order_ids'])}/",
    ),
    # Issue 6: the biggest network's page (members by unit, silo coverage, coming meetings,
    # recent practices) and the good-practice search with inflected Finnish words.
    Page(
        "network",
        "network page, biggest",
        lambda targets, rng: f"/networks/{quote(targets['network'])}/",
        "employee",
    ),
    Page(
        "practice_search",
        "good practices, search",
        lambda targets, rng: (
            "/networks/practices/?" + urlencode({"q": rng.choice(PRACTICE_QUERIES)})
        ),
        "employee",
    ),
]


def all_pages() -> list[Page]:
    """The bare view first, then the pages: one measured phase each, in this order."""
    return [BARE, *PAGES]


def personas_needed() -> list[str]:
    return sorted({page.persona for page in all_pages()})
