"""Telegram throughput: 100 concurrent users through the real PTB app and the fake Bot API on 127.0.0.1.

    python bench/telegram_load.py [--users 100] [--messages 10]

Each simulated user sends a question, waits for the bot's reply, and sends the next one
(a closed loop, like people). Reports sustained user messages per second, reply latency
p50/p95 as users see it (send → reply arrives), and whether any message was lost or answered twice.
"""

import argparse
import asyncio
import json
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from common import percentile, questions, scratch_assistant

from bot.tg.app import ALLOWED_UPDATES, build_application
from bot.settings import TelegramSettings
from tests.fakes.fixtures import running_application
from tests.fakes.telegram_bot_api import FakeTelegramBotApi


async def load(server: FakeTelegramBotApi, handle, users: int, messages: int) -> dict:
    settings = TelegramSettings(token=server.token, base_url=server.base_url, base_file_url=server.base_file_url, max_concurrent_updates=64)
    pool = questions("golden.jsonl", "answers_dev.jsonl")
    latencies: list[float] = []
    # Each simulated user blocks a thread while it waits for its reply: give them enough.
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(users + 8, thread_name_prefix="user"))
    async with running_application(build_application(settings, handle), allowed_updates=ALLOWED_UPDATES):
        accounts = [server.add_user(f"부하{n}") for n in range(users)]

        async def converse(number: int, user) -> None:
            for turn in range(messages):
                sent = time.perf_counter()
                server.user_sends_text(user, pool[(number * messages + turn) % len(pool)])
                await server.wait_for_bot_messages_async(user, count=1, timeout=120)
                latencies.append(time.perf_counter() - sent)

        started = time.perf_counter()
        await asyncio.gather(*(converse(n, user) for n, user in enumerate(accounts)))
        elapsed = time.perf_counter() - started
        await asyncio.sleep(1.0)  # anything answered twice would arrive by now
        replies = {user.id: len(server.bot_messages(user)) for user in accounts}
    sent_total = users * messages
    return {
        "users": users,
        "messages_sent": sent_total,
        "replies_received": sum(replies.values()),
        "users_with_wrong_reply_count": sum(count != messages for count in replies.values()),
        "seconds": round(elapsed, 1),
        "messages_per_second": round(sent_total / elapsed, 1),
        "reply_p50_ms": round(percentile(latencies, 50) * 1000),
        "reply_p95_ms": round(percentile(latencies, 95) * 1000),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--messages", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="axbot-load-") as scratch:
        assistant, _ = scratch_assistant(Path(scratch))
        with FakeTelegramBotApi() as server:
            report = asyncio.run(load(server, assistant.handle, args.users, args.messages))
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
