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
    BigInteger, Boolean, CheckConstraint, Column, Connection, DateTime, Float, ForeignKey, Index, Integer, MetaData, Table, Text,
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


def m002_bookings(connection: Connection) -> None:
    """Consult bookings with their status history, seats per slot, reminders and consent records."""
    metadata = MetaData()
    Table(
        "consult_bookings", metadata,
        Column("id", Integer, primary_key=True),
        Column("user_id", Text, nullable=False),
        Column("idempotency_key", Text, nullable=False),
        Column(
            "status", Text,
            CheckConstraint("status IN ('requested', 'confirmed', 'cancelled', 'completed', 'no_show')", name="consult_bookings_status"),
            nullable=False,
        ),
        Column("consult_type", Text, nullable=False),
        Column("vendor_id", Text),
        Column("vendor_name", Text),
        Column("topic", Text),
        Column("slot_start", DateTime(timezone=True), nullable=False),
        Column("slot_minutes", Integer, nullable=False),
        Column("contact_name", Text),
        Column("contact_phone", Text),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("updated_at", DateTime(timezone=True), nullable=False),
        Column("erased_at", DateTime(timezone=True)),
        Index("consult_bookings_idempotency_key", "idempotency_key", unique=True),
        Index("consult_bookings_user_id", "user_id", "slot_start"),
        Index("consult_bookings_slot_start", "slot_start"),
        sqlite_autoincrement=True,
    )
    Table(
        "booking_events", metadata,
        Column("id", Integer, primary_key=True),
        Column("booking_id", Integer, ForeignKey("consult_bookings.id", ondelete="CASCADE"), nullable=False),
        Column("status", Text, nullable=False),
        Column("note", Text),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Index("booking_events_booking_id", "booking_id", "id"),
        sqlite_autoincrement=True,
    )
    # One row per occupied seat: the primary key is what stops a slot being booked beyond capacity.
    Table(
        "slot_claims", metadata,
        Column("slot_start", DateTime(timezone=True), primary_key=True),
        Column("seat", Integer, CheckConstraint("seat >= 0", name="slot_claims_seat"), primary_key=True, autoincrement=False),
        Column("booking_id", Integer, ForeignKey("consult_bookings.id", ondelete="CASCADE"), nullable=False),
        Index("slot_claims_booking_id", "booking_id", unique=True),
    )
    Table(
        "booking_reminders", metadata,
        Column("id", Integer, primary_key=True),
        Column("booking_id", Integer, ForeignKey("consult_bookings.id", ondelete="CASCADE"), nullable=False),
        Column("offset_minutes", Integer, nullable=False),
        Column("due_at", DateTime(timezone=True), nullable=False),
        Column("sent_at", DateTime(timezone=True)),
        Column("cancelled_at", DateTime(timezone=True)),
        Index("booking_reminders_due", "sent_at", "cancelled_at", "due_at"),
        Index("booking_reminders_unique", "booking_id", "offset_minutes", "due_at", unique=True),
        sqlite_autoincrement=True,
    )
    Table(
        "consents", metadata,
        Column("id", Integer, primary_key=True),
        Column("user_id", Text, nullable=False),
        Column("purpose", Text, nullable=False),
        Column("version", Text, nullable=False),
        Column("granted_at", DateTime(timezone=True), nullable=False),
        Column("withdrawn_at", DateTime(timezone=True)),
        Index("consents_user_id", "user_id", "purpose"),
        sqlite_autoincrement=True,
    )
    metadata.create_all(connection, checkfirst=False)


def m003_handoff(connection: Connection) -> None:
    """Consultant handoffs, each user's staff forum topic, and relayed staff messages (reply-to fallback)."""
    metadata = MetaData()
    # Telegram chat and message ids exceed 32 bits (supergroups are -100...): BIGINT on PostgreSQL.
    big = Integer().with_variant(BigInteger(), "postgresql")
    Table(
        "handoffs", metadata,
        Column("id", Integer, primary_key=True),
        Column("user_id", Text, nullable=False),
        Column(
            "status", Text,
            CheckConstraint("status IN ('waiting', 'active', 'ended', 'failed')", name="handoffs_status"),
            nullable=False,
        ),
        Column("reason", Text, nullable=False),
        Column("requested_at", DateTime(timezone=True), nullable=False),
        Column("taken_by", Text),
        Column("taken_at", DateTime(timezone=True)),
        Column("ended_at", DateTime(timezone=True)),
        Column("ended_by", Text),
        Column("failure", Text),
        Column("last_activity_at", DateTime(timezone=True), nullable=False),
        Index("handoffs_user_id", "user_id", "status"),
        Index("handoffs_status", "status", "last_activity_at"),
        sqlite_autoincrement=True,
    )
    Table(
        "staff_topics", metadata,
        Column("user_id", Text, primary_key=True),
        Column("chat_id", big, nullable=False),
        Column("thread_id", big),  # NULL: a group without topics, relayed by reply-to
        Column("created_at", DateTime(timezone=True), nullable=False),
        Index("staff_topics_thread", "chat_id", "thread_id"),
    )
    Table(
        "relayed_messages", metadata,
        Column("chat_id", big, primary_key=True, autoincrement=False),
        Column("message_id", big, primary_key=True, autoincrement=False),
        Column("user_id", Text, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
    )
    metadata.create_all(connection, checkfirst=False)


def m004_pending_staff_notices(connection: Connection) -> None:
    """Staff notices waiting to be posted: written in the turn, deleted once posted, so a restart loses none."""
    metadata = MetaData()
    Table(
        "pending_staff_notices", metadata,
        Column("id", Integer, primary_key=True),
        Column("text", Text, nullable=False),
        Column("buttons", Text, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("claimed_at", DateTime(timezone=True)),
        sqlite_autoincrement=True,
    )
    metadata.create_all(connection, checkfirst=False)


def m005_staff_notice_messages(connection: Connection) -> None:
    """Where each booking's staff notice was posted, so a customer's cancel or reschedule redraws it
    in place; a pending notice says which booking it is about and whether it is such a redraw."""
    connection.execute(text("ALTER TABLE pending_staff_notices ADD COLUMN booking_id INTEGER"))
    connection.execute(text("ALTER TABLE pending_staff_notices ADD COLUMN kind TEXT NOT NULL DEFAULT 'post'"))
    metadata = MetaData()
    big = Integer().with_variant(BigInteger(), "postgresql")
    Table(
        "staff_notice_messages", metadata,
        Column("booking_id", Integer, primary_key=True, autoincrement=False),
        Column("chat_id", big, nullable=False),
        Column("message_id", big, nullable=False),
        Column("posted_at", DateTime(timezone=True), nullable=False),
    )
    metadata.create_all(connection, checkfirst=False)


# Append only.
MIGRATIONS: list[Migration] = [
    m001_initial,
    m002_bookings,
    m003_handoff,
    m004_pending_staff_notices,
    m005_staff_notice_messages,
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
