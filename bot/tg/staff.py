"""The consultants' Telegram group: topic messages go to the handoff service, its StaffActions go out here.

Telegram errors become the service's honest failure path: a deleted topic is re-created once, a
group without topics is relayed by reply-to, and a staff group the bot cannot reach fails the
handoff with a message to the user. The bot must be an admin of the staff group to see messages.
"""

import asyncio
import logging
from datetime import UTC, datetime

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler, filters

from bot import texts
from bot.conversation import Attachment
from bot.handoff import HandoffService, HandoffSettings, StaffAction, StaffMessage, StaffNotice, StaffPost, UserDelivery
from bot.handoff.store import StaffTopic
from bot.staff_kb import StaffKnowledgeBase
from bot.tg.keyboards import KEYBOARDS_KEY, LiveKeyboards
from bot.tg.render import send_reply, send_text, split_text
from bot.tg.staff_kb import KB_ADD_CAPTION, register_kb_handlers
from bot.tg.translate import user_id_for
from bot.unanswered_review import UnansweredReview, parse_ids

log = logging.getLogger(__name__)

SERVICE_KEY = "handoff"
REVIEW_KEY = "unanswered_review"
# After the assistant's own handlers (group 0): staff messages, then the turn's queued staff actions.
STAFF_GROUP = 1
OUTBOX_GROUP = 2
# Copied with our marked caption in place of theirs; other kinds get a header message, then the copy.
CAPTIONED = ("photo", "document")
_ATTACHMENTS: tuple[tuple[str, Attachment], ...] = (
    ("photo", "photo"), ("document", "document"), ("video", "video"), ("animation", "video"), ("video_note", "video"),
    ("voice", "voice"), ("audio", "voice"), ("sticker", "sticker"), ("location", "location"), ("contact", "contact"),
)
CARD_ORDER_POLL_S = 0.02  # how often a card checks whether the earlier ones are out
_TOPIC_GONE = ("thread not found", "topic_id_invalid", "topic_deleted", "topic_closed")
_NO_TOPICS = ("not a forum", "not enough rights")


class StaffUnreachable(Exception):
    """Posting to the staff group failed for good; `problem` is a key of texts.HANDOFF_PROBLEMS."""

    def __init__(self, problem: str):
        super().__init__(problem)
        self.problem = problem


def register_staff_handlers(
    application: Application, service: HandoffService, settings: HandoffSettings, review: UnansweredReview | None = None,
    knowledge: StaffKnowledgeBase | None = None,
) -> None:
    """Staff group commands and messages, the after-turn delivery of staff actions, the idle timer,
    and (with `knowledge`) the knowledge-base commands (bot/tg/staff_kb.py)."""
    application.bot_data[SERVICE_KEY] = service
    application.bot_data[REVIEW_KEY] = review
    if knowledge is not None:
        register_kb_handlers(application, knowledge, settings.staff_chat_id, STAFF_GROUP)
    if settings.staff_chat_id is not None:
        staff = filters.Chat(settings.staff_chat_id)
        application.add_handler(CommandHandler("end", _on_end, filters=staff), group=STAFF_GROUP)
        application.add_handler(CommandHandler("queue", _on_queue, filters=staff), group=STAFF_GROUP)
        if review is not None:
            application.add_handler(CommandHandler("unanswered", _on_unanswered, filters=staff), group=STAFF_GROUP)
            application.add_handler(CommandHandler("resolve", _on_resolve, filters=staff), group=STAFF_GROUP)
        # A file captioned /kb_add is for the knowledge base, never for the user of the topic.
        consultant = staff & ~filters.COMMAND & ~filters.StatusUpdate.ALL & ~KB_ADD_CAPTION
        application.add_handler(MessageHandler(consultant, _on_consultant_message), group=STAFF_GROUP)
    application.add_handler(MessageHandler(filters.ChatType.PRIVATE, _flush_outbox), group=OUTBOX_GROUP)
    application.add_handler(CallbackQueryHandler(_flush_outbox), group=OUTBOX_GROUP)
    if application.job_queue is not None:
        application.job_queue.run_repeating(_expire_idle, interval=settings.idle_check_seconds, first=settings.idle_check_seconds)
    else:
        log.warning("handoff_idle_timer_off reason=no_job_queue")


async def _on_consultant_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A consultant wrote in the staff group: relay it to the user of that topic (or replied-to message)."""
    message = update.effective_message
    if message is None or message.from_user is None or message.from_user.is_bot:
        return
    service: HandoffService = context.bot_data[SERVICE_KEY]
    edited = update.edited_message is not None
    actions = await asyncio.to_thread(service.consultant_message, staff_message(message, edited))
    await deliver(context.bot, actions, service, keyboards=context.bot_data.get(KEYBOARDS_KEY))


async def _on_end(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/end in a user's topic: both sides are told and the bot answers the user again."""
    service: HandoffService = context.bot_data[SERVICE_KEY]
    actions = await asyncio.to_thread(service.end_from_staff, staff_message(update.effective_message))
    await deliver(context.bot, actions, service, keyboards=context.bot_data.get(KEYBOARDS_KEY))


async def _on_queue(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/queue: waiting and active handoffs, answered where it was asked."""
    service: HandoffService = context.bot_data[SERVICE_KEY]
    message = update.effective_message
    text = await asyncio.to_thread(service.queue)
    thread_id = message.message_thread_id if message.is_topic_message else None
    await deliver(context.bot, [StaffNotice(message.chat_id, thread_id, text)], service)


async def _on_unanswered(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/unanswered: what the bot could not answer, grouped, the most asked first."""
    review: UnansweredReview = context.bot_data[REVIEW_KEY]
    await _answer_in_place(update, context, await asyncio.to_thread(review.report))


async def _on_resolve(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/resolve 12 15: close the questions the documents now answer."""
    review: UnansweredReview = context.bot_data[REVIEW_KEY]
    ids = parse_ids(context.args or [])
    text = texts.UNANSWERED_RESOLVE_USAGE if ids is None else await asyncio.to_thread(review.resolve, ids)
    await _answer_in_place(update, context, text)


async def _answer_in_place(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    """Reply in the topic or General where the command was given (split past Telegram's limit)."""
    message = update.effective_message
    thread_id = message.message_thread_id if message.is_topic_message else None
    await deliver(context.bot, [StaffNotice(message.chat_id, thread_id, text)], context.bot_data[SERVICE_KEY])


async def _flush_outbox(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """After the assistant's turn: send the staff actions the turn queued (card, relayed message, end)."""
    chat = update.effective_chat
    service: HandoffService | None = context.bot_data.get(SERVICE_KEY)
    if service is None or chat is None or chat.type != ChatType.PRIVATE:
        return
    actions = service.take_actions(user_id_for(chat.id))
    if actions:
        await deliver(context.bot, actions, service, current=update.message or update.edited_message, keyboards=context.bot_data.get(KEYBOARDS_KEY))


async def _expire_idle(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The idle timer: end quiet handoffs and unanswered requests, telling both sides."""
    service: HandoffService = context.bot_data[SERVICE_KEY]
    actions = await asyncio.to_thread(service.expire_idle)
    await deliver(context.bot, actions, service, keyboards=context.bot_data.get(KEYBOARDS_KEY))


def staff_message(message: Message, edited: bool = False) -> StaffMessage:
    """Our view of a staff group message; a topic's root service message is not a reply."""
    thread_id = message.message_thread_id if message.is_topic_message else None
    reply = message.reply_to_message
    reply_to = reply.message_id if reply and reply.message_id != thread_id else None
    attachment = next((kind for field, kind in _ATTACHMENTS if getattr(message, field, None)), None)
    author = message.from_user.full_name if message.from_user else ""
    return StaffMessage(message.chat_id, message.message_id, thread_id, reply_to, author, message.text or message.caption or "", attachment, edited)


async def deliver(
    bot, actions: list[StaffAction], service: HandoffService, *, current: Message | None = None, keyboards: LiveKeyboards | None = None,
) -> None:
    """Execute staff actions in order; failures go back to the service and their follow-ups go out too.
    `keyboards` (bot/tg/keyboards.py) learns what users were sent: an end takes the handoff's buttons off."""
    failed_users: set[str] = set()
    for action in actions:
        if getattr(action, "user_id", None) in failed_users:
            continue  # the handoff already failed: the user was told once
        follow_up = await _execute(bot, action, service, current, keyboards)
        if follow_up:
            failed_users.add(action.user_id)
            await deliver(bot, follow_up, service, keyboards=keyboards)


async def _execute(bot, action: StaffAction, service: HandoffService, current: Message | None, keyboards: LiveKeyboards | None) -> list[StaffAction]:
    if isinstance(action, StaffPost):
        return await _post_to_staff(bot, action, service, current)
    if isinstance(action, UserDelivery):
        return await _deliver_to_user(bot, action, service, keyboards)
    await _send_notice(bot, action)
    return []


async def _post_to_staff(bot, post: StaffPost, service: HandoffService, current: Message | None) -> list[StaffAction]:
    if post.number is not None:
        await _wait_for_earlier_cards(service, post.number)
    try:
        await _post_with_one_retry(bot, post, service, current)
    except StaffUnreachable as error:
        return await asyncio.to_thread(service.staff_unreachable, post.user_id, error.problem)
    finally:
        if post.number is not None:
            service.card_order.posted(post.number)
    return []


async def _wait_for_earlier_cards(service: HandoffService, number: int) -> None:
    """Requests of different users finish their turns in any order: card #6 waits for #5 (bounded,
    see bot/handoff/ordering.py), so consultants see the requests in the order they were made."""
    while service.card_order.earlier_pending(number):
        await asyncio.sleep(CARD_ORDER_POLL_S)


async def _post_with_one_retry(bot, post: StaffPost, service: HandoffService, current: Message | None) -> None:
    """Post; a topic deleted in the app is forgotten and re-created once (with the card again)."""
    try:
        await _post_once(bot, post, service, current)
    except BadRequest as error:
        if not _matches(error, _TOPIC_GONE):
            raise _unreachable(error) from error
        await asyncio.to_thread(service.topic_lost, post.user_id)
        try:
            await _post_once(bot, post, service, current)
        except TelegramError as again:
            log.error("handoff_topic_recreate_failed user=%s error=%s", post.user_id, again.message)
            raise StaffUnreachable("topic_lost") from again
    except TelegramError as error:
        raise _unreachable(error) from error


async def _post_once(bot, post: StaffPost, service: HandoffService, current: Message | None) -> None:
    chat_id = service.settings.staff_chat_id
    if chat_id is None:
        raise StaffUnreachable("not_configured")
    topic = await asyncio.to_thread(service.topic_for, post.user_id)
    if topic is None:
        topic = await _open_topic(bot, service, post.user_id, chat_id)
        if not post.card:  # a topic always opens with the card
            await _send_to_topic(bot, topic, await asyncio.to_thread(service.card_post, post.user_id), service, None)
    await _send_to_topic(bot, topic, post, service, current)


async def _open_topic(bot, service: HandoffService, user_id: str, chat_id: int) -> StaffTopic:
    """The user's forum topic; a group without topics (or without the right to make them) uses replies."""
    title = await asyncio.to_thread(service.topic_title, user_id)
    try:
        created = await bot.create_forum_topic(chat_id=chat_id, name=title)
        thread_id = created.message_thread_id
    except BadRequest as error:
        if not _matches(error, _NO_TOPICS):
            raise
        log.warning("handoff_no_topics chat=%s error=%s", chat_id, error.message)
        thread_id = None
    await asyncio.to_thread(service.topic_opened, user_id, chat_id, thread_id)
    log.info("handoff_topic_opened user=%s thread=%s", user_id, thread_id)
    return StaffTopic(user_id, chat_id, thread_id)


async def _send_to_topic(bot, topic: StaffTopic, post: StaffPost, service: HandoffService, current: Message | None) -> None:
    text = f"{post.text}\n\n{service.card_footer(topic.thread_id is not None)}" if post.card else post.text
    if current is not None and not post.card and (late := service.late_note(current.edit_date or current.date, datetime.now(UTC))):
        text = f"{text}\n{late}"  # the user's message of this turn reached the bot late (a restart's backlog)
    if post.attachment and current is not None:
        sent = await _copy_marked(bot, topic.chat_id, topic.thread_id, current, text, post.attachment)
    else:
        sent = [(await bot.send_message(chat_id=topic.chat_id, text=piece, message_thread_id=topic.thread_id)).message_id
                for piece in split_text(text)]
    if topic.thread_id is None:  # consultants answer by replying to any of these
        for message_id in sent:
            await asyncio.to_thread(service.relayed, topic.chat_id, message_id, post.user_id)


async def _copy_marked(bot, chat_id: int, thread_id: int | None, source: Message, text: str, attachment: Attachment) -> list[int]:
    """Copy a photo/document with our marked caption; anything else after a header line."""
    if attachment in CAPTIONED:
        copied = await bot.copy_message(chat_id=chat_id, from_chat_id=source.chat_id, message_id=source.message_id, caption=text[:1024], message_thread_id=thread_id)
        return [copied.message_id]
    header = await bot.send_message(chat_id=chat_id, text=text[:4096], message_thread_id=thread_id)
    copied = await bot.copy_message(chat_id=chat_id, from_chat_id=source.chat_id, message_id=source.message_id, message_thread_id=thread_id)
    return [header.message_id, copied.message_id]


async def _deliver_to_user(bot, delivery: UserDelivery, service: HandoffService, keyboards: LiveKeyboards | None) -> list[StaffAction]:
    chat_id = telegram_chat_id(delivery.user_id)
    if chat_id is None:
        log.warning("handoff_user_not_on_telegram user=%s", delivery.user_id)
        return []
    try:
        if delivery.copy_from:
            await _copy_to_user(bot, chat_id, delivery)
        else:
            await send_reply(bot, chat_id, delivery.reply, keyboards)
    except TelegramError as error:
        problem = "user_blocked" if isinstance(error, Forbidden) else "telegram_error"
        log.warning("handoff_user_delivery_failed user=%s error=%s", delivery.user_id, error.message)
        return await asyncio.to_thread(service.user_unreachable, delivery.user_id, problem)
    return []


async def _copy_to_user(bot, chat_id: int, delivery: UserDelivery) -> None:
    from_chat, message_id = delivery.copy_from
    if delivery.attachment in CAPTIONED:
        await bot.copy_message(chat_id=chat_id, from_chat_id=from_chat, message_id=message_id, caption=delivery.reply.text[:1024])
        return
    await send_reply(bot, chat_id, delivery.reply)
    await bot.copy_message(chat_id=chat_id, from_chat_id=from_chat, message_id=message_id)


async def _send_notice(bot, notice: StaffNotice) -> None:
    try:
        await send_text(bot, notice.chat_id, notice.text, notice.thread_id, notice.reply_to)  # a long /unanswered in several
    except TelegramError as error:  # a note for staff only: nobody else is waiting on it
        log.warning("handoff_staff_notice_failed chat=%s error=%s", notice.chat_id, error.message)


def telegram_chat_id(user_id: str) -> int | None:
    """123 for "tg:123"; None for users of other channels (the console)."""
    prefix, _, number = user_id.partition(":")
    if prefix != "tg":
        return None
    try:
        return int(number)
    except ValueError:
        return None


def _unreachable(error: TelegramError) -> StaffUnreachable:
    log.error("handoff_staff_post_failed error=%s", error.message)
    return StaffUnreachable("bot_removed" if isinstance(error, Forbidden) or _matches(error, ("chat not found",)) else "telegram_error")


def _matches(error: TelegramError, needles: tuple[str, ...]) -> bool:
    message = error.message.lower()
    return any(needle.lower() in message for needle in needles)
