"""Who may open and act on a team's competence tailoring: the team's members and lead, a support
person assigned to one of the team's orders (assigned, planned, delivered or closed),
coordinators and admins. Everyone else gets 404 for the team: it is not leaked.

In the test organisation the support person is also a member of WARD-A (org.team), so the
rows for PAY-1 (org.other_team) show that an assigned order alone opens a team's tailoring.
"""

from django.urls import reverse

from kipina.core.tests.authorisation import Row, only, signed_in
from kipina.learning.enums import ActionStatus
from kipina.learning.models import TeamCompetence
from kipina.learning.tests.factories import (
    CompetenceActionFactory,
    ResourceFactory,
    tailoring_framework,
)
from kipina.orders.tests.factories import order_in_state

TEAM = {"employee", "team_lead", "support_person", "coordinator", "admin"}
# PAY-1's own people (the coordinator and the admin are members) and its support person.
OTHER_TEAM_SUPPORTED = {"support_person", "coordinator", "admin"}
OTHER_TEAM = {"coordinator", "admin"}


def _supported(org) -> None:
    """An order of WARD-A planned with the support person, as a real order would be."""
    order_in_state(org, "planned")


def _supported_other_team(org) -> None:
    order_in_state(org, "planned", requester="coordinator", override_reason="Sovittu")


def _competence(org):
    return tailoring_framework().competences.get(idnumber="A1-1")


def _tailoring(org, team=None) -> TeamCompetence:
    return TeamCompetence.objects.create(team=team or org.team, competence=_competence(org))


def _map(org) -> str:
    _supported(org)
    return reverse("learning:team_competences", args=[org.team.code])


def _other_map(org) -> str:
    _supported_other_team(org)
    return reverse("learning:team_competences", args=[org.other_team.code])


def _competence_url(org) -> str:
    _supported(org)
    return reverse("learning:team_competence", args=[org.team.code, _competence(org).pk])


def _other_competence_url(org) -> str:
    _supported_other_team(org)
    return reverse("learning:team_competence", args=[org.other_team.code, _competence(org).pk])


def _action_add_url(org) -> str:
    _supported(org)
    tailoring = _tailoring(org)
    return reverse("learning:team_action_add", args=[org.team.code, tailoring.competence_id])


def _action_url(org) -> str:
    _supported(org)
    action = CompetenceActionFactory(team_competence=_tailoring(org))
    return reverse("learning:team_action", args=[org.team.code, action.pk])


def _link_url(org) -> str:
    _supported(org)
    tailoring = _tailoring(org)
    return reverse("learning:team_competence_link", args=[org.team.code, tailoring.competence_id])


class _LinkResourceRow(Row):
    """Links a published resource made when the row runs: its id is known only then (the
    matrix reads `data` after calling `url`)."""

    def __init__(self) -> None:
        super().__init__(url=self._url, expected=only(TEAM, outcome=302, others=404), method="post")

    def _url(self, org) -> str:
        self.data = {"op": "link_resource", "resource": ResourceFactory().pk}
        return _link_url(org)


def _review_url(org) -> str:
    _supported(org)
    _tailoring(org)
    return reverse("learning:team_review_new", args=[org.team.code])


def _reviews_url(org) -> str:
    _supported(org)
    return reverse("learning:team_reviews", args=[org.team.code])


ROWS = {
    "learning:team_competences": [
        Row(_map, only(TEAM, others=404)),
        Row(
            _other_map,
            only(OTHER_TEAM_SUPPORTED, others=404),
            label="another team supported through an order",
        ),
        Row(
            lambda org: reverse("learning:team_competences", args=[org.other_team.code]),
            only(OTHER_TEAM, others=404),
            label="another team without an order",
        ),
        Row(
            lambda org: reverse("learning:team_competences", args=["NO-SUCH-TEAM"]),
            signed_in(404),
            label="unknown team",
        ),
    ],
    "learning:team_competence": [
        Row(_competence_url, only(TEAM, others=404)),
        Row(
            _competence_url,
            only(TEAM, outcome=302, others=404),
            method="post",
            data={"meaning": "Asiakas mukaan suunnitteluun.", "version": "0"},
            label="first save",
        ),
        Row(
            _other_competence_url,
            only(OTHER_TEAM_SUPPORTED, outcome=302, others=404),
            method="post",
            data={"meaning": "Palkkatiimin tulkinta.", "version": "0"},
            label="first save in another team supported through an order",
        ),
        Row(
            lambda org: reverse("learning:team_competence", args=[org.team.code, 999999]),
            signed_in(404),
            label="unknown competence",
        ),
    ],
    "learning:team_action_add": [
        Row(
            _action_add_url,
            only(TEAM, outcome=302, others=404),
            method="post",
            data={"action-description": "Asiakasraati koolle", "action-status": "planned"},
        ),
        Row(
            _action_add_url,
            only(TEAM, outcome=400, others=404),
            method="post",
            data={"action-description": ""},
            label="post with errors",
        ),
        Row(_action_add_url, signed_in(405), label="GET is not allowed"),
    ],
    "learning:team_action": [
        Row(_action_url, only(TEAM, others=404)),
        Row(
            _action_url,
            only(TEAM, outcome=302, others=404),
            method="post",
            data={"op": "status", "status": ActionStatus.DONE},
            label="change the status",
        ),
        Row(
            _action_url,
            only(TEAM, outcome=302, others=404),
            method="post",
            data={"op": "delete"},
            label="delete",
        ),
    ],
    "learning:team_competence_link": [
        _LinkResourceRow(),
        Row(
            _link_url,
            only(TEAM, outcome=400, others=404),
            method="post",
            data={"op": "link_order"},
            label="no order picked",
        ),
        Row(_link_url, signed_in(405), label="GET is not allowed"),
    ],
    "learning:team_review_new": [
        Row(_review_url, only(TEAM, others=404)),
        Row(
            _review_url,
            only(TEAM, outcome=302, others=404),
            method="post",
            data={"reviewed_on": "2024-01-15", "note": "Katsaus"},
            label="record",
        ),
    ],
    "learning:team_reviews": [Row(_reviews_url, only(TEAM, others=404))],
}
