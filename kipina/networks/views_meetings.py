"""Network meetings: the list, one meeting's page (answers, agenda, attendance, notes,
decisions), planning and changing a meeting, and its calendar file.

Every view finds the network and the meeting (else 404) → checks the permission (403; the
calendar file is a 404 for people who may not have it, as it holds the online link) →
validates → calls one service → redirects with a message. A refusal re-renders the page with
the message beside its field (400; 409 for an edit conflict) and changes nothing. Everything
works without JavaScript; htmx only answers an invitation in place.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kipina.core.forms import add_service_error
from kipina.core.htmx import HtmxHttpRequest
from kipina.core.markdown import render as render_markdown
from kipina.core.permissions import allowed, require_perm
from kipina.networks import meeting_calendar
from kipina.networks import selectors_meetings as selectors
from kipina.networks import services_meetings as services
from kipina.networks.enums import MeetingState
from kipina.networks.forms_meetings import (
    AnswerForm,
    AttendanceForm,
    DecisionForm,
    MeetingForm,
    NotesForm,
)
from kipina.networks.models import Meeting, MeetingDecision, Network
from kipina.org.rules import active_person_of

VIEW = "networks.view_networks"
RUN = services.RUN
ANSWER = services.ANSWER
DETAIL = "networks/meeting_detail.html"


def _require(user, perm: str, network: Network) -> None:
    if not allowed(user, perm, network):
        raise PermissionDenied


def _meeting_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("networks:meeting", args=[meeting.network.key, meeting.pk])
    return f"{url}#{anchor}" if anchor else url


def _when(meeting: Meeting) -> str:
    return formats.date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")


def _found(key: str, pk: int) -> tuple[Network, Meeting]:
    network = selectors.network_for(key)
    return network, selectors.meeting_for(network, pk)


# --- the list --------------------------------------------------------------------------------


@require_GET
@require_perm(VIEW)
def meeting_list(request: HttpRequest, key: str) -> HttpResponse:
    network = selectors.network_for(key)
    now = timezone.now()
    context = {
        "network": network,
        "upcoming": selectors.upcoming_page(
            request.user, network, request.GET.get("page"), now=now
        ),
        "past": selectors.past_page(request.user, network, request.GET.get("past"), now=now),
        "can_run": allowed(request.user, RUN, network),
        "is_insider": selectors.is_insider(request.user, network),
        "person": active_person_of(request.user),
    }
    return render(request, "networks/meeting_list.html", context)


# --- planning and changing ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@require_perm(VIEW)
def meeting_new(request: HttpRequest, key: str) -> HttpResponse:
    network = selectors.network_for(key)
    _require(request.user, RUN, network)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_plan(
                actor=request.user,
                network=network,
                title=data["title"],
                starts_at=data["start"],
                duration_minutes=data["duration_minutes"],
                place=data["place"],
                online_link=data["online_link"],
            )
        except services.MeetingError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("The meeting on %(when)s is planned and the members are invited.")
                % {"when": _when(meeting)},
            )
            return redirect(_meeting_url(meeting))
    return render(
        request,
        "networks/meeting_form.html",
        {"network": network, "form": form, "meeting": None},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@require_perm(VIEW)
def meeting_edit(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    network, meeting = _found(key, pk)
    _require(request.user, RUN, network)
    if meeting.state == MeetingState.CANCELLED:
        messages.error(request, _("This meeting is cancelled."))
        return redirect(_meeting_url(meeting))
    form = MeetingForm(request.POST or None, initial=MeetingForm.initial_for(meeting))
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.meeting_edit(
                actor=request.user,
                meeting=meeting,
                seen_version=data["version"] or 0,
                title=data["title"],
                starts_at=data["start"],
                duration_minutes=data["duration_minutes"],
                place=data["place"],
                online_link=data["online_link"],
            )
        except services.EditConflict as error:
            conflict = error.current
            # The form moves on to the saved version: saving again after comparing is possible.
            posted = request.POST.copy()
            posted["version"] = str(conflict.version)
            form = MeetingForm(posted)
            form.is_valid()
            add_service_error(form, error)
        except services.MeetingError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect(_meeting_url(saved))
    status = 409 if conflict else (400 if form.is_bound else 200)
    return render(
        request,
        "networks/meeting_form.html",
        {"network": network, "form": form, "meeting": meeting, "conflict": conflict},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@require_perm(VIEW)
def meeting_cancel(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    network, meeting = _found(key, pk)
    _require(request.user, RUN, network)
    error = None
    if request.method == "POST":
        try:
            services.meeting_cancel(actor=request.user, meeting=meeting)
        except services.MeetingError as refused:
            error = refused.message
        else:
            messages.success(
                request,
                _("The meeting on %(when)s is cancelled and the invitees are told.")
                % {"when": _when(meeting)},
            )
            return redirect(_meeting_url(meeting))
    return render(
        request,
        "networks/meeting_cancel.html",
        {"network": network, "meeting": meeting, "error": error},
        status=400 if error else 200,
    )


# --- one meeting -----------------------------------------------------------------------------


def _answer_state(request: HttpRequest, network: Network, meeting: Meeting) -> dict:
    """May the user answer now, and if not, why not (shown beside the answers)."""
    may_answer = allowed(request.user, ANSWER, network)
    closed = ""
    if meeting.state == MeetingState.CANCELLED:
        closed = _("The meeting is cancelled.")
    elif selectors.has_started(meeting):
        closed = _("The meeting has started: answers are closed.")
    return {"may_answer": may_answer, "answer_closed": closed}


def _rsvp_context(
    request: HttpRequest,
    network: Network,
    meeting: Meeting,
    mine,
    answer_form: AnswerForm | None = None,
) -> dict:
    return {
        "network": network,
        "meeting": meeting,
        "mine": mine,
        "counts": selectors.counts(meeting),
        "answer_form": answer_form
        or AnswerForm(initial={"answer": mine.rsvp if mine and mine.rsvp else None}),
        **_answer_state(request, network, meeting),
    }


def _detail(
    request: HttpRequest,
    network: Network,
    meeting: Meeting,
    *,
    answer_form: AnswerForm | None = None,
    attendance_form: AttendanceForm | None = None,
    decision_form: DecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    person = active_person_of(user)
    can_run = allowed(user, RUN, network)
    insider = selectors.is_insider(user, network)
    invited = selectors.participants(meeting)
    mine = next((item for item in invited if person and item.person_id == person.pk), None)
    started = selectors.has_started(meeting)
    cancelled = meeting.state == MeetingState.CANCELLED
    may_record = can_run and started and not cancelled
    attendance = None
    if may_record:
        rows = selectors.attendance_rows(meeting, invited)
        attendance = {
            "rows": rows,
            "form": attendance_form or AttendanceForm(rows=rows),
        }
    people = selectors.responsible_choices(network)
    context = {
        **_rsvp_context(request, network, meeting, mine, answer_form),
        "person": person,
        "can_run": can_run,
        "is_insider": insider,
        "invited": invited if insider or can_run else [],
        "started": started,
        "cancelled": cancelled,
        "end": selectors.meeting_end(meeting),
        "attendance": attendance,
        "timeline": selectors.agenda_timeline(meeting),
        "can_edit_agenda": meeting.agenda is not None
        and allowed(user, "toolkit.edit_agenda", meeting.agenda),
        "notes_html": render_markdown(meeting.notes) if meeting.notes else "",
        "decisions": selectors.decisions(meeting),
        "decision_form": decision_form or DecisionForm(people=people, prefix="decision"),
    }
    return render(request, DETAIL, context, status=status)


@require_GET
@require_perm(VIEW)
def meeting_detail(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    network, meeting = _found(key, pk)
    return _detail(request, network, meeting)


@require_GET
@require_perm(VIEW)
def meeting_ics(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    network, meeting = _found(key, pk)
    if not selectors.is_insider(request.user, network):
        raise Http404
    text = meeting_calendar.meeting_calendar(meeting)
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kipina-meeting-{meeting.pk}.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
@require_perm(VIEW)
def meeting_rsvp(request: HtmxHttpRequest, key: str, pk: int) -> HttpResponse:
    network, meeting = _found(key, pk)
    _require(request.user, ANSWER, network)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_answer(
                actor=request.user, meeting=meeting, answer=form.cleaned_data["answer"]
            )
        except services.MeetingError as error:
            add_service_error(form, error)
        else:
            if not request.htmx:
                messages.success(request, _("Your answer is saved."))
                return redirect(_meeting_url(meeting, "rsvp"))
            mine = selectors.participation_of(meeting, active_person_of(request.user))
            context = _rsvp_context(request, network, meeting, mine)
            context["saved"] = True
            return render(request, f"{DETAIL}#rsvp", context)
    if request.htmx:
        mine = selectors.participation_of(meeting, active_person_of(request.user))
        context = _rsvp_context(request, network, meeting, mine, form)
        return render(request, f"{DETAIL}#rsvp", context, status=400)
    return _detail(request, network, meeting, answer_form=form, status=400)


@require_POST
@require_perm(VIEW)
def meeting_attendance(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    network, meeting = _found(key, pk)
    _require(request.user, RUN, network)
    invited = selectors.participants(meeting)
    rows = selectors.attendance_rows(meeting, invited)
    form = AttendanceForm(request.POST, rows=rows)
    if form.is_valid():
        try:
            services.meeting_record_attendance(
                actor=request.user,
                meeting=meeting,
                listed=set(form.cleaned_data["listed"]),
                present=set(form.cleaned_data["present"]),
            )
        except services.MeetingError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The attendance is saved."))
            return redirect(_meeting_url(meeting, "attendance"))
    else:
        form.add_error(None, _("The list of people has changed. Reload the page and record again."))
    if meeting.state == MeetingState.CANCELLED or not selectors.has_started(meeting):
        messages.error(request, "; ".join(form.errors.get("__all__", [])) or _("Not saved."))
        return redirect(_meeting_url(meeting))
    return _detail(request, network, meeting, attendance_form=form, status=400)


@require_POST
@require_perm(VIEW)
def meeting_agenda(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    network, meeting = _found(key, pk)
    _require(request.user, RUN, network)
    try:
        agenda = services.meeting_agenda_create(actor=request.user, meeting=meeting)
    except services.MeetingError as error:
        messages.error(request, error.message)
        return redirect(_meeting_url(meeting, "agenda"))
    messages.success(request, _("The meeting's agenda is created. Now add its blocks."))
    return redirect(reverse("toolkit:agenda", args=[agenda.pk]) + "#add-block")


@require_http_methods(["GET", "POST"])
@require_perm(VIEW)
def meeting_notes(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    network, meeting = _found(key, pk)
    _require(request.user, RUN, network)
    form = NotesForm(
        request.POST or None, initial={"notes": meeting.notes, "version": meeting.version}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_notes_save(
                actor=request.user,
                meeting=meeting,
                notes=form.cleaned_data["notes"],
                seen_version=form.cleaned_data["version"],
            )
        except services.EditConflict as error:
            conflict = error.current
            posted = request.POST.copy()
            posted["version"] = str(conflict.version)
            form = NotesForm(posted)
            form.is_valid()
            add_service_error(form, error)
        except services.MeetingError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The notes are saved."))
            return redirect(_meeting_url(meeting, "notes"))
    status = 409 if conflict else (400 if form.is_bound else 200)
    return render(
        request,
        "networks/meeting_notes.html",
        {
            "network": network,
            "meeting": meeting,
            "form": form,
            "conflict": conflict,
            "conflict_html": render_markdown(conflict.notes) if conflict else "",
        },
        status=status,
    )


@require_POST
@require_perm(VIEW)
def meeting_decision_add(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    network, meeting = _found(key, pk)
    _require(request.user, RUN, network)
    form = DecisionForm(
        request.POST, people=selectors.responsible_choices(network), prefix="decision"
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.decision_add(
                actor=request.user,
                meeting=meeting,
                text=data["text"],
                responsible=data["responsible"],
                due=data["due"],
            )
        except services.MeetingError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect(_meeting_url(meeting, f"decision-{decision.pk}"))
    return _detail(request, network, meeting, decision_form=form, status=400)


@require_http_methods(["GET", "POST"])
@require_perm(VIEW)
def meeting_decision(request: HttpRequest, key: str, pk: int, decision_id: int) -> HttpResponse:
    network, meeting = _found(key, pk)
    _require(request.user, RUN, network)
    decision = selectors.decision_for(meeting, decision_id)
    people = selectors.responsible_choices(network)
    keep = decision.responsible
    initial = {
        "text": decision.text,
        "responsible": decision.responsible_id,
        "due": decision.due,
        "seen": services.decision_fingerprint(decision),
    }
    form = DecisionForm(request.POST or None, people=people, keep=keep, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decision_edit(
                actor=request.user,
                decision=decision,
                text=data["text"],
                responsible=data["responsible"],
                due=data["due"],
                seen=data["seen"],
            )
        except services.EditConflict as error:
            conflict = error.current
            posted = request.POST.copy()
            posted["seen"] = services.decision_fingerprint(conflict)
            form = DecisionForm(posted, people=people, keep=conflict.responsible)
            form.is_valid()
            add_service_error(form, error)
        except services.MeetingError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The decision is saved."))
            return redirect(_meeting_url(meeting, f"decision-{decision.pk}"))
    status = 409 if conflict else (400 if form.is_bound else 200)
    return render(
        request,
        "networks/meeting_decision.html",
        {
            "network": network,
            "meeting": meeting,
            "decision": decision,
            "form": form,
            "conflict": conflict,
        },
        status=status,
    )


@require_POST
@require_perm(VIEW)
def meeting_decision_delete(
    request: HttpRequest, key: str, pk: int, decision_id: int
) -> HttpResponse:
    network, meeting = _found(key, pk)
    _require(request.user, RUN, network)
    decision: MeetingDecision = selectors.decision_for(meeting, decision_id)
    services.decision_delete(actor=request.user, decision=decision)
    messages.success(request, _("The decision is deleted."))
    return redirect(_meeting_url(meeting, "decisions"))


urlpatterns: list = [
    path("<slug:key>/meetings/", meeting_list, name="meetings"),
    path("<slug:key>/meetings/new/", meeting_new, name="meeting_new"),
    path("<slug:key>/meetings/<int:pk>/", meeting_detail, name="meeting"),
    path("<slug:key>/meetings/<int:pk>/edit/", meeting_edit, name="meeting_edit"),
    path("<slug:key>/meetings/<int:pk>/cancel/", meeting_cancel, name="meeting_cancel"),
    path("<slug:key>/meetings/<int:pk>/calendar.ics", meeting_ics, name="meeting_ics"),
    path("<slug:key>/meetings/<int:pk>/answer/", meeting_rsvp, name="meeting_rsvp"),
    path("<slug:key>/meetings/<int:pk>/attendance/", meeting_attendance, name="meeting_attendance"),
    path("<slug:key>/meetings/<int:pk>/agenda/", meeting_agenda, name="meeting_agenda"),
    path("<slug:key>/meetings/<int:pk>/notes/", meeting_notes, name="meeting_notes"),
    path(
        "<slug:key>/meetings/<int:pk>/decisions/",
        meeting_decision_add,
        name="meeting_decision_add",
    ),
    path(
        "<slug:key>/meetings/<int:pk>/decisions/<int:decision_id>/",
        meeting_decision,
        name="meeting_decision",
    ),
    path(
        "<slug:key>/meetings/<int:pk>/decisions/<int:decision_id>/delete/",
        meeting_decision_delete,
        name="meeting_decision_delete",
    ),
]
