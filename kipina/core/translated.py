"""Texts kept in three columns (`<field>_fi`, `<field>_sv`, `<field>_en`): the one to show."""

from django.utils.translation import get_language

LANGUAGES = ("fi", "sv", "en")


def in_language(obj, field: str) -> str:
    """`obj.<field>_<active language>`, falling back to Finnish when that one is empty."""
    language = (get_language() or "fi")[:2]
    if language not in LANGUAGES:
        language = "fi"
    return getattr(obj, f"{field}_{language}") or getattr(obj, f"{field}_fi")
