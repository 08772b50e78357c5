import re
import threading

import pytest
from sqlalchemy import Column, Connection, Integer, MetaData, Table, Text, inspect, select, text

from bot.storage import Database, DatabaseUnreachable, SchemaTooNew
from bot.storage.migrations import MIGRATIONS, migrate
from bot.storage.tables import metadata, schema_migrations
from bot.storage.users import UserStore


def m002_test_bookings(connection: Connection) -> None:
    """What a later issue's migration looks like: a new table and a new column on an old one."""
    Table("bookings", MetaData(), Column("id", Integer, primary_key=True), Column("user_id", Text, nullable=False)).create(connection)
    connection.execute(text("ALTER TABLE users ADD COLUMN locale TEXT"))


def test_a_new_database_gets_every_migration_once(database_url):
    database = Database(database_url)
    assert database.migrate() == [m.__name__ for m in MIGRATIONS]
    assert database.schema_version() == len(MIGRATIONS)
    assert database.migrate() == []
    assert _recorded(database) == [(i, m.__name__) for i, m in enumerate(MIGRATIONS, start=1)]
    database.dispose()


def test_the_migrated_schema_matches_tables_py(database):
    with database.transaction() as connection:
        inspector = inspect(connection)
        migrated = {name: _columns(inspector, name) for name in inspector.get_table_names()}
        indexes = {name: {i["name"] for i in inspector.get_indexes(name)} for name in migrated}
    assert migrated == {table.name: {c.name: c.nullable for c in table.columns} for table in metadata.sorted_tables}
    assert indexes == {table.name: {i.name for i in table.indexes} for table in metadata.sorted_tables}


def test_a_database_at_version_1_upgrades_to_the_latest_and_keeps_its_data(database_url):
    database = Database(database_url)
    assert migrate(database, MIGRATIONS[:1]) == ["m001_initial"]
    UserStore(database).touch("tg:1", "tg", "김대리")
    assert database.migrate() == [m.__name__ for m in MIGRATIONS[1:]]
    assert migrate(database, [*MIGRATIONS, m002_test_bookings]) == ["m002_test_bookings"]
    assert migrate(database, [*MIGRATIONS, m002_test_bookings]) == []
    assert database.schema_version() == len(MIGRATIONS) + 1
    assert UserStore(database).get("tg:1").display_name == "김대리"
    with database.transaction() as connection:
        assert "locale" in _columns(inspect(connection), "users") and inspect(connection).has_table("bookings")
    database.dispose()


def test_a_failing_migration_leaves_nothing_behind_and_stops_the_run(database_url):
    def m002_broken(connection: Connection) -> None:
        Table("half_done", MetaData(), Column("id", Integer, primary_key=True)).create(connection)
        raise RuntimeError("bug in migration")

    database = Database(database_url)
    with pytest.raises(RuntimeError):
        migrate(database, [*MIGRATIONS, m002_broken, m002_test_bookings])
    assert database.schema_version() == len(MIGRATIONS)
    with database.transaction() as connection:
        assert not inspect(connection).has_table("half_done")
    database.dispose()


def test_two_processes_starting_at_once_migrate_once(database_url):
    workers = [Database(database_url) for _ in range(4)]
    start = threading.Barrier(len(workers))
    results: list[list[str]] = []

    def run(database: Database) -> None:
        start.wait()
        results.append(migrate(database, [*MIGRATIONS, m002_test_bookings]))

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(results) == len(workers)
    assert sorted(name for names in results for name in names) == sorted(m.__name__ for m in [*MIGRATIONS, m002_test_bookings])
    assert len(_recorded(workers[0])) == len(MIGRATIONS) + 1
    for worker in workers:
        worker.dispose()


def test_a_database_from_a_newer_program_is_refused(database_url):
    database = Database(database_url)
    migrate(database, [*MIGRATIONS, m002_test_bookings])
    with pytest.raises(SchemaTooNew, match=str(len(MIGRATIONS) + 1)):
        database.migrate()
    database.dispose()


def test_migration_names_follow_their_position():
    for version, migration in enumerate(MIGRATIONS, start=1):
        assert re.fullmatch(rf"m{version:03d}_[a-z0-9_]+", migration.__name__), migration.__name__


def test_an_unreachable_database_is_reported_at_start_up():
    database = Database("postgresql://bot:secret@127.0.0.1:1/axbot?connect_timeout=2")
    with pytest.raises(DatabaseUnreachable) as refused:
        database.migrate()
    assert "secret" not in str(refused.value)
    database.dispose()


def _recorded(database: Database) -> list[tuple[int, str]]:
    with database.transaction() as connection:
        query = select(schema_migrations.c.version, schema_migrations.c.name).order_by(schema_migrations.c.version)
        return [tuple(row) for row in connection.execute(query)]


def _columns(inspector, table: str) -> dict[str, bool]:
    return {column["name"]: column["nullable"] for column in inspector.get_columns(table)}
