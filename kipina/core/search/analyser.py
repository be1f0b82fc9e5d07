"""One text analyser for Finnish, Swedish and English, used when indexing and when searching.

Finnish inflects and compounds: `työpajoissa` is the inessive plural of *työpaja*, itself
*työ* + *paja*. A word is therefore indexed under several terms:

- the word itself, lower-cased (so that prefix matching reaches words nothing else knows);
- its Snowball stem in the text's language (`työpajoissa` → `työpaj`);
- for Finnish, when the Voikko library and its Finnish dictionary are installed, every base
  form Voikko gives (`työpaja`), and the parts of a compound (`työ`, `paja`; for
  `oppimisvalmentaja` the part `valmentaja`), each part also stemmed.

A query word becomes a group of alternatives — itself, its stems in all three languages, its
base forms — plus a prefix of its stem for words no dictionary knows (`retrospektiiveissä` →
`retrospektiiv*`). A hit must match one alternative of every group. A search that finds less
than a page is broadened (kipina.core.search.index): the head (last part) of a compound joins
the alternatives, and so does the prefix of a word the dictionary knows (whose inflections
and compounds its base forms and parts reach already). Without Voikko the analyser still
works, with stems and prefixes only.
"""

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import snowballstemmer

LANGUAGES = ("fi", "sv", "en")
DEFAULT_LANGUAGE = "fi"
_STEMMER_NAMES = {"fi": "finnish", "sv": "swedish", "en": "english"}
# What texts and queries are analysed into: bump it with every change to that, and
# `manage.py reindex_search --if-outdated` (run by `make run`) analyses every indexed object
# again. 2: a suffix inside a compound stays with its part (`valmennus` + `ohjelma`).
VERSION = 2
# A prefix shorter than this matches too much to help.
MIN_PREFIX = 4
# Words longer than this are noise (hashes, glued URLs) and stay out of the index.
MAX_WORD = 60
# The most words of one query that are looked at.
MAX_QUERY_WORDS = 12
# Letters and digits; hyphens, apostrophes and everything else separate words.
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

# Words too common to narrow a search, by language (short lists written for Kipinä).
STOPWORDS: dict[str, frozenset[str]] = {
    "fi": frozenset((
        "ja", "tai", "sekä", "on", "ovat", "oli", "ei", "se", "ne", "että", "jos", "kun", "kuin",
        "mutta", "myös", "niin", "vain", "tämä", "tämän", "nämä", "joka", "jotka", "mikä", "mitä",
        "sen", "sitä", "siitä", "hän", "he", "me", "te", "minä", "sinä", "olla", "voi", "kanssa",
        "eli",
    )),
    "sv": frozenset((
        "och", "eller", "att", "det", "den", "de", "en", "ett", "är", "var", "inte", "som", "om",
        "när", "men", "också", "så", "bara", "för", "med", "på", "av", "till", "i",
    )),
    "en": frozenset((
        "and", "or", "the", "a", "an", "is", "are", "was", "were", "not", "it", "its", "that",
        "this", "these", "if", "when", "but", "also", "so", "only", "for", "with", "on", "of",
        "to", "in", "by", "as", "at", "be",
    )),
}  # fmt: skip
ALL_STOPWORDS = frozenset().union(*STOPWORDS.values())


def normalise(text: str) -> str:
    """NFC and lower case: `Työpaja` and a decomposed `työpaja` are one word."""
    return unicodedata.normalize("NFC", text).casefold()


def words(text: str) -> list[str]:
    """The words of a text, normalised, in order."""
    return [word for word in _WORD.findall(normalise(text)) if len(word) <= MAX_WORD]


@functools.cache
def _stemmer(language: str):
    return snowballstemmer.stemmer(_STEMMER_NAMES[language])


@functools.lru_cache(maxsize=65536)
def stem(word: str, language: str) -> str:
    return _stemmer(language).stemWord(word)


# --- Voikko ----------------------------------------------------------------------------------


class _Voikko:
    """The Finnish morphology, loaded once per process when the system library is there."""

    def __init__(self) -> None:
        self.instance = None
        self.error = ""
        try:
            import libvoikko

            self.instance = libvoikko.Voikko("fi")
        except Exception as error:  # noqa: BLE001 — missing library or dictionary
            self.error = f"{type(error).__name__}: {error}"


@functools.cache
def _voikko() -> _Voikko:
    return _Voikko()


def voikko_available() -> bool:
    return _voikko().instance is not None


def voikko_problem() -> str:
    """Why Voikko is not in use ("" when it is)."""
    return _voikko().error


@dataclass(frozen=True, slots=True)
class Reading:
    """One reading of a Finnish word: its base form and its compound parts (surface forms,
    the last one in base form)."""

    base: str
    parts: tuple[str, ...]


# One `+text(base)` morpheme of Voikko's WORDBASES; the base may be missing.
_MORPHEME = re.compile(r"\+([^+(]*)(?:\(([^)]*)\))?")


def _parts(base: str, wordbases: str | None) -> tuple[str, ...]:
    """Compound parts from Voikko's WORDBASES, e.g. `+oppimis(oppia)+valmenta(valmentaa)+ja(+ja)`.

    Each `+text(base)` segment is a morpheme; one whose base starts with `+` (a derivational
    suffix) or that has no base belongs to the part before it, wherever it stands:
    `+valmenn(valmentaa)+us(+us)+ohjelma(ohjelma)` is `valmennus` + `ohjelma`. The last part is
    cut from the base form, so it comes out in base form too: `oppimis`, `valmentaja`.
    """
    if not wordbases:
        return ()
    parts: list[str] = []
    # A suffix's base starts with `+` itself (`+us(+us)`): split on the morphemes, not on `+`.
    for text, morpheme_base in _MORPHEME.findall(wordbases):
        if parts and (not morpheme_base or morpheme_base.startswith("+")):
            parts[-1] += text
        elif text:
            parts.append(text)
    if len(parts) < 2:
        return ()
    head_start = sum(len(part) for part in parts[:-1])
    head = base[head_start:] if base.startswith("".join(parts[:-1])) else parts[-1]
    return (*(normalise(part) for part in parts[:-1]), normalise(head))


@functools.lru_cache(maxsize=65536)
def readings(word: str) -> tuple[Reading, ...]:
    """Voikko's readings of a Finnish word; () without Voikko or for unknown words."""
    voikko = _voikko().instance
    if voikko is None:
        return ()
    found: dict[str, Reading] = {}
    for analysis in voikko.analyze(word):
        base = analysis.get("BASEFORM")
        if not base:
            continue
        base = normalise(base)
        if base not in found:
            found[base] = Reading(base, _parts(base, analysis.get("WORDBASES")))
    return tuple(found.values())


# --- indexing and querying -------------------------------------------------------------------


def _language(language: str | None) -> str:
    return language if language in _STEMMER_NAMES else DEFAULT_LANGUAGE


@functools.lru_cache(maxsize=65536)
def word_terms(word: str, language: str) -> frozenset[str]:
    """Every term one word of a text in `language` is indexed under."""
    terms = {word, stem(word, language)}
    if language == "fi":
        for reading in readings(word):
            terms.add(reading.base)
            terms.add(stem(reading.base, "fi"))
            for part in reading.parts:
                terms.add(part)
                terms.add(stem(part, "fi"))
    return frozenset(_clean(terms))


def _clean(terms: Iterable[str]) -> set[str]:
    """Terms as plain words: a dictionary's base form may hold a hyphen (`lean-työkalu`)."""
    clean = set()
    for term in terms:
        clean.update(_WORD.findall(term))
    return clean


def index_terms(text: str, language: str | None = None) -> str:
    """The text as space-separated index terms (each word's terms, in the words' order)."""
    language = _language(language)
    seen: dict[str, None] = {}
    for word in words(text):
        for term in sorted(word_terms(word, language)):
            seen.setdefault(term, None)
    return " ".join(seen)


@dataclass(frozen=True, slots=True)
class QueryGroup:
    """One query word: a document must hold one of `terms` or a term starting with `prefix`.

    A word the dictionary knows (`known`) has its inflections and compound parts among the
    terms already, so its prefix only broadens: like the compound's `heads` (`tiimityössä` →
    `työ`) it is taken when the search as written finds too little (`workshop` then finds the
    Swedish `workshoppar`)."""

    word: str
    terms: frozenset[str]
    prefix: str  # "" when the word is too short for a prefix
    heads: frozenset[str] = frozenset()
    known: bool = False

    def prefix_in(self, *, broadened: bool) -> str:
        """The prefix a search takes ("" for none), as written or broadened."""
        return self.prefix if broadened or not self.known else ""


def _prefix(word: str) -> str:
    """The query word's prefix: its Finnish stem, or else its longest stem."""
    finnish_stem = stem(word, "fi")
    if len(finnish_stem) >= MIN_PREFIX:
        return finnish_stem
    longest = max((stem(word, "sv"), stem(word, "en")), key=len)
    return longest if len(longest) >= MIN_PREFIX else ""


def query_groups(query: str) -> list[QueryGroup]:
    """The query's words as groups of alternatives, stopwords dropped (unless that is all)."""
    found = words(query)
    meaningful = [word for word in found if word not in ALL_STOPWORDS] or found
    groups: list[QueryGroup] = []
    seen: set[str] = set()
    for word in meaningful:
        if word in seen:
            continue
        seen.add(word)
        terms = {word}
        heads: set[str] = set()
        for language in LANGUAGES:
            terms.add(stem(word, language))
        known = readings(word)
        for reading in known:
            terms.add(reading.base)
            if reading.parts:
                heads.add(reading.parts[-1])
        kept = frozenset(_clean(terms))
        groups.append(
            QueryGroup(
                word, kept, _prefix(word), frozenset(_clean(heads)) - kept, known=bool(known)
            )
        )
        if len(groups) == MAX_QUERY_WORDS:
            break
    return groups


def matches(groups: Iterable[QueryGroup], text_terms: Iterable[str]) -> set[str]:
    """Which of `text_terms` a query hits (for highlighting): exact terms and prefixes."""
    groups = list(groups)
    hit = set()
    for term in text_terms:
        for group in groups:
            if (
                term in group.terms
                or term in group.heads
                or (group.prefix and term.startswith(group.prefix))
            ):
                hit.add(term)
                break
    return hit
