import pytest

from bot.storage import TranscriptStore


def test_recent_lines_come_oldest_first(database):
    store = TranscriptStore(database)
    for number in range(30):
        store.append("tg:1", "user" if number % 2 == 0 else "bot", f"메시지 {number}")
    lines = store.recent("tg:1", limit=5)
    assert [line.text for line in lines] == [f"메시지 {n}" for n in range(25, 30)]
    assert [line.role for line in lines] == ["bot", "user", "bot", "user", "bot"]
    assert lines[0].created_at <= lines[-1].created_at and lines[0].id < lines[-1].id
    assert len(store.recent("tg:1")) == 20


def test_every_role_is_kept_and_an_unknown_one_refused(database):
    store = TranscriptStore(database)
    for role in ("user", "bot", "consultant", "system"):
        store.append("tg:1", role, role)
    with pytest.raises(ValueError):
        store.append("tg:1", "admin", "x")
    assert [line.role for line in store.recent("tg:1")] == ["user", "bot", "consultant", "system"]


def test_lines_belong_to_their_user_and_deletion_is_per_user(database):
    store = TranscriptStore(database)
    store.append("tg:1", "user", "첫 번째 사용자")
    store.append("tg:2", "user", "두 번째 사용자")
    store.delete_user("tg:1")
    assert store.recent("tg:1") == []
    assert [line.text for line in store.recent("tg:2")] == ["두 번째 사용자"]


def test_awkward_text_and_limits_do_not_fail(database):
    store = TranscriptStore(database)
    for text in ("", "a" * 50_000, "🙂", "你好", None):
        store.append("tg:1", "user", text)
    assert store.recent("tg:1", limit=0) == [] and store.recent("tg:1", limit=-3) == []
    assert [len(line.text) for line in store.recent("tg:1")] == [0, 50_000, 1, 2, 0]
