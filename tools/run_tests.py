"""Kipinä's test harness: the suite three ways, then one summary.

    .venv/bin/python tools/run_tests.py                      # what `make test` runs
    .venv/bin/python tools/run_tests.py --only e2e           # what `make e2e` runs
    .venv/bin/python tools/run_tests.py --only sqlite -- -k order -x

1. sqlite      everything but the browser journeys (-m "not e2e"), xdist workers, SQLite
2. postgresql  the same on a throwaway PostgreSQL cluster started here and always removed
3. e2e         the Playwright journeys (-m e2e) in system Chromium, SQLite

Counts come from each run's JUnit XML in test-artifacts/. The run fails when any test fails or
errors, when any test is skipped (CI skips nothing; KIPINA_NO_SKIP=1 makes the root conftest turn
skips into failures, and the summary double-checks), or when a run collects no tests. The last
line is `N passed, N failed` for CI to read.

This process is a child subreaper (Linux): whatever a test run leaves behind (a dev server, a
browser, an xdist worker) is re-parented here and ended after the run, so nothing outlives
`make test`.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import shlex
import signal
import subprocess
import sys
import time
import tomllib
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from throwaway_postgres import PostgresUnavailable, throwaway_cluster

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
PHASES = ("sqlite", "postgresql", "e2e")

# While e2e/ holds no test files, an empty e2e run is reported loudly but does not fail.
# Set to True once the journeys exist, so that losing them all fails CI too.
E2E_REQUIRED_EVEN_WITHOUT_TEST_FILES = True


@dataclass
class Result:
    phase: str
    command: list[str]
    returncode: int | None = None
    seconds: float = 0.0
    passed: int = 0
    failed: int = 0
    errors: int = 0
    skipped: int = 0
    xfailed: int = 0
    interrupted: bool = False
    problems: list[str] = field(default_factory=list)  # why the run failed beyond the counts
    notes: list[str] = field(default_factory=list)  # worth saying, not a failure

    @property
    def ok(self) -> bool:
        return not self.problems and not (self.failed or self.errors or self.skipped)

    @property
    def failed_total(self) -> int:
        """Failures as CI counts them: a run that failed without a failing test counts one."""
        counted = self.failed + self.errors + self.skipped
        return counted or (0 if self.ok else 1)


# --- processes ----------------------------------------------------------------------------------


def become_subreaper() -> None:
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        pr_set_child_subreaper = 36
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_child_subreaper, 1, 0, 0, 0)


def _process_table() -> dict[int, tuple[int, str, str]]:
    """pid -> (parent pid, state, command line) from /proc."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            # the command name is in parentheses and may itself contain spaces or parentheses
            state, ppid = stat[stat.rindex(")") + 2 :].split()[:2]
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, ValueError):
            continue
        table[int(entry.name)] = (int(ppid), state, cmdline.strip())
    return table


def _descendants(pid: int, table: dict[int, tuple[int, str, str]]) -> list[int]:
    children: dict[int, list[int]] = {}
    for child, (parent, _state, _cmd) in table.items():
        children.setdefault(parent, []).append(child)
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _reap_zombies() -> None:
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0] > 0:
            pass


def end_leftover_processes(keep: set[int] = frozenset()) -> list[str]:
    """Stop every process still below us (except `keep` and their children); say which."""
    if not Path("/proc/self").exists():
        return []
    _reap_zombies()
    table = _process_table()
    kept = set(keep)
    for pid in keep:
        kept.update(_descendants(pid, table))
    strays = [
        pid for pid in _descendants(os.getpid(), table) if pid not in kept and table[pid][1] != "Z"
    ]
    if not strays:
        return []
    names = [table[pid][2][:120] or str(pid) for pid in strays]
    for sig, grace in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 2.0)):
        for pid in strays:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, sig)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            _reap_zombies()
            alive = _process_table()
            strays = [pid for pid in strays if pid in alive and alive[pid][1] != "Z"]
            if not strays:
                return names
            time.sleep(0.1)
    return names


def run(command: list[str], env: dict[str, str]) -> int:
    """Run in the foreground; on Ctrl-C/SIGTERM give pytest a moment to stop, then kill it."""
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        return process.wait()
    except KeyboardInterrupt:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        raise


# --- results ------------------------------------------------------------------------------------


def read_junit(path: Path, result: Result) -> bool:
    try:
        tree = ET.parse(path)  # noqa: S314 - pytest's own report, written just now
    except (OSError, ET.ParseError):
        return False
    for case in tree.iter("testcase"):
        kinds = {child.tag: child for child in case}
        if "failure" in kinds:
            result.failed += 1
        elif "error" in kinds:
            result.errors += 1
        elif "skipped" in kinds:
            if kinds["skipped"].get("type") == "pytest.xfail":
                result.xfailed += 1
            else:
                result.skipped += 1
        else:
            result.passed += 1
    return True


def duration(seconds: float) -> str:
    minutes, seconds = divmod(seconds, 60)
    return f"{int(minutes)}m{seconds:04.1f}s" if minutes else f"{seconds:.1f}s"


# --- phases -------------------------------------------------------------------------------------


def phase_env(phase: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)  # SQLite unless the phase says otherwise
    data_dir = ARTIFACTS / f"data-{phase}"
    # static/ too: WhiteNoise warns about a STATIC_ROOT that does not exist
    (data_dir / "static").mkdir(parents=True, exist_ok=True)
    env.update(
        KIPINA_ENV="test",
        KIPINA_NO_SKIP="1",
        KIPINA_DATA_DIR=str(data_dir),
        PYTHONDONTWRITEBYTECODE="1",
    )
    if phase == "e2e":
        env["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    return env


def pytest_command(phase: str, workers: str, extra: list[str]) -> list[str]:
    junit = ARTIFACTS / f"junit-{phase}.xml"
    command = [sys.executable, "-m", "pytest", "-m", "e2e" if phase == "e2e" else "not e2e"]
    if phase != "e2e":
        # Nothing under e2e/ runs here (the root conftest marks it all e2e), so it is not even
        # imported: naming the other test paths keeps e2e/conftest.py (Playwright, its
        # environment) out of these runs, which --ignore alone would not.
        if not any(_names_a_path(arg) for arg in extra):
            command += [path for path in _testpaths() if path.rstrip("/") != "e2e"]
        command += ["--ignore", "e2e"]
    if workers not in ("", "0"):
        command += ["-n", workers]
    command += ["--junitxml", str(junit), "-o", f"junit_suite_name={phase}", *extra]
    return command


def _testpaths() -> list[str]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        config = tomllib.load(file)
    return config["tool"]["pytest"]["ini_options"].get("testpaths", ["."])


def _names_a_path(arg: str) -> bool:
    # "kipina/org", "x/test_y.py::test_z"; not the value of -k/-m (a bare word)
    if arg.startswith("-") or not ("/" in arg or "::" in arg or arg.endswith(".py")):
        return False
    return (ROOT / arg.split("::")[0]).exists()


def run_phase(phase: str, command: list[str], number: int, count: int) -> Result:
    result = Result(phase=phase, command=command)
    junit = Path(command[command.index("--junitxml") + 1])
    junit.unlink(missing_ok=True)
    env = phase_env(phase)
    # how to repeat this run by hand (DATABASE_URL: any PostgreSQL where the role may createdb)
    shown = " ".join(shlex.quote(part) for part in ["pytest", *command[3:]])
    prefix = "KIPINA_NO_SKIP=1 " + ("DATABASE_URL=postgres://... " if phase == "postgresql" else "")
    print(f"\n{'=' * 100}\n[{number}/{count}] {phase}: {prefix}{shown}\n{'=' * 100}", flush=True)

    started = time.monotonic()
    leftovers: list[str] = []
    try:
        if phase == "postgresql":
            try:
                with throwaway_cluster(log_copy=ARTIFACTS / "postgresql-server.log") as cluster:
                    print(f"throwaway PostgreSQL at {cluster.url.split('@')[1]}", flush=True)
                    env["DATABASE_URL"] = cluster.url
                    result.returncode = run(command, env)
                    postmaster = cluster.postmaster_pid()
                    keep = {postmaster} if postmaster else set()
                    leftovers = end_leftover_processes(keep=keep)
            except PostgresUnavailable as exc:
                result.problems.append(f"could not start PostgreSQL: {exc}")
        else:
            result.returncode = run(command, env)
            leftovers = end_leftover_processes()
    except KeyboardInterrupt:
        result.interrupted = True
        result.problems.append("interrupted")
    finally:
        result.seconds = time.monotonic() - started
    if leftovers:
        result.notes.append(
            f"ended {len(leftovers)} process(es) the run left behind: " + "; ".join(leftovers[:5])
        )

    have_junit = read_junit(junit, result)
    code = result.returncode
    if code is None or result.interrupted:
        pass
    elif code == 5:
        e2e_files = sorted((ROOT / "e2e").rglob("test_*.py"))
        if phase == "e2e" and not e2e_files and not E2E_REQUIRED_EVEN_WITHOUT_TEST_FILES:
            result.notes.append(
                "!!! NO BROWSER JOURNEYS: e2e/ has no test files yet — nothing was checked in "
                "a browser. (Not failing for now; see E2E_REQUIRED_EVEN_WITHOUT_TEST_FILES.)"
            )
        else:
            result.problems.append("collected no tests")
    elif code not in (0, 1):
        result.problems.append(f"pytest stopped with exit code {code} (usage/internal error)")
    elif code == 1 and not (result.failed or result.errors or result.skipped):
        result.problems.append("pytest reported failure (exit 1) without a failing test")
    if code in (0, 1) and not have_junit:
        result.problems.append(f"no JUnit report at {junit.relative_to(ROOT)}")
    if result.skipped:
        result.problems.append(f"{result.skipped} test(s) skipped; CI must skip nothing")
    return result


def summary(results: list[Result], interrupted: bool) -> str:
    lines = ["", f"{' Kipinä test summary ':=^100}"]
    header = f"{'run':<12}{'result':<9}{'passed':>8}{'failed':>8}{'errors':>8}"
    header += f"{'skipped':>9}{'xfailed':>9}{'time':>11}"
    lines.append(header)
    for r in results:
        status = "ok" if r.ok else "FAILED"
        lines.append(
            f"{r.phase:<12}{status:<9}{r.passed:>8}{r.failed:>8}{r.errors:>8}"
            f"{r.skipped:>9}{r.xfailed:>9}{duration(r.seconds):>11}"
        )
    details = [(r.phase, text) for r in results for text in r.problems + r.notes]
    if details:
        lines.append("-" * 100)
        lines.extend(f"{phase}: {text}" for phase, text in details)
    if interrupted:
        lines.append("INTERRUPTED: the runs above are all that ran (the last one only in part).")
    passed = sum(r.passed for r in results)
    failed = sum(r.failed_total for r in results)
    if interrupted and not any(r.interrupted for r in results):
        failed += 1
    total_seconds = sum(r.seconds for r in results)
    lines.append("-" * 100)
    verdict = "OK" if failed == 0 else "FAILED"
    lines.append(f"{verdict}: {len(results)} run(s) in {duration(total_seconds)}; "
                 f"JUnit reports in {ARTIFACTS.relative_to(ROOT)}/")  # fmt: skip
    lines.append(f"{passed} passed, {failed} failed")
    return "\n".join(lines)


def _raise_keyboard_interrupt(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--only",
        action="append",
        choices=PHASES,
        help="run only this phase (repeatable); default: all three",
    )
    default_workers = str(max(2, min(os.cpu_count() or 2, 6)))
    parser.add_argument(
        "--workers",
        default=os.environ.get("KIPINA_TEST_WORKERS", default_workers),
        help="xdist workers for the sqlite and postgresql runs (0: none); default %(default)s",
    )
    parser.add_argument(
        "--e2e-workers",
        default=os.environ.get("KIPINA_E2E_WORKERS", "0"),
        help="xdist workers for the browser journeys; default %(default)s",
    )
    parser.add_argument("pytest_args", nargs=argparse.REMAINDER, help="-- extra pytest arguments")
    args = parser.parse_args()
    extra = args.pytest_args[1:] if args.pytest_args[:1] == ["--"] else args.pytest_args
    phases = [phase for phase in PHASES if not args.only or phase in args.only]

    become_subreaper()
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    signal.signal(signal.SIGHUP, _raise_keyboard_interrupt)
    ARTIFACTS.mkdir(exist_ok=True)

    results: list[Result] = []
    interrupted = False
    try:
        for number, phase in enumerate(phases, 1):
            workers = args.e2e_workers if phase == "e2e" else args.workers
            command = pytest_command(phase, workers, extra)
            results.append(run_phase(phase, command, number, len(phases)))
            if results[-1].interrupted:
                interrupted = True
                break
    except KeyboardInterrupt:  # between runs
        interrupted = True
    finally:
        leftovers = end_leftover_processes()
        if leftovers:
            print(f"ended {len(leftovers)} leftover process(es): {'; '.join(leftovers[:5])}")

    text = summary(results, interrupted)
    print(text, flush=True)
    (ARTIFACTS / "summary.txt").write_text(text.lstrip("\n") + "\n")
    if interrupted:
        return 130
    return 0 if all(r.ok for r in results) and results else 1


if __name__ == "__main__":
    sys.exit(main())
