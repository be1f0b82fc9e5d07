"""Who may download methods as JSON and who may import them (see core/tests/authorisation.py).

Everyone signed in downloads the methods they may see; a draft is seen only by its
contributors (here the support person) and by coordinators and admins — for the others it does
not exist (404). Only coordinators and admins import; a POST without a file is a form error.
"""

from django.urls import reverse

from kipina.core.tests.authorisation import LOGIN, Row, hr_only, signed_in
from kipina.toolkit.enums import MethodStatus
from kipina.toolkit.tests.factories import MethodFactory


def _export_draft(org) -> str:
    draft = MethodFactory(
        key="luonnos", status=MethodStatus.DRAFT, created_by=org.people["support_person"]
    )
    draft.contributors.add(org.people["support_person"])
    return reverse("toolkit:methods_export") + f"?key={draft.key}"


DRAFT_READERS = {
    "anonymous": LOGIN,
    "employee": 404,
    "team_lead": 404,
    "supervisor": 404,
    "support_person": 200,
    "coordinator": 200,
    "admin": 200,
}

ROWS = {
    "toolkit:methods_export": [
        Row(lambda org: reverse("toolkit:methods_export"), signed_in(200)),
        Row(
            lambda org: reverse("toolkit:methods_export") + f"?key={MethodFactory().key}",
            signed_in(200),
            label="one published method",
        ),
        Row(_export_draft, DRAFT_READERS, label="a draft"),
        Row(
            lambda org: reverse("toolkit:methods_export") + "?key=ei-ole",
            signed_in(404),
            label="unknown key",
        ),
        Row(
            lambda org: reverse("toolkit:methods_export"),
            {**signed_in(405), "anonymous": LOGIN},
            method="post",
            label="POST is not allowed",
        ),
    ],
    "toolkit:methods_import": [
        Row(lambda org: reverse("toolkit:methods_import"), hr_only()),
        Row(
            lambda org: reverse("toolkit:methods_import"),
            hr_only(400),
            method="post",
            label="POST without a file",
        ),
    ],
}
