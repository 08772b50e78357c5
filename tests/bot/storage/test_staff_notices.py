"""Pending staff notices in the database: kept across a restart, posted in order, never by two workers."""

import threading
from datetime import timedelta

from sqlalchemy import func, select

from bot.conversation import Button
from bot.staff_notices import POST, REDRAW, NoticeMessage, StaffNoticeStore
from bot.storage.tables import staff_notice_messages, utc_now


def test_notices_outlive_the_process_that_wrote_them_and_come_back_in_order(database):
    before_restart = StaffNoticeStore(database)
    for number in range(3):
        before_restart.notify(f"🆕 상담 예약 접수 #{number}", [Button(f"bk:sc:{number}", "✅ 확정")])
    after_restart = StaffNoticeStore(database)
    claimed = after_restart.claim()
    assert [n.text for n in claimed] == [f"🆕 상담 예약 접수 #{number}" for number in range(3)]
    assert claimed[0].buttons == (Button("bk:sc:0", "✅ 확정"),)
    for notice in claimed:
        after_restart.posted(notice)
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
    store.posted(claimed[0])
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


def test_a_bookings_notice_is_remembered_where_it_was_posted_and_its_changes_queue_behind_it(database):
    store = StaffNoticeStore(database)
    store.notify("🆕 상담 예약 접수 #7", [Button("bk:sc:7", "✅ 확정")], booking_id=7)
    store.notify_change(7, "❌ 고객이 #7 상담 예약을 취소했어요.")
    new, change = store.claim()
    assert (new.kind, new.booking_id, change.kind, change.booking_id, change.buttons) == (POST, 7, REDRAW, 7, ())
    assert store.message_for(7) is None  # not posted yet
    store.posted(new, NoticeMessage(-1001234567890, 41))  # a supergroup id: beyond 32 bits
    assert store.message_for(7) == NoticeMessage(-1001234567890, 41)
    store.posted(change)  # redrawn in place: the notice stays where it was
    assert store.message_for(7) == NoticeMessage(-1001234567890, 41) and store.claim() == []
    store.notify_change(7, "🔁 고객이 #7 상담 예약 일시를 바꿨어요")
    [again] = StaffNoticeStore(database).claim()  # after a restart
    StaffNoticeStore(database).posted(again, NoticeMessage(-1001234567890, 58))  # the old one was gone: posted anew
    assert store.message_for(7) == NoticeMessage(-1001234567890, 58)


def test_a_notice_about_no_booking_remembers_nothing(database):
    store = StaffNoticeStore(database)
    store.notify("/today 요약")
    [notice] = store.claim()
    store.posted(notice, NoticeMessage(-100, 3))
    with database.transaction() as connection:
        remembered = connection.scalar(select(func.count()).select_from(staff_notice_messages))
    assert notice.booking_id is None and remembered == 0 and store.claim() == []
