"""Repository-wide pytest hooks: CI strictness and the e2e marker. Fixtures live in kipina/."""

import os
from pathlib import Path

import pytest

# Settings were already imported by pytest-django before this file loads, so the harness exports
# KIPINA_ENV itself; this covers code that reads the environment later (subprocesses, checks).
os.environ.setdefault("KIPINA_ENV", "test")

E2E_DIR = Path(__file__).parent / "e2e"
NO_SKIP = os.environ.get("KIPINA_NO_SKIP") == "1"


def _skip_reason(longrepr) -> str:
    # A skip's longrepr is (path, line, "Skipped: reason").
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


def _fail_if_skipped(report) -> None:
    if NO_SKIP and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped tests are not allowed in CI: {_skip_reason(report.longrepr)}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    _fail_if_skipped(report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector):
    # Module-level pytest.skip() / importorskip() skip a whole file at collection time.
    report = yield
    _fail_if_skipped(report)
    return report


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects
def pytest_collection_modifyitems(config, items):
    # Everything under e2e/ is a browser journey, marked or not, so `-m "not e2e"` never starts
    # a browser on the xdist/PostgreSQL runs.
    for item in items:
        if E2E_DIR in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)


def pytest_collection_finish(session):
    # Playwright's sync API runs an event loop in the test thread; Django's async-safety guard
    # would refuse the ORM calls that live_server tests make from that thread.
    if any(item.get_closest_marker("e2e") for item in session.items):
        os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
