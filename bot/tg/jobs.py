"""Background work on Telegram: booking reminders, staff notices, the retention purge, readying a
rebuilt index, staff commands."""

import asyncio
import logging

from telegram import Bot, CallbackQuery, ReplyParameters, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, ApplicationHandlerStop, CallbackQueryHandler, CommandHandler, ContextTypes, filters

from bot import texts
from bot.booking.staff import ACTION_PATTERN as STAFF_BUTTONS
from bot.conversation import Reply
from bot.services import BotServices
from bot.staff_notices import REDRAW, NoticeMessage, PendingNotice
from bot.tg.render import MESSAGE_LIMIT, keyboard, send_reply

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
    quiet_scheduler_logs()
    jobs.run_repeating(_send_reminders, interval=REMINDER_INTERVAL_S, first=5)
    jobs.run_repeating(_post_staff_notices, interval=NOTICE_INTERVAL_S, first=NOTICE_INTERVAL_S)
    jobs.run_repeating(_purge_expired, interval=PURGE_INTERVAL_S, first=60)
    services.index_preparer.take_over()
    preparer_interval = services.index_preparer.interval_s
    jobs.run_repeating(_prepare_new_index, interval=preparer_interval, first=preparer_interval)
    if staff_chat_id is not None:
        staff = filters.Chat(staff_chat_id)
        application.add_handler(CommandHandler("today", _on_summary, filters=staff), group=-1)
        application.add_handler(CommandHandler("week", _on_summary, filters=staff), group=-1)
        application.add_handler(CallbackQueryHandler(_on_staff_button, pattern=STAFF_BUTTONS), group=-1)


def quiet_scheduler_logs() -> None:
    """The jobs run every few seconds and apscheduler logs every run at INFO ("Running job …",
    "… executed successfully"): nine lines in ten of the bot's log. Its warnings (a run missed, a
    job still running) stay, and a job's own exception reaches the application's error handler."""
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


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


async def _post_staff_notices(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Pending notices from the database, oldest first, each deleted once posted. A failed post
    ends the round; it and the ones after it are tried again on the next tick, in order."""
    services: BotServices = context.bot_data[SERVICES_KEY]
    notices = await asyncio.to_thread(services.staff_notices.claim)
    posted = 0
    try:
        for notice in notices:
            message = await _post_notice(context.bot, context.bot_data[STAFF_CHAT_KEY], notice, services)
            await asyncio.to_thread(services.staff_notices.posted, notice, message)
            posted += 1
    except TelegramError as error:
        log.error("staff_notice_failed error=%s", error)
    finally:
        # Not in a thread: this must run even when the bot is stopping in the middle of a round.
        services.staff_notices.release([notice.id for notice in notices[posted:]])


async def _post_notice(bot: Bot, staff_chat_id: int | None, notice: PendingNotice, services: BotServices) -> NoticeMessage | None:
    """Post one notice; returns the message that is now its booking's notice, if a new one is."""
    if staff_chat_id is None:
        log.info("staff_notice_without_staff_chat chars=%d", len(notice.text))
        return None
    if notice.kind == REDRAW:
        return await _redraw_booking_notice(bot, staff_chat_id, notice, services)
    sent = await bot.send_message(chat_id=staff_chat_id, text=notice.text[:MESSAGE_LIMIT], reply_markup=keyboard(notice.buttons))
    return NoticeMessage(sent.chat_id, sent.message_id)


async def _redraw_booking_notice(bot: Bot, staff_chat_id: int, notice: PendingNotice, services: BotServices) -> NoticeMessage | None:
    """The customer changed a booking: its notice is redrawn as the booking stands now, and the
    change said in a reply to it. A notice that cannot be edited (deleted, never posted, posted
    before notices were remembered) is posted again, the change on top."""
    current = await asyncio.to_thread(services.booking.staff_notice, notice.booking_id)
    where = await asyncio.to_thread(services.staff_notices.message_for, notice.booking_id)
    if current is None:  # not a booking this database knows: the change alone
        await bot.send_message(chat_id=staff_chat_id, text=notice.text[:MESSAGE_LIMIT])
        return None
    if where is not None and where.chat_id == staff_chat_id and await _edited(bot, where, current):
        reply_to = ReplyParameters(message_id=where.message_id, allow_sending_without_reply=True)
        await bot.send_message(chat_id=staff_chat_id, text=notice.text[:MESSAGE_LIMIT], reply_parameters=reply_to)
        return None
    text = f"{notice.text}\n\n{current.text}"[:MESSAGE_LIMIT]
    sent = await bot.send_message(chat_id=staff_chat_id, text=text, reply_markup=keyboard(current.buttons))
    return NoticeMessage(sent.chat_id, sent.message_id)


async def _edited(bot: Bot, where: NoticeMessage, notice: Reply) -> bool:
    """False when Telegram will not edit that message (deleted, too old); other errors propagate
    and the notice is retried on the next round."""
    try:
        await bot.edit_message_text(notice.text[:MESSAGE_LIMIT], chat_id=where.chat_id, message_id=where.message_id,
                                    reply_markup=keyboard(notice.buttons))
    except BadRequest as error:
        if "not modified" in error.message.lower():  # a staff tap on it already showed this
            return True
        log.warning("staff_notice_not_editable message=%d error=%s", where.message_id, error.message)
        return False
    return True


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
    """Buttons on booking notices, only in the staff chat. The core decides; here the customer is
    told (when staff confirmed or cancelled), the notice redrawn as the booking now stands, the tap answered."""
    query = update.callback_query
    if update.effective_chat is None or update.effective_chat.id != context.bot_data[STAFF_CHAT_KEY]:
        return
    services: BotServices = context.bot_data[SERVICES_KEY]
    outcome = await asyncio.to_thread(services.booking.staff_action, query.data, query.from_user.full_name)
    answer, alert = outcome.answer, outcome.alert
    if outcome.customer and not await _tell_customer(context.bot, *outcome.customer):
        answer, alert = texts.BOOKING_STAFF_CUSTOMER_NOT_TOLD, True
    if outcome.notice:
        await _redraw(query, outcome.notice)
    await query.answer(answer[:200], show_alert=alert)
    raise ApplicationHandlerStop


async def _tell_customer(bot: Bot, user_id: str, reply: Reply) -> bool:
    if not user_id.startswith("tg:"):
        return False  # a console user: staff must tell them another way
    try:
        await send_reply(bot, int(user_id.removeprefix("tg:")), reply)
    except TelegramError as error:
        log.warning("customer_not_told user=%s error=%s", user_id, error)
        return False
    return True


async def _redraw(query: CallbackQuery, notice: Reply) -> None:
    try:
        await query.edit_message_text(notice.text[:MESSAGE_LIMIT], reply_markup=keyboard(notice.buttons))
    except BadRequest as error:
        if "not modified" not in error.message.lower():  # a second tap that changed nothing
            log.warning("staff_notice_not_redrawn error=%s", error.message)
