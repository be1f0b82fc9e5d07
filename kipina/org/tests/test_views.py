import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_shows_team_unit_and_roles(login_as, org):
    response = login_as("team_lead").get(reverse("home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert org.team.name in body
    assert org.unit.name in body
    assert 'lang="fi"' in body


def test_anonymous_home_redirects_to_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_unit_page_counts_the_whole_subtree(login_as, org):
    response = login_as("employee").get(reverse("org:unit", args=[org.root.code]))
    assert response.status_code == 200
    # six active people in the subtree; the person who left is not counted
    assert response.context["headcount"] == 6
    children = response.context["children"].object_list
    # by name: "Palkkapalvelut" before "Sosiaali- ja terveyspalvelut"
    assert [(c.code, c.headcount) for c in children] == [("PAY", 2), ("DIV", 4)]


def test_directory_search_and_filters(login_as, org):
    client = login_as("employee")
    response = client.get(reverse("org:directory"), {"q": "lähihoitaja"})
    assert [p.pk for p in response.context["page"].object_list] == [org.people["employee"].pk]
    response = client.get(reverse("org:directory"), {"unit": "PAY"})
    assert {p.pk for p in response.context["page"].object_list} == {
        org.people["coordinator"].pk,
        org.people["admin"].pk,
    }
    response = client.get(reverse("org:directory"), {"language": "sv"})
    assert [p.pk for p in response.context["page"].object_list] == [org.people["support_person"].pk]


def test_directory_rejects_unknown_filter_values_without_crashing(login_as, org):
    response = login_as("employee").get(reverse("org:directory"), {"unit": "NOPE", "page": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors["unit"]


def test_people_who_left_are_hidden_from_employees(login_as, org):
    client = login_as("employee")
    assert client.get(reverse("org:person", args=[org.left.pk])).status_code == 404
    response = client.get(reverse("org:directory"), {"inactive": "on"})
    assert org.left.pk not in {p.pk for p in response.context["page"].object_list}


def test_coordinator_sees_people_who_left(login_as, org):
    client = login_as("coordinator")
    assert client.get(reverse("org:person", args=[org.left.pk])).status_code == 200
    response = client.get(reverse("org:directory"), {"inactive": "on"})
    assert org.left.pk in {p.pk for p in response.context["page"].object_list}


def test_person_details_only_for_self_line_and_hr(login_as, org):
    target = org.people["employee"]
    url = reverse("org:person", args=[target.pk])
    for key, expected in [
        ("employee", True),
        ("supervisor", True),
        ("coordinator", True),
        ("admin", True),
        ("team_lead", False),
        ("support_person", False),
    ]:
        from django.test import Client

        client = Client()
        client.force_login(org.people[key].user)
        response = client.get(url)
        assert response.status_code == 200
        assert response.context["show_details"] is expected, key
        assert (target.employee_number in response.content.decode()) is expected, key


def test_directory_htmx_request_returns_only_results(login_as, org):
    response = login_as("employee").get(
        reverse("org:directory"), {"q": "Korhonen"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert 'id="results"' in body
    assert "<html" not in body


def test_healthz_answers_when_database_is_up(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["database"] == "up"


def test_healthz_answers_503_when_database_is_down(client, monkeypatch):
    from django.db import DatabaseError, connection

    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503


def test_accessibility_statement_is_linked_from_every_page(client, login_as):
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    assert reverse("accessibility") in client.get(reverse("login")).content.decode()


@pytest.mark.parametrize(
    ("persona", "roles"),
    [
        ("employee", ["Employee"]),
        ("team_lead", ["Employee", "Team lead"]),
        ("supervisor", ["Employee", "Supervisor"]),
        ("support_person", ["Employee", "Learning support person"]),
        ("coordinator", ["Employee", "Coordinator"]),
        ("admin", ["Employee", "Administrator"]),
    ],
)
def test_home_lists_exactly_the_roles_a_person_holds(org, persona, roles):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(org.people[persona].user)
    assert client.get(reverse("home")).context["roles"] == roles
