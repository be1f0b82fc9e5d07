"""Every persona signs in, changes the language twice, finds a colleague and signs out.

Each page on the way is scanned with axe (WCAG 2.0/2.1 A and AA plus best practices).
"""

import re
from urllib.parse import quote_plus

import pytest
from playwright.sync_api import expect

from e2e.demo_data import colleague_to_find, directory_count, person_of
from e2e.journeys import (
    expect_language,
    expect_sign_in_page,
    nav_link,
    open_from_menu,
    results_heading,
    sign_in,
    sign_out,
    switch_language,
    welcome_heading,
)
from e2e.translations import tr, tr_lazy, tr_plural
from kipina.core.enums import Role
from kipina.demo.personas import DEMO_PASSWORD, PERSONAS

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda persona: persona.key)
def test_persona_journey(demo_org, page, axe, persona):
    me = person_of(persona)
    colleague = colleague_to_find(me)
    surname = colleague.last_name
    listed_as = f"{colleague.last_name}, {colleague.first_name}"

    # Anonymous: the front page sends to the sign-in page, in Finnish.
    page.goto(demo_org + "/")
    expect_sign_in_page(page)
    expect(page).to_have_url(re.compile(r"[?&]next=%2F$|[?&]next=/$"))
    expect_language(page, "fi")
    axe.scan(page, "sign-in")

    sign_in(page, persona.username, DEMO_PASSWORD)
    expect(page).to_have_url(demo_org + "/")
    expect(welcome_heading(page, me.first_name)).to_be_visible()
    expect(page.get_by_role("banner")).to_contain_text(me.full_name)
    workplace = page.get_by_role("region", name=tr("fi", "Where you work"))
    expect(workplace).to_contain_text(me.unit.name)
    expect(workplace).to_contain_text(me.team.name if me.team else tr("fi", "No team"))
    expect(page.get_by_text(tr("fi", "Your roles:"))).to_contain_text(
        tr_lazy("fi", Role(persona.key).label)
    )
    axe.scan(page, "home")

    switch_language(page, current="fi", to="sv")
    expect(page).to_have_url(demo_org + "/")
    expect(welcome_heading(page, me.first_name, "sv")).to_be_visible()
    expect(
        page.get_by_role("banner").get_by_role("button", name=tr("sv", "Sign out"))
    ).to_be_visible()
    axe.scan(page, "home in Swedish")

    switch_language(page, current="sv", to="fi")
    expect(welcome_heading(page, me.first_name)).to_be_visible()

    # The people directory from the main navigation, then a search by surname.
    open_from_menu(page, "People", "/org/people/")
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("fi", "People"))
    expect(nav_link(page, "People")).to_have_attribute("aria-current", "page")
    axe.scan(page, "directory")

    page.get_by_role("textbox", name=tr("fi", "Search"), exact=True).fill(surname)
    page.get_by_role("button", name=tr("fi", "Search"), exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]q=" + re.escape(quote_plus(surname))))
    found = directory_count(me, surname)
    expect(results_heading(page)).to_have_text(
        tr_plural("fi", "%(counter)s person found", "%(counter)s people found", found)
    )
    result_row = page.get_by_role("row").filter(
        has=page.get_by_role("link", name=listed_as, exact=True)
    )
    expect(result_row).to_have_count(1)
    axe.scan(page, "directory with results")

    # The colleague's unit from their result row, then the colleague from the unit page.
    result_row.get_by_role("link", name=colleague.unit.name, exact=True).click()
    expect(page).to_have_url(demo_org + colleague.unit.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(colleague.unit.name)
    axe.scan(page, "unit")

    page.get_by_role("region", name=tr("fi", "People directly in this unit")).get_by_role(
        "link", name=listed_as, exact=True
    ).click()
    expect(page).to_have_url(demo_org + colleague.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(colleague.full_name)
    axe.scan(page, "person")

    sign_out(page)
    page.goto(demo_org + "/")
    expect_sign_in_page(page)

    axe.assert_clean()


def test_interface_speaks_finnish_and_swedish(demo_org, page, axe):
    """The journeys find elements by translated text; this guards that it is translated at all."""
    page.goto(demo_org + "/")
    expect_sign_in_page(page)
    expect_language(page, "fi")
    source = "Sign in to Kipinä"
    heading = page.get_by_role("heading", level=1)
    finnish = heading.inner_text()
    assert finnish != source, f"the Finnish sign-in page shows the English source text {source!r}"

    switch_language(page, current="fi", to="sv")
    expect_sign_in_page(page, "sv")
    swedish = heading.inner_text()
    assert swedish not in (source, finnish), (
        f"the Swedish sign-in page shows {swedish!r}, not a Swedish translation"
    )
    axe.scan(page, "sign-in in Swedish")
    axe.assert_clean()
