"""Who may open the resource catalogue's pages (see core/tests/authorisation.py).

Everyone signed in reads the published catalogue and downloads what they can see; curators
(coordinators, admins and the curator group) add, edit, import and change a resource's status.
A draft does not exist for readers (404); a reader's status change is a 403.
"""

from django.urls import reverse

from kipina.core.tests.authorisation import LOGIN, Row, hr_only, signed_in
from kipina.learning.enums import ResourceStatus
from kipina.learning.tests.factories import ResourceFactory


def _published(org) -> str:
    return ResourceFactory().key


def _draft(org) -> str:
    return ResourceFactory(status=ResourceStatus.DRAFT).key


CURATORS_ONLY_SEE_DRAFTS = hr_only(200, others=404)

ROWS = {
    "learning:resources": [
        Row(lambda org: reverse("learning:resources"), signed_in(200)),
        Row(
            lambda org: reverse("learning:resources") + "?q=kurssi&kind=web_course&page=2",
            signed_in(200),
            label="searched and filtered",
        ),
    ],
    "learning:resource": [
        Row(lambda org: reverse("learning:resource", args=[_published(org)]), signed_in(200)),
        Row(
            lambda org: reverse("learning:resource", args=[_draft(org)]),
            CURATORS_ONLY_SEE_DRAFTS,
            label="a draft",
        ),
        Row(
            lambda org: reverse("learning:resource", args=["ei-ole"]),
            signed_in(404),
            label="unknown key",
        ),
        Row(
            lambda org: reverse("learning:resource", args=[_published(org)]),
            hr_only(302),
            method="post",
            data={"status": ResourceStatus.ARCHIVED, "version": 1},
            label="status change",
        ),
    ],
    "learning:resource_new": [
        Row(lambda org: reverse("learning:resource_new"), hr_only()),
        Row(
            lambda org: reverse("learning:resource_new"),
            hr_only(400),
            method="post",
            data={},
            label="empty form",
        ),
    ],
    "learning:resource_edit": [
        Row(lambda org: reverse("learning:resource_edit", args=[_published(org)]), hr_only()),
        Row(
            lambda org: reverse("learning:resource_edit", args=[_draft(org)]),
            CURATORS_ONLY_SEE_DRAFTS,
            label="a draft",
        ),
        Row(
            lambda org: reverse("learning:resource_edit", args=[_published(org)]),
            hr_only(400),
            method="post",
            data={},
            label="empty form",
        ),
    ],
    "learning:resource_import": [
        Row(lambda org: reverse("learning:resource_import"), hr_only()),
        Row(
            lambda org: reverse("learning:resource_import"),
            {**hr_only(400), "anonymous": LOGIN},
            method="post",
            data={},
            label="post without a file",
        ),
    ],
    "learning:resource_export": [
        Row(lambda org: reverse("learning:resource_export", args=["csv"]), signed_in(200)),
        Row(
            lambda org: reverse("learning:resource_export", args=["xlsx"]) + "?status=draft",
            signed_in(200),
            label="xlsx",
        ),
        Row(
            lambda org: reverse("learning:resource_export", args=["pdf"]),
            signed_in(404),
            label="unknown format",
        ),
    ],
}
