"""Notices for staff (new, cancelled and moved bookings), kept in the database until a channel posts them.

Turns run in worker threads and never send anything themselves: a notice is a row written in the
turn, and the Telegram layer posts the rows to the staff chat every few seconds, oldest first,
deleting each once it is posted. A restart in between loses nothing: the next start posts the rest.
Several workers share the table: one claims the pending rows before posting them, the others
wait until it is done (so the order holds), and the claim of a worker that died expires.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, select, update

from bot.conversation import Button
from bot.storage.database import Database
from bot.storage.tables import pending_staff_notices as notices_table
from bot.storage.tables import utc_now

# Longer than a round of posts takes (BATCH sends), short enough that a crash delays notices little.
CLAIM_LEASE = timedelta(seconds=60)
BATCH = 20


@dataclass(frozen=True)
class PendingNotice:
    id: int
    text: str
    buttons: tuple[Button, ...]


class StaffNoticeStore:
    """A `StaffNotifier` (see bot.booking) that keeps notices in the database until a channel posts them."""

    def __init__(self, database: Database, lease: timedelta = CLAIM_LEASE):
        self._db = database
        self._lease = lease

    def notify(self, text: str, buttons: Sequence[Button] = ()) -> None:
        row = {"text": text, "buttons": json.dumps([[b.action, b.label] for b in buttons], ensure_ascii=False), "created_at": utc_now()}
        with self._db.transaction() as connection:
            connection.execute(insert(notices_table).values(**row))

    def claim(self, now: datetime | None = None, limit: int = BATCH) -> list[PendingNotice]:
        """The oldest pending notices, claimed for the caller to post; none while another worker's
        claim is live, so two workers never post the same notice or overtake each other."""
        now = now or utc_now()
        oldest = select(notices_table).order_by(notices_table.c.id).limit(limit).with_for_update()
        with self._db.transaction() as connection:
            rows = connection.execute(oldest).mappings().all()
            if any(row["claimed_at"] is not None and row["claimed_at"] > now - self._lease for row in rows):
                return []
            ids = [row["id"] for row in rows]
            if ids:
                connection.execute(update(notices_table).where(notices_table.c.id.in_(ids)).values(claimed_at=now))
        return [PendingNotice(row["id"], row["text"], _buttons(row["buttons"])) for row in rows]

    def posted(self, notice_id: int) -> None:
        with self._db.transaction() as connection:
            connection.execute(delete(notices_table).where(notices_table.c.id == notice_id))

    def release(self, notice_ids: Sequence[int]) -> None:
        """Give back claimed notices that were not posted: the next round tries them again, in order."""
        if not notice_ids:
            return
        with self._db.transaction() as connection:
            connection.execute(update(notices_table).where(notices_table.c.id.in_(list(notice_ids))).values(claimed_at=None))


def _buttons(stored: str) -> tuple[Button, ...]:
    return tuple(Button(action, label) for action, label in json.loads(stored))
