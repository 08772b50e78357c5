"""The knowledge-base commands of the staff group, translated for bot/staff_kb.py.

| staff write (in the staff group)      | the bot                                                          |
|---------------------------------------|------------------------------------------------------------------|
| a document with the caption `/kb_add` | a file that would be refused (type, name, size): why, at once;   |
|                                       | else "받았어요, 반영 중이에요", then the report                  |
| `/kb` or `/kb_list`                   | the served documents (several messages when long)                |
| `/kb_remove ID …`                     | the removals' report, each id named                              |

Uploads and removals rebuild the index (seconds to minutes), so they run as background tasks:
the staff chat's updates are handled in order, and consultants' replies to users must never
wait behind a build. Anywhere but the configured staff chat the commands are refused: politely
in a private chat, silently in other groups. Edited messages never trigger them (an edited
caption would add a file twice).
"""

import asyncio
import logging

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, ApplicationHandlerStop, CommandHandler, ContextTypes, MessageHandler, filters

from bot import texts
from bot.staff_kb import StaffKnowledgeBase, Upload
from bot.tg.render import send_text
from knowledge.loaders.archive import MEGABYTE

log = logging.getLogger(__name__)

KB_KEY = "staff_kb"
# Clients mark a caption's command with an entity too, but the text is what staff typed.
KB_ADD_CAPTION = filters.CaptionRegex(r"^/kb_add(?:@\w+)?(?:\s|$)")
COMMANDS = ("kb", "kb_list", "kb_add", "kb_remove")
REFUSAL_GROUP = -1  # before the assistant (group 0), which would answer an unknown command with help
DOWNLOAD_LIMIT = 20 * MEGABYTE  # getFile serves bots files up to 20 MB (a Bot API server without --local too)


def register_kb_handlers(application: Application, knowledge: StaffKnowledgeBase, staff_chat_id: int | None, group: int) -> None:
    """The commands in the staff chat (in `group`), and their refusal everywhere else."""
    application.bot_data[KB_KEY] = knowledge
    new = filters.UpdateType.MESSAGE
    outside = filters.ALL
    if staff_chat_id is not None:
        staff = filters.Chat(staff_chat_id) & new
        application.add_handler(MessageHandler(staff & KB_ADD_CAPTION, _on_add), group=group)
        application.add_handler(CommandHandler("kb_add", _on_add, filters=staff), group=group)
        application.add_handler(CommandHandler(["kb", "kb_list"], _on_list, filters=staff), group=group)
        application.add_handler(CommandHandler("kb_remove", _on_remove, filters=staff), group=group)
        outside = ~filters.Chat(staff_chat_id)
    application.add_handler(CommandHandler(COMMANDS, _refuse, filters=outside & new), group=REFUSAL_GROUP)
    application.add_handler(MessageHandler(outside & new & KB_ADD_CAPTION, _refuse), group=REFUSAL_GROUP)


async def _on_add(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/kb_add on a document: checked before download, acknowledged at once, added in the background."""
    message = update.effective_message
    document = message.document
    if document is None:
        media = message.photo or message.video or message.animation or message.audio or message.voice
        await _say(context.bot, message, texts.KB_CHAT_NOT_A_DOCUMENT if media else texts.KB_CHAT_NO_FILE)
        return
    knowledge: StaffKnowledgeBase = context.bot_data[KB_KEY]
    upload = knowledge.receive(document.file_name, document.file_size, DOWNLOAD_LIMIT)
    if isinstance(upload, str):
        await _say(context.bot, message, upload)
        return
    try:
        await _say(context.bot, message, texts.KB_CHAT_RECEIVED.format(file_name=upload.file_name))
    except BaseException:
        upload.close()  # e.g. cancelled while stopping: the next upload must not find the slot taken
        raise
    task = _download_and_add(context.bot, upload, document.file_id, message)
    context.application.create_task(task, update=update, name="staff_kb_add")


async def _download_and_add(bot, upload: Upload, file_id: str, message: Message) -> None:
    """Into the upload's scratch folder, then KnowledgeAdmin.add off the event loop; the report."""
    with upload:
        try:
            text = await _download(bot, upload, file_id) or await asyncio.to_thread(upload.add)
        except Exception:
            log.exception("staff_kb_add_failed file=%s", upload.file_name)
            text = texts.KB_CHAT_UNEXPECTED
    await _say(bot, message, text)


async def _download(bot, upload: Upload, file_id: str) -> str | None:
    """None when the file is on disk; otherwise why it is not."""
    try:
        telegram_file = await bot.get_file(file_id)
        await telegram_file.download_to_drive(upload.path)
    except BadRequest as error:
        log.warning("staff_kb_download_failed file=%s error=%s", upload.file_name, error.message)
        if "too big" in error.message.lower():  # a file whose size Telegram did not tell beforehand
            return texts.KB_CHAT_TELEGRAM_TOO_BIG.format(file_name=upload.file_name, limit_mb=DOWNLOAD_LIMIT / MEGABYTE)
        return texts.KB_CHAT_DOWNLOAD_FAILED.format(file_name=upload.file_name)
    except (TelegramError, OSError) as error:
        log.warning("staff_kb_download_failed file=%s error=%s", upload.file_name, error)
        return texts.KB_CHAT_DOWNLOAD_FAILED.format(file_name=upload.file_name)
    return None


async def _on_list(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/kb or /kb_list: the served documents, split under Telegram's length limit."""
    knowledge: StaffKnowledgeBase = context.bot_data[KB_KEY]
    await _say(context.bot, update.effective_message, await asyncio.to_thread(knowledge.documents))


async def _on_remove(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/kb_remove ID … (the whole rest of the line: the core splits it); rebuilt in the background."""
    message = update.effective_message
    words = (message.text or "").split(maxsplit=1)
    doc_ids = words[1] if len(words) > 1 else ""
    knowledge: StaffKnowledgeBase = context.bot_data[KB_KEY]
    context.application.create_task(_remove(context.bot, knowledge, doc_ids, message), update=update, name="staff_kb_remove")


async def _remove(bot, knowledge: StaffKnowledgeBase, doc_ids: str, message: Message) -> None:
    try:
        text = await asyncio.to_thread(knowledge.remove, doc_ids)
    except Exception:
        log.exception("staff_kb_remove_failed docs=%s", doc_ids)
        text = texts.KB_CHAT_UNEXPECTED
    await _say(bot, message, text)


async def _refuse(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A knowledge-base command outside the staff chat: only the staff chat may change it."""
    chat = update.effective_chat
    log.warning("staff_kb_refused chat=%s", chat.id if chat else None)
    if chat is not None and chat.type == ChatType.PRIVATE:
        await update.effective_message.reply_text(texts.KB_CHAT_STAFF_ONLY)
    raise ApplicationHandlerStop


async def _say(bot, message: Message, text: str) -> None:
    """Answer in the topic (or General) where the command was given."""
    thread_id = message.message_thread_id if message.is_topic_message else None
    try:
        await send_text(bot, message.chat_id, text, thread_id)
    except TelegramError as error:  # staff can ask again; nobody else is waiting on it
        log.warning("staff_kb_reply_failed chat=%s error=%s", message.chat_id, error.message)
