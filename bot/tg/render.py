"""Replies to Telegram messages: split under the length limit, buttons as an inline keyboard."""

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message
from telegram.error import TelegramError

from bot.conversation import Button, Reply
from bot.handoff import ENDED_INTENT
from bot.tg.keyboards import LiveKeyboards

log = logging.getLogger(__name__)
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


async def send_reply(bot, chat_id: int, reply: Reply, keyboards: LiveKeyboards | None = None) -> Message:
    """Send one reply; the keyboard goes on the last piece, where the user's eyes are. With
    `keyboards`, a handoff's end first takes its buttons off, and the new keyboard is remembered."""
    if keyboards is not None and reply.intent == ENDED_INTENT:
        await clear_handoff_buttons(bot, chat_id, keyboards)
    pieces = split_text(reply.text) or [" "]
    for number, piece in enumerate(pieces, start=1):
        markup = keyboard(reply.buttons) if number == len(pieces) else None
        sent = await bot.send_message(chat_id=chat_id, text=piece, reply_markup=markup)
    if keyboards is not None:
        keyboards.sent(chat_id, sent.message_id, [button.action for button in reply.buttons])
    if reply.file:
        document = InputFile(reply.file.content, filename=reply.file.name)
        await bot.send_document(chat_id=chat_id, document=document)
    return sent


async def clear_handoff_buttons(bot, chat_id: int, keyboards: LiveKeyboards, also: int | None = None) -> None:
    """The handoff is over: its 상담 종료 / 상담 예약 buttons come off (and the pressed message's, `also`)."""
    for message_id in keyboards.take_handoff(chat_id, also):
        await remove_keyboard(bot, chat_id, message_id, keyboards)


async def remove_keyboard(bot, chat_id: int, message_id: int, keyboards: LiveKeyboards | None = None) -> None:
    """Take the buttons off a message; one already without them, or gone, is fine as it is."""
    if keyboards is not None:
        keyboards.removed(chat_id, message_id)
    try:
        await bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id, reply_markup=None)
    except TelegramError as error:  # "message is not modified", "message to edit not found", ...
        log.info("keyboard_not_removed chat=%s message=%s error=%s", chat_id, message_id, error.message)


async def send_text(bot, chat_id: int, text: str, thread_id: int | None = None, reply_to: int | None = None) -> None:
    """A text for staff (a long list, a report) in as many messages as it takes, in a topic if given."""
    for part in split_text(text):
        await bot.send_message(chat_id=chat_id, text=part, message_thread_id=thread_id, reply_to_message_id=reply_to)
