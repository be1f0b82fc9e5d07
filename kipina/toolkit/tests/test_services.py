"""Methods: create, edit with revisions, diff, revert, optimistic locking, publish, uses."""

import threading

import pytest
from django.db import connection
from django.utils import translation

from kipina.core.models import SearchEntry
from kipina.core.search import index as search_index
from kipina.org.tests.factories import make_coordinator
from kipina.toolkit import services
from kipina.toolkit.enums import SEARCH_KIND, MethodStatus
from kipina.toolkit.models import Method, MethodUse
from kipina.toolkit.selectors import diff_fields
from kipina.toolkit.tests.factories import method_data

pytestmark = pytest.mark.django_db


def helper_user(org):
    return org.people["support_person"].user


def create(org, **overrides) -> Method:
    return services.method_create(
        actor=helper_user(org), data=method_data(**overrides), publish=True
    )


def test_create_makes_the_first_revision_a_contributor_and_a_search_entry(org):
    method = create(org)
    assert method.key == "aivokirjoitus" and method.version == 1
    (revision,) = method.history.all()
    assert revision.history_user == helper_user(org)
    assert revision.history_type == "+"
    assert list(method.contributors.all()) == [org.people["support_person"]]
    assert SearchEntry.objects.filter(kind=SEARCH_KIND, object_id=method.pk).exists()
    assert [hit.object_id for hit in search_index.search(SEARCH_KIND, "aivokirjoituksessa")] == [
        method.pk
    ]


def test_keys_stay_unique(org):
    assert create(org).key == "aivokirjoitus"
    assert create(org).key == "aivokirjoitus-2"


def test_employees_cannot_create(org):
    with pytest.raises(services.NotAllowed):
        services.method_create(actor=org.people["employee"].user, data=method_data())
    assert Method.objects.count() == 0


def test_bad_input_changes_nothing(org):
    with pytest.raises(services.ToolkitError) as error:
        services.method_create(
            actor=helper_user(org), data=method_data(duration_min=40, duration_max=10)
        )
    assert "shortest" in error.value.message or error.value.message
    assert Method.objects.count() == 0 and SearchEntry.objects.count() == 0


def test_edit_is_a_revision_with_who_and_a_summary(org):
    method = create(org)
    coordinator = make_coordinator(org.people["coordinator"]).user
    edited = services.method_edit(
        actor=coordinator,
        method=method,
        data={"tips": "- Etänä: yhteinen taulu.\n- Isossa ryhmässä: pöytäkunnittain."},
        seen_version=1,
        summary="Lisäsin vinkin isolle ryhmälle",
    )
    assert edited.version == 2
    latest = edited.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        coordinator,
        "Lisäsin vinkin isolle ryhmälle",
    )
    assert edited.history.count() == 2
    assert org.people["coordinator"] in edited.contributors.all()


def test_edit_needs_a_summary_and_reindexes(org):
    method = create(org)
    with pytest.raises(services.ToolkitError) as error:
        services.method_edit(
            actor=helper_user(org), method=method, data={}, seen_version=1, summary=" "
        )
    assert error.value.field == "summary_of_change"
    services.method_edit(
        actor=helper_user(org),
        method=method,
        data={"title": "Hiljainen ideointi"},
        seen_version=1,
        summary="Uusi nimi",
    )
    assert search_index.search(SEARCH_KIND, "aivokirjoitus") == []
    assert [h.object_id for h in search_index.search(SEARCH_KIND, "ideointi")] == [method.pk]


def test_a_stale_edit_is_a_conflict_and_changes_nothing(org):
    method = create(org)
    services.method_edit(
        actor=helper_user(org),
        method=method,
        data={"summary": "Ensimmäinen muokkaus."},
        seen_version=1,
        summary="Ensimmäinen",
    )
    with pytest.raises(services.EditConflict) as conflict:
        services.method_edit(
            actor=helper_user(org),
            method=method,
            data={"summary": "Toinen muokkaus samasta versiosta."},
            seen_version=1,
            summary="Toinen",
        )
    assert conflict.value.current.summary == "Ensimmäinen muokkaus."
    assert conflict.value.current.version == 2
    method.refresh_from_db()
    assert (method.summary, method.version, method.history.count()) == (
        "Ensimmäinen muokkaus.",
        2,
        2,
    )


@pytest.mark.django_db(transaction=True)
def test_two_editors_saving_at_once_exactly_one_wins(org):
    method = create(org)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def edit(text: str) -> None:
        try:
            barrier.wait(timeout=10)
            services.method_edit(
                actor=helper_user(org),
                method=method,
                data={"summary": text},
                seen_version=1,
                summary=text,
            )
            outcomes.append("saved")
        except services.EditConflict:
            outcomes.append("conflict")
        except Exception as error:  # noqa: BLE001 — SQLite may refuse the second writer
            outcomes.append(f"refused: {type(error).__name__}")
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(t,)) for t in ("Yksi.", "Kaksi.")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("saved") == 1, outcomes
    method.refresh_from_db()
    assert method.version == 2 and method.history.count() == 2
    assert method.summary in {"Yksi.", "Kaksi."}


def test_diff_between_revisions(org):
    method = create(org)
    services.method_edit(
        actor=helper_user(org),
        method=method,
        data={
            "steps": "1. Jaa paperit.\n2. Kirjoita viisi ideaa.\n3. Kierrätä paperi.",
            "group_max": 30,
        },
        seen_version=1,
        summary="Enemmän ideoita",
    )
    newer, older = method.history.all()[:2]
    changes = {change.name: change for change in diff_fields(older, newer)}
    assert set(changes) == {"steps", "group_max"}
    assert ("removed", "2. Kirjoita kolme ideaa.") in changes["steps"].lines
    assert ("added", "2. Kirjoita viisi ideaa.") in changes["steps"].lines
    assert ("same", "1. Jaa paperit.") in changes["steps"].lines
    assert (changes["group_max"].old, changes["group_max"].new) == ("24", "30")


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_revert_restores_an_old_revision_as_a_new_one(org, english):
    method = create(org)
    first = method.history.get()
    services.method_edit(
        actor=helper_user(org),
        method=method,
        data={"title": "Väärä nimi", "summary": "Väärä kuvaus."},
        seen_version=1,
        summary="Vahinko",
    )
    reverted = services.method_revert(
        actor=helper_user(org), method=method, history_id=first.history_id, seen_version=2
    )
    assert (reverted.title, reverted.summary, reverted.version) == (
        "Aivokirjoitus",
        "Ideoita paperilla hiljaa, sitten yhdessä.",
        3,
    )
    assert reverted.history.count() == 3
    assert reverted.history.first().history_change_reason.startswith("Reverted")
    assert diff_fields(first, reverted.history.first()) == []
    with pytest.raises(services.EditConflict):
        services.method_revert(
            actor=helper_user(org), method=method, history_id=first.history_id, seen_version=2
        )


def test_only_coordinators_unpublish_with_a_reason(org, english):
    method = create(org)
    with pytest.raises(services.NotAllowed):
        services.method_unpublish(actor=helper_user(org), method=method, reason="Vanha")
    coordinator = make_coordinator(org.people["coordinator"]).user
    with pytest.raises(services.ToolkitError):
        services.method_unpublish(actor=coordinator, method=method, reason="")
    changed = services.method_unpublish(actor=coordinator, method=method, reason="Päällekkäinen")
    assert changed.status == MethodStatus.UNPUBLISHED
    assert changed.history.first().history_change_reason == "Unpublished: Päällekkäinen"


def test_uses_count_and_average(org):
    method = create(org)
    services.method_use_record(
        actor=helper_user(org), method=method, use=services.UseInput(rating=5, note="Toimi!")
    )
    services.method_use_record(
        actor=helper_user(org), method=method, use=services.UseInput(rating=2)
    )
    method.refresh_from_db()
    assert (method.use_count, method.rating_count, method.average_rating) == (2, 2, 3.5)
    with pytest.raises(services.ToolkitError):
        services.method_use_record(
            actor=helper_user(org), method=method, use=services.UseInput(rating=6)
        )
    assert MethodUse.objects.count() == 2


def test_comments_need_text(org):
    method = create(org)
    with pytest.raises(services.ToolkitError):
        services.method_comment(actor=org.people["employee"].user, method=method, text="  ")
    comment = services.method_comment(
        actor=org.people["employee"].user, method=method, text="Kokeilimme, hyvä!"
    )
    assert comment.author == org.people["employee"]
