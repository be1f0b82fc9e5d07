"""Notification kinds of the onboarding part: each step of an application tells whoever acts
next. Registered when the app is ready (apps.py imports this module), which also connects the
receiver that moves an application on when its programme is completed.

Services store plain params (the person's name, the role's code, the share, ISO dates); the text
is made in the reader's language when they read it. Role names come from a small in-process copy
of the roles, read once per request.
"""

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from kipina.agents.models import SupportRole
from kipina.core.memos import RequestMemo
from kipina.core.notifications import register

SUBMITTED = "application_submitted"  # → the supervisor (or the coordinators): decide
APPROVED = "application_approved"  # → the applicant
DECLINED = "application_declined"  # → the applicant
TO_PLACE = "application_to_place"  # → the coordinators: place in a cohort
PLACED_TRAINER = "application_placed_trainer"  # → the cohort's trainers
TRAINED = "application_trained"  # → the coordinators: activate
ACTIVATED = "application_activated"  # → the applicant
ACTIVATED_SUPERVISOR = "application_activated_supervisor"  # → the applicant's supervisor
WITHDRAWN = "application_withdrawn"  # → whoever was to act next


def _load_roles() -> dict[str, SupportRole]:
    return {
        role.code: role
        for role in SupportRole.objects.only("code", "name_fi", "name_sv", "name_en")
    }


_roles = RequestMemo(_load_roles, models=[SupportRole])


def _role_name(code: str) -> str:
    role = _roles.get(missing=code).get(code)
    return role.name if role is not None else code


def _percent(value: object) -> str:
    """ "10.00" → "10", "12.50" → "12,5" in Finnish."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    number = number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize()
    return number_format(number)


def _day(value: object) -> str:
    try:
        return date_format(dt.date.fromisoformat(str(value)), "SHORT_DATE_FORMAT")
    except ValueError:
        return str(value)


def _values(params: Mapping[str, object]) -> dict[str, object]:
    """The params ready for a message; a missing one shows as a dash rather than failing."""
    values: dict[str, object] = {
        key: "–" for key in ("person", "role", "percent", "start", "end", "cohort", "reason")
    }
    values.update({key: value for key, value in params.items() if value not in (None, "")})
    if params.get("role"):
        values["role"] = _role_name(str(params["role"]))
    if params.get("percent"):
        values["percent"] = _percent(params["percent"])
    for key in ("start", "end"):
        if params.get(key):
            values[key] = _day(params[key])
    return values


def _message(text: Callable[[], str]) -> Callable[[Mapping[str, object]], str]:
    """A renderer: the text is translated when rendered, in whatever language is active then."""

    def render(params: Mapping[str, object]) -> str:
        return text() % _values(params)

    return render


KINDS: dict[str, Callable[[], str]] = {
    SUBMITTED: lambda: _(
        "%(person)s applies to become a support person (%(role)s) with %(percent)s %% of "
        "working time. Please approve or decline the time share."
    ),
    APPROVED: lambda: _(
        "Your application (%(role)s) was approved: %(percent)s %% of working time from "
        "%(start)s to %(end)s. A coordinator will place you in a training cohort next."
    ),
    DECLINED: lambda: _("Your application to become a support person was declined: %(reason)s"),
    TO_PLACE: lambda: _(
        "%(person)s's application (%(role)s) was approved by the supervisor: please place them "
        "in a training cohort."
    ),
    PLACED_TRAINER: lambda: _(
        "%(person)s joins your cohort %(cohort)s on the way to becoming a support person "
        "(%(role)s)."
    ),
    TRAINED: lambda: _(
        "%(person)s has completed the training for %(role)s: please activate them as a "
        "support person."
    ),
    ACTIVATED: lambda: _(
        "Welcome! You are now an active support person (%(role)s): teams can book your support."
    ),
    ACTIVATED_SUPERVISOR: lambda: _(
        "%(person)s is now an active support person (%(role)s) with %(percent)s %% of working time."
    ),
    WITHDRAWN: lambda: _(
        "%(person)s withdrew their application to become a support person (%(role)s)."
    ),
}

for _key, _text in KINDS.items():
    register(_key, _message(_text))

# The receiver of programme_completed lives with the services; importing them here connects it
# when the app is ready.
from kipina.training import services_onboarding  # noqa: E402, F401
