"""Guidance pages: a team's suggested resources, recommending, "my learning" with answers,
bookmarks and the personal learning log, and the recommendations one has made.

House pattern: find what the user may see (else 404) → check the permission (403) → validate
the form → call one service → redirect (POST → redirect → GET); a service's refusal re-renders
the form with the message beside its field and changes nothing.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kipina.core.forms import add_service_error
from kipina.core.htmx import HtmxHttpRequest
from kipina.core.permissions import allowed, require_perm
from kipina.core.querystrings import filters_querystring
from kipina.learning import selectors_guidance as selectors
from kipina.learning import services_guidance as services
from kipina.learning.enums import RecommendationResponse, ResourceStatus
from kipina.learning.forms_guidance import AnswerForm, BookmarkForm, LogEntryForm, RecommendForm
from kipina.learning.models import Resource
from kipina.learning.templatetags.learning_guidance import ResourceGuidance


def _status(request: HttpRequest, form) -> int:
    return 400 if request.method == "POST" and form.errors else 200


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


# --- A team's suggestions --------------------------------------------------------------------


@require_perm("learning.view_resources")
def team_suggestions(request: HttpRequest, code: str) -> HttpResponse:
    team = selectors.team_for_guidance(request.user, code)
    found = selectors.team_suggestions(team)
    return render(
        request,
        "learning/guidance_team_suggestions.html",
        {
            "team": team,
            "found": found,
            "language_names": sorted(
                selectors.language_name(language) for language in found.languages
            ),
            "can_recommend": allowed(request.user, "learning.recommend"),
        },
    )


# --- Recommending ---------------------------------------------------------------------------


@require_perm("learning.recommend")
def recommend(request: HttpRequest, key: str) -> HttpResponse:
    resource = selectors.published_resource(key)
    if request.method == "POST":
        form = RecommendForm(request.POST, user=request.user, resource=resource)
        if form.is_valid():
            data = form.cleaned_data
            try:
                recommendation = services.recommendation_create(
                    actor=request.user,
                    resource=resource,
                    team=data.get("team"),
                    person=data.get("person"),
                    competence=data.get("competence"),
                    note=data.get("note", ""),
                )
            except services.GuidanceError as error:
                add_service_error(form, error)
            else:
                recipient = recommendation.team or recommendation.person
                messages.success(
                    request,
                    _("“%(resource)s” is recommended to %(recipient)s.")
                    % {"resource": resource.title, "recipient": recipient},
                )
                if recommendation.team is not None:
                    return redirect("learning:team_suggestions", code=recommendation.team.code)
                return redirect("learning:recommendations_made")
    else:
        form = RecommendForm(
            user=request.user, resource=resource, initial=_recommend_initial(request)
        )
    return render(
        request,
        "learning/guidance_recommend.html",
        {"form": form, "resource": resource},
        status=_status(request, form),
    )


def _recommend_initial(request: HttpRequest) -> dict:
    initial: dict[str, object] = {"recipient": RecommendForm.TEAM}
    if request.GET.get("team"):
        initial["team"] = request.GET["team"]
    if request.GET.get("competence", "").isdigit():
        initial["competence"] = int(request.GET["competence"])
    return initial


@require_perm("learning.recommend")
def recommendations_made(request: HttpRequest) -> HttpResponse:
    person = _person_or_403(request)
    page = selectors.recommendations_made(person, request.GET.get("page"))
    return render(
        request,
        "learning/guidance_recommendations_made.html",
        {"page": page, "querystring": filters_querystring(request)},
    )


def _person_or_403(request: HttpRequest):
    person = getattr(request.user, "person", None)
    if person is None or not person.active:
        raise PermissionDenied
    return person


# --- My learning ---------------------------------------------------------------------------------


@require_perm("learning.keep_learning_log")
def my_learning(request: HttpRequest) -> HttpResponse:
    person = _person_or_403(request)
    mine = selectors.my_learning(person, request.GET)
    return render(
        request,
        "learning/my_learning.html",
        {
            "mine": mine,
            "person": person,
            "querystrings": {
                param: filters_querystring(request, drop=param)
                for param in ("rpage", "tpage", "bpage", "lpage")
            },
            "responses": RecommendationResponse,
            "can_recommend": allowed(request.user, "learning.recommend"),
        },
    )


@require_POST
@require_perm("learning.keep_learning_log")
def recommendation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = selectors.recommendation_for_recipient(request.user, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose interested, done or new."))
        return redirect("learning:my_learning")
    response = form.cleaned_data["response"]
    try:
        services.recommendation_answer(
            actor=request.user, recommendation=recommendation, response=response
        )
    except services.GuidanceError as error:
        messages.error(request, error.message)
        return redirect("learning:my_learning")
    if response == RecommendationResponse.DONE:
        messages.success(
            request,
            _("Marked as done. Note it in your learning log below, or go back without saving."),
        )
        query = f"?resource={recommendation.resource.key}"
        if recommendation.competence_id:
            query += f"&competence={recommendation.competence_id}"
        return redirect(reverse("learning:log_new") + query)
    if response == RecommendationResponse.INTERESTED:
        messages.success(request, _("Marked as interested."))
    else:
        messages.success(request, _("Marked as new again."))
    return redirect("learning:my_learning")


# --- Bookmarks ------------------------------------------------------------------------------------


@require_POST
@require_perm("learning.keep_learning_log")
def bookmark(request: HtmxHttpRequest, key: str) -> HttpResponse:
    person = _person_or_403(request)
    resource = selectors.resource_for_bookmark(person, key)
    form = BookmarkForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Bookmark or remove the bookmark."))
    try:
        bookmarked = services.bookmark_set(
            actor=request.user, resource=resource, bookmarked=form.cleaned_data["bookmark"]
        )
    except services.GuidanceError as error:
        if request.htmx:
            return HttpResponseBadRequest(error.message)
        messages.error(request, error.message)
        return redirect(_safe_next(request, reverse("learning:my_learning")))
    note = _("Bookmarked.") if bookmarked else _("The bookmark is removed.")
    if request.htmx:
        return _bookmark_button(request, resource, bookmarked, note)
    messages.success(request, note)
    return redirect(_safe_next(request, reverse("learning:my_learning")))


def _bookmark_button(
    request: HttpRequest, resource: Resource, bookmarked: bool, note: str
) -> HttpResponse:
    guidance = ResourceGuidance(
        can_bookmark=True,
        bookmarked=bookmarked,
        can_recommend=allowed(request.user, "learning.recommend"),
    )
    return render(
        request,
        "learning/includes/resource_guidance.html#bookmark_button",
        {
            "resource": resource,
            "guidance": guidance,
            "bookmark_message": note,
            "next_url": _safe_next(request, reverse("learning:my_learning")),
        },
    )


# --- Learning log ---------------------------------------------------------------------------------


def _log_input(form: LogEntryForm) -> services.LogInput:
    data = form.cleaned_data
    return services.LogInput(
        title=data["title"],
        learned_on=data["learned_on"],
        hours=data.get("hours"),
        reflection=data.get("reflection", ""),
        resource=data.get("resource"),
        competence=data.get("competence"),
    )


@require_perm("learning.keep_learning_log")
def log_new(request: HttpRequest) -> HttpResponse:
    person = _person_or_403(request)
    prefill = Resource.objects.filter(
        key=request.GET.get("resource") or "", status=ResourceStatus.PUBLISHED
    ).first()
    if request.method == "POST":
        form = LogEntryForm(request.POST, person=person, extra_resource=prefill)
        if form.is_valid():
            try:
                services.log_entry_create(actor=request.user, data=_log_input(form))
            except services.GuidanceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Saved in your learning log."))
                return redirect(reverse("learning:my_learning") + "#learning-log")
    else:
        form = LogEntryForm(
            person=person, extra_resource=prefill, initial=_log_initial(request, prefill)
        )
    return render(
        request,
        "learning/my_learning_log_form.html",
        {"form": form, "entry": None},
        status=_status(request, form),
    )


def _log_initial(request: HttpRequest, resource: Resource | None) -> dict:
    initial: dict[str, object] = {"learned_on": timezone.localdate()}
    if resource is not None:
        initial.update(resource=resource.pk, title=resource.title, hours=resource.duration_hours)
    if request.GET.get("competence", "").isdigit():
        initial["competence"] = int(request.GET["competence"])
    return initial


@require_perm("learning.keep_learning_log")
def log_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.log_entry_for(request.user, pk)
    person = entry.person
    if request.method == "POST":
        form = LogEntryForm(request.POST, instance=entry, person=person)
        if form.is_valid():
            try:
                services.log_entry_edit(actor=request.user, entry=entry, data=_log_input(form))
            except services.GuidanceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The entry is saved."))
                return redirect(reverse("learning:my_learning") + "#learning-log")
    else:
        form = LogEntryForm(instance=entry, person=person)
    return render(
        request,
        "learning/my_learning_log_form.html",
        {"form": form, "entry": entry},
        status=_status(request, form),
    )


@require_POST
@require_perm("learning.keep_learning_log")
def log_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.log_entry_for(request.user, pk)
    try:
        services.log_entry_delete(actor=request.user, entry=entry)
    except services.GuidanceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The entry is deleted."))
    return redirect(reverse("learning:my_learning") + "#learning-log")


urlpatterns = [
    path("teams/<str:code>/suggestions/", team_suggestions, name="team_suggestions"),
    path("resources/<slug:key>/recommend/", recommend, name="recommend"),
    path("resources/<slug:key>/bookmark/", bookmark, name="bookmark"),
    path("me/", my_learning, name="my_learning"),
    path("me/recommendations/", recommendations_made, name="recommendations_made"),
    path("me/log/new/", log_new, name="log_new"),
    path("me/log/<int:pk>/", log_edit, name="log_edit"),
    path("me/log/<int:pk>/delete/", log_delete, name="log_delete"),
    path("recommendations/<int:pk>/answer/", recommendation_answer, name="recommendation_answer"),
]
