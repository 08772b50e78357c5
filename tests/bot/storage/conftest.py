"""Every store test runs twice: on a SQLite file under tmp_path and on a real PostgreSQL 15."""

from collections.abc import Iterator

import pytest
from sqlalchemy import delete

from bot.storage import Database
from bot.storage.tables import metadata, schema_migrations
from tests.postgres import PostgresServer, clean_postgres_url, postgres_server, postgres_url  # noqa: F401

STORES_DATABASE = "axbot_stores"


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path) -> str:
    """An empty, unmigrated database; PostgreSQL's server starts only when a test asks for it."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'axbot.db'}"
    return request.getfixturevalue("clean_postgres_url")


@pytest.fixture(scope="session")
def migrated_postgres(postgres_server: PostgresServer) -> Iterator[Database]:
    """One PostgreSQL database migrated once per run; `database` empties it for each test."""
    with postgres_server.connect() as connection:
        connection.execute(f"CREATE DATABASE {STORES_DATABASE}")
    database = Database(postgres_server.url(STORES_DATABASE))
    database.migrate()
    yield database
    database.dispose()


@pytest.fixture
def database(backend: str, request: pytest.FixtureRequest, tmp_path) -> Iterator[Database]:
    """A migrated database with no rows in it."""
    if backend == "postgresql":
        database = request.getfixturevalue("migrated_postgres")
        _empty(database)
        yield database
        return
    database = Database(f"sqlite:///{tmp_path / 'axbot.db'}")
    database.migrate()
    yield database
    database.dispose()


def _empty(database: Database) -> None:
    with database.transaction() as connection:
        for table in reversed(metadata.sorted_tables):
            if table is not schema_migrations:
                connection.execute(delete(table))
