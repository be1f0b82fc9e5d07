"""Notification kinds of the programmes part (registered when the app is ready)."""

from django.utils.translation import gettext as _

from kipina.core.notifications import register

ENROLLED = "training_enrolled"
WAITING = "training_waiting"
PROMOTED = "training_promoted"
REMOVED = "training_removed"
COMPLETED = "training_completed"


def _names(params) -> dict[str, object]:
    return {"cohort": params.get("cohort", "–"), "programme": params.get("programme", "–")}


def _enrolled(params) -> str:
    return _("You have a seat in %(programme)s, cohort %(cohort)s.") % _names(params)


def _waiting(params) -> str:
    return _(
        "%(programme)s, cohort %(cohort)s is full: you are on its waiting list and get a seat "
        "automatically when one frees."
    ) % _names(params)


def _promoted(params) -> str:
    return _("A seat freed in %(programme)s, cohort %(cohort)s: you now have it.") % _names(params)


def _removed(params) -> str:
    return _("You were removed from %(programme)s, cohort %(cohort)s.") % _names(params)


def _completed(params) -> str:
    return _("Congratulations! You have completed %(programme)s (cohort %(cohort)s).") % _names(
        params
    )


register(ENROLLED, _enrolled)
register(WAITING, _waiting)
register(PROMOTED, _promoted)
register(REMOVED, _removed)
register(COMPLETED, _completed)
