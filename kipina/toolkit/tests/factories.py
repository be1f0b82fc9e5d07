"""Test data for the toolkit: methods (published unless told otherwise)."""

import factory

from kipina.org.tests.factories import make_language
from kipina.toolkit.enums import ArcPlace, MethodStatus, Mode, Purpose
from kipina.toolkit.models import Method


class MethodFactory(factory.django.DjangoModelFactory):
    """A method saved directly (one revision, no search entry): use services to test those."""

    class Meta:
        model = Method
        skip_postgeneration_save = True

    key = factory.Sequence(lambda n: f"menetelma-{n}")
    title = factory.Sequence(lambda n: f"Kuulumiskierros {n}")
    summary = "Jokainen kertoo lyhyesti, mitä hänelle kuuluu."
    purposes = factory.LazyFunction(lambda: [Purpose.GETTING_STARTED])
    arc = ArcPlace.OPENING
    duration_min = 10
    duration_max = 20
    group_min = 3
    group_max = 15
    mode = Mode.BOTH
    language = factory.LazyFunction(lambda: make_language("fi"))
    steps = "1. Kysy kuulumiset.\n2. Jokainen vastaa yhdellä lauseella."
    status = MethodStatus.PUBLISHED


def method_data(**overrides) -> dict:
    """A valid `data` dict for services.method_create / method_edit."""
    data = {
        "title": "Aivokirjoitus",
        "summary": "Ideoita paperilla hiljaa, sitten yhdessä.",
        "purposes": [Purpose.IDEAS],
        "arc": ArcPlace.DIVERGING,
        "duration_min": 15,
        "duration_max": 30,
        "group_min": 4,
        "group_max": 24,
        "mode": Mode.BOTH,
        "difficulty": "easy",
        "materials": "Paperia ja kyniä",
        "preparation": "",
        "steps": "1. Jaa paperit.\n2. Kirjoita kolme ideaa.\n3. Kierrätä paperi.",
        "tips": "- Etänä: yhteinen taulu.",
        "source": "Yleisesti käytetty menetelmä; Kipinän oma kuvaus.",
        "licence": "own",
        "licence_other": "",
        "language": make_language("fi"),
        "translation_of": None,
    }
    data.update(overrides)
    return data
