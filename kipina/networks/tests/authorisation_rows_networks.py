"""Who may open the networks' pages and use their actions (see core/tests/authorisation.py).

Everyone signed in sees active networks; an inactive one is a 404 except for coordinators (and
its members). Active support persons may ask to join any network, others only one open to all.
A coordinated network is run by its coordinator and the organisation's coordinators (admins
too); a self-organising one by its conveners. Members set their digest and leave.
"""

from django.urls import reverse

from kipina.core.tests.authorisation import Row, hr_only, only, signed_in
from kipina.networks.tests.factories_networks import (
    JoinRequestFactory,
    NetworkFactory,
    SelfOrganisingNetworkFactory,
    convener,
    member,
)


def _network(org, **kwargs) -> str:
    return NetworkFactory(**kwargs).key


def _self_organising_with_convener(org) -> str:
    network = SelfOrganisingNetworkFactory()
    convener(network, org.people["support_person"])
    return network.key


def _with_member(org) -> str:
    network = NetworkFactory()
    member(network, org.people["support_person"])
    return network.key


def _decide_url(org) -> str:
    join_request = JoinRequestFactory()
    return reverse(
        "networks:network_request_decide", args=[join_request.network.key, join_request.pk]
    )


def _member_url(name: str):
    def url(org) -> str:
        membership = member(NetworkFactory(), org.people["employee"])
        return reverse(name, args=[membership.network.key, membership.pk])

    return url


RUNNERS_OF_SELF_ORGANISING = only({"support_person", "coordinator", "admin"})

ROWS = {
    "networks:networks": [
        Row(lambda org: reverse("networks:networks"), signed_in(200)),
        Row(lambda org: reverse("networks:networks") + "?page=3", signed_in(200), label="page"),
    ],
    "networks:network_new": [
        Row(lambda org: reverse("networks:network_new"), hr_only()),
        Row(
            lambda org: reverse("networks:network_new"),
            hr_only(400),
            method="post",
            data={},
            label="empty form",
        ),
    ],
    "networks:network": [
        Row(lambda org: reverse("networks:network", args=[_network(org)]), signed_in(200)),
        Row(
            lambda org: reverse("networks:network", args=[_network(org, active=False)]),
            hr_only(200, others=404),
            label="inactive",
        ),
        Row(
            lambda org: reverse("networks:network", args=["ei-ole"]),
            signed_in(404),
            label="unknown key",
        ),
    ],
    "networks:network_edit": [
        Row(lambda org: reverse("networks:network_edit", args=[_network(org)]), hr_only()),
        Row(
            lambda org: reverse(
                "networks:network_edit", args=[_self_organising_with_convener(org)]
            ),
            RUNNERS_OF_SELF_ORGANISING,
            label="self-organising, support person convenes",
        ),
        Row(
            lambda org: reverse("networks:network_edit", args=[_network(org)]),
            hr_only(400),
            method="post",
            data={},
            label="empty form",
        ),
    ],
    "networks:network_join": [
        Row(
            lambda org: reverse("networks:network_join", args=[_network(org)]),
            only({"support_person"}, 302),
            method="post",
            label="for support persons",
        ),
        Row(
            lambda org: reverse("networks:network_join", args=[_network(org, open_to_all=True)]),
            signed_in(302),
            method="post",
            label="open to all",
        ),
    ],
    "networks:network_withdraw": [
        Row(
            lambda org: reverse("networks:network_withdraw", args=[_network(org)]),
            signed_in(302),
            method="post",
            label="nothing to withdraw: a message",
        ),
    ],
    "networks:network_digest": [
        Row(
            lambda org: reverse("networks:network_digest", args=[_with_member(org)]),
            only({"support_person"}, 302),
            method="post",
            data={"wants_digest": "0"},
        ),
    ],
    "networks:network_leave": [
        Row(
            lambda org: reverse("networks:network_leave", args=[_with_member(org)]),
            only({"support_person"}),
        ),
        Row(
            lambda org: reverse("networks:network_leave", args=[_with_member(org)]),
            only({"support_person"}, 302),
            method="post",
            label="leave",
        ),
    ],
    "networks:network_requests": [
        Row(lambda org: reverse("networks:network_requests", args=[_network(org)]), hr_only()),
        Row(
            lambda org: reverse(
                "networks:network_requests", args=[_self_organising_with_convener(org)]
            ),
            RUNNERS_OF_SELF_ORGANISING,
            label="self-organising",
        ),
    ],
    "networks:network_request_decide": [
        Row(_decide_url, hr_only(302), method="post", data={"decision": "decline"}),
    ],
    "networks:network_members": [
        Row(lambda org: reverse("networks:network_members", args=[_network(org)]), hr_only()),
    ],
    "networks:network_member_add": [
        Row(
            lambda org: reverse("networks:network_member_add", args=[_network(org)]),
            hr_only(400),
            method="post",
            data={},
            label="empty form",
        ),
    ],
    "networks:network_member_remove": [
        Row(_member_url("networks:network_member_remove"), hr_only(302), method="post"),
        Row(
            lambda org: reverse("networks:network_member_remove", args=[_network(org), 999999]),
            hr_only(404),
            method="post",
            label="unknown membership",
        ),
    ],
    "networks:network_member_role": [
        Row(
            _member_url("networks:network_member_role"),
            hr_only(302),
            method="post",
            data={"role": "convener"},
        ),
    ],
}
