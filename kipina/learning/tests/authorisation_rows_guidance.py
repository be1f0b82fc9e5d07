"""Who may reach the guidance pages.

- A team's suggested learning: whoever sees the team's competences (members, lead, a support
  person assigned to the team's order, coordinators and admins); others get a 404.
- Recommending and the list of recommendations made: support persons, coordinators, admins.
- My learning, answers, bookmarks and the learning log: everyone with a person record; another
  person's recommendation or log entry is a 404.
"""

from django.urls import reverse

from kipina.core.tests.authorisation import Row, everyone, only, signed_in
from kipina.learning.enums import ResourceStatus
from kipina.learning.tests.factories import (
    LearningLogEntryFactory,
    RecommendationFactory,
    ResourceFactory,
    team_gap,
)
from kipina.orders.tests.factories import order_in_state

RECOMMENDERS = {"support_person", "coordinator", "admin"}
POST_ONLY = everyone(405)  # require_POST answers before the sign-in check


def _suggestions_url(org) -> str:
    order_in_state(org, "planned")
    team_gap(org.team)
    return reverse("learning:team_suggestions", args=[org.team.code])


def _resource(name: str, status=ResourceStatus.PUBLISHED):
    return lambda org: reverse(f"learning:{name}", args=[ResourceFactory(status=status).key])


def _answer_to_team(org) -> str:
    recommendation = RecommendationFactory(team=org.team, person=None)
    return reverse("learning:recommendation_answer", args=[recommendation.pk])


def _answer_to_employee(org) -> str:
    recommendation = RecommendationFactory(person=org.people["employee"])
    return reverse("learning:recommendation_answer", args=[recommendation.pk])


def _log_of_the_employee(name: str):
    def url(org) -> str:
        entry = LearningLogEntryFactory(person=org.people["employee"])
        return reverse(f"learning:{name}", args=[entry.pk])

    return url


ROWS = {
    "learning:team_suggestions": [
        Row(
            _suggestions_url,
            only({"employee", "team_lead", "support_person", "coordinator", "admin"}, others=404),
        ),
        Row(
            lambda org: reverse("learning:team_suggestions", args=["NO-SUCH"]),
            signed_in(404),
            label="unknown team",
        ),
    ],
    "learning:recommend": [
        Row(_resource("recommend"), only(RECOMMENDERS)),
        Row(
            _resource("recommend"),
            only(RECOMMENDERS, outcome=400),
            method="post",
            data={"recipient": "team"},
            label="post without a team",
        ),
        Row(
            _resource("recommend", ResourceStatus.DRAFT),
            only(RECOMMENDERS, others=403, outcome=404),
            label="a draft",
        ),
    ],
    "learning:recommendations_made": [
        Row(lambda org: reverse("learning:recommendations_made"), only(RECOMMENDERS))
    ],
    "learning:my_learning": [Row(lambda org: reverse("learning:my_learning"), signed_in(200))],
    "learning:recommendation_answer": [
        Row(
            _answer_to_team,
            only({"employee", "team_lead", "support_person"}, outcome=302, others=404),
            method="post",
            data={"response": "interested"},
            label="to org.team",
        ),
        Row(
            _answer_to_employee,
            only({"employee"}, outcome=302, others=404),
            method="post",
            data={"response": "done"},
            label="to the employee",
        ),
        Row(_answer_to_employee, POST_ONLY, label="GET is not allowed"),
    ],
    "learning:bookmark": [
        Row(_resource("bookmark"), signed_in(302), method="post", data={"bookmark": "1"}),
        Row(
            _resource("bookmark", ResourceStatus.DRAFT),
            signed_in(404),
            method="post",
            data={"bookmark": "1"},
            label="a draft",
        ),
        Row(_resource("bookmark"), POST_ONLY, label="GET is not allowed"),
    ],
    "learning:log_new": [
        Row(lambda org: reverse("learning:log_new"), signed_in(200)),
        Row(
            lambda org: reverse("learning:log_new"),
            signed_in(400),
            method="post",
            data={"title": ""},
            label="post with errors",
        ),
    ],
    "learning:log_edit": [
        Row(_log_of_the_employee("log_edit"), only({"employee"}, others=404)),
    ],
    "learning:log_delete": [
        Row(
            _log_of_the_employee("log_delete"),
            only({"employee"}, outcome=302, others=404),
            method="post",
        ),
        Row(_log_of_the_employee("log_delete"), POST_ONLY, label="GET is not allowed"),
    ],
}
