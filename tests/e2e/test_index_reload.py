"""A build staff publish while the bot runs is readied by the bot's job, then answers users."""

import asyncio
import logging

import pytest

from bot.services import build_bot, build_knowledge
from bot.settings import Settings
from bot.tg.app import ALLOWED_UPDATES, build_bot_application
from tests.fakes.fixtures import running_application
from tests.knowledge.kb_factory import write_program

pytestmark = pytest.mark.asyncio


async def _logged(caplog, message: str, times: int, timeout: float = 15.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while sum(message in record.getMessage() for record in caplog.records) < times:
        assert loop.time() < deadline, f"{message!r} was not logged {times} times"
        await asyncio.sleep(0.1)


async def test_the_job_readies_a_rebuilt_index_and_users_get_its_answers(tmp_path, telegram_server, telegram_settings, caplog):
    caplog.set_level(logging.INFO, logger="bot.services")
    programs = tmp_path / "content" / "programs"
    write_program(programs, "caravan", "산업단지 AX 카라반", "# 개요\n출범식에는 20개 AI 전문기업이 참여했어요.\n")
    settings = Settings.model_validate({
        "embeddings": {"provider": "hashing", "dimension": 64},
        "knowledge": {
            "sources": [str(tmp_path / "content")], "uploads_dir": str(tmp_path / "uploads"),
            "index_dir": str(tmp_path / "index"), "reload_check_s": 1,
        },
        "storage": {"url": f"sqlite:///{tmp_path / 'axbot.db'}"},
        "telegram": telegram_settings.model_dump(),
    })
    knowledge = build_knowledge(settings)
    knowledge.builder.build()
    services = build_bot(settings, knowledge=knowledge, warm_up=True)
    async with running_application(build_bot_application(settings, services), allowed_updates=ALLOWED_UPDATES):
        write_program(programs, "testbed", "AX 실증산단", "# 개요\nAX 실증산단은 전국 10곳에 조성될 예정이에요.\n")
        await asyncio.to_thread(knowledge.builder.build)  # `axbot kb add` in another process
        await _logged(caplog, "index_prepared", times=2)  # the start, then the job for the new build
        user = telegram_server.add_user("김공장")
        telegram_server.user_sends_text(user, "AX 실증산단은 몇 곳에 조성돼요?")
        replies = await telegram_server.wait_for_bot_messages_async(user, timeout=15)
    assert "10곳" in replies[0].text
