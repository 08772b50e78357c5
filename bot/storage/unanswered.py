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


@dataclass(frozen=True)
class UnansweredGroup:
    """The same question asked one or more times; the newest item first."""

    items: tuple[UnansweredItem, ...]

    @property
    def question(self) -> str:
        return self.items[0].question

    @property
    def ids(self) -> tuple[int, ...]:
        return tuple(item.id for item in self.items)

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(item.reason for item in self.items))

    @property
    def last_asked(self) -> datetime:
        return self.items[0].created_at


def _question_key(question: str) -> str:
    return "".join(char for char in question.lower() if char.isalnum())


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

    def open_groups(self, limit: int = 20, scan: int = 1000) -> list["UnansweredGroup"]:
        """Open items asked the same way ("카라반 숙박 지원돼요?" and "카라반 숙박 지원 돼요")
        grouped, the most asked first, then the most recent: what staff should add first."""
        groups: dict[str, list[UnansweredItem]] = {}
        for item in self.open_items(scan):
            groups.setdefault(_question_key(item.question), []).append(item)
        ranked = sorted(groups.values(), key=lambda items: (-len(items), -items[0].id))
        return [UnansweredGroup(tuple(items)) for items in ranked[: max(limit, 0)]]

    def resolve_group(self, item_id: int) -> tuple[int, ...]:
        """Close an open item and every open item asked the same way (the list shows them as one);
        the ids closed, none when `item_id` is not open."""
        items = self.open_items(100_000)
        asked = next((item for item in items if item.id == item_id), None)
        if asked is None:
            return ()
        key = _question_key(asked.question)
        return tuple(item.id for item in items if _question_key(item.question) == key and self.resolve(item.id))

    def resolve(self, item_id: int) -> bool:
        """Close an open item; False when there is no such open item."""
        query = update(unanswered).where(unanswered.c.id == item_id, unanswered.c.status == OPEN).values(status=RESOLVED)
        with self._db.transaction() as connection:
            return connection.execute(query).rowcount == 1

    def delete_user_data(self, user_id: str) -> None:
        with self._db.transaction() as connection:
            connection.execute(delete(unanswered).where(unanswered.c.user_id == user_id))
