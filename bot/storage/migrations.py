"""Versioned schema migrations: an ordered list of plain functions, each applied once in its own transaction.

To change the schema, write `def m00N_what(connection)` at the end of this file, append it to
MIGRATIONS and update tables.py to match (a test compares them). A migration's version is its
position in MIGRATIONS; never edit, remove or reorder one that has shipped, because databases
in the field have recorded it as applied. Migrations declare their own tables with plain types
instead of importing tables.py, so what m001 creates stays fixed when tables.py moves on.
"""

import logging
from collections.abc import Callable, Sequence

from sqlalchemy import (
    Boolean, CheckConstraint, Column, Connection, DateTime, Float, ForeignKey, Index, Integer, MetaData, Table, Text,
    exists, insert, select, text,
)
from sqlalchemy.exc import OperationalError

from bot import texts
from bot.storage.database import Database, DatabaseUnreachable, SchemaTooNew
from bot.storage.tables import schema_migrations, utc_now

log = logging.getLogger(__name__)

Migration = Callable[[Connection], None]

# The pg_advisory_xact_lock key every process takes before migrating ("axbt").
MIGRATION_LOCK_KEY = 0x61786274


def m001_initial(connection: Connection) -> None:
    metadata = MetaData()
    Table(
        "users", metadata,
        Column("user_id", Text, primary_key=True),
        Column("channel", Text, nullable=False),
        Column("display_name", Text),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("last_seen_at", DateTime(timezone=True), nullable=False),
    )
    Table(
        "dialogue_states", metadata,
        Column("user_id", Text, primary_key=True),
        Column("state", Text, nullable=False),
        Column("version", Integer, nullable=False),
        Column("updated_at", DateTime(timezone=True), nullable=False),
    )
    Table(
        "profiles", metadata,
        Column("user_id", Text, primary_key=True),
        *(Column(name, Text) for name in ("company_name", "industry", "region", "complex_name")),
        Column("employees", Integer),
        Column("interest", Text),
        Column("updated_at", DateTime(timezone=True), nullable=False),
    )
    Table(
        "transcript", metadata,
        Column("id", Integer, primary_key=True),
        Column("user_id", Text, nullable=False),
        Column(
            "role", Text, CheckConstraint("role IN ('user', 'bot', 'consultant', 'system')", name="transcript_role"),
            nullable=False,
        ),
        Column("text", Text, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Index("transcript_user_id", "user_id", "id"),
        sqlite_autoincrement=True,
    )
    Table(
        "answers", metadata,
        Column("answer_id", Text, primary_key=True),
        Column("user_id", Text, nullable=False),
        Column("question", Text, nullable=False),
        Column("answer_text", Text, nullable=False),
        Column("sources", Text, nullable=False),
        Column("confidence", Float),
        Column("answered", Boolean, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Index("answers_user_id", "user_id"),
    )
    Table(
        "feedback", metadata,
        Column("answer_id", Text, ForeignKey("answers.answer_id", ondelete="CASCADE"), primary_key=True),
        Column("user_id", Text, nullable=False),
        Column("value", Text, CheckConstraint("value IN ('up', 'down')", name="feedback_value"), nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("updated_at", DateTime(timezone=True), nullable=False),
    )
    Table(
        "unanswered", metadata,
        Column("id", Integer, primary_key=True),
        Column("user_id", Text, nullable=False),
        Column("question", Text, nullable=False),
        Column("reason", Text, nullable=False),
        Column("confidence", Float),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("status", Text, nullable=False, server_default="open"),
        Index("unanswered_status", "status", "id"),
        sqlite_autoincrement=True,
    )
    metadata.create_all(connection, checkfirst=False)


# Append only. Coming next: m002_bookings (booking flow), m003_handoff (consultant relay).
MIGRATIONS: list[Migration] = [
    m001_initial,
]


def migrate(database: Database, migrations: Sequence[Migration] = MIGRATIONS) -> list[str]:
    """Apply the pending migrations in order; safe to run from several processes at once."""
    applied = _applied_versions(database)
    newest = max(applied, default=0)
    if newest > len(migrations):
        raise SchemaTooNew(texts.STORAGE_SCHEMA_TOO_NEW.format(found=newest, known=len(migrations)))
    names = []
    for version, migration in enumerate(migrations, start=1):
        if version not in applied and _apply(database, version, migration):
            names.append(migration.__name__)
    return names


def _applied_versions(database: Database) -> set[int]:
    try:
        with database.transaction() as connection:
            _lock(connection)
            schema_migrations.create(connection, checkfirst=True)
            return set(connection.scalars(select(schema_migrations.c.version)))
    except OperationalError as error:
        raise DatabaseUnreachable(texts.STORAGE_UNREACHABLE.format(url=database.safe_url)) from error


def _apply(database: Database, version: int, migration: Migration) -> bool:
    """Run one migration unless another process did it while we waited for the lock."""
    with database.transaction() as connection:
        _lock(connection)
        if connection.scalar(select(exists().where(schema_migrations.c.version == version))):
            return False
        migration(connection)
        connection.execute(insert(schema_migrations).values(version=version, name=migration.__name__, applied_at=utc_now()))
    log.info("schema_migrated version=%d name=%s", version, migration.__name__)
    return True


def _lock(connection: Connection) -> None:
    # SQLite needs nothing more: the transaction's BEGIN IMMEDIATE already holds the write lock.
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
