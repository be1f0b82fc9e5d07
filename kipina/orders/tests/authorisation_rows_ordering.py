"""Who may reach the services catalogue, the order form, the order page and each action.

Orders are `org.team`'s, made by `employee`; `support_person` (in the same team) is the one
assigned. The team (employee, team lead) sees the order; the supervisor — outside the team — gets
404. An action the viewer may not take now answers 403; a valid one redirects (302); an
authorised post with missing input answers 400. Every action answers 405 to GET.
"""

from django.urls import reverse

from kipina.core.tests.authorisation import LOGIN, Row, everyone, hr_only, signed_in
from kipina.orders.enums import AssignmentMode, OrderState
from kipina.orders.tests.factories import ServiceFactory, order_in_state


def _outcomes(default=403, **by_persona) -> dict[str, object]:
    """Viewers of the order get `default` unless named; the supervisor cannot see it (404)."""
    expected = {
        "anonymous": LOGIN,
        "employee": default,
        "team_lead": default,
        "supervisor": 404,
        "support_person": default,
        "coordinator": default,
        "admin": default,
    }
    expected.update(by_persona)
    return expected


def _order_url(name: str, state: str, mode: str = AssignmentMode.COORDINATOR, **options):
    def url(org) -> str:
        service = ServiceFactory(assignment_mode=mode)
        return reverse(name, args=[order_in_state(org, state, service=service, **options).pk])

    return url


def _action(name: str, state: str, expected, data=None, mode=AssignmentMode.COORDINATOR):
    return [
        Row(_order_url(f"orders:{name}", state, mode), expected, method="post", data=data or {}),
        Row(
            lambda org: reverse(f"orders:{name}", args=[999999]),
            everyone(405),
            label="GET is not allowed",
        ),
    ]


REASON = {"reason": "Näin sovittiin."}

ROWS = {
    "orders:services": [Row(lambda org: reverse("orders:services"), signed_in(200))],
    "orders:service": [
        Row(lambda org: ServiceFactory().get_absolute_url(), signed_in(200)),
        Row(
            lambda org: ServiceFactory(active=False).get_absolute_url(),
            hr_only(200, others=404),
            label="inactive service",
        ),
        Row(
            lambda org: reverse("orders:service", args=["no-such-service"]),
            signed_in(404),
            label="unknown service",
        ),
    ],
    "orders:service_new": [
        Row(lambda org: reverse("orders:service_new"), hr_only()),
        Row(
            lambda org: reverse("orders:service_new"),
            hr_only(400),
            method="post",
            data={"code": ""},
            label="post with errors",
        ),
    ],
    "orders:service_edit": [
        Row(lambda org: reverse("orders:service_edit", args=[ServiceFactory().code]), hr_only()),
    ],
    "orders:new": [
        Row(lambda org: reverse("orders:new"), signed_in(200)),
        Row(
            lambda org: reverse("orders:new"),
            signed_in(400),
            method="post",
            data={"need": ""},
            label="post with errors",
        ),
    ],
    "orders:order": [
        Row(_order_url("orders:order", OrderState.SUBMITTED), _outcomes(200)),
        Row(
            _order_url("orders:order", OrderState.CLOSED),
            _outcomes(200),
            label="closed order",
        ),
        Row(
            lambda org: reverse(
                "orders:order",
                args=[
                    order_in_state(
                        org,
                        OrderState.ASSIGNED,
                        requester="coordinator",
                        override_reason="Toisesta yksiköstä.",
                    ).pk
                ],
            ),
            # Another team's order: only its orderer, its support person and coordinators.
            _outcomes(200, employee=404, team_lead=404),
            label="another team's order",
        ),
        Row(
            lambda org: reverse("orders:order", args=[999999]),
            signed_in(404),
            label="unknown order",
        ),
    ],
    # Without a chosen person the assign and pick forms are refused as incomplete (400).
    "orders:assign": _action("assign", OrderState.SUBMITTED, _outcomes(coordinator=400, admin=400)),
    "orders:pick": _action(
        "pick", OrderState.SUBMITTED, _outcomes(employee=400), mode=AssignmentMode.REQUESTER_PICKS
    ),
    "orders:claim": _action(
        "claim", OrderState.SUBMITTED, _outcomes(support_person=302), mode=AssignmentMode.CLAIM
    ),
    "orders:accept": _action("accept", OrderState.ASSIGNED, _outcomes(support_person=302)),
    "orders:return": _action(
        "return", OrderState.ASSIGNED, _outcomes(support_person=302), data=REASON
    ),
    "orders:unassign": _action(
        "unassign", OrderState.ASSIGNED, _outcomes(coordinator=302, admin=302), data=REASON
    ),
    "orders:deliver": _action(
        "deliver",
        OrderState.PLANNED,
        _outcomes(support_person=302, coordinator=302, admin=302),
    ),
    "orders:reflect": _action(
        "reflect",
        OrderState.DELIVERED,
        _outcomes(support_person=302),
        data={"reflection": "Hyvä työpaja."},
    ),
    "orders:feedback": _action(
        "feedback",
        OrderState.DELIVERED,
        _outcomes(employee=302, team_lead=302),
        data={"rating": "4"},
    ),
    "orders:close": _action("close", OrderState.DELIVERED, _outcomes(coordinator=302, admin=302)),
    "orders:decline": _action(
        "decline", OrderState.SUBMITTED, _outcomes(coordinator=302, admin=302), data=REASON
    ),
    "orders:cancel": _action(
        "cancel",
        OrderState.SUBMITTED,
        _outcomes(employee=302, coordinator=302, admin=302),
        data=REASON,
    ),
    "orders:follow_up": _action(
        "follow_up", OrderState.CLOSED, _outcomes(employee=302), data={"answer": "yes"}
    ),
}
