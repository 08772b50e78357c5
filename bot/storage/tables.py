"""The current schema as SQLAlchemy Core tables, for the stores' queries, and its column types.

Migrations (bot/storage/migrations.py) create and change the real tables; a test checks that
the migrated schema matches this one, so change both together.
"""

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean, CheckConstraint, Column, DateTime, Float, ForeignKey, Index, Integer, MetaData, Table, Text,
)
from sqlalchemy.types import TypeDecorator

ROLES = ("user", "bot", "consultant", "system")
VOTES = ("up", "down")


def utc_now() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator):
    """Aware UTC datetimes in and out: timestamptz on PostgreSQL, sortable UTC text on SQLite."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware one (utc_now())")
        value = value.astimezone(UTC)
        # SQLite's DATETIME drops the offset anyway; dropping it ourselves keeps the text uniform.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class CleanText(TypeDecorator):
    """Text that any user input fits: NUL (refused by PostgreSQL) removed, lone surrogates replaced."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect) -> str | None:
        if value is None:
            return None
        value = str(value).replace("\x00", "")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            value = value.encode("utf-8", "replace").decode("utf-8")
        return value


metadata = MetaData()

schema_migrations = Table(
    "schema_migrations", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", Text, nullable=False),
    Column("applied_at", UtcDateTime, nullable=False),
)

users = Table(
    "users", metadata,
    Column("user_id", CleanText, primary_key=True),
    Column("channel", CleanText, nullable=False),
    Column("display_name", CleanText),
    Column("created_at", UtcDateTime, nullable=False),
    Column("last_seen_at", UtcDateTime, nullable=False),
)

dialogue_states = Table(
    "dialogue_states", metadata,
    Column("user_id", CleanText, primary_key=True),
    Column("state", CleanText, nullable=False),  # JSON object
    Column("version", Integer, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

profiles = Table(
    "profiles", metadata,
    Column("user_id", CleanText, primary_key=True),
    Column("company_name", CleanText),
    Column("industry", CleanText),
    Column("region", CleanText),
    Column("complex_name", CleanText),
    Column("employees", Integer),
    Column("interest", CleanText),
    Column("updated_at", UtcDateTime, nullable=False),
)

transcript = Table(
    "transcript", metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", CleanText, nullable=False),
    Column("role", CleanText, CheckConstraint(f"role IN {ROLES}", name="transcript_role"), nullable=False),
    Column("text", CleanText, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Index("transcript_user_id", "user_id", "id"),
    sqlite_autoincrement=True,
)

answers = Table(
    "answers", metadata,
    Column("answer_id", CleanText, primary_key=True),
    Column("user_id", CleanText, nullable=False),
    Column("question", CleanText, nullable=False),
    Column("answer_text", CleanText, nullable=False),
    Column("sources", CleanText, nullable=False),  # JSON list of objects
    Column("confidence", Float),
    Column("answered", Boolean, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Index("answers_user_id", "user_id"),
)

feedback = Table(
    "feedback", metadata,
    Column("answer_id", CleanText, ForeignKey("answers.answer_id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", CleanText, nullable=False),
    Column("value", CleanText, CheckConstraint(f"value IN {VOTES}", name="feedback_value"), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

unanswered = Table(
    "unanswered", metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", CleanText, nullable=False),
    Column("question", CleanText, nullable=False),
    Column("reason", CleanText, nullable=False),
    Column("confidence", Float),
    Column("created_at", UtcDateTime, nullable=False),
    Column("status", CleanText, nullable=False, server_default="open"),
    Index("unanswered_status", "status", "id"),
    sqlite_autoincrement=True,
)
