"""Who may reach the notification list and mark notifications read: every signed-in person,
each only their own (see core/tests/authorisation.py)."""

from django.urls import reverse

from kipina.core.tests.authorisation import Row, signed_in

ROWS = {
    "notifications": [Row(lambda org: reverse("notifications"), signed_in(200))],
    "notifications_read": [
        Row(lambda org: reverse("notifications_read"), signed_in(302), method="post"),
        Row(lambda org: reverse("notifications_read"), signed_in(405), label="GET is not allowed"),
    ],
}
