"""Keyboard only: the skip link comes first and works, and signing in needs no mouse."""

import pytest
from playwright.sync_api import Locator, Page, expect

from e2e.demo_data import person_of
from e2e.journeys import (
    SIGN_IN_PATH,
    expect_sign_in_page,
    password_field,
    username_field,
    welcome_heading,
)
from e2e.translations import tr
from kipina.demo.personas import DEMO_PASSWORD, PERSONAS_BY_KEY

pytestmark = pytest.mark.e2e


def _skip_link(page: Page) -> Locator:
    return page.get_by_role("link", name=tr("fi", "Skip to main content"), exact=True)


def _has_focus(locator: Locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def _focused_element(page: Page) -> str:
    return page.evaluate(
        "() => document.activeElement ? document.activeElement.outerHTML.slice(0, 160) : 'none'"
    )


def _inside_viewport(page: Page, locator: Locator) -> bool:
    box = locator.bounding_box()
    viewport = page.viewport_size
    return (
        box is not None
        and box["width"] > 0
        and box["height"] > 0
        and box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= viewport["width"]
        and box["y"] + box["height"] <= viewport["height"]
    )


def test_first_tab_stop_on_the_sign_in_page_is_the_skip_link(demo_org, page, axe):
    page.goto(demo_org + SIGN_IN_PATH)
    expect_sign_in_page(page)
    axe.scan(page, "sign-in")
    skip_link = _skip_link(page)
    assert not _inside_viewport(page, skip_link), "the skip link shows before it has focus"

    autofocused = page.evaluate(
        "() => document.querySelector('[autofocus]')?.outerHTML.slice(0, 160) ?? null"
    )
    page.keyboard.press("Tab")
    why = (
        f" (the page autofocuses {autofocused} on load, so Tab goes on from there past the "
        "skip link and the header)"
        if autofocused
        else ""
    )
    assert _has_focus(skip_link), (
        f"the first Tab stop on the sign-in page is {_focused_element(page)}, "
        f"not the skip link{why}"
    )
    assert _inside_viewport(page, skip_link), "the focused skip link stays off screen"
    axe.assert_clean()


def test_skip_link_and_sign_in_with_the_keyboard_only(demo_org, page, axe):
    persona = PERSONAS_BY_KEY["employee"]
    me = person_of(persona)
    page.goto(demo_org + SIGN_IN_PATH)
    expect_sign_in_page(page)
    axe.scan(page, "sign-in")

    # Walk back to the skip link with Shift+Tab: wherever focus starts (the document or an
    # autofocused field), the skip link is reachable from the keyboard.
    skip_link = _skip_link(page)
    for _ in range(15):
        page.keyboard.press("Shift+Tab")
        if _has_focus(skip_link):
            break
    expect(skip_link).to_be_focused()
    assert _inside_viewport(page, skip_link), "the focused skip link stays off screen"

    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()

    # From the start of main, the next stop is the first field of the form.
    page.keyboard.press("Tab")
    expect(username_field(page)).to_be_focused()
    page.keyboard.type(persona.username)
    page.keyboard.press("Tab")
    expect(password_field(page)).to_be_focused()
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")

    expect(page).to_have_url(demo_org + "/")
    expect(welcome_heading(page, me.first_name)).to_be_visible()
    axe.scan(page, "home")
    axe.assert_clean()
