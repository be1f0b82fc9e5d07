"""The method library: browse and search, read, create, edit (with conflicts), history, diff,
revert, publish/unpublish, comments and "I used this".

Actions follow the house pattern: find the method the user may see (else 404) → check the
permission (403) → validate the form → call one service → redirect with a message; a service's
refusal re-renders the page with the message beside its field and changes nothing.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kipina.core.forms import add_service_error
from kipina.core.htmx import HtmxHttpRequest, render_page_or_partial
from kipina.core.markdown import render as render_markdown
from kipina.core.permissions import allowed, require_perm
from kipina.core.querystrings import filters_querystring
from kipina.core.search.highlight import highlight
from kipina.toolkit import selectors, services
from kipina.toolkit.forms import (
    CommentForm,
    LibraryFilterForm,
    MethodForm,
    UnpublishForm,
    UseForm,
)
from kipina.toolkit.models import Method

FACET_TITLES = {
    "purpose": gettext_lazy("Purpose"),
    "arc": gettext_lazy("Place in the workshop"),
    "mode": gettext_lazy("On site or remote"),
}


def _facet_links(request: HttpRequest, facets: dict) -> list[dict]:
    """Each facet value with its count and the address that filters by it (or clears it)."""
    groups = []
    for name, values in facets.items():
        current = request.GET.get(name, "")
        links = []
        for code, label, count in values:
            query = request.GET.copy()
            query.pop("page", None)
            if code == current:
                query.pop(name, None)
            else:
                query[name] = code
            if count or code == current:
                links.append(
                    {
                        "label": label,
                        "count": count,
                        "url": f"?{query.urlencode()}",
                        "active": code == current,
                    }
                )
        groups.append({"name": name, "title": FACET_TITLES[name], "links": links})
    return groups


@require_perm("toolkit.browse")
def library(request: HtmxHttpRequest) -> HttpResponse:
    form = LibraryFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    found = selectors.library(request.user, data, request.GET.get("page"))
    rows = [
        {
            "method": method,
            "title": highlight(method.title, found.groups, method.language_id),
            "summary": highlight(method.summary, found.groups, method.language_id),
        }
        for method in found.page.object_list
    ]
    context = {
        "form": form,
        "found": found,
        "rows": rows,
        "facets": _facet_links(request, found.facets),
        "page": found.page,
        "querystring": filters_querystring(request),
        "can_create": allowed(request.user, "toolkit.create_method"),
        "can_import": allowed(request.user, "toolkit.import_methods"),
    }
    return render_page_or_partial(request, "toolkit/library.html", "results", context)


def _detail_context(request: HttpRequest, method: Method, **forms) -> dict:
    user = request.user
    comments = method.comments.select_related("author").all()
    uses = method.uses.select_related("person", "order__service").all()[:20]
    return {
        "method": method,
        "steps": render_markdown(method.steps),
        "tips": render_markdown(method.tips),
        "contributors": method.contributors.order_by("last_name", "first_name"),
        "translations": method.translations.filter(status=method.status),
        "comments": comments,
        "uses": uses,
        "comment_form": forms.get("comment_form") or CommentForm(),
        "use_form": forms.get("use_form") or UseForm(),
        "unpublish_form": forms.get("unpublish_form") or UnpublishForm(),
        "can_edit": allowed(user, "toolkit.edit_method", method),
        "can_comment": allowed(user, "toolkit.comment_method", method),
        "can_use": allowed(user, "toolkit.use_method", method),
        "can_publish": allowed(user, "toolkit.publish_method", method)
        and method.status != "published",
        "can_unpublish": allowed(user, "toolkit.unpublish_method", method)
        and method.status == "published",
    }


@require_perm("toolkit.browse")
def method_detail(request: HttpRequest, key: str) -> HttpResponse:
    method = selectors.method_for(request.user, key)
    return render(request, "toolkit/method_detail.html", _detail_context(request, method))


@require_perm("toolkit.browse")
def method_new(request: HttpRequest) -> HttpResponse:
    if not allowed(request.user, "toolkit.create_method"):
        raise PermissionDenied
    form = MethodForm(request.POST or None, initial={"language": "fi", "licence": "own"})
    if request.method == "POST" and form.is_valid():
        try:
            method = services.method_create(
                actor=request.user,
                data=form.service_data(),
                publish=request.POST.get("publish") == "1",
            )
        except services.ToolkitError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The method is saved."))
            return redirect(method)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "toolkit/method_form.html", {"form": form, "method": None}, status=status
    )


@require_perm("toolkit.browse")
def method_edit(request: HttpRequest, key: str) -> HttpResponse:
    method = selectors.method_for(request.user, key)
    if not allowed(request.user, "toolkit.edit_method", method):
        raise PermissionDenied
    conflict = None
    if request.method == "POST":
        form = MethodForm(request.POST, instance=Method.objects.get(pk=method.pk), editing=True)
        if form.is_valid():
            try:
                services.method_edit(
                    actor=request.user,
                    method=method,
                    data=form.service_data(),
                    seen_version=form.cleaned_data.get("version") or 0,
                    summary=form.cleaned_data["summary_of_change"],
                )
            except services.EditConflict as error:
                conflict = _conflict(form, error.current)
                add_service_error(form, error)
            except services.ToolkitError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Your changes are saved as a new revision."))
                return redirect(method)
    else:
        form = MethodForm(instance=method, initial={"version": method.version}, editing=True)
    return render(
        request,
        "toolkit/method_form.html",
        {"form": form, "method": method, "conflict": conflict},
        status=409 if conflict else (400 if request.method == "POST" else 200),
    )


def _conflict(form: MethodForm, current: Method) -> dict:
    """Their saved version beside the editor's text; the form moves on to their version so
    that saving again (after combining) is possible, and keeps every word the editor wrote."""
    mine = Method(**{name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS})
    data = form.data.copy()
    data["version"] = str(current.version)
    form.data = data
    return {"current": current, "changes": selectors.diff_fields(current, mine)}


@require_perm("toolkit.browse")
def method_history(request: HttpRequest, key: str) -> HttpResponse:
    method = selectors.method_for(request.user, key)
    revisions = method.history.select_related("history_user__person").order_by("-history_id")
    page = selectors.paginate_revisions(revisions, request.GET.get("page"))
    return render(
        request,
        "toolkit/method_history.html",
        {
            "method": method,
            "page": page,
            "can_edit": allowed(request.user, "toolkit.edit_method", method),
        },
    )


@require_perm("toolkit.browse")
def method_diff(request: HttpRequest, key: str) -> HttpResponse:
    method = selectors.method_for(request.user, key)
    older, newer = selectors.revision_pair(method, request.GET.get("from"), request.GET.get("to"))
    return render(
        request,
        "toolkit/method_diff.html",
        {
            "method": method,
            "older": older,
            "newer": newer,
            "changes": selectors.diff_fields(older, newer),
            "can_edit": allowed(request.user, "toolkit.edit_method", method),
        },
    )


@require_POST
@require_perm("toolkit.browse")
def method_revert(request: HttpRequest, key: str, history_id: int) -> HttpResponse:
    method = selectors.method_for(request.user, key)
    if not allowed(request.user, "toolkit.edit_method", method):
        raise PermissionDenied
    try:
        services.method_revert(
            actor=request.user,
            method=method,
            history_id=history_id,
            seen_version=_int(request.POST.get("version")),
        )
    except services.ToolkitError as error:
        messages.error(request, error.message)
        return redirect("toolkit:method_history", key=method.key)
    messages.success(request, _("The method is back as it was in that revision."))
    return redirect(method)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _method_action(
    request: HttpRequest,
    key: str,
    perm: str,
    *,
    act,
    done: str,
    form_class=None,
    form_name: str = "",
    anchor: str = "",
) -> HttpResponse:
    """One action of the method page: find the method (404) → permission (403) → validate the
    form, if any (400) → `act(method, cleaned_data)` → redirect with `done`. A refusal from the
    service shows beside the form's field (or as a message when there is no form)."""
    method = selectors.method_for(request.user, key)
    if not allowed(request.user, perm, method):
        raise PermissionDenied
    form = form_class(request.POST) if form_class else None
    if form is None or form.is_valid():
        try:
            act(method, form.cleaned_data if form else {})
        except services.ToolkitError as error:
            if form is None:
                messages.error(request, error.message)
                return redirect(method)
            add_service_error(form, error)
        else:
            messages.success(request, done)
            return redirect(method.get_absolute_url() + (f"#{anchor}" if anchor else ""))
    context = _detail_context(request, method, **{form_name: form})
    return render(request, "toolkit/method_detail.html", context, status=400)


@require_POST
@require_perm("toolkit.browse")
def method_publish(request: HttpRequest, key: str) -> HttpResponse:
    return _method_action(
        request,
        key,
        "toolkit.publish_method",
        act=lambda method, data: services.method_publish(actor=request.user, method=method),
        done=_("The method is published in the toolkit."),
    )


@require_POST
@require_perm("toolkit.browse")
def method_unpublish(request: HttpRequest, key: str) -> HttpResponse:
    return _method_action(
        request,
        key,
        "toolkit.unpublish_method",
        act=lambda method, data: services.method_unpublish(
            actor=request.user, method=method, reason=data["reason"]
        ),
        done=_("The method is unpublished."),
        form_class=UnpublishForm,
        form_name="unpublish_form",
    )


@require_POST
@require_perm("toolkit.browse")
def method_comment(request: HttpRequest, key: str) -> HttpResponse:
    return _method_action(
        request,
        key,
        "toolkit.comment_method",
        act=lambda method, data: services.method_comment(
            actor=request.user, method=method, text=data["text"]
        ),
        done=_("Thank you for the comment."),
        form_class=CommentForm,
        form_name="comment_form",
        anchor="comments",
    )


@require_POST
@require_perm("toolkit.browse")
def method_use(request: HttpRequest, key: str) -> HttpResponse:
    return _method_action(
        request,
        key,
        "toolkit.use_method",
        act=lambda method, data: services.method_use_record(
            actor=request.user,
            method=method,
            use=services.UseInput(
                rating=data["rating"], note=data["note"], used_on=data["used_on"]
            ),
        ),
        done=_("Thank you: your rating counts in the method's average."),
        form_class=UseForm,
        form_name="use_form",
        anchor="uses",
    )
