"""Two or more people acting at the same moment, for race tests: real threads, each with its
own database connection, released together at a barrier.

The shared in-memory SQLite of a test run answers "table is locked" at once where a file
database would wait for its busy timeout (and PostgreSQL blocks on the row): `until_unlocked`
waits here instead and tries the action again, as the real database would have made it wait.
"""

import threading
import time
from collections.abc import Callable, Sequence

from django.db import OperationalError, connection
from django.utils import translation


def until_unlocked(action: Callable, tries: int = 2000):
    for _ in range(tries):
        try:
            return action()
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            time.sleep(0.005)
    raise AssertionError("the database stayed locked")


def at_once(setups: Sequence[Callable[[], Callable]], *, language: str = "en") -> list:
    """Run each setup in its own thread; it returns the action, and the actions start together.

    Returns, per setup in order, what its action returned or the exception it (or its setup)
    raised. Actions run with `language` active, so refusals read the same on every machine.
    """
    barrier = threading.Barrier(len(setups), timeout=30)
    results: list = [None] * len(setups)

    def run(index: int, setup: Callable[[], Callable]) -> None:
        try:
            action = setup()
            barrier.wait()
            with translation.override(language):
                results[index] = until_unlocked(action)
        except Exception as error:  # noqa: BLE001 — handed to the test's assertions
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(setups)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results
