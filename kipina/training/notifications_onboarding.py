"""Notification kinds of the onboarding part (registered when the app is ready)."""
