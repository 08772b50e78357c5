"""Staff buttons on a booking notice: when each is allowed, what the notice shows after, undo, and
the customer told of a staff cancellation. On SQLite and PostgreSQL."""

from datetime import UTC, datetime, timedelta

import pytest

from bot import texts
from bot.booking.store import NewBooking
from tests.bot.booking.conftest import MONDAY_9AM, RecordingNotifier, make_service

SLOT = datetime(2026, 12, 22, 1, tzinfo=UTC)  # Tuesday 10:00 in Seoul, a day after the clock's Monday 9:00
SLOT_LABEL = "12월 22일(화) 오전 10시"


@pytest.fixture
def staffed(database, clock):
    """A service and one booking (reminders a day and an hour before) made on Monday morning."""
    service = make_service(database, clock)
    new = NewBooking("tg:7", "key-7", "program", SLOT, 60, "홍길동", "010-1234-5678", "AX 카라반")
    item, _ = service.store.create(new, 1, [1440, 60], MONDAY_9AM)
    return service, item


def _actions(outcome) -> list[str]:
    return [button.action.rsplit(":", 1)[0] for button in outcome.notice.buttons]


@pytest.mark.parametrize("action, status", [("bk:sn", "불참"), ("bk:sd", "상담 완료")])
def test_no_show_and_completed_are_refused_before_the_consult_begins(staffed, clock, action, status):
    service, item = staffed
    refused = service.staff_action(f"{action}:{item.id}", "김민지")
    assert refused.alert and status in refused.answer and SLOT_LABEL in refused.answer  # says when it becomes possible
    assert service.store.get(item.id).status == "requested" and service.store.taken(SLOT, SLOT + timedelta(hours=1))
    assert len(service.reminders.pending(item.id)) == 2 and service.my_bookings("tg:7")[0].buttons  # nothing was touched
    clock.now = SLOT
    done = service.staff_action(f"{action}:{item.id}", "김민지")
    assert not done.alert and service.store.get(item.id).status != "requested" and done.customer is None


def test_the_notice_shows_the_status_who_changed_it_and_only_the_buttons_that_still_make_sense(staffed, clock):
    service, item = staffed
    first = service.staff.notice(item)
    assert "상태: 접수됨" in first.text and [b.action.rsplit(":", 1)[0] for b in first.buttons] == ["bk:sc", "bk:sd", "bk:sn", "bk:sx"]
    confirmed = service.staff_action(f"bk:sc:{item.id}", "김민지")
    assert "상태: 확정됨 (김민지, 12월 21일(월) 오전 9시)" in confirmed.notice.text and "홍길동" in confirmed.notice.text
    assert _actions(confirmed) == ["bk:sd", "bk:sn", "bk:sx"]
    clock.now = SLOT + timedelta(minutes=5)
    no_show = service.staff_action(f"bk:sn:{item.id}", "이수정")
    assert "상태: 불참 (이수정, 12월 22일(화) 오전 10시 5분)" in no_show.notice.text and _actions(no_show) == ["bk:su"]


def test_a_status_set_by_mistake_is_undone_with_its_seat(staffed, clock):
    service, item = staffed
    service.staff_action(f"bk:sc:{item.id}", "김민지")
    clock.now = SLOT
    service.staff_action(f"bk:sn:{item.id}", "김민지")
    assert not service.store.taken(SLOT, SLOT + timedelta(hours=1))
    undone = service.staff_action(f"bk:su:{item.id}", "이수정")
    assert undone.answer == texts.BOOKING_STAFF_UNDONE.format(id=item.id, status="확정됨") and undone.customer is None
    assert service.store.get(item.id).status == "confirmed" and service.store.taken(SLOT, SLOT + timedelta(hours=1))
    assert "상태: 확정됨 (이수정," in undone.notice.text and "bk:sc" not in _actions(undone)
    again = service.staff_action(f"bk:su:{item.id}", "이수정")  # a second consultant's undo
    assert again.alert and again.answer == texts.BOOKING_STAFF_NOTHING_TO_UNDO


def test_a_staff_cancel_asks_first_tells_the_customer_and_can_be_undone(staffed):
    service, item = staffed
    asked = service.staff_action(f"bk:sx:{item.id}", "김민지")
    assert service.store.get(item.id).status == "requested" and _actions(asked) == ["bk:sy", "bk:sk"]
    assert texts.BOOKING_STAFF_CANCEL_ASK in asked.notice.text
    kept = service.staff_action(f"bk:sk:{item.id}", "김민지")
    assert service.store.get(item.id).status == "requested" and "bk:sx" in _actions(kept)
    cancelled = service.staff_action(f"bk:sy:{item.id}", "김민지")
    assert cancelled.customer == ("tg:7", cancelled.customer[1])
    assert cancelled.customer[1].text == texts.BOOKING_CANCELLED_BY_STAFF.format(when=SLOT_LABEL)
    assert service.reminders.pending(item.id) == [] and service.my_bookings("tg:7")[0].text == texts.BOOKING_MY_EMPTY
    restored = service.staff_action(f"bk:su:{item.id}", "김민지")
    assert restored.customer[1].text == texts.BOOKING_RESTORED_BY_STAFF.format(when=SLOT_LABEL)
    assert service.store.get(item.id).status == "requested" and len(service.reminders.pending(item.id)) == 2


def test_an_undo_is_refused_when_the_seat_was_taken_meanwhile(staffed):
    service, item = staffed
    service.staff_action(f"bk:sy:{item.id}", "김민지")
    service.store.create(NewBooking("tg:8", "key-8", "program", SLOT, 60, "김철수", "010-2222-3333"), 1, [], MONDAY_9AM)
    refused = service.staff_action(f"bk:su:{item.id}", "김민지")
    assert refused.alert and refused.answer == texts.BOOKING_STAFF_UNDO_SLOT_TAKEN and refused.customer is None
    assert service.store.get(item.id).status == "cancelled"


def test_a_booking_the_customer_cancelled_shows_who_and_offers_nothing(staffed):
    service, item = staffed
    service.on_action("tg:7", {}, f"bk:cy:{item.id}")
    stale = service.staff_action(f"bk:sc:{item.id}", "김민지")  # the old notice's button
    assert "이미 '취소됨'" in stale.answer and "상태: 취소됨 (고객," in stale.notice.text and stale.notice.buttons == ()
    assert service.staff_action(f"bk:su:{item.id}", "김민지").answer == texts.BOOKING_STAFF_NOTHING_TO_UNDO


def test_a_booking_erased_at_the_customers_request_is_not_brought_back(staffed):
    service, item = staffed
    service.staff_action(f"bk:sy:{item.id}", "김민지")
    service.delete_user_data("tg:7")
    assert service.staff_action(f"bk:su:{item.id}", "김민지").answer == texts.BOOKING_STAFF_NOTHING_TO_UNDO
    assert service.store.get(item.id).status == "cancelled" and service.staff.notice(service.store.get(item.id)).buttons == ()


def test_a_customer_cancel_redraws_the_notice_as_cancelled_by_the_customer_without_buttons(database, clock):
    notifier = RecordingNotifier()
    service = make_service(database, clock, notifier)
    item, _ = service.store.create(NewBooking("tg:7", "key-7", "program", SLOT, 60, "홍길동", "010-1234-5678", "AX 카라반"), 1, [], MONDAY_9AM)
    clock.now = MONDAY_9AM + timedelta(hours=2)
    [done] = service.on_action("tg:7", {}, f"bk:cy:{item.id}")
    assert done.text == texts.BOOKING_CANCEL_DONE.format(when=SLOT_LABEL)
    [(booking_id, said)] = notifier.changes
    assert booking_id == item.id and said == f"❌ 고객이 #{item.id} 상담 예약({SLOT_LABEL})을 취소했어요. 이 상담은 진행하지 않아요."
    redrawn = service.staff_notice(item.id)
    assert "상태: 취소됨 (고객, 12월 21일(월) 오전 11시)" in redrawn.text and texts.BOOKING_STAFF_CANCELLED_BY_CUSTOMER in redrawn.text
    assert redrawn.buttons == () and "홍길동" in redrawn.text  # the booking stays readable for staff


def test_a_customer_reschedule_redraws_the_notice_with_the_new_time_and_the_first_one(database, clock):
    notifier = RecordingNotifier()
    service = make_service(database, clock, notifier)
    item, _ = service.store.create(NewBooking("tg:7", "key-7", "program", SLOT, 60, "홍길동", "010-1234-5678", "AX 카라반"), 1, [], MONDAY_9AM)
    service.staff_action(f"bk:sc:{item.id}", "김민지")
    booking: dict = {}
    service.on_action("tg:7", booking, f"bk:r:{item.id}")
    service.on_text("tg:7", booking, "수요일 오후 3시")
    assert service.store.get(item.id).slot_start == datetime(2026, 12, 23, 6, tzinfo=UTC)
    [(booking_id, said)] = notifier.changes
    assert booking_id == item.id and said == f"🔁 고객이 #{item.id} 상담 예약 일시를 바꿨어요: {SLOT_LABEL} → 12월 23일(수) 오후 3시"
    redrawn = service.staff_notice(item.id)
    # Nobody confirmed the new time: requested again, with 확정 back on the notice.
    assert redrawn.text.splitlines()[1].startswith("12월 23일(수) 오후 3시 ·") and "상태: 접수됨 (고객, 12월 21일(월) 오전 9시)" in redrawn.text
    assert f"🔁 고객이 12월 21일(월) 오전 9시에 일시를 바꿨어요. (처음 예약한 일시: {SLOT_LABEL})" in redrawn.text
    assert texts.BOOKING_STAFF_MOVED_CONFIRM_AGAIN in redrawn.text and service.store.get(item.id).status == "requested"
    assert [b.action.rsplit(":", 1)[0] for b in redrawn.buttons] == ["bk:sc", "bk:sd", "bk:sn", "bk:sx"]
    confirmed = service.staff_action(f"bk:sc:{item.id}", "이수정")
    assert "상태: 확정됨 (이수정," in confirmed.notice.text and texts.BOOKING_STAFF_MOVED_CONFIRM_AGAIN not in confirmed.notice.text
    assert "처음 예약한 일시" in confirmed.notice.text and confirmed.customer[1].text.startswith("12월 23일(수) 오후 3시 상담 예약이 확정됐어요")


def test_a_staff_confirm_tells_the_customer_and_a_second_tap_tells_nobody(staffed):
    service, item = staffed
    confirmed = service.staff_action(f"bk:sc:{item.id}", "김민지")
    user_id, told = confirmed.customer
    assert user_id == "tg:7" and told.text == texts.BOOKING_CONFIRMED_BY_STAFF.format(when=SLOT_LABEL)
    again = service.staff_action(f"bk:sc:{item.id}", "이수정")
    assert again.customer is None and service.store.get(item.id).status == "confirmed"


def test_deleting_ones_data_redraws_each_cancelled_notice_without_the_name_or_phone(database, clock):
    notifier = RecordingNotifier()
    service = make_service(database, clock, notifier)
    item, _ = service.store.create(NewBooking("tg:7", "key-7", "program", SLOT, 60, "홍길동", "010-1234-5678", "AX 카라반"), 1, [], MONDAY_9AM)
    assert service.delete_user_data("tg:7") == 1
    [(booking_id, said)] = notifier.changes
    assert booking_id == item.id and said.startswith("❌ 고객이 개인정보 삭제를 요청해서") and "홍길동" not in said
    redrawn = service.staff_notice(item.id)
    assert texts.BOOKING_STAFF_ERASED_BY_CUSTOMER in redrawn.text and redrawn.buttons == ()
    assert "홍길동" not in redrawn.text and "010-1234-5678" not in redrawn.text


def test_an_unknown_booking_has_no_notice_to_redraw(staffed):
    service, item = staffed
    assert service.staff_notice(item.id + 1000) is None
