"""Reads for the toolkit: the library with facets, one method with its revisions, diffs."""

import difflib
from collections import Counter
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404

from kipina.core.permissions import allowed
from kipina.core.rules import is_coordinator_or_admin
from kipina.core.search import index as search_index
from kipina.core.search.analyser import query_groups
from kipina.toolkit.enums import SEARCH_KIND, ArcPlace, MethodStatus, Mode, Purpose
from kipina.toolkit.models import Method
from kipina.toolkit.services import EDITABLE_FIELDS


def visible_methods(user) -> QuerySet[Method]:
    """Published methods; coordinators see all, support persons also their own drafts."""
    methods = Method.objects.all()
    if is_coordinator_or_admin(user):
        return methods
    person = getattr(user, "person", None) if user.is_authenticated else None
    published = methods.filter(status=MethodStatus.PUBLISHED)
    if person is None:
        return published
    return methods.filter(
        Q(status=MethodStatus.PUBLISHED) | Q(created_by=person) | Q(contributors=person)
    ).distinct()


def method_for(user, key: str) -> Method:
    method = (
        Method.objects.select_related("language", "translation_of", "created_by")
        .filter(key=key)
        .first()
    )
    if method is None or not allowed(user, "toolkit.view_method", method):
        raise Http404
    return method


@dataclass(frozen=True)
class FieldDiff:
    name: str
    label: str
    old: str
    new: str
    # (kind, text): kind is "same", "removed" or "added"; lines for text, one line otherwise.
    lines: tuple[tuple[str, str], ...]


def _display(revision_or_method, name: str) -> str:
    field = Method._meta.get_field(name)
    value = getattr(revision_or_method, field.attname)
    if name == "purposes":
        labels = dict(Purpose.choices)
        return ", ".join(str(labels.get(code, code)) for code in value or [])
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return "" if value is None else str(value)


def diff_fields(old, new) -> list[FieldDiff]:
    """What changed between two versions of a method (revisions or the method itself)."""
    changes = []
    for name in EDITABLE_FIELDS:
        before, after = _display(old, name), _display(new, name)
        if before == after:
            continue
        lines = []
        for line in difflib.ndiff(before.splitlines(), after.splitlines()):
            code, text = line[:2], line[2:]
            if code == "  ":
                lines.append(("same", text))
            elif code == "- ":
                lines.append(("removed", text))
            elif code == "+ ":
                lines.append(("added", text))
        label = str(Method._meta.get_field(name).verbose_name)
        changes.append(FieldDiff(name, label[:1].upper() + label[1:], before, after, tuple(lines)))
    return changes


LIBRARY_PAGE_SIZE = 20


@dataclass
class Library:
    """One page of the library: the methods, the facet counts, and the search behind it."""

    page: Page
    facets: dict[str, list[tuple[str, str, int]]]  # facet → [(code, label, count)]
    total: int
    groups: list = field(default_factory=list)  # the query's groups, for highlighting
    searched: bool = False


def _facet_filters(methods: QuerySet[Method], data: dict) -> QuerySet[Method]:
    if data.get("purpose"):
        # JSON text holds each code in quotes: exact on both databases, no JSON operators.
        methods = methods.filter(purposes__icontains=f'"{data["purpose"]}"')
    if data.get("arc"):
        methods = methods.filter(arc=data["arc"])
    if data.get("duration"):
        methods = methods.filter(duration_min__lte=int(data["duration"]))
    if data.get("group"):
        methods = methods.filter(group_min__lte=data["group"], group_max__gte=data["group"])
    if data.get("mode"):
        methods = methods.filter(mode__in=[data["mode"], Mode.BOTH])
    return methods


def _facets(rows: list[tuple[list, str, str]]) -> dict[str, list[tuple[str, str, int]]]:
    purposes: Counter = Counter()
    arcs: Counter = Counter()
    modes: Counter = Counter()
    for codes, arc, mode in rows:
        purposes.update(set(codes or []))
        arcs[arc] += 1
        modes[mode] += 1
    return {
        "purpose": [(code, str(label), purposes[code]) for code, label in Purpose.choices],
        "arc": [(code, str(label), arcs[code]) for code, label in ArcPlace.choices],
        "mode": [(code, str(label), modes[code]) for code, label in Mode.choices],
    }


def library(user, data: dict, page_number) -> Library:
    """The methods the user may see, searched, filtered and sorted; counts per facet value.

    Relevance order comes from the search index's scores; the other orders from columns.
    Everything but the page's own methods is read as plain values.
    """
    methods = _facet_filters(visible_methods(user), data)
    query = (data.get("q") or "").strip()
    groups = query_groups(query) if query else []
    scores: dict[int, float] = {}
    if groups:
        hits = search_index.search(SEARCH_KIND, query) or []
        scores = {hit.object_id: hit.score for hit in hits}
        # The hits are in hand already: narrow by them rather than matching a second time.
        methods = methods.filter(pk__in=list(scores))
    rows = list(methods.values_list("pk", "purposes", "arc", "mode", "title"))
    facets = _facets([(purposes, arc, mode) for _, purposes, arc, mode, _ in rows])
    sort = data.get("sort") or ("relevance" if groups else "title")
    ids = _sorted_ids(methods, rows, sort, scores)
    page = Paginator(ids, LIBRARY_PAGE_SIZE).get_page(page_number)
    found = Method.objects.select_related("language").in_bulk(list(page.object_list))
    page.object_list = [found[pk] for pk in page.object_list if pk in found]
    return Library(page=page, facets=facets, total=len(ids), groups=groups, searched=bool(groups))


def _sorted_ids(methods, rows, sort: str, scores: dict[int, float]) -> list[int]:
    if sort == "relevance" and scores:
        title_of = {pk: title for pk, _, _, _, title in rows}
        return sorted(title_of, key=lambda pk: (-scores.get(pk, 0.0), title_of[pk], pk))
    order = {
        "rating": [
            F("rating_score").desc(nulls_last=True),
            F("rating_count").desc(),
            "title",
            "pk",
        ],
        "used": ["-use_count", "title", "pk"],
        "newest": ["-created_at", "-pk"],
    }.get(sort, ["title", "pk"])
    if sort == "rating":
        methods = methods.annotate(
            rating_score=Case(
                When(rating_count=0, then=Value(None)),
                default=ExpressionWrapper(
                    F("rating_total") * 1.0 / F("rating_count"), output_field=FloatField()
                ),
                output_field=FloatField(),
            )
        )
    return list(methods.order_by(*order).values_list("pk", flat=True))


REVISIONS_PAGE_SIZE = 25


def paginate_revisions(revisions, page_number) -> Page:
    return Paginator(revisions, REVISIONS_PAGE_SIZE).get_page(page_number)


def revision_pair(method: Method, older_id, newer_id):
    """Two revisions of the method by history id (default: the one before the last, and the
    last); 404 for ids that are not this method's."""
    history = method.history.all()

    def one(history_id, fallback_index: int):
        if history_id:
            try:
                return history.get(history_id=int(history_id))
            except (ValueError, method.history.model.DoesNotExist) as error:
                raise Http404 from error
        revisions = list(history.order_by("-history_id")[:2])
        if not revisions:
            raise Http404
        return revisions[min(fallback_index, len(revisions) - 1)]

    older, newer = one(older_id, 1), one(newer_id, 0)
    if older.history_id > newer.history_id:
        older, newer = newer, older
    return older, newer
