"""Write a planned demo organisation into the database, fast enough for 100 000 people.

Rows go in with bulk_create in batches; units get their materialised path computed here (the
model's save() would cost a few queries per unit). People are inserted level by level of the
line organisation, so every supervisor already has a primary key when their reports are built.
Passwords are hashed once: the persona accounts share one hash, everyone else shares one
unusable-password marker. The support history (kipina.demo.support_history) is planned before
the transaction and written at the end of write_plan, relative to the day of seeding.
"""

import contextlib
import datetime
import gc
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import NotSupportedError, connection, models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone

from kipina.agents.models import (
    Absence,
    Allocation,
    OtherSupportTime,
    SupportPerson,
    TrainedStatus,
)
from kipina.core.bulk_writes import chunks, update_by_pk
from kipina.core.enums import COORDINATOR_GROUP, Role
from kipina.core.models import Notification, SearchEntry
from kipina.demo.generator import OrganisationPlan, PersonPlan, UnitPlan, plan_organisation
from kipina.demo.learning_loader import load_learning
from kipina.demo.networks_loader import load_networks
from kipina.demo.personas import DEMO_PASSWORD, PERSONA_USERNAMES
from kipina.demo.support_history import SupportHistoryPlan, plan_support_history
from kipina.demo.support_writer import write_support_history
from kipina.demo.toolkit_loader import load_toolkit
from kipina.demo.training_loader import load_training
from kipina.learning.enums import RESOURCE_SEARCH_KIND
from kipina.learning.models import (
    Bookmark,
    Competence,
    CompetenceAction,
    CompetenceFramework,
    CompetenceReview,
    LearningLogEntry,
    ProficiencyScale,
    Provider,
    Recommendation,
    RecommendationAnswer,
    Resource,
    ResourceCompetence,
    ResourceDate,
    ReviewEntry,
    ScaleLevel,
    TeamCompetence,
)
from kipina.networks.enums import PRACTICE_SEARCH_KIND
from kipina.networks.models import (
    DigestDelivery,
    JoinRequest,
    Meeting,
    MeetingDecision,
    Membership,
    Network,
    Participation,
    Practice,
    PracticeComment,
    PracticeReaction,
    PracticeTag,
)
from kipina.orders.enums import OPEN_STATES
from kipina.orders.models import (
    Feedback,
    FollowUp,
    Order,
    OrderEvent,
    Service,
    Session,
    TimeEntry,
)
from kipina.org.models import Language, Person, Team, Unit, unit_path
from kipina.toolkit.enums import SEARCH_KIND as METHOD_SEARCH_KIND
from kipina.toolkit.models import Agenda, AgendaBlock, Method, MethodComment, MethodUse
from kipina.training.models import (
    Application,
    Cohort,
    Enrolment,
    Module,
    ModuleCompletion,
    Programme,
)

BATCH_SIZE = 2000
# SQLite's page cache while seeding, in KiB (negative = KiB): the default 2 MB spills the
# indexes of a few million new rows to disk and reads them back over and over.
SQLITE_CACHE_KIB = -262144
DELETE_BATCH_SIZE = 1000
# A fixed join date keeps two seeds of the same size identical.
DEMO_JOIN_DATE = datetime.datetime(2026, 1, 1, 8, 0, tzinfo=datetime.UTC)


class DemoSeedError(Exception):
    """The demo organisation cannot be written; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class SeedResult:
    created: bool
    units: int
    teams: int
    people: int
    support_persons: int
    seconds: float
    services: int = 0
    orders: int = 0
    open_orders: int = 0
    sessions: int = 0
    time_entries: int = 0
    feedback: int = 0
    learning_resources: int = 0
    tailored_teams: int = 0
    recommendations: int = 0


def organisation_exists() -> bool:
    return Unit.objects.exists() or Person.objects.exists()


def _counts(*, created: bool, started: float) -> SeedResult:
    return SeedResult(
        created=created,
        units=Unit.objects.count(),
        teams=Team.objects.count(),
        people=Person.objects.count(),
        support_persons=SupportPerson.objects.count(),
        services=Service.objects.count(),
        orders=Order.objects.count(),
        open_orders=Order.objects.filter(state__in=OPEN_STATES).count(),
        sessions=Session.objects.count(),
        time_entries=TimeEntry.objects.count(),
        feedback=Feedback.objects.count(),
        learning_resources=Resource.objects.count(),
        tailored_teams=TeamCompetence.objects.values("team").distinct().count(),
        recommendations=Recommendation.objects.count(),
        seconds=time.perf_counter() - started,
    )


@contextlib.contextmanager
def _bulk_mode():
    """Settings for writing millions of rows in one go.

    The plans are millions of small tuples without reference cycles, so the cyclic garbage
    collector would only walk them over and over. With DEBUG on, Django keeps the text of every
    query (a megabyte-long INSERT each) and on SQLite runs extra queries to quote its
    parameters, which doubles the time of seeding; this connection's cursors skip that here.
    SQLite also gets a larger page cache (SQLITE_CACHE_KIB) for the while.
    """
    enabled = gc.isenabled()
    gc.disable()
    connection.make_debug_cursor = connection.make_cursor  # an instance attribute, undone below
    sqlite = connection.vendor == "sqlite"
    if sqlite:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            cache_size = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA cache_size = {SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        if sqlite:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")
        del connection.make_debug_cursor
        if enabled:
            gc.enable()


def seed_demo_organisation(
    *, people: int, seed: int, reset: bool = False, anchor: datetime.date | None = None
) -> SeedResult:
    """Plan the organisation and its support history up to the anchor day (default: today),
    then in one transaction: wipe (on reset) or stop if data exists, write, count."""
    started = time.perf_counter()
    if not reset and organisation_exists():
        return _counts(created=False, started=started)
    with _bulk_mode():
        plan = plan_organisation(people=people, seed=seed)
        history = plan_support_history(plan, seed=seed, anchor=anchor or timezone.localdate())
        with transaction.atomic():
            if not _write_unless_present(plan, history, reset=reset):
                return _counts(created=False, started=started)
            load_toolkit(seed=seed, anchor=history.anchor)
            load_learning(seed=seed, anchor=history.anchor)
            load_networks(seed=seed, anchor=history.anchor)
            load_training(seed=seed, anchor=history.anchor)
    return _counts(created=True, started=started)


def _write_unless_present(
    plan: OrganisationPlan, history: SupportHistoryPlan, *, reset: bool
) -> bool:
    if reset:
        wipe_organisation()
    elif organisation_exists():  # someone else seeded while we were planning
        return False
    taken = sorted(
        get_user_model()
        .objects.filter(username__in=PERSONA_USERNAMES)
        .values_list("username", flat=True)
    )
    if taken:
        raise DemoSeedError(
            f"User account(s) {', '.join(taken)} already exist and the demo needs these "
            "usernames. Rename them, or run seed_demo --reset to delete them."
        )
    write_plan(plan, history)
    return True


# Support data in an order that never deletes a row another row still needs (children first).
# They go with plain DELETEs (one TRUNCATE on PostgreSQL): Django's delete() would first load
# every order into memory to collect its cascades. A model added later that refers to these
# must join this list.
SUPPORT_TABLES: tuple[type[models.Model], ...] = (
    # Networks and training first: they refer to people, orders, methods, agendas, resources,
    # support persons and time shares (a meeting SETs NULL its agenda, a practice PROTECTs its
    # network and author, an application its role).
    PracticeReaction,
    PracticeComment,
    Practice.tags.through,
    Practice.methods.through,
    Practice.orders.through,
    Practice.resources.through,
    Practice,
    PracticeTag,
    DigestDelivery,
    Participation,
    MeetingDecision,
    Meeting,
    JoinRequest,
    Membership,
    Network,
    Application,
    ModuleCompletion,
    Enrolment,
    Cohort.trainers.through,
    Cohort,
    Module.resources.through,
    Module,
    Programme.roles.through,
    Programme,
    TrainedStatus,
    OtherSupportTime,
    # Guidance and tailorings before the resources, competences, scale levels, orders and
    # people they refer to (a recommendation PROTECTs its author, a tailoring its levels, a
    # resource its provider).
    RecommendationAnswer,
    Recommendation,
    Bookmark,
    LearningLogEntry,
    ReviewEntry,
    CompetenceReview,
    CompetenceAction,
    TeamCompetence.resources.through,
    TeamCompetence.orders.through,
    TeamCompetence,
    ResourceCompetence,
    ResourceDate,
    Resource.audience_units.through,
    Resource,
    Provider,
    # Frameworks before scales: a framework PROTECTs its scale.
    Competence.related.through,
    Competence,
    CompetenceFramework,
    ScaleLevel,
    ProficiencyScale,
    MethodUse,
    MethodComment,
    AgendaBlock,
    Agenda,
    Method.contributors.through,
    Method.history.model,
    Method,
    Notification,
    OrderEvent,
    Session,
    TimeEntry,
    Feedback,
    FollowUp,
    Order,
    Service.required_skills.through,
    Service.required_trainings.through,
    Service.eligible_roles.through,
    Service,
    Allocation,
    Absence,
    SupportPerson.roles.through,
    SupportPerson.skills.through,
)


def _delete_all(tables: Sequence[type[models.Model]]) -> None:
    names = [connection.ops.quote_name(model._meta.db_table) for model in tables]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement for all: no foreign-key checks row by row between them, and an
            # error (not a silent cascade) if a table outside the list still refers to them.
            # Rows written earlier in this transaction must have their checks run first.
            connection.check_constraints()
            cursor.execute(f"TRUNCATE {', '.join(names)}")
            return
        for name in names:
            cursor.execute(f"DELETE FROM {name}")  # noqa: S608


def wipe_organisation() -> None:
    """Delete the networks (meetings, good practices and their search entries), the training
    path (programmes, cohorts, applications, trained statuses), the learning data (guidance,
    tailorings and reviews, the resource catalogue with its search entries, frameworks), the
    toolkit, the support history (notifications, orders and all that belongs to them,
    services, time shares, absences), support profiles, people
    and their accounts, teams, units and the demo accounts."""
    user_model = get_user_model()
    try:
        _delete_all(SUPPORT_TABLES)
        SearchEntry.objects.filter(
            kind__in=[METHOD_SEARCH_KIND, RESOURCE_SEARCH_KIND, PRACTICE_SEARCH_KIND]
        ).delete()
        SupportPerson.objects.all().delete()
        # Clear the references between org rows first, so no delete trips over another row.
        Team.objects.update(lead=None)
        Person.objects.update(supervisor=None, team=None)
        user_ids = list(Person.objects.values_list("user_id", flat=True))
        Person.languages.through.objects.all().delete()
        Person.objects.all().delete()
        Team.objects.all().delete()
        Unit.objects.update(parent=None)
        Unit.objects.all().delete()
        for chunk in chunks(user_ids, DELETE_BATCH_SIZE):
            user_model.objects.filter(pk__in=chunk).delete()
        user_model.objects.filter(username__in=PERSONA_USERNAMES).delete()
    except (ProtectedError, RestrictedError, NotSupportedError) as error:
        raise DemoSeedError(
            "Other data (orders, networks, …) still refers to the organisation, so it cannot be "
            "reset on its own. Empty the whole database instead: manage.py flush, then seed_demo."
        ) from error


def write_plan(plan: OrganisationPlan, history: SupportHistoryPlan | None = None) -> None:
    """Languages, units with paths, teams, users and people by level, team leads, support
    persons, the coordinator group, and the support history when one is given."""
    codes = sorted({code for person in plan.people for code in person.languages})
    Language.objects.bulk_create([Language(code=code) for code in codes], ignore_conflicts=True)
    unit_pks = _create_units(plan.units)
    teams = [Team(code=t.code, name=t.name, unit_id=unit_pks[t.unit]) for t in plan.teams]
    _bulk_create_with_pks(Team, teams, key="code")
    person_pks, user_pks = _create_people(plan, unit_pks, [team.pk for team in teams])
    update_by_pk(
        Team,
        ["lead"],
        [(team.pk, person_pks[t.lead]) for team, t in zip(teams, plan.teams, strict=True)],
    )
    SupportPerson.objects.bulk_create(
        [
            SupportPerson(person_id=person_pks[s.person], introduction=s.introduction)
            for s in plan.support_persons
        ],
        batch_size=BATCH_SIZE,
    )
    coordinators, _ = Group.objects.get_or_create(name=COORDINATOR_GROUP)
    coordinators.user_set.add(
        *[user_pks[i] for i, p in enumerate(plan.people) if p.persona == Role.COORDINATOR]
    )
    if history is not None:
        write_support_history(
            history,
            person_pks=person_pks,
            user_pks=user_pks,
            team_pks=[team.pk for team in teams],
        )


def _create_units(units: list[UnitPlan]) -> list[int]:
    """Insert depth by depth, then store each path ("/<root pk>/…/<own pk>/") and depth."""
    pks: list[int] = [0] * len(units)
    paths: list[str] = [""] * len(units)
    created: list[Unit] = []

    def parent_pk(unit: UnitPlan) -> int | None:
        return None if unit.parent is None else pks[unit.parent]

    for depth in range(max(unit.depth for unit in units) + 1):
        indexes = [i for i, unit in enumerate(units) if unit.depth == depth]
        objects = [
            Unit(
                code=units[i].code,
                name=units[i].name,
                parent_id=parent_pk(units[i]),
                depth=depth,
            )
            for i in indexes
        ]
        _bulk_create_with_pks(Unit, objects, key="code")
        for i, unit in zip(indexes, objects, strict=True):
            parent = units[i].parent
            pks[i] = unit.pk
            paths[i] = unit.path = unit_path(None if parent is None else paths[parent], unit.pk)
        created.extend(objects)
    update_by_pk(Unit, ["path", "depth"], [(u.pk, u.path, u.depth) for u in created])
    return pks


def _create_people(
    plan: OrganisationPlan, unit_pks: list[int], team_pks: list[int]
) -> tuple[list[int], list[int]]:
    user_model = get_user_model()
    persona_password = make_password(DEMO_PASSWORD)
    unusable_password = make_password(None)
    through = Person.languages.through
    person_pks: list[int] = []
    user_pks: list[int] = []
    for batch in _level_batches(plan.people):
        users = [
            user_model(
                username=p.username,
                email=p.email,
                first_name=p.first_name,
                last_name=p.last_name,
                password=persona_password if p.persona else unusable_password,
                is_staff=p.persona == Role.ADMIN,
                is_superuser=p.persona == Role.ADMIN,
                date_joined=DEMO_JOIN_DATE,
            )
            for p in batch
        ]
        _bulk_create_with_pks(user_model, users, key="username")
        people = [
            Person(
                user_id=user.pk,
                employee_number=p.employee_number,
                first_name=p.first_name,
                last_name=p.last_name,
                email=p.email,
                unit_id=unit_pks[p.unit],
                team_id=None if p.team is None else team_pks[p.team],
                job_title=p.job_title,
                supervisor_id=None if p.supervisor is None else person_pks[p.supervisor],
                weekly_hours=p.weekly_hours,
            )
            for p, user in zip(batch, users, strict=True)
        ]
        _bulk_create_with_pks(Person, people, key="employee_number")
        through.objects.bulk_create(
            [
                through(person_id=person.pk, language_id=code)
                for p, person in zip(batch, people, strict=True)
                for code in p.languages
            ],
            batch_size=BATCH_SIZE,
        )
        person_pks.extend(person.pk for person in people)
        user_pks.extend(user.pk for user in users)
    return person_pks, user_pks


def _level_batches(people: list[PersonPlan]) -> Iterator[list[PersonPlan]]:
    """Consecutive runs of one level, at most BATCH_SIZE long. The plan lists people by level,
    so each batch's supervisors were inserted by an earlier batch."""
    batch: list[PersonPlan] = []
    for person in people:
        if batch and (len(batch) == BATCH_SIZE or person.level != batch[-1].level):
            yield batch
            batch = []
        batch.append(person)
    if batch:
        yield batch


def _bulk_create_with_pks(model: type[models.Model], objects: list, *, key: str) -> None:
    """bulk_create, then make sure every object knows its primary key.

    PostgreSQL and SQLite ≥ 3.35 return the keys from the INSERT; elsewhere one extra query per
    batch looks them up by a unique field.
    """
    for chunk in chunks(objects, BATCH_SIZE):
        model._default_manager.bulk_create(chunk)
        if chunk and chunk[0].pk is None:
            by_key = dict(
                model._default_manager.filter(
                    **{f"{key}__in": [getattr(obj, key) for obj in chunk]}
                ).values_list(key, "pk")
            )
            for obj in chunk:
                obj.pk = by_key[getattr(obj, key)]
