"""`manage.py import_people FILE`: the HR import from the command line.

The file format is described in docs/import-format.md.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kipina.org.hr_import import (
    ImportConflictError,
    ImportFileError,
    ImportPlan,
    hr_import_apply,
    hr_import_preview,
)


class Command(BaseCommand):
    help = (
        "Import people, units and teams from an HR export (CSV or XLSX). Every row is checked "
        "first; if any row is bad, nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV (UTF-8 or Windows-1252, ; or , separated) or XLSX")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and show what would change, without changing anything.",
        )
        missing = parser.add_mutually_exclusive_group()
        missing.add_argument(
            "--deactivate-missing",
            dest="deactivate_missing",
            action="store_true",
            default=True,
            help="Mark active people who are not in the file as having left (the default).",
        )
        missing.add_argument(
            "--keep-missing",
            dest="deactivate_missing",
            action="store_false",
            help="Leave people who are not in the file as they are.",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        limit = settings.KIPINA_IMPORT_MAX_BYTES
        if path.stat().st_size > limit:
            raise CommandError(f"The file is larger than KIPINA_IMPORT_MAX_BYTES ({limit} bytes).")
        content = path.read_bytes()
        service = hr_import_preview if options["dry_run"] else hr_import_apply
        try:
            plan = service(
                content=content,
                filename=path.name,
                deactivate_missing=options["deactivate_missing"],
            )
        except ImportFileError as error:
            raise CommandError(error.message) from error
        except ImportConflictError as error:
            raise CommandError(
                "The data changed while the import was running; nothing was imported. "
                f"Run the import again. ({error})"
            ) from error
        for notice in plan.notices:
            self.stdout.write(self.style.WARNING(notice))
        if not plan.ok:
            for problem in plan.problems:
                self.stderr.write(f"Row {problem.row}, {problem.column}: {problem.message}")
            raise CommandError(
                f"The file has {len(plan.problems)} problem(s); nothing was imported."
            )
        self.stdout.write(self._summary(plan))
        if plan.applied:
            self.stdout.write(self.style.SUCCESS("Import done."))
        else:
            self.stdout.write("Dry run: nothing was changed.")

    @staticmethod
    def _summary(plan: ImportPlan) -> str:
        c = plan.counts
        return "\n".join(
            [
                f"File SHA-256: {plan.sha256}",
                f"People in file: {c.people_in_file}",
                f"New people: {c.new_people}",
                f"Updated people: {c.updated_people} (of them returning after having left: "
                f"{c.reactivated_people})",
                f"Unchanged people: {c.unchanged_people}",
                f"Marked as left: {c.deactivated_people}",
                f"New units: {c.new_units}, updated units: {c.updated_units}",
                f"New teams: {c.new_teams}, updated teams: {c.updated_teams}",
            ]
        )
