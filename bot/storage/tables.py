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

# --- bookings (m002_bookings) ---
BOOKING_STATUSES = ("requested", "confirmed", "cancelled", "completed", "no_show")

bookings = Table(
    "consult_bookings", metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", CleanText, nullable=False),
    Column("idempotency_key", CleanText, nullable=False),  # one per booking flow: a double tap books once
    Column("status", CleanText, CheckConstraint(f"status IN {BOOKING_STATUSES}", name="consult_bookings_status"), nullable=False),
    Column("consult_type", CleanText, nullable=False),
    Column("vendor_id", CleanText),
    Column("vendor_name", CleanText),
    Column("topic", CleanText),
    Column("slot_start", UtcDateTime, nullable=False),
    Column("slot_minutes", Integer, nullable=False),
    Column("contact_name", CleanText),  # personal data: erased on request or after retention
    Column("contact_phone", CleanText),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("erased_at", UtcDateTime),
    Index("consult_bookings_idempotency_key", "idempotency_key", unique=True),
    Index("consult_bookings_user_id", "user_id", "slot_start"),
    Index("consult_bookings_slot_start", "slot_start"),
    sqlite_autoincrement=True,
)

booking_events = Table(
    "booking_events", metadata,
    Column("id", Integer, primary_key=True),
    Column("booking_id", Integer, ForeignKey("consult_bookings.id", ondelete="CASCADE"), nullable=False),
    Column("status", CleanText, nullable=False),
    Column("note", CleanText),
    Column("created_at", UtcDateTime, nullable=False),
    Index("booking_events_booking_id", "booking_id", "id"),
    sqlite_autoincrement=True,
)

slot_claims = Table(
    "slot_claims", metadata,
    Column("slot_start", UtcDateTime, primary_key=True),
    Column("seat", Integer, CheckConstraint("seat >= 0", name="slot_claims_seat"), primary_key=True, autoincrement=False),
    Column("booking_id", Integer, ForeignKey("consult_bookings.id", ondelete="CASCADE"), nullable=False),
    Index("slot_claims_booking_id", "booking_id", unique=True),
)

booking_reminders = Table(
    "booking_reminders", metadata,
    Column("id", Integer, primary_key=True),
    Column("booking_id", Integer, ForeignKey("consult_bookings.id", ondelete="CASCADE"), nullable=False),
    Column("offset_minutes", Integer, nullable=False),
    Column("due_at", UtcDateTime, nullable=False),
    Column("sent_at", UtcDateTime),
    Column("cancelled_at", UtcDateTime),
    Index("booking_reminders_due", "sent_at", "cancelled_at", "due_at"),
    Index("booking_reminders_unique", "booking_id", "offset_minutes", "due_at", unique=True),
    sqlite_autoincrement=True,
)

consents = Table(
    "consents", metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", CleanText, nullable=False),
    Column("purpose", CleanText, nullable=False),
    Column("version", CleanText, nullable=False),
    Column("granted_at", UtcDateTime, nullable=False),
    Column("withdrawn_at", UtcDateTime),
    Index("consents_user_id", "user_id", "purpose"),
    sqlite_autoincrement=True,
)

# --- handoff (m003_handoff) ---
from sqlalchemy import BigInteger  # noqa: E402  (appended block: the import line above is shared)

HANDOFF_STATUSES = ("waiting", "active", "ended", "failed")
_TELEGRAM_ID = Integer().with_variant(BigInteger(), "postgresql")

handoffs = Table(
    "handoffs", metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", CleanText, nullable=False),
    Column("status", CleanText, CheckConstraint(f"status IN {HANDOFF_STATUSES}", name="handoffs_status"), nullable=False),
    Column("reason", CleanText, nullable=False),
    Column("requested_at", UtcDateTime, nullable=False),
    Column("taken_by", CleanText),  # the consultant who replied first
    Column("taken_at", UtcDateTime),
    Column("ended_at", UtcDateTime),
    Column("ended_by", CleanText),  # "user", "staff:<name>", "idle", "unanswered", "failure"
    Column("failure", CleanText),  # why the staff group could not be reached, for staff
    Column("last_activity_at", UtcDateTime, nullable=False),
    Index("handoffs_user_id", "user_id", "status"),
    Index("handoffs_status", "status", "last_activity_at"),
    sqlite_autoincrement=True,
)

staff_topics = Table(
    "staff_topics", metadata,
    Column("user_id", CleanText, primary_key=True),
    Column("chat_id", _TELEGRAM_ID, nullable=False),
    Column("thread_id", _TELEGRAM_ID),  # None: a group without topics, relayed by reply-to
    Column("created_at", UtcDateTime, nullable=False),
    Index("staff_topics_thread", "chat_id", "thread_id"),
)

relayed_messages = Table(
    "relayed_messages", metadata,
    Column("chat_id", _TELEGRAM_ID, primary_key=True, autoincrement=False),
    Column("message_id", _TELEGRAM_ID, primary_key=True, autoincrement=False),
    Column("user_id", CleanText, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

# --- staff notices (m004_pending_staff_notices) ---

pending_staff_notices = Table(
    "pending_staff_notices", metadata,
    Column("id", Integer, primary_key=True),  # posting order
    Column("text", CleanText, nullable=False),
    Column("buttons", CleanText, nullable=False),  # JSON list of [action, label]
    Column("created_at", UtcDateTime, nullable=False),
    Column("claimed_at", UtcDateTime),  # a worker is posting it; a claim older than the lease is taken over
    # m005_staff_notice_messages:
    Column("booking_id", Integer),  # the booking it is about: its posted message is remembered
    Column("kind", CleanText, nullable=False, server_default="post"),  # post | redraw (the booking's notice, text as a reply)
    sqlite_autoincrement=True,
)

# Where each booking's notice was posted (m005_staff_notice_messages): redrawn there when the customer changes it.
staff_notice_messages = Table(
    "staff_notice_messages", metadata,
    Column("booking_id", Integer, primary_key=True, autoincrement=False),
    Column("chat_id", _TELEGRAM_ID, nullable=False),
    Column("message_id", _TELEGRAM_ID, nullable=False),
    Column("posted_at", UtcDateTime, nullable=False),
)
