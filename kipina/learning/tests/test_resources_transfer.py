"""CSV and Excel import and export of the catalogue: round trips in both formats, every kind of
bad file refused with row numbers and nothing written, spreadsheet formulas kept harmless."""

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from kipina.core.search import index as search_index
from kipina.learning import resource_transfer as transfer
from kipina.learning.enums import (
    RESOURCE_SEARCH_KIND,
    ResourceFormat,
    ResourceKind,
    ResourceMode,
    ResourceStatus,
)
from kipina.learning.models import Resource
from kipina.learning.tests.factories import (
    CompetenceFactory,
    CompetenceFrameworkFactory,
    ProviderFactory,
    ResourceCompetenceFactory,
    indexed_resource,
)
from kipina.org.tests.factories import make_language

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def catalogue(org):
    """Resources that use every column: dates with and without seats, competences in one and
    in two frameworks, audiences, a provider, text a spreadsheet would take for a formula."""
    make_language("sv")
    framework = CompetenceFrameworkFactory(idnumber="STRATEGIA")
    other = CompetenceFrameworkFactory(idnumber="DIGI")
    a11 = CompetenceFactory(framework=framework, idnumber="A1.1")
    a44 = CompetenceFactory(framework=framework, idnumber="A4.4")
    d2 = CompetenceFactory(framework=other, idnumber="D2")
    provider = ProviderFactory(key="tampereen-yliopisto")
    course = indexed_resource(
        key="palvelumuotoilu",
        title="Palvelumuotoilu; syventävä",
        description='=HYPERLINK("http://evil.example")\nToinen rivi, jossa "lainaus".',
        kind=ResourceKind.EXTERNAL_COURSE,
        provider=provider,
        duration_hours=Decimal("7.5"),
        cost_eur=Decimal("290.50"),
        credits=Decimal("5"),
        url="https://oppiminen.example/palvelumuotoilu",
        enrolment_url="https://oppiminen.example/ilmoittaudu",
        mode=ResourceMode.BOTH,
        place="Tampere",
        audience_groups=["sairaanhoitajat", "-lähihoitajat"],
        dates=[
            (TODAY + dt.timedelta(days=9), TODAY + dt.timedelta(days=10), 24),
            (TODAY + dt.timedelta(days=40), TODAY + dt.timedelta(days=40), None),
        ],
    )
    course.audience_units.add(org.unit, org.other_unit)
    ResourceCompetenceFactory(resource=course, competence=a11, relevance=3)
    ResourceCompetenceFactory(resource=course, competence=a44, relevance=1)
    video = indexed_resource(
        key="tietosuoja-video",
        title="+Tietosuoja arjessa",
        kind=ResourceKind.MATERIAL,
        format=ResourceFormat.VIDEO,
        language=make_language("sv"),
        duration_hours=None,
        status=ResourceStatus.DRAFT,
    )
    ResourceCompetenceFactory(resource=video, competence=a11, relevance=2)
    ResourceCompetenceFactory(resource=video, competence=d2, relevance=3)
    indexed_resource(key="mentorointi", kind=ResourceKind.PEER, format=ResourceFormat.MENTORING)
    return framework


def _rows(resources=None) -> list[dict]:
    return list(transfer.export_rows(resources or Resource.objects.all()))


def _import(org, data: bytes, filename: str, **kwargs):
    return transfer.import_resources(
        actor=org.people["coordinator"].user, data=data, filename=filename, **kwargs
    )


def _wipe() -> None:
    for resource in Resource.objects.all():
        search_index.remove(RESOURCE_SEARCH_KIND, resource.pk)
    Resource.objects.all().delete()


@pytest.mark.parametrize(
    ("export", "filename"),
    [(transfer.export_csv, "resurssit.csv"), (transfer.export_xlsx, "resurssit.xlsx")],
)
def test_round_trip_gives_the_same_resources(org, catalogue, export, filename):
    before = _rows()
    data = export(Resource.objects.all())
    unchanged = _import(org, data, filename)
    assert unchanged.ok, unchanged.errors
    assert (unchanged.created, unchanged.updated, unchanged.unchanged) == (0, 0, 3)
    _wipe()
    report = _import(org, data, filename)
    assert report.ok, report.errors
    assert (report.rows, report.created, report.updated) == (3, 3, 0)
    assert _rows() == before
    # Written through the services: in search (published only), next start set.
    found = {hit.object_id for hit in search_index.search(RESOURCE_SEARCH_KIND, "palvelumuotoilu")}
    course = Resource.objects.get(key="palvelumuotoilu")
    assert found == {course.pk}
    assert course.next_start == TODAY + dt.timedelta(days=9)


def test_the_export_keeps_formulas_harmless(org, catalogue):
    text = transfer.export_csv(Resource.objects.all()).decode("utf-8-sig")
    rows = {row["key"]: row for row in csv.DictReader(io.StringIO(text), delimiter=";")}
    assert rows["palvelumuotoilu"]["description"].startswith("'=HYPERLINK")
    assert rows["tietosuoja-video"]["title"] == "'+Tietosuoja arjessa"
    assert rows["palvelumuotoilu"]["audience_groups"] == "sairaanhoitajat; -lähihoitajat"
    workbook = openpyxl.load_workbook(io.BytesIO(transfer.export_xlsx(Resource.objects.all())))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"
            if isinstance(cell.value, str):
                assert not cell.value.startswith(("=", "+", "-", "@")), cell.value
    values = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    description = values["palvelumuotoilu"][header.index("description")].value
    assert description.startswith("'=HYPERLINK")


def test_competences_in_several_frameworks_name_theirs(org, catalogue):
    rows = {row["key"]: row for row in _rows()}
    assert (rows["palvelumuotoilu"]["framework"], rows["palvelumuotoilu"]["competences"]) == (
        "STRATEGIA",
        "A1.1:3; A4.4:1",
    )
    assert rows["tietosuoja-video"]["framework"] == ""
    assert rows["tietosuoja-video"]["competences"] == "DIGI::D2:3; STRATEGIA::A1.1:2"
    assert rows["palvelumuotoilu"]["dates"] == (
        f"{TODAY + dt.timedelta(days=9)}..{TODAY + dt.timedelta(days=10)}:24; "
        f"{TODAY + dt.timedelta(days=40)}..{TODAY + dt.timedelta(days=40)}"
    )


def _csv(*rows: list[str]) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    return out.getvalue().encode()


HEADER = ["key", "title", "kind", "format", "language", "dates", "competences", "provider"]


def test_new_keys_create_and_known_keys_update(org, catalogue):
    data = _csv(
        HEADER + ["status"],
        [
            "mentorointi",
            "Mentorointiohjelma",
            "peer",
            "mentoring",
            "fi",
            "",
            "A4.4",
            "",
            "published",
        ],
        [
            "uusi-kurssi",
            "Uusi kurssi",
            "academy_course",
            "",
            "fi",
            f"{TODAY + dt.timedelta(days=5)}:12",
            "A1.1:3",
            "",
            "",
        ],
    )
    report = _import(org, data, "muutokset.csv", framework=catalogue)
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (1, 1, 0)
    assert Resource.objects.get(key="mentorointi").title == "Mentorointiohjelma"
    new = Resource.objects.get(key="uusi-kurssi")
    assert new.status == ResourceStatus.DRAFT  # no status: a new resource is a draft
    assert list(new.dates.values_list("start", "end", "seats")) == [
        (TODAY + dt.timedelta(days=5), TODAY + dt.timedelta(days=5), 12)
    ]
    assert list(new.competence_links.values_list("competence__idnumber", "relevance")) == [
        ("A1.1", 3)
    ]


def test_columns_left_out_keep_what_a_resource_has(org, catalogue):
    before = {row["key"]: row for row in _rows()}["palvelumuotoilu"]
    report = _import(
        org,
        _csv(
            ["key", "title", "kind", "status"],
            ["palvelumuotoilu", "Palvelumuotoilu", "external_course", "archived"],
        ),
        "tila.csv",
    )
    assert report.ok, report.errors
    after = {row["key"]: row for row in _rows()}["palvelumuotoilu"]
    assert (after["title"], after["status"]) == ("Palvelumuotoilu", "archived")
    for column in ("dates", "competences", "audience_units", "provider", "cost_eur"):
        assert after[column] == before[column], column


def _refused(org, data: bytes, filename: str = "resurssit.csv", **kwargs) -> list:
    count = Resource.objects.count()
    titles = sorted(Resource.objects.values_list("title", flat=True))
    report = _import(org, data, filename, **kwargs)
    assert not report.ok
    assert Resource.objects.count() == count
    assert sorted(Resource.objects.values_list("title", flat=True)) == titles
    return [(error.row, error.column, error.message) for error in report.errors]


def test_wrong_columns(org, catalogue):
    errors = _refused(org, _csv(["key", "name", "kind"], ["x", "X", "peer"]))
    assert errors[0][0] == 1 and "name" in errors[0][2]
    assert "title" in errors[1][2]
    errors = _refused(org, _csv(["key", "title", "kind", "title"], ["x", "X", "peer", "Y"]))
    assert "Repeated" in errors[0][2]


def test_every_bad_row_is_reported_with_its_row_and_column(org, catalogue):
    good = ["uusi", "Uusi", "academy_course", "", "fi", "", "", ""]
    data = _csv(
        HEADER,
        good,
        ["paha-laji", "X", "course", "", "fi", "", "", ""],
        ["paivat", "X", "academy_course", "", "fi", "9.2.2027", "", ""],
        ["taaksepain", "X", "academy_course", "", "fi", "2027-02-10..2027-02-09", "", ""],
        ["osaaminen", "X", "academy_course", "", "fi", "", "A9.9:2", ""],
        ["tarjoaja", "X", "academy_course", "", "fi", "", "", "ei-ole"],
        ["uusi", "Toinen", "academy_course", "", "fi", "", "", ""],
        ["pitka", "x" * 201, "academy_course", "", "fi", "", "", ""],
        ["materiaali", "X", "material", "", "fi", "", "", ""],
        ["kieli", "X", "academy_course", "", "xx", "", "", ""],
        ["relevanssi", "X", "academy_course", "", "fi", "", "A1.1:7", ""],
    )
    errors = _refused(org, data, framework=catalogue)
    by_row = {row: (column, message) for row, column, message in errors}
    assert set(by_row) == set(range(3, 13))
    assert by_row[3][0] == "kind"
    assert by_row[4][0] == "dates" and "9.2.2027" in by_row[4][1]
    assert by_row[5][0] == "dates"
    assert by_row[6][0] == "competences" and "A9.9" in by_row[6][1]
    assert by_row[7][0] == "provider" and "ei-ole" in by_row[7][1]
    assert by_row[8][0] == "key" and "row 2" in by_row[8][1]
    assert by_row[9][0] == "title"
    assert by_row[10][0] == "format"
    assert by_row[11][0] == "language"
    assert by_row[12][0] == "competences"


def test_competences_need_a_framework_when_there_are_several(org, catalogue):
    data = _csv(HEADER, ["uusi", "Uusi", "academy_course", "", "fi", "", "A1.1", ""])
    errors = _refused(org, data)
    assert errors[0][:2] == (2, "competences") and "framework" in errors[0][2]


@pytest.mark.parametrize(
    ("data", "filename", "fragment"),
    [
        (b"", "tyhja.csv", "empty"),
        (b"   \n\n", "tyhja.csv", "empty"),
        (b"%PDF-1.7 binary\x00\x01", "resurssit.pdf", "CSV"),
        (b"\x00\x01\x02 not text", "resurssit.csv", "CSV"),
        (b"PK\x03\x04 broken zip", "resurssit.xlsx", "Excel"),
        (b"\xd0\xcf\x11\xe0 old excel", "resurssit.xls", ".xls"),
        (b"key;title;kind\n", "otsikko.csv", "only the header"),
    ],
)
def test_files_that_are_no_resource_table(org, catalogue, data, filename, fragment):
    errors = _refused(org, data, filename)
    assert fragment in errors[0][2]


def test_xlsx_rows_are_numbered_as_the_spreadsheet_shows_them(org, catalogue):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["key", "title", "kind", "language", "duration_hours"])
    sheet.append(["hyva", "Hyvä", "web_course", "fi", 2.5])
    sheet.append(["huono", "Huono", "web_course", "fi", "kauan"])
    out = io.BytesIO()
    workbook.save(out)
    errors = _refused(org, out.getvalue(), "resurssit.xlsx")
    assert errors == [(3, "duration_hours", "“kauan” is not a number.")]


def test_only_curators_import(org, catalogue):
    with pytest.raises(transfer.services.NotAllowed):
        transfer.import_resources(actor=org.people["employee"].user, data=b"key;title;kind\n")


def test_import_page_reports_problems_and_then_imports(org, login_as, catalogue):
    client = login_as("coordinator")
    client.cookies["django_language"] = "en"
    bad = SimpleUploadedFile("r.csv", _csv(["key", "title", "kind"], ["x", "X", "course"]))
    response = client.post(reverse("learning:resource_import"), {"file": bad})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported" in page and "<code>kind</code>" in page
    good = SimpleUploadedFile(
        "r.csv", _csv(["key", "title", "kind", "language"], ["x", "X", "web_course", "fi"])
    )
    response = client.post(reverse("learning:resource_import"), {"file": good}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("learning:resource_import")
    assert "Import done" in response.content.decode()
    assert Resource.objects.filter(key="x").exists()
