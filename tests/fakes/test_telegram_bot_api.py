"""The fake Bot API server, driven by a real PTB Application (a tiny echo/keyboard bot below)
and by a bare PTB `Bot` for the protocol details of getUpdates."""

from __future__ import annotations

import asyncio
import datetime as dtm
import hashlib
import time

import httpx
import pytest
import pytest_asyncio
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Conflict, Forbidden, TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.fakes.fixtures import (  # noqa: F401 - fixtures are used by name
    application_builder,
    no_external_network,
    running_application,
    telegram_server,
)
from tests.fakes.telegram_bot_api import FakeTelegramBotApi

ICS = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:AX 상담\r\n"
       "DTSTART:20250301T100000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").encode()
# Bytes that would break a naive multipart parser: CRLFs, dashes, NULs, invalid UTF-8.
BINARY = b"%PDF-1.7\r\n--\r\n\x00\xff\xfe\r\n\r\n--boundary--\r\n" + bytes(range(256))


# ---- the bot under test ---------------------------------------------------------------------


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Echo text back, in the same forum topic when there is one."""
    context.bot_data["handled"].append(update.message.text)
    await update.message.reply_text(update.message.text)


async def edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Acknowledge an edited message."""
    await update.edited_message.reply_text(f"수정됨: {update.edited_message.text}")


async def keyboard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/keyboard: a yes/no inline keyboard."""
    buttons = [[InlineKeyboardButton("예", callback_data="yes"),
                InlineKeyboardButton("아니요", callback_data="no")]]
    await update.message.reply_text("상담을 예약할까요?", reply_markup=InlineKeyboardMarkup(buttons))


async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button press: answer the query, then replace the question by the choice."""
    query = update.callback_query
    await query.answer("선택했어요")
    await query.edit_message_text(f"선택: {query.data}")


async def send_ics(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ics: a calendar file with a Korean file name."""
    await update.message.reply_document(ICS, filename="상담예약.ics", caption="일정 파일이에요")


async def digest_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Download the user's document and reply with its size and SHA-256."""
    file = await context.bot.get_file(update.message.document.file_id)
    data = bytes(await file.download_as_bytearray())
    await update.message.reply_text(f"{len(data)} {hashlib.sha256(data).hexdigest()}")


async def name_the_kind(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reply with the kind of a non-text message (proves PTB parsed it)."""
    message = update.message
    kind = next(k for k in ("photo", "sticker", "location", "voice", "contact")
                if getattr(message, k))
    await message.reply_text(f"kind:{kind}")


async def record_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Keep handler errors so the fixture can fail the test on them."""
    context.bot_data["errors"].append(context.error)


def build_test_bot(server: FakeTelegramBotApi, concurrent: bool = False) -> Application:
    app = application_builder(server).concurrent_updates(concurrent).build()
    app.bot_data.update(handled=[], errors=[])
    app.add_handler(CommandHandler("keyboard", keyboard))
    app.add_handler(CommandHandler("ics", send_ics))
    app.add_handler(CallbackQueryHandler(pressed))
    app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE & filters.TEXT, edited))
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT, echo))
    app.add_handler(MessageHandler(filters.Document.ALL, digest_document))
    app.add_handler(MessageHandler(
        filters.PHOTO | filters.Sticker.ALL | filters.LOCATION | filters.VOICE | filters.CONTACT,
        name_the_kind))
    app.add_error_handler(record_error)
    return app


@pytest_asyncio.fixture
async def bot_app(telegram_server: FakeTelegramBotApi):
    """The test bot, polling the fake server; fails the test on any handler error."""
    app = build_test_bot(telegram_server)
    async with running_application(app):
        yield app
    assert app.bot_data["errors"] == []


@pytest_asyncio.fixture
async def raw_bot(telegram_server: FakeTelegramBotApi):
    """A bare PTB Bot on the fake server, for calls outside any Application."""
    async with Bot(telegram_server.token, base_url=telegram_server.base_url,
                   base_file_url=telegram_server.base_file_url) as bot:
        yield bot


# ---- round trips through the Application -----------------------------------------------------


@pytest.mark.asyncio
async def test_echo_round_trip(telegram_server, bot_app):
    user = telegram_server.add_user("김철수")
    sent = telegram_server.user_sends_text(user, "스마트공장 지원사업이 뭐예요?")

    [reply] = await telegram_server.wait_for_bot_messages_async(user)

    assert reply.text == "스마트공장 지원사업이 뭐예요?"
    assert reply.chat_id == user.id and reply.from_id == telegram_server.bot_user.id
    assert reply.message_id > sent.message_id
    call = telegram_server.calls("sendMessage")[0]
    assert call.params["chat_id"] == user.id and call.ok


@pytest.mark.asyncio
async def test_user_edit_arrives_as_edited_message(telegram_server, bot_app):
    user = telegram_server.add_user()
    first = telegram_server.user_sends_text(user, "오타")
    await telegram_server.wait_for_bot_messages_async(user)

    telegram_server.user_edits_message(user, first, "수정한 글")

    [reply] = await telegram_server.wait_for_bot_messages_async(user)
    assert reply.text == "수정됨: 수정한 글"


@pytest.mark.asyncio
async def test_inline_keyboard_press_answers_and_edits(telegram_server, bot_app):
    user = telegram_server.add_user()
    telegram_server.user_sends_text(user, "/keyboard")
    [question] = await telegram_server.wait_for_bot_messages_async(user)
    assert question.button_texts() == ["예", "아니요"]
    assert question.callback_data_for("예") == "yes"

    query_id = telegram_server.user_presses_button(user, question, "yes")

    answer = await telegram_server.wait_for_call_async("answerCallbackQuery")
    assert answer.ok and answer.params == {"callback_query_id": query_id, "text": "선택했어요"}
    edit = await telegram_server.wait_for_call_async("editMessageText")
    assert edit.ok and edit.result["text"] == "선택: yes"
    now = telegram_server.get_message(user, question.message_id)
    assert now.text == "선택: yes" and now.reply_markup is None  # no markup: keyboard removed


@pytest.mark.asyncio
async def test_document_sent_by_bot_is_downloadable_via_get_file(telegram_server, bot_app):
    user = telegram_server.add_user()
    telegram_server.user_sends_text(user, "/ics")

    [message] = await telegram_server.wait_for_bot_messages_async(user)

    assert message.document_name == "상담예약.ics"
    assert message.document["mime_type"] == "text/calendar"
    assert message.document["file_size"] == len(ICS) and message.file_bytes == ICS
    assert message.caption == "일정 파일이에요"
    file = await bot_app.bot.get_file(message.document["file_id"])
    assert bytes(await file.download_as_bytearray()) == ICS


@pytest.mark.asyncio
async def test_document_uploaded_by_user_is_downloadable_by_bot(telegram_server, bot_app):
    user = telegram_server.add_user()
    telegram_server.user_sends_document(user, BINARY, "견적서.pdf")

    [reply] = await telegram_server.wait_for_bot_messages_async(user)

    assert reply.text == f"{len(BINARY)} {hashlib.sha256(BINARY).hexdigest()}"


@pytest.mark.asyncio
async def test_a_command_typed_in_a_caption_is_marked_as_in_the_app(telegram_server, raw_bot):
    user = telegram_server.add_user()
    telegram_server.user_sends_document(user, b"# doc", "안내.md", caption="/kb_add 새 공고 @helper")
    telegram_server.user_sends_photo(user, caption="현장 사진")

    document, photo = [update.message for update in await raw_bot.get_updates(timeout=0)]

    command, mention = document.caption_entities
    assert (command.type, command.offset, command.length) == ("bot_command", 0, 7)
    assert document.parse_caption_entity(mention) == "@helper"
    assert photo.caption == "현장 사진" and photo.caption_entities == ()


@pytest.mark.asyncio
async def test_bot_upload_keeps_binary_bytes(telegram_server, bot_app):
    user = telegram_server.add_user()
    telegram_server.open_private_chat(user)

    sent = await bot_app.bot.send_document(user.id, BINARY, filename='보고서 "최종".pdf')

    [message] = await telegram_server.wait_for_bot_messages_async(user)
    assert message.file_bytes == BINARY and message.document_name == '보고서 "최종".pdf'
    assert sent.document.file_name == '보고서 "최종".pdf'
    resent = await bot_app.bot.send_document(user.id, sent.document.file_id)  # by file_id
    assert resent.document.file_id == sent.document.file_id


@pytest.mark.asyncio
async def test_other_user_message_kinds_reach_the_bot(telegram_server, bot_app):
    user = telegram_server.add_user()
    telegram_server.user_sends_photo(user, caption="현장 사진")
    telegram_server.user_sends_sticker(user)
    telegram_server.user_sends_location(user, 35.1, 128.6)
    telegram_server.user_sends_voice(user)
    telegram_server.user_sends_contact(user, "+82-10-0000-0000")

    replies = await telegram_server.wait_for_bot_messages_async(user, count=5)

    assert [r.text for r in replies] == ["kind:photo", "kind:sticker", "kind:location",
                                        "kind:voice", "kind:contact"]


# ---- Telegram's limits -----------------------------------------------------------------------


@pytest.mark.asyncio
async def test_text_longer_than_4096_characters_is_rejected(telegram_server, raw_bot):
    user = telegram_server.add_user()
    telegram_server.open_private_chat(user)

    await raw_bot.send_message(user.id, "가" * 4096)
    with pytest.raises(BadRequest, match="Message is too long"):
        await raw_bot.send_message(user.id, "가" * 4097)
    with pytest.raises(BadRequest, match="Message text is empty"):
        await raw_bot.send_message(user.id, "   ")
    # Markup does not count: 4096 visible characters inside <b> are fine.
    await raw_bot.send_message(user.id, f"<b>{'가' * 4096}</b>", parse_mode=ParseMode.HTML)


@pytest.mark.asyncio
async def test_callback_data_over_64_bytes_is_rejected(telegram_server, raw_bot):
    user = telegram_server.add_user()
    telegram_server.open_private_chat(user)

    def markup(data: str) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[InlineKeyboardButton("버튼", callback_data=data)]])

    await raw_bot.send_message(user.id, "ok", reply_markup=markup("x" * 64))
    with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
        await raw_bot.send_message(user.id, "too long", reply_markup=markup("x" * 65))
    with pytest.raises(BadRequest, match="(?i)button_data_invalid"):  # bytes, not characters
        await raw_bot.send_message(user.id, "too long", reply_markup=markup("예" * 22))


@pytest.mark.asyncio
async def test_malformed_markup_is_rejected(telegram_server, raw_bot):
    user = telegram_server.add_user()
    telegram_server.open_private_chat(user)

    async with httpx.AsyncClient() as client:  # PTB itself never sends broken JSON
        answer = await client.post(f"{telegram_server.base_url}{telegram_server.token}/sendMessage",
                                   data={"chat_id": user.id, "text": "x", "reply_markup": "{no"})
    assert answer.status_code == 400 and answer.json() == {
        "ok": False, "error_code": 400,
        "description": "Bad Request: can't parse reply keyboard markup JSON object"}
    with pytest.raises(BadRequest, match="(?i)unsupported start tag"):
        await raw_bot.send_message(user.id, "1 < 2 <foo>", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match="(?i)character '.' is reserved"):
        await raw_bot.send_message(user.id, "끝.", parse_mode=ParseMode.MARKDOWN_V2)
    sent = await raw_bot.send_message(user.id, "<b>굵게</b> &amp; 보통", parse_mode="HTML")
    assert sent.text == "굵게 & 보통" and sent.entities[0].type == "bold"


@pytest.mark.asyncio
async def test_identical_edit_is_not_modified(telegram_server, raw_bot):
    user = telegram_server.add_user()
    telegram_server.open_private_chat(user)
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("예", callback_data="yes")]])
    sent = await raw_bot.send_message(user.id, "질문", reply_markup=markup)

    with pytest.raises(BadRequest, match="Message is not modified"):
        await raw_bot.edit_message_text("질문", user.id, sent.message_id, reply_markup=markup)
    await raw_bot.edit_message_reply_markup(user.id, sent.message_id)  # removes the keyboard
    with pytest.raises(BadRequest, match="Message is not modified"):
        await raw_bot.edit_message_reply_markup(user.id, sent.message_id)
    await raw_bot.delete_message(user.id, sent.message_id)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await raw_bot.edit_message_text("새 글", user.id, sent.message_id)


@pytest.mark.asyncio
async def test_chat_access_errors(telegram_server, raw_bot):
    user = telegram_server.add_user()
    group = telegram_server.add_supergroup("상담팀", members=[user])

    with pytest.raises(BadRequest, match="Chat not found"):
        await raw_bot.send_message(424242, "누구세요")
    with pytest.raises(BadRequest, match="Chat not found"):  # never started the bot
        await raw_bot.send_message(user.id, "안녕하세요")
    telegram_server.open_private_chat(user)
    telegram_server.user_blocks_bot(user)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await raw_bot.send_message(user.id, "안녕하세요")
    telegram_server.remove_bot_from_chat(group, by=user)
    with pytest.raises(Forbidden, match="bot was kicked from the supergroup chat"):
        await raw_bot.send_message(group.id, "안녕하세요")


# ---- forum topics ----------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_forum_topic_lifecycle(telegram_server, bot_app):
    consultant = telegram_server.add_user("상담원")
    group = telegram_server.add_supergroup("상담팀", admins=[consultant])
    bot = bot_app.bot

    topic = await bot.create_forum_topic(group.id, "김철수 님 상담")
    thread = topic.message_thread_id
    intro = await bot.send_message(group.id, "대화 기록", message_thread_id=thread)
    assert intro.message_thread_id == thread and intro.is_topic_message
    telegram_server.user_sends_text(consultant, "제가 맡을게요", chat=group,
                                    message_thread_id=thread)
    sent = await telegram_server.wait_for_bot_messages_async(group, count=2,
                                                             message_thread_id=thread)
    assert [m.text for m in sent] == ["대화 기록", "제가 맡을게요"]  # echo stayed in the topic

    await bot.close_forum_topic(group.id, thread)
    await bot.reopen_forum_topic(group.id, thread)
    await bot.edit_forum_topic(group.id, thread, name="김철수 님 상담 (완료)")
    await bot.delete_forum_topic(group.id, thread)
    with pytest.raises(BadRequest, match="Message thread not found"):
        await bot.send_message(group.id, "남은 말", message_thread_id=thread)


@pytest.mark.asyncio
async def test_forum_methods_need_a_forum(telegram_server, raw_bot):
    plain = telegram_server.add_supergroup("일반 그룹", is_forum=False)
    with pytest.raises(BadRequest, match="The chat is not a forum"):
        await raw_bot.create_forum_topic(plain.id, "주제")


@pytest.mark.asyncio
async def test_relay_between_private_chat_and_topic(telegram_server, raw_bot):
    user = telegram_server.add_user("김철수")
    consultant = telegram_server.add_user("상담원")
    group = telegram_server.add_supergroup("상담팀", admins=[consultant])
    topic = await raw_bot.create_forum_topic(group.id, "김철수")
    question = telegram_server.user_sends_text(user, "사람과 상담하고 싶어요")

    await raw_bot.copy_message(group.id, user.id, question.message_id,
                               message_thread_id=topic.message_thread_id)
    forwarded = await raw_bot.forward_message(group.id, user.id, question.message_id,
                                              message_thread_id=topic.message_thread_id)
    answer = telegram_server.user_sends_text(consultant, "네, 도와드릴게요", chat=group,
                                             message_thread_id=topic.message_thread_id)
    await raw_bot.copy_message(user.id, group.id, answer.message_id)

    copied, _ = await telegram_server.wait_for_bot_messages_async(group, count=2)
    assert copied.text == "사람과 상담하고 싶어요"
    assert copied.message_thread_id == topic.message_thread_id
    assert forwarded.forward_origin.sender_user.id == user.id
    [to_user] = await telegram_server.wait_for_bot_messages_async(user)
    assert to_user.text == "네, 도와드릴게요"
    # Telegram shape: a topic message that is no explicit reply "replies" to the topic root.
    assert answer.reply_to_message_id == topic.message_thread_id


# ---- polling -------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_long_poll_returns_as_soon_as_an_update_arrives(telegram_server, bot_app):
    user = telegram_server.add_user()
    await telegram_server.wait_for_poller_async()  # the bot sits in a 10 s long poll

    started = time.monotonic()
    telegram_server.user_sends_text(user, "지금 답해 주세요")
    await telegram_server.wait_for_bot_messages_async(user, timeout=3)

    assert time.monotonic() - started < 1.5


@pytest.mark.asyncio
async def test_twenty_messages_arrive_in_order(telegram_server, bot_app):
    user = telegram_server.add_user()
    texts = [f"메시지 {i}" for i in range(20)]
    for text in texts:
        telegram_server.user_sends_text(user, text)

    replies = await telegram_server.wait_for_bot_messages_async(user, count=20)

    assert bot_app.bot_data["handled"] == texts
    assert [r.text for r in replies] == texts


@pytest.mark.asyncio
async def test_hundred_users_at_once(telegram_server):
    app = build_test_bot(telegram_server, concurrent=True)
    users = [telegram_server.add_user(f"사용자{i}") for i in range(100)]
    async with running_application(app):
        for user in users:
            telegram_server.user_sends_text(user, f"안녕 {user.id}")
        await telegram_server.wait_until_async(
            lambda server: len(server.bot_messages()) >= 100, timeout=20, what="100 replies")
    for user in users:
        assert [m.text for m in telegram_server.bot_messages(user)] == [f"안녕 {user.id}"]
    assert app.bot_data["errors"] == []


@pytest.mark.asyncio
async def test_get_updates_offset_limit_and_allowed_updates(telegram_server, raw_bot):
    user = telegram_server.add_user()
    for text in ("1", "2", "3"):
        telegram_server.user_sends_text(user, text)

    first = await raw_bot.get_updates(limit=2, timeout=0)
    assert [u.message.text for u in first] == ["1", "2"]
    again = await raw_bot.get_updates(timeout=0)  # not confirmed yet: delivered again
    assert [u.message.text for u in again] == ["1", "2", "3"]
    assert await raw_bot.get_updates(offset=again[-1].update_id + 1, timeout=0) == ()

    question = await raw_bot.send_message(user.id, "?", reply_markup=InlineKeyboardMarkup(
        [[InlineKeyboardButton("예", callback_data="yes")]]))
    telegram_server.user_sends_text(user, "무시될 메시지")
    [fake_question] = telegram_server.bot_messages(user)
    telegram_server.user_presses_button(user, fake_question, "yes")
    only = await raw_bot.get_updates(allowed_updates=["callback_query"], timeout=0)
    assert [u.callback_query.data for u in only] == ["yes"]
    assert only[0].callback_query.message.message_id == question.message_id


@pytest.mark.asyncio
async def test_get_updates_honours_timeout(raw_bot):
    started = time.monotonic()
    assert await raw_bot.get_updates(timeout=dtm.timedelta(milliseconds=300)) == ()
    assert 0.25 <= time.monotonic() - started < 2


@pytest.mark.asyncio
async def test_newer_poll_ends_older_one_with_conflict(telegram_server, raw_bot):
    async with Bot(telegram_server.token, base_url=telegram_server.base_url) as second:
        older = asyncio.create_task(raw_bot.get_updates(timeout=10))
        await telegram_server.wait_for_poller_async()
        await second.get_updates(timeout=0)
        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            await asyncio.wait_for(older, 3)


@pytest.mark.asyncio
async def test_stop_releases_a_pending_long_poll():
    with FakeTelegramBotApi() as server:
        async with Bot(server.token, base_url=server.base_url) as bot:
            poll = asyncio.create_task(bot.get_updates(timeout=30))
            await server.wait_for_poller_async()
            started = time.monotonic()
            await asyncio.to_thread(server.stop)
            [outcome] = await asyncio.wait_for(asyncio.gather(poll, return_exceptions=True), 3)
            assert outcome == () or isinstance(outcome, TelegramError)  # empty, or cut off
            assert time.monotonic() - started < 2


# ---- failing loudly ----------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_unimplemented_method_is_reported(telegram_server, raw_bot):
    user = telegram_server.add_user()
    telegram_server.open_private_chat(user)

    with pytest.raises(TelegramError, match="sendDice' is not implemented"):
        await raw_bot.send_dice(user.id)

    assert [call.method for call in telegram_server.unimplemented_calls] == ["sendDice"]
    with pytest.raises(AssertionError, match="sendDice"):
        telegram_server.assert_clean()
    telegram_server.take_unimplemented_calls()  # provoked on purpose: keep teardown green


@pytest.mark.asyncio
async def test_blocking_wait_inside_the_event_loop_is_refused(telegram_server):
    user = telegram_server.add_user()
    with pytest.raises(RuntimeError, match="wait_for_bot_messages_async"):
        telegram_server.wait_for_bot_messages(user, timeout=0.1)


@pytest.mark.asyncio
async def test_network_guard_refuses_api_telegram_org(no_external_network):
    with pytest.raises(TelegramError):
        async with Bot("123:real-servers-are-off-limits") as bot:  # default base_url
            await bot.get_me()
    assert any("api.telegram.org" in attempt for attempt in no_external_network.attempts)
    no_external_network.attempts.clear()  # provoked on purpose


# ---- other methods ---------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_commands_chat_info_and_actions(telegram_server, raw_bot):
    consultant = telegram_server.add_user("상담원", username="consultant")
    group = telegram_server.add_supergroup("상담팀", admins=[consultant])

    await raw_bot.set_my_commands([("start", "시작"), ("book", "상담 예약")])
    assert telegram_server.bot_commands() == [{"command": "start", "description": "시작"},
                                              {"command": "book", "description": "상담 예약"}]
    with pytest.raises(BadRequest, match="(?i)bot_command_invalid"):
        await raw_bot.set_my_commands([("Book!", "예약")])
    await raw_bot.delete_my_commands()
    assert telegram_server.bot_commands() == []

    chat = await raw_bot.get_chat(group.id)
    assert chat.is_forum and chat.title == "상담팀"
    member = await raw_bot.get_chat_member(group.id, consultant.id)
    assert member.status == "administrator"
    me = await raw_bot.get_chat_member(group.id, raw_bot.id)
    assert me.can_manage_topics
    assert await raw_bot.send_chat_action(group.id, "typing")
    with pytest.raises(BadRequest, match="(?i)wrong parameter action"):
        await raw_bot.send_chat_action(group.id, "dancing")
    assert await raw_bot.delete_webhook()
    assert (await raw_bot.get_webhook_info()).url == ""


@pytest.mark.asyncio
async def test_group_privacy_hides_plain_messages_from_a_non_admin_bot(telegram_server, raw_bot):
    user = telegram_server.add_user()
    group = telegram_server.add_supergroup("일반 그룹", members=[user], is_forum=False,
                                           bot_status="member")
    telegram_server.user_sends_text(user, "그냥 잡담", chat=group)
    telegram_server.user_sends_text(user, "/help", chat=group)
    bot_message = await raw_bot.send_message(group.id, "저는 봇이에요")
    telegram_server.user_sends_text(user, "답장이에요", chat=group,
                                    reply_to=bot_message.message_id)

    updates = await raw_bot.get_updates(timeout=0)

    assert [u.message.text for u in updates] == ["/help", "답장이에요"]
    assert updates[0].message.entities[0].type == "bot_command"
