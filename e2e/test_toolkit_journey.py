"""The facilitation toolkit, in Finnish, in a real browser.

A support person adds a method; two people edit it at once in two browser contexts and the
second sees the conflict with both texts and keeps theirs; an agenda of four blocks is built,
one block is moved up with the keyboard, and the print view opens. axe scans every page.
"""

import re

import pytest
from django.utils.text import capfirst
from playwright.sync_api import Page, expect

from e2e.journeys import main_navigation, nav_link, sign_in
from e2e.translations import tr
from kipina.demo.personas import DEMO_PASSWORD, PERSONAS_BY_KEY
from kipina.toolkit.models import Agenda, Method

pytestmark = pytest.mark.e2e

FI = "fi"
TITLE = "Kolmen kysymyksen kierros"
STEPS = "1. Jokainen vastaa kolmeen kysymykseen.\n2. Kootaan yhteiset havainnot."
THEIR_STEPS = "1. Jokainen vastaa kolmeen kysymykseen pareittain.\n2. Kootaan havainnot."
MY_STEPS = "1. Kysymykset kirjoitetaan ensin lapuille.\n2. Luetaan ääneen."


def t(message: str, **params) -> str:
    return tr(FI, message, **params)


def named(action: str, what: str) -> re.Pattern:
    """A button's accessible name "<action>: <what>" (the part after the colon is for screen
    readers; Chromium may put a space before the colon)."""
    return re.compile(f"^{re.escape(action)} ?: {re.escape(what)}$")


def field(verbose_name: str) -> str:
    """A model field's form label: its verbose name, translated, first letter capitalised."""
    return capfirst(t(verbose_name))


def open_as(open_page, base: str, persona_key: str, axe, label: str) -> Page:
    page = open_page()
    page.goto(base + "/")
    sign_in(page, PERSONAS_BY_KEY[persona_key].username, DEMO_PASSWORD)
    expect(main_navigation(page)).to_be_visible()
    axe.scan(page, f"{label}: home")
    return page


def test_method_created_co_edited_with_a_conflict_and_an_agenda_planned(demo_org, open_page, axe):
    base = demo_org
    helper = open_as(open_page, base, "support_person", axe, "support person")

    # 1. The library, searched in Finnish.
    nav_link(helper, "Toolkit").click()
    expect(helper.get_by_role("heading", level=1)).to_have_text(t("Facilitation toolkit"))
    axe.scan(helper, "library")
    search = helper.get_by_role("search")
    search.get_by_role("textbox").fill("retrospektiiveissä")
    search.get_by_role("button", name=t("Search")).click()
    expect(helper.locator("#results mark").first).to_be_visible()
    axe.scan(helper, "library: searched")

    # 2. A new method.
    helper.get_by_role("link", name=t("Add a method")).click()
    expect(helper.get_by_role("heading", level=1)).to_have_text(t("Add a method"))
    axe.scan(helper, "new method form")
    main = helper.get_by_role("main")
    main.get_by_label(field("title")).fill(TITLE)
    main.get_by_label(field("summary")).fill("Lyhyt kierros, jossa kaikki pääsevät ääneen.")
    main.get_by_role("group", name=t("Purposes")).get_by_label(t("Sharing and listening")).check()
    arc = main.get_by_role("group", name=field("place in the workshop arc"))
    arc.get_by_label(tr(FI, "Opening", context="workshop arc")).check()
    main.get_by_label(field("shortest duration (min)")).fill("10")
    main.get_by_label(field("longest duration (min)")).fill("20")
    main.get_by_label(field("smallest group")).fill("3")
    main.get_by_label(field("largest group")).fill("20")
    main.get_by_label(field("steps")).fill(STEPS)
    main.get_by_role("button", name=t("Save and publish")).click()
    expect(helper.get_by_role("heading", level=1)).to_have_text(TITLE)
    axe.scan(helper, "method page")
    method = Method.objects.get(title=TITLE)
    expect(helper.get_by_role("main").locator("ol li").first).to_have_text(
        "Jokainen vastaa kolmeen kysymykseen."
    )

    # 3. Two people open the editor at once; the first saves, the second meets the conflict.
    coordinator = open_as(open_page, base, "coordinator", axe, "coordinator")
    edit_url = f"{base}/toolkit/methods/{method.key}/edit/"
    helper.goto(edit_url)
    coordinator.goto(edit_url)
    axe.scan(coordinator, "edit form")
    helper_main = helper.get_by_role("main")
    helper_main.get_by_label(field("steps")).fill(THEIR_STEPS)
    helper_main.get_by_label(t("What did you change?")).fill("Pareittain")
    helper_main.get_by_role("button", name=t("Save as a new revision")).click()
    expect(helper.get_by_role("heading", level=1)).to_have_text(TITLE)

    coordinator_main = coordinator.get_by_role("main")
    coordinator_main.get_by_label(field("steps")).fill(MY_STEPS)
    coordinator_main.get_by_label(t("What did you change?")).fill("Laput ensin")
    coordinator_main.get_by_role("button", name=t("Save as a new revision")).click()
    conflict = coordinator.get_by_role("region", name=t("Their saved version and your text"))
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("pareittain")  # theirs, beside
    expect(coordinator_main.get_by_label(field("steps"))).to_have_value(MY_STEPS)
    axe.scan(coordinator, "edit conflict")
    # Combining both and saving again works.
    coordinator_main.get_by_label(field("steps")).fill(THEIR_STEPS + "\n3. " + MY_STEPS)
    coordinator_main.get_by_role("button", name=t("Save as a new revision")).click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(TITLE)
    method.refresh_from_db()
    assert method.version == 3 and "Luetaan ääneen." in method.steps
    coordinator.get_by_role("link", name=t("Revision history")).click()
    axe.scan(coordinator, "revision history")
    coordinator.get_by_role("button", name=t("Compare")).click()
    expect(coordinator.get_by_role("heading", level=2).first).to_be_visible()
    axe.scan(coordinator, "diff")

    # 4. An agenda of four blocks; one moved up by keyboard; the print view.
    helper.goto(base + "/toolkit/agendas/")
    axe.scan(helper, "agendas")
    helper.get_by_role("link", name=t("Plan a new agenda")).click()
    axe.scan(helper, "new agenda")
    form = helper.get_by_role("main")
    form.get_by_label(t("Title")).fill("Tiimin kevätpäivä")
    form.get_by_label(t("Start time")).fill("09:00")
    form.get_by_label(t("Available time (minutes)")).fill("90")
    form.get_by_role("button", name=t("Create the agenda")).click()
    expect(helper.get_by_role("heading", level=1)).to_have_text("Tiimin kevätpäivä")
    axe.scan(helper, "agenda builder")
    for query, title in (
        ("kolmen kysymyksen", TITLE),
        ("pisteäänestys", None),
        ("retrospektiivi", None),
    ):
        panel = helper.get_by_role("search", name=t("Search the toolkit"))
        panel.get_by_role("searchbox").fill(query)
        panel.get_by_role("button", name=t("Search")).click()
        results = helper.locator("#method-results")
        add = results.get_by_role("button", name=re.compile("^" + re.escape(t("Add")) + " ?:"))
        if title:
            add = results.get_by_role("button", name=named(t("Add"), title))
        expect(add.first).to_be_visible()
        add.first.click()
    free = helper.get_by_role("region", name=t("A break, lunch or your own item"))
    free.get_by_role("button", name=t("Add the block")).click()
    rows = helper.locator("[data-block-id]")
    expect(rows).to_have_count(4)
    axe.scan(helper, "agenda with four blocks")
    last_label = Agenda.objects.get(title="Tiimin kevätpäivä").blocks.order_by("position").last()
    move_up = helper.get_by_role("button", name=named(t("Move up"), last_label.label))
    move_up.focus()
    helper.keyboard.press("Enter")
    expect(rows.nth(2)).to_contain_text(last_label.label)
    expect(helper.get_by_role("button", name=named(t("Move up"), last_label.label))).to_be_focused()
    axe.scan(helper, "agenda after a keyboard move")
    helper.get_by_role("link", name=t("Print view")).click()
    expect(helper.get_by_role("heading", level=1)).to_have_text("Tiimin kevätpäivä")
    expect(helper.locator("nav")).to_have_count(0)
    axe.scan(helper, "agenda print view")
