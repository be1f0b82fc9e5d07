"""Builders for good practices in tests: practices (published unless told otherwise),
comments, and a published practice brought into the search index as the services do."""

import factory
from django.utils import timezone

from kipina.networks.enums import PracticeStatus
from kipina.networks.models import Practice, PracticeComment, PracticeTag
from kipina.networks.practice_index import index_practice
from kipina.networks.tests.factories_networks import NetworkFactory
from kipina.org.tests.factories import PersonFactory


class PracticeFactory(factory.django.DjangoModelFactory):
    """A published Finnish practice saved directly (no search entry: see indexed_practice)."""

    class Meta:
        model = Practice
        skip_postgeneration_save = True

    network = factory.SubFactory(NetworkFactory)
    title = factory.Sequence(lambda n: f"Retrospektiivi työpajassa {n}")
    situation = "Tiimi halusi oppia omasta työstään, mutta palavereissa ei ollut aikaa."
    what_we_did = "Pidimme **lyhyen** retrospektiivin joka toinen viikko."
    what_we_learned = "Pieni säännöllinen pysähtyminen auttoi enemmän kuin iso koulutus."
    language = "fi"
    status = PracticeStatus.PUBLISHED
    author = factory.SubFactory(PersonFactory)
    published_at = factory.LazyAttribute(
        lambda p: timezone.now() if p.status == PracticeStatus.PUBLISHED else None
    )

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.tags.set(PracticeTag.objects.get_or_create(name=name)[0] for name in extracted)


class PracticeCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeComment

    practice = factory.SubFactory(PracticeFactory)
    author = factory.SubFactory(PersonFactory)
    body = "Kokeilimme samaa, toimi meilläkin."


def indexed_practice(**fields) -> Practice:
    """A PracticeFactory practice in the search index (tags as tags=[names])."""
    practice = PracticeFactory(**fields)
    index_practice(practice)
    return practice
