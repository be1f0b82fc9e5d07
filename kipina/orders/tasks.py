"""Background work of orders: thin wrappers so a scheduler or the worker can run the services."""

from django.tasks import task

from kipina.orders import services


@task
def remind_unassigned() -> int:
    """Remind coordinators of orders waiting unassigned; returns how many orders."""
    return services.send_unassigned_reminders()


@task
def ask_follow_ups() -> int:
    """Ask the due follow-up questions; returns how many were asked."""
    return services.send_due_follow_ups()
