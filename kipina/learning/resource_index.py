"""Keeping a resource's derived data in step: its search entry, its next start date and the
copy of its competence ids.

Every write path (the services, the CSV/XLSX import, the demo loader, a framework replaced by
import) calls these after saving a resource, its dates or its competence links, so search and
the facets never disagree with the resource.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db.models import Min, Q
from django.utils import timezone

from kipina.core.cache_versions import bump_on_commit
from kipina.core.search import index as search_index
from kipina.learning.enums import RESOURCE_SEARCH_KIND, ResourceStatus
from kipina.learning.models import Resource, ResourceCompetence, ResourceDate

# Bumped after every write to the catalogue: cached facet counts built before are not used.
CATALOGUE_VERSION = "learning-catalogue"


def searchable_text(resource: Resource) -> tuple[str, str]:
    """(title, body) as indexed: the title; the description, provider and place."""
    provider = resource.provider.name if resource.provider_id and resource.provider else ""
    body = "\n".join(part for part in (resource.description, provider, resource.place) if part)
    return resource.title, body


def index_resource(resource: Resource) -> None:
    """Index a published resource; drafts and archived ones leave the index."""
    if resource.status != ResourceStatus.PUBLISHED:
        search_index.remove(RESOURCE_SEARCH_KIND, resource.pk)
        return
    title, body = searchable_text(resource)
    search_index.save(
        RESOURCE_SEARCH_KIND, resource.pk, title=title, body=body, language=resource.language_id
    )


def reindex_resources() -> int:
    """Every resource indexed again (after the analyser changed); returns how many are in."""
    count = 0
    resources = Resource.objects.select_related("provider").order_by("pk")
    for resource in resources.iterator(chunk_size=500):
        index_resource(resource)
        count += resource.status == ResourceStatus.PUBLISHED
    bump_on_commit(CATALOGUE_VERSION)
    return count


def refresh_next_start(resource_ids: Iterable[int], *, today: date | None = None) -> None:
    """Set `next_start` to each resource's earliest date that has not ended yet (or None), one
    UPDATE per distinct date; cached facet counts are forgotten once the transaction commits.

    Every write path calls this last (after `index_resource`), once per batch of resources.
    """
    today = today or timezone.localdate()
    ids = list(resource_ids)
    if not ids:
        return
    earliest = dict(
        ResourceDate.objects.filter(resource_id__in=ids, end__gte=today)
        .values("resource_id")
        .annotate(first=Min("start"))
        .values_list("resource_id", "first")
    )
    by_start: dict[date | None, list[int]] = defaultdict(list)
    for resource_id in ids:
        by_start[earliest.get(resource_id)].append(resource_id)
    for start, same in by_start.items():
        Resource.objects.filter(Q(pk__in=same) & ~Q(next_start=start)).update(next_start=start)
    bump_on_commit(CATALOGUE_VERSION)


def refresh_competence_ids(resource_ids: Iterable[int]) -> None:
    """Copy each resource's linked competence ids (sorted) into `competence_ids`; only rows
    whose copy differs are written, one UPDATE per distinct list."""
    ids = list(resource_ids)
    if not ids:
        return
    linked: dict[int, list[int]] = defaultdict(list)
    for resource_id, competence_id in (
        ResourceCompetence.objects.filter(resource_id__in=ids)
        .order_by("resource_id", "competence_id")
        .values_list("resource_id", "competence_id")
    ):
        linked[resource_id].append(competence_id)
    current = dict(Resource.objects.filter(pk__in=ids).values_list("pk", "competence_ids"))
    by_list: dict[tuple[int, ...], list[int]] = defaultdict(list)
    for resource_id, saved in current.items():
        wanted = linked.get(resource_id, [])
        if list(saved or []) != wanted:
            by_list[tuple(wanted)].append(resource_id)
    for wanted, same in by_list.items():
        Resource.objects.filter(pk__in=same).update(competence_ids=list(wanted))
    bump_on_commit(CATALOGUE_VERSION)


def refresh_derived(resource_ids: Iterable[int], *, today: date | None = None) -> None:
    """Everything derived from a resource's dates and links: call once per batch, last."""
    ids = list(resource_ids)
    refresh_competence_ids(ids)
    refresh_next_start(ids, today=today)
