"""The method library and method pages as users meet them: search, facets, sorting, create,
edit with a conflict, history, diff, revert; query counts of the list and method pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kipina.org.tests.factories import make_language
from kipina.toolkit import services
from kipina.toolkit.enums import MethodStatus, Purpose
from kipina.toolkit.models import Method
from kipina.toolkit.tests.factories import MethodFactory, method_data

pytestmark = pytest.mark.django_db


def _create(org, **overrides) -> Method:
    return services.method_create(
        actor=org.people["support_person"].user, data=method_data(**overrides), publish=True
    )


def _form_data(method: Method | None = None, **overrides) -> dict:
    data = method_data()
    data["language"] = "fi"
    data["translation_of"] = ""
    data["purposes"] = [str(code) for code in data["purposes"]]
    if method is not None:
        data["version"] = str(method.version)
        data["summary_of_change"] = "Muokkaus"
    data.update(overrides)
    return data


def test_search_finds_inflected_finnish_and_highlights(org, login_as):
    _create(org, title="Työpaja arvoista", summary="Arvokeskustelu tiimin kesken.")
    _create(org, title="Kanban-taulu", summary="Työ näkyväksi.", purposes=[Purpose.LEAN])
    client = login_as("employee")
    response = client.get(reverse("toolkit:library"), {"q": "työpajoissa"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<mark>Työpaja</mark> arvoista" in page
    assert "Kanban-taulu" not in page
    response = client.get(reverse("toolkit:library"), {"q": "arvot"})
    assert "<mark>Arvokeskustelu</mark>" in response.content.decode()


def test_facets_filter_and_count(org, login_as):
    _create(org, title="Aivokirjoitus")
    _create(org, title="Viisi miksi", purposes=[Purpose.LEAN, Purpose.REFLECTION])
    client = login_as("employee")
    client.cookies["django_language"] = "en"
    page = client.get(reverse("toolkit:library")).content.decode()
    assert 'Lean and continuous improvement <span class="facets__count">(1)</span>' in page
    filtered = client.get(reverse("toolkit:library"), {"purpose": "lean"}).content.decode()
    assert "Viisi miksi" in filtered and "Aivokirjoitus" not in filtered
    short = client.get(reverse("toolkit:library"), {"duration": "15"}).content.decode()
    assert "Aivokirjoitus" in short  # 15–30 min fits in 15 minutes at its shortest


def test_sorting_by_use_and_rating(org, login_as):
    _create(org, title="Aallokko")
    second = _create(org, title="Zeppeliini")
    helper = org.people["support_person"].user
    services.method_use_record(actor=helper, method=second, use=services.UseInput(rating=5))
    client = login_as("employee")
    for sort in ("used", "rating"):
        page = client.get(reverse("toolkit:library"), {"sort": sort}).content.decode()
        assert page.index("Zeppeliini") < page.index("Aallokko"), sort
    page = client.get(reverse("toolkit:library"), {"sort": "title"}).content.decode()
    assert page.index("Aallokko") < page.index("Zeppeliini")


def test_drafts_are_hidden_from_employees(org, login_as):
    MethodFactory(title="Keskeneräinen", status=MethodStatus.DRAFT)
    page = login_as("employee").get(reverse("toolkit:library")).content.decode()
    assert "Keskeneräinen" not in page
    page = login_as("coordinator").get(reverse("toolkit:library")).content.decode()
    assert "Keskeneräinen" in page


def test_create_through_the_form(org, login_as):
    client = login_as("support_person")
    response = client.post(reverse("toolkit:method_new"), {**_form_data(), "publish": "1"})
    method = Method.objects.get()
    assert response.status_code == 302 and response["Location"] == method.get_absolute_url()
    assert method.status == MethodStatus.PUBLISHED
    page = client.get(method.get_absolute_url()).content.decode()
    assert "<ol>" in page and "Kirjoita kolme ideaa." in page


def test_bad_form_input_shows_the_error_and_saves_nothing(org, login_as):
    client = login_as("support_person")
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("toolkit:method_new"), _form_data(duration_min="50", duration_max="10")
    )
    assert response.status_code == 400
    assert "The shortest duration is longer than the longest." in response.content.decode()
    assert Method.objects.count() == 0


def test_an_edit_conflict_keeps_both_texts(org, login_as):
    method = _create(org)
    first = login_as("support_person")
    stale = _form_data(method, steps="1. Minun versioni vaiheista.")
    services.method_edit(
        actor=org.people["coordinator"].user,
        method=method,
        data={"steps": "1. Heidän versionsa vaiheista."},
        seen_version=1,
        summary="Välissä",
    )
    first.cookies["django_language"] = "en"
    response = first.post(reverse("toolkit:method_edit", args=[method.key]), stale)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Heidän versionsa vaiheista." in page  # theirs, shown beside
    assert "Minun versioni vaiheista." in page  # mine, kept in the form
    assert 'name="version" value="2"' in page  # saving again builds on theirs
    method.refresh_from_db()
    assert method.steps == "1. Heidän versionsa vaiheista."
    resent = {**stale, "version": "2", "steps": "1. Yhdistetty versio."}
    assert first.post(reverse("toolkit:method_edit", args=[method.key]), resent).status_code == 302
    method.refresh_from_db()
    assert (method.steps, method.version) == ("1. Yhdistetty versio.", 3)


def test_history_diff_and_revert_pages(org, login_as):
    method = _create(org)
    services.method_edit(
        actor=org.people["support_person"].user,
        method=method,
        data={"summary": "Uusi tiivistelmä."},
        seen_version=1,
        summary="Tiivistelmä uusiksi",
    )
    client = login_as("support_person")
    client.cookies["django_language"] = "en"
    history = client.get(reverse("toolkit:method_history", args=[method.key])).content.decode()
    assert "Tiivistelmä uusiksi" in history
    diff = client.get(reverse("toolkit:method_diff", args=[method.key])).content.decode()
    assert "Removed:" in diff and "Uusi tiivistelmä." in diff
    oldest = method.history.order_by("history_id").first()
    response = client.post(
        reverse("toolkit:method_revert", args=[method.key, oldest.history_id]), {"version": "2"}
    )
    assert response.status_code == 302
    method.refresh_from_db()
    assert method.summary == "Ideoita paperilla hiljaa, sitten yhdessä."
    bad = client.get(reverse("toolkit:method_diff", args=[method.key]), {"from": "999999"})
    assert bad.status_code == 404


def test_markdown_on_the_method_page_is_sanitised(org, login_as):
    method = _create(org, steps="1. Hyvä\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))")
    page = login_as("employee").get(method.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert 'href="javascript' not in page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _grow(org, count: int) -> Method:
    make_language("sv")
    method = None
    for number in range(count):
        method = _create(org, title=f"Menetelmä {number}", summary="Työpaja tiimille.")
        services.method_comment(
            actor=org.people["employee"].user, method=method, text=f"Kommentti {number}"
        )
        services.method_use_record(
            actor=org.people["support_person"].user,
            method=method,
            use=services.UseInput(rating=4),
        )
    return method


@pytest.mark.parametrize("query", ["", "?q=työpajoissa&sort=rating", "?purpose=ideas"])
def test_library_queries_do_not_grow_with_methods(org, login_as, query):
    client = login_as("employee")
    _grow(org, 1)
    one = _queries(client, reverse("toolkit:library") + query)
    _grow(org, 30)
    assert _queries(client, reverse("toolkit:library") + query) == one


def test_method_page_queries_do_not_grow_with_comments_uses_and_revisions(org, login_as):
    client = login_as("support_person")
    method = _grow(org, 1)
    url = method.get_absolute_url()
    one = _queries(client, url)
    for number in range(20):
        services.method_comment(
            actor=org.people["team_lead"].user, method=method, text=f"Lisää {number}"
        )
        services.method_use_record(
            actor=org.people["support_person"].user, method=method, use=services.UseInput(rating=3)
        )
        method.refresh_from_db()
        services.method_edit(
            actor=org.people["coordinator"].user,
            method=method,
            data={"tips": f"- Vinkki {number}"},
            seen_version=method.version,
            summary=f"Vinkki {number}",
        )
    assert _queries(client, url) == one
    history = reverse("toolkit:method_history", args=[method.key])
    assert _queries(client, history) <= one + 5
