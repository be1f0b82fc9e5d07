"""The competence pages run the same number of queries however big the data is (no N+1)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kipina.core.cache_versions import clear_memos
from kipina.learning.tests.factories import (
    CompetenceFactory,
    CompetenceFrameworkFactory,
    ProficiencyScaleFactory,
)

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    cache.clear()
    clear_memos()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _framework_with(competences: int):
    """Areas with competences under them and sub-competences under those, `competences` in all."""
    framework = CompetenceFrameworkFactory()
    made = 0
    while made < competences:
        area = CompetenceFactory(framework=framework)
        made += 1
        if made < competences:
            competence = CompetenceFactory(framework=framework, parent=area)
            made += 1
            if made < competences:
                CompetenceFactory(framework=framework, parent=competence)
                made += 1
    return framework


def test_framework_page_same_queries_for_3_and_30_competences(org, login_as):
    client = login_as("employee")
    small = _framework_with(3)
    big = _framework_with(30)
    assert big.competences.count() == 30
    assert _queries(client, reverse("learning:framework", args=[small.idnumber])) == _queries(
        client, reverse("learning:framework", args=[big.idnumber])
    )


def test_frameworks_list_same_queries_for_1_and_10(org, login_as):
    client = login_as("employee")
    scale = ProficiencyScaleFactory()
    CompetenceFactory(framework=CompetenceFrameworkFactory(scale=scale))
    one = _queries(client, reverse("learning:frameworks"))
    for _ in range(9):
        CompetenceFactory(framework=CompetenceFrameworkFactory(scale=scale))
    assert _queries(client, reverse("learning:frameworks")) == one
