"""Becoming a support person: applying, one's application with its steps, the supervisor's
decisions, the coordinators' placing and activating, and the coordinators' overview.

Every action finds the application the user may see (else 404: an application one may not see
looks like one that does not exist) → checks the user may act on it (else 403) → validates →
calls one service → redirects with a message. A refusal re-renders the application's page with
the message beside its field (400; 409 when someone else moved the application on first) and
changes nothing. Everything works without JavaScript; htmx only narrows the overview's filter.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kipina.core.errors import ServiceError
from kipina.core.forms import add_service_error
from kipina.core.htmx import HtmxHttpRequest, render_page_or_partial
from kipina.core.permissions import allowed, require_perm
from kipina.core.querystrings import filters_querystring
from kipina.org.rules import is_supervisor_of
from kipina.training import selectors_onboarding as selectors
from kipina.training import services_onboarding as services
from kipina.training.enums import OPEN_APPLICATION_STATES, ApplicationState, EnrolmentState
from kipina.training.forms_onboarding import (
    ApplyForm,
    DecisionForm,
    OverviewFilterForm,
    PlaceForm,
)
from kipina.training.models import Application

APPLY = services.APPLY
DECIDE = services.DECIDE
PLACE = services.PLACE
# Where a queue's inline forms send the decider back to after acting.
BACK = {"decide": "training:applications_to_decide", "place": "training:applications_to_place"}


def _back_to(request: HttpRequest, application: Application) -> str:
    name = BACK.get(request.POST.get("back", ""))
    return reverse(name) if name else reverse("training:application", args=[application.pk])


# --- Apply --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    if not allowed(request.user, APPLY):
        raise PermissionDenied
    person = request.user.person
    form = ApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.application_submit(
                actor=request.user,
                role=data["role"],
                motivation=data["motivation"],
                percent=data["percent"],
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Your application is sent. Your supervisor is asked to approve the time share.")
                if person.active_supervisor
                else _("Your application is sent. The coordinators are asked to decide."),
            )
            return redirect("training:application", pk=application.pk)
    context = {
        "form": form,
        "open_application": selectors.open_application_of(person),
        "applications": selectors.applications_of(person),
        "supervisor": person.supervisor,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "training/onboarding_apply.html", context, status=status)


# --- One application ----------------------------------------------------------------------


# Queue pages hold one form per application: the ids differ, the field names do not.
def _decision_form(application: Application, data=None) -> DecisionForm:
    return DecisionForm(data, auto_id=f"id_decide_{application.pk}_%s")


def _place_form(application: Application, data=None, choices=None) -> PlaceForm:
    if choices is None:
        choices = selectors.cohort_choices_for(application)
    return PlaceForm(data, choices=choices, auto_id=f"id_place_{application.pk}_%s")


def _application_page(
    request: HttpRequest,
    application: Application,
    *,
    decision_form: DecisionForm | None = None,
    place_form: PlaceForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    user = request.user
    state = application.state
    can_decide = state == ApplicationState.SUBMITTED and allowed(user, DECIDE, application)
    can_place = state == ApplicationState.APPROVED and allowed(user, PLACE, application)
    context = {
        "application": application,
        "steps": selectors.steps_of(application),
        "next_actor": selectors.next_actor(application),
        "is_applicant": application.person.user_id == user.pk,
        "can_withdraw": application.person.user_id == user.pk and state in OPEN_APPLICATION_STATES,
        "decision_form": (decision_form or _decision_form(application)) if can_decide else None,
        "standing_in": can_decide and not is_supervisor_of(user, application.person),
        "planned_period": selectors.share_period(application.person) if can_decide else None,
        "place_form": (place_form or _place_form(application)) if can_place else None,
        "can_activate": state == ApplicationState.TRAINED and allowed(user, PLACE, application),
        "error": error,
        "breadcrumb": _breadcrumb(user, application),
    }
    return render(request, "training/application_detail.html", context, status=status)


def _breadcrumb(user, application: Application) -> tuple[str, str] | None:
    """The list this viewer reaches the application from: their own applications, the
    coordinators' overview, or the supervisor's queue."""
    if application.person.user_id == user.pk:
        return reverse("training:apply"), _("Become a support person")
    if user.has_perm(PLACE):
        return reverse("training:applications"), _("Applications")
    if user.has_perm("org.supervise"):
        return reverse("training:applications_to_decide"), _("Applications waiting for you")
    return None


@login_required
@require_GET
def application(request: HttpRequest, pk: int) -> HttpResponse:
    return _application_page(request, selectors.application_for_viewer(request.user, pk))


def _refused(request, application, error: ServiceError, **forms) -> HttpResponse:
    """The application's page again (fresh from the database) with the refusal shown."""
    fresh = selectors.application_for_viewer(request.user, application.pk)
    status = 409 if isinstance(error, services.Conflict) else 400
    # A form still on the page carries the message beside its field; otherwise it goes on top.
    form_shown = ("decision_form" in forms and fresh.state == ApplicationState.SUBMITTED) or (
        "place_form" in forms and fresh.state == ApplicationState.APPROVED
    )
    message = "" if form_shown else error.message
    return _application_page(request, fresh, error=message, status=status, **forms)


@login_required
@require_POST
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for_viewer(request.user, pk)
    if application.person.user_id != request.user.pk:
        raise PermissionDenied
    try:
        services.application_withdraw(actor=request.user, application=application)
    except ServiceError as error:
        return _refused(request, application, error)
    messages.success(request, _("Your application is withdrawn."))
    return redirect("training:application", pk=application.pk)


@login_required
@require_POST
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for_viewer(request.user, pk)
    if not allowed(request.user, DECIDE, application):
        raise PermissionDenied
    form = _decision_form(application, request.POST)
    if form.is_valid():
        try:
            services.application_decide(
                actor=request.user,
                application=application,
                approve=form.approve,
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as error:
            add_service_error(form, error)
            return _refused(request, application, error, decision_form=form)
        name = application.person.full_name
        messages.success(
            request,
            _("%(name)s's application is approved; the coordinators place them in a cohort.")
            % {"name": name}
            if form.approve
            else _("%(name)s's application is declined.") % {"name": name},
        )
        return redirect(_back_to(request, application))
    return _application_page(request, application, decision_form=form, status=400)


@login_required
@require_POST
def application_place(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for_viewer(request.user, pk)
    if not allowed(request.user, PLACE, application):
        raise PermissionDenied
    form = _place_form(application, request.POST)
    if form.is_valid():
        cohort = form.cleaned_data["cohort"]
        try:
            services.application_place(actor=request.user, application=application, cohort=cohort)
        except ServiceError as error:
            add_service_error(form, error)
            return _refused(request, application, error, place_form=form)
        enrolment = application.enrolment
        messages.success(
            request,
            (
                _("%(name)s has a seat in %(cohort)s.")
                if enrolment.state == EnrolmentState.ENROLLED
                else _("%(cohort)s is full: %(name)s is on its waiting list.")
            )
            % {"name": application.person.full_name, "cohort": cohort.name},
        )
        return redirect(_back_to(request, application))
    return _application_page(request, application, place_form=form, status=400)


@login_required
@require_POST
def application_activate(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for_viewer(request.user, pk)
    if not allowed(request.user, PLACE, application):
        raise PermissionDenied
    try:
        services.application_activate(actor=request.user, application=application)
    except ServiceError as error:
        return _refused(request, application, error)
    messages.success(
        request,
        _("%(name)s is now an active support person and can be booked.")
        % {"name": application.person.full_name},
    )
    if request.POST.get("back") == "list":
        return redirect("training:applications")
    return redirect("training:application", pk=application.pk)


# --- Queues -------------------------------------------------------------------------------


@login_required
@require_GET
def applications_to_decide(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (user.has_perm("org.supervise") or user.has_perm(PLACE)):
        raise PermissionDenied
    page = selectors.applications_to_decide(user, request.GET.get("page"))
    for item in page.object_list:
        item.decision_form = _decision_form(item)
        item.standing_in = item.person.active_supervisor is None
    context = {"page": page, "querystring": filters_querystring(request)}
    return render(request, "training/application_to_decide.html", context)


@require_perm(PLACE)
@require_GET
def applications_to_place(request: HttpRequest) -> HttpResponse:
    page = selectors.applications_to_place(request.GET.get("page"))
    for item in page.object_list:
        item.place_form = _place_form(item, choices=item.cohort_choices)
    context = {"page": page, "querystring": filters_querystring(request)}
    return render(request, "training/application_to_place.html", context)


@require_perm(PLACE)
@require_GET
def applications(request: HtmxHttpRequest) -> HttpResponse:
    form = OverviewFilterForm(request.GET or None)
    state = form.cleaned_data["state"] if form.is_valid() else ""
    context = {
        "form": form,
        "state": state,
        "counts": selectors.state_counts(),
        "page": selectors.overview(state, request.GET.get("page")),
        "querystring": filters_querystring(request),
    }
    return render_page_or_partial(request, "training/application_list.html", "results", context)


urlpatterns = [
    path("apply/", apply, name="apply"),
    path("applications/", applications, name="applications"),
    path("applications/to-decide/", applications_to_decide, name="applications_to_decide"),
    path("applications/to-place/", applications_to_place, name="applications_to_place"),
    path("applications/<int:pk>/", application, name="application"),
    path("applications/<int:pk>/withdraw/", application_withdraw, name="application_withdraw"),
    path("applications/<int:pk>/decide/", application_decide, name="application_decide"),
    path("applications/<int:pk>/place/", application_place, name="application_place"),
    path("applications/<int:pk>/activate/", application_activate, name="application_activate"),
]
