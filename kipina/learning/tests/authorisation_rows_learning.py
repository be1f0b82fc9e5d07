"""Who may open the competence pages: everyone signed in reads the frameworks; coordinators and
admins import them."""

from django.urls import reverse

from kipina.core.tests.authorisation import LOGIN, Row, hr_only, signed_in
from kipina.learning.tests.factories import CompetenceFactory, CompetenceFrameworkFactory


def _framework(org) -> str:
    return CompetenceFrameworkFactory().idnumber


def _competence_url(org) -> str:
    competence = CompetenceFactory()
    return reverse("learning:competence", args=[competence.framework.idnumber, competence.idnumber])


ROWS = {
    "learning:frameworks": [Row(lambda org: reverse("learning:frameworks"), signed_in(200))],
    "learning:framework": [
        Row(lambda org: reverse("learning:framework", args=[_framework(org)]), signed_in(200)),
        Row(
            lambda org: reverse("learning:framework", args=["NO-SUCH"]),
            signed_in(404),
            label="404",
        ),
    ],
    "learning:competence": [
        Row(_competence_url, signed_in(200)),
        Row(
            lambda org: reverse("learning:competence", args=[_framework(org), "NO-SUCH"]),
            signed_in(404),
            label="404",
        ),
    ],
    "learning:framework_export": [
        Row(
            lambda org: reverse("learning:framework_export", args=[_framework(org)]),
            signed_in(200),
        )
    ],
    "learning:framework_import": [
        Row(lambda org: reverse("learning:framework_import"), hr_only()),
        Row(
            lambda org: reverse("learning:framework_import"),
            {**hr_only(outcome=400), "anonymous": LOGIN},
            method="post",
            data={},
            label="post without a file",
        ),
    ],
}
