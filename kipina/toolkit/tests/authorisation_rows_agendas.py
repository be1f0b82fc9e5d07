"""Who may reach the agenda builder's pages (see core/tests/authorisation.py).

The agenda belongs to `support_person`: only they change it; coordinators (and admins) read it,
copy it and print it; everyone else gets 404. Actions follow the rules as written
(core.permissions.allowed), so the admin may read but not change someone else's agenda. The
share link needs no sign-in. The method questions are for the delivered order's support person;
coordinators read the answers; the order's team sees the order but not this page.
"""

import datetime as dt

from django.urls import reverse

from kipina.core.tests.authorisation import LOGIN, Row, everyone, signed_in
from kipina.orders.tests.factories import order_in_state
from kipina.toolkit.enums import BlockKind
from kipina.toolkit.models import Agenda, AgendaBlock
from kipina.toolkit.tests.factories import MethodFactory


def _agenda(org, order=None) -> Agenda:
    agenda = Agenda.objects.create(
        title="Tiimin retro",
        start_time=dt.time(9, 0),
        available_minutes=60,
        owner=org.people["support_person"],
        order=order,
    )
    AgendaBlock.objects.create(
        agenda=agenda, position=0, kind=BlockKind.METHOD, method=MethodFactory(), minutes=10
    )
    AgendaBlock.objects.create(agenda=agenda, position=1, kind=BlockKind.BREAK, minutes=15)
    return agenda


def _url(name: str, *, block: int | None = None):
    def url(org) -> str:
        agenda = _agenda(org)
        if block is None:
            return reverse(f"toolkit:{name}", args=[agenda.pk])
        block_id = agenda.blocks.order_by("position")[block].pk
        return reverse(f"toolkit:{name}", args=[agenda.pk, block_id])

    return url


def _delivered_order_methods(org) -> str:
    order = order_in_state(org, "delivered")
    _agenda(org, order=order)
    return reverse("toolkit:order_methods", args=[order.pk])


def _planned_order_methods(org) -> str:
    order = order_in_state(org, "planned")
    _agenda(org, order=order)
    return reverse("toolkit:order_methods", args=[order.pk])


def _new_for_order(org) -> str:
    return reverse("toolkit:agenda_new") + f"?order={order_in_state(org, 'planned').pk}"


def _new_from_template(org) -> str:
    template = _agenda(org)
    Agenda.objects.filter(pk=template.pk).update(is_template=True)
    return reverse("toolkit:agenda_new") + f"?template={template.pk}"


def _owner(outcome, *, readers=403) -> dict[str, object]:
    """The owner gets `outcome`; coordinators and admins `readers`; others 404."""
    return {
        "anonymous": LOGIN,
        "employee": 404,
        "team_lead": 404,
        "supervisor": 404,
        "support_person": outcome,
        "coordinator": readers,
        "admin": readers,
    }


PLANNERS = {
    "anonymous": LOGIN,
    "employee": 403,
    "team_lead": 403,
    "supervisor": 403,
    "support_person": 200,
    "coordinator": 200,
    "admin": 200,
}

READERS = _owner(200, readers=200)
COPIERS = _owner(302, readers=302)
OWNER_POSTS = _owner(302)

METHOD_QUESTIONS = {
    "anonymous": LOGIN,
    "employee": 403,  # the orderer sees the order, not the support person's questions
    "team_lead": 403,
    "supervisor": 404,
    "support_person": 200,
    "coordinator": 200,
    "admin": 200,
}

ROWS = {
    "toolkit:agendas": [Row(lambda org: reverse("toolkit:agendas"), signed_in(200))],
    "toolkit:agenda_new": [
        Row(lambda org: reverse("toolkit:agenda_new"), PLANNERS),
        Row(_new_for_order, PLANNERS, label="for an order"),
        Row(_new_from_template, PLANNERS, label="from a template"),
        Row(
            lambda org: reverse("toolkit:agenda_new"),
            {**PLANNERS, **{key: 400 for key in ("support_person", "coordinator", "admin")}},
            method="post",
            data={"title": ""},
            label="POST, invalid",
        ),
    ],
    "toolkit:agenda": [
        Row(_url("agenda"), READERS),
        Row(
            lambda org: reverse("toolkit:agenda", args=[999_999]),
            signed_in(404),
            label="unknown agenda",
        ),
    ],
    "toolkit:agenda_edit": [
        Row(_url("agenda_edit"), _owner(302), label="GET leads to the builder"),
        Row(
            _url("agenda_edit"),
            OWNER_POSTS,
            method="post",
            data={
                "title": "Uusi",
                "start_time": "10:00",
                "available_minutes": "45",
                "version": "1",
            },
        ),
    ],
    "toolkit:block_add": [
        Row(_url("block_add"), OWNER_POSTS, method="post", data={"kind": "lunch"}),
        Row(_url("block_add"), everyone(405), label="GET is not allowed"),
    ],
    "toolkit:block_edit": [
        Row(_url("block_edit", block=0), _owner(200)),
        Row(_url("block_edit", block=0), OWNER_POSTS, method="post", data={"minutes": "12"}),
    ],
    "toolkit:block_move": [
        Row(_url("block_move", block=0), OWNER_POSTS, method="post", data={"direction": "down"}),
        Row(_url("block_move", block=0), everyone(405), label="GET is not allowed"),
    ],
    "toolkit:block_delete": [
        Row(_url("block_delete", block=1), OWNER_POSTS, method="post"),
        Row(_url("block_delete", block=1), everyone(405), label="GET is not allowed"),
    ],
    "toolkit:blocks_reorder": [
        # A plain form post (no JSON asked): refused or not, it redirects to the builder.
        Row(_url("blocks_reorder"), OWNER_POSTS, method="post", data={"block": []}),
        Row(_url("blocks_reorder"), everyone(405), label="GET is not allowed"),
    ],
    "toolkit:agenda_duplicate": [
        Row(_url("agenda_duplicate"), COPIERS, method="post"),
        Row(_url("agenda_duplicate"), everyone(405), label="GET is not allowed"),
    ],
    "toolkit:agenda_template": [
        Row(_url("agenda_template"), COPIERS, method="post"),
        Row(_url("agenda_template"), everyone(405), label="GET is not allowed"),
    ],
    "toolkit:agenda_print": [Row(_url("agenda_print"), READERS)],
    "toolkit:agenda_delete": [
        Row(_url("agenda_delete"), _owner(200)),
        Row(_url("agenda_delete"), OWNER_POSTS, method="post", label="POST"),
    ],
    "toolkit:agenda_shared": [
        Row(
            lambda org: reverse("toolkit:agenda_shared", args=[_agenda(org).share_token]),
            everyone(200),
        ),
        Row(
            lambda org: reverse("toolkit:agenda_shared", args=["no-such-token"]),
            everyone(404),
            label="unknown token",
        ),
    ],
    "toolkit:order_methods": [
        Row(_delivered_order_methods, METHOD_QUESTIONS),
        Row(
            _planned_order_methods,
            {**METHOD_QUESTIONS, "support_person": 403, "coordinator": 403, "admin": 403},
            label="not delivered yet",
        ),
    ],
}
