"""Write a planned support history into the database, fast enough for 100 000 people.

The plan refers to people, teams and support persons by their index in the organisation plan;
the loader passes the primary keys those got. Orders go in with explicit ids (one past the
largest existing id), so that events, sessions, hours, feedback and follow-ups can refer to them
without reading anything back; on PostgreSQL the id sequence is moved past them afterwards.
The big tables go through core.bulk_writes.insert_rows in chunks.

Moments (local wall-clock minutes, see support_history) become aware datetimes in UTC: one
cached midnight per day plus a cached minute offset, so a million timestamps cost two lookups
and an addition each, and the database conversion finds them in UTC already.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max, Model
from django.utils import timezone

from kipina.agents.default_catalogue import install_defaults
from kipina.agents.models import Absence, Allocation, Skill, SupportPerson, SupportRole
from kipina.core.bulk_writes import insert_rows, update_by_pk
from kipina.demo.support_history import MINUTES_PER_DAY, SupportHistoryPlan
from kipina.orders.models import Feedback, FollowUp, Order, OrderEvent, Service, Session, TimeEntry

WRITE_CHUNK = 20_000


class _Clock:
    """Moments and day ordinals → aware UTC datetimes and dates, cached per day."""

    def __init__(self) -> None:
        self.zone = timezone.get_default_timezone()
        self.minutes = [dt.timedelta(minutes=minute) for minute in range(MINUTES_PER_DAY)]
        self._midnights: dict[int, dt.datetime] = {}
        self._dates: dict[int, dt.date] = {}

    def _midnight(self, day: int) -> dt.datetime:
        """The UTC instant of local midnight, by the offset at noon: working hours never fall
        in the small hours when the clocks change."""
        noon = dt.datetime.combine(dt.date.fromordinal(day), dt.time(12), tzinfo=self.zone)
        offset = noon.utcoffset() or dt.timedelta(0)
        midnight = dt.datetime.combine(noon.date(), dt.time(0), tzinfo=dt.UTC) - offset
        self._midnights[day] = midnight
        return midnight

    def at(self, moment: int) -> dt.datetime | None:
        if moment < 0:
            return None
        day, minute = divmod(moment, MINUTES_PER_DAY)
        midnight = self._midnights.get(day) or self._midnight(day)
        return midnight + self.minutes[minute]

    def date(self, day: int) -> dt.date:
        value = self._dates.get(day)
        if value is None:
            value = self._dates[day] = dt.date.fromordinal(day)
        return value


def _write(
    model: type[Model], fields: list[str], rows: Iterable[Any], convert: Callable[[Any], tuple]
) -> None:
    """Convert and insert in chunks, so the converted rows never all sit in memory at once."""
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(convert(row))
        if len(chunk) == WRITE_CHUNK:
            insert_rows(model, fields, chunk)
            chunk = []
    insert_rows(model, fields, chunk)


def write_support_history(
    history: SupportHistoryPlan,
    *,
    person_pks: Sequence[int],
    user_pks: Sequence[int],
    team_pks: Sequence[int],
) -> None:
    """Services, profiles (roles, skills, scope, mode, pause), absences, time shares, orders
    with explicit ids, then everything that refers to the orders."""
    clock = _Clock()
    service_pks = _write_services(history)
    sp_by_person = dict(SupportPerson.objects.values_list("person_id", "pk"))
    sp_pks = [sp_by_person[person_pks[person]] for person in history.support_persons]
    _write_profiles(history, sp_pks, clock)
    _write_absences_and_allocations(history, sp_pks, user_pks, clock)
    base = (Order.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    _write_orders(history, base, sp_pks, person_pks, team_pks, service_pks, clock)
    _write_order_rows(history, base, sp_pks, person_pks, user_pks, clock)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Order]):
                cursor.execute(sql)


def _write_services(history: SupportHistoryPlan) -> list[int]:
    # The data migration made them, but a test database flushed between tests has lost them.
    install_defaults(SupportRole, Skill)
    """Every service of the demo catalogue, its required skills and eligible roles by code."""
    skills = dict(Skill.objects.values_list("code", "pk"))
    roles = dict(SupportRole.objects.values_list("code", "pk"))
    pks = []
    for position, text in enumerate(history.services, start=1):
        service, _ = Service.objects.update_or_create(
            code=text.code,
            defaults={
                "name_fi": text.name_fi,
                "name_sv": text.name_sv,
                "name_en": text.name_en,
                "description_fi": text.description_fi,
                "description_sv": text.description_sv,
                "description_en": text.description_en,
                "typical_hours": Decimal(str(text.typical_hours)),
                "assignment_mode": text.assignment_mode,
                "active": True,
                "position": position * 10,
            },
        )
        service.required_skills.set([skills[c] for c in text.required_skills if c in skills])
        service.eligible_roles.set([roles[c] for c in text.eligible_roles if c in roles])
        pks.append(service.pk)
    return pks


def _write_profiles(history: SupportHistoryPlan, sp_pks: list[int], clock: _Clock) -> None:
    """Scope, mode, pause and roles and skills by code; a support person since their first
    time share was asked for."""
    skills = dict(Skill.objects.values_list("code", "pk"))
    roles = dict(SupportRole.objects.values_list("code", "pk"))
    since: dict[int, int] = {}
    for allocation in history.allocations:
        s, at = allocation.support_person, allocation.requested_at
        since[s] = min(since.get(s, at), at)
    update_by_pk(
        SupportPerson,
        ["scope", "mode", "paused_until", "created_at"],
        [
            (pk, profile.scope, profile.mode, profile.paused_until, clock.at(since[s] - 60))
            for s, (pk, profile) in enumerate(zip(sp_pks, history.profiles, strict=True))
        ],
    )
    insert_rows(
        SupportPerson.roles.through,
        ["supportperson", "supportrole"],
        [
            (pk, roles[code])
            for pk, profile in zip(sp_pks, history.profiles, strict=True)
            for code in profile.roles
            if code in roles
        ],
    )
    insert_rows(
        SupportPerson.skills.through,
        ["supportperson", "skill"],
        [
            (pk, skills[code])
            for pk, profile in zip(sp_pks, history.profiles, strict=True)
            for code in profile.skills
            if code in skills
        ],
    )


def _write_absences_and_allocations(
    history: SupportHistoryPlan, sp_pks: list[int], user_pks: Sequence[int], clock: _Clock
) -> None:
    insert_rows(
        Absence,
        ["support_person", "start", "end", "note"],
        [(sp_pks[a.support_person], a.start, a.end, a.note) for a in history.absences],
    )

    def user(person: int | None) -> int | None:
        return None if person is None else user_pks[person]

    insert_rows(
        Allocation,
        [
            "support_person",
            "percent",
            "start",
            "end",
            "weekly_hours",
            "state",
            "note",
            "requested_by",
            "requested_at",
            "decided_by",
            "decided_at",
            "decision_reason",
        ],
        [
            (
                sp_pks[a.support_person],
                Decimal(a.percent),
                a.start,
                a.end,
                a.weekly_hours,
                a.state,
                a.note,
                user(a.requested_by),
                clock.at(a.requested_at),
                user(a.decided_by),
                None if a.decided_at is None else clock.at(a.decided_at),
                a.decision_reason,
            )
            for a in history.allocations
        ],
    )


def _write_orders(
    history: SupportHistoryPlan,
    base: int,
    sp_pks: list[int],
    person_pks: Sequence[int],
    team_pks: Sequence[int],
    service_pks: list[int],
    clock: _Clock,
) -> None:
    at, day = clock.at, clock.date

    def convert(numbered: tuple[int, Any]) -> tuple:
        index, o = numbered
        return (
            base + index,
            service_pks[o.service],
            team_pks[o.team],
            person_pks[o.requester],
            o.need,
            o.goal,
            day(o.earliest),
            day(o.latest),
            o.participants,
            o.language,
            o.onsite,
            o.place,
            o.state,
            None if o.support_person < 0 else sp_pks[o.support_person],
            at(o.accepted_at),
            "",
            o.reflection,
            UUID(int=o.key, version=4),
            at(o.submitted_at),
            at(o.updated_at),
            at(o.closed_at),
            at(o.reminded_at),
        )

    fields = [
        "id",
        "service",
        "team",
        "requester",
        "need",
        "goal",
        "earliest",
        "latest",
        "participants",
        "language",
        "onsite",
        "place",
        "state",
        "support_person",
        "accepted_at",
        "override_reason",
        "reflection",
        "submission_key",
        "submitted_at",
        "updated_at",
        "closed_at",
        "reminded_at",
    ]
    _write(Order, fields, enumerate(history.orders), convert)


def _write_order_rows(
    history: SupportHistoryPlan,
    base: int,
    sp_pks: list[int],
    person_pks: Sequence[int],
    user_pks: Sequence[int],
    clock: _Clock,
) -> None:
    at, day = clock.at, clock.date
    decimals: dict[int, Decimal] = {}

    def hours(tenths: int) -> Decimal:
        value = decimals.get(tenths)
        if value is None:
            value = decimals[tenths] = Decimal(tenths) / 10
        return value

    def sp(index: int) -> int | None:
        return None if index < 0 else sp_pks[index]

    _write(
        OrderEvent,
        ["order", "action", "actor", "at", "from_state", "to_state", "support_person", "note"],
        history.events,
        lambda e: (base + e[0], e[1], user_pks[e[2]], at(e[3]), e[4], e[5], sp(e[6]), e[7]),
    )
    _write(
        Session,
        [
            "order",
            "start",
            "duration_minutes",
            "place",
            "online_link",
            "cancelled_at",
            "uid",
            "sequence",
            "created_at",
            "updated_at",
        ],
        history.sessions,
        lambda s: (
            base + s[0],
            at(s[1]),
            s[2],
            s[3],
            s[4],
            at(s[5]),
            UUID(int=s[6], version=4),
            s[7],
            at(s[8]),
            at(max(s[5], s[8])),
        ),
    )
    _write(
        TimeEntry,
        [
            "order",
            "support_person",
            "date",
            "hours",
            "note",
            "override_reason",
            "created_by",
            "created_at",
        ],
        history.time_entries,
        lambda t: (
            base + t[0],
            sp_pks[t[1]],
            day(t[2]),
            hours(t[3]),
            t[4],
            "",
            user_pks[t[6]],
            at(t[5]),
        ),
    )
    _write(
        Feedback,
        ["order", "person", "rating", "helped", "keep_doing", "created_at"],
        history.feedback,
        lambda f: (base + f[0], person_pks[f[1]], f[2], f[3], f[4], at(f[5])),
    )
    _write(
        FollowUp,
        ["order", "due", "asked_at", "answer", "comment", "answered_at"],
        history.follow_ups,
        lambda f: (base + f[0], day(f[1]), at(f[2]), f[3], f[4], at(f[5])),
    )
