import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[3]


def _production_env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIPINA_", "DATABASE_URL"))}
    env.update(
        KIPINA_ENV="production",
        KIPINA_SECRET_KEY="a-long-production-secret-" + "x9Qz" * 12,
        KIPINA_ALLOWED_HOSTS="kipina.example.fi",
        KIPINA_DATA_DIR=str(tmp_path),
        KIPINA_EMAIL_HOST="smtp.example.fi",
    )
    return env


def test_check_deploy_is_clean_in_production_mode(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = _production_env(tmp_path)
    del env["KIPINA_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "KIPINA_SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_content_security_policy_has_no_unsafe_inline(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


@pytest.mark.django_db
def test_pages_carry_no_inline_script_or_style(client, org):
    client.force_login(org.people["employee"].user)
    for url in [reverse("home"), reverse("org:directory"), reverse("login")]:
        body = client.get(url).content.decode()
        assert "<script>" not in body and "<style" not in body and "style=" not in body, url


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout():
    if connection.vendor != "sqlite":
        assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    assert "journal_mode=WAL" in connection.settings_dict["OPTIONS"]["init_command"]


def test_wal_is_the_journal_mode_of_the_real_database_file(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(KIPINA_DATA_DIR=str(tmp_path), KIPINA_ENV="development")
    code = (
        "import django; django.setup();"
        "from django.db import connection;"
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "wal", result.stderr
