"""The agenda pages run the same number of queries with 1 row (or block) as with 50."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kipina.core.cache_versions import clear_memos
from kipina.orders.tests.factories import order_in_state
from kipina.toolkit.enums import BlockKind
from kipina.toolkit.models import Agenda, AgendaBlock
from kipina.toolkit.tests.factories import MethodFactory

pytestmark = pytest.mark.django_db


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


def _agenda(owner, **fields) -> Agenda:
    values = {"title": "Retro", "start_time": dt.time(9), "available_minutes": 60}
    values.update(fields)
    return Agenda.objects.create(owner=owner, **values)


def _grow_blocks(agenda: Agenda, rows: int) -> None:
    start = agenda.blocks.count()
    blocks = []
    for index in range(start, start + rows):
        if index % 3 == 2:
            blocks.append(
                AgendaBlock(agenda=agenda, position=index, kind=BlockKind.BREAK, minutes=5)
            )
        else:
            blocks.append(
                AgendaBlock(
                    agenda=agenda,
                    position=index,
                    kind=BlockKind.METHOD,
                    method=MethodFactory(),
                    minutes=10,
                    note="Muista aloittaa ajoissa.",
                )
            )
    AgendaBlock.objects.bulk_create(blocks)


@pytest.mark.parametrize("persona", ["support_person", "coordinator"])
def test_agenda_list_does_not_grow_with_rows(org, persona):
    owner = org.people["support_person"]
    order = order_in_state(org, "planned")
    client = _client(org.people[persona])
    url = reverse("toolkit:agendas")

    def grow(rows: int) -> None:
        for index in range(rows):
            _agenda(owner, order=order if index % 2 else None, date=dt.date(2030, 1, 1))
            _agenda(owner, is_template=True, title=f"Pohja {index}")

    grow(1)
    with_one = _queries(client, url)
    grow(49)
    with_fifty = _queries(client, url)
    assert with_fifty == with_one, f"{with_one} queries with 1 row, {with_fifty} with 50"


PAGES = {
    "builder": ("support_person", lambda agenda: reverse("toolkit:agenda", args=[agenda.pk])),
    "builder, coordinator": (
        "coordinator",
        lambda agenda: reverse("toolkit:agenda", args=[agenda.pk]),
    ),
    "print": ("support_person", lambda agenda: reverse("toolkit:agenda_print", args=[agenda.pk])),
    "shared": (None, lambda agenda: reverse("toolkit:agenda_shared", args=[agenda.share_token])),
}


@pytest.mark.parametrize("page", PAGES)
def test_agenda_pages_do_not_grow_with_blocks(org, page):
    persona, url_of = PAGES[page]
    agenda = _agenda(org.people["support_person"], order=order_in_state(org, "planned"))
    client = _client(org.people[persona]) if persona else Client()
    url = url_of(agenda)
    _grow_blocks(agenda, 1)
    with_one = _queries(client, url)
    _grow_blocks(agenda, 49)
    with_fifty = _queries(client, url)
    assert with_fifty == with_one, f"{page}: {with_one} queries with 1 block, {with_fifty} with 50"


def test_order_method_questions_do_not_grow_with_methods(org):
    order = order_in_state(org, "delivered")
    agenda = _agenda(org.people["support_person"], order=order)
    client = _client(org.people["support_person"])
    url = reverse("toolkit:order_methods", args=[order.pk])
    _grow_blocks(agenda, 1)
    with_one = _queries(client, url)
    _grow_blocks(agenda, 49)
    with_fifty = _queries(client, url)
    assert with_fifty == with_one, f"{with_one} queries with 1 method, {with_fifty} with 50"
