"""Methods to and from JSON: export, round trip, row-numbered problems, updates by key."""

import json
from pathlib import Path

import pytest
from django.utils import translation

import kipina.demo
from kipina.core.models import SearchEntry
from kipina.org.tests.factories import make_language
from kipina.toolkit import services, transfer
from kipina.toolkit.enums import SEARCH_KIND, Licence, MethodStatus
from kipina.toolkit.models import Method
from kipina.toolkit.tests.factories import method_data

pytestmark = pytest.mark.django_db

DEMO_METHODS = Path(kipina.demo.__file__).resolve().parent / "toolkit_content" / "methods.json"
FORMAT_KEYS = {
    "key",
    "language",
    "translation_of",
    "title",
    "summary",
    "purposes",
    "arc",
    "duration",
    "group_size",
    "mode",
    "difficulty",
    "materials",
    "preparation",
    "steps",
    "tips",
    "source",
    "licence",
    "licence_other",
    "status",
    "contributors",
}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def coordinator(org):
    return org.people["coordinator"].user


def row(**overrides) -> dict:
    data = {
        "key": "aivokirjoitus",
        "language": "fi",
        "translation_of": None,
        "title": "Aivokirjoitus",
        "summary": "Ideoita paperilla hiljaa, sitten yhdessä.",
        "purposes": ["ideas"],
        "arc": "diverging",
        "duration": [15, 30],
        "group_size": [4, 24],
        "mode": "both",
        "difficulty": "easy",
        "materials": "Paperia ja kyniä",
        "preparation": "",
        "steps": "1. Jaa paperit.\n2. Kirjoita kolme ideaa.\n3. Kierrätä paperi.",
        "tips": "- Etänä: yhteinen taulu.",
        "source": "Kipinän oma kuvaus.",
        "licence": "own",
        "status": "published",
    }
    data.update(overrides)
    return data


def document(*rows: dict) -> dict:
    return {"format": "kipina-methods", "version": 1, "methods": list(rows)}


def state() -> tuple[int, int, int, int]:
    """Everything an import writes: methods, revisions, search entries, contributor links."""
    return (
        Method.objects.count(),
        Method.history.count(),
        SearchEntry.objects.filter(kind=SEARCH_KIND).count(),
        Method.contributors.through.objects.count(),
    )


def make_methods(org) -> list[Method]:
    helper = org.people["support_person"].user
    original = services.method_create(actor=helper, data=method_data(), publish=True)
    original.contributors.add(org.people["team_lead"])
    translated = services.method_create(
        actor=helper,
        data=method_data(
            title="Hjärnskrivning",
            language=make_language("sv"),
            translation_of=original,
            licence=Licence.OTHER,
            licence_other="CC BY 4.0",
        ),
        publish=True,
    )
    draft = services.method_create(actor=helper, data=method_data(title="Luonnos"))
    hidden = services.method_create(
        actor=helper, data=method_data(title="Piilotettu"), publish=True
    )
    hidden = services.method_unpublish(actor=coordinator(org), method=hidden, reason="Vanhentunut")
    return [original, translated, draft, hidden]


def test_export_writes_every_key_of_the_format(org):
    original, translated, *_ = make_methods(org)

    exported = transfer.export_methods(Method.objects.order_by("pk"))

    assert exported["format"] == "kipina-methods" and exported["version"] == 1
    first, second, third, fourth = exported["methods"]
    assert set(first) == FORMAT_KEYS
    assert first["key"] == original.key and first["duration"] == [15, 30]
    assert first["group_size"] == [4, 24] and first["language"] == "fi"
    assert first["contributors"] == sorted(
        [org.people["support_person"].employee_number, org.people["team_lead"].employee_number]
    )
    assert second["translation_of"] == original.key and second["language"] == "sv"
    assert second["licence"] == "other" and second["licence_other"] == "CC BY 4.0"
    assert [third["status"], fourth["status"]] == ["draft", "unpublished"]
    json.dumps(exported)  # plain JSON all the way


def test_round_trip_into_an_empty_toolkit_gives_the_same_content(org):
    make_methods(org)
    before = transfer.export_methods(Method.objects.order_by("key"))
    Method.objects.all().delete()
    Method.history.all().delete()
    SearchEntry.objects.all().delete()

    report = transfer.import_methods(actor=coordinator(org), data=json.dumps(before))

    assert report.ok, [str(error) for error in report.errors]
    assert (report.created, report.updated, report.unchanged) == (4, 0, 0)
    after = transfer.export_methods(Method.objects.order_by("key"))
    importer = org.people["coordinator"].employee_number
    for old, new in zip(before["methods"], after["methods"], strict=True):
        # The importer saved a revision, so they join the contributors.
        assert set(new.pop("contributors")) == {*old.pop("contributors"), importer}
        assert new == old
    assert SearchEntry.objects.filter(kind=SEARCH_KIND).count() == 4
    imported = Method.objects.get(key=before["methods"][0]["key"])
    assert imported.history.earliest().history_change_reason == "Imported from a file"
    assert imported.history.earliest().history_user == coordinator(org)


GOOD = row(key="hyva")
BAD_FILES = {
    "not JSON": (b'{"format": "kipina-methods", ', "not valid JSON: line 1"),
    "not UTF-8": ('{"format": "kipina-methods"}'.encode("utf-16"), "not UTF-8"),
    "not an object": (b"[]", "must be a JSON object"),
    "wrong format": (
        {"format": "kipina-agendas", "version": 1, "methods": []},
        "format” must be “kipina-methods”",
    ),
    "wrong version": (
        {"format": "kipina-methods", "version": 2, "methods": []},
        "Version 2 of the methods format is not supported",
    ),
    "no list": ({"format": "kipina-methods", "version": 1}, "“methods” must be a list"),
    "missing key": (
        document(GOOD, {k: v for k, v in row(key="x").items() if k != "title"}),
        "Row 2 (key x): title: this key is missing",
    ),
    "bad enum": (
        document(GOOD, row(key="x", arc="middle")),
        'Row 2 (key x): arc: "middle" is not one of: opening, diverging, converging, closing',
    ),
    "bad purpose": (
        document(GOOD, row(key="x", purposes=["ideas", "fun"])),
        'Row 2 (key x): purposes: "fun" is not one of',
    ),
    "min above max": (
        document(GOOD, row(key="viisi-miksi", duration=[40, 15])),
        "Row 2 (key viisi-miksi): duration: the shortest is longer than the longest",
    ),
    "group min above max": (
        document(GOOD, row(key="x", group_size=[12, 3])),
        "Row 2 (key x): group_size: the smallest is larger than the largest",
    ),
    "out of range": (
        document(GOOD, row(key="x", duration=[0, 2000])),
        "Row 2 (key x): duration: both numbers must be between 1 and 1440",
    ),
    "not numbers": (
        document(GOOD, row(key="x", group_size="3-12")),
        "Row 2 (key x): group_size: must be two whole numbers",
    ),
    "duplicate key": (
        document(GOOD, row(key="hyva", title="Toinen")),
        "Row 2 (key hyva): key: the same key is already on row 1",
    ),
    "dangling translation_of": (
        document(GOOD, row(key="x", language="sv", translation_of="ei-ole")),
        "Row 2 (key x): translation_of: no method with the key “ei-ole”",
    ),
    "translation of a translation": (
        document(
            GOOD,
            row(key="sv-1", language="sv", translation_of="hyva"),
            row(key="en-1", language="en", translation_of="sv-1"),
        ),
        "Row 3 (key en-1): translation_of: “sv-1” is not a Finnish method",
    ),
    "Finnish translation": (
        document(GOOD, row(key="x", translation_of="hyva")),
        "Row 2 (key x): translation_of: a Finnish method is an original",
    ),
    "bad language": (
        document(GOOD, row(key="x", language="de")),
        "Row 2 (key x): language: must be one of: fi, sv, en",
    ),
    "too long title": (
        document(GOOD, row(key="x", title="T" * 121)),
        "Row 2 (key x): title: is 121 characters long; the most is 120",
    ),
    "empty steps": (document(GOOD, row(key="x", steps="  ")), "Row 2 (key x): steps: must not"),
    "bad key": (
        document(GOOD, row(key="ei käy")),
        "Row 2 (key ei käy): key: may hold only letters",
    ),
    "unknown key": (
        document(GOOD, row(key="x", titel="Kirjoitusvirhe")),
        "Row 2 (key x): titel: unknown key",
    ),
    "other licence unnamed": (
        document(GOOD, row(key="x", licence="other")),
        "Row 2 (key x): licence_other: name the licence",
    ),
    "row not an object": (document(GOOD, "hyva"), "Row 2: each method must be a JSON object"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_bad_file_is_reported_by_row_and_imports_nothing(org, name):
    data, expected = BAD_FILES[name]
    before = state()

    report = transfer.import_methods(actor=coordinator(org), data=data)

    messages = [str(error) for error in report.errors]
    assert not report.ok
    assert any(expected in message for message in messages), messages
    assert (report.created, report.updated, report.unchanged) == (0, 0, 0)
    assert state() == before


def test_every_problem_of_every_row_is_listed_at_once(org):
    data = document(
        row(key="a", arc="middle", duration=[30, 10]),
        row(key="b"),
        row(key="c", mode="everywhere"),
    )

    report = transfer.import_methods(actor=coordinator(org), data=data)

    assert [(error.row, error.field) for error in report.errors] == [
        (1, "arc"),
        (1, "duration"),
        (3, "mode"),
    ]
    assert Method.objects.count() == 0


def test_a_translation_of_a_bad_original_is_not_blamed_for_it(org):
    data = document(
        row(key="alku", arc="middle"), row(key="sv", language="sv", translation_of="alku")
    )

    report = transfer.import_methods(actor=coordinator(org), data=data)

    assert [(error.row, error.field) for error in report.errors] == [(1, "arc")]


def test_a_refusal_while_writing_undoes_the_rows_already_written(org, monkeypatch):
    real_create = services.method_create

    def refuse_the_second(**kwargs):
        if kwargs["data"]["key"] == "toinen":
            raise services.ToolkitError("The shortest duration is too short.", field="duration_min")
        return real_create(**kwargs)

    monkeypatch.setattr(services, "method_create", refuse_the_second)
    before = state()

    report = transfer.import_methods(
        actor=coordinator(org), data=document(row(key="eka"), row(key="toinen"))
    )

    assert [str(error) for error in report.errors] == [
        "Row 2 (key toinen): duration: The shortest duration is too short."
    ]
    assert report.created == 0 and state() == before


def test_update_by_key_makes_one_revision_and_identical_content_none(org):
    (original, *_) = make_methods(org)
    exported = transfer.export_methods(Method.objects.filter(pk=original.pk))
    exported["methods"][0]["tips"] += "\n- Isossa ryhmässä pöytäkunnittain."
    revisions = original.history.count()

    report = transfer.import_methods(actor=coordinator(org), data=exported)

    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    original.refresh_from_db()
    assert original.tips.endswith("pöytäkunnittain.") and original.version == 2
    assert original.history.count() == revisions + 1
    assert original.history.latest().history_change_reason == "Imported from a file"

    again = transfer.import_methods(actor=coordinator(org), data=exported)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert original.history.count() == revisions + 1


def test_reimporting_an_export_changes_nothing(org):
    make_methods(org)
    exported = transfer.export_methods(Method.objects.all())
    before = state()

    report = transfer.import_methods(actor=coordinator(org), data=exported)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 4)
    assert state() == before


def test_status_follows_the_file_unless_told_otherwise(org):
    data = document(row(key="julkinen"), row(key="piilotettu", status="unpublished"))

    transfer.import_methods(actor=coordinator(org), data=data, publish_status_from_file=False)
    assert set(Method.objects.values_list("status", flat=True)) == {MethodStatus.DRAFT}

    data["methods"][0]["tips"] = "Uusi vinkki."
    report = transfer.import_methods(actor=coordinator(org), data=data)
    assert (report.updated, report.unchanged) == (2, 0)
    assert dict(Method.objects.values_list("key", "status")) == {
        "julkinen": MethodStatus.PUBLISHED,
        "piilotettu": MethodStatus.UNPUBLISHED,
    }

    data["methods"][0]["status"] = "draft"
    report = transfer.import_methods(actor=coordinator(org), data=data)
    assert report.unchanged == 2
    assert ["Row 1 (key julkinen): status:" in str(notice) for notice in report.notices] == [True]
    assert Method.objects.get(key="julkinen").status == MethodStatus.PUBLISHED


def test_translation_of_may_point_to_a_finnish_method_already_in_kipina(org):
    (original, *_) = make_methods(org)

    report = transfer.import_methods(
        actor=coordinator(org),
        data=document(row(key="brainwriting", language="en", translation_of=original.key)),
    )

    assert report.ok and report.created == 1
    assert Method.objects.get(key="brainwriting").translation_of == original


def test_contributors_are_added_and_unknown_ones_noted(org):
    helper = org.people["support_person"]
    data = document(row(contributors=[helper.employee_number, "E999999"]))

    report = transfer.import_methods(actor=coordinator(org), data=data)

    assert report.ok and report.created == 1
    method = Method.objects.get()
    assert set(method.contributors.all()) == {helper, org.people["coordinator"]}
    assert [str(notice) for notice in report.notices] == [
        "Row 1 (key aivokirjoitus): contributors: no person with the employee number E999999; "
        "left out"
    ]


@pytest.mark.parametrize("persona", ["employee", "support_person", "supervisor"])
def test_only_coordinators_and_admins_import(org, persona):
    with pytest.raises(services.NotAllowed):
        transfer.import_methods(actor=org.people[persona].user, data=document(row()))
    assert Method.objects.count() == 0

    assert transfer.import_methods(actor=org.people["admin"].user, data=document(row())).ok


def test_the_demo_methods_import_without_problems(org):
    content = DEMO_METHODS.read_bytes()
    rows = json.loads(content)["methods"]

    report = transfer.import_methods(actor=coordinator(org), data=content)

    assert report.ok, [str(error) for error in report.errors]
    assert report.created == len(rows) and not report.notices
    assert Method.objects.filter(language_id="fi").count() >= 40
    for data in rows:
        if data["translation_of"]:
            method = Method.objects.get(key=data["key"])
            assert method.translation_of.key == data["translation_of"]
            assert method.translation_of.language_id == "fi"
