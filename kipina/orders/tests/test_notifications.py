"""Order notifications: every kind services.py sends renders in every language, and the emails
that leave after a transition commits go to exactly the people it concerns."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from kipina.core.models import Notification
from kipina.core.notifications import _kinds, notify
from kipina.orders import services
from kipina.orders.models import Order, Session
from kipina.orders.tests.factories import ServiceFactory, order_in_state

pytestmark = pytest.mark.django_db

SERVICES_SOURCE = Path(services.__file__).read_text(encoding="utf-8")


def kinds_used_in_services() -> set[str]:
    """Every kind services.py passes to _notify_order(order, "kind", …) or notify(kind="kind")."""
    positional = re.findall(r'_notify_order\(\s*order,\s*"([a-z_]+)"', SERVICES_SOURCE)
    keyword = re.findall(r'kind="([a-z_]+)"', SERVICES_SOURCE)
    return set(positional) | set(keyword)


def test_the_kinds_are_found_in_services():
    kinds = kinds_used_in_services()
    # a sanity check on the pattern itself, so a refactor cannot make the next test vacuous
    assert {"order_submitted", "order_waiting", "follow_up_due", "session_cancelled"} <= kinds
    assert len(kinds) >= 15


@pytest.mark.parametrize("kind", sorted(kinds_used_in_services()))
@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_kind_is_registered_and_renders(org, kind, language):
    service = ServiceFactory(name_fi="Arvokeskustelu", name_sv="Värdesamtal", name_en="Values talk")
    user = org.people["employee"].user
    params = {
        "order": 4321,
        "service": service.code,
        "team": "Osasto A:n tiimi",
        "person": "Aino Korhonen",
        "start": dt.datetime(2026, 5, 4, 7, 30, tzinfo=dt.UTC).isoformat(),
    }
    assert kind in _kinds, f"notification kind {kind!r} has no renderer"
    notify(recipients=[user], kind=kind, params=params, url="/orders/4321/")
    notification = Notification.objects.get(kind=kind, recipient=user)
    with translation.override(language):
        text = str(notification)
    assert "4321" in text
    assert "%(" not in text
    assert service.code not in text
    expected_name = {"fi": "Arvokeskustelu", "sv": "Värdesamtal", "en": "Values talk"}[language]
    assert expected_name in text
    if kind.startswith("session_"):
        assert "10.30" in text or "10:30" in text  # 07:30 UTC is 10:30 in Helsinki in May


def test_missing_params_do_not_break_rendering(org):
    user = org.people["employee"].user
    notify(recipients=[user], kind="session_scheduled", params={"order": 1}, url="")
    with translation.override("en"):
        assert str(Notification.objects.get(recipient=user)).startswith("A session of order #1")


def test_a_renamed_service_shows_its_new_name(org):
    service = ServiceFactory(name_en="Retro")
    user = org.people["employee"].user
    notify(recipients=[user], kind="order_closed", params={"order": 7, "service": service.code})
    notification = Notification.objects.get(recipient=user)
    with translation.override("en"):
        assert "Retro" in str(notification)
        service.name_en = "Retrospective"
        service.save()
        assert "Retrospective" in str(notification)


# --- emails after commit -------------------------------------------------------------------


def _order(pk: int) -> Order:
    return Order.objects.select_related("service", "team", "requester", "support_person").get(pk=pk)


def test_assigning_emails_the_support_person_and_the_orderer(
    org, django_capture_on_commit_callbacks
):
    order = order_in_state(org, "submitted")
    helper = org.people["support_person"].support_profile
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.order_assign(
            actor=org.people["coordinator"].user, order=_order(order.pk), support_person=helper
        )
    assert sorted(message.to[0] for message in mail.outbox) == [
        "employee@example.org",
        "support_person@example.org",
    ]
    assert all(message.subject.startswith("Kipinä: ") for message in mail.outbox)
    # Finnish, the default language, with the order's address in the body
    for message in mail.outbox:
        assert f"#{order.pk}" in message.body
        assert order.get_absolute_url() in message.body
    assert not Notification.objects.filter(emailed_at__isnull=True, kind="order_assigned").exists()


def test_scheduling_a_session_emails_the_orderer_and_team_lead_not_the_actor(
    org, django_capture_on_commit_callbacks
):
    order = order_in_state(org, "assigned")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.session_schedule(
            actor=org.people["support_person"].user,
            order=_order(order.pk),
            start=timezone.now() + dt.timedelta(days=5),
            duration_minutes=60,
            place="B2",
        )
    assert sorted(message.to[0] for message in mail.outbox) == [
        "employee@example.org",
        "team_lead@example.org",
    ]


def test_cancelling_an_order_emails_the_support_person(org, django_capture_on_commit_callbacks):
    order = order_in_state(org, "planned")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.order_cancel(
            actor=org.people["employee"].user, order=_order(order.pk), reason="Ei tarvetta."
        )
    assert [message.to for message in mail.outbox] == [["support_person@example.org"]]
    assert Session.objects.get(order=order).cancelled_at is not None


def test_nothing_is_emailed_when_the_transaction_rolls_back(
    org, django_capture_on_commit_callbacks
):
    order = order_in_state(org, "submitted")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.OrderError):
        services.order_decline(
            actor=org.people["coordinator"].user, order=_order(order.pk), reason=""
        )
    assert mail.outbox == []


# --- the list page with order notifications -------------------------------------------------


def test_notification_list_reads_service_names_in_one_query(org, client):
    user = org.people["coordinator"].user
    client.force_login(user)

    def grow(count: int) -> None:
        for index in range(count):
            service = ServiceFactory()
            notify(
                recipients=[user],
                kind="order_submitted",
                params={"order": index, "service": service.code, "team": "Tiimi"},
                url=f"/orders/{index}/",
            )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("notifications"))
        assert response.status_code == 200
        return len(captured)

    grow(1)
    with_one = queries()
    grow(49)
    with_fifty = queries()
    assert with_fifty == with_one
