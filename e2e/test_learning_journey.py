"""Strategic competences and guidance, in Finnish, in a real browser.

The team lead tailors a competence the team has not tailored yet (what it means in our work,
where we are, where we aim) and adds an action; the support person finds a resource in the
catalogue with an inflected Finnish word and recommends it to the employee; the employee sees
it under "My learning", marks it done and notes it in the learning log. axe scans every page.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.journeys import main_navigation, nav_link, sign_in
from e2e.translations import tr
from kipina.demo.personas import DEMO_PASSWORD, PERSONAS_BY_KEY
from kipina.learning.enums import RecommendationResponse
from kipina.learning.models import (
    Competence,
    LearningLogEntry,
    RecommendationAnswer,
    ScaleLevel,
    TeamCompetence,
)

pytestmark = pytest.mark.e2e

FI = "fi"
COMPETENCE = "A2.1"  # not tailored by the demo for the team lead's team
MEANING = "Sovimme yhdessä, mihin kanavaan kukin asia kirjataan, ja opastamme toisiamme."
ACTION = "Pidetään viikoittain vartin vinkkituokio työvälineistä"
QUERY = "kotihoidossa"  # inflected: the resource's title has "kotihoidon"
NOTE = "Tästä saat vinkkejä ensi viikon kotikäynteihin."


def t(message: str, **params) -> str:
    return tr(FI, message, **params)


def named(action: str, what: str) -> re.Pattern:
    """A control's accessible name "<action>: <what>" (Chromium may put a space before the
    colon)."""
    return re.compile(f"^{re.escape(action)} ?: {re.escape(what)}$")


def open_as(open_page, base: str, persona_key: str, axe, label: str) -> Page:
    page = open_page()
    page.goto(base + "/")
    sign_in(page, PERSONAS_BY_KEY[persona_key].username, DEMO_PASSWORD)
    expect(main_navigation(page)).to_be_visible()
    axe.scan(page, f"{label}: home")
    return page


def level_label(level: ScaleLevel) -> str:
    return f"{level.position} · {level.name_fi}"


def test_team_tailors_a_competence_and_a_recommended_resource_is_marked_done(
    demo_org, open_page, axe
):
    base = demo_org
    competence = Competence.objects.select_related("framework").get(idnumber=COMPETENCE)
    levels = list(ScaleLevel.objects.filter(scale_id=competence.framework.scale_id))
    now, aim = levels[0], levels[2]

    # 1. The team lead opens the team's competence map from the home page and tailors one.
    lead = open_as(open_page, base, "team_lead", axe, "team lead")
    lead.get_by_role(
        "link", name=t("Your team's strategic competences: what they mean in your work")
    ).click()
    expect(lead.get_by_role("table").first).to_be_visible()
    axe.scan(lead, "team's competence map")
    lead.get_by_role("link", name=f"{t('Tailor')} {competence.shortname_fi}").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text(competence.shortname_fi)
    axe.scan(lead, "tailoring form")
    main = lead.get_by_role("main")
    main.get_by_label(t("What it means in our work")).fill(MEANING)
    main.get_by_role("group", name=t("Where we are now")).get_by_label(level_label(now)).check()
    main.get_by_role("group", name=t("Where we aim")).get_by_label(level_label(aim)).check()
    main.get_by_role("button", name=t("Save the tailoring")).click()
    expect(lead.get_by_role("status").or_(lead.locator(".messages"))).to_contain_text(
        t("The team's tailoring is saved.")
    )
    axe.scan(lead, "tailoring saved")

    # An action toward the target, with the keyboard-reachable form under the table.
    main = lead.get_by_role("main")
    main.get_by_label(t("What will be done")).fill(ACTION)
    main.get_by_role("button", name=t("Add the action")).click()
    expect(lead.get_by_role("row", name=re.compile(re.escape(ACTION)))).to_be_visible()
    axe.scan(lead, "action added")

    tailoring = TeamCompetence.objects.get(competence=competence, meaning=MEANING)
    assert (tailoring.current_level_id, tailoring.target_level_id) == (now.pk, aim.pk)
    assert tailoring.actions.filter(description=ACTION).exists()

    # Back on the map, the row shows the levels the lead chose.
    lead.get_by_role("link", name=t("Strategic competences")).first.click()
    row = lead.get_by_role("row", name=re.compile(re.escape(competence.shortname_fi)))
    expect(row).to_contain_text(now.name_fi)
    expect(row).to_contain_text(aim.name_fi)

    # 2. The support person finds a resource with an inflected word and recommends it.
    helper = open_as(open_page, base, "support_person", axe, "support person")
    nav_link(helper, "Learning resources").click()
    expect(helper.get_by_role("heading", level=1)).to_have_text(t("Learning resources"))
    axe.scan(helper, "catalogue")
    search = helper.get_by_role("search")
    search.get_by_role("textbox").fill(QUERY)
    search.get_by_role("button", name=t("Search")).click()
    first = helper.locator("#results").get_by_role("link").filter(has_text="kotihoid").first
    expect(first).to_be_visible()
    axe.scan(helper, "catalogue: searched")
    title = first.inner_text().strip()
    first.click()
    expect(helper.get_by_role("heading", level=1)).to_have_text(title)
    axe.scan(helper, "resource page")
    helper.get_by_role("link", name=t("Recommend"), exact=True).click()
    axe.scan(helper, "recommend form")
    main = helper.get_by_role("main")
    main.get_by_role("group", name=t("Recommend to")).get_by_label(t("A person")).check()
    employee = PERSONAS_BY_KEY["employee"]
    main.get_by_label(t("Person"), exact=True).fill(f"{employee.first_name} {employee.last_name}")
    main.get_by_label(t("Note to the recipient")).fill(NOTE)
    main.get_by_role("button", name=t("Recommend"), exact=True).click()
    expect(helper.get_by_role("heading", level=1)).to_have_text(t("Your recommendations"))
    expect(helper.get_by_role("main")).to_contain_text(title)
    axe.scan(helper, "recommendations made")

    # 3. The employee sees it, marks it done and notes it in the learning log.
    employee_page = open_as(open_page, base, "employee", axe, "employee")
    nav_link(employee_page, "My learning").click()
    expect(employee_page.get_by_role("heading", level=1)).to_have_text(t("My learning"))
    for_me = employee_page.get_by_role("region", name=t("Recommended for you"), exact=True)
    expect(for_me).to_contain_text(NOTE)
    axe.scan(employee_page, "my learning")
    for_me.get_by_role("button", name=named(t("Mark done"), title)).first.click()
    expect(employee_page.get_by_role("main")).to_contain_text(
        t("Marked as done. Note it in your learning log below, or go back without saving.")
    )
    axe.scan(employee_page, "learning log form")
    employee_page.get_by_role("main").get_by_role("button", name=t("Save")).click()
    expect(employee_page.get_by_role("main")).to_contain_text(t("Saved in your learning log."))
    axe.scan(employee_page, "my learning after")

    answer = RecommendationAnswer.objects.get(
        recommendation__note=NOTE, person__user__username=employee.username
    )
    assert answer.response == RecommendationResponse.DONE
    assert LearningLogEntry.objects.filter(
        person__user__username=employee.username, resource__title=title
    ).exists()
