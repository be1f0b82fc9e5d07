"""Placeholder: owned by a helper (the networks part)."""

from django.http import HttpResponse
from django.urls import path


def networks(request):
    return HttpResponse("")


urlpatterns: list = [path("", networks, name="networks")]
