"""The order lists run the same number of queries with 1 row as with 50 (no N+1).

Each growth step adds to every list at once: submitted orders (queue, my and team orders),
claimable orders (desk), assigned orders with sessions and hours (desk, load, budget) and support
persons with time shares, skills and absences (queue suggestions, load).
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kipina.agents.models import Absence, Skill
from kipina.core.cache_versions import clear_memos
from kipina.orders.enums import AssignmentMode, OrderState
from kipina.orders.models import Order, Session, TimeEntry
from kipina.orders.tests.factories import OrderFactory, ServiceFactory, make_allocation
from kipina.org.tests.factories import PersonFactory, make_language, make_support_person

pytestmark = pytest.mark.django_db


def _queries(client: Client, url: str, **kwargs) -> int:
    # Every measurement starts cold: cached history figures must not hide a query.
    cache.clear()
    clear_memos()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    return len(captured)


def _grow(org, rows: int) -> None:
    fi = make_language("fi")
    lean = Skill.objects.get_or_create(
        code="q-lean", defaults={"name_fi": "Lean", "name_sv": "Lean", "name_en": "Lean"}
    )[0]
    claim = ServiceFactory(code="claimable", assignment_mode=AssignmentMode.CLAIM)
    helper = org.people["support_person"].support_profile
    if not helper.allocations.exists():
        # A full-time share: the fifty orders assigned below (200 h, spread over the coming
        # months) leave room, so the desk still finds claimable orders that fit.
        make_allocation(helper, percent=Decimal(100))
    today = timezone.localdate()
    for index in range(rows):
        person = PersonFactory(unit=org.unit, team=org.team, supervisor=org.people["supervisor"])
        person.languages.add(fi)
        support_person = make_support_person(person)
        support_person.skills.add(lean)
        make_allocation(support_person)
        Absence.objects.create(
            support_person=support_person,
            start=today + dt.timedelta(days=20),
            end=today + dt.timedelta(days=21),
        )
        service = ServiceFactory(required_skills=[lean] if index % 2 else [])
        waiting = OrderFactory(service=service, requester=org.people["employee"])
        Order.objects.filter(pk=waiting.pk).update(
            submitted_at=timezone.now() - dt.timedelta(days=5 + index)
        )
        OrderFactory(service=claim, requester=org.people["team_lead"])
        assigned = OrderFactory(
            service=service,
            requester=org.people["employee"],
            state=OrderState.ASSIGNED,
            support_person=helper,
        )
        Session.objects.create(
            order=assigned,
            start=timezone.now() + dt.timedelta(days=3 + index % 40),
            duration_minutes=60,
            place="Huone 1",
        )
        TimeEntry.objects.create(
            order=assigned, support_person=helper, date=today, hours=Decimal("0.5")
        )


PAGES = {
    "queue": ("coordinator", lambda org: reverse("orders:queue")),
    "queue, every state": ("coordinator", lambda org: reverse("orders:queue") + "?state=all"),
    "queue, filtered": (
        "coordinator",
        lambda org: reverse("orders:queue") + f"?unit={org.root.code}&age=3wd",
    ),
    "desk": ("support_person", lambda org: reverse("orders:desk")),
    "my orders": ("employee", lambda org: reverse("orders:mine")),
    "team orders": ("team_lead", lambda org: reverse("orders:team", args=[org.team.code])),
    "load": ("coordinator", lambda org: reverse("orders:load")),
    "load, filtered": (
        "coordinator",
        lambda org: reverse("orders:load") + f"?unit={org.root.code}",
    ),
    "budget": (
        "supervisor",
        lambda org: reverse(
            "orders:budget", args=[org.people["support_person"].support_profile.pk]
        ),
    ),
}


@pytest.mark.parametrize("page", PAGES)
def test_order_lists_do_not_grow_queries_with_rows(org, page):
    persona, url_of = PAGES[page]
    client = Client()
    client.force_login(org.people[persona].user)
    url = url_of(org)
    _grow(org, 1)
    with_one = _queries(client, url)
    _grow(org, 49)
    with_fifty = _queries(client, url)
    assert with_fifty == with_one, f"{page}: {with_one} queries with 1 row, {with_fifty} with 50"


def test_queue_page_stays_small(org):
    """25 rows with three suggestions each: one candidate pool for the whole page."""
    client = Client()
    client.force_login(org.people["coordinator"].user)
    _grow(org, 30)
    response = client.get(reverse("orders:queue"))
    assert len(response.context["page"].object_list) == 25
    assert any(order.suggestions for order in response.context["page"].object_list)
    # Measured cold; three of these read the support-pool version the memoised figures hang on.
    assert _queries(client, reverse("orders:queue")) <= 32
    assert _queries(client, reverse("orders:queue"), headers={"HX-Request": "true"}) <= 28
