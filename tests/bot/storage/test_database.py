import threading
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import event, func, insert, select, text
from sqlalchemy.exc import OperationalError

from bot.storage import Database, StorageSettings, UnsupportedDatabase
from bot.storage.tables import transcript, users, utc_now


def test_default_settings_point_at_the_embedded_sqlite_file():
    settings = StorageSettings()
    assert settings.url == "sqlite:///var/axbot.db" and settings.echo is False
    with pytest.raises(ValueError):
        StorageSettings(url="sqlite:///x.db", typo=1)


def test_plain_postgresql_urls_get_the_psycopg3_driver():
    for url in ("postgresql://bot:secret@db:5432/axbot", "postgres://bot:secret@db/axbot"):
        database = Database(url)
        assert database.url.drivername == "postgresql+psycopg"
        assert "secret" not in database.safe_url
        database.dispose()


def test_other_databases_are_refused_without_showing_the_password():
    with pytest.raises(UnsupportedDatabase) as refused:
        Database("mysql://bot:secret@db/axbot")
    assert "secret" not in str(refused.value) and "mysql" in str(refused.value)
    with pytest.raises(UnsupportedDatabase):
        Database("not a url at all")


def test_sqlite_creates_its_directory_and_uses_wal_foreign_keys_and_a_busy_timeout(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'var' / 'nested' / 'axbot.db'}", sqlite_busy_timeout_ms=1234)
    with database.transaction() as connection:
        pragmas = {name: connection.exec_driver_sql(f"PRAGMA {name}").scalar() for name in ("journal_mode", "foreign_keys", "busy_timeout")}
    assert pragmas == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 1234}
    assert (tmp_path / "var" / "nested" / "axbot.db").exists()
    database.dispose()


def test_a_transaction_commits_on_exit_and_rolls_back_on_an_exception(database):
    with database.transaction() as connection:
        _add_user(connection, "tg:1")
    with pytest.raises(RuntimeError), database.transaction() as connection:
        _add_user(connection, "tg:2")
        raise RuntimeError("turn failed")
    assert _user_ids(database) == ["tg:1"]


def test_an_inner_transaction_joins_the_outer_one_and_fails_alone(database):
    with database.transaction() as outer:
        _add_user(outer, "tg:1")
        with database.transaction() as inner:
            assert inner is outer
        with pytest.raises(RuntimeError), database.transaction() as inner:
            _add_user(inner, "tg:2")
            raise RuntimeError("inner part failed")
    assert _user_ids(database) == ["tg:1"]


def test_a_batch_joins_inner_transactions_without_savepoints_and_stands_or_falls_whole(database):
    statements = _recorded_statements(database)
    with database.transaction(savepoints=False) as outer:
        with database.transaction() as inner:
            assert inner is outer
            _add_user(inner, "tg:1")
    assert not [sql for sql in statements if "SAVEPOINT" in sql.upper()]
    with pytest.raises(RuntimeError), database.transaction(savepoints=False):
        with database.transaction() as inner:
            _add_user(inner, "tg:2")
        raise RuntimeError("the batch failed after the inner part")
    assert _user_ids(database) == ["tg:1"]


def test_reading_joins_an_open_transaction_and_sees_its_writes(database):
    with database.transaction() as outer:
        _add_user(outer, "tg:1")
        with database.reading() as reader:
            assert reader is outer and reader.scalar(select(users.c.user_id)) == "tg:1"


def test_on_sqlite_reading_does_not_wait_for_the_writer(tmp_path):
    # A short busy timeout: a reader that took the write lock would fail with "database is locked".
    database = Database(f"sqlite:///{tmp_path / 'axbot.db'}", sqlite_busy_timeout_ms=200)
    database.migrate()
    writing, done = threading.Event(), threading.Event()

    def hold_the_write_lock() -> None:
        with database.transaction() as connection:
            _add_user(connection, "tg:1")
            writing.set()
            done.wait(timeout=10)

    writer = threading.Thread(target=hold_the_write_lock)
    writer.start()
    try:
        assert writing.wait(timeout=10)
        with database.reading() as connection:
            assert connection.scalar(select(func.count()).select_from(users)) == 0  # the last commit, not the open write
        with pytest.raises(OperationalError, match="locked"), database.transaction():
            pass  # while a writer for comparison does wait, and gives up
    finally:
        done.set()
        writer.join(timeout=10)
    assert _user_ids(database) == ["tg:1"]
    database.dispose()


def test_timestamps_come_back_as_aware_utc_whatever_zone_went_in(database):
    seoul = timezone(timedelta(hours=9))
    written = datetime(2025, 3, 1, 9, 30, 15, 123456, tzinfo=seoul)
    with database.transaction() as connection:
        connection.execute(insert(users).values(user_id="tg:1", channel="tg", created_at=written, last_seen_at=written))
        read = connection.scalar(select(users.c.created_at))
    assert read == written and read.tzinfo == UTC and read.hour == 0


def test_naive_timestamps_are_refused(database):
    with pytest.raises(Exception, match="naive"), database.transaction() as connection:
        connection.execute(insert(users).values(user_id="tg:1", channel="tg", created_at=datetime(2025, 1, 1), last_seen_at=utc_now()))


def test_any_text_fits_even_nul_and_lone_surrogates(database):
    awkward = ["", "x" * 20_000, "hello", "你好", "🙂🙂🙂", "asdf\x00qwer", "broken \ud800 half"]
    with database.transaction() as connection:
        for body in awkward:
            connection.execute(insert(transcript).values(user_id="tg:1", role="user", text=body, created_at=utc_now()))
        stored = list(connection.scalars(select(transcript.c.text).order_by(transcript.c.id)))
    assert stored[:5] == awkward[:5]
    assert stored[5] == "asdfqwer" and stored[6] == "broken ? half"


def test_schema_version_is_zero_before_any_migration(database_url):
    database = Database(database_url)
    assert database.schema_version() == 0
    database.dispose()


def _user_ids(database: Database) -> list[str]:
    with database.transaction() as connection:
        return list(connection.execute(text("SELECT user_id FROM users ORDER BY user_id")).scalars())


def _recorded_statements(database: Database) -> list[str]:
    statements: list[str] = []
    event.listen(database.engine, "before_cursor_execute", lambda conn, cursor, sql, *args: statements.append(sql))
    return statements


def _add_user(connection, user_id: str) -> None:
    connection.execute(insert(users).values(user_id=user_id, channel="tg", created_at=utc_now(), last_seen_at=utc_now()))
