"""Good practices' writes: sharing in one's own network, tags, links, optimistic locking,
publishing and the search index, comments, and "this helped me" under concurrent clicks."""

import threading
import time

import pytest
from django.db import OperationalError, connection
from django.utils import translation

from kipina.core.models import SearchEntry
from kipina.core.search import index as search_index
from kipina.learning.enums import ResourceStatus
from kipina.learning.tests.factories import ResourceFactory
from kipina.networks import services_practices as services
from kipina.networks.enums import MAX_TAGS, PRACTICE_SEARCH_KIND, PracticeStatus
from kipina.networks.models import Practice, PracticeComment, PracticeReaction, PracticeTag
from kipina.networks.tests.factories_networks import (
    NetworkFactory,
    SelfOrganisingNetworkFactory,
    convener,
    member,
)
from kipina.networks.tests.factories_practices import PracticeCommentFactory, PracticeFactory
from kipina.orders.tests.factories import OrderFactory
from kipina.org.tests.factories import PersonFactory
from kipina.toolkit.enums import MethodStatus
from kipina.toolkit.tests.factories import MethodFactory

pytestmark = pytest.mark.django_db


def _data(**overrides) -> services.PracticeInput:
    fields = {
        "title": "Kuulumiskierros työpajan alussa",
        "situation": "Työpajoissa osa osallistujista ei sanonut mitään koko päivänä.",
        "what_we_did": "Aloitimme jokaisen työpajan lyhyellä kuulumiskierroksella.",
        "what_we_learned": "Kun jokainen on kerran puhunut, keskustelu syntyy helpommin.",
        "tags": "Työpajat, osallisuus ,  työpajat",
    }
    fields.update(overrides)
    return services.PracticeInput(**fields)


@pytest.fixture
def network(org):
    network = NetworkFactory()
    member(network, org.people["support_person"])
    return network


def _share(org, network, publish=True, **overrides) -> Practice:
    return services.practice_create(
        actor=org.people["support_person"].user,
        network=network,
        data=_data(**overrides),
        publish=publish,
    )


def _hits(query: str) -> list[int]:
    return [hit.object_id for hit in search_index.search(PRACTICE_SEARCH_KIND, query) or []]


def test_a_member_shares_a_practice_that_search_finds_in_any_form(org, network):
    practice = _share(org, network)
    assert practice.status == PracticeStatus.PUBLISHED and practice.published_at is not None
    assert practice.author == org.people["support_person"]
    assert sorted(practice.tags.values_list("name", flat=True)) == ["osallisuus", "työpajat"]
    # "työpajassa" (inflected) finds the practice; so does a tag's word.
    assert _hits("työpajassa") == [practice.pk]
    assert _hits("osallisuutta") == [practice.pk]


def test_a_draft_is_not_in_the_index_until_published(org, network):
    practice = _share(org, network, publish=False)
    assert practice.published_at is None
    assert not SearchEntry.objects.filter(kind=PRACTICE_SEARCH_KIND, object_id=practice.pk).exists()
    services.practice_publish(actor=org.people["support_person"].user, practice=practice)
    assert _hits("kuulumiskierroksella") == [practice.pk]
    services.practice_unpublish(actor=org.people["support_person"].user, practice=practice)
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.DRAFT and practice.published_at is None
    assert _hits("kuulumiskierroksella") == []


def test_publishing_notifies_nobody(org, network):
    from kipina.core.models import Notification

    _share(org, network)
    assert Notification.objects.count() == 0


@pytest.mark.parametrize("persona", ["employee", "team_lead"])
def test_someone_outside_the_network_cannot_share_in_it(org, network, persona):
    with pytest.raises(services.NotAllowed):
        services.practice_create(actor=org.people[persona].user, network=network, data=_data())
    assert Practice.objects.count() == 0


def test_coordinators_share_in_any_network_and_inactive_networks_take_none(org, network):
    services.practice_create(actor=org.people["coordinator"].user, network=network, data=_data())
    network.active = False
    network.save()
    with pytest.raises(services.NotAllowed):
        _share(org, network)


def test_a_member_who_left_cannot_share(org, network):
    from django.utils import timezone

    network.memberships.update(left_at=timezone.now())
    with pytest.raises(services.NotAllowed):
        _share(org, network)


def test_tags_are_limited_in_number_and_length(org, network):
    with translation.override("en"):
        many = ", ".join(f"tagi{number}" for number in range(MAX_TAGS + 1))
        with pytest.raises(services.PracticeError) as error:
            _share(org, network, tags=many)
        assert error.value.field == "tags" and "at most" in error.value.message
        with pytest.raises(services.PracticeError) as error:
            _share(org, network, tags="a" * 51)
        assert error.value.field == "tags"
    assert Practice.objects.count() == 0
    assert PracticeTag.objects.count() == 0


def test_existing_tags_are_reused(org, network):
    first = _share(org, network, tags="Kanban")
    second = _share(org, network, tags="kanban, tiimi")
    assert PracticeTag.objects.filter(name="kanban").count() == 1
    assert set(first.tags.all()) < set(second.tags.all())


def test_invalid_text_changes_nothing(org, network):
    with pytest.raises(services.PracticeError) as error:
        _share(org, network, title="")
    assert error.value.field == "title"
    assert Practice.objects.count() == 0


def test_links_only_to_what_the_writer_may_see(org, network):
    method = MethodFactory()
    draft_method = MethodFactory(status=MethodStatus.DRAFT)
    resource = ResourceFactory()
    draft_resource = ResourceFactory(status=ResourceStatus.DRAFT)
    own_order = OrderFactory(requester=org.people["support_person"], team=org.team)
    # A closed order of another team: a support person may not open it.
    from kipina.orders.enums import OrderState

    stranger = PersonFactory(unit=org.other_unit, team=org.other_team)
    other_order = OrderFactory(requester=stranger, state=OrderState.CANCELLED)

    practice = _share(
        org,
        network,
        method_ids=[method.pk],
        order_ids=[own_order.pk],
        resource_ids=[resource.pk],
    )
    assert list(practice.methods.all()) == [method]
    assert list(practice.orders.all()) == [own_order]
    assert list(practice.resources.all()) == [resource]
    for field, ids in (
        ("methods", {"method_ids": [draft_method.pk]}),
        ("orders", {"order_ids": [other_order.pk]}),
        ("resources", {"resource_ids": [draft_resource.pk]}),
    ):
        with pytest.raises(services.PracticeError) as error:
            _share(org, network, **ids)
        assert error.value.field == field


def test_a_runner_editing_keeps_links_they_cannot_see(org, network):
    own_order = OrderFactory(requester=org.people["support_person"], team=org.team)
    practice = _share(org, network, order_ids=[own_order.pk])
    # The network's coordinator (not an organisation coordinator) edits without the order.
    runner = network.coordinator
    changed = services.practice_edit(
        actor=runner.user,
        practice=practice,
        data=_data(title="Kuulumiskierros", order_ids=[]),
        seen_version=practice.version,
    )
    assert changed.title == "Kuulumiskierros"
    assert list(changed.orders.all()) == [own_order]


def test_edit_moves_the_version_and_a_stale_version_conflicts(org, network):
    practice = _share(org, network)
    changed = services.practice_edit(
        actor=org.people["support_person"].user,
        practice=practice,
        data=_data(title="Uusi otsikko", tags="uusi"),
        seen_version=1,
    )
    assert changed.version == 2 and changed.title == "Uusi otsikko"
    assert _hits("otsikko") == [practice.pk]
    with pytest.raises(services.EditConflict) as error:
        services.practice_edit(
            actor=org.people["coordinator"].user,
            practice=practice,
            data=_data(title="Toinen otsikko"),
            seen_version=1,
        )
    assert error.value.current.title == "Uusi otsikko"
    practice.refresh_from_db()
    assert practice.title == "Uusi otsikko" and practice.version == 2


def test_only_the_author_and_runners_edit(org, network):
    practice = _share(org, network)
    other_member = PersonFactory()
    member(network, other_member)
    with pytest.raises(services.NotAllowed):
        services.practice_edit(
            actor=other_member.user, practice=practice, data=_data(), seen_version=1
        )
    with pytest.raises(services.NotAllowed):
        services.practice_unpublish(actor=other_member.user, practice=practice)


def test_a_convener_runs_a_self_organising_network(org):
    network = SelfOrganisingNetworkFactory()
    member(network, org.people["support_person"])
    leader = PersonFactory()
    convener(network, leader)
    practice = _share(org, network)
    services.practice_unpublish(actor=leader.user, practice=practice)
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.DRAFT


def test_edit_does_not_overwrite_the_helped_count(org, network):
    practice = _share(org, network)
    stale = Practice.objects.get(pk=practice.pk)
    services.practice_set_helped(actor=org.people["employee"].user, practice=practice, helped=True)
    services.practice_edit(
        actor=org.people["support_person"].user, practice=stale, data=_data(), seen_version=1
    )
    practice.refresh_from_db()
    assert practice.helped_count == 1


def test_helped_is_one_per_person_and_can_be_taken_back(org, network):
    practice = _share(org, network)
    user = org.people["employee"].user
    assert services.practice_set_helped(actor=user, practice=practice, helped=True) == 1
    assert services.practice_set_helped(actor=user, practice=practice, helped=True) == 1
    assert (
        services.practice_set_helped(
            actor=org.people["team_lead"].user, practice=practice, helped=True
        )
        == 2
    )
    assert services.practice_set_helped(actor=user, practice=practice, helped=False) == 1
    assert services.practice_set_helped(actor=user, practice=practice, helped=False) == 1
    assert PracticeReaction.objects.filter(practice=practice).count() == 1


def test_drafts_take_no_reactions_or_comments(org, network):
    practice = _share(org, network, publish=False)
    with pytest.raises(services.PracticeError):
        services.practice_set_helped(
            actor=org.people["support_person"].user, practice=practice, helped=True
        )
    with pytest.raises(services.PracticeError):
        services.comment_add(actor=org.people["support_person"].user, practice=practice, body="x")


def test_comments_and_who_may_delete_them(org, network):
    practice = _share(org, network)
    comment = services.comment_add(
        actor=org.people["employee"].user, practice=practice, body="  Hyvä idea!  "
    )
    assert comment.body == "Hyvä idea!"
    with pytest.raises(services.PracticeError) as error:
        services.comment_add(actor=org.people["employee"].user, practice=practice, body="   ")
    assert error.value.field == "body"
    # The practice's author is not a runner: they cannot delete someone else's comment.
    with pytest.raises(services.NotAllowed):
        services.comment_delete(actor=org.people["support_person"].user, comment=comment)
    services.comment_delete(actor=network.coordinator.user, comment=comment)
    assert not PracticeComment.objects.exists()
    own = PracticeCommentFactory(practice=practice, author=org.people["team_lead"])
    services.comment_delete(actor=org.people["team_lead"].user, comment=own)
    assert not PracticeComment.objects.exists()


# --- concurrency -------------------------------------------------------------------------------


def _until_unlocked(call, tries: int = 1000):
    """The shared in-memory SQLite of the test run answers "table is locked" at once where
    PostgreSQL waits for the row: wait here instead."""
    for _ in range(tries):
        try:
            return call()
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            time.sleep(0.005)
    raise AssertionError("the database stayed locked")


def _at_once(calls) -> list[str]:
    barrier = threading.Barrier(len(calls), timeout=30)
    outcomes: list[str] = []

    def run(call) -> None:
        try:
            barrier.wait()
            _until_unlocked(call)
            outcomes.append("done")
        except services.EditConflict:
            outcomes.append("conflict")
        except Exception as error:  # noqa: BLE001 — reported by the assertions
            outcomes.append(f"unexpected {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_people_clicking_helped_at_once_all_count(org, round_):
    network = NetworkFactory()
    practice = PracticeFactory(network=network)
    users = [PersonFactory().user for _ in range(4)]

    def click(user):
        return lambda: services.practice_set_helped(actor=user, practice=practice, helped=True)

    outcomes = _at_once([click(user) for user in users])
    assert outcomes == ["done"] * 4, outcomes
    practice.refresh_from_db()
    assert practice.helped_count == 4
    assert PracticeReaction.objects.filter(practice=practice).count() == 4


@pytest.mark.django_db(transaction=True)
def test_the_same_person_clicking_twice_at_once_counts_once(org):
    practice = PracticeFactory()
    user = PersonFactory().user
    click = lambda: services.practice_set_helped(actor=user, practice=practice, helped=True)  # noqa: E731
    outcomes = _at_once([click, click])
    assert outcomes == ["done", "done"], outcomes
    practice.refresh_from_db()
    assert practice.helped_count == 1


@pytest.mark.django_db(transaction=True)
def test_two_editors_at_once_one_wins_the_other_conflicts(org):
    network = NetworkFactory()
    member(network, org.people["support_person"])
    practice = PracticeFactory(network=network, author=org.people["support_person"])

    def edit(user, title):
        return lambda: services.practice_edit(
            actor=user, practice=practice, data=_data(title=title), seen_version=1
        )

    outcomes = _at_once(
        [
            edit(org.people["support_person"].user, "Yksi"),
            edit(org.people["coordinator"].user, "Kaksi"),
        ]
    )
    assert sorted(outcomes) == ["conflict", "done"], outcomes
    practice.refresh_from_db()
    assert practice.version == 2 and practice.title in {"Yksi", "Kaksi"}
