"""Which of a user's messages still show live buttons, as far as this process has seen.

Two questions need it. After a stale button press (the assistant answers `intent=STALE_INTENT`),
should the menu be sent again: the press gets a toast and its dead buttons are taken off, and a
new menu message goes out only when the user would otherwise be left with no buttons, i.e. the
pressed message was their newest keyboard (and not one we had already taken off: a double tap), or
nothing recent is known about the chat (a restart, another worker, a quiet hour). And when a
handoff ends, which messages carry its 상담 종료 / 상담 예약 buttons, to take them off. Kept in
memory and forgotten on restart; both answers then fall back to the safe side (send the menu; old
handoff buttons stay, and pressing one is a stale press).
"""

import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from bot.handoff import END_ACTION

KEYBOARDS_KEY = "live_keyboards"
MAX_CHATS = 50_000  # a few ints per chat; the least recently active are forgotten first
QUIET_S = 30 * 60  # after this long without a message from us, a stale press gets the menu again
REMEMBERED_REMOVALS = 20


@dataclass
class _Chat:
    last_sent_at: float
    newest: int | None = None  # the newest message sent with buttons
    handoff: list[int] = field(default_factory=list)  # messages with the handoff's 상담 종료 button
    removed: deque[int] = field(default_factory=lambda: deque(maxlen=REMEMBERED_REMOVALS))


class LiveKeyboards:
    def __init__(self, max_chats: int = MAX_CHATS, clock: Callable[[], float] = time.monotonic):
        self._chats: OrderedDict[int, _Chat] = OrderedDict()
        self._max_chats = max_chats
        self._clock = clock

    def sent(self, chat_id: int, message_id: int, actions: Iterable[str] = ()) -> None:
        """A message went out to the chat, with these buttons (none: only the time is noted)."""
        chat = self._chats.pop(chat_id, None) or _Chat(self._clock())
        self._chats[chat_id] = chat
        chat.last_sent_at = self._clock()
        actions = tuple(actions)
        if actions:
            chat.newest = max(message_id, chat.newest or 0)
        if END_ACTION in actions:
            chat.handoff.append(message_id)
        while len(self._chats) > self._max_chats:
            self._chats.popitem(last=False)

    def removed(self, chat_id: int, message_id: int) -> None:
        chat = self._chats.get(chat_id)
        if chat is not None and message_id not in chat.removed:
            chat.removed.append(message_id)

    def take_handoff(self, chat_id: int, also: int | None = None) -> list[int]:
        """The messages whose handoff buttons should go now that the handoff is over (and `also`, the
        pressed one, which a restart may have left unknown), each once."""
        chat = self._chats.get(chat_id)
        taken = chat.handoff if chat else []
        if chat:
            chat.handoff = []
        if also is not None and also not in taken:
            taken.append(also)
        return [message_id for message_id in taken if chat is None or message_id not in chat.removed]

    def needs_menu(self, chat_id: int, pressed: int | None) -> bool:
        """After a stale press on `pressed` (None: Telegram did not say which message)."""
        chat = self._chats.get(chat_id)
        if chat is None or pressed is None or self._clock() - chat.last_sent_at >= QUIET_S:
            return True
        if pressed in chat.removed:
            return False  # a second tap on buttons already taken off
        return chat.newest is None or pressed >= chat.newest
