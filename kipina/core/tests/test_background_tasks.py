"""In production, notification mails wait in the database for `db_worker`; no request sends them."""

import subprocess
import sys

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from kipina.core.notifications import notify
from kipina.core.tests.test_settings import ROOT, _production_env

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_production_stores_tasks_in_the_database(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])",
        ],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("django_tasks_db.DatabaseBackend")


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_the_worker_sends_what_a_request_only_queued(org):
    import kipina.orders.notification_kinds  # noqa: F401  (registers the kinds)

    recipient = org.people["coordinator"].user
    notify(
        recipients=[recipient],
        kind="order_waiting",
        params={"order": 1, "service": "nothing", "team": "Tiimi"},
        url="/orders/1/",
    )
    # Committed (no surrounding transaction): the mail task is stored, not run.
    assert mail.outbox == []
    queued = DBTaskResult.objects.get()
    assert queued.status == "READY"

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    assert [message.to for message in mail.outbox] == [[recipient.email]]
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
