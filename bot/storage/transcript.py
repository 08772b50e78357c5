"""The conversation transcript per user: what was said, by whom, for consultants taking over."""

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import delete, insert, select

from bot.storage.database import Database
from bot.storage.tables import ROLES, transcript, utc_now

Role = Literal["user", "bot", "consultant", "system"]
# Built once: every turn appends, and building a statement costs SQLAlchemy more than running it.
_APPEND = insert(transcript).returning(transcript.c.id)


@dataclass(frozen=True)
class TranscriptLine:
    id: int
    user_id: str
    role: Role
    text: str
    created_at: datetime


class TranscriptStore:
    def __init__(self, database: Database):
        self._db = database

    def append(self, user_id: str, role: Role, text: str) -> int:
        """Add one line; returns its id. An unknown role is a programming error (ValueError)."""
        if role not in ROLES:
            raise ValueError(f"unknown transcript role: {role!r}")
        line = {"user_id": user_id, "role": role, "text": text or "", "created_at": utc_now()}
        with self._db.transaction() as connection:
            return connection.execute(_APPEND, line).scalar_one()

    def recent(self, user_id: str, limit: int = 20) -> list[TranscriptLine]:
        """The user's last `limit` lines, oldest first."""
        query = select(transcript).where(transcript.c.user_id == user_id).order_by(transcript.c.id.desc()).limit(max(limit, 0))
        with self._db.transaction() as connection:
            rows = connection.execute(query).mappings().all()
        return [TranscriptLine(**row) for row in reversed(rows)]

    def delete_user_data(self, user_id: str) -> None:
        with self._db.transaction() as connection:
            connection.execute(delete(transcript).where(transcript.c.user_id == user_id))

    # The name the handoff and /deletemydata briefs use.
    delete_user = delete_user_data
