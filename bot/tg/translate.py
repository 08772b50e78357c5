"""Telegram updates to `Incoming`: the one place that knows both shapes."""

from telegram import Message, Update

from bot.conversation import Attachment, Incoming, split_command

KNOWN_COMMANDS = ("start", "help", "book", "human", "mybookings", "deletemydata", "profile", "cancel", "end")
_ATTACHMENT_FIELDS: tuple[tuple[str, Attachment], ...] = (
    ("photo", "photo"), ("sticker", "sticker"), ("voice", "voice"), ("audio", "voice"), ("video", "video"),
    ("video_note", "video"), ("animation", "video"), ("location", "location"), ("venue", "location"),
    ("document", "document"), ("contact", "contact"),
    # Sent by the user but nothing the bot can read: answered with the polite "글로 적어 주세요".
    ("dice", "other"), ("poll", "other"), ("game", "other"), ("story", "other"),
)


def user_id_for(chat_id: int) -> str:
    return f"tg:{chat_id}"


def incoming_from_update(update: Update) -> Incoming | None:
    """None for updates the assistant has nothing to say about (e.g. a service message)."""
    chat = update.effective_chat
    if chat is None:
        return None
    user = update.effective_user
    base = {"user_id": user_id_for(chat.id), "display_name": user.full_name if user else None}
    if query := update.callback_query:
        pressed_on = query.message.message_id if query.message else None
        return Incoming(action=query.data or "", message_id=pressed_on, **base)
    message = update.message or update.edited_message
    if message is None:
        return None
    return _from_message(message, edited=update.edited_message is not None, base=base)


def _from_message(message: Message, edited: bool, base: dict) -> Incoming | None:
    text = message.text or message.caption or ""
    if message.text and message.text.startswith("/"):
        command, arguments = split_command(message.text)
        return Incoming(command=command if command in KNOWN_COMMANDS else "help", text=arguments, **base)
    for field, kind in _ATTACHMENT_FIELDS:
        if getattr(message, field, None):
            return Incoming(attachment=kind, text=text, edited=edited, **base)
    if message.text:
        return Incoming(text=message.text, edited=edited, **base)
    return None
