"""The demo accounts, one per persona: the single list that seeding, tests, e2e and bench share."""

from dataclasses import dataclass

from kipina.core.enums import Role

# Long enough for the length validator, not in Django's common-password list. Demo data only:
# every other seeded account gets an unusable password.
DEMO_PASSWORD = "Kipina-demo-2026!"


@dataclass(frozen=True, slots=True)
class Persona:
    key: str  # a kipina.core.enums.Role value
    username: str
    label_fi: str
    label_en: str
    first_name: str
    last_name: str
    job_title: str
    languages: tuple[str, ...]


PERSONAS: list[Persona] = [
    Persona(
        key=Role.EMPLOYEE.value,
        username="tyontekija",
        label_fi="Työntekijä",
        label_en="Employee",
        first_name="Iida",
        last_name="Rantanen",
        job_title="Lähihoitaja",
        languages=("fi",),
    ),
    Persona(
        key=Role.TEAM_LEAD.value,
        username="tiiminvetaja",
        label_fi="Tiiminvetäjä",
        label_en="Team lead",
        first_name="Joonas",
        last_name="Kivelä",
        job_title="Sairaanhoitaja",
        languages=("en", "fi"),
    ),
    Persona(
        key=Role.SUPERVISOR.value,
        username="esihenkilo",
        label_fi="Esihenkilö",
        label_en="Supervisor",
        first_name="Sari",
        last_name="Kettunen",
        job_title="Osastonhoitaja",
        languages=("en", "fi", "sv"),
    ),
    Persona(
        key=Role.SUPPORT_PERSON.value,
        username="tukihenkilo",
        label_fi="Oppimisen tukihenkilö",
        label_en="Learning support person",
        first_name="Veera",
        last_name="Lindholm",
        job_title="Sairaanhoitaja",
        languages=("en", "fi", "sv"),
    ),
    Persona(
        key=Role.COORDINATOR.value,
        username="koordinaattori",
        label_fi="Koordinaattori",
        label_en="Coordinator",
        first_name="Tiina",
        last_name="Aaltonen",
        job_title="Kehittämiskoordinaattori",
        languages=("en", "fi", "sv"),
    ),
    Persona(
        key=Role.ADMIN.value,
        username="admin",
        label_fi="Ylläpitäjä",
        label_en="Administrator",
        first_name="Antti",
        last_name="Sjöberg",
        job_title="Järjestelmäasiantuntija",
        languages=("en", "fi", "sv"),
    ),
]

PERSONAS_BY_KEY: dict[str, Persona] = {persona.key: persona for persona in PERSONAS}
PERSONA_USERNAMES: frozenset[str] = frozenset(persona.username for persona in PERSONAS)
