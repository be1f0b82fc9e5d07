import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from kipina.agents.models import SupportPerson
from kipina.core.enums import COORDINATOR_GROUP
from kipina.org.models import Language, Person, Team, Unit

TEST_PASSWORD = "Testi-salasana-2026!"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"Yksikkö {n}")
    parent = None


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    code = factory.Sequence(lambda n: f"T{n:04d}")
    name = factory.Sequence(lambda n: f"Tiimi {n}")
    unit = factory.SubFactory(UnitFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    user = factory.SubFactory(UserFactory)
    employee_number = factory.Sequence(lambda n: f"E{n:06d}")
    first_name = factory.Iterator(["Aino", "Eero", "Helmi", "Juhani", "Kerttu", "Lauri"])
    last_name = factory.Iterator(["Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Lindqvist"])
    email = factory.LazyAttribute(lambda p: p.user.email)
    unit = factory.SubFactory(UnitFactory)
    team = None
    job_title = "Sairaanhoitaja"


def make_language(code: str) -> Language:
    return Language.objects.get_or_create(code=code)[0]


def make_coordinator(person: Person) -> Person:
    group, _ = Group.objects.get_or_create(name=COORDINATOR_GROUP)
    person.user.groups.add(group)
    return person


def make_admin(person: Person) -> Person:
    person.user.is_staff = True
    person.user.is_superuser = True
    person.user.save(update_fields=["is_staff", "is_superuser"])
    return person


def make_support_person(person: Person) -> SupportPerson:
    return SupportPerson.objects.create(person=person, introduction="Autan tiimejä oppimaan.")
