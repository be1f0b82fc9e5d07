"""The heart of Kipinä, in Finnish, across four people.

An employee orders support for their team → the coordinator sees ranked, explained suggestions
and assigns → the support person accepts, schedules a session, downloads its .ics, logs hours
and marks the order delivered → the orderer gives feedback → the order is closed with its whole
timeline. axe scans every page on the way.
"""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.journeys import main_navigation, nav_link, sign_in, sign_out
from e2e.translations import tr
from kipina.demo.personas import DEMO_PASSWORD, PERSONAS_BY_KEY
from kipina.orders.models import Order, Service

pytestmark = pytest.mark.e2e

FI = "fi"
SERVICE_CODE = "workshop_facilitation"
NEED = "Tiimimme haluaa sopia yhteiset pelisäännöt vuoronvaihtoihin ja tarvitsee vetäjän."
GOAL = "Vuoronvaihdot sujuvat ilman, että tieto katoaa matkalla."


def t(message: str, **params) -> str:
    return tr(FI, message, **params)


def next_weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def open_as(open_page, base_url: str, persona_key: str, axe, label: str) -> Page:
    page = open_page()
    page.goto(base_url + "/")
    sign_in(page, PERSONAS_BY_KEY[persona_key].username, DEMO_PASSWORD)
    expect(main_navigation(page)).to_be_visible()
    axe.scan(page, f"{label}: home")
    return page


def test_an_order_from_need_to_closed_with_its_timeline(demo_org, open_page, axe):
    base = demo_org
    service = Service.objects.get(code=SERVICE_CODE)
    today = timezone.localdate()
    earliest = today + dt.timedelta(days=2)
    latest = today + dt.timedelta(days=30)

    # 1. The employee orders support for their own team.
    employee = open_as(open_page, base, "employee", axe, "employee")
    nav_link(employee, "Order support").click()
    expect(employee.get_by_role("heading", level=1)).to_have_text(t("Services"))
    axe.scan(employee, "employee: services")
    employee.get_by_role("link", name=t("Order this")).and_(
        employee.locator(f'[href*="service={SERVICE_CODE}"]')
    ).click()
    expect(employee.get_by_role("heading", level=1)).to_have_text(t("Order support"))
    axe.scan(employee, "employee: order form")
    form = employee.get_by_role("main")
    expect(form.get_by_label(t("Service"))).to_have_value(str(service.pk))
    form.get_by_label(t("What do you need help with?")).fill(NEED)
    form.get_by_label(t("What should be different afterwards?")).fill(GOAL)
    form.get_by_label(t("Earliest date")).fill(earliest.isoformat())
    form.get_by_label(t("Latest date")).fill(latest.isoformat())
    form.get_by_label(t("Participants")).fill("9")
    form.get_by_role("radio", name=t("On site")).check()
    form.get_by_label(t("Place")).fill("Osaston kahvihuone, 3. krs")
    form.get_by_role("button", name=t("Send the order")).click()
    expect(employee.get_by_role("heading", name=t("Timeline"))).to_be_visible()
    order = Order.objects.get(need=NEED)
    order_path = f"/orders/{order.pk}/"
    expect(employee).to_have_url(re.compile(re.escape(order_path) + "$"))
    expect(employee.get_by_role("main")).to_contain_text(NEED)
    axe.scan(employee, "employee: new order")
    sign_out(employee)

    # 2. The coordinator finds it in the queue, sees explained suggestions and assigns.
    coordinator = open_as(open_page, base, "coordinator", axe, "coordinator")
    nav_link(coordinator, "Queue").click()
    expect(coordinator.get_by_role("heading", level=1)).to_be_visible()
    axe.scan(coordinator, "coordinator: queue")
    coordinator.get_by_role("link", name=re.compile(re.escape(service.name_fi))).and_(
        coordinator.locator(f'[href$="{order_path}"]')
    ).first.click()
    expect(coordinator).to_have_url(re.compile(re.escape(order_path) + "$"))
    suggestions = coordinator.locator("ol.suggestions > li")
    expect(suggestions.first).to_be_visible()
    support = PERSONAS_BY_KEY["support_person"]
    support_name = f"{support.first_name} {support.last_name}"
    chosen = suggestions.filter(has_text=support_name)
    expect(chosen).to_have_count(1)
    # The explanation says why, in Finnish: the skill the service needs and the free hours.
    why = chosen.locator(".suggestion__why")
    expect(why).to_contain_text(service.required_skills.get().name_fi)
    expect(why).to_contain_text(re.compile(r"\d+(,\d+)? h vapaana"))
    axe.scan(coordinator, "coordinator: order with suggestions")
    chosen.get_by_role("button", name=re.compile(t("Assign"))).click()
    expect(coordinator.get_by_role("main")).to_contain_text(
        t("The support person was assigned and told.")
    )
    sign_out(coordinator)

    # 3. The support person accepts, schedules, downloads the .ics, logs hours, delivers.
    helper = open_as(open_page, base, "support_person", axe, "support person")
    nav_link(helper, "My desk").click()
    axe.scan(helper, "support person: desk")
    helper.goto(base + order_path)
    helper.get_by_role("button", name=t("Accept"), exact=True).click()
    expect(helper.get_by_role("main")).to_contain_text(
        t("You accepted the order. The orderer was told.")
    )
    axe.scan(helper, "support person: accepted order")

    helper.get_by_role("link", name=t("Schedule a session")).click()
    axe.scan(helper, "support person: session form")
    session_day = next_weekday(earliest + dt.timedelta(days=1))
    helper.get_by_label(t("Date")).fill(session_day.isoformat())
    helper.get_by_label(t("Start time")).fill("09:30")
    helper.get_by_label(t("Duration (minutes)")).fill("120")
    helper.get_by_label(t("Place")).fill("Neuvotteluhuone Kajava")
    helper.get_by_role("button", name=t("Schedule"), exact=True).click()
    expect(helper).to_have_url(re.compile(re.escape(order_path) + "$"))
    expect(helper.get_by_role("main")).to_contain_text("Neuvotteluhuone Kajava")
    axe.scan(helper, "support person: planned order")

    with helper.expect_download() as download_info:
        helper.get_by_role("link", name=re.compile(re.escape(t("Calendar file (.ics)")))).click()
    calendar = download_info.value
    assert calendar.suggested_filename.endswith(".ics")
    content = Path(calendar.path()).read_bytes().decode("utf-8")
    assert content.startswith("BEGIN:VCALENDAR\r\n")
    assert "Neuvotteluhuone Kajava" in content
    assert session_day.strftime("%Y%m%d") in content

    helper.get_by_role("link", name=t("Log hours")).click()
    axe.scan(helper, "support person: hours form")
    helper.get_by_label(t("Date")).fill(today.isoformat())
    helper.get_by_label(t("Hours")).fill("1,5")
    helper.get_by_label(t("Note")).fill("Valmistelu ja materiaalit")
    helper.get_by_role("main").get_by_role("button", name=t("Log hours")).click()
    expect(helper).to_have_url(re.compile(re.escape(order_path) + "$"))
    expect(helper.get_by_role("main")).to_contain_text("Valmistelu ja materiaalit")

    helper.get_by_role("button", name=t("Mark delivered")).click()
    expect(helper.get_by_role("main")).to_contain_text(
        t("The order is delivered; the team is asked for feedback.")
    )
    axe.scan(helper, "support person: delivered order")
    sign_out(helper)

    # 4. The orderer gives feedback, which closes the order.
    orderer = open_as(open_page, base, "employee", axe, "orderer")
    orderer.goto(base + order_path)
    orderer.get_by_role("radio", name=tr(FI, "5 – helped a lot", context="rating")).check()
    orderer.get_by_label(t("What helped?")).fill("Selkeä runko ja se, että kaikki pääsivät ääneen.")
    orderer.get_by_label(t("What will the team keep doing?")).fill(
        "Käymme pelisäännöt läpi joka kuun tiimipalaverissa."
    )
    orderer.get_by_role("button", name=t("Send feedback")).click()
    expect(orderer.get_by_role("main")).to_contain_text(t("Thank you for your feedback!"))
    main = orderer.get_by_role("main")
    expect(main).to_contain_text(t("This order is finished: it can no longer be changed."))
    expect(main.get_by_role("button", name=t("Mark delivered"))).to_have_count(0)
    timeline = orderer.locator("ol.timeline > li")
    # submitted → assigned → accepted → planned → delivered → closed
    expect(timeline).to_have_count(6)
    expect(timeline.last).to_contain_text(tr(FI, "Closed", context="order state"))
    axe.scan(orderer, "orderer: closed order")

    order.refresh_from_db()
    assert order.state == "closed"
    assert order.time_entries.count() == 1
    assert order.feedback.get().rating == 5
    axe.assert_clean()
