"""Steps the journeys share, written the way a user acts: by labels, roles and visible text."""

import re

from playwright.sync_api import Page, expect

from e2e.translations import tr

SIGN_IN_PATH = "/accounts/login/"


def expect_language(page: Page, language: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", language)


def expect_sign_in_page(page: Page, language: str = "fi") -> None:
    expect(page).to_have_url(re.compile(re.escape(SIGN_IN_PATH)))
    expect(page.get_by_role("heading", level=1)).to_have_text(tr(language, "Sign in to Kipinä"))


def username_field(page: Page, language: str = "fi"):
    return page.get_by_role("textbox", name=tr(language, "Username or email"))


def password_field(page: Page, language: str = "fi"):
    # A password input has no ARIA role, so it is found by its label.
    return page.get_by_label(tr(language, "Password"))


def sign_in(page: Page, username: str, password: str, language: str = "fi") -> None:
    username_field(page, language).fill(username)
    password_field(page, language).fill(password)
    page.get_by_role("button", name=tr(language, "Sign in"), exact=True).click()


def sign_out(page: Page, language: str = "fi") -> None:
    page.get_by_role("banner").get_by_role(
        "button", name=tr(language, "Sign out"), exact=True
    ).click()
    expect_sign_in_page(page, language)


def switch_language(page: Page, *, current: str, to: str) -> None:
    """Choose a language in the header's language form and submit it."""
    header = page.get_by_role("banner")
    header.get_by_role("combobox", name=tr(current, "Language"), exact=True).select_option(to)
    header.get_by_role("button", name=tr(current, "Change language"), exact=True).click()
    expect_language(page, to)
    page.wait_for_load_state("load")


def main_navigation(page: Page, language: str = "fi"):
    return page.get_by_role("navigation", name=tr(language, "Main"), exact=True)


def nav_link(page: Page, label: str, language: str = "fi"):
    """A main-menu link by its label (menu labels carry the "navigation" context)."""
    return main_navigation(page, language).get_by_role(
        "link", name=tr(language, label, context="navigation"), exact=True
    )


def open_from_menu(page: Page, label: str, path: str, language: str = "fi") -> None:
    nav_link(page, label, language).click()
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))


def welcome_heading(page: Page, first_name: str, language: str = "fi"):
    return page.get_by_role(
        "heading", level=1, name=tr(language, "Welcome, %(name)s", name=first_name)
    )


def results_heading(page: Page):
    return page.locator("#results-heading")
