"""Who may reach each page of the agents app (see kipina/core/tests/test_authorisation_matrix.py).

Personas: employee, team_lead and supervisor are colleagues of support_person, whose supervisor
is `supervisor`; coordinator and admin work elsewhere.
"""

import datetime as dt

from django.urls import reverse

from kipina.agents.models import Absence
from kipina.agents.tests import factories
from kipina.core.tests.authorisation import LOGIN, Row, hr_only, signed_in


def _profile(org):
    return org.people["support_person"].support_profile


def _absence(org) -> Absence:
    return Absence.objects.create(
        support_person=_profile(org), start=dt.date(2030, 1, 1), end=dt.date(2030, 1, 2)
    )


# The person themself and HR roles may edit the profile; other colleagues get 403.
OWNER_AND_HR = {
    "anonymous": LOGIN,
    "employee": 403,
    "team_lead": 403,
    "supervisor": 403,
    "support_person": 200,
    "coordinator": 200,
    "admin": 200,
}


def _owner_and_hr(outcome, others=403) -> dict:
    return {
        key: (outcome if value == 200 else others if value == 403 else value)
        for key, value in OWNER_AND_HR.items()
    }


# Time shares: the person, their supervisor line and HR roles; others do not learn they exist.
SHARES = {
    "anonymous": LOGIN,
    "employee": 404,
    "team_lead": 404,
    "supervisor": 200,
    "support_person": 200,
    "coordinator": 200,
    "admin": 200,
}

ROWS = {
    "agents:directory": [
        Row(lambda org: reverse("agents:directory"), signed_in(200)),
        Row(
            lambda org: reverse("agents:directory") + "?unit=ROOT&role=lean_expert&q=a",
            signed_in(200),
            label="filtered",
        ),
    ],
    "agents:profile": [
        Row(lambda org: reverse("agents:profile", args=[_profile(org).pk]), signed_in(200)),
        Row(
            lambda org: reverse("agents:profile", args=[999999]),
            signed_in(404),
            label="unknown profile",
        ),
    ],
    "agents:profile_edit": [
        Row(lambda org: reverse("agents:profile_edit", args=[_profile(org).pk]), OWNER_AND_HR),
        Row(
            lambda org: reverse("agents:profile_edit", args=[_profile(org).pk]),
            _owner_and_hr(400),
            method="post",
            data={"scope": "nowhere"},
            label="bad input",
        ),
    ],
    "agents:absence_add": [
        Row(
            lambda org: reverse("agents:absence_add", args=[_profile(org).pk]),
            _owner_and_hr(302),
            method="post",
            data={"start": "2030-01-01", "end": "2030-01-05", "note": ""},
        ),
        Row(
            lambda org: reverse("agents:absence_add", args=[_profile(org).pk]),
            {**_owner_and_hr(405, others=405), "anonymous": LOGIN},
            label="GET",
        ),
    ],
    "agents:absence_remove": [
        Row(
            lambda org: reverse("agents:absence_remove", args=[_absence(org).pk]),
            _owner_and_hr(302, others=404),
            method="post",
        )
    ],
    "agents:rotate_token": [
        Row(
            lambda org: reverse("agents:rotate_token", args=[_profile(org).pk]),
            _owner_and_hr(302),
            method="post",
        )
    ],
    "agents:allocations": [
        Row(lambda org: reverse("agents:allocations", args=[_profile(org).pk]), SHARES),
        Row(
            lambda org: reverse("agents:allocations", args=[_profile(org).pk]),
            {**SHARES, "support_person": 302, "coordinator": 302, "admin": 302, "supervisor": 403},
            method="post",
            data={"percent": "10", "start": "2031-01-01", "end": "2031-12-31"},
            label="request",
        ),
    ],
    "agents:allocation_decide": [
        Row(
            lambda org: reverse(
                "agents:allocation_decide", args=[factories.allocation(_profile(org)).pk]
            ),
            # Only the supervisor line decides (an admin too, giving a reason); the person and
            # a coordinator may see the request but not decide it.
            {**SHARES, "supervisor": 302, "admin": 302, "support_person": 403, "coordinator": 403},
            method="post",
            data={"decision": "approve", "reason": "Agreed in the development discussion"},
        )
    ],
    "agents:allocation_withdraw": [
        Row(
            lambda org: reverse(
                "agents:allocation_withdraw", args=[factories.allocation(_profile(org)).pk]
            ),
            {**SHARES, "supervisor": 403, "support_person": 302, "coordinator": 302, "admin": 302},
            method="post",
        )
    ],
    "agents:approvals": [Row(lambda org: reverse("agents:approvals"), signed_in(200))],
    "agents:create": [
        Row(lambda org: reverse("agents:create"), hr_only()),
        Row(
            lambda org: reverse("agents:create"),
            hr_only(400),
            method="post",
            data={"employee_number": "E-NONE"},
            label="unknown number",
        ),
    ],
}
