"""Notification kinds of the networks part (registered when the app is ready)."""
