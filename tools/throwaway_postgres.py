"""A PostgreSQL cluster that lives in a temporary folder for as long as a `with` block.

    with throwaway_postgres() as url:      # postgres://kipina:...@127.0.0.1:PORT/kipina
        ...

or from a shell, to run one command against it (the cluster is removed afterwards):

    .venv/bin/python tools/throwaway_postgres.py -- .venv/bin/pytest -m "not e2e"
    .venv/bin/python tools/throwaway_postgres.py          # print the URL, wait for Ctrl-C

The cluster listens on a free loopback port, keeps its socket inside the temporary folder, and
trades durability for speed (fsync, full_page_writes and synchronous_commit off): nothing in it
is meant to survive. Its only role, `kipina`, is a superuser so that pytest-django can create a
test database per xdist worker. PostgreSQL refuses to run as root; as root the server runs as the
`postgres` system user (or `nobody`) through runuser/setpriv.

Uses only the standard library, so any Python 3.12+ can run it.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROLE = "kipina"
DATABASE = "kipina"


class PostgresUnavailable(RuntimeError):
    pass


def find_bindir() -> Path:
    """The newest server installation: $PG_BINDIR, Debian's /usr/lib/postgresql/N/bin, PATH."""
    if override := os.environ.get("PG_BINDIR"):
        return Path(override)
    candidates = glob.glob("/usr/lib/postgresql/*/bin/initdb")

    def major(path: str) -> float:
        match = re.search(r"/postgresql/([\d.]+)/", path)
        return float(match.group(1)) if match else 0.0

    for initdb in sorted(candidates, key=major, reverse=True):
        if os.access(Path(initdb).with_name("pg_ctl"), os.X_OK):
            return Path(initdb).parent
    if on_path := shutil.which("initdb"):
        return Path(on_path).parent
    raise PostgresUnavailable(
        "PostgreSQL server binaries (initdb, pg_ctl) not found. "
        "Install them: apt-get install postgresql  (or set PG_BINDIR)"
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_user() -> pwd.struct_passwd | None:
    """Who runs the server: None means ourselves (we are not root)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)
    raise PostgresUnavailable("running as root, but there is no 'postgres' or 'nobody' user")


def as_user(user: pwd.struct_passwd | None, argv: list[str]) -> list[str]:
    if user is None:
        return argv
    if runuser := shutil.which("runuser"):
        return [runuser, "-u", user.pw_name, "--", *argv]
    if setpriv := shutil.which("setpriv"):
        return [setpriv, f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--init-groups", *argv]
    raise PostgresUnavailable("running as root, but neither runuser nor setpriv is available")


@dataclass
class Cluster:
    bindir: Path
    root: Path
    user: pwd.struct_passwd | None
    port: int = 0
    password: str = ""

    @property
    def datadir(self) -> Path:
        return self.root / "data"

    @property
    def url(self) -> str:
        return f"postgres://{ROLE}:{self.password}@127.0.0.1:{self.port}/{DATABASE}"

    def run(self, *argv: str, as_server_user: bool = True, **kwargs) -> subprocess.CompletedProcess:
        command = [str(self.bindir / argv[0]), *argv[1:]]
        if as_server_user:
            command = as_user(self.user, command)
        return subprocess.run(
            command, cwd=self.root, capture_output=True, text=True, check=False, **kwargs
        )

    def check(self, result: subprocess.CompletedProcess, what: str) -> None:
        if result.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
            raise PostgresUnavailable(
                f"{what} failed ({result.returncode}):\n{result.stdout}{result.stderr}{tail}"
            )

    def init(self) -> None:
        self.password = secrets.token_hex(16)
        pwfile = self.root / "pw"
        pwfile.write_text(self.password + "\n")
        (self.root / "socket").mkdir()
        if self.user is not None:
            for path in (self.root, pwfile, self.root / "socket"):
                os.chown(path, self.user.pw_uid, self.user.pw_gid)
        result = self.run(
            "initdb", "--pgdata", str(self.datadir), "--username", ROLE, "--pwfile", str(pwfile),
            "--auth", "scram-sha-256", "--encoding", "UTF8", "--no-locale", "--no-sync",
            "--no-instructions",
        )  # fmt: skip
        pwfile.unlink()
        self.check(result, "initdb")

    def start(self) -> None:
        for attempt in range(3):
            self.port = free_port()
            settings = {
                "listen_addresses": "'127.0.0.1'",
                "port": str(self.port),
                "unix_socket_directories": f"'{self.root / 'socket'}'",
                "fsync": "off",
                "full_page_writes": "off",
                "synchronous_commit": "off",
                "max_connections": "100",
                "log_min_messages": "warning",
            }
            with (self.datadir / "postgresql.auto.conf").open("w") as conf:
                conf.writelines(f"{key} = {value}\n" for key, value in settings.items())
            result = self.run(
                "pg_ctl", "--pgdata", str(self.datadir), "--log", str(self.root / "server.log"),
                "--wait", "--timeout", "60", "start",
                # Own session: a Ctrl-C meant for the tests must not stop the server under them;
                # stop() ends it in order.
                start_new_session=True,
            )  # fmt: skip
            if result.returncode == 0:
                break
            if attempt == 2 or "could not bind" not in self.server_log():
                self.check(result, "pg_ctl start")
        env = {**os.environ, "PGPASSWORD": self.password}
        result = self.run(
            "createdb", "--host", "127.0.0.1", "--port", str(self.port), "--username", ROLE,
            "--owner", ROLE, DATABASE, as_server_user=False, env=env,
        )  # fmt: skip
        self.check(result, "createdb")

    def server_log(self) -> str:
        log = self.root / "server.log"
        return log.read_text(errors="replace") if log.exists() else ""

    def postmaster_pid(self) -> int | None:
        with contextlib.suppress(OSError, ValueError, IndexError):
            return int((self.datadir / "postmaster.pid").read_text().split()[0])
        return None

    def stop(self) -> None:
        if not (self.datadir / "postmaster.pid").exists():
            return
        pid = self.postmaster_pid()
        self.run("pg_ctl", "--pgdata", str(self.datadir), "--mode", "immediate", "--wait",
                 "--timeout", "30", "stop")  # fmt: skip
        if pid is None:
            return
        # pg_ctl should have done it; make sure no server outlives us whatever happened.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            except PermissionError:
                break
            time.sleep(0.1)
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


@contextlib.contextmanager
def throwaway_cluster(log_copy: Path | None = None) -> Iterator[Cluster]:
    """Start a fresh cluster, yield it (`.url`, `.postmaster_pid()`), always stop and delete it.

    `log_copy`: where to keep the server's log after the cluster is gone.
    """
    bindir = find_bindir()
    user = server_user()
    root = Path(tempfile.mkdtemp(prefix="kipina-pg-"))
    cluster = Cluster(bindir=bindir, root=root, user=user)
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        try:
            cluster.stop()
        finally:
            if log_copy is not None and (root / "server.log").exists():
                with contextlib.suppress(OSError):
                    shutil.copyfile(root / "server.log", log_copy)
            shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def throwaway_postgres(log_copy: Path | None = None) -> Iterator[str]:
    """Start a fresh cluster, yield its DATABASE_URL, and always stop and delete it."""
    with throwaway_cluster(log_copy) as cluster:
        yield cluster.url


def _raise_keyboard_interrupt(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- command [args...]")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    # `kill` and a closing terminal clean up like Ctrl-C does.
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    signal.signal(signal.SIGHUP, _raise_keyboard_interrupt)
    try:
        with throwaway_postgres() as url:
            if not command:
                print(f"DATABASE_URL={url}\n(Ctrl-C stops and removes the cluster)", flush=True)
                while True:
                    time.sleep(3600)
            return subprocess.run(command, env={**os.environ, "DATABASE_URL": url}).returncode
    except KeyboardInterrupt:
        return 130
    except PostgresUnavailable as exc:
        print(f"throwaway PostgreSQL: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
