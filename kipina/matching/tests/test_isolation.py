"""kipina.matching is pure Python: importing it loads neither Django nor another kipina app."""

import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[3]

PROBE = """
import sys
import kipina.matching
loaded = sorted(
    name for name in sys.modules
    if name.split(".")[0] == "django"
    or (name.startswith("kipina.") and not name.startswith("kipina.matching"))
)
print(",".join(loaded))
"""


def test_importing_matching_loads_no_django_and_no_other_app():
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(PROJECT), "PATH": ""},
    )
    assert done.stdout.strip() == ""
