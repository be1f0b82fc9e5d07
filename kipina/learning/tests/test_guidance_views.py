"""Guidance pages: a team's suggestions, recommending, my learning (answers, bookmarks, log),
the resource page's bookmark/recommend include, and the recommendations one has made."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from kipina.learning.enums import RecommendationResponse, ResourceStatus
from kipina.learning.models import (
    Bookmark,
    LearningLogEntry,
    Recommendation,
    RecommendationAnswer,
)
from kipina.learning.tests.factories import (
    BookmarkFactory,
    CompetenceFactory,
    CompetenceFrameworkFactory,
    LearningLogEntryFactory,
    RecommendationFactory,
    ResourceCompetenceFactory,
    ResourceDateFactory,
    ResourceFactory,
    team_gap,
)
from kipina.org.tests.factories import PersonFactory, make_language

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


def _text(response) -> str:
    """The page's visible text, tags stripped and whitespace collapsed."""
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# --- A team's suggestions --------------------------------------------------------------------


def _team_with_gaps(org):
    """org.team aims two levels higher in customer encounters and one in digital skills."""
    framework = CompetenceFrameworkFactory()
    customers = CompetenceFactory(framework=framework, shortname_en="Customer encounters")
    digital = CompetenceFactory(framework=framework, shortname_en="Digital skills")
    team_gap(org.team, customers, current=1, target=3)
    team_gap(org.team, digital, current=2, target=3)
    return customers, digital


def test_suggestions_are_ranked_and_tell_why(org, login_as, english):
    customers, digital = _team_with_gaps(org)
    start = timezone.localdate() + dt.timedelta(days=20)
    course = ResourceFactory(title="Kohtaamisen kurssi", cost_eur=Decimal("120"))
    ResourceDateFactory(resource=course, start=start, end=start)
    ResourceCompetenceFactory(resource=course, competence=customers, relevance=3)
    article = ResourceFactory(title="Digiartikkeli")
    ResourceCompetenceFactory(resource=article, competence=digital, relevance=1)
    english_video = ResourceFactory(title="Video in English", language=make_language("en"))
    ResourceCompetenceFactory(resource=english_video, competence=digital, relevance=1)
    response = login_as("employee").get(reverse("learning:team_suggestions", args=["WARD-A"]))
    assert response.status_code == 200
    text = _text(response)
    assert text.index("Kohtaamisen kurssi") < text.index("Digiartikkeli")
    assert text.index("Digiartikkeli") < text.index("Video in English")
    assert "Builds “Customer encounters” (gap 2 levels)" in text
    assert "Builds “Digital skills” (gap 1 level)" in text
    assert "In Finnish" in text
    assert f"Starts {date_format(start, 'SHORT_DATE_FORMAT')}" in text
    assert "Costs 120.00 €" in text
    assert "Free" in text
    assert "In English, which nobody in the team speaks" in text


def test_drafts_and_courses_whose_runs_are_over_are_not_suggested(org, login_as):
    customers, _digital = _team_with_gaps(org)
    draft = ResourceFactory(title="Luonnoskurssi", status=ResourceStatus.DRAFT)
    ResourceCompetenceFactory(resource=draft, competence=customers, relevance=3)
    over = ResourceFactory(title="Mennyt kurssi")
    last_year = timezone.localdate() - dt.timedelta(days=300)
    ResourceDateFactory(resource=over, start=last_year, end=last_year)
    ResourceCompetenceFactory(resource=over, competence=customers, relevance=3)
    kept = ResourceFactory(title="Voimassa oleva kurssi")
    ResourceCompetenceFactory(resource=kept, competence=customers)
    text = _text(login_as("employee").get(reverse("learning:team_suggestions", args=["WARD-A"])))
    assert "Voimassa oleva kurssi" in text
    assert "Luonnoskurssi" not in text
    assert "Mennyt kurssi" not in text


def test_a_team_without_gaps_is_told_how_to_get_suggestions(org, login_as, english):
    team_gap(org.team, current=3, target=3)
    text = _text(login_as("team_lead").get(reverse("learning:team_suggestions", args=["WARD-A"])))
    assert "has no competence with a target above its current level" in text


def test_recommend_links_preselect_the_team_for_those_who_recommend(org, login_as):
    customers, _digital = _team_with_gaps(org)
    link = ResourceCompetenceFactory(competence=customers)
    url = reverse("learning:team_suggestions", args=["WARD-A"])
    recommend = reverse("learning:recommend", args=[link.resource.key])
    expected = f"{recommend}?team=WARD-A&amp;competence={customers.pk}"
    assert expected in login_as("support_person").get(url).content.decode()
    assert recommend not in login_as("employee").get(url).content.decode()


def test_another_teams_suggestions_are_a_404(org, login_as):
    _team_with_gaps(org)
    url = reverse("learning:team_suggestions", args=["WARD-A"])
    assert login_as("supervisor").get(url).status_code == 404
    outsider = PersonFactory(team=org.other_team, unit=org.other_unit)
    login_as("anonymous").force_login(outsider.user)
    assert login_as("anonymous").get(url).status_code == 404


# --- Recommending ---------------------------------------------------------------------------


def test_the_recommend_form_preselects_the_team_from_the_address(org, login_as):
    resource = ResourceFactory()
    url = reverse("learning:recommend", args=[resource.key]) + "?team=WARD-A"
    html = login_as("support_person").get(url).content.decode()
    assert re.search(r'<option value="WARD-A"[^>]*selected', html)
    # A support person sees only the teams they support (here: their own).
    assert 'value="PAY-1"' not in html
    assert 'value="PAY-1"' in login_as("coordinator").get(url).content.decode()


def test_recommending_to_a_team_redirects_to_its_suggestions(org, login_as):
    resource = ResourceFactory()
    response = login_as("support_person").post(
        reverse("learning:recommend", args=[resource.key]),
        {"recipient": "team", "team": "WARD-A", "note": "Sopii kevään teemaan."},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("learning:team_suggestions", args=["WARD-A"])
    recommendation = Recommendation.objects.get()
    assert (recommendation.team, recommendation.note) == (org.team, "Sopii kevään teemaan.")


def test_a_person_is_found_by_employee_number(org, login_as):
    resource = ResourceFactory()
    employee = org.people["employee"]
    response = login_as("support_person").post(
        reverse("learning:recommend", args=[resource.key]),
        {"recipient": "person", "person_query": employee.employee_number},
    )
    assert response.status_code == 302
    assert Recommendation.objects.get().person == employee


def test_several_matches_are_offered_as_a_choice_then_one_is_picked(org, login_as, english):
    resource = ResourceFactory()
    first = PersonFactory(first_name="Tuulikki", last_name="Saarinen", unit=org.unit)
    PersonFactory(first_name="Tuulikki", last_name="Lahtinen", unit=org.unit)
    client = login_as("support_person")
    url = reverse("learning:recommend", args=[resource.key])
    response = client.post(url, {"recipient": "person", "person_query": "Tuulikki"})
    assert response.status_code == 400
    text = _text(response)
    assert "Several people match: choose one." in text
    assert "Tuulikki Saarinen" in text and "Tuulikki Lahtinen" in text
    assert "<legend>Which person?" in response.content.decode()
    assert not Recommendation.objects.exists()
    response = client.post(
        url, {"recipient": "person", "person_query": "Tuulikki", "person": first.pk}
    )
    assert response.status_code == 302
    assert Recommendation.objects.get().person == first


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"recipient": "team"}, "Choose the team."),
        ({"recipient": "person", "person_query": ""}, "Give the person"),
        ({"recipient": "person", "person_query": "Ei-ketään"}, "Nobody in the organisation"),
    ],
)
def test_missing_recipients_get_a_message_beside_the_field(org, login_as, english, data, message):
    resource = ResourceFactory()
    response = login_as("coordinator").post(
        reverse("learning:recommend", args=[resource.key]), data
    )
    assert response.status_code == 400
    assert re.search(
        r'<p class="error" id="id_(team|person_query)_error">' + message, response.content.decode()
    )
    assert not Recommendation.objects.exists()


def test_a_duplicate_is_refused_on_the_form(org, login_as, english):
    resource = ResourceFactory()
    client = login_as("support_person")
    url = reverse("learning:recommend", args=[resource.key])
    data = {"recipient": "team", "team": "WARD-A"}
    assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert response.status_code == 400
    assert "You have already recommended this resource to" in _text(response)
    assert Recommendation.objects.count() == 1


def test_drafts_cannot_be_recommended(org, login_as):
    draft = ResourceFactory(status=ResourceStatus.DRAFT)
    assert (
        login_as("coordinator").get(reverse("learning:recommend", args=[draft.key])).status_code
        == 404
    )


# --- My learning and answers ---------------------------------------------------------------


def test_my_learning_shows_what_was_recommended_to_me_and_my_team(org, login_as, english):
    employee = org.people["employee"]
    helper = org.people["support_person"]
    RecommendationFactory(
        person=employee, recommended_by=helper, resource=ResourceFactory(title="Minulle")
    )
    RecommendationFactory(
        team=org.team,
        person=None,
        recommended_by=org.people["coordinator"],
        resource=ResourceFactory(title="Tiimille"),
        note="Katsokaa yhdessä.",
    )
    RecommendationFactory(resource=ResourceFactory(title="Jollekulle muulle"))
    BookmarkFactory(person=employee, resource=ResourceFactory(title="Kirjanmerkki"))
    LearningLogEntryFactory(person=employee, title="Lokimerkintä", hours=Decimal("3"))
    LearningLogEntryFactory(title="Jonkun muun merkintä")
    text = _text(login_as("employee").get(reverse("learning:my_learning")))
    for_you = text[text.index("Recommended for you") : text.index("Recommended for your team")]
    assert "Minulle" in for_you and f"Recommended by {helper.full_name}" in for_you
    for_team = text[text.index("Recommended for your team") : text.index("Bookmarks")]
    assert "Tiimille" in for_team and "Katsokaa yhdessä." in for_team
    assert "Jollekulle muulle" not in text
    assert "Kirjanmerkki" in text[text.index("Bookmarks") :]
    assert "Lokimerkintä" in text and "Jonkun muun merkintä" not in text


def test_marking_interested_then_done_offers_the_learning_log(org, login_as, english):
    employee = org.people["employee"]
    link = ResourceCompetenceFactory(resource=ResourceFactory(title="Kurssi", duration_hours=4))
    recommendation = RecommendationFactory(
        person=employee, resource=link.resource, competence=link.competence
    )
    client = login_as("employee")
    url = reverse("learning:recommendation_answer", args=[recommendation.pk])
    response = client.post(url, {"response": "interested"})
    assert response.status_code == 302
    assert RecommendationAnswer.objects.get().response == RecommendationResponse.INTERESTED
    assert "Your answer: Interested" in _text(client.get(reverse("learning:my_learning")))
    response = client.post(url, {"response": "done"}, follow=True)
    assert RecommendationAnswer.objects.get().response == RecommendationResponse.DONE
    page = response.content.decode()
    assert response.redirect_chain[-1][0].startswith(reverse("learning:log_new"))
    assert 'value="Kurssi"' in page  # the title, prefilled
    assert re.search(rf'<option value="{link.resource.pk}" selected>', page)
    assert re.search(rf'<option value="{link.competence.pk}" selected>', page)
    assert "Marked as done." in _text(response)
    assert not LearningLogEntry.objects.exists(), "offered, not saved behind the person's back"


def test_the_done_recommendation_offers_the_log_until_it_is_logged(org, login_as, english):
    employee = org.people["employee"]
    recommendation = RecommendationFactory(person=employee)
    RecommendationAnswer.objects.create(
        recommendation=recommendation, person=employee, response=RecommendationResponse.DONE
    )
    client = login_as("employee")
    assert "Note it in your learning log" in _text(client.get(reverse("learning:my_learning")))
    LearningLogEntryFactory(person=employee, resource=recommendation.resource)
    assert "Note it in your learning log" not in _text(client.get(reverse("learning:my_learning")))


def test_answering_someone_elses_recommendation_is_a_404(org, login_as):
    recommendation = RecommendationFactory(person=org.people["team_lead"])
    response = login_as("employee").post(
        reverse("learning:recommendation_answer", args=[recommendation.pk]), {"response": "done"}
    )
    assert response.status_code == 404
    assert not RecommendationAnswer.objects.exists()


def test_a_bad_answer_changes_nothing(org, login_as):
    recommendation = RecommendationFactory(person=org.people["employee"])
    response = login_as("employee").post(
        reverse("learning:recommendation_answer", args=[recommendation.pk]), {"response": "x"}
    )
    assert response.status_code == 302
    assert not RecommendationAnswer.objects.exists()


# --- Bookmarks and the resource page's include ---------------------------------------------------


def test_bookmarking_without_javascript_returns_to_the_page(org, login_as):
    resource = ResourceFactory()
    client = login_as("employee")
    url = reverse("learning:bookmark", args=[resource.key])
    response = client.post(url, {"bookmark": "1", "next": "/learning/me/#bookmarks"})
    assert response.status_code == 302 and response["Location"] == "/learning/me/#bookmarks"
    assert Bookmark.objects.filter(person=org.people["employee"], resource=resource).exists()
    response = client.post(url, {"bookmark": "0", "next": "https://elsewhere.example/"})
    assert response["Location"] == reverse("learning:my_learning")
    assert not Bookmark.objects.exists()


def test_bookmarking_with_htmx_swaps_the_button(org, login_as, english):
    resource = ResourceFactory()
    response = login_as("employee").post(
        reverse("learning:bookmark", args=[resource.key]),
        {"bookmark": "1", "next": "/somewhere/"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "Remove bookmark" in html and "Bookmarked." in html
    assert 'name="bookmark" value="0"' in html
    assert 'name="next" value="/somewhere/"' in html
    assert "aria-live" not in html, "the live region stays; only its content is swapped"


def test_a_draft_cannot_be_bookmarked_from_its_address(org, login_as):
    draft = ResourceFactory(status=ResourceStatus.DRAFT)
    response = login_as("employee").post(
        reverse("learning:bookmark", args=[draft.key]), {"bookmark": "1"}
    )
    assert response.status_code == 404


def _include(org, key: str | None, resource) -> str:
    request = RequestFactory().get("/learning/resources/x/")
    if key is None:
        from django.contrib.auth.models import AnonymousUser

        request.user = AnonymousUser()
    else:
        request.user = org.people[key].user
    with translation.override("en"):
        return render_to_string(
            "learning/includes/resource_guidance.html",
            {"resource": resource},
            request=request,
        )


def test_the_resource_page_include_offers_bookmark_and_recommend(org):
    resource = ResourceFactory()
    employee = _include(org, "employee", resource)
    assert ">Bookmark<" in employee and "Recommend" not in employee
    assert 'aria-live="polite"' in employee
    helper = _include(org, "support_person", resource)
    assert reverse("learning:recommend", args=[resource.key]) in helper
    BookmarkFactory(person=org.people["employee"], resource=resource)
    assert "Remove bookmark" in _include(org, "employee", resource)
    assert _include(org, None, resource).strip() == ""


def test_a_draft_offers_no_new_bookmark_and_no_recommending_but_a_bookmark_can_go(org):
    draft = ResourceFactory(status=ResourceStatus.DRAFT)
    assert _include(org, "coordinator", draft).strip() == ""
    BookmarkFactory(person=org.people["coordinator"], resource=draft)
    html = _include(org, "coordinator", draft)
    assert "Remove bookmark" in html
    assert reverse("learning:recommend", args=[draft.key]) not in html


# --- Learning log ------------------------------------------------------------------------------


def test_a_log_entry_is_added_and_edited(org, login_as):
    client = login_as("employee")
    response = client.post(
        reverse("learning:log_new"),
        {"title": "Mentorointikeskustelu", "learned_on": "2026-01-10", "hours": "1.5"},
    )
    assert response.status_code == 302
    entry = LearningLogEntry.objects.get()
    assert entry.person == org.people["employee"]
    response = client.post(
        reverse("learning:log_edit", args=[entry.pk]),
        {"title": "Mentorointi", "learned_on": "2026-01-10", "reflection": "Kysy enemmän."},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.title, entry.hours, entry.reflection) == ("Mentorointi", None, "Kysy enemmän.")


def test_a_future_date_is_refused_beside_the_field(org, login_as, english):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = login_as("employee").post(
        reverse("learning:log_new"), {"title": "Huomenna", "learned_on": tomorrow.isoformat()}
    )
    assert response.status_code == 400
    assert '<p class="error" id="id_learned_on_error">The date cannot be in the future.' in (
        response.content.decode()
    )
    assert not LearningLogEntry.objects.exists()


def test_someone_elses_entry_is_a_404(org, login_as):
    entry = LearningLogEntryFactory(person=org.people["team_lead"])
    client = login_as("employee")
    assert client.get(reverse("learning:log_edit", args=[entry.pk])).status_code == 404
    assert client.post(reverse("learning:log_delete", args=[entry.pk])).status_code == 404
    assert LearningLogEntry.objects.filter(pk=entry.pk).exists()


def test_deleting_ones_own_entry(org, login_as):
    entry = LearningLogEntryFactory(person=org.people["employee"])
    response = login_as("employee").post(reverse("learning:log_delete", args=[entry.pk]))
    assert response.status_code == 302
    assert not LearningLogEntry.objects.exists()


def test_the_log_is_paginated(org, login_as, english):
    employee = org.people["employee"]
    for day in range(25):
        LearningLogEntryFactory(
            person=employee,
            title=f"Merkintä {day:02d}",
            learned_on=dt.date(2026, 1, 1) + dt.timedelta(days=day),
        )
    client = login_as("employee")
    first = _text(client.get(reverse("learning:my_learning")))
    assert "Merkintä 24" in first and "Merkintä 04" not in first
    second = _text(client.get(reverse("learning:my_learning") + "?lpage=2"))
    assert "Merkintä 04" in second and "Merkintä 24" not in second


# --- Recommendations made -------------------------------------------------------------------------


def test_recommendations_made_show_how_recipients_answered(org, login_as, english):
    helper = org.people["support_person"]
    to_team = RecommendationFactory(
        team=org.team, person=None, recommended_by=helper, resource=ResourceFactory(title="A")
    )
    RecommendationAnswer.objects.create(
        recommendation=to_team, person=org.people["employee"], response="done"
    )
    RecommendationAnswer.objects.create(
        recommendation=to_team, person=org.people["team_lead"], response="interested"
    )
    to_person = RecommendationFactory(
        person=org.people["coordinator"], recommended_by=helper, resource=ResourceFactory(title="B")
    )
    RecommendationAnswer.objects.create(
        recommendation=to_person, person=org.people["coordinator"], response="interested"
    )
    RecommendationFactory(resource=ResourceFactory(title="Someone else's"))
    text = _text(login_as("support_person").get(reverse("learning:recommendations_made")))
    # org.team: employee, team_lead, support_person are active members (`left` has left)
    assert "1 interested, 1 done of 3 members" in text
    assert "Interested" in text
    assert "Someone else's" not in text


@pytest.mark.parametrize(("hours", "shown"), [("1", "1 hour logged"), ("2.5", "2.5 hours logged")])
def test_the_hours_logged_this_year_read_as_one_hour_or_many(org, login_as, english, hours, shown):
    LearningLogEntryFactory(person=org.people["employee"], hours=Decimal(hours))
    text = _text(login_as("employee").get(reverse("learning:my_learning")))
    assert f"{shown} this year." in text
