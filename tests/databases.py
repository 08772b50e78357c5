"""Migrated databases for tests: a SQLite file per test, or one PostgreSQL database per run that
each test finds empty. The store, booking and handoff tests share these."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import delete

from bot.storage import Database
from bot.storage.tables import metadata, schema_migrations
from tests.postgres import PostgresServer


@contextmanager
def migrated(url: str) -> Iterator[Database]:
    database = Database(url)
    database.migrate()
    try:
        yield database
    finally:
        database.dispose()


def sqlite_url(directory: Path, name: str = "axbot.db") -> str:
    return f"sqlite:///{directory / name}"


@contextmanager
def migrated_postgres_database(server: PostgresServer, name: str) -> Iterator[Database]:
    """A new database on the run's server, migrated once: for a session fixture."""
    with server.connect() as connection:
        connection.execute(f"CREATE DATABASE {name}")
    with migrated(server.url(name)) as database:
        yield database


def migrated_for(backend: str, request: pytest.FixtureRequest, tmp_path: Path, postgres_fixture: str) -> Iterator[Database]:
    """The body of a `database` fixture run on both backends: PostgreSQL's shared database emptied,
    or a fresh SQLite file."""
    if backend == "postgresql":
        database = request.getfixturevalue(postgres_fixture)
        empty(database)
        yield database
        return
    with migrated(sqlite_url(tmp_path)) as database:
        yield database


def empty(database: Database) -> None:
    with database.transaction() as connection:
        for table in reversed(metadata.sorted_tables):
            if table is not schema_migrations:
                connection.execute(delete(table))
