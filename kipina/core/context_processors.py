from django.urls import reverse

from kipina.core.navigation import items_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    current = request.path
    entries = []
    for item in items_for(user):
        url = reverse(item.url_name)
        active = current == url or (url != "/" and current.startswith(url))
        entries.append({"label": item.label, "url": url, "active": active})
    return {"nav_items": entries}
