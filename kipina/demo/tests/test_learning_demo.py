"""The demo's learning content: one framework with its scale and tree, symmetric related links,
a Moodle CSV round trip and checks of the content file; the resource catalogue (searchable, dates
upcoming), teams' tailorings with their review history, guidance and curators; determinism, and
removal on reset."""

import datetime as dt
import json

import pytest
import rules
from django.contrib.auth import get_user_model

from kipina.agents.models import SupportPerson
from kipina.core.search import index as search_index
from kipina.demo import learning_loader, structure
from kipina.demo.loader import DemoSeedError, seed_demo_organisation, wipe_organisation
from kipina.demo.personas import PERSONA_USERNAMES, PERSONAS_BY_KEY
from kipina.demo.structure import UnitKind
from kipina.demo.support_content import SERVICES
from kipina.learning.enums import (
    CURATOR_GROUP,
    RESOURCE_SEARCH_KIND,
    ActionStatus,
    CompetenceDepth,
    RecommendationResponse,
    ResourceKind,
    ResourceStatus,
)
from kipina.learning.models import (
    Bookmark,
    Competence,
    CompetenceAction,
    CompetenceFramework,
    CompetenceReview,
    LearningLogEntry,
    ProficiencyScale,
    Provider,
    Recommendation,
    RecommendationAnswer,
    Resource,
    ResourceCompetence,
    ResourceDate,
    ReviewEntry,
    ScaleLevel,
    TeamCompetence,
)
from kipina.learning.moodle_csv import export_framework, import_framework
from kipina.orders.enums import OrderState
from kipina.orders.models import Order
from kipina.org.models import Person, Team

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


# --- the catalogue, tailorings and guidance --------------------------------------------------

SMALL = 120
SEED = 4


def content(name: str) -> dict:
    return json.loads((learning_loader.CONTENT / name).read_text(encoding="utf-8"))


def learning_data_rows() -> dict[str, int]:
    return {
        "providers": Provider.objects.count(),
        "resources": Resource.objects.count(),
        "dates": ResourceDate.objects.count(),
        "resource competences": ResourceCompetence.objects.count(),
        "indexed resources": len(search_index.indexed_ids(RESOURCE_SEARCH_KIND)),
        "tailorings": TeamCompetence.objects.count(),
        "tailoring resources": TeamCompetence.resources.through.objects.count(),
        "tailoring orders": TeamCompetence.orders.through.objects.count(),
        "actions": CompetenceAction.objects.count(),
        "reviews": CompetenceReview.objects.count(),
        "review entries": ReviewEntry.objects.count(),
        "recommendations": Recommendation.objects.count(),
        "answers": RecommendationAnswer.objects.count(),
        "bookmarks": Bookmark.objects.count(),
        "log": LearningLogEntry.objects.count(),
        "curators": get_user_model().objects.filter(groups__name=CURATOR_GROUP).count(),
    }


def test_the_content_files_refer_only_to_what_exists():
    framework = content("framework.json")
    idnumbers = {row["idnumber"] for row in framework["competences"]}
    positions = range(1, len(framework["framework"]["scale"]["levels"]) + 1)
    catalogue = content("resources.json")
    published = {row["key"] for row in catalogue["resources"] if row["status"] == "published"}
    services = {service.code for service in SERVICES}
    kinds = {name for name, value in vars(structure).items() if isinstance(value, UnitKind)}
    for row in catalogue["resources"]:
        assert {link["idnumber"] for link in row["competences"]} <= idnumbers, row["key"]

    profiles = content("tailorings.json")["teams"]
    assert len(profiles) >= 6
    assert profiles[0]["persona_team"]
    for profile in profiles:
        assert set(profile["unit_kinds"]) <= kinds
        reviews = [review["days_ago"] for review in profile["reviews"]]
        assert 2 <= len(reviews) <= 3
        assert reviews == sorted(reviews, reverse=True)  # oldest first
        assert all(0 < days <= 548 for days in reviews)  # within the past 18 months
        assert 3 <= len(profile["competences"]) <= 5, profile["key"]
        for row in profile["competences"]:
            where = (profile["key"], row["idnumber"])
            assert row["idnumber"] in idnumbers, where
            assert row["meaning"].count(".") >= 2, where
            assert row["current"] in positions and row["target"] in positions, where
            assert 1 <= len(row["actions"]) <= 4, where
            assert 1 <= len(row["resources"]) <= 3, where
            assert set(row["resources"]) <= published, where
            assert set(row.get("orders", [])) <= services, where
            for action in row["actions"]:
                assert action["status"] in ActionStatus.values, where
                assert action["who"] in ("lead", "m1", "m2", "m3") or (
                    action["who"] == "employee" and profile.get("persona_team")
                ), where
            # Levels rise, never fall: review by review, and up to now.
            currents = [current for current, _target in row["history"]] + [row["current"]]
            assert currents == sorted(currents), where
            assert all(c in positions and t in positions for c, t in row["history"]), where

    keys = {profile["key"] for profile in profiles}
    guidance = content("guidance.json")
    recommendations = guidance["recommendations"]
    assert len(recommendations) >= 30
    for row in recommendations:
        assert row["team"] in keys and row["resource"] in published
        assert row["competence"] in idnumbers and row["note"]
    assert any(row["to"] == "employee" for row in recommendations)
    assert any(row["team"] == profiles[0]["key"] and row["to"] == "team" for row in recommendations)
    employee = next(row for row in guidance["people"] if row["who"] == "employee")
    assert 3 <= len(employee["log"]) <= 6
    for row in guidance["people"]:
        assert row["team"] in keys
        assert set(row["bookmarks"]) <= published
        for entry in row["log"]:
            assert entry["resource"] is None or entry["resource"] in published
            assert entry["competence"] in idnumbers


@pytest.mark.django_db
def test_the_demo_has_a_catalogue_tailorings_and_guidance():
    result = seed_demo_organisation(people=SMALL, seed=SEED, anchor=ANCHOR)
    catalogue = content("resources.json")

    # The catalogue: every provider and resource of the file, published ones searchable.
    assert result.learning_resources == Resource.objects.count() == len(catalogue["resources"])
    assert Provider.objects.count() == len(catalogue["providers"])
    published = Resource.objects.filter(status=ResourceStatus.PUBLISHED)
    indexed = search_index.indexed_ids(RESOURCE_SEARCH_KIND)
    assert indexed == set(published.values_list("pk", flat=True))
    hits = search_index.search(RESOURCE_SEARCH_KIND, "kotihoidossa")
    found = Resource.objects.filter(pk__in=[hit.object_id for hit in hits or []])
    assert "paiva-kotihoidossa" in set(found.values_list("key", flat=True))
    # "kaikki" (everyone) in the file is stored as no groups, which means everyone.
    groups = [set(g) for g in Resource.objects.values_list("audience_groups", flat=True)]
    assert not any(learning_loader.EVERYONE in g for g in groups)
    assert any("hoitajat" in g for g in groups) and any(not g for g in groups)
    # Dates move with the anchor, by whole weeks: the upcoming facet has plenty to show.
    upcoming = published.filter(next_start__gte=ANCHOR)
    assert upcoming.count() >= 50
    assert upcoming.filter(kind=ResourceKind.ACADEMY_COURSE).exists()
    first = ResourceDate.objects.filter(resource__key="kohtaamisen-taito").earliest("start")
    assert first.start == dt.date(2026, 9, 15) + learning_loader._shift_weeks(ANCHOR)
    assert first.start.weekday() == dt.date(2026, 9, 15).weekday()
    with_later_dates = published.filter(dates__end__gte=ANCHOR).distinct()
    assert not with_later_dates.filter(next_start__isnull=True).exists()

    # Tailorings: at least six teams, the team-lead persona's among them.
    lead = Person.objects.get(user__username=PERSONAS_BY_KEY["team_lead"].username)
    support = Person.objects.get(user__username=PERSONAS_BY_KEY["support_person"].username)
    employee = Person.objects.get(user__username=PERSONAS_BY_KEY["employee"].username)
    persona_team = Team.objects.get(lead=lead)
    tailored = Team.objects.filter(competences__isnull=False).distinct()
    assert result.tailored_teams == tailored.count() >= 6
    assert persona_team in tailored
    for team in tailored:
        tailorings = team.competences.select_related("current_level", "target_level")
        assert 3 <= tailorings.count() <= 5
        people = set(Person.objects.filter(team=team).values_list("pk", flat=True)) | {team.lead_id}
        for tailoring in tailorings:
            assert tailoring.meaning
            assert tailoring.gap is not None and tailoring.gap >= 0
            assert 1 <= tailoring.actions.count() <= 4
            assert 1 <= tailoring.resources.count() <= 3
            assert set(tailoring.actions.values_list("owner", flat=True)) <= people
        # The levels-over-time view has history: two or three reviews in the past 18 months,
        # each competence's level rising (or holding) from one review to the next.
        reviews = list(team.competence_reviews.order_by("reviewed_on"))
        assert 2 <= len(reviews) <= 3
        assert ANCHOR - dt.timedelta(days=548) <= reviews[0].reviewed_on < ANCHOR
        positions: dict[int, list[int]] = {}
        for review in reviews:
            for entry in review.entries.all():
                assert entry.current_name and entry.target_name
                positions.setdefault(entry.competence_id, []).append(entry.current_position)
        assert any(len(history) >= 2 for history in positions.values())
        for competence, history in positions.items():
            now = tailorings.get(competence_id=competence).current_level.position
            assert history + [now] == sorted(history + [now])

    # The support persona is assigned to a planned or delivered order of the persona team,
    # so she may edit its tailoring alongside the team; that order is linked to it.
    assert Order.objects.filter(
        team=persona_team,
        support_person__person=support,
        state__in=[OrderState.PLANNED, OrderState.DELIVERED],
    ).exists()
    assert rules.has_perm("learning.tailor_team_competences", support.user, persona_team)
    assert TeamCompetence.objects.filter(
        team=persona_team, orders__support_person__person=support
    ).exists()
    assert persona_team.competences.filter(updated_by=support).exists()

    # Guidance: recommendations from active support persons, to the employee persona and to
    # the persona team among others, some answered.
    recommendations = Recommendation.objects.all()
    assert result.recommendations == recommendations.count() >= 15
    assert set(recommendations.values_list("recommended_by", flat=True)) <= set(
        SupportPerson.objects.filter(active=True).values_list("person_id", flat=True)
    )
    assert recommendations.filter(person=employee, answers__person=employee).exists()
    assert recommendations.filter(team=persona_team, recommended_by=support).exists()
    responses = set(RecommendationAnswer.objects.values_list("response", flat=True))
    assert {RecommendationResponse.INTERESTED, RecommendationResponse.DONE} <= responses
    for recommendation in recommendations.filter(person__isnull=False):
        assert set(recommendation.answers.values_list("person", flat=True)) <= {
            recommendation.person_id
        }
    assert all(r.created_at.date() < ANCHOR for r in recommendations)
    assert 3 <= LearningLogEntry.objects.filter(person=employee).count() <= 6
    assert Bookmark.objects.filter(person=employee).count() >= 3
    assert LearningLogEntry.objects.exclude(person=employee).exists()

    # Curators: a couple of support persons who are not personas.
    curators = get_user_model().objects.filter(groups__name=CURATOR_GROUP)
    assert curators.count() == learning_loader.CURATORS
    assert not curators.filter(username__in=PERSONA_USERNAMES).exists()
    for user in curators:
        assert SupportPerson.objects.filter(person__user=user, active=True).exists()
        assert rules.has_perm("learning.curate_resources", user)


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_learning_data_and_reset_removes_it():
    def digest() -> list:
        return [
            sorted(Resource.objects.values_list("key", "status", "next_start")),
            sorted(ResourceDate.objects.values_list("resource__key", "start", "end", "seats")),
            sorted(
                TeamCompetence.objects.values_list(
                    "team__code",
                    "competence__idnumber",
                    "meaning",
                    "current_level__position",
                    "target_level__position",
                    "updated_by__employee_number",
                    "updated_at",
                )
            ),
            sorted(
                TeamCompetence.objects.values_list(
                    "team__code", "resources__key", "orders__service__code", "orders__submitted_at"
                )
            ),
            sorted(
                CompetenceAction.objects.values_list(
                    "team_competence__team__code", "description", "owner__employee_number", "due"
                )
            ),
            sorted(
                ReviewEntry.objects.values_list(
                    "review__team__code",
                    "review__reviewed_on",
                    "competence__idnumber",
                    "current_position",
                    "target_position",
                )
            ),
            sorted(
                Recommendation.objects.values_list(
                    "resource__key",
                    "recommended_by__employee_number",
                    "team__code",
                    "person__employee_number",
                    "created_at",
                ),
                key=str,
            ),
            sorted(
                RecommendationAnswer.objects.values_list(
                    "recommendation__resource__key", "person__employee_number", "response"
                )
            ),
            sorted(Bookmark.objects.values_list("person__employee_number", "resource__key")),
            sorted(
                LearningLogEntry.objects.values_list(
                    "person__employee_number", "title", "learned_on"
                )
            ),
            sorted(
                get_user_model()
                .objects.filter(groups__name=CURATOR_GROUP)
                .values_list("username", flat=True)
            ),
        ]

    seed_demo_organisation(people=SMALL, seed=SEED, anchor=ANCHOR)
    first, rows = digest(), learning_data_rows()
    assert all(rows.values()), rows

    seed_demo_organisation(people=SMALL, seed=SEED, anchor=ANCHOR, reset=True)

    assert digest() == first
    assert learning_data_rows() == rows

    wipe_organisation()

    assert set(learning_data_rows().values()) == {0}
    assert set(learning_rows().values()) == {0}
