import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from kipina.org.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def _sign_in(client: Client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_sign_in_with_username(org):
    client = Client()
    response = _sign_in(client, "employee", TEST_PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_sign_in_with_email_in_any_case(org):
    client = Client()
    email = org.people["employee"].user.email.upper()
    response = _sign_in(client, email, TEST_PASSWORD)
    assert response.status_code == 302


def test_wrong_password_gives_a_clear_message(org):
    response = _sign_in(Client(), "employee", "wrong")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_lockout_after_repeated_failures(org, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "employee", "wrong")
    response = _sign_in(client, "employee", TEST_PASSWORD)
    assert response.status_code == 429
    assert response.context["lockout_message"]
    # someone else on the same address can still sign in
    assert _sign_in(Client(), "supervisor", TEST_PASSWORD).status_code == 302


def test_password_reset_sends_a_working_link(org):
    client = Client()
    response = client.post(reverse("password_reset"), {"email": org.people["employee"].user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    assert response.context["validlink"]
    new_password = "Uusi-salasana-2026!"
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    assert _sign_in(Client(), "employee", new_password).status_code == 302


def test_sign_out_ends_the_session(org):
    client = Client()
    _sign_in(client, "employee", TEST_PASSWORD)
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_finnish_is_the_default_language_and_swedish_can_be_chosen(org):
    client = Client()
    assert 'lang="fi"' in client.get(reverse("login")).content.decode()
    client.post(reverse("set_language"), {"language": "sv", "next": "/"})
    assert 'lang="sv"' in client.get(reverse("login")).content.decode()


def test_finnish_wins_over_the_browser_language_until_a_choice_is_made(org):
    client = Client(headers={"accept-language": "en-US,en;q=0.9"})
    assert 'lang="fi"' in client.get(reverse("login")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get(reverse("login")).content.decode()
