"""Hit highlighting: the words of a text that a query matched, wrapped in <mark>."""

import re
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kipina.core.search.analyser import QueryGroup, matches, normalise, word_terms

_SPLIT = re.compile(r"([^\W_]+)", re.UNICODE)


def _hit(word: str, groups: Sequence[QueryGroup], language: str) -> bool:
    return bool(matches(groups, word_terms(normalise(word), language)))


def highlight(text: str, groups: Sequence[QueryGroup], language: str) -> SafeString:
    """The text, escaped, with every word the query groups match in <mark>."""
    if not groups:
        return mark_safe(escape(text))  # noqa: S308 — escaped
    pieces = []
    for piece in _SPLIT.split(text or ""):
        if piece and _SPLIT.fullmatch(piece) and _hit(piece, groups, language):
            pieces.append(f"<mark>{escape(piece)}</mark>")
        else:
            pieces.append(escape(piece))
    return mark_safe("".join(pieces))  # noqa: S308 — every piece escaped
