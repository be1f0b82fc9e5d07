"""Signals between the parts of the training app."""

from django.dispatch import Signal

# Sent (inside the completing transaction) when a person has completed every module of a
# programme in a cohort: sender=Programme, person=Person, enrolment=Enrolment.
programme_completed = Signal()
