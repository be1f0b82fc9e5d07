"""The in-app notification list, marking read, and the unread count in the header."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kipina.core.context_processors import unread_notifications
from kipina.core.models import Notification
from kipina.core.notifications import notify, register

pytestmark = pytest.mark.django_db

register("core_test_message", lambda params: f"Test message {params.get('n')}", email=False)


def _english(client):
    client.cookies["django_language"] = "en"
    return client


def _notify(user, count: int = 1, start: int = 0) -> None:
    for n in range(start, start + count):
        notify(recipients=[user], kind="core_test_message", params={"n": n}, url=f"/target/{n}/")


def test_list_shows_own_notifications_newest_first(login_as, org):
    me = org.people["employee"].user
    _notify(me, 3)
    _notify(org.people["team_lead"].user, 1, start=100)
    Notification.objects.filter(recipient=me, params__n=0).update(
        created_at=timezone.now() - dt.timedelta(days=1), read_at=timezone.now()
    )
    response = _english(login_as("employee")).get(reverse("notifications"))
    assert response.status_code == 200
    texts = [item["text"] for item in response.context["items"]]
    assert texts == ["Test message 2", "Test message 1", "Test message 0"]
    body = response.content.decode()
    assert "Test message 100" not in body
    assert '<a href="/target/2/">Test message 2</a>' in body
    # unread is said in words, not by colour alone
    assert body.count(">Unread<") == 2
    assert [item["unread"] for item in response.context["items"]] == [True, True, False]


def test_opening_the_list_does_not_mark_anything_read(login_as, org):
    me = org.people["employee"].user
    _notify(me, 2)
    login_as("employee").get(reverse("notifications"))
    assert Notification.objects.filter(recipient=me, read_at__isnull=True).count() == 2


def test_list_is_paginated_by_25(login_as, org):
    _notify(org.people["employee"].user, 30)
    client = login_as("employee")
    first = client.get(reverse("notifications"))
    assert len(first.context["items"]) == 25
    assert first.context["page"].paginator.num_pages == 2
    second = client.get(reverse("notifications"), {"page": 2})
    assert len(second.context["items"]) == 5
    assert client.get(reverse("notifications"), {"page": "nonsense"}).status_code == 200


def test_mark_all_as_read_touches_only_my_unread(login_as, org):
    me = org.people["employee"].user
    other = org.people["team_lead"].user
    _notify(me, 3)
    _notify(other, 2)
    earlier = timezone.now() - dt.timedelta(days=2)
    first = Notification.objects.filter(recipient=me).first()
    Notification.objects.filter(pk=first.pk).update(read_at=earlier)
    client = _english(login_as("employee"))
    page = client.get(reverse("notifications")).content.decode()
    assert "Mark all as read" in page
    response = client.post(reverse("notifications_read"))
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications")
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=first.pk).read_at == earlier
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).count() == 2
    followed = client.get(response["Location"]).content.decode()
    assert "2 notifications marked as read." in followed
    assert "Mark all as read" not in followed


def test_empty_list(login_as, org):
    response = _english(login_as("employee")).get(reverse("notifications"))
    assert "No notifications yet." in response.content.decode()


def test_header_shows_the_unread_count_in_words(login_as, org):
    me = org.people["employee"].user
    client = _english(login_as("employee"))
    body = client.get(reverse("home")).content.decode()
    link = re.search(r'<a class="notifications-link"[^>]*>(.*?)</a>', body, re.S)
    assert link is not None
    assert "Notifications" in link.group(1)
    assert "unread" not in link.group(1)
    _notify(me, 3)
    body = client.get(reverse("home")).content.decode()
    link = re.search(r'<a class="notifications-link"[^>]*>(.*?)</a>', body, re.S)
    assert re.sub(r"<[^>]+>", "", link.group(1)).split() == ["Notifications", "(3", "unread)"]
    Notification.objects.filter(recipient=me).update(read_at=timezone.now())
    _notify(me, 1)
    body = client.get(reverse("home")).content.decode()
    assert "(1 unread)" in body


def test_anonymous_pages_have_no_notification_link(client, org):
    body = client.get(reverse("login")).content.decode()
    assert "notifications-link" not in body


def test_unread_count_is_one_query_and_only_when_used(org):
    request = RequestFactory().get("/")
    request.user = org.people["employee"].user
    _notify(request.user, 2)
    with CaptureQueriesContext(connection) as captured:
        context = unread_notifications(request)
    assert len(captured) == 0
    with CaptureQueriesContext(connection) as captured:
        assert context["unread_notifications"]() == 2
        assert context["unread_notifications"]() == 2
    assert len(captured) == 1


def test_list_query_count_does_not_grow(login_as, org):
    me = org.people["employee"].user
    client = login_as("employee")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("notifications"))
        assert response.status_code == 200
        return len(captured)

    _notify(me, 1)
    with_one = queries()
    _notify(me, 49, start=1)
    with_fifty = queries()
    assert with_fifty == with_one
