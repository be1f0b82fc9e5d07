"""Matching reasons and violations as text in the active UI language.

The matching engine returns codes and parameters only; this module turns them into phrases such
as "From the same unit · Lean tools · 9 h free in December" (Finnish: "Samasta yksiköstä ·
Lean-työkalut · 9 h vapaana joulukuussa"). Skill and role names come from the database in the
UI language, read with one query per request: the first explanation of a request reads them
all, whether its reasons name a skill or not, so a page's query count does not depend on which
reasons its rows happen to have. Outside requests (tasks, commands) they are kept for a minute.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import CharField, Value
from django.utils import formats, timezone
from django.utils.translation import get_language, get_language_info, ngettext, pgettext
from django.utils.translation import gettext as _

from kipina.agents.enums import DeliveryMode, ServiceScope
from kipina.agents.models import Skill, SupportRole
from kipina.core.memos import RequestMemo
from kipina.matching import Reason, ReasonCode, Violation, ViolationCode

SEPARATOR = " · "
NAME_CACHE_SECONDS = 60
INACTIVE = "inactive"  # kipina.orders.candidates.INACTIVE


def month_phrase(month: dt.date) -> str:
    """ "in December" in the UI language; Finnish needs its own case (inessive: "joulukuussa")."""
    phrases = {
        1: pgettext("in month", "in January"),
        2: pgettext("in month", "in February"),
        3: pgettext("in month", "in March"),
        4: pgettext("in month", "in April"),
        5: pgettext("in month", "in May"),
        6: pgettext("in month", "in June"),
        7: pgettext("in month", "in July"),
        8: pgettext("in month", "in August"),
        9: pgettext("in month", "in September"),
        10: pgettext("in month", "in October"),
        11: pgettext("in month", "in November"),
        12: pgettext("in month", "in December"),
    }
    phrase = phrases[month.month]
    if month.year != timezone.localdate().year:
        # Translators: a month phrase such as "in December" followed by a year.
        phrase = pgettext("in month", "%(in_month)s %(year)s") % {
            "in_month": phrase,
            "year": month.year,
        }
    return phrase


def format_hours(hours: float) -> str:
    """Hours to one decimal in the locale's format, without a trailing ",0"."""
    rounded = round(float(hours), 1)
    if rounded == int(rounded):
        return formats.number_format(int(rounded))
    return formats.number_format(rounded, decimal_pos=1)


def _date(day: dt.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


# --- names of skills and roles --------------------------------------------------------------


def _load_names() -> dict[str, dict[str, dict[str, str]]]:
    """{"skill"|"role": {code: {language: name}}} in one UNION query."""

    def rows(model, kind: str):
        return (
            model.objects.order_by()
            .annotate(kind=Value(kind, output_field=CharField()))
            .values_list("kind", "code", "name_fi", "name_sv", "name_en")
        )

    tables: dict[str, dict[str, dict[str, str]]] = {"skill": {}, "role": {}}
    both = rows(Skill, "skill").union(rows(SupportRole, "role"), all=True).order_by()
    for kind, code, fi, sv, en in both:
        tables[kind][code] = {"fi": fi, "sv": sv, "en": en}
    return tables


_names = RequestMemo(_load_names, models=[Skill, SupportRole], seconds=NAME_CACHE_SECONDS)


def clear_name_cache() -> None:
    _names.forget()


def _name_tables() -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """{code: {language: name}} of skills and roles; one query per request."""
    tables = _names.get()
    return tables["skill"], tables["role"]


def _localised(table: Mapping[str, Mapping[str, str]], code: str) -> str:
    names = table.get(code)
    if not names:
        return code
    language = (get_language() or "fi")[:2]
    return names.get(language) or names.get("fi") or code


def skill_names(codes: Iterable[str]) -> list[str]:
    table = _name_tables()[0]
    return [_localised(table, code) for code in codes]


def role_names(codes: Iterable[str]) -> list[str]:
    table = _name_tables()[1]
    return [_localised(table, code) for code in codes]


def language_name(code: str | None) -> str:
    if not code:
        return ""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


# --- reasons --------------------------------------------------------------------------------


def reason_label(reason: Reason) -> str:
    """One line of a suggestion's breakdown, e.g. "From the same unit" or "9 h free in May"."""
    params: Mapping[str, Any] = reason.params
    code = reason.code
    if code == ReasonCode.SAME_TEAM:
        return _("From the same team")
    if code == ReasonCode.SAME_UNIT:
        return _("From the same unit")
    if code == ReasonCode.UNIT_DISTANCE:
        distance = int(params.get("distance", 0))
        return ngettext(
            "A unit %(steps)s step away in the organisation",
            "A unit %(steps)s steps away in the organisation",
            distance,
        ) % {"steps": distance}
    if code == ReasonCode.SKILL:
        return ", ".join(skill_names(params.get("skills", ())))
    if code == ReasonCode.FREE_HOURS:
        month = params.get("month")
        hours = format_hours(float(params.get("hours", 0.0)))
        if month is None:
            return _("%(hours)s h free") % {"hours": hours}
        # Translators: e.g. "9 h free in December"; in_month is a phrase like "in December".
        return _("%(hours)s h free %(in_month)s") % {
            "hours": hours,
            "in_month": month_phrase(month),
        }
    if code == ReasonCode.LOW_LOAD:
        percent = round(float(params.get("load_ratio", 0.0)) * 100)
        return _("Light load: %(percent)s %% of the time share booked") % {"percent": percent}
    if code == ReasonCode.NEVER_ASSIGNED:
        return _("Has not had an order yet")
    if code == ReasonCode.NOT_RECENTLY_ASSIGNED:
        months = int(float(params.get("months", 0.0)))
        if months < 1:
            return _("Last order less than a month ago")
        return ngettext(
            "No new orders for %(months)s month",
            "No new orders for %(months)s months",
            months,
        ) % {"months": months}
    if code == ReasonCode.HELPED_TEAM_BEFORE:
        orders = int(params.get("orders", 0))
        return ngettext(
            "Has helped this team once before",
            "Has helped this team %(count)s times before",
            orders,
        ) % {"count": orders}
    if code == ReasonCode.LANGUAGE:
        return _("Language: %(language)s") % {"language": language_name(params.get("language"))}
    if code in (ReasonCode.GOOD_FEEDBACK, ReasonCode.POOR_FEEDBACK):
        rating = formats.number_format(float(params.get("rating") or 0.0), decimal_pos=1)
        count = int(params.get("ratings", 0))
        if code == ReasonCode.GOOD_FEEDBACK:
            text = ngettext(
                "Good feedback on this service: %(rating)s/5 from %(count)s rating",
                "Good feedback on this service: %(rating)s/5 from %(count)s ratings",
                count,
            )
        else:
            text = ngettext(
                "Weaker feedback on this service: %(rating)s/5 from %(count)s rating",
                "Weaker feedback on this service: %(rating)s/5 from %(count)s ratings",
                count,
            )
        return text % {"rating": rating, "count": count}
    return str(code)


# The one-line explanation reads like the issue's example — "From the same unit · Lean tools ·
# 9 h free in December": closeness first, then the skills and the free time, then the strongest
# other reason. The breakdown table keeps the engine's order by points.
_EXPLANATION_PRIORITY = {
    ReasonCode.SAME_TEAM: 0,
    ReasonCode.SAME_UNIT: 0,
    ReasonCode.UNIT_DISTANCE: 0,
    ReasonCode.SKILL: 1,
    ReasonCode.FREE_HOURS: 2,
}


def explain(reasons: Iterable[Reason], limit: int = 3) -> str:
    """Up to `limit` reasons as one line, joined with " · "; proximity, skills and free hours
    first, then the others by points (the engine's order)."""
    _name_tables()
    ordered = sorted(
        (reason for reason in reasons if reason.points >= 0),
        key=lambda reason: _EXPLANATION_PRIORITY.get(reason.code, 3),
    )
    labels: list[str] = []
    for reason in ordered:
        if len(labels) >= limit:
            break
        label = reason_label(reason)
        if label:
            labels.append(label)
    return SEPARATOR.join(labels)


# --- violations -----------------------------------------------------------------------------


def violation_label(violation: Violation) -> str:
    params: Mapping[str, Any] = violation.params
    code = violation.code
    if code == INACTIVE:
        return _("Not an active support person")
    if code == ViolationCode.NO_ALLOCATION:
        return _("No approved time share for %(earliest)s–%(latest)s") % {
            "earliest": _date(params["earliest"]),
            "latest": _date(params["latest"]),
        }
    if code == ViolationCode.UNAVAILABLE:
        return _("Paused or absent for the whole period %(earliest)s–%(latest)s") % {
            "earliest": _date(params["earliest"]),
            "latest": _date(params["latest"]),
        }
    if code == ViolationCode.MISSING_SKILL:
        skills = list(params.get("skills", ()))
        return ngettext(
            "Lacks the required skill %(skills)s",
            "Lacks the required skills %(skills)s",
            len(skills),
        ) % {"skills": ", ".join(skill_names(skills))}
    if code == ViolationCode.MISSING_ROLE:
        return _("Holds none of the eligible roles (%(roles)s)") % {
            "roles": ", ".join(role_names(params.get("roles", ())))
        }
    if code == ViolationCode.MISSING_TRAINING:
        return _("Has not completed the required training (%(trainings)s)") % {
            "trainings": ", ".join(params.get("trainings", ()))
        }
    if code == ViolationCode.OUT_OF_SCOPE:
        scope = params.get("scope")
        if scope == ServiceScope.OWN_TEAM:
            return _("Supports only their own team")
        if scope == ServiceScope.OWN_UNIT:
            return _("Supports only their own unit and its subunits")
        return _("Does not support this team")
    if code == ViolationCode.DELIVERY_MODE:
        if params.get("mode") == DeliveryMode.REMOTE:
            return _("Works only remotely, the order is on site")
        return _("Works only on site, the order is remote")
    if code == ViolationCode.NOT_ENOUGH_HOURS:
        needed = format_hours(float(params.get("needed", 0.0)))
        month = params.get("month")
        if month is None:
            return _("No free hours in the period; %(needed)s h needed") % {"needed": needed}
        return _("Only %(hours)s h free %(in_month)s; %(needed)s h needed") % {
            "hours": format_hours(float(params.get("hours", 0.0))),
            "in_month": month_phrase(month),
            "needed": needed,
        }
    return str(code)


def describe_violations(violations: Iterable[Violation]) -> str:
    """Every broken rule in one sentence-like line, e.g. for an error message."""
    _name_tables()
    return "; ".join(violation_label(violation) for violation in violations)
