"""The real Content-Security-Policy (no bypass): pages and htmx run without a CSP violation."""

import pytest
from playwright.sync_api import expect

from e2e.demo_data import colleague_to_find, directory_count, person_of
from e2e.journeys import (
    open_from_menu,
    results_heading,
    sign_in,
    welcome_heading,
)
from e2e.translations import tr, tr_plural
from kipina.demo.personas import DEMO_PASSWORD, PERSONAS_BY_KEY

pytestmark = pytest.mark.e2e

CSP_MARKERS = ("Content Security Policy", "Content-Security-Policy")


def test_htmx_runs_under_the_content_security_policy(demo_org, open_page):
    page = open_page(bypass_csp=False)
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{message.type}: {message.text}")
            if any(marker in message.text for marker in CSP_MARKERS)
            else None
        ),
    )
    page.on("pageerror", lambda error: violations.append(f"page error: {error}"))
    persona = PERSONAS_BY_KEY["coordinator"]
    me = person_of(persona)
    surname = colleague_to_find(me).last_name

    with page.expect_response(lambda response: response.url.startswith(demo_org)) as first:
        page.goto(demo_org + "/")
    policy = first.value.header_value("content-security-policy") or ""
    assert "script-src 'self'" in policy, f"the page was served without the strict CSP: {policy!r}"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, policy

    sign_in(page, persona.username, DEMO_PASSWORD)
    expect(welcome_heading(page, me.first_name)).to_be_visible()
    open_from_menu(page, "People", "/org/people/")
    page.wait_for_function("() => window.htmx !== undefined")

    page.get_by_role("textbox", name=tr("fi", "Search"), exact=True).press_sequentially(
        surname, delay=20
    )
    expect(results_heading(page)).to_have_text(
        tr_plural(
            "fi",
            "%(counter)s person found",
            "%(counter)s people found",
            directory_count(me, surname),
        )
    )
    page.wait_for_load_state("networkidle")
    assert violations == [], "Content-Security-Policy violations:\n" + "\n".join(violations)
