from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    """The personas Kipinä knows; one person may hold several."""

    EMPLOYEE = "employee", _("Employee")
    TEAM_LEAD = "team_lead", _("Team lead")
    SUPERVISOR = "supervisor", pgettext_lazy("role", "Supervisor")
    SUPPORT_PERSON = "support_person", _("Learning support person")
    COORDINATOR = "coordinator", _("Coordinator")
    ADMIN = "admin", pgettext_lazy("role", "Administrator")


COORDINATOR_GROUP = "coordinator"
