"""The weekly digest: per person, the good practices published last week and the meetings of
the next two weeks in the networks where they are a current member and want the digest.

The digest of the week starting Monday W holds the practices published from W − 7 days up to
W (so every practice is in exactly one week's digest, whenever in the week it is sent) and the
planned meetings from the sending moment up to W + 14 days. A member's own practices are not
news to them and are left out; a digest with nothing in it is not sent.

`send_digests` works through the recipients in batches with a fixed number of queries per
batch: the practices and meetings are read once for all networks; per batch one read of the
people, one of their memberships, and one INSERT … ON CONFLICT DO NOTHING RETURNING that
claims each person's `DigestDelivery` for the week. Only the people claimed by this run get the
email, so running it twice, or on two workers at once, sends nobody two.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kipina.networks.enums import MeetingState, PracticeStatus
from kipina.networks.models import DigestDelivery, Meeting, Membership, Practice
from kipina.org.models import Person

PRACTICE_DAYS = 7
MEETING_DAYS = 14
BATCH_SIZE = 200


def week_of(day: dt.date) -> dt.date:
    """The Monday of the day's week."""
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class Window:
    practices_from: dt.datetime
    practices_to: dt.datetime
    meetings_from: dt.datetime
    meetings_to: dt.datetime


def window(week: dt.date, now: dt.datetime | None = None) -> Window:
    """The times one week's digest covers (local midnight of its Monday as the boundary)."""
    now = now or timezone.now()
    start = timezone.make_aware(dt.datetime.combine(week, dt.time.min))
    return Window(
        practices_from=start - dt.timedelta(days=PRACTICE_DAYS),
        practices_to=start,
        meetings_from=max(now, start),
        meetings_to=start + dt.timedelta(days=MEETING_DAYS),
    )


@dataclass
class Digest:
    person: Person
    week: dt.date
    practices: list[Practice] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.practices and not self.meetings


@dataclass
class News:
    """The week's practices and meetings of every network that has any, by network id."""

    practices: dict[int, list[Practice]]
    meetings: dict[int, list[Meeting]]

    @property
    def network_ids(self) -> set[int]:
        return set(self.practices) | set(self.meetings)


def news_of(span: Window, network_ids=None) -> News:
    """Two queries: the published practices and the planned meetings in the window."""
    practices = (
        Practice.objects.filter(
            status=PracticeStatus.PUBLISHED,
            published_at__gte=span.practices_from,
            published_at__lt=span.practices_to,
            network__active=True,
        )
        .select_related("network", "author")
        .order_by("-published_at", "-pk")
    )
    meetings = (
        Meeting.objects.filter(
            state=MeetingState.PLANNED,
            starts_at__gte=span.meetings_from,
            starts_at__lt=span.meetings_to,
            network__active=True,
        )
        .select_related("network")
        .order_by("starts_at", "pk")
    )
    if network_ids is not None:
        practices = practices.filter(network_id__in=network_ids)
        meetings = meetings.filter(network_id__in=network_ids)
    by_network: dict[int, list] = defaultdict(list)
    for practice in practices:
        by_network[practice.network_id].append(practice)
    meetings_by_network: dict[int, list] = defaultdict(list)
    for meeting in meetings:
        meetings_by_network[meeting.network_id].append(meeting)
    return News(practices=dict(by_network), meetings=dict(meetings_by_network))


def _digest_memberships(person_ids, network_ids) -> dict[int, list[int]]:
    """Per person, the networks (among `network_ids`) they get the digest of: current
    memberships with wants_digest on (one query)."""
    rows = (
        Membership.objects.current()
        .filter(person_id__in=person_ids, network_id__in=network_ids, wants_digest=True)
        .order_by("network__name", "network_id")
        .values_list("person_id", "network_id")
    )
    networks: dict[int, list[int]] = defaultdict(list)
    for person_id, network_id in rows:
        networks[person_id].append(network_id)
    return networks


def build_digests(people: list[Person], week: dt.date, news: News) -> list[Digest]:
    """Each person's digest from the week's news (one query, for their memberships)."""
    networks = _digest_memberships([person.pk for person in people], news.network_ids)
    digests = []
    for person in people:
        digest = Digest(person=person, week=week)
        for network_id in networks.get(person.pk, []):
            digest.practices += [
                practice
                for practice in news.practices.get(network_id, [])
                if practice.author_id != person.pk
            ]
            digest.meetings += news.meetings.get(network_id, [])
        digest.meetings.sort(key=lambda meeting: (meeting.starts_at, meeting.pk))
        digests.append(digest)
    return digests


def digest_for(person: Person, week: dt.date, *, now: dt.datetime | None = None) -> Digest:
    """One person's digest of the week (three queries)."""
    return build_digests([person], week, news_of(window(week, now)))[0]


# --- sending ---------------------------------------------------------------------------------


def _recipients_after(last_pk: int, week: dt.date, network_ids, size: int) -> list[Person]:
    """The next batch of active people with an email who want the digest of a network with
    news and have not had this week's digest (one query)."""
    wanting = Membership.objects.current().filter(network_id__in=network_ids, wants_digest=True)
    delivered = DigestDelivery.objects.filter(week=week)
    return list(
        Person.objects.filter(pk__gt=last_pk, active=True, pk__in=wanting.values("person_id"))
        .exclude(email="")
        .exclude(pk__in=delivered.values("person_id"))
        .only("pk", "first_name", "last_name", "email")
        .order_by("pk")[:size]
    )


def _claim(person_ids: list[int], week: dt.date) -> set[int]:
    """Record the week's delivery for these people; returns those this call recorded (one
    statement: a row another run has already written is skipped, not duplicated)."""
    if not person_ids:
        return set()
    meta = DigestDelivery._meta
    quote = connection.ops.quote_name
    columns = [meta.get_field(name).column for name in ("person", "week", "sent_at")]
    now = timezone.now()
    rows = ", ".join(["(%s, %s, %s)"] * len(person_ids))
    params: list = []
    for pk in person_ids:
        params += [pk, week, now]
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
        f"VALUES {rows} ON CONFLICT ({quote(columns[0])}, {quote(columns[1])}) DO NOTHING "
        f"RETURNING {quote(columns[0])}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


def render_digest(digest: Digest) -> EmailMultiAlternatives:
    """The email in the organisation's language (as every notification email): plain text and
    HTML."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "digest": digest,
            "base_url": settings.KIPINA_BASE_URL,
            "person": digest.person,
        }
        text = render_to_string("networks/digest_email.txt", context)
        html = render_to_string("networks/digest_email.html", context)
        subject = _("Kipinä: news of your networks, week %(week)s") % {
            "week": digest.week.isocalendar().week
        }
    message = EmailMultiAlternatives(subject, text, None, [digest.person.email])
    message.attach_alternative(html, "text/html")
    return message


def send_digests(
    *, week: dt.date, now: dt.datetime | None = None, batch_size: int = BATCH_SIZE
) -> int:
    """Send the week's digest to everyone who should get one and has not; returns how many
    were sent. Each batch's deliveries are recorded and its emails sent in one transaction: if
    the mail server refuses, the batch is recorded as unsent and the next run tries again."""
    week = week_of(week)
    news = news_of(window(week, now))
    if not news.network_ids:
        return 0
    sent = 0
    last_pk = 0
    while True:
        people = _recipients_after(last_pk, week, news.network_ids, batch_size)
        if not people:
            return sent
        last_pk = people[-1].pk
        digests = [d for d in build_digests(people, week, news) if not d.is_empty]
        with transaction.atomic():
            claimed = _claim([digest.person.pk for digest in digests], week)
            messages = [render_digest(d) for d in digests if d.person.pk in claimed]
            if messages:
                mailers.default.send_messages(messages)
        sent += len(messages)
