"""Which booking, of several: "예약 취소할게요" with three bookings asks which, and "1번이요", "두 번째요",
"2", "수요일 꺼" answer it as the buttons do; a number past the list, a day two bookings share or
words that point at none ask again with the buttons. "1번이요" also picks from the other lists of
the flow (type, topic, day, time).

The clock is Monday 2026-12-21 09:00 in Seoul; consults run weekdays 10–17 with lunch at 12, three
hours ahead at the earliest. `_three_booked` books Monday 13:00, Monday 14:00 and Wednesday 15:00."""

import pytest

from bot import texts
from bot.booking.service import is_active
from tests.bot.booking.test_flow import User
from tests.bot.booking.test_typed_when import _restarted

SLOTS = ("202612211300", "202612211400", "202612231500")
WHEN = ("12월 21일(월) 오후 1시", "12월 21일(월) 오후 2시", "12월 23일(수) 오후 3시")


def _three_booked(service, user_id: str = "tg:1") -> tuple[User, list]:
    """A user with three bookings made through the buttons, and those bookings in list order."""
    user = User(service, user_id)
    for number, slot in enumerate(SLOTS):
        user.start(consult_type="program")
        if number == 0:
            user.tap("bk:ok")
        for prefix in ("bk:p:0", f"bk:d:{slot[:8]}", f"bk:s:{slot}"):
            user.tap(prefix)
        user.say("홍길동 010-1234-5678") if number == 0 else user.tap("bk:same")
        user.tap("bk:y")
    return user, sorted(service.store.for_user(user_id), key=lambda item: item.slot_start)


def _ask(service, user: User, text: str):
    return user._record(service.manage(user.user_id, user.state, text))


@pytest.mark.parametrize(("answer", "index"), [
    ("1번이요", 0), ("첫번째", 0), ("두 번째요", 1), ("2", 1), ("2번 예약이요", 1), ("마지막 거요", 2),
    ("3번 취소해 주세요", 2), ("12월 23일 거", 2), ("수요일 꺼", 2), ("월요일 2시 거요", 1), ("오후 1시 거", 0),
])
def test_a_typed_answer_to_which_booking_to_cancel_picks_it_as_its_button_does(service, answer, index):
    user, bookings = _three_booked(service)
    [which] = _ask(service, user, "예약 취소할게요")
    assert which.text.splitlines()[0] == texts.BOOKING_CANCEL_WHICH.format(count=3)
    assert [b.action for b in which.buttons] == [f"bk:c:{item.id}" for item in bookings]
    [asked] = user.say(answer)
    assert asked.text == texts.BOOKING_CANCEL_ASK.format(when=WHEN[index])
    assert user.state == {"step": "cancelling", "cancel": bookings[index].id, "history": []}
    user.say("네")
    assert [item.status for item in service.store.for_user("tg:1")] == ["cancelled" if n == index else "requested" for n in range(3)]


def test_a_typed_answer_to_which_booking_to_move_keeps_the_time_named_with_the_request(service, notifier):
    user, bookings = _three_booked(service)
    [which] = _ask(service, user, "예약 목요일 4시로 바꿔 주세요")
    assert which.text.splitlines()[0] == texts.BOOKING_RESCHEDULE_WHICH.format(count=3, when="12월 24일(목) 오후 4시")
    [moved] = user.say("두 번째 거요")
    assert moved.text == texts.BOOKING_RESCHEDULE_DONE.format(when="12월 24일(목) 오후 4시")
    assert service.store.get(bookings[1].id).slot_start != bookings[1].slot_start and not is_active(user.state)
    assert [change[0] for change in notifier.changes] == [bookings[1].id]


def test_without_a_time_the_chosen_booking_starts_its_move(service):
    user, bookings = _three_booked(service)
    [which] = _ask(service, user, "예약 시간 바꾸고 싶어요")
    assert which.text.splitlines()[0] == texts.BOOKING_RESCHEDULE_WHICH_ANY.format(count=3)
    [day] = user.say("수요일 꺼")
    assert day.text.startswith(texts.BOOKING_RESCHEDULE_START.format(when=WHEN[2]))
    assert user.state["step"] == "day" and user.state["reschedule"] == bookings[2].id


@pytest.mark.parametrize(("answer", "why"), [
    ("5번이요", texts.BOOKING_WHICH_NO_SUCH.format(number=5, count=3)),
    ("월요일 거요", texts.BOOKING_WHICH_SEVERAL.format(when="월요일", count=2)),
    ("21일 거", texts.BOOKING_WHICH_SEVERAL.format(when="12월 21일(월)", count=2)),
    ("화요일 꺼", texts.BOOKING_WHICH_NONE.format(when="화요일")),
    ("음 글쎄요", texts.BOOKING_WHICH_UNCLEAR),
    ("취소", texts.BOOKING_WHICH_UNCLEAR),  # cancelling is what is being chosen: not a stop here
])
def test_an_answer_that_points_at_no_one_booking_asks_again_with_the_buttons(service, answer, why):
    user, bookings = _three_booked(service)
    [which] = _ask(service, user, "예약 취소할게요")
    [again] = user.say(answer)
    assert again.text == f"{why}\n\n{which.text}" and again.buttons == which.buttons
    assert user.state["step"] == "which" and all(item.active for item in service.store.for_user("tg:1"))


def test_a_question_at_which_booking_is_answered_then_the_same_question_comes_back(service):
    user, _ = _three_booked(service)
    [which] = _ask(service, user, "예약 취소할게요")
    assert user.say("취소하면 위약금 있나요?") is None  # the assistant answers it
    [again] = service.resume("tg:1", user.state)
    assert again == which  # no "이어서 예약을 진행할게요": nothing is being booked


@pytest.mark.parametrize(("request_text", "answer", "said"), [
    ("예약 취소할게요", "아니요", texts.BOOKING_CANCEL_KEPT),
    ("예약 취소할게요", "그대로 둘게요", texts.BOOKING_CANCEL_KEPT),
    ("예약 시간 바꾸고 싶어요", "취소", texts.BOOKING_RESCHEDULE_STOPPED),
    ("예약 시간 바꾸고 싶어요", "됐어요", texts.BOOKING_RESCHEDULE_STOPPED),
])
def test_a_no_at_which_booking_ends_the_question_and_every_booking_stands(service, request_text, answer, said):
    user, _ = _three_booked(service)
    _ask(service, user, request_text)
    [ended] = user.say(answer)
    assert ended.text == said and not is_active(user.state)
    assert all(item.active and item.slot_start.strftime("%H") in ("04", "05", "06") for item in service.store.for_user("tg:1"))


def test_a_number_or_a_day_in_the_request_itself_picks_the_booking_at_once(service):
    user, bookings = _three_booked(service)
    [asked] = _ask(service, user, "2번 예약 취소해 주세요")
    assert asked.text == texts.BOOKING_CANCEL_ASK.format(when=WHEN[1])
    [asked] = _ask(service, user, "수요일 예약 취소할게요")
    assert asked.text == texts.BOOKING_CANCEL_ASK.format(when=WHEN[2])
    [which] = _ask(service, user, "월요일 예약 취소할게요")  # two on Monday: which one of them?
    assert which.text.startswith(texts.BOOKING_WHICH_SEVERAL.format(when="월요일", count=2)) and user.state["step"] == "which"
    [moved] = _ask(service, user, "3번 예약 목요일 4시로 바꿔 주세요")  # a move's day is where to, not which
    assert moved.text == texts.BOOKING_RESCHEDULE_DONE.format(when="12월 24일(목) 오후 4시")
    assert service.store.get(bookings[2].id).slot_start != bookings[2].slot_start


def test_the_question_survives_a_restart_and_my_bookings_leaves_it(sqlite_database, clock, notifier, service):
    user, bookings = _three_booked(service)
    _ask(service, user, "예약 취소할게요")
    user = _restarted(sqlite_database, clock, notifier, user)
    [asked] = user.say("1번이요")
    assert asked.text == texts.BOOKING_CANCEL_ASK.format(when=WHEN[0])
    user.say("아니요")
    _ask(user.service, user, "예약 취소할게요")
    [listed] = user.service.on_action("tg:1", user.state, "bk:my")  # a reminder's 내 예약: both buttons, "1번" says not which
    assert listed.text.startswith(texts.BOOKING_MY_TITLE) and not is_active(user.state)
    assert user.say("1번이요") is None


def test_a_tap_on_a_button_of_the_question_still_works_and_an_old_flow_button_asks_it_again(service):
    user, bookings = _three_booked(service)
    [which] = _ask(service, user, "예약 취소할게요")
    [again] = service.on_action("tg:1", user.state, "bk:d:20261224")  # a day button of an earlier flow
    assert again == which
    [asked] = user.tap(f"bk:c:{bookings[2].id}")
    assert asked.text == texts.BOOKING_CANCEL_ASK.format(when=WHEN[2]) and user.state["step"] == "cancelling"


# --- "1번이요" at the other lists of the flow -------------------------------------------

def test_a_typed_number_picks_the_type_topic_day_and_time_buttons(service):
    user = User(service)
    user.start()
    user.tap("bk:ok")
    user.say("1번이요")  # the first type
    assert user.state["type"] == "program" and user.state["step"] == "topic"
    user.say("두 번째 거요")
    assert user.state["topic"] == texts.BOOKING_TOPIC_PRESETS[1] and user.state["step"] == "day"
    days = [b.action.removeprefix("bk:d:") for r in user.last for b in r.buttons if b.action.startswith("bk:d:")]
    user.say("2번째 날짜로 할게요")
    assert user.state["day"] == days[1] and user.state["step"] == "time"
    times = [b.action.removeprefix("bk:s:") for r in user.last for b in r.buttons if b.action.startswith("bk:s:")]
    [asked] = user.say("9번")  # past the end of the list: the times again, saying so
    assert asked.text.startswith(texts.BOOKING_NO_SUCH_CHOICE.format(number=9)) and user.state["step"] == "time"
    user.say("마지막 거")
    assert user.state["slot"] == times[-1] and user.state["step"] == "name"


def test_a_number_with_words_of_its_own_is_still_a_topic(service):
    user = User(service)
    user.start(consult_type="program")
    user.tap("bk:ok")
    user.say("2번 라인 자동화")
    assert user.state["topic"] == "2번 라인 자동화"
