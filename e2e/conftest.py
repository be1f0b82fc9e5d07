"""Fixtures for the Playwright journeys: system Chromium, the live server and the demo data.

One Chromium runs for the whole session; every test gets fresh browser contexts (cookies, storage
and language choice do not leak between tests). When a test fails, a screenshot of each of its
pages is saved into test-artifacts/.
"""

import io
import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import sync_playwright

from e2e.accessibility import AxeLog

CHROMIUM_PATH = Path(os.environ.get("KIPINA_E2E_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # the CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # The machine's network is closed: without these, Chromium keeps trying to reach Google.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS_DIR = Path(__file__).resolve().parent.parent / "test-artifacts"
DEFAULT_TIMEOUT_MS = 10_000

# Small enough to seed in a moment for every test, big enough for real search results and units.
DEMO_PEOPLE = 120
DEMO_SEED = 7


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"e2e_report_{report.when}", report)
    return report


def _failed(node) -> bool:
    return any(
        getattr(node, f"e2e_report_{when}", None) is not None
        and getattr(node, f"e2e_report_{when}").failed
        for when in ("setup", "call")
    )


def artifact_path(node_name: str, suffix: str) -> Path:
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", node_name).strip("-")
    return ARTIFACTS_DIR / f"{safe}{suffix}"


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM_PATH.is_file():
        pytest.fail(
            f"Chromium was not found at {CHROMIUM_PATH}. The browser journeys use the system "
            "Chromium: install the Debian package `chromium` (apt-get install chromium), or point "
            "KIPINA_E2E_CHROMIUM at a Chromium binary. Playwright's own browser download is not "
            "used.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def open_page(chromium, request):
    """Open a page in a new browser context; `bypass_csp=False` keeps the site's real CSP.

    The journeys bypass the Content-Security-Policy only so that axe can be injected.
    """
    contexts = []

    def _open(*, bypass_csp: bool = True, **options):
        options.setdefault("locale", "fi-FI")  # a Finnish browser: Accept-Language fi
        options.setdefault("timezone_id", "Europe/Helsinki")
        context = chromium.new_context(bypass_csp=bypass_csp, **options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield _open
    if _failed(request.node):
        for context_number, context in enumerate(contexts):
            for page_number, page in enumerate(context.pages):
                path = artifact_path(request.node.name, f"-{context_number}-{page_number}.png")
                try:
                    page.screenshot(path=str(path), full_page=True)
                except Exception as error:  # a crashed page must not hide the real failure
                    print(f"could not save the failure screenshot {path}: {error}")
                else:
                    print(f"failure screenshot: {path}")
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page):
    return open_page()


@pytest.fixture
def axe():
    """Collects axe violations page by page; a test ends with `axe.assert_clean()`."""
    return AxeLog()


@pytest.fixture
def demo_org(transactional_db, live_server):
    """The seeded demo organisation, served by the live server; returns the server's base URL."""
    call_command("seed_demo", people=DEMO_PEOPLE, seed=DEMO_SEED, stdout=io.StringIO())
    return live_server.url
