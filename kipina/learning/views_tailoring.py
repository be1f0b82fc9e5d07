"""A team's tailoring of the strategic competences: the competence map, one competence's
tailoring (meaning, levels, actions, linked resources and orders), and reviews over time.

Every page finds the team the user may see (else 404: a team one may not see looks like one that
does not exist) → validates the form → calls one service → redirects with a message. A refusal
re-renders the page with the message beside its field (status 400; 409 for an edit conflict)
and changes nothing. Everything works without JavaScript; htmx only narrows the resource search.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kipina.core.forms import add_service_error
from kipina.core.htmx import HtmxHttpRequest, render_page_or_partial
from kipina.core.permissions import allowed
from kipina.core.querystrings import filters_querystring
from kipina.learning import selectors_tailoring as selectors
from kipina.learning import services_tailoring as services
from kipina.learning.enums import ActionStatus
from kipina.learning.forms_tailoring import (
    ActionForm,
    ActionStatusForm,
    LinkForm,
    ResourceSearchForm,
    ReviewForm,
    TailoringForm,
)
from kipina.learning.models import Competence, TeamCompetence
from kipina.orders.models import Order
from kipina.org import selectors as org_selectors
from kipina.org.models import Team

TAILOR = services.TAILOR
ACTION_PREFIX = "action"


def _ancestors(team: Team) -> list:
    return [*org_selectors.unit_ancestors(team.unit), team.unit]


def _framework_query(framework) -> str:
    return "?" + urlencode({"framework": framework.idnumber}) if framework else ""


def _url_exists(name: str, *args) -> bool:
    """Whether a page of the catalogue or guidance parts exists (they are built alongside)."""
    try:
        reverse(name, args=args)
    except NoReverseMatch:
        return False
    return True


def _suggestions_url(team: Team) -> str | None:
    """The guidance pages' suggestions for the team, when that page exists."""
    if not _url_exists("learning:team_suggestions", team.code):
        return None
    return reverse("learning:team_suggestions", args=[team.code])


def _competence_url(team: Team, competence: Competence, anchor: str = "", **query) -> str:
    url = reverse("learning:team_competence", args=[team.code, competence.pk])
    query = {key: value for key, value in query.items() if value}
    return url + (f"?{urlencode(query)}" if query else "") + (f"#{anchor}" if anchor else "")


# --- The competence map ------------------------------------------------------------------


@login_required
@require_GET
def team_competences(request: HttpRequest, code: str) -> HttpResponse:
    team = selectors.visible_team(request.user, code)
    today = timezone.localdate()
    choice = selectors.framework_choice(request.GET.get("framework"), today=today)
    groups = selectors.competence_map(team, choice.framework) if choice.framework else []
    rows = [row for group in groups for row in group.rows]
    context = {
        "team": team,
        "ancestors": _ancestors(team),
        "choice": choice,
        "framework": choice.framework,
        "framework_query": _framework_query(choice.framework),
        "groups": groups,
        "total": len(rows),
        "tailored": sum(1 for row in rows if row.tailoring is not None),
        "can_tailor": allowed(request.user, TAILOR, team),
        "suggestions_url": _suggestions_url(team),
    }
    return render(request, "learning/team_competences.html", context)


# --- One competence's tailoring ----------------------------------------------------------


def _tailoring_form(tailoring: TeamCompetence | None, levels) -> TailoringForm:
    if tailoring is None:
        return TailoringForm(initial={"version": 0}, levels=levels)
    return TailoringForm(
        initial={
            "meaning": tailoring.meaning,
            "current_level": tailoring.current_level_id,
            "target_level": tailoring.target_level_id,
            "version": tailoring.version,
        },
        levels=levels,
    )


def _link_form(team: Team, tailoring: TeamCompetence | None) -> LinkForm:
    return LinkForm(initial={"op": "link_order"}, orders=selectors.order_choices(team, tailoring))


def _page(
    request: HtmxHttpRequest,
    team: Team,
    competence: Competence,
    tailoring: TeamCompetence | None,
    *,
    form: TailoringForm | None = None,
    action_form: ActionForm | None = None,
    link_form: LinkForm | None = None,
    conflict: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    levels = selectors.scale_levels(competence)
    people = selectors.team_people(team)
    search = ResourceSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    today = timezone.localdate()
    actions = selectors.actions_of(tailoring) if tailoring else []
    overdue = {
        action.pk
        for action in actions
        if action.due and action.due < today and action.status != ActionStatus.DONE
    }
    context = {
        "team": team,
        "ancestors": _ancestors(team),
        "competence": competence,
        "framework": competence.framework,
        "framework_query": _framework_query(competence.framework),
        "tailoring": tailoring,
        "gap_size": abs(tailoring.gap) if tailoring and tailoring.gap is not None else None,
        "form": form or _tailoring_form(tailoring, levels),
        "conflict": conflict,
        "actions": actions,
        "overdue": overdue,
        "action_form": action_form or ActionForm(people=people, prefix=ACTION_PREFIX),
        "statuses": ActionStatus.choices,
        "resources": selectors.linked_resources(tailoring) if tailoring else [],
        "orders": selectors.linked_orders(tailoring) if tailoring else [],
        "link_form": link_form or _link_form(team, tailoring),
        "search": search,
        "query": query,
        "results": selectors.resource_search(query, tailoring) if tailoring else [],
        "resource_pages": _url_exists("learning:resource", "x"),
        "can_tailor": allowed(request.user, TAILOR, team),
    }
    return render_page_or_partial(request, "learning/team_competence.html", "results", context)


def _with_status(response: HttpResponse, status: int) -> HttpResponse:
    response.status_code = status
    return response


@login_required
@require_http_methods(["GET", "POST"])
def team_competence(request: HtmxHttpRequest, code: str, competence_id: int) -> HttpResponse:
    if request.method == "GET":
        team = selectors.visible_team(request.user, code)
        competence = selectors.competence_for(competence_id)
        return _page(request, team, competence, selectors.tailoring_of(team, competence))
    team = selectors.visible_team(request.user, code, TAILOR)
    competence = selectors.competence_for(competence_id)
    levels = selectors.scale_levels(competence)
    form = TailoringForm(request.POST, levels=levels)
    conflict = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.tailoring_save(
                actor=request.user,
                team=team,
                competence=competence,
                meaning=data["meaning"],
                current_level=data["current_level"],
                target_level=data["target_level"],
                seen_version=data["version"] or 0,
            )
        except services.EditConflict as error:
            conflict = _conflict(request, form, error.current)
            add_service_error(form, error)
        except services.TailoringError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The team's tailoring is saved."))
            return redirect(_competence_url(team, competence))
    tailoring = selectors.tailoring_of(team, competence)
    response = _page(request, team, competence, tailoring, form=form, conflict=conflict)
    return _with_status(response, 409 if conflict else 400)


def _conflict(request: HttpRequest, form: TailoringForm, current: TeamCompetence) -> dict:
    """Their saved tailoring beside the editor's; the form moves on to their version so that
    saving again (after combining) is possible, and keeps everything the editor chose."""
    data = request.POST.copy()
    data["version"] = str(current.version)
    form.data = data
    mine = form.cleaned_data
    return {
        "current": current,
        "mine": {
            "meaning": mine["meaning"],
            "current_level": mine["current_level"],
            "target_level": mine["target_level"],
        },
    }


# --- Actions -----------------------------------------------------------------------------


@login_required
@require_POST
def team_action_add(request: HtmxHttpRequest, code: str, competence_id: int) -> HttpResponse:
    team = selectors.visible_team(request.user, code, TAILOR)
    competence = selectors.competence_for(competence_id)
    tailoring = selectors.tailoring_of(team, competence)
    form = ActionForm(request.POST, people=selectors.team_people(team), prefix=ACTION_PREFIX)
    if tailoring is None:
        form.is_valid()
        form.add_error(None, _("Save the team's tailoring first; then add its actions."))
    elif form.is_valid():
        data = form.cleaned_data
        try:
            services.action_add(
                actor=request.user,
                tailoring=tailoring,
                description=data["description"],
                owner=data["owner"],
                due=data["due"],
                status=data["status"],
            )
        except services.TailoringError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The action is added."))
            return redirect(_competence_url(team, competence, "actions"))
    return _with_status(_page(request, team, competence, tailoring, action_form=form), 400)


@login_required
@require_http_methods(["GET", "POST"])
def team_action(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    perm = TAILOR if request.method == "POST" else "learning.view_team_competences"
    team = selectors.visible_team(request.user, code, perm)
    action = selectors.action_of_team(team, pk)
    competence = action.team_competence.competence
    people = selectors.team_people(team, also=action.owner_id)
    back = _competence_url(team, competence, "actions")
    op = request.POST.get("op", "save")
    form = ActionForm(action=action, people=people, prefix=ACTION_PREFIX)
    if request.method == "POST":
        try:
            if op == "delete":
                services.action_delete(actor=request.user, action=action)
                messages.success(request, _("The action is deleted."))
                return redirect(back)
            if op == "status":
                status_form = ActionStatusForm(request.POST)
                if status_form.is_valid():
                    services.action_set_status(
                        actor=request.user, action=action, status=status_form.cleaned_data["status"]
                    )
                    messages.success(request, _("The action's status is changed."))
                    return redirect(back)
                form.add_error(None, _("Pick one of the statuses."))
            else:
                form = ActionForm(request.POST, people=people, prefix=ACTION_PREFIX)
                if form.is_valid():
                    data = form.cleaned_data
                    services.action_update(
                        actor=request.user,
                        action=action,
                        description=data["description"],
                        owner=data["owner"],
                        due=data["due"],
                        status=data["status"],
                    )
                    messages.success(request, _("The action is saved."))
                    return redirect(back)
        except services.TailoringError as error:
            add_service_error(form, error)
    context = {
        "team": team,
        "ancestors": _ancestors(team),
        "competence": competence,
        "framework_query": _framework_query(competence.framework),
        "action": action,
        "form": form,
        "can_tailor": allowed(request.user, TAILOR, team),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "learning/team_action.html", context, status=status)


# --- Links -------------------------------------------------------------------------------


@login_required
@require_POST
def team_competence_link(request: HtmxHttpRequest, code: str, competence_id: int) -> HttpResponse:
    team = selectors.visible_team(request.user, code, TAILOR)
    competence = selectors.competence_for(competence_id)
    tailoring = selectors.tailoring_of(team, competence)
    form = LinkForm(request.POST, orders=Order.objects.filter(team=team))
    if tailoring is None:
        form.is_valid()
        form.add_error(None, _("Save the team's tailoring first; then link resources and orders."))
    elif form.is_valid():
        data = form.cleaned_data
        op = data["op"]
        try:
            _link(request.user, tailoring, op, data)
        except services.TailoringError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _LINKED[op])
            anchor = "resources" if op.endswith("_resource") else "orders"
            return redirect(_competence_url(team, competence, anchor, q=data.get("q")))
    form.order_choices(selectors.order_choices(team, tailoring))
    return _with_status(_page(request, team, competence, tailoring, link_form=form), 400)


_LINKED = {
    "link_resource": gettext_lazy("The resource is linked."),
    "unlink_resource": gettext_lazy("The resource is no longer linked."),
    "link_order": gettext_lazy("The order is linked."),
    "unlink_order": gettext_lazy("The order is no longer linked."),
}


def _link(actor, tailoring: TeamCompetence, op: str, data: dict) -> None:
    if op == "link_resource":
        services.resource_link(actor=actor, tailoring=tailoring, resource=data["resource"])
    elif op == "unlink_resource":
        services.resource_unlink(actor=actor, tailoring=tailoring, resource=data["resource"])
    elif op == "link_order":
        services.order_link(actor=actor, tailoring=tailoring, order=data["order"])
    else:
        services.order_unlink(actor=actor, tailoring=tailoring, order=data["order"])


# --- Reviews -----------------------------------------------------------------------------


@login_required
@require_GET
def team_reviews(request: HttpRequest, code: str) -> HttpResponse:
    team = selectors.visible_team(request.user, code)
    choice = selectors.framework_choice(request.GET.get("framework"), today=timezone.localdate())
    history = (
        selectors.level_history(team, choice.framework, request.GET.get("page"))
        if choice.framework
        else None
    )
    context = {
        "team": team,
        "ancestors": _ancestors(team),
        "choice": choice,
        "framework": choice.framework,
        "framework_query": _framework_query(choice.framework),
        "history": history,
        "querystring": filters_querystring(request),
        "can_tailor": allowed(request.user, TAILOR, team),
    }
    return render(request, "learning/team_reviews.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def team_review_new(request: HttpRequest, code: str) -> HttpResponse:
    team = selectors.visible_team(request.user, code, TAILOR)
    today = timezone.localdate()
    form = ReviewForm(request.POST or None, initial={"reviewed_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_record(
                actor=request.user,
                team=team,
                reviewed_on=form.cleaned_data["reviewed_on"],
                note=form.cleaned_data["note"],
            )
        except services.TailoringError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("The review of %(date)s is recorded.")
                % {"date": date_format(review.reviewed_on, "SHORT_DATE_FORMAT")},
            )
            url = reverse("learning:team_reviews", args=[team.code])
            framework = request.POST.get("framework", "")
            return redirect(url + (f"?{urlencode({'framework': framework})}" if framework else ""))
    context = {
        "team": team,
        "ancestors": _ancestors(team),
        "form": form,
        "tailorings": selectors.tailorings_to_review(team),
        "framework_idnumber": request.GET.get("framework") or request.POST.get("framework", ""),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "learning/team_review_new.html", context, status=status)


urlpatterns = [
    path("teams/<str:code>/competences/", team_competences, name="team_competences"),
    path(
        "teams/<str:code>/competences/<int:competence_id>/",
        team_competence,
        name="team_competence",
    ),
    path(
        "teams/<str:code>/competences/<int:competence_id>/actions/",
        team_action_add,
        name="team_action_add",
    ),
    path(
        "teams/<str:code>/competences/<int:competence_id>/links/",
        team_competence_link,
        name="team_competence_link",
    ),
    path("teams/<str:code>/actions/<int:pk>/", team_action, name="team_action"),
    path("teams/<str:code>/reviews/", team_reviews, name="team_reviews"),
    path("teams/<str:code>/reviews/new/", team_review_new, name="team_review_new"),
]
