import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from kipina.learning.models import Resource
from kipina.learning.resource_index import refresh_next_start

BATCH = 1000


class Command(BaseCommand):
    help = (
        "Move each learning resource's next start on once its date has passed: resources "
        "whose next start is before today get their earliest date that has not ended (or "
        "none). Run it daily, e.g. from cron after midnight."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="Count from this day (YYYY-MM-DD) instead of today.",
        )

    def handle(self, *args, **options) -> None:
        today = options["today"] or timezone.localdate()
        ids = list(
            Resource.objects.filter(next_start__lt=today)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for start in range(0, len(ids), BATCH):
            refresh_next_start(ids[start : start + BATCH], today=today)
        self.stdout.write(
            f"Checked the next start of {len(ids)} learning resources whose start had passed."
        )
