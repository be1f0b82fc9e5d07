"""Who may reach the session, calendar and hours pages (see core/tests/authorisation.py).

The order is `org.team`'s, made by `employee`, delivered by `support_person`: the team (employee,
team lead) sees it, the supervisor — outside the team — gets 404, and only the support person
and coordinators schedule; only the support person logs hours.
"""

from django.urls import reverse

from kipina.core.tests.authorisation import LOGIN, Row, everyone
from kipina.orders.tests.factories import order_in_state


def _planned(org):
    return order_in_state(org, "planned")


def _session(org):
    return _planned(org).sessions.get()


SCHEDULERS = {
    "anonymous": LOGIN,
    "employee": 403,
    "team_lead": 403,
    "supervisor": 404,
    "support_person": 200,
    "coordinator": 200,
    "admin": 200,
}

CANCELLERS = {**SCHEDULERS, **{key: 302 for key in ("support_person", "coordinator", "admin")}}

VIEWERS = {
    "anonymous": LOGIN,
    "employee": 200,
    "team_lead": 200,
    "supervisor": 404,
    "support_person": 200,
    "coordinator": 200,
    "admin": 200,
}

HOURS = {
    "anonymous": LOGIN,
    "employee": 403,
    "team_lead": 403,
    "supervisor": 404,
    "support_person": 200,
    "coordinator": 403,
    # Actions follow the rules as written (core.permissions.allowed), not the superuser shortcut.
    "admin": 403,
}


ROWS = {
    "orders:session_new": [
        Row(lambda org: reverse("orders:session_new", args=[_planned(org).pk]), SCHEDULERS),
        Row(
            lambda org: reverse("orders:session_new", args=[order_in_state(org, "closed").pk]),
            {**SCHEDULERS, "support_person": 403, "coordinator": 403, "admin": 403},
            label="closed order",
        ),
    ],
    "orders:session_edit": [
        Row(lambda org: reverse("orders:session_edit", args=[_session(org).pk]), SCHEDULERS),
    ],
    "orders:session_cancel": [
        Row(
            lambda org: reverse("orders:session_cancel", args=[_session(org).pk]),
            CANCELLERS,
            method="post",
        ),
        Row(
            lambda org: reverse("orders:session_cancel", args=[_session(org).pk]),
            everyone(405),
            label="GET is not allowed",
        ),
    ],
    "orders:session_ics": [
        Row(lambda org: reverse("orders:session_ics", args=[_session(org).pk]), VIEWERS),
    ],
    "orders:calendar_feed": [
        Row(
            lambda org: reverse(
                "orders:calendar_feed", args=[_planned(org).support_person.calendar_token]
            ),
            everyone(200),
        ),
        Row(
            lambda org: reverse("orders:calendar_feed", args=["no-such-token"]),
            everyone(404),
            label="unknown token",
        ),
    ],
    "orders:log_hours": [
        Row(lambda org: reverse("orders:log_hours", args=[_planned(org).pk]), HOURS),
    ],
}
