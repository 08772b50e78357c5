"""Every store test runs twice: on a SQLite file under tmp_path and on a real PostgreSQL 15."""

from collections.abc import Iterator

import pytest
from bot.storage import Database
from tests.databases import migrated_for, migrated_postgres_database, sqlite_url
from tests.postgres import PostgresServer, clean_postgres_url, postgres_server, postgres_url  # noqa: F401

STORES_DATABASE = "axbot_stores"


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path) -> str:
    """An empty, unmigrated database; PostgreSQL's server starts only when a test asks for it."""
    if backend == "sqlite":
        return sqlite_url(tmp_path)
    return request.getfixturevalue("clean_postgres_url")


@pytest.fixture(scope="session")
def migrated_postgres(postgres_server: PostgresServer) -> Iterator[Database]:
    """One PostgreSQL database migrated once per run; `database` empties it for each test."""
    with migrated_postgres_database(postgres_server, STORES_DATABASE) as database:
        yield database


@pytest.fixture
def database(backend: str, request: pytest.FixtureRequest, tmp_path) -> Iterator[Database]:
    """A migrated database with no rows in it."""
    yield from migrated_for(backend, request, tmp_path, "migrated_postgres")
