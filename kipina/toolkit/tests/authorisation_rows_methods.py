"""Who may open and act on the method library: everyone signed in reads published methods,
support persons co-create, coordinators and admins also unpublish and see unpublished ones."""

from django.urls import reverse

from kipina.core.tests.authorisation import Row, everyone, only, signed_in
from kipina.toolkit.enums import MethodStatus
from kipina.toolkit.tests.factories import MethodFactory

CO_CREATORS = {"support_person", "coordinator", "admin"}


def _published(org) -> str:
    return MethodFactory().key


def _draft_of_the_support_person(org) -> str:
    method = MethodFactory(status=MethodStatus.DRAFT, created_by=org.people["support_person"])
    return method.key


def _url(name: str, key_of, *extra):
    return lambda org: reverse(f"toolkit:{name}", args=[key_of(org), *extra])


def _revert_url(org) -> str:
    method = MethodFactory()
    return reverse("toolkit:method_revert", args=[method.key, method.history.get().history_id])


ROWS = {
    "toolkit:library": [
        Row(lambda org: reverse("toolkit:library"), signed_in(200)),
        Row(
            lambda org: reverse("toolkit:library") + "?q=työpajoissa&purpose=ideas&sort=rating",
            signed_in(200),
            label="searched and filtered",
        ),
    ],
    "toolkit:method_new": [
        Row(lambda org: reverse("toolkit:method_new"), only(CO_CREATORS)),
        Row(
            lambda org: reverse("toolkit:method_new"),
            only(CO_CREATORS, outcome=400),
            method="post",
            data={"title": ""},
            label="post with errors",
        ),
    ],
    "toolkit:method": [
        Row(_url("method", _published), signed_in(200)),
        Row(
            _url("method", _draft_of_the_support_person),
            only(CO_CREATORS, others=404),
            label="a draft",
        ),
        Row(lambda org: reverse("toolkit:method", args=["no-such"]), signed_in(404), label="404"),
    ],
    "toolkit:method_edit": [Row(_url("method_edit", _published), only(CO_CREATORS))],
    "toolkit:method_history": [Row(_url("method_history", _published), signed_in(200))],
    "toolkit:method_diff": [Row(_url("method_diff", _published), signed_in(200))],
    "toolkit:method_revert": [
        Row(_revert_url, only(CO_CREATORS, outcome=302), method="post", data={"version": "1"}),
        Row(_revert_url, everyone(405) | {"anonymous": 405}, label="GET is not allowed"),
    ],
    "toolkit:method_publish": [
        Row(
            _url("method_publish", _draft_of_the_support_person),
            only(CO_CREATORS, outcome=302, others=404),
            method="post",
        ),
    ],
    "toolkit:method_unpublish": [
        Row(
            _url("method_unpublish", _published),
            only({"coordinator", "admin"}, outcome=302),
            method="post",
            data={"reason": "Päällekkäinen menetelmä"},
        ),
    ],
    "toolkit:method_comment": [
        Row(
            _url("method_comment", _published), signed_in(302), method="post", data={"text": "Hyvä"}
        ),
    ],
    "toolkit:method_use": [
        Row(
            _url("method_use", _published),
            only({"support_person"}, outcome=302),
            method="post",
            data={"rating": "4", "note": "Toimi"},
        ),
    ],
}
