"""The database handle: one engine (SQLite by default, PostgreSQL for several workers) and transactions.

Errors:
    StorageError          base of our own errors; the entry point shows its (Korean) message
    ├── UnsupportedDatabase  the URL is neither sqlite nor postgresql
    ├── DatabaseUnreachable  migrate() could not connect at start-up
    └── SchemaTooNew         the database was migrated by a newer version of the program
SQLAlchemy's own errors (a dropped connection mid-turn) propagate to the one error handler.
"""

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection, Engine, Table, create_engine, event, func, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url

from bot import texts
from bot.storage import tables


# The execution option that marks a `reading()` connection.
_READ_ONLY = "axbot_read_only"


class StorageSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # config.yaml: ${DATABASE_URL:sqlite:///var/axbot.db}; any postgresql:// URL works too.
    url: str = "sqlite:///var/axbot.db"
    echo: bool = False
    # How long a SQLite writer waits for another one; turns hold the lock, so keep it above the longest turn.
    sqlite_busy_timeout_ms: int = Field(5000, ge=0)


class StorageError(Exception):
    """A storage problem with a message fit for staff (Korean, no password)."""


class UnsupportedDatabase(StorageError):
    pass


class DatabaseUnreachable(StorageError):
    pass


class SchemaTooNew(StorageError):
    pass


class Database:
    """An engine plus `transaction()`, which nests: see its docstring."""

    def __init__(self, url: str, *, echo: bool = False, sqlite_busy_timeout_ms: int = 5000):
        self.url = _normalise_url(url)
        self.dialect = self.url.get_backend_name()
        self.engine = _create_engine(self.url, echo, sqlite_busy_timeout_ms)
        # One open transaction per thread or task, so stores called inside another store's
        # transaction join it instead of waiting for the lock it holds; the flag says whether
        # they join through a SAVEPOINT.
        self._current: ContextVar[tuple[Connection, bool] | None] = ContextVar(f"axbot_db_{id(self)}", default=None)

    @classmethod
    def from_settings(cls, settings: StorageSettings) -> "Database":
        return cls(settings.url, echo=settings.echo, sqlite_busy_timeout_ms=settings.sqlite_busy_timeout_ms)

    @property
    def safe_url(self) -> str:
        return self.url.render_as_string(hide_password=True)

    @contextmanager
    def transaction(self, *, savepoints: bool = True) -> Iterator[Connection]:
        """One transaction: committed on normal exit, rolled back on an exception.

        Inside another `transaction()` of the same thread or task it joins that one through a
        SAVEPOINT (an error rolls back only the inner part) and commits with the outer one.
        With `savepoints=False` the transactions opened inside join it as they are: for a batch
        of writes that stand or fall together, where a SAVEPOINT each would only cost time.
        On SQLite every transaction starts with BEGIN IMMEDIATE, so writers queue up front.
        """
        outer = self._current.get()
        if outer is not None:
            connection, nest = outer
            with connection.begin_nested() if nest else nullcontext():
                with self._joined(connection, nest and savepoints):
                    yield connection
            return
        with self.engine.connect() as connection, connection.begin(), self._joined(connection, savepoints):
            yield connection

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A transaction for reads only; inside another transaction it joins that one.

        On SQLite it starts with a plain (deferred) BEGIN and so never waits for the writer:
        in WAL mode a reader sees the last commit. Writing in it is a programming error.
        """
        outer = self._current.get()
        if outer is not None:
            yield outer[0]  # a read needs no SAVEPOINT: it has nothing to roll back
            return
        with self.engine.connect() as connection:
            connection.execution_options(**{_READ_ONLY: True})
            with connection.begin(), self._joined(connection, True):
                yield connection

    @contextmanager
    def _joined(self, connection: Connection, savepoints: bool) -> Iterator[None]:
        token = self._current.set((connection, savepoints))
        try:
            yield
        finally:
            self._current.reset(token)

    def insert(self, table: Table) -> postgresql.Insert | sqlite.Insert:
        """An INSERT that knows `on_conflict_do_nothing/do_update` on both dialects."""
        return postgresql.insert(table) if self.dialect == "postgresql" else sqlite.insert(table)

    def migrate(self) -> list[str]:
        """Apply pending migrations; returns the names applied (empty when up to date)."""
        from bot.storage.migrations import migrate  # here, not on top: migrations.py imports this module

        return migrate(self)

    def schema_version(self) -> int:
        with self.transaction() as connection:
            if not inspect(connection).has_table(tables.schema_migrations.name):
                return 0
            return connection.scalar(select(func.max(tables.schema_migrations.c.version))) or 0

    def dispose(self) -> None:
        self.engine.dispose()


def _normalise_url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except Exception as error:  # sqlalchemy raises ArgumentError; keep the URL's password out of it
        raise UnsupportedDatabase(texts.STORAGE_UNSUPPORTED_URL.format(url="?")) from error
    backend = parsed.get_backend_name()
    if backend in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite" and parsed.get_driver_name() == "pysqlite":
        return parsed
    raise UnsupportedDatabase(texts.STORAGE_UNSUPPORTED_URL.format(url=parsed.render_as_string(hide_password=True)))


def _create_engine(url: URL, echo: bool, busy_timeout_ms: int) -> Engine:
    if url.get_backend_name() == "postgresql":
        # pre_ping: workers survive a PostgreSQL restart without a failed turn.
        return create_engine(url, echo=echo, pool_pre_ping=True)
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, echo=echo)
    _configure_sqlite(engine, busy_timeout_ms)
    return engine


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """WAL, a busy timeout, foreign keys, and BEGIN IMMEDIATE (SQLAlchemy's documented recipe)."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, connection_record) -> None:
        # Take transaction control away from the sqlite3 module, which would BEGIN (deferred) itself.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        _use_wal(cursor, busy_timeout_ms)
        # SQLite's advice for WAL: still corruption-safe, skips an fsync per commit.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Connection) -> None:
        # IMMEDIATE takes the write lock at BEGIN: a deferred reader upgrading to a writer
        # would fail with "database is locked" at once instead of waiting its turn.
        # `reading()` never writes, so it need not queue behind the writer.
        read_only = connection.get_execution_options().get(_READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def _use_wal(cursor: sqlite3.Cursor, busy_timeout_ms: int) -> None:
    """Switch a new database file to WAL (a no-op once it is: the mode is stored in the file).

    The switch needs an exclusive lock and SQLite does not wait for it (no busy handler), so
    processes opening a fresh file at the same moment retry for up to the busy timeout.
    """
    deadline = time.monotonic() + busy_timeout_ms / 1000
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.01)
