"""Reads of the seeded demo organisation: whom the journeys sign in as and whom they look for."""

from django.contrib.auth import get_user_model
from django.db.models import Count

from kipina.demo.personas import PERSONA_USERNAMES, Persona
from kipina.org import selectors
from kipina.org.models import Person


def person_of(persona: Persona) -> Person:
    user = (
        get_user_model()
        .objects.select_related("person__unit", "person__team")
        .get(username=persona.username)
    )
    return user.person


def colleague_to_find(viewer: Person) -> Person:
    """An active colleague with as rare a surname as the data has.

    They must appear on the first page both of the directory search for their surname and of
    their unit's "people directly in this unit" list, so the journey can click them in both.
    """
    surnames = (
        Person.objects.filter(active=True)
        .exclude(user__username__in=PERSONA_USERNAMES)
        .values("last_name")
        .annotate(holders=Count("pk"))
        .order_by("holders", "last_name")
    )
    for row in surnames:
        results = list(
            selectors.directory(user=viewer.user, text=row["last_name"])[: selectors.PAGE_SIZE]
        )
        for candidate in results:
            if candidate.last_name != row["last_name"]:
                continue
            if candidate.user.username in PERSONA_USERNAMES:
                continue
            unit_page = selectors.unit_people(user=viewer.user, unit=candidate.unit)
            if candidate in unit_page[: selectors.PAGE_SIZE]:
                return candidate
    raise AssertionError("the demo data has no active colleague that the journey can find")


def directory_count(viewer: Person, text: str) -> int:
    return selectors.directory(user=viewer.user, text=text).count()
