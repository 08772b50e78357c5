"""Notices for staff (new, cancelled and moved bookings), kept in the database until a channel posts them.

Turns run in worker threads and never send anything themselves: a notice is a row written in the
turn, and the Telegram layer posts the rows to the staff chat every few seconds, oldest first,
deleting each once it is posted. A restart in between loses nothing: the next start posts the rest.
Several workers share the table: one claims the pending rows before posting them, the others
wait until it is done (so the order holds), and the claim of a worker that died expires.

A booking's notice is remembered where it was posted, so that a later change by the customer
(`notify_change`) redraws that message in place; the change comes after the notice in the same
queue, so the notice has always been posted first.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, select, update

from bot.conversation import Button
from bot.storage.database import Database
from bot.storage.tables import pending_staff_notices as notices_table
from bot.storage.tables import staff_notice_messages as messages_table
from bot.storage.tables import utc_now

# Longer than a round of posts takes (BATCH sends), short enough that a crash delays notices little.
CLAIM_LEASE = timedelta(seconds=60)
BATCH = 20
POST, REDRAW = "post", "redraw"


@dataclass(frozen=True)
class PendingNotice:
    """POST: send `text` with `buttons` (and remember where, for `booking_id`). REDRAW: redraw the
    notice of `booking_id` as the booking now stands, and say `text` beside it."""

    id: int
    text: str
    buttons: tuple[Button, ...]
    booking_id: int | None = None
    kind: str = POST


@dataclass(frozen=True)
class NoticeMessage:
    """Where a booking's notice was posted."""

    chat_id: int
    message_id: int


class StaffNoticeStore:
    """A `StaffNotifier` (see bot.booking) that keeps notices in the database until a channel posts them."""

    def __init__(self, database: Database, lease: timedelta = CLAIM_LEASE):
        self._db = database
        self._lease = lease

    def notify(self, text: str, buttons: Sequence[Button] = (), booking_id: int | None = None) -> None:
        """A new notice; with `booking_id`, the message it becomes is remembered for later redraws."""
        self._queue(text, buttons, booking_id, POST)

    def notify_change(self, booking_id: int, text: str) -> None:
        """The booking changed without staff (the customer cancelled or moved it): its notice is to
        be redrawn, and `text` said beside it so staff notice."""
        self._queue(text, (), booking_id, REDRAW)

    def message_for(self, booking_id: int) -> NoticeMessage | None:
        query = select(messages_table.c.chat_id, messages_table.c.message_id).where(messages_table.c.booking_id == booking_id)
        with self._db.transaction() as connection:
            row = connection.execute(query).first()
        return NoticeMessage(*row) if row else None

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
        return [PendingNotice(row["id"], row["text"], _buttons(row["buttons"]), row["booking_id"], row["kind"]) for row in rows]

    def posted(self, notice: PendingNotice, message: NoticeMessage | None = None) -> None:
        """The notice is out: forget it, and remember `message` (where it went) as its booking's notice."""
        with self._db.transaction() as connection:
            connection.execute(delete(notices_table).where(notices_table.c.id == notice.id))
            if message is not None and notice.booking_id is not None:
                row = {"chat_id": message.chat_id, "message_id": message.message_id, "posted_at": utc_now()}
                upsert = self._db.insert(messages_table).values(booking_id=notice.booking_id, **row)
                connection.execute(upsert.on_conflict_do_update(index_elements=["booking_id"], set_=row))

    def release(self, notice_ids: Sequence[int]) -> None:
        """Give back claimed notices that were not posted: the next round tries them again, in order."""
        if not notice_ids:
            return
        with self._db.transaction() as connection:
            connection.execute(update(notices_table).where(notices_table.c.id.in_(list(notice_ids))).values(claimed_at=None))

    def _queue(self, text: str, buttons: Sequence[Button], booking_id: int | None, kind: str) -> None:
        row = {"text": text, "buttons": json.dumps([[b.action, b.label] for b in buttons], ensure_ascii=False),
               "booking_id": booking_id, "kind": kind, "created_at": utc_now()}
        with self._db.transaction() as connection:
            connection.execute(insert(notices_table).values(**row))


def _buttons(stored: str) -> tuple[Button, ...]:
    return tuple(Button(action, label) for action, label in json.loads(stored))
