"""Guidance services: recommending (who, to whom, what, duplicates, notifications after
commit), answering, bookmarking and the learning log."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from kipina.core.models import Notification
from kipina.learning import services_guidance as services
from kipina.learning.enums import RecommendationResponse, ResourceStatus
from kipina.learning.models import (
    Bookmark,
    LearningLogEntry,
    Recommendation,
    RecommendationAnswer,
)
from kipina.learning.notifications import RECOMMENDED_TO_PERSON, RECOMMENDED_TO_TEAM
from kipina.learning.tests.factories import (
    CompetenceFactory,
    LearningLogEntryFactory,
    RecommendationFactory,
    ResourceCompetenceFactory,
    ResourceFactory,
)
from kipina.orders.tests.factories import order_in_state
from kipina.org.tests.factories import PersonFactory, TeamFactory

pytestmark = pytest.mark.django_db


def _user(org, key):
    return org.people[key].user


def _recommend(org, actor="support_person", **kwargs):
    values = {"resource": ResourceFactory(), "note": "Katsokaa tämä ennen kevättä."}
    values.update(kwargs)
    return services.recommendation_create(actor=_user(org, actor), **values)


# --- Who may recommend, to whom, what -----------------------------------------------------------


def test_support_person_recommends_to_a_person_and_the_person_is_notified(org):
    employee = org.people["employee"]
    recommendation = _recommend(org, person=employee)
    assert recommendation.recommended_by == org.people["support_person"]
    assert recommendation.person == employee and recommendation.team is None
    notification = Notification.objects.get(kind=RECOMMENDED_TO_PERSON)
    assert notification.recipient == employee.user
    assert notification.url == "/learning/me/"
    with timezone.override("UTC"):
        assert recommendation.resource.title in str(notification)


@pytest.mark.parametrize("actor", ["employee", "team_lead", "supervisor"])
def test_people_who_are_not_support_persons_or_coordinators_cannot_recommend(org, actor):
    with pytest.raises(services.NotAllowed):
        _recommend(org, actor=actor, person=org.people["coordinator"])
    assert not Recommendation.objects.exists()


def test_a_support_person_recommends_only_to_teams_they_see(org):
    with pytest.raises(services.GuidanceError) as refused:
        _recommend(org, team=org.other_team)
    assert refused.value.field == "team"
    # Assigned to an order of the other team: now they support it.
    order_in_state(org, "planned", requester="coordinator", override_reason="Sovittu erikseen")
    assert _recommend(org, team=org.other_team).team == org.other_team


def test_a_coordinator_recommends_to_any_team(org):
    team = TeamFactory()
    assert _recommend(org, actor="coordinator", team=team).team == team


@pytest.mark.parametrize("recipients", ["none", "both"])
def test_exactly_one_recipient(org, recipients):
    kwargs = {} if recipients == "none" else {"team": org.team, "person": org.people["employee"]}
    with pytest.raises(services.GuidanceError) as refused:
        _recommend(org, **kwargs)
    assert refused.value.field == "recipient"


@pytest.mark.parametrize("status", [ResourceStatus.DRAFT, ResourceStatus.ARCHIVED])
def test_only_published_resources_are_recommended(org, status):
    with translation.override("en"), pytest.raises(services.GuidanceError, match="published"):
        _recommend(org, resource=ResourceFactory(status=status), person=org.people["employee"])
    assert not Recommendation.objects.exists()
    assert not Notification.objects.exists()


def test_the_competence_must_be_one_the_resource_builds(org):
    link = ResourceCompetenceFactory()
    with pytest.raises(services.GuidanceError) as refused:
        _recommend(
            org,
            resource=link.resource,
            competence=CompetenceFactory(),
            person=org.people["employee"],
        )
    assert refused.value.field == "competence"
    made = _recommend(
        org, resource=link.resource, competence=link.competence, person=org.people["employee"]
    )
    assert made.competence == link.competence


def test_someone_who_has_left_cannot_be_recommended_to(org):
    with pytest.raises(services.GuidanceError) as refused:
        _recommend(org, person=org.left)
    assert refused.value.field == "person"


def test_the_note_is_length_checked_and_nothing_is_saved(org):
    with pytest.raises(services.GuidanceError) as refused:
        _recommend(org, person=org.people["employee"], note="x" * 2001)
    assert refused.value.field == "note"
    assert not Recommendation.objects.exists()
    assert not Notification.objects.exists()


# --- Duplicates ---------------------------------------------------------------------------


def test_the_same_open_recommendation_is_refused_with_a_clear_message(org):
    resource = ResourceFactory()
    employee = org.people["employee"]
    _recommend(org, resource=resource, person=employee)
    with pytest.raises(services.GuidanceError) as refused:
        _recommend(org, resource=resource, person=employee)
    assert employee.full_name in refused.value.message
    assert Recommendation.objects.count() == 1
    assert Notification.objects.count() == 1


def test_others_may_recommend_the_same_and_the_same_may_go_to_another_recipient(org):
    resource = ResourceFactory()
    _recommend(org, resource=resource, person=org.people["employee"])
    _recommend(org, actor="coordinator", resource=resource, person=org.people["employee"])
    _recommend(org, resource=resource, person=org.people["team_lead"])
    _recommend(org, resource=resource, team=org.team)
    assert Recommendation.objects.count() == 4


def test_once_the_recipient_has_done_it_it_may_be_recommended_again(org):
    resource = ResourceFactory()
    employee = org.people["employee"]
    first = _recommend(org, resource=resource, person=employee)
    services.recommendation_answer(
        actor=employee.user, recommendation=first, response=RecommendationResponse.DONE
    )
    second = _recommend(org, resource=resource, person=employee)
    assert second.pk != first.pk


# --- Notifications ------------------------------------------------------------------------


def test_a_team_recommendation_notifies_members_and_lead_but_not_the_author(org):
    _recommend(org, team=org.team)
    recipients = set(
        Notification.objects.filter(kind=RECOMMENDED_TO_TEAM).values_list(
            "recipient__username", flat=True
        )
    )
    # The support person is a member of the team too, but wrote it; `left` has left.
    assert recipients == {"employee", "team_lead"}


def test_a_lead_outside_the_team_is_notified_too(org):
    team = TeamFactory(lead=org.people["supervisor"])
    PersonFactory(team=team, unit=team.unit)
    _recommend(org, actor="coordinator", team=team)
    assert Notification.objects.filter(recipient=org.people["supervisor"].user).exists()
    assert Notification.objects.count() == 2


def test_a_large_team_is_notified_without_a_query_per_member(org):
    def queries_for(members: int) -> int:
        team = TeamFactory()
        for _ in range(members):
            PersonFactory(team=team, unit=team.unit)
        with CaptureQueriesContext(connection) as captured:
            _recommend(org, actor="coordinator", team=team)
        assert Notification.objects.filter(params__team=team.name).count() == members
        return len(captured)

    queries_for(1)  # the coordinator's groups and the like are cached from now on
    assert queries_for(2) == queries_for(40)


def test_emails_leave_only_after_the_commit(org, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _recommend(org, person=org.people["employee"])
        assert not mail.outbox
    assert callbacks
    assert [message.to for message in mail.outbox] == [["employee@example.org"]]


def test_a_rolled_back_recommendation_leaves_no_notification(org):
    with pytest.raises(RuntimeError), transaction.atomic():
        _recommend(org, team=org.team)
        assert Notification.objects.exists()
        raise RuntimeError("the surrounding work failed")
    assert not Recommendation.objects.exists()
    assert not Notification.objects.exists()


# --- Answers -----------------------------------------------------------------------------


def test_the_recipient_answers_and_answering_again_updates_the_same_row(org):
    employee = org.people["employee"]
    recommendation = RecommendationFactory(person=employee)
    services.recommendation_answer(
        actor=employee.user, recommendation=recommendation, response="interested"
    )
    answer = services.recommendation_answer(
        actor=employee.user, recommendation=recommendation, response="done"
    )
    assert RecommendationAnswer.objects.get() == answer
    assert answer.response == RecommendationResponse.DONE
    services.recommendation_answer(
        actor=employee.user, recommendation=recommendation, response="new"
    )
    assert RecommendationAnswer.objects.get().response == RecommendationResponse.NEW


def test_a_double_click_on_the_first_answer_leaves_one_row(org):
    employee = org.people["employee"]
    recommendation = RecommendationFactory(person=employee)
    for _ in range(2):
        services.recommendation_answer(
            actor=employee.user, recommendation=recommendation, response="done"
        )
    assert RecommendationAnswer.objects.filter(recommendation=recommendation).count() == 1


def test_every_team_member_answers_for_themself(org):
    recommendation = RecommendationFactory(team=org.team, person=None)
    services.recommendation_answer(
        actor=_user(org, "employee"), recommendation=recommendation, response="done"
    )
    services.recommendation_answer(
        actor=_user(org, "team_lead"), recommendation=recommendation, response="interested"
    )
    assert dict(recommendation.answers.values_list("person__user__username", "response")) == {
        "employee": "done",
        "team_lead": "interested",
    }


@pytest.mark.parametrize("actor", ["supervisor", "coordinator", "team_lead"])
def test_only_recipients_answer(org, actor):
    recommendation = RecommendationFactory(person=org.people["employee"])
    with pytest.raises(services.NotAllowed):
        services.recommendation_answer(
            actor=_user(org, actor), recommendation=recommendation, response="done"
        )
    assert not RecommendationAnswer.objects.exists()


def test_an_unknown_response_is_refused(org):
    recommendation = RecommendationFactory(person=org.people["employee"])
    with pytest.raises(services.GuidanceError):
        services.recommendation_answer(
            actor=_user(org, "employee"), recommendation=recommendation, response="maybe"
        )


# --- Bookmarks -----------------------------------------------------------------------------


def test_bookmarking_is_idempotent_both_ways(org):
    resource = ResourceFactory()
    user = _user(org, "employee")
    assert services.bookmark_set(actor=user, resource=resource, bookmarked=True) is True
    assert services.bookmark_set(actor=user, resource=resource, bookmarked=True) is True
    assert Bookmark.objects.filter(person=org.people["employee"]).count() == 1
    assert services.bookmark_set(actor=user, resource=resource, bookmarked=False) is False
    assert services.bookmark_set(actor=user, resource=resource, bookmarked=False) is False
    assert not Bookmark.objects.exists()


def test_a_draft_cannot_be_bookmarked_but_an_archived_bookmark_can_be_removed(org):
    user = _user(org, "employee")
    with pytest.raises(services.GuidanceError):
        services.bookmark_set(
            actor=user, resource=ResourceFactory(status=ResourceStatus.DRAFT), bookmarked=True
        )
    resource = ResourceFactory()
    services.bookmark_set(actor=user, resource=resource, bookmarked=True)
    resource.status = ResourceStatus.ARCHIVED
    resource.save()
    services.bookmark_set(actor=user, resource=resource, bookmarked=False)
    assert not Bookmark.objects.exists()


# --- Learning log ---------------------------------------------------------------------------


def _log(**fields) -> services.LogInput:
    values = {
        "title": "Vuorovaikutuksen verkkokurssi",
        "learned_on": timezone.localdate(),
        "hours": Decimal("2.5"),
        "reflection": "Kuuntelen ensin, vastaan sitten.",
    }
    values.update(fields)
    return services.LogInput(**values)


def test_a_log_entry_is_kept_in_ones_own_log(org):
    competence = CompetenceFactory()
    resource = ResourceFactory()
    entry = services.log_entry_create(
        actor=_user(org, "employee"), data=_log(resource=resource, competence=competence)
    )
    assert entry.person == org.people["employee"]
    assert (entry.resource, entry.competence, entry.hours) == (
        resource,
        competence,
        Decimal("2.5"),
    )


def test_a_future_date_is_refused_beside_the_field(org):
    with pytest.raises(services.GuidanceError) as refused:
        services.log_entry_create(
            actor=_user(org, "employee"),
            data=_log(learned_on=timezone.localdate() + dt.timedelta(days=1)),
        )
    assert refused.value.field == "learned_on"
    assert not LearningLogEntry.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"title": "  "}, "title"), ({"hours": Decimal("0")}, "hours")],
)
def test_bad_log_input_is_refused(org, fields, field):
    with pytest.raises(services.GuidanceError) as refused:
        services.log_entry_create(actor=_user(org, "employee"), data=_log(**fields))
    assert refused.value.field == field


def test_only_ones_own_entries_are_edited_or_deleted(org):
    entry = LearningLogEntryFactory(person=org.people["team_lead"])
    with pytest.raises(services.NotAllowed):
        services.log_entry_edit(actor=_user(org, "employee"), entry=entry, data=_log())
    with pytest.raises(services.NotAllowed):
        services.log_entry_delete(actor=_user(org, "employee"), entry=entry)
    entry.refresh_from_db()
    assert entry.title.startswith("Opin")
    services.log_entry_edit(actor=_user(org, "team_lead"), entry=entry, data=_log(title="Uusi"))
    entry.refresh_from_db()
    assert entry.title == "Uusi"
    services.log_entry_delete(actor=_user(org, "team_lead"), entry=entry)
    assert not LearningLogEntry.objects.exists()
