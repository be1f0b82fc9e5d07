"""The learning app's notifications: a resource recommended to you or to your team."""

from django.utils.translation import gettext as _

from kipina.core.notifications import register

RECOMMENDED_TO_PERSON = "learning_recommended_to_person"
RECOMMENDED_TO_TEAM = "learning_recommended_to_team"


def _recommended_to_person(params) -> str:
    return _("%(by)s recommends “%(resource)s” to you.") % {
        "by": params.get("by", "–"),
        "resource": params.get("resource", "–"),
    }


def _recommended_to_team(params) -> str:
    return _("%(by)s recommends “%(resource)s” to your team %(team)s.") % {
        "by": params.get("by", "–"),
        "resource": params.get("resource", "–"),
        "team": params.get("team", "–"),
    }


register(RECOMMENDED_TO_PERSON, _recommended_to_person)
register(RECOMMENDED_TO_TEAM, _recommended_to_team)
