"""Tell people what concerns them: apps register notification kinds, services call notify().

A kind maps to a function that renders the message from the stored params in the active
language, so a notification reads in Finnish, Swedish or English depending on who looks.
Rows are written inside the caller's transaction (nothing is left behind if it rolls back);
the email goes out through a task only after the commit.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from kipina.core.models import Notification

Renderer = Callable[[Mapping[str, object]], str]


@dataclass(frozen=True)
class Kind:
    key: str
    render: Renderer
    email: bool = True


_kinds: dict[str, Kind] = {}


def register(key: str, render: Renderer, *, email: bool = True) -> None:
    _kinds[key] = Kind(key, render, email)


def render(notification: Notification) -> str:
    kind = _kinds.get(notification.kind)
    if kind is None:
        return _("Something changed.")
    return kind.render(notification.params)


def notify(*, recipients: Iterable, kind: str, params: Mapping[str, object], url: str = "") -> None:
    """Create one notification per distinct active recipient; email them after commit."""
    if kind not in _kinds:
        raise KeyError(f"unregistered notification kind {kind!r}")
    users = {user.pk: user for user in recipients if user is not None and user.is_active}
    if not users:
        return
    created = Notification.objects.bulk_create(
        Notification(recipient_id=pk, kind=kind, params=dict(params), url=url) for pk in users
    )
    if _kinds[kind].email:
        ids = [notification.pk for notification in created if notification.pk]
        if not ids:  # backends without RETURNING on bulk insert
            ids = list(
                Notification.objects.filter(
                    recipient_id__in=users, kind=kind, emailed_at__isnull=True
                ).values_list("pk", flat=True)
            )

        def send() -> None:
            from kipina.core.tasks import email_notifications

            email_notifications.enqueue(ids)

        transaction.on_commit(send)
