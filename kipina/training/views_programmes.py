"""Placeholder: owned by a helper (the programmes part)."""

from django.http import HttpResponse
from django.urls import path


def programmes(request):
    return HttpResponse("")


urlpatterns: list = [path("", programmes, name="programmes")]
