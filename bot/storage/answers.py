"""The answer log and its 👍/👎 feedback: one vote per answer, a second tap changes it."""

import json
import math
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select

from bot.storage.database import Database
from bot.storage.tables import VOTES, answers, feedback, utc_now

# 9 random bytes -> 12 URL-safe characters: fits a 64-byte button action with room for a prefix.
ANSWER_ID_BYTES = 9
MAX_ANSWER_ID_CHARS = 16
# Built once: most turns log an answer, and building a statement costs SQLAlchemy more than running it.
_RECORD = insert(answers)


@dataclass(frozen=True)
class AnswerRecord:
    answer_id: str
    user_id: str
    question: str
    answer_text: str
    sources: list[dict[str, Any]]
    confidence: float | None
    answered: bool
    created_at: datetime
    vote: str | None  # "up", "down" or None


@dataclass(frozen=True)
class AnswerStats:
    answers: int
    answered: int
    votes_up: int
    votes_down: int


class AnswerLog:
    def __init__(self, database: Database):
        self._db = database

    @staticmethod
    def new_id() -> str:
        """A fresh answer id (URL-safe, at most MAX_ANSWER_ID_CHARS), for buttons made before the answer is logged."""
        return secrets.token_urlsafe(ANSWER_ID_BYTES)

    def record(
        self, user_id: str, question: str, answer_text: str, sources: list[dict[str, Any]],
        confidence: float | None, answered: bool, answer_id: str | None = None,
    ) -> str:
        """Log one answer under `answer_id` (a new one when None); returns the id for feedback buttons."""
        answer_id = answer_id or self.new_id()
        row = {
            "answer_id": answer_id, "user_id": user_id, "question": question or "", "answer_text": answer_text or "",
            "sources": json.dumps(sources or [], ensure_ascii=False, default=str),
            "confidence": _finite(confidence), "answered": bool(answered), "created_at": utc_now(),
        }
        with self._db.transaction() as connection:
            connection.execute(_RECORD, row)
        return answer_id

    def get(self, answer_id: str) -> AnswerRecord | None:
        query = (
            select(answers, feedback.c.value.label("vote"))
            .outerjoin(feedback, feedback.c.answer_id == answers.c.answer_id)
            .where(answers.c.answer_id == answer_id)
        )
        with self._db.transaction() as connection:
            row = connection.execute(query).mappings().first()
        if row is None:
            return None
        return AnswerRecord(**{**row, "sources": json.loads(row["sources"])})

    def vote(self, answer_id: str, user_id: str, value: str) -> bool:
        """Record 👍/👎 for the user's own answer. False for an unknown answer id (a stale button
        after a database reset), someone else's answer, or a value other than "up"/"down"."""
        if value not in VOTES or not answer_id or len(answer_id) > MAX_ANSWER_ID_CHARS:
            return False
        with self._db.transaction() as connection:
            owner = connection.scalar(select(answers.c.user_id).where(answers.c.answer_id == answer_id))
            if owner != user_id:
                return False
            self._upsert_vote(connection, answer_id, user_id, value)
        return True

    def stats(self, since: datetime | None = None) -> AnswerStats:
        """Counts over all answers, or those logged at or after `since`."""
        query = (
            select(
                func.count(answers.c.answer_id),
                func.count(answers.c.answer_id).filter(answers.c.answered.is_(True)),
                func.count(feedback.c.answer_id).filter(feedback.c.value == "up"),
                func.count(feedback.c.answer_id).filter(feedback.c.value == "down"),
            )
            .select_from(answers.outerjoin(feedback, feedback.c.answer_id == answers.c.answer_id))
        )
        if since is not None:
            query = query.where(answers.c.created_at >= since)
        with self._db.transaction() as connection:
            total, answered, up, down = connection.execute(query).one()
        return AnswerStats(answers=total, answered=answered, votes_up=up, votes_down=down)

    def delete_user_data(self, user_id: str) -> None:
        with self._db.transaction() as connection:
            connection.execute(delete(feedback).where(feedback.c.user_id == user_id))
            connection.execute(delete(answers).where(answers.c.user_id == user_id))

    def _upsert_vote(self, connection: Connection, answer_id: str, user_id: str, value: str) -> None:
        now = utc_now()
        row = {"answer_id": answer_id, "user_id": user_id, "value": value, "created_at": now, "updated_at": now}
        upsert = self._db.insert(feedback).values(**row)
        connection.execute(upsert.on_conflict_do_update(
            index_elements=[feedback.c.answer_id], set_={"value": value, "updated_at": now},
        ))


def _finite(number: float | None) -> float | None:
    # NaN/inf would be stored differently by SQLite and PostgreSQL; neither means anything here.
    if number is None or not math.isfinite(number):
        return None
    return float(number)
