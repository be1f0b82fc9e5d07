"""Services that require training: matching suggests only trained support persons, manual
assignment of an untrained one needs a reason, and completing the programme makes the person
eligible. Also: other support time (network meetings…) in the booked hours."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from kipina.agents.models import OtherSupportTime, TrainedStatus
from kipina.agents.tests import factories as agent_factories
from kipina.matching import ViolationCode
from kipina.orders import candidates
from kipina.orders import services as order_services
from kipina.orders.services import NeedsOverride
from kipina.orders.tests.factories import OrderFactory, ServiceFactory, bookable_support_person
from kipina.org.tests.factories import PersonFactory, make_language
from kipina.training import services_programmes
from kipina.training.tests.factories_programmes import (
    CohortFactory,
    ModuleFactory,
    ProgrammeFactory,
    enrolled,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(org):
    """A service requiring the learning agent's training; org's support person (untrained) and
    a trained colleague, both bookable."""
    role = agent_factories.role("learning_agent")
    service = ServiceFactory()
    service.required_trainings.set([role])
    untrained = bookable_support_person(org.people["support_person"])
    colleague = PersonFactory(unit=org.unit, team=org.team, user__username="trained")
    colleague.languages.add(make_language("fi"))
    trained = bookable_support_person(colleague)
    TrainedStatus.objects.create(
        support_person=trained, role=role, granted_on=timezone.localdate(), source="Aiempi"
    )
    order = OrderFactory(service=service, requester=org.people["employee"])
    return role, service, order, untrained, trained


def _suggested(order) -> set[int]:
    return {s.support_person.pk for s in candidates.suggestions_for(order, limit=10)}


def test_the_need_and_the_candidates_carry_trainings(org, setting):
    role, _service, order, untrained, trained = setting
    need = candidates.need_for(order)
    assert need.required_trainings == frozenset({role.code})
    found = {c.id: c for c in candidates.candidates_for(need)}
    assert found[trained.pk].trainings == frozenset({role.code})
    assert found[untrained.pk].trainings == frozenset()
    violations = candidates.violations_for(order, untrained)
    assert [v.code for v in violations] == [ViolationCode.MISSING_TRAINING]
    assert candidates.violations_for(order, trained) == ()


def test_only_trained_people_are_suggested_until_the_programme_completes(
    org, setting, django_capture_on_commit_callbacks
):
    role, _service, order, untrained, trained = setting
    assert _suggested(order) == {trained.pk}
    programme = ProgrammeFactory(roles=[role])
    module = ModuleFactory(programme=programme)
    seat = enrolled(CohortFactory(programme=programme), org.people["support_person"])
    with django_capture_on_commit_callbacks(execute=True):
        services_programmes.completion_set(
            actor=org.people["coordinator"].user, enrolment=seat, module=module, completed=True
        )
    assert _suggested(order) == {trained.pk, untrained.pk}


def test_queue_suggestions_respect_training(org, setting):
    _role, _service, order, _untrained, trained = setting
    found = candidates.suggestions_for_orders([order], limit=10)
    assert {s.support_person.pk for s in found[order.pk]} == {trained.pk}


def test_assigning_an_untrained_person_needs_a_reason(org, setting):
    _role, _service, order, untrained, _trained = setting
    coordinator = org.people["coordinator"].user
    with translation.override("en"), pytest.raises(NeedsOverride) as refused:
        order_services.order_assign(actor=coordinator, order=order, support_person=untrained)
    assert refused.value.field == "override_reason"
    with pytest.raises(order_services.OrderError):
        order_services.order_pick(
            actor=org.people["employee"].user, order=order, support_person=untrained
        )
    order_services.order_assign(
        actor=coordinator,
        order=order,
        support_person=untrained,
        override_reason="Koulutus alkaa ensi viikolla.",
    )
    order.refresh_from_db()
    assert order.support_person_id == untrained.pk


def test_other_support_time_counts_as_logged_before_today_and_planned_from_today(org):
    support_person = org.people["support_person"].support_profile
    today = dt.date(2030, 5, 15)
    for day, hours, source in [
        (dt.date(2030, 5, 2), "2", "networks.meeting:1"),
        (dt.date(2030, 5, 14), "1.5", "networks.meeting:2"),
        (dt.date(2030, 5, 15), "3", "networks.meeting:3"),
        (dt.date(2030, 6, 20), "2.25", "networks.meeting:4"),
        (dt.date(2030, 9, 1), "4", "networks.meeting:5"),  # outside the window
    ]:
        OtherSupportTime.objects.create(
            support_person=support_person,
            date=day,
            hours=Decimal(hours),
            source=source,
            description="Verkostotapaaminen",
        )
    bookings = candidates.load_bookings(
        first=dt.date(2030, 4, 1),
        last=dt.date(2030, 6, 1),
        support_person_ids=[support_person.pk],
        today=today,
        now=timezone.make_aware(dt.datetime(2030, 5, 15, 8, 0)),
    )
    may = bookings.month(support_person.pk, dt.date(2030, 5, 1))
    june = bookings.month(support_person.pk, dt.date(2030, 6, 1))
    assert (may.logged, may.planned) == (3.5, 3.0)
    assert (june.logged, june.planned) == (0.0, 2.25)
    assert bookings.booked_hours(support_person.pk, dt.date(2030, 4, 1)) == 0.0


def test_service_page_and_profile_show_the_training(org, setting, client):
    role, service, _order, _untrained, trained = setting
    client.cookies["django_language"] = "en"
    client.force_login(org.people["employee"].user)
    page = client.get(reverse("orders:service", args=[service.code])).content.decode()
    assert "Required training" in page and role.name in page
    client.force_login(org.people["coordinator"].user)
    profile = client.get(reverse("agents:profile", args=[trained.pk])).content.decode()
    assert "Trained for" in profile and "Aiempi" in profile
