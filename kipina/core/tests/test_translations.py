"""Finnish and Swedish catalogues cover every string in the code and templates."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
LANGUAGES = ["fi", "sv"]


def _statistics(po_file: Path) -> str:
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po_file)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


@pytest.fixture(scope="module")
def fresh_catalogues(tmp_path_factory) -> Path:
    """Extract the strings anew into a copy of the project, merging the committed catalogues."""
    if shutil.which("msgfmt") is None:
        pytest.fail("GNU gettext is missing: apt-get install gettext")
    copy = tmp_path_factory.mktemp("i18n")
    shutil.copytree(
        ROOT / "kipina", copy / "kipina", ignore=shutil.ignore_patterns("__pycache__", "*.mo")
    )
    shutil.copytree(ROOT / "config", copy / "config", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", copy / "manage.py")
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--no-obsolete", "--verbosity", "0"]
        + [f"-l{code}" for code in LANGUAGES],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "KIPINA_DATA_DIR": str(copy / "var"),
            "PYTHONPATH": str(copy),
        },
    )
    assert result.returncode == 0, result.stderr
    return copy / "kipina" / "locale"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(fresh_catalogues, language):
    po_file = fresh_catalogues / language / "LC_MESSAGES" / "django.po"
    stats = _statistics(po_file)
    assert "untranslated" not in stats and "fuzzy" not in stats, (
        f"{language}: {stats.strip()} — run `make messages` and translate the new strings"
    )
    translated = int(re.match(r"(\d+) translated", stats).group(1))
    assert translated > 100


@pytest.mark.parametrize("language", LANGUAGES)
def test_committed_catalogue_is_up_to_date(fresh_catalogues, language):
    committed = (ROOT / "kipina" / "locale" / language / "LC_MESSAGES" / "django.po").read_text()
    fresh = (fresh_catalogues / language / "LC_MESSAGES" / "django.po").read_text()

    def msgids(text: str) -> set[str]:
        return set(re.findall(r'^msgid "(.+)"$', text, flags=re.MULTILINE))

    assert msgids(fresh) <= msgids(committed), sorted(msgids(fresh) - msgids(committed))[:10]
