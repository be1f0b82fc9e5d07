"""The team tailoring pages run the same number of queries with 1 row as with 50: the map with
1 or 50 tailorings, one tailoring with 1 or 50 actions and links, the reviews page with 1 or
50 reviews."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kipina.core.cache_versions import clear_memos
from kipina.learning import services_tailoring as services
from kipina.learning.enums import ActionStatus
from kipina.learning.models import (
    CompetenceReview,
    ReviewEntry,
    ScaleLevel,
    TeamCompetence,
    level_names,
)
from kipina.learning.resource_index import index_resource
from kipina.learning.tests.factories import (
    CompetenceActionFactory,
    ResourceFactory,
    tailoring_framework,
)
from kipina.orders.tests.factories import OrderFactory, order_in_state

pytestmark = pytest.mark.django_db

PERSONAS = ["employee", "support_person", "coordinator"]


def _queries(client: Client, url: str) -> int:
    cache.clear()
    clear_memos()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _client(person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


def _levels(framework) -> list[ScaleLevel]:
    return list(ScaleLevel.objects.filter(scale_id=framework.scale_id).order_by("position"))


def _tailor(org, competences, levels) -> None:
    for index, competence in enumerate(competences):
        tailoring = TeamCompetence.objects.create(
            team=org.team,
            competence=competence,
            meaning="Näin teemme.",
            current_level=levels[index % 2],
            target_level=levels[2],
            updated_by=org.people["employee"],
        )
        CompetenceActionFactory(team_competence=tailoring, owner=org.people["team_lead"])
        CompetenceActionFactory(team_competence=tailoring, status=ActionStatus.DONE)
        tailoring.resources.add(ResourceFactory())


@pytest.mark.parametrize("persona", PERSONAS)
def test_map_does_not_grow_with_tailorings(org, persona):
    order_in_state(org, "planned")  # the support person's way in
    framework = tailoring_framework(areas=10, per_area=5)
    competences = list(framework.competences.filter(depth=1).order_by("pk"))
    assert len(competences) == 50
    levels = _levels(framework)
    client = _client(org.people[persona])
    url = reverse("learning:team_competences", args=[org.team.code])
    _tailor(org, competences[:1], levels)
    with_one = _queries(client, url)
    _tailor(org, competences[1:], levels)
    with_fifty = _queries(client, url)
    assert with_fifty == with_one, f"{with_one} queries with 1 tailoring, {with_fifty} with 50"


@pytest.mark.parametrize("persona", PERSONAS)
def test_tailoring_page_does_not_grow_with_actions_and_links(org, persona):
    order_in_state(org, "planned")
    framework = tailoring_framework()
    competence = framework.competences.get(idnumber="A1-1")
    levels = _levels(framework)
    tailoring = services.tailoring_save(
        actor=org.people["employee"].user,
        team=org.team,
        competence=competence,
        meaning="Näin teemme.",
        current_level=levels[0],
        target_level=levels[2],
        seen_version=0,
    )
    client = _client(org.people[persona])
    url = reverse("learning:team_competence", args=[org.team.code, competence.pk])
    url += "?q=verkkokurssi"

    def grow(rows: int) -> None:
        yesterday = timezone.localdate() - dt.timedelta(days=1)
        for index in range(rows):
            CompetenceActionFactory(
                team_competence=tailoring,
                owner=org.people["team_lead"] if index % 2 else None,
                due=yesterday if index % 3 else None,
            )
            linked = ResourceFactory(title=f"Verkkokurssi linkitetty {index}")
            tailoring.resources.add(linked)
            index_resource(ResourceFactory(title=f"Verkkokurssi haettava {index}"))
            tailoring.orders.add(OrderFactory(requester=org.people["employee"]))
            OrderFactory(requester=org.people["team_lead"])  # one more to pick from

    grow(1)
    with_one = _queries(client, url)
    grow(49)
    with_fifty = _queries(client, url)
    assert with_fifty == with_one, f"{with_one} queries with 1 row, {with_fifty} with 50"


@pytest.mark.parametrize("persona", PERSONAS)
def test_reviews_page_does_not_grow_with_reviews(org, persona):
    order_in_state(org, "planned")
    framework = tailoring_framework(areas=3, per_area=3)
    competences = list(framework.competences.filter(depth=1))
    levels = _levels(framework)
    client = _client(org.people[persona])
    url = reverse("learning:team_reviews", args=[org.team.code])
    start = timezone.localdate() - dt.timedelta(days=500)

    def grow(rows: int) -> None:
        made = CompetenceReview.objects.count()
        for index in range(made, made + rows):
            review = CompetenceReview.objects.create(
                team=org.team,
                reviewed_on=start + dt.timedelta(days=index * 7),
                note="Katsaus",
                reviewed_by=org.people["team_lead"],
            )
            ReviewEntry.objects.bulk_create(
                ReviewEntry(
                    review=review,
                    competence=competence,
                    current_position=levels[index % 3].position,
                    current_names=level_names(levels[index % 3]),
                    target_position=3,
                    target_names=level_names(levels[2]),
                )
                for competence in competences
            )

    grow(1)
    with_one = _queries(client, url)
    grow(49)
    with_fifty = _queries(client, url)
    assert with_fifty == with_one, f"{with_one} queries with 1 review, {with_fifty} with 50"
    assert _queries(client, url + "?page=3") == with_fifty
