"""Choices of the training app — a leaf: imports nothing of the app."""

from django.db import models
from django.utils.translation import pgettext_lazy


class EnrolmentState(models.TextChoices):
    ENROLLED = "enrolled", pgettext_lazy("enrolment", "Enrolled")
    WAITING = "waiting", pgettext_lazy("enrolment", "On the waiting list")
    LEFT = "left", pgettext_lazy("enrolment", "Left")
    COMPLETED = "completed", pgettext_lazy("enrolment", "Completed")


# An enrolment holding a seat or a place in the queue.
ACTIVE_ENROLMENT_STATES = (EnrolmentState.ENROLLED, EnrolmentState.WAITING)


class ApplicationState(models.TextChoices):
    """Becoming a support person: each state names whose turn it is."""

    SUBMITTED = "submitted", pgettext_lazy("application", "Waiting for the supervisor")
    APPROVED = "approved", pgettext_lazy("application", "Waiting for a training place")
    PLACED = "placed", pgettext_lazy("application", "In training")
    TRAINED = "trained", pgettext_lazy("application", "Trained, waiting for activation")
    ACTIVE = "active", pgettext_lazy("application", "Active support person")
    DECLINED = "declined", pgettext_lazy("application", "Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("application", "Withdrawn")


OPEN_APPLICATION_STATES = (
    ApplicationState.SUBMITTED,
    ApplicationState.APPROVED,
    ApplicationState.PLACED,
    ApplicationState.TRAINED,
)

NAME_MAX_LENGTH = 160
TEXT_MAX_LENGTH = 10000
