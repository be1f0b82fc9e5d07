"""The daily round: reminders of waiting orders (working days only) and follow-up questions."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from kipina.agents.budgets import add_working_days
from kipina.core.models import Notification
from kipina.orders import services, tasks
from kipina.orders.models import FollowUp, Order
from kipina.orders.tests.factories import order_in_state

pytestmark = pytest.mark.django_db

HELSINKI_NOON = dt.time(12, 0)


def _at(day: dt.date, time: dt.time = HELSINKI_NOON) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def _submitted_on(order: Order, day: dt.date) -> None:
    Order.objects.filter(pk=order.pk).update(submitted_at=_at(day, dt.time(9, 0)))


def _three_working_days_ago(today: dt.date) -> dt.date:
    """The latest day from which three working days have passed by `today`."""
    day = today - dt.timedelta(days=1)
    while add_working_days(day, 3) > today:
        day -= dt.timedelta(days=1)
    return day


def _run(capture) -> str:
    out = StringIO()
    with capture(execute=True):
        call_command("orders_daily", stdout=out)
    return out.getvalue()


def test_waiting_order_reminds_coordinators_once(org, django_capture_on_commit_callbacks):
    order = order_in_state(org, "submitted")
    _submitted_on(order, _three_working_days_ago(timezone.localdate()))
    fresh = order_in_state(org, "submitted")  # submitted today: not yet
    Notification.objects.all().delete()
    mail.outbox.clear()

    output = _run(django_capture_on_commit_callbacks)

    assert "Reminded coordinators of 1 waiting order(s)." in output
    waiting = Notification.objects.filter(kind="order_waiting")
    assert [(n.recipient_id, n.params["order"]) for n in waiting] == [
        (org.people["coordinator"].user.pk, order.pk)
    ]
    assert [message.to for message in mail.outbox] == [["coordinator@example.org"]]
    assert Order.objects.get(pk=order.pk).reminded_at is not None
    assert Order.objects.get(pk=fresh.pk).reminded_at is None

    mail.outbox.clear()
    output = _run(django_capture_on_commit_callbacks)
    assert "Reminded coordinators of 0 waiting order(s)." in output
    assert Notification.objects.filter(kind="order_waiting").count() == 1
    assert mail.outbox == []


def _previous(weekday: int, before: dt.date) -> dt.date:
    day = before - dt.timedelta(days=1)
    while day.weekday() != weekday:
        day -= dt.timedelta(days=1)
    return day


def test_weekends_do_not_count(org):
    friday = _previous(4, timezone.localdate())
    order = order_in_state(org, "submitted")
    _submitted_on(order, friday)
    monday, tuesday, wednesday = (friday + dt.timedelta(days=n) for n in (3, 4, 5))
    # Saturday and Sunday pass without counting: Monday and Tuesday are only two working days.
    assert services.send_unassigned_reminders(now=_at(monday)) == 0
    assert services.send_unassigned_reminders(now=_at(tuesday)) == 0
    assert services.send_unassigned_reminders(now=_at(wednesday)) == 1
    assert services.send_unassigned_reminders(now=_at(wednesday)) == 0


def test_assigned_orders_are_not_reminded_of(org):
    order = order_in_state(org, "assigned")
    _submitted_on(order, timezone.localdate() - dt.timedelta(days=30))
    assert services.send_unassigned_reminders() == 0
    assert not Notification.objects.filter(kind="order_waiting").exists()


def test_due_follow_up_asks_the_orderer_once(org, django_capture_on_commit_callbacks):
    order = order_in_state(org, "closed")
    follow_up = FollowUp.objects.get(order=order)
    assert follow_up.due > timezone.localdate()
    Notification.objects.all().delete()

    output = _run(django_capture_on_commit_callbacks)
    assert "Asked 0 follow-up question(s)." in output

    FollowUp.objects.filter(pk=follow_up.pk).update(due=timezone.localdate())
    mail.outbox.clear()
    output = _run(django_capture_on_commit_callbacks)
    assert "Asked 1 follow-up question(s)." in output
    asked = Notification.objects.filter(kind="follow_up_due")
    assert [n.recipient_id for n in asked] == [org.people["employee"].user.pk]
    assert asked.get().url == order.get_absolute_url()
    assert [message.to for message in mail.outbox] == [["employee@example.org"]]

    output = _run(django_capture_on_commit_callbacks)
    assert "Asked 0 follow-up question(s)." in output
    assert Notification.objects.filter(kind="follow_up_due").count() == 1


def test_tasks_run_through_the_task_backend(org):
    order = order_in_state(org, "submitted")
    _submitted_on(order, timezone.localdate() - dt.timedelta(days=10))
    result = tasks.remind_unassigned.enqueue()
    assert result.return_value == 1
    assert tasks.ask_follow_ups.enqueue().return_value == 0
