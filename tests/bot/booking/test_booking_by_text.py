"""Booking by text alone (QA round E): what is typed at each step is read as what it is, and never
taken for something else. A name must look like a name ("확정" and "예약 미룰게요" are not names);
a phone number typed early is kept; at the name and phone steps a stop, a change or a new day and
time are understood; the consent step asks again in one line, keeps a day or time, and takes
"ㅇㅇ"; "ㅇㅇ" books at the summary; a time someone booked earlier is not taken "방금".

The clock is Monday 2026-12-21 09:00 in Seoul; consults run weekdays 10–17 with lunch at 12, three
hours ahead at the earliest: Monday's first free time is 13:00."""

import pytest

from bot import texts
from bot.booking.flow import booking_change_asked, change_request, is_yes, validate_name, validate_phone
from bot.booking.service import is_active
from tests.bot.booking.test_flow import User
from tests.bot.booking.test_typed_when import _booked, _move, _times


def _at_name(service, user_id: str = "tg:1") -> User:
    """A user who chose the topic, Monday and 13:00 by the buttons, now asked for the name."""
    user = User(service, user_id)
    user.start(consult_type="program")
    for prefix in ("bk:ok", "bk:p:0", "bk:d:20261221", "bk:s:202612211300"):
        user.tap(prefix)
    assert user.state["step"] == "name"
    return user


# --- reading the words ---------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "name"), [
    ("홍길동", "홍길동"), ("김철수 과장", "김철수 과장"), ("김철수 과장님", "김철수 과장"), ("강부장", "강부장"),
    ("홍길동입니다", "홍길동"), ("제 이름은 홍길동이에요", "홍길동"), ("남궁 민수", "남궁 민수"), ("김수정", "김수정"),
    ("Kim Minsu", "Kim Minsu"),
    ("확정", None), ("확정님", None), ("예약 미룰게요", None), ("네", None), ("네네", None), ("아니요", None),
    ("취소해 주세요", None), ("동의합니다", None), ("지원사업", None), ("실증산단", None), ("상담 예약하고 싶어요", None),
    ("내일", None), ("다음주", None), ("오후", None), ("ok", None), ("ㅋㅋ", None),
])
def test_a_name_looks_like_a_name(typed, name):
    assert validate_name(typed) == name


@pytest.mark.parametrize("text", ["예약 바꿀래요", "예약 바꿔 주세요", "예약 옮길 수 있어요?", "예약 미룰게요", "예약 변경하고 싶어요",
                                  "예약 연기할 수 있나요?"])
def test_changing_a_booking_in_any_verb_is_a_move(text):
    assert booking_change_asked(text) == "reschedule"


def test_a_move_verb_alone_changes_the_day_and_a_question_about_bookings_is_no_request():
    assert change_request("예약 미룰게요") == ["day"] and change_request("시간 좀 미뤄 주세요") == ["time"]
    assert booking_change_asked("예약 취소하면 다시 할 수 있나요?") is None
    assert booking_change_asked("예약 하나 더 하고 싶어요") is None  # a new booking, not a change


@pytest.mark.parametrize("text", ["ㅇㅇ", "응", "네네", "넵", "좋아요", "ㅇㅋ"])
def test_phone_keyboard_yeses_are_yes(text):
    assert is_yes(text)


def test_book_typed_with_words_carries_them_as_its_text():
    from bot.console import incoming_from_line
    typed = incoming_from_line("console:a", "/book 내일 10시")
    assert (typed.command, typed.text) == ("book", "내일 10시")


def test_a_phone_number_said_in_words_is_read():
    assert validate_phone("공일공 일이삼사 오육칠팔") == "010-1234-5678"


# --- the consent step ------------------------------------------------------------------------

def test_consent_is_asked_again_in_one_line_and_takes_a_typed_yes(service):
    user = User(service)
    [first] = user.start()
    assert first.text == texts.BOOKING_CONSENT.format(retention_days=service.settings.retention_days)
    for typed in ("상담 예약하고 싶어요", "아무거나", "홍길동"):
        [again] = user.say(typed)
        assert again.text == texts.BOOKING_CONSENT_AGAIN
        assert [b.action for b in again.buttons] == ["bk:ok", "bk:no", "bk:x"]
    [resumed] = service.resume(user.user_id, user.state)  # after a question the assistant answered
    assert resumed.text == f"{texts.BOOKING_RESUME}\n\n{texts.BOOKING_CONSENT_AGAIN}"
    [typed_yes] = user.say("ㅇㅇ")
    assert user.state["step"] == "type" and typed_yes.text == texts.BOOKING_ASK_TYPE


@pytest.mark.parametrize("text", ["근데 상담은 전화로 하나요 방문인가요?", "업체 추천해 주세요", "상담원 연결해 주세요"])
def test_at_consent_a_question_or_another_request_goes_to_the_assistant(service, text):
    user = User(service)
    user.start()
    assert user.say(text) is None and user.state["step"] == "consent"


def test_a_day_and_time_typed_at_consent_is_kept_and_read_once_the_topic_is_known(service):
    user = User(service)
    user.start()
    [kept] = user.say("화요일 10시")
    assert kept.text == f"{texts.BOOKING_WHEN_KEPT_CONSENT.format(when='12월 22일(화) 오전 10시')}\n\n{texts.BOOKING_CONSENT_AGAIN}"
    for prefix in ("bk:ok", "bk:t:program"):
        user.tap(prefix)
    [name] = user.tap("bk:p:0")
    assert name.text.startswith(texts.BOOKING_WHEN_KEPT_FREE.format(when="12월 22일(화) 오전 10시"))
    assert user.state["step"] == "name" and user.state["slot"] == "202612221000"


# --- the name and phone steps ----------------------------------------------------------------

@pytest.mark.parametrize("typed", ["확정", "예약하고 싶어요", "ㅋㅋ"])
def test_words_that_are_no_name_ask_for_the_name_again(service, typed):
    user = _at_name(service)
    [again] = user.say(typed)
    assert again.text.startswith(texts.BOOKING_NAME_ERROR) and user.state["step"] == "name" and "name" not in user.state


def test_postponing_at_the_name_step_goes_to_the_days_and_comes_back_for_the_name(service):
    user = _at_name(service)
    [days] = user.say("예약 미룰게요")
    assert user.state["step"] == "day" and days.text.startswith(texts.BOOKING_ASK_DAY)
    user.say("화요일 오후 2시")
    assert user.state["step"] == "name" and user.state["slot"] == "202612221400"


def test_a_day_and_time_at_the_phone_step_changes_the_time_and_comes_back_to_the_phone(service):
    user = _at_name(service)
    user.say("김철수 과장")
    [asked] = user.say("상담 예약하고 싶어요")
    assert asked.text.startswith(texts.BOOKING_PHONE_ASK_AGAIN) and user.state["step"] == "phone"
    [back] = user.say("12월 22일 오전 11시")
    assert user.state["step"] == "phone" and user.state["slot"] == "202612221100"
    assert back.text == f"{texts.BOOKING_WHEN_KEPT_FREE.format(when='12월 22일(화) 오전 11시')}\n\n{texts.BOOKING_ASK_PHONE.format(name='김철수 과장')}"
    [summary] = user.say("공일공 일이삼사 오육칠팔")
    assert user.state["step"] == "confirm" and "010-1234-5678" in summary.text


def test_a_phone_alone_at_the_name_step_is_kept_and_the_name_alone_ends_at_the_summary(service):
    user = _at_name(service)
    [asked] = user.say("010-1234-5678")
    assert asked.text.startswith(texts.BOOKING_CONTACT_KEPT) and user.state["step"] == "name"
    user.say("홍길동")
    assert user.state["step"] == "confirm" and user.state["phone"] == "010-1234-5678"


def test_words_with_no_time_at_the_time_step_say_they_were_not_understood(service):
    user = User(service)
    user.start(consult_type="program")
    for prefix in ("bk:ok", "bk:p:0", "bk:d:20261221"):
        user.tap(prefix)
    [again] = user.say("확정")
    assert again.text.startswith(texts.BOOKING_NOT_UNDERSTOOD) and user.state["step"] == "time"


def test_at_the_phone_step_a_stop_and_a_question_are_understood(service):
    user = _at_name(service)
    user.say("홍길동")
    assert user.say("카라반은 언제 와요?") is None and user.state["step"] == "phone"
    [stop] = user.say("상담 못갈것 같아요")
    assert stop.text == texts.BOOKING_ASK_STOP and user.state["step"] == "phone"
    [ended] = user.say("예약 없애 주세요")
    assert ended.text == texts.BOOKING_FLOW_CANCELLED and not is_active(user.state)


# --- details typed before their step -----------------------------------------------------------

def test_a_name_and_phone_typed_at_the_topic_step_are_the_contact_and_the_topic_is_asked_again(service):
    user = User(service)
    user.start(consult_type="program")
    user.tap("bk:ok")
    [asked] = user.say("박영희 01098765432")
    assert asked.text.startswith(texts.BOOKING_CONTACT_KEPT) and user.state["step"] == "topic"
    assert (user.state["name"], user.state["phone"], user.state.get("topic")) == ("박영희", "010-9876-5432", None)
    for prefix in ("bk:p:0", "bk:d:20261221"):
        user.tap(prefix)
    [summary] = user.tap("bk:s:202612211300")  # the contact is known: straight to the summary
    assert user.state["step"] == "confirm" and "박영희" in summary.text


def test_a_phone_with_words_at_the_topic_step_keeps_the_words_as_the_topic(service):
    user = User(service)
    user.start(consult_type="program")
    user.tap("bk:ok")
    user.say("카라반 신청 문의 010-2222-3333")
    assert user.state["topic"] == "카라반 신청 문의" and user.state["phone"] == "010-2222-3333"
    assert user.state["step"] == "day"
    for prefix in ("bk:d:20261221", "bk:s:202612211300"):
        user.tap(prefix)
    assert user.state["step"] == "name"
    user.say("이순신")  # the phone is known: the name alone ends at the summary
    assert user.state["step"] == "confirm" and user.state["phone"] == "010-2222-3333"


def test_a_contact_typed_at_the_time_step_is_kept_for_later(service):
    user = User(service)
    user.start(consult_type="program")
    for prefix in ("bk:ok", "bk:p:0", "bk:d:20261221"):
        user.tap(prefix)
    [times] = user.say("강부장 010-3030-4040")
    assert times.text.startswith(texts.BOOKING_CONTACT_KEPT) and _times([times]) and user.state["step"] == "time"
    user.tap("bk:s:202612211300")
    assert user.state["step"] == "confirm" and (user.state["name"], user.state["phone"]) == ("강부장", "010-3030-4040")


# --- the summary, and moving a booking ---------------------------------------------------------

@pytest.mark.parametrize("yes", ["ㅇㅇ", "응", "넵", "네네"])
def test_a_typed_yes_at_the_summary_books(service, yes):
    user = _at_name(service)
    user.say("홍길동 010-1234-5678")
    [done] = user.say(yes)
    assert done.file is not None and len(service.store.between()) == 1


def test_while_moving_a_booking_its_time_is_said_when_asked_and_a_move_question_asks_the_day(service):
    user = _booked(service)
    _move(service, user, "예약 바꿀래요")
    assert user.state["step"] == "day" and user.state.get("reschedule")
    [said] = user.say("예약 언제였죠")
    assert said.text.startswith(texts.BOOKING_RESCHEDULE_NOW_AT.format(when="12월 21일(월) 오후 1시"))
    assert user.state["step"] == "day" and said.buttons[0].action.startswith("bk:d:")
    [day] = user.say("예약 옮길 수 있어요?")
    assert day.text.startswith(texts.BOOKING_ASK_DAY) and user.state["step"] == "day"


def test_a_tapped_time_taken_meanwhile_is_taken_just_now_a_typed_one_already(service):
    user = _at_name(service, "tg:2")
    user.say("박영희 010-9876-5432")
    user.tap("bk:y")  # tg:2 has Monday 13:00
    late = User(service, "tg:3")
    late.start(consult_type="program")
    for prefix in ("bk:ok", "bk:p:0", "bk:d:20261221"):
        late.tap(prefix)
    [typed] = late.say("1시")
    assert texts.BOOKING_SLOT_ALREADY_TAKEN.format(when="12월 21일(월) 오후 1시") in typed.text and "방금" not in typed.text
    [tapped] = late.service.on_action(late.user_id, late.state, "bk:s:202612211300")  # an old button of that time
    assert texts.BOOKING_SLOT_TAKEN in tapped.text
