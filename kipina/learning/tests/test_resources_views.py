"""The catalogue pages: list, search and facets (full page and htmx), a resource's page,
adding and editing with errors beside the fields and conflicts, status changes, the
competence page's resources."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from kipina.learning.enums import Relevance, ResourceKind, ResourceStatus
from kipina.learning.models import Resource
from kipina.learning.selectors_resources import COMPETENCE_PAGE_RESOURCES
from kipina.learning.tests.factories import (
    CompetenceFactory,
    ProviderFactory,
    ResourceCompetenceFactory,
    indexed_resource,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def _page(response) -> str:
    return response.content.decode()


def test_list_shows_published_resources_with_facets(org, login_as, english):
    indexed_resource(title="Lean-ajattelun perusteet", kind=ResourceKind.ACADEMY_COURSE)
    indexed_resource(title="Tietosuoja arjessa")
    indexed_resource(title="Luonnos", status=ResourceStatus.DRAFT)
    response = login_as("employee").get(reverse("learning:resources"))
    assert response.status_code == 200
    page = _page(response)
    assert "Lean-ajattelun perusteet" in page and "Tietosuoja arjessa" in page
    assert "Luonnos" not in page
    assert "2 learning resources" in page
    assert 'Internal academy course <span class="facets__count">(1)</span>' in page
    assert reverse("learning:resource_new") not in page  # readers do not curate


def test_search_highlights_and_facet_links_keep_the_query(org, login_as, english):
    indexed_resource(title="Johtamisen perusteet", kind=ResourceKind.ACADEMY_COURSE)
    indexed_resource(title="Tietosuoja arjessa")
    response = login_as("employee").get(reverse("learning:resources"), {"q": "johtaminen"})
    page = _page(response)
    assert "<mark>Johtamisen</mark> perusteet" in page
    assert "Tietosuoja" not in page
    assert "?q=johtaminen&amp;kind=academy_course" in page
    narrowed = login_as("employee").get(
        reverse("learning:resources"), {"q": "johtaminen", "kind": "web_course"}
    )
    assert "0 learning resources" in _page(narrowed)
    # The chosen facet travels with the next search as a hidden field.
    assert '<input type="hidden" name="kind" value="web_course">' in _page(narrowed)


def test_htmx_gets_only_the_results(org, login_as, english):
    indexed_resource(title="Johtamisen perusteet")
    response = login_as("employee").get(
        reverse("learning:resources"), {"q": "johtaminen"}, headers={"HX-Request": "true"}
    )
    page = _page(response)
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="results"')
    assert "<html" not in page and "<mark>Johtamisen</mark>" in page
    assert 'aria-live="polite"' in page


def test_bad_filter_values_are_ignored(org, login_as):
    indexed_resource(title="Yksi")
    response = login_as("employee").get(
        reverse("learning:resources"), {"kind": "nonsense", "competence": "x", "page": "99"}
    )
    assert response.status_code == 200
    assert response.context["found"].total == 1


def test_resource_page_shows_everything(org, login_as, english):
    provider = ProviderFactory(name_fi="Tampereen yliopisto", city="Tampere")
    competence = CompetenceFactory(shortname_en="Service design", idnumber="A1.1")
    resource = indexed_resource(
        title="Palvelumuotoilu",
        kind=ResourceKind.EXTERNAL_COURSE,
        provider=provider,
        credits=Decimal("5"),
        cost_eur=Decimal("290"),
        audience_groups=["nurses"],
        dates=[
            (TODAY + dt.timedelta(days=9), TODAY + dt.timedelta(days=10), 24),
            (TODAY - dt.timedelta(days=30), TODAY - dt.timedelta(days=30), None),
        ],
    )
    resource.audience_units.add(org.unit)
    ResourceCompetenceFactory(resource=resource, competence=competence, relevance=Relevance.CORE)
    response = login_as("employee").get(reverse("learning:resource", args=[resource.key]))
    assert response.status_code == 200
    page = _page(response)
    for text in (
        "Tampereen yliopisto",
        "Tampere",
        "5 ECTS",
        "290 €",
        "nurses",
        org.unit.name,
        "Service design",
        "centred on it",
        ">24<",
        "past",
    ):
        assert text in page, text
    url = reverse("learning:competence", args=[competence.framework.idnumber, "A1.1"])
    assert url in page
    assert reverse("learning:resource_edit", args=[resource.key]) not in page


def test_a_draft_is_a_404_for_readers_and_shown_to_curators(org, login_as):
    draft = indexed_resource(status=ResourceStatus.DRAFT)
    url = reverse("learning:resource", args=[draft.key])
    assert login_as("employee").get(url).status_code == 404
    response = login_as("coordinator").get(url)
    assert response.status_code == 200
    assert reverse("learning:resource_edit", args=[draft.key]) in _page(response)


def _form_data(**changes) -> dict:
    data = {
        "title": "Valmentava johtaminen",
        "key": "",
        "description": "Kaksi lähipäivää.",
        "kind": ResourceKind.ACADEMY_COURSE,
        "format": "",
        "provider": "",
        "language": "fi",
        "duration_hours": "14",
        "cost_eur": "0",
        "credits": "",
        "url": "",
        "enrolment_url": "",
        "mode": "remote",
        "place": "",
        "audience_groups": "esihenkilöt; tiiminvetäjät",
        "audience_units": "",
        "status": ResourceStatus.PUBLISHED,
        "dates-TOTAL_FORMS": "2",
        "dates-INITIAL_FORMS": "0",
        "dates-0-start": (TODAY + dt.timedelta(days=20)).isoformat(),
        "dates-0-end": "",
        "dates-0-seats": "16",
        "dates-1-start": "",
        "dates-1-end": "",
        "dates-1-seats": "",
        "competences-TOTAL_FORMS": "2",
        "competences-INITIAL_FORMS": "0",
        "competences-0-competence": "",
        "competences-0-relevance": "2",
        "competences-1-competence": "",
        "competences-1-relevance": "2",
    }
    data.update(changes)
    return data


def test_curator_adds_a_resource_with_dates_and_competences(org, login_as):
    competence = CompetenceFactory()
    response = login_as("coordinator").post(
        reverse("learning:resource_new"),
        _form_data(
            **{"competences-0-competence": str(competence.pk), "competences-0-relevance": "3"},
            audience_units=org.unit.code,
        ),
    )
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert response["Location"] == reverse("learning:resource", args=[resource.key])
    assert resource.key == "valmentava-johtaminen"
    assert resource.audience_groups == ["esihenkilöt", "tiiminvetäjät"]
    assert list(resource.audience_units.all()) == [org.unit]
    assert list(resource.dates.values_list("seats", flat=True)) == [16]
    assert resource.next_start == TODAY + dt.timedelta(days=20)
    assert list(resource.competence_links.values_list("competence_id", "relevance")) == [
        (competence.pk, 3)
    ]


def _error_beside(page: str, field_id: str) -> str:
    found = re.search(rf'<p class="error" id="{field_id}_error">([^<]*)</p>', page)
    assert found, field_id
    return found.group(1)


def test_errors_show_beside_their_fields_and_nothing_is_saved(org, login_as, english):
    client = login_as("coordinator")
    # The kind's rule comes from the service: beside the format field.
    response = client.post(reverse("learning:resource_new"), _form_data(format="video"))
    assert response.status_code == 400
    assert "format" in _error_beside(_page(response), "id_format")
    # A form error: an unknown unit code beside the audience units.
    response = client.post(reverse("learning:resource_new"), _form_data(audience_units="NOPE"))
    assert "NOPE" in _error_beside(_page(response), "id_audience_units")
    # A date ending before it starts, beside the date's end.
    response = client.post(
        reverse("learning:resource_new"),
        _form_data(**{"dates-0-end": (TODAY + dt.timedelta(days=1)).isoformat()}),
    )
    assert _error_beside(_page(response), "id_dates-0-end")
    # Dates for material: above the dates.
    response = client.post(
        reverse("learning:resource_new"), _form_data(kind="material", format="book")
    )
    assert response.status_code == 400
    assert "Only courses have dates" in _page(response)
    assert not Resource.objects.exists()


def test_edit_form_is_filled_and_saves(org, login_as):
    competence = CompetenceFactory()
    resource = indexed_resource(
        title="Vanha nimi", dates=[(TODAY + dt.timedelta(days=3),) * 2 + (8,)]
    )
    ResourceCompetenceFactory(resource=resource, competence=competence)
    client = login_as("coordinator")
    url = reverse("learning:resource_edit", args=[resource.key])
    form_page = _page(client.get(url))
    assert 'value="Vanha nimi"' in form_page
    assert f'<option value="{competence.pk}" selected>' in form_page
    data = _form_data(
        title="Uusi nimi",
        version=str(resource.version),
        **{
            "dates-TOTAL_FORMS": "3",
            "dates-INITIAL_FORMS": "1",
            "dates-0-start": (TODAY + dt.timedelta(days=3)).isoformat(),
            "dates-0-seats": "8",
            "dates-0-DELETE": "on",
            "dates-1-start": (TODAY + dt.timedelta(days=20)).isoformat(),
            "dates-2-start": "",
            "dates-2-end": "",
            "dates-2-seats": "",
            "competences-0-competence": str(competence.pk),
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.title == "Uusi nimi"
    # The deleted date is gone, the new one is there.
    assert list(resource.dates.values_list("start", flat=True)) == [TODAY + dt.timedelta(days=20)]


def test_an_edit_from_an_old_version_gets_a_conflict(org, login_as, english):
    resource = indexed_resource(title="Alkuperäinen")
    client = login_as("coordinator")
    url = reverse("learning:resource_edit", args=[resource.key])
    first = client.post(url, _form_data(title="Ensimmäinen", version=str(resource.version)))
    assert first.status_code == 302
    second = client.post(url, _form_data(title="Toinen", version=str(resource.version)))
    assert second.status_code == 409
    page = _page(second)
    assert "Someone else saved this resource" in page
    assert "Ensimmäinen" in page  # their version, beside the form
    assert 'value="Toinen"' in page  # the editor's text is kept
    assert f'name="version" value="{resource.version + 1}"' in page  # saving again works
    assert Resource.objects.get(pk=resource.pk).title == "Ensimmäinen"


def test_status_buttons(org, login_as, english):
    resource = indexed_resource()
    url = reverse("learning:resource", args=[resource.key])
    assert login_as("employee").post(url, {"status": "archived", "version": "1"}).status_code == 403
    client = login_as("coordinator")
    response = client.post(url, {"status": "archived", "version": "1"})
    assert response.status_code == 302
    assert Resource.objects.get(pk=resource.pk).status == ResourceStatus.ARCHIVED
    stale = client.post(url, {"status": "published", "version": "1"}, follow=True)
    assert "Someone else saved this resource" in _page(stale)
    assert Resource.objects.get(pk=resource.pk).status == ResourceStatus.ARCHIVED


def test_competence_page_lists_its_resources_and_links_to_the_rest(org, login_as, english):
    competence = CompetenceFactory()
    for number in range(COMPETENCE_PAGE_RESOURCES + 2):
        resource = indexed_resource(title=f"Kurssi {number:02}")
        ResourceCompetenceFactory(resource=resource, competence=competence, relevance=2)
    url = reverse("learning:competence", args=[competence.framework.idnumber, competence.idnumber])
    page = _page(login_as("employee").get(url))
    assert "Kurssi 00" in page and f"Kurssi {COMPETENCE_PAGE_RESOURCES + 1:02}" not in page
    link = f"{reverse('learning:resources')}?competence={competence.pk}"
    assert link in page
    assert f"All {COMPETENCE_PAGE_RESOURCES + 2} resources in the catalogue" in page
    listed = login_as("employee").get(reverse("learning:resources"), {"competence": competence.pk})
    assert listed.context["found"].total == COMPETENCE_PAGE_RESOURCES + 2


def test_export_of_the_current_filters(org, login_as):
    indexed_resource(title="Johtamisen perusteet", key="johtaminen")
    indexed_resource(title="Tietosuoja", key="tietosuoja")
    response = login_as("employee").get(
        reverse("learning:resource_export", args=["csv"]), {"q": "johtaminen"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "johtaminen;" in text and "tietosuoja" not in text
    xlsx = login_as("employee").get(reverse("learning:resource_export", args=["xlsx"]))
    assert xlsx.content.startswith(b"PK")
    assert (
        login_as("employee").get(reverse("learning:resource_export", args=["pdf"])).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("hours", "shown"), [("1", "1 hour<"), ("1.5", "1.5 hours<"), ("8", "8 hours<")]
)
def test_the_duration_reads_as_one_hour_or_many(org, login_as, english, hours, shown):
    resource = indexed_resource(title="Lyhyt opas", duration_hours=Decimal(hours))
    page = _page(login_as("employee").get(reverse("learning:resource", args=[resource.key])))
    assert shown in page
