"""The resource catalogue: search and facets, one resource, add and edit (curators, with
conflicts), status changes, CSV/XLSX import and export.

Everyone signed in reads the published catalogue; curators (coordinators and the curator
group) also see drafts and archived resources and change them. Someone else's draft is a 404
for readers, not a 403. Every change is POST → redirect → GET; a refused form comes back with
the problem beside its field (status 400), a conflicting edit with their version (409).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from kipina.core.forms import add_service_error
from kipina.core.htmx import HtmxHttpRequest, render_page_or_partial
from kipina.core.permissions import allowed, require_perm
from kipina.core.querystrings import filters_querystring
from kipina.core.search.highlight import highlight
from kipina.learning import resource_transfer
from kipina.learning import selectors_resources as selectors
from kipina.learning import services_resources as services
from kipina.learning.enums import ResourceStatus
from kipina.learning.forms_resources import (
    FACET_PARAMETERS,
    CatalogueFilterForm,
    ResourceForm,
    ResourceImportForm,
    StatusForm,
    competence_specs,
    date_specs,
    resource_formsets,
)
from kipina.learning.models import Resource

CURATE = "learning.curate_resources"
IMPORT_SESSION_KEY = "learning_resource_import"
FACET_TITLES = {
    "status": gettext_lazy("Status"),
    "kind": gettext_lazy("Kind"),
    "competence": gettext_lazy("Competence"),
    "language": gettext_lazy("Language"),
    "duration": gettext_lazy("Duration"),
    "price": gettext_lazy("Price"),
    "starts": gettext_lazy("Upcoming dates"),
}


def _facet_links(request: HttpRequest, facets: dict) -> list[dict]:
    """Each facet value with its count and the address that chooses it (or, when chosen,
    clears it); values nothing matches are left out unless chosen."""
    groups = []
    for name, values in facets.items():
        current = request.GET.get(name, "")
        links = []
        for value in values:
            query = request.GET.copy()
            query.pop("page", None)
            active = value.code == current
            if active:
                query.pop(name, None)
            else:
                query[name] = value.code
            if value.count or active:
                links.append(
                    {
                        "label": value.label,
                        "count": value.count,
                        "url": f"?{query.urlencode()}",
                        "active": active,
                    }
                )
        groups.append({"name": name, "title": FACET_TITLES[name], "links": links})
    return groups


@require_perm("learning.view_resources")
@require_GET
def resources(request: HtmxHttpRequest) -> HttpResponse:
    form = CatalogueFilterForm(request.GET or None)
    filters = form.filters()
    found = selectors.catalogue(request.user, filters, request.GET.get("page"))
    rows = [
        {
            "resource": resource,
            "title": highlight(resource.title, found.groups, resource.language_id),
        }
        for resource in found.page.object_list
    ]
    querystring = filters_querystring(request)
    if not form.is_bound or not request.GET.get("sort"):
        # Show the order the list is in (relevance when searching, else title).
        form = CatalogueFilterForm({**request.GET.dict(), "sort": found.sort})
        form.filters()
    context = {
        "form": form,
        "found": found,
        "rows": rows,
        "facets": _facet_links(request, found.facets),
        "chosen": [(name, filters[name]) for name in FACET_PARAMETERS if name in filters],
        "page": found.page,
        "querystring": querystring,
        "can_curate": allowed(request.user, CURATE),
    }
    return render_page_or_partial(request, "learning/resource_list.html", "results", context)


def _detail_context(request: HttpRequest, resource: Resource) -> dict:
    can_curate = allowed(request.user, CURATE)
    return {
        "resource": resource,
        "dates": list(resource.dates.all()),
        "links": list(resource.competence_links.all()),
        "units": list(resource.audience_units.all()),
        "today": timezone.localdate(),
        "can_curate": can_curate,
        "statuses": [
            (status, label) for status, label in ResourceStatus.choices if status != resource.status
        ]
        if can_curate
        else [],
    }


@require_perm("learning.view_resources")
@require_http_methods(["GET", "POST"])
def resource_detail(request: HttpRequest, key: str) -> HttpResponse:
    resource = selectors.resource_for(request.user, key)
    if request.method == "POST":
        return _change_status(request, resource)
    return render(request, "learning/resource_detail.html", _detail_context(request, resource))


def _change_status(request: HttpRequest, resource: Resource) -> HttpResponse:
    if not allowed(request.user, CURATE):
        raise PermissionDenied
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return redirect("learning:resource", key=resource.key)
    try:
        changed = services.resource_set_status(
            actor=request.user,
            resource=resource,
            status=form.cleaned_data["status"],
            seen_version=form.cleaned_data["version"],
        )
    except services.ResourceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The resource is now: %(status)s.") % {"status": changed.get_status_display()},
        )
    return redirect("learning:resource", key=resource.key)


def _add_part_error(form, dates, competences, error: services.ResourceError) -> None:
    """A service's refusal beside the part it is about: the dates, the competences or a field."""
    if error.field == "dates":
        dates.non_form_errors().append(error.message)
    elif error.field == "competences":
        competences.non_form_errors().append(error.message)
    else:
        add_service_error(form, error)


def _render_form(request, resource, form, dates, competences, *, conflict=None, status=200):
    context = {
        "resource": resource,
        "form": form,
        "dates": dates,
        "competences": competences,
        "conflict": conflict,
    }
    return render(request, "learning/resource_form.html", context, status=status)


def _require_curator(request: HttpRequest) -> None:
    if not allowed(request.user, CURATE):
        raise PermissionDenied


@require_perm("learning.view_resources")
@require_http_methods(["GET", "POST"])
def resource_new(request: HttpRequest) -> HttpResponse:
    _require_curator(request)
    if request.method == "GET":
        form = ResourceForm(initial={"language": "fi", "status": ResourceStatus.DRAFT})
        dates, competences = resource_formsets()
        return _render_form(request, None, form, dates, competences)
    form = ResourceForm(request.POST)
    dates, competences = resource_formsets(request.POST)
    if form.is_valid() and dates.is_valid() and competences.is_valid():
        try:
            resource = services.resource_create(
                actor=request.user,
                data=form.service_data(),
                dates=date_specs(dates),
                competences=competence_specs(competences),
                audience_units=form.cleaned_data["audience_units"],
            )
        except services.ResourceError as error:
            _add_part_error(form, dates, competences, error)
        else:
            messages.success(request, _("The resource is saved."))
            return redirect("learning:resource", key=resource.key)
    return _render_form(request, None, form, dates, competences, status=400)


@require_perm("learning.view_resources")
@require_http_methods(["GET", "POST"])
def resource_edit(request: HttpRequest, key: str) -> HttpResponse:
    resource = selectors.resource_for_edit(request.user, key)
    _require_curator(request)
    if request.method == "GET":
        form = ResourceForm(instance=resource, initial={"version": resource.version}, editing=True)
        dates, competences = resource_formsets(resource=resource)
        return _render_form(request, resource, form, dates, competences)
    form = ResourceForm(request.POST, instance=Resource.objects.get(pk=resource.pk), editing=True)
    dates, competences = resource_formsets(request.POST)
    conflict = None
    if form.is_valid() and dates.is_valid() and competences.is_valid():
        try:
            services.resource_edit(
                actor=request.user,
                resource=resource,
                data=form.service_data(),
                seen_version=form.cleaned_data.get("version") or 0,
                dates=date_specs(dates),
                competences=competence_specs(competences),
                audience_units=form.cleaned_data["audience_units"],
            )
        except services.EditConflict as error:
            conflict = _conflict(form, error.current)
            add_service_error(form, error)
        except services.ResourceError as error:
            _add_part_error(form, dates, competences, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("learning:resource", key=resource.key)
    return _render_form(
        request,
        resource,
        form,
        dates,
        competences,
        conflict=conflict,
        status=409 if conflict else 400,
    )


def _conflict(form: ResourceForm, current: Resource) -> dict:
    """What they saved, field by field where it differs from the form; the form moves on to
    their version, so saving again (after combining) is possible and keeps the editor's text."""
    changes = []
    for name in services.EDITABLE_FIELDS:
        if name not in form.fields:
            continue
        field = Resource._meta.get_field(name)
        theirs = getattr(current, name)
        mine = form.cleaned_data.get(name)
        if name == "audience_groups":
            theirs, mine = "; ".join(theirs or []), "; ".join(mine or [])
        if theirs != mine:
            display = getattr(current, f"get_{name}_display", None)
            changes.append(
                {
                    "label": str(field.verbose_name)[:1].upper() + str(field.verbose_name)[1:],
                    "theirs": display() if display else ("" if theirs is None else theirs),
                }
            )
    data = form.data.copy()
    data["version"] = str(current.version)
    form.data = data
    return {"current": current, "changes": changes}


def _render_import(request, form, *, report=None, done=None, status=200) -> HttpResponse:
    context = {"form": form, "report": report, "done": done}
    return render(request, "learning/resource_import.html", context, status=status)


@require_perm("learning.curate_resources")
@require_http_methods(["GET", "POST"])
def resource_import(request: HttpRequest) -> HttpResponse:
    _require_curator(request)
    if request.method == "GET":
        done = request.session.pop(IMPORT_SESSION_KEY, None)
        return _render_import(request, ResourceImportForm(), done=done)
    form = ResourceImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_import(request, form, status=400)
    upload = form.cleaned_data["file"]
    report = resource_transfer.import_resources(
        actor=request.user,
        data=upload.read(),
        filename=upload.name,
        framework=form.cleaned_data["framework"],
    )
    if not report.ok:
        return _render_import(request, form, report=report, status=400)
    request.session[IMPORT_SESSION_KEY] = {
        "filename": upload.name,
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
    }
    return redirect("learning:resource_import")


EXPORT_TYPES = {
    "csv": ("text/csv; charset=utf-8", resource_transfer.export_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        resource_transfer.export_xlsx,
    ),
}


@require_perm("learning.view_resources")
@require_GET
def resource_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in EXPORT_TYPES:
        raise Http404
    content_type, export = EXPORT_TYPES[fmt]
    filters = CatalogueFilterForm(request.GET or None).filters()
    chosen = selectors.filtered_resources(request.user, filters)
    response = HttpResponse(export(chosen), content_type=content_type)
    filename = f"kipina-resources-{timezone.localdate():%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Fixed words before <key>: "new", "import" and "export.…" are never read as a key.
urlpatterns = [
    path("resources/", resources, name="resources"),
    path("resources/new/", resource_new, name="resource_new"),
    path("resources/import/", resource_import, name="resource_import"),
    path("resources/export.<str:fmt>/", resource_export, name="resource_export"),
    path("resources/<slug:key>/", resource_detail, name="resource"),
    path("resources/<slug:key>/edit/", resource_edit, name="resource_edit"),
]
