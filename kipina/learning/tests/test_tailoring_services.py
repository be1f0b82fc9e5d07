"""The tailoring services: saving with optimistic locking, actions, links and reviews."""

import datetime as dt
import threading
import time

import pytest
from django.db import OperationalError, connection
from django.utils import timezone, translation

from kipina.learning import services_tailoring as services
from kipina.learning.enums import ActionStatus, ResourceStatus
from kipina.learning.models import (
    Competence,
    CompetenceAction,
    CompetenceReview,
    ReviewEntry,
    ScaleLevel,
    TeamCompetence,
)
from kipina.learning.tests.factories import (
    CompetenceActionFactory,
    CompetenceFrameworkFactory,
    ResourceFactory,
    TeamCompetenceFactory,
    tailoring_framework,
)
from kipina.orders.tests.factories import order_in_state
from kipina.org.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _levels(competence: Competence) -> dict[int, ScaleLevel]:
    return {
        level.position: level
        for level in ScaleLevel.objects.filter(scale_id=competence.framework.scale_id)
    }


@pytest.fixture
def competence(db) -> Competence:
    return tailoring_framework().competences.get(idnumber="A1-1")


def _save(org, competence, who="employee", *, seen=0, meaning="Asiakas mukaan", now=1, aim=3):
    levels = _levels(competence)
    return services.tailoring_save(
        actor=org.people[who].user,
        team=org.team,
        competence=competence,
        meaning=meaning,
        current_level=levels[now] if now else None,
        target_level=levels[aim] if aim else None,
        seen_version=seen,
    )


# --- Saving -------------------------------------------------------------------------------


def test_first_save_creates_the_tailoring(org, competence):
    tailoring = _save(org, competence, meaning="  Asiakas mukaan suunnitteluun.  ")
    assert TeamCompetence.objects.count() == 1
    assert tailoring.meaning == "Asiakas mukaan suunnitteluun."
    assert (tailoring.current_level.position, tailoring.target_level.position) == (1, 3)
    assert tailoring.gap == 2
    assert tailoring.version == 1
    assert tailoring.updated_by == org.people["employee"]


def test_an_edit_moves_the_version_and_records_who(org, competence):
    _save(org, competence)
    edited = _save(org, competence, "team_lead", seen=1, meaning="Uusi teksti", now=2, aim=None)
    assert edited.version == 2
    assert edited.meaning == "Uusi teksti"
    assert edited.current_level.position == 2 and edited.target_level is None
    assert edited.updated_by == org.people["team_lead"]


def test_a_stale_edit_is_a_conflict_and_changes_nothing(org, competence):
    _save(org, competence)
    _save(org, competence, "team_lead", seen=1, meaning="Heidän tekstinsä")
    with pytest.raises(services.EditConflict) as raised:
        _save(org, competence, seen=1, meaning="Minun tekstini")
    assert raised.value.current.meaning == "Heidän tekstinsä"
    assert raised.value.current.updated_by == org.people["team_lead"]
    tailoring = TeamCompetence.objects.get()
    assert (tailoring.meaning, tailoring.version) == ("Heidän tekstinsä", 2)


def test_a_second_first_save_is_a_conflict_not_a_crash(org, competence):
    """Both opened the untailored competence: the unique constraint decides, the later one is
    told (the insert fails inside its own savepoint, so the transaction goes on)."""
    _save(org, competence, "team_lead", meaning="Ensimmäinen")
    with pytest.raises(services.EditConflict) as raised:
        _save(org, competence, meaning="Toinen")
    assert raised.value.current.meaning == "Ensimmäinen"
    assert TeamCompetence.objects.get().meaning == "Ensimmäinen"


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_saves_one_wins(org, competence):
    """Real threads, each with its own connection: exactly one tailoring is created."""
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    levels = _levels(competence)

    def save(person, meaning: str) -> None:
        barrier.wait()
        try:
            for _attempt in range(500):
                try:
                    services.tailoring_save(
                        actor=person.user,
                        team=org.team,
                        competence=competence,
                        meaning=meaning,
                        current_level=levels[1],
                        target_level=levels[2],
                        seen_version=0,
                    )
                    outcomes.append("saved")
                    return
                except services.EditConflict:
                    outcomes.append("conflict")
                    return
                except OperationalError as error:
                    # The shared in-memory SQLite of the test run answers "table is locked"
                    # at once where a file database would wait: wait here.
                    if "locked" not in str(error):
                        raise
                    time.sleep(0.01)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(org.people["employee"], "Työntekijän")),
        threading.Thread(target=save, args=(org.people["support_person"], "Tukihenkilön")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "saved"]
    assert TeamCompetence.objects.filter(team=org.team, competence=competence).count() == 1


def test_levels_must_be_of_the_frameworks_scale(org, competence):
    other_level = ScaleLevel.objects.exclude(scale_id=competence.framework.scale_id).first()
    if other_level is None:
        other_level = CompetenceFrameworkFactory().scale.levels.first()
    with pytest.raises(services.TailoringError) as raised:
        services.tailoring_save(
            actor=org.people["employee"].user,
            team=org.team,
            competence=competence,
            meaning="",
            current_level=other_level,
            target_level=None,
            seen_version=0,
        )
    assert raised.value.field == "current_level"
    assert not TeamCompetence.objects.exists()


def test_too_long_meaning_is_refused(org, competence):
    with pytest.raises(services.TailoringError) as raised:
        _save(org, competence, meaning="x" * 4001)
    assert raised.value.field == "meaning"


@pytest.mark.parametrize("persona", ["supervisor"])
def test_someone_outside_the_team_may_not_save(org, competence, persona):
    with pytest.raises(services.NotAllowed):
        _save(org, competence, persona)
    assert not TeamCompetence.objects.exists()


def test_a_support_person_of_another_teams_order_may_save_there(org, competence):
    levels = _levels(competence)

    def save():
        return services.tailoring_save(
            actor=org.people["support_person"].user,
            team=org.other_team,
            competence=competence,
            meaning="Palkkatiimin tulkinta",
            current_level=levels[1],
            target_level=levels[2],
            seen_version=0,
        )

    with pytest.raises(services.NotAllowed):
        save()
    order_in_state(
        org, "planned", requester="coordinator", override_reason="Sovittu"
    )  # an order of PAY-1
    assert save().team == org.other_team


def test_a_support_person_of_a_cancelled_order_may_not(org, competence):
    order_in_state(org, "cancelled", requester="coordinator", override_reason="Sovittu")
    with pytest.raises(services.NotAllowed):
        services.tailoring_save(
            actor=org.people["support_person"].user,
            team=org.other_team,
            competence=competence,
            meaning="",
            current_level=None,
            target_level=None,
            seen_version=0,
        )


# --- Actions ------------------------------------------------------------------------------


@pytest.fixture
def tailoring(org, competence) -> TeamCompetence:
    return _save(org, competence)


def test_add_change_and_delete_an_action(org, tailoring):
    due = timezone.localdate() + dt.timedelta(days=14)
    action = services.action_add(
        actor=org.people["employee"].user,
        tailoring=tailoring,
        description="  Kokeillaan asiakasraatia  ",
        owner=org.people["team_lead"],
        due=due,
    )
    assert (action.description, action.status, action.due) == (
        "Kokeillaan asiakasraatia",
        ActionStatus.PLANNED,
        due,
    )
    services.action_set_status(
        actor=org.people["team_lead"].user, action=action, status=ActionStatus.IN_PROGRESS
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS
    services.action_update(
        actor=org.people["employee"].user,
        action=action,
        description="Asiakasraati kahdesti",
        owner=None,
        due=None,
        status=ActionStatus.DONE,
    )
    action.refresh_from_db()
    assert (action.description, action.owner, action.due, action.status) == (
        "Asiakasraati kahdesti",
        None,
        None,
        ActionStatus.DONE,
    )
    services.action_delete(actor=org.people["employee"].user, action=action)
    assert not CompetenceAction.objects.exists()


def test_the_teams_support_person_may_own_an_action(org, tailoring):
    outsider_helper = PersonFactory(unit=org.other_unit, team=org.other_team)
    with pytest.raises(services.TailoringError) as raised:
        services.action_add(
            actor=org.people["employee"].user,
            tailoring=tailoring,
            description="Ulkopuolinen vetää",
            owner=outsider_helper,
        )
    assert raised.value.field == "owner"
    org.people["helper"] = outsider_helper
    order_in_state(
        org, "assigned", support_person="helper", override_reason="Sovittu"
    )  # WARD-A's order
    action = services.action_add(
        actor=org.people["employee"].user,
        tailoring=tailoring,
        description="Tukihenkilö vetää työpajan",
        owner=outsider_helper,
    )
    assert action.owner == outsider_helper


def test_an_action_needs_a_description_and_a_known_status(org, tailoring):
    with pytest.raises(services.TailoringError) as raised:
        services.action_add(actor=org.people["employee"].user, tailoring=tailoring, description=" ")
    assert raised.value.field == "description"
    action = CompetenceActionFactory(team_competence=tailoring)
    with pytest.raises(services.TailoringError):
        services.action_set_status(actor=org.people["employee"].user, action=action, status="x")
    assert CompetenceAction.objects.get().status == ActionStatus.PLANNED


def test_an_owner_who_left_the_team_may_stay_on_the_action(org, tailoring):
    former = PersonFactory(unit=org.unit, team=org.team)
    action = CompetenceActionFactory(team_competence=tailoring, owner=former)
    former.team = org.other_team
    former.save()
    services.action_update(
        actor=org.people["employee"].user,
        action=action,
        description="Päivitetty",
        owner=former,
        due=None,
        status=ActionStatus.IN_PROGRESS,
    )
    action.refresh_from_db()
    assert action.owner == former and action.description == "Päivitetty"


def test_outsiders_may_not_touch_actions(org, tailoring):
    action = CompetenceActionFactory(team_competence=tailoring)
    with pytest.raises(services.NotAllowed):
        services.action_delete(actor=org.people["supervisor"].user, action=action)
    with pytest.raises(services.NotAllowed):
        services.action_add(
            actor=org.people["supervisor"].user, tailoring=tailoring, description="Ei"
        )
    assert CompetenceAction.objects.count() == 1


# --- Links --------------------------------------------------------------------------------


def test_only_published_resources_are_linked(org, tailoring):
    published = ResourceFactory()
    draft = ResourceFactory(status=ResourceStatus.DRAFT)
    actor = org.people["employee"].user
    services.resource_link(actor=actor, tailoring=tailoring, resource=published)
    services.resource_link(actor=actor, tailoring=tailoring, resource=published)  # no-op
    with pytest.raises(services.TailoringError) as raised:
        services.resource_link(actor=actor, tailoring=tailoring, resource=draft)
    assert raised.value.field == "resource"
    assert list(tailoring.resources.all()) == [published]
    services.resource_unlink(actor=actor, tailoring=tailoring, resource=published)
    assert not tailoring.resources.exists()


def test_only_the_teams_own_live_orders_are_linked(org, tailoring):
    own = order_in_state(org, "planned")
    cancelled = order_in_state(org, "cancelled")
    others = order_in_state(org, "planned", requester="coordinator", override_reason="Sovittu")
    actor = org.people["employee"].user
    services.order_link(actor=actor, tailoring=tailoring, order=own)
    for refused in (others, cancelled):
        with pytest.raises(services.TailoringError) as raised:
            services.order_link(actor=actor, tailoring=tailoring, order=refused)
        assert raised.value.field == "order"
    assert list(tailoring.orders.all()) == [own]
    services.order_unlink(actor=actor, tailoring=tailoring, order=own)
    assert not tailoring.orders.exists()


def test_outsiders_may_not_link(org, tailoring):
    with pytest.raises(services.NotAllowed):
        services.resource_link(
            actor=org.people["supervisor"].user, tailoring=tailoring, resource=ResourceFactory()
        )
    assert not tailoring.resources.exists()


# --- Reviews ------------------------------------------------------------------------------


def test_a_review_snapshots_every_tailored_competence(org, competence, tailoring):
    other = competence.framework.competences.get(idnumber="A2-1")
    _save(org, other, now=2, aim=2)
    TeamCompetenceFactory(team=org.other_team, competence=competence)  # another team's
    with translation.override("en"):
        review = services.review_record(
            actor=org.people["team_lead"].user, team=org.team, note=" Syksyn katsaus "
        )
    assert review.reviewed_on == timezone.localdate()
    assert review.note == "Syksyn katsaus"
    assert review.reviewed_by == org.people["team_lead"]
    entries = {entry.competence_id: entry for entry in review.entries.all()}
    assert set(entries) == {competence.pk, other.pk}
    first = entries[competence.pk]
    assert (first.current_position, first.current_names["en"]) == (1, "Beginner")
    assert (first.target_position, first.target_names["en"]) == (3, "Forerunner")
    # Every language is kept, so a Swedish reader sees the Swedish name whoever recorded it.
    with translation.override("sv"):
        assert first.current_name == "Nybörjare"


def test_a_review_is_not_rewritten_by_later_renames_or_edits(org, competence, tailoring):
    with translation.override("en"):
        review = services.review_record(actor=org.people["employee"].user, team=org.team)
    ScaleLevel.objects.filter(scale_id=competence.framework.scale_id, position=1).update(
        name_en="Novice", name_fi="Noviisi"
    )
    _save(org, competence, seen=1, now=2, aim=3)
    entry = ReviewEntry.objects.get(review=review)
    assert (entry.current_position, entry.current_names["en"]) == (1, "Beginner")
    with translation.override("fi"):
        assert entry.current_name == "Aloittelija"


def test_a_review_records_unset_levels_as_empty(org, competence):
    _save(org, competence, now=None, aim=None)
    review = services.review_record(actor=org.people["employee"].user, team=org.team)
    entry = review.entries.get()
    assert (entry.current_position, entry.current_name, entry.target_position) == (None, "", None)


def test_a_review_without_tailorings_is_refused(org):
    with pytest.raises(services.TailoringError) as raised, translation.override("en"):
        services.review_record(actor=org.people["employee"].user, team=org.team)
    assert "nothing to review" in raised.value.message
    assert not CompetenceReview.objects.exists()


def test_a_review_cannot_be_dated_in_the_future(org, tailoring):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(services.TailoringError) as raised:
        services.review_record(
            actor=org.people["employee"].user, team=org.team, reviewed_on=tomorrow
        )
    assert raised.value.field == "reviewed_on"
    past = timezone.localdate() - dt.timedelta(days=30)
    review = services.review_record(
        actor=org.people["employee"].user, team=org.team, reviewed_on=past
    )
    assert review.reviewed_on == past


def test_outsiders_may_not_record_reviews(org, tailoring):
    with pytest.raises(services.NotAllowed):
        services.review_record(actor=org.people["supervisor"].user, team=org.team)
    assert not CompetenceReview.objects.exists()
