"""What one turn of the real assistant leaves in the database, and in how many transactions."""

import pytest
from sqlalchemy import event

from bot import actions
from bot.conversation import Incoming
from bot.storage import AnswerLog, Database, DialogueStore, TranscriptStore, UserStore


def test_a_program_question_is_recorded_in_two_write_transactions(make_assistant, database_url):
    assistant = make_assistant()
    database = Database(database_url)
    assistant.handle(Incoming("tg:1", command="start", display_name="박과장"))  # first contact creates the rows
    begins = _write_transactions(assistant)

    replies = assistant.handle(Incoming("tg:1", text="AX 카라반은 언제까지 신청해요?", display_name="박과장"))

    # One before the turn (who, what they said) and one after it (answer log, replies, state).
    assert len(begins) == 2
    answer_id = next(b.action for b in replies[0].buttons if b.action.startswith(actions.FEEDBACK_UP)).removeprefix(actions.FEEDBACK_UP)
    record = AnswerLog(database).get(answer_id)
    assert record is not None and record.question == "AX 카라반은 언제까지 신청해요?" and replies[0].text.startswith(record.answer_text)
    lines = [(line.role, line.text) for line in TranscriptStore(database).recent("tg:1")]
    assert lines[-2:] == [("user", "AX 카라반은 언제까지 신청해요?"), ("bot", replies[0].text)]
    assert DialogueStore(database).load("tg:1")["last_answer_id"] == answer_id
    assert UserStore(database).get("tg:1").display_name == "박과장"
    database.dispose()


def test_a_turn_failing_after_its_answer_keeps_what_the_user_said_but_nothing_it_decided(make_assistant, database_url, monkeypatch):
    assistant = make_assistant()
    database = Database(database_url)
    monkeypatch.setattr(TranscriptStore, "append", _failing_for_bot_lines(TranscriptStore.append))

    with pytest.raises(RuntimeError):
        assistant.handle(Incoming("tg:1", text="AX 카라반은 언제까지 신청해요?"))

    monkeypatch.undo()
    assert [(line.role, line.text) for line in TranscriptStore(database).recent("tg:1")] == [("user", "AX 카라반은 언제까지 신청해요?")]
    assert AnswerLog(database).stats().answers == 0
    assert DialogueStore(database).load("tg:1") == {}
    database.dispose()


def test_an_answer_with_an_unpublished_part_offers_a_consultant_as_a_not_published_answer_does(make_assistant):
    from bot import texts

    assistant = make_assistant()
    both = assistant.handle(Incoming("tg:2", text="산단위크 프로그램 총 몇개에요? 본부별로 몇개씩인지도 나왔어요?"))[0]
    fact_only = assistant.handle(Incoming("tg:3", text="KICEF 어디서 열려요?"))[0]
    assert "23개" in both.text and texts.ANSWER_ASIDE_NOT_PUBLISHED in both.text
    assert both.text.endswith(texts.ASSISTANT_NOT_PUBLISHED_FOLLOWUP)
    assert "킨텍스" in fact_only.text and texts.ASSISTANT_NOT_PUBLISHED_FOLLOWUP not in fact_only.text


def _write_transactions(assistant) -> list[str]:
    begins: list[str] = []
    engine = assistant._stores.dialogues._db.engine
    event.listen(engine, "before_cursor_execute", lambda conn, cursor, sql, *args: begins.append(sql) if sql == "BEGIN IMMEDIATE" else None)
    return begins


def _failing_for_bot_lines(append):
    def failing(self, user_id, role, text):
        if role == "bot":
            raise RuntimeError("the database went away")
        return append(self, user_id, role, text)

    return failing
