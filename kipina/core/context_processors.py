import functools

from django.urls import reverse

from kipina.core.models import Notification
from kipina.core.navigation import items_for


def _within(path: str, url: str) -> bool:
    return path == url or (url != "/" and path.startswith(url))


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    current = request.path
    entries = [{"label": item.label, "url": reverse(item.url_name)} for item in items_for(user)]
    # The longest menu address that starts the current path is the active one, so /orders/desk/
    # marks "My desk" and not also "Orders" (/orders/).
    matching = [entry["url"] for entry in entries if _within(current, entry["url"])]
    best = max(matching, key=len, default=None)
    for entry in entries:
        entry["active"] = entry["url"] == best
    return {"nav_items": entries}


def unread_notifications(request):
    """How many unread notifications the signed-in person has: one count, only if shown.

    Templates call the function when they use the value, so pages or htmx fragments that do not
    show the header run no query for it.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}

    @functools.cache
    def count() -> int:
        return Notification.objects.filter(recipient=user, read_at__isnull=True).count()

    return {"unread_notifications": count}
