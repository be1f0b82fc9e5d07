"""A coordinator imports people from an HR export: a bad file first, then a good one."""

import pytest
from playwright.sync_api import expect

from e2e.journeys import open_from_menu, sign_in
from e2e.translations import tr
from kipina.demo.personas import DEMO_PASSWORD, PERSONAS_BY_KEY
from kipina.org.models import Person, Unit

pytestmark = pytest.mark.e2e

HEADER = ";".join(
    ["henkilönumero", "etunimi", "sukunimi", "sähköposti", "yksikkökoodi", "yksikkö"]
    + ["tehtävänimike", "viikkotyöaika"]
)


def _write(tmp_path, name: str, rows: list[str]) -> str:
    path = tmp_path / name
    # Finnish Excel saves "CSV (semicolon separated)" in Windows-1252.
    path.write_bytes("\n".join([HEADER, *rows]).encode("cp1252"))
    return str(path)


def _upload(page, path: str) -> None:
    page.get_by_label(tr("fi", "HR export file")).set_input_files(path)
    page.get_by_label(
        tr("fi", "Mark active people who are not in the file as having left")
    ).uncheck()
    page.get_by_role("button", name=tr("fi", "Check the file"), exact=True).click()


def test_coordinator_sees_bad_rows_then_imports_a_good_file(demo_org, page, axe, tmp_path):
    unit = Unit.objects.filter(depth=3).order_by("code").first()
    unit_code = f"{unit.code};{unit.name}"
    page.goto(demo_org + "/")
    sign_in(page, PERSONAS_BY_KEY["coordinator"].username, DEMO_PASSWORD)
    open_from_menu(page, "HR import", "/org/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("fi", "HR import"))
    axe.scan(page, "HR import upload")

    bad = _write(
        tmp_path,
        "huono.csv",
        [
            f"X-100;Säde;Järvinen;sade.jarvinen@example.fi;{unit_code};Sairaanhoitaja;37,5",
            "X-101;Väinö;Öhman;sade.jarvinen@example.fi;EI-OLE;;Lähihoitaja;paljon",
        ],
    )
    _upload(page, bad)
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("fi", "Check the import"))
    problems = page.locator("table").filter(has_text="EI-OLE")
    expect(problems).to_be_visible()
    expect(problems.get_by_role("rowheader", name="3", exact=True).first).to_be_visible()
    axe.scan(page, "HR import preview with problems")
    assert not Person.objects.filter(employee_number__in=["X-100", "X-101"]).exists()

    page.get_by_role("button", name=tr("fi", "Upload another file"), exact=True).click()
    good = _write(
        tmp_path,
        "hyva.csv",
        [f"X-100;Säde;Järvinen;sade.jarvinen@example.fi;{unit_code};Sairaanhoitaja;37,5"],
    )
    _upload(page, good)
    axe.scan(page, "HR import preview without problems")
    page.get_by_role("button", name=tr("fi", "Confirm and import"), exact=True).click()
    expect(page.get_by_role("status")).to_be_visible()
    axe.scan(page, "HR import done")

    person = Person.objects.get(employee_number="X-100")
    assert person.unit == unit and person.weekly_hours == 37.5
    page.goto(demo_org + "/org/people/?q=Järvinen+Säde")
    expect(page.get_by_role("link", name="Järvinen, Säde")).to_be_visible()
    axe.assert_clean()
