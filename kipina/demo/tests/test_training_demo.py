"""The demo's training path: two programmes with modules, past cohorts whose graduates are
trained for their roles, a full running cohort with a waiting list and counters that match its
rows, the support persona training it, applications in every state (none for the employee
persona, whose supervisor is the supervisor persona); determinism, and removal on reset."""

import datetime as dt
import json
from collections import Counter

import pytest
import rules

from kipina.agents.default_catalogue import SUPPORT_ROLES
from kipina.agents.models import SupportPerson, TrainedStatus
from kipina.demo import training_loader
from kipina.demo.generator import DEFAULT_PEOPLE, DEFAULT_SEED
from kipina.demo.loader import seed_demo_organisation, wipe_organisation
from kipina.learning.enums import ResourceStatus
from kipina.orders.models import Service
from kipina.org.models import Person
from kipina.training.enums import ApplicationState, EnrolmentState
from kipina.training.models import (
    Application,
    Cohort,
    Enrolment,
    Module,
    ModuleCompletion,
    Programme,
)

ANCHOR = dt.date(2026, 3, 18)
LEARNING, CHANGE = "oppimisagenttien-valmennus", "muutosagenttien-valmennus"


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def training_rows() -> dict[str, int]:
    return {
        "programmes": Programme.objects.count(),
        "modules": Module.objects.count(),
        "module resources": Module.resources.through.objects.count(),
        "cohorts": Cohort.objects.count(),
        "trainers": Cohort.trainers.through.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "completions": ModuleCompletion.objects.count(),
        "trained statuses": TrainedStatus.objects.count(),
        "applications": Application.objects.count(),
    }


def test_the_content_refers_only_to_what_exists():
    document = training_loader.read_programmes()
    roles = {entry.code for entry in SUPPORT_ROLES}
    resources = json.loads(
        (training_loader.CONTENT.parent / "learning_content" / "resources.json").read_text("utf-8")
    )["resources"]
    catalogue = {r["key"] for r in resources if r["status"] == ResourceStatus.PUBLISHED}
    assert [p["key"] for p in document["programmes"]] == [LEARNING, CHANGE]
    for programme in document["programmes"]:
        assert set(programme["roles"]) <= roles
        for module in programme["modules"]:
            assert module["resources"] and set(module["resources"]) <= catalogue
            assert 0.5 <= float(module["hours"]) <= 200
    assert len(document["programmes"][0]["modules"]) == 5
    assert len(document["programmes"][1]["modules"]) == 4
    assert set(document["earlier_training"]["roles"]) <= roles
    states = {row["state"] for row in document["applications"]}
    assert states >= {"submitted", "approved", "placed", "trained", "active", "declined"}
    for row in document["applications"]:
        assert row["role"] in roles and row["motivation"]
    assert training_loader.season(dt.date(2026, 3, 1)) == "kevät"
    assert training_loader.season(dt.date(2026, 9, 1)) == "syksy"


@pytest.mark.django_db
def test_the_default_demo_has_programmes_cohorts_trained_people_and_applications():
    seed_demo_organisation(people=DEFAULT_PEOPLE, seed=DEFAULT_SEED, anchor=ANCHOR)
    programmes = {p.key: p for p in Programme.objects.all()}
    assert set(programmes) == {LEARNING, CHANGE}
    assert programmes[LEARNING].name == "Oppimisagenttien valmennus"
    assert programmes[LEARNING].modules.count() == 5 and programmes[CHANGE].modules.count() == 4
    for module in Module.objects.all():
        assert module.hours > 0 and module.resources.exists()
    persona = {
        name: Person.objects.get(user__username=name)
        for name in ("tukihenkilo", "koordinaattori", "tyontekija", "esihenkilo")
    }

    # Counters equal the rows, for every cohort.
    for cohort in Cohort.objects.all():
        states = Counter(cohort.enrolments.values_list("state", flat=True))
        # Seats as kipina.training.services_programmes counts them: completing keeps one.
        seated = states[EnrolmentState.ENROLLED] + states[EnrolmentState.COMPLETED]
        assert cohort.enrolled_count == seated, cohort.name
        assert cohort.waiting_count == states[EnrolmentState.WAITING], cohort.name
        assert cohort.enrolled_count <= cohort.capacity
        cohort.full_clean()

    for key, programme in programmes.items():
        cohorts = list(programme.cohorts.order_by("start"))
        past = [c for c in cohorts if c.end < ANCHOR]
        running = [c for c in cohorts if c.start <= ANCHOR <= c.end]
        assert len(past) >= 3 and len(running) == 1, key
        assert past[0].start <= ANCHOR - dt.timedelta(days=540)
        modules = programme.modules.count()
        for cohort in past:
            completed = cohort.enrolments.filter(state=EnrolmentState.COMPLETED)
            assert completed.exists()
            assert not cohort.enrolments.filter(
                state__in=[EnrolmentState.ENROLLED, EnrolmentState.WAITING]
            ).exists()
            for enrolment in completed:
                assert enrolment.completions.count() == modules
                assert all(
                    cohort.start <= day <= cohort.end
                    for day in enrolment.completions.values_list("completed_on", flat=True)
                )
        (current,) = running
        assert current.enrolments.filter(state=EnrolmentState.ENROLLED).count() == (
            current.capacity
        )
        assert current.enrolled_count == current.capacity
        assert current.waiting_count >= 1
        waiting_since = current.enrolments.filter(state=EnrolmentState.WAITING).earliest(
            "queued_at"
        )
        assert (
            waiting_since.queued_at
            > current.enrolments.filter(state=EnrolmentState.ENROLLED).latest("queued_at").queued_at
        )
        done = ModuleCompletion.objects.filter(enrolment__cohort=current)
        assert done.exists()
        assert done.count() < current.enrolled_count * modules
        assert all(day < ANCHOR for day in done.values_list("completed_on", flat=True))
        assert current.trainers.filter(pk=persona["koordinaattori"].pk).exists()
    running_learning = programmes[LEARNING].cohorts.get(start__lte=ANCHOR, end__gte=ANCHOR)
    assert running_learning.trainers.filter(pk=persona["tukihenkilo"].pk).exists()
    assert rules.has_perm("training.mark_completion", persona["tukihenkilo"].user, running_learning)

    # Trained statuses: most active support persons are trained for their roles; every
    # graduate of a past cohort for the programme's roles they hold.
    pairs = set(
        SupportPerson.objects.active().values_list("pk", "roles__code").exclude(roles__code=None)
    )
    trained = set(TrainedStatus.objects.values_list("support_person", "role__code"))
    assert trained <= pairs
    assert len(trained) >= 0.7 * len(pairs), (len(trained), len(pairs))
    for enrolment in Enrolment.objects.filter(
        state=EnrolmentState.COMPLETED, person__support_profile__isnull=False
    ).select_related("cohort__programme", "person__support_profile"):
        support_person = enrolment.person.support_profile
        held = set(support_person.roles.values_list("code", flat=True))
        wanted = held & set(enrolment.cohort.programme.roles.values_list("code", flat=True))
        assert {(support_person.pk, code) for code in wanted} <= trained
    sources = set(TrainedStatus.objects.values_list("source", flat=True))
    assert any(source.startswith("Oppimisagenttien valmennus, ") for source in sources)
    veera = persona["tukihenkilo"].support_profile
    assert set(veera.trained_statuses.values_list("role__code", flat=True)) == {
        "learning_agent",
        "work_culture_hacker",
    }
    assert not Service.required_trainings.through.objects.exists()

    # Applications in every state, never the employee persona's; her supervisor is the
    # supervisor persona, who has one application to decide.
    assert persona["tyontekija"].supervisor == persona["esihenkilo"]
    applications = Application.objects.select_related("person", "enrolment__cohort")
    assert not applications.filter(person=persona["tyontekija"]).exists()
    states = Counter(applications.values_list("state", flat=True))
    for state in ("submitted", "approved", "placed", "trained", "active", "declined"):
        assert states[state] >= 1, state
    waiting_for_her = applications.filter(
        state=ApplicationState.SUBMITTED, person__supervisor=persona["esihenkilo"]
    )
    assert waiting_for_her.count() == 1
    assert rules.has_perm(
        "training.decide_application", persona["esihenkilo"].user, waiting_for_her.get()
    )
    for application in applications:
        assert application.submitted_at.date() < ANCHOR
        if application.state == ApplicationState.SUBMITTED:
            assert application.decided_by is None
        else:
            assert application.decided_by == application.person.supervisor
        if application.state == ApplicationState.PLACED:
            assert application.enrolment.state == EnrolmentState.ENROLLED
            assert application.enrolment.cohort.end >= ANCHOR
        if application.state == ApplicationState.TRAINED:
            assert application.enrolment.state == EnrolmentState.COMPLETED
            assert not SupportPerson.objects.filter(person=application.person).exists()
        if application.state == ApplicationState.ACTIVE:
            support_person = application.person.support_profile
            assert support_person.active and application.allocation.support_person == (
                support_person
            )
            assert application.enrolment.state == EnrolmentState.COMPLETED
            assert (support_person.pk, application.role.code) in trained
        if application.state == ApplicationState.DECLINED:
            assert application.decision_reason
        if application.state in (
            ApplicationState.SUBMITTED,
            ApplicationState.APPROVED,
            ApplicationState.DECLINED,
        ):
            assert application.enrolment is None


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_training_and_reset_removes_it():
    def digest() -> list:
        return [
            sorted(
                Cohort.objects.values_list(
                    "programme__key", "name", "start", "end", "enrolled_count", "waiting_count"
                )
            ),
            sorted(
                Enrolment.objects.values_list(
                    "cohort__name", "person__employee_number", "state", "queued_at"
                ),
                key=str,
            ),
            sorted(
                TrainedStatus.objects.values_list(
                    "support_person__person__employee_number", "role__code", "granted_on"
                )
            ),
            sorted(
                Application.objects.values_list("person__employee_number", "state", "submitted_at")
            ),
        ]

    seed_demo_organisation(people=120, seed=4, anchor=ANCHOR)
    first, rows = digest(), training_rows()
    assert all(rows.values()), rows

    seed_demo_organisation(people=120, seed=4, anchor=ANCHOR, reset=True)

    assert digest() == first
    assert training_rows() == rows

    wipe_organisation()

    assert set(training_rows().values()) == {0}
