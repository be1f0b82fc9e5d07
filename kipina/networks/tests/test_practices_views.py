"""Good practices' pages: the searchable list with facets and htmx, a practice's page with its
links, comments and "this helped me", writing with link pickers, editing with conflicts."""

import pytest
from django.urls import reverse

from kipina.core.models import SearchEntry
from kipina.learning.enums import ResourceStatus
from kipina.learning.tests.factories import ResourceFactory
from kipina.networks.enums import PRACTICE_SEARCH_KIND, PracticeStatus
from kipina.networks.models import Practice, PracticeComment, PracticeReaction
from kipina.networks.selectors_practices import PAGE_SIZE
from kipina.networks.tests.factories_networks import NetworkFactory, member
from kipina.networks.tests.factories_practices import (
    PracticeCommentFactory,
    PracticeFactory,
    indexed_practice,
)
from kipina.orders.enums import OrderState
from kipina.orders.tests.factories import OrderFactory
from kipina.org.tests.factories import PersonFactory
from kipina.toolkit.enums import MethodStatus
from kipina.toolkit.tests.factories import MethodFactory

pytestmark = pytest.mark.django_db

LIST = reverse("networks:practices")


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def network(org):
    network = NetworkFactory(name="Oppimisagentit")
    member(network, org.people["support_person"])
    return network


def _form(network, **overrides) -> dict:
    data = {
        "network": str(network.pk),
        "title": "Kuulumiskierros työpajan alussa",
        "situation": "Työpajoissa osa ei puhunut.",
        "what_we_did": "Aloitimme kuulumiskierroksella.",
        "what_we_learned": "Keskustelu syntyi helpommin.",
        "tags": "työpajat, osallisuus",
        "language": "fi",
        "action": "publish",
    }
    data.update(overrides)
    return data


# --- the list ----------------------------------------------------------------------------------


def test_the_list_searches_inflected_words_and_marks_the_hits(org, login_as, english):
    found = indexed_practice(title="Työpaja uusille tiimeille")
    indexed_practice(title="Kahvihetki")
    PracticeFactory(title="Työpaja luonnoksena", status=PracticeStatus.DRAFT)
    response = login_as("employee").get(LIST, {"q": "työpajoissa"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 good practice" in page
    assert "<mark>Työpaja</mark> uusille tiimeille" in page
    assert reverse("networks:practice", args=[found.pk]) in page
    assert "Kahvihetki" not in page and "luonnoksena" not in page


def test_facets_count_and_filter_by_network_and_tag(org, login_as, english):
    first, second = NetworkFactory(name="Ensimmäinen"), NetworkFactory(name="Toinen")
    for _ in range(3):
        indexed_practice(network=first, tags=["kanban"])
    indexed_practice(network=second, tags=["kanban", "retro"])
    client = login_as("employee")
    found = client.get(LIST).context["found"]
    assert found.total == 4
    assert [(v.label, v.count) for v in found.facets["network"]] == [
        ("Ensimmäinen", 3),
        ("Toinen", 1),
    ]
    assert [(v.label, v.count) for v in found.facets["tag"]] == [("kanban", 4), ("retro", 1)]
    retro = next(v for v in found.facets["tag"] if v.label == "retro")
    narrowed = client.get(LIST, {"tag": retro.code}).context["found"]
    assert narrowed.total == 1
    assert [(v.label, v.count) for v in narrowed.facets["network"]] == [("Toinen", 1)]
    by_network = client.get(LIST, {"network": first.pk, "q": "retrospektiivi"}).context["found"]
    assert by_network.total == 3 and by_network.sort == "relevance"


def test_the_tag_facet_shows_the_15_most_common(org, login_as):
    for number in range(18):
        indexed_practice(tags=[f"tagi{number:02d}", "yhteinen"])
    found = login_as("employee").get(LIST).context["found"]
    assert len(found.facets["tag"]) == 15
    assert found.facets["tag"][0].label == "yhteinen"


def test_sorting_by_newest_and_most_helpful(org, login_as):
    older = indexed_practice(title="Vanha työpaja")
    newer = indexed_practice(title="Uusi työpaja")
    Practice.objects.filter(pk=older.pk).update(helped_count=5)
    client = login_as("employee")

    def order(**params):
        return [p.pk for p in client.get(LIST, params).context["found"].page.object_list]

    assert order() == [newer.pk, older.pk]
    assert order(sort="helpful") == [older.pk, newer.pk]
    assert order(q="työpaja", sort="helpful") == [older.pk, newer.pk]


def test_pages_and_a_page_past_the_end(org, login_as):
    for _ in range(PAGE_SIZE + 3):
        indexed_practice()
    client = login_as("employee")
    second = client.get(LIST, {"page": 2}).context["found"].page
    assert len(second.object_list) == 3 and second.number == 2
    past = client.get(LIST, {"page": 9, "q": "retrospektiivi"}).context["found"].page
    assert past.number == 2 and len(past.object_list) == 3


def test_htmx_gets_only_the_results(org, login_as):
    indexed_practice()
    response = login_as("employee").get(LIST, {"q": "työpaja"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert 'id="results"' in page and "<html" not in page and 'role="search"' not in page


# --- one practice ------------------------------------------------------------------------------


def test_the_page_renders_markdown_safely_and_links(org, login_as, network):
    method = MethodFactory(title="Aivokirjoitus")
    hidden_method = MethodFactory(title="Salainen luonnos", status=MethodStatus.DRAFT)
    resource = ResourceFactory(title="Fasilitoinnin perusteet")
    archived = ResourceFactory(title="Vanha kurssi", status=ResourceStatus.ARCHIVED)
    team_order = OrderFactory(requester=org.people["employee"], team=org.team)
    practice = PracticeFactory(
        network=network,
        what_we_did="Käytimme **aivokirjoitusta**. <script>alert(1)</script>",
    )
    practice.methods.set([method, hidden_method])
    practice.resources.set([resource, archived])
    practice.orders.set([team_order])
    url = reverse("networks:practice", args=[practice.pk])
    order_url = team_order.get_absolute_url()

    page = login_as("employee").get(url).content.decode()
    assert "<strong>aivokirjoitusta</strong>" in page and "<script>alert" not in page
    assert reverse("toolkit:method", args=[method.key]) in page
    assert "Salainen luonnos" not in page
    assert reverse("learning:resource", args=[resource.key]) in page
    assert "Vanha kurssi" not in page
    # The employee's team ordered it: the order is a link for them...
    assert order_url in page
    # ...but someone of another unit sees only the service and the date.
    outsider = PersonFactory(unit=org.other_unit, team=org.other_team)
    from django.test import Client

    client = Client()
    client.force_login(outsider.user)
    page = client.get(url).content.decode()
    assert order_url not in page and team_order.service.name in page


def test_a_draft_is_hidden_from_others(org, login_as, network):
    draft = PracticeFactory(
        network=network, author=org.people["support_person"], status=PracticeStatus.DRAFT
    )
    url = reverse("networks:practice", args=[draft.pk])
    assert login_as("employee").get(url).status_code == 404


def test_helped_toggles_with_and_without_htmx(org, login_as, english, network):
    practice = PracticeFactory(network=network)
    client = login_as("employee")
    url = reverse("networks:practice_helped", args=[practice.pk])
    response = client.post(url, {"helped": "1"})
    assert response.status_code == 302 and response["Location"].endswith("#helped")
    response = client.post(url, {"helped": "1"}, headers={"HX-Request": "true"})
    fragment = response.content.decode()
    assert "<html" not in fragment and 'aria-pressed="true"' in fragment
    assert "1 person says this helped them." in fragment
    practice.refresh_from_db()
    assert practice.helped_count == 1
    response = client.post(url, {"helped": "0"}, headers={"HX-Request": "true"})
    assert 'aria-pressed="false"' in response.content.decode()
    assert not PracticeReaction.objects.exists()


def test_comments_are_added_shown_oldest_first_and_deleted(org, login_as, english, network):
    practice = PracticeFactory(network=network)
    PracticeCommentFactory(practice=practice, body="Ensimmäinen kommentti")
    client = login_as("employee")
    url = reverse("networks:practice_comment", args=[practice.pk])
    response = client.post(url, {"body": "Toinen *kommentti*"})
    assert response.status_code == 302
    page = client.get(reverse("networks:practice", args=[practice.pk])).content.decode()
    assert page.index("Ensimmäinen kommentti") < page.index("Toinen <em>kommentti</em>")
    response = client.post(url, {"body": ""})
    assert response.status_code == 400
    mine = PracticeComment.objects.get(author=org.people["employee"])
    delete = reverse("networks:practice_comment_delete", args=[practice.pk, mine.pk])
    assert client.post(delete).status_code == 302
    assert PracticeComment.objects.count() == 1
    other = PracticeComment.objects.get()
    delete_other = reverse("networks:practice_comment_delete", args=[practice.pk, other.pk])
    assert client.post(delete_other).status_code == 403


def test_comments_are_paginated(org, login_as, network):
    practice = PracticeFactory(network=network)
    PracticeComment.objects.bulk_create(
        PracticeComment(practice=practice, author=org.people["employee"], body=f"K{n:03d}")
        for n in range(55)
    )
    client = login_as("employee")
    url = reverse("networks:practice", args=[practice.pk])
    first = client.get(url).content.decode()
    assert "K000" in first and "K054" not in first
    assert "K054" in client.get(url, {"comments": 2}).content.decode()


# --- writing -----------------------------------------------------------------------------------


def test_write_and_publish(org, login_as, network):
    client = login_as("support_person")
    NetworkFactory(name="Verkosto, johon en kuulu")
    page = client.get(reverse("networks:practice_new"))
    assert list(page.context["form"].fields["network"].queryset) == [network]
    response = client.post(reverse("networks:practice_new"), _form(network))
    practice = Practice.objects.get()
    assert response.status_code == 302 and response["Location"] == practice.get_absolute_url()
    assert practice.status == PracticeStatus.PUBLISHED
    assert SearchEntry.objects.filter(kind=PRACTICE_SEARCH_KIND, object_id=practice.pk).exists()


def test_save_as_draft_shows_in_my_drafts(org, login_as, network):
    client = login_as("support_person")
    client.post(reverse("networks:practice_new"), _form(network, action="draft"))
    practice = Practice.objects.get()
    assert practice.status == PracticeStatus.DRAFT
    drafts = client.get(reverse("networks:my_practices")).context["page"]
    assert list(drafts.object_list) == [practice]
    published = client.get(reverse("networks:my_practices"), {"status": "published"})
    assert list(published.context["page"].object_list) == []


def test_errors_stay_beside_the_fields(org, login_as, english, network):
    client = login_as("support_person")
    tags = ", ".join(f"t{n}" for n in range(11))
    response = client.post(reverse("networks:practice_new"), _form(network, title="", tags=tags))
    assert response.status_code == 400
    form = response.context["form"]
    assert "title" in form.errors and "tags" in form.errors
    assert Practice.objects.count() == 0


def test_the_link_pickers_find_without_saving(org, login_as, network):
    method = MethodFactory(title="Aivokirjoitus")
    MethodFactory(title="Kuulumiskierros")
    chosen = ResourceFactory(title="Fasilitoinnin perusteet")
    client = login_as("support_person")
    data = _form(network, action="find", methods_q="aivo", resources=[str(chosen.pk)])
    response = client.post(reverse("networks:practice_new"), data)
    assert response.status_code == 200
    assert Practice.objects.count() == 0
    form = response.context["form"]
    assert [pk for pk, _label in form.fields["methods"].choices] == [method.pk]
    assert [pk for pk, _label in form.fields["resources"].choices] == [chosen.pk]
    page = response.content.decode()
    assert f'value="{chosen.pk}"' in page and "checked" in page
    # Linking what was found and saving.
    data = _form(network, methods=[str(method.pk)], resources=[str(chosen.pk)])
    client.post(reverse("networks:practice_new"), data)
    practice = Practice.objects.get()
    assert list(practice.methods.all()) == [method]
    assert list(practice.resources.all()) == [chosen]


def test_an_order_the_writer_cannot_see_is_refused(org, login_as, network):
    stranger = PersonFactory(unit=org.other_unit, team=org.other_team)
    hidden = OrderFactory(requester=stranger, state=OrderState.CANCELLED)
    response = login_as("support_person").post(
        reverse("networks:practice_new"), _form(network, orders=[str(hidden.pk)])
    )
    assert response.status_code == 400
    assert "orders" in response.context["form"].errors


def test_editing_with_a_stale_version_is_a_409_keeping_my_text(org, login_as, english, network):
    practice = PracticeFactory(network=network, author=org.people["support_person"])
    url = reverse("networks:practice_edit", args=[practice.pk])
    client = login_as("support_person")
    assert client.get(url).context["form"].initial["version"] == 1
    Practice.objects.filter(pk=practice.pk).update(title="Heidän otsikkonsa", version=2)
    response = client.post(url, _form(network, title="Minun otsikkoni", version="1", action="save"))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Heidän otsikkonsa" in page and "Minun otsikkoni" in page
    assert response.context["form"].data["version"] == "2"
    response = client.post(url, _form(network, title="Minun otsikkoni", version="2", action="save"))
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.title == "Minun otsikkoni" and practice.version == 3


def test_publish_and_unpublish_from_the_page(org, login_as, network):
    draft = PracticeFactory(
        network=network, author=org.people["support_person"], status=PracticeStatus.DRAFT
    )
    client = login_as("support_person")
    client.post(reverse("networks:practice_publish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == PracticeStatus.PUBLISHED and draft.published_at is not None
    client.post(reverse("networks:practice_unpublish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == PracticeStatus.DRAFT
