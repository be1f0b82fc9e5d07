"""The database side of matching: needs, candidates, violations and suggestions from real rows."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from kipina import matching
from kipina.agents.budgets import add_months, first_of_month, monthly_budgets
from kipina.agents.enums import AllocationState, DeliveryMode, ServiceScope
from kipina.agents.models import Absence, Allocation, Skill, SupportRole
from kipina.core.cache_versions import clear_memos
from kipina.orders import candidates
from kipina.orders.enums import Action, OrderState
from kipina.orders.models import MatchingSettings, Order, OrderEvent, Session, TimeEntry
from kipina.orders.tests.factories import (
    OrderFactory,
    ServiceFactory,
    make_allocation,
    order_in_state,
)
from kipina.org.models import path_ids
from kipina.org.tests.factories import PersonFactory, make_language, make_support_person

pytestmark = pytest.mark.django_db


def skill(code: str, fi: str = "", en: str = "") -> Skill:
    return Skill.objects.get_or_create(
        code=code,
        defaults={"name_fi": fi or code, "name_sv": f"{code} sv", "name_en": en or code},
    )[0]


def role(code: str) -> SupportRole:
    return SupportRole.objects.get_or_create(
        code=code, defaults={"name_fi": code, "name_sv": code, "name_en": code}
    )[0]


def today() -> dt.date:
    return timezone.localdate()


def the_order(org, **fields):
    """A submitted order of org.team with all the relations need_for reads."""
    fields.setdefault("requester", org.people["employee"])
    return OrderFactory(**fields)


def helper(org):
    """org's support person with an approved time share around today."""
    support_person = org.people["support_person"].support_profile
    make_allocation(support_person)
    return support_person


def only(candidate_list, support_person):
    found = [c for c in candidate_list if c.id == support_person.pk]
    assert len(found) == 1
    return found[0]


# --- need_for -----------------------------------------------------------------------------


def test_need_for_reads_the_order_and_its_service(org):
    lean, facilitation = skill("q-lean"), skill("q-facilitation")
    coach = role("q-coach")
    service = ServiceFactory(
        typical_hours=Decimal("6.5"), required_skills=[lean, facilitation], eligible_roles=[coach]
    )
    order = the_order(org, service=service, onsite=False)
    need = candidates.need_for(order)
    assert need.service_id == service.pk
    assert need.required_skills == {"q-lean", "q-facilitation"}
    assert need.eligible_roles == {"q-coach"}
    assert need.hours == 6.5
    assert need.team_id == org.team.pk
    assert need.unit_path == (org.root.pk, org.division.pk, org.unit.pk)
    assert need.language == "fi"
    assert need.onsite is False
    assert (need.earliest, need.latest) == (order.earliest, order.latest)


def test_need_window_starts_today_when_the_earliest_date_has_passed(org):
    order = the_order(
        org, earliest=today() - dt.timedelta(days=5), latest=today() + dt.timedelta(days=5)
    )
    need = candidates.need_for(order)
    assert (need.earliest, need.latest) == (today(), order.latest)


# --- candidates_for: every field ------------------------------------------------------------


def test_candidate_profile_fields(org):
    support_person = helper(org)
    lean = skill("q-lean")
    coach = role("q-coach")
    support_person.skills.add(lean)
    support_person.roles.add(coach)
    support_person.scope = ServiceScope.ORGANISATION
    support_person.mode = DeliveryMode.ONSITE
    support_person.save()
    order = the_order(org)
    candidate = only(candidates.candidates_for(candidates.need_for(order)), support_person)
    person = org.people["support_person"]
    assert candidate.team_id == person.team_id
    assert candidate.unit_path == tuple(path_ids(person.unit.path))
    assert candidate.skills == {"q-lean"}
    assert candidate.roles == {"q-coach"}
    assert candidate.languages == {"fi", "sv"}
    assert candidate.scope == matching.ServiceScope.ORGANISATION
    assert candidate.mode == matching.DeliveryMode.ONSITE


def test_inactive_support_persons_are_no_candidates(org):
    support_person = helper(org)
    other = make_support_person(PersonFactory(unit=org.unit))
    make_allocation(other)
    other.active = False
    other.save()
    gone = make_support_person(PersonFactory(unit=org.unit, active=False))
    need = candidates.need_for(the_order(org))
    ids = {c.id for c in candidates.candidates_for(need)}
    assert support_person.pk in ids
    assert other.pk not in ids and gone.pk not in ids


def test_candidate_allocations_and_monthly_budgets(org):
    support_person = org.people["support_person"].support_profile
    start, end = today() - dt.timedelta(days=40), today() + dt.timedelta(days=100)
    allocation = make_allocation(support_person, start, end)
    later = end + dt.timedelta(days=1)
    requested = make_allocation(support_person, later, later + dt.timedelta(days=60))
    Allocation.objects.filter(pk=requested.pk).update(state=AllocationState.REQUESTED)
    # the window reaches into the requested share's months: they get no budget
    order = the_order(org, latest=today() + dt.timedelta(days=130))
    need = candidates.need_for(order)
    candidate = only(candidates.candidates_for(need), support_person)
    assert candidate.allocations == (matching.Period(start, end),)
    expected = monthly_budgets([allocation], need.earliest, need.latest)[support_person.pk]
    months = {m.month: m for m in candidate.months}
    assert set(months) == set(expected)
    for month, hours in expected.items():
        assert months[month].budget_hours == pytest.approx(float(hours))
        assert months[month].booked_hours == 0.0


def month_after(count: int) -> dt.date:
    """The first day of the month `count` months after this one."""
    return add_months(first_of_month(today()), count)


def booked_months(support_person, months: int = 4) -> dict[dt.date, candidates.MonthHours]:
    """This month's and the next ones' hours of the person, by month."""
    bookings = candidates.load_bookings(
        first=month_after(0), last=month_after(months - 1), support_person_ids=[support_person.pk]
    )
    return {m.month: m for m in bookings.series(support_person.pk, bookings.first, bookings.last)}


def test_booked_hours_are_logged_plus_future_sessions_plus_estimated_rest(org):
    support_person = helper(org)
    service = ServiceFactory(typical_hours=Decimal(6))
    planned = order_in_state(org, OrderState.PLANNED, service=service)  # one 90 min session
    session = planned.sessions.get()
    TimeEntry.objects.create(
        order=planned, support_person=support_person, date=today(), hours=Decimal("2.0")
    )
    need = candidates.need_for(the_order(org))
    candidate = only(candidates.candidates_for(need), support_person)
    session_month = first_of_month(timezone.localtime(session.start).date())
    # The session is on the earliest date, so the rest is spread over that one month only.
    assert first_of_month(max(today(), planned.earliest)) == session_month
    expected: dict[dt.date, float] = {}
    expected[first_of_month(today())] = 2.0  # logged
    expected[session_month] = expected.get(session_month, 0.0) + 1.5  # the future session
    # the rest: 6 typical − 2 logged − 1.5 scheduled
    expected[session_month] += 2.5
    booked = {m.month: m.booked_hours for m in candidate.months}
    for month, hours in expected.items():
        if month in booked:
            assert booked[month] == pytest.approx(hours), month
    months = booked_months(support_person, 3)
    assert months[session_month].estimated == pytest.approx(2.5)
    assert sum(m.booked for m in months.values()) == pytest.approx(6.0)
    bookings = candidates.load_bookings(
        first=month_after(0), last=month_after(2), support_person_ids=[support_person.pk]
    )
    assert bookings.active_orders[support_person.pk] == 1


def test_estimate_without_sessions_is_spread_evenly_up_to_the_latest_date(org):
    support_person = helper(org)
    order_in_state(
        org,
        OrderState.ASSIGNED,
        service=ServiceFactory(typical_hours=Decimal("7.5")),
        earliest=today(),
        latest=month_after(2) + dt.timedelta(days=9),
    )
    months = booked_months(support_person)
    # 7.5 h over this month and the next two: 2.5 h each, nothing after the latest date.
    assert [months[month_after(n)].estimated for n in range(4)] == [2.5, 2.5, 2.5, 0.0]
    assert sum(m.planned + m.logged for m in months.values()) == 0


def test_estimate_runs_to_the_last_future_session_and_odd_tenths_go_first(org):
    support_person = helper(org)
    order = order_in_state(
        org, OrderState.PLANNED, service=ServiceFactory(typical_hours=Decimal(8))
    )  # a 90-minute session on the earliest date, a week from now
    Order.objects.filter(pk=order.pk).update(earliest=today())
    later = month_after(2) + dt.timedelta(days=9)
    Session.objects.create(
        order=order,
        start=timezone.make_aware(dt.datetime.combine(later, dt.time(10, 0))),
        duration_minutes=60,
    )
    months = booked_months(support_person)
    # The first session is a week ahead (this month or the next), the second in two months.
    assert months[first_of_month(order.earliest)].planned == 1.5
    assert months[month_after(2)].planned == 1.0
    # 8 − 1.5 − 1 = 5.5 h from this month to the month of the last session (past the order's
    # latest date): 55 tenths over three months, the odd one to the first.
    assert [months[month_after(n)].estimated for n in range(4)] == [1.9, 1.8, 1.8, 0.0]


def test_estimate_of_an_order_whose_dates_have_passed_falls_in_this_month(org):
    support_person = helper(org)
    order = order_in_state(org, OrderState.ASSIGNED, service=ServiceFactory(typical_hours=3))
    Order.objects.filter(pk=order.pk).update(
        earliest=today() - dt.timedelta(days=60), latest=today() - dt.timedelta(days=40)
    )
    months = booked_months(support_person)
    assert [months[month_after(n)].estimated for n in range(4)] == [3.0, 0.0, 0.0, 0.0]


def test_sessions_and_estimates_count_from_the_given_moment(org):
    support_person = helper(org)
    order = order_in_state(org, OrderState.PLANNED, service=ServiceFactory(typical_hours=4))
    session = order.sessions.get()
    # Seen from just after the session: it is past, and the rest of the hours is estimated.
    after = session.start + dt.timedelta(hours=2)
    bookings = candidates.load_bookings(
        first=month_after(0),
        last=month_after(3),
        support_person_ids=[support_person.pk],
        today=timezone.localtime(after).date(),
        now=after,
    )
    months = bookings.series(support_person.pk, bookings.first, bookings.last)
    assert sum(m.planned for m in months) == 0
    assert sum(m.estimated for m in months) == 4


def test_cancelled_and_past_sessions_are_not_planned(org):
    support_person = helper(org)
    planned = order_in_state(org, OrderState.PLANNED, service=ServiceFactory(typical_hours=1))
    Session.objects.filter(order=planned).update(cancelled_at=timezone.now())
    Session.objects.create(
        order=planned, start=timezone.now() - dt.timedelta(days=1), duration_minutes=60
    )
    bookings = candidates.load_bookings(
        first=first_of_month(today()),
        last=add_months(first_of_month(today()), 3),
        support_person_ids=[support_person.pk],
    )
    months = bookings.series(support_person.pk, bookings.first, bookings.last)
    assert sum(m.planned for m in months) == 0
    # nothing logged or scheduled ahead: the typical hour stays as the estimate
    assert sum(m.estimated for m in months) == 1


def test_unavailable_periods_are_absences_and_the_pause(org):
    support_person = helper(org)
    absence = Absence.objects.create(
        support_person=support_person,
        start=today() + dt.timedelta(days=10),
        end=today() + dt.timedelta(days=12),
    )
    Absence.objects.create(  # long past: outside the window
        support_person=support_person,
        start=today() - dt.timedelta(days=80),
        end=today() - dt.timedelta(days=70),
    )
    support_person.paused_until = today() + dt.timedelta(days=3)
    support_person.save()
    candidate = only(candidates.candidates_for(candidates.need_for(the_order(org))), support_person)
    assert set(candidate.unavailable) == {
        matching.Period(absence.start, absence.end),
        matching.Period(today(), today() + dt.timedelta(days=3)),
    }


def test_a_past_pause_is_ignored(org):
    support_person = helper(org)
    support_person.paused_until = today() - dt.timedelta(days=1)
    support_person.save()
    candidate = only(candidates.candidates_for(candidates.need_for(the_order(org))), support_person)
    assert candidate.unavailable == ()


def test_load_ratio_is_booked_over_budget_around_this_month(org):
    support_person = helper(org)
    service = ServiceFactory(typical_hours=Decimal(5))
    order_in_state(org, OrderState.ASSIGNED, service=service)
    candidate = only(candidates.candidates_for(candidates.need_for(the_order(org))), support_person)
    first, last = candidates.load_window()
    bookings = candidates.load_bookings(
        first=first, last=last, support_person_ids=[support_person.pk]
    )
    series = bookings.series(support_person.pk, first, last)
    budget = sum(m.budget for m in series)
    assert budget > 0
    assert candidate.load_ratio == pytest.approx(5 / float(budget))


def test_load_ratio_is_zero_without_a_budget(org):
    support_person = org.people["support_person"].support_profile
    candidate = only(candidates.candidates_for(candidates.need_for(the_order(org))), support_person)
    assert candidate.load_ratio == 0.0
    assert candidate.allocations == ()


def test_months_since_last_order(org, django_capture_on_commit_callbacks):
    support_person = helper(org)
    need = candidates.need_for(the_order(org))
    assert only(candidates.candidates_for(need), support_person).months_since_last_order is None
    # The assignment forgets the cached figure once it commits.
    with django_capture_on_commit_callbacks(execute=True):
        order = order_in_state(org, OrderState.ASSIGNED)
    OrderEvent.objects.filter(order=order, action=Action.ASSIGN).update(
        at=timezone.now() - dt.timedelta(days=61)
    )
    months = only(candidates.candidates_for(need), support_person).months_since_last_order
    assert months == pytest.approx(61 / candidates.DAYS_PER_MONTH, abs=0.05)


def test_accepted_at_counts_as_the_last_order_without_events(org):
    support_person = helper(org)
    order = order_in_state(org, OrderState.ASSIGNED, accepted=True)
    OrderEvent.objects.filter(order=order).exclude(action=Action.SUBMIT).delete()
    Order.objects.filter(pk=order.pk).update(accepted_at=timezone.now() - dt.timedelta(days=30))
    need = candidates.need_for(the_order(org))
    months = only(candidates.candidates_for(need), support_person).months_since_last_order
    assert months == pytest.approx(30 / candidates.DAYS_PER_MONTH, abs=0.05)


def test_team_orders_and_service_rating(org):
    support_person = helper(org)
    service = ServiceFactory()
    order_in_state(org, OrderState.CLOSED, service=service)  # rated 5 by the orderer
    order_in_state(org, OrderState.DELIVERED)  # another service, same team, no rating yet
    order_in_state(org, OrderState.ASSIGNED, service=service)  # not delivered: not counted
    need = candidates.need_for(the_order(org, service=service))
    candidate = only(candidates.candidates_for(need), support_person)
    assert candidate.team_orders == 2
    assert (candidate.service_rating, candidate.service_ratings) == (5.0, 1)
    # for another team and service, none of it counts
    other_order = OrderFactory(requester=org.people["coordinator"])
    other = only(candidates.candidates_for(candidates.need_for(other_order)), support_person)
    assert other.team_orders == 0
    assert (other.service_rating, other.service_ratings) == (None, 0)


# --- violations_for: every hard rule through the database ---------------------------------


def codes(order, support_person) -> set[str]:
    return {v.code for v in candidates.violations_for(order, support_person)}


def test_an_eligible_person_breaks_no_rule(org):
    support_person = helper(org)
    assert candidates.violations_for(the_order(org), support_person) == ()


def test_no_approved_allocation(org):
    support_person = org.people["support_person"].support_profile
    later = today() + dt.timedelta(days=200)
    make_allocation(support_person, later, later + dt.timedelta(days=100))
    assert codes(the_order(org), support_person) == {matching.ViolationCode.NO_ALLOCATION}


def test_absent_for_the_whole_window(org):
    support_person = helper(org)
    order = the_order(org)
    Absence.objects.create(support_person=support_person, start=order.earliest, end=order.latest)
    assert codes(order, support_person) == {matching.ViolationCode.UNAVAILABLE}


def test_paused_over_the_whole_window(org):
    support_person = helper(org)
    order = the_order(org)
    support_person.paused_until = order.latest
    support_person.save()
    assert codes(order, support_person) == {matching.ViolationCode.UNAVAILABLE}


def test_missing_skill(org):
    support_person = helper(org)
    service = ServiceFactory(required_skills=[skill("q-lean")])
    found = candidates.violations_for(the_order(org, service=service), support_person)
    assert [(v.code, v.params) for v in found] == [
        (matching.ViolationCode.MISSING_SKILL, {"skills": ("q-lean",)})
    ]
    support_person.skills.add(skill("q-lean"))
    assert codes(the_order(org, service=service), support_person) == set()


def test_missing_role(org):
    support_person = helper(org)
    service = ServiceFactory(eligible_roles=[role("q-coach"), role("q-agent")])
    assert codes(the_order(org, service=service), support_person) == {
        matching.ViolationCode.MISSING_ROLE
    }
    support_person.roles.add(role("q-agent"))
    assert codes(the_order(org, service=service), support_person) == set()


def test_out_of_scope(org):
    support_person = helper(org)  # own unit (WARD) by default
    other_teams_order = OrderFactory(requester=org.people["coordinator"])  # PAY-1 in PAY
    assert codes(other_teams_order, support_person) == {matching.ViolationCode.OUT_OF_SCOPE}
    support_person.scope = ServiceScope.ORGANISATION
    support_person.save()
    assert codes(other_teams_order, support_person) == set()


def test_own_team_scope(org):
    support_person = helper(org)
    support_person.scope = ServiceScope.OWN_TEAM
    support_person.save()
    assert codes(the_order(org), support_person) == set()  # WARD-A is their team
    colleague = PersonFactory(unit=org.unit, team=None)
    from kipina.org.tests.factories import TeamFactory

    neighbour_team = TeamFactory(unit=org.unit)
    colleague.team = neighbour_team
    colleague.save()
    order = OrderFactory(requester=colleague, team=neighbour_team)
    assert codes(order, support_person) == {matching.ViolationCode.OUT_OF_SCOPE}


def test_delivery_mode(org):
    support_person = helper(org)
    support_person.mode = DeliveryMode.REMOTE
    support_person.save()
    assert codes(the_order(org, onsite=True), support_person) == {
        matching.ViolationCode.DELIVERY_MODE
    }
    assert codes(the_order(org, onsite=False, place=""), support_person) == set()


def test_not_enough_hours(org):
    support_person = helper(org)  # 10 % of 38.25 h a week: about 16 h a month
    service = ServiceFactory(typical_hours=Decimal(40))
    found = candidates.violations_for(the_order(org, service=service), support_person)
    assert [v.code for v in found] == [matching.ViolationCode.NOT_ENOUGH_HOURS]
    assert found[0].params["needed"] == 40.0


def test_booked_hours_use_up_the_budget(org):
    support_person = helper(org)
    earliest, latest = today() + dt.timedelta(days=1), today() + dt.timedelta(days=2)
    if first_of_month(earliest) != first_of_month(latest):
        earliest = latest
    allocation = support_person.allocations.get()
    budget = monthly_budgets([allocation], earliest, latest)[support_person.pk][
        first_of_month(earliest)
    ]
    big = ServiceFactory(typical_hours=int(budget) - 1)  # leaves 1–2 h free
    order_in_state(org, OrderState.ASSIGNED, service=big, earliest=earliest, latest=latest)
    small = ServiceFactory(typical_hours=Decimal(4))
    order = the_order(org, service=small, earliest=earliest, latest=latest)
    assert codes(order, support_person) == {matching.ViolationCode.NOT_ENOUGH_HOURS}


def test_inactive_person(org):
    support_person = helper(org)
    support_person.active = False
    support_person.save()
    assert codes(the_order(org), support_person) == {candidates.INACTIVE}


# --- ranking through the database ---------------------------------------------------------


def test_same_unit_is_preferred(org):
    fi = make_language("fi")
    near = helper(org)
    near.scope = ServiceScope.ORGANISATION
    near.save()
    far_person = PersonFactory(unit=org.other_unit, team=org.other_team)
    far_person.languages.add(fi, make_language("sv"))
    far = make_support_person(far_person)
    far.scope = ServiceScope.ORGANISATION
    far.save()
    make_allocation(far)
    # An order of another team of the support person's own unit: no same-team bonus for anyone.
    from kipina.org.tests.factories import TeamFactory

    neighbour_team = TeamFactory(unit=org.unit)
    requester = PersonFactory(unit=org.unit, team=neighbour_team)
    order = OrderFactory(requester=requester, team=neighbour_team)
    with translation.override("en"):
        suggestions = candidates.suggestions_for(order)
    assert [s.support_person.pk for s in suggestions] == [near.pk, far.pk]
    codes = {reason.code: reason.points for reason in suggestions[0].reasons}
    assert codes[matching.ReasonCode.SAME_UNIT] > 0
    assert suggestions[0].score > suggestions[1].score
    assert suggestions[0].explanation.startswith("From the same unit")


def test_suggestions_carry_the_person_and_an_explanation(org):
    support_person = helper(org)
    support_person.skills.add(skill("q-lean", en="Lean tools"))
    order = the_order(org, service=ServiceFactory(required_skills=[skill("q-lean")]))
    from django.utils import translation

    with translation.override("en"):
        (suggestion,) = candidates.suggestions_for(order)
    assert suggestion.support_person == support_person
    assert suggestion.support_person.person.unit == org.unit
    assert suggestion.explanation.startswith("From the same team")
    assert "Lean tools" in suggestion.explanation
    assert suggestion.free_hours > 0
    assert suggestion.month == first_of_month(suggestion.month)


def test_weights_come_from_the_matching_settings(org):
    MatchingSettings.objects.create(proximity=0, load=0, starvation=0, continuity=0, language=0)
    weights = candidates.weights()
    assert weights.proximity == 0 and weights.feedback == matching.DEFAULT_WEIGHTS.feedback
    support_person = helper(org)
    (suggestion,) = candidates.suggestions_for(the_order(org))
    assert suggestion.support_person == support_person
    assert suggestion.score == 0


# --- a fixed number of queries --------------------------------------------------------------


def _grow_support_persons(org, count: int) -> None:
    fi = make_language("fi")
    lean, coach = skill("q-lean"), role("q-coach")
    for _ in range(count):
        person = PersonFactory(unit=org.unit)
        person.languages.add(fi)
        support_person = make_support_person(person)
        support_person.skills.add(lean)
        support_person.roles.add(coach)
        make_allocation(support_person)
        Absence.objects.create(
            support_person=support_person,
            start=today() + dt.timedelta(days=9),
            end=today() + dt.timedelta(days=9),
        )


def _count_queries(need) -> tuple[int, int]:
    cache.clear()  # measure cold: the memoised history figures would hide queries
    clear_memos()
    with CaptureQueriesContext(connection) as captured:
        found = candidates.candidates_for(need)
    return len(captured), len(found)


def test_candidates_for_runs_a_fixed_number_of_queries(org):
    helper(org)
    order_in_state(org, OrderState.CLOSED)
    order_in_state(org, OrderState.PLANNED)
    need = candidates.need_for(the_order(org))
    _grow_support_persons(org, 1)
    with_one, found_one = _count_queries(need)
    _grow_support_persons(org, 49)
    with_fifty, found_fifty = _count_queries(need)
    assert (found_one, found_fifty) == (2, 51)
    assert with_fifty == with_one
    # Nine reads of data and three of the support-pool version the memoised parts hang on.
    assert with_one <= 13


# --- the cached pool ----------------------------------------------------------------------


def test_the_cached_pool_follows_changes_made_through_the_services(
    org, django_capture_on_commit_callbacks
):
    from kipina.agents import services as agent_services

    support_person = org.people["support_person"].support_profile
    need = candidates.need_for(the_order(org))
    assert only(candidates.candidates_for(need), support_person).allocations == ()
    # Served from the cache now: a change behind the services' back is not seen...
    make_allocation(support_person)
    assert only(candidates.candidates_for(need), support_person).allocations == ()
    # ...but one made through them is, once it commits.
    with django_capture_on_commit_callbacks(execute=True):
        agent_services.absence_add(
            actor=org.people["support_person"].user,
            support_person=support_person,
            start=today() + dt.timedelta(days=1),
            end=today() + dt.timedelta(days=2),
        )
    fresh = only(candidates.candidates_for(need), support_person)
    assert len(fresh.allocations) == 1
    assert matching.Period(today() + dt.timedelta(days=1), today() + dt.timedelta(days=2)) in (
        fresh.unavailable
    )


# --- the pool's shortcuts -----------------------------------------------------------------


def test_ranking_the_fitting_candidates_equals_ranking_everyone(org):
    """The pool hands rank() only those with the need's skills and roles: same result."""
    lean, facilitation, coach = skill("q-lean"), skill("q-facilitation"), role("q-coach")
    service = ServiceFactory(required_skills=[lean], eligible_roles=[coach])
    holdings = [
        ([lean], [coach]),
        ([lean, facilitation], [coach]),
        ([lean], []),
        ([facilitation], [coach]),
        ([], []),
        ([lean, facilitation], [coach, role("q-agent")]),
    ]
    for skills, roles in holdings:
        support_person = make_support_person(PersonFactory(unit=org.unit, team=org.team))
        support_person.scope = ServiceScope.ORGANISATION
        support_person.save()
        support_person.skills.set(skills)
        support_person.roles.set(roles)
        make_allocation(support_person)
    need = candidates.need_for(the_order(org, service=service))
    pool = candidates.pool_for_needs([need])
    scoring = candidates.weights()
    everyone = pool.for_need(need, fitting_only=False)
    assert len(pool.for_need(need)) == 3 < len(everyone)
    expected = matching.rank(need, everyone, scoring, 10)
    assert len(expected) == 3
    assert pool.rank(need, scoring, 10) == expected
    # Asked again, the memoised answer is the same object.
    assert pool.rank(need, scoring, 10) is pool.rank(need, scoring, 10)


def test_memoised_suggestions_follow_changes_made_through_the_services(
    org, django_capture_on_commit_callbacks
):
    from kipina.orders import services as order_services

    support_person = helper(org)
    order = the_order(org)
    assert [s.support_person for s in candidates.suggestions_for(order)] == [support_person]
    other = the_order(org)
    # Assigning the other order books the person's free hours: the version changes on commit.
    with django_capture_on_commit_callbacks(execute=True):
        order_services.order_assign(
            actor=org.people["coordinator"].user, order=other, support_person=support_person
        )
    before = candidates.suggestions_for(order)[0].free_hours
    with django_capture_on_commit_callbacks(execute=True):
        order_services.order_assign(
            actor=org.people["coordinator"].user,
            order=the_order(org),
            support_person=support_person,
        )
    assert candidates.suggestions_for(order)[0].free_hours < before


def test_logging_hours_keeps_the_history_figures_but_not_the_bookings(
    org, django_capture_on_commit_callbacks
):
    """Hours change the bookings (read again) but not who last got an order or the ratings,
    which are read from the whole history and stay memoised."""
    from kipina.orders import services as order_services

    support_person = helper(org)
    order = order_in_state(org, OrderState.ASSIGNED)
    need = candidates.need_for(the_order(org))
    before = only(candidates.candidates_for(need), support_person)
    this_month = first_of_month(today())
    logged_before = (
        candidates.pool_for_needs([need]).bookings.month(support_person.pk, this_month).logged
    )
    with django_capture_on_commit_callbacks(execute=True):
        order_services.time_log(
            actor=org.people["support_person"].user,
            order=order,
            date=today(),
            hours=Decimal(2),
            note="Suunnittelu",
        )
    with CaptureQueriesContext(connection) as captured:
        after = only(candidates.candidates_for(need), support_person)
    sql = " ".join(query["sql"] for query in captured)
    assert '"orders_timeentry"' in sql  # bookings read again
    assert '"orders_orderevent"' not in sql and '"orders_feedback"' not in sql
    logged_after = (
        candidates.pool_for_needs([need]).bookings.month(support_person.pk, this_month).logged
    )
    assert logged_after == logged_before + 2
    assert after.months_since_last_order == before.months_since_last_order
