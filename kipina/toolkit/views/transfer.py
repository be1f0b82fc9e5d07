"""Methods as JSON files: download the methods one may see; upload a file to import it.

The import page checks the whole file and shows every problem with its row number; nothing is
imported then. A file without problems is imported in one go, and the page redirects to itself
to show the counts (POST → redirect → GET), kept in the session for that one view.
"""

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from kipina.core.forms import UploadForm
from kipina.core.permissions import require_perm
from kipina.toolkit import transfer
from kipina.toolkit.selectors import visible_methods

SESSION_KEY = "toolkit_methods_import"
NOTICES_SHOWN = 100


@require_perm("toolkit.browse")
@require_GET
def methods_export(request: HttpRequest) -> HttpResponse:
    methods = visible_methods(request.user).order_by("key")
    key = request.GET.get("key", "").strip()
    if key:
        methods = methods.filter(key=key)
        if not methods.exists():
            raise Http404
        filename = f"kipina-method-{key}.json"
    else:
        filename = f"kipina-methods-{timezone.localdate():%Y-%m-%d}.json"
    response = HttpResponse(
        transfer.export_json(methods), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class MethodsImportForm(UploadForm):
    file = forms.FileField(label=gettext_lazy("Methods file (JSON)"))
    status_from_file = forms.BooleanField(
        label=gettext_lazy("Publish the methods that the file marks as published"),
        required=False,
        initial=True,
        help_text=gettext_lazy("Otherwise new methods are saved as drafts."),
    )
    file_help = gettext_lazy(
        "A file in Kipinä's methods format, such as one downloaded here, at most %(size)s."
    )
    accept = ".json,application/json"


def _render(
    request: HttpRequest,
    form: MethodsImportForm,
    *,
    report: transfer.ImportReport | None = None,
    done: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {"form": form, "report": report, "done": done}
    return render(request, "toolkit/methods_import.html", context, status=status)


@require_perm("toolkit.import_methods")
@require_http_methods(["GET", "POST"])
def methods_import(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _render(request, MethodsImportForm(), done=request.session.pop(SESSION_KEY, None))
    form = MethodsImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, form, status=400)
    upload = form.cleaned_data["file"]
    report = transfer.import_methods(
        actor=request.user,
        data=upload.read(),
        publish_status_from_file=form.cleaned_data["status_from_file"],
    )
    if not report.ok:
        return _render(request, form, report=report, status=400)
    request.session[SESSION_KEY] = {
        "filename": upload.name,
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "notices": [str(notice) for notice in report.notices[:NOTICES_SHOWN]],
        "more_notices": max(0, len(report.notices) - NOTICES_SHOWN),
    }
    return redirect("toolkit:methods_import")
