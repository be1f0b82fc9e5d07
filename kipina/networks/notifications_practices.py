"""Notification kinds of the practices part (registered when the app is ready)."""
