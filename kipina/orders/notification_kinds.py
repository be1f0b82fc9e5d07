"""Placeholder until the notification kinds land."""
