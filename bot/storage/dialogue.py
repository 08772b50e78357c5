"""Per-user dialogue state as a JSON object in the database, locked while a turn works on it."""

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, delete, select, update

from bot.storage.database import Database
from bot.storage.tables import dialogue_states, utc_now

log = logging.getLogger(__name__)


class DialogueStore:
    def __init__(self, database: Database):
        self._db = database

    @contextmanager
    def session(self, user_id: str) -> Iterator[dict[str, Any]]:
        """The user's state to change in place; saved on normal exit, discarded on an exception.

        Concurrent sessions for one user run one after the other, across threads and processes:
        PostgreSQL locks the user's row (SELECT ... FOR UPDATE); on SQLite the transaction's
        BEGIN IMMEDIATE serialises all writers. Stores called inside the session join its
        transaction (see Database.transaction). The state must stay JSON-serialisable.
        """
        with self._db.transaction() as connection:
            saved, version = self._lock_row(connection, user_id)
            state = _parse(saved, user_id)
            yield state
            updated = _dump(state)
            if updated != saved:
                values = {"state": updated, "version": version + 1, "updated_at": utc_now()}
                connection.execute(update(dialogue_states).where(dialogue_states.c.user_id == user_id).values(**values))

    def load(self, user_id: str) -> dict[str, Any]:
        """A snapshot of the user's state (empty when none); changing it changes nothing stored."""
        with self._db.transaction() as connection:
            saved = connection.scalar(select(dialogue_states.c.state).where(dialogue_states.c.user_id == user_id))
        return _parse(saved, user_id) if saved else {}

    def reset(self, user_id: str) -> None:
        with self._db.transaction() as connection:
            connection.execute(delete(dialogue_states).where(dialogue_states.c.user_id == user_id))

    def delete_user_data(self, user_id: str) -> None:
        self.reset(user_id)

    def _lock_row(self, connection: Connection, user_id: str) -> tuple[str, int]:
        """Make sure the user's row exists, then lock and read it: (state JSON, version)."""
        row = {"user_id": user_id, "state": "{}", "version": 0, "updated_at": utc_now()}
        connection.execute(self._db.insert(dialogue_states).values(**row).on_conflict_do_nothing())
        query = select(dialogue_states.c.state, dialogue_states.c.version).where(dialogue_states.c.user_id == user_id)
        saved, version = connection.execute(query.with_for_update()).one()
        return saved, version


def _parse(saved: str, user_id: str) -> dict[str, Any]:
    """The stored object; a damaged one (edited by hand) starts over instead of failing every turn."""
    try:
        state = json.loads(saved)
    except ValueError:
        state = None
    if not isinstance(state, dict):
        log.warning("dialogue_state_unreadable user=%s", user_id)
        return {}
    return state


def _dump(state: dict[str, Any]) -> str:
    return json.dumps(state, ensure_ascii=False)
