"""Good practices: the searchable list across all networks, my practices, one practice with
its comments and "this helped me", writing and editing (with conflicts), publishing.

Everyone signed in reads published practices; a draft is seen only by its author and its
network's runners (a 404 for others). Every change is POST → redirect → GET; htmx swaps the
list's results, the link pickers and the "this helped me" button in place.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kipina.core import markdown
from kipina.core.forms import add_service_error
from kipina.core.htmx import HtmxHttpRequest, render_page_or_partial
from kipina.core.permissions import allowed, require_perm
from kipina.core.querystrings import filters_querystring
from kipina.core.search.highlight import highlight
from kipina.networks import selectors_practices as selectors
from kipina.networks import services_practices as services
from kipina.networks.enums import PracticeStatus
from kipina.networks.forms_practices import (
    PICKERS,
    CommentForm,
    HelpedForm,
    PracticeFilterForm,
    PracticeForm,
    initial_from_post,
)
from kipina.networks.models import Network, Practice, PracticeComment

VIEW = "networks.view_networks"
RUN = "networks.run_network"
FACET_TITLES = {"network": gettext_lazy("Network"), "tag": gettext_lazy("Tag")}
SUMMARY_WORDS = 40


def _facet_links(request: HttpRequest, facets: dict) -> list[dict]:
    """Each facet value with its count and the address that chooses it (or, when chosen,
    clears it)."""
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


@require_perm(VIEW)
@require_GET
def practice_list(request: HtmxHttpRequest) -> HttpResponse:
    form = PracticeFilterForm(request.GET or None)
    filters = form.filters()
    found = selectors.practice_list(request.user, filters, request.GET.get("page"))
    rows = [
        {
            "practice": practice,
            "title": highlight(practice.title, found.groups, practice.language),
            "summary": highlight(
                Truncator(practice.situation).words(SUMMARY_WORDS),
                found.groups,
                practice.language,
            ),
        }
        for practice in found.page.object_list
    ]
    if not request.GET.get("sort"):
        # Show the order the list is in (relevance when searching, else newest).
        form = PracticeFilterForm({**request.GET.dict(), "sort": found.sort})
        form.filters()
    context = {
        "form": form,
        "found": found,
        "rows": rows,
        "facets": _facet_links(request, found.facets),
        "chosen": [(name, filters[name]) for name in ("network", "tag") if name in filters],
        "page": found.page,
        "querystring": filters_querystring(request),
        "can_share": selectors.shareable_networks(request.user).exists(),
    }
    return render_page_or_partial(request, "networks/practice_list.html", "results", context)


@require_perm(VIEW)
@require_GET
def my_practices(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status")
    if status not in PracticeStatus.values:
        status = PracticeStatus.DRAFT
    page = selectors.my_practices(request.user, status=status, page_number=request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "statuses": PracticeStatus.choices,
        "querystring": filters_querystring(request),
    }
    return render(request, "networks/practice_mine.html", context)


# --- one practice ------------------------------------------------------------------------------


def _detail_context(request: HttpRequest, practice: Practice, comment_form=None) -> dict:
    detail = selectors.practice_detail(request.user, practice, request.GET.get("comments"))
    person = getattr(request.user, "person", None)
    runs = allowed(request.user, RUN, practice.network)
    published = practice.status == PracticeStatus.PUBLISHED
    can_discuss = published and allowed(request.user, "networks.discuss_practice", practice)
    return {
        "practice": practice,
        "detail": detail,
        "situation": markdown.render(practice.situation),
        "what_we_did": markdown.render(practice.what_we_did),
        "what_we_learned": markdown.render(practice.what_we_learned),
        "comments": [
            {
                "comment": comment,
                "body": markdown.render(comment.body),
                "can_delete": runs or (person is not None and comment.author_id == person.pk),
            }
            for comment in detail.comments.object_list
        ],
        "helped_by_me": detail.helped_by_me,
        "can_edit": services.may_edit(request.user, practice),
        "can_discuss": can_discuss,
        "comment_form": comment_form or CommentForm(),
    }


@require_perm(VIEW)
@require_GET
def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    practice = selectors.practice_for(request.user, pk)
    return render(request, "networks/practice_detail.html", _detail_context(request, practice))


@require_perm(VIEW)
@require_POST
def practice_helped(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    practice = selectors.practice_for(request.user, pk)
    form = HelpedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Something was missing. Try again."))
        return redirect(practice)
    try:
        count = services.practice_set_helped(
            actor=request.user, practice=practice, helped=form.cleaned_data["helped"]
        )
    except services.NotAllowed as error:
        raise PermissionDenied(error.message) from error
    except services.PracticeError as error:
        messages.error(request, error.message)
        return redirect(practice)
    if request.htmx:
        practice.helped_count = count
        context = {
            "practice": practice,
            "helped_by_me": form.cleaned_data["helped"],
            "can_discuss": True,
            "announce": True,
        }
        return render(request, "networks/practice_detail.html#helped", context)
    return redirect(f"{practice.get_absolute_url()}#helped")


@require_perm(VIEW)
@require_POST
def practice_comment(request: HttpRequest, pk: int) -> HttpResponse:
    practice = selectors.practice_for(request.user, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(
                actor=request.user, practice=practice, body=form.cleaned_data["body"]
            )
        except services.NotAllowed as error:
            raise PermissionDenied(error.message) from error
        except services.PracticeError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your comment is added."))
            last = selectors.last_comments_page(practice)
            return redirect(f"{practice.get_absolute_url()}?comments={last}#comments")
    context = _detail_context(request, practice, comment_form=form)
    return render(request, "networks/practice_detail.html", context, status=400)


@require_perm(VIEW)
@require_POST
def comment_delete(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    practice = selectors.practice_for(request.user, pk)
    comment = get_object_or_404(PracticeComment, pk=comment_pk, practice=practice)
    comment.practice = practice
    try:
        services.comment_delete(actor=request.user, comment=comment)
    except services.NotAllowed as error:
        raise PermissionDenied(error.message) from error
    messages.success(request, _("The comment is deleted."))
    return redirect(f"{practice.get_absolute_url()}#comments")


def _set_status(request: HttpRequest, pk: int, *, publish: bool) -> HttpResponse:
    practice = selectors.practice_for(request.user, pk)
    if not services.may_edit(request.user, practice):
        raise PermissionDenied
    change = services.practice_publish if publish else services.practice_unpublish
    try:
        change(actor=request.user, practice=practice)
    except services.NotAllowed as error:
        raise PermissionDenied(error.message) from error
    if publish:
        messages.success(request, _("The practice is published."))
    else:
        messages.success(
            request, _("The practice is a draft again: only you and the network's runners see it.")
        )
    return redirect(practice)


@require_perm(VIEW)
@require_POST
def practice_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_status(request, pk, publish=True)


@require_perm(VIEW)
@require_POST
def practice_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_status(request, pk, publish=False)


# --- writing ---------------------------------------------------------------------------------


def _render_form(request, practice, form, *, conflict=None, status=200) -> HttpResponse:
    context = {
        "practice": practice,
        "form": form,
        "conflict": conflict,
        "pickers": [
            {"field": form[name], "query": form[query_name], "name": name}
            for name, query_name, _candidates, _label in PICKERS
        ],
    }
    return render(request, "networks/practice_form.html", context, status=status)


def _finding(request: HttpRequest) -> bool:
    """The writer searched a link picker: show what it found, save nothing."""
    return request.POST.get("action") == "find"


@require_perm(VIEW)
@require_http_methods(["GET", "POST"])
def practice_new(request: HtmxHttpRequest) -> HttpResponse:
    networks = selectors.shareable_networks(request.user)
    if not networks.exists():
        raise PermissionDenied
    if request.method == "GET":
        initial = {"language": get_language() or "fi"}
        chosen = request.GET.get("network")
        if chosen and chosen.isdigit():
            initial["network"] = int(chosen)
        return _render_form(request, None, PracticeForm(user=request.user, initial=initial))
    if _finding(request):
        form = PracticeForm(user=request.user, initial=initial_from_post(request.POST))
        return _render_form(request, None, form)
    form = PracticeForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            practice = services.practice_create(
                actor=request.user,
                network=form.cleaned_data["network"],
                data=form.practice_input(),
                publish=request.POST.get("action") == "publish",
            )
        except services.PracticeError as error:
            add_service_error(form, error)
        else:
            if practice.status == PracticeStatus.PUBLISHED:
                messages.success(request, _("The practice is published."))
            else:
                messages.success(request, _("The practice is saved as a draft."))
            return redirect(practice)
    return _render_form(request, None, form, status=400)


def _conflict(form: PracticeForm, current: Practice) -> dict:
    """Their saved text beside the editor's; the form moves on to their version so that saving
    again (after combining) is possible, and keeps every word the editor wrote."""
    data = form.data.copy()
    data["version"] = str(current.version)
    form.data = data
    mine = form.cleaned_data
    fields = [
        (_("Title"), current.title, mine.get("title", "")),
        (_("The situation"), current.situation, mine.get("situation", "")),
        (_("What we did"), current.what_we_did, mine.get("what_we_did", "")),
        (_("What we learned"), current.what_we_learned, mine.get("what_we_learned", "")),
    ]
    return {
        "current": current,
        "changes": [
            {"label": label, "theirs": theirs, "mine": own}
            for label, theirs, own in fields
            if theirs != own
        ],
    }


@require_perm(VIEW)
@require_http_methods(["GET", "POST"])
def practice_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    practice = selectors.practice_for(request.user, pk)
    if not services.may_edit(request.user, practice):
        raise PermissionDenied
    if request.method == "GET":
        initial = {
            "network": practice.network_id,
            "title": practice.title,
            "situation": practice.situation,
            "what_we_did": practice.what_we_did,
            "what_we_learned": practice.what_we_learned,
            "language": practice.language,
            "tags": ", ".join(tag.name for tag in practice.tags.all()),
            "methods": list(practice.methods.values_list("pk", flat=True)),
            "orders": list(practice.orders.values_list("pk", flat=True)),
            "resources": list(practice.resources.values_list("pk", flat=True)),
            "version": practice.version,
        }
        form = PracticeForm(user=request.user, initial=initial)
        _keep_current_network(form, practice)
        return _render_form(request, practice, form)
    if _finding(request):
        form = PracticeForm(user=request.user, initial=initial_from_post(request.POST))
        _keep_current_network(form, practice)
        return _render_form(request, practice, form)
    form = PracticeForm(request.POST, user=request.user)
    _keep_current_network(form, practice)
    conflict = None
    if form.is_valid():
        try:
            changed = services.practice_edit(
                actor=request.user,
                practice=practice,
                data=form.practice_input(),
                seen_version=form.cleaned_data.get("version") or 0,
                network=form.cleaned_data["network"],
                publish=request.POST.get("action") == "publish",
            )
        except services.EditConflict as error:
            conflict = _conflict(form, error.current)
            add_service_error(form, error)
        except services.NotAllowed as error:
            raise PermissionDenied(error.message) from error
        except services.PracticeError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(changed)
    return _render_form(request, practice, form, conflict=conflict, status=409 if conflict else 400)


def _keep_current_network(form: PracticeForm, practice: Practice) -> None:
    """A runner who is not a member may edit the practice without moving it elsewhere: its
    own network is always a choice."""
    field = form.fields["network"]
    field.queryset = Network.objects.filter(
        Q(pk__in=field.queryset.values("pk")) | Q(pk=practice.network_id)
    ).order_by("name")


urlpatterns: list = [
    path("practices/", practice_list, name="practices"),
    path("practices/mine/", my_practices, name="my_practices"),
    path("practices/new/", practice_new, name="practice_new"),
    path("practices/<int:pk>/", practice_detail, name="practice"),
    path("practices/<int:pk>/edit/", practice_edit, name="practice_edit"),
    path("practices/<int:pk>/publish/", practice_publish, name="practice_publish"),
    path("practices/<int:pk>/unpublish/", practice_unpublish, name="practice_unpublish"),
    path("practices/<int:pk>/helped/", practice_helped, name="practice_helped"),
    path("practices/<int:pk>/comments/", practice_comment, name="practice_comment"),
    path(
        "practices/<int:pk>/comments/<int:comment_pk>/delete/",
        comment_delete,
        name="practice_comment_delete",
    ),
]
