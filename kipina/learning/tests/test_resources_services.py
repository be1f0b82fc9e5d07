"""Writes of the resource catalogue: validation of the kind's rules, optimistic locking, status
changes, and the search index and next start date kept in step with every write."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from kipina.core.cache_versions import current_version
from kipina.core.search import index as search_index
from kipina.learning import services_resources as services
from kipina.learning.enums import (
    RESOURCE_SEARCH_KIND,
    Relevance,
    ResourceFormat,
    ResourceKind,
    ResourceMode,
    ResourceStatus,
)
from kipina.learning.models import Resource
from kipina.learning.resource_index import CATALOGUE_VERSION
from kipina.learning.services_resources import CompetenceSpec, DateSpec
from kipina.learning.tests.factories import CompetenceFactory, ProviderFactory, indexed_resource
from kipina.org.tests.factories import make_language

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _found(query: str) -> set[int]:
    return {hit.object_id for hit in search_index.search(RESOURCE_SEARCH_KIND, query) or []}


def _data(**changes) -> dict:
    data = {
        "title": "Lean-ajattelun perusteet",
        "description": "Kurssilla harjoitellaan hukan tunnistamista työpajoissa.",
        "kind": ResourceKind.ACADEMY_COURSE,
        "format": "",
        "provider": None,
        "language": make_language("fi"),
        "duration_hours": Decimal("7"),
        "cost_eur": Decimal("0"),
        "credits": None,
        "url": "",
        "enrolment_url": "",
        "mode": ResourceMode.REMOTE,
        "place": "",
        "audience_groups": [],
        "status": ResourceStatus.PUBLISHED,
    }
    data.update(changes)
    return data


def _create(org, **changes):
    dates = changes.pop("dates", ())
    competences = changes.pop("competences", ())
    units = changes.pop("audience_units", None)
    return services.resource_create(
        actor=org.people["coordinator"].user,
        data=_data(**changes),
        dates=dates,
        competences=competences,
        audience_units=units,
    )


def test_create_saves_parts_indexes_and_sets_next_start(org):
    competence = CompetenceFactory()
    soon, later = TODAY + dt.timedelta(days=10), TODAY + dt.timedelta(days=40)
    resource = _create(
        org,
        dates=[DateSpec(later, later, 20), DateSpec(soon, soon + dt.timedelta(days=1), 12)],
        competences=[CompetenceSpec(competence.pk, Relevance.CORE)],
        audience_units=[org.unit],
        audience_groups=[" sairaanhoitajat ", "", "sairaanhoitajat", "esihenkilöt"],
    )
    assert resource.key == "lean-ajattelun-perusteet"
    assert resource.next_start == soon
    assert resource.dates.count() == 2
    assert list(resource.competence_links.values_list("competence_id", "relevance")) == [
        (competence.pk, Relevance.CORE)
    ]
    assert list(resource.audience_units.all()) == [org.unit]
    assert resource.audience_groups == ["sairaanhoitajat", "esihenkilöt"]
    assert resource.created_by == org.people["coordinator"]
    # Finnish inflection: the inessive plural finds the base form in the description.
    assert _found("työpajoissa") == {resource.pk}
    assert _found("hukka") == {resource.pk}


def test_a_draft_is_not_in_the_search_index(org):
    resource = _create(org, status=ResourceStatus.DRAFT)
    assert Resource.objects.filter(pk=resource.pk).exists()
    assert _found("lean") == set()


def test_only_curators_create(org):
    with pytest.raises(services.NotAllowed):
        services.resource_create(actor=org.people["support_person"].user, data=_data())
    assert not Resource.objects.exists()


def test_the_curator_group_may_curate(org):
    from django.contrib.auth.models import Group

    from kipina.learning.enums import CURATOR_GROUP

    user = org.people["employee"].user
    user.groups.add(Group.objects.get_or_create(name=CURATOR_GROUP)[0])
    resource = services.resource_create(actor=user, data=_data())
    assert resource.pk


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"format": ResourceFormat.VIDEO}, "format"),  # a course has no format
        ({"kind": ResourceKind.MATERIAL}, "format"),  # material needs one
        ({"kind": ResourceKind.MATERIAL, "format": ResourceFormat.MENTORING}, "format"),
        ({"kind": ResourceKind.WEB_COURSE, "credits": Decimal("5")}, "credits"),
        ({"kind": ResourceKind.EXTERNAL_COURSE}, "provider"),
        ({"mode": ResourceMode.ONSITE, "place": " "}, "place"),
        ({"cost_eur": Decimal("-1")}, "cost_eur"),
        ({"duration_hours": Decimal("0")}, "duration_hours"),
        ({"title": "x" * 201}, "title"),
        ({"description": "x" * 5001}, "description"),
        ({"url": "not a link"}, "url"),
        ({"key": "new"}, "key"),
        ({"key": "ei kelpaa"}, "key"),
        ({"audience_groups": ["x" * 101]}, "audience_groups"),
    ],
)
def test_refusals_name_their_field_and_save_nothing(org, changes, field):
    with pytest.raises(services.ResourceError) as refused:
        _create(org, **changes)
    assert refused.value.field == field
    assert not Resource.objects.exists()


def test_dates_only_for_courses_and_never_backwards(org):
    day = TODAY + dt.timedelta(days=5)
    with pytest.raises(services.ResourceError) as refused:
        _create(
            org,
            kind=ResourceKind.MATERIAL,
            format=ResourceFormat.BOOK,
            dates=[DateSpec(day, day)],
        )
    assert refused.value.field == "dates"
    with pytest.raises(services.ResourceError) as refused:
        _create(org, dates=[DateSpec(day, day - dt.timedelta(days=1))])
    assert refused.value.field == "dates"
    assert not Resource.objects.exists()


def test_an_institution_course_takes_credits_cost_and_provider(org):
    provider = ProviderFactory()
    resource = _create(
        org,
        kind=ResourceKind.EXTERNAL_COURSE,
        provider=provider,
        credits=Decimal("5"),
        cost_eur=Decimal("290"),
    )
    assert (resource.credits, resource.cost_eur, resource.provider) == (
        Decimal("5"),
        Decimal("290"),
        provider,
    )


def test_a_competence_listed_twice_is_refused(org):
    competence = CompetenceFactory()
    with pytest.raises(services.ResourceError) as refused:
        _create(
            org,
            competences=[CompetenceSpec(competence.pk, 1), CompetenceSpec(competence.pk, 3)],
        )
    assert refused.value.field == "competences"


def test_edit_replaces_parts_and_reindexes(org):
    first, second = CompetenceFactory(), CompetenceFactory()
    resource = _create(
        org,
        dates=[DateSpec(TODAY + dt.timedelta(days=3), TODAY + dt.timedelta(days=3))],
        competences=[CompetenceSpec(first.pk, 1)],
        audience_units=[org.unit],
    )
    later = TODAY + dt.timedelta(days=50)
    changed = services.resource_edit(
        actor=org.people["coordinator"].user,
        resource=resource,
        data=_data(title="Palvelumuotoilu käytännössä", description="Asiakkaan polku."),
        seen_version=resource.version,
        dates=[DateSpec(later, later, 10)],
        competences=[CompetenceSpec(second.pk, 3)],
        audience_units=[],
    )
    assert changed.version == resource.version + 1
    assert changed.key == resource.key  # the key stays
    assert changed.next_start == later
    assert list(changed.dates.values_list("start", "seats")) == [(later, 10)]
    assert list(changed.competence_links.values_list("competence_id", "relevance")) == [
        (second.pk, 3)
    ]
    assert not changed.audience_units.exists()
    assert _found("palvelumuotoilun") == {resource.pk}
    assert _found("lean") == set()


def test_two_editors_from_the_same_version_exactly_one_wins(org):
    resource = _create(org)
    seen = resource.version
    services.resource_edit(
        actor=org.people["coordinator"].user,
        resource=resource,
        data=_data(title="Ensimmäisen muokkaus"),
        seen_version=seen,
    )
    with pytest.raises(services.EditConflict) as conflict:
        services.resource_edit(
            actor=org.people["admin"].user,
            resource=resource,
            data=_data(title="Toisen muokkaus"),
            seen_version=seen,
        )
    assert conflict.value.current.title == "Ensimmäisen muokkaus"
    resource.refresh_from_db()
    assert resource.title == "Ensimmäisen muokkaus"
    assert resource.version == seen + 1
    assert _found("ensimmäisen") == {resource.pk}
    assert _found("toisen") == set()


def test_a_refused_edit_changes_nothing(org):
    resource = _create(org)
    with pytest.raises(services.ResourceError):
        services.resource_edit(
            actor=org.people["coordinator"].user,
            resource=resource,
            data=_data(title="Uusi nimi", format=ResourceFormat.VIDEO),
            seen_version=resource.version,
        )
    resource.refresh_from_db()
    assert (resource.title, resource.version) == ("Lean-ajattelun perusteet", 1)


def test_status_changes_move_the_resource_in_and_out_of_search(org):
    resource = _create(org)
    user = org.people["coordinator"].user
    archived = services.resource_set_status(
        actor=user, resource=resource, status=ResourceStatus.ARCHIVED, seen_version=1
    )
    assert archived.status == ResourceStatus.ARCHIVED
    assert _found("lean") == set()
    published = services.resource_set_status(
        actor=user, resource=resource, status=ResourceStatus.PUBLISHED, seen_version=2
    )
    assert published.version == 3
    assert _found("lean") == {resource.pk}
    with pytest.raises(services.EditConflict):
        services.resource_set_status(
            actor=user, resource=resource, status=ResourceStatus.DRAFT, seen_version=2
        )
    assert Resource.objects.get(pk=resource.pk).status == ResourceStatus.PUBLISHED


def test_every_write_moves_the_catalogue_version_on(org, django_capture_on_commit_callbacks):
    before = current_version(CATALOGUE_VERSION)
    with django_capture_on_commit_callbacks(execute=True):
        _create(org)
    assert current_version(CATALOGUE_VERSION) > before


def test_refresh_resource_starts_moves_past_starts_on(org):
    past, soon = TODAY - dt.timedelta(days=3), TODAY + dt.timedelta(days=7)
    moving = indexed_resource(dates=[(past, past, None), (soon, soon, 10)])
    ending = indexed_resource(dates=[(past, past, None)])
    running = indexed_resource(dates=[(past, TODAY + dt.timedelta(days=2), None)])
    Resource.objects.filter(pk__in=[moving.pk, ending.pk]).update(next_start=past)
    call_command("refresh_resource_starts", verbosity=0)
    assert Resource.objects.get(pk=moving.pk).next_start == soon
    assert Resource.objects.get(pk=ending.pk).next_start is None
    assert Resource.objects.get(pk=running.pk).next_start == past  # still running


def test_an_edit_without_parts_keeps_them(org):
    competence = CompetenceFactory()
    day = TODAY + dt.timedelta(days=8)
    resource = _create(
        org,
        dates=[DateSpec(day, day, 5)],
        competences=[CompetenceSpec(competence.pk, 2)],
        audience_units=[org.unit],
    )
    changed = services.resource_edit(
        actor=org.people["coordinator"].user,
        resource=resource,
        data={"title": "Vain nimi muuttuu"},
        seen_version=resource.version,
    )
    assert changed.title == "Vain nimi muuttuu"
    assert list(changed.dates.values_list("start", "seats")) == [(day, 5)]
    assert list(changed.competence_links.values_list("competence_id", flat=True)) == [competence.pk]
    assert list(changed.audience_units.all()) == [org.unit]
    # The kind's rules still see the dates: material with dates is refused.
    with pytest.raises(services.ResourceError) as refused:
        services.resource_edit(
            actor=org.people["coordinator"].user,
            resource=changed,
            data={"kind": ResourceKind.MATERIAL, "format": ResourceFormat.BOOK},
            seen_version=changed.version,
        )
    assert refused.value.field == "dates"
