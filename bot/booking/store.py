"""Bookings in the database: seats per slot, status history, idempotent creation, consent records.

Errors:
    BookingError   base; the service turns each into a polite message
    ├── SlotFull      every seat of the slot is taken (the slot_claims primary key said so)
    ├── NotActive     the booking is already cancelled, completed or marked no-show
    └── StillActive   a final status was to be undone, but the booking is active again
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, func, select, update

from bot.booking import reminders
from bot.storage.database import Database
from bot.storage.tables import booking_events, bookings, consents, slot_claims

ACTIVE = ("requested", "confirmed")
FINAL = ("cancelled", "completed", "no_show")
CONSENT_PURPOSE = "booking"
# booking_events.note of a change the customer made (staff changes are "staff:<name>").
CANCELLED_NOTE, ERASED_NOTE, RESCHEDULED_NOTE = "cancelled by user", "user deleted their data", "rescheduled from "


class BookingError(Exception):
    pass


class SlotFull(BookingError):
    pass


class NotActive(BookingError):
    pass


class StillActive(BookingError):
    pass


@dataclass(frozen=True)
class NewBooking:
    user_id: str
    idempotency_key: str
    consult_type: str
    slot_start: datetime
    slot_minutes: int
    contact_name: str
    contact_phone: str
    topic: str | None = None
    vendor_id: str | None = None
    vendor_name: str | None = None


@dataclass(frozen=True)
class Booking:
    id: int
    user_id: str
    idempotency_key: str
    status: str
    consult_type: str
    vendor_id: str | None
    vendor_name: str | None
    topic: str | None
    slot_start: datetime
    slot_minutes: int
    contact_name: str | None
    contact_phone: str | None
    created_at: datetime
    updated_at: datetime
    erased_at: datetime | None

    @property
    def active(self) -> bool:
        return self.status in ACTIVE


@dataclass(frozen=True)
class BookingEvent:
    """One line of a booking's history: the status it had from then on, who or what set it, when."""

    status: str
    note: str | None
    created_at: datetime


class BookingStore:
    def __init__(self, database: Database):
        self._db = database

    # --- creating and changing bookings ---

    def create(self, new: NewBooking, capacity: int, reminder_offsets: list[int], now: datetime) -> tuple[Booking, bool]:
        """(booking, created). The same idempotency key returns the first booking, created=False.

        Raises SlotFull when every seat of the slot is taken; nothing is written then.
        """
        row = {**new.__dict__, "status": "requested", "created_at": now, "updated_at": now}
        with self._db.transaction() as connection:
            insert = self._db.insert(bookings).values(**row).on_conflict_do_nothing(index_elements=["idempotency_key"])
            # RETURNING, not rowcount: psycopg reports -1 for INSERT ... ON CONFLICT here.
            inserted = connection.execute(insert.returning(bookings.c.id)).first() is not None
            booking = self._by_key(connection, new.idempotency_key)
            if not inserted:
                return booking, False
            self._claim_seat(connection, booking.id, new.slot_start, capacity)
            self._event(connection, booking.id, "requested", None, now)
            reminders.schedule(connection, booking.id, new.slot_start, reminder_offsets, now)
        return booking, True

    def set_status(self, booking_id: int, status: str, now: datetime, note: str | None = None) -> Booking:
        """Move an active booking on; a final status frees its seat and cancels its reminders."""
        with self._db.transaction() as connection:
            booking = self._active(connection, booking_id)
            connection.execute(update(bookings).where(bookings.c.id == booking_id).values(status=status, updated_at=now))
            if status in FINAL:
                connection.execute(delete(slot_claims).where(slot_claims.c.booking_id == booking_id))
                reminders.cancel(connection, booking_id, now)
            self._event(connection, booking.id, status, note, now)
            return self._get(connection, booking_id)

    def reopen(self, booking_id: int, status: str, capacity: int, now: datetime, note: str | None = None) -> Booking:
        """Undo a final status: back to the active `status` with its seat and its reminders still to come.

        Raises StillActive if the booking is active already, SlotFull if its seat was taken meanwhile."""
        with self._db.transaction() as connection:
            booking = self._get(connection, booking_id, lock=True)
            if booking is None or booking.active:
                raise StillActive(str(booking_id))
            self._claim_seat(connection, booking_id, booking.slot_start, capacity)
            connection.execute(update(bookings).where(bookings.c.id == booking_id).values(status=status, updated_at=now))
            reminders.restore(connection, booking_id, booking.slot_start, now)
            self._event(connection, booking_id, status, note, now)
            return self._get(connection, booking_id)

    def reschedule(self, booking_id: int, slot_start: datetime, capacity: int, reminder_offsets: list[int], now: datetime) -> Booking:
        """Move an active booking to another slot: new seat, old seat freed, reminders replaced. The
        booking is requested again: a consultant confirmed the old time, nobody the new one."""
        with self._db.transaction() as connection:
            old = self._active(connection, booking_id)
            connection.execute(delete(slot_claims).where(slot_claims.c.booking_id == booking_id))
            self._claim_seat(connection, booking_id, slot_start, capacity)
            connection.execute(
                update(bookings).where(bookings.c.id == booking_id).values(slot_start=slot_start, status="requested", updated_at=now))
            reminders.cancel(connection, booking_id, now)
            reminders.schedule(connection, booking_id, slot_start, reminder_offsets, now)
            self._event(connection, booking_id, "requested", f"{RESCHEDULED_NOTE}{old.slot_start.isoformat()}", now)
            return self._get(connection, booking_id)

    # --- reading ---

    def get(self, booking_id: int) -> Booking | None:
        with self._db.transaction() as connection:
            return self._get(connection, booking_id)

    def for_user(self, user_id: str, since: datetime | None = None, active_only: bool = False) -> list[Booking]:
        query = select(bookings).where(bookings.c.user_id == user_id).order_by(bookings.c.slot_start)
        if since is not None:
            query = query.where(bookings.c.slot_start >= since)
        if active_only:
            query = query.where(bookings.c.status.in_(ACTIVE))
        return self._select(query)

    def between(self, start: datetime | None = None, end: datetime | None = None, statuses: tuple[str, ...] = ()) -> list[Booking]:
        query = select(bookings).order_by(bookings.c.slot_start, bookings.c.id)
        if start is not None:
            query = query.where(bookings.c.slot_start >= start)
        if end is not None:
            query = query.where(bookings.c.slot_start < end)
        if statuses:
            query = query.where(bookings.c.status.in_(statuses))
        return self._select(query)

    def taken(self, start: datetime, end: datetime) -> dict[datetime, int]:
        """Occupied seats per slot start (UTC) in [start, end)."""
        query = (
            select(slot_claims.c.slot_start, func.count())
            .where(slot_claims.c.slot_start >= start, slot_claims.c.slot_start < end)
            .group_by(slot_claims.c.slot_start)
        )
        with self._db.transaction() as connection:
            return {slot: count for slot, count in connection.execute(query)}

    def history(self, booking_id: int) -> list[tuple[str, str | None]]:
        query = select(booking_events.c.status, booking_events.c.note).where(booking_events.c.booking_id == booking_id)
        with self._db.transaction() as connection:
            return [tuple(row) for row in connection.execute(query.order_by(booking_events.c.id))]

    def events(self, booking_id: int) -> list[BookingEvent]:
        query = select(booking_events.c.status, booking_events.c.note, booking_events.c.created_at)
        with self._db.transaction() as connection:
            rows = connection.execute(query.where(booking_events.c.booking_id == booking_id).order_by(booking_events.c.id))
            return [BookingEvent(**row) for row in rows.mappings()]

    def last_contact(self, user_id: str) -> tuple[str, str] | None:
        """The name and phone of the user's latest booking that still has them (to offer reuse)."""
        query = (
            select(bookings.c.contact_name, bookings.c.contact_phone)
            .where(bookings.c.user_id == user_id, bookings.c.contact_phone.is_not(None), bookings.c.contact_name.is_not(None))
            .order_by(bookings.c.id.desc()).limit(1)
        )
        with self._db.transaction() as connection:
            row = connection.execute(query).first()
        return tuple(row) if row else None

    # --- consent and personal data ---

    def grant_consent(self, user_id: str, version: str, now: datetime) -> None:
        row = {"user_id": user_id, "purpose": CONSENT_PURPOSE, "version": version, "granted_at": now}
        with self._db.transaction() as connection:
            connection.execute(consents.insert().values(**row))

    def has_consent(self, user_id: str, version: str) -> bool:
        query = select(consents.c.id).where(
            consents.c.user_id == user_id, consents.c.purpose == CONSENT_PURPOSE,
            consents.c.version == version, consents.c.withdrawn_at.is_(None),
        )
        with self._db.transaction() as connection:
            return connection.execute(query.limit(1)).first() is not None

    def erase_user(self, user_id: str, now: datetime) -> list[Booking]:
        """Cancel the user's future bookings, erase name/phone/topic everywhere, withdraw consent.

        Returns the bookings it cancelled, as they are after (erased)."""
        cancelled = []
        for booking in self.for_user(user_id, since=now, active_only=True):
            try:
                cancelled.append(self.set_status(booking.id, "cancelled", now, ERASED_NOTE).id)
            except NotActive:  # staff ended it meanwhile
                pass
        with self._db.transaction() as connection:
            connection.execute(_erase(bookings.c.user_id == user_id, now))
            connection.execute(
                update(consents).where(consents.c.user_id == user_id, consents.c.withdrawn_at.is_(None)).values(withdrawn_at=now)
            )
        return [self.get(booking_id) for booking_id in cancelled]

    def purge_before(self, cutoff: datetime, now: datetime) -> int:
        """Erase personal data of bookings whose slot started before the cutoff; returns how many."""
        with self._db.transaction() as connection:
            return connection.execute(_erase(bookings.c.slot_start < cutoff, now)).rowcount

    # --- inside a transaction ---

    def _claim_seat(self, connection: Connection, booking_id: int, slot_start: datetime, capacity: int) -> None:
        # ON CONFLICT DO NOTHING waits for a racing transaction on the same seat and then skips
        # it, on both databases, so no savepoint or retry is needed to try the next seat.
        for seat in range(capacity):
            claim = self._db.insert(slot_claims).values(slot_start=slot_start, seat=seat, booking_id=booking_id)
            if connection.execute(claim.on_conflict_do_nothing().returning(slot_claims.c.seat)).first() is not None:
                return
        raise SlotFull(slot_start.isoformat())

    def _event(self, connection: Connection, booking_id: int, status: str, note: str | None, now: datetime) -> None:
        connection.execute(booking_events.insert().values(booking_id=booking_id, status=status, note=note, created_at=now))

    def _active(self, connection: Connection, booking_id: int) -> Booking:
        booking = self._get(connection, booking_id, lock=True)
        if booking is None or not booking.active:
            raise NotActive(str(booking_id))
        return booking

    def _get(self, connection: Connection, booking_id: int, lock: bool = False) -> Booking | None:
        query = select(bookings).where(bookings.c.id == booking_id)
        row = connection.execute(query.with_for_update() if lock else query).mappings().first()
        return Booking(**row) if row else None

    def _by_key(self, connection: Connection, key: str) -> Booking:
        return Booking(**connection.execute(select(bookings).where(bookings.c.idempotency_key == key)).mappings().one())

    def _select(self, query) -> list[Booking]:
        with self._db.transaction() as connection:
            return [Booking(**row) for row in connection.execute(query).mappings()]


def _erase(condition, now: datetime):
    return (
        update(bookings).where(condition, bookings.c.erased_at.is_(None))
        .values(contact_name=None, contact_phone=None, topic=None, erased_at=now)
    )
