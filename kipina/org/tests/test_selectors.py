import random

import pytest

from kipina.org import selectors
from kipina.org.models import Person, Unit
from kipina.org.tests import factories

pytestmark = pytest.mark.django_db


def test_subtree_headcounts_match_a_brute_force_count():
    rng = random.Random(4)
    units = [factories.UnitFactory(code="R")]
    for index in range(30):
        units.append(factories.UnitFactory(code=f"N{index}", parent=rng.choice(units)))
    for _ in range(200):
        factories.PersonFactory(unit=rng.choice(units), active=rng.random() > 0.2)

    counts = selectors.subtree_headcounts(units)

    for unit in Unit.objects.all():
        subtree = {u.pk for u in Unit.objects.all() if u.path.startswith(unit.path)}
        expected = Person.objects.filter(active=True, unit_id__in=subtree).count()
        assert counts[unit.pk] == expected, unit.code


def test_people_in_subtree_includes_deeper_units_only_below_the_unit():
    root = factories.UnitFactory(code="ROOT")
    left = factories.UnitFactory(code="L", parent=root)
    deep = factories.UnitFactory(code="LL", parent=left)
    right = factories.UnitFactory(code="R1", parent=root)
    in_deep = factories.PersonFactory(unit=deep)
    factories.PersonFactory(unit=right)
    assert list(Person.objects.in_subtree(left)) == [in_deep]
    assert Person.objects.in_subtree(root).count() == 2


def test_moving_a_unit_rewrites_the_paths_of_its_whole_subtree():
    root = factories.UnitFactory(code="ROOT")
    a = factories.UnitFactory(code="A", parent=root)
    b = factories.UnitFactory(code="B", parent=root)
    child = factories.UnitFactory(code="A1", parent=a)
    grandchild = factories.UnitFactory(code="A11", parent=child)
    child.parent = b
    child.save()
    grandchild.refresh_from_db()
    assert grandchild.path == f"/{root.pk}/{b.pk}/{child.pk}/{grandchild.pk}/"
    assert grandchild.depth == 3
