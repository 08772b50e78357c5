"""The staff side of a booking: its notice in the staff chat (the booking, its status, who changed it
last, what the customer changed, the buttons that still make sense) and what a tap on one of those
buttons does.

Completed and no-show are for a consult that has begun: a tap before then is refused with the time
it becomes possible. Cancelling asks once more, because the customer is told at once. A final
status set by staff can be undone (되돌리기): the booking gets its seat and its reminders back.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot import texts
from bot.booking import flow
from bot.booking.store import (
    ACTIVE, CANCELLED_NOTE, ERASED_NOTE, RESCHEDULED_NOTE, Booking, BookingEvent, BookingStore, NotActive, SlotFull, StillActive,
)
from bot.conversation import Button, Reply

log = logging.getLogger(__name__)

PREFIX = "bk:"
# Staff buttons carry bk:<action>:<booking id>.
CONFIRM, COMPLETE, NO_SHOW, CANCEL, CANCEL_YES, CANCEL_NO, UNDO = "sc", "sd", "sn", "sx", "sy", "sk", "su"
ACTION_PATTERN = r"^bk:s[cdnxyku]:"
AFTER_START = ("completed", "no_show")
# booking_events.note of a change made by staff ("staff:<name>"; "staff" before names were kept).
STAFF_NOTE = "staff"
CUSTOMER_NOTES = (CANCELLED_NOTE, ERASED_NOTE)
# What the customer is told when staff set a status (completed and no-show need no word).
CUSTOMER_TOLD = {"confirmed": texts.BOOKING_CONFIRMED_BY_STAFF, "cancelled": texts.BOOKING_CANCELLED_BY_STAFF}


@dataclass(frozen=True)
class StaffOutcome:
    """What a staff button did. The channel answers the one who tapped, redraws the notice as it is
    now and sends the customer's message, if there is one."""

    answer: str  # short: a Telegram toast holds 200 characters
    alert: bool = False  # nothing changed, for a reason the one who tapped must read
    notice: Reply | None = None  # None: the booking is unknown
    customer: tuple[str, Reply] | None = None  # (user id, message) when the customer must be told


class StaffDesk:
    def __init__(self, store: BookingStore, capacity: int, zone: ZoneInfo, now: Callable[[], datetime]):
        self.store, self._capacity, self._zone, self._now = store, capacity, zone, now

    def notice(self, item: Booking, asking_cancel: bool = False) -> Reply:
        """The booking as staff see it, with the buttons for what can still be done."""
        events = self.store.events(item.id)
        lines = [texts.BOOKING_STAFF_NEW.format(**self.fields(item)), self._status_line(item, events), *self._customer_lines(events)]
        if asking_cancel:
            lines.append(texts.BOOKING_STAFF_CANCEL_ASK)
        return Reply("\n".join(lines), self._buttons(item, asking_cancel), intent="staff_notice")

    def act(self, action: str, staff_name: str) -> StaffOutcome:
        """A tap on a notice's button (bk:s?:<id>) by the consultant `staff_name`."""
        name, _, argument = action.removeprefix(PREFIX).partition(":")
        handlers = {
            CONFIRM: lambda item, note: self._change(item, "confirmed", note),
            COMPLETE: lambda item, note: self._change(item, "completed", note),
            NO_SHOW: lambda item, note: self._change(item, "no_show", note),
            CANCEL: self._ask_cancel, CANCEL_YES: lambda item, note: self._change(item, "cancelled", note),
            CANCEL_NO: self._keep, UNDO: self._undo,
        }
        item = self.store.get(int(argument)) if name in handlers and argument.isdigit() else None
        if item is None:
            return StaffOutcome(texts.BOOKING_STAFF_UNKNOWN, alert=True)
        return handlers[name](item, f"{STAFF_NOTE}:{staff_name[:64]}")

    def fields(self, item: Booking) -> dict:
        return {
            "id": item.id, "when": self._when(item.slot_start), "type": texts.BOOKING_TYPE_LABELS.get(item.consult_type, ""),
            "topic": item.topic or texts.BOOKING_ERASED, "name": item.contact_name or texts.BOOKING_ERASED,
            "phone": item.contact_phone or "", "status": texts.BOOKING_STATUS_LABELS[item.status],
        }

    # --- the buttons -----------------------------------------------------------------------

    def _change(self, item: Booking, status: str, note: str) -> StaffOutcome:
        if item.status == status or not item.active:  # a second consultant's tap, or an old notice
            return self._unchanged(item, texts.BOOKING_STAFF_ALREADY.format(id=item.id, status=_label(item.status)))
        if status in AFTER_START and self._now() < item.slot_start:
            too_early = texts.BOOKING_STAFF_TOO_EARLY.format(status=_label(status), when=self._when(item.slot_start))
            return self._unchanged(item, too_early, alert=True)
        try:
            changed = self.store.set_status(item.id, status, self._now(), note)
        except NotActive:  # another tap got there first: say where it stands
            return self._change(self.store.get(item.id), status, note)
        log.info("booking_status_by_staff id=%d status=%s", changed.id, status)
        told = self._customer_message(CUSTOMER_TOLD[status], changed) if status in CUSTOMER_TOLD else None
        return StaffOutcome(texts.BOOKING_STAFF_DONE.format(id=changed.id, status=_label(status)), notice=self.notice(changed), customer=told)

    def _ask_cancel(self, item: Booking, note: str) -> StaffOutcome:
        if not item.active:
            return self._unchanged(item, texts.BOOKING_STAFF_ALREADY.format(id=item.id, status=_label(item.status)))
        return StaffOutcome(texts.BOOKING_STAFF_CANCEL_ASK, notice=self.notice(item, asking_cancel=True))

    def _keep(self, item: Booking, note: str) -> StaffOutcome:
        return self._unchanged(item, texts.BOOKING_STAFF_KEPT)

    def _undo(self, item: Booking, note: str) -> StaffOutcome:
        """Back to the status before the last staff change, if that change ended the booking."""
        previous = self._undo_target(item)
        if previous is None:
            return self._unchanged(item, texts.BOOKING_STAFF_NOTHING_TO_UNDO, alert=True)
        if item.status == "cancelled" and self._now() >= item.slot_start:
            return self._unchanged(item, texts.BOOKING_STAFF_UNDO_TOO_LATE, alert=True)
        try:
            reopened = self.store.reopen(item.id, previous, self._capacity, self._now(), note)
        except SlotFull:
            return self._unchanged(item, texts.BOOKING_STAFF_UNDO_SLOT_TAKEN, alert=True)
        except StillActive:  # another consultant undid it first
            return self._unchanged(self.store.get(item.id), texts.BOOKING_STAFF_NOTHING_TO_UNDO, alert=True)
        log.info("booking_status_undone id=%d status=%s", reopened.id, previous)
        told = self._customer_message(texts.BOOKING_RESTORED_BY_STAFF, reopened) if item.status == "cancelled" else None
        return StaffOutcome(texts.BOOKING_STAFF_UNDONE.format(id=item.id, status=_label(previous)), notice=self.notice(reopened), customer=told)

    def _unchanged(self, item: Booking, answer: str, alert: bool = False) -> StaffOutcome:
        return StaffOutcome(answer, alert, self.notice(item))

    # --- reading the history -----------------------------------------------------------------

    def _undo_target(self, item: Booking) -> str | None:
        """The active status a staff-made final status can go back to; None when there is none
        (nor for a booking whose personal data was erased: its customer asked for that)."""
        if item.active or item.erased_at is not None:
            return None
        events = self.store.events(item.id)
        change = _status_change(events)
        if change is None or change == 0 or not _by_staff(events[change].note):
            return None
        before = events[change - 1].status
        return before if before in ACTIVE else None

    def _status_line(self, item: Booking, events: list[BookingEvent]) -> str:
        change = _status_change(events)
        who = _who(events[change].note) if change is not None else None
        if who is None:
            return texts.BOOKING_STAFF_STATUS.format(status=_label(item.status))
        return texts.BOOKING_STAFF_STATUS_BY.format(status=_label(item.status), who=who, at=self._when(events[change].created_at))

    def _customer_lines(self, events: list[BookingEvent]) -> list[str]:
        """What the customer changed themselves, so nobody calls at a time that no longer holds."""
        lines = []
        moves = [event for event in events if (event.note or "").startswith(RESCHEDULED_NOTE)]
        if moves:  # the first time booked is the one staff may have noted down
            first = datetime.fromisoformat(moves[0].note.removeprefix(RESCHEDULED_NOTE))
            lines.append(texts.BOOKING_STAFF_MOVED_BY_CUSTOMER.format(at=self._when(moves[-1].created_at), first=self._when(first)))
            if events[-1] is moves[-1]:  # a move asks for a confirmation again, and nobody gave it yet
                lines.append(texts.BOOKING_STAFF_MOVED_CONFIRM_AGAIN)
        change = _status_change(events)
        if change is not None and events[change].status == "cancelled" and events[change].note in CUSTOMER_NOTES:
            lines.append(texts.BOOKING_STAFF_ERASED_BY_CUSTOMER if events[change].note == ERASED_NOTE else texts.BOOKING_STAFF_CANCELLED_BY_CUSTOMER)
        return lines

    def _buttons(self, item: Booking, asking_cancel: bool) -> tuple[Button, ...]:
        def button(action: str, label: str) -> Button:
            return Button(f"{PREFIX}{action}:{item.id}", label)

        if asking_cancel:
            return (button(CANCEL_YES, texts.BOOKING_STAFF_BUTTON_CANCEL_YES), button(CANCEL_NO, texts.BOOKING_STAFF_BUTTON_CANCEL_NO))
        if not item.active:
            return (button(UNDO, texts.BOOKING_STAFF_BUTTON_UNDO),) if self._undo_target(item) else ()
        confirm = (button(CONFIRM, texts.BOOKING_STAFF_BUTTON_CONFIRM),) if item.status == "requested" else ()
        return (*confirm, button(COMPLETE, texts.BOOKING_STAFF_BUTTON_COMPLETE), button(NO_SHOW, texts.BOOKING_STAFF_BUTTON_NO_SHOW),
                button(CANCEL, texts.BOOKING_STAFF_BUTTON_CANCEL))

    def _customer_message(self, template: str, item: Booking) -> tuple[str, Reply]:
        return item.user_id, Reply(template.format(when=self._when(item.slot_start)), intent="booking")

    def _when(self, moment: datetime) -> str:
        return flow.when_label(moment.astimezone(self._zone))


def _status_change(events: list[BookingEvent]) -> int | None:
    """Index of the event that set the current status (a reschedule sets requested again; one of a
    booking that was requested already changes nothing)."""
    if not events:
        return None
    index = len(events) - 1
    while index > 0 and events[index - 1].status == events[index].status:
        index -= 1
    return index


def _by_staff(note: str | None) -> bool:
    return bool(note) and (note == STAFF_NOTE or note.startswith(f"{STAFF_NOTE}:"))


def _who(note: str | None) -> str | None:
    """Who set a status, for the notice: the consultant's name, 고객, or None (the bot, at booking)."""
    if _by_staff(note):
        return note.partition(":")[2].strip() or texts.BOOKING_STAFF_BY_STAFF
    customer = note in CUSTOMER_NOTES or (note or "").startswith(RESCHEDULED_NOTE)
    return texts.BOOKING_STAFF_BY_CUSTOMER if customer else None


def _label(status: str) -> str:
    return texts.BOOKING_STATUS_LABELS[status]
