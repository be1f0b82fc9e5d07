"""Placeholder: owned by a helper."""

urlpatterns: list = []
