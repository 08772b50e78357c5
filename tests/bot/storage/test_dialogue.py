import threading

import pytest
from sqlalchemy import select, update

from bot.storage import Database, DialogueStore, TranscriptStore, UserStore
from bot.storage.tables import dialogue_states


def test_a_session_saves_the_state_on_normal_exit(database):
    store = DialogueStore(database)
    assert store.load("tg:1") == {}
    with store.session("tg:1") as state:
        assert state == {}
        state.update(awaiting="vendor_need", last_doc_ids=["ax-sme"], 질문="스마트공장 지원 받을 수 있어요?")
    assert store.load("tg:1") == {"awaiting": "vendor_need", "last_doc_ids": ["ax-sme"], "질문": "스마트공장 지원 받을 수 있어요?"}
    assert _version(database, "tg:1") == 1


def test_an_exception_discards_the_state_change(database):
    store = DialogueStore(database)
    with store.session("tg:1") as state:
        state["step"] = 1
    with pytest.raises(RuntimeError), store.session("tg:1") as state:
        state["step"] = 2
        TranscriptStore(database).append("tg:1", "user", "실패한 턴의 메시지")
        raise RuntimeError("turn failed")
    assert store.load("tg:1") == {"step": 1}
    kept = [line.text for line in TranscriptStore(database).recent("tg:1")]
    # PostgreSQL: the turn is one transaction. SQLite: each write is its own short transaction
    # (a database-wide lock held for a turn would serialise every user), so what the user
    # said is still in the transcript for a consultant to read.
    assert kept == ([] if database.dialect == "postgresql" else ["실패한 턴의 메시지"])


def test_sqlite_sessions_of_different_users_overlap(database):
    if database.dialect != "sqlite":
        pytest.skip("PostgreSQL locks rows: covered by the per-user lock test")
    import threading

    store = DialogueStore(database)
    inside = threading.Barrier(2, timeout=5)

    def turn(user_id):
        with store.session(user_id) as state:
            inside.wait()  # both sessions open at once, or this times out
            state["seen"] = True

    threads = [threading.Thread(target=turn, args=(f"tg:{n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert store.load("tg:1") == store.load("tg:2") == {"seen": True}


def test_a_state_that_is_not_json_is_refused_and_nothing_is_saved(database):
    store = DialogueStore(database)
    with pytest.raises(TypeError), store.session("tg:1") as state:
        state["when"] = object()
    assert store.load("tg:1") == {}


def test_load_is_a_snapshot_and_an_unchanged_session_writes_nothing(database):
    store = DialogueStore(database)
    with store.session("tg:1") as state:
        state["n"] = 1
    snapshot = store.load("tg:1")
    snapshot["n"] = 99
    with store.session("tg:1") as state:
        assert state == {"n": 1}
    assert store.load("tg:1") == {"n": 1} and _version(database, "tg:1") == 1


def test_reset_and_delete_forget_the_state(database):
    store = DialogueStore(database)
    for user_id in ("tg:1", "tg:2"):
        with store.session(user_id) as state:
            state["n"] = 1
    store.reset("tg:1")
    store.delete_user_data("tg:2")
    assert store.load("tg:1") == {} == store.load("tg:2")
    with store.session("tg:1") as state:
        assert state == {}


def test_users_do_not_see_each_others_state(database):
    store = DialogueStore(database)
    with store.session("tg:1") as state:
        state["company"] = "한빛정밀"
    assert store.load("tg:2") == {} and store.load("console:local") == {}


def test_other_stores_called_inside_a_session_share_its_transaction(database):
    store, transcript, users = DialogueStore(database), TranscriptStore(database), UserStore(database)
    with store.session("tg:1") as state:
        users.touch("tg:1", "tg", "박과장")
        transcript.append("tg:1", "user", "안녕하세요")
        state["greeted"] = True
        assert store.load("tg:1") == {}  # the change is saved on exit, not before
        store.reset("tg:2")
    assert [line.text for line in transcript.recent("tg:1")] == ["안녕하세요"]


def test_saving_commits_the_state_with_the_writes_inside_it_and_the_session_writes_no_more(database):
    store, transcript = DialogueStore(database), TranscriptStore(database)
    with store.session("tg:1") as state:
        state["step"] = 1
        with store.saving(state):
            transcript.append("tg:1", "bot", "첫 단계예요")
        assert store.load("tg:1") == {"step": 1} and _version(database, "tg:1") == 1
    assert _version(database, "tg:1") == 1  # nothing left to save on exit
    assert [line.text for line in transcript.recent("tg:1")] == ["첫 단계예요"]


def test_a_failure_inside_saving_keeps_neither_the_state_nor_the_writes(database):
    store, transcript = DialogueStore(database), TranscriptStore(database)
    with pytest.raises(RuntimeError), store.session("tg:1") as state:
        state["step"] = 1
        with store.saving(state):
            transcript.append("tg:1", "bot", "저장되면 안 돼요")
            raise RuntimeError("turn failed")
    assert store.load("tg:1") == {} and transcript.recent("tg:1") == []


def test_saving_takes_only_a_sessions_state(database):
    with pytest.raises(TypeError):
        with DialogueStore(database).saving({"step": 1}):
            pass


def test_concurrent_sessions_for_one_user_run_one_after_the_other(database):
    # Two workers, each with its own engine as separate processes would have.
    workers = [database, Database(database.url.render_as_string(hide_password=False))]
    start = threading.Barrier(len(workers))
    errors: list[BaseException] = []

    def increment(worker: Database) -> None:
        store = DialogueStore(worker)
        start.wait()
        try:
            for _ in range(50):
                with store.session("tg:1") as state:
                    state["n"] = state.get("n", 0) + 1
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=increment, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert DialogueStore(database).load("tg:1") == {"n": 100}
    assert _version(database, "tg:1") == 100
    workers[1].dispose()


def test_on_postgresql_one_users_session_does_not_hold_up_another_user(clean_postgres_url):
    # Only PostgreSQL: SQLite has one writer at a time by design.
    database = Database(clean_postgres_url)
    database.migrate()
    store = DialogueStore(database)
    holding, release = threading.Event(), threading.Event()

    def hold_user_one() -> None:
        with store.session("tg:1") as state:
            state["busy"] = True
            holding.set()
            release.wait(timeout=10)

    thread = threading.Thread(target=hold_user_one)
    thread.start()
    assert holding.wait(timeout=10)
    with store.session("tg:2") as state:
        state["done"] = True
    assert store.load("tg:2") == {"done": True} and thread.is_alive()
    release.set()
    thread.join(timeout=10)
    database.dispose()


@pytest.mark.parametrize("user_id", ["", "x" * 10_000, "tg:🙂", "kakao:你好", "tg:nul\x00byte"])
def test_odd_user_ids_work(database, user_id):
    store = DialogueStore(database)
    with store.session(user_id) as state:
        state["text"] = "🙂" * 3 + "\x00" + "가" * 10_000
    assert store.load(user_id)["text"].startswith("🙂🙂🙂\x00가")


def test_a_damaged_stored_state_starts_over(database):
    store = DialogueStore(database)
    with store.session("tg:1") as state:
        state["n"] = 1
    with database.transaction() as connection:
        connection.execute(update(dialogue_states).values(state="[not json"))
    assert store.load("tg:1") == {}
    with store.session("tg:1") as state:
        state["n"] = 2
    assert store.load("tg:1") == {"n": 2}


def _version(database: Database, user_id: str) -> int:
    with database.transaction() as connection:
        return connection.scalar(select(dialogue_states.c.version).where(dialogue_states.c.user_id == user_id))
