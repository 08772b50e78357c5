"""Handoffs, staff topics and relayed staff messages in the database (tables from m003_handoff)."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, bindparam, delete, insert, select, update

from bot.storage.database import Database
from bot.storage.tables import handoffs, relayed_messages, staff_topics

OPEN_STATUSES = ("waiting", "active")
# Every turn asks whether a consultant has the conversation: the query is built once.
_OPEN_FOR = (
    select(handoffs).where(handoffs.c.user_id == bindparam("user_id"), handoffs.c.status.in_(OPEN_STATUSES))
    .order_by(handoffs.c.id.desc()).limit(1)
)


@dataclass(frozen=True)
class Handoff:
    id: int
    user_id: str
    status: str  # waiting | active | ended | failed
    reason: str
    requested_at: datetime
    taken_by: str | None
    taken_at: datetime | None
    ended_at: datetime | None
    ended_by: str | None
    failure: str | None
    last_activity_at: datetime

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


@dataclass(frozen=True)
class StaffTopic:
    user_id: str
    chat_id: int
    thread_id: int | None  # None: a group without topics (reply-to relaying)


class HandoffStore:
    def __init__(self, database: Database):
        self._db = database

    def open_for(self, user_id: str) -> Handoff | None:
        return self._one(_OPEN_FOR, {"user_id": user_id})

    def get(self, handoff_id: int) -> Handoff | None:
        return self._one(select(handoffs).where(handoffs.c.id == handoff_id).limit(1))

    def create(self, user_id: str, reason: str, now: datetime) -> tuple[Handoff, bool]:
        """The user's open handoff, or a new waiting one; True when it is new."""
        with self._db.transaction():
            existing = self.open_for(user_id)
            if existing:
                return existing, False
            row = {"user_id": user_id, "status": "waiting", "reason": reason, "requested_at": now, "last_activity_at": now}
            with self._db.transaction() as connection:
                new_id = connection.execute(insert(handoffs).values(**row).returning(handoffs.c.id)).scalar_one()
            return self.get(new_id), True

    def take(self, handoff_id: int, consultant: str, now: datetime) -> bool:
        """Assign a waiting handoff; False when someone else took it first (or it ended)."""
        values = {"status": "active", "taken_by": consultant, "taken_at": now, "last_activity_at": now}
        return self._update_where(handoff_id, ("waiting",), values)

    def touch(self, handoff_id: int, now: datetime) -> None:
        self._update_where(handoff_id, OPEN_STATUSES, {"last_activity_at": now})

    def close(self, handoff_id: int, by: str, now: datetime, failure: str | None = None) -> bool:
        """End an open handoff; False when it had already ended (the other side or the timer won)."""
        values = {"status": "failed" if failure else "ended", "ended_by": by, "ended_at": now, "failure": failure}
        return self._update_where(handoff_id, OPEN_STATUSES, values)

    def open_handoffs(self) -> list[Handoff]:
        return self._all(select(handoffs).where(handoffs.c.status.in_(OPEN_STATUSES)).order_by(handoffs.c.id))

    def failures_since(self, since: datetime) -> list[Handoff]:
        query = select(handoffs).where(handoffs.c.status == "failed", handoffs.c.ended_at >= since)
        return self._all(query.order_by(handoffs.c.id))

    def topic_for(self, user_id: str, chat_id: int) -> StaffTopic | None:
        query = select(staff_topics).where(staff_topics.c.user_id == user_id, staff_topics.c.chat_id == chat_id)
        with self._db.transaction() as connection:
            row = connection.execute(query).mappings().first()
        return StaffTopic(row["user_id"], row["chat_id"], row["thread_id"]) if row else None

    def save_topic(self, user_id: str, chat_id: int, thread_id: int | None, now: datetime) -> None:
        values = {"chat_id": chat_id, "thread_id": thread_id, "created_at": now}
        upsert = self._db.insert(staff_topics).values(user_id=user_id, **values)
        with self._db.transaction() as connection:
            connection.execute(upsert.on_conflict_do_update(index_elements=[staff_topics.c.user_id], set_=values))

    def forget_topic(self, user_id: str) -> None:
        with self._db.transaction() as connection:
            connection.execute(delete(staff_topics).where(staff_topics.c.user_id == user_id))

    def user_for_thread(self, chat_id: int, thread_id: int) -> str | None:
        query = select(staff_topics.c.user_id).where(staff_topics.c.chat_id == chat_id, staff_topics.c.thread_id == thread_id)
        with self._db.transaction() as connection:
            return connection.scalar(query)

    def remember_relay(self, chat_id: int, message_id: int, user_id: str, now: datetime) -> None:
        row = {"chat_id": chat_id, "message_id": message_id, "user_id": user_id, "created_at": now}
        with self._db.transaction() as connection:
            connection.execute(self._db.insert(relayed_messages).values(**row).on_conflict_do_nothing())

    def user_for_message(self, chat_id: int, message_id: int) -> str | None:
        where = and_(relayed_messages.c.chat_id == chat_id, relayed_messages.c.message_id == message_id)
        with self._db.transaction() as connection:
            return connection.scalar(select(relayed_messages.c.user_id).where(where))

    def delete_user_data(self, user_id: str) -> None:
        with self._db.transaction() as connection:
            connection.execute(delete(relayed_messages).where(relayed_messages.c.user_id == user_id))
            connection.execute(delete(staff_topics).where(staff_topics.c.user_id == user_id))
            connection.execute(delete(handoffs).where(handoffs.c.user_id == user_id))

    def _update_where(self, handoff_id: int, statuses: tuple[str, ...], values: dict) -> bool:
        query = update(handoffs).where(handoffs.c.id == handoff_id, handoffs.c.status.in_(statuses)).values(**values)
        with self._db.transaction() as connection:
            return connection.execute(query).rowcount == 1

    def _one(self, query, params: dict | None = None) -> Handoff | None:
        with self._db.reading() as connection:  # every turn asks: no need to queue behind SQLite's writer
            row = connection.execute(query, params).mappings().first()
        return Handoff(**row) if row else None

    def _all(self, query) -> list[Handoff]:
        with self._db.reading() as connection:
            return [Handoff(**row) for row in connection.execute(query).mappings()]
