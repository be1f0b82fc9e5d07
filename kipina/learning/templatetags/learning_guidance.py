"""Template tags of the guidance part: what a resource page offers the viewer."""

from dataclasses import dataclass

from django import template

from kipina.core.permissions import allowed
from kipina.learning.enums import ResourceStatus
from kipina.learning.models import Bookmark

register = template.Library()


@dataclass(frozen=True)
class ResourceGuidance:
    can_bookmark: bool
    bookmarked: bool
    can_recommend: bool


@register.simple_tag(takes_context=True)
def resource_guidance(context, resource) -> ResourceGuidance:
    """Whether the viewer may bookmark (and has bookmarked) and may recommend `resource`: one
    query for the bookmark besides the permission checks (which the request caches)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or resource is None:
        return ResourceGuidance(False, False, False)
    keeps_bookmarks = allowed(user, "learning.keep_learning_log")
    bookmarked = keeps_bookmarks and (
        Bookmark.objects.filter(person=user.person, resource=resource).exists()
    )
    published = resource.status == ResourceStatus.PUBLISHED
    return ResourceGuidance(
        # A draft or archived resource is not bookmarked anew, but a bookmark can be removed.
        can_bookmark=keeps_bookmarks and (published or bookmarked),
        bookmarked=bookmarked,
        can_recommend=published and allowed(user, "learning.recommend"),
    )
