"""Placeholder: filled in by the guidance work."""

urlpatterns: list = []
