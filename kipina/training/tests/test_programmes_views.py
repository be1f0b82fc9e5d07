"""The programme pages: list, programme page, keeping programmes and modules."""

from decimal import Decimal

import pytest
from django.urls import reverse

from kipina.agents.tests import factories as agent_factories
from kipina.learning.tests.factories import ResourceFactory
from kipina.training.models import Module, Programme
from kipina.training.tests.factories_programmes import (
    CohortFactory,
    ModuleFactory,
    ProgrammeFactory,
    enrolled,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_list_shows_roles_figures_and_next_cohorts(org, login_as, english):
    role = agent_factories.role("learning_agent")
    programme = ProgrammeFactory(name="Oppimisagenttien valmennus", roles=[role])
    ModuleFactory(programme=programme, hours=Decimal("3"))
    ModuleFactory(programme=programme, hours=Decimal("4.5"))
    cohort = CohortFactory(programme=programme, name="Kevätryhmä", capacity=3)
    enrolled(cohort, org.people["employee"])
    full = CohortFactory(programme=programme, name="Täysi", capacity=1)
    enrolled(full, org.people["team_lead"])
    ProgrammeFactory(name="Piilotettu", active=False)
    client = login_as("employee")
    page = client.get(reverse("training:programmes")).content.decode()
    assert "Oppimisagenttien valmennus" in page
    assert role.name in page
    assert "7.5" in page
    assert "Kevätryhmä" in page and "2 seats left" in page
    assert "full, 0 waiting" in page
    assert "Piilotettu" not in page
    assert "New programme" not in page
    assert (
        "Piilotettu" in login_as("coordinator").get(reverse("training:programmes")).content.decode()
    )


def test_programme_page_lists_modules_with_resources_and_cohorts(org, login_as, english):
    programme = ProgrammeFactory()
    resource = ResourceFactory(title="Fasilitoinnin perusteet")
    module = ModuleFactory(programme=programme, title="Ensimmäinen moduuli")
    module.resources.add(resource)
    CohortFactory(programme=programme, name="Syysryhmä")
    page = login_as("employee").get(programme.get_absolute_url()).content.decode()
    assert "Ensimmäinen moduuli" in page and "Fasilitoinnin perusteet" in page
    assert "Syysryhmä" in page
    assert "Move up" not in page


def test_coordinator_creates_a_programme(org, login_as, english):
    role = agent_factories.role("learning_agent")
    response = login_as("coordinator").post(
        reverse("training:programme_create"),
        {
            "name": "Valmennus",
            "key": "valmennus",
            "description": "Kuvaus",
            "roles": [role.pk],
            "active": "on",
        },
    )
    programme = Programme.objects.get(key="valmennus")
    assert response.status_code == 302 and response["Location"] == programme.get_absolute_url()
    assert list(programme.roles.all()) == [role]


def test_editing_a_stale_version_shows_the_conflict(org, login_as, english):
    programme = ProgrammeFactory(name="Alkuperäinen")
    Programme.objects.filter(pk=programme.pk).update(name="Toisen tallentama", version=2)
    response = login_as("coordinator").post(
        reverse("training:programme_edit", args=[programme.key]),
        {
            "name": "Minun",
            "key": programme.key,
            "description": "Kuvaus",
            "active": "on",
            "version": "1",
        },
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Toisen tallentama" in page and "Someone else saved this" in page
    assert 'name="version" value="2"' in page
    assert Programme.objects.get(pk=programme.pk).name == "Toisen tallentama"


def test_module_resource_picker_finds_then_saves(org, login_as, english):
    programme = ProgrammeFactory()
    wanted = ResourceFactory(title="Palautteen antaminen")
    ResourceFactory(title="Jotain muuta")
    client = login_as("coordinator")
    url = reverse("training:module_create", args=[programme.key])
    data = {"title": "Palaute", "description": "", "hours": "2", "resource_query": "palautteen"}
    found = client.post(url, {**data, "find": "1"})
    assert found.status_code == 200
    page = found.content.decode()
    assert "Palautteen antaminen" in page and "Jotain muuta" not in page
    assert not Module.objects.exists()
    saved = client.post(url, data)  # one match: added on saving
    assert saved.status_code == 302
    assert list(Module.objects.get().resources.all()) == [wanted]


def test_module_picker_needs_a_choice_when_several_match(org, login_as, english):
    programme = ProgrammeFactory()
    ResourceFactory(title="Kurssi yksi")
    ResourceFactory(title="Kurssi kaksi")
    response = login_as("coordinator").post(
        reverse("training:module_create", args=[programme.key]),
        {"title": "M", "description": "", "hours": "2", "resource_query": "kurssi"},
    )
    assert response.status_code == 400
    assert "Several match this search" in response.content.decode()
    assert not Module.objects.exists()


def test_move_buttons_reorder_modules(org, login_as, english):
    programme = ProgrammeFactory()
    first = ModuleFactory(programme=programme, title="Eka")
    second = ModuleFactory(programme=programme, title="Toka")
    client = login_as("coordinator")
    page = client.get(programme.get_absolute_url()).content.decode()
    assert page.count("Move up") == 1 and page.count("Move down") == 1
    response = client.post(reverse("training:module_move", args=[second.pk]), {"direction": "up"})
    assert response.status_code == 302
    assert list(Module.objects.order_by("position", "id").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]
