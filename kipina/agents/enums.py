from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ServiceScope(models.TextChoices):
    """Whom a support person offers to serve."""

    OWN_TEAM = "own_team", _("Own team")
    OWN_UNIT = "own_unit", _("Own unit and its subunits")
    ORGANISATION = "organisation", _("Whole organisation")


class DeliveryMode(models.TextChoices):
    ONSITE = "onsite", _("On site")
    REMOTE = "remote", _("Remotely")
    BOTH = "both", _("On site or remotely")


class AllocationState(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("allocation", "Waiting for approval")
    APPROVED = "approved", pgettext_lazy("allocation", "Approved")
    REJECTED = "rejected", pgettext_lazy("allocation", "Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("allocation", "Withdrawn")


DEFAULT_ALLOCATION_PERCENT = 10
