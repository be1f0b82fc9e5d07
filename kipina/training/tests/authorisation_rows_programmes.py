"""Who may reach the programme, module and cohort pages.

- Everyone signed in sees active programmes and their cohorts; an inactive programme (and its
  cohorts) is a 404 except for coordinators and admins.
- Coordinators and admins keep programmes, modules and cohorts and enrol people.
- A person may leave their own enrolment; coordinators remove anyone.
- A cohort's trainers (here the team lead) and coordinators mark completions.
"""

from django.urls import reverse

from kipina.core.tests.authorisation import HR, Row, everyone, hr_only, only, signed_in
from kipina.training.tests.factories_programmes import (
    CohortFactory,
    ModuleFactory,
    ProgrammeFactory,
    enrolled,
)

POST_ONLY = everyone(405)  # require_POST answers before the sign-in check


def _programme(name: str, **fields):
    return lambda org: reverse(f"training:{name}", args=[ProgrammeFactory(**fields).key])


def _module(name: str):
    return lambda org: reverse(f"training:{name}", args=[ModuleFactory().pk])


def _cohort(name: str, **programme_fields):
    def url(org) -> str:
        cohort = CohortFactory(programme=ProgrammeFactory(**programme_fields))
        return reverse(f"training:{name}", args=[cohort.pk])

    return url


def _employee_enrolment(org):
    cohort = CohortFactory(trainers=[org.people["team_lead"]])
    module = ModuleFactory(programme=cohort.programme)
    ModuleFactory(programme=cohort.programme)  # a second module: one mark does not complete
    return enrolled(cohort, org.people["employee"]), module


def _leave_url(org) -> str:
    enrolment, _module = _employee_enrolment(org)
    return reverse("training:enrolment_leave", args=[enrolment.pk])


def _completion_url(org) -> str:
    enrolment, module = _employee_enrolment(org)
    return reverse("training:completion", args=[enrolment.pk, module.pk])


ROWS = {
    "training:programmes": [Row(lambda org: reverse("training:programmes"), signed_in(200))],
    "training:programme_create": [
        Row(lambda org: reverse("training:programme_create"), hr_only()),
        Row(
            lambda org: reverse("training:programme_create"),
            hr_only(400),
            method="post",
            data={"name": ""},
            label="post without a name",
        ),
    ],
    "training:programme": [
        Row(_programme("programme"), signed_in(200)),
        Row(_programme("programme", active=False), only(HR, others=404), label="inactive"),
    ],
    "training:programme_edit": [
        Row(_programme("programme_edit"), hr_only()),
        Row(_programme("programme_edit", active=False), hr_only(), label="inactive"),
    ],
    "training:module_create": [Row(_programme("module_create"), hr_only())],
    "training:cohort_create": [Row(_programme("cohort_create"), hr_only())],
    "training:module_edit": [Row(_module("module_edit"), hr_only())],
    "training:module_delete": [
        Row(_module("module_delete"), hr_only()),
        Row(_module("module_delete"), hr_only(302), method="post", label="delete"),
    ],
    "training:module_move": [
        Row(_module("module_move"), hr_only(302), method="post", data={"direction": "up"}),
        Row(_module("module_move"), POST_ONLY, label="GET is not allowed"),
    ],
    "training:cohort": [
        Row(_cohort("cohort"), signed_in(200)),
        Row(_cohort("cohort", active=False), only(HR, others=404), label="inactive programme"),
    ],
    "training:cohort_edit": [Row(_cohort("cohort_edit"), hr_only())],
    "training:cohort_enrol": [
        Row(_cohort("cohort_enrol"), hr_only()),
        Row(
            _cohort("cohort_enrol"),
            hr_only(400),
            method="post",
            data={"person_query": ""},
            label="post without a person",
        ),
    ],
    "training:enrolment_leave": [
        Row(_leave_url, only({"employee", *HR})),
        Row(_leave_url, only({"employee", *HR}, outcome=302), method="post", label="leave"),
    ],
    "training:completion": [
        Row(
            _completion_url,
            only({"team_lead", *HR}, outcome=302),
            method="post",
            data={"completed": "1"},
        ),
        Row(_completion_url, POST_ONLY, label="GET is not allowed"),
    ],
}
