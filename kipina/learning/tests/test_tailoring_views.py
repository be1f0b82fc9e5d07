"""The team tailoring pages: the competence map, one tailoring (form, conflict, actions,
links), reviews over time; errors beside the field and who may see what."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kipina.learning import services_tailoring as services
from kipina.learning.enums import ActionStatus, ResourceStatus
from kipina.learning.models import CompetenceAction, CompetenceReview, ScaleLevel, TeamCompetence
from kipina.learning.resource_index import index_resource
from kipina.learning.tests.factories import (
    CompetenceActionFactory,
    ResourceFactory,
    tailoring_framework,
)
from kipina.orders.tests.factories import order_in_state
from kipina.org.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def en(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def framework(db):
    today = timezone.localdate()
    return tailoring_framework(
        idnumber="STRATEGIA-2030",
        shortname_en="Strategy 2030",
        valid_from=today - dt.timedelta(days=100),
        valid_until=today + dt.timedelta(days=1000),
    )


@pytest.fixture
def competence(framework):
    return framework.competences.get(idnumber="A1-1")


def _level(competence, position: int) -> ScaleLevel:
    return ScaleLevel.objects.get(scale_id=competence.framework.scale_id, position=position)


def _tailor(
    org, competence, *, meaning="Asiakas mukaan suunnitteluun.", now=1, aim=3, who="employee"
):
    return services.tailoring_save(
        actor=org.people[who].user,
        team=org.team,
        competence=competence,
        meaning=meaning,
        current_level=_level(competence, now),
        target_level=_level(competence, aim),
        seen_version=0,
    )


def _url(name: str, org, *args) -> str:
    return reverse(f"learning:{name}", args=[org.team.code, *args])


# --- The map ------------------------------------------------------------------------------


def test_map_lists_areas_and_competences_with_the_teams_levels(org, login_as, en, competence):
    tailoring = _tailor(org, competence)
    CompetenceActionFactory(team_competence=tailoring)
    CompetenceActionFactory(team_competence=tailoring, status=ActionStatus.DONE)
    tailoring.resources.add(ResourceFactory(), ResourceFactory())
    response = login_as("employee").get(_url("team_competences", org))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<h2 id="area-' in page and "Area 1" in page and "Area 2" in page
    assert page.index("Area 1") < page.index("Competence 1.1") < page.index("Area 2")
    assert "<caption" in page and '<th scope="row">' in page
    assert "Beginner" in page and "Forerunner" in page
    assert "2 steps to go" in page
    assert "1 open, 1 done" in page
    assert org.people["employee"].full_name in page
    assert page.count("Not tailored") == 3  # the other three competences
    assert page.count(">Tailor<") == 3
    assert _url("team_competence", org, competence.pk) in page
    assert "1 of 4 competences" in page


def test_map_picks_the_newest_valid_framework_and_offers_a_choice(org, login_as, en, framework):
    today = timezone.localdate()
    newer = tailoring_framework(
        idnumber="STRATEGIA-2031", shortname_en="Strategy 2031", valid_from=today
    )
    client = login_as("employee")
    response = client.get(_url("team_competences", org))
    assert response.context["framework"] == newer
    page = response.content.decode()
    assert 'name="framework"' in page and "Strategy 2030" in page
    picked = client.get(_url("team_competences", org) + "?framework=STRATEGIA-2030")
    assert picked.context["framework"] == framework


def test_one_valid_framework_needs_no_picker(org, login_as, en, framework):
    tailoring_framework(
        idnumber="VANHA",
        valid_from=dt.date(2015, 1, 1),
        valid_until=dt.date(2019, 12, 31),
    )
    response = login_as("employee").get(_url("team_competences", org))
    assert response.context["framework"] == framework
    assert 'name="framework"' not in response.content.decode()


def test_when_no_framework_is_valid_the_newest_is_shown_with_a_picker(org, login_as, en):
    old = tailoring_framework(idnumber="OLD", valid_until=dt.date(2019, 1, 1))
    older = tailoring_framework(
        idnumber="OLDER", valid_from=dt.date(2010, 1, 1), valid_until=dt.date(2012, 1, 1)
    )
    old.valid_from = dt.date(2016, 1, 1)
    old.save()
    response = login_as("employee").get(_url("team_competences", org))
    assert response.context["framework"] == old
    assert {f.idnumber for f in response.context["choice"].options} == {"OLD", "OLDER"}
    assert older.idnumber in response.content.decode()


def test_map_without_any_framework(org, login_as, en):
    response = login_as("employee").get(_url("team_competences", org))
    assert response.status_code == 200
    assert "There is no competence framework yet" in response.content.decode()


def test_the_team_page_links_to_the_map_for_those_who_may_see_it(org, login_as, en):
    url = reverse("org:team", args=[org.team.code])
    map_url = _url("team_competences", org)
    assert map_url in login_as("employee").get(url).content.decode()
    assert map_url not in login_as("supervisor").get(url).content.decode()


def test_teams_one_may_not_see_are_404(org, login_as, competence):
    client = login_as("supervisor")
    assert client.get(_url("team_competences", org)).status_code == 404
    assert client.get(_url("team_competence", org, competence.pk)).status_code == 404
    assert client.get(_url("team_reviews", org)).status_code == 404
    response = client.post(_url("team_competence", org, competence.pk), {"meaning": "x"})
    assert response.status_code == 404
    assert not TeamCompetence.objects.exists()


# --- One tailoring ------------------------------------------------------------------------


def test_tailor_a_competence_for_the_first_time(org, login_as, en, competence):
    client = login_as("team_lead")
    page = client.get(_url("team_competence", org, competence.pk)).content.decode()
    assert "<legend>Where we are now" in page and "<legend>Where we aim" in page
    assert 'name="version" value="0"' in page
    response = client.post(
        _url("team_competence", org, competence.pk),
        {
            "meaning": "Asiakas mukaan suunnitteluun.",
            "current_level": _level(competence, 1).pk,
            "target_level": _level(competence, 2).pk,
            "version": "0",
        },
    )
    assert response.status_code == 302
    tailoring = TeamCompetence.objects.get()
    assert tailoring.updated_by == org.people["team_lead"]
    assert tailoring.gap == 1
    page = client.get(response["Location"]).content.decode()
    assert "The team&#x27;s tailoring is saved." in page
    assert "1 step to go" in page
    assert 'name="version" value="1"' in page


def test_a_level_of_another_scale_is_an_error_beside_the_field(org, login_as, en, competence):
    other = tailoring_framework()
    stranger = ScaleLevel.objects.filter(scale_id=other.scale_id).first()
    response = login_as("employee").post(
        _url("team_competence", org, competence.pk),
        {"meaning": "x", "current_level": stranger.pk, "version": "0"},
    )
    assert response.status_code == 400
    assert 'id="id_current_level_error"' in response.content.decode()
    assert not TeamCompetence.objects.exists()


def test_a_stale_form_shows_both_versions_and_keeps_mine(org, login_as, en, competence):
    _tailor(org, competence, meaning="Alkuperäinen")
    services.tailoring_save(
        actor=org.people["team_lead"].user,
        team=org.team,
        competence=competence,
        meaning="Heidän versionsa.",
        current_level=_level(competence, 2),
        target_level=_level(competence, 3),
        seen_version=1,
    )
    client = login_as("employee")
    stale = {
        "meaning": "Minun versioni.",
        "current_level": _level(competence, 1).pk,
        "target_level": _level(competence, 3).pk,
        "version": "1",
    }
    response = client.post(_url("team_competence", org, competence.pk), stale)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this competence" in page
    assert "Heidän versionsa." in page  # theirs, beside
    assert "Minun versioni." in page  # mine, kept in the form
    assert org.people["team_lead"].full_name in page
    assert 'name="version" value="2"' in page
    assert TeamCompetence.objects.get().meaning == "Heidän versionsa."
    resent = {**stale, "version": "2", "meaning": "Yhdistetty."}
    assert client.post(_url("team_competence", org, competence.pk), resent).status_code == 302
    tailoring = TeamCompetence.objects.get()
    assert (tailoring.meaning, tailoring.version) == ("Yhdistetty.", 3)


def test_creating_what_someone_just_created_is_a_conflict(org, login_as, en, competence):
    _tailor(org, competence, meaning="Ehdin ensin.", who="team_lead")
    response = login_as("employee").post(
        _url("team_competence", org, competence.pk), {"meaning": "Minäkin.", "version": "0"}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Ehdin ensin." in page and "Minäkin." in page
    assert 'name="version" value="1"' in page
    assert TeamCompetence.objects.count() == 1


def test_an_unknown_competence_is_404(org, login_as):
    assert login_as("employee").get(_url("team_competence", org, 999999)).status_code == 404


# --- Actions ------------------------------------------------------------------------------


def test_add_an_action_and_see_it_marked_overdue(org, login_as, en, competence):
    tailoring = _tailor(org, competence)
    client = login_as("employee")
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = client.post(
        _url("team_action_add", org, competence.pk),
        {
            "action-description": "Asiakasraati koolle",
            "action-owner": org.people["team_lead"].pk,
            "action-due": yesterday.isoformat(),
            "action-status": ActionStatus.PLANNED,
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#actions")
    action = tailoring.actions.get()
    assert action.owner == org.people["team_lead"]
    page = client.get(_url("team_competence", org, competence.pk)).content.decode()
    assert "Asiakasraati koolle" in page and "Overdue" in page
    CompetenceAction.objects.update(status=ActionStatus.DONE)
    assert "Overdue" not in client.get(_url("team_competence", org, competence.pk)).content.decode()


def test_an_action_without_a_description_is_an_error_beside_it(org, login_as, en, competence):
    _tailor(org, competence)
    response = login_as("employee").post(
        _url("team_action_add", org, competence.pk),
        {"action-description": "", "action-status": ActionStatus.PLANNED},
    )
    assert response.status_code == 400
    assert 'id="id_action-description_error"' in response.content.decode()
    assert not CompetenceAction.objects.exists()


def test_an_outsider_cannot_own_an_action(org, login_as, en, competence):
    _tailor(org, competence)
    outsider = PersonFactory(unit=org.other_unit, team=org.other_team)
    response = login_as("employee").post(
        _url("team_action_add", org, competence.pk),
        {
            "action-description": "Ulkopuolinen",
            "action-owner": outsider.pk,
            "action-status": ActionStatus.PLANNED,
        },
    )
    assert response.status_code == 400
    assert 'id="id_action-owner_error"' in response.content.decode()
    assert not CompetenceAction.objects.exists()


def test_actions_wait_for_the_first_save(org, login_as, en, competence):
    response = login_as("employee").post(
        _url("team_action_add", org, competence.pk),
        {"action-description": "Liian aikaisin", "action-status": ActionStatus.PLANNED},
    )
    assert response.status_code == 400
    assert "Save the team&#x27;s tailoring first" in response.content.decode()
    assert not CompetenceAction.objects.exists()


def test_change_edit_and_delete_an_action(org, login_as, en, competence):
    tailoring = _tailor(org, competence)
    action = CompetenceActionFactory(team_competence=tailoring, description="Vanha")
    client = login_as("support_person")
    url = _url("team_action", org, action.pk)
    page = client.get(url).content.decode()
    assert 'value="Vanha"' in page
    response = client.post(url, {"op": "status", "status": ActionStatus.IN_PROGRESS})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS
    response = client.post(
        url,
        {
            "op": "save",
            "action-description": "Uusi",
            "action-owner": org.people["support_person"].pk,
            "action-due": "2030-05-01",
            "action-status": ActionStatus.DONE,
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.description, action.due, action.status) == (
        "Uusi",
        dt.date(2030, 5, 1),
        ActionStatus.DONE,
    )
    bad = client.post(url, {"op": "save", "action-description": "", "action-status": "done"})
    assert bad.status_code == 400
    assert 'id="id_action-description_error"' in bad.content.decode()
    assert client.post(url, {"op": "delete"}).status_code == 302
    assert not CompetenceAction.objects.exists()


def test_another_teams_action_is_404(org, login_as, competence):
    from kipina.learning.tests.factories import TeamCompetenceFactory

    foreign = CompetenceActionFactory(
        team_competence=TeamCompetenceFactory(team=org.other_team, competence=competence)
    )
    client = login_as("employee")
    assert client.get(_url("team_action", org, foreign.pk)).status_code == 404
    assert client.post(_url("team_action", org, foreign.pk), {"op": "delete"}).status_code == 404
    assert CompetenceAction.objects.filter(pk=foreign.pk).exists()


# --- Links --------------------------------------------------------------------------------


def test_search_and_link_a_published_resource(org, login_as, en, competence):
    _tailor(org, competence)
    published = ResourceFactory(title="Asiakasraadin vetäminen")
    draft = ResourceFactory(title="Asiakasraadin luonnos", status=ResourceStatus.DRAFT)
    for resource in (published, draft):
        index_resource(resource)
    client = login_as("employee")
    page_url = _url("team_competence", org, competence.pk)
    page = client.get(page_url + "?q=asiakasraati").content.decode()
    assert "Asiakasraadin vetäminen" in page
    assert "Asiakasraadin luonnos" not in page
    response = client.post(
        _url("team_competence_link", org, competence.pk),
        {"op": "link_resource", "resource": published.pk, "q": "asiakasraati"},
    )
    assert response.status_code == 302
    assert "q=asiakasraati" in response["Location"]
    tailoring = TeamCompetence.objects.get()
    assert list(tailoring.resources.all()) == [published]
    page = client.get(page_url + "?q=asiakasraati").content.decode()
    assert "0 published resources found" in page  # linked ones leave the results
    refused = client.post(
        _url("team_competence_link", org, competence.pk),
        {"op": "link_resource", "resource": draft.pk},
    )
    assert refused.status_code == 400
    assert "Only published resources can be linked." in refused.content.decode()
    client.post(
        _url("team_competence_link", org, competence.pk),
        {"op": "unlink_resource", "resource": published.pk},
    )
    assert not tailoring.resources.exists()


def test_htmx_search_returns_only_the_results(org, login_as, en, competence):
    _tailor(org, competence)
    index_resource(ResourceFactory(title="Palvelumuotoilun perusteet"))
    response = login_as("employee").get(
        _url("team_competence", org, competence.pk) + "?q=palvelumuotoilu",
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="resource-results">')
    assert "Palvelumuotoilun perusteet" in page and "<h1>" not in page


def test_link_only_the_teams_own_orders(org, login_as, en, competence):
    _tailor(org, competence)
    own = order_in_state(org, "planned")
    foreign = order_in_state(org, "planned", requester="coordinator", override_reason="Sovittu")
    client = login_as("employee")
    response = client.get(_url("team_competence", org, competence.pk))
    assert list(response.context["link_form"].fields["order"].queryset) == [own]
    assert own.service.name_en in response.content.decode()
    refused = client.post(
        _url("team_competence_link", org, competence.pk), {"op": "link_order", "order": foreign.pk}
    )
    assert refused.status_code == 400
    assert 'id="id_order_error"' in refused.content.decode()
    response = client.post(
        _url("team_competence_link", org, competence.pk), {"op": "link_order", "order": own.pk}
    )
    assert response.status_code == 302 and response["Location"].endswith("#orders")
    page = client.get(_url("team_competence", org, competence.pk)).content.decode()
    assert own.get_absolute_url() in page and "Planned" in page
    client.post(
        _url("team_competence_link", org, competence.pk), {"op": "unlink_order", "order": own.pk}
    )
    assert not TeamCompetence.objects.get().orders.exists()


# --- Reviews ------------------------------------------------------------------------------


def test_record_a_review_and_see_levels_over_time(org, login_as, en, competence):
    tailoring = _tailor(org, competence, now=1, aim=3)
    client = login_as("team_lead")
    form = client.get(_url("team_review_new", org))
    assert form.status_code == 200
    assert f'value="{timezone.localdate().isoformat()}"' in form.content.decode()
    earlier = timezone.localdate() - dt.timedelta(days=90)
    response = client.post(
        _url("team_review_new", org), {"reviewed_on": earlier.isoformat(), "note": "Kevät"}
    )
    assert response.status_code == 302
    services.tailoring_save(
        actor=org.people["employee"].user,
        team=org.team,
        competence=competence,
        meaning=tailoring.meaning,
        current_level=_level(competence, 2),
        target_level=_level(competence, 3),
        seen_version=1,
    )
    client.post(_url("team_review_new", org), {"reviewed_on": timezone.localdate().isoformat()})
    assert CompetenceReview.objects.count() == 2
    response = client.get(_url("team_reviews", org))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<caption id="levels-caption">' in page and '<th scope="col"><time' in page
    assert "Competence 1.1" in page
    assert "Practitioner" in page and "Beginner" in page
    assert "up 1 step" in page
    assert "Kevät" in page
    history = response.context["history"]
    assert [review.reviewed_on for review in history.reviews] == [earlier, timezone.localdate()]


def test_a_review_in_the_future_is_an_error_beside_the_date(org, login_as, en, competence):
    _tailor(org, competence)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = login_as("employee").post(
        _url("team_review_new", org), {"reviewed_on": tomorrow.isoformat()}
    )
    assert response.status_code == 400
    assert 'id="id_reviewed_on_error"' in response.content.decode()
    assert not CompetenceReview.objects.exists()


def test_a_review_with_nothing_tailored_is_refused_clearly(org, login_as, en, framework):
    response = login_as("employee").post(
        _url("team_review_new", org), {"reviewed_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 400
    assert "nothing to review" in response.content.decode()
    assert not CompetenceReview.objects.exists()


def test_reviews_page_without_reviews(org, login_as, en, framework):
    response = login_as("employee").get(_url("team_reviews", org))
    assert response.status_code == 200
    assert "has not recorded a review" in response.content.decode()


def test_a_level_can_be_taken_back_to_not_set(org, login_as, en, competence):
    _tailor(org, competence)
    client = login_as("employee")
    page = client.get(_url("team_competence", org, competence.pk)).content.decode()
    assert "Not assessed yet" in page and "Not decided yet" in page
    response = client.post(
        _url("team_competence", org, competence.pk),
        {
            "meaning": "x",
            "current_level": "",
            "target_level": _level(competence, 2).pk,
            "version": 1,
        },
    )
    assert response.status_code == 302
    tailoring = TeamCompetence.objects.get()
    assert tailoring.current_level is None and tailoring.target_level.position == 2
