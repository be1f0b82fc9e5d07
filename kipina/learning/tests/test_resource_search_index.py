"""The catalogue's search index lives on the resource table itself (migration 0004): written,
replaced and removed with the resource, on SQLite (an FTS5 table keyed by the resource id, a
trigger for deleted rows) and on PostgreSQL (a weighted tsvector column on the row)."""

import pytest

from kipina.core.models import SearchEntry
from kipina.core.search import index as search_index
from kipina.core.search.analyser import index_terms
from kipina.learning.enums import RESOURCE_SEARCH_KIND, ResourceStatus
from kipina.learning.models import Resource
from kipina.learning.resource_index import index_resource
from kipina.learning.tests.factories import ResourceFactory, indexed_resource

pytestmark = pytest.mark.django_db


def _found(query: str) -> list[int]:
    return [hit.object_id for hit in search_index.search(RESOURCE_SEARCH_KIND, query) or []]


def test_resources_are_indexed_in_their_own_table_not_in_the_shared_entries():
    resource = indexed_resource(title="Palvelumuotoilun perusteet", description="Asiakkaan polku.")
    assert search_index.own_table(RESOURCE_SEARCH_KIND).table == Resource._meta.db_table
    assert search_index.indexed_ids(RESOURCE_SEARCH_KIND) == {resource.pk}
    assert not SearchEntry.objects.filter(kind=RESOURCE_SEARCH_KIND).exists()
    assert _found("palvelumuotoilussa") == [resource.pk]


def test_indexing_again_replaces_the_terms_and_unpublishing_removes_them():
    resource = indexed_resource(title="Kanban-taulun käyttöönotto", description="")
    other = indexed_resource(title="Kanban arjessa", description="")
    resource.title = "Retrospektiivin fasilitointi"
    resource.save()
    index_resource(resource)
    assert _found("kanban") == [other.pk]
    assert _found("retrospektiivi") == [resource.pk]
    resource.status = ResourceStatus.ARCHIVED
    resource.save()
    index_resource(resource)
    assert _found("retrospektiivi") == []
    assert search_index.indexed_ids(RESOURCE_SEARCH_KIND) == {other.pk}


def test_a_deleted_resource_leaves_the_index_however_it_is_deleted():
    first = indexed_resource(title="Työhyvinvoinnin perusteet", description="")
    second = indexed_resource(title="Työhyvinvointi etätyössä", description="")
    first.delete()
    assert _found("työhyvinvointi") == [second.pk]
    # A bulk delete without signals or cascades in Python (as a clean-up script might do).
    Resource.objects.filter(pk=second.pk)._raw_delete(Resource.objects.db)
    assert _found("työhyvinvointi") == []
    assert search_index.indexed_ids(RESOURCE_SEARCH_KIND) == set()


def test_many_are_written_at_once_with_their_analysed_terms():
    resources = [ResourceFactory(title=f"Aihe {n}") for n in range(3)]
    search_index.save_many(
        RESOURCE_SEARCH_KIND,
        [
            search_index.Terms(
                object_id=resource.pk,
                language="fi",
                title_terms=index_terms(title, "fi"),
                body_terms=index_terms("Kurssilla harjoitellaan.", "fi"),
            )
            for resource, title in zip(
                resources, ["Työpaja", "Työpajan ohjaus", "Tietosuoja"], strict=True
            )
        ],
    )
    assert set(_found("työpajoissa")) == {resources[0].pk, resources[1].pk}
    # The title weighs more than the body: a title hit ranks above a body-only hit.
    body_only = ResourceFactory(title="Ohjelma")
    search_index.save(
        RESOURCE_SEARCH_KIND, body_only.pk, title="Ohjelma", body="Tietosuoja", language="fi"
    )
    assert _found("tietosuoja") == [resources[2].pk, body_only.pk]


def test_the_shared_entries_take_many_at_once_too():
    kind = "test.many"
    search_index.save_many(
        kind,
        [
            search_index.Terms(1, "fi", index_terms("Arvokeskustelu", "fi"), ""),
            search_index.Terms(2, "fi", index_terms("Arvovirta", "fi"), ""),
        ],
    )
    search_index.save_many(kind, [search_index.Terms(2, "fi", index_terms("Kanban", "fi"), "")])
    assert SearchEntry.objects.filter(kind=kind).count() == 2
    assert [hit.object_id for hit in search_index.search(kind, "arvokeskustelussa")] == [1]
    assert [hit.object_id for hit in search_index.search(kind, "kanban")] == [2]
