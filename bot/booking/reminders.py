"""Booking reminders as database rows: scheduled with the booking, listed when due, claimed once.

A worker sends a reminder only after `claim()` won it (UPDATE ... WHERE sent_at IS NULL), so two
workers, or a restart in between, never send one twice; a restart just reads the table again.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, and_, select, update

from bot.storage.database import Database
from bot.storage.tables import booking_reminders, bookings

ACTIVE = ("requested", "confirmed")


@dataclass(frozen=True)
class Reminder:
    id: int
    booking_id: int
    user_id: str
    offset_minutes: int
    due_at: datetime
    slot_start: datetime


def schedule(connection: Connection, booking_id: int, slot_start: datetime, offsets: Iterable[int], now: datetime) -> int:
    """Rows for each offset still in the future; returns how many. Runs in the booking's transaction."""
    rows = [
        {"booking_id": booking_id, "offset_minutes": offset, "due_at": slot_start - timedelta(minutes=offset)}
        for offset in sorted(set(offsets)) if slot_start - timedelta(minutes=offset) > now
    ]
    if rows:
        connection.execute(booking_reminders.insert(), rows)
    return len(rows)


def cancel(connection: Connection, booking_id: int, now: datetime) -> None:
    """Cancel the booking's unsent reminders (on cancellation or before rescheduling)."""
    unsent = and_(booking_reminders.c.booking_id == booking_id, booking_reminders.c.sent_at.is_(None))
    connection.execute(update(booking_reminders).where(unsent, booking_reminders.c.cancelled_at.is_(None)).values(cancelled_at=now))


def restore(connection: Connection, booking_id: int, slot_start: datetime, now: datetime) -> None:
    """Undo `cancel` for a booking back in place: its cancelled reminders for this slot still to come."""
    cancelled = (
        select(booking_reminders.c.id, booking_reminders.c.offset_minutes, booking_reminders.c.due_at)
        .where(booking_reminders.c.booking_id == booking_id, booking_reminders.c.sent_at.is_(None))
        .where(booking_reminders.c.cancelled_at.is_not(None), booking_reminders.c.due_at > now)
    )
    # Rows of an earlier slot (cancelled by a reschedule) stay cancelled.
    ids = [row.id for row in connection.execute(cancelled) if row.due_at + timedelta(minutes=row.offset_minutes) == slot_start]
    if ids:
        connection.execute(update(booking_reminders).where(booking_reminders.c.id.in_(ids)).values(cancelled_at=None))


class ReminderStore:
    def __init__(self, database: Database):
        self._db = database

    def due(self, now: datetime) -> list[Reminder]:
        """Unsent, uncancelled reminders due by now, of active bookings whose slot has not begun."""
        query = (
            select(
                booking_reminders.c.id, booking_reminders.c.booking_id, bookings.c.user_id,
                booking_reminders.c.offset_minutes, booking_reminders.c.due_at, bookings.c.slot_start,
            )
            .join(bookings, bookings.c.id == booking_reminders.c.booking_id)
            .where(
                booking_reminders.c.sent_at.is_(None), booking_reminders.c.cancelled_at.is_(None),
                booking_reminders.c.due_at <= now, bookings.c.slot_start > now, bookings.c.status.in_(ACTIVE),
            )
            .order_by(booking_reminders.c.due_at, booking_reminders.c.id)
        )
        with self._db.transaction() as connection:
            return [Reminder(**row) for row in connection.execute(query).mappings()]

    def claim(self, reminder_id: int, now: datetime) -> bool:
        """Mark one reminder sent; True only for the one caller that did it."""
        claim = (
            update(booking_reminders)
            .where(booking_reminders.c.id == reminder_id, booking_reminders.c.sent_at.is_(None))
            .where(booking_reminders.c.cancelled_at.is_(None))
            .values(sent_at=now)
        )
        with self._db.transaction() as connection:
            return connection.execute(claim).rowcount == 1

    def pending(self, booking_id: int) -> list[tuple[int, datetime]]:
        """(offset minutes, due time) of the booking's reminders still to send."""
        query = (
            select(booking_reminders.c.offset_minutes, booking_reminders.c.due_at)
            .where(booking_reminders.c.booking_id == booking_id, booking_reminders.c.sent_at.is_(None))
            .where(booking_reminders.c.cancelled_at.is_(None))
            .order_by(booking_reminders.c.due_at)
        )
        with self._db.transaction() as connection:
            return [tuple(row) for row in connection.execute(query)]
