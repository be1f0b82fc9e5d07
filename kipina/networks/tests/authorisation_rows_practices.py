"""Who may open the good practices' pages (see core/tests/authorisation.py).

Everyone signed in reads published practices, comments on them and says they helped. The
support person is a member of the practice's network and its author: they, coordinators and
admins (who run every network) write, edit and publish; a draft does not exist for others (404).
"""

from django.urls import reverse

from kipina.core.tests.authorisation import Row, only, signed_in
from kipina.networks.enums import PracticeStatus
from kipina.networks.tests.factories_networks import NetworkFactory, member
from kipina.networks.tests.factories_practices import PracticeCommentFactory, PracticeFactory

WRITERS = {"support_person", "coordinator", "admin"}


def _network(org):
    network = NetworkFactory()
    member(network, org.people["support_person"])
    return network


def _practice(org, status=PracticeStatus.PUBLISHED):
    return PracticeFactory(
        network=_network(org), author=org.people["support_person"], status=status
    )


def _published(org) -> int:
    return _practice(org).pk


def _draft(org) -> int:
    return _practice(org, PracticeStatus.DRAFT).pk


def _comment_url(org) -> str:
    comment = PracticeCommentFactory(practice=_practice(org), author=org.people["support_person"])
    return reverse("networks:practice_comment_delete", args=[comment.practice_id, comment.pk])


def _new(org) -> str:
    _network(org)
    return reverse("networks:practice_new")


def _url(name: str, make):
    return lambda org: reverse(name, args=[make(org)])


WRITE = only(WRITERS)
DRAFT_READERS = only(WRITERS, others=404)

ROWS = {
    "networks:practices": [
        Row(lambda org: reverse("networks:practices"), signed_in(200)),
        Row(
            lambda org: reverse("networks:practices") + "?q=työpajoissa&sort=helpful&page=3",
            signed_in(200),
            label="searched, sorted, past the end",
        ),
    ],
    "networks:my_practices": [
        Row(lambda org: reverse("networks:my_practices"), signed_in(200)),
        Row(
            lambda org: reverse("networks:my_practices") + "?status=published",
            signed_in(200),
            label="published",
        ),
    ],
    "networks:practice_new": [
        Row(_new, WRITE),
        Row(_new, only(WRITERS, 400), method="post", data={}, label="empty form"),
    ],
    "networks:practice": [
        Row(_url("networks:practice", _published), signed_in(200)),
        Row(_url("networks:practice", _draft), DRAFT_READERS, label="a draft"),
        Row(
            lambda org: reverse("networks:practice", args=[999999]), signed_in(404), label="unknown"
        ),
    ],
    "networks:practice_edit": [
        Row(_url("networks:practice_edit", _published), WRITE),
        Row(_url("networks:practice_edit", _draft), DRAFT_READERS, label="a draft"),
        Row(
            _url("networks:practice_edit", _published),
            only(WRITERS, 400),
            method="post",
            data={},
            label="empty form",
        ),
    ],
    "networks:practice_publish": [
        Row(_url("networks:practice_publish", _draft), only(WRITERS, 302, others=404), "post"),
    ],
    "networks:practice_unpublish": [
        Row(_url("networks:practice_unpublish", _published), only(WRITERS, 302), "post"),
    ],
    "networks:practice_helped": [
        Row(
            _url("networks:practice_helped", _published),
            signed_in(302),
            method="post",
            data={"helped": "1"},
        ),
        Row(
            _url("networks:practice_helped", _draft),
            only(WRITERS, 302, others=404),
            method="post",
            data={"helped": "1"},
            label="a draft",
        ),
    ],
    "networks:practice_comment": [
        Row(
            _url("networks:practice_comment", _published),
            signed_in(302),
            method="post",
            data={"body": "Kiitos, kokeilemme tätä."},
        ),
        Row(
            _url("networks:practice_comment", _published),
            signed_in(400),
            method="post",
            data={"body": ""},
            label="empty comment",
        ),
    ],
    "networks:practice_comment_delete": [
        Row(_comment_url, only(WRITERS, 302), method="post"),
    ],
}
