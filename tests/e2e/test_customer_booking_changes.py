"""A customer cancels or moves their booking from 내 예약, as they would type and tap it: the core
on the shipped knowledge, with the staff notices it leaves for the Telegram layer."""

from bot import texts
from bot.booking import flow
from tests.e2e.core_user import CoreUser
from bot.staff_notices import POST, REDRAW


class Customer(CoreUser):
    """One user with one booking made through the whole flow."""

    def __init__(self, assistant, user_id: str):
        super().__init__(assistant, user_id)
        self.say("상담 예약하고 싶어요")
        for prefix in ("bk:ok", "bk:t:program", "bk:p:0", "bk:d:", "bk:s:"):
            self.press(prefix)
        self.say("홍길동 010-1234-5678")
        assert self.press("bk:y")[0].text.startswith("예약을 접수했어요")

    def bookings(self):
        return self.assistant._booking_service.store.for_user(self.user_id)


def staff_notices(customer: Customer) -> list[tuple[str, int | None, str]]:
    """What the staff chat is to get, as the Telegram layer will claim it: (kind, booking id, text)."""
    return [(notice.kind, notice.booking_id, notice.text) for notice in customer.assistant._booking_service.notifier.claim()]


def test_a_typed_yes_to_the_cancel_question_cancels_and_staff_are_told_about_that_booking(make_assistant):
    customer = Customer(make_assistant(), "tg:70")
    [booking] = customer.bookings()
    customer.command("mybookings")
    [asked] = customer.press("bk:c:")
    assert asked.text.endswith("상담 예약을 취소할까요?")
    [done] = customer.say("네 취소해 주세요")
    assert done.text.endswith(texts.BOOKING_CANCEL_DONE.split("}")[-1]) and "캘린더" in done.text
    assert [b.status for b in customer.bookings()] == ["cancelled"]
    (new_kind, new_id, _), (change_kind, change_id, said) = staff_notices(customer)
    assert (new_kind, new_id, change_kind, change_id) == (POST, booking.id, REDRAW, booking.id)
    assert said.startswith(f"❌ 고객이 #{booking.id} 상담 예약(") and "홍길동" not in said and "010-" not in said


def test_a_typed_no_or_a_question_at_the_cancel_question_keeps_the_booking(make_assistant):
    customer = Customer(make_assistant(), "tg:71")
    customer.command("mybookings")
    customer.press("bk:c:")
    replies = customer.say("AX 카라반은 누가 운영해요?")  # answered, then asked again
    assert replies[-1].text.endswith("상담 예약을 취소할까요?") and len(replies) >= 2
    assert [b.status for b in customer.bookings()] == ["requested"]
    [kept] = customer.say("아니요, 그대로 둘게요")
    assert kept.text == texts.BOOKING_CANCEL_KEPT and [b.status for b in customer.bookings()] == ["requested"]
    [answer] = customer.say("네")  # the question is closed: a later "네" cancels nothing
    assert answer.intent != "booking" and [b.status for b in customer.bookings()] == ["requested"]


def test_leaving_the_cancel_question_says_the_booking_stands(make_assistant):
    customer = Customer(make_assistant(), "tg:72")
    customer.command("mybookings")
    customer.press("bk:c:")
    [welcome] = customer.command("start")
    assert welcome.text.startswith(texts.BOOKING_CANCEL_SET_ASIDE) and texts.BOOKING_SET_ASIDE not in welcome.text
    [mine] = customer.command("mybookings")
    assert "상태: 접수됨" in mine.text


def test_a_reschedule_says_what_stays_when_it_is_stopped_or_left(make_assistant):
    customer = Customer(make_assistant(), "tg:73")
    customer.command("mybookings")
    [start] = customer.press("bk:r:")
    assert texts.BOOKING_BUTTON_STOP_RESCHEDULE in customer.buttons() and texts.BOOKING_BUTTON_CANCEL not in customer.buttons()
    assert start.text.count("골라 주세요") == 1  # one request, not two in a row
    [asked] = customer.say("아니요")
    assert asked.text == texts.BOOKING_ASK_STOP_RESCHEDULE and texts.BOOKING_BUTTON_STOP_RESCHEDULE in customer.buttons()
    customer.press("bk:go")
    left = customer.say("상담원 연결해 주세요")
    assert left[0].text.startswith(texts.BOOKING_RESCHEDULE_SET_ASIDE) and texts.BOOKING_SET_ASIDE not in left[0].text
    assert [b.status for b in customer.bookings()] == ["requested"]


def test_moving_a_booking_to_its_own_time_says_so_instead_of_someone_took_it(make_assistant):
    customer = Customer(make_assistant(), "tg:74")
    [booking] = customer.bookings()
    own_time = customer.assistant._booking_service.staff.fields(booking)["when"]  # "11월 23일(월) 오전 10시"
    customer.command("mybookings")
    customer.press("bk:r:")
    replies = customer.say(own_time)
    assert replies[0].text.startswith(texts.BOOKING_RESCHEDULE_SAME_SLOT.format(when=own_time))
    assert texts.BOOKING_SLOT_TAKEN not in replies[0].text and customer.bookings()[0].slot_start == booking.slot_start


def test_with_one_booking_a_typed_cancel_asks_about_it_at_once(make_assistant):
    customer = Customer(make_assistant(), "tg:75")
    [booking] = customer.bookings()
    when = customer.assistant._booking_service.staff.fields(booking)["when"]
    [asked] = customer.say("예약 취소할게요")
    assert asked.text == texts.BOOKING_CANCEL_ASK.format(when=when)
    [done] = customer.say("네")
    assert done.text == texts.BOOKING_CANCEL_DONE.format(when=when) and [b.status for b in customer.bookings()] == ["cancelled"]


def test_with_one_booking_a_typed_move_then_a_typed_date_moves_it_and_staff_confirm_it_again(make_assistant):
    customer = Customer(make_assistant(), "tg:76")
    [booking] = customer.bookings()
    service = customer.assistant._booking_service
    service.staff_action(f"bk:sc:{booking.id}", "김민지")
    [moving] = customer.say("예약 시간 바꾸고 싶어요")
    assert moving.text.startswith(texts.BOOKING_RESCHEDULE_START.format(when=service.staff.fields(booking)["when"]))
    typed, _ = _free_slot_typed(service)  # a date, not "금요일": that Friday may be a holiday
    [moved] = customer.say(typed)
    assert moved.text.startswith("예약 시간을 옮겼어요") and moved.file is not None
    [item] = customer.bookings()
    assert item.slot_start != booking.slot_start and item.status == "requested"  # nobody confirmed the new time yet
    assert "상태: 접수됨" in customer.command("mybookings")[0].text
    card = service.staff_notice(item.id)
    assert texts.BOOKING_STAFF_MOVED_CONFIRM_AGAIN in card.text and any(b.action.startswith("bk:sc:") for b in card.buttons)
    confirmed = service.staff_action(f"bk:sc:{item.id}", "이수정")
    user_id, told = confirmed.customer  # the Telegram layer sends it, and warns staff if it cannot
    new_when = service.staff.fields(item)["when"]
    assert user_id == "tg:76" and told.text == texts.BOOKING_CONFIRMED_BY_STAFF.format(when=new_when)
    assert "상태: 확정됨" in customer.command("mybookings")[0].text


def test_with_two_bookings_a_typed_cancel_asks_which_one(make_assistant):
    customer = Customer(make_assistant(), "tg:77")
    customer.say("상담 예약하고 싶어요")
    for prefix in ("bk:t:program", "bk:p:1", "bk:d:", "bk:s:", "bk:same", "bk:y"):
        customer.press(prefix)
    assert len(customer.bookings()) == 2
    [which] = customer.say("예약 취소할게요")
    assert which.text.startswith(texts.BOOKING_CANCEL_WHICH.format(count=2)) and [b.status for b in customer.bookings()] == ["requested"] * 2
    customer.press("bk:c:")
    customer.say("네")
    assert sorted(b.status for b in customer.bookings()) == ["cancelled", "requested"]


def test_a_typed_cancel_while_making_a_new_booking_stops_that_one_only(make_assistant):
    customer = Customer(make_assistant(), "tg:78")
    customer.say("상담 예약하고 싶어요")
    customer.press("bk:t:program")
    [stopped] = customer.say("예약 취소할게요")
    assert stopped.text == texts.BOOKING_FLOW_CANCELLED and [b.status for b in customer.bookings()] == ["requested"]


def _free_slot_typed(service) -> tuple[str, str]:
    """The last free slot as a customer types it ("12월 24일 오후 4시") and as the bot says it: no
    weekday or "내일" that would tie the test to the day it runs."""
    start = service.slots.free_slots(service.store.taken(*service.slots.window()))[-1].start
    return f"{start.month}월 {start.day}일 {flow.time_label(start)}", flow.when_label(start)


def test_a_move_typed_with_its_day_and_time_moves_the_booking_in_one_message(make_assistant):
    customer = Customer(make_assistant(), "tg:79")
    [booking] = customer.bookings()
    service = customer.assistant._booking_service
    typed, said = _free_slot_typed(service)
    [moved] = customer.say(f"예약 {typed}로 바꿔 주세요")
    assert moved.text == texts.BOOKING_RESCHEDULE_DONE.format(when=said) and moved.file is not None
    [item] = customer.bookings()
    assert item.id == booking.id and service.staff.fields(item)["when"] == said


def test_a_booking_request_typed_with_a_time_keeps_it_across_a_restart(make_assistant):
    customer = CoreUser(make_assistant(), "tg:69")
    typed, said = _free_slot_typed(customer.assistant._booking_service)
    [consent] = customer.say(f"{typed}에 상담 예약하고 싶어요")
    assert consent.text.startswith(texts.BOOKING_WHEN_KEPT.format(when=said))
    customer.press("bk:ok")
    customer.assistant = make_assistant()  # the bot restarts: the flow's state is in the database
    customer.press("bk:t:program")
    [name] = customer.press("bk:p:0")
    assert name.text.startswith(texts.BOOKING_WHEN_KEPT_FREE.format(when=said))
    customer.say("홍길동 010-1234-5678")
    [done] = customer.press("bk:y")
    assert done.text.startswith("예약을 접수했어요") and said in done.text
