"""Telegram throughput: 100 concurrent users, the fake Bot API on 127.0.0.1, the bot as its own process.

    python bench/telegram_load.py [--users 100] [--messages 10] [--distinct]

The bot runs exactly as in production (`axbot run` in a separate process, polling the fake
Bot API through `telegram.base_url`). Each simulated user sends a question, waits for the
bot's reply and sends the next one (a closed loop, like people). Reports sustained user
messages per second, reply latency p50/p95 as users see it (send → first reply), and checks
from the bot's own transcript that every message was handled exactly once.

By default the 195 questions of the golden and first answer sets are reused, so each is asked
about five times, as popular questions are; a repeated question's embedding is cached. With
`--distinct` no message repeats (every dev question file; fewer messages per user if needed), so
every question is embedded: the worst case for the bot's CPU.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import yaml
from answers import DEV_FILES
from common import ROOT, percentile, questions, scratch_assistant
from sqlalchemy import func, select

from bot.storage import tables
from bot.storage.database import Database
from tests.fakes.telegram_bot_api import FakeTelegramBotApi


def start_bot(scratch: Path, server: FakeTelegramBotApi, settings) -> subprocess.Popen:
    config = scratch / "config.yaml"
    config.write_text(yaml.safe_dump({
        "embeddings": {"provider": settings.embeddings.provider},
        "knowledge": {"sources": [str(ROOT / "knowledge/content")], "uploads_dir": str(scratch / "uploads"), "index_dir": str(scratch / "index")},
        "storage": {"url": settings.storage.url},
        "telegram": {"token": server.token, "base_url": server.base_url, "base_file_url": server.base_file_url},
    }), encoding="utf-8")
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "--config", str(config), "run"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT)})


def converse(server, user, pool, offset, messages, latencies, lock) -> None:
    for turn in range(messages):
        sent = time.perf_counter()
        server.user_sends_text(user, pool[(offset + turn) % len(pool)])
        server.wait_for_bot_messages(user, count=1, timeout=120)
        with lock:
            latencies.append(time.perf_counter() - sent)


def handled_turns(url: str) -> dict[str, int]:
    database = Database(url)
    with database.transaction() as connection:
        rows = connection.execute(select(tables.transcript.c.user_id, func.count()).where(tables.transcript.c.role == "user").group_by(tables.transcript.c.user_id))
        return dict(rows.all())


def _cpu_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--messages", type=int, default=10)
    parser.add_argument("--distinct", action="store_true", help="never repeat a question")
    args = parser.parse_args()
    pool = questions("golden.jsonl", "answers_dev.jsonl")
    if args.distinct:
        pool = list(dict.fromkeys(questions("golden.jsonl", *DEV_FILES)))
        args.messages = min(args.messages, len(pool) // args.users)
        if not args.messages:
            parser.error(f"--distinct has {len(pool)} questions: fewer than one per user")
    with tempfile.TemporaryDirectory(prefix="axbot-load-") as scratch, FakeTelegramBotApi() as server:
        scratch = Path(scratch)
        _, settings = scratch_assistant(scratch)  # builds the index and the database once
        bot = start_bot(scratch, server, settings)
        try:
            server.wait_for_poller(timeout=120)
            accounts = [server.add_user(f"부하{n}") for n in range(args.users)]
            latencies, lock = [], threading.Lock()
            threads = [threading.Thread(target=converse, args=(server, user, pool, n * args.messages, args.messages, latencies, lock)) for n, user in enumerate(accounts)]
            bot_process, harness = psutil.Process(bot.pid), psutil.Process()
            cpu_before = (_cpu_seconds(bot_process), _cpu_seconds(harness))
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - started
            bot_cpu, harness_cpu = (_cpu_seconds(bot_process) - cpu_before[0], _cpu_seconds(harness) - cpu_before[1])
            time.sleep(2)  # a message answered twice would show up by now
        finally:
            bot.terminate()
            bot.wait(timeout=30)
        turns = handled_turns(settings.storage.url)
    expected = {f"tg:{user.id}": args.messages for user in accounts}
    report = {
        "distinct_questions": len(set(pool[: args.users * args.messages])) if args.distinct else len(pool),
        "users": args.users,
        "messages_sent": args.users * args.messages,
        "turns_handled": sum(turns.values()),
        "users_with_lost_or_repeated_turns": sum(turns.get(user_id, 0) != count for user_id, count in expected.items()),
        "seconds": round(elapsed, 1),
        "messages_per_second": round(args.users * args.messages / elapsed, 1),
        "reply_p50_ms": round(percentile(latencies, 50) * 1000),
        "reply_p95_ms": round(percentile(latencies, 95) * 1000),
        "bot_cpu_ms_per_turn": round(bot_cpu / (args.users * args.messages) * 1000, 1),
        "bot_cores_busy": round(bot_cpu / elapsed, 2),
        "harness_cores_busy": round(harness_cpu / elapsed, 2),
    }
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
