"""A support network's meeting and a good practice, in Finnish, in a real browser.

The employee asks to join the self-organising work-culture network (it is open to all) and its
convener, the support person, approves; the convener plans a meeting and builds its agenda with
the toolkit's agenda builder; the employee answers she is coming; once the meeting has been
held the convener records who was there, writes the notes and a decision; the convener
publishes a good practice and the employee finds it by searching with an inflected word. axe
scans every page.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.journeys import main_navigation, nav_link, sign_in
from e2e.translations import tr, tr_lazy
from kipina.demo.personas import DEMO_PASSWORD, PERSONAS_BY_KEY
from kipina.networks.enums import PracticeStatus, Rsvp
from kipina.networks.models import Meeting, Membership, Network, Participation, Practice
from kipina.org.models import Person

pytestmark = pytest.mark.e2e

FI = "fi"
NETWORK = "tyokulttuurihakkerit"
MEETING = "Palautekulttuurin kokeilut tiimeissä"
NOTES = "Kävimme läpi kolmen tiimin palautekokeilut. Seuraavaksi kokeillaan **palautekävelyä**."
DECISION = "Kootaan palautekokeiluista yhteinen ohje intraan."
PRACTICE = "Palautekävely vuoronvaihdossa"
QUERY = "palautekävelyillä"  # inflected: the practice says "palautekävely"


def t(message: str, **params) -> str:
    return tr(FI, message, **params)


def person_of(key: str) -> Person:
    return Person.objects.get(user__username=PERSONAS_BY_KEY[key].username)


def open_as(open_page, base: str, key: str, axe, label: str) -> Page:
    page = open_page()
    page.goto(base + "/")
    sign_in(page, PERSONAS_BY_KEY[key].username, DEMO_PASSWORD)
    expect(main_navigation(page)).to_be_visible()
    axe.scan(page, f"{label}: home")
    return page


def open_network(page: Page, network: Network, axe, label: str) -> None:
    nav_link(page, "Networks").click()
    axe.scan(page, f"{label}: networks")
    page.get_by_role("main").get_by_role("link", name=network.name, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(network.name)
    axe.scan(page, f"{label}: network page")


def test_a_convener_holds_a_meeting_and_a_practice_is_found(demo_org, open_page, axe):
    base = demo_org
    network = Network.objects.get(key=NETWORK)
    employee, convener = person_of("employee"), person_of("support_person")
    assert network.open_to_all
    assert (
        Membership.objects.current()
        .filter(network=network, person=convener, role="convener")
        .exists()
    )
    assert not Membership.objects.current().filter(network=network, person=employee).exists()

    # 1. The employee asks to join; the convener approves.
    member = open_as(open_page, base, "employee", axe, "employee")
    open_network(member, network, axe, "employee")
    member.get_by_role("main").get_by_role("button", name=t("Ask to join")).click()
    expect(member.get_by_role("main")).to_contain_text(
        t("Your request is sent. You will be told when it is decided.")
    )
    axe.scan(member, "join requested")

    host = open_as(open_page, base, "support_person", axe, "convener")
    open_network(host, network, axe, "convener")
    host.get_by_role("link", name=re.compile(re.escape(t("Join requests").split(" (")[0]))).click()
    axe.scan(host, "join requests")
    host.get_by_role("button", name=f"{t('Approve')} {employee.full_name}").click()
    axe.scan(host, "join request approved")
    assert Membership.objects.current().filter(network=network, person=employee).exists()

    # 2. The convener plans a meeting three weeks ahead and builds its agenda.
    day = timezone.localdate() + dt.timedelta(days=21)
    host.goto(f"{base}/networks/{NETWORK}/meetings/")
    axe.scan(host, "meetings")
    host.get_by_role("link", name=t("Plan a meeting")).click()
    axe.scan(host, "meeting form")
    form = host.get_by_role("main")
    form.get_by_label(t("Title")).fill(MEETING)
    form.get_by_label(t("Date")).fill(day.isoformat())
    form.get_by_label(t("Start time")).fill("14:00")
    form.get_by_label(t("Duration (minutes)")).fill("90")
    form.get_by_label(t("Place"), exact=True).fill("Keskussairaala, B-siiven kahvio")
    form.get_by_role("button", name=t("Plan and invite")).click()
    expect(host.get_by_role("heading", level=1)).to_contain_text(MEETING)
    axe.scan(host, "meeting page")
    meeting = Meeting.objects.get(network=network, title=MEETING)
    assert meeting.participations.filter(person=employee).exists()  # invited

    host.get_by_role("button", name=t("Create the agenda")).click()
    expect(host.get_by_role("heading", level=1)).to_have_text(MEETING)
    axe.scan(host, "agenda builder")
    free = host.get_by_role("region", name=t("A break, lunch or your own item"))
    free.get_by_role("button", name=t("Add the block")).click()
    expect(host.locator("[data-block-id]")).to_have_count(1)
    axe.scan(host, "agenda with a block")
    meeting.refresh_from_db()
    assert meeting.agenda is not None and meeting.agenda.blocks.count() == 1

    # 3. The employee answers she is coming.
    member.goto(f"{base}{meeting.get_absolute_url()}")
    axe.scan(member, "meeting page: member")
    rsvp = member.locator("#rsvp")
    rsvp.get_by_label(tr_lazy(FI, Rsvp.YES.label), exact=True).check()
    rsvp.get_by_role("button", name=t("Save my answer")).click()
    expect(member.locator("#rsvp")).to_contain_text(t("Your answer is saved."))
    axe.scan(member, "answered")
    assert Participation.objects.get(meeting=meeting, person=employee).rsvp == Rsvp.YES

    # The meeting is held: its time is moved to the past, as if three weeks went by.
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(hours=3))

    # 4. The convener records who was there, the notes and a decision.
    host.goto(f"{base}{meeting.get_absolute_url()}")
    axe.scan(host, "held meeting")
    attendance = host.locator("#attendance")
    expect(attendance.get_by_label(employee.full_name)).to_be_checked()  # ticked from "yes"
    attendance.get_by_role("button", name=t("Save the attendance")).click()
    expect(host.get_by_role("main")).to_contain_text(t("The attendance is saved."))
    axe.scan(host, "attendance saved")
    host.get_by_role("link", name=t("Write the notes")).click()
    axe.scan(host, "notes form")
    host.get_by_role("main").get_by_label(t("Notes")).fill(NOTES)
    host.get_by_role("main").get_by_role("button", name=t("Save the notes")).click()
    expect(host.locator("#notes strong")).to_have_text("palautekävelyä")
    host.locator("#decisions").get_by_label(t("Decision")).fill(DECISION)
    host.get_by_role("button", name=t("Record the decision")).click()
    expect(host.locator("#decisions").get_by_role("table")).to_contain_text(DECISION)
    axe.scan(host, "notes and decision")
    assert Participation.objects.get(meeting=meeting, person=employee).attended is True

    # 5. The convener publishes a good practice.
    host.goto(f"{base}/networks/practices/")
    axe.scan(host, "practices")
    host.get_by_role("link", name=t("Share a practice")).click()
    axe.scan(host, "practice form")
    form = host.get_by_role("main")
    form.get_by_label(t("Network")).select_option(label=network.name)
    form.get_by_label(t("Title")).fill(PRACTICE)
    form.get_by_label(t("The situation")).fill(
        "Vuoronvaihdossa ei ollut tapana antaa palautetta, vaikka moni toivoi sitä."
    )
    form.get_by_label(t("What we did")).fill(
        "Kokeilimme kuukauden ajan palautekävelyä: kaksi kollegaa kiertää osaston ja kertoo "
        "yhden asian, joka sujui, ja yhden, jota voisi kokeilla toisin."
    )
    form.get_by_label(t("What we learned")).fill(
        "Lyhyt ja säännöllinen palaute toimii paremmin kuin harvoin pidetty iso keskustelu."
    )
    form.get_by_label(t("Tags")).fill("palaute, vuoronvaihto")
    form.get_by_role("button", name=t("Publish"), exact=True).click()
    expect(host.get_by_role("main")).to_contain_text(t("The practice is published."))
    axe.scan(host, "practice published")
    assert Practice.objects.get(title=PRACTICE).status == PracticeStatus.PUBLISHED

    # 6. The employee finds it with an inflected word.
    member.goto(f"{base}/networks/practices/")
    axe.scan(member, "practices: member")
    search = member.get_by_role("search")
    search.get_by_role("textbox").fill(QUERY)
    search.get_by_role("button", name=t("Search")).click()
    found = member.get_by_role("main").get_by_role("link", name=PRACTICE)
    expect(found).to_be_visible()
    axe.scan(member, "practices: searched")
    found.click()
    expect(member.get_by_role("heading", level=1)).to_have_text(PRACTICE)
    axe.scan(member, "practice page")
    axe.assert_clean()
