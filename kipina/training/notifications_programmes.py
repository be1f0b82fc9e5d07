"""Notification kinds of the programmes part (registered when the app is ready)."""
