"""The competence pages: list, framework tree, competence, Moodle CSV export and import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kipina.learning.enums import CompetenceDepth
from kipina.learning.models import Competence, CompetenceFramework
from kipina.learning.moodle_csv import COLUMNS, import_framework
from kipina.learning.tests.factories import CompetenceFactory, CompetenceFrameworkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def _tree():
    framework = CompetenceFrameworkFactory(idnumber="HYV-2030", shortname_en="Wellbeing 2030")
    area_b = CompetenceFactory(framework=framework, idnumber="B", shortname_en="Area B", position=2)
    area_a = CompetenceFactory(framework=framework, idnumber="A", shortname_en="Area A", position=1)
    a2 = CompetenceFactory(framework=framework, parent=area_a, idnumber="A2", position=2)
    a1 = CompetenceFactory(
        framework=framework, parent=area_a, idnumber="A1", shortname_en="Service design", position=1
    )
    a1x = CompetenceFactory(
        framework=framework, parent=a1, idnumber="A1X", shortname_en="Client panel", position=1
    )
    a1.related.add(a2)
    return framework, {"A": area_a, "B": area_b, "A1": a1, "A2": a2, "A1X": a1x}


def test_list_shows_frameworks_with_counts(org, login_as, english):
    framework, _ = _tree()
    CompetenceFrameworkFactory(shortname_en="Empty one")
    response = login_as("employee").get(reverse("learning:frameworks"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Wellbeing 2030" in page and "Empty one" in page
    counts = {f.pk: f.competence_count for f in response.context["page"].object_list}
    assert counts[framework.pk] == 5
    assert reverse("learning:framework_import") not in page
    coordinator_page = login_as("coordinator").get(reverse("learning:frameworks"))
    assert reverse("learning:framework_import") in coordinator_page.content.decode()


def test_framework_page_shows_levels_and_tree_in_order(org, login_as, english):
    framework, c = _tree()
    response = login_as("employee").get(reverse("learning:framework", args=[framework.idnumber]))
    assert response.status_code == 200
    page = response.content.decode()
    order = [page.index(f'/competences/{key}/"') for key in ("A", "A1", "A1X", "A2", "B")]
    assert order == sorted(order)
    tree = response.context["tree"]
    assert [node.competence.idnumber for node in tree] == ["A", "B"]
    assert [node.competence.idnumber for node in tree[0].children] == ["A1", "A2"]
    assert [node.competence.idnumber for node in tree[0].children[0].children] == ["A1X"]
    assert "Practitioner" in page
    assert reverse("learning:framework_export", args=[framework.idnumber]) in page
    assert page.count("<h1") == 1


def test_competence_page(org, login_as, english):
    framework, c = _tree()
    response = login_as("employee").get(
        reverse("learning:competence", args=[framework.idnumber, "A1"])
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Service design" in page
    assert "Area A" in page  # the parent
    assert "Client panel" in page  # a child
    assert reverse("learning:competence", args=[framework.idnumber, "A2"]) in page  # related
    assert c["A1X"].depth == CompetenceDepth.SUB_COMPETENCE


def test_competence_of_another_framework_is_404(org, login_as):
    framework, _ = _tree()
    other = CompetenceFactory()
    response = login_as("employee").get(
        reverse("learning:competence", args=[framework.idnumber, other.idnumber])
    )
    assert response.status_code == 404


def test_export_download_round_trips(org, login_as):
    framework, _ = _tree()
    response = login_as("employee").get(
        reverse("learning:framework_export", args=[framework.idnumber])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="HYV-2030.csv"'
    data = response.content
    before = sorted(
        (c.idnumber, c.parent.idnumber if c.parent else "", c.shortname_fi)
        for c in framework.competences.select_related("parent")
    )
    framework.delete()
    report = import_framework(actor=org.people["coordinator"].user, data=data)
    assert report.ok, report.errors
    again = CompetenceFramework.objects.get(idnumber="HYV-2030")
    after = sorted(
        (c.idnumber, c.parent.idnumber if c.parent else "", c.shortname_fi)
        for c in again.competences.select_related("parent")
    )
    assert after == before


def _upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("framework.csv", text.encode(), content_type="text/csv")


GOOD = (
    ",".join(COLUMNS)
    + "\n"
    + ',NEW-1,Uusi kehys,,4,"Ei,Osaa","[{""scaleid"":""1""},{""id"":1,""scaledefault"":1,'
    + '""proficient"":0},{""id"":2,""scaledefault"":0,""proficient"":1}]",,,,,,1,\n'
    + ",AREA,Alue,,4,,,,,,,,0,\n"
    + "AREA,AREA-1,Osaaminen,,4,,,,,,,,0,\n"
)


def test_import_bad_file_is_400_with_row_and_nothing_created(org, login_as, english):
    bad = GOOD + "MISSING,ORPHAN,Orpo,,4,,,,,,,,0,\n"
    response = login_as("coordinator").post(
        reverse("learning:framework_import"), {"file": _upload(bad)}
    )
    assert response.status_code == 400
    page = response.content.decode()
    errors = response.context["report"].errors
    assert errors and errors[0][0] == 5
    assert '<th scope="row" class="num">5</th>' in page
    assert "<caption>" in page
    assert not CompetenceFramework.objects.exists()
    assert not Competence.objects.exists()


def test_import_good_file_redirects_to_the_framework(org, login_as, english):
    client = login_as("coordinator")
    response = client.post(reverse("learning:framework_import"), {"file": _upload(GOOD)})
    assert response.status_code == 302
    assert response["Location"] == reverse("learning:framework", args=["NEW-1"])
    assert CompetenceFramework.objects.get(idnumber="NEW-1").competences.count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "Imported the framework" in page


def test_import_existing_needs_replace(org, login_as, english):
    client = login_as("coordinator")
    client.post(reverse("learning:framework_import"), {"file": _upload(GOOD)})
    refused = client.post(reverse("learning:framework_import"), {"file": _upload(GOOD)})
    assert refused.status_code == 400
    replaced = client.post(
        reverse("learning:framework_import"), {"file": _upload(GOOD), "replace": "on"}
    )
    assert replaced.status_code == 302
    assert CompetenceFramework.objects.filter(idnumber="NEW-1").count() == 1


def test_import_is_403_for_employees(org, login_as):
    client = login_as("employee")
    assert client.get(reverse("learning:framework_import")).status_code == 403
    response = client.post(reverse("learning:framework_import"), {"file": _upload(GOOD)})
    assert response.status_code == 403
    assert not CompetenceFramework.objects.exists()
