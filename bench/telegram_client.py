"""Event-loop CPU per Bot API call: PTB's default transport (httpx) against ours (aiohttp).

    python bench/telegram_client.py [--calls 2000] [--concurrency 64]

Sends `sendChatAction` to the fake Bot API on 127.0.0.1, `concurrency` calls in flight, and
reports the CPU time of the event loop's thread per call: the time a turn's Bot API calls take
from the GIL that the turn threads share with the loop. The fake server's threads are not counted.
"""

import argparse
import asyncio
import json
import time

from common import ROOT  # noqa: F401  (puts the repository on sys.path)
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.tg.request import AiohttpRequest
from tests.fakes.telegram_bot_api import FakeTelegramBotApi


async def loop_cpu_per_call(bot: Bot, chat_ids: list[int], calls: int, concurrency: int) -> float:
    slots = asyncio.Semaphore(concurrency)

    async def call(number: int) -> None:
        async with slots:
            await bot.send_chat_action(chat_id=chat_ids[number % len(chat_ids)], action="typing")

    async with bot:
        await asyncio.gather(*(call(n) for n in range(200)))  # warm: connections open, code paths hot
        started = time.thread_time()
        await asyncio.gather(*(call(n) for n in range(calls)))
        return (time.thread_time() - started) / calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=64)
    args = parser.parse_args()
    with FakeTelegramBotApi() as server:
        users = [server.add_user(f"부하{n}") for n in range(50)]
        for user in users:
            server.user_sends_text(user, "안녕하세요")  # a chat the bot may write to
        report = {}
        for name, request in (("httpx (PTB default)", HTTPXRequest(connection_pool_size=256)), ("aiohttp (bot/tg/request.py)", AiohttpRequest())):
            bot = Bot(server.token, base_url=server.base_url, request=request)
            seconds = asyncio.run(loop_cpu_per_call(bot, [user.id for user in users], args.calls, args.concurrency))
            report[name] = {"loop_cpu_ms_per_call": round(seconds * 1000, 2)}
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
