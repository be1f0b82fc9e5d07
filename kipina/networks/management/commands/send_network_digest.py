"""Weekly round for cron or a scheduler: the networks' digest emails."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kipina.networks.digest import week_of
from kipina.networks.tasks import send_weekly_digest


class Command(BaseCommand):
    help = (
        "Queue the weekly digest of the networks (new good practices and coming meetings) for "
        "the current week. Safe to run more than once: nobody gets a week's digest twice."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--week",
            help="Any day of the week to send (YYYY-MM-DD); by default the current week.",
        )

    def handle(self, *args, **options) -> None:
        day = timezone.localdate()
        if options.get("week"):
            try:
                day = dt.date.fromisoformat(options["week"])
            except ValueError as error:
                raise CommandError("--week must be a date as YYYY-MM-DD.") from error
        week = week_of(day)
        result = send_weekly_digest.enqueue(week.isoformat())
        self.stdout.write(
            f"Queued the network digest of the week of {week:%Y-%m-%d} ({result.id})."
        )
