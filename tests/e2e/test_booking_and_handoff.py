"""Booking and handoff through the real assistant and the production Telegram wiring."""

import asyncio
import datetime as dt

import pytest
from sqlalchemy import func, select

from bot import texts
from bot.conversation import Incoming
from bot.storage import tables
from bot.storage.database import Database
from bot.tg.app import ALLOWED_UPDATES, build_bot_application
from tests.fakes.clock import SettableClock
from tests.fakes.fixtures import running_application

pytestmark = pytest.mark.asyncio
ALWAYS_OPEN = {"office_days": [0, 1, 2, 3, 4, 5, 6], "office_start": dt.time(0, 0), "office_end": dt.time(23, 59)}


def running(services, settings, telegram_settings):
    settings = settings.model_copy(update={"telegram": telegram_settings})
    return running_application(build_bot_application(settings, services), allowed_updates=ALLOWED_UPDATES)


class Manager:
    """A user driving the bot and counting what they did: every message and every tap is one action."""

    def __init__(self, server, user):
        self.server, self.user, self.actions = server, user, 0

    async def says(self, text):
        self.actions += 1
        self.server.user_sends_text(self.user, text)
        return await self._replies()

    async def taps(self, messages, prefix):
        message, data = next((m, d) for m in reversed(messages) for d in m.callback_data() if d.startswith(prefix))
        self.actions += 1
        self.server.user_presses_button(self.user, message, data)
        return await self._replies()

    async def _replies(self):
        return await self.server.wait_for_bot_messages_async(self.user, timeout=15)


def count(url: str, table) -> int:
    database = Database(url)
    with database.transaction() as connection:
        return connection.scalar(select(func.count()).select_from(table))


def reminders_still_ahead(url: str, offsets: list[int]) -> int:
    """The reminders the one booking should have: those still ahead when it was made (booked on a
    Sunday morning for Monday 10:00, the day-before reminder has already passed)."""
    with Database(url).transaction() as connection:
        slot, booked = connection.execute(select(tables.bookings.c.slot_start, tables.bookings.c.created_at)).one()
    return sum(slot - dt.timedelta(minutes=minutes) > booked for minutes in set(offsets))


def staffed_bot(server, make_bot, name="김민지", clock=None, **handoff):
    """A consultant, the staff forum they work in, and a bot posting handoffs and booking notices there."""
    consultant = server.add_user(name)
    group = server.add_supergroup("상담원실", members=[consultant], admins=[consultant], is_forum=True)
    return consultant, group, make_bot(clock=clock, handoff={"staff_chat_id": group.id, **handoff})


async def book_until_contact(manager):
    replies = await manager.says("상담 예약하고 싶어요")
    assert texts.BOOKING_CONSENT.split("\n")[0][:10] in replies[-1].text
    replies = await manager.taps(replies, "bk:ok")
    replies = await manager.taps(replies, "bk:t:")
    replies = await manager.taps(replies, "bk:p:")
    replies = await manager.taps(replies, "bk:d:")
    return await manager.taps(replies, "bk:s:")


async def test_a_consult_is_booked_from_the_phrase_to_confirmation_in_at_most_8_actions(telegram_server, telegram_settings, make_bot, database_url):
    services, settings = make_bot()
    async with running(services, settings, telegram_settings):
        manager = Manager(telegram_server, telegram_server.add_user("홍길동"))
        await book_until_contact(manager)
        summary = await manager.says("홍길동 010-1234-5678")
        done = await manager.taps(summary, "bk:y")
        calendar = await telegram_server.wait_for_call_async("sendDocument", timeout=10)
    assert manager.actions <= 8, manager.actions
    assert any("예약" in m.text for m in done)
    assert calendar.files and b"BEGIN:VCALENDAR" in next(iter(calendar.files.values())).data
    assert count(database_url, tables.bookings) == 1
    # the day before and one hour before, whichever is still ahead
    assert count(database_url, tables.booking_reminders) == reminders_still_ahead(database_url, settings.booking.reminder_offsets_minutes)


async def test_restarts_mid_booking_and_after_confirming_lose_or_duplicate_nothing(telegram_server, telegram_settings, make_bot, database_url):
    user = telegram_server.add_user("김재시작")
    services, settings = make_bot()
    async with running(services, settings, telegram_settings):
        manager = Manager(telegram_server, user)
        time_picked = await book_until_contact(manager)
    services, settings = make_bot()  # restart mid-flow: the flow's state is in the database
    async with running(services, settings, telegram_settings):
        summary = await manager.says("김재시작 010-9876-5432")
        assert "010-9876-5432" in summary[-1].text or "김재시작" in summary[-1].text
        await manager.taps(summary, "bk:y")
        await telegram_server.wait_for_call_async("sendDocument", timeout=10)
    # Restart after confirming, then a late second tap on the old button (a minute on: no double tap).
    services, settings = make_bot(clock=SettableClock(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)))
    async with running(services, settings, telegram_settings):
        again = await manager.taps(summary, "bk:y")
        assert again[-1].text != ""
    assert count(database_url, tables.bookings) == 1
    assert count(database_url, tables.booking_reminders) == reminders_still_ahead(database_url, settings.booking.reminder_offsets_minutes)
    assert time_picked


async def test_a_handoff_through_the_assistant_reaches_a_consultant_and_comes_back(telegram_server, telegram_settings, make_bot):
    consultant, group, (services, settings) = staffed_bot(telegram_server, make_bot, **ALWAYS_OPEN)
    async with running(services, settings, telegram_settings):
        manager = Manager(telegram_server, telegram_server.add_user("이사장"))
        await manager.says("AX 카라반은 누가 운영해요?")
        [waiting] = await manager.says("상담원 연결해 주세요")
        assert waiting.text.startswith(texts.HANDOFF_REQUESTED.split("{")[0][:8])
        await telegram_server.wait_for_call_async("createForumTopic", timeout=10)
        [topic] = telegram_server.topics(group)
        card = (await telegram_server.wait_for_bot_messages_async(group, message_thread_id=topic.message_thread_id, timeout=10))[0]
        assert "AX 카라반은 누가 운영해요?" in card.text  # the transcript travels with the card
        telegram_server.user_sends_text(consultant, "안녕하세요, 담당 상담원이에요. 무엇을 도와드릴까요?", chat=group, message_thread_id=topic.message_thread_id)
        [relayed] = await telegram_server.wait_for_bot_messages_async(manager.user, timeout=10)
        assert relayed.text.startswith("👩‍💼") and "무엇을 도와드릴까요" in relayed.text
        telegram_server.user_sends_text(manager.user, "카라반 신청 방법이 궁금해요")
        # First the "taken by 김민지" notice, then the user's message relayed into the topic.
        in_topic = await telegram_server.wait_for_bot_messages_async(group, count=2, message_thread_id=topic.message_thread_id, timeout=10)
        assert "김민지" in in_topic[0].text and "카라반 신청 방법이 궁금해요" in in_topic[1].text
        assert telegram_server.bot_messages(manager.user)[-1].text == relayed.text  # the bot did not answer it itself
        telegram_server.user_sends_text(consultant, "/end", chat=group, message_thread_id=topic.message_thread_id)
        [ended] = await telegram_server.wait_for_bot_messages_async(manager.user, timeout=10)
        assert ended.text == texts.HANDOFF_ENDED_FOR_USER
        [answer] = await manager.says("실증산단 예산은 총 얼마예요?")
        assert "2,000억" in answer.text  # the bot answers again


async def test_staff_are_notified_of_a_booking_confirm_it_and_list_today_and_week(telegram_server, telegram_settings, make_bot, database_url):
    consultant, group, (services, settings) = staffed_bot(telegram_server, make_bot, "박상담")
    async with running(services, settings, telegram_settings):
        manager = Manager(telegram_server, telegram_server.add_user("최예약"))
        await book_until_contact(manager)
        summary = await manager.says("최예약 010-2222-3333")
        await manager.taps(summary, "bk:y")
        [notice] = await telegram_server.wait_for_bot_messages_async(group, timeout=10)  # posted by the notice job
        # Staff need the contact to call back; it goes to the staff chat only, never to logs.
        assert "최예약" in notice.text and "010-2222-3333" in notice.text
        notice = await staff_taps(telegram_server, consultant, notice, "bk:sc:")
        assert "확정됨 (박상담," in notice.text and not any(data.startswith("bk:sc:") for data in notice.callback_data())
        telegram_server.user_sends_text(consultant, "/week", chat=group)
        [week] = await telegram_server.wait_for_bot_messages_async(group, timeout=10)
        assert "최예약" in week.text
    database = Database(database_url)
    with database.transaction() as connection:
        statuses = connection.execute(select(tables.bookings.c.status)).scalars().all()
    assert statuses == ["confirmed"]


async def staff_taps(server, consultant, notice, prefix):
    """A consultant taps a notice's button; returns the notice as the bot redrew it (or left it)."""
    data = next(data for data in notice.callback_data() if data.startswith(prefix))
    server.user_presses_button(consultant, notice, data)
    await server.wait_for_call_async("answerCallbackQuery", lambda call: "text" in call.params, timeout=10)
    return server.get_message(notice.chat_id, notice.message_id)


async def test_a_no_show_before_the_consult_is_refused_and_a_staff_cancel_reaches_the_customer(telegram_server, telegram_settings, make_bot, database_url):
    consultant, group, (services, settings) = staffed_bot(telegram_server, make_bot, "박상담")
    async with running(services, settings, telegram_settings):
        manager = Manager(telegram_server, telegram_server.add_user("한예약"))
        await book_until_contact(manager)
        await manager.taps(await manager.says("한예약 010-4444-5555"), "bk:y")
        [calendar] = await telegram_server.wait_for_bot_messages_async(manager.user, timeout=10)
        assert calendar.document is not None
        [notice] = await telegram_server.wait_for_bot_messages_async(group, timeout=10)
        data = next(data for data in notice.callback_data() if data.startswith("bk:sn:"))
        telegram_server.user_presses_button(consultant, notice, data)
        refused = await telegram_server.wait_for_call_async("answerCallbackQuery", lambda call: "text" in call.params, timeout=10)
        assert refused.params.get("show_alert") and "상담 시작 전" in refused.params["text"]
        asked = await staff_taps(telegram_server, consultant, notice, "bk:sx:")
        assert texts.BOOKING_STAFF_CANCEL_ASK in asked.text
        cancelled = await staff_taps(telegram_server, consultant, asked, "bk:sy:")
        assert "취소됨 (박상담," in cancelled.text and [data[:5] for data in cancelled.callback_data()] == ["bk:su"]
        [told] = await telegram_server.wait_for_bot_messages_async(manager.user, timeout=10)
        assert told.text.startswith(texts.BOOKING_CANCELLED_BY_STAFF.split("{")[0])
        [mine] = await manager.says("/mybookings")
        assert mine.text == texts.BOOKING_MY_EMPTY


async def test_a_booking_notice_written_before_a_restart_is_posted_after_it(telegram_server, telegram_settings, make_bot, database_url):
    consultant, group, (services, settings) = staffed_bot(telegram_server, make_bot, "박상담")
    user_id, handle = f"tg:{telegram_server.add_user('재시작').id}", services.assistant.handle
    # The turns of a bot that stops before its notice job runs (no Telegram needed for them).
    replies = handle(Incoming(user_id, text="상담 예약하고 싶어요"))
    for prefix in ("bk:ok", "bk:t:", "bk:p:", "bk:d:", "bk:s:"):
        replies = handle(Incoming(user_id, action=next(b.action for r in replies for b in r.buttons if b.action.startswith(prefix))))
    handle(Incoming(user_id, text="재시작 010-7777-8888"))
    assert "예약을 접수했어요" in handle(Incoming(user_id, action="bk:y"))[0].text
    services, settings = make_bot(handoff={"staff_chat_id": group.id})  # the restart
    async with running(services, settings, telegram_settings):
        [notice] = await telegram_server.wait_for_bot_messages_async(group, timeout=10)
    assert "재시작" in notice.text and "010-7777-8888" in notice.text and count(database_url, tables.pending_staff_notices) == 0


async def test_a_customer_cancel_from_my_bookings_redraws_the_staff_notice_and_tells_the_group(telegram_server, telegram_settings, make_bot):
    consultant, group, (services, settings) = staffed_bot(telegram_server, make_bot, "박상담")
    async with running(services, settings, telegram_settings):
        manager = Manager(telegram_server, telegram_server.add_user("한지우"))
        await book_until_contact(manager)
        await manager.taps(await manager.says("한지우 010-5555-6666"), "bk:y")
        [calendar] = await telegram_server.wait_for_bot_messages_async(manager.user, timeout=10)
        assert calendar.document is not None
        [notice] = await telegram_server.wait_for_bot_messages_async(group, timeout=10)
        notice = await staff_taps(telegram_server, consultant, notice, "bk:sc:")  # a consultant confirmed it
        [told] = await telegram_server.wait_for_bot_messages_async(manager.user, timeout=10)
        assert told.text.endswith("상담 예약이 확정됐어요. 그 시간에 상담원이 연락드릴게요.")  # the customer hears of it
        asked = await manager.taps(await manager.says("/mybookings"), "bk:c:")
        [done] = await manager.taps(asked, "bk:cy:")
        assert done.text.endswith(texts.BOOKING_CANCEL_DONE.split("}")[-1])
        [said] = await telegram_server.wait_for_bot_messages_async(group, timeout=10)  # the notice job's next round
        redrawn = telegram_server.get_message(group, notice.message_id)
    assert said.reply_to_message_id == notice.message_id and said.text.startswith("❌ 고객이 #1 상담 예약(")
    assert "상태: 취소됨 (고객," in redrawn.text and texts.BOOKING_STAFF_CANCELLED_BY_CUSTOMER in redrawn.text
    assert redrawn.callback_data() == [] and len(telegram_server.bot_messages(group)) == 2  # edited, not posted again


async def test_a_reschedule_made_just_before_a_restart_redraws_the_notice_after_it(telegram_server, telegram_settings, make_bot, database_url):
    consultant, group, (services, settings) = staffed_bot(telegram_server, make_bot, "박상담")
    async with running(services, settings, telegram_settings):
        manager = Manager(telegram_server, telegram_server.add_user("오세윤"))
        await book_until_contact(manager)
        await manager.taps(await manager.says("오세윤 010-7777-1212"), "bk:y")
        [notice] = await telegram_server.wait_for_bot_messages_async(group, timeout=10)
    old_when = notice.text.splitlines()[1].split(" · ")[0]
    # The customer moves the booking in the turns a bot handled before it stopped, before its notice job ran.
    user_id, handle = f"tg:{manager.user.id}", services.assistant.handle
    replies = handle(Incoming(user_id, command="mybookings"))
    for prefix in ("bk:r:", "bk:d:", "bk:s:"):
        choices = [b.action for r in replies for b in r.buttons if b.action.startswith(prefix)]
        replies = handle(Incoming(user_id, action=choices[-1]))  # the last day and time: surely not the old ones
    assert "예약 시간을 옮겼어요" in replies[0].text
    services, settings = make_bot(handoff={"staff_chat_id": group.id})  # the restart
    async with running(services, settings, telegram_settings):
        [said] = await telegram_server.wait_for_bot_messages_async(group, timeout=10)
        redrawn = telegram_server.get_message(group, notice.message_id)
        moved = await staff_taps(telegram_server, consultant, redrawn, "bk:sc:")  # its buttons still work
    new_when = redrawn.text.splitlines()[1].split(" · ")[0]
    assert said.reply_to_message_id == notice.message_id and said.text == f"🔁 고객이 #1 상담 예약 일시를 바꿨어요: {old_when} → {new_when}"
    assert new_when != old_when and f"(처음 예약한 일시: {old_when})" in redrawn.text and "오세윤" in redrawn.text
    assert "확정됨 (박상담," in moved.text and count(database_url, tables.pending_staff_notices) == 0


async def test_a_sticker_mid_booking_is_answered_and_the_step_is_asked_again(telegram_server, telegram_settings, make_bot, database_url):
    services, settings = make_bot()
    async with running(services, settings, telegram_settings):
        manager = Manager(telegram_server, telegram_server.add_user("스티커"))
        replies = await manager.says("상담 예약하고 싶어요")
        replies = await manager.taps(replies, "bk:ok")
        telegram_server.user_sends_sticker(manager.user)
        notice, step = await telegram_server.wait_for_bot_messages_async(manager.user, count=2, timeout=15)
        assert notice.text == texts.ASSISTANT_ATTACHMENT["sticker"] and notice.callback_data() == []
        assert any(data.startswith("bk:t:") for data in step.callback_data())  # the consult-type step again
        replies = await manager.taps([step], "bk:t:")  # and the flow goes on from there
        assert any(data.startswith("bk:p:") for m in replies for data in m.callback_data())


async def test_a_consultant_asked_for_mid_booking_gets_the_booking_on_the_card_and_whole_messages_both_ways(telegram_server, telegram_settings, make_bot):
    consultant, group, (services, settings) = staffed_bot(telegram_server, make_bot, **ALWAYS_OPEN)
    async with running(services, settings, telegram_settings):
        manager = Manager(telegram_server, telegram_server.add_user("정예약"))
        await book_until_contact(manager)
        summary = await manager.says("정예약 010-3333-4444")
        await manager.taps(summary, "bk:y")
        await telegram_server.wait_for_call_async("sendDocument", timeout=10)
        [calendar] = await telegram_server.wait_for_bot_messages_async(manager.user, timeout=10)
        assert calendar.document is not None
        second = await manager.says("상담 예약하고 싶어요")  # a second booking started, then left for a person
        assert any(data.startswith("bk:t:") for m in second for data in m.callback_data())
        [waiting] = await manager.says("상담원이랑 직접 통화하고 싶어요")
        assert waiting.text.startswith(texts.BOOKING_SET_ASIDE) and texts.BOOKING_RESUME not in waiting.text
        await telegram_server.wait_for_call_async("createForumTopic", timeout=10)
        [topic] = telegram_server.topics(group)
        thread = topic.message_thread_id
        card = (await telegram_server.wait_for_bot_messages_async(group, message_thread_id=thread, timeout=10))[0]
        assert "예약: #1 " in card.text  # the confirmed booking, for the consultant to see
        telegram_server.user_sends_text(manager.user, "첫째 줄: 주소\n둘째 줄: 담당자")
        relayed = await telegram_server.wait_for_bot_messages_async(group, count=1, message_thread_id=thread, timeout=10)
        assert "첫째 줄: 주소\n둘째 줄: 담당자" in relayed[-1].text  # line breaks kept
        long_reply = "나" * 4000 + "끝"
        telegram_server.user_sends_text(consultant, long_reply, chat=group, message_thread_id=thread)
        [delivered] = await telegram_server.wait_for_bot_messages_async(manager.user, timeout=10)
        assert delivered.text.endswith(long_reply)  # whole: the channel splits only past 4,096


async def test_a_double_tap_on_end_through_the_assistant_is_one_message_and_a_toast(telegram_server, telegram_settings, make_bot):
    """QA 15 with the real assistant: the second tap of a double tap gets a toast (QA 9); the handoff's buttons go."""
    consultant, group, (services, settings) = staffed_bot(telegram_server, make_bot, clock=SettableClock(), **ALWAYS_OPEN)
    async with running(services, settings, telegram_settings):
        manager = Manager(telegram_server, telegram_server.add_user("최사장"))
        [waiting] = await manager.says("상담원 연결해 주세요")
        telegram_server.user_presses_button(manager.user, waiting, "handoff:end")
        telegram_server.user_presses_button(manager.user, waiting, "handoff:end")
        [ended] = await telegram_server.wait_for_bot_messages_async(manager.user, timeout=10)
        assert ended.text == texts.HANDOFF_ENDED_FOR_USER
        await telegram_server.wait_until_async(lambda s: len(s.calls("answerCallbackQuery")) == 2, timeout=10)
        await asyncio.sleep(0.3)
        assert telegram_server.bot_messages(manager.user)[-1].text == ended.text
        assert telegram_server.calls("answerCallbackQuery")[-1].params.get("text") == texts.REPEATED_PRESS_TOAST
        assert not telegram_server.get_message(manager.user, waiting.message_id).reply_markup
