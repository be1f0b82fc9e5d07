"""Background work of the networks: thin wrappers so a scheduler or the worker runs them."""

import datetime as dt

from django.tasks import task

from kipina.networks import digest


@task
def send_weekly_digest(week: str) -> int:
    """Send the digest of the week starting on `week` (an ISO date; any day of the week
    stands for its Monday); returns how many emails went out."""
    return digest.send_digests(week=dt.date.fromisoformat(week))
