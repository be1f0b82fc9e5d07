"""Placeholder: owned by a helper (the programmes part). Replace the whole module."""

from django.http import HttpResponse
from django.urls import path


def placeholder(request, **kwargs):
    return HttpResponse("")


urlpatterns: list = [
    path("", placeholder, name="programmes"),
    path("programmes/<slug:key>/", placeholder, name="programme"),
    path("cohorts/<int:pk>/", placeholder, name="cohort"),
]
