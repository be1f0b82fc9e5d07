"""Reads for the programmes part: the programme list, a programme page and a cohort page.

Every page reads a fixed number of queries however many programmes, modules, cohorts or
enrolments there are: figures are aggregated in SQL (subqueries, so counting modules and
cohorts does not multiply rows), and related rows are read once per page.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kipina.core.permissions import allowed
from kipina.learning.enums import ResourceStatus
from kipina.learning.models import Resource
from kipina.org.models import Person
from kipina.training.enums import EnrolmentState
from kipina.training.models import Cohort, Enrolment, Module, ModuleCompletion, Programme

PROGRAMMES_PER_PAGE = 20
COHORTS_PER_PAGE = 20
ENROLLED_PER_PAGE = 50
WAITING_PER_PAGE = 50
# Upcoming or running cohorts shown per programme on the list.
NEXT_COHORTS_SHOWN = 3
PERSON_MATCHES_SHOWN = 10
RESOURCE_MATCHES_SHOWN = 20


def _page(queryset, number, per_page: int) -> Page:
    return Paginator(queryset, per_page).get_page(number)


def _with_figures(programmes: QuerySet) -> QuerySet:
    """Module count and total hours as subqueries (no row multiplication)."""
    modules = Module.objects.filter(programme=OuterRef("pk")).order_by().values("programme")
    return programmes.annotate(
        module_count=Coalesce(
            Subquery(modules.annotate(n=Count("id")).values("n"), output_field=IntegerField()),
            Value(0),
        ),
        total_hours=Coalesce(
            Subquery(
                modules.annotate(total=Sum("hours")).values("total"),
                output_field=DecimalField(max_digits=8, decimal_places=1),
            ),
            Value(Decimal(0)),
            output_field=DecimalField(max_digits=8, decimal_places=1),
        ),
    )


def _with_seats_left(cohorts: QuerySet) -> QuerySet:
    return cohorts.annotate(seats_left=F("capacity") - F("enrolled_count"))


def visible_programmes(user) -> QuerySet:
    """Active programmes; coordinators see the inactive ones too."""
    programmes = Programme.objects.all()
    if not allowed(user, "training.manage_training"):
        programmes = programmes.filter(active=True)
    return programmes


def programme_list(user, page_number) -> Page:
    """A page of programmes with their roles, figures and next cohorts (`next_cohorts`)."""
    programmes = _with_figures(visible_programmes(user)).prefetch_related("roles")
    page = _page(programmes.order_by("name", "id"), page_number, PROGRAMMES_PER_PAGE)
    programmes = list(page.object_list)
    today = timezone.localdate()
    upcoming: dict[int, list[Cohort]] = defaultdict(list)
    cohorts = (
        _with_seats_left(Cohort.objects.all())
        .filter(programme__in=[programme.pk for programme in programmes], end__gte=today)
        .order_by("start", "id")
    )
    for cohort in cohorts:
        shown = upcoming[cohort.programme_id]
        if len(shown) < NEXT_COHORTS_SHOWN:
            shown.append(cohort)
    for programme in programmes:
        programme.next_cohorts = upcoming.get(programme.pk, [])
    page.object_list = programmes
    return page


def programme_for(user, key: str) -> Programme:
    """The programme by its key, with its figures; 404 for one the user may not see."""
    return get_object_or_404(_with_figures(visible_programmes(user)), key=key)


def modules_of(programme: Programme) -> list[Module]:
    """The programme's modules in order, with their published resources."""
    return list(
        Module.objects.filter(programme=programme)
        .order_by("position", "id")
        .prefetch_related(
            Prefetch(
                "resources",
                queryset=Resource.objects.filter(status=ResourceStatus.PUBLISHED).order_by("title"),
            )
        )
    )


def cohorts_of(programme: Programme, page_number) -> Page:
    """The programme's cohorts, newest first."""
    return _page(
        _with_seats_left(Cohort.objects.filter(programme=programme)).order_by("-start", "-id"),
        page_number,
        COHORTS_PER_PAGE,
    )


def module_for(pk: int) -> Module:
    return get_object_or_404(Module.objects.select_related("programme"), pk=pk)


# --- the cohort page -----------------------------------------------------------------------


def cohort_for(user, pk: int) -> Cohort:
    """The cohort with its programme; 404 when the user may not see the programme."""
    cohort = get_object_or_404(Cohort.objects.select_related("programme"), pk=pk)
    if not cohort.programme.active and not allowed(user, "training.manage_training"):
        raise Http404
    return cohort


def enrolment_for(user, pk: int) -> Enrolment:
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("cohort__programme", "person__user"), pk=pk
    )
    cohort_for(user, enrolment.cohort_id)
    return enrolment


@dataclass
class GridRow:
    """One seated person's row of the completion grid: (module, completed) per module."""

    enrolment: Enrolment
    cells: list[tuple[Module, bool]] = field(default_factory=list)

    @property
    def done_count(self) -> int:
        return sum(1 for _module, done in self.cells if done)


@dataclass
class CohortPage:
    cohort: Cohort
    trainers: list[Person]
    modules: list[Module]
    seated: Page  # enrolled and completed, by name
    waiting: Page  # the waiting list in queue order
    waiting_offset: int  # the queue position of the first on this page, minus one
    own: Enrolment | None  # the viewer's own enrolment, if any
    grid: list[GridRow]


def cohort_page(user, cohort: Cohort, seated_page, waiting_page) -> CohortPage:
    """Everything the cohort page shows, in a fixed number of queries."""
    enrolments = Enrolment.objects.filter(cohort=cohort).select_related("person__unit")
    seated = _page(
        enrolments.filter(state__in=[EnrolmentState.ENROLLED, EnrolmentState.COMPLETED]).order_by(
            "person__last_name", "person__first_name", "id"
        ),
        seated_page,
        ENROLLED_PER_PAGE,
    )
    waiting = _page(
        enrolments.filter(state=EnrolmentState.WAITING).order_by("queued_at", "id"),
        waiting_page,
        WAITING_PER_PAGE,
    )
    modules = list(
        Module.objects.filter(programme_id=cohort.programme_id).order_by("position", "id")
    )
    person = getattr(user, "person", None) if user.is_authenticated else None
    own = None
    if person is not None:
        own = Enrolment.objects.filter(
            cohort=cohort,
            person=person,
            state__in=[EnrolmentState.ENROLLED, EnrolmentState.WAITING, EnrolmentState.COMPLETED],
        ).first()
    rows = list(seated.object_list)
    done: set[tuple[int, int]] = set()
    if rows and modules:
        done = set(
            ModuleCompletion.objects.filter(enrolment__in=[row.pk for row in rows]).values_list(
                "enrolment_id", "module_id"
            )
        )
    grid = [
        GridRow(row, [(module, (row.pk, module.pk) in done) for module in modules]) for row in rows
    ]
    return CohortPage(
        cohort=cohort,
        trainers=list(cohort.trainers.order_by("last_name", "first_name")),
        modules=modules,
        seated=seated,
        waiting=waiting,
        waiting_offset=(waiting.number - 1) * WAITING_PER_PAGE,
        own=own,
        grid=grid,
    )


def grid_row(enrolment: Enrolment) -> GridRow:
    """One person's row of the completion grid (after a change)."""
    modules = list(
        Module.objects.filter(programme_id=enrolment.cohort.programme_id).order_by("position", "id")
    )
    done = set(
        ModuleCompletion.objects.filter(enrolment=enrolment).values_list("module_id", flat=True)
    )
    return GridRow(enrolment, [(module, module.pk in done) for module in modules])


# --- pickers -------------------------------------------------------------------------------


def people_matching(text: str) -> list[Person]:
    """Active people by name or employee number; one more than shown, to tell "too many"."""
    text = (text or "").strip()
    if not text:
        return []
    return list(
        Person.objects.active()
        .search(text)
        .select_related("unit")
        .order_by("last_name", "first_name", "employee_number")[: PERSON_MATCHES_SHOWN + 1]
    )


def resources_matching(text: str) -> list[Resource]:
    """Published learning resources whose title matches; one more than shown."""
    text = (text or "").strip()
    if not text:
        return []
    return list(
        Resource.objects.filter(status=ResourceStatus.PUBLISHED, title__icontains=text).order_by(
            "title", "id"
        )[: RESOURCE_MATCHES_SHOWN + 1]
    )
