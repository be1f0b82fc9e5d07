"""htmx in the people directory: typing updates the results in place and pushes the URL."""

import re
from urllib.parse import quote_plus

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

FOUND = ("%(counter)s person found", "%(counter)s people found")


def test_typing_a_search_updates_the_results_without_a_page_load(demo_org, page, axe):
    persona = PERSONAS_BY_KEY["team_lead"]
    me = person_of(persona)
    surname = colleague_to_find(me).last_name

    page.goto(demo_org + "/")
    sign_in(page, persona.username, DEMO_PASSWORD)
    expect(welcome_heading(page, me.first_name)).to_be_visible()
    open_from_menu(page, "People", "/org/people/")
    everyone = directory_count(me, "")
    expect(results_heading(page)).to_have_text(tr_plural("fi", *FOUND, everyone))
    page.wait_for_function("() => window.htmx !== undefined")

    # A full page load would lose this marker; an htmx swap keeps the document.
    page.evaluate("() => { window.e2eSameDocument = true; }")
    loads = []
    page.on("load", lambda _: loads.append(page.url))

    search = page.get_by_role("textbox", name=tr("fi", "Search"), exact=True)
    with page.expect_response(
        lambda response: (
            "/org/people/?" in response.url and response.request.headers.get("hx-request") == "true"
        )
    ) as htmx_response:
        search.press_sequentially(surname, delay=20)
    assert htmx_response.value.ok

    found = directory_count(me, surname)
    assert found < everyone, "the surname search should narrow the results"
    expect(results_heading(page)).to_have_text(tr_plural("fi", *FOUND, found))
    expect(page).to_have_url(re.compile(r"[?&]q=" + re.escape(quote_plus(surname))))
    expect(search).to_have_value(surname)
    expect(search).to_be_focused()  # the swap leaves the field being typed in alone
    assert page.evaluate("() => window.e2eSameDocument === true"), "the search reloaded the page"
    assert loads == [], f"the search loaded a new document: {loads}"
    axe.scan(page, "directory after an htmx search")

    # The pushed URL is a real page: going back restores the full list.
    page.go_back()
    expect(page).to_have_url(demo_org + "/org/people/")
    expect(results_heading(page)).to_have_text(tr_plural("fi", *FOUND, everyone))
    axe.assert_clean()
