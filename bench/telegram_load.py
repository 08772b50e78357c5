"""Telegram throughput: 100 concurrent users, the fake Bot API on 127.0.0.1, the bot as its own process.

    python bench/telegram_load.py [--users 100] [--messages 10] [--distinct] [--scratch DIR] [--profile FILE]

The bot runs exactly as in production (`axbot run` in a separate process, polling the fake
Bot API through `telegram.base_url`). Each simulated user sends a question, waits for the
bot's reply and sends the next one (a closed loop, like people). Reports sustained user
messages per second, reply latency p50/p95 as users see it (send → first reply), and checks
from the bot's own transcript that every message was handled exactly once.

By default the 195 questions of the golden and first answer sets are reused, so each is asked
about five times, as popular questions are; a repeated question's embedding is cached. With
`--distinct` no message repeats (every dev question file; fewer messages per user if needed), so
every question is embedded: the worst case for the bot's CPU.

`--scratch DIR` keeps the index in DIR, so a second run skips building it (minutes on this
machine); the database there is made afresh each run. `--profile FILE` profiles the bot's load
phase with cProfile, one profiler per thread timed by that thread's CPU (`time.thread_time`),
and writes the merged pstats to FILE when the bot stops. Its cost per call slows the bot (and
inflates code that makes many small calls): take CPU per turn from a run without it.
"""

import argparse
import cProfile
import json
import os
import pstats
import signal
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import nullcontext
from pathlib import Path

import psutil
import yaml
from answers import DEV_FILES
from common import ROOT, percentile, questions, scratch_assistant
from sqlalchemy import func, select

from bot.storage import tables
from bot.storage.database import Database
from tests.fakes.telegram_bot_api import FakeTelegramBotApi


# The bot's command line under `profiled_bot` (below), which needs this folder on the path.
PROFILED = "import sys; from telegram_load import profiled_bot; sys.exit(profiled_bot(sys.argv[1], sys.argv[2:]))"


def start_bot(scratch: Path, server: FakeTelegramBotApi, settings, profile: Path | None = None) -> subprocess.Popen:
    config = scratch / "config.yaml"
    config.write_text(yaml.safe_dump({
        "embeddings": {"provider": settings.embeddings.provider},
        "knowledge": {"sources": [str(ROOT / "knowledge/content")], "uploads_dir": str(scratch / "uploads"), "index_dir": str(scratch / "index")},
        "storage": {"url": settings.storage.url},
        "telegram": {"token": server.token, "base_url": server.base_url, "base_file_url": server.base_file_url},
    }), encoding="utf-8")
    command = ["-m", "bot.cli"] if profile is None else ["-c", PROFILED, str(profile.resolve())]
    path = os.pathsep.join([str(ROOT), str(Path(__file__).parent)])
    return subprocess.Popen([sys.executable, *command, "--config", str(config), "run"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": path})


def profiled_bot(out: str, argv: list[str]) -> int:
    """`axbot` whose threads are profiled on their own CPU clocks from SIGUSR1 (the load begins) to
    its exit, the stats merged into `out`.

    cProfile follows one thread, so each thread started from then on gets its own profiler (the
    turn threads start with the first turn) and the main thread, the event loop, one from the
    signal handler. Start-up (loading, warming up) stays out of the profile.
    """
    from bot.cli import main as axbot

    profiles: list[cProfile.Profile] = []

    def profile_this_thread(*_) -> None:
        profile = cProfile.Profile(time.thread_time)  # enable() replaces the thread's hook
        profiles.append(profile)
        profile.enable()

    def load_begins(*_) -> None:
        threading.setprofile(profile_this_thread)
        profile_this_thread()

    signal.signal(signal.SIGUSR1, load_begins)
    try:
        return axbot(argv)
    finally:
        threading.setprofile(None)
        _merged(profiles).dump_stats(out)


def _merged(profiles: list[cProfile.Profile]) -> pstats.Stats:
    """One pstats of several profilers, read without disabling those still running in other threads."""
    snapshots = []
    for profile in profiles:
        profile.snapshot_stats()
        snapshots.append(_Snapshot(profile.stats))
    return pstats.Stats(*snapshots)


class _Snapshot:
    """What pstats.Stats reads from a profiler: its stats, already taken."""

    def __init__(self, stats: dict):
        self.stats = stats

    def create_stats(self) -> None:
        pass


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


def _fresh_database(scratch: Path) -> None:
    """A kept scratch folder's database from an earlier run goes: turns are counted from it."""
    scratch.mkdir(parents=True, exist_ok=True)
    for name in ("axbot.db", "axbot.db-wal", "axbot.db-shm"):
        (scratch / name).unlink(missing_ok=True)


def _cpu_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def _loop_cpu_seconds(process: psutil.Process) -> float:
    """The bot's main thread, where PTB's event loop runs (the turns have threads of their own).
    On Linux the main thread's id is the process id."""
    main = next(thread for thread in process.threads() if thread.id == process.pid)
    return main.user_time + main.system_time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--messages", type=int, default=10)
    parser.add_argument("--distinct", action="store_true", help="never repeat a question")
    parser.add_argument("--scratch", type=Path, help="keep the index in this folder and reuse it (the database is new each run)")
    parser.add_argument("--profile", type=Path, help="write a pstats file of the bot's CPU time here")
    args = parser.parse_args()
    pool = questions("golden.jsonl", "answers_dev.jsonl")
    if args.distinct:
        pool = list(dict.fromkeys(questions("golden.jsonl", *DEV_FILES)))
        args.messages = min(args.messages, len(pool) // args.users)
        if not args.messages:
            parser.error(f"--distinct has {len(pool)} questions: fewer than one per user")
    folder = nullcontext(args.scratch) if args.scratch else tempfile.TemporaryDirectory(prefix="axbot-load-")
    with folder as scratch, FakeTelegramBotApi() as server:
        scratch = Path(scratch)
        _fresh_database(scratch)
        _, settings = scratch_assistant(scratch)  # builds the index (what changed, if kept) and the database once
        bot = start_bot(scratch, server, settings, args.profile)
        try:
            server.wait_for_poller(timeout=120)
            accounts = [server.add_user(f"부하{n}") for n in range(args.users)]
            latencies, lock = [], threading.Lock()
            threads = [threading.Thread(target=converse, args=(server, user, pool, n * args.messages, args.messages, latencies, lock)) for n, user in enumerate(accounts)]
            bot_process, harness = psutil.Process(bot.pid), psutil.Process()
            if args.profile:
                bot.send_signal(signal.SIGUSR1)
                time.sleep(0.5)  # the profilers are on before the first message
            cpu_before = (_cpu_seconds(bot_process), _cpu_seconds(harness), _loop_cpu_seconds(bot_process))
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - started
            bot_cpu, harness_cpu = (_cpu_seconds(bot_process) - cpu_before[0], _cpu_seconds(harness) - cpu_before[1])
            loop_cpu = _loop_cpu_seconds(bot_process) - cpu_before[2]
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
        "bot_event_loop_cpu_ms_per_turn": round(loop_cpu / (args.users * args.messages) * 1000, 1),
        "bot_cores_busy": round(bot_cpu / elapsed, 2),
        "harness_cores_busy": round(harness_cpu / elapsed, 2),
    }
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
