"""Writes for guidance: recommendations and the recipients' answers, bookmarks, the personal
learning log.

A recommendation goes to one team or one person; the recipients are notified in the same
transaction (their notification rows roll back with it, emails leave after the commit). A
recommendation stays open until a recipient marks it done; while it is open its author cannot
recommend the same resource to the same recipient again.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kipina.core.errors import ServiceError, full_clean_or_refuse
from kipina.core.notifications import notify
from kipina.core.permissions import allowed
from kipina.learning.enums import NOTE_MAX_LENGTH, RecommendationResponse, ResourceStatus
from kipina.learning.models import (
    Bookmark,
    Competence,
    LearningLogEntry,
    Recommendation,
    RecommendationAnswer,
    Resource,
)
from kipina.learning.notifications import RECOMMENDED_TO_PERSON, RECOMMENDED_TO_TEAM
from kipina.org.models import Person, Team


class GuidanceError(ServiceError):
    pass


class NotAllowed(GuidanceError):
    pass


def _person_of(actor) -> Person | None:
    person = getattr(actor, "person", None) if actor.is_authenticated else None
    return person if person is not None and person.active else None


def _require(actor, perm: str, obj=None) -> None:
    if not allowed(actor, perm, obj):
        raise NotAllowed(_("You cannot do that."))


def _require_person(actor) -> Person:
    person = _person_of(actor)
    if person is None:
        raise NotAllowed(_("Only people of the organisation can do that."))
    return person


def is_recipient(person: Person, recommendation: Recommendation) -> bool:
    """The person it was made to, or a member or the lead of the team it was made to."""
    if recommendation.person_id is not None:
        return recommendation.person_id == person.pk
    team = recommendation.team
    return team is not None and (person.team_id == team.pk or team.lead_id == person.pk)


# --- Recommendations ----------------------------------------------------------------------


@transaction.atomic
def recommendation_create(
    *,
    actor,
    resource: Resource,
    team: Team | None = None,
    person: Person | None = None,
    competence: Competence | None = None,
    note: str = "",
) -> Recommendation:
    """Check (perm, recipient, published) → lock the resource → refuse a duplicate open one →
    save → notify the recipients."""
    _require(actor, "learning.recommend")
    author = _require_person(actor)
    if (team is None) == (person is None):
        raise GuidanceError(_("Recommend to a team or to a person, one of them."), "recipient")
    if team is not None and not allowed(actor, "learning.view_team_competences", team):
        raise GuidanceError(_("You can recommend only to the teams you support."), "team")
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise GuidanceError(
            _("Keep it under %(count)s characters.") % {"count": NOTE_MAX_LENGTH}, "note"
        )
    if person is not None and not person.active:
        raise GuidanceError(_("This person is no longer in the organisation."), "person")
    # Locking the resource row makes two identical recommendations posted at once queue up,
    # so the second one sees the first and is refused.
    locked = Resource.objects.select_for_update().filter(pk=resource.pk).first()
    if locked is None or locked.status != ResourceStatus.PUBLISHED:
        raise GuidanceError(_("Only published resources can be recommended."))
    if (
        competence is not None
        and not locked.competence_links.filter(competence=competence).exists()
    ):
        raise GuidanceError(_("This resource is not linked to that competence."), "competence")
    open_ones = Recommendation.objects.filter(
        resource=locked, recommended_by=author, team=team, person=person
    ).exclude(answers__response=RecommendationResponse.DONE)
    if open_ones.exists():
        raise GuidanceError(
            _(
                "You have already recommended this resource to %(recipient)s and they have not "
                "done it yet."
            )
            % {"recipient": team.name if team is not None else _name(person)}
        )
    recommendation = Recommendation(
        resource=locked,
        recommended_by=author,
        team=team,
        person=person,
        competence=competence,
        note=note,
    )
    full_clean_or_refuse(recommendation, GuidanceError)
    recommendation.save()
    _notify_recipients(recommendation, author)
    return recommendation


def _name(person: Person | None) -> str:
    return person.full_name if person is not None else ""


def _notify_recipients(recommendation: Recommendation, author: Person) -> None:
    """The person, or every active member and the lead of the team, in one query (not the
    author, who knows)."""
    params: dict[str, object] = {
        "by": author.full_name,
        "resource": recommendation.resource.title,
    }
    url = reverse("learning:my_learning")
    users = get_user_model().objects.filter(is_active=True, person__active=True)
    if recommendation.person_id is not None:
        recipients = users.filter(person=recommendation.person_id)
        kind = RECOMMENDED_TO_PERSON
    else:
        team = recommendation.team
        assert team is not None
        in_team = Q(person__team=team)
        if team.lead_id is not None:
            in_team |= Q(person=team.lead_id)
        recipients = users.filter(in_team)
        kind = RECOMMENDED_TO_TEAM
        params["team"] = team.name
    notify(
        recipients=recipients.exclude(person=author).only("pk", "is_active"),
        kind=kind,
        params=params,
        url=url,
    )


@transaction.atomic
def recommendation_answer(
    *, actor, recommendation: Recommendation, response: str
) -> RecommendationAnswer:
    """Check (a recipient, a known response) → create or update this person's answer."""
    person = _require_person(actor)
    if not is_recipient(person, recommendation):
        raise NotAllowed(_("This recommendation was not made to you."))
    if response not in RecommendationResponse.values:
        raise GuidanceError(_("Choose interested, done or new."), "response")
    # update_or_create locks the answer row and, if two first answers race, retries the
    # lookup after the unique constraint stops the second insert: no crash, one row.
    answer, _created = RecommendationAnswer.objects.update_or_create(
        recommendation=recommendation, person=person, defaults={"response": response}
    )
    return answer


# --- Bookmarks ---------------------------------------------------------------------------


@transaction.atomic
def bookmark_set(*, actor, resource: Resource, bookmarked: bool) -> bool:
    """Check → add or remove the bookmark (idempotent: a double click changes nothing more)."""
    _require(actor, "learning.keep_learning_log")
    person = _require_person(actor)
    if not bookmarked:
        Bookmark.objects.filter(person=person, resource=resource).delete()
        return False
    if resource.status != ResourceStatus.PUBLISHED:
        raise GuidanceError(_("Only published resources can be bookmarked."))
    try:
        with transaction.atomic():
            Bookmark.objects.get_or_create(person=person, resource=resource)
    except IntegrityError:  # the same click arrived twice at once: it is bookmarked
        pass
    return True


# --- Learning log --------------------------------------------------------------------------


@dataclass(frozen=True)
class LogInput:
    title: str
    learned_on: date
    hours: Decimal | None = None
    reflection: str = ""
    resource: Resource | None = None
    competence: Competence | None = None


def _fill(entry: LearningLogEntry, data: LogInput) -> None:
    entry.title = (data.title or "").strip()
    entry.learned_on = data.learned_on
    entry.hours = data.hours
    entry.reflection = (data.reflection or "").strip()
    entry.resource = data.resource
    entry.competence = data.competence
    if entry.learned_on is not None and entry.learned_on > timezone.localdate():
        raise GuidanceError(_("The date cannot be in the future."), "learned_on")
    if len(entry.reflection) > NOTE_MAX_LENGTH:
        raise GuidanceError(
            _("Keep it under %(count)s characters.") % {"count": NOTE_MAX_LENGTH}, "reflection"
        )
    full_clean_or_refuse(entry, GuidanceError, exclude=["person"])


@transaction.atomic
def log_entry_create(*, actor, data: LogInput) -> LearningLogEntry:
    """Check → validate (no future date) → save in the actor's own log."""
    _require(actor, "learning.keep_learning_log")
    entry = LearningLogEntry(person=_require_person(actor))
    _fill(entry, data)
    entry.save()
    return entry


@transaction.atomic
def log_entry_edit(*, actor, entry: LearningLogEntry, data: LogInput) -> LearningLogEntry:
    """Check (own entry) → validate → save."""
    _require(actor, "learning.keep_learning_log")
    person = _require_person(actor)
    if entry.person_id != person.pk:
        raise NotAllowed(_("This is not your learning log."))
    _fill(entry, data)
    entry.save()
    return entry


@transaction.atomic
def log_entry_delete(*, actor, entry: LearningLogEntry) -> None:
    """Check (own entry) → delete."""
    _require(actor, "learning.keep_learning_log")
    person = _require_person(actor)
    if entry.person_id != person.pk:
        raise NotAllowed(_("This is not your learning log."))
    LearningLogEntry.objects.filter(pk=entry.pk, person=person).delete()
