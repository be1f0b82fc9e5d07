"""htmx helpers: a typed request and rendering of a page or one of its partials."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def render_page_or_partial(
    request: HtmxHttpRequest, template: str, partial: str, context: dict
) -> HttpResponse:
    """Full page for a normal request; only the named {% partialdef %} for an htmx request."""
    name = f"{template}#{partial}" if request.htmx else template
    return render(request, name, context)
