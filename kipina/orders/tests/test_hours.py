"""Logging hours: the budget on the form, the override question, and the hours include."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from kipina.orders import services
from kipina.orders.models import TimeEntry
from kipina.orders.tests.factories import order_in_state

pytestmark = pytest.mark.django_db

OVERRIDE_HELP = "This goes past your approved time. Say why to log it anyway."


def _english(client):
    client.cookies["django_language"] = "en"
    return client


def _fill_budget(order, leave: Decimal = Decimal("0.5")) -> Decimal:
    """Log all but `leave` hours of this month's budget; returns the budget."""
    budget, logged = services.month_budget_and_logged(order.support_person, timezone.localdate())
    assert budget > 1
    TimeEntry.objects.create(
        order=order,
        support_person=order.support_person,
        date=timezone.localdate(),
        hours=budget - logged - leave,
    )
    return budget


def test_form_shows_this_months_budget(login_as, org):
    order = order_in_state(org, "planned")
    budget, _logged = services.month_budget_and_logged(order.support_person, timezone.localdate())
    TimeEntry.objects.create(
        order=order, support_person=order.support_person, date=timezone.localdate(), hours=2
    )
    response = _english(login_as("support_person")).get(
        reverse("orders:log_hours", args=[order.pk])
    )
    assert response.status_code == 200
    assert response.context["budget"] == budget
    assert response.context["logged"] == Decimal(2)
    assert response.context["remaining"] == budget - 2
    body = response.content.decode()
    assert "Approved" in body and "Remaining" in body
    # the reason is not asked before it is needed
    assert 'name="override_reason"' not in body
    assert OVERRIDE_HELP not in body


def test_logging_hours_with_a_finnish_decimal_comma(login_as, org):
    order = order_in_state(org, "planned")
    client = login_as("support_person")  # Finnish by default
    response = client.post(
        reverse("orders:log_hours", args=[order.pk]),
        {"date": timezone.localdate().isoformat(), "hours": "1,5", "note": "Valmistelu"},
    )
    assert response.status_code == 302
    assert response["Location"] == order.get_absolute_url()
    entry = TimeEntry.objects.get(order=order)
    assert entry.hours == Decimal("1.5")
    assert entry.note == "Valmistelu"
    assert entry.override_reason == ""
    assert entry.created_by == org.people["support_person"].user


def test_going_over_the_budget_asks_why_and_saves_nothing(login_as, org):
    order = order_in_state(org, "planned")
    _fill_budget(order)
    client = _english(login_as("support_person"))
    url = reverse("orders:log_hours", args=[order.pk])
    data = {"date": timezone.localdate().isoformat(), "hours": "2", "note": "Workshop"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert TimeEntry.objects.filter(order=order).count() == 1  # only the filler
    form = response.context["form"]
    assert form.errors["override_reason"]
    assert response.context["show_override"]
    body = response.content.decode()
    assert 'name="override_reason"' in body
    assert OVERRIDE_HELP in body
    # the entered values come back
    assert 'value="Workshop"' in body
    assert 'value="2"' in body

    response = client.post(url, {**data, "override_reason": "The team asked for a second run."})
    assert response.status_code == 302
    entry = TimeEntry.objects.filter(order=order).latest("id")
    assert entry.hours == 2
    assert entry.override_reason == "The team asked for a second run."


def test_within_the_budget_a_reason_is_not_kept(login_as, org):
    order = order_in_state(org, "planned")
    client = _english(login_as("support_person"))
    response = client.post(
        reverse("orders:log_hours", args=[order.pk]),
        {"date": timezone.localdate().isoformat(), "hours": "1", "override_reason": "Just in case"},
    )
    assert response.status_code == 302
    assert TimeEntry.objects.get(order=order).override_reason == ""


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"hours": "0"}, "hours"),
        ({"hours": "25"}, "hours"),
        ({"hours": "abc"}, "hours"),
        ({"date": ""}, "date"),
    ],
)
def test_bad_hours_are_refused_beside_the_field(login_as, org, data, field):
    order = order_in_state(org, "planned")
    client = _english(login_as("support_person"))
    post = {"date": timezone.localdate().isoformat(), "hours": "1", **data}
    response = client.post(reverse("orders:log_hours", args=[order.pk]), post)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not TimeEntry.objects.filter(order=order).exists()


def test_future_days_are_refused(login_as, org):
    order = order_in_state(org, "planned")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = _english(login_as("support_person")).post(
        reverse("orders:log_hours", args=[order.pk]), {"date": tomorrow.isoformat(), "hours": "1"}
    )
    assert response.status_code == 200
    assert "future" in " ".join(response.context["form"].errors["date"])
    assert not TimeEntry.objects.filter(order=order).exists()


def test_only_the_assigned_support_person_logs_hours(login_as, org):
    order = order_in_state(org, "planned")
    url = reverse("orders:log_hours", args=[order.pk])
    assert login_as("coordinator").get(url).status_code == 403
    assert login_as("employee").post(url, {"hours": "1"}).status_code == 403
    assert login_as("supervisor").get(url).status_code == 404
    closed = order_in_state(org, "closed")
    assert (
        login_as("support_person").get(reverse("orders:log_hours", args=[closed.pk])).status_code
        == 403
    )


def test_delivered_orders_still_take_hours(login_as, org):
    order = order_in_state(org, "delivered")
    response = login_as("support_person").post(
        reverse("orders:log_hours", args=[order.pk]),
        {"date": timezone.localdate().isoformat(), "hours": "1"},
    )
    assert response.status_code == 302


# --- the include the order page uses ------------------------------------------------------


def _render_hours(org, order, *, can_log_hours: bool) -> str:
    request = RequestFactory().get(order.get_absolute_url())
    request.user = org.people["support_person"].user
    with translation.override("en"):
        return render_to_string(
            "orders/includes/hours.html",
            {
                "order": order,
                "time_entries": list(order.time_entries.all()),
                "can_log_hours": can_log_hours,
            },
            request=request,
        )


def test_hours_include_lists_entries_total_and_flags_overrides(org):
    order = order_in_state(org, "planned")
    today = timezone.localdate()
    TimeEntry.objects.create(
        order=order, support_person=order.support_person, date=today, hours=Decimal("1.5")
    )
    TimeEntry.objects.create(
        order=order,
        support_person=order.support_person,
        date=today,
        hours=Decimal("2"),
        note="Workshop",
        override_reason="Second run",
    )
    html = _render_hours(org, order, can_log_hours=True)
    assert "<caption" in html
    assert "Workshop" in html
    assert "Over the approved time." in html
    assert "Second run" in html
    assert ">3.5<" in html  # the total
    assert reverse("orders:log_hours", args=[order.pk]) in html

    html = _render_hours(org, order, can_log_hours=False)
    assert reverse("orders:log_hours", args=[order.pk]) not in html


def test_hours_include_without_entries(org):
    order = order_in_state(org, "planned")
    html = _render_hours(org, order, can_log_hours=True)
    assert "No hours logged yet." in html
    assert "<table" not in html
