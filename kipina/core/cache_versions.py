"""Versioned caches: a write anywhere bumps a named version, and everything built under the old
version is simply not used again.

The version lives in the database (`CacheVersion`), so every web worker sees every other
worker's bump with one cheap query. Lower apps bump (agents, when a time share or absence
changes); higher apps read (orders' candidate pool), so no import crosses upwards.
"""

import logging
import time
from collections.abc import Callable

from django.db import DatabaseError, transaction
from django.db.models import F

from kipina.core.models import CacheVersion

logger = logging.getLogger(__name__)

# What the matching's candidate pool is built from: support persons, time shares, absences,
# orders, sessions, hours and feedback.
SUPPORT_POOL = "support-pool"
# The slower-moving part of it, read from the whole order history: when each support person last
# got an order, and the ratings per service. Bumped (with SUPPORT_POOL) only when an order moves
# in its life cycle or gets feedback, so logging hours or planning a session leaves it be.
SUPPORT_HISTORY = "support-history"


def current_version(name: str) -> int:
    found = CacheVersion.objects.filter(name=name).values_list("version", flat=True).first()
    return found or 0


def bump(name: str) -> None:
    if not CacheVersion.objects.filter(name=name).update(version=F("version") + 1):
        CacheVersion.objects.get_or_create(name=name)
        CacheVersion.objects.filter(name=name).update(version=F("version") + 1)


def bump_on_commit(name: str) -> None:
    """Bump once the current transaction commits (at once outside a transaction).

    The change itself is already committed then; if the bump cannot be written (a locked
    database), the memoised figures expire on their own within their time limit.
    """

    def after_commit() -> None:
        try:
            bump(name)
        except DatabaseError:
            logger.warning("could not bump cache version %s; caches expire on their own", name)

    transaction.on_commit(after_commit)


_memos: list["VersionedMemo"] = []


def clear_memos() -> None:
    """Empty every memo of this process (tests start from nothing)."""
    for memo in _memos:
        memo.clear()


class VersionedMemo:
    """A small in-process memo of values built under a version, for at most `seconds`.

    In-process on purpose: values such as thousands of matching candidates would cost more to
    pickle in and out of a cache than to keep.
    """

    def __init__(self, name: str, *, seconds: float, size: int = 8) -> None:
        self.name = name
        self.seconds = seconds
        self.size = size
        self._entries: dict[tuple, tuple[float, object]] = {}
        _memos.append(self)

    def get_or_build(self, key: tuple, build: Callable[[], object]) -> object:
        full_key = (current_version(self.name), *key)
        now = time.monotonic()
        found = self._entries.get(full_key)
        if found is not None and found[0] > now:
            return found[1]
        value = build()
        if len(self._entries) >= self.size:
            self._entries = {k: v for k, v in self._entries.items() if v[0] > now}
            while len(self._entries) >= self.size:
                self._entries.pop(next(iter(self._entries)))
        self._entries[full_key] = (now + self.seconds, value)
        return value

    def clear(self) -> None:
        self._entries.clear()
