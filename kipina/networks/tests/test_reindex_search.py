"""`manage.py reindex_search` (kipina.core): the objects of every app that indexes (toolkit,
learning, networks) analysed again after the analyser changed, and only then with
--if-outdated."""

from io import StringIO

import pytest
from django.core.management import call_command

from kipina.core.models import CacheVersion, SearchEntry
from kipina.core.search import analyser
from kipina.core.search import index as search_index
from kipina.learning.enums import RESOURCE_SEARCH_KIND
from kipina.learning.tests.factories import ResourceFactory
from kipina.networks.enums import PRACTICE_SEARCH_KIND, PracticeStatus
from kipina.networks.tests.factories_practices import PracticeFactory
from kipina.toolkit.enums import SEARCH_KIND as METHOD_SEARCH_KIND
from kipina.toolkit.tests.factories import MethodFactory

pytestmark = pytest.mark.django_db

STALE = "vanhentunut"  # a term an older analyser might have written


def _run(*args) -> str:
    out = StringIO()
    call_command("reindex_search", *args, stdout=out)
    return out.getvalue()


def _stale_index():
    """One object of each indexed kind, indexed under a term its text does not hold."""
    method = MethodFactory(title="Valmennusohjelman aloitus")
    practice = PracticeFactory(title="Valmennusohjelma tiimissä", status=PracticeStatus.PUBLISHED)
    resource = ResourceFactory(title="Valmennusohjelma esihenkilöille")
    for kind, pk in (
        (METHOD_SEARCH_KIND, method.pk),
        (PRACTICE_SEARCH_KIND, practice.pk),
        (RESOURCE_SEARCH_KIND, resource.pk),
    ):
        search_index.save_many(kind, [search_index.Terms(pk, "fi", STALE, "")])
    return {METHOD_SEARCH_KIND: method.pk, PRACTICE_SEARCH_KIND: practice.pk,
            RESOURCE_SEARCH_KIND: resource.pk}  # fmt: skip


def _found(kind: str, query: str) -> list[int]:
    return [hit.object_id for hit in search_index.search(kind, query) or []]


def test_every_kind_is_analysed_again(org):
    ids = _stale_index()
    assert all(_found(kind, STALE) == [pk] for kind, pk in ids.items())
    output = _run()
    for kind, pk in ids.items():
        assert _found(kind, STALE) == []
        # The compound's first part, a word the dictionary knows, finds it as written.
        assert _found(kind, "valmennus") == [pk], kind
        assert f"{kind}: 1 indexed" in output
    assert CacheVersion.objects.get(name="search-analyser").version == analyser.VERSION


def test_if_outdated_leaves_an_index_built_by_this_analyser_alone(org):
    CacheVersion.objects.create(name="search-analyser", version=analyser.VERSION)
    ids = _stale_index()
    assert "up to date" in _run("--if-outdated")
    assert _found(METHOD_SEARCH_KIND, STALE) == [ids[METHOD_SEARCH_KIND]]
    CacheVersion.objects.filter(name="search-analyser").update(version=analyser.VERSION - 1)
    assert "rebuilt" in _run("--if-outdated")
    assert _found(METHOD_SEARCH_KIND, STALE) == []
    assert SearchEntry.objects.filter(kind=PRACTICE_SEARCH_KIND).count() == 1
