"""The networks' pages run the same number of queries with 1 row as with 50 (no N+1): the list
of networks, a network's page with members across many units, the requests and members pages."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kipina.core.cache_versions import clear_memos
from kipina.networks.enums import JoinRequestState, PracticeStatus
from kipina.networks.models import Meeting, Practice
from kipina.networks.tests.factories_networks import (
    JoinRequestFactory,
    NetworkFactory,
    member,
)
from kipina.org.tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    cache.clear()
    clear_memos()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _members_in_new_units(org, network, count: int) -> None:
    for _ in range(count):
        division = UnitFactory(parent=org.root)
        member(network, PersonFactory(unit=UnitFactory(parent=division)))


@pytest.mark.parametrize("persona", ["support_person", "coordinator"])
def test_list_same_queries_for_1_and_50_networks(org, login_as, persona):
    client = login_as(persona)
    network = NetworkFactory()
    member(network, org.people["support_person"])
    one = _queries(client, reverse("networks:networks"))
    for _ in range(49):
        made = NetworkFactory()
        member(made, PersonFactory())
        JoinRequestFactory(network=made)
    assert _queries(client, reverse("networks:networks")) == one


@pytest.mark.parametrize("persona", ["employee", "support_person", "coordinator"])
def test_network_page_same_queries_for_1_and_50_members(org, login_as, persona):
    client = login_as(persona)
    network = NetworkFactory(coordinator=org.people["coordinator"])
    member(network, org.people["support_person"])
    for number in range(3):
        Meeting.objects.create(
            network=network,
            title=f"Tapaaminen {number}",
            starts_at=timezone.now() + dt.timedelta(days=number + 1),
            duration_minutes=60,
            place="Sali",
            created_by=org.people["coordinator"],
        )
        Practice.objects.create(
            network=network,
            title=f"Käytäntö {number}",
            situation="s",
            what_we_did="w",
            what_we_learned="l",
            status=PracticeStatus.PUBLISHED,
            author=PersonFactory(),
            published_at=timezone.now(),
        )
    url = network.get_absolute_url()
    one = _queries(client, url)
    _members_in_new_units(org, network, 49)
    assert _queries(client, url) == one


def test_requests_page_same_queries_for_1_and_50(org, login_as):
    client = login_as("coordinator")
    network = NetworkFactory()
    JoinRequestFactory(network=network)
    url = reverse("networks:network_requests", args=[network.key])
    one = _queries(client, url)
    for _ in range(49):
        JoinRequestFactory(network=network, person=PersonFactory(unit=UnitFactory()))
        JoinRequestFactory(
            network=network,
            state=JoinRequestState.DECLINED,
            decided_by=PersonFactory(),
            decided_at=timezone.now(),
        )
    assert _queries(client, url) == one


def test_members_page_same_queries_for_1_and_50(org, login_as):
    client = login_as("coordinator")
    network = NetworkFactory()
    _members_in_new_units(org, network, 1)
    url = reverse("networks:network_members", args=[network.key])
    one = _queries(client, url)
    _members_in_new_units(org, network, 49)
    assert _queries(client, url) == one
