"""The terminal channel: `axbot chat` (interactive) and `axbot ask` (one turn, or a batch, as JSON).

Buttons become numbered choices; typing the number presses the button. Like every channel,
this only translates: the assistant decides everything.
"""

import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from typing import TextIO

from bot import texts
from bot.conversation import Incoming, Reply, split_command

Handle = Callable[[Incoming], list[Reply]]
COMMANDS = {"start", "help", "book", "human", "mybookings", "deletemydata", "profile", "cancel", "end"}


def incoming_from_line(user_id: str, line: str) -> Incoming:
    """A typed line: "/help" is a command ("/book 내일 10시" keeps its words as the text), anything else is text."""
    command, arguments = split_command(line)
    if line.strip().startswith("/") and command in COMMANDS:
        return Incoming(user_id=user_id, command=command, text=arguments)
    return Incoming(user_id=user_id, text=line)


def turn_json(replies: list[Reply], latency_ms: float) -> dict:
    """The `axbot ask --json` shape: one object per turn, whatever the number of replies."""
    last = replies[-1] if replies else Reply("")
    return {
        "text": "\n\n".join(reply.text for reply in replies),
        "intent": last.intent,
        "sources": [asdict(source) for reply in replies for source in reply.sources],
        "vendors": [vendor for reply in replies for vendor in reply.vendors],
        "actions": [{"id": b.action, "label": b.label} for reply in replies for b in reply.buttons],
        "confidence": last.confidence,
        "files": [reply.file.name for reply in replies if reply.file],
        "latency_ms": round(latency_ms, 1),
    }


def timed_turn(handle: Handle, incoming: Incoming) -> dict:
    started = time.perf_counter()
    replies = handle(incoming)
    return turn_json(replies, (time.perf_counter() - started) * 1000)


def batch_turns(handle: Handle, lines: Iterable[str]) -> Iterator[dict]:
    """JSONL in ({"user", "text"} or {"user", "press"}), one JSON object out per turn."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            user = f"console:{row['user']}"
            incoming = Incoming(user_id=user, action=row["press"]) if "press" in row else incoming_from_line(user, row["text"])
        except (ValueError, KeyError, TypeError) as error:
            yield {"error": texts.CONSOLE_BAD_BATCH_LINE.format(number=number, error=error)}
            continue
        yield timed_turn(handle, incoming)


class ConsoleChat:
    """Reads lines, prints replies; a number presses the matching button of the last reply."""

    def __init__(self, handle: Handle, user_id: str, stdin: TextIO, stdout: TextIO):
        self._handle = handle
        self._user_id = user_id
        self._stdin = stdin
        self._stdout = stdout
        self._choices: list[str] = []

    def run(self) -> None:
        self._show(self._handle(Incoming(user_id=self._user_id, command="start")))
        self._print(texts.CONSOLE_HINT)
        while True:
            self._stdout.write("\n> ")
            self._stdout.flush()
            line = self._stdin.readline()
            if not line or line.strip() in ("/quit", "/exit", "종료"):
                self._print(texts.CONSOLE_BYE)
                return
            self._show(self._handle(self._incoming(line)))

    def _incoming(self, line: str) -> Incoming:
        choice = line.strip()
        if choice.isdigit() and 1 <= int(choice) <= len(self._choices):
            return Incoming(user_id=self._user_id, action=self._choices[int(choice) - 1])
        return incoming_from_line(self._user_id, line.rstrip("\r\n"))

    def _show(self, replies: list[Reply]) -> None:
        self._choices = []
        for reply in replies:
            self._print("\n" + reply.text)
            if reply.file:
                self._print(texts.CONSOLE_FILE.format(name=reply.file.name))
            for button in reply.buttons:
                self._choices.append(button.action)
                self._print(f"  {len(self._choices)}) {button.label}")

    def _print(self, text: str) -> None:
        self._stdout.write(text + "\n")
        self._stdout.flush()
