"""Who may open and act on applications to become a support person.

Everyone signed in may apply. The application is seen by the applicant, their line (the
employee's supervisor) and the coordinators and admins; anyone else gets 404 — it is not leaked.
The supervisor decides (a coordinator or admin only when the applicant has no supervisor);
coordinators and admins place and activate; only the applicant withdraws. Those who see an
application but may not do the thing get 403.
"""

from django.urls import reverse

from kipina.core.tests.authorisation import Row, hr_only, only, signed_in
from kipina.training.enums import ApplicationState
from kipina.training.tests.factories_onboarding import application

SEE_EMPLOYEES = {"employee", "supervisor", "coordinator", "admin"}
# The supervisor persona has no supervisor: the coordinators and admins decide for them.
SEE_SUPERVISORS = {"supervisor", "coordinator", "admin"}


def _url(name: str, state: str = ApplicationState.SUBMITTED, whose: str = "employee"):
    def url(org) -> str:
        made = application(org.people[whose], state=state)
        return reverse(f"training:{name}", args=[made.pk])

    return url


def _seen_by(seeing: set[str], allowed: dict[str, object], others=403) -> dict[str, object]:
    """`allowed` outcomes for those who may act, `others` for those who only see it, and 404 for
    everyone else signed in."""
    expected = only(seeing, outcome=others, others=404)
    expected.update(allowed)
    return expected


ROWS = {
    "training:apply": [Row(lambda org: reverse("training:apply"), signed_in(200))],
    "training:applications": [
        Row(lambda org: reverse("training:applications"), hr_only()),
        Row(
            lambda org: reverse("training:applications") + "?state=trained",
            hr_only(),
            label="filtered",
        ),
    ],
    "training:applications_to_decide": [
        Row(
            lambda org: reverse("training:applications_to_decide"),
            only({"supervisor", "coordinator", "admin"}),
        )
    ],
    "training:applications_to_place": [
        Row(lambda org: reverse("training:applications_to_place"), hr_only())
    ],
    "training:application": [
        Row(_url("application"), only(SEE_EMPLOYEES, others=404)),
        Row(
            _url("application", whose="supervisor"),
            only(SEE_SUPERVISORS, others=404),
            label="applicant without a supervisor",
        ),
        Row(
            lambda org: reverse("training:application", args=[987654]),
            only(set(), others=404),
            label="no such application",
        ),
    ],
    "training:application_withdraw": [
        Row(
            _url("application_withdraw"),
            _seen_by(SEE_EMPLOYEES, {"employee": 302}),
            method="post",
        )
    ],
    "training:application_decide": [
        Row(
            _url("application_decide"),
            _seen_by(SEE_EMPLOYEES, {"supervisor": 302}),
            method="post",
            data={"decision": "approve"},
        ),
        Row(
            _url("application_decide", whose="supervisor"),
            _seen_by(SEE_SUPERVISORS, {"coordinator": 302, "admin": 302}),
            method="post",
            data={"decision": "decline", "reason": "Ei nyt."},
            label="applicant without a supervisor",
        ),
    ],
    "training:application_place": [
        Row(
            _url("application_place", ApplicationState.APPROVED),
            # No cohort chosen: those allowed get the form back with the error.
            _seen_by(SEE_EMPLOYEES, {"coordinator": 400, "admin": 400}),
            method="post",
        )
    ],
    "training:application_activate": [
        Row(
            _url("application_activate", ApplicationState.TRAINED),
            _seen_by(SEE_EMPLOYEES, {"coordinator": 302, "admin": 302}),
            method="post",
        )
    ],
}
