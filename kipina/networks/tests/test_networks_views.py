"""Network pages: the list, the network page with coverage, create and edit (with a 409
conflict), and the membership actions through the browser's forms (no JavaScript)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kipina.networks.enums import JoinRequestState, MeetingState, MemberRole, PracticeStatus
from kipina.networks.models import JoinRequest, Meeting, Membership, Network, Practice
from kipina.networks.tests.factories_networks import (
    JoinRequestFactory,
    NetworkFactory,
    SelfOrganisingNetworkFactory,
    convener,
    member,
)
from kipina.org.tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def _text(response) -> str:
    return response.content.decode()


# --- list -----------------------------------------------------------------------------------


def test_list_shows_active_networks_with_counts_and_my_standing(org, login_as, english):
    client = login_as("support_person")
    mine = NetworkFactory(name="Aalto")
    member(mine, org.people["support_person"])
    member(mine, PersonFactory(unit=org.other_unit))
    waiting = NetworkFactory(name="Bravo")
    JoinRequestFactory(network=waiting, person=org.people["support_person"])
    NetworkFactory(name="Piilotettu", active=False)

    response = client.get(reverse("networks:networks"))

    text = _text(response)
    assert response.status_code == 200
    assert "Aalto" in text and "Bravo" in text
    assert "Piilotettu" not in text
    assert "Request waiting" in text
    assert "New network" not in text
    row = next(network for network in response.context["page"] if network.name == "Aalto")
    assert (row.member_count, row.units_reached, row.my_role) == (2, 2, MemberRole.MEMBER)


def test_coordinators_see_inactive_networks_and_the_new_link(org, login_as, english):
    NetworkFactory(name="Piilotettu", active=False)
    text = _text(login_as("coordinator").get(reverse("networks:networks")))
    assert "Piilotettu" in text
    assert reverse("networks:network_new") in text


def test_inactive_network_page_is_404_for_outsiders_but_not_members(org, login_as):
    network = NetworkFactory(active=False)
    client = login_as("support_person")
    assert client.get(network.get_absolute_url()).status_code == 404
    member(network, org.people["support_person"])
    assert client.get(network.get_absolute_url()).status_code == 200


# --- the network page -----------------------------------------------------------------------


def test_network_page_shows_coverage_meetings_and_practices(org, login_as, english):
    network = NetworkFactory(name="Oppijat")
    # Members in three units under two divisions (DIV and PAY, children of ROOT).
    ward_b = UnitFactory(name="Osasto B", parent=org.division)
    member(network, org.people["support_person"])  # WARD, under DIV
    member(network, PersonFactory(unit=ward_b))  # under DIV
    member(network, PersonFactory(unit=org.other_unit))  # PAY
    member(network, PersonFactory(unit=org.other_unit))
    gone = member(network, PersonFactory(unit=UnitFactory(parent=org.root)))
    Membership.objects.filter(pk=gone.pk).update(left_at=timezone.now())
    soon = Meeting.objects.create(
        network=network,
        title="Kevään tapaaminen",
        starts_at=timezone.now() + dt.timedelta(days=3),
        duration_minutes=60,
        place="Sali 1",
        created_by=org.people["coordinator"],
    )
    Meeting.objects.create(
        network=network,
        title="Peruttu tapaaminen",
        starts_at=timezone.now() + dt.timedelta(days=4),
        duration_minutes=60,
        place="Sali 1",
        state=MeetingState.CANCELLED,
        created_by=org.people["coordinator"],
    )
    practice = Practice.objects.create(
        network=network,
        title="Aamupalaveri",
        situation="s",
        what_we_did="w",
        what_we_learned="l",
        status=PracticeStatus.PUBLISHED,
        author=org.people["support_person"],
        published_at=timezone.now(),
    )
    Practice.objects.create(
        network=network,
        title="Luonnos",
        situation="s",
        what_we_did="w",
        what_we_learned="l",
        author=org.people["support_person"],
    )

    response = login_as("employee").get(network.get_absolute_url())

    text = _text(response)
    coverage = response.context["page"].coverage
    assert (coverage.members, coverage.units, coverage.divisions) == (4, 3, 2)
    assert "3 different units in 2 of the organisation" in text
    assert reverse("networks:meeting", args=[network.key, soon.pk]) in text
    assert "Peruttu" not in text
    assert reverse("networks:meetings", args=[network.key]) in text
    assert reverse("networks:practice", args=[practice.pk]) in text
    assert "Luonnos" not in text
    assert reverse("networks:practices") + f"?network={network.key}" in text
    assert "A coordinated network" in text
    assert text.count("<h1") == 1


def test_network_page_explains_self_organising_and_names_conveners(org, login_as, english):
    network = SelfOrganisingNetworkFactory()
    host = PersonFactory(first_name="Kerttu", last_name="Koollekutsuja")
    convener(network, host)
    text = _text(login_as("employee").get(network.get_absolute_url()))
    assert "A self-organising network" in text
    assert "Kerttu Koollekutsuja" in text


def test_join_form_for_eligible_and_explanation_for_others(org, login_as, english):
    network = NetworkFactory()
    join = reverse("networks:network_join", args=[network.key])
    assert join in _text(login_as("support_person").get(network.get_absolute_url()))
    client = login_as("employee")
    text = _text(client.get(network.get_absolute_url()))
    assert join not in text
    assert "This network is for support persons" in text


# --- membership actions through forms -------------------------------------------------------


def test_ask_withdraw_and_ask_again(org, login_as, english):
    network = NetworkFactory()
    client = login_as("support_person")
    join = reverse("networks:network_join", args=[network.key])

    response = client.post(join, {"message": "Mukaan!"}, follow=True)
    assert "Your request is sent" in _text(response)
    assert "Withdraw my request" in _text(response)
    again = client.post(join, {"message": "Uudestaan"}, follow=True)
    assert "already asked" in _text(again)
    assert JoinRequest.objects.filter(network=network).count() == 1

    client.post(reverse("networks:network_withdraw", args=[network.key]))
    assert JoinRequest.objects.get(network=network).state == JoinRequestState.WITHDRAWN
    client.post(join, {})
    assert JoinRequest.objects.filter(network=network, state="pending").count() == 1


def test_too_long_message_comes_back_beside_the_field(org, login_as):
    network = NetworkFactory()
    response = login_as("support_person").post(
        reverse("networks:network_join", args=[network.key]), {"message": "x" * 2001}
    )
    assert response.status_code == 400
    assert response.context["join_form"].errors["message"]
    assert not JoinRequest.objects.exists()


def test_not_eligible_post_is_forbidden(org, login_as):
    network = NetworkFactory()
    response = login_as("employee").post(reverse("networks:network_join", args=[network.key]))
    assert response.status_code == 403


def test_coordinator_decides_on_the_requests_page(org, login_as, english):
    network = NetworkFactory(coordinator=org.people["coordinator"])
    first = JoinRequestFactory(network=network, person=org.people["support_person"])
    second = JoinRequestFactory(network=network)
    client = login_as("coordinator")
    page = client.get(reverse("networks:network_requests", args=[network.key]))
    assert first.person.full_name in _text(page)

    decide = "networks:network_request_decide"
    done = client.post(
        reverse(decide, args=[network.key, first.pk]), {"decision": "approve"}, follow=True
    )
    assert "is now a member" in _text(done)
    client.post(
        reverse(decide, args=[network.key, second.pk]),
        {"decision": "decline", "reason": "Ei tilaa"},
    )
    assert JoinRequest.objects.get(pk=second.pk).reason == "Ei tilaa"
    late = client.post(
        reverse(decide, args=[network.key, first.pk]), {"decision": "decline"}, follow=True
    )
    assert "Someone else decided this request first" in _text(late)
    assert Membership.objects.current().filter(network=network).count() == 1


def test_convener_of_coordinated_network_cannot_open_requests(org, login_as):
    network = NetworkFactory()
    convener(network, org.people["support_person"])
    client = login_as("support_person")
    assert client.get(reverse("networks:network_requests", args=[network.key])).status_code == 403


def test_leave_page_asks_the_last_convener_for_a_successor(org, login_as, english):
    network = SelfOrganisingNetworkFactory()
    convener(network, org.people["support_person"])
    other = member(network, PersonFactory(first_name="Seuraava"))
    client = login_as("support_person")
    url = reverse("networks:network_leave", args=[network.key])

    page = client.get(url)
    assert page.context["needs_successor"]
    assert 'name="successor"' in _text(page)

    refused = client.post(url, {})
    assert refused.status_code == 400
    assert "last convener" in _text(refused)

    client.post(url, {"successor": other.person.pk})
    assert Membership.objects.get(pk=other.pk).role == MemberRole.CONVENER
    assert not Membership.objects.current().filter(person=org.people["support_person"]).exists()


def test_digest_toggle(org, login_as):
    network = NetworkFactory()
    mine = member(network, org.people["support_person"])
    client = login_as("support_person")
    client.post(reverse("networks:network_digest", args=[network.key]), {"wants_digest": "0"})
    assert Membership.objects.get(pk=mine.pk).wants_digest is False
    client.post(reverse("networks:network_digest", args=[network.key]), {"wants_digest": "1"})
    assert Membership.objects.get(pk=mine.pk).wants_digest is True


def test_runner_adds_by_employee_number_and_by_choosing_among_names(org, login_as, english):
    network = NetworkFactory(open_to_all=True, coordinator=org.people["coordinator"])
    client = login_as("coordinator")
    add = reverse("networks:network_member_add", args=[network.key])
    employee = org.people["employee"]
    client.post(add, {"person_query": employee.employee_number})
    assert Membership.objects.current().filter(network=network, person=employee).exists()

    twins = [PersonFactory(first_name="Samanniminen"), PersonFactory(first_name="Samanniminen")]
    several = client.post(add, {"person_query": "Samanniminen"})
    assert several.status_code == 400
    assert "Several people match" in _text(several)
    client.post(add, {"person_query": "Samanniminen", "person": twins[1].pk})
    assert Membership.objects.current().filter(network=network, person=twins[1]).exists()
    assert not Membership.objects.filter(person=twins[0]).exists()

    nobody = client.post(add, {"person_query": "Eiketäänolemassa"})
    assert "Nobody in the organisation matches" in _text(nobody)


def test_runner_names_a_convener_and_removes_a_member(org, login_as, english):
    network = SelfOrganisingNetworkFactory()
    host = convener(network, org.people["support_person"])
    other = member(network, PersonFactory())
    client = login_as("support_person")
    role = "networks:network_member_role"
    refused = client.post(
        reverse(role, args=[network.key, host.pk]), {"role": "member"}, follow=True
    )
    assert "last convener" in _text(refused)
    client.post(reverse(role, args=[network.key, other.pk]), {"role": "convener"})
    assert Membership.objects.get(pk=other.pk).role == MemberRole.CONVENER
    client.post(reverse("networks:network_member_remove", args=[network.key, other.pk]))
    assert Membership.objects.get(pk=other.pk).left_at is not None


# --- create and edit ------------------------------------------------------------------------


def _form(**overrides):
    data = {
        "key": "muutosagentit",
        "name": "Muutosagentit",
        "purpose": "Muutos yhdessä.",
        "kind": "coordinated",
        "coordinator_query": "",
        "open_to_all": "",
        "meetings_count_as_support_time": "on",
        "active": "on",
    }
    data.update(overrides)
    return data


def test_create_a_coordinated_network(org, login_as):
    client = login_as("coordinator")
    coordinator = org.people["coordinator"]
    response = client.post(
        reverse("networks:network_new"),
        _form(coordinator_query=coordinator.employee_number),
    )
    network = Network.objects.get(key="muutosagentit")
    assert response.status_code == 302
    assert response["Location"] == network.get_absolute_url()
    assert network.coordinator == coordinator


@pytest.mark.parametrize("key", ["new", "practices"])
def test_create_refuses_reserved_keys_beside_the_key(org, login_as, english, key):
    coordinator = org.people["coordinator"]
    response = login_as("coordinator").post(
        reverse("networks:network_new"),
        _form(key=key, coordinator_query=coordinator.employee_number),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["key"]


def test_create_coordinated_without_coordinator_says_so(org, login_as, english):
    response = login_as("coordinator").post(reverse("networks:network_new"), _form())
    assert response.status_code == 400
    assert "needs its coordinator" in str(response.context["form"].errors["coordinator_query"])


def test_stale_edit_is_a_409_with_their_version_and_my_input(org, login_as, english):
    network = NetworkFactory(name="Alkuperäinen", coordinator=org.people["coordinator"])
    client = login_as("coordinator")
    url = reverse("networks:network_edit", args=[network.key])
    base = _form(coordinator_query=org.people["coordinator"].employee_number, version="1")
    base.pop("key")
    first = client.post(url, {**base, "name": "Heidän nimensä"})
    assert first.status_code == 302

    stale = client.post(url, {**base, "name": "Minun nimeni"})

    assert stale.status_code == 409
    text = _text(stale)
    assert "Heidän nimensä" in text
    assert 'value="Minun nimeni"' in text
    assert 'name="version" value="2"' in text
    assert Network.objects.get(pk=network.pk).name == "Heidän nimensä"


def test_convener_edits_a_self_organising_network_without_kind_fields(org, login_as):
    network = SelfOrganisingNetworkFactory(name="Hakkerit")
    convener(network, org.people["support_person"])
    client = login_as("support_person")
    url = reverse("networks:network_edit", args=[network.key])
    page = client.get(url)
    assert "kind" not in page.context["form"].fields
    response = client.post(
        url,
        {
            "name": "Työkulttuurihakkerit",
            "purpose": "Uusi tarkoitus",
            "active": "on",
            "version": "1",
        },
    )
    assert response.status_code == 302
    stored = Network.objects.get(pk=network.pk)
    assert (stored.name, stored.kind, stored.version) == (
        "Työkulttuurihakkerit",
        "self_organising",
        2,
    )
