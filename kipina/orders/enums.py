from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AssignmentMode(models.TextChoices):
    COORDINATOR = "coordinator", _("A coordinator assigns")
    CLAIM = "claim", _("Support persons claim")
    REQUESTER_PICKS = "requester_picks", _("The orderer picks from suggestions")


class OrderState(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("order state", "Submitted")
    ASSIGNED = "assigned", pgettext_lazy("order state", "Assigned")
    PLANNED = "planned", pgettext_lazy("order state", "Planned")
    DELIVERED = "delivered", pgettext_lazy("order state", "Delivered")
    CLOSED = "closed", pgettext_lazy("order state", "Closed")
    DECLINED = "declined", pgettext_lazy("order state", "Declined")
    CANCELLED = "cancelled", pgettext_lazy("order state", "Cancelled")


OPEN_STATES = (OrderState.SUBMITTED, OrderState.ASSIGNED, OrderState.PLANNED)
ACTIVE_STATES = (OrderState.ASSIGNED, OrderState.PLANNED)
FINAL_STATES = (OrderState.CLOSED, OrderState.DECLINED, OrderState.CANCELLED)


class Action(models.TextChoices):
    """Everything that can happen to an order; each is one service in services.py."""

    SUBMIT = "submit", pgettext_lazy("order action", "Submitted the order")
    ASSIGN = "assign", pgettext_lazy("order action", "Assigned a support person")
    CLAIM = "claim", pgettext_lazy("order action", "Took the order")
    PICK = "pick", pgettext_lazy("order action", "Picked a support person")
    ACCEPT = "accept", pgettext_lazy("order action", "Accepted the assignment")
    RETURN = "return", pgettext_lazy("order action", "Returned the order to the queue")
    UNASSIGN = "unassign", pgettext_lazy("order action", "Removed the support person")
    PLAN = "plan", pgettext_lazy("order action", "Scheduled the first session")
    DELIVER = "deliver", pgettext_lazy("order action", "Marked delivered")
    CLOSE = "close", pgettext_lazy("order action", "Closed the order")
    DECLINE = "decline", pgettext_lazy("order action", "Declined the order")
    CANCEL = "cancel", pgettext_lazy("order action", "Cancelled the order")


class FollowUpAnswer(models.TextChoices):
    YES = "yes", _("Yes, it stuck")
    PARTLY = "partly", _("Partly")
    NO = "no", _("Not yet")


# Follow-up question is asked this many weeks after closing.
DEFAULT_FOLLOW_UP_WEEKS = 6
# An order that waits unassigned this many working days triggers a reminder.
REMINDER_WORKING_DAYS = 3
