"""Per-user dialogue state as a JSON object in the database, locked while a turn works on it."""

import json
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, bindparam, delete, select

from bot.storage.database import Database
from bot.storage.tables import dialogue_states, utc_now

log = logging.getLogger(__name__)


# Built once, as every turn reads and saves a state: building a statement costs more than running it.
_READ = select(dialogue_states.c.state, dialogue_states.c.version).where(dialogue_states.c.user_id == bindparam("user_id"))


class DialogueStore:
    def __init__(self, database: Database):
        self._db = database
        upsert = database.insert(dialogue_states)  # the dialect's own INSERT: built per database
        self._upsert = upsert.on_conflict_do_update(index_elements=[dialogue_states.c.user_id], set_={
            "state": upsert.excluded.state, "version": upsert.excluded.version, "updated_at": upsert.excluded.updated_at,
        })

    @contextmanager
    def session(self, user_id: str) -> Iterator[dict[str, Any]]:
        """The user's state to change in place; saved on normal exit, discarded on an exception.

        Concurrent sessions for one user run one after the other; other users are not held up.
        PostgreSQL (several workers) locks the user's row (SELECT ... FOR UPDATE) for the turn and
        stores called inside join that transaction. SQLite is the single-process default: holding
        its database-wide write lock for a whole turn would serialise every user, so there a
        process-wide lock per (database, user) guards the turn, the state is read without the
        write lock, and each write is its own short transaction. Several worker processes need
        PostgreSQL. `saving()` puts the save and the caller's last writes in one transaction.
        The state must stay JSON-serialisable.
        """
        if self._db.dialect == "sqlite":
            with _SQLITE_USER_LOCKS.held(f"{self._db.url}|{user_id}"):
                with self._db.reading() as connection:
                    state = self._read(connection, user_id)
                yield state
                self._save(state)
            return
        with self._db.transaction() as connection:
            state = self._lock_row(connection, user_id)
            yield state
            self._save(state)

    @contextmanager
    def saving(self, state: dict[str, Any]) -> Iterator[None]:
        """One write transaction for a session's state and whatever the caller writes inside.

        Stores called inside join it without a SAVEPOINT each: the writes stand or fall together.
        The session's own exit then has nothing left to save.
        """
        if not isinstance(state, _SessionState):
            raise TypeError("saving() takes the state a session() handed out")
        with self._db.transaction(savepoints=False):
            yield
            self._save(state)

    def load(self, user_id: str) -> dict[str, Any]:
        """A snapshot of the user's state (empty when none); changing it changes nothing stored."""
        with self._db.reading() as connection:
            saved = connection.scalar(select(dialogue_states.c.state).where(dialogue_states.c.user_id == user_id))
        return _parse(saved, user_id) if saved else {}

    def reset(self, user_id: str) -> None:
        with self._db.transaction() as connection:
            connection.execute(delete(dialogue_states).where(dialogue_states.c.user_id == user_id))

    def delete_user_data(self, user_id: str) -> None:
        self.reset(user_id)

    def _read(self, connection: Connection, user_id: str) -> "_SessionState":
        saved, version = connection.execute(_READ, {"user_id": user_id}).one_or_none() or (None, 0)
        return _SessionState(user_id, saved, version)

    def _lock_row(self, connection: Connection, user_id: str) -> "_SessionState":
        """Make sure the user's row exists, then lock and read it."""
        row = {"user_id": user_id, "state": "{}", "version": 0, "updated_at": utc_now()}
        connection.execute(self._db.insert(dialogue_states).values(**row).on_conflict_do_nothing())
        query = select(dialogue_states.c.state, dialogue_states.c.version).where(dialogue_states.c.user_id == user_id)
        saved, version = connection.execute(query.with_for_update()).one()
        return _SessionState(user_id, saved, version)

    def _save(self, state: "_SessionState") -> None:
        updated = _dump(state)
        if updated == state.saved:
            return
        row = {"user_id": state.user_id, "state": updated, "version": state.version + 1, "updated_at": utc_now()}
        with self._db.transaction() as connection:
            connection.execute(self._upsert, row)
        state.saved, state.version = updated, state.version + 1


class _SessionState(dict):
    """The state a session hands out; remembers what is stored, so an unchanged state is not written."""

    def __init__(self, user_id: str, saved: str | None, version: int):
        super().__init__(_parse(saved, user_id) if saved else {})
        self.user_id, self.saved, self.version = user_id, saved, version


class _UserLocks:
    """One lock per user currently in a turn; forgotten when nobody holds or waits for it."""

    def __init__(self):
        self._guard = threading.Lock()
        self._locks: dict[str, tuple[threading.Lock, int]] = {}

    @contextmanager
    def held(self, user_id: str) -> Iterator[None]:
        with self._guard:
            lock, users = self._locks.get(user_id, (threading.Lock(), 0))
            self._locks[user_id] = (lock, users + 1)
        try:
            with lock:
                yield
        finally:
            with self._guard:
                lock, users = self._locks[user_id]
                if users == 1:
                    del self._locks[user_id]
                else:
                    self._locks[user_id] = (lock, users - 1)


_SQLITE_USER_LOCKS = _UserLocks()


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
