"""Every URL pattern × every persona → the expected answer.

The matrix is the single list of what each persona may reach. A new URL pattern that is not
listed here fails `test_matrix_lists_every_url_pattern`, so nobody adds a page without deciding
who may see it. Django admin's own patterns are covered by `test_admin_is_for_admins_only`.
"""

import importlib
import pkgutil

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import kipina
from kipina.conftest import PERSONA_KEYS
from kipina.core.tests.authorisation import LOGIN, Row, everyone, hr_only, signed_in

pytestmark = pytest.mark.django_db

MATRIX: dict[str, list[Row]] = {
    "home": [Row(lambda org: reverse("home"), signed_in(200))],
    "healthz": [Row(lambda org: reverse("healthz"), everyone(200))],
    "accessibility": [Row(lambda org: reverse("accessibility"), everyone(200))],
    "login": [Row(lambda org: reverse("login"), signed_in(302, anonymous=200))],
    "logout": [Row(lambda org: reverse("logout"), everyone(302), method="post")],
    "password_reset": [Row(lambda org: reverse("password_reset"), everyone(200))],
    "password_reset_done": [Row(lambda org: reverse("password_reset_done"), everyone(200))],
    "password_reset_confirm": [
        Row(lambda org: reverse("password_reset_confirm", args=["MQ", "bad-token"]), everyone(200))
    ],
    "password_reset_complete": [Row(lambda org: reverse("password_reset_complete"), everyone(200))],
    "set_language": [
        Row(
            lambda org: reverse("set_language"),
            everyone(302),
            method="post",
            data={"language": "sv", "next": "/"},
        )
    ],
    "org:unit_index": [Row(lambda org: reverse("org:unit_index"), signed_in(200))],
    "org:unit": [
        Row(lambda org: reverse("org:unit", args=[org.unit.code]), signed_in(200)),
        Row(
            lambda org: reverse("org:unit", args=["NO-SUCH-UNIT"]),
            signed_in(404),
            label="unknown unit",
        ),
    ],
    "org:team": [
        Row(lambda org: reverse("org:team", args=[org.team.code]), signed_in(200)),
        Row(
            lambda org: reverse("org:team", args=["NO-SUCH-TEAM"]),
            signed_in(404),
            label="unknown team",
        ),
    ],
    "org:directory": [Row(lambda org: reverse("org:directory"), signed_in(200))],
    "org:person": [
        Row(lambda org: reverse("org:person", args=[org.people["employee"].pk]), signed_in(200)),
        Row(
            lambda org: reverse("org:person", args=[org.left.pk]),
            hr_only(200, others=404),
            label="person who has left",
        ),
    ],
    "org:import": [Row(lambda org: reverse("org:import"), hr_only())],
}


def _app_rows() -> dict[str, list[Row]]:
    """Rows other apps keep beside their tests: kipina/<app>/tests/authorisation_rows*.py."""
    rows: dict[str, list[Row]] = {}
    for app in pkgutil.iter_modules(kipina.__path__):
        try:
            tests = importlib.import_module(f"kipina.{app.name}.tests")
        except ModuleNotFoundError:
            continue
        for module in pkgutil.iter_modules(tests.__path__):
            if module.name.startswith("authorisation_rows"):
                found = importlib.import_module(f"{tests.__name__}.{module.name}").ROWS
                assert not (found.keys() & rows.keys()), "URL listed in two row modules"
                rows.update(found)
    return rows


MATRIX.update(_app_rows())


def _named_patterns(resolver: URLResolver, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= _named_patterns(entry, inner)
        elif isinstance(entry, URLPattern):
            names.add(
                f"{namespace}{entry.name}"
                if entry.name
                else f"{namespace}<unnamed {entry.pattern}>"
            )
    return names


def test_matrix_lists_every_url_pattern():
    patterns = {name for name in _named_patterns(get_resolver()) if not name.startswith("admin:")}
    assert patterns - MATRIX.keys() == set(), "URL patterns missing from the matrix"
    assert MATRIX.keys() - patterns == set(), "matrix rows for URL patterns that do not exist"


def _cases():
    for name, rows in MATRIX.items():
        for index, row in enumerate(rows):
            for persona in PERSONA_KEYS:
                yield pytest.param(
                    name, index, persona, id=f"{name}[{row.label or index}]-{persona}"
                )


def _client_for(org, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(org.people[persona].user)
    return client


@pytest.mark.parametrize(("name", "index", "persona"), list(_cases()))
def test_authorisation_matrix(org, name, index, persona):
    row = MATRIX[name][index]
    client = _client_for(org, persona)
    url = row.url(org)
    response = getattr(client, row.method)(url, row.data)
    expected = row.expected[persona]
    if expected == LOGIN:
        assert response.status_code == 302, (url, persona, response.status_code)
        assert response["Location"].startswith(reverse("login")), response["Location"]
    else:
        assert response.status_code == expected, (url, persona, response.status_code)


@pytest.mark.parametrize("persona", PERSONA_KEYS)
def test_admin_is_for_admins_only(org, persona):
    client = _client_for(org, persona)
    urls = [reverse("admin:index")] + [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]
    for url in urls:
        response = client.get(url)
        if persona == "admin":
            assert response.status_code == 200, url
        else:
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("admin:login")), url
