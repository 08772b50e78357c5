"""What crosses the channel boundary: one `Incoming` in, a list of `Reply` out.

Channel adapters (Telegram, console) translate their own objects to and from these types and
nothing else; the core never sees a channel object and never sends anything itself.
"""

from dataclasses import dataclass, field
from typing import Literal

Attachment = Literal["photo", "sticker", "voice", "video", "location", "document", "contact", "other"]

# Telegram's callback_data limit; the console and every other channel keep to it too.
MAX_ACTION_BYTES = 64


@dataclass(frozen=True)
class Incoming:
    """One thing a user did: typed text, a command, a pressed button, or sent something else."""

    user_id: str  # channel-qualified and stable: "tg:123456", "console:local"
    text: str = ""
    action: str | None = None  # the pressed button's action id
    command: str | None = None  # "start", "help", "book", "human", "mybookings", "deletemydata", "profile"
    attachment: Attachment | None = None
    edited: bool = False  # an edit of an earlier message
    display_name: str | None = None
    # For a press, the channel's id of the message carrying the button (Telegram's message id);
    # None where the channel has none (the console): such presses are never taken for a double tap.
    message_id: int | None = None



def split_command(text: str) -> tuple[str, str]:
    """"/book@axbot 내일 10시" → ("book", "내일 10시"): a typed command's name (lower-cased, the
    bot's @name dropped) and the words after it, which travel as its text, as if typed with the
    request. Every channel reads commands this way."""
    parts = text.strip()[1:].split(maxsplit=1)
    name = parts[0].split("@")[0].lower() if parts else ""
    return name, parts[1] if len(parts) > 1 else ""

@dataclass(frozen=True)
class Button:
    action: str  # at most MAX_ACTION_BYTES bytes of UTF-8
    label: str

    def __post_init__(self):
        if len(self.action.encode("utf-8")) > MAX_ACTION_BYTES:
            raise ValueError(f"button action over {MAX_ACTION_BYTES} bytes: {self.action!r}")


@dataclass(frozen=True)
class ReplyFile:
    name: str
    content: bytes
    mime_type: str


@dataclass(frozen=True)
class SourceRef:
    doc_id: str
    title: str
    section: str
    updated: str


# The intent of a reply to a button that no longer does anything: a channel may show it as a
# short notice instead of a message (Telegram: a toast, bot/tg/app.py).
STALE_INTENT = "stale_action"
# The intent of the reply to a second press of the same button on the same message moments after
# the first (a double tap): the first press was answered, so a channel shows it as a short notice
# and sends nothing (Telegram: a toast; the buttons stay as they are).
REPEATED_PRESS_INTENT = "repeated_press"


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[Button, ...] = ()
    file: ReplyFile | None = None
    # What the turn decided, for `axbot ask --json`, logs and tests; channels render only the above.
    intent: str | None = None
    confidence: float | None = None
    sources: tuple[SourceRef, ...] = ()
    vendors: tuple[str, ...] = field(default=())  # vendor doc ids proposed in this reply
