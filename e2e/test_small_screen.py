"""A phone-size screen: the home page fits its width, with no sideways scrolling."""

import pytest
from playwright.sync_api import expect

from e2e.conftest import artifact_path
from e2e.demo_data import person_of
from e2e.journeys import expect_sign_in_page, sign_in, welcome_heading
from kipina.demo.personas import DEMO_PASSWORD, PERSONAS_BY_KEY

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 740}


def _page_width(page) -> int:
    return page.evaluate("() => document.scrollingElement.scrollWidth")


def test_home_fits_a_phone_screen(demo_org, open_page, axe):
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    persona = PERSONAS_BY_KEY["support_person"]
    me = person_of(persona)

    page.goto(demo_org + "/")
    expect_sign_in_page(page)
    assert _page_width(page) <= PHONE["width"], "the sign-in page scrolls sideways on a phone"
    axe.scan(page, "sign-in on a phone")

    sign_in(page, persona.username, DEMO_PASSWORD)
    expect(welcome_heading(page, me.first_name)).to_be_visible()
    page.screenshot(path=str(artifact_path("home-phone-375x740", ".png")), full_page=True)
    assert _page_width(page) <= PHONE["width"], (
        f"the home page is {_page_width(page)} px wide on a {PHONE['width']} px screen"
    )
    axe.scan(page, "home on a phone")
    axe.assert_clean()
