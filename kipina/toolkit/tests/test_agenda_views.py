"""The agenda builder's pages: plain forms that work without JavaScript, the reorder endpoint
the drag and drop uses, print and share views, and the delivered order's method questions."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from kipina.orders.tests.factories import order_in_state
from kipina.org.tests.factories import PersonFactory, make_support_person
from kipina.toolkit import agenda_services as services
from kipina.toolkit.enums import BlockKind
from kipina.toolkit.models import Agenda, AgendaBlock, Method, MethodUse
from kipina.toolkit.tests.factories import MethodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def en(client):
    client.cookies["django_language"] = "en"
    return client


def helper(org):
    return org.people["support_person"].user


def make_agenda(org, **data) -> Agenda:
    values = {"title": "Tiimin retro", "start_time": dt.time(9, 0), "available_minutes": 60}
    values.update(data)
    return services.agenda_create(actor=helper(org), data=values)


def add(org, agenda, kind=BlockKind.METHOD, **fields) -> AgendaBlock:
    return services.block_add(
        actor=helper(org), agenda=agenda, block=services.BlockInput(kind=kind, **fields)
    )


def builder(agenda) -> str:
    return reverse("toolkit:agenda", args=[agenda.pk])


def order_of(agenda) -> list[int]:
    return list(agenda.blocks.order_by("position").values_list("pk", flat=True))


def version(agenda) -> int:
    return Agenda.objects.get(pk=agenda.pk).version


@pytest.fixture
def planned(org):
    agenda = make_agenda(org, notes="Salainen huomio tiimistä")
    method = MethodFactory(title="Kuulumiskierros", duration_min=10, duration_max=20)
    blocks = [
        add(org, agenda, method=method),
        add(org, agenda, BlockKind.BREAK),
        add(org, agenda, BlockKind.OWN, title="Yhteenveto", minutes=20, note="Muista fläppi"),
    ]
    return agenda, blocks


# --- the builder -----------------------------------------------------------------------------


def test_builder_shows_start_times_ranges_and_controls(org, login_as, en, planned):
    agenda, blocks = planned
    response = login_as("support_person").get(builder(agenda))
    assert response.status_code == 200
    html = response.content.decode()
    for clock in ("09:00", "09:10", "09:25", "09:45"):
        assert clock in html
    assert "Within the method's range (10–20 min)" in html
    assert "Move up" in html and "Move down" in html
    assert 'role="alert"' not in html
    assert "toolkit/agenda.js" in html
    assert 'id="agenda-reorder"' in html


def test_builder_warns_when_over_the_available_time(org, login_as, en, planned):
    agenda, blocks = planned
    services.block_edit(
        actor=helper(org), agenda=agenda, block_id=blocks[0].pk, data={"minutes": 40}
    )
    html = login_as("support_person").get(builder(agenda)).content.decode()
    assert 'role="alert"' in html
    assert "Over the available time" in html and "15 min too long" in html
    assert "Outside the method's range (10–20 min)" in html


def test_first_block_has_no_move_up_and_last_no_move_down(org, login_as, en, planned):
    agenda, blocks = planned
    html = login_as("support_person").get(builder(agenda)).content.decode()
    rows = re.findall(r'<tr id="block-(\d+)".*?</tr>', html, re.S)
    assert rows == [str(block.pk) for block in blocks]
    first = re.search(rf'<tr id="block-{blocks[0].pk}".*?</tr>', html, re.S).group(0)
    last = re.search(rf'<tr id="block-{blocks[2].pk}".*?</tr>', html, re.S).group(0)
    assert "Move up" not in first and "Move down" in first
    assert "Move down" not in last and "Move up" in last


def test_another_persons_agenda_is_404_and_coordinator_reads_it(org, login_as, planned, en):
    agenda, _ = planned
    other = make_support_person(PersonFactory(unit=org.unit)).person
    from django.test import Client

    outsider = Client()
    outsider.force_login(other.user)
    assert outsider.get(builder(agenda)).status_code == 404
    assert login_as("employee").get(builder(agenda)).status_code == 404
    coordinator = Client()
    coordinator.cookies["django_language"] = "en"
    coordinator.force_login(org.people["coordinator"].user)
    response = coordinator.get(builder(agenda))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Move up" not in html and "Add a block" not in html
    assert "Duplicate" in html
    posted = coordinator.post(reverse("toolkit:block_add", args=[agenda.pk]), {"kind": "break"})
    assert posted.status_code == 403
    assert agenda.blocks.count() == 3


def test_new_agenda_without_javascript(org, login_as, en):
    client = login_as("support_person")
    page = client.get(reverse("toolkit:agenda_new"))
    assert page.status_code == 200
    response = client.post(
        reverse("toolkit:agenda_new"),
        {"title": "Arvokeskustelu", "start_time": "13:00", "available_minutes": "120"},
    )
    agenda = Agenda.objects.get()
    assert response.status_code == 302 and response["Location"].startswith(builder(agenda))
    assert agenda.owner == org.people["support_person"] and agenda.start_time == dt.time(13)


def test_new_agenda_shows_errors_beside_the_fields(org, login_as, en):
    response = login_as("support_person").post(
        reverse("toolkit:agenda_new"),
        {"title": "", "start_time": "13:00", "available_minutes": "2"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="agenda_title_error"' in html and 'id="agenda_available_minutes_error"' in html
    assert not Agenda.objects.exists()


def test_new_agenda_for_an_order_is_prefilled(org, login_as, en):
    order = order_in_state(org, "planned")
    client = login_as("support_person")
    url = reverse("toolkit:agenda_new") + f"?order={order.pk}"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    assert order.service.name in form.initial["title"]
    assert form.initial["participants"] == order.participants
    assert form.initial["available_minutes"] == 90
    response = client.post(
        url, {"title": "Retro", "start_time": "10:00", "available_minutes": "90"}
    )
    assert response.status_code == 302
    assert Agenda.objects.get().order == order


def test_new_agenda_from_a_template_copies_its_blocks(org, login_as, en, planned):
    agenda, _ = planned
    template = services.agenda_save_template(actor=helper(org), agenda=agenda)
    other = make_support_person(PersonFactory(unit=org.unit)).person
    from django.test import Client

    client = Client()
    client.force_login(other.user)
    url = reverse("toolkit:agenda_new") + f"?template={template.pk}"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"title": "Oma retro", "start_time": "12:00", "available_minutes": "60"}
    )
    assert response.status_code == 302
    new = Agenda.objects.get(owner=other)
    assert new.blocks.count() == 3 and not new.is_template


def test_add_blocks_without_javascript(org, login_as, en):
    agenda = make_agenda(org)
    method = MethodFactory(duration_min=12, duration_max=30)
    client = login_as("support_person")
    url = reverse("toolkit:block_add", args=[agenda.pk])
    response = client.post(
        url, {"kind": "method", "method": method.pk, "minutes": "", "version": version(agenda)}
    )
    assert response.status_code == 302 and "#block-" in response["Location"]
    response = client.post(
        url, {"kind": "own", "title": "Tauko­jumppa", "minutes": "5", "version": version(agenda)}
    )
    assert response.status_code == 302
    assert [b.minutes for b in agenda.blocks.order_by("position")] == [12, 5]


def test_free_block_errors_show_on_the_builder(org, login_as, en):
    agenda = make_agenda(org)
    response = login_as("support_person").post(
        reverse("toolkit:block_add", args=[agenda.pk]), {"kind": "own", "title": ""}
    )
    assert response.status_code == 400
    assert 'id="free_title_error"' in response.content.decode()
    assert not agenda.blocks.exists()


def test_method_search_in_the_builder_with_and_without_htmx(org, login_as, en):
    from kipina.core.search import index as search_index
    from kipina.toolkit.enums import SEARCH_KIND

    agenda = make_agenda(org)
    method = MethodFactory(title="Viisi miksi", summary="Juurisyyn etsintä")
    title, body = method.searchable_text()
    search_index.save(SEARCH_KIND, method.pk, title=title, body=body, language="fi")
    client = login_as("support_person")
    page = client.get(builder(agenda) + "?q=viisi")
    assert "Viisi miksi" in page.content.decode()
    partial = client.get(builder(agenda) + "?q=viisi", headers={"HX-Request": "true"})
    html = partial.content.decode()
    assert "Viisi miksi" in html and "<h1>" not in html and 'id="method-results"' in html


def test_minutes_edit_from_the_timeline_keeps_the_note(org, login_as, en, planned):
    agenda, blocks = planned
    own = blocks[2]
    response = login_as("support_person").post(
        reverse("toolkit:block_edit", args=[agenda.pk, own.pk]),
        {"minutes": "25", "version": version(agenda)},
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.minutes == 25 and own.note == "Muista fläppi" and own.title == "Yhteenveto"


def test_block_edit_page(org, login_as, en, planned):
    agenda, blocks = planned
    client = login_as("support_person")
    url = reverse("toolkit:block_edit", args=[agenda.pk, blocks[0].pk])
    page = client.get(url)
    assert page.status_code == 200 and "title" not in page.context["form"].fields
    response = client.post(url, {"minutes": "0", "note": "x", "version": version(agenda)})
    assert response.status_code == 400
    response = client.post(url, {"minutes": "15", "note": "Alkuun", "version": version(agenda)})
    assert response.status_code == 302
    blocks[0].refresh_from_db()
    assert (blocks[0].minutes, blocks[0].note) == (15, "Alkuun")


def test_move_buttons_work_and_keep_the_focus(org, login_as, en, planned):
    agenda, (first, second, third) = planned
    client = login_as("support_person")
    response = client.post(
        reverse("toolkit:block_move", args=[agenda.pk, third.pk]),
        {"direction": "up", "version": version(agenda)},
    )
    assert response.status_code == 302
    assert order_of(agenda) == [first.pk, third.pk, second.pk]
    page = client.get(response["Location"])
    row = re.search(rf'<tr id="block-{third.pk}".*?</tr>', page.content.decode(), re.S).group(0)
    assert re.search(r'value="up"><button[^>]*autofocus', row)
    assert "moved up" in page.content.decode()


def test_move_past_the_top_is_refused_with_a_message(org, login_as, en, planned):
    agenda, (first, second, third) = planned
    client = login_as("support_person")
    response = client.post(
        reverse("toolkit:block_move", args=[agenda.pk, first.pk]),
        {"direction": "up", "version": version(agenda)},
        follow=True,
    )
    assert "already the first" in response.content.decode()
    assert order_of(agenda) == [first.pk, second.pk, third.pk]


def test_stale_page_move_is_refused(org, login_as, en, planned):
    agenda, (first, second, third) = planned
    stale = version(agenda)
    add(org, agenda, BlockKind.LUNCH)
    response = login_as("support_person").post(
        reverse("toolkit:block_move", args=[agenda.pk, third.pk]),
        {"direction": "up", "version": stale},
        follow=True,
    )
    assert "Someone changed this agenda" in response.content.decode()
    assert order_of(agenda)[:3] == [first.pk, second.pk, third.pk]


def test_reorder_endpoint_for_drag_and_drop(org, login_as, en, planned):
    agenda, (first, second, third) = planned
    client = login_as("support_person")
    url = reverse("toolkit:blocks_reorder", args=[agenda.pk])
    response = client.post(
        url,
        {"block": [third.pk, first.pk, second.pk], "version": version(agenda)},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200 and response.json()["ok"] is True
    assert order_of(agenda) == [third.pk, first.pk, second.pk]


def test_reorder_with_a_wrong_list_changes_nothing(org, login_as, en, planned):
    agenda, (first, second, third) = planned
    client = login_as("support_person")
    url = reverse("toolkit:blocks_reorder", args=[agenda.pk])
    before = version(agenda)
    for ids in ([third.pk, first.pk], [third.pk, first.pk, second.pk, 424242], ["x"]):
        response = client.post(
            url, {"block": ids, "version": before}, headers={"Accept": "application/json"}
        )
        assert response.status_code == 400 and response.json()["ok"] is False
    assert order_of(agenda) == [first.pk, second.pk, third.pk] and version(agenda) == before
    # Without the JSON header (a plain form post) it redirects back with the message.
    response = client.post(url, {"block": [first.pk]})
    assert response.status_code == 302


def test_stale_reorder_is_a_conflict(org, login_as, en, planned):
    agenda, (first, second, third) = planned
    response = login_as("support_person").post(
        reverse("toolkit:blocks_reorder", args=[agenda.pk]),
        {"block": [third.pk, first.pk, second.pk], "version": 1},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 409
    assert order_of(agenda) == [first.pk, second.pk, third.pk]


def test_stale_agenda_edit_keeps_what_was_typed(org, login_as, en, planned):
    agenda, _ = planned
    client = login_as("support_person")
    stale = version(agenda)
    services.agenda_edit(
        actor=helper(org),
        agenda=agenda,
        data={"title": "Toisen ikkunan otsikko"},
        seen_version=stale,
    )
    response = client.post(
        reverse("toolkit:agenda_edit", args=[agenda.pk]),
        {
            "title": "Minun otsikkoni",
            "start_time": "09:00",
            "available_minutes": "60",
            "version": stale,
        },
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Toisen ikkunan otsikko" in html and 'value="Minun otsikkoni"' in html
    assert f'name="version" value="{stale + 1}"' in html
    assert Agenda.objects.get(pk=agenda.pk).title == "Toisen ikkunan otsikko"


def test_agenda_edit_saves(org, login_as, en, planned):
    agenda, _ = planned
    client = login_as("support_person")
    assert client.get(reverse("toolkit:agenda_edit", args=[agenda.pk])).status_code == 302
    response = client.post(
        reverse("toolkit:agenda_edit", args=[agenda.pk]),
        {
            "title": "Uusi",
            "date": "2030-03-04",
            "start_time": "08:30",
            "available_minutes": "50",
            "participants": "12",
            "notes": "",
            "version": version(agenda),
        },
    )
    assert response.status_code == 302
    agenda.refresh_from_db()
    assert (agenda.title, agenda.start_time, agenda.available_minutes) == (
        "Uusi",
        dt.time(8, 30),
        50,
    )


def test_delete_block_and_agenda(org, login_as, en, planned):
    agenda, (first, second, third) = planned
    client = login_as("support_person")
    response = client.post(
        reverse("toolkit:block_delete", args=[agenda.pk, second.pk]), {"version": version(agenda)}
    )
    assert response.status_code == 302 and order_of(agenda) == [first.pk, third.pk]
    assert client.get(reverse("toolkit:agenda_delete", args=[agenda.pk])).status_code == 200
    response = client.post(
        reverse("toolkit:agenda_delete", args=[agenda.pk]), {"version": version(agenda)}
    )
    assert response.status_code == 302 and not Agenda.objects.exists()


def test_duplicate_and_template_buttons(org, login_as, en, planned):
    agenda, _ = planned
    client = login_as("support_person")
    response = client.post(reverse("toolkit:agenda_duplicate", args=[agenda.pk]))
    copy = Agenda.objects.exclude(pk=agenda.pk).get()
    assert response["Location"] == copy.get_absolute_url() and copy.blocks.count() == 3
    response = client.post(reverse("toolkit:agenda_template", args=[agenda.pk]))
    template = Agenda.objects.get(is_template=True)
    assert response["Location"] == template.get_absolute_url() and template.blocks.count() == 3
    listing = client.get(reverse("toolkit:agendas")).content.decode()
    assert f"?template={template.pk}" in listing


# --- print and share -------------------------------------------------------------------------


def test_print_view_is_clean_and_has_the_steps(org, login_as, en, planned):
    agenda, _ = planned
    response = login_as("support_person").get(reverse("toolkit:agenda_print", args=[agenda.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "main-nav" not in html and "site-header" not in html
    assert "<ol>" in html and "Kysy kuulumiset." in html  # the method's steps, rendered
    assert "Muista fläppi" in html and "09:25" in html


def test_share_link_is_read_only_and_hides_the_notes(org, client, en, planned):
    agenda, _ = planned
    response = client.get(reverse("toolkit:agenda_shared", args=[agenda.share_token]))
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    html = response.content.decode()
    assert "Kuulumiskierros" in html and "Yhteenveto" in html and "09:10" in html
    assert "Salainen huomio" not in html and "Muista fläppi" not in html
    assert "Move up" not in html and "block_add" not in html
    assert reverse("toolkit:block_add", args=[agenda.pk]) not in html
    assert agenda.owner.full_name not in html
    forms = re.findall(r"<form[^>]*>", html)
    assert all("setlang" in form for form in forms)  # only the language switcher


def test_unknown_share_token_is_404(client):
    assert client.get(reverse("toolkit:agenda_shared", args=["no-such-token"])).status_code == 404


def test_new_share_link_stops_the_old_one(org, login_as, en, planned):
    agenda, _ = planned
    old = agenda.share_token
    login_as("support_person").post(
        reverse("toolkit:agenda_edit", args=[agenda.pk]),
        {
            "title": agenda.title,
            "start_time": "09:00",
            "available_minutes": "60",
            "version": version(agenda),
            "new_share_link": "on",
        },
    )
    from django.test import Client

    assert Client().get(reverse("toolkit:agenda_shared", args=[old])).status_code == 404


# --- the order page and how the methods went -------------------------------------------------


def _delivered_with_agenda(org):
    order = order_in_state(org, "delivered")
    agenda = services.agenda_create(
        actor=helper(org), data={"start_time": dt.time(9), "available_minutes": 90}, order=order
    )
    first, second = MethodFactory(title="Energisoija"), MethodFactory(title="Retro")
    add(org, agenda, method=first)
    add(org, agenda, BlockKind.BREAK)
    add(org, agenda, method=second)
    add(org, agenda, method=first)
    return order, agenda, first, second


def test_order_page_links_to_agendas_for_the_support_person(org, login_as, en):
    order = order_in_state(org, "planned")
    html = login_as("support_person").get(order.get_absolute_url()).content.decode()
    assert f"{reverse('toolkit:agenda_new')}?order={order.pk}" in html
    assert "How did the methods go?" not in html
    from django.test import Client

    employee = Client()
    employee.force_login(org.people["employee"].user)
    assert "Plan a workshop agenda" not in employee.get(order.get_absolute_url()).content.decode()


def test_order_page_asks_about_the_methods_after_delivery(org, login_as, en):
    order, agenda, _, _ = _delivered_with_agenda(org)
    html = login_as("support_person").get(order.get_absolute_url()).content.decode()
    assert reverse("toolkit:order_methods", args=[order.pk]) in html
    assert agenda.get_absolute_url() in html


def test_method_feedback_records_one_use_per_method_and_order(org, login_as, en):
    order, _, first, second = _delivered_with_agenda(org)
    client = login_as("support_person")
    url = reverse("toolkit:order_methods", args=[order.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('name="rating"') == 10  # two methods, five choices each
    assert f'id="id_m{first.pk}_rating_0"' in html and f'id="id_m{second.pk}_rating_0"' in html
    response = client.post(url, {"method": first.pk, "rating": "4", "note": "Hyvä alku"})
    assert response.status_code == 302
    use = MethodUse.objects.get()
    assert (use.method, use.order, use.rating, use.note) == (first, order, 4, "Hyvä alku")
    assert Method.objects.get(pk=first.pk).use_count == 1
    again = client.get(url).content.decode()
    assert "Hyvä alku" in again and again.count('name="rating"') == 5
    response = client.post(url, {"method": first.pk, "rating": "2"})
    assert response.status_code == 400
    assert MethodUse.objects.count() == 1 and Method.objects.get(pk=first.pk).rating_total == 4


def test_method_feedback_needs_a_rating_and_a_method_of_the_order(org, login_as, en):
    order, _, first, _ = _delivered_with_agenda(org)
    client = login_as("support_person")
    url = reverse("toolkit:order_methods", args=[order.pk])
    response = client.post(url, {"method": first.pk, "rating": ""})
    assert response.status_code == 400
    assert "Choose a rating from 1 to 5." in response.content.decode()
    stranger = MethodFactory()
    assert client.post(url, {"method": stranger.pk, "rating": "5"}).status_code == 404
    assert not MethodUse.objects.exists()


def test_coordinator_reads_the_answers_but_does_not_answer(org, en):
    from django.test import Client

    order, _, first, _ = _delivered_with_agenda(org)
    client = Client()
    client.force_login(org.people["coordinator"].user)
    url = reverse("toolkit:order_methods", args=[order.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="rating"' not in page.content.decode()
    assert client.post(url, {"method": first.pk, "rating": "5"}).status_code == 403
    assert not MethodUse.objects.exists()


def test_method_feedback_waits_for_delivery(org, login_as):
    order = order_in_state(org, "planned")
    url = reverse("toolkit:order_methods", args=[order.pk])
    assert login_as("support_person").get(url).status_code == 403
