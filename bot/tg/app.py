"""The Telegram Application: handlers translate, the assistant decides, the renderer sends."""

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from telegram import BotCommand, CallbackQuery, Update
from telegram.constants import ChatAction, ChatType
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from bot import texts
from bot.conversation import REPEATED_PRESS_INTENT, STALE_INTENT, Incoming, Reply
from bot.settings import TelegramSettings
from bot.tg.staff_order import StaffAfterUsersProcessor
from bot.handoff import ENDED_INTENT
from bot.tg.keyboards import KEYBOARDS_KEY, LiveKeyboards
from bot.tg.render import clear_handoff_buttons, remove_keyboard, send_reply
from bot.tg.request import AiohttpRequest
from bot.tg.translate import incoming_from_update

log = logging.getLogger(__name__)
Handle = Callable[[Incoming], list[Reply]]
# Replies that only acknowledge a press: Telegram shows them as a toast, not a message.
TOASTS = {STALE_INTENT: texts.STALE_BUTTON_TOAST, REPEATED_PRESS_INTENT: texts.REPEATED_PRESS_TOAST}
# Updates the bot asks Telegram for: private conversations and button presses.
ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]


def build_application(settings: TelegramSettings, handle: Handle) -> Application:
    application = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.base_url)
        .base_file_url(settings.base_file_url)
        .request(AiohttpRequest())
        .get_updates_request(AiohttpRequest(connections=1))  # one long poll at a time
        .concurrent_updates(StaffAfterUsersProcessor(settings.max_concurrent_updates))
        .post_init(_set_commands)
        .build()
    )
    application.bot_data["handle"] = handle
    # Turns get their own threads: anything else using the loop's default executor (file
    # downloads, jobs, a test harness) can never starve the conversations, and vice versa.
    application.bot_data["turns"] = ThreadPoolExecutor(settings.turn_workers, thread_name_prefix="turn")
    application.bot_data[KEYBOARDS_KEY] = LiveKeyboards()
    private = filters.ChatType.PRIVATE
    application.add_handler(CallbackQueryHandler(_on_update))
    application.add_handler(MessageHandler(private & ~filters.StatusUpdate.ALL, _on_update))
    application.add_error_handler(_on_error)
    return application


async def _set_commands(application: Application) -> None:
    commands = [BotCommand(name, description) for name, description in texts.TELEGRAM_COMMANDS.items()]
    await application.bot.set_my_commands(commands)


async def _on_update(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every conversational update: translate, run the turn off the event loop, answer the button, send."""
    if update.effective_chat is None or update.effective_chat.type != ChatType.PRIVATE:
        return  # groups are the staff's (bot/tg/staff.py, bot/tg/jobs.py)
    query = update.callback_query
    incoming = incoming_from_update(update)
    if incoming is None:
        if query:
            await _answer(query)
        return
    chat_id = update.effective_chat.id
    if query is None:  # a button shows its own spinner until it is answered
        await context.bot.send_chat_action(chat_id=chat_id, action=ChatAction.TYPING)
    try:
        replies = await asyncio.get_running_loop().run_in_executor(context.bot_data["turns"], context.bot_data["handle"], incoming)
    except Exception:
        if query:
            await _answer(query)
        raise
    keyboards: LiveKeyboards = context.bot_data[KEYBOARDS_KEY]
    if query:
        replies = await _after_press(context.bot, query, chat_id, replies, keyboards)
    for reply in replies:
        await send_reply(context.bot, chat_id, reply, keyboards)


async def _after_press(bot, query: CallbackQuery, chat_id: int, replies: list[Reply], keyboards: LiveKeyboards) -> list[Reply]:
    """Answer the press once the turn is done. A double tap's second press gets a toast and
    nothing more: the first press's reply is in the chat and its buttons still work. A stale
    button gets a toast and loses its dead keyboard; the menu is sent again only if the user would
    otherwise have no buttons (bot/tg/keyboards.py). A press that ended the handoff takes the
    handoff's buttons off."""
    pressed = query.message.message_id if query.message else None
    notice = _toast_intent(replies)
    await _answer(query, TOASTS.get(notice))
    if notice == REPEATED_PRESS_INTENT:
        return []
    if notice == STALE_INTENT:
        needs_menu = keyboards.needs_menu(chat_id, pressed)
        if pressed is not None:
            await remove_keyboard(bot, chat_id, pressed, keyboards)
        return replies if needs_menu else []
    if any(reply.intent == ENDED_INTENT for reply in replies):
        await clear_handoff_buttons(bot, chat_id, keyboards, also=pressed)
    return replies


def _toast_intent(replies: list[Reply]) -> str | None:
    """The intent all the replies share when it is one a toast says (TOASTS), else None."""
    intents = {reply.intent for reply in replies}
    return intents.pop() if len(intents) == 1 and next(iter(intents)) in TOASTS else None


async def _answer(query: CallbackQuery, toast: str | None = None) -> None:
    """Stop the button's spinner; a press Telegram already gave up on (after a slow turn) is no error."""
    try:
        await query.answer(toast)
    except TelegramError as error:
        log.info("button_not_answered error=%s", error.message)


async def _on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The one error handler: log with the traceback, tell the user politely if we can."""
    log.error("update_failed update_id=%s", getattr(update, "update_id", None), exc_info=context.error)
    chat = update.effective_chat if isinstance(update, Update) else None
    if chat is None or chat.type != ChatType.PRIVATE:
        return
    try:
        await context.bot.send_message(chat_id=chat.id, text=texts.ASSISTANT_ERROR)
    except TelegramError:
        log.warning("error_message_not_sent chat=%s", chat.id)


def build_bot_application(settings, services) -> Application:
    """The production wiring: conversations, the staff group (handoff, knowledge base) and the background jobs."""
    from bot.tg.jobs import register_jobs
    from bot.tg.staff import register_staff_handlers

    application = build_application(settings.telegram, services.assistant.handle)
    register_staff_handlers(application, services.handoff, settings.handoff, services.unanswered, services.staff_kb)
    register_jobs(application, services, settings.handoff.staff_chat_id)
    return application


def run(application: Application, settings: TelegramSettings) -> None:
    """Long polling by default; a webhook with a secret token when configured."""
    if settings.mode == "webhook":
        application.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=settings.webhook_path,
            secret_token=settings.webhook_secret or None,
            webhook_url=settings.webhook_url,
            allowed_updates=ALLOWED_UPDATES,
        )
    else:
        application.run_polling(allowed_updates=ALLOWED_UPDATES)
