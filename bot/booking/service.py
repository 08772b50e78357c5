"""BookingService: the booking API the assistant, the Telegram layer and the staff CLI call.

It drives the flow in flow.py over the caller's `booking` dict (part of the dialogue state,
changed in place and saved by the caller), stores bookings, and returns replies; it never sends.
"""

import dataclasses
import logging
import secrets
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Literal, Protocol

from bot import texts
from bot.booking import flow
from bot.booking.calendar import CalendarEvent, to_ics
from bot.booking.reminders import ReminderStore
from bot.booking.settings import BookingSettings
from bot.booking.slots import Clock, SlotCalendar, system_clock
from bot.booking.staff import StaffDesk, StaffOutcome
from bot.booking.store import CANCELLED_NOTE, Booking, BookingStore, NewBooking, NotActive, SlotFull
from bot.conversation import STALE_INTENT, Button, Reply, ReplyFile

log = logging.getLogger(__name__)

PREFIX = "bk:"
INTENT = "booking"
# Steps that show a list of buttons a typed "1번이요" or "두 번째 거요" can choose from, and those buttons.
CHOICE_STEPS = frozenset({flow.TYPE, flow.TOPIC, flow.DAY, flow.TIME})
CHOICE_ACTIONS = frozenset({"t", "p", "d", "s"})
# Where a change asked for at the summary starts; the steps after it are known, so it ends there again.
EDIT_STEPS = {"type": flow.TYPE, "topic": flow.TOPIC, "when": flow.DAY, "day": flow.DAY, "time": flow.TIME,
              "contact": flow.NAME, "name": flow.NAME, "phone": flow.PHONE}


class StaffNotifier(Protocol):
    """Where staff hear about bookings (the Telegram staff chat in production): a new booking's
    notice, and a change the customer made to a booking (its notice redrawn, `text` said beside it)."""

    def notify(self, text: str, buttons: Sequence[Button] = (), booking_id: int | None = None) -> None: ...

    def notify_change(self, booking_id: int, text: str) -> None: ...


class NullNotifier:
    def notify(self, text: str, buttons: Sequence[Button] = (), booking_id: int | None = None) -> None:
        pass

    def notify_change(self, booking_id: int, text: str) -> None:
        pass


def is_active(booking: dict | None) -> bool:
    """True while a booking flow waits for the user: route free text to `on_text` then."""
    return bool(booking and booking.get("step"))


class BookingService:
    def __init__(
        self, store: BookingStore, reminders: ReminderStore, settings: BookingSettings,
        notifier: StaffNotifier | None = None, clock: Clock = system_clock,
        user_data_erasers: Sequence[Callable[[str], None]] = (),
    ):
        self.store, self.reminders, self.settings = store, reminders, settings
        self.notifier = notifier or NullNotifier()
        self.slots = SlotCalendar(settings.availability, settings.timezone, clock)
        self._clock = clock
        self.staff = StaffDesk(store, self.slots.capacity, self.slots.zone, self._now)
        # Other stores' delete_user_data (profile, transcript, ...) run on a confirmed /deletemydata.
        self._erasers = tuple(user_data_erasers)

    # --- entering and driving the flow -----------------------------------------------------

    def start(self, user_id: str, booking: dict, consult_type: str | None = None,
              vendor: str | None = None, vendor_name: str | None = None, request: str = "") -> list[Reply]:
        """Begin a booking (from /book, "상담 예약하고 싶어요", or a vendor's booking button). A day or
        time in the request ("금요일 오후 4시에 상담 예약하고 싶어요") is kept and read once the topic is known."""
        booking.clear()
        booking.update(step=flow.CONSENT, history=[], key=secrets.token_urlsafe(12))
        found = flow.when_in_request(request, self.slots.now().date()) if request else None
        if found:
            booking["when_text"] = found[0]
        if vendor:
            booking.update(type="vendor", vendor=vendor, vendor_name=vendor_name or vendor)
        elif consult_type in self.settings.consult_types:
            booking["type"] = consult_type
        if self.store.has_consent(user_id, self.settings.consent_version):
            booking["step"] = self._after(booking, flow.CONSENT)
        return self._prompt(user_id, booking, prefix=texts.BOOKING_WHEN_KEPT.format(when=found[1].label()) if found else "")

    def on_action(self, user_id: str, booking: dict, action: str) -> list[Reply]:
        """Every `bk:` button: flow steps, 내 예약, and the /deletemydata confirmation."""
        name, _, argument = action.removeprefix(PREFIX).partition(":")
        outside = {"my": lambda: self.my_bookings(user_id), "c": lambda: self._ask_cancel(user_id, booking, argument),
                   "cy": lambda: self._cancel_booking(user_id, booking, argument), "cn": lambda: self._keep_booking(booking),
                   "r": lambda: self._start_reschedule(user_id, booking, argument),
                   "del": lambda: self._delete_answer(user_id, booking, argument)}
        if name == "my" and booking.get("step") == flow.WHICH:
            booking.clear()  # the list shown now has both buttons: a typed "1번" no longer answers the question
        if name in outside:
            return outside[name]()
        if not is_active(booking):
            done = booking.get("done") if booking else None
            if done and name == "y":
                return [_reply(texts.BOOKING_ALREADY_DONE)]
            if booking and booking.get("moved") and name == "s":  # a double tap on a time of a reschedule
                return self._already_moved(booking["moved"])
            return [_reply(texts.ASSISTANT_STALE_BUTTON, intent=STALE_INTENT)]  # the channel may show it as a toast
        return self._flow_action(user_id, booking, name, argument)

    def on_text(self, user_id: str, booking: dict, text: str) -> list[Reply] | None:
        """Free text mid-flow: the step's answer, or None for a question the assistant should answer."""
        if not is_active(booking):
            return None
        text = " ".join((text or "").split())[:2000]
        if booking["step"] == flow.CANCELLING:
            return self._text_cancelling(user_id, booking, text)
        if booking["step"] == flow.WHICH:
            return self._text_which(user_id, booking, text)
        if flow.is_cancel(text):
            return self._cancelled(user_id, booking)
        if flow.is_back(text):
            return self._back(user_id, booking)
        if booking.pop("asked_stop", False) and (answer := self._stop_answer(user_id, booking, text)):
            return answer
        if flow.is_bare_no(text) and booking["step"] not in (flow.CONSENT, flow.CONFIRM) or flow.may_stop(text):
            return self._ask_stop(booking)  # "아니요", "상담 못 갈 것 같아요": stop? asked, never guessed
        if booking["step"] in CHOICE_STEPS and (position := flow.position_said(text)) is not None:
            return self._chosen_by_position(user_id, booking, position)
        handlers = {flow.CONSENT: self._text_consent, flow.TYPE: self._text_type, flow.TOPIC: self._text_topic,
                    flow.DAY: self._text_when, flow.TIME: self._text_when, flow.NAME: self._text_name,
                    flow.PHONE: self._text_phone, flow.CONFIRM: self._text_confirm}
        return handlers[booking["step"]](user_id, booking, text)

    def cancel(self, user_id: str, booking: dict) -> list[Reply]:
        """/cancel mid-flow: nothing is booked (a consent given stays on record, and the reply says so)."""
        return self._cancelled(user_id, booking) if is_active(booking) else []

    def resume(self, user_id: str, booking: dict) -> list[Reply]:
        """Ask the current step again, after the assistant answered a question typed mid-flow."""
        if not is_active(booking):
            return []
        return self._prompt(user_id, booking, prefix="" if booking["step"] in (flow.CANCELLING, flow.WHICH) else texts.BOOKING_RESUME)

    def set_aside_text(self, booking: dict) -> str:
        """What to say when the user leaves this flow for something else (the menu, a consultant):
        a reschedule or a cancel question leaves the booking as it was, a new booking is not made."""
        if booking.get("step") == flow.CANCELLING:
            return texts.BOOKING_CANCEL_SET_ASIDE
        if booking.get("step") == flow.WHICH:
            return ""  # only a question was open: nothing was started, nothing to say
        return texts.BOOKING_RESCHEDULE_SET_ASIDE if booking.get("reschedule") else texts.BOOKING_SET_ASIDE

    # --- 내 예약 -------------------------------------------------------------------------

    def my_bookings(self, user_id: str) -> list[Reply]:
        upcoming = self._upcoming(user_id)
        if not upcoming:
            return [_reply(texts.BOOKING_MY_EMPTY, intent="my_bookings")]
        buttons = []
        for number, item in enumerate(upcoming, start=1):
            buttons += [Button(f"{PREFIX}r:{item.id}", texts.BOOKING_BUTTON_RESCHEDULE.format(number=number)),
                        Button(f"{PREFIX}c:{item.id}", texts.BOOKING_BUTTON_CANCEL_BOOKING.format(number=number))]
        return [_reply("\n".join([texts.BOOKING_MY_TITLE, *self._listed(upcoming)]), buttons, intent="my_bookings")]

    def manage(self, user_id: str, booking: dict, text: str) -> list[Reply]:
        """A request about one's bookings in words: with exactly one upcoming, "예약 취소할게요" asks
        to cancel it and "예약 시간 바꾸고 싶어요" starts moving it, straight to a day and time named
        with it ("예약 금요일 4시로 바꿔 주세요"); with several such a move asks which booking, the
        time kept in its buttons; otherwise 내 예약 shows them all."""
        asked = flow.booking_change_asked(text)
        upcoming = self._upcoming(user_id) if asked else []
        found = flow.when_in_request(text, self.slots.now().date()) if asked == "reschedule" else None
        if len(upcoming) > 1:
            return self._ask_which(user_id, booking, asked, upcoming, found[1] if found else None, text)
        if len(upcoming) != 1:
            return self.my_bookings(user_id)
        argument = str(upcoming[0].id)
        if asked == "cancel":
            return self._ask_cancel(user_id, booking, argument)
        return self._start_reschedule(user_id, booking, f"{argument}:{found[1].key()}" if found else argument)

    # --- which booking, of several -----------------------------------------------------------

    def _ask_which(self, user_id: str, booking: dict, asked: str, upcoming: list[Booking],
                   when: flow.TypedWhen | None, request: str) -> list[Reply]:
        """Several bookings: "어느 예약을 취소할까요/옮길까요?" with a button each (a move's buttons carry
        the time named with it). The question waits (step `which`) for a tap or a typed answer; a
        number in the request ("2번 예약 취소해 주세요"), or for a cancel a day only one booking has
        ("24일 예약 취소할게요"), answers it at once. A move's day is where to, never which booking."""
        booking.clear()
        booking.update(step=flow.WHICH, which=asked, ids=[item.id for item in upcoming], history=[])
        if when:
            booking["when"] = when.key()
        named = asked == "cancel" and flow.slot_hint(request, self.slots.now().date())
        if flow.position_in(request) is not None or named:
            return self._text_which(user_id, booking, request, in_request=True)
        return self._which_question(booking)

    def _which_question(self, booking: dict, prefix: str = "") -> list[Reply]:
        listed = self._which_listed(booking)
        when = flow.TypedWhen.from_key(booking.get("when", ""))
        if booking["which"] == "cancel":
            asked = texts.BOOKING_CANCEL_WHICH.format(count=len(listed))
        elif when:
            asked = texts.BOOKING_RESCHEDULE_WHICH.format(count=len(listed), when=when.label())
        else:
            asked = texts.BOOKING_RESCHEDULE_WHICH_ANY.format(count=len(listed))
        text = "\n".join([asked, *self._listed(listed)])
        return [_reply(f"{prefix}\n\n{text}" if prefix else text, self._which_buttons(booking, listed), intent="my_bookings")]

    def _which_listed(self, booking: dict) -> list[Booking]:
        """The bookings of the question, in the order shown (numbers stay as the user saw them)."""
        return [item for item in map(self.store.get, booking["ids"]) if item is not None]

    def _which_buttons(self, booking: dict, listed: list[Booking]) -> list[Button]:
        if booking["which"] == "cancel":
            return [Button(f"{PREFIX}c:{item.id}", texts.BOOKING_BUTTON_CANCEL_BOOKING.format(number=number))
                    for number, item in enumerate(listed, start=1)]
        when = f":{booking['when']}" if booking.get("when") else ""
        return [Button(f"{PREFIX}r:{item.id}{when}", texts.BOOKING_BUTTON_RESCHEDULE.format(number=number))
                for number, item in enumerate(listed, start=1)]

    def _text_which(self, user_id: str, booking: dict, text: str, in_request: bool = False) -> list[Reply] | None:
        """A typed answer to "어느 예약을 …할까요?" (or the request that asked it): a no ends it, the
        bookings as they were; a question is answered (None), then asked again; anything else names one."""
        if not in_request and self._stops_choosing(booking, text):
            return self._cancelled(user_id, booking)
        position = flow.position_said(text, bare_number=True)
        if position is None and not in_request and flow.is_question(text):
            return None
        return self._which_named(user_id, booking, text, position if position is not None else flow.position_in(text))

    def _which_named(self, user_id: str, booking: dict, text: str, position: int | None) -> list[Reply]:
        """Its number in the list ("1번이요", "두 번째요", "2"), or a day or time only one of them has
        ("11월 24일 거", "화요일 꺼"): as if its button was tapped. A number past the list, two on
        that day, or words that point at none: the question again, saying why."""
        listed = self._which_listed(booking)
        if position is not None:
            chosen = flow.at_position(listed, position)
            if chosen is None:
                return self._which_question(booking, texts.BOOKING_WHICH_NO_SUCH.format(number=position, count=len(listed)))
            return self._which_chosen(user_id, booking, listed.index(chosen))
        hint = flow.slot_hint(text, self.slots.now().date())
        if hint is None:
            return self._which_question(booking, texts.BOOKING_WHICH_UNCLEAR)
        matches = [number for number, item in enumerate(listed) if hint.fits(item.slot_start.astimezone(self.slots.zone))]
        if len(matches) == 1:
            return self._which_chosen(user_id, booking, matches[0])
        reason = texts.BOOKING_WHICH_SEVERAL if matches else texts.BOOKING_WHICH_NONE
        return self._which_question(booking, reason.format(when=hint.label(), count=len(matches)))

    def _which_chosen(self, user_id: str, booking: dict, index: int) -> list[Reply]:
        """The booking at `index` of the question: its button's action, as if tapped."""
        action = self._which_buttons(booking, self._which_listed(booking))[index].action
        booking.clear()
        return self.on_action(user_id, booking, action)

    @staticmethod
    def _stops_choosing(booking: dict, text: str) -> bool:
        """"아니요", "됐어요", "그대로 둘게요"; "그만" too, and "취소" unless cancelling is what is being chosen."""
        if flow.is_bare_no(text) or flow.is_keep(text):
            return True
        return flow.is_cancel(text) and (booking["which"] != "cancel" or "취소" not in text)

    def _listed(self, upcoming: list[Booking]) -> list[str]:
        return [texts.BOOKING_MY_ITEM.format(
            number=number, when=self._when(item.slot_start), type=texts.BOOKING_TYPE_LABELS.get(item.consult_type, ""),
            topic=item.topic or texts.BOOKING_ERASED, status=texts.BOOKING_STATUS_LABELS[item.status],
        ) for number, item in enumerate(upcoming, start=1)]

    def next_booking(self, user_id: str) -> str | None:
        """The user's next active booking in one line, for the consultants' handoff card."""
        upcoming = self._upcoming(user_id)
        if not upcoming:
            return None
        item = upcoming[0]
        return texts.BOOKING_CARD_LINE.format(
            id=item.id, when=self._when(item.slot_start), type=texts.BOOKING_TYPE_LABELS.get(item.consult_type, ""),
            topic=item.topic or texts.BOOKING_ERASED, status=texts.BOOKING_STATUS_LABELS[item.status])

    def _ask_cancel(self, user_id: str, booking: dict, argument: str) -> list[Reply]:
        """"…예약을 취소할까요?" Unless a new booking is being made, a typed "네" or "아니요" answers it too
        (a reschedule or another cancel question in progress gives way to it)."""
        item = self._own_active(user_id, argument)
        if item is None:
            if booking.get("step") == flow.CANCELLING:  # ended meanwhile (by staff): nothing left to ask
                booking.clear()
            return [_reply(texts.BOOKING_NOT_ACTIVE)]
        if not is_active(booking) or booking["step"] in (flow.CANCELLING, flow.WHICH) or booking.get("reschedule"):
            booking.clear()
            booking.update(step=flow.CANCELLING, cancel=item.id, history=[])
        return [self._cancel_question(item)]

    def _cancel_question(self, item: Booking) -> Reply:
        buttons = (Button(f"{PREFIX}cy:{item.id}", texts.BOOKING_BUTTON_CANCEL_YES), Button(f"{PREFIX}cn", texts.BOOKING_BUTTON_CANCEL_NO))
        return _reply(texts.BOOKING_CANCEL_ASK.format(when=self._when(item.slot_start)), buttons)

    def _text_cancelling(self, user_id: str, booking: dict, text: str) -> list[Reply] | None:
        """A typed answer to "…예약을 취소할까요?"; None for a question (answered, then asked again)."""
        answer = flow.answers_cancel(text)
        if answer is None:
            return None
        return self._cancel_booking(user_id, booking, str(booking["cancel"])) if answer else self._keep_booking(booking)

    def _keep_booking(self, booking: dict) -> list[Reply]:
        if booking.get("step") == flow.CANCELLING:
            booking.clear()
        return [_reply(texts.BOOKING_CANCEL_KEPT)]

    def _cancel_booking(self, user_id: str, booking: dict, argument: str) -> list[Reply]:
        if booking.get("step") == flow.CANCELLING:
            booking.clear()
        item = self._own_active(user_id, argument)
        try:
            cancelled = self.store.set_status(item.id, "cancelled", self._now(), CANCELLED_NOTE) if item else None
        except NotActive:
            cancelled = None
        if cancelled is None:
            return [_reply(texts.BOOKING_NOT_ACTIVE)]
        log.info("booking_cancelled id=%d user=%s", cancelled.id, user_id)
        self.notifier.notify_change(cancelled.id, texts.BOOKING_STAFF_CUSTOMER_CANCELLED.format(**self._staff_fields(cancelled)))
        return [_reply(texts.BOOKING_CANCEL_DONE.format(when=self._when(cancelled.slot_start)))]

    def _start_reschedule(self, user_id: str, booking: dict, argument: str) -> list[Reply]:
        """bk:r:<id>, or bk:r:<id>:<when key> with a day/time named with the request (flow.TypedWhen)."""
        booking_id, _, when_key = argument.partition(":")
        item = self._own_active(user_id, booking_id)
        if item is None:
            return [_reply(texts.BOOKING_NOT_ACTIVE)]
        booking.clear()
        booking.update(step=flow.DAY, history=[], key=secrets.token_urlsafe(12), reschedule=item.id)
        started = texts.BOOKING_RESCHEDULE_START.format(when=self._when(item.slot_start))
        when = flow.TypedWhen.from_key(when_key) if when_key else None
        return self._reschedule_to(user_id, booking, item, when, started) if when else self._prompt(user_id, booking, prefix=started)

    def _reschedule_to(self, user_id: str, booking: dict, item: Booking, when: flow.TypedWhen, started: str) -> list[Reply]:
        """Read a day/time named with the request as if typed at the day step: a free slot moves the
        booking at once, as a tapped time does; a time alone stays on the booked day."""
        booked = item.slot_start.astimezone(self.slots.zone)
        if when.day is None:
            when = dataclasses.replace(when, day=booked.date())
        if when.at and datetime.combine(when.day, when.at, self.slots.zone) == booked:  # also a second tap of its button
            return self._end(booking, texts.BOOKING_RESCHEDULE_ALREADY.format(when=self._when(item.slot_start)))
        replies = self._when_chosen(user_id, booking, when)
        return _prefixed(replies, started) if is_active(booking) else replies

    def _booked_time_text(self, booking_id: int) -> str:
        item = self.store.get(booking_id)
        return texts.BOOKING_RESCHEDULE_NOW_AT.format(when=self._when(item.slot_start)) if item else texts.BOOKING_NOT_ACTIVE

    def _already_moved(self, booking_id: int) -> list[Reply]:
        item = self.store.get(booking_id)
        if item is None or not item.active:
            return [_reply(texts.BOOKING_NOT_ACTIVE)]
        return [_reply(texts.BOOKING_RESCHEDULE_ALREADY_DONE.format(when=self._when(item.slot_start)))]

    # --- privacy --------------------------------------------------------------------------

    def deletion_prompt(self) -> list[Reply]:
        """The confirmation step of /deletemydata (내 정보 삭제)."""
        buttons = (Button(f"{PREFIX}del:y", texts.BOOKING_BUTTON_DELETE_YES), Button(f"{PREFIX}del:n", texts.BOOKING_BUTTON_DELETE_NO))
        return [_reply(texts.BOOKING_DELETE_ASK, buttons, intent="delete_data")]

    def delete_user_data(self, user_id: str) -> int:
        """Cancel future bookings, erase name/phone/topic, withdraw consent, run the other erasers.

        Returns the number of bookings cancelled."""
        cancelled = self.store.erase_user(user_id, self._now())
        for erase in self._erasers:
            erase(user_id)
        for item in cancelled:  # the staff notices lose the name and phone too, when redrawn
            self.notifier.notify_change(item.id, texts.BOOKING_STAFF_CUSTOMER_ERASED.format(**self._staff_fields(item)))
        log.info("user_data_deleted user=%s cancelled=%d", user_id, len(cancelled))
        return len(cancelled)

    def purge_expired(self, now: datetime | None = None) -> int:
        """Erase personal data of bookings older than the retention period (a daily job)."""
        now = now or self._now()
        purged = self.store.purge_before(now - timedelta(days=self.settings.retention_days), now)
        log.info("bookings_purged count=%d", purged)
        return purged

    def _delete_answer(self, user_id: str, booking: dict, argument: str) -> list[Reply]:
        if argument != "y":
            return [_reply(texts.BOOKING_DELETE_KEPT, intent="delete_data")]
        booking.clear()
        cancelled = self.delete_user_data(user_id)
        text = texts.BOOKING_DELETE_DONE_WITH_CANCELLED.format(count=cancelled) if cancelled else texts.BOOKING_DELETE_DONE
        return [_reply(text, intent="delete_data")]

    # --- reminders and staff ----------------------------------------------------------------

    def due_reminders(self, now: datetime | None = None) -> list[tuple[str, Reply]]:
        """Reminders due now, each claimed (marked sent) before it is returned: send every one."""
        now = now or self._now()
        due = []
        for reminder in self.reminders.due(now):
            if not self.reminders.claim(reminder.id, now):
                continue  # another worker has it
            item = self.store.get(reminder.booking_id)
            due.append((reminder.user_id, self._reminder_reply(item, reminder.offset_minutes)))
        return due

    def staff_summary(self, period: Literal["day", "week"] = "day") -> str:
        # "week" looks ahead: on a Friday or a weekend, staff want the coming days, not the past ones.
        start = self._now().date()
        end = start + timedelta(days=1 if period == "day" else 7)
        items = self.list_bookings(start, end, ("requested", "confirmed"))
        lines = [texts.BOOKING_STAFF_SUMMARY_TITLE[period].format(count=len(items))]
        lines += [texts.BOOKING_STAFF_LINE.format(**self._staff_fields(item)) for item in items] or [texts.BOOKING_STAFF_EMPTY]
        return "\n".join(lines)

    def staff_notice(self, booking_id: int) -> Reply | None:
        """A booking's notice as it stands now (to redraw it), or None for an unknown booking."""
        item = self.store.get(booking_id)
        return self.staff.notice(item) if item else None

    def staff_action(self, action: str, staff_name: str = "") -> StaffOutcome:
        """A staff-chat button on a booking notice (bk:s?:<id>, see bot/booking/staff.py)."""
        return self.staff.act(action, staff_name)

    def list_bookings(self, start: date | None = None, end: date | None = None, statuses: tuple[str, ...] = ()) -> list[Booking]:
        """Bookings with a slot in [start, end) (days in the booking timezone), for staff."""
        return self.store.between(self._day_start(start), self._day_start(end), statuses)

    def ics(self, item: Booking, sequence: int = 0) -> ReplyFile:
        type_label = texts.BOOKING_TYPE_LABELS.get(item.consult_type, "")
        topic = item.topic or type_label
        event = CalendarEvent(
            uid=f"booking-{item.id}-{item.idempotency_key}@axbot", start=item.slot_start, minutes=item.slot_minutes,
            summary=texts.BOOKING_ICS_SUMMARY.format(topic=topic),
            description=texts.BOOKING_ICS_DESCRIPTION.format(type=type_label, topic=topic, id=item.id),
            location=texts.BOOKING_ICS_LOCATION, stamp=self._now(), sequence=sequence,
        )
        return ReplyFile(texts.BOOKING_ICS_FILE_NAME, to_ics(event), "text/calendar")

    # --- flow steps ----------------------------------------------------------------------

    def _flow_action(self, user_id: str, booking: dict, name: str, argument: str) -> list[Reply]:
        booking.pop("asked_stop", None)
        if booking["step"] == flow.CANCELLING:  # an old button of a flow that ended: the question stands
            return self._keep_booking(booking) if name == "x" else self._prompt(user_id, booking)
        if booking["step"] == flow.WHICH:
            return self._cancelled(user_id, booking) if name == "x" else self._prompt(user_id, booking)
        if name == "x":
            return self._cancelled(user_id, booking)
        if name == "b":
            return self._back(user_id, booking)
        if name == "go":  # "계속 예약하기" under "예약을 그만둘까요?"
            return self._prompt(user_id, booking)
        expected = {"ok": flow.CONSENT, "no": flow.CONSENT, "t": flow.TYPE, "p": flow.TOPIC, "d": flow.DAY,
                    "m": flow.DAY, "s": flow.TIME, "same": flow.NAME, "y": flow.CONFIRM, "e": flow.CONFIRM}
        if expected.get(name) != booking["step"]:
            # An old button from an earlier step: show where we are instead.
            return self._prompt(user_id, booking)
        handler = {"ok": self._consent_given, "no": self._consent_refused, "t": self._type_chosen, "p": self._topic_preset,
                   "d": self._day_chosen, "m": self._more_days, "s": self._slot_chosen, "same": self._same_contact,
                   "y": self._confirmed, "e": self._change_chosen}[name]
        return handler(user_id, booking, argument)

    def _consent_given(self, user_id: str, booking: dict, _: str = "") -> list[Reply]:
        self.store.grant_consent(user_id, self.settings.consent_version, self._now())
        return self._go(user_id, booking, self._after(booking, flow.CONSENT))

    def _consent_refused(self, user_id: str, booking: dict, _: str = "") -> list[Reply]:
        return self._end(booking, texts.BOOKING_CONSENT_REFUSED)

    def _type_chosen(self, user_id: str, booking: dict, consult_type: str) -> list[Reply]:
        if consult_type not in self.settings.consult_types:
            return self._prompt(user_id, booking)
        booking["type"] = consult_type
        return self._go(user_id, booking, flow.TOPIC)

    def _topic_preset(self, user_id: str, booking: dict, argument: str) -> list[Reply]:
        presets = self._topic_presets(booking)
        if not argument.isdigit() or int(argument) >= len(presets):
            return self._prompt(user_id, booking)
        booking["topic"] = presets[int(argument)]
        return self._topic_set(user_id, booking)

    def _day_chosen(self, user_id: str, booking: dict, argument: str) -> list[Reply]:
        try:
            day = datetime.strptime(argument, "%Y%m%d").date()
        except ValueError:
            return self._prompt(user_id, booking)
        if not self.slots.free_slots(self._taken(), day):
            return self._prompt(user_id, booking, prefix=self._day_problem_text(day))
        booking["day"] = argument
        return self._go(user_id, booking, flow.TIME)

    def _more_days(self, user_id: str, booking: dict, argument: str) -> list[Reply]:
        booking["page"] = int(argument) if argument.isdigit() else 0
        return self._prompt(user_id, booking)

    def _slot_chosen(self, user_id: str, booking: dict, key: str) -> list[Reply]:
        start = self.slots.parse_key(key)
        if start is None:
            return self._prompt(user_id, booking)  # not a key this bot made: show the step again
        taken = self._taken()
        if not self.slots.is_bookable(start, taken):
            return self._slot_unavailable(user_id, booking, start, taken)
        booking["slot"] = key
        if booking.get("reschedule"):
            return self._rescheduled(user_id, booking, start)
        return self._go(user_id, booking, self._after(booking, flow.TIME))

    def _same_contact(self, user_id: str, booking: dict, _: str = "") -> list[Reply]:
        contact = self.store.last_contact(user_id)
        if contact is None:
            return self._prompt(user_id, booking)
        booking["name"], booking["phone"] = contact
        booking.pop("fix", None)
        return self._go(user_id, booking, flow.CONFIRM)

    def _confirmed(self, user_id: str, booking: dict, _: str = "") -> list[Reply]:
        new = NewBooking(
            user_id=user_id, idempotency_key=booking["key"], consult_type=booking.get("type", "program"),
            slot_start=self.slots.parse_key(booking["slot"]), slot_minutes=self.slots.slot_minutes,
            contact_name=booking["name"], contact_phone=booking["phone"], topic=booking.get("topic"),
            vendor_id=booking.get("vendor"), vendor_name=booking.get("vendor_name"),
        )
        try:
            item, created = self.store.create(new, self.slots.capacity, self.settings.reminder_offsets_minutes, self._now())
        except SlotFull:
            booking.update(step=flow.DAY, history=[flow.TOPIC])
            booking.pop("slot", None)
            return self._prompt(user_id, booking, prefix=texts.BOOKING_SLOT_TAKEN)
        booking.clear()
        booking["done"] = item.id
        if created:
            log.info("booking_created id=%d user=%s type=%s", item.id, user_id, item.consult_type)
            notice = self.staff.notice(item)
            self.notifier.notify(notice.text, notice.buttons, booking_id=item.id)
        text = texts.BOOKING_DONE.format(when=self._when(item.slot_start), phone=item.contact_phone)
        return [Reply(text, (), self.ics(item), intent=INTENT)]

    def _rescheduled(self, user_id: str, booking: dict, start: datetime) -> list[Reply]:
        booking_id = booking["reschedule"]
        old = self.store.get(booking_id)
        try:
            item = self.store.reschedule(booking_id, start, self.slots.capacity, self.settings.reminder_offsets_minutes, self._now())
        except SlotFull:
            booking["step"] = flow.DAY
            return self._prompt(user_id, booking, prefix=texts.BOOKING_SLOT_TAKEN)
        except NotActive:
            return self._end(booking, texts.BOOKING_NOT_ACTIVE)
        booking.clear()
        booking["moved"] = item.id  # a second tap on the time says it has moved
        log.info("booking_rescheduled id=%d user=%s", item.id, user_id)
        fields = self._staff_fields(item)
        self.notifier.notify_change(item.id, texts.BOOKING_STAFF_CUSTOMER_RESCHEDULED.format(old=self._when(old.slot_start), **fields))
        sequence = len(self.store.history(item.id))
        return [Reply(texts.BOOKING_RESCHEDULE_DONE.format(when=self._when(item.slot_start)), (), self.ics(item, sequence), intent=INTENT)]

    # --- free text per step ----------------------------------------------------------------

    def _chosen_by_position(self, user_id: str, booking: dict, position: int) -> list[Reply]:
        """"1번이요", "두 번째 거요", "마지막 거" at a step of buttons (type, topic, day, time): the
        button at that place, as if tapped; past the end of the list, the step again saying so."""
        _, buttons = self._step_prompt(user_id, booking)
        choices = [button for button in buttons if button.action.removeprefix(PREFIX).partition(":")[0] in CHOICE_ACTIONS]
        chosen = flow.at_position(choices, position)
        if chosen is None:
            return self._prompt(user_id, booking, prefix=texts.BOOKING_NO_SUCH_CHOICE.format(number=position))
        name, _, argument = chosen.action.removeprefix(PREFIX).partition(":")
        return self._flow_action(user_id, booking, name, argument)

    def _text_consent(self, user_id: str, booking: dict, text: str) -> list[Reply] | None:
        """Yes ("네", "ㅇㅇ", "넵") or no; a day or time is kept for later, as at the topic step; a
        question or a request of its own goes to the assistant (None); anything else ("상담 예약하고
        싶어요" again, "아무거나", a name) hears in one line that consent comes first."""
        if flow.is_no(text):
            return self._consent_refused(user_id, booking)
        if flow.is_yes(text):
            return self._consent_given(user_id, booking)
        if flow.is_question(text) or flow.asks_something_else(text) and not self._names_a_time(text):
            return None
        found = flow.when_in_request(text, self.slots.now().date())
        if found:
            booking["when_text"] = found[0]
            return self._prompt(user_id, booking, prefix=texts.BOOKING_WHEN_KEPT_CONSENT.format(when=found[1].label()))
        return self._prompt(user_id, booking)

    def _text_type(self, user_id: str, booking: dict, text: str) -> list[Reply] | None:
        if flow.is_question(text):
            return None
        if any(word in text for word in ("기업", "업체", "솔루션", "로봇")):
            return self._type_chosen(user_id, booking, "vendor")
        if any(word in text for word in ("사업", "컨설턴트", "지원", "프로그램")):
            return self._type_chosen(user_id, booking, "program")
        return None

    def _text_topic(self, user_id: str, booking: dict, text: str) -> list[Reply] | None:
        if text and flow.is_question(text):
            return None
        if not flow.has_real_words(text):
            return self._prompt(user_id, booking, prefix=texts.BOOKING_TOPIC_UNCLEAR)  # "ㅁㄴㅇㄹ"
        if len(text) > flow.MAX_TOPIC_CHARS:
            return self._prompt(user_id, booking, prefix=texts.BOOKING_TOPIC_TOO_LONG.format(limit=flow.MAX_TOPIC_CHARS))
        if (rest := self._contact_typed_early(booking, text)) is not None:
            return self._contact_kept(user_id, booking, rest)
        if flow.says_no_topic(text):
            return self._prompt(user_id, booking)  # "주제 바꿀래요": the topic is what we are asking for
        presets = self._topic_presets(booking)
        if flow.says_only_when(text, self.slots.now().date()):
            return self._when_before_topic(user_id, booking, text, presets)
        preset = flow.preset_named(text, presets)
        booking["topic"] = text if preset is None else presets[preset]  # "카라반으로 할게요" is the 카라반 preset
        return self._topic_set(user_id, booking)

    def _contact_typed_early(self, booking: dict, text: str) -> str | None:
        """A phone number (and a name) typed before they are asked ("박영희 010-9876-5432" at the
        topic or time step): kept for the name step; returns what else was typed, None if no number."""
        if booking.get("reschedule"):
            return None  # a move asks for no contact
        phone, rest = flow.find_phone(text)
        if phone is None:
            return None
        booking["phone"] = phone
        if name := flow.validate_name(rest):
            booking["name"], rest = name, ""
        elif not booking.get("name"):
            booking["fix"] = "name"  # the phone is known: the name alone goes on to the summary
        return rest

    def _contact_kept(self, user_id: str, booking: dict, rest: str) -> list[Reply]:
        """Say the contact is kept; words typed beside it answer the step ("카라반 문의 010-…" at the topic)."""
        said = texts.BOOKING_CONTACT_KEPT
        if booking["step"] == flow.TOPIC and flow.has_real_words(rest) and not flow.says_no_topic(rest):
            return _prefixed(self._text_topic(user_id, booking, rest) or self._prompt(user_id, booking), said)
        return self._prompt(user_id, booking, prefix=said)

    def _when_before_topic(self, user_id: str, booking: dict, text: str, presets: tuple[str, ...]) -> list[Reply]:
        """A day or time typed where the topic is asked: the only preset (a vendor's) is the topic and
        the date is read at once; among several, the topic is asked and the date kept for after it."""
        if booking.get("topic") and booking.get("slot"):  # changing the topic from the summary: a new time instead
            booking["step"] = booking["history"].pop() if booking.get("history") else flow.CONFIRM
            return self._retimed(user_id, booking, text)
        booking["when_text"] = text
        if len(presets) != 1:
            return self._prompt(user_id, booking, prefix=texts.BOOKING_WHEN_KEPT_ASK_TOPIC)
        booking["topic"] = presets[0]
        return self._topic_set(user_id, booking)

    def _topic_set(self, user_id: str, booking: dict) -> list[Reply]:
        """On from the topic; a day or time typed before it was chosen is read as at the day step."""
        step = self._after(booking, flow.TOPIC)
        when_text = booking.pop("when_text", None)
        if step != flow.DAY or not when_text:
            return self._go(user_id, booking, step)
        booking["history"].append(booking["step"])
        booking["step"] = flow.DAY
        replies = self._text_when(user_id, booking, when_text) or self._prompt(user_id, booking)
        if booking.get("step") != flow.NAME or not booking.get("slot"):  # the summary says the time anyway
            return replies
        return _prefixed(replies, texts.BOOKING_WHEN_KEPT_FREE.format(when=flow.when_label(self.slots.parse_key(booking["slot"]))))

    def _text_when(self, user_id: str, booking: dict, text: str) -> list[Reply] | None:
        """A typed date and/or time: "다음주 화요일 오후 2시", "내일", or "3시" on the time step."""
        if (rest := self._contact_typed_early(booking, text)) is not None:
            return self._contact_kept(user_id, booking, rest)  # "강부장 010-3030-4040" at the time step
        if booking.get("reschedule") and flow.asks_booked_time(text):  # "예약 언제였죠"
            return self._prompt(user_id, booking, prefix=self._booked_time_text(booking["reschedule"]))
        today = self.slots.now().date()
        day, at = flow.parse_day(text, today), flow.parse_time(text)
        if day is None and (at is not None or not flow.is_question(text)):
            day = flow.parse_past_day(text, today)  # "어제 3시로": said to be past, never read as a day ahead
        bad_time = flow.impossible_time(text) if at is None else None  # "25시"
        if day is None and at is None and bad_time is None:
            if flow.asks_when(text):
                return self._prompt(user_id, booking, prefix=texts.BOOKING_OPEN_TIMES)  # "제일 빠른 날 언제예요?"
            if (edit := self._edit_mid_flow(user_id, booking, text)) is not None:
                return edit  # "예약 옮길 수 있어요?" while moving it: the step is the answer
            if flow.is_question(text):
                return None  # "2시 괜찮나요?" is an answer; "비용은 얼마예요?" is a question
        if day is None and at is None and bad_time is None and booking["step"] == flow.TIME:
            return self._prompt(user_id, booking, prefix=texts.BOOKING_NOT_UNDERSTOOD)  # never silently ignored
        if day is None and booking["step"] == flow.TIME:
            day = datetime.strptime(booking["day"], "%Y%m%d").date()
        if day is None and bad_time:
            return self._prompt(user_id, booking, prefix=self._bad_time_text(bad_time))
        if day is None:
            return self._prompt(user_id, booking, prefix=texts.BOOKING_NOT_UNDERSTOOD) if at or len(text) < 30 else None
        return self._when_chosen(user_id, booking, flow.TypedWhen(day, at, bad_time))

    def _when_chosen(self, user_id: str, booking: dict, when: flow.TypedWhen) -> list[Reply]:
        """A named day (its times), or a day and time (that slot, or why not and the nearest times)."""
        if when.at is None:
            replies = self._day_chosen(user_id, booking, when.day.strftime("%Y%m%d"))
            return _prefixed(replies, self._bad_time_text(when.bad_time)) if when.bad_time else replies
        return self._typed_slot(user_id, booking, datetime.combine(when.day, when.at, self.slots.zone))

    def _bad_time_text(self, typed: str) -> str:
        return texts.BOOKING_TIME_IMPOSSIBLE.format(typed=typed, hours=self._hours_label())

    def _typed_slot(self, user_id: str, booking: dict, start: datetime) -> list[Reply]:
        taken = self._taken()
        if not self.slots.is_bookable(start, taken):
            return self._slot_unavailable(user_id, booking, start, taken, just_now=False)
        if booking["step"] == flow.DAY:
            booking["history"].append(flow.DAY)
        booking.update(step=flow.TIME, day=start.strftime("%Y%m%d"))
        return self._slot_chosen(user_id, booking, start.strftime("%Y%m%d%H%M"))

    def _text_name(self, user_id: str, booking: dict, text: str) -> list[Reply] | None:
        phone, rest = flow.find_phone(text)
        if phone is None and (other := self._not_contact(user_id, booking, text)) is not None:
            return other or None
        name = flow.validate_name(rest)
        if name is None and phone and not flow.has_real_words(rest):  # the number alone: kept, the name asked
            booking.update(phone=phone, fix="name")
            return self._prompt(user_id, booking, prefix=texts.BOOKING_CONTACT_KEPT)
        if name is None:
            return self._prompt(user_id, booking, prefix=texts.BOOKING_NAME_ERROR)
        booking["name"] = name
        if phone:
            booking["phone"] = phone
        only_the_name_was_wrong = booking.pop("fix", None) == "name" and booking.get("phone")
        return self._go(user_id, booking, flow.CONFIRM if phone or only_the_name_was_wrong else flow.PHONE)

    def _text_phone(self, user_id: str, booking: dict, text: str) -> list[Reply] | None:
        phone, _ = flow.find_phone(text)
        phone = phone or flow.validate_phone(text)
        if phone is None and (other := self._not_contact(user_id, booking, text)) is not None:
            return other or None
        if phone is None:  # digits in a wrong shape, or words where a number was asked
            wrong = texts.BOOKING_PHONE_ERROR if any(char.isdigit() for char in text) else texts.BOOKING_PHONE_ASK_AGAIN
            return self._prompt(user_id, booking, prefix=wrong)
        booking["phone"] = phone
        return self._go(user_id, booking, flow.CONFIRM)

    def _not_contact(self, user_id: str, booking: dict, text: str) -> list[Reply] | None:
        """At the name and phone steps, what is not a name or number: a change ("날짜 바꿀래요",
        "예약 미룰게요") goes back to that step, a day or time ("12월 2일 오전 11시") changes the time
        and comes back; [] for a question (the assistant answers it); None: read as the answer."""
        if (edit := self._edit_mid_flow(user_id, booking, text)) is not None:
            return edit
        if flow.is_question(text) and flow.parse_time(text) is None:
            return []
        if self._names_a_time(text) and flow.validate_name(text) is None and booking.get("slot"):
            replies = self._retimed(user_id, booking, text)
            if booking.get("step") not in (flow.NAME, flow.PHONE, flow.CONFIRM):
                return replies  # not bookable: why, and times to pick
            return _prefixed(replies, texts.BOOKING_WHEN_KEPT_FREE.format(when=flow.when_label(self.slots.parse_key(booking["slot"]))))
        return None

    def _text_confirm(self, user_id: str, booking: dict, text: str) -> list[Reply] | None:
        """Yes books; a new contact, day or time replaces the old one; a change request goes back to
        that part; "수정할래요" or "아니요" asks which part. Anything else is a question."""
        name, phone = flow.corrected_contact(text)
        if name or phone:
            booking.update({key: value for key, value in (("name", name), ("phone", phone)) if value})
            return self._prompt(user_id, booking, prefix=texts.BOOKING_SUMMARY_UPDATED)
        parts = flow.change_request(text)
        if parts is None and flow.is_yes(text):
            return self._confirmed(user_id, booking)
        if parts is None and flow.is_question(text) and flow.parse_time(text) is None:
            return None  # "오늘 몇 시에 연락 오나요?" asks, it does not move the booking to today
        if self._names_a_time(text):
            return self._retimed(user_id, booking, text)
        presets = self._topic_presets(booking)
        if parts is not None and set(parts) <= {"topic"} and (preset := flow.preset_named(text, presets)) is not None:
            booking["topic"] = presets[preset]  # "카라반으로 바꿀래요"
            return self._prompt(user_id, booking, prefix=texts.BOOKING_SUMMARY_UPDATED)
        if parts and self._can_edit(booking, _edited_part(parts)):
            return self._edit(user_id, booking, _edited_part(parts))
        if parts is not None or flow.is_no(text):
            return self._ask_change(user_id, booking)
        return None

    def _names_a_time(self, text: str) -> bool:
        return flow.parse_day(text, self.slots.now().date()) is not None or flow.parse_time(text) is not None

    def _retimed(self, user_id: str, booking: dict, text: str) -> list[Reply]:
        """A day or time typed at the summary ("목요일 2시로 바꿔 주세요") or at the name or phone
        step, read as at the day step; a time alone stays on the booked day."""
        names_a_day = flow.parse_day(text, self.slots.now().date()) is not None
        booking["history"].append(booking["step"])
        booking.update(step=flow.DAY if names_a_day else flow.TIME, day=booking["slot"][:8])
        return self._text_when(user_id, booking, text) or self._prompt(user_id, booking)

    def _ask_change(self, user_id: str, booking: dict) -> list[Reply]:
        """Which part to change, offering only the steps this flow had (the type only if it was asked)."""
        parts = [part for part in texts.BOOKING_CHANGE_LABELS if self._can_edit(booking, part)]
        buttons = [Button(f"{PREFIX}e:{part}", texts.BOOKING_CHANGE_LABELS[part]) for part in parts]
        buttons += [Button(f"{PREFIX}y", texts.BOOKING_BUTTON_CONFIRM), Button(f"{PREFIX}x", texts.BOOKING_BUTTON_CANCEL)]
        return [_reply(texts.BOOKING_ASK_CHANGE, buttons)]

    def _change_chosen(self, user_id: str, booking: dict, part: str) -> list[Reply]:
        if part not in texts.BOOKING_CHANGE_LABELS or not self._can_edit(booking, part):  # bk:e: "내용 바꾸기"
            return self._ask_change(user_id, booking)
        return self._edit(user_id, booking, part)

    def _edit(self, user_id: str, booking: dict, part: str) -> list[Reply]:
        """Go back to the step of `part`; the steps after it are known, so the flow returns to the summary."""
        if part == "time":
            booking["day"] = booking["slot"][:8]
        if part == "name":
            booking["fix"] = "name"  # the phone was right: a name alone goes straight back to the summary
        return self._go(user_id, booking, EDIT_STEPS[part])

    def _edit_mid_flow(self, user_id: str, booking: dict, text: str) -> list[Reply] | None:
        """A change request typed at a later step ("날짜 바꿀래요" when asked for a name) goes back to
        that part; one about this step or none asks this step again. None: not a change request."""
        parts = flow.change_request(text)
        if parts is None:
            return None
        part = _edited_part(parts) if parts else None
        if part and self._can_edit(booking, part) and flow.STEPS.index(EDIT_STEPS[part]) < flow.STEPS.index(booking["step"]):
            return self._edit(user_id, booking, part)
        return self._prompt(user_id, booking)

    def _can_edit(self, booking: dict, part: str) -> bool:
        """Only a step this flow went through: no topic inside a reschedule, no type a vendor button set."""
        step, history = EDIT_STEPS[part], booking.get("history") or []
        return step in history or step == flow.PHONE and flow.NAME in history  # the phone may come with the name

    # --- stopping --------------------------------------------------------------------------

    def _ask_stop(self, booking: dict) -> list[Reply]:
        """A bare "아니요" where a choice is asked: ask, rather than guess, whether to stop."""
        booking["asked_stop"] = True
        if booking.get("reschedule"):  # "예약을 그만둘까요?" would sound like cancelling the booking
            buttons = (Button(f"{PREFIX}go", texts.BOOKING_BUTTON_CONTINUE_RESCHEDULE), Button(f"{PREFIX}x", texts.BOOKING_BUTTON_STOP_RESCHEDULE))
            return [_reply(texts.BOOKING_ASK_STOP_RESCHEDULE, buttons)]
        buttons = (Button(f"{PREFIX}go", texts.BOOKING_BUTTON_CONTINUE), Button(f"{PREFIX}x", texts.BOOKING_BUTTON_CANCEL))
        return [_reply(texts.BOOKING_ASK_STOP, buttons)]

    def _stop_answer(self, user_id: str, booking: dict, text: str) -> list[Reply] | None:
        """The answer to "예약을 그만둘까요?": yes stops, no or "계속" asks the step again; None: an answer to the step."""
        if flow.is_continue(text) or flow.is_bare_no(text):  # "네, 계속할게요" goes on
            return self._prompt(user_id, booking)
        if flow.is_yes(text):
            return self._cancelled(user_id, booking)
        return None

    def _cancelled(self, user_id: str, booking: dict) -> list[Reply]:
        """End the flow saying truly what stays: a reschedule keeps the booking, a given consent stays on record."""
        if booking.get("step") == flow.CANCELLING:  # /cancel under "취소할까요?": nothing is cancelled
            return self._keep_booking(booking)
        if booking.get("step") == flow.WHICH:
            return self._end(booking, texts.BOOKING_CANCEL_KEPT if booking["which"] == "cancel" else texts.BOOKING_RESCHEDULE_STOPPED)
        if booking.get("reschedule"):
            text = texts.BOOKING_RESCHEDULE_STOPPED
        elif self.store.has_consent(user_id, self.settings.consent_version):
            text = texts.BOOKING_FLOW_CANCELLED
        else:
            text = texts.BOOKING_FLOW_CANCELLED_NOTHING_KEPT
        return self._end(booking, text)

    def _slot_unavailable(self, user_id: str, booking: dict, start: datetime, taken: dict[datetime, int],
                          just_now: bool = True) -> list[Reply]:
        """Say why the time can't be booked, then offer that day's other times, or when it has none
        (a Sunday, a holiday, a past or full day) the times of the nearest day that has some.
        `just_now`: the time was tapped in a list shown free, so someone took it a moment ago."""
        problem = self.slots.slot_problem(start, taken)
        day = start.astimezone(self.slots.zone).date()
        closed = problem in ("out_of_range", "closed")
        reason = self._day_reason(day) if closed else self._slot_problem_text(problem, start, booking, just_now)
        if closed or not self.slots.free_slots(taken, day):
            day = self._nearest_free_day(day, taken)
            if day is None:  # no free slot at all: the day step ends the flow saying so
                booking["step"] = flow.DAY
                return self._prompt(user_id, booking, prefix=reason)
            reason = f"{reason} {texts.BOOKING_NEAREST_DAY.format(day=flow.day_label(day))}"
        if booking["step"] == flow.DAY:
            booking["history"].append(flow.DAY)
        booking.update(step=flow.TIME, day=day.strftime("%Y%m%d"))
        return self._prompt(user_id, booking, prefix=reason)

    def _nearest_free_day(self, day: date, taken: dict[datetime, int]) -> date | None:
        """The open day with a free slot closest to `day`, the later one on a tie."""
        return min(self.slots.free_days(taken), key=lambda free: (abs((free - day).days), free < day), default=None)

    def _slot_problem_text(self, problem: str | None, start: datetime, booking: dict, just_now: bool = True) -> str:
        if problem == "taken" and booking.get("reschedule") and self._is_current_slot(booking["reschedule"], start):
            return texts.BOOKING_RESCHEDULE_SAME_SLOT.format(when=flow.when_label(start))
        if problem == "taken":
            return texts.BOOKING_SLOT_TAKEN if just_now else texts.BOOKING_SLOT_ALREADY_TAKEN.format(when=flow.when_label(start))
        if problem == "outside_hours":  # "새벽 3시": say when consults happen
            return texts.BOOKING_OUTSIDE_HOURS.format(when=flow.when_label(start), hours=self._hours_label())
        return texts.BOOKING_SLOT_UNAVAILABLE.format(when=flow.when_label(start))

    def _hours_label(self) -> str:
        hours = self.settings.availability
        has_break = hours.break_start is not None and hours.break_end is not None
        template = texts.BOOKING_CONSULT_HOURS_WITH_BREAK if has_break else texts.BOOKING_CONSULT_HOURS
        return template.format(start=flow.time_label(hours.day_start), end=flow.time_label(hours.day_end))

    def _day_problem_text(self, day: date) -> str:
        return f"{self._day_reason(day)} {texts.BOOKING_PICK_ANOTHER_DAY}"

    def _day_reason(self, day: date) -> str:
        """Why no time of `day` can be offered: past, a holiday, not a consulting day, too far, or full."""
        problem = self.slots.day_problem(day) or "full"
        if day < self.slots.now().date():
            problem = "past"
        elif problem == "closed" and self.slots.closed_for_holiday(day):
            problem = "holiday"
        return texts.BOOKING_DAY_REASONS[problem].format(day=flow.day_label(day), days=self.settings.availability.horizon_days)

    # --- moving between steps --------------------------------------------------------------

    def _after(self, booking: dict, step: str) -> str:
        """The step after `step`, skipping what is already known."""
        if step == flow.CONSENT:
            return flow.TOPIC if booking.get("type") else flow.TYPE
        if step == flow.TOPIC:  # a topic changed from the summary goes straight back to it
            return flow.CONFIRM if all(booking.get(key) for key in ("slot", "name", "phone")) else flow.DAY
        if step == flow.TIME:  # a time changed at the name or phone step comes back there
            if booking.get("name") and booking.get("phone"):
                return flow.CONFIRM
            return flow.PHONE if booking.get("name") else flow.NAME
        return flow.STEPS[flow.STEPS.index(step) + 1]

    def _go(self, user_id: str, booking: dict, step: str) -> list[Reply]:
        booking["history"].append(booking["step"])
        booking["step"] = step
        booking.pop("page", None)
        return self._prompt(user_id, booking)

    def _back(self, user_id: str, booking: dict) -> list[Reply]:
        booking.pop("fix", None)
        history = booking.get("history") or []
        # Consent once given is not asked again; going back stops at the first real choice.
        while history and history[-1] == flow.CONSENT:
            history.pop()
        if not history:
            return self._prompt(user_id, booking)
        booking["step"] = history.pop()
        return self._prompt(user_id, booking)

    def _end(self, booking: dict, text: str) -> list[Reply]:
        booking.clear()
        return [_reply(text)]

    # --- prompts ---------------------------------------------------------------------------

    def _prompt(self, user_id: str, booking: dict, prefix: str = "") -> list[Reply]:
        if booking["step"] == flow.CANCELLING:
            return self._ask_cancel(user_id, booking, str(booking["cancel"]))
        if booking["step"] == flow.WHICH:
            return self._which_question(booking, prefix)
        text, buttons = self._step_prompt(user_id, booking)
        if text is None:  # nothing left to offer (no free slot at all)
            return self._end(booking, texts.BOOKING_NO_SLOTS)
        nav = [Button(f"{PREFIX}b", texts.BOOKING_BUTTON_BACK)] if booking.get("history") else []
        nav.append(Button(f"{PREFIX}x", texts.BOOKING_BUTTON_STOP_RESCHEDULE if booking.get("reschedule") else texts.BOOKING_BUTTON_CANCEL))
        return [_reply(f"{prefix}\n\n{text}" if prefix else text, [*buttons, *nav])]

    def _step_prompt(self, user_id: str, booking: dict) -> tuple[str | None, list[Button]]:
        """The current step's question and its own buttons (no 이전 / 그만두기)."""
        builders = {flow.CONSENT: self._consent_prompt, flow.TYPE: self._type_prompt, flow.TOPIC: self._topic_prompt,
                    flow.DAY: self._day_prompt, flow.TIME: self._time_prompt, flow.NAME: self._name_prompt,
                    flow.PHONE: self._phone_prompt, flow.CONFIRM: self._summary_prompt}
        return builders[booking["step"]](user_id, booking)

    def _consent_prompt(self, user_id: str, booking: dict) -> tuple[str, list[Button]]:
        """The whole consent text once; after that one line (the text is on screen above)."""
        shown = booking.get("consent_shown", False)
        booking["consent_shown"] = True
        text = texts.BOOKING_CONSENT_AGAIN if shown else texts.BOOKING_CONSENT.format(retention_days=self.settings.retention_days)
        return text, [Button(f"{PREFIX}ok", texts.BOOKING_BUTTON_AGREE), Button(f"{PREFIX}no", texts.BOOKING_BUTTON_DISAGREE)]

    def _type_prompt(self, user_id: str, booking: dict) -> tuple[str, list[Button]]:
        return texts.BOOKING_ASK_TYPE, [Button(f"{PREFIX}t:{kind}", texts.BOOKING_TYPE_LABELS[kind]) for kind in self.settings.consult_types]

    def _topic_prompt(self, user_id: str, booking: dict) -> tuple[str, list[Button]]:
        presets = self._topic_presets(booking)
        buttons = [Button(f"{PREFIX}p:{number}", label) for number, label in enumerate(presets)]
        if booking.get("vendor_name"):
            return texts.BOOKING_ASK_TOPIC_VENDOR.format(vendor=booking["vendor_name"]), buttons
        return texts.BOOKING_ASK_TOPIC, buttons

    def _day_prompt(self, user_id: str, booking: dict) -> tuple[str | None, list[Button]]:
        days = self.slots.free_days(self._taken())
        if not days:
            return None, []
        page, size = booking.get("page", 0), self.settings.days_shown
        shown = days[page * size:(page + 1) * size] or days[:size]
        buttons = [Button(f"{PREFIX}d:{day:%Y%m%d}", flow.day_label(day)) for day in shown]
        if len(days) > (page + 1) * size:
            buttons.append(Button(f"{PREFIX}m:{page + 1}", texts.BOOKING_BUTTON_MORE_DAYS))
        return texts.BOOKING_ASK_DAY, buttons

    def _time_prompt(self, user_id: str, booking: dict) -> tuple[str | None, list[Button]]:
        day = datetime.strptime(booking["day"], "%Y%m%d").date()
        free = self.slots.free_slots(self._taken(), day)
        if not free:
            booking["step"] = flow.DAY
            return self._day_prompt(user_id, booking)
        buttons = [Button(f"{PREFIX}s:{slot.key}", flow.time_label(slot.start)) for slot in free]
        return texts.BOOKING_ASK_TIME.format(day=flow.day_label(day)), buttons

    def _name_prompt(self, user_id: str, booking: dict) -> tuple[str, list[Button]]:
        contact = self.store.last_contact(user_id)
        if contact is None:
            return texts.BOOKING_ASK_NAME, []
        label = texts.BOOKING_BUTTON_SAME_CONTACT.format(name=contact[0], phone=flow.mask_phone(contact[1]))
        return texts.BOOKING_ASK_NAME, [Button(f"{PREFIX}same", label[:40])]

    def _phone_prompt(self, user_id: str, booking: dict) -> tuple[str, list[Button]]:
        return texts.BOOKING_ASK_PHONE.format(name=booking.get("name", "")), []

    def _summary_prompt(self, user_id: str, booking: dict) -> tuple[str, list[Button]]:
        text = texts.BOOKING_SUMMARY.format(
            type=texts.BOOKING_TYPE_LABELS.get(booking.get("type", "program"), ""), topic=booking.get("topic", ""),
            when=flow.when_label(self.slots.parse_key(booking["slot"])), minutes=self.slots.slot_minutes,
            name=booking["name"], phone=booking["phone"],
        )
        return text, [Button(f"{PREFIX}y", texts.BOOKING_BUTTON_CONFIRM), Button(f"{PREFIX}e", texts.BOOKING_BUTTON_CHANGE)]

    # --- helpers -------------------------------------------------------------------------

    def _topic_presets(self, booking: dict) -> tuple[str, ...]:
        if booking.get("vendor_name"):
            return (texts.BOOKING_TOPIC_VENDOR_DEFAULT.format(vendor=booking["vendor_name"]),)
        return texts.BOOKING_TOPIC_PRESETS_VENDOR if booking.get("type") == "vendor" else texts.BOOKING_TOPIC_PRESETS

    def _upcoming(self, user_id: str) -> list[Booking]:
        """Active bookings not yet over (an hour's grace: a consult running now still counts)."""
        return self.store.for_user(user_id, since=self._now() - timedelta(hours=1), active_only=True)

    def _taken(self) -> dict[datetime, int]:
        return self.store.taken(*self.slots.window())

    def _is_current_slot(self, booking_id: int, start: datetime) -> bool:
        item = self.store.get(booking_id)
        return item is not None and item.slot_start == start.astimezone(UTC)

    def _own_active(self, user_id: str, argument: str) -> Booking | None:
        item = self.store.get(int(argument)) if argument.isdigit() else None
        return item if item and item.user_id == user_id and item.active else None

    def _reminder_reply(self, item: Booking, offset_minutes: int) -> Reply:
        when = self._when(item.slot_start)
        if offset_minutes >= 12 * 60:
            text = texts.BOOKING_REMINDER_DAY.format(when=when, topic=item.topic or texts.BOOKING_ERASED)
        else:
            text = texts.BOOKING_REMINDER_SOON.format(minutes=offset_minutes, when=when)
        return _reply(text, [Button(f"{PREFIX}my", texts.BOOKING_MY_TITLE)], intent="reminder")

    def _staff_fields(self, item: Booking) -> dict:
        return self.staff.fields(item)

    def _when(self, moment: datetime) -> str:
        return flow.when_label(moment.astimezone(self.slots.zone))

    def _day_start(self, day: date | None) -> datetime | None:
        return datetime.combine(day, datetime.min.time(), self.slots.zone).astimezone(UTC) if day else None

    def _now(self) -> datetime:
        return self._clock().astimezone(UTC)


def _edited_part(parts: list[str]) -> str:
    """The part to change first (parts come in flow order): "이름이랑 번호" is the whole contact."""
    return "contact" if parts[:2] == ["name", "phone"] else parts[0]


def _prefixed(replies: list[Reply], prefix: str) -> list[Reply]:
    """The first reply with `prefix` said before it."""
    if not replies:
        return replies
    return [dataclasses.replace(replies[0], text=f"{prefix}\n\n{replies[0].text}"), *replies[1:]]


def _reply(text: str, buttons=(), intent: str = INTENT) -> Reply:
    return Reply(text, tuple(buttons), intent=intent)
