"""Test data for the learning app: scales, frameworks, competences, resources, tailorings."""

from decimal import Decimal

import factory

from kipina.learning.enums import (
    CompetenceDepth,
    ProviderKind,
    Relevance,
    ResourceKind,
    ResourceMode,
    ResourceStatus,
)
from kipina.learning.models import (
    Competence,
    CompetenceFramework,
    ProficiencyScale,
    Provider,
    Resource,
    ResourceCompetence,
    ScaleLevel,
    TeamCompetence,
)
from kipina.org.models import Language
from kipina.org.tests.factories import TeamFactory


class ProficiencyScaleFactory(factory.django.DjangoModelFactory):
    """A scale with three levels (the first the default, the last two proficient)."""

    class Meta:
        model = ProficiencyScale
        skip_postgeneration_save = True

    name_fi = factory.Sequence(lambda n: f"Osaamistaso {n}")
    name_sv = factory.Sequence(lambda n: f"Kompetensnivå {n}")
    name_en = factory.Sequence(lambda n: f"Proficiency {n}")

    @factory.post_generation
    def levels(obj, create, extracted, **kwargs):
        if not create:
            return
        names = extracted or [
            ("Aloittelija", "Nybörjare", "Beginner"),
            ("Osaaja", "Kunnig", "Practitioner"),
            ("Edelläkävijä", "Föregångare", "Forerunner"),
        ]
        for position, (fi, sv, en) in enumerate(names, start=1):
            ScaleLevel.objects.create(
                scale=obj,
                position=position,
                name_fi=fi,
                name_sv=sv,
                name_en=en,
                is_default=position == 1,
                proficient=position > 1,
            )


class CompetenceFrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetenceFramework

    idnumber = factory.Sequence(lambda n: f"STRATEGIA-{n}")
    shortname_fi = factory.Sequence(lambda n: f"Strateginen osaaminen {n}")
    shortname_sv = factory.Sequence(lambda n: f"Strategisk kompetens {n}")
    shortname_en = factory.Sequence(lambda n: f"Strategic competences {n}")
    description_fi = "Strategiakauden osaamiset."
    scale = factory.SubFactory(ProficiencyScaleFactory)
    taxonomy = factory.LazyFunction(lambda: ["domain", "competency", "skill"])


class CompetenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competence

    framework = factory.SubFactory(CompetenceFrameworkFactory)
    parent = None
    idnumber = factory.Sequence(lambda n: f"C{n:04d}")
    shortname_fi = factory.Sequence(lambda n: f"Osaaminen {n}")
    shortname_sv = factory.Sequence(lambda n: f"Kompetens {n}")
    shortname_en = factory.Sequence(lambda n: f"Competence {n}")
    depth = factory.LazyAttribute(
        lambda c: c.parent.depth + 1 if c.parent is not None else CompetenceDepth.AREA
    )
    position = factory.Sequence(lambda n: n)


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"tarjoaja-{n}")
    name_fi = factory.Sequence(lambda n: f"Koulutustalo {n}")
    kind = ProviderKind.COMPANY


class ResourceFactory(factory.django.DjangoModelFactory):
    """A published, free, remote Finnish online course (created without the services, so it
    is not in the search index: tests of search create resources through the services)."""

    class Meta:
        model = Resource

    key = factory.Sequence(lambda n: f"resurssi-{n}")
    title = factory.Sequence(lambda n: f"Verkkokurssi {n}")
    description = "Kurssi osaamisen kehittämiseen."
    kind = ResourceKind.WEB_COURSE
    language = factory.LazyFunction(lambda: Language.objects.get_or_create(code="fi")[0])
    duration_hours = Decimal("2")
    mode = ResourceMode.REMOTE
    status = ResourceStatus.PUBLISHED


class ResourceCompetenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResourceCompetence

    resource = factory.SubFactory(ResourceFactory)
    competence = factory.SubFactory(CompetenceFactory)
    relevance = Relevance.CLEAR

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # As the services do: the resource's copy of its competence ids follows its links.
        from kipina.learning.resource_index import refresh_competence_ids

        link = super()._create(model_class, *args, **kwargs)
        refresh_competence_ids([link.resource_id])
        return link


class TeamCompetenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamCompetence

    team = factory.SubFactory(TeamFactory)
    competence = factory.SubFactory(CompetenceFactory)
    meaning = "Mitä tämä tarkoittaa meidän työssämme."


# --- Guidance -------------------------------------------------------------------------------


class RecommendationFactory(factory.django.DjangoModelFactory):
    """A recommendation of a published resource to one person (pass team= and person=None for
    a team); made directly, so nobody is notified."""

    class Meta:
        model = "learning.Recommendation"

    resource = factory.SubFactory(ResourceFactory)
    recommended_by = factory.SubFactory("kipina.org.tests.factories.PersonFactory")
    person = factory.SubFactory("kipina.org.tests.factories.PersonFactory")
    team = None
    note = "Tästä voisi olla apua."


class BookmarkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "learning.Bookmark"

    person = factory.SubFactory("kipina.org.tests.factories.PersonFactory")
    resource = factory.SubFactory(ResourceFactory)


class LearningLogEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "learning.LearningLogEntry"

    person = factory.SubFactory("kipina.org.tests.factories.PersonFactory")
    title = factory.Sequence(lambda n: f"Opin jotain uutta {n}")
    learned_on = factory.Faker("date_between", start_date="-300d", end_date="today")
    hours = Decimal("1.5")
    reflection = "Kokeilen tätä seuraavassa palaverissa."


class ResourceDateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "learning.ResourceDate"

    resource = factory.SubFactory(ResourceFactory)
    start = factory.Faker("date_between", start_date="+10d", end_date="+60d")
    end = factory.LazyAttribute(lambda d: d.start)
    seats = 20


def team_gap(team, competence=None, *, current: int = 1, target: int = 3) -> TeamCompetence:
    """A tailoring of `competence` (a new one if None) by `team` at the given level positions
    of the competence's scale: target − current is the gap."""
    competence = competence or CompetenceFactory()
    levels = {
        level.position: level
        for level in ScaleLevel.objects.filter(scale_id=competence.framework.scale_id)
    }
    return TeamCompetenceFactory(
        team=team,
        competence=competence,
        current_level=levels[current],
        target_level=levels[target],
    )


# --- Team tailoring ----------------------------------------------------------------------


class CompetenceActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "learning.CompetenceAction"

    team_competence = factory.SubFactory(TeamCompetenceFactory)
    description = factory.Sequence(lambda n: f"Sovitaan tiimipalaveri {n}")


def tailoring_framework(areas: int = 2, per_area: int = 2, **fields) -> CompetenceFramework:
    """A framework valid now with `areas` areas of `per_area` competences each (idnumbers A1,
    A1-1, A1-2, A2, …), on a three-level scale."""
    framework = CompetenceFrameworkFactory(**fields)
    for area_number in range(1, areas + 1):
        area = CompetenceFactory(
            framework=framework,
            idnumber=f"A{area_number}",
            shortname_en=f"Area {area_number}",
            position=area_number,
        )
        for number in range(1, per_area + 1):
            CompetenceFactory(
                framework=framework,
                parent=area,
                idnumber=f"A{area_number}-{number}",
                shortname_en=f"Competence {area_number}.{number}",
                position=number,
            )
    return framework


# --- Resource catalogue --------------------------------------------------------------------


def indexed_resource(**fields) -> Resource:
    """A ResourceFactory resource brought into the search index and given its next start, as
    the services would: for tests of search and of upcoming dates. Dates as
    dates=[(start, end, seats), ...]."""
    from kipina.learning.models import ResourceDate
    from kipina.learning.resource_index import index_resource, refresh_derived

    dates = fields.pop("dates", ())
    resource = ResourceFactory(**fields)
    for start, end, seats in dates:
        ResourceDate.objects.create(resource=resource, start=start, end=end, seats=seats)
    index_resource(resource)
    refresh_derived([resource.pk])
    resource.refresh_from_db()
    return resource
