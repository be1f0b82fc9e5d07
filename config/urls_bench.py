"""URLs for `make bench`: the real site plus one view that does no database work.

The benchmark serves with KIPINA_URLCONF=config.urls_bench. The bare view goes through the same
middleware stack as every page (sessions, CSRF, auth, CSP, axes...), so a page's time divided by
the bare view's time shows what the page itself costs. Never used outside the benchmark.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as base


def bare_view(request: HttpRequest) -> HttpResponse:
    # No request.user, no session read: touching either would query the database.
    return HttpResponse(b"ok", content_type="text/plain; charset=utf-8")


urlpatterns = [*base, path("bench/bare", bare_view, name="bench_bare")]
