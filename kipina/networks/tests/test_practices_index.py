"""The practices' search entries: published only, inflected Finnish matches, tags indexed,
bulk indexing for the demo loader in a fixed number of queries per batch."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kipina.core.models import SearchEntry
from kipina.core.search import index as search_index
from kipina.networks.enums import PRACTICE_SEARCH_KIND, PracticeStatus
from kipina.networks.practice_index import index_practice, index_practices, remove_practice
from kipina.networks.tests.factories_networks import NetworkFactory
from kipina.networks.tests.factories_practices import PracticeFactory

pytestmark = pytest.mark.django_db


def _hits(query: str) -> list[int]:
    return [hit.object_id for hit in search_index.search(PRACTICE_SEARCH_KIND, query) or []]


def test_inflected_words_find_the_practice_and_title_weighs_more(org):
    in_title = PracticeFactory(title="Työpaja tiimin arvoista", situation="Tiimi kokoontui.")
    in_body = PracticeFactory(title="Arvokeskustelu", what_we_did="Pidimme työpajan.")
    index_practice(in_title)
    index_practice(in_body)
    assert _hits("työpajoissa") == [in_title.pk, in_body.pk]


def test_tags_are_searchable(org):
    practice = PracticeFactory(tags=["perehdytys"])
    index_practice(practice)
    assert _hits("perehdytyksessä") == [practice.pk]


def test_drafts_and_removed_practices_leave_the_index(org):
    practice = PracticeFactory(title="Työpaja")
    index_practice(practice)
    practice.status = PracticeStatus.DRAFT
    practice.save()
    index_practice(practice)
    assert _hits("työpaja") == []
    practice.status = PracticeStatus.PUBLISHED
    practice.save()
    index_practice(practice)
    assert _hits("työpaja") == [practice.pk]
    remove_practice(practice.pk)
    assert _hits("työpaja") == []


def test_swedish_text_is_analysed_in_swedish(org):
    practice = PracticeFactory(
        title="Workshoppar för teamet", situation="Teamet ville lära sig.", language="sv"
    )
    index_practice(practice)
    assert (
        SearchEntry.objects.get(object_id=practice.pk, kind=PRACTICE_SEARCH_KIND).language == "sv"
    )
    assert _hits("workshop") == [practice.pk]


def _bulk_queries(count: int) -> int:
    network = NetworkFactory()
    practices = [PracticeFactory(network=network, tags=["kanban"]) for _ in range(count)]
    draft = PracticeFactory(network=network, status=PracticeStatus.DRAFT)
    index_practice(practices[0])  # an old entry to replace
    ids = [practice.pk for practice in practices] + [draft.pk, 999_999]
    with CaptureQueriesContext(connection) as captured:
        assert index_practices(ids) == count
    entries = SearchEntry.objects.filter(kind=PRACTICE_SEARCH_KIND, object_id__in=ids)
    assert sorted(entries.values_list("object_id", flat=True)) == sorted(p.pk for p in practices)
    return len(captured)


def test_bulk_indexing_takes_the_same_queries_for_1_and_50(org):
    assert _bulk_queries(1) == _bulk_queries(50)
    assert set(_hits("kanbanissa")) >= set(
        PracticeFactory._meta.model.objects.values_list("pk", flat=True).filter(
            status=PracticeStatus.PUBLISHED
        )
    )
