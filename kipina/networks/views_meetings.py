"""Placeholder: owned by a helper (the meetings part). Replace the whole module."""

from django.http import HttpResponse
from django.urls import path


def placeholder(request, **kwargs):
    return HttpResponse("")


urlpatterns: list = [
    path("<slug:key>/meetings/", placeholder, name="meetings"),
    path("<slug:key>/meetings/<int:pk>/", placeholder, name="meeting"),
]
