"""A day and time typed with the request itself: "예약 목요일 4시로 바꿔 주세요" moves a booking in one
message, "목요일 오후 4시에 상담 예약하고 싶어요" keeps the time through consent and topic, and
bad days and times (past, 25시, a Sunday, a holiday) are said back politely with times to pick.

The clock is Monday 2026-12-21 09:00 in Seoul; consults run weekdays 10–17 with lunch at 12, three
hours ahead at the earliest; Friday 12-25 is Christmas. `_booked` books Monday 12-21 13:00."""

import json
from datetime import UTC, date, datetime, time

import pytest

from bot import texts
from bot.booking.flow import TypedWhen, impossible_time, parse_day, parse_past_day, parse_time, when_in_request
from bot.booking.service import is_active
from tests.bot.booking.conftest import make_service
from tests.bot.booking.test_flow import User

MONDAY = date(2026, 12, 21)
HOURS = "오전 10시부터 오후 5시까지(점심시간 제외)"


def _booked(service, user_id: str = "tg:1", day_button: str = "bk:d:", slot_button: str = "bk:s:") -> User:
    """A user with one booking made through the buttons (first day, first time: 12-21 13:00)."""
    user = User(service, user_id)
    user.start(consult_type="program")
    for prefix in ("bk:ok", "bk:p:0", day_button, slot_button):
        user.tap(prefix)
    user.say("홍길동 010-1234-5678")
    user.tap("bk:y")
    return user


def _move(service, user: User, text: str):
    return user._record(service.manage(user.user_id, user.state, text))


def _slot_of(service, user_id: str = "tg:1") -> str:
    [item] = [b for b in service.store.for_user(user_id) if b.active]
    return service.staff.fields(item)["when"]


def _restarted(sqlite_database, clock, notifier, user: User) -> User:
    """The bot restarted: a new service on the same database, the state as the database keeps it."""
    service = make_service(sqlite_database, clock, notifier)
    user.service, user.state = service, json.loads(json.dumps(user.state))
    return user


def _times(replies) -> list[str]:
    return [b.action.removeprefix("bk:s:") for r in replies for b in r.buttons if b.action.startswith("bk:s:")]


# --- reading the request ------------------------------------------------------------------

@pytest.mark.parametrize(("text", "words", "key"), [
    ("예약 목요일 4시로 바꿔 주세요", "목요일 4시로", "20261224.1600"),
    ("내일 오후 2시로 예약 옮겨 주세요", "내일 오후 2시로", "20261222.1400"),
    ("상담 시간 다음주 화요일 10시로 변경해 줘요", "다음주 화요일 10시로", "20261229.1000"),
    ("금요일 오후 4시에 상담 예약하고 싶어요", "금요일 오후 4시에", "20261225.1600"),
    ("예약 목요일로 바꿔 주세요", "목요일로", "20261224."),
    ("예약 4시로 바꿔 주세요", "4시로", ".1600"),
    ("어제 3시로 바꿔 주세요", "어제 3시로", "20261220.1500"),
    ("지난주 금요일로 바꿔 주세요", "지난주 금요일로", "20261218."),
    ("예약 25시로 바꿔 주세요", "25시로", ".x2500"),
    ("12/24 3시로 옮겨 주세요", "12/24 3시로", "20261224.1500"),  # not "43시"
])
def test_the_day_and_time_inside_a_request(text, words, key):
    found = when_in_request(text, MONDAY)
    assert found is not None and found[0] == words and found[1].key() == key
    assert TypedWhen.from_key(key) == found[1]  # what a button carries reads back the same


@pytest.mark.parametrize("text", [
    "예약 시간 바꾸고 싶어요", "예약 10일 뒤로 미뤄 주세요", "30분 늦게 해 주세요", "24시간 모니터링 상담 예약하고 싶어요", "다음에 예약할게요",
])
def test_a_request_without_a_day_or_time_or_with_a_shift_names_none(text):
    assert when_in_request(text, MONDAY) is None


def test_past_days_and_impossible_hours_are_recognised_not_misread():
    assert parse_past_day("어제", MONDAY) == date(2026, 12, 20) and parse_past_day("그저께 3시", MONDAY) == date(2026, 12, 19)
    assert parse_past_day("저번주 월요일", MONDAY) == date(2026, 12, 14) and parse_day("지난주 금요일", MONDAY) is None
    assert parse_past_day("내일", MONDAY) is None
    assert [impossible_time(text) for text in ("25시", "오후 24시", "10시 70분", "13:75", "오후 3시", "24시간")] == [
        "25시", "24시", "10시 70분", "13시 75분", None, None]
    assert parse_time("12/24 3시") == time(15) and parse_time("12.24 오후 3시") == time(15)
    assert TypedWhen.from_key("2026.1600") is None and TypedWhen.from_key(".") is None and TypedWhen.from_key("20261399.") is None


# --- moving a booking in one message ------------------------------------------------------

@pytest.mark.parametrize(("text", "when"), [
    ("예약 목요일 4시로 바꿔 주세요", "12월 24일(목) 오후 4시"),
    ("내일 오후 2시로 예약 옮겨 주세요", "12월 22일(화) 오후 2시"),
    ("상담 시간 다음주 화요일 10시로 변경해 줘요", "12월 29일(화) 오전 10시"),
    ("예약 4시로 바꿔 주세요", "12월 21일(월) 오후 4시"),  # a time alone stays on the booked day
])
def test_with_one_booking_a_free_day_and_time_in_the_request_moves_it_at_once(service, notifier, text, when):
    user = _booked(service)
    [moved] = _move(service, user, text)
    assert moved.text == texts.BOOKING_RESCHEDULE_DONE.format(when=when) and moved.file is not None
    assert _slot_of(service) == when and not is_active(user.state) and len(notifier.changes) == 1


def test_a_day_alone_in_the_request_shows_that_days_times(service):
    user = _booked(service)
    [asked] = _move(service, user, "예약 목요일로 바꿔 주세요")
    assert asked.text == "\n\n".join([
        texts.BOOKING_RESCHEDULE_START.format(when="12월 21일(월) 오후 1시"), texts.BOOKING_ASK_TIME.format(day="12월 24일(목)")])
    assert _times([asked]) == ["202612241000", "202612241100", "202612241300", "202612241400", "202612241500", "202612241600"]
    user.tap("bk:s:202612241100")
    assert _slot_of(service) == "12월 24일(목) 오전 11시"


def test_a_holiday_says_so_and_offers_the_nearest_days_times_then_a_tap_moves_it(service):
    user = _booked(service)
    [asked] = _move(service, user, "예약 금요일 4시로 바꿔 주세요")  # 12-25 is Christmas
    assert asked.text.startswith(texts.BOOKING_RESCHEDULE_START.format(when="12월 21일(월) 오후 1시"))
    assert "12월 25일(금) 공휴일에는 상담을 하지 않아요." in asked.text
    assert texts.BOOKING_NEAREST_DAY.format(day="12월 24일(목)") in asked.text  # Thursday is nearer than Monday
    assert "202612241600" in _times([asked]) and _slot_of(service) == "12월 21일(월) 오후 1시"
    [moved] = user.tap("bk:s:202612241600")
    assert moved.text == texts.BOOKING_RESCHEDULE_DONE.format(when="12월 24일(목) 오후 4시")


def test_a_sunday_offers_the_nearest_open_days_times(service):
    user = _booked(service)
    [asked] = _move(service, user, "예약 일요일 3시로 바꿔 주세요")
    assert "12월 27일(일)에는 상담을 하지 않아요." in asked.text and "12월 28일(월)에 예약할 수 있는" in asked.text
    assert all(key.startswith("20261228") for key in _times([asked])) and user.state["step"] == "time"


def test_a_past_day_says_it_has_passed_and_offers_the_nearest_times(service):
    user = _booked(service)
    [asked] = _move(service, user, "어제 3시로 바꿔 주세요")
    assert texts.BOOKING_DAY_REASONS["past"].format(day="12월 20일(일)") in asked.text
    assert _times([asked]) == ["202612211400", "202612211500", "202612211600"]  # today's, its own 13:00 aside
    assert _slot_of(service) == "12월 21일(월) 오후 1시"


def test_an_impossible_hour_says_so_with_the_consult_hours(service):
    user = _booked(service)
    [asked] = _move(service, user, "예약 25시로 바꿔 주세요")
    assert texts.BOOKING_TIME_IMPOSSIBLE.format(typed="25시", hours=HOURS) in asked.text
    assert user.state["step"] == "time" and user.state["day"] == "20261221" and _slot_of(service) == "12월 21일(월) 오후 1시"
    [asked] = _move(service, user, "예약 목요일 10시 70분으로 바꿔 주세요")
    assert texts.BOOKING_TIME_IMPOSSIBLE.format(typed="10시 70분", hours=HOURS) in asked.text
    assert user.state["day"] == "20261224" and _times([asked])[0] == "202612241000"


def test_a_taken_or_outside_hours_time_says_why_and_offers_that_days_other_times(service):
    _booked(service, "tg:2", slot_button="bk:s:202612211600")  # someone else has Monday 16:00
    user = _booked(service)
    [taken] = _move(service, user, "예약 4시로 바꿔 주세요")
    assert taken.text.startswith(texts.BOOKING_RESCHEDULE_START.format(when="12월 21일(월) 오후 1시"))
    # Booked by someone earlier, not "방금": that is said only of a time tapped in a list shown free.
    assert texts.BOOKING_SLOT_ALREADY_TAKEN.format(when="12월 21일(월) 오후 4시") in taken.text and "방금" not in taken.text
    assert _times([taken]) == ["202612211400", "202612211500"]
    [late] = _move(service, user, "예약 목요일 저녁 7시로 바꿔 주세요")
    assert texts.BOOKING_OUTSIDE_HOURS.format(when="12월 24일(목) 오후 7시", hours=HOURS) in late.text
    assert user.state["day"] == "20261224" and _slot_of(service) == "12월 21일(월) 오후 1시"


def test_its_own_time_changes_nothing(service, notifier):
    user = _booked(service)
    [same] = _move(service, user, "예약 월요일 1시로 바꿔 주세요")
    assert same.text == texts.BOOKING_RESCHEDULE_ALREADY.format(when="12월 21일(월) 오후 1시")
    assert not is_active(user.state) and notifier.changes == []


def test_with_two_bookings_it_asks_which_and_the_time_goes_with_the_choice(service, notifier):
    user = _booked(service)
    user.start(consult_type="program")
    for prefix in ("bk:p:1", "bk:d:", "bk:s:202612211400", "bk:same", "bk:y"):
        user.tap(prefix)
    first, second = sorted(service.store.for_user("tg:1"), key=lambda item: item.slot_start)
    [asked] = _move(service, user, "예약 목요일 4시로 바꿔 주세요")
    assert asked.text.startswith(texts.BOOKING_RESCHEDULE_WHICH.format(count=2, when="12월 24일(목) 오후 4시"))
    assert [b.action for b in asked.buttons] == [f"bk:r:{first.id}:20261224.1600", f"bk:r:{second.id}:20261224.1600"]
    assert user.state["step"] == "which"  # a typed "2번이요" answers it too (test_which_booking.py)
    [moved] = service.on_action("tg:1", {}, asked.buttons[1].action)  # the state is not needed: a restart loses nothing
    assert moved.text == texts.BOOKING_RESCHEDULE_DONE.format(when="12월 24일(목) 오후 4시")
    [again] = service.on_action("tg:1", {}, asked.buttons[1].action)  # a double tap
    assert again.text == texts.BOOKING_RESCHEDULE_ALREADY.format(when="12월 24일(목) 오후 4시")
    assert service.store.get(first.id).slot_start == first.slot_start and [change[0] for change in notifier.changes] == [second.id]


def test_with_two_bookings_a_move_without_a_time_asks_which_with_a_move_button_each(service):
    user = _booked(service)
    user.start(consult_type="program")
    for prefix in ("bk:p:1", "bk:d:", "bk:s:202612211400", "bk:same", "bk:y"):
        user.tap(prefix)
    first, second = sorted(service.store.for_user("tg:1"), key=lambda item: item.slot_start)
    [which] = _move(service, user, "예약 시간 바꾸고 싶어요")
    assert which.text.startswith(texts.BOOKING_RESCHEDULE_WHICH_ANY.format(count=2))
    assert [b.action for b in which.buttons] == [f"bk:r:{first.id}", f"bk:r:{second.id}"]


def test_a_double_tap_on_the_time_of_a_reschedule_moves_it_once_and_says_so(service, notifier):
    user = _booked(service)
    _move(service, user, "예약 목요일로 바꿔 주세요")
    action = "bk:s:202612241100"
    [moved] = service.on_action("tg:1", user.state, action)
    [again] = service.on_action("tg:1", user.state, action)
    assert moved.text.startswith("예약 시간을 옮겼어요") and again.text == texts.BOOKING_RESCHEDULE_ALREADY_DONE.format(when="12월 24일(목) 오전 11시")
    assert len(notifier.changes) == 1


def test_a_restart_in_the_middle_of_a_typed_move_loses_nothing(sqlite_database, clock, notifier, service):
    user = _booked(service)
    _move(service, user, "예약 금요일 4시로 바꿔 주세요")  # the holiday: Thursday's times offered
    user = _restarted(sqlite_database, clock, notifier, user)
    assert user.service.resume("tg:1", user.state)[0].text.endswith(texts.BOOKING_ASK_TIME.format(day="12월 24일(목)"))
    [moved] = user.say("4시요")
    assert moved.text == texts.BOOKING_RESCHEDULE_DONE.format(when="12월 24일(목) 오후 4시")


@pytest.mark.parametrize(("text", "expected"), [
    ("어제 3시요", texts.BOOKING_DAY_REASONS["past"].format(day="12월 20일(일)")),
    ("25시로 해 주세요", texts.BOOKING_TIME_IMPOSSIBLE.format(typed="25시", hours=HOURS)),
    ("일요일 오후 3시", "12월 27일(일)에는 상담을 하지 않아요."),
    ("12월 25일", "12월 25일(금) 공휴일에는 상담을 하지 않아요. " + texts.BOOKING_PICK_ANOTHER_DAY),
])
def test_bad_days_and_times_typed_at_the_reschedules_day_step_are_said_back(service, text, expected):
    user = _booked(service)
    _move(service, user, "예약 시간 바꾸고 싶어요")
    [reply] = user.say(text)
    assert expected in reply.text and is_active(user.state) and user.state.get("reschedule")
    assert reply.buttons and _slot_of(service) == "12월 21일(월) 오후 1시"


def test_a_question_about_yesterday_at_the_day_step_is_answered_not_taken_for_a_day(service):
    user = _booked(service)
    _move(service, user, "예약 시간 바꾸고 싶어요")
    assert user.say("어제 예약한 거 맞죠?") is None and user.state["step"] == "day"


# --- a first booking typed with its time -------------------------------------------------

def test_a_first_booking_typed_with_a_time_keeps_it_through_consent_and_topic(service, notifier):
    user = User(service)
    [consent] = user.start(request="목요일 오후 4시에 상담 예약하고 싶어요")
    assert consent.text.startswith(texts.BOOKING_WHEN_KEPT.format(when="12월 24일(목) 오후 4시"))
    user.tap("bk:ok")
    user.tap("bk:t:program")
    [name] = user.tap("bk:p:0")
    assert name.text == f"{texts.BOOKING_WHEN_KEPT_FREE.format(when='12월 24일(목) 오후 4시')}\n\n{texts.BOOKING_ASK_NAME}"
    [summary] = user.say("홍길동 010-1234-5678")
    assert "• 일시: 12월 24일(목) 오후 4시" in summary.text
    confirm = next(b.action for b in summary.buttons if b.action == "bk:y")
    service.on_action("tg:1", user.state, confirm)
    [again] = service.on_action("tg:1", user.state, confirm)  # a double tap
    assert again.text == texts.BOOKING_ALREADY_DONE and _slot_of(service) == "12월 24일(목) 오후 4시" and len(notifier.sent) == 1


def test_a_returning_customer_typing_a_time_is_asked_no_consent_and_no_day(service):
    _booked(service)
    user = User(service)
    [topics] = user.start(request="목요일 오후 4시에 상담 예약하고 싶어요")  # consent and contact on record
    assert user.state["step"] == "type" and topics.text.startswith(texts.BOOKING_WHEN_KEPT.format(when="12월 24일(목) 오후 4시"))
    user.tap("bk:t:program")
    user.tap("bk:p:0")
    [summary] = user.tap("bk:same")
    assert user.state["step"] == "confirm" and "• 일시: 12월 24일(목) 오후 4시" in summary.text


def test_the_time_of_a_first_booking_survives_a_restart(sqlite_database, clock, notifier, service):
    user = User(service)
    user.start(request="목요일 오후 4시에 상담 예약하고 싶어요")
    user.tap("bk:ok")
    user = _restarted(sqlite_database, clock, notifier, user)
    user.tap("bk:t:program")
    user.tap("bk:p:0")
    assert user.state["slot"] == "202612241600" and user.state["step"] == "name"


def test_a_first_booking_on_a_holiday_says_so_after_the_topic_and_offers_the_nearest_times(service):
    user = User(service)
    user.start(consult_type="program", request="금요일 오후 4시에 상담 예약하고 싶어요")
    user.tap("bk:ok")
    [asked] = user.tap("bk:p:0")
    assert "12월 25일(금) 공휴일에는 상담을 하지 않아요." in asked.text and "202612241600" in _times([asked])
    assert "slot" not in user.state and user.state["topic"] == texts.BOOKING_TOPIC_PRESETS[0]
    user.tap("bk:b")
    assert user.state["step"] == "day"  # back goes to the days, as after a day typed there


def test_the_briefs_friday_in_a_week_without_a_holiday_is_booked_as_typed(sqlite_database, clock, notifier):
    clock.now = datetime(2027, 1, 4, 0, 0, tzinfo=UTC)  # Monday 2027-01-04 09:00 in Seoul
    service = make_service(sqlite_database, clock, notifier)
    user = User(service)
    user.start(consult_type="program", request="금요일 오후 4시에 상담 예약하고 싶어요")
    user.tap("bk:ok")
    user.tap("bk:p:0")
    assert user.state["slot"] == "202701081600"
    user.say("홍길동 010-1234-5678")
    user.tap("bk:y")
    [moved] = _move(service, user, "예약 금요일 3시로 바꿔 주세요")
    assert moved.text == texts.BOOKING_RESCHEDULE_DONE.format(when="1월 8일(금) 오후 3시")
