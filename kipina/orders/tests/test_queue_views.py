"""The order lists as their users see them: queue, desk, my and my team's orders, load, budget."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from kipina.agents.enums import ServiceScope
from kipina.agents.models import Skill
from kipina.orders.enums import AssignmentMode, OrderState
from kipina.orders.models import Order, TimeEntry
from kipina.orders.tests.factories import (
    OrderFactory,
    ServiceFactory,
    make_allocation,
    order_in_state,
)
from kipina.org.tests.factories import PersonFactory, make_support_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def helper(org):
    support_person = org.people["support_person"].support_profile
    make_allocation(support_person)
    return support_person


def submitted(org, **fields):
    fields.setdefault("requester", org.people["employee"])
    return OrderFactory(**fields)


def age(order: Order, days: int) -> Order:
    Order.objects.filter(pk=order.pk).update(submitted_at=timezone.now() - dt.timedelta(days=days))
    return order


# --- queue ----------------------------------------------------------------------------------


def test_queue_lists_submitted_orders_oldest_first_with_suggestions(org, login_as, english):
    support_person = helper(org)
    newer = submitted(org)
    older = age(submitted(org), 5)
    order_in_state(org, OrderState.ASSIGNED)  # not in the default view
    response = login_as("coordinator").get(reverse("orders:queue"))
    assert response.status_code == 200
    orders = list(response.context["page"].object_list)
    assert [o.pk for o in orders] == [older.pk, newer.pk]
    (suggestion,) = orders[0].suggestions
    assert suggestion.support_person == support_person
    html = response.content.decode()
    assert "From the same team" in html
    assert f'action="{reverse("orders:assign", args=[older.pk])}"' in html
    assert f'name="support_person" value="{support_person.pk}"' in html
    assert 'name="next" value="/orders/queue/"' in html


def test_queue_filters(org, login_as):
    lean = ServiceFactory(code="lean-tools-q")
    in_ward = submitted(org, service=lean)
    in_pay = age(OrderFactory(requester=org.people["coordinator"]), 10)
    assigned = order_in_state(org, OrderState.ASSIGNED)
    client = login_as("coordinator")

    def shown(query: str) -> set[int]:
        response = client.get(reverse("orders:queue") + query)
        assert response.status_code == 200
        return {order.pk for order in response.context["page"].object_list}

    assert shown("") == {in_ward.pk, in_pay.pk}
    assert shown("?state=all") == {in_ward.pk, in_pay.pk, assigned.pk}
    assert shown("?state=assigned") == {assigned.pk}
    assert shown("?service=lean-tools-q") == {in_ward.pk}
    assert shown(f"?unit={org.division.code}") == {in_ward.pk}
    assert shown(f"?unit={org.root.code}") == {in_ward.pk, in_pay.pk}
    assert shown("?age=1w") == {in_pay.pk}
    assert shown("?age=2w") == set()


def test_queue_htmx_request_gets_only_the_results(org, login_as):
    submitted(org)
    response = login_as("coordinator").get(reverse("orders:queue"), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'id="results"' in html
    assert "<h1>" not in html and '<form class="filters"' not in html


def test_queue_shows_when_nobody_fits(org, login_as, english):
    submitted(org)  # the support person has no time share
    response = login_as("coordinator").get(reverse("orders:queue"))
    assert "Nobody passes every matching rule." in response.content.decode()


def test_one_click_assign_from_the_queue(org, login_as):
    support_person = helper(org)
    order = submitted(org)
    client = login_as("coordinator")
    response = client.post(
        reverse("orders:assign", args=[order.pk]),
        {"support_person": support_person.pk, "seen_state": "submitted", "next": "/orders/queue/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/orders/queue/"
    order.refresh_from_db()
    assert order.state == OrderState.ASSIGNED
    assert order.support_person == support_person


def test_accepting_from_the_desk_returns_to_the_desk(org, login_as):
    helper(org)
    order = order_in_state(org, OrderState.ASSIGNED)
    response = login_as("support_person").post(
        reverse("orders:accept", args=[order.pk]),
        {"seen_state": "assigned", "next": reverse("orders:desk")},
    )
    assert response["Location"] == reverse("orders:desk")
    order.refresh_from_db()
    assert order.accepted_at is not None


# --- desk -----------------------------------------------------------------------------------


def test_desk_lists_my_orders_waiting_for_my_answer_first(org, login_as, english):
    helper(org)
    planned = order_in_state(org, OrderState.PLANNED)
    waiting = order_in_state(org, OrderState.ASSIGNED)
    delivered = order_in_state(org, OrderState.DELIVERED)
    order_in_state(org, OrderState.CLOSED)
    response = login_as("support_person").get(reverse("orders:desk"))
    assert response.status_code == 200
    assert [o.pk for o in response.context["page"].object_list] == [
        waiting.pk,
        planned.pk,
        delivered.pk,
    ]
    html = response.content.decode()
    assert reverse("orders:accept", args=[waiting.pk]) in html
    assert reverse("orders:return", args=[waiting.pk]) in html
    assert reverse("orders:accept", args=[planned.pk]) not in html
    assert "waiting for feedback" in html


def test_desk_budget_summary(org, login_as):
    support_person = helper(org)
    order = order_in_state(org, OrderState.PLANNED)
    TimeEntry.objects.create(
        order=order, support_person=support_person, date=timezone.localdate(), hours=Decimal(2)
    )
    response = login_as("support_person").get(reverse("orders:desk"))
    budget = response.context["budget"]
    assert len(budget) == 3
    assert budget[0].month == timezone.localdate().replace(day=1)
    assert budget[0].logged == Decimal(2)
    assert budget[0].budget > 0
    assert reverse("orders:budget", args=[support_person.pk]) in response.content.decode()


def test_desk_offers_open_orders_that_fit_me(org, login_as, english):
    helper(org)
    claimable = ServiceFactory(assignment_mode=AssignmentMode.CLAIM)
    lean = Skill.objects.create(code="q-lean", name_fi="Lean", name_sv="Lean", name_en="Lean")
    needs_skill = ServiceFactory(assignment_mode=AssignmentMode.CLAIM, required_skills=[lean])
    fits = submitted(org, service=claimable)
    lacks_skill = submitted(org, service=needs_skill)
    coordinated = submitted(org)  # coordinator-assigned service: not claimable
    response = login_as("support_person").get(reverse("orders:desk"))
    offered = [item.order.pk for item in response.context["open_orders"]]
    assert offered == [fits.pk]
    html = response.content.decode()
    assert reverse("orders:claim", args=[fits.pk]) in html
    assert reverse("orders:claim", args=[lacks_skill.pk]) not in html
    assert reverse("orders:claim", args=[coordinated.pk]) not in html
    assert "From the same team" in html


def test_claiming_from_the_desk_returns_to_the_desk(org, login_as):
    helper(org)
    order = submitted(org, service=ServiceFactory(assignment_mode=AssignmentMode.CLAIM))
    response = login_as("support_person").post(
        reverse("orders:claim", args=[order.pk]),
        {"seen_state": "submitted", "next": reverse("orders:desk")},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("orders:desk")
    order.refresh_from_db()
    assert order.state == OrderState.ASSIGNED


def test_desk_without_a_support_profile(org, login_as, english):
    response = login_as("admin").get(reverse("orders:desk"))
    assert response.status_code == 200
    assert "no active support person profile" in response.content.decode()


# --- my orders and team orders ----------------------------------------------------------------


def test_my_orders_are_mine_my_teams_and_led_teams(org, login_as):
    mine = submitted(org)
    colleagues = submitted(org, requester=org.people["team_lead"])
    elsewhere = OrderFactory(requester=org.people["coordinator"])
    response = login_as("employee").get(reverse("orders:mine"))
    shown = [o.pk for o in response.context["page"].object_list]
    assert shown == [colleagues.pk, mine.pk]  # newest first
    assert elsewhere.pk not in shown
    # a lead of a team they are not a member of sees its orders too
    org.other_team.lead = org.people["supervisor"]
    org.other_team.save()
    response = login_as("supervisor").get(reverse("orders:mine"))
    assert [o.pk for o in response.context["page"].object_list] == [elsewhere.pk]


def test_my_orders_filter_by_state(org, login_as):
    helper(org)
    open_order = submitted(org)
    closed = order_in_state(org, OrderState.CLOSED)
    client = login_as("employee")
    response = client.get(reverse("orders:mine") + "?state=closed")
    assert [o.pk for o in response.context["page"].object_list] == [closed.pk]
    response = client.get(reverse("orders:mine"))
    assert {o.pk for o in response.context["page"].object_list} == {open_order.pk, closed.pk}


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("employee", 200),
        ("team_lead", 200),
        ("supervisor", 200),  # the team lead's supervisor
        ("support_person", 200),
        ("coordinator", 200),
    ],
)
def test_team_orders_visibility(org, login_as, persona, status):
    order = submitted(org)
    response = login_as(persona).get(reverse("orders:team", args=[org.team.code]))
    assert response.status_code == status
    assert [o.pk for o in response.context["page"].object_list] == [order.pk]


@pytest.mark.parametrize("persona", ["employee", "team_lead", "supervisor", "support_person"])
def test_other_teams_orders_are_not_found(org, login_as, persona):
    response = login_as(persona).get(reverse("orders:team", args=[org.other_team.code]))
    assert response.status_code == 404


# --- load and budget ------------------------------------------------------------------------


def test_load_lists_support_persons_most_loaded_first(org, login_as):
    busy = helper(org)
    idle_person = PersonFactory(unit=org.other_unit, team=org.other_team)
    idle = make_support_person(idle_person)
    idle.scope = ServiceScope.ORGANISATION
    idle.save()
    make_allocation(idle)
    order_in_state(org, OrderState.ASSIGNED, service=ServiceFactory(typical_hours=Decimal(6)))
    client = login_as("coordinator")
    response = client.get(reverse("orders:load"))
    rows = list(response.context["page"].object_list)
    assert [row.support_person for row in rows] == [busy, idle]
    assert rows[0].active_orders == 1
    assert rows[0].booked == Decimal(6)
    assert rows[1].booked == 0 and rows[1].budget > 0
    response = client.get(reverse("orders:load") + f"?unit={org.other_unit.code}")
    assert [row.support_person for row in response.context["page"].object_list] == [idle]


def test_budget_page_shows_thirteen_months(org, login_as, english):
    support_person = helper(org)
    response = login_as("support_person").get(reverse("orders:budget", args=[support_person.pk]))
    assert response.status_code == 200
    months = response.context["months"]
    assert len(months) == 13
    assert months[6].month == timezone.localdate().replace(day=1)
    assert "this month" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("support_person", 200),
        ("supervisor", 200),
        ("coordinator", 200),
        ("admin", 200),
        ("employee", 404),
        ("team_lead", 404),
    ],
)
def test_budget_visibility(org, login_as, persona, status):
    support_person = org.people["support_person"].support_profile
    response = login_as(persona).get(reverse("orders:budget", args=[support_person.pk]))
    assert response.status_code == status


def test_queue_state_filter_shows_submitted_by_default(org, login_as):
    client = login_as("coordinator")
    for query in ("", "?page=1", "?state="):
        html = client.get(reverse("orders:queue") + query).content.decode()
        assert '<option value="submitted" selected>' in html, query
