"""System checks for settings that are easy to get wrong when deploying."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def check_production_settings(app_configs, **kwargs):
    problems = []
    if getattr(settings, "PRODUCTION", False) and settings.DEBUG:
        problems.append(
            Error("KIPINA_DEBUG is on in production.", hint="Unset KIPINA_DEBUG.", id="kipina.E001")
        )
    return problems


@register(Tags.database)
def check_sqlite_wal(app_configs, databases=None, **kwargs):
    """SQLite must run in WAL mode: readers would otherwise block behind every writer."""
    from django.db import connections

    problems = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor != "sqlite":
            continue
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            mode = cursor.fetchone()[0]
        if str(mode).lower() not in {"wal", "memory"}:
            problems.append(
                Error(
                    f"SQLite journal mode is {mode}, not WAL.",
                    hint="Keep the init_command in settings.DATABASES.",
                    id="kipina.E002",
                )
            )
    return problems
