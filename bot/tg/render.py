"""Replies to Telegram messages: split under the length limit, buttons as an inline keyboard."""

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile

from bot.conversation import Button, Reply

MESSAGE_LIMIT = 4096
BUTTONS_PER_ROW = 2


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Pieces of at most `limit` characters, cut at a paragraph, else a line, else a space."""
    pieces = []
    while len(text) > limit:
        cut = max(text.rfind("\n\n", 0, limit), text.rfind("\n", 0, limit), text.rfind(" ", 0, limit))
        cut = cut if cut > limit // 2 else limit
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return pieces + ([text] if text else [])


def keyboard(buttons: tuple[Button, ...]) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    rows = [buttons[start : start + BUTTONS_PER_ROW] for start in range(0, len(buttons), BUTTONS_PER_ROW)]
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.label, callback_data=b.action) for b in row] for row in rows])


async def send_reply(bot, chat_id: int, reply: Reply) -> None:
    """Send one reply; the keyboard goes on the last piece, where the user's eyes are."""
    pieces = split_text(reply.text) or [" "]
    for number, piece in enumerate(pieces, start=1):
        markup = keyboard(reply.buttons) if number == len(pieces) else None
        await bot.send_message(chat_id=chat_id, text=piece, reply_markup=markup)
    if reply.file:
        document = InputFile(reply.file.content, filename=reply.file.name)
        await bot.send_document(chat_id=chat_id, document=document)


async def send_text(bot, chat_id: int, text: str, thread_id: int | None = None, reply_to: int | None = None) -> None:
    """A text for staff (a long list, a report) in as many messages as it takes, in a topic if given."""
    for part in split_text(text):
        await bot.send_message(chat_id=chat_id, text=part, message_thread_id=thread_id, reply_to_message_id=reply_to)
