from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from kipina.demo.personas import DEMO_PASSWORD, PERSONA_USERNAMES, PERSONAS

HEADERS = ("Persona", "Username", "Password", "Name", "Unit")


class Command(BaseCommand):
    help = (
        "Print the demo sign-in accounts made by seed_demo: persona (Finnish / English), "
        "username, password, the person's name and unit. Only accounts that exist are listed."
    )

    def handle(self, *args, **options) -> None:
        users = {
            user.username: user
            for user in get_user_model()
            .objects.filter(username__in=PERSONA_USERNAMES, person__isnull=False)
            .select_related("person__unit")
        }
        rows = [
            (
                f"{persona.label_fi} / {persona.label_en}",
                persona.username,
                DEMO_PASSWORD,
                users[persona.username].person.full_name,
                users[persona.username].person.unit.name,
            )
            for persona in PERSONAS
            if persona.username in users
        ]
        if not rows:
            self.stdout.write(
                "The demo organisation is not loaded: there are no demo accounts. "
                "Run manage.py seed_demo first."
            )
            return
        widths = [max(len(row[i]) for row in [HEADERS, *rows]) for i in range(len(HEADERS))]

        def line(cells) -> str:
            return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))

        self.stdout.write(line(HEADERS).rstrip())
        self.stdout.write("  ".join("-" * width for width in widths))
        for row in rows:
            self.stdout.write(line(row).rstrip())
