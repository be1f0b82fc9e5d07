"""Test data for orders: services, orders, approved time shares and orders in any state.

`order_in_state` walks the real services (submit → assign → schedule → deliver → feedback…), so
an order it returns has the same history a real one would have.
"""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from kipina.agents.enums import AllocationState
from kipina.agents.models import Allocation, SupportPerson
from kipina.orders import services
from kipina.orders.enums import Action, AssignmentMode, OrderState
from kipina.orders.models import Order, OrderEvent, Service
from kipina.org.models import Language
from kipina.org.tests.factories import PersonFactory, make_support_person


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"service-{n}")
    name_fi = factory.Sequence(lambda n: f"Työpajan fasilitointi {n}")
    name_sv = factory.Sequence(lambda n: f"Facilitering av workshop {n}")
    name_en = factory.Sequence(lambda n: f"Workshop facilitation {n}")
    description_fi = "Suunnittelemme ja vedämme tiimin työpajan yhdessä."
    description_sv = "Vi planerar och leder teamets workshop tillsammans."
    description_en = "We plan and run the team's workshop together."
    typical_hours = Decimal(4)
    assignment_mode = AssignmentMode.COORDINATOR
    active = True

    @factory.post_generation
    def required_skills(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.required_skills.set(extracted)

    @factory.post_generation
    def eligible_roles(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.eligible_roles.set(extracted)


def default_dates(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """(earliest, latest) of a typical order: from next week to a month ahead."""
    today = today or timezone.localdate()
    return today + dt.timedelta(days=7), today + dt.timedelta(days=35)


class OrderFactory(factory.django.DjangoModelFactory):
    """A submitted order made directly (with its submit event); use order_in_state for others."""

    class Meta:
        model = Order
        skip_postgeneration_save = True

    service = factory.SubFactory(ServiceFactory)
    team = factory.LazyAttribute(lambda o: o.requester.team)
    requester = factory.SubFactory(PersonFactory)
    need = "Tiimi haluaa oppia pitämään lyhyitä retrospektiivejä."
    goal = "Jokainen sprintti päättyy yhteiseen keskusteluun."
    earliest = factory.LazyFunction(lambda: default_dates()[0])
    latest = factory.LazyFunction(lambda: default_dates()[1])
    participants = 8
    language = factory.LazyFunction(lambda: Language.objects.get_or_create(code="fi")[0])
    onsite = True
    place = "Neuvotteluhuone 2"
    state = OrderState.SUBMITTED

    @factory.post_generation
    def submit_event(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            OrderEvent.objects.create(
                order=obj,
                action=Action.SUBMIT,
                actor=obj.requester.user,
                to_state=OrderState.SUBMITTED,
            )


def make_allocation(
    support_person: SupportPerson,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    percent: Decimal = Decimal(10),
) -> Allocation:
    """An APPROVED time share covering [start, end] (default: 90 days back to 180 days ahead)."""
    today = timezone.localdate()
    start = start or today - dt.timedelta(days=90)
    end = end or today + dt.timedelta(days=180)
    return Allocation.objects.create(
        support_person=support_person,
        percent=percent,
        start=start,
        end=end,
        weekly_hours=support_person.person.weekly_hours,
        state=AllocationState.APPROVED,
        decided_at=timezone.now(),
        decision_reason="",
    )


def bookable_support_person(person, *, start=None, end=None) -> SupportPerson:
    """The person's support profile (made if missing) with an approved share covering the dates."""
    support_person = getattr(person, "support_profile", None)
    if support_person is None:
        support_person = make_support_person(person)
    start = start or timezone.localdate() - dt.timedelta(days=90)
    end = end or timezone.localdate() + dt.timedelta(days=180)
    has_share = (
        Allocation.objects.approved()
        .overlapping(start, end)
        .filter(support_person=support_person)
        .exists()
    )
    if not has_share:
        make_allocation(support_person, start, end)
    return support_person


# The path of services that leads to each state; order_in_state walks it.
_PATHS = {
    OrderState.SUBMITTED: (),
    OrderState.ASSIGNED: ("assign",),
    OrderState.PLANNED: ("assign", "schedule"),
    OrderState.DELIVERED: ("assign", "schedule", "deliver"),
    OrderState.CLOSED: ("assign", "schedule", "deliver", "feedback"),
    OrderState.DECLINED: ("decline",),
    OrderState.CANCELLED: ("cancel",),
}


def order_in_state(
    org,
    state: str,
    *,
    service: Service | None = None,
    requester: str = "employee",
    support_person: str = "support_person",
    accepted: bool = False,
    override_reason: str = "",
    **order_fields,
) -> Order:
    """An order of `org.team` in `state`, reached through the real services.

    `requester` and `support_person` are keys of org.people. The support person gets an approved
    time share covering the order's dates. `accepted=True` accepts an assigned order;
    `override_reason` lets the coordinator assign someone the matching rules exclude.
    """
    requester_person = org.people[requester]
    coordinator = org.people["coordinator"].user
    helper = bookable_support_person(org.people[support_person])
    earliest, latest = default_dates()
    fields = {
        "team": requester_person.team or org.team,
        "need": "Tiimi haluaa oppia pitämään lyhyitä retrospektiivejä.",
        "goal": "Jokainen sprintti päättyy yhteiseen keskusteluun.",
        "earliest": earliest,
        "latest": latest,
        "participants": 8,
        "language": Language.objects.get_or_create(code="fi")[0],
        "onsite": True,
        "place": "Neuvotteluhuone 2",
    }
    fields.update(order_fields)
    order, _created = services.order_submit(
        actor=requester_person.user, service=service or ServiceFactory(), **fields
    )
    for step in _PATHS[OrderState(state)]:
        order = Order.objects.select_related("service", "team", "requester").get(pk=order.pk)
        if step == "assign":
            services.order_assign(
                actor=coordinator,
                order=order,
                support_person=helper,
                override_reason=override_reason,
            )
            if accepted:
                order = Order.objects.get(pk=order.pk)
                services.order_accept(actor=helper.person.user, order=order)
        elif step == "schedule":
            start = timezone.make_aware(dt.datetime.combine(order.earliest, dt.time(10, 0)))
            services.session_schedule(
                actor=helper.person.user,
                order=order,
                start=start,
                duration_minutes=90,
                place=order.place or "",
                online_link="" if order.onsite else "https://meet.example.org/kipina",
            )
        elif step == "deliver":
            services.order_deliver(actor=helper.person.user, order=order)
        elif step == "feedback":
            services.feedback_give(
                actor=requester_person.user,
                order=order,
                rating=5,
                helped="Selkeät harjoitukset.",
                keep_doing="Lyhyet retrot joka sprintin lopussa.",
            )
        elif step == "decline":
            services.order_decline(actor=coordinator, order=order, reason="Ei resursseja.")
        elif step == "cancel":
            services.order_cancel(actor=requester_person.user, order=order, reason="Tarve poistui.")
    return Order.objects.select_related(
        "service", "team", "requester", "support_person__person"
    ).get(pk=order.pk)
