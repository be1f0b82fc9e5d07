"""Delivering an order: sessions (with their calendar files and the personal feed) and hours."""

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from kipina.agents.models import SupportPerson
from kipina.core.forms import add_service_error
from kipina.core.permissions import allowed
from kipina.orders import services
from kipina.orders.calendars import session_calendar
from kipina.orders.delivery_forms import HoursForm, SessionForm
from kipina.orders.models import Order, Session
from kipina.orders.selectors import order_for, session_for

# The personal feed reaches this far back; cancellations stay in it a while so calendars that
# subscribed to it see the event cancelled rather than silently gone.
FEED_PAST_DAYS = 90
FEED_CANCELLED_DAYS = 30

HOURS = Decimal("0.1")


def _require(user, perm: str, order: Order) -> None:
    if not allowed(user, perm, order):
        raise PermissionDenied


def _when(session: Session) -> str:
    return formats.date_format(timezone.localtime(session.start), "DATETIME_FORMAT")


def _calendar_response(text: str, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Robots-Tag"] = "noindex"
    return response


# --- sessions --------------------------------------------------------------------------------


@login_required
def session_new(request: HttpRequest, pk: int) -> HttpResponse:
    order = order_for(request.user, pk)
    _require(request.user, "orders.schedule", order)
    form = SessionForm(request.POST or None, order=order, initial={"place": order.place})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_schedule(
                actor=request.user,
                order=order,
                start=data["start"],
                duration_minutes=data["duration_minutes"],
                place=data.get("place", ""),
                online_link=data.get("online_link", ""),
            )
        except services.OrderError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("The session on %(when)s is scheduled.") % {"when": _when(session)}
            )
            return redirect(order)
    return render(
        request, "orders/session_form.html", {"order": order, "form": form, "session": None}
    )


@login_required
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for(request.user, pk)
    order = session.order
    _require(request.user, "orders.schedule", order)
    form = SessionForm(request.POST or None, order=order, initial=SessionForm.initial_for(session))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.session_reschedule(
                actor=request.user,
                session=session,
                start=data["start"],
                duration_minutes=data["duration_minutes"],
                place=data.get("place", ""),
                online_link=data.get("online_link", ""),
            )
        except services.OrderError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("The session is moved to %(when)s.") % {"when": _when(session)}
            )
            return redirect(order)
    return render(
        request, "orders/session_form.html", {"order": order, "form": form, "session": session}
    )


@require_POST
@login_required
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for(request.user, pk)
    order = session.order
    _require(request.user, "orders.schedule", order)
    try:
        services.session_cancel(actor=request.user, session=session)
    except services.OrderError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The session on %(when)s is cancelled.") % {"when": _when(session)}
        )
    return redirect(order)


@require_GET
@login_required
def session_ics(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for(request.user, pk)
    return _calendar_response(
        session_calendar([session]), filename=f"kipina-session-{session.pk}.ics"
    )


@never_cache
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A support person's sessions for calendar subscriptions; the secret token is the key."""
    support_person = get_object_or_404(
        SupportPerson.objects.select_related("person"), calendar_token=token, person__active=True
    )
    now = timezone.now()
    sessions = (
        Session.objects.filter(order__support_person=support_person)
        .filter(
            Q(cancelled_at__isnull=True, start__gte=now - dt.timedelta(days=FEED_PAST_DAYS))
            | Q(cancelled_at__gte=now - dt.timedelta(days=FEED_CANCELLED_DAYS))
        )
        .select_related("order__service", "order__team")
        .order_by("start", "pk")
    )
    name = _("Kipinä: %(name)s") % {"name": support_person.person.full_name}
    return _calendar_response(session_calendar(sessions.iterator(chunk_size=500), name=name))


# --- hours -----------------------------------------------------------------------------------


@login_required
def log_hours(request: HttpRequest, pk: int) -> HttpResponse:
    order = order_for(request.user, pk)
    _require(request.user, "orders.log_hours", order)
    form = HoursForm(request.POST or None)
    needs_override = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.time_log(
                actor=request.user,
                order=order,
                date=data["date"],
                hours=data["hours"],
                note=data["note"],
                override_reason=data["override_reason"],
            )
        except services.NeedsOverride as error:
            # Nothing was saved; the same values come back with the question beside them.
            form.add_error("override_reason", error.message)
            needs_override = True
        except services.OrderError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(hours)s h logged for %(date)s.")
                % {
                    "hours": formats.localize(entry.hours),
                    "date": formats.date_format(entry.date, "SHORT_DATE_FORMAT"),
                },
            )
            return redirect(order)
    # Once asked, the reason field stays on screen while the person corrects other fields.
    typed_reason = form.is_bound and form.data.get("override_reason", "").strip()
    show_override = needs_override or bool(
        typed_reason or (form.is_bound and form["override_reason"].errors)
    )
    support_person = order.support_person
    if support_person is None:  # the permission above rules it out; this tells the type checker
        raise PermissionDenied
    budget, logged = services.month_budget_and_logged(support_person, timezone.localdate())
    # SQLite sums decimals with float noise: show tenths as they were entered.
    budget, logged = budget.quantize(HOURS), logged.quantize(HOURS)
    context = {
        "order": order,
        "form": form,
        "show_override": show_override,
        "budget": budget,
        "logged": logged,
        "remaining": budget - logged,
        "month": timezone.localdate().replace(day=1),
    }
    return render(request, "orders/hours_form.html", context)
