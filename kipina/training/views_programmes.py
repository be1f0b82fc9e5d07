"""Programme, module and cohort pages: the programme list, a programme with its modules and
cohorts, a cohort with its seats, waiting list and completion grid.

House pattern: find what the user may see (else 404) → check the permission (403) → validate
the form → call one service → redirect (POST → redirect → GET); a service's refusal re-renders
the form with the message beside its field and changes nothing.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kipina.core.forms import add_service_error
from kipina.core.htmx import HtmxHttpRequest
from kipina.core.permissions import allowed, require_perm
from kipina.org.rules import is_supervisor
from kipina.training import selectors_programmes as selectors
from kipina.training import services_programmes as services
from kipina.training.enums import EnrolmentState
from kipina.training.forms_programmes import (
    CohortForm,
    CompletionForm,
    EnrolForm,
    ModuleForm,
    MoveForm,
    ProgrammeForm,
)
from kipina.training.models import Cohort, Programme

VIEW = "training.view_programmes"
MANAGE = "training.manage_training"


def _status(request: HttpRequest, form, conflict=None) -> int:
    if conflict is not None:
        return 409
    return 400 if request.method == "POST" and form.errors else 200


def _require(request: HttpRequest, perm: str, obj=None) -> None:
    if not allowed(request.user, perm, obj):
        raise PermissionDenied


# --- programmes ----------------------------------------------------------------------------


@require_perm(VIEW)
def programme_list(request: HttpRequest) -> HttpResponse:
    page = selectors.programme_list(request.user, request.GET.get("page"))
    return render(
        request,
        "training/programme_list.html",
        {
            "page": page,
            "can_manage": allowed(request.user, MANAGE),
            # Ways into the onboarding journey (kipina.training.views_onboarding).
            "can_apply": allowed(request.user, "training.apply"),
            "can_place": allowed(request.user, "training.place_applicant"),
            "is_supervisor": is_supervisor(request.user),
        },
    )


@require_perm(VIEW)
def programme_detail(request: HttpRequest, key: str) -> HttpResponse:
    programme = selectors.programme_for(request.user, key)
    return render(
        request,
        "training/programme_detail.html",
        {
            "programme": programme,
            "roles": list(programme.roles.all()),
            "modules": selectors.modules_of(programme),
            "cohorts": selectors.cohorts_of(programme, request.GET.get("page")),
            "can_manage": allowed(request.user, MANAGE),
        },
    )


def _roles(form) -> list:
    return list(form.cleaned_data.get("roles") or [])


@require_perm(MANAGE)
def programme_create(request: HttpRequest) -> HttpResponse:
    _require(request, MANAGE)
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(
                actor=request.user, data=form.cleaned_data, roles=_roles(form)
            )
        except services.TrainingError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The programme is created."))
            return redirect(programme)
    return render(
        request,
        "training/programme_form.html",
        {"form": form, "programme": None},
        status=_status(request, form),
    )


def _saved_or_conflict(form, save):
    """(saved, None) when `save()` succeeds; (None, current) when someone saved first: the
    form then carries the current version, so saving again overwrites knowingly; (None, None)
    when the service refused. The refusal is put on the form either way."""
    try:
        return save(), None
    except services.EditConflict as error:
        add_service_error(form, error)
        form.data = form.data.copy()
        form.data["version"] = error.current.version
        return None, error.current
    except services.TrainingError as error:
        add_service_error(form, error)
        return None, None


@require_perm(MANAGE)
def programme_edit(request: HttpRequest, key: str) -> HttpResponse:
    programme = selectors.programme_for(request.user, key)
    _require(request, MANAGE)
    form = ProgrammeForm(request.POST or None, instance=Programme.objects.get(pk=programme.pk))
    conflict = None
    if request.method == "POST" and form.is_valid():
        changed, conflict = _saved_or_conflict(
            form,
            lambda: services.programme_edit(
                actor=request.user,
                programme=programme,
                data=form.cleaned_data,
                roles=_roles(form),
                seen_version=form.cleaned_data.get("version") or 0,
            ),
        )
        if changed is not None:
            messages.success(request, _("The programme is saved."))
            return redirect(changed)
    return render(
        request,
        "training/programme_form.html",
        {"form": form, "programme": programme, "conflict": conflict},
        status=_status(request, form, conflict),
    )


# --- modules -------------------------------------------------------------------------------


def _module_form_page(request, form, programme, module=None) -> HttpResponse:
    return render(
        request,
        "training/programme_module_form.html",
        {"form": form, "programme": programme, "module": module},
        status=400 if request.method == "POST" and form.errors else 200,
    )


def _resources(form) -> list:
    return list(form.cleaned_data.get("resources") or [])


@require_perm(MANAGE)
def module_create(request: HttpRequest, key: str) -> HttpResponse:
    programme = selectors.programme_for(request.user, key)
    _require(request, MANAGE)
    form = ModuleForm(request.POST or None)
    if request.method == "POST" and not form.searching and form.is_valid():
        try:
            services.module_create(
                actor=request.user,
                programme=programme,
                data=form.cleaned_data,
                resources=_resources(form),
            )
        except services.TrainingError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The module is added."))
            return redirect(reverse("training:programme", args=[programme.key]) + "#modules")
    return _module_form_page(request, form, programme)


@require_perm(MANAGE)
def module_edit(request: HttpRequest, pk: int) -> HttpResponse:
    module = selectors.module_for(pk)
    _require(request, MANAGE)
    form = ModuleForm(request.POST or None, instance=module)
    if request.method == "POST" and not form.searching and form.is_valid():
        try:
            services.module_edit(
                actor=request.user,
                module=module,
                data=form.cleaned_data,
                resources=_resources(form),
            )
        except services.TrainingError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The module is saved."))
            return redirect(reverse("training:programme", args=[module.programme.key]) + "#modules")
    return _module_form_page(request, form, module.programme, module)


@require_perm(MANAGE)
def module_delete(request: HttpRequest, pk: int) -> HttpResponse:
    module = selectors.module_for(pk)
    _require(request, MANAGE)
    error_message = ""
    if request.method == "POST":
        try:
            services.module_delete(actor=request.user, module=module)
        except services.TrainingError as error:
            error_message = error.message
        else:
            messages.success(request, _("The module is deleted."))
            return redirect(reverse("training:programme", args=[module.programme.key]) + "#modules")
    return render(
        request,
        "training/programme_module_delete.html",
        {"module": module, "programme": module.programme, "error_message": error_message},
        status=400 if error_message else 200,
    )


@require_POST
@require_perm(MANAGE)
def module_move(request: HttpRequest, pk: int) -> HttpResponse:
    module = selectors.module_for(pk)
    _require(request, MANAGE)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Move the module up or down."))
    services.module_move(
        actor=request.user, module=module, up=form.cleaned_data["direction"] == "up"
    )
    messages.success(request, _("The module “%(title)s” is moved.") % {"title": module.title})
    return redirect(reverse("training:programme", args=[module.programme.key]) + "#modules")


# --- cohorts -------------------------------------------------------------------------------


def _trainers(form) -> list:
    return list(form.cleaned_data.get("trainers") or [])


@require_perm(MANAGE)
def cohort_create(request: HttpRequest, key: str) -> HttpResponse:
    programme = selectors.programme_for(request.user, key)
    _require(request, MANAGE)
    form = CohortForm(request.POST or None)
    if request.method == "POST" and not form.searching and form.is_valid():
        try:
            cohort = services.cohort_create(
                actor=request.user,
                programme=programme,
                data=form.cleaned_data,
                trainers=_trainers(form),
            )
        except services.TrainingError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The cohort is created."))
            return redirect(cohort)
    return render(
        request,
        "training/cohort_form.html",
        {"form": form, "programme": programme, "cohort": None},
        status=_status(request, form),
    )


@require_perm(MANAGE)
def cohort_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_for(request.user, pk)
    _require(request, MANAGE)
    form = CohortForm(request.POST or None, instance=Cohort.objects.get(pk=cohort.pk))
    conflict = None
    if request.method == "POST" and not form.searching and form.is_valid():
        changed, conflict = _saved_or_conflict(
            form,
            lambda: services.cohort_edit(
                actor=request.user,
                cohort=cohort,
                data=form.cleaned_data,
                trainers=_trainers(form),
                seen_version=form.cleaned_data.get("version") or 0,
            ),
        )
        if changed is not None:
            messages.success(request, _("The cohort is saved."))
            return redirect(changed)
    return render(
        request,
        "training/cohort_form.html",
        {"form": form, "programme": cohort.programme, "cohort": cohort, "conflict": conflict},
        status=_status(request, form, conflict),
    )


def _cohort_context(request: HttpRequest, cohort: Cohort, **extra) -> dict:
    found = selectors.cohort_page(
        request.user, cohort, request.GET.get("page"), request.GET.get("waiting_page")
    )
    can_manage = allowed(request.user, MANAGE)
    return {
        "cohort": cohort,
        "programme": cohort.programme,
        "found": found,
        "can_manage": can_manage,
        "can_mark": allowed(request.user, "training.mark_completion", cohort),
        "enrol_form": EnrolForm() if can_manage else None,
        **extra,
    }


@require_perm(VIEW)
def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_for(request.user, pk)
    return render(request, "training/cohort_detail.html", _cohort_context(request, cohort))


@require_perm(MANAGE)
def cohort_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_for(request.user, pk)
    _require(request, MANAGE)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        try:
            enrolment = services.enrol(actor=request.user, cohort=cohort, person=person)
        except services.TrainingError as error:
            add_service_error(form, error)
        else:
            if enrolment.state == EnrolmentState.ENROLLED:
                note = _("%(name)s has a seat in the cohort.")
            else:
                note = _("The cohort is full: %(name)s is on the waiting list.")
            messages.success(request, note % {"name": person.full_name})
            return redirect(cohort)
    return render(
        request,
        "training/cohort_enrol.html",
        {"form": form, "cohort": cohort, "programme": cohort.programme},
        status=_status(request, form),
    )


@require_perm(VIEW)
def enrolment_leave(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = selectors.enrolment_for(request.user, pk)
    own = enrolment.person.user_id == request.user.pk
    if not own:
        _require(request, MANAGE)
    error_message = ""
    if request.method == "POST":
        try:
            services.leave(actor=request.user, enrolment=enrolment)
        except services.TrainingError as error:
            error_message = error.message
        else:
            messages.success(
                request,
                _("You have left the cohort.")
                if own
                else _("%(name)s is removed from the cohort.")
                % {"name": enrolment.person.full_name},
            )
            return redirect(enrolment.cohort)
    return render(
        request,
        "training/cohort_leave.html",
        {
            "enrolment": enrolment,
            "cohort": enrolment.cohort,
            "programme": enrolment.cohort.programme,
            "own": own,
            "error_message": error_message,
        },
        status=400 if error_message else 200,
    )


@require_POST
@require_perm(VIEW)
def completion(request: HtmxHttpRequest, pk: int, module_pk: int) -> HttpResponse:
    enrolment = selectors.enrolment_for(request.user, pk)
    cohort = enrolment.cohort
    _require(request, "training.mark_completion", cohort)
    module = selectors.module_for(module_pk)
    form = CompletionForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Mark the module completed or not completed."))
    completed = form.cleaned_data["completed"]
    try:
        changed = services.completion_set(
            actor=request.user, enrolment=enrolment, module=module, completed=completed
        )
    except services.TrainingError as error:
        if request.htmx:
            return HttpResponseBadRequest(error.message)
        messages.error(request, error.message)
        return redirect(cohort)
    name = enrolment.person.full_name
    if changed.state == EnrolmentState.COMPLETED and enrolment.state != changed.state:
        note = _("%(name)s has completed the programme.") % {"name": name}
    elif completed:
        note = _("%(module)s is marked completed for %(name)s.") % {
            "module": module.title,
            "name": name,
        }
    else:
        note = _("%(module)s is no longer marked completed for %(name)s.") % {
            "module": module.title,
            "name": name,
        }
    if request.htmx:
        changed.cohort = cohort
        changed.person = enrolment.person
        return render(
            request,
            "training/cohort_detail.html#grid_row",
            {
                "row": selectors.grid_row(changed),
                "cohort": cohort,
                "can_mark": True,
                "can_manage": allowed(request.user, MANAGE),
                "note": note,
            },
        )
    messages.success(request, note)
    return redirect(reverse("training:cohort", args=[cohort.pk]) + f"#enrolment-{enrolment.pk}")


urlpatterns: list = [
    path("", programme_list, name="programmes"),
    path("programmes/new/", programme_create, name="programme_create"),
    path("programmes/<slug:key>/", programme_detail, name="programme"),
    path("programmes/<slug:key>/edit/", programme_edit, name="programme_edit"),
    path("programmes/<slug:key>/modules/new/", module_create, name="module_create"),
    path("programmes/<slug:key>/cohorts/new/", cohort_create, name="cohort_create"),
    path("modules/<int:pk>/edit/", module_edit, name="module_edit"),
    path("modules/<int:pk>/delete/", module_delete, name="module_delete"),
    path("modules/<int:pk>/move/", module_move, name="module_move"),
    path("cohorts/<int:pk>/", cohort_detail, name="cohort"),
    path("cohorts/<int:pk>/edit/", cohort_edit, name="cohort_edit"),
    path("cohorts/<int:pk>/enrol/", cohort_enrol, name="cohort_enrol"),
    path("enrolments/<int:pk>/leave/", enrolment_leave, name="enrolment_leave"),
    path(
        "enrolments/<int:pk>/modules/<int:module_pk>/completion/",
        completion,
        name="completion",
    ),
]
