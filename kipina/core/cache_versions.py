"""Versioned cache keys: a write anywhere bumps a named version, and every key made under the
old version is simply never read again (it expires on its own).

Lower apps bump (agents, when a time share or absence changes); higher apps read (orders'
candidate pool), so no import crosses upwards.
"""

from django.core.cache import cache
from django.db import transaction


def _version_key(name: str) -> str:
    return f"kipina:version:{name}"


def versioned_key(name: str, suffix: str) -> str:
    version = cache.get_or_set(_version_key(name), 1, None)
    return f"kipina:{name}:{version}:{suffix}"


def bump(name: str) -> None:
    try:
        cache.incr(_version_key(name))
    except ValueError:  # not set yet, or evicted
        cache.set(_version_key(name), 2, None)


def bump_on_commit(name: str) -> None:
    """Bump once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: bump(name))


# What the matching's candidate pool is built from: support persons, time shares, absences,
# orders, sessions, hours and feedback.
SUPPORT_POOL = "support-pool"
