"""The demo's strategic competences: one framework with its scale and tree, symmetric related
links, a Moodle CSV round trip, checks of the content file, and removal on reset."""

import datetime as dt
import json

import pytest
from django.contrib.auth import get_user_model

from kipina.demo import learning_loader
from kipina.demo.loader import DemoSeedError, seed_demo_organisation, wipe_organisation
from kipina.demo.personas import PERSONAS_BY_KEY
from kipina.learning.enums import CompetenceDepth
from kipina.learning.models import Competence, CompetenceFramework, ProficiencyScale, ScaleLevel
from kipina.learning.moodle_csv import export_framework, import_framework

ANCHOR = dt.date(2026, 3, 18)


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def learning_rows() -> dict[str, int]:
    return {
        "scales": ProficiencyScale.objects.count(),
        "levels": ScaleLevel.objects.count(),
        "frameworks": CompetenceFramework.objects.count(),
        "competences": Competence.objects.count(),
        "related": Competence.related.through.objects.count(),
    }


def tree(framework: CompetenceFramework) -> list[tuple]:
    return sorted(
        framework.competences.values_list(
            "idnumber", "parent__idnumber", "depth", "position", "shortname_sv"
        )
    )


@pytest.mark.django_db
def test_the_demo_has_a_framework_that_round_trips_and_reset_removes():
    seed_demo_organisation(people=120, seed=4, anchor=ANCHOR)

    framework = CompetenceFramework.objects.get()
    assert framework.idnumber == "KIPINA-STRATEGIA-2026"
    assert all((framework.shortname_fi, framework.shortname_sv, framework.shortname_en))
    assert all((framework.description_fi, framework.description_sv, framework.description_en))
    assert framework.valid_from == dt.date(2026, 1, 1)
    assert framework.valid_until == dt.date(2029, 12, 31)
    assert framework.taxonomy == ["area", "competence", "sub-competence"]

    levels = list(framework.scale.levels.order_by("position"))
    assert [level.position for level in levels] == [1, 2, 3, 4]
    assert [level.is_default for level in levels] == [True, False, False, False]
    assert [level.proficient for level in levels] == [False, False, True, True]
    assert all(level.name_fi and level.name_sv and level.name_en for level in levels)

    competences = framework.competences.all()
    areas = competences.filter(depth=CompetenceDepth.AREA)
    assert areas.count() == 6
    assert not areas.filter(parent__isnull=False).exists()
    assert sorted(areas.values_list("position", flat=True)) == list(range(6))
    assert competences.filter(depth=CompetenceDepth.COMPETENCE).count() >= 20
    for competence in competences.select_related("parent"):
        assert competence.shortname_fi and competence.shortname_sv and competence.shortname_en
        if competence.parent is not None:
            assert competence.depth == competence.parent.depth + 1
    # Siblings keep the order of the file.
    content = json.loads(learning_loader.FRAMEWORK_FILE.read_text(encoding="utf-8"))
    in_file = [row["idnumber"] for row in content["competences"] if row["parent"] == "A1"]
    children = areas.get(position=0).children.order_by("position")
    assert list(children.values_list("idnumber", flat=True)) == in_file

    links = set(Competence.related.through.objects.values_list("from_competence", "to_competence"))
    assert links
    assert all((b, a) in links for a, b in links)
    a11 = competences.get(idnumber="A1.1")
    assert set(a11.related.values_list("idnumber", flat=True)) == {"A4.4", "A6.4"}
    assert a11 in competences.get(idnumber="A4.4").related.all()

    # Moodle CSV: export, then import over it as a coordinator; the tree comes back the same.
    before, rows = tree(framework), learning_rows()
    coordinator = get_user_model().objects.get(username=PERSONAS_BY_KEY["coordinator"].username)
    report = import_framework(actor=coordinator, data=export_framework(framework), replace=True)
    assert report.ok, report.errors
    assert report.framework.pk == framework.pk
    assert tree(report.framework) == before
    assert learning_rows() == rows

    # Seeding again without reset leaves it alone; the loader itself skips a framework that is
    # there already.
    seed_demo_organisation(people=120, seed=4, anchor=ANCHOR)
    assert learning_rows() == rows
    assert learning_loader.load_framework().created is False
    assert learning_rows() == rows

    wipe_organisation()
    assert set(learning_rows().values()) == {0}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format": "moodle"}, "format"),
        ({"version": 2}, "version 2"),
    ],
)
def test_a_content_file_of_another_format_or_version_is_refused(tmp_path, change, message):
    document = json.loads(learning_loader.FRAMEWORK_FILE.read_text(encoding="utf-8"))
    path = tmp_path / "framework.json"
    path.write_text(json.dumps({**document, **change}), encoding="utf-8")

    with pytest.raises(DemoSeedError, match=message):
        learning_loader.load_framework(path=path)
    assert set(learning_rows().values()) == {0}


@pytest.mark.django_db
def test_the_loader_alone_writes_the_same_framework_twice(django_assert_max_num_queries):
    first = learning_loader.load_framework()
    assert first.created and first.levels == 4 and first.competences == 35
    snapshot = tree(CompetenceFramework.objects.get())

    CompetenceFramework.objects.all().delete()
    ProficiencyScale.objects.all().delete()
    with django_assert_max_num_queries(20):
        learning_loader.load_framework()

    assert tree(CompetenceFramework.objects.get()) == snapshot
