"""Background work on Telegram: booking reminders, staff notices, the retention purge, readying a
rebuilt index, staff commands."""

import asyncio
import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationHandlerStop, CallbackQueryHandler, CommandHandler, ContextTypes, filters

from bot.services import BotServices
from bot.tg.render import keyboard, send_reply

log = logging.getLogger(__name__)
SERVICES_KEY = "bot_services"
STAFF_CHAT_KEY = "staff_chat_id"
PREPARING_KEY = "index_preparing"
REMINDER_INTERVAL_S = 60
NOTICE_INTERVAL_S = 3
PURGE_INTERVAL_S = 6 * 3600


def register_jobs(application: Application, services: BotServices, staff_chat_id: int | None) -> None:
    application.bot_data[SERVICES_KEY] = services
    application.bot_data[STAFF_CHAT_KEY] = staff_chat_id
    jobs = application.job_queue
    jobs.run_repeating(_send_reminders, interval=REMINDER_INTERVAL_S, first=5)
    jobs.run_repeating(_flush_staff_notices, interval=NOTICE_INTERVAL_S, first=NOTICE_INTERVAL_S)
    jobs.run_repeating(_purge_expired, interval=PURGE_INTERVAL_S, first=60)
    services.index_preparer.take_over()
    preparer_interval = services.index_preparer.interval_s
    jobs.run_repeating(_prepare_new_index, interval=preparer_interval, first=preparer_interval)
    if staff_chat_id is not None:
        staff = filters.Chat(staff_chat_id)
        application.add_handler(CommandHandler("today", _on_summary, filters=staff), group=-1)
        application.add_handler(CommandHandler("week", _on_summary, filters=staff), group=-1)
        application.add_handler(CallbackQueryHandler(_on_staff_button, pattern=r"^bk:s[cdn]:"), group=-1)


async def _send_reminders(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Due reminders are claimed in the database before they are returned: each is sent once."""
    services: BotServices = context.bot_data[SERVICES_KEY]
    for user_id, reply in await asyncio.to_thread(services.booking.due_reminders):
        if not user_id.startswith("tg:"):
            continue  # a console user: nowhere to deliver
        try:
            await send_reply(context.bot, int(user_id.removeprefix("tg:")), reply)
        except TelegramError as error:
            log.warning("reminder_not_sent user=%s error=%s", user_id, error)


async def _flush_staff_notices(context: ContextTypes.DEFAULT_TYPE) -> None:
    services: BotServices = context.bot_data[SERVICES_KEY]
    staff_chat_id = context.bot_data[STAFF_CHAT_KEY]
    notices = services.staff_notices.drain()
    if staff_chat_id is None:
        for text, _ in notices:
            log.info("staff_notice_without_staff_chat chars=%d", len(text))
        return
    for number, (text, buttons) in enumerate(notices):
        try:
            await context.bot.send_message(chat_id=staff_chat_id, text=text, reply_markup=keyboard(buttons))
        except TelegramError as error:
            log.error("staff_notice_failed error=%s", error)
            services.staff_notices.put_back(notices[number:])  # retried on the next tick
            return


async def _purge_expired(context: ContextTypes.DEFAULT_TYPE) -> None:
    services: BotServices = context.bot_data[SERVICES_KEY]
    purged = await asyncio.to_thread(services.booking.purge_expired)
    if purged:
        log.info("retention_purge bookings=%d", purged)


async def _prepare_new_index(context: ContextTypes.DEFAULT_TYPE) -> None:
    """A build staff published is loaded and readied here while users are served the previous
    one. Readying takes seconds, so the job starts it as a task (awaited when the bot stops, its
    errors sent to the error handler) and returns; a tick while it runs waits for the next one,
    where the scheduler would warn that the job is still running."""
    running = context.bot_data.get(PREPARING_KEY)
    if running is None or running.done():
        services: BotServices = context.bot_data[SERVICES_KEY]
        refresh = asyncio.to_thread(services.index_preparer.refresh)
        context.bot_data[PREPARING_KEY] = context.application.create_task(refresh, name="index_refresh")


async def _on_summary(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/today and /week in the staff chat."""
    services: BotServices = context.bot_data[SERVICES_KEY]
    period = "week" if update.effective_message.text.startswith("/week") else "day"
    text = await asyncio.to_thread(services.booking.staff_summary, period)
    await update.effective_message.reply_text(text)
    raise ApplicationHandlerStop


async def _on_staff_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Confirm / complete / no-show buttons on booking notices; only in the staff chat."""
    query = update.callback_query
    if update.effective_chat is None or update.effective_chat.id != context.bot_data[STAFF_CHAT_KEY]:
        return
    services: BotServices = context.bot_data[SERVICES_KEY]
    await query.answer()
    outcome = await asyncio.to_thread(services.booking.staff_action, query.data)
    await query.message.reply_text(outcome)
    raise ApplicationHandlerStop
