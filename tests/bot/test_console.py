import io
import json

from bot.console import ConsoleChat, batch_turns, incoming_from_line, turn_json
from bot.conversation import Button, Incoming, Reply, SourceRef


class ScriptedAssistant:
    """A fake `handle` that records what it received and answers from a script."""

    def __init__(self):
        self.received: list[Incoming] = []

    def handle(self, incoming: Incoming) -> list[Reply]:
        self.received.append(incoming)
        source = SourceRef("ax-caravan", "산업단지 AX 카라반", "개요", "2025-05-20")
        return [Reply(f"답: {incoming.text or incoming.action or incoming.command}", (Button("fb:up:a1", "👍"), Button("human", "상담원")), intent="program_question", confidence=0.8, sources=(source,))]


def test_lines_become_commands_or_text():
    assert incoming_from_line("console:a", "/help").command == "help"
    assert incoming_from_line("console:a", "/unknown 문장").text == "/unknown 문장"
    assert incoming_from_line("console:a", "카라반?").text == "카라반?"


def test_turn_json_has_the_documented_keys():
    result = turn_json(ScriptedAssistant().handle(Incoming("console:a", text="질문")), 12.345)
    assert set(result) >= {"text", "intent", "sources", "vendors", "actions", "confidence", "latency_ms"}
    assert result["actions"] == [{"id": "fb:up:a1", "label": "👍"}, {"id": "human", "label": "상담원"}]
    assert result["sources"][0]["title"] == "산업단지 AX 카라반" and result["latency_ms"] == 12.3


def test_batch_runs_text_and_presses_and_reports_bad_lines():
    fake = ScriptedAssistant()
    lines = [json.dumps({"user": "u1", "text": "카라반"}), "", "{broken", json.dumps({"user": "u1", "press": "human"})]
    results = list(batch_turns(fake.handle, lines))
    assert [r.get("text") for r in results] == ["답: 카라반", None, "답: human"]
    assert "3번째 줄" in results[1]["error"]
    assert [i.user_id for i in fake.received] == ["console:u1", "console:u1"]


def test_chat_numbers_press_buttons_of_the_last_reply():
    fake = ScriptedAssistant()
    stdout = io.StringIO()
    ConsoleChat(fake.handle, "console:me", io.StringIO("카라반 뭐예요\n2\n/quit\n"), stdout).run()
    assert [i.command or i.text or i.action for i in fake.received] == ["start", "카라반 뭐예요", "human"]
    output = stdout.getvalue()
    assert "  1) 👍" in output and "  2) 상담원" in output and "감사해요" in output
