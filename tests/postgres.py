"""A throw-away PostgreSQL 15 server on 127.0.0.1 for tests: the session fixture `postgres_url`.

Opt in from a conftest.py:

    from tests.postgres import clean_postgres_url, postgres_url  # noqa: F401

Needs Debian's postgresql-15 package (binaries in /usr/lib/postgresql/15/bin, or $AXBOT_PG_BIN).
Without them the tests that use the fixture are skipped with a loud reason; AXBOT_REQUIRE_POSTGRES=1
(for CI) turns that skip into a failure. The data directory lives in a fresh directory of the
system temp dir rather than under tmp_path, because when the tests run as root the server runs as
the `postgres` user, which cannot enter pytest's root-only tmp_path; it is deleted at teardown.
"""

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

PG_BIN = Path(os.environ.get("AXBOT_PG_BIN", "/usr/lib/postgresql/15/bin"))
DATABASE = "axbot_test"
# Durability is pointless for a server that lives as long as one test run.
FAST_SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=100")


@dataclass
class PostgresServer:
    root: Path
    port: int
    run_as: tuple[str, ...]  # prefix that runs a command as the `postgres` user when we are root

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str = DATABASE) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=database, autocommit=True)

    def run(self, tool: str, *args: str) -> None:
        command = [*self.run_as, str(PG_BIN / tool), *args]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            log = (self.root / "server.log").read_text(errors="replace") if (self.root / "server.log").exists() else ""
            raise RuntimeError(f"{tool} failed ({result.returncode}): {result.stderr or result.stdout}\n{log}")

    def init(self) -> None:
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")

    def start(self) -> None:
        options = f"-h 127.0.0.1 -p {self.port} -k {self.root / 'socket'} " + " ".join(f"-c {s}" for s in FAST_SETTINGS)
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-o", options, "-w", "-t", "30", "start")

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")


def _missing_reason() -> str | None:
    if not (PG_BIN / "initdb").exists():
        return f"PostgreSQL 15 binaries not found at {PG_BIN}; install postgresql-15 (apt-get install -y postgresql-15)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no `postgres` system user to run initdb as; install postgresql-15"
        if shutil.which("runuser") is None:
            return "running as root and `runuser` is missing, so initdb cannot run as the `postgres` user"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server_directory() -> tuple[Path, tuple[str, ...]]:
    root = Path(tempfile.mkdtemp(prefix="axbot-pg-"))
    (root / "socket").mkdir()
    if os.geteuid() != 0:
        return root, ()
    user = pwd.getpwnam("postgres")
    for path in (root, root / "socket"):
        os.chown(path, user.pw_uid, user.pw_gid)
    return root, ("runuser", "-u", "postgres", "--")


def _start_server() -> PostgresServer:
    root, run_as = _server_directory()
    server = PostgresServer(root, _free_port(), run_as)
    try:
        server.init()
        _start_on_a_free_port(server)
        with server.connect() as connection:
            connection.execute(f"CREATE DATABASE {DATABASE}")
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    return server


def _start_on_a_free_port(server: PostgresServer, attempts: int = 3) -> None:
    # Another process may take the probed port before the server binds it: try a new one.
    for attempt in range(attempts):
        try:
            return server.start()
        except RuntimeError:
            if attempt == attempts - 1:
                raise
            server.port = _free_port()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    reason = _missing_reason()
    if reason:
        if os.environ.get("AXBOT_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"AXBOT_REQUIRE_POSTGRES=1 but {reason}")
        # A warning as well as the skip, so the summary says it even without -ra.
        warnings.warn(f"PostgreSQL tests skipped: {reason}", stacklevel=1)
        pytest.skip(f"SKIPPED POSTGRESQL TESTS: {reason}")
    server = _start_server()
    try:
        yield server
    finally:
        try:
            server.stop()
        finally:
            shutil.rmtree(server.root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_url(postgres_server: PostgresServer) -> str:
    """postgresql+psycopg://postgres@127.0.0.1:PORT/axbot_test on the session's server."""
    return postgres_server.url()


@pytest.fixture
def clean_postgres_url(postgres_server: PostgresServer, postgres_url: str) -> str:
    """The session database emptied for this test: its public schema dropped and recreated."""
    with postgres_server.connect(DATABASE) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")
    return postgres_url
