"""The practices' pages run the same number of queries with 1 row as with 50 (no N+1): the
list plain, searched, filtered and sorted; a practice with many tags, links and comments; my
drafts; the edit form."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kipina.learning.tests.factories import ResourceFactory
from kipina.networks.enums import PracticeStatus
from kipina.networks.models import PracticeComment, PracticeTag
from kipina.networks.tests.factories_networks import NetworkFactory, member
from kipina.networks.tests.factories_practices import PracticeFactory, indexed_practice
from kipina.orders.tests.factories import OrderFactory
from kipina.org.tests.factories import PersonFactory
from kipina.toolkit.tests.factories import MethodFactory

pytestmark = pytest.mark.django_db


def _queries(client: Client, url: str, **headers) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return len(captured)


LIST_QUERIES = ["", "?q=työpajoissa", "?q=retrospektiivi&sort=helpful", "?sort=newest&page=1"]


@pytest.mark.parametrize("query", LIST_QUERIES)
@pytest.mark.parametrize("persona", ["employee", "coordinator"])
def test_list_same_queries_for_1_and_50(org, login_as, persona, query):
    client = login_as(persona)
    networks = [NetworkFactory(), NetworkFactory()]
    tag = PracticeTag.objects.create(name="yhteinen")

    def practices(count: int) -> None:
        for number in range(count):
            practice = indexed_practice(
                network=networks[number % 2], tags=[f"tagi{number}", "yhteinen"]
            )
            practice.tags.add(tag)

    url = reverse("networks:practices") + query
    tagged = url + ("&" if "?" in url else "?") + f"tag={tag.pk}&network={networks[0].pk}"
    practices(1)
    one, one_tagged = _queries(client, url), _queries(client, tagged)
    practices(49)
    assert _queries(client, url) == one
    assert _queries(client, tagged) == one_tagged
    assert _queries(client, url, **{"HX-Request": "true"}) <= one


def test_practice_page_same_queries_for_1_and_50(org, login_as):
    client = login_as("employee")
    network = NetworkFactory()
    practice = PracticeFactory(network=network)
    url = reverse("networks:practice", args=[practice.pk])

    def links(count: int) -> None:
        for number in range(count):
            practice.tags.add(
                PracticeTag.objects.create(name=f"tagi-{PracticeTag.objects.count()}")
            )
            practice.methods.add(MethodFactory())
            practice.resources.add(ResourceFactory())
            practice.orders.add(
                OrderFactory(requester=org.people["employee"], team=org.team)
                if number % 2
                else OrderFactory(requester=PersonFactory(team=org.other_team), team=org.other_team)
            )
            PracticeComment.objects.create(
                practice=practice, author=org.people["team_lead"], body=f"Kommentti {number}"
            )

    links(1)
    one = _queries(client, url)
    links(49)
    assert _queries(client, url) == one


def test_my_drafts_and_the_edit_form_same_queries_for_1_and_50(org, login_as):
    client = login_as("support_person")
    network = NetworkFactory()
    member(network, org.people["support_person"])
    author = org.people["support_person"]
    first = PracticeFactory(network=network, author=author, status=PracticeStatus.DRAFT)
    drafts = reverse("networks:my_practices")
    edit = reverse("networks:practice_edit", args=[first.pk])

    def more(count: int) -> None:
        for _ in range(count):
            PracticeFactory(network=network, author=author, status=PracticeStatus.DRAFT)
            first.methods.add(MethodFactory())
            first.resources.add(ResourceFactory())
            first.orders.add(OrderFactory(requester=author, team=org.team))
            first.tags.add(PracticeTag.objects.create(name=f"t{PracticeTag.objects.count()}"))

    more(1)
    one_drafts, one_edit = _queries(client, drafts), _queries(client, edit)
    more(49)
    assert _queries(client, drafts) == one_drafts
    assert _queries(client, edit) == one_edit
