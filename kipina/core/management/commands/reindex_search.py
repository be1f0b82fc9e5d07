"""Analyse every indexed object again: after an upgrade that changed the text analyser.

    manage.py reindex_search                # always
    manage.py reindex_search --if-outdated  # only when the index was built by another
                                            # analyser version (`make run` does this)

Each app registers how its objects are indexed (kipina.core.search.index.register_reindexer);
the analyser version the index was last built with is kept as a `CacheVersion` row.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from kipina.core.models import CacheVersion
from kipina.core.search import analyser
from kipina.core.search.index import reindexers

BUILT_WITH = "search-analyser"


def built_with() -> int:
    """The analyser version the index was last built with (0: never recorded)."""
    found = CacheVersion.objects.filter(name=BUILT_WITH).values_list("version", flat=True)
    return found.first() or 0


class Command(BaseCommand):
    help = "Analyse every indexed object again (after the text analyser changed)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--if-outdated",
            action="store_true",
            help="Only when the index was built with another analyser version.",
        )

    def handle(self, *args, if_outdated: bool, **options) -> None:
        if if_outdated and built_with() == analyser.VERSION:
            self.stdout.write(f"Search index is up to date (analyser {analyser.VERSION}).")
            return
        with transaction.atomic():
            for kind, reindex_all in sorted(reindexers().items()):
                count = reindex_all()
                self.stdout.write(f"{kind}: {count} indexed")
            CacheVersion.objects.update_or_create(
                name=BUILT_WITH, defaults={"version": analyser.VERSION}
            )
        self.stdout.write(f"Search index rebuilt with analyser {analyser.VERSION}.")
