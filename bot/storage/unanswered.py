"""Questions the bot could not answer well, for staff to review and close."""

import math
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select, update

from bot.storage.database import Database
from bot.storage.tables import unanswered, utc_now

OPEN, RESOLVED = "open", "resolved"


@dataclass(frozen=True)
class UnansweredItem:
    id: int
    user_id: str
    question: str
    reason: str  # e.g. "low_confidence", "out_of_scope", "user_dissatisfied"
    confidence: float | None
    created_at: datetime
    status: str


class UnansweredLog:
    def __init__(self, database: Database):
        self._db = database

    def record(self, user_id: str, question: str, reason: str, confidence: float | None) -> int:
        if confidence is not None and not math.isfinite(confidence):
            confidence = None
        row = {
            "user_id": user_id, "question": question or "", "reason": reason or "",
            "confidence": confidence, "created_at": utc_now(),
        }
        with self._db.transaction() as connection:
            return connection.execute(insert(unanswered).values(**row).returning(unanswered.c.id)).scalar_one()

    def open_items(self, limit: int = 50) -> list[UnansweredItem]:
        """The newest open items first."""
        query = select(unanswered).where(unanswered.c.status == OPEN).order_by(unanswered.c.id.desc()).limit(max(limit, 0))
        with self._db.transaction() as connection:
            return [UnansweredItem(**row) for row in connection.execute(query).mappings()]

    def resolve(self, item_id: int) -> bool:
        """Close an open item; False when there is no such open item."""
        query = update(unanswered).where(unanswered.c.id == item_id, unanswered.c.status == OPEN).values(status=RESOLVED)
        with self._db.transaction() as connection:
            return connection.execute(query).rowcount == 1

    def delete_user_data(self, user_id: str) -> None:
        with self._db.transaction() as connection:
            connection.execute(delete(unanswered).where(unanswered.c.user_id == user_id))
