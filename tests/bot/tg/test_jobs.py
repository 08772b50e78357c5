"""Background jobs against the fake Bot API: staff notices from the database (and a customer's
change redrawing a booking's notice), the scheduler's log."""

import logging
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from telegram import Bot
from telegram.ext import ApplicationBuilder

from bot import texts
from bot.booking import BookingService, BookingSettings
from bot.booking.reminders import ReminderStore
from bot.booking.store import BookingStore, NewBooking
from bot.conversation import Button
from bot.staff_notices import StaffNoticeStore
from bot.storage import Database
from bot.tg.jobs import SERVICES_KEY, STAFF_CHAT_KEY, _post_staff_notices, register_jobs
from bot.tg.request import AiohttpRequest
from tests.fakes.fixtures import *  # noqa: F401,F403  (telegram_server, network guard)


@pytest.fixture
def notices(tmp_path) -> StaffNoticeStore:
    database = Database(f"sqlite:///{tmp_path / 'axbot.db'}")
    database.migrate()
    yield StaffNoticeStore(database)
    database.dispose()


def _context(bot: Bot, notices: StaffNoticeStore, staff_chat_id: int | None, booking: BookingService | None = None) -> SimpleNamespace:
    """What the notice job reads of PTB's CallbackContext."""
    services = SimpleNamespace(staff_notices=notices, booking=booking)
    return SimpleNamespace(bot=bot, bot_data={SERVICES_KEY: services, STAFF_CHAT_KEY: staff_chat_id})


@pytest.fixture
def booking(tmp_path) -> BookingService:
    """A booking service writing its staff notices to the database, with one booking made."""
    database = Database(f"sqlite:///{tmp_path / 'bookings.db'}")
    database.migrate()
    service = BookingService(BookingStore(database), ReminderStore(database), BookingSettings(), notifier=StaffNoticeStore(database))
    yield service
    database.dispose()


def _book(service: BookingService, user_id: str = "tg:7") -> int:
    """A booking as the flow's 확정 makes it: stored, its notice queued for the staff chat."""
    new = NewBooking(user_id, f"key-{user_id}", "program", datetime(2099, 12, 22, 1, tzinfo=UTC), 60, "홍길동", "010-1234-5678", "AX 카라반")
    item, _ = service.store.create(new, 2, [], datetime.now(UTC))
    notice = service.staff.notice(item)
    service.notifier.notify(notice.text, notice.buttons, booking_id=item.id)
    return item.id


def _bot(server) -> Bot:
    return Bot(server.token, base_url=server.base_url, base_file_url=server.base_file_url, request=AiohttpRequest())


@pytest.mark.asyncio
async def test_notices_left_by_a_stopped_bot_are_posted_in_order_once_even_after_a_failed_round(telegram_server, notices):
    group = telegram_server.add_supergroup("상담원실", is_forum=True)
    notices.notify("🆕 상담 예약 접수 #1", [Button("bk:sc:1", "✅ 확정")])  # written by the bot before it stopped
    notices.notify("🆕 상담 예약 접수 #2")
    bot = Bot(telegram_server.token, base_url=telegram_server.base_url, base_file_url=telegram_server.base_file_url, request=AiohttpRequest())
    async with bot:
        await _post_staff_notices(_context(bot, notices, -100999))  # a chat the bot is not in: nothing is lost
        await _post_staff_notices(_context(bot, notices, group.id))
        await _post_staff_notices(_context(bot, notices, group.id))  # the next tick has nothing left
    posted = telegram_server.bot_messages(group)
    assert [m.text for m in posted] == ["🆕 상담 예약 접수 #1", "🆕 상담 예약 접수 #2"] and posted[0].callback_data() == ["bk:sc:1"]


def test_the_scheduler_writes_no_line_per_run_but_keeps_its_warnings(caplog):
    scheduler = logging.getLogger("apscheduler")
    scheduler.setLevel(logging.NOTSET)
    caplog.set_level(logging.INFO)  # as `axbot run` sets the root logger
    application = ApplicationBuilder().token("123:abc").build()
    services = SimpleNamespace(index_preparer=SimpleNamespace(take_over=lambda: None, interval_s=5.0))
    register_jobs(application, services, staff_chat_id=None)
    runs = logging.getLogger("apscheduler.executors.default")
    assert not runs.isEnabledFor(logging.INFO) and runs.isEnabledFor(logging.WARNING)
    assert logging.getLogger("bot.tg.jobs").isEnabledFor(logging.INFO)


@pytest.mark.asyncio
async def test_a_customer_cancel_redraws_the_notice_in_place_and_says_so_in_a_reply(telegram_server, booking):
    group = telegram_server.add_supergroup("상담원실", is_forum=True)
    booking_id = _book(booking)
    async with _bot(telegram_server) as bot:
        await _post_staff_notices(_context(bot, booking.notifier, group.id, booking))
        [notice] = telegram_server.bot_messages(group)
        assert notice.callback_data()[0] == f"bk:sc:{booking_id}"
        booking.on_action("tg:7", {}, f"bk:cy:{booking_id}")  # the customer cancels from 내 예약
        await _post_staff_notices(_context(bot, booking.notifier, group.id, booking))
    redrawn = telegram_server.get_message(group, notice.message_id)
    assert "상태: 취소됨 (고객," in redrawn.text and texts.BOOKING_STAFF_CANCELLED_BY_CUSTOMER in redrawn.text
    assert redrawn.callback_data() == [] and "홍길동" in redrawn.text
    [_, said] = telegram_server.bot_messages(group)
    assert said.reply_to_message_id == notice.message_id and said.text.startswith(f"❌ 고객이 #{booking_id} 상담 예약(")
    assert booking.notifier.claim() == []


@pytest.mark.asyncio
async def test_a_notice_that_cannot_be_edited_is_posted_again_and_later_changes_go_to_the_new_one(telegram_server, booking):
    group = telegram_server.add_supergroup("상담원실", is_forum=True)
    booking_id = _book(booking)
    async with _bot(telegram_server) as bot:
        await _post_staff_notices(_context(bot, booking.notifier, group.id, booking))
        [first] = telegram_server.bot_messages(group)
        await bot.delete_message(group.id, first.message_id)  # an admin tidied the group
        state: dict = {}
        days = booking.on_action("tg:7", state, f"bk:r:{booking_id}")  # the customer moves the booking
        times = booking.on_action("tg:7", state, _first(days, "bk:d:"))
        booking.on_action("tg:7", state, _first(times, "bk:s:"))
        await _post_staff_notices(_context(bot, booking.notifier, group.id, booking))
        [_, again] = telegram_server.bot_messages(group)
        assert again.text.startswith(f"🔁 고객이 #{booking_id} 상담 예약 일시를 바꿨어요:") and "🆕 상담 예약 접수" in again.text
        assert [data.rsplit(":", 1)[0] for data in again.callback_data()] == ["bk:sc", "bk:sd", "bk:sn", "bk:sx"]
        booking.on_action("tg:7", {}, f"bk:cy:{booking_id}")  # and then cancels it
        await _post_staff_notices(_context(bot, booking.notifier, group.id, booking))
    assert "상태: 취소됨 (고객," in telegram_server.get_message(group, again.message_id).text
    assert telegram_server.bot_messages(group)[-1].reply_to_message_id == again.message_id


@pytest.mark.asyncio
async def test_a_notice_never_posted_is_nothing_to_edit(telegram_server, booking):
    group = telegram_server.add_supergroup("상담원실", is_forum=True)
    first, second = _book(booking), _book(booking, "tg:8")
    async with _bot(telegram_server) as bot:
        await _post_staff_notices(_context(bot, booking.notifier, None, booking))  # no staff chat configured: dropped
        booking.on_action("tg:7", {}, f"bk:cy:{first}")
        await _post_staff_notices(_context(bot, booking.notifier, None, booking))
        assert booking.notifier.claim() == [] and telegram_server.calls("sendMessage") == []
        booking.on_action("tg:8", {}, f"bk:cy:{second}")
        await _post_staff_notices(_context(bot, booking.notifier, group.id, booking))  # the staff chat is set now
    [posted] = telegram_server.bot_messages(group)  # the change, with the notice as it stands
    assert posted.text.startswith(f"❌ 고객이 #{second} 상담 예약(") and "상태: 취소됨 (고객," in posted.text and posted.callback_data() == []


def _first(replies, prefix: str) -> str:
    return next(button.action for reply in replies for button in reply.buttons if button.action.startswith(prefix))
