"""What the handoff service asks a channel to do: plain values, executed by bot/tg/staff.py."""

from dataclasses import dataclass

from bot.conversation import Attachment, Reply


@dataclass(frozen=True)
class StaffPost:
    """Post into the user's staff topic; the channel opens it (card first) when it does not exist."""

    user_id: str
    text: str
    attachment: Attachment | None = None  # also copy the user's current message (photo, document, ...)
    card: bool = False  # this post is the card itself
    number: int | None = None  # a new request's card: posted after the cards of earlier requests (ordering.py)


@dataclass(frozen=True)
class StaffNotice:
    """A note to one place in the staff group (the consultant who acted), never to a user."""

    chat_id: int
    thread_id: int | None
    text: str
    reply_to: int | None = None


@dataclass(frozen=True)
class UserDelivery:
    """A message to a user outside their own turn: a consultant's words, an end or an apology."""

    user_id: str
    reply: Reply
    copy_from: tuple[int, int] | None = None  # (chat id, message id) of a consultant's photo/document
    attachment: Attachment | None = None


StaffAction = StaffPost | StaffNotice | UserDelivery


@dataclass(frozen=True)
class HandoffResult:
    """`replies` go to the user who acted (the assistant returns them); `actions` to the channel."""

    replies: tuple[Reply, ...] = ()
    actions: tuple[StaffAction, ...] = ()
    handled: bool = True  # False: not for the handoff (e.g. the user chose booking), the assistant goes on


@dataclass(frozen=True)
class StaffMessage:
    """A consultant's message in the staff group, as the channel saw it."""

    chat_id: int
    message_id: int
    thread_id: int | None  # the forum topic; None in a group without topics or the General topic
    reply_to_message_id: int | None  # an explicit reply (not the topic's root)
    consultant_name: str
    text: str = ""
    attachment: Attachment | None = None
    edited: bool = False  # an edit of a message already relayed: the user is told it replaces it
