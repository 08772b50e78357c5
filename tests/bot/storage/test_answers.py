import re
from datetime import timedelta

from bot.conversation import MAX_ACTION_BYTES, Button
from bot.storage import AnswerLog
from bot.storage.answers import MAX_ANSWER_ID_CHARS
from bot.storage.tables import utc_now

SOURCES = [{"doc_id": "ax-sme", "title": "중소기업 AX 지원사업", "section": "신청 방법", "updated": "2025-03-01"}]


def test_a_recorded_answer_reads_back_whole(database):
    log = AnswerLog(database)
    answer_id = log.record("tg:1", "신청 기간이 언제예요?", "3월 31일까지예요.", SOURCES, 0.82, True)
    record = log.get(answer_id)
    assert (record.user_id, record.question, record.answer_text) == ("tg:1", "신청 기간이 언제예요?", "3월 31일까지예요.")
    assert record.sources == SOURCES
    assert record.confidence == 0.82 and record.answered is True and record.vote is None
    assert log.get("unknown") is None


def test_answer_ids_are_short_url_safe_and_fit_a_button(database):
    log = AnswerLog(database)
    ids = {log.record("tg:1", "q", "a", [], 0.5, True) for _ in range(50)}
    assert len(ids) == 50
    for answer_id in ids:
        assert re.fullmatch(r"[A-Za-z0-9_-]{1,%d}" % MAX_ANSWER_ID_CHARS, answer_id)
        Button("fb:down:" + answer_id, "👎")  # raises over MAX_ACTION_BYTES
        assert len(("fb:down:" + answer_id).encode()) <= MAX_ACTION_BYTES


def test_a_second_tap_changes_the_vote_instead_of_adding_one(database):
    log = AnswerLog(database)
    answer_id = log.record("tg:1", "q", "a", SOURCES, 0.7, True)
    assert log.vote(answer_id, "tg:1", "up")
    assert log.vote(answer_id, "tg:1", "up")
    assert log.vote(answer_id, "tg:1", "down")
    assert log.get(answer_id).vote == "down"
    assert log.stats() == log.stats().__class__(answers=1, answered=1, votes_up=0, votes_down=1)


def test_stale_foreign_or_forged_votes_are_refused(database):
    log = AnswerLog(database)
    answer_id = log.record("tg:1", "q", "a", [], 0.7, True)
    assert not log.vote("gone-after-reset", "tg:1", "up")
    assert not log.vote(answer_id, "tg:2", "up")
    for value in ("sideways", "", "UP"):
        assert not log.vote(answer_id, "tg:1", value)
    for forged in ("", "x" * 10_000, "a\x00b", "🙂"):
        assert not log.vote(forged, "tg:1", "up")
    assert log.get(answer_id).vote is None


def test_stats_count_answers_and_votes_and_can_start_from_a_time(database):
    log = AnswerLog(database)
    first = log.record("tg:1", "q1", "a1", [], 0.9, True)
    second = log.record("tg:2", "q2", "a2", [], 0.2, False)
    log.record("tg:2", "q3", "a3", [], None, True)
    log.vote(first, "tg:1", "up")
    log.vote(second, "tg:2", "down")
    stats = log.stats()
    assert (stats.answers, stats.answered, stats.votes_up, stats.votes_down) == (3, 2, 1, 1)
    assert log.stats(since=utc_now() + timedelta(minutes=1)).answers == 0


def test_odd_inputs_are_stored_without_failing(database):
    log = AnswerLog(database)
    answer_id = log.record("tg:1", "", "🙂" * 5_000, [{"date": utc_now()}], float("nan"), 1)
    record = log.get(answer_id)
    assert record.confidence is None and record.answered is True and isinstance(record.sources[0]["date"], str)


def test_deleting_a_users_data_removes_their_answers_and_votes_only(database):
    log = AnswerLog(database)
    mine, theirs = log.record("tg:1", "q", "a", [], 0.5, True), log.record("tg:2", "q", "a", [], 0.5, True)
    log.vote(mine, "tg:1", "up")
    log.vote(theirs, "tg:2", "up")
    log.delete_user_data("tg:1")
    assert log.get(mine) is None and log.get(theirs).vote == "up"
    assert log.stats().votes_up == 1
