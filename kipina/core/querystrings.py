"""The current list filters as a query string, for pagination links to keep."""

from django.http import HttpRequest


def filters_querystring(request: HttpRequest, drop: str = "page") -> str:
    """The request's GET parameters without `drop` (the page number), URL-encoded."""
    query = request.GET.copy()
    query.pop(drop, None)
    return query.urlencode()
