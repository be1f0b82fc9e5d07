"""Support-person pages: the directory, profiles, absences, time shares and their approval."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kipina.agents import selectors, services
from kipina.agents.enums import AllocationState
from kipina.agents.forms import (
    AbsenceForm,
    AllocationRequestForm,
    DecisionForm,
    DirectoryFilterForm,
    ProfileForm,
    SupportPersonCreateForm,
)
from kipina.agents.models import Allocation, SupportPerson
from kipina.agents.services import AgentError
from kipina.core.forms import add_service_error
from kipina.core.htmx import HtmxHttpRequest, render_page_or_partial
from kipina.core.permissions import allowed, require_perm
from kipina.core.querystrings import filters_querystring
from kipina.core.rules import is_coordinator_or_admin
from kipina.org.models import Unit
from kipina.org.selectors import paginate

BACK_TO_APPROVALS = "approvals"


# --- directory and profile --------------------------------------------------------------------


@require_perm("agents.browse")
def directory(request: HtmxHttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    filters: dict = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "text": data["q"].strip(),
            "unit": Unit.objects.filter(code=data["unit"]).first() if data["unit"] else None,
            "role": data["role"],
            "skill": data["skill"],
            "language": data["language"],
        }
    page = paginate(selectors.directory(**filters), request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "querystring": filters_querystring(request),
        "today": timezone.localdate(),
    }
    if not request.htmx:
        user = request.user
        context["own_profile_pk"] = (
            SupportPerson.objects.filter(person__user_id=user.pk)
            .values_list("pk", flat=True)
            .first()
        )
        context["show_approvals_link"] = is_coordinator_or_admin(user) or user.has_perm(
            "org.supervise"
        )
        context["can_manage"] = allowed(user, "agents.manage_support_persons")
    return render_page_or_partial(request, "agents/directory.html", "results", context)


@require_perm("agents.browse")
def profile(request: HttpRequest, pk: int) -> HttpResponse:
    support_person = selectors.profile_for_viewer(user=request.user, pk=pk)
    can_view_allocations = allowed(request.user, "agents.view_allocations", support_person)
    context = {
        "support_person": support_person,
        "person": support_person.person,
        "today": timezone.localdate(),
        "absences": paginate(
            selectors.upcoming_absences(support_person), request.GET.get("absences_page")
        ),
        "trained_statuses": support_person.trained_statuses.select_related("role").order_by(
            "role__position", "role__code"
        ),
        "can_edit": allowed(request.user, "agents.edit_profile", support_person),
        "can_view_allocations": can_view_allocations,
        "current_allocation": (
            selectors.current_allocation(support_person) if can_view_allocations else None
        ),
    }
    return render(request, "agents/profile.html", context)


def _editable_profile(request: HttpRequest, pk: int) -> SupportPerson:
    support_person = selectors.profile_for_viewer(user=request.user, pk=pk)
    if not allowed(request.user, "agents.edit_profile", support_person):
        raise PermissionDenied
    return support_person


def _render_profile_edit(
    request: HttpRequest,
    support_person: SupportPerson,
    *,
    profile_form: ProfileForm | None = None,
    absence_form: AbsenceForm | None = None,
    status: int = 200,
) -> HttpResponse:
    feed_path = reverse("orders:calendar_feed", args=[support_person.calendar_token])
    context = {
        "support_person": support_person,
        "person": support_person.person,
        "form": profile_form or ProfileForm(support_person=support_person),
        "absence_form": absence_form or AbsenceForm(),
        "absences": paginate(
            selectors.upcoming_absences(support_person), request.GET.get("absences_page")
        ),
        "calendar_feed_url": f"{settings.KIPINA_BASE_URL}{feed_path}",
    }
    return render(request, "agents/profile_edit.html", context, status=status)


@require_perm("agents.browse")
def profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    support_person = _editable_profile(request, pk)
    if request.method != "POST":
        return _render_profile_edit(request, support_person)
    form = ProfileForm(request.POST, support_person=support_person)
    if form.is_valid():
        try:
            services.profile_update(
                actor=request.user, support_person=support_person, **form.cleaned_data
            )
        except AgentError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The profile was saved."))
            return redirect("agents:profile", pk=support_person.pk)
    # A refused save may have changed the object in memory; show the stored one around the form.
    support_person.refresh_from_db()
    return _render_profile_edit(request, support_person, profile_form=form, status=400)


@require_perm("agents.browse")
@require_POST
def absence_add(request: HttpRequest, pk: int) -> HttpResponse:
    support_person = _editable_profile(request, pk)
    form = AbsenceForm(request.POST)
    if form.is_valid():
        try:
            services.absence_add(
                actor=request.user, support_person=support_person, **form.cleaned_data
            )
        except AgentError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The absence was added."))
            return redirect(reverse("agents:profile_edit", args=[support_person.pk]) + "#absences")
    return _render_profile_edit(request, support_person, absence_form=form, status=400)


@require_perm("agents.browse")
@require_POST
def absence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    absence = selectors.absence_for_editor(user=request.user, pk=pk)
    support_person = absence.support_person
    try:
        services.absence_remove(actor=request.user, absence=absence)
    except AgentError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The absence was removed."))
    return redirect(reverse("agents:profile_edit", args=[support_person.pk]) + "#absences")


@require_perm("agents.browse")
@require_POST
def rotate_token(request: HttpRequest, pk: int) -> HttpResponse:
    support_person = _editable_profile(request, pk)
    try:
        services.calendar_token_rotate(actor=request.user, support_person=support_person)
    except AgentError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Your calendar has a new address. The old address no longer works."),
        )
    return redirect(reverse("agents:profile_edit", args=[support_person.pk]) + "#calendar")


# --- time shares ------------------------------------------------------------------------------


def _decision_forms(page, failed: DecisionForm | None = None, failed_pk: int | None = None):
    """One approve/reject form per waiting share on the page, the failed one with its errors."""
    for allocation in page.object_list:
        if allocation.state == AllocationState.REQUESTED:
            if allocation.pk == failed_pk:
                allocation.decision_form = failed
            else:
                allocation.decision_form = DecisionForm.for_allocation(allocation.pk)
    return page


def _render_allocations(
    request: HttpRequest,
    support_person: SupportPerson,
    *,
    request_form: AllocationRequestForm | None = None,
    decision_form: DecisionForm | None = None,
    decided_pk: int | None = None,
    status: int = 200,
) -> HttpResponse:
    page = paginate(selectors.allocations_of(support_person), request.GET.get("page"))
    page = _decision_forms(selectors.with_monthly_hours(page), decision_form, decided_pk)
    can_request = allowed(request.user, "agents.request_allocation", support_person)
    context = {
        "support_person": support_person,
        "person": support_person.person,
        "page": page,
        "can_request": can_request,
        "request_form": (request_form or AllocationRequestForm()) if can_request else None,
    }
    return render(request, "agents/allocations.html", context, status=status)


def _allocations_owner(request: HttpRequest, pk: int) -> SupportPerson:
    support_person = selectors.profile_for_viewer(user=request.user, pk=pk)
    if not allowed(request.user, "agents.view_allocations", support_person):
        raise Http404
    return support_person


@require_perm("agents.browse")
def allocations(request: HttpRequest, pk: int) -> HttpResponse:
    support_person = _allocations_owner(request, pk)
    if request.method != "POST":
        return _render_allocations(request, support_person)
    if not allowed(request.user, "agents.request_allocation", support_person):
        raise PermissionDenied
    form = AllocationRequestForm(request.POST)
    if form.is_valid():
        try:
            services.allocation_request(
                actor=request.user, support_person=support_person, **form.cleaned_data
            )
        except AgentError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("The request was sent. You will hear when it has been decided.")
            )
            return redirect("agents:allocations", pk=support_person.pk)
    return _render_allocations(request, support_person, request_form=form, status=400)


def _back(request: HttpRequest, allocation: Allocation) -> HttpResponse:
    if request.POST.get("back") == BACK_TO_APPROVALS:
        return redirect("agents:approvals")
    return redirect("agents:allocations", pk=allocation.support_person_id)


def _already_decided(request: HttpRequest, allocation: Allocation) -> HttpResponse:
    messages.info(
        request,
        _("This request was already decided or withdrawn: %(state)s.")
        % {"state": allocation.get_state_display()},
    )
    return _back(request, allocation)


@require_perm("agents.browse")
@require_POST
def allocation_decide(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = selectors.allocation_for_viewer(user=request.user, pk=pk)
    if allocation.state != AllocationState.REQUESTED:
        return _already_decided(request, allocation)
    if not allowed(request.user, "agents.decide_allocation", allocation):
        raise PermissionDenied
    form = DecisionForm.for_allocation(allocation.pk, request.POST)
    if form.is_valid():
        try:
            services.allocation_decide(
                actor=request.user,
                allocation=allocation,
                approve=form.approve,
                reason=form.cleaned_data["reason"],
            )
        except AgentError as error:
            add_service_error(form, error)
        else:
            if form.approve:
                text = _("The time share of %(person)s was approved.")
            else:
                text = _("The time share of %(person)s was rejected.")
            messages.success(request, text % {"person": allocation.support_person})
            return _back(request, allocation)
    if request.POST.get("back") == BACK_TO_APPROVALS:
        return _render_approvals(request, decision_form=form, decided_pk=allocation.pk, status=400)
    return _render_allocations(
        request,
        allocation.support_person,
        decision_form=form,
        decided_pk=allocation.pk,
        status=400,
    )


@require_perm("agents.browse")
@require_POST
def allocation_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = selectors.allocation_for_viewer(user=request.user, pk=pk)
    if allocation.state != AllocationState.REQUESTED:
        return _already_decided(request, allocation)
    if not allowed(request.user, "agents.withdraw_allocation", allocation):
        raise PermissionDenied
    try:
        services.allocation_withdraw(actor=request.user, allocation=allocation)
    except AgentError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The request was withdrawn."))
    return _back(request, allocation)


def _render_approvals(
    request: HttpRequest,
    *,
    decision_form: DecisionForm | None = None,
    decided_pk: int | None = None,
    status: int = 200,
) -> HttpResponse:
    page = paginate(selectors.pending_approvals(user=request.user), request.GET.get("page"))
    page = _decision_forms(selectors.with_monthly_hours(page), decision_form, decided_pk)
    return render(request, "agents/approvals.html", {"page": page}, status=status)


@require_perm("agents.browse")
def approvals(request: HttpRequest) -> HttpResponse:
    return _render_approvals(request)


# --- new support persons ----------------------------------------------------------------------


@require_perm("agents.manage_support_persons")
def create(request: HttpRequest) -> HttpResponse:
    form = SupportPersonCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        employee = form.person
        already = SupportPerson.objects.filter(person=employee, active=True).exists()
        try:
            support_person = services.support_person_create(actor=request.user, person=employee)
        except AgentError as error:
            add_service_error(form, error)
        else:
            if already:
                text = _("%(person)s is already a support person.")
            else:
                text = _("%(person)s is now a support person. Fill in the profile together.")
            messages.success(request, text % {"person": employee})
            return redirect("agents:profile_edit", pk=support_person.pk)
    status = 400 if form.is_bound else 200
    return render(request, "agents/create.html", {"form": form}, status=status)
