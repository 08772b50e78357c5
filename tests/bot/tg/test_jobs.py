"""Background jobs against the fake Bot API: staff notices from the database, the scheduler's log."""

import logging
from types import SimpleNamespace

import pytest
from telegram import Bot
from telegram.ext import ApplicationBuilder

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


def _context(bot: Bot, notices: StaffNoticeStore, staff_chat_id: int) -> SimpleNamespace:
    """What the notice job reads of PTB's CallbackContext."""
    return SimpleNamespace(bot=bot, bot_data={SERVICES_KEY: SimpleNamespace(staff_notices=notices), STAFF_CHAT_KEY: staff_chat_id})


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
