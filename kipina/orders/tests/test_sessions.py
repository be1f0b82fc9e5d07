"""Scheduling, moving and cancelling sessions through the pages, and the sessions list include."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from kipina.core.models import Notification
from kipina.orders.enums import OrderState
from kipina.orders.models import Order, Session
from kipina.orders.tests.factories import order_in_state

pytestmark = pytest.mark.django_db


def _english(client):
    client.cookies["django_language"] = "en"
    return client


def _future_day(days: int = 10) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def test_support_person_schedules_the_first_session(login_as, org):
    order = order_in_state(org, "assigned")
    client = _english(login_as("support_person"))
    url = reverse("orders:session_new", args=[order.pk])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert 'name="place"' in body
    assert 'name="online_link"' not in body  # an on-site order meets somewhere
    assert 'value="Neuvotteluhuone 2"' in body  # the order's place as a start
    day = _future_day()
    response = client.post(
        url,
        {"date": day.isoformat(), "start_time": "13:30", "duration_minutes": "120", "place": "B2"},
    )
    assert response.status_code == 302
    assert response["Location"] == order.get_absolute_url()
    session = Session.objects.get(order=order)
    local = timezone.localtime(session.start)
    assert (local.date(), local.hour, local.minute) == (day, 13, 30)
    assert str(local.tzinfo) == "Europe/Helsinki"
    assert session.duration_minutes == 120
    assert session.place == "B2"
    assert Order.objects.get(pk=order.pk).state == OrderState.PLANNED
    assert Notification.objects.filter(
        kind="session_scheduled", recipient=org.people["employee"].user
    ).exists()
    followed = client.get(response["Location"])
    assert followed.status_code in (200, 404)  # the order page is built elsewhere


def test_remote_order_asks_for_a_link(login_as, org):
    order = order_in_state(org, "assigned", onsite=False, place="")
    client = _english(login_as("support_person"))
    url = reverse("orders:session_new", args=[order.pk])
    body = client.get(url).content.decode()
    assert 'name="online_link"' in body
    assert 'name="place"' not in body
    data = {"date": _future_day().isoformat(), "start_time": "09:00", "duration_minutes": "60"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["online_link"]
    assert not Session.objects.filter(order=order).exists()
    response = client.post(url, {**data, "online_link": "https://meet.example.org/abc"})
    assert response.status_code == 302
    assert Session.objects.get(order=order).online_link == "https://meet.example.org/abc"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"duration_minutes": "5"}, "duration_minutes"),
        ({"duration_minutes": "601"}, "duration_minutes"),
        ({"place": ""}, "place"),
        ({"date": "not a date"}, "date"),
        ({"start_time": "25:00"}, "start_time"),
    ],
)
def test_bad_session_input_is_shown_beside_the_field_and_changes_nothing(
    login_as, org, data, field
):
    order = order_in_state(org, "assigned")
    client = _english(login_as("support_person"))
    post = {
        "date": _future_day().isoformat(),
        "start_time": "10:00",
        "duration_minutes": "60",
        "place": "B2",
        **data,
    }
    response = client.post(reverse("orders:session_new", args=[order.pk]), post)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert 'class="error"' in response.content.decode()
    assert not Session.objects.filter(order=order).exists()
    assert Order.objects.get(pk=order.pk).state == OrderState.ASSIGNED


def test_a_time_skipped_by_the_clock_change_is_refused(login_as, org):
    order = order_in_state(org, "assigned")
    # In Finland clocks go from 03:00 to 04:00 on the last Sunday of March.
    year = timezone.localdate().year + 1
    last_sunday = max(
        dt.date(year, 3, day) for day in range(25, 32) if dt.date(year, 3, day).weekday() == 6
    )
    response = _english(login_as("support_person")).post(
        reverse("orders:session_new", args=[order.pk]),
        {
            "date": last_sunday.isoformat(),
            "start_time": "03:30",
            "duration_minutes": "60",
            "place": "B2",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["start_time"]


def test_moving_a_session(login_as, org):
    order = order_in_state(org, "planned")
    session = order.sessions.get()
    client = _english(login_as("support_person"))
    url = reverse("orders:session_edit", args=[session.pk])
    page = client.get(url)
    form = page.context["form"]
    local = timezone.localtime(session.start)
    assert form.initial["date"] == local.date()
    assert form.initial["start_time"] == dt.time(10, 0)
    day = _future_day(12)
    response = client.post(
        url,
        {"date": day.isoformat(), "start_time": "14:00", "duration_minutes": "45", "place": "C3"},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert timezone.localtime(session.start).date() == day
    assert session.duration_minutes == 45
    assert session.sequence == 1
    assert Notification.objects.filter(kind="session_rescheduled").exists()


def test_cancelling_a_session(login_as, org):
    order = order_in_state(org, "planned")
    session = order.sessions.get()
    client = _english(login_as("support_person"))
    url = reverse("orders:session_cancel", args=[session.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.cancelled_at is not None
    assert session.sequence == 1
    assert Notification.objects.filter(kind="session_cancelled").count() == 2  # orderer, lead
    # a cancelled session can no longer be moved
    page = client.get(reverse("orders:session_edit", args=[session.pk]))
    assert "can no longer be moved" in page.content.decode()
    response = client.post(
        reverse("orders:session_edit", args=[session.pk]),
        {
            "date": _future_day().isoformat(),
            "start_time": "10:00",
            "duration_minutes": "60",
            "place": "B2",
        },
    )
    assert response.status_code == 200
    assert "This session was cancelled." in response.content.decode()


def test_team_members_see_but_cannot_schedule(login_as, org):
    order = order_in_state(org, "planned")
    session = order.sessions.get()
    client = login_as("employee")
    assert client.get(reverse("orders:session_new", args=[order.pk])).status_code == 403
    assert client.post(reverse("orders:session_cancel", args=[session.pk])).status_code == 403
    session.refresh_from_db()
    assert session.cancelled_at is None


def test_people_outside_the_order_get_404(login_as, org):
    order = order_in_state(org, "planned")
    session = order.sessions.get()
    client = login_as("supervisor")
    assert client.get(reverse("orders:session_new", args=[order.pk])).status_code == 404
    assert client.get(reverse("orders:session_edit", args=[session.pk])).status_code == 404
    assert client.post(reverse("orders:session_cancel", args=[session.pk])).status_code == 404


def test_closed_orders_cannot_be_scheduled(login_as, org):
    order = order_in_state(org, "closed")
    client = login_as("support_person")
    assert client.get(reverse("orders:session_new", args=[order.pk])).status_code == 403


# --- the include the order page uses ------------------------------------------------------


def _render_sessions(org, order, *, can_schedule: bool, persona: str = "support_person") -> str:
    request = RequestFactory().get(order.get_absolute_url())
    request.user = org.people[persona].user
    sessions = list(order.sessions.order_by("start"))
    return render_to_string(
        "orders/includes/sessions.html",
        {"order": order, "sessions": sessions, "can_schedule": can_schedule},
        request=request,
    )


def test_sessions_include_lists_sessions_with_their_actions(org):
    order = order_in_state(org, "planned")
    session = order.sessions.get()
    cancelled = Session.objects.create(
        order=order,
        start=session.start + dt.timedelta(days=2),
        duration_minutes=30,
        place="Sali",
        cancelled_at=timezone.now(),
    )
    html = _render_sessions(org, order, can_schedule=True)
    assert reverse("orders:session_new", args=[order.pk]) in html
    assert reverse("orders:session_ics", args=[session.pk]) in html
    assert reverse("orders:session_edit", args=[session.pk]) in html
    assert reverse("orders:session_cancel", args=[session.pk]) in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "<caption" in html
    # the cancelled one keeps its calendar file but no actions
    assert reverse("orders:session_ics", args=[cancelled.pk]) in html
    assert reverse("orders:session_edit", args=[cancelled.pk]) not in html
    assert reverse("orders:session_cancel", args=[cancelled.pk]) not in html

    read_only = _render_sessions(org, order, can_schedule=False, persona="employee")
    assert reverse("orders:session_ics", args=[session.pk]) in read_only
    assert reverse("orders:session_new", args=[order.pk]) not in read_only
    assert reverse("orders:session_cancel", args=[session.pk]) not in read_only


def test_sessions_include_without_sessions(org):
    order = order_in_state(org, "assigned")
    html = _render_sessions(org, order, can_schedule=True)
    assert "<table" not in html
    assert reverse("orders:session_new", args=[order.pk]) in html
