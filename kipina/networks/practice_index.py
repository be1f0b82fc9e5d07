"""Keeping good practices' search entries in step with the practices.

Only published practices are in the index; a practice that goes back to draft (or is deleted)
leaves it. Every write path — the services and the demo loader — calls one of these after
saving practices or their tags.
"""

from collections.abc import Iterable

from django.db.models import Prefetch

from kipina.core.bulk_writes import chunks
from kipina.core.models import SearchEntry
from kipina.core.search import index as search_index
from kipina.core.search.analyser import index_terms
from kipina.networks.enums import PRACTICE_SEARCH_KIND, PracticeStatus
from kipina.networks.models import Practice, PracticeTag

BULK_BATCH = 500


def searchable_text(practice: Practice, tag_names: Iterable[str] | None = None) -> tuple[str, str]:
    """(title, body) as indexed: the title; the three texts and the tag names."""
    if tag_names is None:
        tag_names = practice.tags.values_list("name", flat=True)
    parts = [practice.situation, practice.what_we_did, practice.what_we_learned, *tag_names]
    return practice.title, "\n".join(part for part in parts if part)


def index_practice(practice: Practice) -> None:
    """Index a published practice (again); a draft leaves the index."""
    if practice.status != PracticeStatus.PUBLISHED:
        search_index.remove(PRACTICE_SEARCH_KIND, practice.pk)
        return
    title, body = searchable_text(practice)
    search_index.save(
        PRACTICE_SEARCH_KIND, practice.pk, title=title, body=body, language=practice.language
    )


def remove_practice(practice_id: int) -> None:
    search_index.remove(PRACTICE_SEARCH_KIND, practice_id)


def reindex_practices() -> int:
    """Every practice indexed again (after the analyser changed); returns how many are in."""
    return index_practices(Practice.objects.values_list("pk", flat=True))


def index_practices(ids: Iterable[int]) -> int:
    """Index many practices at once (the demo loader's thousands): per batch one read of the
    practices with their tags, one DELETE of their old entries and one bulk INSERT of the
    published ones' entries. Ids of drafts or of deleted practices just leave the index.
    Returns how many were indexed."""
    wanted = sorted(set(ids))
    indexed = 0
    for batch in chunks(wanted, BULK_BATCH):
        practices = Practice.objects.filter(
            pk__in=batch, status=PracticeStatus.PUBLISHED
        ).prefetch_related(Prefetch("tags", queryset=PracticeTag.objects.only("id", "name")))
        entries = []
        for practice in practices:
            title, body = searchable_text(practice, [tag.name for tag in practice.tags.all()])
            entries.append(
                SearchEntry(
                    kind=PRACTICE_SEARCH_KIND,
                    object_id=practice.pk,
                    language=practice.language,
                    title_terms=index_terms(title, practice.language),
                    body_terms=index_terms(body, practice.language),
                )
            )
        SearchEntry.objects.filter(kind=PRACTICE_SEARCH_KIND, object_id__in=batch).delete()
        SearchEntry.objects.bulk_create(entries, batch_size=BULK_BATCH)
        indexed += len(entries)
    return indexed
