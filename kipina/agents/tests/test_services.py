import datetime as dt
import threading
import time
from decimal import Decimal

import pytest
from django.db import OperationalError, connection
from django.utils import translation

from kipina.agents import services
from kipina.agents.enums import AllocationState
from kipina.agents.models import Absence, Allocation, SupportPerson
from kipina.agents.services import AgentError
from kipina.agents.tests import factories
from kipina.core.models import Notification
from kipina.core.notifications import render
from kipina.org.tests import factories as org_factories

pytestmark = pytest.mark.django_db

JAN = dt.date(2027, 1, 1)
DEC = dt.date(2027, 12, 31)


def _profile(org) -> SupportPerson:
    return org.people["support_person"].support_profile


def _request(org, actor_key="support_person", **kwargs) -> Allocation:
    values = {"percent": Decimal("10"), "start": JAN, "end": DEC, **kwargs}
    return services.allocation_request(
        actor=org.people[actor_key].user, support_person=_profile(org), **values
    )


def _kinds(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_request_asks_the_supervisor_who_approves(org):
    allocation = _request(org, note="  Half a day a week  ")
    assert allocation.state == AllocationState.REQUESTED
    assert allocation.weekly_hours == org.people["support_person"].weekly_hours
    assert allocation.note == "Half a day a week"
    assert _kinds(org.people["supervisor"].user) == ["allocation_requested"]
    assert _kinds(org.people["coordinator"].user) == []

    services.allocation_decide(
        actor=org.people["supervisor"].user, allocation=allocation, approve=True
    )
    allocation.refresh_from_db()
    assert allocation.state == AllocationState.APPROVED
    assert allocation.decided_by == org.people["supervisor"].user
    assert allocation.decided_at is not None
    assert _kinds(org.people["support_person"].user) == ["allocation_approved"]


def test_request_validates_percent_and_period(org):
    with pytest.raises(AgentError) as error:
        _request(org, percent=Decimal("0"))
    assert error.value.field == "percent"
    with pytest.raises(AgentError) as error:
        _request(org, start=DEC, end=JAN)
    assert error.value.field == "end"
    with pytest.raises(AgentError) as error:
        _request(org, percent=Decimal("10.123"))
    assert error.value.field == "percent"
    assert not Allocation.objects.exists()


def test_only_the_person_and_coordinators_request(org):
    for key in ("employee", "supervisor", "team_lead"):
        with pytest.raises(AgentError):
            _request(org, actor_key=key)
    assert _request(org, actor_key="coordinator").requested_by == org.people["coordinator"].user


def test_rejection_needs_a_reason(org):
    allocation = _request(org)
    supervisor = org.people["supervisor"].user
    with pytest.raises(AgentError) as error:
        services.allocation_decide(actor=supervisor, allocation=allocation, approve=False)
    assert error.value.field == "reason"
    allocation.refresh_from_db()
    assert allocation.state == AllocationState.REQUESTED

    services.allocation_decide(
        actor=supervisor, allocation=allocation, approve=False, reason="Busy season"
    )
    allocation.refresh_from_db()
    assert allocation.state == AllocationState.REJECTED
    assert allocation.decision_reason == "Busy season"
    assert "allocation_rejected" in _kinds(org.people["support_person"].user)


def test_coordinator_decides_only_where_there_is_no_supervisor_and_with_a_reason(org):
    coordinator = org.people["coordinator"].user
    with_supervisor = _request(org)
    with pytest.raises(AgentError):
        services.allocation_decide(
            actor=coordinator, allocation=with_supervisor, approve=True, reason="x"
        )

    orphan = factories.support_person(unit=org.unit)
    # Nobody supervises them, so the coordinators are asked.
    _coordinators_decide(org, orphan, reason="Agreed with the director")


def test_when_the_supervisor_is_no_longer_active_the_coordinators_decide(org):
    gone = org_factories.PersonFactory(unit=org.unit, active=False)
    helper = factories.support_person(unit=org.unit, supervisor=gone)
    _coordinators_decide(org, helper, reason="Esihenkilö on lähtenyt")
    assert not Notification.objects.filter(recipient=gone.user).exists()


def _coordinators_decide(org, support_person: SupportPerson, *, reason: str) -> None:
    """The person's request goes to the coordinators, who see it in their queue and decide
    only with a reason."""
    from kipina.agents import selectors

    coordinator = org.people["coordinator"].user
    allocation = services.allocation_request(
        actor=support_person.person.user,
        support_person=support_person,
        percent=Decimal(10),
        start=JAN,
        end=DEC,
    )
    assert _kinds(coordinator) == ["allocation_requested"]
    assert allocation in selectors.pending_approvals(user=coordinator)
    with pytest.raises(AgentError) as error:
        services.allocation_decide(actor=coordinator, allocation=allocation, approve=True)
    assert error.value.field == "reason"
    services.allocation_decide(
        actor=coordinator, allocation=allocation, approve=True, reason=reason
    )
    allocation.refresh_from_db()
    assert allocation.state == AllocationState.APPROVED
    assert allocation.decision_reason == reason


@pytest.mark.parametrize("key", ["employee", "team_lead", "support_person"])
def test_strangers_and_the_person_cannot_decide(org, key):
    allocation = _request(org)
    with pytest.raises(AgentError):
        services.allocation_decide(
            actor=org.people[key].user, allocation=allocation, approve=True, reason="x"
        )
    allocation.refresh_from_db()
    assert allocation.state == AllocationState.REQUESTED


def test_supervisor_line_above_may_decide(org):
    director = org_factories.PersonFactory(unit=org.root)
    supervisor = org.people["supervisor"]
    supervisor.supervisor = director
    supervisor.save()
    allocation = _request(org)
    services.allocation_decide(actor=director.user, allocation=allocation, approve=True)
    allocation.refresh_from_db()
    assert allocation.state == AllocationState.APPROVED


def test_admin_standing_in_gives_a_reason_and_never_decides_their_own(org):
    admin = org.people["admin"]
    allocation = _request(org)
    with pytest.raises(AgentError) as error:
        services.allocation_decide(actor=admin.user, allocation=allocation, approve=True)
    assert error.value.field == "reason"

    own = factories.allocation(SupportPerson.objects.create(person=admin))
    with pytest.raises(AgentError):
        services.allocation_decide(actor=admin.user, allocation=own, approve=True, reason="x")


def test_an_overlapping_second_share_is_refused(org):
    supervisor = org.people["supervisor"].user
    first = _request(org)
    services.allocation_decide(actor=supervisor, allocation=first, approve=True)
    second = _request(org, start=dt.date(2027, 6, 1), end=dt.date(2028, 5, 31))
    with pytest.raises(AgentError) as error:
        services.allocation_decide(actor=supervisor, allocation=second, approve=True)
    assert "2027" in error.value.message
    second.refresh_from_db()
    assert second.state == AllocationState.REQUESTED
    # A share that only touches the end of the first one is fine.
    third = _request(org, start=dt.date(2028, 1, 1), end=dt.date(2028, 12, 31))
    services.allocation_decide(actor=supervisor, allocation=third, approve=True)
    # Rejecting an overlapping one is always possible.
    services.allocation_decide(actor=supervisor, allocation=second, approve=False, reason="No")


def test_a_stale_second_decision_loses(org):
    """Two deciders open the same request; the one who submits second is told, not obeyed."""
    director = org_factories.PersonFactory(unit=org.root)
    org.people["supervisor"].supervisor = director
    org.people["supervisor"].save()
    allocation = _request(org)
    stale = Allocation.objects.get(pk=allocation.pk)
    services.allocation_decide(
        actor=org.people["supervisor"].user, allocation=allocation, approve=True
    )
    with pytest.raises(AgentError) as error, translation.override("en"):
        services.allocation_decide(
            actor=director.user, allocation=stale, approve=False, reason="No"
        )
    assert "already decided" in error.value.message
    allocation.refresh_from_db()
    assert allocation.state == AllocationState.APPROVED
    assert _kinds(org.people["support_person"].user) == ["allocation_approved"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_decisions_one_wins(org):
    """Real threads, each with its own connection: exactly one decision sticks."""
    director = org_factories.PersonFactory(unit=org.root)
    org.people["supervisor"].supervisor = director
    org.people["supervisor"].save()
    allocation = _request(org)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(user, approve: bool) -> None:
        mine = Allocation.objects.select_related("support_person__person").get(pk=allocation.pk)
        barrier.wait()
        try:
            for _attempt in range(500):
                try:
                    services.allocation_decide(
                        actor=user, allocation=mine, approve=approve, reason="r"
                    )
                    outcomes.append("won")
                    return
                except AgentError:
                    outcomes.append("told")
                    return
                except OperationalError as error:
                    # The shared in-memory SQLite of the test run answers "table is locked"
                    # at once where a file database would wait (busy_timeout): wait here.
                    if "locked" not in str(error):
                        raise
                    time.sleep(0.01)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(org.people["supervisor"].user, True)),
        threading.Thread(target=decide, args=(director.user, False)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["told", "won"]
    allocation.refresh_from_db()
    assert allocation.state in (AllocationState.APPROVED, AllocationState.REJECTED)
    assert (
        Notification.objects.filter(
            kind__startswith="allocation_", recipient=org.people["support_person"].user
        ).count()
        == 1
    )


def test_withdraw(org):
    allocation = _request(org)
    with pytest.raises(AgentError):
        services.allocation_withdraw(actor=org.people["supervisor"].user, allocation=allocation)
    services.allocation_withdraw(actor=org.people["support_person"].user, allocation=allocation)
    allocation.refresh_from_db()
    assert allocation.state == AllocationState.WITHDRAWN
    # A withdrawn request can be neither decided nor withdrawn again.
    with pytest.raises(AgentError):
        services.allocation_withdraw(actor=org.people["coordinator"].user, allocation=allocation)
    with pytest.raises(AgentError):
        services.allocation_decide(
            actor=org.people["supervisor"].user, allocation=allocation, approve=True
        )


def test_profile_update_and_absences(org):
    profile = _profile(org)
    role, skill = factories.role(), factories.skill()
    services.profile_update(
        actor=org.people["support_person"].user,
        support_person=profile,
        introduction="  Hei!  ",
        roles=[role],
        skills=[skill],
        scope="organisation",
        mode="remote",
        paused_until=dt.date(2027, 2, 1),
    )
    profile.refresh_from_db()
    assert profile.introduction == "Hei!"
    assert list(profile.roles.all()) == [role]
    assert profile.is_paused_on(dt.date(2027, 2, 1))
    assert not profile.is_paused_on(dt.date(2027, 2, 2))
    with pytest.raises(AgentError) as error:
        services.profile_update(
            actor=org.people["support_person"].user,
            support_person=profile,
            introduction="",
            roles=[],
            skills=[],
            scope="everyone",
            mode="remote",
            paused_until=None,
        )
    assert error.value.field == "scope"
    with pytest.raises(AgentError):
        services.profile_update(
            actor=org.people["employee"].user,
            support_person=_profile(org),
            introduction="",
            roles=[],
            skills=[],
            scope="organisation",
            mode="remote",
            paused_until=None,
        )

    with pytest.raises(AgentError) as error:
        services.absence_add(
            actor=org.people["support_person"].user, support_person=profile, start=DEC, end=JAN
        )
    assert error.value.field == "end"
    absence = services.absence_add(
        actor=org.people["coordinator"].user, support_person=profile, start=JAN, end=JAN
    )
    with pytest.raises(AgentError):
        services.absence_remove(actor=org.people["employee"].user, absence=absence)
    services.absence_remove(actor=org.people["support_person"].user, absence=absence)
    assert not Absence.objects.exists()


def test_support_person_create_is_idempotent_and_for_coordinators(org):
    employee = org.people["employee"]
    with pytest.raises(AgentError):
        services.support_person_create(actor=employee.user, person=employee)
    made = services.support_person_create(actor=org.people["coordinator"].user, person=employee)
    again = services.support_person_create(actor=org.people["admin"].user, person=employee)
    assert made.pk == again.pk
    with pytest.raises(AgentError):
        services.support_person_create(actor=org.people["coordinator"].user, person=org.left)


def test_calendar_token_rotation(org):
    profile = _profile(org)
    old = profile.calendar_token
    new = services.calendar_token_rotate(
        actor=org.people["support_person"].user, support_person=profile
    )
    assert new != old
    assert SupportPerson.objects.get(pk=profile.pk).calendar_token == new
    with pytest.raises(AgentError):
        services.calendar_token_rotate(actor=org.people["supervisor"].user, support_person=profile)


def test_notifications_read_in_the_readers_language(org):
    allocation = _request(org)
    services.allocation_decide(
        actor=org.people["supervisor"].user, allocation=allocation, approve=False, reason="Kiire"
    )
    requested = Notification.objects.get(kind="allocation_requested")
    rejected = Notification.objects.get(kind="allocation_rejected")
    with translation.override("en"):
        assert render(requested) == (
            f"{org.people['support_person'].full_name} asks for 10 % of working time for "
            "support work."
        )
        assert render(rejected) == "Your request for a time share of 10 % was rejected: Kiire"
    approved = Notification(kind="allocation_approved", params={"percent": "12.50"})
    with translation.override("en"):
        assert render(approved) == "Your time share of 12.5 % was approved."
