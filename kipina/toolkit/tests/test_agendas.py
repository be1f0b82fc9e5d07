"""Agendas: blocks and their positions, computed times, moves and reorders, copies, templates,
permissions and optimistic locking; the builder's method search and the order's questions."""

import datetime as dt

import pytest
from django.utils import translation

from kipina.core.search import index as search_index
from kipina.orders.tests.factories import order_in_state
from kipina.org.tests.factories import PersonFactory, make_support_person
from kipina.toolkit import agenda_selectors as selectors
from kipina.toolkit import agenda_services as services
from kipina.toolkit.enums import SEARCH_KIND, BlockKind, MethodStatus
from kipina.toolkit.models import Agenda, AgendaBlock, MethodUse
from kipina.toolkit.services import NotAllowed, ToolkitError, UseInput, method_use_record
from kipina.toolkit.tests.factories import MethodFactory

pytestmark = pytest.mark.django_db


def helper(org):
    return org.people["support_person"].user


def make_agenda(org, *, actor=None, **data) -> Agenda:
    values = {"title": "Retro", "start_time": dt.time(9, 0), "available_minutes": 60}
    values.update(data)
    return services.agenda_create(actor=actor or helper(org), data=values)


def add(org, agenda, kind=BlockKind.METHOD, **fields):
    return services.block_add(
        actor=helper(org), agenda=agenda, block=services.BlockInput(kind=kind, **fields)
    )


def order_of(agenda) -> list[int]:
    return list(agenda.blocks.order_by("position").values_list("pk", flat=True))


def positions(agenda) -> list[int]:
    return list(agenda.blocks.order_by("position").values_list("position", flat=True))


def three_blocks(org, agenda):
    method = MethodFactory(duration_min=10, duration_max=20)
    first = add(org, agenda, method=method)
    second = add(org, agenda, BlockKind.BREAK)
    third = add(org, agenda, BlockKind.OWN, title="Kahvi ja kuulumiset", minutes=20)
    return first, second, third


def fresh(agenda) -> Agenda:
    return Agenda.objects.get(pk=agenda.pk)


# --- blocks, positions and the timeline ------------------------------------------------------


def test_blocks_are_appended_with_positions_and_default_minutes(org):
    agenda = make_agenda(org)
    first, second, third = three_blocks(org, agenda)
    assert positions(agenda) == [0, 1, 2]
    assert order_of(agenda) == [first.pk, second.pk, third.pk]
    assert first.minutes == 10  # the method's shortest duration
    assert second.minutes == services.FREE_BLOCK_MINUTES[BlockKind.BREAK]
    assert third.minutes == 20 and third.label == "Kahvi ja kuulumiset"


def test_timeline_computes_start_and_end_times_and_totals(org):
    agenda = make_agenda(org, start_time=dt.time(9, 0), available_minutes=60)
    three_blocks(org, agenda)
    plan = selectors.timeline(agenda, selectors.agenda_blocks(agenda))
    assert [(row.start, row.end) for row in plan.rows] == [
        (dt.time(9, 0), dt.time(9, 10)),
        (dt.time(9, 10), dt.time(9, 25)),
        (dt.time(9, 25), dt.time(9, 45)),
    ]
    assert plan.total_minutes == 45 and plan.end == dt.time(9, 45)
    assert plan.over_by == 0 and plan.left == 15
    assert [row.first for row in plan.rows] == [True, False, False]
    assert [row.last for row in plan.rows] == [False, False, True]


def test_timeline_reports_how_much_the_plan_is_over_the_available_time(org):
    agenda = make_agenda(org, available_minutes=30)
    three_blocks(org, agenda)
    plan = selectors.timeline(agenda, selectors.agenda_blocks(agenda))
    assert plan.total_minutes == 45 and plan.over_by == 15 and plan.left == 0


def test_timeline_of_an_empty_agenda(org):
    agenda = make_agenda(org, start_time=dt.time(13, 30))
    plan = selectors.timeline(agenda, [])
    assert plan.rows == [] and plan.total_minutes == 0 and plan.end == dt.time(13, 30)


def test_minutes_outside_the_methods_range_are_flagged_not_refused(org):
    agenda = make_agenda(org)
    block = add(org, agenda, method=MethodFactory(duration_min=10, duration_max=20), minutes=45)
    assert block.minutes == 45 and block.outside_method_range
    services.block_edit(actor=helper(org), agenda=agenda, block_id=block.pk, data={"minutes": 15})
    block.refresh_from_db()
    assert not block.outside_method_range


def test_only_published_methods_can_be_added(org):
    agenda = make_agenda(org)
    draft = MethodFactory(status=MethodStatus.DRAFT)
    with pytest.raises(ToolkitError):
        add(org, agenda, method=draft)
    with pytest.raises(ToolkitError):
        add(org, agenda, method=None)
    assert not agenda.blocks.exists() and fresh(agenda).version == 1


def test_own_item_needs_a_title(org):
    agenda = make_agenda(org)
    with pytest.raises(ToolkitError) as error:
        add(org, agenda, BlockKind.OWN, title="  ")
    assert error.value.field == "title"
    assert not agenda.blocks.exists()


def test_block_edit_changes_only_what_is_given(org):
    agenda = make_agenda(org)
    block = add(org, agenda, BlockKind.OWN, title="Alku", note="Muista fläppi")
    services.block_edit(actor=helper(org), agenda=agenda, block_id=block.pk, data={"minutes": 7})
    block.refresh_from_db()
    assert (block.minutes, block.title, block.note) == (7, "Alku", "Muista fläppi")
    services.block_edit(
        actor=helper(org), agenda=agenda, block_id=block.pk, data={"title": "Aloitus", "note": ""}
    )
    block.refresh_from_db()
    assert (block.minutes, block.title, block.note) == (7, "Aloitus", "")


def test_block_edit_refuses_zero_minutes(org):
    agenda = make_agenda(org)
    block = add(org, agenda, BlockKind.BREAK)
    with pytest.raises(ToolkitError) as error:
        services.block_edit(
            actor=helper(org), agenda=agenda, block_id=block.pk, data={"minutes": 0}
        )
    assert error.value.field == "minutes"
    block.refresh_from_db()
    assert block.minutes == 15


# --- moving and reordering -------------------------------------------------------------------


def test_move_up_and_down_swap_with_the_neighbour(org):
    agenda = make_agenda(org)
    first, second, third = three_blocks(org, agenda)
    services.block_move(actor=helper(org), agenda=agenda, block_id=third.pk, direction="up")
    assert order_of(agenda) == [first.pk, third.pk, second.pk]
    services.block_move(actor=helper(org), agenda=agenda, block_id=first.pk, direction="down")
    assert order_of(agenda) == [third.pk, first.pk, second.pk]
    assert positions(agenda) == [0, 1, 2]


def test_moves_past_the_ends_are_refused_and_change_nothing(org):
    agenda = make_agenda(org)
    first, second, third = three_blocks(org, agenda)
    version = fresh(agenda).version
    with translation.override("en"), pytest.raises(ToolkitError, match="first"):
        services.block_move(actor=helper(org), agenda=agenda, block_id=first.pk, direction="up")
    with translation.override("en"), pytest.raises(ToolkitError, match="last"):
        services.block_move(actor=helper(org), agenda=agenda, block_id=third.pk, direction="down")
    assert order_of(agenda) == [first.pk, second.pk, third.pk]
    assert fresh(agenda).version == version


def test_reorder_takes_the_whole_new_order(org):
    agenda = make_agenda(org)
    first, second, third = three_blocks(org, agenda)
    services.blocks_reorder(
        actor=helper(org), agenda=agenda, block_ids=[third.pk, first.pk, second.pk]
    )
    assert order_of(agenda) == [third.pk, first.pk, second.pk]
    assert positions(agenda) == [0, 1, 2]


@pytest.mark.parametrize("wrong", ["missing", "duplicate", "foreign", "unknown", "empty"])
def test_reorder_with_a_wrong_list_is_refused_and_changes_nothing(org, wrong):
    agenda = make_agenda(org)
    first, second, third = three_blocks(org, agenda)
    other = make_agenda(org, title="Toinen")
    foreign = add(org, other, BlockKind.BREAK)
    ids = {
        "missing": [third.pk, first.pk],
        "duplicate": [third.pk, first.pk, first.pk],
        "foreign": [third.pk, first.pk, second.pk, foreign.pk],
        "unknown": [third.pk, first.pk, 999_999],
        "empty": [],
    }[wrong]
    version = fresh(agenda).version
    with pytest.raises(ToolkitError):
        services.blocks_reorder(actor=helper(org), agenda=agenda, block_ids=ids)
    assert order_of(agenda) == [first.pk, second.pk, third.pk]
    assert fresh(agenda).version == version
    assert order_of(other) == [foreign.pk]


def test_delete_closes_the_gap(org):
    agenda = make_agenda(org)
    first, second, third = three_blocks(org, agenda)
    services.block_delete(actor=helper(org), agenda=agenda, block_id=second.pk)
    assert order_of(agenda) == [first.pk, third.pk] and positions(agenda) == [0, 1]


# --- versions --------------------------------------------------------------------------------


def test_every_write_moves_the_version_on(org):
    agenda = make_agenda(org)
    assert fresh(agenda).version == 1
    block = add(org, agenda, BlockKind.BREAK)
    other = add(org, agenda, BlockKind.LUNCH)
    assert fresh(agenda).version == 3
    services.block_edit(actor=helper(org), agenda=agenda, block_id=block.pk, data={"minutes": 5})
    services.block_move(actor=helper(org), agenda=agenda, block_id=other.pk, direction="up")
    services.blocks_reorder(actor=helper(org), agenda=agenda, block_ids=[block.pk, other.pk])
    services.agenda_edit(actor=helper(org), agenda=agenda, data={"title": "Uusi"}, seen_version=6)
    services.block_delete(actor=helper(org), agenda=agenda, block_id=block.pk)
    assert fresh(agenda).version == 8


def test_stale_edit_is_refused_with_the_saved_agenda(org):
    agenda = make_agenda(org, title="Alkuperäinen")
    services.agenda_edit(
        actor=helper(org), agenda=agenda, data={"title": "Ensimmäinen"}, seen_version=1
    )
    with pytest.raises(services.AgendaConflict) as conflict:
        services.agenda_edit(
            actor=helper(org), agenda=agenda, data={"title": "Toinen"}, seen_version=1
        )
    assert conflict.value.current.title == "Ensimmäinen"
    assert fresh(agenda).title == "Ensimmäinen" and fresh(agenda).version == 2


def test_stale_block_write_is_refused_and_adds_nothing(org):
    agenda = make_agenda(org)
    add(org, agenda, BlockKind.BREAK)  # version 1 → 2
    with pytest.raises(services.AgendaConflict):
        services.block_add(
            actor=helper(org),
            agenda=agenda,
            block=services.BlockInput(kind=BlockKind.LUNCH),
            seen_version=1,
        )
    assert agenda.blocks.count() == 1 and fresh(agenda).version == 2


def test_agenda_edit_validates_and_changes_nothing_on_bad_input(org):
    agenda = make_agenda(org)
    with pytest.raises(ToolkitError) as error:
        services.agenda_edit(
            actor=helper(org), agenda=agenda, data={"available_minutes": 2}, seen_version=1
        )
    assert error.value.field == "available_minutes"
    assert fresh(agenda).available_minutes == 60 and fresh(agenda).version == 1


def test_new_share_link_replaces_the_old_one(org):
    agenda = make_agenda(org)
    old = agenda.share_token
    services.agenda_edit(
        actor=helper(org), agenda=agenda, data={}, seen_version=1, new_share_link=True
    )
    assert fresh(agenda).share_token != old


# --- permissions -----------------------------------------------------------------------------


def test_employees_cannot_create_agendas(org):
    with pytest.raises(NotAllowed):
        make_agenda(org, actor=org.people["employee"].user)
    assert not Agenda.objects.exists()


def test_coordinators_see_but_do_not_change_others_agendas(org):
    agenda = make_agenda(org)
    coordinator = org.people["coordinator"].user
    assert selectors.agenda_for(coordinator, agenda.pk) == agenda
    with pytest.raises(NotAllowed):
        services.block_add(
            actor=coordinator, agenda=agenda, block=services.BlockInput(kind=BlockKind.BREAK)
        )
    with pytest.raises(NotAllowed):
        services.agenda_delete(actor=coordinator, agenda=agenda)
    assert Agenda.objects.filter(pk=agenda.pk).exists() and not agenda.blocks.exists()


def test_another_support_person_cannot_see_or_change_it(org):
    from django.http import Http404

    agenda = make_agenda(org)
    other = make_support_person(PersonFactory(unit=org.unit)).person.user
    with pytest.raises(Http404):
        selectors.agenda_for(other, agenda.pk)
    with pytest.raises(NotAllowed):
        services.agenda_edit(actor=other, agenda=agenda, data={"title": "X"}, seen_version=1)
    assert agenda not in selectors.visible_agendas(other)
    assert agenda in selectors.visible_agendas(org.people["coordinator"].user)


def test_agenda_for_an_order_is_prefilled_and_only_for_its_planners(org):
    order = order_in_state(org, "planned")
    agenda = services.agenda_create(
        actor=helper(org),
        data={"start_time": dt.time(10, 0), "available_minutes": 90},
        order=order,
    )
    assert agenda.order == order and agenda.participants == order.participants
    assert order.service.name in agenda.title and order.team.name in agenda.title
    other = make_support_person(PersonFactory(unit=org.unit)).person.user
    with pytest.raises(NotAllowed):
        services.agenda_create(
            actor=other, data={"start_time": dt.time(10), "available_minutes": 90}, order=order
        )
    by_coordinator = services.agenda_create(
        actor=org.people["coordinator"].user,
        data={"title": "Oma otsikko", "start_time": dt.time(10), "available_minutes": 90},
        order=order,
    )
    assert by_coordinator.title == "Oma otsikko"


def test_initial_values_for_an_order_come_from_its_session(org):
    order = order_in_state(org, "planned")  # one 90-minute session at 10:00
    initial = selectors.agenda_initial_for_order(order)
    assert initial["available_minutes"] == 90
    assert initial["start_time"] == dt.time(10, 0)
    assert initial["date"] == order.earliest
    assert initial["participants"] == order.participants


def test_cancelled_orders_get_no_agendas(org):
    order = order_in_state(org, "cancelled")
    with pytest.raises(NotAllowed):
        services.agenda_create(
            actor=org.people["coordinator"].user,
            data={"start_time": dt.time(10), "available_minutes": 90},
            order=order,
        )


# --- copies and templates --------------------------------------------------------------------


def test_duplicate_copies_the_blocks_for_the_actor(org):
    agenda = make_agenda(org, notes="Oma muistiinpano", date=dt.date(2030, 5, 2))
    first, second, third = three_blocks(org, agenda)
    coordinator = org.people["coordinator"]
    copy = services.agenda_duplicate(actor=coordinator.user, agenda=agenda)
    assert copy.pk != agenda.pk and copy.owner == coordinator and not copy.is_template
    assert copy.title == "Retro (copy)" or "Retro" in copy.title
    assert copy.notes == "Oma muistiinpano" and copy.date == dt.date(2030, 5, 2)
    copied = list(copy.blocks.order_by("position"))
    assert [(b.kind, b.method_id, b.title, b.minutes, b.position) for b in copied] == [
        (b.kind, b.method_id, b.title, b.minutes, b.position) for b in (first, second, third)
    ]
    assert copy.share_token != agenda.share_token
    assert order_of(agenda) == [first.pk, second.pk, third.pk]  # the original is untouched


def test_duplicate_keeps_the_order_only_for_its_planners(org):
    order = order_in_state(org, "planned")
    agenda = services.agenda_create(
        actor=helper(org), data={"start_time": dt.time(9), "available_minutes": 60}, order=order
    )
    assert services.agenda_duplicate(actor=helper(org), agenda=agenda).order == order


def test_template_keeps_the_plan_but_not_the_occasion(org):
    order = order_in_state(org, "planned")
    agenda = services.agenda_create(
        actor=helper(org),
        data={
            "start_time": dt.time(9),
            "available_minutes": 60,
            "notes": "Tiimissä on jännitteitä",
            "date": dt.date(2030, 1, 1),
        },
        order=order,
    )
    three_blocks(org, agenda)
    template = services.agenda_save_template(actor=helper(org), agenda=agenda)
    assert template.is_template and template.order is None and template.date is None
    assert template.notes == "" and template.blocks.count() == 3
    assert template in selectors.usable_templates(helper(org))
    assert template not in selectors.visible_agendas(helper(org))
    started = services.agenda_create(
        actor=helper(org),
        data={"title": "Uusi", "start_time": dt.time(12), "available_minutes": 60},
        template=template,
    )
    assert not started.is_template
    assert [b.minutes for b in started.blocks.order_by("position")] == [10, 15, 20]


def test_templates_are_shared_with_every_planner_but_not_employees(org):
    template = services.agenda_save_template(actor=helper(org), agenda=make_agenda(org))
    other = make_support_person(PersonFactory(unit=org.unit)).person.user
    assert template in selectors.usable_templates(other)
    assert template not in selectors.usable_templates(org.people["employee"].user)


def test_only_templates_can_be_started_from(org):
    agenda = make_agenda(org)
    with pytest.raises(ToolkitError):
        services.agenda_create(
            actor=helper(org),
            data={"title": "X", "start_time": dt.time(9), "available_minutes": 60},
            template=agenda,
        )


def test_deleting_an_agenda_deletes_its_blocks(org):
    agenda = make_agenda(org)
    three_blocks(org, agenda)
    services.agenda_delete(actor=helper(org), agenda=agenda, seen_version=4)
    assert not Agenda.objects.exists() and not AgendaBlock.objects.exists()


# --- the builder's method search -------------------------------------------------------------


def test_method_search_finds_published_methods_only(org):
    published = MethodFactory(title="Arvokeskustelu", summary="Mitä arvomme tarkoittavat")
    draft = MethodFactory(title="Arvokartta", status=MethodStatus.DRAFT)
    for method in (published, draft):
        title, body = method.searchable_text()
        search_index.save(SEARCH_KIND, method.pk, title=title, body=body, language="fi")
    assert selectors.method_search("arvokeskustelu") == [published]
    assert draft not in selectors.method_search("arvokartta")
    assert selectors.method_search("") == [published]  # the most used published ones


# --- how did the methods go ------------------------------------------------------------------


def test_order_questions_list_each_method_once_with_the_answer(org):
    order = order_in_state(org, "delivered")
    energiser, retro = MethodFactory(), MethodFactory()
    first = services.agenda_create(
        actor=helper(org), data={"start_time": dt.time(9), "available_minutes": 60}, order=order
    )
    second = services.agenda_create(
        actor=helper(org), data={"start_time": dt.time(9), "available_minutes": 60}, order=order
    )
    add(org, first, method=energiser)
    add(org, first, BlockKind.BREAK)
    add(org, first, method=retro)
    add(org, second, method=energiser)
    questions = selectors.order_method_questions(order)
    assert [q.method for q in questions] == [energiser, retro]
    assert all(q.answer is None for q in questions)
    method_use_record(
        actor=helper(org), method=retro, use=UseInput(rating=4, note="Toimi", order_id=order.pk)
    )
    answers = {q.method: q.answer for q in selectors.order_method_questions(order)}
    assert answers[energiser] is None and answers[retro].rating == 4
    assert MethodUse.objects.filter(order=order).count() == 1


def test_delivering_an_order_with_methods_asks_the_support_person(org):
    from kipina.core.models import Notification
    from kipina.orders import services as order_services

    planned = order_in_state(org, "planned")
    agenda = services.agenda_create(
        actor=helper(org), data={"start_time": dt.time(9), "available_minutes": 60}, order=planned
    )
    add(org, agenda, method=MethodFactory())
    without_methods = order_in_state(org, "planned")
    for order in (planned, without_methods):
        order_services.order_deliver(actor=helper(org), order=order)
    asked = Notification.objects.filter(kind="toolkit_methods_feedback")
    assert [(n.recipient, n.params, n.url) for n in asked] == [
        (helper(org), {"order": planned.pk}, f"/toolkit/orders/{planned.pk}/methods/")
    ]
    with translation.override("en"):
        assert str(asked.get()) == (
            f"Order #{planned.pk} was delivered. How did the methods of its agenda go?"
        )
