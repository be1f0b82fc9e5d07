"""Placeholder: filled in by the resources work."""

urlpatterns: list = []
