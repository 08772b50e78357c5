"""Who has talked to the bot, on which channel, and when last."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select

from bot.storage.database import Database
from bot.storage.tables import users, utc_now


@dataclass(frozen=True)
class User:
    user_id: str
    channel: str
    display_name: str | None
    created_at: datetime
    last_seen_at: datetime


class UserStore:
    def __init__(self, database: Database):
        self._db = database
        # Built once (every turn touches); the dialect's own INSERT, so it is built per database.
        upsert = database.insert(users)
        self._touch = upsert.on_conflict_do_update(index_elements=[users.c.user_id], set_={
            "channel": upsert.excluded.channel,
            "last_seen_at": upsert.excluded.last_seen_at,
            "display_name": func.coalesce(upsert.excluded.display_name, users.c.display_name),
        })

    def touch(self, user_id: str, channel: str, display_name: str | None = None) -> None:
        """Record that the user is here now; a None display name keeps the one we have."""
        now = utc_now()
        row = {"user_id": user_id, "channel": channel, "display_name": display_name, "created_at": now, "last_seen_at": now}
        with self._db.transaction() as connection:
            connection.execute(self._touch, row)

    def get(self, user_id: str) -> User | None:
        with self._db.transaction() as connection:
            row = connection.execute(select(users).where(users.c.user_id == user_id)).mappings().first()
        return User(**row) if row else None

    def delete_user_data(self, user_id: str) -> None:
        with self._db.transaction() as connection:
            connection.execute(delete(users).where(users.c.user_id == user_id))
