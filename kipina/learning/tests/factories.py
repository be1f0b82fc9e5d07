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


class TeamCompetenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamCompetence

    team = factory.SubFactory(TeamFactory)
    competence = factory.SubFactory(CompetenceFactory)
    meaning = "Mitä tämä tarkoittaa meidän työssämme."
