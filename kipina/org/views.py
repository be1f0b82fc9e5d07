from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kipina.core.htmx import HtmxHttpRequest, render_page_or_partial
from kipina.core.permissions import require_perm
from kipina.core.querystrings import filters_querystring
from kipina.org import selectors
from kipina.org.forms import DirectoryFilterForm
from kipina.org.models import Unit


@login_required
def home(request: HttpRequest) -> HttpResponse:
    person = getattr(request.user, "person", None)
    context = {"person": person, "roles": selectors.roles_for_display(request.user)}
    if person is not None:
        context["headcount"] = selectors.unit_headcount(person.unit)
        if person.team_id:
            context["team_size"] = person.team.members.filter(active=True).count()
    return render(request, "org/home.html", context)


@require_perm("org.browse")
def unit_index(request: HttpRequest) -> HttpResponse:
    page = selectors.with_headcounts(
        selectors.paginate(selectors.root_units(), request.GET.get("page"))
    )
    return render(request, "org/unit_index.html", {"page": page})


@require_perm("org.browse")
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = selectors.unit_by_code(code)
    context = {
        "unit": unit,
        "ancestors": selectors.unit_ancestors(unit),
        "headcount": selectors.unit_headcount(unit),
        "children": selectors.with_headcounts(
            selectors.paginate(selectors.unit_children(unit), request.GET.get("units_page"))
        ),
        "teams": selectors.paginate(selectors.unit_teams(unit), request.GET.get("teams_page")),
        "people": selectors.paginate(
            selectors.unit_people(user=request.user, unit=unit), request.GET.get("people_page")
        ),
    }
    return render(request, "org/unit_detail.html", context)


@require_perm("org.browse")
def team_detail(request: HttpRequest, code: str) -> HttpResponse:
    team = selectors.team_by_code(code)
    context = {
        "team": team,
        "ancestors": [*selectors.unit_ancestors(team.unit), team.unit],
        "members": selectors.paginate(
            selectors.team_members(user=request.user, team=team), request.GET.get("page")
        ),
    }
    return render(request, "org/team_detail.html", context)


@require_perm("org.browse")
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_for_viewer(user=request.user, pk=pk)
    context = {
        "person": person,
        "show_details": request.user.has_perm("org.view_person_details", person),
        "ancestors": [*selectors.unit_ancestors(person.unit), person.unit],
        "reports": selectors.paginate(
            selectors.person_reports(user=request.user, person=person), request.GET.get("page")
        ),
    }
    return render(request, "org/person_detail.html", context)


@require_perm("org.browse")
def people_directory(request: HtmxHttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None, user=request.user)
    filters: dict = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        unit = Unit.objects.filter(code=data["unit"]).first() if data["unit"] else None
        filters = {
            "text": data["q"].strip(),
            "unit": unit,
            "job_title": data["job_title"],
            "language": data["language"],
            "include_inactive": bool(data.get("inactive")),
        }
    people = selectors.directory(user=request.user, **filters)
    page = selectors.paginate(people, request.GET.get("page"))
    return render_page_or_partial(
        request,
        "org/directory.html",
        "results",
        {"form": form, "page": page, "querystring": filters_querystring(request)},
    )
