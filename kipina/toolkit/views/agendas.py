"""The agenda builder: agendas for an order or on their own, their blocks, copies, templates, a
print view, a read-only share link, and the delivered order's question how each method went.

Every change is a small POST form that redirects back to the builder (works without
JavaScript); the drag and drop in static/toolkit/agenda.js posts the same reorder a keyboard
user makes with the move buttons. Views: find the agenda the user may see (else 404) → check
the permission to change it (403) → validate → call one service → redirect with a message.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kipina.core.forms import add_service_error
from kipina.core.htmx import HtmxHttpRequest, render_page_or_partial
from kipina.core.markdown import render as render_markdown
from kipina.core.permissions import allowed, require_perm
from kipina.core.rules import is_coordinator_or_admin
from kipina.orders.enums import OrderState
from kipina.orders.selectors import order_for
from kipina.toolkit import agenda_selectors as selectors
from kipina.toolkit import agenda_services as services
from kipina.toolkit.agenda_forms import (
    AgendaForm,
    BlockEditForm,
    FreeBlockForm,
    MethodBlockForm,
    MethodFeedbackForm,
    MethodSearchForm,
    MoveForm,
    VersionForm,
)
from kipina.toolkit.enums import BlockKind
from kipina.toolkit.models import Agenda, AgendaBlock, Method
from kipina.toolkit.services import ToolkitError, UseInput, method_use_record

BUILDER = "toolkit/agenda_detail.html"
DEFAULT_START = dt.time(9, 0)
DEFAULT_MINUTES = 90
# The delivered order's question is open once the work is done.
FEEDBACK_STATES = (OrderState.DELIVERED, OrderState.CLOSED)


def _require_edit(request: HttpRequest, agenda: Agenda) -> None:
    if not allowed(request.user, "toolkit.edit_agenda", agenda):
        raise PermissionDenied


def _editable(request: HttpRequest, pk: int) -> Agenda:
    """The agenda for a change: 404 when the user may not see it, 403 when only see it."""
    agenda = selectors.agenda_for(request.user, pk)
    _require_edit(request, agenda)
    return agenda


def _version(request: HttpRequest) -> int | None:
    form = VersionForm(request.POST)
    return form.cleaned_data.get("version") if form.is_valid() else None


def _builder_url(agenda: Agenda, block_id: int | None = None, **query) -> str:
    url = reverse("toolkit:agenda", args=[agenda.pk])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    if block_id is not None:
        url += f"#block-{block_id}"
    return url


def _agenda_initial(agenda: Agenda) -> dict:
    return {
        "title": agenda.title,
        "date": agenda.date,
        "start_time": agenda.start_time,
        "available_minutes": agenda.available_minutes,
        "participants": agenda.participants,
        "notes": agenda.notes,
        "version": agenda.version,
    }


# --- lists and new agendas -------------------------------------------------------------------


@require_GET
@require_perm("toolkit.browse")
def agenda_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "page": selectors.agenda_page(user, request.GET.get("page")),
        "templates": selectors.template_page(user, request.GET.get("tpage")),
        "can_create": allowed(user, "toolkit.create_agenda"),
        "sees_all": is_coordinator_or_admin(user),
    }
    return render(request, "toolkit/agenda_list.html", context)


@require_http_methods(["GET", "POST"])
@require_perm("toolkit.create_agenda")
def agenda_new(request: HttpRequest) -> HttpResponse:
    """A blank agenda, one for an order (?order=) or one from a template (?template=)."""
    order = template = None
    initial: dict = {"start_time": DEFAULT_START, "available_minutes": DEFAULT_MINUTES}
    if request.GET.get("order", "").isdigit():
        order = order_for(request.user, int(request.GET["order"]))
        if not services.may_plan_for_order(request.user, order):
            raise PermissionDenied
        initial.update(selectors.agenda_initial_for_order(order))
    elif request.GET.get("template", "").isdigit():
        template = selectors.template_for(request.user, int(request.GET["template"]))
        initial.update(
            title=template.title,
            start_time=template.start_time,
            available_minutes=template.available_minutes,
            participants=template.participants,
        )
    form = AgendaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            agenda = services.agenda_create(
                actor=request.user, data=form.agenda_data(), order=order, template=template
            )
        except ToolkitError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The agenda is saved. Now add its blocks."))
            return redirect(_builder_url(agenda) + "#add-block")
    return render(
        request,
        "toolkit/agenda_form.html",
        {"form": form, "order": order, "template": template},
        status=400 if form.is_bound else 200,
    )


# --- the builder -----------------------------------------------------------------------------


def _builder(
    request: HtmxHttpRequest,
    agenda: Agenda,
    *,
    agenda_form: AgendaForm | None = None,
    free_form: FreeBlockForm | None = None,
    conflict: Agenda | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    can_edit = allowed(user, "toolkit.edit_agenda", agenda)
    search_form = MethodSearchForm(request.GET or None)
    query = search_form.cleaned_data.get("q", "") if search_form.is_valid() else ""
    results = selectors.method_search(query) if can_edit else []
    if request.htmx:
        return render_page_or_partial(
            request,
            BUILDER,
            "method_results",
            {"agenda": agenda, "results": results, "query": query, "can_edit": can_edit},
        )
    plan = selectors.timeline(agenda, selectors.agenda_blocks(agenda))
    context = {
        "agenda": agenda,
        "timeline": plan,
        "can_edit": can_edit,
        "can_copy": allowed(user, "toolkit.view_agenda", agenda)
        and allowed(user, "toolkit.create_agenda"),
        "agenda_form": agenda_form or AgendaForm(initial=_agenda_initial(agenda), editing=True),
        "free_form": free_form or FreeBlockForm(initial={"version": agenda.version}),
        "search_form": search_form,
        "results": results,
        "query": query,
        "conflict": conflict,
        "share_url": request.build_absolute_uri(
            reverse("toolkit:agenda_shared", args=[agenda.share_token])
        ),
        "focus": _move_focus(request, plan),
    }
    return render(request, BUILDER, context, status=status)


def _move_focus(request: HttpRequest, plan: selectors.Timeline) -> tuple[int, str] | None:
    """After a move the same button keeps the focus; at an end, the other one."""
    moved, direction = request.GET.get("moved", ""), request.GET.get("dir", "")
    if not moved.isdigit() or direction not in (services.UP, services.DOWN):
        return None
    for row in plan.rows:
        if row.block.pk == int(moved):
            if row.first and row.last:
                return None
            if direction == services.UP and row.first:
                direction = services.DOWN
            elif direction == services.DOWN and row.last:
                direction = services.UP
            return row.block.pk, direction
    return None


@require_GET
@login_required
def agenda_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _builder(request, selectors.agenda_for(request.user, pk))


@require_http_methods(["GET", "POST"])
@login_required
def agenda_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The agenda's fields are edited on the builder page; GET leads there."""
    agenda = _editable(request, pk)
    if request.method == "GET":
        return redirect(_builder_url(agenda) + "#agenda-fields")
    form = AgendaForm(request.POST, editing=True)
    if form.is_valid():
        try:
            services.agenda_edit(
                actor=request.user,
                agenda=agenda,
                data=form.agenda_data(),
                seen_version=form.cleaned_data.get("version") or 0,
                new_share_link=form.cleaned_data.get("new_share_link", False),
            )
        except services.AgendaConflict as error:
            # Keep what they typed; the next save starts from the version saved now.
            data = request.POST.copy()
            data["version"] = str(error.current.version)
            form = AgendaForm(data, editing=True)
            form.is_valid()
            return _builder(request, agenda, agenda_form=form, conflict=error.current, status=409)
        except ToolkitError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The agenda's details are saved."))
            return redirect(_builder_url(agenda))
    return _builder(request, agenda, agenda_form=form, status=400)


def _fail(request: HttpRequest, error: ToolkitError) -> None:
    messages.error(request, error.message)


@require_POST
@login_required
def block_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    agenda = _editable(request, pk)
    if request.POST.get("kind") == BlockKind.METHOD:
        form = MethodBlockForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the minutes as a whole number from 1 to 1440."))
            return redirect(_builder_url(agenda) + "#add-block")
        method = Method.objects.filter(pk=form.cleaned_data["method"]).first()
        if method is None:
            messages.error(request, _("That method no longer exists."))
            return redirect(_builder_url(agenda) + "#add-block")
        block = services.BlockInput(
            kind=BlockKind.METHOD, method=method, minutes=form.cleaned_data.get("minutes")
        )
        try:
            added = services.block_add(
                actor=request.user,
                agenda=agenda,
                block=block,
                seen_version=form.cleaned_data.get("version"),
            )
        except ToolkitError as error:
            _fail(request, error)
            return redirect(_builder_url(agenda) + "#add-block")
        return _added(request, agenda, added)
    free = FreeBlockForm(request.POST)
    if free.is_valid():
        data = free.cleaned_data
        try:
            added = services.block_add(
                actor=request.user,
                agenda=agenda,
                block=services.BlockInput(
                    kind=data["kind"],
                    title=data.get("title", ""),
                    minutes=data.get("minutes"),
                    note=data.get("note", ""),
                ),
                seen_version=data.get("version"),
            )
        except services.AgendaConflict as error:
            _fail(request, error)
            return redirect(_builder_url(agenda))
        except ToolkitError as error:
            add_service_error(free, error)
        else:
            return _added(request, agenda, added)
    return _builder(request, agenda, free_form=free, status=400)


def _added(request: HttpRequest, agenda: Agenda, block: AgendaBlock) -> HttpResponse:
    messages.success(
        request,
        _("“%(block)s” is added to the end (%(minutes)s min).")
        % {"block": block.label, "minutes": block.minutes},
    )
    return redirect(_builder_url(agenda, block.pk))


def _block_or_404(agenda: Agenda, block_id: int) -> AgendaBlock:
    block = agenda.blocks.select_related("method").filter(pk=block_id).first()
    if block is None:
        raise Http404
    return block


@require_http_methods(["GET", "POST"])
@login_required
def block_edit(request: HttpRequest, pk: int, block_id: int) -> HttpResponse:
    """The block's own page (minutes, note, title); the timeline's minutes field posts here."""
    agenda = _editable(request, pk)
    block = _block_or_404(agenda, block_id)
    if request.method == "POST":
        form = BlockEditForm(request.POST, block=block)
        if form.is_valid():
            try:
                services.block_edit(
                    actor=request.user,
                    agenda=agenda,
                    block_id=block.pk,
                    data=form.posted_data(),
                    seen_version=form.cleaned_data.get("version"),
                )
            except services.AgendaConflict as error:
                _fail(request, error)
                return redirect(_builder_url(agenda, block.pk))
            except ToolkitError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("“%(block)s” is saved.") % {"block": block.label})
                return redirect(_builder_url(agenda, block.pk))
    else:
        form = BlockEditForm(
            initial={
                "minutes": block.minutes,
                "title": block.title,
                "note": block.note,
                "version": agenda.version,
            },
            block=block,
        )
    return render(
        request,
        "toolkit/agenda_block_form.html",
        {"agenda": agenda, "block": block, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_POST
@login_required
def block_move(request: HttpRequest, pk: int, block_id: int) -> HttpResponse:
    agenda = _editable(request, pk)
    block = _block_or_404(agenda, block_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Move the block up or down."))
        return redirect(_builder_url(agenda, block.pk))
    direction = form.cleaned_data["direction"]
    try:
        services.block_move(
            actor=request.user,
            agenda=agenda,
            block_id=block.pk,
            direction=direction,
            seen_version=form.cleaned_data.get("version"),
        )
    except ToolkitError as error:
        _fail(request, error)
    else:
        text = (
            _("“%(block)s” moved up.") if direction == services.UP else _("“%(block)s” moved down.")
        )
        messages.success(request, text % {"block": block.label})
    # The same button keeps the focus (autofocus), so moving again is one more key press. No
    # #fragment here: browsers skip autofocus, and some clear the focus, on a fragment target.
    return redirect(_builder_url(agenda, moved=block.pk, dir=direction))


@require_POST
@login_required
def block_delete(request: HttpRequest, pk: int, block_id: int) -> HttpResponse:
    agenda = _editable(request, pk)
    block = _block_or_404(agenda, block_id)
    try:
        services.block_delete(
            actor=request.user, agenda=agenda, block_id=block.pk, seen_version=_version(request)
        )
    except ToolkitError as error:
        _fail(request, error)
    else:
        messages.success(request, _("“%(block)s” is removed.") % {"block": block.label})
    return redirect(_builder_url(agenda) + "#timeline")


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@require_POST
@login_required
def blocks_reorder(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole new order at once (drag and drop): each of the agenda's block ids once."""
    agenda = _editable(request, pk)
    raw = request.POST.getlist("block")
    try:
        if not all(value.isdigit() for value in raw):
            raise ToolkitError(_("The new order does not match the agenda's blocks."))
        services.blocks_reorder(
            actor=request.user,
            agenda=agenda,
            block_ids=[int(value) for value in raw],
            seen_version=_version(request),
        )
    except ToolkitError as error:
        _fail(request, error)
        status = 409 if isinstance(error, services.AgendaConflict) else 400
        if _wants_json(request):
            return JsonResponse({"ok": False, "message": error.message}, status=status)
    else:
        messages.success(request, _("The new order of the blocks is saved."))
        if _wants_json(request):
            return JsonResponse({"ok": True, "version": agenda.version})
    return redirect(_builder_url(agenda) + "#timeline")


# --- copies, print, share, delete ------------------------------------------------------------


@require_POST
@login_required
def agenda_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    agenda = selectors.agenda_for(request.user, pk)
    try:
        copy = services.agenda_duplicate(actor=request.user, agenda=agenda)
    except services.NotAllowed as error:
        raise PermissionDenied from error
    messages.success(request, _("This is your copy of “%(title)s”.") % {"title": agenda.title})
    return redirect(copy)


@require_POST
@login_required
def agenda_save_template(request: HttpRequest, pk: int) -> HttpResponse:
    agenda = selectors.agenda_for(request.user, pk)
    try:
        template = services.agenda_save_template(actor=request.user, agenda=agenda)
    except services.NotAllowed as error:
        raise PermissionDenied from error
    messages.success(
        request,
        _("The template is saved: every planner can now start an agenda from it."),
    )
    return redirect(template)


def _print_rows(plan: selectors.Timeline) -> list[tuple[selectors.TimelineRow, str]]:
    """Each row with its method's steps as safe HTML (rendered once per method)."""
    steps: dict[int, str] = {}
    rows = []
    for row in plan.rows:
        method = row.block.method
        html = ""
        if method is not None:
            if method.pk not in steps:
                steps[method.pk] = render_markdown(method.steps)
            html = steps[method.pk]
        rows.append((row, html))
    return rows


@require_GET
@login_required
def agenda_print(request: HttpRequest, pk: int) -> HttpResponse:
    agenda = selectors.agenda_for(request.user, pk)
    plan = selectors.timeline(agenda, selectors.agenda_blocks(agenda))
    return render(
        request,
        "toolkit/agenda_print.html",
        {"agenda": agenda, "timeline": plan, "rows": _print_rows(plan)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def agenda_delete(request: HttpRequest, pk: int) -> HttpResponse:
    agenda = _editable(request, pk)
    if request.method == "POST":
        try:
            services.agenda_delete(
                actor=request.user, agenda=agenda, seen_version=_version(request)
            )
        except ToolkitError as error:
            _fail(request, error)
            return redirect(agenda)
        messages.success(request, _("“%(title)s” is deleted.") % {"title": agenda.title})
        return redirect("toolkit:agendas")
    return render(request, "toolkit/agenda_confirm_delete.html", {"agenda": agenda})


@never_cache
@require_GET
def agenda_shared(request: HttpRequest, token: str) -> HttpResponse:
    """Read-only, no sign-in: the plan and the methods' public summaries — never the notes
    (the agenda's or the blocks'), the owner or the order, which are for the planner."""
    agenda = selectors.shared_agenda(token)
    response = render(
        request,
        "toolkit/agenda_shared.html",
        {"agenda": agenda, "timeline": selectors.timeline(agenda, selectors.agenda_blocks(agenda))},
    )
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


# --- how did the methods go (a delivered order) ----------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def order_method_feedback(request: HttpRequest, order_pk: int) -> HttpResponse:
    """The assigned support person rates each method of the order's agendas once; coordinators
    read the answers."""
    order = order_for(request.user, order_pk)
    person = getattr(request.user, "person", None)
    helper = order.support_person
    is_helper = helper is not None and person is not None and helper.person_id == person.pk
    if not (is_helper or is_coordinator_or_admin(request.user)):
        raise PermissionDenied
    if order.state not in FEEDBACK_STATES:
        raise PermissionDenied
    questions = selectors.order_method_questions(order)
    failed: MethodFeedbackForm | None = None
    if request.method == "POST":
        if not is_helper:
            raise PermissionDenied
        method_id = request.POST.get("method", "")
        asked = {question.method.pk: question for question in questions}
        question = asked.get(int(method_id)) if method_id.isdigit() else None
        if question is None:
            raise Http404
        form = MethodFeedbackForm(request.POST, auto_id=f"id_m{question.method.pk}_%s")
        if form.is_valid():
            try:
                method_use_record(
                    actor=request.user,
                    method=question.method,
                    use=UseInput(
                        rating=form.cleaned_data["rating"],
                        note=form.cleaned_data.get("note", ""),
                        order_id=order.pk,
                    ),
                )
            except ToolkitError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("Thank you: your answer on “%(method)s” is saved.")
                    % {"method": question.method.title},
                )
                return redirect(
                    reverse("toolkit:order_methods", args=[order.pk])
                    + f"#method-{question.method.pk}"
                )
        failed = form
    forms: list[tuple[selectors.MethodQuestion, MethodFeedbackForm | None]] = []
    for question in questions:
        if question.answer is not None or not is_helper:
            forms.append((question, None))
        elif failed is not None and failed.data.get("method") == str(question.method.pk):
            forms.append((question, failed))
        else:
            forms.append(
                (
                    question,
                    MethodFeedbackForm(
                        initial={"method": question.method.pk},
                        auto_id=f"id_m{question.method.pk}_%s",
                    ),
                )
            )
    return render(
        request,
        "toolkit/order_methods.html",
        {
            "order": order,
            "items": forms,
            "is_helper": is_helper,
            "agendas": selectors.order_agendas(order),
            "person_pk": person.pk if person is not None else None,
        },
        status=400 if failed is not None else 200,
    )
