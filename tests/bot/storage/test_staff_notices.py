"""Pending staff notices in the database: kept across a restart, posted in order, never by two workers."""

import threading
from datetime import timedelta

from bot.conversation import Button
from bot.staff_notices import StaffNoticeStore
from bot.storage.tables import utc_now


def test_notices_outlive_the_process_that_wrote_them_and_come_back_in_order(database):
    before_restart = StaffNoticeStore(database)
    for number in range(3):
        before_restart.notify(f"🆕 상담 예약 접수 #{number}", [Button(f"bk:sc:{number}", "✅ 확정")])
    after_restart = StaffNoticeStore(database)
    claimed = after_restart.claim()
    assert [n.text for n in claimed] == [f"🆕 상담 예약 접수 #{number}" for number in range(3)]
    assert claimed[0].buttons == (Button("bk:sc:0", "✅ 확정"),)
    for notice in claimed:
        after_restart.posted(notice.id)
    assert after_restart.claim() == []


def test_a_second_worker_waits_for_the_first_and_a_dead_workers_claim_expires(database):
    first, second = StaffNoticeStore(database), StaffNoticeStore(database)
    first.notify("하나")
    [one] = first.claim()
    second.notify("둘")
    assert second.claim() == []  # "둘" must not overtake "하나", nor "하나" go out twice
    assert [n.text for n in second.claim(now=utc_now() + timedelta(minutes=2))] == ["하나", "둘"]  # the first worker died


def test_released_notices_are_tried_again_first(database):
    store = StaffNoticeStore(database)
    for text in ("하나", "둘", "셋"):
        store.notify(text)
    claimed = store.claim()
    store.posted(claimed[0].id)
    store.release([n.id for n in claimed[1:]])  # the post of "둘" failed
    store.notify("넷")
    assert [n.text for n in store.claim()] == ["둘", "셋", "넷"]


def test_workers_claiming_at_once_share_out_nothing_twice(database):
    StaffNoticeStore(database).notify("하나")
    workers = [StaffNoticeStore(database) for _ in range(4)]
    start, results = threading.Barrier(len(workers)), []

    def claim(store: StaffNoticeStore) -> None:
        start.wait()
        results.append(store.claim())

    threads = [threading.Thread(target=claim, args=(store,)) for store in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(len(claimed) for claimed in results) == [0, 0, 0, 1]
