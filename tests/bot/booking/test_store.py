"""Storage on SQLite and PostgreSQL: capacity under a race, idempotent confirm, reminders claimed once."""

import threading
from datetime import UTC, datetime, timedelta

from bot.booking.reminders import ReminderStore
from bot.booking.store import BookingStore, NewBooking, SlotFull
from tests.bot.booking.conftest import MONDAY_9AM, make_service

SLOTS = [datetime(2026, 12, 22, 1, tzinfo=UTC) + timedelta(hours=h) for h in range(10)]


def _new(user: int, start: datetime, key: str | None = None) -> NewBooking:
    return NewBooking(f"tg:{user}", key or f"key-{user}", "program", start, 60, "홍길동", "010-1234-5678", "AX 카라반")


def _race(count: int, work) -> list:
    barrier, results, lock = threading.Barrier(count), [], threading.Lock()

    def run(index: int) -> None:
        barrier.wait()
        outcome = work(index)
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_50_users_racing_for_10_slots_make_exactly_10_bookings(database):
    store = BookingStore(database)

    def book(user: int) -> str:
        try:
            store.create(_new(user, SLOTS[user % 10]), capacity=1, reminder_offsets=[1440, 60], now=MONDAY_9AM)
            return "booked"
        except SlotFull:
            return "full"

    results = _race(50, book)
    booked = store.between()
    assert results.count("booked") == 10 and results.count("full") == 40
    assert sorted(b.slot_start for b in booked) == SLOTS


def test_capacity_two_gives_two_seats_and_a_cancel_frees_one(database):
    store = BookingStore(database)
    first, _ = store.create(_new(1, SLOTS[0]), 2, [], MONDAY_9AM)
    store.create(_new(2, SLOTS[0]), 2, [], MONDAY_9AM)
    try:
        store.create(_new(3, SLOTS[0]), 2, [], MONDAY_9AM)
        raise AssertionError("third seat booked")
    except SlotFull:
        pass
    store.set_status(first.id, "cancelled", MONDAY_9AM)
    store.create(_new(3, SLOTS[0]), 2, [], MONDAY_9AM)
    assert store.taken(SLOTS[0], SLOTS[1]) == {SLOTS[0]: 2}
    assert [s for s, _ in store.history(first.id)] == ["requested", "cancelled"]


def test_a_double_tap_racing_on_one_key_books_once(database):
    store = BookingStore(database)
    results = _race(8, lambda i: store.create(_new(1, SLOTS[0], key="same-flow"), 1, [60], MONDAY_9AM)[1])
    assert results.count(True) == 1 and len(store.between()) == 1


def test_reminders_are_claimed_exactly_once_by_two_workers(database):
    store, reminders = BookingStore(database), ReminderStore(database)
    booking, _ = store.create(_new(1, SLOTS[3]), 1, [1440, 60], MONDAY_9AM)
    due_time = SLOTS[3] - timedelta(minutes=30)
    due = reminders.due(due_time)
    assert len(due) == 2  # the day-before one was never sent: it is still due
    claimed = _race(2, lambda i: [reminders.claim(r.id, due_time) for r in due])
    assert sum(flag for flags in claimed for flag in flags) == 2
    assert reminders.due(due_time) == []


def test_cancel_and_reschedule_replace_reminders(database, clock):
    service = make_service(database, clock)
    store = service.store
    booking, _ = store.create(_new(1, SLOTS[2]), 1, [1440, 60], MONDAY_9AM)
    moved = store.reschedule(booking.id, SLOTS[5], 1, [1440, 60], MONDAY_9AM)
    assert [due for _, due in service.reminders.pending(booking.id)] == [SLOTS[5] - timedelta(minutes=m) for m in (1440, 60)]
    assert store.taken(SLOTS[0], SLOTS[9]) == {SLOTS[5]: 1} and moved.slot_start == SLOTS[5]
    store.set_status(booking.id, "confirmed", MONDAY_9AM)
    assert store.reschedule(booking.id, SLOTS[6], 1, [1440, 60], MONDAY_9AM).status == "requested"  # nobody confirmed the new time
    store.set_status(booking.id, "cancelled", MONDAY_9AM)
    assert service.reminders.pending(booking.id) == []
    assert service.due_reminders(SLOTS[5] - timedelta(minutes=5)) == []


def test_due_reminders_survive_a_restart_and_are_sent_once(database, clock):
    make_service(database, clock).store.create(_new(1, SLOTS[4]), 1, [60], MONDAY_9AM)
    at = SLOTS[4] - timedelta(minutes=59)
    first = make_service(database, clock).due_reminders(at)  # a fresh service: as after a restart
    second = make_service(database, clock).due_reminders(at)
    assert [user for user, _ in first] == ["tg:1"] and "60분 뒤" in first[0][1].text and second == []


def test_delete_user_data_cancels_future_bookings_and_erases_contact(database, clock):
    erased = []
    service = make_service(database, clock, erasers=[erased.append])
    past, _ = service.store.create(_new(1, MONDAY_9AM - timedelta(days=3), key="old"), 1, [], MONDAY_9AM - timedelta(days=9))
    future, _ = service.store.create(_new(1, SLOTS[0]), 1, [60], MONDAY_9AM)
    service.store.grant_consent("tg:1", "2025-1", MONDAY_9AM)
    assert service.delete_user_data("tg:1") == 1
    assert service.store.get(future.id).status == "cancelled" and erased == ["tg:1"]
    for booking in (service.store.get(past.id), service.store.get(future.id)):
        assert booking.contact_name is None and booking.contact_phone is None
    assert not service.store.has_consent("tg:1", "2025-1") and service.store.last_contact("tg:1") is None


def test_retention_purges_old_personal_data_only(database, clock):
    service = make_service(database, clock)
    old, _ = service.store.create(_new(1, MONDAY_9AM - timedelta(days=400), key="old"), 1, [], MONDAY_9AM - timedelta(days=410))
    recent, _ = service.store.create(_new(2, SLOTS[0]), 1, [], MONDAY_9AM)
    assert service.purge_expired(MONDAY_9AM) == 1
    assert service.store.get(old.id).contact_phone is None and service.store.get(recent.id).contact_phone == "010-1234-5678"


def test_staff_summary_and_status_changes(database, clock):
    service = make_service(database, clock)
    clock.now = SLOTS[0] - timedelta(hours=1)
    booking, _ = service.store.create(_new(1, SLOTS[0]), 1, [], MONDAY_9AM)
    assert "오늘 상담 예약 (1건)" in service.staff_summary("day") and "홍길동" in service.staff_summary("week")
    assert "확정됨" in service.staff_action(f"bk:sc:{booking.id}", "김민지").answer
    assert service.staff_action(f"bk:sc:{booking.id}").answer.startswith(f"#{booking.id} 예약은 이미 '확정됨'")  # a second consultant
    assert service.next_booking("tg:1").startswith(f"#{booking.id} ") and "확정됨" in service.next_booking("tg:1")
    clock.now = SLOTS[0]
    assert "상담 완료" in service.staff_action(f"bk:sd:{booking.id}", "김민지").answer
    assert service.store.get(booking.id).status == "completed"
    assert "이미 '상담 완료'" in service.staff_action(f"bk:sn:{booking.id}").answer and service.next_booking("tg:1") is None
    unknown = service.staff_action("bk:sc:99999")
    assert unknown == service.staff_action("bk:sc:x") and unknown.alert and unknown.notice is None
