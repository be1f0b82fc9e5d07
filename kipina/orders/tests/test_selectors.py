"""Reads behind the order lists: filters, scoping, ordering and the hour sums."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.http import Http404
from django.utils import timezone

from kipina.agents.budgets import add_months, add_working_days, first_of_month
from kipina.agents.enums import ServiceScope
from kipina.agents.models import SupportRole
from kipina.orders import candidates, selectors
from kipina.orders.enums import AssignmentMode, OrderState
from kipina.orders.models import Order, TimeEntry
from kipina.orders.tests.factories import (
    OrderFactory,
    ServiceFactory,
    make_allocation,
    order_in_state,
)
from kipina.org.tests.factories import PersonFactory, TeamFactory, UserFactory, make_support_person

pytestmark = pytest.mark.django_db


def helper(org):
    support_person = org.people["support_person"].support_profile
    make_allocation(support_person)
    return support_person


def submitted(org, **fields):
    fields.setdefault("requester", org.people["employee"])
    return OrderFactory(**fields)


def test_working_days_back_skip_weekends():
    monday = dt.date(2030, 5, 6)
    assert monday.weekday() == 0
    assert add_working_days(monday, -1) == dt.date(2030, 5, 3)  # Friday
    assert add_working_days(monday, -3) == dt.date(2030, 5, 1)


def test_age_cutoffs():
    today = dt.date(2030, 5, 8)  # Wednesday
    cutoff = selectors.submitted_before(selectors.AGE_3_WORKING_DAYS, today)
    assert timezone.localtime(cutoff).date() == dt.date(2030, 5, 4)  # submitted 3.5. or before
    week = selectors.submitted_before(selectors.AGE_1_WEEK, today)
    assert timezone.localtime(week).date() == dt.date(2030, 5, 2)
    assert selectors.submitted_before("", today) is None


def test_queue_orders_every_state_oldest_first(org):
    first = submitted(org)
    Order.objects.filter(pk=first.pk).update(submitted_at=timezone.now() - dt.timedelta(days=2))
    second = order_in_state(org, OrderState.DECLINED)
    assert [o.pk for o in selectors.queue_orders(state=None)] == [first.pk, second.pk]
    assert [o.pk for o in selectors.queue_orders()] == [first.pk]


def test_queue_unit_filter_takes_the_subtree(org):
    in_ward = submitted(org)
    assert list(selectors.queue_orders(unit=org.division)) == [in_ward]
    assert list(selectors.queue_orders(unit=org.other_unit)) == []


def test_with_suggestions_only_for_submitted_orders(org):
    helper(org)
    waiting = submitted(org)
    assigned = order_in_state(org, OrderState.ASSIGNED)
    page = Paginator(selectors.queue_orders(state=None), 25).get_page(1)
    page = selectors.with_suggestions(page)
    by_pk = {order.pk: order for order in page.object_list}
    assert by_pk[assigned.pk].suggestions == []
    # the support person now has an assigned order but still fits
    assert [s.support_person.person for s in by_pk[waiting.pk].suggestions] == [
        org.people["support_person"]
    ]


def test_desk_orders_order_and_scope(org):
    helper(org)
    delivered = order_in_state(org, OrderState.DELIVERED)
    accepted = order_in_state(org, OrderState.ASSIGNED, accepted=True)
    waiting = order_in_state(org, OrderState.ASSIGNED)
    order_in_state(org, OrderState.CLOSED)
    submitted(org)
    support_person = selectors.support_profile_of(org.people["support_person"].user)
    assert [o.pk for o in selectors.desk_orders(support_person)] == [
        waiting.pk,
        accepted.pk,
        delivered.pk,
    ]


def test_support_profile_of_users_without_one(org):
    assert selectors.support_profile_of(org.people["employee"].user) is None
    assert selectors.support_profile_of(AnonymousUser()) is None


def test_claimable_orders_fit_the_person_and_stop_at_the_limit(org):
    support_person = helper(org)
    claim = ServiceFactory(assignment_mode=AssignmentMode.CLAIM)
    orders = [submitted(org, service=claim) for _ in range(4)]
    far_team = TeamFactory(unit=org.other_unit)
    out_of_scope = OrderFactory(
        service=claim, requester=PersonFactory(unit=org.other_unit, team=far_team), team=far_team
    )
    found = selectors.claimable_orders(support_person, limit=3)
    assert [item.order.pk for item in found] == [o.pk for o in reversed(orders)][:3]
    assert all(item.explanation for item in found)
    assert out_of_scope.pk not in {item.order.pk for item in found}
    # only the newest `candidates_checked` orders are looked at (the newest is out of scope)
    assert selectors.claimable_orders(support_person, candidates_checked=1) == []
    assert selectors.claimable_orders(support_person, candidates_checked=2) == found[:1]


def test_claimable_orders_without_a_time_share(org):
    support_person = org.people["support_person"].support_profile
    submitted(org, service=ServiceFactory(assignment_mode=AssignmentMode.CLAIM))
    assert selectors.claimable_orders(support_person) == []


def test_my_orders_for_someone_without_a_person(org):
    user = UserFactory()
    submitted(org)
    assert list(selectors.my_orders(user=user)) == []


def test_my_orders_state_filter(org):
    helper(org)
    waiting = submitted(org)
    order_in_state(org, OrderState.CANCELLED)
    assert list(selectors.my_orders(user=org.people["employee"].user, state="submitted")) == [
        waiting
    ]


def test_team_visibility_rules(org):
    team = org.team
    assert selectors.can_see_team_orders(org.people["employee"].user, team)
    assert selectors.can_see_team_orders(org.people["team_lead"].user, team)
    assert selectors.can_see_team_orders(org.people["supervisor"].user, team)
    assert selectors.can_see_team_orders(org.people["coordinator"].user, team)
    assert not selectors.can_see_team_orders(AnonymousUser(), team)
    assert not selectors.can_see_team_orders(org.people["employee"].user, org.other_team)
    assert not selectors.can_see_team_orders(org.left.user, team)
    with pytest.raises(Http404):
        selectors.team_for_viewer(user=org.people["employee"].user, code=org.other_team.code)
    with pytest.raises(Http404):
        selectors.team_for_viewer(user=org.people["coordinator"].user, code="NO-SUCH")


def test_load_rows_sorted_by_load_and_filtered_by_role(org):
    busy = helper(org)
    coach = SupportRole.objects.create(code="q-coach", name_fi="c", name_sv="c", name_en="c")
    idle = make_support_person(PersonFactory(unit=org.other_unit))
    idle.scope = ServiceScope.ORGANISATION
    idle.save()
    idle.roles.add(coach)
    make_allocation(idle)
    unbudgeted = make_support_person(PersonFactory(unit=org.unit))
    order_in_state(org, OrderState.ASSIGNED, service=ServiceFactory(typical_hours=Decimal(3)))
    rows = selectors.load_rows()
    assert [row.support_person_id for row in rows] == [busy.pk, idle.pk, unbudgeted.pk]
    assert rows[0].ratio > 0 and rows[1].ratio == 0
    assert len(rows[0].months) == selectors.LOAD_MONTHS
    assert rows[2].budget == 0
    assert [row.support_person_id for row in selectors.load_rows(role=coach)] == [idle.pk]
    assert [row.support_person_id for row in selectors.load_rows(unit=org.other_unit)] == [idle.pk]


def test_budget_months_sum_logged_planned_and_estimated(org):
    support_person = helper(org)
    order = order_in_state(org, OrderState.PLANNED, service=ServiceFactory(typical_hours=4))
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    TimeEntry.objects.create(
        order=order, support_person=support_person, date=yesterday, hours=Decimal(1)
    )
    first, last = selectors.month_range(-6, 6)
    months = selectors.budget_months(support_person, first, last)
    assert [m.month for m in months][0] == add_months(first_of_month(timezone.localdate()), -6)
    assert len(months) == 13
    assert sum(m.logged for m in months) == 1
    assert sum(m.planned for m in months) == 1.5
    assert sum(m.estimated for m in months) == 1.5
    for month in months:
        assert month.free == pytest.approx(
            month.budget - month.logged - month.planned - month.estimated
        )


def test_desk_load_budget_and_matching_agree_on_booked_hours(org):
    """One computation: every page shows the same booked hours per month."""
    support_person = helper(org)
    this_month = first_of_month(timezone.localdate())
    order_in_state(
        org,
        OrderState.ASSIGNED,
        service=ServiceFactory(typical_hours=Decimal(6)),
        earliest=timezone.localdate(),
        latest=add_months(this_month, 2) + dt.timedelta(days=5),
    )
    # The estimate is spread over this month and the next two: 2 h each.
    first, last = selectors.month_range(0, selectors.LOAD_MONTHS - 1)
    desk = selectors.budget_months(support_person, first, last)
    assert [m.booked for m in desk] == [2.0, 2.0, 2.0]
    budget_page = selectors.budget_months(support_person, *selectors.month_range(-6, 6))
    assert [m.booked for m in budget_page if first <= m.month <= last] == [2.0, 2.0, 2.0]
    (row,) = [r for r in selectors.load_rows() if r.support_person_id == support_person.pk]
    assert [m.booked for m in row.months] == [2.0, 2.0, 2.0]
    assert row.booked == 6.0
    need = candidates.need_for(submitted(org, earliest=first, latest=last))
    (candidate,) = candidates.candidates_for(need, support_person_ids=[support_person.pk])
    assert [m.booked_hours for m in candidate.months] == [2.0, 2.0, 2.0]


def test_budget_is_for_the_person_their_line_and_coordinators(org):
    support_person = org.people["support_person"].support_profile
    for key in ("support_person", "supervisor", "coordinator"):
        user = org.people[key].user
        assert selectors.support_person_for_budget(user=user, pk=support_person.pk)
    with pytest.raises(Http404):
        selectors.support_person_for_budget(user=org.people["employee"].user, pk=support_person.pk)
