"""The catalogue's reads: facet counts against a hand count, search and facets together,
orders, visibility, and a competence's resources."""

import datetime as dt
import itertools
from collections import Counter
from decimal import Decimal

import pytest
from django.utils import timezone

from kipina.learning import selectors_resources as selectors
from kipina.learning.enums import (
    Relevance,
    ResourceFormat,
    ResourceKind,
    ResourceStatus,
)
from kipina.learning.models import Resource
from kipina.learning.tests.factories import (
    CompetenceFactory,
    ProviderFactory,
    ResourceCompetenceFactory,
    indexed_resource,
)
from kipina.org.tests.factories import make_language

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
TITLES = [
    "Johtamisen perusteet",
    "Valmentava johtaminen esihenkilöille",
    "Tiimityön pelisäännöt",
    "Lääkehoidon verkkokurssi",
    "Palvelumuotoilu käytännössä",
    "Muutosjohtamisen työpaja",
    "Tietosuoja arjessa",
    "Mentorointi uusille työntekijöille",
]


@pytest.fixture
def catalogue_data(org):
    """Resources varied in every facet (a fixed cycle, so every value appears), two drafts."""
    make_language("sv")
    competences = [CompetenceFactory() for _ in range(3)]
    provider = ProviderFactory()
    kinds = itertools.cycle(
        [
            (ResourceKind.ACADEMY_COURSE, ""),
            (ResourceKind.WEB_COURSE, ""),
            (ResourceKind.EXTERNAL_COURSE, ""),
            (ResourceKind.MATERIAL, ResourceFormat.VIDEO),
            (ResourceKind.PEER, ResourceFormat.MENTORING),
        ]
    )
    durations = itertools.cycle(
        [
            Decimal("0.5"),
            Decimal("1"),
            Decimal("3"),
            Decimal("8"),
            Decimal("16"),
            Decimal("40"),
            Decimal("80"),
            None,
        ]
    )
    costs = itertools.cycle([Decimal("0"), Decimal("0"), Decimal("150")])
    starts = itertools.cycle([10, 45, 200, None, -2])
    resources = []
    for number in range(24):
        kind, fmt = next(kinds)
        offset = next(starts)
        dates = []
        if offset is not None and kind != ResourceKind.MATERIAL and kind != ResourceKind.PEER:
            start = TODAY + dt.timedelta(days=offset)
            dates = [(start, max(start, TODAY + dt.timedelta(days=1)), 12)]
        resource = indexed_resource(
            title=TITLES[number % len(TITLES)],
            description="Kurssi osaamisen kehittämiseen." if number % 2 else "Opas työhön.",
            kind=kind,
            format=fmt,
            provider=provider if number % 3 == 0 else None,
            language=make_language("sv" if number % 4 == 0 else "fi"),
            duration_hours=next(durations),
            cost_eur=next(costs),
            dates=dates,
        )
        for competence in competences[: number % 3 + 1]:
            ResourceCompetenceFactory(resource=resource, competence=competence)
        resources.append(resource)
    for title in ("Luonnos johtamisesta", "Arkistoitu johtamisen kurssi"):
        indexed_resource(
            title=title,
            status=ResourceStatus.DRAFT if "Luonnos" in title else ResourceStatus.ARCHIVED,
        )
    return resources, competences


def _hand_count(resources: list[Resource], competences) -> dict[str, dict[str, int]]:
    """The facets as a person would count them, one resource at a time."""
    counts: dict[str, Counter] = {
        name: Counter()
        for name in ("kind", "language", "duration", "price", "starts", "competence")
    }
    for resource in resources:
        counts["kind"][resource.kind] += 1
        counts["language"][resource.language_id] += 1
        hours = resource.duration_hours
        if hours is not None:
            bucket = (
                "hour" if hours <= 1 else "day" if hours <= 8 else "week" if hours <= 40 else "long"
            )
            counts["duration"][bucket] += 1
        counts["price"]["free" if resource.cost_eur == 0 else "paid"] += 1
        if resource.next_start is not None:
            counts["starts"]["any"] += 1
            if resource.next_start <= TODAY + dt.timedelta(days=90):
                counts["starts"]["90"] += 1
            if resource.next_start <= TODAY + dt.timedelta(days=30):
                counts["starts"]["30"] += 1
        for link in resource.competence_links.all():
            counts["competence"][str(link.competence_id)] += 1
    return {name: {code: n for code, n in counter.items() if n} for name, counter in counts.items()}


def _facet_counts(found) -> dict[str, dict[str, int]]:
    return {
        name: {value.code: value.count for value in values if value.count}
        for name, values in found.facets.items()
    }


def test_facet_counts_match_a_hand_count(org, catalogue_data):
    resources, competences = catalogue_data
    found = selectors.catalogue(org.people["employee"].user, {}, 1)
    assert found.total == len(resources) == 24
    expected = _hand_count(resources, competences)
    counted = _facet_counts(found)
    assert "status" not in counted  # readers see only published resources
    assert counted == expected
    assert len(expected["duration"]) == 4 and len(expected["starts"]) == 3  # all values met


def test_search_and_facets_together(org, catalogue_data):
    resources, competences = catalogue_data
    user = org.people["employee"].user
    # "johtamisen" finds johtaminen, johtamisen and muutosjohtamisen (a compound) by Finnish
    # base forms; the drafts with the word are not shown to a reader.
    found = selectors.catalogue(user, {"q": "johtamisen", "kind": ResourceKind.ACADEMY_COURSE}, 1)
    matching = [
        resource
        for resource in resources
        if "johtami" in resource.title.lower() and resource.kind == ResourceKind.ACADEMY_COURSE
    ]
    assert matching and found.total == len(matching)
    assert {resource.pk for resource in found.page.object_list} == {r.pk for r in matching}
    assert _facet_counts(found) == _hand_count(matching, competences)
    assert found.searched and found.sort == "relevance"


def test_every_facet_filter_narrows_to_what_its_count_said(org, catalogue_data):
    user = org.people["employee"].user
    everything = selectors.catalogue(user, {}, 1)
    for name, values in everything.facets.items():
        for value in values:
            code = int(value.code) if name == "competence" else value.code
            narrowed = selectors.catalogue(user, {name: code}, 1)
            assert narrowed.total == value.count, (name, value.code)


def test_title_matches_rank_before_description_matches(org):
    in_body = indexed_resource(title="Kevätkurssi", description="Harjoitellaan työpajoissa.")
    in_title = indexed_resource(title="Työpaja tiimeille", description="Kevään kurssi.")
    found = selectors.catalogue(org.people["employee"].user, {"q": "työpaja"}, 1)
    assert [resource.pk for resource in found.page.object_list] == [in_title.pk, in_body.pk]


def test_sorts(org):
    a = indexed_resource(
        title="A",
        duration_hours=Decimal("8"),
        cost_eur=Decimal("100"),
        dates=[(TODAY + dt.timedelta(days=30),) * 2 + (None,)],
    )
    b = indexed_resource(
        title="B",
        duration_hours=None,
        cost_eur=Decimal("0"),
        dates=[(TODAY + dt.timedelta(days=5),) * 2 + (None,)],
    )
    c = indexed_resource(title="C", duration_hours=Decimal("1"), cost_eur=Decimal("50"))
    user = org.people["employee"].user

    def order(sort: str, **filters) -> list[int]:
        found = selectors.catalogue(user, {"sort": sort, **filters}, 1)
        return [resource.pk for resource in found.page.object_list]

    assert order("title") == [a.pk, b.pk, c.pk]
    assert order("start") == [b.pk, a.pk, c.pk]  # no date last
    assert order("duration") == [c.pk, a.pk, b.pk]  # unknown last
    assert order("cost") == [b.pk, c.pk, a.pk]
    assert order("relevance") == [a.pk, b.pk, c.pk]  # no search: by title
    # A column's order also holds within search hits.
    assert order("cost", q="kurssi") == [b.pk, c.pk, a.pk]


def test_curators_see_drafts_with_a_status_facet_and_find_them_by_title(org, catalogue_data):
    curator = org.people["coordinator"].user
    found = selectors.catalogue(curator, {}, 1)
    assert found.total == 26
    statuses = {value.code: value.count for value in found.facets["status"]}
    assert statuses == {"draft": 1, "published": 24, "archived": 1}
    drafts = selectors.catalogue(curator, {"status": ResourceStatus.DRAFT}, 1)
    assert [resource.title for resource in drafts.page.object_list] == ["Luonnos johtamisesta"]
    searched = selectors.catalogue(curator, {"q": "luonnos"}, 1)
    assert [resource.title for resource in searched.page.object_list] == ["Luonnos johtamisesta"]
    # Published hits (ranked) come first, unpublished titles after them.
    mixed = selectors.catalogue(curator, {"q": "johtamisen"}, 1)
    titles = [resource.title for resource in mixed.page.object_list]
    assert titles[-1] == "Arkistoitu johtamisen kurssi"
    assert mixed.total == len(titles)
    assert {value.code: value.count for value in mixed.facets["status"]}["archived"] == 1


def test_pages(org):
    for number in range(selectors.PAGE_SIZE + 5):
        indexed_resource(title=f"Kurssi {number:02}")
    user = org.people["employee"].user
    second = selectors.catalogue(user, {"q": "kurssi"}, 2)
    assert second.total == selectors.PAGE_SIZE + 5
    assert len(second.page.object_list) == 5
    assert second.page.number == 2 and not second.page.has_next()
    first = selectors.catalogue(user, {"q": "kurssi"}, 1)
    assert not {r.pk for r in first.page.object_list} & {r.pk for r in second.page.object_list}
    # A page past the end (or no number) shows the last (the first) one, as Django's get_page.
    past = selectors.catalogue(user, {"q": "kurssi"}, 9)
    assert [r.pk for r in past.page.object_list] == [r.pk for r in second.page.object_list]
    assert selectors.catalogue(user, {"q": "kurssi"}, "x").page.number == 1
    unsearched = selectors.catalogue(user, {}, 9)
    assert unsearched.page.number == 2 and len(unsearched.page.object_list) == 5


def test_a_query_without_words_lists_everything(org):
    indexed_resource(title="Yksi")
    found = selectors.catalogue(org.people["employee"].user, {"q": "  --  "}, 1)
    assert found.total == 1


def test_filtered_resources_selects_what_the_catalogue_counts(org, catalogue_data):
    user = org.people["employee"].user
    filters = {"q": "kurssi", "language": "fi", "price": "free"}
    assert (
        selectors.filtered_resources(user, filters).count()
        == selectors.catalogue(user, filters, 1).total
    )


def test_resources_of_a_competence_most_relevant_then_soonest(org):
    competence = CompetenceFactory()
    later = indexed_resource(title="B", dates=[(TODAY + dt.timedelta(days=40),) * 2 + (None,)])
    sooner = indexed_resource(title="C", dates=[(TODAY + dt.timedelta(days=4),) * 2 + (None,)])
    core = indexed_resource(title="D")
    draft = indexed_resource(title="A", status=ResourceStatus.DRAFT)
    for resource, relevance in ((later, 2), (sooner, 2), (core, 3), (draft, 3)):
        ResourceCompetenceFactory(resource=resource, competence=competence, relevance=relevance)
    found = selectors.resources_of_competence(competence, limit=2)
    assert found.total == 3
    assert [link.resource for link in found.links] == [core, sooner]
    assert found.links[0].relevance == Relevance.CORE
