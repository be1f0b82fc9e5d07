"""Notification kinds of the networks part (registered when the app is ready): a join request
for its deciders, the decision for the requester, being added to or removed from a network."""

from django.utils.translation import gettext as _

from kipina.core.notifications import register

JOIN_REQUESTED = "networks_join_requested"
JOIN_APPROVED = "networks_join_approved"
JOIN_DECLINED = "networks_join_declined"
MEMBER_ADDED = "networks_member_added"
MEMBER_REMOVED = "networks_member_removed"


def _join_requested(params) -> str:
    return _("%(person)s asks to join the network “%(network)s”.") % {
        "person": params.get("person", "–"),
        "network": params.get("network", "–"),
    }


def _join_approved(params) -> str:
    return _("Welcome: you are now a member of the network “%(network)s”.") % {
        "network": params.get("network", "–")
    }


def _join_declined(params) -> str:
    text = _("Your request to join the network “%(network)s” was declined.") % {
        "network": params.get("network", "–")
    }
    if params.get("reason"):
        text += " " + _("Reason: %(reason)s") % {"reason": params["reason"]}
    return text


def _member_added(params) -> str:
    return _("%(by)s added you to the network “%(network)s”.") % {
        "by": params.get("by", "–"),
        "network": params.get("network", "–"),
    }


def _member_removed(params) -> str:
    return _("%(by)s removed you from the network “%(network)s”.") % {
        "by": params.get("by", "–"),
        "network": params.get("network", "–"),
    }


register(JOIN_REQUESTED, _join_requested)
register(JOIN_APPROVED, _join_approved)
register(JOIN_DECLINED, _join_declined)
register(MEMBER_ADDED, _member_added)
register(MEMBER_REMOVED, _member_removed)
