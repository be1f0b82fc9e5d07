"""The HR import page: upload → preview → confirm, as steps of one view.

The uploaded file is kept server-side under DATA_DIR/imports/<random token> between the preview
and the confirmation, so nobody re-uploads and nothing big travels back and forth. The session
remembers the token and the file's SHA-256; the confirmation must repeat the hash shown in the
preview, and the file is checked again against the database before anything is written.
"""

import csv
import hashlib
import re
import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from kipina.core.forms import UploadForm
from kipina.core.permissions import require_perm
from kipina.org.hr_import import (
    COLUMN_ALIASES,
    FINNISH_COLUMN_NAMES,
    REQUIRED_COLUMNS,
    ImportConflictError,
    ImportFileError,
    ImportPlan,
    hr_import_apply,
    hr_import_preview,
)

SESSION_KEY = "org_hr_import"
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32,64}\Z")
ALLOWED_SUFFIXES = (".csv", ".txt", ".xlsx")
STORED_FILE_MAX_AGE_SECONDS = 24 * 60 * 60
PREVIEW_LIST_LIMIT = 100


class ImportUploadForm(UploadForm):
    file = forms.FileField(label=gettext_lazy("HR export file"))
    deactivate_missing = forms.BooleanField(
        label=gettext_lazy("Mark active people who are not in the file as having left"),
        required=False,
        initial=True,
    )
    file_help = gettext_lazy("A CSV file or an Excel workbook (.xlsx), at most %(size)s.")
    accept = ",".join(ALLOWED_SUFFIXES)

    def clean_file(self):
        name = self.cleaned_data["file"].name.lower()
        if name.endswith(".xls"):
            raise forms.ValidationError(
                _("Old Excel files (.xls) cannot be read. Save the file as .xlsx or as CSV.")
            )
        if not name.endswith(ALLOWED_SUFFIXES):
            raise forms.ValidationError(
                _(
                    "This file type is not supported. "
                    "Upload a CSV file or an Excel workbook (.xlsx)."
                )
            )
        return super().clean_file()


# --- the stored file ------------------------------------------------------------------------


def _import_dir() -> Path:
    return Path(settings.DATA_DIR) / "imports"


def _stored_path(token: str) -> Path | None:
    if not TOKEN_PATTERN.match(token or ""):
        return None
    return _import_dir() / token


def _store_upload(upload) -> tuple[str, str]:
    """Write the upload under a fresh random name and return (token, SHA-256)."""
    folder = _import_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    _remove_stale_files(folder)
    token = secrets.token_urlsafe(32)
    digest = hashlib.sha256()
    with open(folder / token, "xb") as target:
        for chunk in upload.chunks():
            digest.update(chunk)
            target.write(chunk)
    return token, digest.hexdigest()


def _remove_stale_files(folder: Path) -> None:
    # Previews that were never confirmed or cancelled must not pile up personal data.
    cutoff = time.time() - STORED_FILE_MAX_AGE_SECONDS
    for path in folder.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
        except FileNotFoundError:
            pass


def _discard(request: HttpRequest) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        path = _stored_path(pending.get("token", ""))
        if path is not None:
            path.unlink(missing_ok=True)


def _pending_content(request: HttpRequest) -> tuple[dict, bytes] | None:
    """The stored upload this session is previewing, if the token and hash still match."""
    pending = request.session.get(SESSION_KEY)
    if not pending or request.POST.get("token") != pending.get("token"):
        return None
    path = _stored_path(pending["token"])
    if path is None or not path.is_file():
        return None
    content = path.read_bytes()
    digest = hashlib.sha256(content).hexdigest()
    if not secrets.compare_digest(digest, pending["sha256"]):
        return None
    if not secrets.compare_digest(request.POST.get("sha256", ""), digest):
        return None
    return pending, content


# --- rendering ----------------------------------------------------------------------------------


def _column_help() -> list[dict]:
    return [
        {
            "name": column,
            "finnish": FINNISH_COLUMN_NAMES[column],
            "required": column in REQUIRED_COLUMNS,
        }
        for column in COLUMN_ALIASES
    ]


def _render_upload(
    request: HttpRequest, form: ImportUploadForm, status: int = 200, alert: str = ""
) -> HttpResponse:
    context = {"form": form, "columns": _column_help(), "alert": alert}
    return render(request, "org/import.html", context, status=status)


def _render_preview(
    request: HttpRequest, plan: ImportPlan, pending: dict, status: int = 200
) -> HttpResponse:
    context = {
        "plan": plan,
        "pending": pending,
        "counts": plan.counts,
        "updated_people": plan.updated_people[:PREVIEW_LIST_LIMIT],
        "more_updated": max(0, len(plan.updated_people) - PREVIEW_LIST_LIMIT),
        "deactivated_people": plan.deactivated_people[:PREVIEW_LIST_LIMIT],
        "more_deactivated": max(0, len(plan.deactivated_people) - PREVIEW_LIST_LIMIT),
    }
    return render(request, "org/import_preview.html", context, status=status)


def _expired(request: HttpRequest) -> HttpResponse:
    _discard(request)
    alert = _(
        "This preview is no longer valid (it expired or the file changed). Upload the file again."
    )
    return _render_upload(request, ImportUploadForm(), status=409, alert=alert)


# --- steps -----------------------------------------------------------------------------------


def _upload(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_upload(request, form, status=400)
    _discard(request)
    upload = form.cleaned_data["file"]
    token, digest = _store_upload(upload)
    pending = {
        "token": token,
        "sha256": digest,
        "filename": upload.name,
        "deactivate_missing": form.cleaned_data["deactivate_missing"],
    }
    request.session[SESSION_KEY] = pending
    try:
        plan = hr_import_preview(
            content=(_import_dir() / token).read_bytes(),
            filename=upload.name,
            deactivate_missing=pending["deactivate_missing"],
        )
    except ImportFileError as error:
        _discard(request)
        form.add_error("file", error.message)
        return _render_upload(request, form, status=400)
    return _render_preview(request, plan, pending)


def _replan(request: HttpRequest, plan_with):
    """Run the preview or the import again on the stored upload: (pending, plan), or None when
    the upload has expired or no longer reads."""
    found = _pending_content(request)
    if found is None:
        return None
    pending, content = found
    try:
        plan = plan_with(
            content=content,
            filename=pending["filename"],
            deactivate_missing=pending["deactivate_missing"],
        )
    except ImportFileError:
        return None
    return pending, plan


def _confirm(request: HttpRequest) -> HttpResponse:
    try:
        replanned = _replan(request, hr_import_apply)
    except ImportConflictError:
        messages.error(
            request,
            _(
                "Someone changed the same data while the import was running. Nothing was "
                "imported; check the preview and try again."
            ),
        )
        return redirect("org:import")
    if replanned is None:
        return _expired(request)
    pending, plan = replanned
    if not plan.applied:
        # The database changed after the preview: show the new problems, keep the file.
        return _render_preview(request, plan, pending, status=409)
    _discard(request)
    c = plan.counts
    messages.success(
        request,
        _(
            "Import done: %(new)s new people, %(updated)s updated, %(left)s marked as having "
            "left, %(units)s new units, %(teams)s new teams."
        )
        % {
            "new": c.new_people,
            "updated": c.updated_people,
            "left": c.deactivated_people,
            "units": c.new_units,
            "teams": c.new_teams,
        },
    )
    return redirect("org:import")


def _problems_csv(request: HttpRequest) -> HttpResponse:
    replanned = _replan(request, hr_import_preview)
    if replanned is None:
        return _expired(request)
    _pending, plan = replanned
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="import-problems.csv"'
    # BOM and semicolons: what Excel with Finnish settings opens without a wizard.
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Row"), _("Column"), _("Problem")])
    for problem in plan.problems:
        writer.writerow(
            [problem.row, _spreadsheet_text(problem.column), _spreadsheet_text(problem.message)]
        )
    return response


def _spreadsheet_text(text: str) -> str:
    # Text from the uploaded file must not become a formula when Excel opens the report.
    return f"'{text}" if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


@require_perm("org.import_people")
@require_http_methods(["GET", "POST"])
def import_people(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _render_upload(request, ImportUploadForm())
    step = request.POST.get("step", "upload")
    if step == "confirm":
        return _confirm(request)
    if step == "problems":
        return _problems_csv(request)
    if step == "cancel":
        _discard(request)
        messages.info(request, _("The import was cancelled; nothing was changed."))
        return redirect("org:import")
    return _upload(request)
