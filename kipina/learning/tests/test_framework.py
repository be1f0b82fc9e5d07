"""The framework models: translated names, tree constraints, scales."""

import pytest
from django.db import IntegrityError
from django.utils import translation

from kipina.core.permissions import allowed
from kipina.learning.models import Competence, ScaleLevel
from kipina.learning.tests.factories import CompetenceFactory, CompetenceFrameworkFactory

pytestmark = pytest.mark.django_db


def test_names_follow_the_active_language_and_fall_back_to_finnish():
    framework = CompetenceFrameworkFactory(
        shortname_fi="Strategia", shortname_sv="Strategi", shortname_en=""
    )
    with translation.override("sv"):
        assert framework.shortname == "Strategi"
        assert str(framework) == "Strategi"
    with translation.override("en"):
        assert framework.shortname == "Strategia"
    with translation.override("fi"):
        assert framework.scale.levels.first().name == "Aloittelija"


def test_levels_are_ordered_and_one_is_default():
    framework = CompetenceFrameworkFactory()
    levels = list(framework.scale.levels.all())
    assert [level.position for level in levels] == [1, 2, 3]
    with pytest.raises(IntegrityError):
        ScaleLevel.objects.create(
            scale=framework.scale, position=4, name_fi="Mestari", is_default=True
        )


def test_depth_above_two_is_refused_by_the_database():
    framework = CompetenceFrameworkFactory()
    with pytest.raises(IntegrityError):
        CompetenceFactory(framework=framework, depth=3)


def test_idnumber_is_unique_within_a_framework_only():
    first, second = CompetenceFrameworkFactory(), CompetenceFrameworkFactory()
    CompetenceFactory(framework=first, idnumber="A1")
    CompetenceFactory(framework=second, idnumber="A1")
    assert Competence.objects.filter(idnumber="A1").count() == 2
    with pytest.raises(IntegrityError):
        CompetenceFactory(framework=first, idnumber="A1")


def test_related_is_symmetrical():
    framework = CompetenceFrameworkFactory()
    area = CompetenceFactory(framework=framework)
    other = CompetenceFactory(framework=framework)
    area.related.add(other)
    assert list(other.related.all()) == [area]


@pytest.mark.parametrize(
    ("persona", "view", "import_"),
    [
        ("employee", True, False),
        ("support_person", True, False),
        ("coordinator", True, True),
        ("admin", True, True),
    ],
)
def test_permissions(org, persona, view, import_):
    user = org.people[persona].user
    assert allowed(user, "learning.view_frameworks") is view
    assert allowed(user, "learning.import_framework") is import_


def test_anonymous_may_not_view(org):
    from django.contrib.auth.models import AnonymousUser

    assert not allowed(AnonymousUser(), "learning.view_frameworks")
