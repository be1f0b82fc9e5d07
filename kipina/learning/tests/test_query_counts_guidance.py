"""The guidance pages run the same number of queries with 1 row as with 50."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kipina.core.cache_versions import clear_memos
from kipina.learning.enums import RecommendationResponse
from kipina.learning.models import RecommendationAnswer
from kipina.learning.tests.factories import (
    BookmarkFactory,
    CompetenceFactory,
    CompetenceFrameworkFactory,
    LearningLogEntryFactory,
    ProviderFactory,
    RecommendationFactory,
    ResourceCompetenceFactory,
    ResourceDateFactory,
    ResourceFactory,
    team_gap,
)
from kipina.orders.tests.factories import order_in_state
from kipina.org.tests.factories import make_language

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    cache.clear()
    clear_memos()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _same_for_1_and_50(client, url: str, grow) -> None:
    grow(1)
    with_one = _queries(client, url)
    grow(49)
    with_fifty = _queries(client, url)
    assert with_fifty == with_one, f"{with_one} queries with 1 row, {with_fifty} with 50"


def test_my_learning(org, login_as):
    employee = org.people["employee"]
    helper = org.people["support_person"]
    provider = ProviderFactory()

    def grow(rows: int) -> None:
        for index in range(rows):
            competence = CompetenceFactory() if index % 2 else None
            resource = ResourceFactory(provider=provider if index % 3 else None)
            mine = RecommendationFactory(
                person=employee, recommended_by=helper, resource=resource, competence=competence
            )
            if index % 2:
                RecommendationAnswer.objects.create(
                    recommendation=mine, person=employee, response=RecommendationResponse.DONE
                )
            RecommendationFactory(team=org.team, person=None, recommended_by=helper)
            BookmarkFactory(person=employee, resource=ResourceFactory(provider=provider))
            LearningLogEntryFactory(
                person=employee,
                resource=resource if index % 2 else None,
                competence=competence,
            )

    _same_for_1_and_50(login_as("employee"), reverse("learning:my_learning"), grow)


def test_team_suggestions(org, login_as):
    order_in_state(org, "planned")
    framework = CompetenceFrameworkFactory()
    english = make_language("en")
    provider = ProviderFactory()
    soon = timezone.localdate() + dt.timedelta(days=10)

    def grow(rows: int) -> None:
        for index in range(rows):
            competence = CompetenceFactory(framework=framework)
            team_gap(org.team, competence, current=1, target=2 + index % 2)
            resource = ResourceFactory(
                language=english if index % 4 == 0 else make_language("fi"),
                provider=provider if index % 2 else None,
            )
            if index % 3 == 0:
                ResourceDateFactory(resource=resource, start=soon, end=soon)
            ResourceCompetenceFactory(resource=resource, competence=competence, relevance=3)
            ResourceCompetenceFactory(competence=competence, relevance=1)
            if index % 5 == 0:
                RecommendationFactory(team=org.team, person=None, resource=resource)

    client = login_as("support_person")
    _same_for_1_and_50(client, reverse("learning:team_suggestions", args=[org.team.code]), grow)


def test_recommendations_made(org, login_as):
    helper = org.people["support_person"]

    def grow(rows: int) -> None:
        for index in range(rows):
            if index % 2:
                made = RecommendationFactory(team=org.team, person=None, recommended_by=helper)
                RecommendationAnswer.objects.create(
                    recommendation=made, person=org.people["employee"], response="interested"
                )
            else:
                made = RecommendationFactory(
                    person=org.people["employee"],
                    recommended_by=helper,
                    competence=CompetenceFactory(),
                )

    _same_for_1_and_50(login_as("support_person"), reverse("learning:recommendations_made"), grow)


def test_the_log_form_lists_choices_in_fixed_queries(org, login_as):
    employee = org.people["employee"]

    def grow(rows: int) -> None:
        for _ in range(rows):
            BookmarkFactory(person=employee)
            RecommendationFactory(person=employee)
            CompetenceFactory()

    _same_for_1_and_50(login_as("employee"), reverse("learning:log_new"), grow)
