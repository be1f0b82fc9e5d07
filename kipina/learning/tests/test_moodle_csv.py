"""Moodle competency-framework CSV: round trip, a Moodle-made file, bad files, permission."""

import csv
import io
import json

import pytest
from django.utils import translation

from kipina.learning.models import Competence, CompetenceFramework, ProficiencyScale, ScaleLevel
from kipina.learning.moodle_csv import (
    COLUMNS,
    ImportRefused,
    export_framework,
    import_framework,
    multilang,
    parse_multilang,
)
from kipina.learning.tests.factories import CompetenceFactory, CompetenceFrameworkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


HEADER = ",".join(COLUMNS)
SCALE_CONFIG = '[{""scaleid"":""2""},{""id"":1,""scaledefault"":1,""proficient"":0},{""id"":2,""scaledefault"":0,""proficient"":1}]'  # noqa: E501

# As Moodle writes it: parents first, the framework row first, HTML descriptions, rules.
MOODLE_FILE = f"""\ufeff{HEADER}
,HYV-2030,"<span lang=""fi"" class=""multilang"">Hyvinvointialueen osaamiset</span><span lang=""en"" class=""multilang"">Wellbeing competences</span>","<p>Strategiakausi 2026–2030</p>",1,"Ei vielä,Osaa","{SCALE_CONFIG}",,,,,,1,"domain,competency,skill,level"
,ASIAKAS,Asiakaslähtöisyys,,1,,,,,,,5,0,
ASIAKAS,ASIAKAS-1,"{{mlang fi}}Palvelumuotoilu{{mlang}}{{mlang sv}}Tjänstedesign{{mlang}}",<p>Yhdessä asiakkaan kanssa</p>,1,,,core_competency\\competency_rule_all,1,,ASIAKAS-2,6,0,
ASIAKAS,ASIAKAS-2,Asiakaskokemus,,1,,,,,,ASIAKAS-1,7,0,
ASIAKAS-1,ASIAKAS-1-1,Asiakasraati,,1,,,,,,,8,0,
"""  # noqa: E501


def coordinator(org):
    return org.people["coordinator"].user


def counts() -> tuple[int, int, int, int]:
    return (
        CompetenceFramework.objects.count(),
        Competence.objects.count(),
        ProficiencyScale.objects.count(),
        ScaleLevel.objects.count(),
    )


def tree(framework: CompetenceFramework) -> list[tuple]:
    return sorted(
        (
            competence.idnumber,
            competence.parent.idnumber if competence.parent else "",
            competence.depth,
            competence.position,
            competence.shortname_fi,
            competence.shortname_sv,
            competence.shortname_en,
            competence.description_fi,
            competence.description_sv,
            competence.description_en,
            tuple(sorted(related.idnumber for related in competence.related.all())),
            json.dumps(competence.moodle_rule, sort_keys=True),
        )
        for competence in framework.competences.select_related("parent").prefetch_related("related")
    )


def scale(framework: CompetenceFramework) -> list[tuple]:
    return [
        (level.position, level.name_fi, level.name_sv, level.name_en, level.is_default,
         level.proficient)
        for level in framework.scale.levels.all()
    ]  # fmt: skip


def sample_framework() -> CompetenceFramework:
    framework = CompetenceFrameworkFactory(
        idnumber="STRATEGIA-2030",
        shortname_fi="Strateginen osaaminen",
        shortname_sv="Strategisk kompetens",
        shortname_en="Strategic competences",
        description_fi='Kaudelle 2026–2030, "yhdessä".',
        description_sv="För perioden 2026–2030.",
        description_en="For 2026–2030, with a comma.",
        taxonomy=["area", "competence", "sub-competence"],
    )
    texts = {"description_fi": "Rivi 1\nrivi 2", "description_sv": "Rad", "description_en": "Line"}
    area = CompetenceFactory(framework=framework, idnumber="A", position=0, **texts)
    second_area = CompetenceFactory(framework=framework, idnumber="B", position=1)
    first = CompetenceFactory(framework=framework, parent=area, idnumber="A-1", position=0)
    CompetenceFactory(framework=framework, parent=area, idnumber="A-2", position=1)
    CompetenceFactory(
        framework=framework, parent=first, idnumber="A-1-a", position=0,
        shortname_sv="", shortname_en="",
    )  # fmt: skip
    first.related.add(second_area)
    return framework


# --- languages -------------------------------------------------------------------------------


def test_multilang_parsing():
    assert parse_multilang("Plain") == {"fi": "Plain", "sv": "Plain", "en": "Plain"}
    spans = (
        '<span class="multilang" lang="sv">Ja</span><span lang="en" class="multilang">Yes</span>'
    )
    assert parse_multilang(spans) == {"fi": "Ja", "sv": "Ja", "en": "Yes"}
    assert parse_multilang("{mlang fi}Kyllä{mlang}{mlang en_us}Yes{mlang}") == {
        "fi": "Kyllä",
        "sv": "",
        "en": "Yes",
    }
    assert multilang({"fi": "Sama", "sv": "Sama", "en": ""}) == "Sama"
    assert multilang({"fi": "Kyllä", "sv": "", "en": "Yes"}) == (
        '<span lang="fi" class="multilang">Kyllä</span><span lang="en" class="multilang">Yes</span>'
    )


# --- round trip ------------------------------------------------------------------------------


def test_export_has_moodles_header_and_framework_row_first(org):
    rows = list(csv.reader(io.StringIO(export_framework(sample_framework()))))
    assert rows[0] == list(COLUMNS)
    framework_row = dict(zip(COLUMNS, rows[1], strict=True))
    assert framework_row["isframework"] == "1"
    assert framework_row["taxonomy"] == "area,competence,sub-competence"
    assert framework_row["scalevalues"].count("multilang") == 9
    configuration = json.loads(framework_row["scaleconfiguration"])
    assert configuration[1:] == [
        {"id": 1, "scaledefault": 1, "proficient": 0},
        {"id": 2, "scaledefault": 0, "proficient": 1},
        {"id": 3, "scaledefault": 0, "proficient": 1},
    ]
    assert [row[1] for row in rows[2:]] == ["A", "A-1", "A-1-a", "A-2", "B"]


def test_round_trip_into_an_empty_database(org):
    framework = sample_framework()
    exported = export_framework(framework)
    before_tree, before_scale = tree(framework), scale(framework)
    before_names = (framework.shortname_fi, framework.shortname_sv, framework.shortname_en)
    before_descriptions = (
        framework.description_fi,
        framework.description_sv,
        framework.description_en,
    )
    old_scale = framework.scale
    framework.delete()
    ProficiencyScale.objects.filter(pk=old_scale.pk).delete()
    assert counts() == (0, 0, 0, 0)

    report = import_framework(actor=coordinator(org), data=exported.encode())

    assert report.ok, report.errors
    imported = report.framework
    assert imported.idnumber == "STRATEGIA-2030"
    assert (imported.shortname_fi, imported.shortname_sv, imported.shortname_en) == before_names
    assert (
        imported.description_fi,
        imported.description_sv,
        imported.description_en,
    ) == before_descriptions
    assert imported.taxonomy == ["area", "competence", "sub-competence"]
    assert scale(imported) == before_scale
    # A-1-a had only a Finnish name: exported as plain text, it comes back in all languages.
    expected = [
        row if row[0] != "A-1-a" else (*row[:5], row[4], row[4], *row[7:]) for row in before_tree
    ]
    assert tree(imported) == expected
    assert report.counts == {"competences": 5, "levels": 3, "related": 1}
    # Only the scale's id differs, being a new scale.
    new_scale = f'""scaleid"": ""{imported.scale_id}""'
    assert export_framework(imported) == exported.replace(
        f'""scaleid"": ""{old_scale.pk}""', new_scale
    )


def test_replace_swaps_the_tree_and_keeps_the_validity_period(org):
    framework = sample_framework()
    framework.valid_from = "2026-01-01"
    framework.save()
    exported = export_framework(framework).replace(",B,", ",C,")
    refused = import_framework(actor=coordinator(org), data=exported)
    assert not refused.ok
    assert refused.errors[0][0] == 2
    assert "already exists" in refused.errors[0][1]

    report = import_framework(actor=coordinator(org), data=exported, replace=True)
    assert report.ok, report.errors
    assert report.framework.pk == framework.pk
    assert report.framework.valid_from.isoformat() == "2026-01-01"
    assert set(framework.competences.values_list("idnumber", flat=True)) == {
        "A",
        "A-1",
        "A-1-a",
        "A-2",
        "C",
    }
    assert ProficiencyScale.objects.count() == 1


def test_a_moodle_made_file_imports(org):
    report = import_framework(actor=coordinator(org), data=MOODLE_FILE.encode())
    assert report.ok, report.errors
    framework = report.framework
    assert framework.shortname_fi == "Hyvinvointialueen osaamiset"
    assert framework.shortname_en == "Wellbeing competences"
    assert framework.taxonomy == ["domain", "competency", "skill", "level"]
    assert scale(framework) == [
        (1, "Ei vielä", "Ei vielä", "Ei vielä", True, False),
        (2, "Osaa", "Osaa", "Osaa", False, True),
    ]
    design = framework.competences.get(idnumber="ASIAKAS-1")
    assert (design.shortname_fi, design.shortname_sv) == ("Palvelumuotoilu", "Tjänstedesign")
    assert design.parent.idnumber == "ASIAKAS"
    assert design.depth == 1
    assert design.moodle_rule == {
        "ruletype": "core_competency\\competency_rule_all",
        "ruleoutcome": "1",
        "exportid": "6",
    }
    assert [c.idnumber for c in design.related.all()] == ["ASIAKAS-2"]
    assert framework.competences.get(idnumber="ASIAKAS-1-1").depth == 2
    # The rule comes back out as it went in.
    assert "core_competency\\competency_rule_all,1,,ASIAKAS-2,6,0," in export_framework(framework)


def test_children_before_parents_are_accepted(org):
    lines = MOODLE_FILE.splitlines()
    shuffled = "\n".join([lines[0], lines[1], lines[5], lines[4], lines[3], lines[2]])
    report = import_framework(actor=coordinator(org), data=shuffled)
    assert report.ok, report.errors
    assert report.framework.competences.get(idnumber="ASIAKAS-1-1").parent.idnumber == ("ASIAKAS-1")


# --- bad files -------------------------------------------------------------------------------


def moodle_lines() -> list[str]:
    return MOODLE_FILE.removeprefix("\ufeff").splitlines()


def with_line(row: int, line: str) -> str:
    """The sample with spreadsheet row `row` replaced."""
    lines = moodle_lines()
    lines[row - 1] = line
    return "\n".join(lines) + "\n"


FRAMEWORK_ROW = moodle_lines()[1]
BAD_FILES = {
    "wrong header": (with_line(1, HEADER.replace("idnumber,", "id,", 1)), 1, "header"),
    "no framework row": (
        "\n".join([moodle_lines()[0], *moodle_lines()[2:]]),
        2,
        "first row must be the framework",
    ),
    "framework row not first": (
        "\n".join([moodle_lines()[0], moodle_lines()[2], FRAMEWORK_ROW, *moodle_lines()[3:]]),
        3,
        "must be the first row",
    ),
    "header only": (HEADER + "\n", 2, "no framework row"),
    "duplicate idnumber": (
        with_line(4, ",ASIAKAS,Kaksoiskappale,,1,,,,,,,7,0,"),
        4,
        "already used on row 3",
    ),
    "unknown parent": (with_line(6, "EI-OLE,ASIAKAS-1-1,Raati,,1,,,,,,,8,0,"), 6, "EI-OLE"),
    "cycle": (
        with_line(3, "ASIAKAS-1-1,ASIAKAS,Asiakaslähtöisyys,,1,,,,,,,5,0,"),
        3,
        "cycle",
    ),
    "depth 3": (
        "\n".join([*moodle_lines(), "ASIAKAS-1-1,SYVA,Liian syvä,,1,,,,,,,9,0,"]),
        7,
        "at most 3 levels",
    ),
    "bad scaleconfiguration JSON": (
        with_line(2, FRAMEWORK_ROW.replace(f'"{SCALE_CONFIG}"', '"[{not json"')),
        2,
        "scaleconfiguration",
    ),
    "level count mismatch": (
        with_line(2, FRAMEWORK_ROW.replace('"Ei vielä,Osaa"', "Osaa")),
        2,
        "at least 2 levels",
    ),
    "configuration refers to a missing level": (
        with_line(2, FRAMEWORK_ROW.replace('""id"":2', '""id"":3')),
        2,
        "refers to level 3",
    ),
    "unknown related idnumber": (
        with_line(5, "ASIAKAS,ASIAKAS-2,Asiakaskokemus,,1,,,,,,PUUTTUU,7,0,"),
        5,
        "PUUTTUU",
    ),
    "over-long shortname": (
        with_line(5, f"ASIAKAS,ASIAKAS-2,{'x' * 101},,1,,,,,,ASIAKAS-1,7,0,"),
        5,
        "101 characters",
    ),
    "wrong column count": (with_line(5, "ASIAKAS,ASIAKAS-2,Asiakaskokemus"), 5, "columns"),
    "empty file": ("", 1, "empty"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_bad_file_gets_a_row_numbered_error_and_changes_nothing(org, name):
    data, row, words = BAD_FILES[name]
    CompetenceFrameworkFactory()
    before = counts()
    report = import_framework(actor=coordinator(org), data=data.encode())
    assert not report.ok
    assert report.framework is None
    assert any(
        error_row == row and words.lower() in message.lower()
        for error_row, message in report.errors
    ), report.errors
    assert counts() == before


def test_not_utf8_names_the_row(org):
    data = MOODLE_FILE.encode().replace(b"Asiakaskokemus", "Asiakaskäyttö".encode("latin-1"))
    before = counts()
    report = import_framework(actor=coordinator(org), data=data)
    assert report.errors == [(5, report.errors[0][1])]
    assert "UTF-8" in report.errors[0][1]
    assert counts() == before


def test_every_problem_is_listed_at_once(org):
    data = "\n".join(
        [
            HEADER,
            FRAMEWORK_ROW,
            "EI-OLE,X,Yksi,,1,,,,,,,,0,",
            f",Y,{'y' * 200},,1,,,,,,Z,,0,",
        ]
    )
    report = import_framework(actor=coordinator(org), data=data)
    assert [row for row, _ in report.errors] == [3, 4, 4]


def test_an_employee_may_not_import(org):
    before = counts()
    with pytest.raises(ImportRefused):
        import_framework(actor=org.people["employee"].user, data=MOODLE_FILE)
    assert counts() == before


def test_replacing_a_framework_updates_the_resources_copies_of_their_competences(org):
    from kipina.learning.models import Resource
    from kipina.learning.tests.factories import ResourceCompetenceFactory, ResourceFactory

    framework = sample_framework()
    other = CompetenceFactory()
    resource = ResourceFactory()
    replaced = framework.competences.get(idnumber="B")
    ResourceCompetenceFactory(resource=resource, competence=replaced)
    ResourceCompetenceFactory(resource=resource, competence=other)
    assert Resource.objects.get(pk=resource.pk).competence_ids == sorted([replaced.pk, other.pk])

    report = import_framework(
        actor=coordinator(org), data=export_framework(framework), replace=True
    )

    assert report.ok, report.errors
    # The links to the old tree are gone with it; the facet's copy follows.
    assert Resource.objects.get(pk=resource.pk).competence_ids == [other.pk]
