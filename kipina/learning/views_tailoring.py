"""Placeholder: filled in by the tailoring work."""

urlpatterns: list = []
