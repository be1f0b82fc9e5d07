"""Reads for workshop agendas: lists scoped to the viewer, one agenda with its blocks, the
computed timeline, the builder's method search and the delivered order's method questions."""

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from kipina.core.permissions import allowed
from kipina.core.rules import is_coordinator_or_admin
from kipina.core.search import index as search_index
from kipina.toolkit.agenda_services import order_defaults
from kipina.toolkit.enums import SEARCH_KIND, BlockKind
from kipina.toolkit.models import Agenda, AgendaBlock, Method, MethodUse

AGENDA_PAGE_SIZE = 25
TEMPLATE_PAGE_SIZE = 25
METHOD_RESULTS = 10
# The search index answers with every hit; the builder looks this far down for published ones.
METHOD_HITS_CONSIDERED = 200


def _with_list_details(agendas: QuerySet[Agenda]) -> QuerySet[Agenda]:
    return agendas.select_related("owner", "order__service", "order__team")


def visible_agendas(user) -> QuerySet[Agenda]:
    """The user's own agendas (not templates); coordinators see everyone's."""
    agendas = Agenda.objects.filter(is_template=False)
    if is_coordinator_or_admin(user):
        return _with_list_details(agendas)
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return agendas.none()
    return _with_list_details(agendas.filter(owner=person))


def usable_templates(user) -> QuerySet[Agenda]:
    """Templates are shared: everyone who plans agendas may start from any of them."""
    if not allowed(user, "toolkit.create_agenda"):
        return Agenda.objects.none()
    return Agenda.objects.filter(is_template=True).select_related("owner").order_by("title", "pk")


def agenda_page(user, page_number) -> Page:
    return Paginator(visible_agendas(user).order_by("-date", "-pk"), AGENDA_PAGE_SIZE).get_page(
        page_number
    )


def template_page(user, page_number) -> Page:
    return Paginator(usable_templates(user), TEMPLATE_PAGE_SIZE).get_page(page_number)


def agenda_for(user, pk: int) -> Agenda:
    """The agenda if the user may see it (its owner, coordinators); 404 for anyone else."""
    agenda = (
        Agenda.objects.select_related(
            "owner", "order__service", "order__team", "order__support_person"
        )
        .filter(pk=pk)
        .first()
    )
    if agenda is None or not allowed(user, "toolkit.view_agenda", agenda):
        raise Http404
    return agenda


def template_for(user, pk: int) -> Agenda:
    template = usable_templates(user).filter(pk=pk).first()
    if template is None:
        raise Http404
    return template


def shared_agenda(token: str) -> Agenda:
    agenda = Agenda.objects.filter(share_token=token).first() if token else None
    if agenda is None:
        raise Http404
    return agenda


def agenda_blocks(agenda: Agenda) -> list[AgendaBlock]:
    """The blocks in order with their methods: one query."""
    return list(
        AgendaBlock.objects.filter(agenda=agenda)
        .select_related("method")
        .order_by("position", "id")
    )


# --- the timeline ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineRow:
    block: AgendaBlock
    start: dt.time
    end: dt.time
    first: bool
    last: bool

    @property
    def method_range(self) -> tuple[int, int] | None:
        method = self.block.method if self.block.kind == BlockKind.METHOD else None
        return (method.duration_min, method.duration_max) if method is not None else None


@dataclass(frozen=True)
class Timeline:
    rows: list[TimelineRow]
    total_minutes: int
    available_minutes: int
    end: dt.time

    @property
    def over_by(self) -> int:
        return max(0, self.total_minutes - self.available_minutes)

    @property
    def left(self) -> int:
        return max(0, self.available_minutes - self.total_minutes)

    @property
    def outside_range_count(self) -> int:
        return sum(1 for row in self.rows if row.block.outside_method_range)


def timeline(agenda: Agenda, blocks: list[AgendaBlock]) -> Timeline:
    """Each block's start and end from the agenda's start time; total and overrun in minutes.

    Clock times wrap past midnight (a plan that long is shown as it is, not refused).
    """
    day = agenda.date or dt.date(2000, 1, 1)
    clock = dt.datetime.combine(day, agenda.start_time)
    rows = []
    for index, block in enumerate(blocks):
        end = clock + dt.timedelta(minutes=block.minutes)
        rows.append(
            TimelineRow(
                block=block,
                start=clock.time(),
                end=end.time(),
                first=index == 0,
                last=index == len(blocks) - 1,
            )
        )
        clock = end
    return Timeline(
        rows=rows,
        total_minutes=sum(block.minutes for block in blocks),
        available_minutes=agenda.available_minutes,
        end=clock.time(),
    )


# --- the builder's method search -------------------------------------------------------------


def method_search(query: str, limit: int = METHOD_RESULTS) -> list[Method]:
    """Published methods the query finds, best first; without a query the most used ones."""
    published = Method.objects.published()
    query = (query or "").strip()
    if not query:
        return list(published.order_by("-use_count", "title", "pk")[:limit])
    hits = search_index.search(SEARCH_KIND, query) or []
    ids = [hit.object_id for hit in hits[:METHOD_HITS_CONSIDERED]]
    found = published.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found][:limit]


# --- an order's agendas and the question how each method went --------------------------------


def agenda_initial_for_order(order) -> dict:
    """The new agenda form's values for an order: title and participants, and the date, start
    and length of its next live session when it has one."""
    initial = order_defaults(order)
    session = order.sessions.filter(cancelled_at__isnull=True).order_by("start").first()
    if session is not None:
        start = timezone.localtime(session.start)
        initial.update(
            date=start.date(),
            start_time=start.time().replace(second=0, microsecond=0),
            available_minutes=session.duration_minutes,
        )
    return initial


def order_agendas(order) -> list[Agenda]:
    return list(order.agendas.filter(is_template=False).order_by("date", "pk"))


@dataclass(frozen=True)
class MethodQuestion:
    method: Method
    answer: MethodUse | None


def order_method_questions(order) -> list[MethodQuestion]:
    """Each method of the order's agendas once (in plan order) with the support person's answer
    for this order, if they gave one: two queries."""
    blocks = (
        AgendaBlock.objects.filter(
            agenda__order=order, agenda__is_template=False, kind=BlockKind.METHOD
        )
        .select_related("method")
        .order_by("agenda__date", "agenda_id", "position", "id")
    )
    methods: dict[int, Method] = {}
    for block in blocks:
        if block.method is not None:
            methods.setdefault(block.method.pk, block.method)
    helper = order.support_person
    answers: dict[int, MethodUse] = {}
    if helper is not None and methods:
        answers = {
            use.method_id: use
            for use in MethodUse.objects.filter(
                order=order, person_id=helper.person_id, method_id__in=list(methods)
            )
        }
    return [MethodQuestion(method, answers.get(pk)) for pk, method in methods.items()]
