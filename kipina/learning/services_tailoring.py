"""Writes for a team's tailoring of the strategic competences: the tailoring itself (what it
means for us, current and target level), its actions, its links to resources and support
orders, and reviews that snapshot the levels.

The tailoring is co-edited by the team and its support person, so saves are optimistically
locked on `TeamCompetence.version`: the editor names the version they started from (0 for "not
tailored yet") and one conditional UPDATE (or the INSERT of the first save, guarded by the
team+competence unique constraint) decides — of two people saving at once exactly one wins and
the other gets `EditConflict` with what was saved, losing nothing.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kipina.core.errors import ServiceError, full_clean_or_refuse
from kipina.core.permissions import allowed
from kipina.learning import selectors_tailoring as selectors
from kipina.learning.enums import MEANING_MAX_LENGTH, NOTE_MAX_LENGTH, ActionStatus, ResourceStatus
from kipina.learning.models import (
    Competence,
    CompetenceAction,
    CompetenceReview,
    Resource,
    ReviewEntry,
    ScaleLevel,
    TeamCompetence,
    level_names,
)
from kipina.orders.models import Order
from kipina.org.models import Person, Team

TAILOR = "learning.tailor_team_competences"


class TailoringError(ServiceError):
    pass


class NotAllowed(TailoringError):
    pass


class EditConflict(TailoringError):
    """Someone saved the tailoring after the editor opened it; `current` is what they saved."""

    def __init__(self, current: TeamCompetence):
        super().__init__(
            _(
                "Someone else saved this competence while you were editing it. Your text is "
                "kept below beside theirs: combine them and save again."
            )
        )
        self.current = current


def _require(actor, team: Team) -> None:
    if not allowed(actor, TAILOR, team):
        raise NotAllowed(_("You cannot edit this team's competences."))


def _person(actor) -> Person | None:
    return getattr(actor, "person", None) if actor.is_authenticated else None


def _check_level(competence: Competence, level: ScaleLevel | None, field: str) -> None:
    if level is not None and level.scale_id != competence.framework.scale_id:
        raise TailoringError(_("Pick a level of this framework's scale."), field=field)


def _current(team: Team, competence: Competence) -> TeamCompetence:
    return TeamCompetence.objects.select_related("current_level", "target_level", "updated_by").get(
        team=team, competence=competence
    )


@transaction.atomic
def tailoring_save(
    *,
    actor,
    team: Team,
    competence: Competence,
    meaning: str,
    current_level: ScaleLevel | None,
    target_level: ScaleLevel | None,
    seen_version: int,
) -> TeamCompetence:
    """Check → validate → create on the first save or take the version (or conflict) → save."""
    _require(actor, team)
    _check_level(competence, current_level, "current_level")
    _check_level(competence, target_level, "target_level")
    meaning = (meaning or "").strip()
    if len(meaning) > MEANING_MAX_LENGTH:
        raise TailoringError(
            _("Keep it under %(limit)d characters.") % {"limit": MEANING_MAX_LENGTH},
            field="meaning",
        )
    values = {
        "meaning": meaning,
        "current_level": current_level,
        "target_level": target_level,
        "updated_by": _person(actor),
    }
    tailoring = TeamCompetence(team=team, competence=competence, **values)
    full_clean_or_refuse(
        tailoring,
        TailoringError,
        exclude=["team", "competence", "current_level", "target_level", "updated_by"],
        validate_unique=False,
    )
    if seen_version <= 0:
        # The first save: the unique constraint decides between two people creating at once.
        try:
            with transaction.atomic():
                tailoring.save()
        except IntegrityError:
            raise EditConflict(_current(team, competence)) from None
        return tailoring
    taken = TeamCompetence.objects.filter(
        team=team, competence=competence, version=seen_version
    ).update(**values, version=seen_version + 1, updated_at=timezone.now())
    if not taken:
        current = TeamCompetence.objects.filter(team=team, competence=competence).first()
        if current is None:
            raise TailoringError(_("This tailoring no longer exists. Reload the page."))
        raise EditConflict(_current(team, competence))
    return _current(team, competence)


# --- Actions -----------------------------------------------------------------------------


def _check_owner(team: Team, owner: Person | None, keep: int | None = None) -> None:
    """The owner is one of the team's people (or `keep`: the owner the action has now)."""
    if owner is None or owner.pk == keep:
        return
    if not selectors.team_people(team).filter(pk=owner.pk).exists():
        raise TailoringError(
            _("Pick someone of the team or the team's support person."), field="owner"
        )


def _validate_action(action: CompetenceAction) -> None:
    action.description = (action.description or "").strip()
    if not action.description:
        raise TailoringError(_("Say what will be done."), field="description")
    if action.status not in ActionStatus.values:
        raise TailoringError(_("Pick a status."), field="status")
    full_clean_or_refuse(action, TailoringError, exclude=["team_competence", "owner"])


@transaction.atomic
def action_add(
    *,
    actor,
    tailoring: TeamCompetence,
    description: str,
    owner: Person | None = None,
    due: dt.date | None = None,
    status: str = ActionStatus.PLANNED,
) -> CompetenceAction:
    """Check → validate (the owner is one of the team's people) → save."""
    _require(actor, tailoring.team)
    _check_owner(tailoring.team, owner)
    action = CompetenceAction(
        team_competence=tailoring, description=description, owner=owner, due=due, status=status
    )
    _validate_action(action)
    action.save()
    return action


@transaction.atomic
def action_update(
    *,
    actor,
    action: CompetenceAction,
    description: str,
    owner: Person | None,
    due: dt.date | None,
    status: str,
) -> CompetenceAction:
    """Check → validate → save every field of the action."""
    team = action.team_competence.team
    _require(actor, team)
    _check_owner(team, owner, keep=action.owner_id)
    action.description, action.owner, action.due, action.status = description, owner, due, status
    _validate_action(action)
    action.save(update_fields=["description", "owner", "due", "status"])
    return action


@transaction.atomic
def action_set_status(*, actor, action: CompetenceAction, status: str) -> CompetenceAction:
    """Check → validate the status → save it alone."""
    _require(actor, action.team_competence.team)
    if status not in ActionStatus.values:
        raise TailoringError(_("Pick a status."), field="status")
    action.status = status
    action.save(update_fields=["status"])
    return action


@transaction.atomic
def action_delete(*, actor, action: CompetenceAction) -> None:
    """Check → delete."""
    _require(actor, action.team_competence.team)
    action.delete()


# --- Links -------------------------------------------------------------------------------


@transaction.atomic
def resource_link(*, actor, tailoring: TeamCompetence, resource: Resource) -> None:
    """Check → only a published resource → link (linking twice changes nothing)."""
    _require(actor, tailoring.team)
    if resource.status != ResourceStatus.PUBLISHED:
        raise TailoringError(_("Only published resources can be linked."), field="resource")
    tailoring.resources.add(resource)


@transaction.atomic
def resource_unlink(*, actor, tailoring: TeamCompetence, resource: Resource) -> None:
    """Check → unlink."""
    _require(actor, tailoring.team)
    tailoring.resources.remove(resource)


@transaction.atomic
def order_link(*, actor, tailoring: TeamCompetence, order: Order) -> None:
    """Check → only the team's own order that was not declined or cancelled → link."""
    _require(actor, tailoring.team)
    if order.team_id != tailoring.team_id:
        raise TailoringError(_("Only the team's own orders can be linked."), field="order")
    if order.state in selectors.UNLINKABLE_ORDER_STATES:
        raise TailoringError(_("A declined or cancelled order cannot be linked."), field="order")
    tailoring.orders.add(order)


@transaction.atomic
def order_unlink(*, actor, tailoring: TeamCompetence, order: Order) -> None:
    """Check → unlink."""
    _require(actor, tailoring.team)
    tailoring.orders.remove(order)


# --- Reviews -----------------------------------------------------------------------------


@transaction.atomic
def review_record(
    *, actor, team: Team, reviewed_on: dt.date | None = None, note: str = ""
) -> CompetenceReview:
    """Check → date not in the future → something tailored → the review with a snapshot of
    every tailored competence's levels (positions and names as they are now)."""
    _require(actor, team)
    today = timezone.localdate()
    reviewed_on = reviewed_on or today
    if reviewed_on > today:
        raise TailoringError(_("A review cannot be dated in the future."), field="reviewed_on")
    tailorings = selectors.tailorings_to_review(team)
    if not tailorings:
        raise TailoringError(
            _("The team has not tailored any competence yet, so there is nothing to review.")
        )
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise TailoringError(
            _("Keep it under %(limit)d characters.") % {"limit": NOTE_MAX_LENGTH}, field="note"
        )
    review = CompetenceReview(
        team=team, reviewed_on=reviewed_on, note=note, reviewed_by=_person(actor)
    )
    full_clean_or_refuse(review, TailoringError, exclude=["team", "reviewed_by"])
    review.save()
    ReviewEntry.objects.bulk_create(
        ReviewEntry(
            review=review,
            competence_id=tailoring.competence_id,
            current_position=_position(tailoring.current_level),
            current_names=level_names(tailoring.current_level),
            target_position=_position(tailoring.target_level),
            target_names=level_names(tailoring.target_level),
        )
        for tailoring in tailorings
    )
    return review


def _position(level: ScaleLevel | None) -> int | None:
    return level.position if level is not None else None
