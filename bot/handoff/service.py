"""Human handoff: a user asks for a person, a consultant answers in the staff group, either side ends it.

Channel-free: methods return replies for the user who acted and `StaffAction`s for the channel
(bot/tg/staff.py executes them and reports failures back through `staff_unreachable` /
`user_unreachable`). State lives in the database, so a restart continues every handoff.
"""

import dataclasses
import logging
import re
import threading
from collections import defaultdict, deque
from collections.abc import Callable
from datetime import datetime, timedelta

from bot import actions as bot_actions
from bot import texts
from bot.conversation import Attachment, Button, Reply
from bot.handoff.actions import HandoffResult, StaffAction, StaffMessage, StaffNotice, StaffPost, UserDelivery
from bot.handoff.hours import OfficeHours
from bot.handoff.ordering import CardOrder
from bot.handoff.settings import HandoffSettings
from bot.handoff.store import Handoff, HandoffStore, StaffTopic
from bot.storage.database import Database
from bot.storage.profiles import ProfileStore
from bot.storage.tables import utc_now
from bot.storage.transcript import TranscriptStore
from bot.storage.users import UserStore

log = logging.getLogger(__name__)

END_ACTION = "handoff:end"
# What a user types to end the handoff, compared without spaces and punctuation.
# "상담 종료", "이제 상담 끝낼게요", "대화 그만할게요": the whole message says only that ("상담 끝나면
# 연락 주세요" is a message for the consultant).
END_PHRASE = re.compile(
    r"^(이제|그럼|그러면|네|넵|저|이만|그냥)*(상담원?|대화|채팅|연결|상담원연결)?(종료|끝|그만)"
    r"(할게요|할께요|할래요|해요|해주세요|해줘요?|낼게요|낼께요|낼래요|내요|내주세요|내줘요?|합니다|하겠습니다|할게|낼게|요)?$"
)
# The reply that tells the user their handoff is over: the channel takes the handoff's buttons
# (상담 종료, 상담 예약) off the earlier messages, so an ended handoff leaves nothing to press.
ENDED_INTENT = "handoff_ended"
END_COMMANDS = frozenset({"cancel", "end"})
# The user chose to book instead of waiting: the handoff ends and the assistant runs the booking.
BOOKING_ACTIONS = frozenset({bot_actions.BOOK})
CARD_LINE_CHARS = 300
CARD_MAX_CHARS = 3900  # under Telegram's 4096, with room for the footer
CAPTION_MAX_CHARS = 1000
TOPIC_TITLE_MAX_CHARS = 120
FAILURE_WINDOW = timedelta(hours=24)
# A user's message relayed this long after it was sent says when it was sent (late_note).
LATE_RELAY = timedelta(minutes=1)
Bookings = Callable[[str], str | None]


class HandoffService:
    def __init__(
        self, database: Database, settings: HandoffSettings, *,
        bookings: Bookings | None = None, clock: Callable[[], datetime] = utc_now,
    ):
        self.settings = settings
        self.store = HandoffStore(database)
        self._hours = OfficeHours(settings)
        self._profiles, self._users, self._transcript = ProfileStore(database), UserStore(database), TranscriptStore(database)
        self._bookings = bookings
        self._clock = clock
        # Actions from the assistant's turns, picked up by the channel right after the turn.
        self._outbox: dict[str, deque[StaffAction]] = defaultdict(deque)
        self._outbox_lock = threading.Lock()
        self.card_order = CardOrder()

    # --- the user's side (called by the assistant) ---------------------------------------

    def is_active(self, user_id: str) -> bool:
        """A handoff is waiting or active: the assistant passes every message to `user_message`."""
        return self.store.open_for(user_id) is not None

    def request(self, user_id: str, reason: str = "user_request") -> HandoffResult:
        """Ask for a consultant: the user is told what happens next, the staff group gets the card."""
        if self.settings.staff_chat_id is None:
            log.warning("handoff_failed user=%s problem=not_configured", user_id)
            return HandoffResult(replies=(_booking_reply(texts.HANDOFF_NOT_CONFIGURED),))
        now = self._clock()
        handoff, created = self.store.create(user_id, (reason or "user_request")[:200], now)
        if not created:
            self.store.touch(handoff.id, now)
            text = texts.HANDOFF_ALREADY_ACTIVE if handoff.status == "active" else texts.HANDOFF_ALREADY_REQUESTED
            return self._queued(user_id, (Reply(text, (_end_button(),), intent="human"),), (StaffPost(user_id, texts.HANDOFF_CARD_AGAIN),))
        self.card_order.expect(handoff.id)  # at once: a later request must not overtake this card
        log.info("handoff_requested user=%s handoff=%d reason=%s", user_id, handoff.id, handoff.reason)
        card = dataclasses.replace(self.card_post(user_id), number=handoff.id)
        return self._queued(user_id, (self._requested_reply(now),), (card,))

    def user_message(
        self, user_id: str, text: str = "", attachment: Attachment | None = None,
        action: str | None = None, command: str | None = None, edited: bool = False,
    ) -> HandoffResult:
        """A message during a handoff: relayed to the topic, never answered by the bot."""
        handoff = self.store.open_for(user_id)
        if handoff is None:
            return HandoffResult(handled=False)
        if action == END_ACTION or command in END_COMMANDS or is_end_phrase(text):
            return self.end_by_user(user_id)
        if action in BOOKING_ACTIONS or command == "book":
            if handoff.taken_by is not None:  # an old button must not cut a consultant off mid-conversation
                return HandoffResult(replies=(Reply(texts.HANDOFF_BOOKING_DURING, (_end_button(),), intent="human"),))
            return self._switch_to_booking(handoff)
        if command == "human":
            return self.request(user_id, handoff.reason)
        if command == "deletemydata":  # erasing would cut the consultant off mid-sentence: end first
            return HandoffResult(replies=(Reply(texts.HANDOFF_DELETE_DURING, (_end_button(),), intent="human"),))
        if action or command:
            return HandoffResult(replies=(Reply(texts.HANDOFF_COMMANDS_DURING, (_end_button(),), intent="human"),))
        self.store.touch(handoff.id, self._clock())
        return self._queued(user_id, (), (self._relay_post(user_id, text, attachment, edited),))

    def end_by_user(self, user_id: str) -> HandoffResult:
        handoff = self.store.open_for(user_id)
        if handoff is None or not self._close(handoff, "user"):
            return HandoffResult(replies=(Reply(texts.HANDOFF_NOT_ACTIVE, intent="human"),))
        reply = Reply(texts.HANDOFF_ENDED_FOR_USER, intent=ENDED_INTENT)
        return self._queued(user_id, (reply,), (StaffPost(user_id, texts.HANDOFF_STAFF_ENDED_BY_USER),))

    def take_actions(self, user_id: str) -> list[StaffAction]:
        """The staff actions queued by this user's turns, oldest first (the channel sends them)."""
        with self._outbox_lock:
            queued = self._outbox.pop(user_id, deque())
        return list(queued)

    # --- the consultants' side (called by the staff channel) ------------------------------

    def consultant_message(self, message: StaffMessage) -> list[StaffAction]:
        """A consultant's message: delivered to the user, marked as theirs; the first one takes the handoff."""
        user_id = self._user_for(message)
        if user_id is None:
            # Written in a topic no user belongs to (e.g. after /deletemydata): say it went nowhere.
            # Chat in the group's General area is the consultants' own and is left alone.
            in_foreign_topic = message.chat_id == self.settings.staff_chat_id and message.thread_id is not None
            return [self._notice(message, texts.HANDOFF_STAFF_UNKNOWN_TOPIC)] if in_foreign_topic else []
        handoff = self.store.open_for(user_id)
        if handoff is None:
            return [self._notice(message, texts.HANDOFF_STAFF_NOT_OPEN)]
        name = _consultant_name(message.consultant_name)
        now = self._clock()
        out: list[StaffAction] = []
        if handoff.status == "waiting" and self.store.take(handoff.id, name, now):
            log.info("handoff_taken user=%s handoff=%d", user_id, handoff.id)
            out.append(self._notice(message, texts.HANDOFF_STAFF_TAKEN.format(name=name)))
        self.store.touch(handoff.id, now)
        self._transcript.append(user_id, "consultant", f"{name}: {message.text or _describe(message.attachment)}")
        return [self._to_user(user_id, message, name), *out]

    def end_from_staff(self, message: StaffMessage) -> list[StaffAction]:
        """/end in a user's topic (or as a reply in a group without topics)."""
        user_id = self._user_for(message)
        if user_id is None:
            return [self._notice(message, texts.HANDOFF_STAFF_END_WHERE)]
        handoff = self.store.open_for(user_id)
        name = _consultant_name(message.consultant_name)
        if handoff is None or not self._close(handoff, f"staff:{name}"):
            return [self._notice(message, texts.HANDOFF_STAFF_NOTHING_TO_END)]
        return [
            UserDelivery(user_id, Reply(texts.HANDOFF_ENDED_FOR_USER, intent=ENDED_INTENT)),
            self._notice(message, texts.HANDOFF_STAFF_ENDED_BY_STAFF.format(name=name)),
        ]

    def expire_idle(self, now: datetime | None = None) -> list[StaffAction]:
        """End active handoffs idle for too long and requests nobody took in time; both sides told."""
        now = now or self._clock()
        out: list[StaffAction] = []
        for handoff in self.store.open_handoffs():
            if handoff.status == "active" and now - handoff.last_activity_at >= self._idle_timeout:
                out += self._expire(handoff, "idle", texts.HANDOFF_IDLE_FOR_USER, texts.HANDOFF_STAFF_ENDED_IDLE, self._idle_minutes)
            elif handoff.status == "waiting" and now >= self._waiting_deadline(handoff):
                out += self._expire(handoff, "unanswered", texts.HANDOFF_UNANSWERED, texts.HANDOFF_STAFF_UNANSWERED, self._waiting_minutes)
        return out

    def queue(self, now: datetime | None = None) -> str:
        """/queue: waiting and active handoffs, who took each, and recent failures."""
        now = now or self._clock()
        open_ = self.store.open_handoffs()
        failed = self.store.failures_since(now - FAILURE_WINDOW)
        waiting = [h for h in open_ if h.status == "waiting"]
        active = [h for h in open_ if h.status == "active"]
        if not (waiting or active or failed):
            return texts.HANDOFF_QUEUE_EMPTY
        lines = [texts.HANDOFF_QUEUE_WAITING.format(count=len(waiting))]
        lines += [texts.HANDOFF_QUEUE_WAITING_ITEM.format(name=self._name(h.user_id), minutes=_minutes(now - h.requested_at), reason=_reason(h.reason)) for h in waiting]
        lines.append(texts.HANDOFF_QUEUE_ACTIVE.format(count=len(active)))
        lines += [
            texts.HANDOFF_QUEUE_ACTIVE_ITEM.format(name=self._name(h.user_id), consultant=h.taken_by, minutes=_minutes(now - h.last_activity_at))
            for h in active
        ]
        if failed:
            lines.append(texts.HANDOFF_QUEUE_FAILED.format(count=len(failed)))
            lines += [texts.HANDOFF_QUEUE_FAILED_ITEM.format(name=self._name(h.user_id), failure=_problem(h.failure)) for h in failed]
        return "\n".join(lines)

    # --- hooks for the channel executing StaffActions --------------------------------------

    def topic_for(self, user_id: str) -> StaffTopic | None:
        if self.settings.staff_chat_id is None:
            return None
        return self.store.topic_for(user_id, self.settings.staff_chat_id)

    def topic_opened(self, user_id: str, chat_id: int, thread_id: int | None) -> None:
        self.store.save_topic(user_id, chat_id, thread_id, self._clock())

    def topic_lost(self, user_id: str) -> None:
        """The topic was deleted in the app: forget it, so the next post creates a new one."""
        log.warning("handoff_topic_lost user=%s", user_id)
        self.store.forget_topic(user_id)

    def relayed(self, chat_id: int, message_id: int, user_id: str) -> None:
        """A message posted for this user in a group without topics: consultants reply to it."""
        self.store.remember_relay(chat_id, message_id, user_id, self._clock())

    def topic_title(self, user_id: str) -> str:
        profile = self._profiles.get(user_id)
        name = self._name(user_id)
        if profile and profile.company_name:
            title = texts.HANDOFF_TOPIC_TITLE_COMPANY.format(name=name, company=profile.company_name)
        else:
            title = texts.HANDOFF_TOPIC_TITLE.format(name=name)
        return " ".join(title.split())[:TOPIC_TITLE_MAX_CHARS] or texts.HANDOFF_UNKNOWN_NAME

    def card_post(self, user_id: str) -> StaffPost:
        """The card that opens the topic: who, which company, why, any booking, the last messages."""
        handoff = self.store.open_for(user_id)
        lines = [texts.HANDOFF_CARD_TITLE.format(number=handoff.id if handoff else "-")]
        lines.append(texts.HANDOFF_CARD_CUSTOMER.format(name=self._name(user_id), user_id=user_id))
        lines += self._profile_lines(user_id)
        if handoff:
            lines.append(texts.HANDOFF_CARD_REASON.format(reason=_reason(handoff.reason)))
            lines += self._off_hours_line(handoff)
        lines += self._booking_lines(user_id)
        lines += self._transcript_lines(user_id)
        body = "\n".join(lines)[:CARD_MAX_CHARS]
        return StaffPost(user_id, body, card=True)

    def late_note(self, sent_at: datetime, relayed_at: datetime) -> str | None:
        """For a user's message relayed a minute or more after it was sent (it waited while the bot
        was stopped): when it was sent, so consultants can place it among their own replies."""
        if relayed_at - sent_at < LATE_RELAY:
            return None
        return texts.HANDOFF_STAFF_SENT_LATE.format(when=format_when(sent_at.astimezone(self._hours.zone)))

    def card_footer(self, forum: bool) -> str:
        return texts.HANDOFF_CARD_FOOTER if forum else texts.HANDOFF_CARD_FOOTER_REPLY

    def staff_unreachable(self, user_id: str, problem: str) -> list[StaffAction]:
        """Posting to the staff group failed: the handoff fails and the user is told, with a booking."""
        log.error("handoff_failed user=%s problem=%s", user_id, problem)
        handoff = self.store.open_for(user_id)
        if handoff is None or not self._close(handoff, "failure", failure=problem):
            return []
        text = texts.HANDOFF_STAFF_UNREACHABLE if handoff.status == "waiting" else texts.HANDOFF_RELAY_FAILED
        return [UserDelivery(user_id, _booking_reply(text, ENDED_INTENT))]

    def user_unreachable(self, user_id: str, problem: str) -> list[StaffAction]:
        """A consultant's message could not reach the user (e.g. they blocked the bot): staff are told."""
        log.warning("handoff_user_unreachable user=%s problem=%s", user_id, problem)
        handoff = self.store.open_for(user_id)
        if handoff is not None:
            self._close(handoff, "failure", failure=problem)
        return [StaffPost(user_id, texts.HANDOFF_STAFF_DELIVERY_FAILED.format(problem=_problem(problem)))]

    def delete_user_data(self, user_id: str) -> None:
        self.store.delete_user_data(user_id)

    # --- internals -------------------------------------------------------------------------

    @property
    def _idle_timeout(self) -> timedelta:
        return timedelta(minutes=self.settings.idle_timeout_minutes)

    @property
    def _idle_minutes(self) -> int:
        return self.settings.idle_timeout_minutes

    @property
    def _waiting_minutes(self) -> int:
        return self.settings.waiting_timeout_minutes

    def _waiting_deadline(self, handoff: Handoff) -> datetime:
        # A request left at night is due at the next opening, not while everyone sleeps.
        return self._hours.next_opening(handoff.requested_at) + timedelta(minutes=self._waiting_minutes)

    def _expire(self, handoff: Handoff, by: str, user_text: str, staff_text: str, minutes: int) -> list[StaffAction]:
        if not self._close(handoff, by):
            return []
        log.info("handoff_expired user=%s handoff=%d by=%s", handoff.user_id, handoff.id, by)
        text = user_text.format(minutes=minutes)
        user_reply = _booking_reply(text, ENDED_INTENT) if by == "unanswered" else Reply(text, intent=ENDED_INTENT)
        return [UserDelivery(handoff.user_id, user_reply), StaffPost(handoff.user_id, staff_text.format(minutes=minutes))]

    def _close(self, handoff: Handoff, by: str, failure: str | None = None) -> bool:
        closed = self.store.close(handoff.id, by, self._clock(), failure=failure)
        if closed:
            log.info("handoff_ended user=%s handoff=%d by=%s", handoff.user_id, handoff.id, by)
        return closed

    def _switch_to_booking(self, handoff: Handoff) -> HandoffResult:
        """No consultant has answered yet and the user would rather book: the request is withdrawn,
        the user is told so, and the assistant goes on with the booking (not handled here)."""
        self._close(handoff, "booking")
        notice = Reply(texts.HANDOFF_SWITCHED_TO_BOOKING, intent=ENDED_INTENT)
        return self._queued(handoff.user_id, (notice,), (StaffPost(handoff.user_id, texts.HANDOFF_STAFF_SWITCHED_TO_BOOKING),), handled=False)

    def _queued(self, user_id: str, replies: tuple[Reply, ...], staff: tuple[StaffAction, ...], handled: bool = True) -> HandoffResult:
        with self._outbox_lock:
            self._outbox[user_id].extend(staff)
        return HandoffResult(replies=replies, actions=staff, handled=handled)

    def _requested_reply(self, now: datetime) -> Reply:
        if self._hours.is_open(now):
            text = texts.HANDOFF_REQUESTED.format(minutes=self.settings.expected_response_minutes)
            return Reply(text, (_end_button(),), intent="human")
        when = format_when(self._hours.next_opening(now))
        return Reply(texts.HANDOFF_REQUESTED_OFF_HOURS.format(when=when), (_book_button(), _end_button()), intent="human")

    def _relay_post(self, user_id: str, text: str, attachment: Attachment | None, edited: bool = False) -> StaffPost:
        name = self._name(user_id)
        clean = (text or "").strip()  # whole and with its line breaks: the channel splits long posts
        if attachment:
            header = texts.HANDOFF_STAFF_USER_ATTACHMENT.format(name=name, what=_describe(attachment))
            return StaffPost(user_id, f"{header} {clean}"[:CAPTION_MAX_CHARS].strip(), attachment=attachment)
        name += texts.HANDOFF_EDITED_MARK if edited else ""
        return StaffPost(user_id, f"{texts.HANDOFF_STAFF_USER_PREFIX.format(name=name)}\n{clean or '…'}")

    def _to_user(self, user_id: str, message: StaffMessage, name: str) -> UserDelivery:
        prefix = texts.HANDOFF_CONSULTANT_PREFIX.format(name=name + (texts.HANDOFF_EDITED_MARK if message.edited else ""))
        if message.attachment:
            caption = f"{prefix} {message.text}".strip()[:CAPTION_MAX_CHARS]
            return UserDelivery(user_id, Reply(caption, intent="human"), copy_from=(message.chat_id, message.message_id), attachment=message.attachment)
        return UserDelivery(user_id, Reply(f"{prefix}\n{message.text}", intent="human"))  # split when sent

    def _user_for(self, message: StaffMessage) -> str | None:
        if message.chat_id != self.settings.staff_chat_id:
            return None
        if message.thread_id is not None:
            user_id = self.store.user_for_thread(message.chat_id, message.thread_id)
            if user_id:
                return user_id
        if message.reply_to_message_id is not None:
            return self.store.user_for_message(message.chat_id, message.reply_to_message_id)
        return None

    def _notice(self, message: StaffMessage, text: str) -> StaffNotice:
        # Where the consultant wrote: their topic, or as a reply in a group without topics.
        reply_to = message.message_id if message.thread_id is None else None
        return StaffNotice(message.chat_id, message.thread_id, text, reply_to=reply_to)

    def _name(self, user_id: str) -> str:
        user = self._users.get(user_id)
        name = " ".join((user.display_name or "").split()) if user else ""
        return name[:60] or texts.HANDOFF_UNKNOWN_NAME

    def _profile_lines(self, user_id: str) -> list[str]:
        profile = self._profiles.get(user_id)
        if profile is None:
            return [texts.HANDOFF_CARD_NO_PROFILE]
        employees = texts.HANDOFF_CARD_EMPLOYEES.format(count=profile.employees) if profile.employees is not None else None
        parts = [p for p in (profile.company_name, profile.industry, profile.region, profile.complex_name, employees) if p]
        lines = [texts.HANDOFF_CARD_COMPANY.format(company=" · ".join(parts))] if parts else [texts.HANDOFF_CARD_NO_PROFILE]
        if profile.interest:
            lines.append(texts.HANDOFF_CARD_INTEREST.format(interest=profile.interest[:CARD_LINE_CHARS]))
        return lines

    def _off_hours_line(self, handoff: Handoff) -> list[str]:
        if self._hours.is_open(handoff.requested_at):
            return []
        return [texts.HANDOFF_CARD_OFF_HOURS.format(when=format_when(self._hours.next_opening(handoff.requested_at)))]

    def _booking_lines(self, user_id: str) -> list[str]:
        if self._bookings is None:
            return []
        try:
            booking = self._bookings(user_id)
        except Exception:  # the card still goes out without it: a booking bug must not block a handoff
            log.exception("handoff_card_booking_failed user=%s", user_id)
            return []
        return [texts.HANDOFF_CARD_BOOKING.format(booking=booking[:CARD_LINE_CHARS])] if booking else []

    def _transcript_lines(self, user_id: str) -> list[str]:
        lines = self._transcript.recent(user_id, self.settings.card_transcript_lines)
        if not lines:
            return [texts.HANDOFF_CARD_NO_TRANSCRIPT]
        icons = texts.HANDOFF_CARD_ROLES
        return [texts.HANDOFF_CARD_TRANSCRIPT] + [f"{icons.get(line.role, '')} {_one_line(line.text)}" for line in lines]


def format_when(moment: datetime) -> str:
    """'10월 10일(금) 오전 9시' in the moment's own time zone."""
    hour12 = moment.hour % 12 or 12
    minute = texts.HANDOFF_MINUTE.format(minute=moment.minute) if moment.minute else ""
    return texts.HANDOFF_WHEN.format(
        month=moment.month, day=moment.day, weekday=texts.HANDOFF_WEEKDAYS[moment.weekday()],
        ampm=texts.HANDOFF_AM if moment.hour < 12 else texts.HANDOFF_PM, hour=hour12, minute=minute,
    )


def is_end_phrase(text: str) -> bool:
    """"상담 종료" and its variants, however spaced or punctuated."""
    compact = re.sub(r"[\W_]+", "", text or "")
    return bool(END_PHRASE.match(compact)) and compact not in ("그만", "끝")  # a bare word may be about anything


def _end_button() -> Button:
    return Button(END_ACTION, texts.HANDOFF_BUTTON_END)


def _book_button() -> Button:
    return Button(bot_actions.BOOK, texts.BUTTON_BOOK)


def _booking_reply(text: str, intent: str = "human") -> Reply:
    return Reply(text, (_book_button(), Button(bot_actions.MENU, texts.BUTTON_MENU)), intent=intent)


def _consultant_name(name: str) -> str:
    return " ".join((name or "").split())[:40] or texts.HANDOFF_CONSULTANT_DEFAULT_NAME


def _describe(attachment: Attachment | None) -> str:
    return texts.HANDOFF_ATTACHMENT_NAMES.get(attachment or "other", texts.HANDOFF_ATTACHMENT_NAMES["other"])


def _reason(reason: str) -> str:
    return texts.HANDOFF_REASONS.get(reason, reason)


def _problem(problem: str | None) -> str:
    return texts.HANDOFF_PROBLEMS.get(problem or "", problem or "")


def _minutes(delta: timedelta) -> int:
    return max(int(delta.total_seconds() // 60), 0)


def _one_line(text: str) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= CARD_LINE_CHARS else flat[: CARD_LINE_CHARS - 1] + "…"
