"""Strategic competence frameworks: browse, read the tree, export and import Moodle CSV.

The import checks the whole file first; a file with problems is shown back with every problem
and its row number (status 400) and nothing is imported. A good file redirects to the framework.
"""

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kipina.core.permissions import allowed, require_perm
from kipina.learning import selectors
from kipina.learning.forms import FrameworkImportForm
from kipina.learning.moodle_csv import ImportRefused, export_framework, import_framework
from kipina.learning.selectors_resources import resources_of_competence

PAGE_SIZE = 25
_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")


@require_perm("learning.view_frameworks")
@require_GET
def frameworks(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.frameworks(), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "can_import": request.user.has_perm("learning.import_framework"),
    }
    return render(request, "learning/framework_list.html", context)


@require_perm("learning.view_frameworks")
@require_GET
def framework_detail(request: HttpRequest, idnumber: str) -> HttpResponse:
    framework = selectors.framework_for(idnumber)
    context = {
        "framework": framework,
        "levels": selectors.scale_levels(framework),
        "tree": selectors.competence_tree(framework),
    }
    return render(request, "learning/framework_detail.html", context)


@require_perm("learning.view_frameworks")
@require_GET
def competence_detail(request: HttpRequest, idnumber: str, competence: str) -> HttpResponse:
    framework = selectors.framework_for(idnumber)
    found = selectors.competence_for(framework, competence)
    context = {
        "framework": framework,
        "competence": found,
        "children": selectors.children_of(found),
        "related": selectors.related_of(found),
        "resources": resources_of_competence(found)
        if request.user.has_perm("learning.view_resources")
        else None,
    }
    return render(request, "learning/competence_detail.html", context)


@require_perm("learning.view_frameworks")
@require_GET
def framework_export(request: HttpRequest, idnumber: str) -> HttpResponse:
    framework = selectors.framework_for(idnumber)
    filename = _UNSAFE_FILENAME.sub("-", framework.idnumber).strip("-") or "framework"
    response = HttpResponse(export_framework(framework), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _render_import(request, form, *, report=None, status=200) -> HttpResponse:
    context = {"form": form, "report": report}
    return render(request, "learning/framework_import.html", context, status=status)


@require_perm("learning.import_framework")
@require_http_methods(["GET", "POST"])
def framework_import(request: HttpRequest) -> HttpResponse:
    if not allowed(request.user, "learning.import_framework"):
        raise PermissionDenied
    if request.method == "GET":
        return _render_import(request, FrameworkImportForm())
    form = FrameworkImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_import(request, form, status=400)
    try:
        report = import_framework(
            actor=request.user,
            data=form.cleaned_data["file"].read(),
            replace=form.cleaned_data["replace"],
        )
    except ImportRefused as error:
        raise PermissionDenied(str(error)) from error
    if not report.ok or report.framework is None:
        return _render_import(request, form, report=report, status=400)
    framework = report.framework
    messages.success(
        request,
        _("Imported the framework %(name)s with %(count)d competences.")
        % {"name": framework.shortname, "count": report.counts.get("competences", 0)},
    )
    return redirect("learning:framework", idnumber=framework.idnumber)
