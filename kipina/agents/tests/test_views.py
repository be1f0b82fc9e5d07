import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from kipina.agents.enums import AllocationState
from kipina.agents.models import Absence, Allocation, SupportPerson
from kipina.agents.tests import factories
from kipina.org.tests import factories as org_factories

pytestmark = pytest.mark.django_db


def _client(org, key: str) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(org.people[key].user)
    return client


def _profile(org) -> SupportPerson:
    return org.people["support_person"].support_profile


def _ids(response) -> list[int]:
    return [sp.pk for sp in response.context["page"].object_list]


# --- directory --------------------------------------------------------------------------------


def test_directory_lists_active_support_persons_with_their_details(org):
    profile = _profile(org)
    profile.roles.add(factories.role("lean_expert"))
    profile.skills.add(factories.skill("lean_tools"))
    profile.paused_until = dt.date.today() + dt.timedelta(days=3)
    profile.save()
    retired = factories.support_person(unit=org.unit, last_name="Eläkkeellä")
    retired.active = False
    retired.save()

    response = _client(org, "employee").get(reverse("agents:directory"))
    assert response.status_code == 200
    assert _ids(response) == [profile.pk]
    body = response.content.decode()
    assert "Who supports learning here" in body
    assert "Sairaanhoitaja" in body  # the main job
    assert org.unit.name in body
    assert "Swedish" in body
    assert "paused until" in body
    assert 'href="/support/"' in body  # the menu entry


def test_directory_filters(org):
    profile = _profile(org)
    profile.roles.add(factories.role("lean_expert"))
    profile.skills.add(factories.skill("lean_tools"))
    elsewhere = factories.support_person(
        unit=org.other_unit, first_name="Saimi", last_name="Palkka", job_title="Palkkasihteeri"
    )
    elsewhere.person.languages.add(org_factories.make_language("en"))
    client = _client(org, "employee")
    url = reverse("agents:directory")

    assert _ids(client.get(url, {"unit": org.division.code})) == [profile.pk]
    assert set(_ids(client.get(url, {"unit": org.root.code}))) == {elsewhere.pk, profile.pk}
    assert _ids(client.get(url, {"role": "lean_expert"})) == [profile.pk]
    assert _ids(client.get(url, {"skill": "lean_tools"})) == [profile.pk]
    assert _ids(client.get(url, {"language": "en"})) == [elsewhere.pk]
    assert _ids(client.get(url, {"q": "palkka"})) == [elsewhere.pk]
    assert _ids(client.get(url, {"q": "sairaan"})) == [profile.pk]
    assert _ids(client.get(url, {"role": "lean_expert", "language": "en"})) == []


def test_directory_answers_bad_filters_with_a_message(org):
    response = _client(org, "employee").get(
        reverse("agents:directory"), {"role": "nope", "page": "x"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["role"]


def test_directory_htmx_returns_only_the_results(org):
    response = _client(org, "employee").get(
        reverse("agents:directory"), {"q": "a"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="results"')
    assert "<form" not in body


# --- profile ----------------------------------------------------------------------------------


def test_profile_is_for_everyone_signed_in_and_links_by_role(org):
    profile = _profile(org)
    Absence.objects.create(
        support_person=profile,
        start=dt.date.today() + dt.timedelta(days=10),
        end=dt.date.today() + dt.timedelta(days=12),
        note="Koulutus",
    )
    Absence.objects.create(
        support_person=profile, start=dt.date(2020, 1, 1), end=dt.date(2020, 1, 2)
    )
    url = reverse("agents:profile", args=[profile.pk])
    allocations_url = reverse("agents:allocations", args=[profile.pk])
    budget_url = reverse("orders:budget", args=[profile.pk])
    edit_url = reverse("agents:profile_edit", args=[profile.pk])
    for key, sees_shares, can_edit in [
        ("employee", False, False),
        ("team_lead", False, False),
        ("supervisor", True, False),
        ("support_person", True, True),
        ("coordinator", True, True),
    ]:
        response = _client(org, key).get(url)
        assert response.status_code == 200
        body = response.content.decode()
        assert "Autan tiimejä oppimaan." in body
        assert "Koulutus" in body
        assert len(response.context["absences"].object_list) == 1  # upcoming only
        assert (allocations_url in body) is sees_shares, key
        assert (budget_url in body) is sees_shares, key
        assert (edit_url in body) is can_edit, key


def test_retired_profile_is_hidden_from_colleagues(org):
    profile = _profile(org)
    profile.active = False
    profile.save()
    url = reverse("agents:profile", args=[profile.pk])
    assert _client(org, "employee").get(url).status_code == 404
    assert _client(org, "support_person").get(url).status_code == 200
    assert _client(org, "coordinator").get(url).status_code == 200


# --- profile editing --------------------------------------------------------------------------


def _profile_data(**changes) -> dict:
    data = {
        "introduction": "Fasilitoin työpajoja.",
        "roles": [factories.role("learning_agent").pk],
        "skills": [factories.skill("facilitation").pk, factories.skill("lean_tools").pk],
        "scope": "organisation",
        "mode": "remote",
        "paused_until": "",
    }
    data.update(changes)
    return data


def test_profile_edit_saves_for_the_person_and_coordinators(org):
    profile = _profile(org)
    url = reverse("agents:profile_edit", args=[profile.pk])
    for key in ("support_person", "coordinator"):
        client = _client(org, key)
        page = client.get(url)
        assert page.status_code == 200
        body = page.content.decode()
        assert "<fieldset" in body and "<legend>" in body
        response = client.post(url, _profile_data(paused_until="2027-03-01"))
        assert response.status_code == 302, response.content.decode()
        profile.refresh_from_db()
        assert profile.scope == "organisation"
        assert profile.mode == "remote"
        assert profile.paused_until == dt.date(2027, 3, 1)
        assert sorted(profile.skills.values_list("code", flat=True)) == [
            "facilitation",
            "lean_tools",
        ]


@pytest.mark.parametrize("key", ["employee", "supervisor", "team_lead"])
def test_profile_edit_is_refused_to_others(org, key):
    url = reverse("agents:profile_edit", args=[_profile(org).pk])
    client = _client(org, key)
    assert client.get(url).status_code == 403
    assert client.post(url, _profile_data()).status_code == 403
    assert _profile(org).scope != "organisation"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"scope": "everyone"}, "scope"),
        ({"paused_until": "tomorrow"}, "paused_until"),
        ({"introduction": "x" * 2001}, "introduction"),
        ({"roles": [999999]}, "roles"),
    ],
)
def test_profile_edit_bad_input_is_shown_beside_the_field_and_nothing_saved(org, changes, field):
    profile = _profile(org)
    response = _client(org, "support_person").post(
        reverse("agents:profile_edit", args=[profile.pk]), _profile_data(**changes)
    )
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert f'id="id_{field}_error"' in response.content.decode()
    profile.refresh_from_db()
    assert profile.introduction == "Autan tiimejä oppimaan."
    assert profile.mode == "both"
    assert not profile.skills.exists()


# --- absences ---------------------------------------------------------------------------------


def test_absences_add_and_remove(org):
    profile = _profile(org)
    client = _client(org, "support_person")
    add_url = reverse("agents:absence_add", args=[profile.pk])
    response = client.post(add_url, {"start": "2030-07-01", "end": "2030-06-01", "note": ""})
    assert response.status_code == 400
    assert response.context["absence_form"].errors["end"]
    assert 'id="id_end_error"' in response.content.decode()
    assert not Absence.objects.exists()

    response = client.post(add_url, {"start": "2030-07-01", "end": "2030-07-20", "note": "Loma"})
    assert response.status_code == 302
    absence = Absence.objects.get()
    page = client.get(reverse("agents:profile_edit", args=[profile.pk])).content.decode()
    assert reverse("agents:absence_remove", args=[absence.pk]) in page
    assert "Loma" in page

    remove_url = reverse("agents:absence_remove", args=[absence.pk])
    assert _client(org, "employee").post(remove_url).status_code == 404
    assert (
        _client(org, "employee")
        .post(add_url, {"start": "2030-01-01", "end": "2030-01-01"})
        .status_code
        == 403
    )
    assert client.post(remove_url).status_code == 302
    assert not Absence.objects.exists()


# --- calendar token ---------------------------------------------------------------------------


def test_calendar_address_is_shown_and_rotated(org):
    profile = _profile(org)
    old = profile.calendar_token
    client = _client(org, "support_person")
    page = client.get(reverse("agents:profile_edit", args=[profile.pk])).content.decode()
    assert settings.KIPINA_BASE_URL + reverse("orders:calendar_feed", args=[old]) in page
    assert "Create a new address" in page

    url = reverse("agents:rotate_token", args=[profile.pk])
    assert _client(org, "supervisor").post(url).status_code == 403
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.calendar_token != old
    page = client.get(response["Location"]).content.decode()
    assert old not in page
    assert profile.calendar_token in page
    assert "The old address no longer works" in page


# --- time shares ------------------------------------------------------------------------------


def test_with_a_supervisor_no_longer_active_the_coordinators_are_asked(org):
    profile = _profile(org)
    gone = profile.person.supervisor
    gone.active = False
    gone.save()
    allocation = factories.allocation(profile)
    client = _client(org, "coordinator")
    client.cookies["django_language"] = "en"
    page = client.get(reverse("agents:allocations", args=[profile.pk])).content.decode()
    assert f"The supervisor on record, {gone.full_name}, is no longer active" in page
    approvals = client.get(reverse("agents:approvals"))
    assert allocation in approvals.context["page"].object_list
    assert f"{gone.full_name} is no longer active: you decide as a coordinator" in (
        approvals.content.decode()
    )


def test_allocations_are_for_the_person_their_line_and_coordinators(org):
    allocation = factories.allocation(_profile(org), state=AllocationState.APPROVED)
    url = reverse("agents:allocations", args=[_profile(org).pk])
    for key in ("support_person", "supervisor", "coordinator", "admin"):
        response = _client(org, key).get(url)
        assert response.status_code == 200, key
        shown = response.context["page"].object_list[0]
        assert shown == allocation
        # January 2027: 21 weekdays → 16.1 h
        assert shown.monthly_hours[0] == (dt.date(2027, 1, 1), Decimal("16.1"))
    for key in ("employee", "team_lead"):
        assert _client(org, key).get(url).status_code == 404, key


def test_request_form_is_for_the_person_and_coordinators(org):
    profile = _profile(org)
    url = reverse("agents:allocations", args=[profile.pk])
    page = _client(org, "support_person").get(url)
    assert page.context["request_form"]["percent"].value() == 10
    assert _client(org, "supervisor").get(url).context["request_form"] is None
    data = {"percent": "10", "start": "2027-01-01", "end": "2027-12-31", "note": "Puoli päivää"}
    assert _client(org, "supervisor").post(url, data).status_code == 403
    response = _client(org, "support_person").post(url, data)
    assert response.status_code == 302
    allocation = Allocation.objects.get()
    assert allocation.state == AllocationState.REQUESTED
    assert allocation.requested_by == org.people["support_person"].user


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"percent": "0"}, "percent"),
        ({"percent": "101"}, "percent"),
        ({"percent": "abc"}, "percent"),
        ({"end": "2026-01-01"}, "end"),
        ({"start": ""}, "start"),
    ],
)
def test_bad_requests_are_shown_beside_the_field_and_nothing_saved(org, changes, field):
    url = reverse("agents:allocations", args=[_profile(org).pk])
    data = {"percent": "10", "start": "2027-01-01", "end": "2027-12-31", **changes}
    response = _client(org, "support_person").post(url, data)
    assert response.status_code == 400
    assert response.context["request_form"].errors[field]
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Allocation.objects.exists()


def test_supervisor_approves_on_the_allocations_page(org):
    allocation = factories.allocation(_profile(org))
    url = reverse("agents:allocation_decide", args=[allocation.pk])
    page = _client(org, "supervisor").get(reverse("agents:allocations", args=[_profile(org).pk]))
    assert url in page.content.decode()
    # the person sees a withdraw button but no decision form
    own = _client(org, "support_person").get(reverse("agents:allocations", args=[_profile(org).pk]))
    assert url not in own.content.decode()
    assert reverse("agents:allocation_withdraw", args=[allocation.pk]) in own.content.decode()

    response = _client(org, "supervisor").post(url, {"decision": "approve", "reason": ""})
    assert response.status_code == 302
    assert response["Location"] == reverse("agents:allocations", args=[_profile(org).pk])
    allocation.refresh_from_db()
    assert allocation.state == AllocationState.APPROVED
    # a second decision on the same request is answered, not obeyed
    response = _client(org, "supervisor").post(
        url, {"decision": "reject", "reason": "No"}, follow=True
    )
    assert "already decided" in response.content.decode()
    allocation.refresh_from_db()
    assert allocation.state == AllocationState.APPROVED


def test_rejecting_without_a_reason_shows_the_message_beside_the_reason(org):
    allocation = factories.allocation(_profile(org))
    url = reverse("agents:allocation_decide", args=[allocation.pk])
    response = _client(org, "supervisor").post(url, {"decision": "reject", "reason": " "})
    assert response.status_code == 400
    body = response.content.decode()
    assert f'id="id_decide-{allocation.pk}-reason_error"' in body
    assert "give a reason" in body
    allocation.refresh_from_db()
    assert allocation.state == AllocationState.REQUESTED


def test_coordinator_without_supervisor_needs_a_reason_on_the_approvals_page(org):
    orphan = factories.support_person(unit=org.unit)
    allocation = factories.allocation(orphan)
    url = reverse("agents:allocation_decide", args=[allocation.pk])
    client = _client(org, "coordinator")
    page = client.get(reverse("agents:approvals"))
    assert [a.pk for a in page.context["page"].object_list] == [allocation.pk]
    response = client.post(url, {"decision": "approve", "reason": "", "back": "approvals"})
    assert response.status_code == 400
    assert response.templates[0].name == "agents/approvals.html"
    assert f'id="id_decide-{allocation.pk}-reason_error"' in response.content.decode()
    allocation.refresh_from_db()
    assert allocation.state == AllocationState.REQUESTED

    response = client.post(
        url, {"decision": "approve", "reason": "No supervisor yet", "back": "approvals"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("agents:approvals")
    allocation.refresh_from_db()
    assert allocation.state == AllocationState.APPROVED


def test_coordinator_cannot_decide_where_there_is_a_supervisor(org):
    allocation = factories.allocation(_profile(org))
    url = reverse("agents:allocation_decide", args=[allocation.pk])
    assert (
        _client(org, "coordinator").post(url, {"decision": "approve", "reason": "x"}).status_code
        == 403
    )
    assert (
        _client(org, "employee").post(url, {"decision": "approve", "reason": "x"}).status_code
        == 404
    )
    allocation.refresh_from_db()
    assert allocation.state == AllocationState.REQUESTED


def test_withdraw(org):
    allocation = factories.allocation(_profile(org))
    url = reverse("agents:allocation_withdraw", args=[allocation.pk])
    assert _client(org, "supervisor").post(url).status_code == 403
    assert _client(org, "employee").post(url).status_code == 404
    assert _client(org, "support_person").post(url).status_code == 302
    allocation.refresh_from_db()
    assert allocation.state == AllocationState.WITHDRAWN


# --- approvals --------------------------------------------------------------------------------


def test_approvals_list_the_reports_requests(org):
    mine = factories.allocation(_profile(org))
    other_line = factories.support_person(unit=org.other_unit, supervisor=org.people["coordinator"])
    factories.allocation(other_line)
    factories.allocation(
        _profile(org),
        state=AllocationState.APPROVED,
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
    )

    response = _client(org, "supervisor").get(reverse("agents:approvals"))
    assert response.status_code == 200
    assert [a.pk for a in response.context["page"].object_list] == [mine.pk]
    body = response.content.decode()
    assert org.people["support_person"].full_name in body
    assert reverse("agents:allocation_decide", args=[mine.pk]) in body

    response = _client(org, "employee").get(reverse("agents:approvals"))
    assert response.status_code == 200
    assert "Nothing waiting for your decision" in response.content.decode()


# --- new support persons ----------------------------------------------------------------------


def test_coordinator_makes_an_employee_a_support_person(org):
    url = reverse("agents:create")
    employee = org.people["employee"]
    assert _client(org, "employee").get(url).status_code == 403
    client = _client(org, "coordinator")
    assert client.get(url).status_code == 200

    response = client.post(url, {"employee_number": "NOBODY"})
    assert response.status_code == 400
    assert 'id="id_employee_number_error"' in response.content.decode()
    response = client.post(url, {"employee_number": org.left.employee_number})
    assert response.status_code == 400
    assert SupportPerson.objects.count() == 1

    response = client.post(url, {"employee_number": employee.employee_number})
    made = SupportPerson.objects.get(person=employee)
    assert response.status_code == 302
    assert response["Location"] == reverse("agents:profile_edit", args=[made.pk])
    response = client.post(url, {"employee_number": employee.employee_number}, follow=True)
    assert "already a support person" in response.content.decode()
    assert SupportPerson.objects.count() == 2


def test_a_decision_without_approve_or_reject_is_answered(org):
    allocation = factories.allocation(_profile(org))
    url = reverse("agents:allocation_decide", args=[allocation.pk])
    response = _client(org, "supervisor").post(url, {"reason": "ok"})
    assert response.status_code == 400
    assert "Choose Approve or Reject." in response.content.decode()
    allocation.refresh_from_db()
    assert allocation.state == AllocationState.REQUESTED
