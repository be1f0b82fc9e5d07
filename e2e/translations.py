"""UI strings as the server renders them, so locators follow the real translation catalogues.

The live server runs in the test process, so Django's catalogues here are the very ones the pages
are rendered with: a locator built from `tr("fi", "Sign in")` keeps working when a translator
rewords the Finnish text, and still fails when the page shows something else.
"""

from django.utils import translation


def tr(language: str, message: str, *, context: str | None = None, **params) -> str:
    with translation.override(language):
        text = translation.pgettext(context, message) if context else translation.gettext(message)
    return text % params if params else text


def tr_plural(language: str, singular: str, plural: str, count: int) -> str:
    with translation.override(language):
        text = translation.ngettext(singular, plural, count)
    return text % {"counter": count}


def tr_lazy(language: str, lazy_text) -> str:
    """A lazily translated label (a model choice, a form label) in the given language."""
    with translation.override(language):
        return str(lazy_text)
