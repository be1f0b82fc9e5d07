"""Daily round for cron or a scheduler: reminders of waiting orders and follow-up questions."""

from django.core.management.base import BaseCommand

from kipina.orders.tasks import ask_follow_ups, remind_unassigned


class Command(BaseCommand):
    help = (
        "Remind coordinators of orders waiting unassigned for three working days and ask the "
        "follow-up questions that are due. Safe to run more than once a day: each reminder and "
        "question goes out once."
    )

    def handle(self, *args, **options) -> None:
        # Run now, in this process: the command is what the scheduler calls.
        reminded = remind_unassigned.call()
        asked = ask_follow_ups.call()
        self.stdout.write(f"Reminded coordinators of {reminded} waiting order(s).")
        self.stdout.write(f"Asked {asked} follow-up question(s).")
