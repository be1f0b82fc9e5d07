"""Notification kinds of the meetings part (registered when the app is ready)."""
