"""The export download and the import page: what each persona gets, the report, the redirect."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kipina.toolkit.enums import MethodStatus
from kipina.toolkit.models import Method
from kipina.toolkit.tests.factories import MethodFactory
from kipina.toolkit.tests.test_transfer import document, row

pytestmark = pytest.mark.django_db

EXPORT = reverse("toolkit:methods_export")
IMPORT = reverse("toolkit:methods_import")


@pytest.fixture
def english_client(login_as):
    def _client(persona: str):
        client = login_as(persona)
        client.cookies["django_language"] = "en"
        return client

    return _client


def upload(data, name: str = "methods.json") -> SimpleUploadedFile:
    content = data if isinstance(data, bytes) else json.dumps(data).encode()
    return SimpleUploadedFile(name, content, content_type="application/json")


def test_export_downloads_the_methods_the_user_may_see(org, english_client):
    MethodFactory(key="julkaistu")
    draft = MethodFactory(key="luonnos", status=MethodStatus.DRAFT)
    draft.contributors.add(org.people["support_person"])

    response = english_client("employee").get(EXPORT)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="kipina-methods-')
    exported = json.loads(response.content)
    assert exported["format"] == "kipina-methods"
    assert [method["key"] for method in exported["methods"]] == ["julkaistu"]

    mine = json.loads(english_client("support_person").get(EXPORT).content)
    assert [method["key"] for method in mine["methods"]] == ["julkaistu", "luonnos"]


def test_export_of_one_method_by_key(org, english_client):
    MethodFactory(key="julkaistu")
    MethodFactory(key="toinen")
    MethodFactory(key="luonnos", status=MethodStatus.DRAFT)
    client = english_client("employee")

    response = client.get(EXPORT, {"key": "toinen"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="kipina-method-toinen.json"'
    assert [m["key"] for m in json.loads(response.content)["methods"]] == ["toinen"]
    assert client.get(EXPORT, {"key": "luonnos"}).status_code == 404
    assert client.get(EXPORT, {"key": "ei-ole"}).status_code == 404


def test_export_runs_the_same_queries_for_one_method_as_for_thirty(org, english_client):
    client = english_client("coordinator")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(EXPORT).status_code == 200
        return len(captured)

    method = MethodFactory()
    method.contributors.add(org.people["support_person"])
    one = queries()
    for _ in range(29):
        extra = MethodFactory(translation_of=method)
        extra.contributors.add(org.people["support_person"], org.people["team_lead"])
    assert queries() == one


def test_import_page_has_a_labelled_file_input(org, english_client):
    response = english_client("coordinator").get(IMPORT)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert '<label for="id_file">' in html and 'type="file"' in html
    assert "<h1>Import methods</h1>" in html


def test_a_bad_file_shows_the_problems_by_row_and_imports_nothing(org, english_client):
    data = document(row(key="hyva"), row(key="viisi-miksi", duration=[40, 15]))

    response = english_client("coordinator").post(IMPORT, {"file": upload(data)})

    assert response.status_code == 400
    html = response.content.decode()
    assert "The file has 1 problem. Nothing was imported" in html
    assert '<th scope="row" class="num">2</th>' in html
    assert "<code>viisi-miksi</code>" in html and "<code>duration</code>" in html
    assert "the shortest is longer than the longest" in html
    assert Method.objects.count() == 0


def test_a_file_that_is_not_json_is_a_problem_of_the_whole_file(org, english_client):
    response = english_client("coordinator").post(IMPORT, {"file": upload(b"<xml/>")})

    assert response.status_code == 400
    assert "whole file" in response.content.decode()
    assert "The file is not valid JSON" in response.content.decode()


def test_an_empty_upload_is_refused_beside_the_field(org, english_client):
    response = english_client("coordinator").post(IMPORT, {"file": upload(b"")})

    assert response.status_code == 400
    assert 'id="id_file_error"' in response.content.decode()


def test_a_good_file_is_imported_and_the_counts_shown_after_a_redirect(org, english_client):
    MethodFactory(key="vanha", title="Vanha")
    client = english_client("coordinator")
    data = document(row(key="uusi"), row(key="vanha", title="Vanha, korjattu"))

    response = client.post(IMPORT, {"file": upload(data), "status_from_file": "on"})

    assert response.status_code == 302 and response["Location"] == IMPORT
    assert Method.objects.get(key="uusi").status == MethodStatus.PUBLISHED
    assert Method.objects.get(key="vanha").title == "Vanha, korjattu"
    page = client.get(IMPORT).content.decode()
    assert "Import done" in page and "The file methods.json had 2 methods." in page
    assert '<th scope="row">New</th><td class="num">1</td>' in page
    assert '<th scope="row">Updated (a new revision)</th><td class="num">1</td>' in page
    # The report is shown once.
    assert "Import done" not in client.get(IMPORT).content.decode()


def test_without_the_status_box_new_methods_are_drafts(org, english_client):
    response = english_client("admin").post(IMPORT, {"file": upload(document(row()))})

    assert response.status_code == 302
    assert Method.objects.get().status == MethodStatus.DRAFT


@pytest.mark.parametrize("persona", ["employee", "support_person", "team_lead"])
def test_others_cannot_import(org, english_client, persona):
    response = english_client(persona).post(IMPORT, {"file": upload(document(row()))})

    assert response.status_code == 403
    assert Method.objects.count() == 0
