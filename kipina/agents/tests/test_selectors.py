import datetime as dt
from decimal import Decimal

import pytest
from django.http import Http404

from kipina.agents import selectors
from kipina.agents.enums import AllocationState
from kipina.agents.models import SupportPerson
from kipina.agents.tests import factories
from kipina.org.selectors import paginate
from kipina.org.tests import factories as org_factories

pytestmark = pytest.mark.django_db


def _pks(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def test_directory_takes_a_whole_subtree_and_skips_people_who_left(org):
    profile = org.people["support_person"].support_profile
    deeper = org_factories.UnitFactory(parent=org.unit)
    below = factories.support_person(unit=deeper)
    factories.support_person(unit=org.other_unit)
    factories.support_person(unit=deeper, active=False)
    assert _pks(selectors.directory(unit=org.division)) == {profile.pk, below.pk}
    assert _pks(selectors.directory(unit=deeper)) == {below.pk}


def test_directory_has_no_duplicates_with_several_roles_and_languages(org):
    profile = org.people["support_person"].support_profile
    profile.roles.add(factories.role("learning_agent"), factories.role("lean_expert"))
    people = list(selectors.directory(role="lean_expert", language="fi"))
    assert people == [profile]
    assert len(list(selectors.directory())) == 1


def test_pending_approvals_are_scoped_to_the_decider(org):
    profile = org.people["support_person"].support_profile
    waiting = factories.allocation(profile)
    factories.allocation(profile, state=AllocationState.REJECTED)
    orphan = factories.support_person(unit=org.unit)
    orphans_request = factories.allocation(orphan)
    gone = factories.support_person(unit=org.unit, supervisor=org.people["supervisor"])
    factories.allocation(gone)
    gone.person.active = False
    gone.person.save()
    # Someone two levels down: the list holds direct reports only.
    nurse = org_factories.PersonFactory(unit=org.unit, supervisor=org.people["team_lead"])
    factories.allocation(factories.support_person(unit=org.unit, supervisor=nurse))

    assert _pks(selectors.pending_approvals(user=org.people["supervisor"].user)) == {waiting.pk}
    assert _pks(selectors.pending_approvals(user=org.people["coordinator"].user)) == {
        orphans_request.pk
    }
    assert _pks(selectors.pending_approvals(user=org.people["employee"].user)) == set()
    # Nobody sees their own request, not even a coordinator without a supervisor.
    coordinator = org.people["coordinator"]
    own = factories.allocation(SupportPerson.objects.create(person=coordinator))
    assert own.pk not in _pks(selectors.pending_approvals(user=coordinator.user))


def test_profile_for_viewer_hides_retired_profiles_from_colleagues(org):
    profile = org.people["support_person"].support_profile
    profile.active = False
    profile.save()
    with pytest.raises(Http404):
        selectors.profile_for_viewer(user=org.people["employee"].user, pk=profile.pk)
    assert selectors.profile_for_viewer(user=org.people["admin"].user, pk=profile.pk) == profile
    assert (
        selectors.profile_for_viewer(user=org.people["support_person"].user, pk=profile.pk)
        == profile
    )


def test_allocation_for_viewer(org):
    allocation = factories.allocation(org.people["support_person"].support_profile)
    for key in ("support_person", "supervisor", "coordinator"):
        assert selectors.allocation_for_viewer(user=org.people[key].user, pk=allocation.pk)
    for key in ("employee", "team_lead"):
        with pytest.raises(Http404):
            selectors.allocation_for_viewer(user=org.people[key].user, pk=allocation.pk)


def test_monthly_hours_per_share(org):
    profile = org.people["support_person"].support_profile
    factories.allocation(profile, start=dt.date(2027, 1, 15), end=dt.date(2027, 2, 28))
    page = selectors.with_monthly_hours(paginate(selectors.allocations_of(profile), 1))
    share = page.object_list[0]
    assert share.monthly_hours == [
        (dt.date(2027, 1, 1), Decimal("8.4")),
        (dt.date(2027, 2, 1), Decimal("15.3")),
    ]
    assert (share.fewest_hours, share.most_hours) == (Decimal("8.4"), Decimal("15.3"))


def test_current_allocation(org):
    profile = org.people["support_person"].support_profile
    today = dt.date(2027, 6, 1)
    assert selectors.current_allocation(profile, today=today) is None
    factories.allocation(profile)  # requested, not approved
    assert selectors.current_allocation(profile, today=today) is None
    approved = factories.allocation(profile, state=AllocationState.APPROVED)
    assert selectors.current_allocation(profile, today=today) == approved
