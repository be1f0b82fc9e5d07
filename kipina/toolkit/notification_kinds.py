"""The toolkit's notification: after delivery, how did the workshop's methods go?"""

from django.urls import reverse
from django.utils.translation import gettext as _

from kipina.core.notifications import notify, register
from kipina.toolkit.enums import BlockKind
from kipina.toolkit.models import AgendaBlock

METHODS_FEEDBACK = "toolkit_methods_feedback"


def _render(params) -> str:
    return _("Order #%(order)s was delivered. How did the methods of its agenda go?") % {
        "order": params.get("order", "–")
    }


register(METHODS_FEEDBACK, _render)


def ask_how_the_methods_went(sender, *, order, actor, **kwargs) -> None:
    """orders.signals.order_delivered: ask the support person, when the order's agendas
    hold methods from the toolkit."""
    has_methods = AgendaBlock.objects.filter(
        agenda__order=order, kind=BlockKind.METHOD, agenda__is_template=False
    ).exists()
    if not has_methods or order.support_person_id is None:
        return
    # The support person usually marks the order delivered: the question is for later, so it
    # goes to them all the same.
    notify(
        recipients=[order.support_person.person.user],
        kind=METHODS_FEEDBACK,
        params={"order": order.pk},
        url=reverse("toolkit:order_methods", args=[order.pk]),
    )
