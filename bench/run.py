"""`make bench`: seed the large organisation, serve it like production, load every main page.

For each database (SQLite, then PostgreSQL in a throwaway cluster started here):

1. migrate an empty database and time `manage.py seed_demo --people N --seed 1`;
2. pick the unit, team and people codes the pages need (`discover.py`);
3. serve with gunicorn (2 sync workers, production settings, config.urls_bench) on loopback;
4. run locust headless: signed-in users hit one page at a time, bare view first (`locustfile.py`);
5. read the server time of each measured request from gunicorn's access log.

Prints one table per database and writes every figure to bench/results/latest.json as
{"dotted.name": number}. Everything lives in a temporary directory that is removed at the end,
the PostgreSQL cluster stopped, whatever happened. Settings come from the environment:

    BENCH_QUICK=1          5 000 people and short phases (under 5 minutes in all)
    BENCH_DBS=sqlite       only these databases (comma separated: sqlite, postgres)
    BENCH_PEOPLE, BENCH_WARMUP_S, BENCH_MEASURE_S, BENCH_USERS, BENCH_WORKERS   overrides
    BENCH_KEEP=1           keep the temporary directory (logs, databases) for a look afterwards

Exit status 1 when any request failed or any step broke; the figures measured so far are still
written, with meta.failed = 1 (to results/interrupted.json instead when the run was interrupted).
"""

import json
import math
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
RESULTS_FILE = BENCH_DIR / "results" / "latest.json"
PYTHON = sys.executable

sys.path.insert(0, str(BENCH_DIR))
from pages import BARE, all_pages  # noqa: E402

DATABASES = ("sqlite", "postgres")
SEED = 1
# Names a micro-benchmark may report under: its own "micro.…" ones, and the names the issues
# fixed for their figures (matching.rank_10000.p95_ms, search.resources_50000.<db>.p95_ms).
MICRO_PREFIXES = ("micro.", "matching.", "search.")
# The server timer (gunicorn's %(D)s, microseconds) and the phase that sent the request.
ACCESS_LOG_FORMAT = "%({x-bench-phase}i)s %(s)s %(D)s"


class BenchError(Exception):
    """A step of the benchmark failed; the message says which and where its log is."""


# --- configuration --------------------------------------------------------------------------


def _env_number(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a number, got {raw!r}") from None


@dataclass(frozen=True)
class Config:
    quick: bool
    people: int
    warmup_s: float
    measure_s: float
    users: int
    workers: int
    min_samples: int
    databases: tuple[str, ...]
    keep: bool

    @classmethod
    def from_env(cls) -> "Config":
        quick = os.environ.get("BENCH_QUICK", "").strip().lower() in {"1", "true", "yes", "on"}
        databases = tuple(
            db.strip() for db in os.environ.get("BENCH_DBS", ",".join(DATABASES)).split(",")
        )
        unknown = [db for db in databases if db not in DATABASES]
        if unknown or not databases:
            raise SystemExit(f"BENCH_DBS: unknown database {unknown}; choose from {DATABASES}")
        return cls(
            quick=quick,
            people=int(_env_number("BENCH_PEOPLE", 5_000 if quick else 100_000)),
            warmup_s=_env_number("BENCH_WARMUP_S", 1.5 if quick else 5),
            measure_s=_env_number("BENCH_MEASURE_S", 5 if quick else 30),
            # Two requests per worker keep both workers busy without a long queue.
            users=int(_env_number("BENCH_USERS", 4)),
            workers=int(_env_number("BENCH_WORKERS", 2)),
            min_samples=5 if quick else 20,
            databases=databases,
            keep=os.environ.get("BENCH_KEEP", "") not in {"", "0"},
        )


# --- processes ------------------------------------------------------------------------------


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def run_logged(cmd: list[str], *, env: dict, logfile: Path, what: str, timeout: float) -> str:
    """Run a command to completion, its output into logfile; return stdout on success."""
    with open(logfile, "ab") as errors:
        try:
            done = subprocess.run(  # noqa: S603 - our own fixed commands
                cmd,
                env=env,
                cwd=PROJECT_DIR,
                stdout=subprocess.PIPE,
                stderr=errors,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise BenchError(f"{what}: no result after {timeout:.0f} s (log: {logfile})") from None
    output = done.stdout.decode(errors="replace")
    with open(logfile, "a", encoding="utf-8") as out:
        out.write(output)
    if done.returncode != 0:
        raise BenchError(
            f"{what} exited with {done.returncode}; last lines of {logfile}:\n{tail(logfile)}"
        )
    return output


def stop_process(process: subprocess.Popen, grace: float = 15) -> None:
    """SIGTERM a process group we started, SIGKILL it if it lingers."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_http(url: str, process: subprocess.Popen, logfile: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"server exited with {process.returncode}:\n{tail(logfile)}")
        try:
            request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310
            with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310 - loopback
                if answer.status == 200:
                    return
                last = f"HTTP {answer.status}"
        except OSError as exc:
            last = str(exc)
        time.sleep(0.25)
    raise BenchError(f"{url} not answering after {timeout:.0f} s ({last}):\n{tail(logfile)}")


# --- databases ------------------------------------------------------------------------------


def postgres_bindir() -> Path:
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), reverse=True
    )
    for bindir in candidates:
        if (bindir / "initdb").exists():
            return bindir
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise BenchError("no PostgreSQL server binaries (initdb) found: apt-get install postgresql")


@contextmanager
def throwaway_postgres(workdir: Path) -> Iterator[str]:
    """A PostgreSQL cluster of our own on a free loopback port; yields its DATABASE_URL.

    fsync stays on; synchronous_commit=off only shortens the seeding (no effect on reads).
    Memory settings are what a small production server would have, not the defaults for 128 MB.
    """
    bindir = postgres_bindir()
    cluster = workdir / "postgres"
    cluster.mkdir()
    as_postgres: list[str] = []
    if os.geteuid() == 0:
        # initdb refuses to run as root.
        shutil.chown(cluster, "postgres", "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    data, sockets, logfile = cluster / "data", cluster / "sockets", cluster / "server.log"
    port = free_port()
    run_env = {**os.environ, "LC_ALL": "C.UTF-8"}

    def pg(*args: str, what: str, timeout: float = 120) -> None:
        cmd = [*as_postgres, *args]
        done = subprocess.run(  # noqa: S603
            cmd, env=run_env, capture_output=True, timeout=timeout, check=False
        )
        if done.returncode != 0:
            message = (done.stdout + done.stderr).decode(errors="replace")
            raise BenchError(f"{what} failed ({done.returncode}):\n{message}\n{tail(logfile)}")

    initdb = [str(bindir / "initdb"), "-D", str(data), "-U", "kipina", "--auth=trust"]
    pg(*initdb, "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync", what="initdb")
    pg("mkdir", str(sockets), what="mkdir sockets")
    options = " ".join(
        [
            f"-p {port}",
            "-c listen_addresses=127.0.0.1",
            f"-c unix_socket_directories={sockets}",
            "-c synchronous_commit=off",
            "-c shared_buffers=1GB",
            "-c effective_cache_size=4GB",
            "-c work_mem=16MB",
            "-c maintenance_work_mem=256MB",
            "-c max_connections=50",
        ]
    )
    pg_ctl = [str(bindir / "pg_ctl"), "-D", str(data), "-w", "-t", "60"]
    started = False
    try:
        started = True  # from here on, try to stop it whatever happens
        pg(*pg_ctl, "-l", str(logfile), "-o", options, "start", what="pg_ctl start")
        createdb = [str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "kipina"]
        pg(*createdb, "kipina", what="createdb")
        yield f"postgres://kipina@127.0.0.1:{port}/kipina"
    finally:
        if started:
            try:
                pg(*pg_ctl, "-m", "fast", "stop", what="pg_ctl stop")
            except (BenchError, subprocess.TimeoutExpired) as exc:
                log(f"warning: could not stop PostgreSQL cleanly: {exc}")
                try:
                    pg(*pg_ctl, "-m", "immediate", "stop", what="pg_ctl stop immediate")
                except (BenchError, subprocess.TimeoutExpired) as again:
                    log(f"warning: PostgreSQL may still run from {data}: {again}")


def django_env(data_dir: Path, database_url: str | None) -> dict:
    """Production settings on loopback; nothing inherited from the caller's Kipinä setup."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("KIPINA_", "DATABASE_URL", "DJANGO_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        KIPINA_ENV="production",
        KIPINA_SECRET_KEY=secrets.token_urlsafe(50),
        KIPINA_ALLOWED_HOSTS="127.0.0.1",
        KIPINA_SSL_REDIRECT="0",
        KIPINA_LOGIN_LOCKOUT="0",
        KIPINA_URLCONF="config.urls_bench",
        KIPINA_DATA_DIR=str(data_dir),
        # The production default; nothing else would be sent in production.
        KIPINA_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        PYTHONDONTWRITEBYTECODE="1",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


# --- statistics -----------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def read_access_log(path: Path) -> dict[str, dict]:
    """Per phase tag: server times in ms and the count of non-200 answers."""
    phases: dict[str, dict] = {}
    for line in path.read_text(errors="replace").splitlines():
        parts = line.split()
        if len(parts) != 3:
            continue
        tag, status, micros = parts
        phase = phases.setdefault(tag, {"ms": [], "bad_status": 0})
        phase["ms"].append(int(micros) / 1000)
        if status != "200":
            phase["bad_status"] += 1
    return phases


# --- one database ---------------------------------------------------------------------------


@dataclass
class Run:
    config: Config
    workdir: Path
    results: dict
    problems: list[str]

    def figure(self, name: str, value: float, digits: int = 3) -> None:
        if isinstance(value, float):
            if math.isnan(value):
                return
            value = round(value, digits)
        self.results[name] = value

    def bench_database(self, db: str, database_url: str | None) -> None:
        config, logs = self.config, self.workdir / f"logs-{db}"
        logs.mkdir()
        env = django_env(self.workdir / "data", database_url)
        manage = [PYTHON, str(PROJECT_DIR / "manage.py")]

        log(f"{db}: migrate")
        started = time.monotonic()
        run_logged(
            [*manage, "migrate", "--noinput"],
            env=env,
            logfile=logs / "migrate.log",
            what="migrate",
            timeout=600,
        )
        self.figure(f"meta.migrate.{db}.seconds", time.monotonic() - started, 2)

        seed_name = f"seed.people_{config.people}"
        log(f"{db}: seed_demo --people {config.people} --seed {SEED}")
        started = time.monotonic()
        seed_cmd = [*manage, "seed_demo", "--people", str(config.people), "--seed", str(SEED)]
        run_logged(
            seed_cmd,
            env=env,
            logfile=logs / "seed.log",
            what="seed_demo",
            timeout=1800,
        )
        seconds = time.monotonic() - started
        self.figure(f"{seed_name}.{db}.seconds", seconds, 2)
        # The undecorated name is the default (embedded) database's figure.
        if db == "sqlite" or f"{seed_name}.seconds" not in self.results:
            self.figure(f"{seed_name}.seconds", seconds, 2)
        log(f"{db}: seeded {config.people} people in {seconds:.1f} s")

        if db == "postgres":
            # Autovacuum would have analysed the fresh tables within a minute or two in a running
            # installation; do it now so the planner sees the steady state, not empty statistics.
            run_logged(
                [
                    PYTHON,
                    "-c",
                    "import django; django.setup(); from django.db import connection; "
                    "connection.cursor().execute('VACUUM ANALYZE')",
                ],
                env=env,
                logfile=logs / "analyze.log",
                what="VACUUM ANALYZE",
                timeout=600,
            )

        targets = json.loads(
            run_logged(
                [PYTHON, str(BENCH_DIR / "discover.py")],
                env=env,
                logfile=logs / "discover.log",
                what="discover.py",
                timeout=300,
            )
        )
        for key, value in targets["counts"].items():
            self.figure(f"meta.data.{db}.{key}", value)
        if targets["counts"]["people"] < config.people:
            raise BenchError(
                f"seed_demo left {targets['counts']['people']} people, expected {config.people}"
            )
        for key in (
            "root_unit_headcount",
            "top_unit_headcount",
            "mid_unit_headcount",
            "team_size",
            "surname_matches",
        ):
            self.figure(f"meta.targets.{db}.{key}", targets[key])

        port = free_port()
        host = f"http://127.0.0.1:{port}"
        access_log = logs / "access.log"
        server_log = logs / "gunicorn.log"
        log(f"{db}: gunicorn on {host} ({config.workers} workers)")
        command = [PYTHON, "-m", "gunicorn", "config.wsgi:application"]
        command += ["--bind", f"127.0.0.1:{port}", "--workers", str(config.workers)]
        command += ["--worker-class", "sync", "--timeout", "120", "--graceful-timeout", "10"]
        command += ["--access-logfile", str(access_log), "--access-logformat", ACCESS_LOG_FORMAT]
        command += ["--error-logfile", str(server_log)]
        with open(server_log, "ab") as server_out:
            server = subprocess.Popen(  # noqa: S603
                command,
                env=env,
                cwd=PROJECT_DIR,
                stdout=server_out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            wait_for_http(f"{host}/healthz", server, server_log)
            wait_for_http(f"{host}{BARE.path(targets, None)}", server, server_log)
            phases = self.load(db, host, targets, logs)
        finally:
            stop_process(server)
        self.collect(db, phases, read_access_log(access_log))
        self.micro_benchmarks(db, env, logs)

    def micro_benchmarks(self, db: str, env: dict, logs: Path) -> None:
        """Run every bench/micro/*.py against this database; each prints {"micro.…": number}."""
        scripts = sorted((BENCH_DIR / "micro").glob("[!_]*.py"))
        for script in scripts:
            log(f"{db}: micro-benchmark {script.name}")
            output = run_logged(
                [PYTHON, str(script)],
                env={**env, "BENCH_DB": db, "BENCH_QUICK": str(int(self.config.quick))},
                logfile=logs / f"micro-{script.stem}.log",
                what=f"micro/{script.name}",
                timeout=900,
            )
            lines = output.strip().splitlines()
            try:
                figures = json.loads(lines[-1]) if lines else None
            except json.JSONDecodeError:
                figures = None
            if not isinstance(figures, dict):
                raise BenchError(f"micro/{script.name}: last line of output is not a JSON object")
            for name, value in figures.items():
                if not name.startswith(MICRO_PREFIXES) or not isinstance(value, int | float):
                    raise BenchError(f"micro/{script.name}: bad figure {name!r}: {value!r}")
                self.figure(name, value)

    def load(self, db: str, host: str, targets: dict, logs: Path) -> list[dict]:
        config = self.config
        plan_file, out_file = logs / "plan.json", logs / "locust-results.json"
        phases = [
            {
                "page": page.name,
                "warmup_s": config.warmup_s,
                "measure_s": config.measure_s,
                "min_samples": config.min_samples,
                "max_window_s": 2 * config.measure_s,
                # Longer than the client's network timeout: every straggler is back or failed.
                "drain_s": 130,
            }
            for page in all_pages()
        ]
        plan_file.write_text(
            json.dumps(
                {"users": config.users, "targets": targets, "phases": phases, "out": str(out_file)}
            )
        )
        planned = sum(p["warmup_s"] + p["measure_s"] for p in phases)
        safety = sum(p["warmup_s"] + p["max_window_s"] + p["drain_s"] for p in phases) + 180
        log(f"{db}: locust, {config.users} users, {len(phases)} phases, ~{planned:.0f} s")
        locust_log = logs / "locust.log"
        command = [PYTHON, "-m", "locust", "-f", str(BENCH_DIR / "locustfile.py"), "--headless"]
        command += ["--users", str(config.users), "--spawn-rate", str(config.users)]
        command += ["--host", host, "--run-time", f"{safety:.0f}s", "--stop-timeout", "10"]
        command += ["--only-summary", "--exit-code-on-error", "0", "--loglevel", "WARNING"]
        with open(locust_log, "ab") as locust_out:
            locust = subprocess.Popen(  # noqa: S603
                command,
                env={**os.environ, "BENCH_PLAN": str(plan_file)},
                cwd=BENCH_DIR,
                stdout=locust_out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                locust.wait(timeout=safety + 60)
            except subprocess.TimeoutExpired:
                raise BenchError(f"locust did not stop; log: {locust_log}") from None
            finally:
                stop_process(locust)
        if locust.returncode != 0 or not out_file.exists():
            raise BenchError(f"locust exited with {locust.returncode}:\n{tail(locust_log)}")
        result = json.loads(out_file.read_text())
        if result["setup_errors"]:
            raise BenchError(f"{db}: load could not start: {result['setup_errors']}")
        return result["phases"]

    def collect(self, db: str, phases: list[dict], server: dict[str, dict]) -> None:
        bare_p50 = bare_p95 = None
        for phase in phases:
            name = phase["page"]
            key = f"page.{name}.{db}"
            server_ms = server.get(name, {"ms": [], "bad_status": 0})
            client_ms = phase["response_ms"]
            # A non-200 shows on both sides; a broken connection only on the client's.
            errors = max(len(phase["failures"]), server_ms["bad_status"])
            requests = len(client_ms) + len(phase["failures"])
            if errors:
                self.problems.append(
                    f"{db} {name}: {errors} of {requests} requests failed, e.g. "
                    f"{phase['failures'][:3] or 'non-200 answers in the server log'}"
                )
            if not client_ms or not server_ms["ms"]:
                self.problems.append(
                    f"{db} {name}: no measured request came back within "
                    f"{phase['seconds']:.0f} s: the page is too slow to measure"
                )
            if phase["still_in_flight"]:
                self.problems.append(
                    f"{db} {name}: {phase['still_in_flight']} requests still unanswered after the "
                    "phase; the next page's figures may be disturbed"
                )
            p50, p95 = percentile(server_ms["ms"], 0.5), percentile(server_ms["ms"], 0.95)
            self.figure(f"{key}.p50_ms", p50)
            self.figure(f"{key}.p95_ms", p95)
            self.figure(f"{key}.client_p50_ms", percentile(client_ms, 0.5))
            self.figure(f"{key}.client_p95_ms", percentile(client_ms, 0.95))
            self.figure(f"{key}.rps", len(client_ms) / phase["seconds"], 2)
            self.figure(f"{key}.requests", requests)
            self.figure(f"{key}.errors", errors)
            if name == BARE.name:
                bare_p50, bare_p95 = p50, p95
            elif bare_p50:
                self.figure(f"{key}.ratio_to_bare", p50 / bare_p50, 2)
                self.figure(f"{key}.p95_ratio_to_bare", p95 / bare_p95, 2)


# --- report ---------------------------------------------------------------------------------


def print_tables(results: dict, config: Config) -> None:
    rough: list[str] = []
    for db in config.databases:
        if not any(k.startswith("page.") and k.split(".")[2] == db for k in results):
            continue
        seed = results.get(f"seed.people_{config.people}.{db}.seconds")
        print()
        print(f"{db}: {config.people} people" + (f", seeded in {seed:.1f} s" if seed else ""))
        header = (
            f"{'page':<26} {'p50 ms':>9} {'p95 ms':>9} {'req/s':>7} {'x bare':>7} "
            f"{'samples':>7} {'errors':>6}"
        )
        print(header)
        print("-" * len(header))
        for page in all_pages():
            key = f"page.{page.name}.{db}"
            if f"{key}.p50_ms" not in results:
                continue
            ratio = results.get(f"{key}.ratio_to_bare")
            rps = results[f"{key}.rps"]
            requests = results[f"{key}.requests"]
            print(
                f"{page.label:<26} {results[f'{key}.p50_ms']:>9.2f} "
                f"{results[f'{key}.p95_ms']:>9.2f} {rps:>7.{1 if rps >= 10 else 2}f} "
                f"{(f'{ratio:.1f}' if ratio is not None else '1'):>7} "
                f"{requests:>7} {results[f'{key}.errors']:>6}"
            )
            if requests < config.min_samples:
                rough.append(f"{page.name} on {db}")
    if rough:
        print(
            f"\nnote: fewer than {config.min_samples} samples (the page is very slow), so its "
            f"p50/p95 are rough: {', '.join(rough)}"
        )
    busy = results.get("meta.load_1m_start", 0)
    if busy > 1.0:
        print(
            f"\nnote: the machine was busy when the bench started (1-minute load average "
            f"{busy:.1f}); expect noisier figures than on an idle machine"
        )
    print()
    print(
        "p50/p95: server time per request (gunicorn, full middleware stack); req/s: with "
        f"{config.users} users on {config.workers} workers; x bare: p50 / bare view p50"
    )


def write_results(results: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    ordered = dict(sorted(results.items()))
    path.write_text(json.dumps(ordered, indent=1) + "\n", encoding="utf-8")


def _terminate(signum, frame) -> None:
    raise SystemExit(128 + signum)


def main() -> int:
    config = Config.from_env()
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGHUP, _terminate)
    began = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="kipina-bench-"))
    workdir.chmod(0o755)  # the postgres user must reach its cluster directory inside
    run = Run(config, workdir, results={}, problems=[])
    run.figure("meta.quick", int(config.quick))
    run.figure("meta.people", config.people)
    run.figure("meta.users", config.users)
    run.figure("meta.workers", config.workers)
    run.figure("meta.warmup_seconds", config.warmup_s)
    run.figure("meta.measure_seconds", config.measure_s)
    run.figure("meta.load_1m_start", os.getloadavg()[0], 2)
    log(
        f"{'quick' if config.quick else 'full'} run in {workdir}: {config.people} people, "
        f"databases {', '.join(config.databases)}"
    )
    interrupted = False
    try:
        (workdir / "data").mkdir()
        static_env = django_env(workdir / "data", None)
        run_logged(
            [PYTHON, str(PROJECT_DIR / "manage.py"), "collectstatic", "--noinput"],
            env=static_env,
            logfile=workdir / "collectstatic.log",
            what="collectstatic",
            timeout=300,
        )
        for db in config.databases:
            try:
                if db == "postgres":
                    with throwaway_postgres(workdir) as url:
                        run.bench_database(db, url)
                else:
                    run.bench_database(db, None)
            except BenchError as exc:
                run.problems.append(f"{db}: {exc}")
                log(f"{db}: FAILED: {exc}")
    except BenchError as exc:
        run.problems.append(str(exc))
    except (KeyboardInterrupt, SystemExit):
        run.problems.append("interrupted")
        interrupted = True
    finally:
        run.figure("meta.total_seconds", time.monotonic() - began, 1)
        run.figure("meta.failed", int(bool(run.problems)))
        # An interrupted run keeps its partial figures apart instead of replacing the last ones.
        results_file = RESULTS_FILE.with_name("interrupted.json") if interrupted else RESULTS_FILE
        write_results(run.results, results_file)
        if config.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print_tables(run.results, config)
    print(
        f"\nwrote {len(run.results)} figures to {results_file.relative_to(PROJECT_DIR)} "
        f"in {run.results['meta.total_seconds']:.0f} s"
    )
    if run.problems:
        print("\nBENCH FAILED:", file=sys.stderr)
        for problem in run.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
