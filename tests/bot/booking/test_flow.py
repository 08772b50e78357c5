"""The booking flow driven through BookingService as a user would: buttons and typed text."""

import pytest

from bot import texts
from bot.booking.flow import answers_cancel, parse_day, parse_time, validate_name, validate_phone
from bot.booking.service import is_active
from bot.conversation import MAX_ACTION_BYTES
from tests.bot.booking.conftest import make_service


class User:
    """Plays one user: counts every action and keeps the booking part of the dialogue state."""

    def __init__(self, service, user_id="tg:1"):
        self.service, self.user_id, self.state, self.actions, self.last = service, user_id, {}, 0, []

    def start(self, **kwargs):
        return self._record(self.service.start(self.user_id, self.state, **kwargs))

    def tap(self, prefix: str):
        button = next(b for r in self.last for b in r.buttons if b.action.startswith(prefix))
        return self._record(self.service.on_action(self.user_id, self.state, button.action))

    def say(self, text: str):
        return self._record(self.service.on_text(self.user_id, self.state, text))

    def _record(self, replies):
        self.actions += 1
        if replies is not None:
            self.last = replies
            for reply in replies:
                assert all(len(b.action.encode()) <= MAX_ACTION_BYTES and b.action.startswith("bk:") for b in reply.buttons)
        return replies


def test_booking_from_the_phrase_to_confirmation_takes_at_most_8_actions(service, notifier):
    user = User(service)
    user.start()  # "상담 예약하고 싶어요" routed here by the assistant
    user.tap("bk:ok")
    user.tap("bk:t:program")
    user.tap("bk:p:0")
    user.tap("bk:d:")
    user.tap("bk:s:")
    user.say("홍길동 010-1234-5678")
    done = user.tap("bk:y")
    assert user.actions <= 8
    assert "예약을 접수했어요" in done[0].text and done[0].file.name.endswith(".ics")
    assert len(service.store.between()) == 1 and len(notifier.sent) == 1
    assert "010-1234-5678" in notifier.sent[0][0] and notifier.sent[0][1][0].action.startswith("bk:sc:")


def test_a_double_tap_on_confirm_creates_one_booking(service):
    user = User(service)
    user.start(consult_type="program")
    for prefix in ("bk:ok", "bk:p:1", "bk:d:", "bk:s:"):
        user.tap(prefix)
    user.say("김영희")
    user.say("01098765432")
    confirm = next(b.action for r in user.last for b in r.buttons if b.action == "bk:y")
    service.on_action("tg:1", user.state, confirm)
    again = service.on_action("tg:1", user.state, confirm)
    assert "이미 예약을 접수했어요" in again[0].text
    assert len(service.store.between()) == 1


def test_typed_date_and_time_pick_the_slot(service):
    user = User(service)
    user.start(consult_type="program")
    user.tap("bk:ok")
    user.say("스마트공장 구축 지원 상담")
    replies = user.say("다음주 화요일 오후 2시")  # 2026-12-29 14:00
    assert "성함" in replies[0].text and user.state["slot"] == "202612291400"


@pytest.mark.parametrize(("step_input", "expected"), [
    ("카라반 신청은 언제까지예요?", None),  # a question: the assistant answers, the flow waits
    ("뭐가 필요한가요?", None),
])
def test_a_question_mid_flow_returns_none_and_the_step_is_asked_again(service, step_input, expected):
    user = User(service)
    user.start(consult_type="program")
    user.tap("bk:ok")
    assert service.on_text("tg:1", user.state, step_input) is expected
    assert user.state["step"] == "topic"
    resumed = service.resume("tg:1", user.state)
    assert "이어서" in resumed[0].text and any(b.action == "bk:p:0" for b in resumed[0].buttons)


@pytest.mark.parametrize("text", ["", "a" * 10_000, "😀😀😀", "你好我想预约", "asdkjh qwe", "12345"])
def test_bad_input_at_the_name_step_never_crashes(service, text):
    user = User(service)
    user.start(consult_type="program")
    for prefix in ("bk:ok", "bk:p:0", "bk:d:", "bk:s:"):
        user.tap(prefix)
    replies = service.on_text("tg:1", user.state, text)
    assert replies is None or replies[0].text
    assert user.state["step"] in ("name", "phone")


@pytest.mark.parametrize("text", ["", "a" * 10_000, "😀", "hello", "?", "다음주 일요일 3시", "13월 45일"])
def test_bad_input_at_the_day_step_never_crashes(service, text):
    user = User(service)
    user.start(consult_type="program")
    user.tap("bk:ok")
    user.tap("bk:p:0")
    replies = service.on_text("tg:1", user.state, text)
    assert replies is None or replies[0].text
    assert user.state.get("step") in ("day", "time")


def test_back_and_cancel_at_any_step(service):
    user = User(service)
    user.start()
    user.tap("bk:ok")
    user.tap("bk:t:vendor")
    user.tap("bk:b")
    assert user.state["step"] == "type"
    user.say("취소할게요")
    assert user.state == {} and service.store.between() == []


def test_refusing_consent_ends_the_flow_and_questions_still_work(service):
    user = User(service)
    user.start()
    replies = user.tap("bk:no")
    assert "궁금한 점은" in replies[0].text and user.state == {}
    assert service.on_text("tg:1", user.state, "카라반이 뭐예요?") is None


def test_consent_text_states_items_purpose_retention_and_refusal(service):
    replies = User(service).start()
    text = replies[0].text
    for part in ("이름", "연락처", "회사 정보", "상담 일정 안내와 상담 진행", "365일", "동의하지 않으셔도"):
        assert part in text


def test_a_vendor_button_skips_the_type_and_offers_the_vendor_topic(service):
    user = User(service)
    replies = user.start(vendor="v01-visionq", vendor_name="비전큐")
    user.tap("bk:ok")
    assert user.state["type"] == "vendor" and "비전큐" in user.last[0].text


def test_a_returning_user_skips_consent_and_reuses_contact(service):
    first = User(service)
    first.start(consult_type="program")
    for prefix in ("bk:ok", "bk:p:0", "bk:d:", "bk:s:"):
        first.tap(prefix)
    first.say("홍길동 010-1234-5678")
    first.tap("bk:y")
    again = User(service)
    again.start(consult_type="program")
    assert again.state["step"] == "topic"
    for prefix in ("bk:p:0", "bk:d:", "bk:s:", "bk:same", "bk:y"):
        again.tap(prefix)
    assert len(service.store.for_user("tg:1")) == 2


def test_my_bookings_cancel_and_reschedule(service, notifier, clock):
    user = User(service)
    user.start(consult_type="program")
    for prefix in ("bk:ok", "bk:p:0", "bk:d:", "bk:s:"):
        user.tap(prefix)
    user.say("홍길동 010-1234-5678")
    user.tap("bk:y")
    booking = service.store.between()[0]
    listed = user._record(service.my_bookings("tg:1"))
    assert "내 예약" in listed[0].text
    user.tap("bk:r:")
    user.tap("bk:d:")
    moved = user.tap("bk:s:")
    assert moved[0].file is not None and service.store.get(booking.id).slot_start != booking.slot_start
    user._record(service.my_bookings("tg:1"))
    user.tap("bk:c:")
    done = user.tap("bk:cy:")
    assert "취소했어요" in done[0].text and service.store.get(booking.id).status == "cancelled"
    assert service.my_bookings("tg:1")[0].text.startswith("예정된")
    # Staff: the new booking's notice, then the customer's two changes to redraw it with.
    assert [(n[0].split()[1], n[2]) for n in notifier.sent] == [("상담", booking.id)]
    before, after = service.staff.fields(booking), service.staff.fields(service.store.get(booking.id))
    assert before["when"] != after["when"] and notifier.changes == [
        (booking.id, texts.BOOKING_STAFF_CUSTOMER_RESCHEDULED.format(old=before["when"], **after)),
        (booking.id, texts.BOOKING_STAFF_CUSTOMER_CANCELLED.format(**after)),
    ]


def test_no_free_slot_at_all_says_so(sqlite_database, clock):
    service = make_service(sqlite_database, clock, weekdays=[])
    user = User(service)
    user.start(consult_type="program")
    user.tap("bk:ok")
    replies = user.tap("bk:p:0")
    assert "예약할 수 있는 시간이 없어요" in replies[0].text and user.state == {}


@pytest.mark.parametrize(("raw", "expected"), [
    ("010-1234-5678", "010-1234-5678"), ("01012345678", "010-1234-5678"), ("02-123-4567", "02-123-4567"),
    ("031-123-4567", "031-123-4567"), ("+82 10 1234 5678", "010-1234-5678"), ("+82-2-1234-5678", "02-1234-5678"),
    ("1234", None), ("010-12", None), ("전화번호", None), ("", None),
])
def test_korean_phone_formats(raw, expected):
    assert validate_phone(raw) == expected


@pytest.mark.parametrize(("raw", "ok"), [("홍길동", True), ("Kim Minsu", True), ("김", False), ("12345", False), ("가" * 31, False), ("😀😀", False)])
def test_names(raw, ok):
    assert (validate_name(raw) is not None) is ok


def test_typed_korean_dates_and_times():
    from datetime import date, time
    monday = date(2026, 12, 21)
    assert parse_day("다음주 화요일", monday) == date(2026, 12, 29)
    assert parse_day("내일", monday) == date(2026, 12, 22)
    assert parse_day("1월 4일", monday) == date(2027, 1, 4)
    assert parse_time("오후 2시") == time(14) and parse_time("10시 반") == time(10, 30) and parse_time("3시") == time(15)


def test_a_day_or_time_that_cannot_be_booked_says_why_and_stays_near(service):
    # The clock is Monday 2026-12-21 09:00; consults run weekdays 10–17 with a lunch break at 12.
    user = User(service)
    user.start(consult_type="program")
    user.tap("bk:ok")
    user.tap("bk:p:0")
    assert service.on_action("tg:1", user.state, "bk:d:20261226")[0].text.startswith("12월 26일(토)에는 상담을 하지 않아요")
    assert "14일 안에서" in service.on_action("tg:1", user.state, "bk:d:20270301")[0].text
    lunch = service.on_text("tg:1", user.state, "12월 23일 12시")
    assert "상담 시간이 아니거나" in lunch[0].text and "다른 분이" not in lunch[0].text
    assert user.state["step"] == "time" and user.state["day"] == "20261223"  # that day's other times
    assert service.on_text("tg:1", user.state, "2시 반")[0].text.startswith("말씀하신 12월 23일(수) 오후 2시 30분에는")
    assert "성함" in service.on_text("tg:1", user.state, "2시 괜찮나요?")[0].text  # an answer, not a question


@pytest.mark.parametrize(("text", "question"), [
    ("근데 우리 지역에 카라반 언제 와요", True),
    ("카라반 비용 얼마에요", True),
    ("어떤 솔루션이 맞을지 상담받고 싶어요", False),
    ("스마트공장 구축 지원 상담", False),
    ("내일 오후 2시 어때요", False),
])
def test_questions_without_a_question_mark(text, question):
    from bot.booking.flow import is_question

    assert is_question(text) is question


def test_deleting_data_without_bookings_does_not_mention_zero_bookings(service):
    [done] = service.on_action("tg:9", {}, "bk:del:y")
    assert "0건" not in done.text and "삭제했어요" in done.text


def test_a_vendor_consult_offers_solution_topics_not_program_ones(service):
    user = User(service)
    user.start()
    user.tap("bk:ok")
    [topics] = user.tap("bk:t:vendor")
    labels = [b.label for b in topics.buttons if b.action.startswith("bk:p:")]
    assert labels and "AX 카라반" not in labels and "AI 불량 검사" in labels
    user.tap("bk:p:0")
    assert user.state["topic"] == "AI 불량 검사"


# --- corrections and second thoughts ------------------------------------------------------

def at_the_summary(service, consult_type=None) -> User:
    """A first-time user who has chosen everything and sees the summary: 12월 21일(월) 오후 1시."""
    user = User(service)
    user.start(consult_type=consult_type)
    user.tap("bk:ok")
    if consult_type is None:
        user.tap("bk:t:program")
    for prefix in ("bk:p:0", "bk:d:", "bk:s:"):
        user.tap(prefix)
    user.say("홍길동 010-1234-5678")
    assert user.state["step"] == "confirm"
    return user


@pytest.mark.parametrize(("text", "step"), [
    ("잠깐만요 시간 바꿀래요", "time"),  # only the time: the same day's times
    ("다른 날로 할래요", "day"),
    ("시간/날짜 바꿀래요", "day"),
    ("아니 잠깐 이름 틀렸어요", "name"),
    ("연락처가 잘못됐어요", "phone"),
    ("주제 바꿀래요", "topic"),
])
def test_a_change_asked_for_at_the_summary_goes_back_to_that_part(service, text, step):
    user = at_the_summary(service)
    replies = user.say(text)
    assert replies is not None and user.state["step"] == step, replies
    if step == "time":
        assert user.state["day"] == user.state["slot"][:8] and "12월 21일(월)" in replies[0].text


def test_after_a_change_the_summary_comes_back_with_the_rest_kept(service):
    user = at_the_summary(service)
    user.say("아니 잠깐 이름 틀렸어요")
    summary = user.say("김철수")  # the phone was right: straight back to the summary
    assert user.state["step"] == "confirm" and "김철수" in summary[0].text and "010-1234-5678" in summary[0].text
    user.say("시간 바꿀래요")
    user.tap("bk:s:202612211500")
    assert user.state["step"] == "confirm" and user.state["slot"] == "202612211500"
    user.say("주제 바꿀래요")
    summary = user.tap("bk:p:1")
    assert user.state["step"] == "confirm" and "AX 실증산단" in summary[0].text


def test_a_name_and_phone_typed_at_the_summary_replace_the_contact(service):
    user = at_the_summary(service)
    summary = user.say("박영희 010-9876-5432")
    assert user.state["step"] == "confirm" and user.state["name"] == "박영희" and user.state["phone"] == "010-9876-5432"
    assert "박영희" in summary[0].text and "010-9876-5432" in summary[0].text
    user.say("번호는 02-123-4567로 바꿔 주세요")
    assert user.state["name"] == "박영희" and user.state["phone"] == "02-123-4567"
    user.say("이름을 김민수로 수정해 주세요")
    assert user.state["name"] == "김민수" and user.state["step"] == "confirm"


def test_a_typed_time_at_the_summary_moves_the_slot(service):
    user = at_the_summary(service)
    summary = user.say("오후 2시로 바꿔 주세요")
    assert user.state["step"] == "confirm" and user.state["slot"] == "202612211400" and "오후 2시" in summary[0].text


def test_no_then_cancel_at_the_summary_stops(service):
    user = at_the_summary(service)
    user.say("아니요 취소할래요")
    assert user.state == {} and service.store.between() == []


@pytest.mark.parametrize("text", ["바꿀래요", "수정할래요", "아니요"])
def test_a_bare_change_at_the_summary_asks_what_to_change(service, text):
    user = at_the_summary(service)
    summary_actions = [b.action for b in user.last[0].buttons]
    assert "bk:e" in summary_actions  # the summary offers the same choice as a button
    [asked] = user.say(text)
    actions = [b.action for b in asked.buttons]
    assert actions[:4] == ["bk:e:type", "bk:e:topic", "bk:e:when", "bk:e:contact"] and "bk:y" in actions and "bk:x" in actions
    assert user.state["step"] == "confirm"
    user.tap("bk:e:when")
    assert user.state["step"] == "day"


def test_the_change_choices_follow_the_steps_the_flow_had(service):
    user = at_the_summary(service, consult_type="program")  # the type came with the request: no type step
    [asked] = user.tap("bk:e")
    assert [b.action for b in asked.buttons if b.action.startswith("bk:e:")] == ["bk:e:topic", "bk:e:when", "bk:e:contact"]


@pytest.mark.parametrize(("text", "expected"), [
    ("새벽 3시", (3, 0)), ("밤 9시", (21, 0)), ("밤 12시", (0, 0)), ("자정", (0, 0)), ("아침 8시", (8, 0)),
    ("저녁 7시", (19, 0)), ("3시", (15, 0)), ("오후 2시", (14, 0)),
])
def test_night_and_early_times_are_not_read_as_afternoon(text, expected):
    from datetime import time
    assert parse_time(text) == time(*expected)


@pytest.mark.parametrize("text", ["내일 새벽 3시", "내일 밤 9시", "내일 아침 8시", "내일 자정"])
def test_a_time_outside_the_consult_hours_says_the_hours_and_stays_on_that_day(service, text):
    user = User(service)
    user.start(consult_type="program")
    user.tap("bk:ok")
    user.tap("bk:p:0")
    [reply] = user.say(text)
    assert "상담은 오전 10시부터 오후 5시까지" in reply.text and "오후 3시" not in reply.text
    assert user.state["step"] == "time" and user.state["day"] == "20261222" and "slot" not in user.state
    assert any(b.action.startswith("bk:s:20261222") for b in reply.buttons)


@pytest.mark.parametrize(("text", "topic"), [
    ("카라반으로 바꿀래요", "AX 카라반"),
    ("실증산단 상담이요", "AX 실증산단"),
    ("카라반 말고 실증산단으로 할게요", "AX 실증산단"),
    ("스마트공장 구축 지원 상담", "스마트공장 구축 지원 상담"),  # the user's own words stay
    ("카라반 신청 일정이 궁금해요", "카라반 신청 일정이 궁금해요"),
])
def test_a_typed_topic_that_names_a_preset_takes_its_label(service, text, topic):
    user = User(service)
    user.start(consult_type="program")
    user.tap("bk:ok")
    user.say(text)
    assert user.state["topic"] == topic and user.state["step"] == "day"


@pytest.mark.parametrize("text", ["ㅁㄴㅇㄹ", "ㅋㅋㅋ", "!!!", "ㅏㅓㅗ ..."])
def test_a_topic_without_real_words_is_asked_again(service, text):
    user = User(service)
    user.start(consult_type="program")
    user.tap("bk:ok")
    [reply] = user.say(text)
    assert user.state["step"] == "topic" and "topic" not in user.state
    assert "상담 주제" in reply.text and any(b.action == "bk:p:0" for b in reply.buttons)


def test_no_at_the_type_step_asks_whether_to_stop(service):
    user = User(service)
    user.start()
    user.tap("bk:ok")
    [asked] = user.say("아니요")
    assert "그만둘까요" in asked.text and [b.action for b in asked.buttons] == ["bk:go", "bk:x"]
    [again] = user.tap("bk:go")
    assert user.state["step"] == "type" and any(b.action.startswith("bk:t:") for b in again.buttons)
    user.say("아뇨")
    user.say("계속할게요")
    assert user.state["step"] == "type"
    user.say("아니요")
    user.say("네")
    assert user.state == {}


def test_no_at_the_name_step_is_not_taken_for_a_name(service):
    user = User(service)
    user.start(consult_type="program")
    for prefix in ("bk:ok", "bk:p:0", "bk:d:", "bk:s:"):
        user.tap(prefix)
    [asked] = user.say("아니요")
    assert "name" not in user.state and "그만둘까요" in asked.text
    user.say("날짜 바꿀래요")  # not a name either
    assert "name" not in user.state and user.state["step"] == "day"


def test_cancelling_after_consent_says_the_consent_is_kept_and_it_is(service):
    from bot import texts

    user = User(service)
    user.start()
    user.tap("bk:ok")
    [cancelled] = user.say("취소")
    assert cancelled.text == texts.BOOKING_FLOW_CANCELLED and "/deletemydata" in cancelled.text and "동의" in cancelled.text
    again = User(service)
    again.start()
    assert again.state["step"] == "type"  # consent on record, as the text said


def test_cancelling_before_consent_says_nothing_was_kept(service):
    from bot import texts

    user = User(service)
    user.start()
    [cancelled] = user.tap("bk:x")
    assert cancelled.text == texts.BOOKING_FLOW_CANCELLED_NOTHING_KEPT and "동의" not in cancelled.text
    assert User(service).start()[0].text.startswith("상담 예약을 위해 개인정보")


def test_stopping_a_reschedule_says_the_booking_stays(service):
    user = at_the_summary(service)
    user.tap("bk:y")
    user._record(service.my_bookings("tg:1"))
    user.tap("bk:r:")
    [stopped] = user.tap("bk:x")
    assert "그대로" in stopped.text and service.store.between()[0].status == "requested"


def test_a_question_at_the_summary_that_mentions_a_day_is_answered_not_taken_as_a_new_day(service):
    user = at_the_summary(service)
    assert service.on_text("tg:1", user.state, "오늘 몇 시에 연락 오나요?") is None
    assert user.state["step"] == "confirm" and user.state["slot"] == "202612211300"


def test_a_reschedule_cannot_wander_into_the_topic(service):
    user = at_the_summary(service)
    user.tap("bk:y")
    user._record(service.my_bookings("tg:1"))
    user.tap("bk:r:")
    user.tap("bk:d:")
    user.say("주제 바꿀래요")
    assert user.state["step"] == "time" and user.state.get("reschedule")


# --- review findings: confirmations beside a number, topics that start like filler, "계속" after a yes

@pytest.mark.parametrize("text", ["010-1234-5678 맞아요", "네 010-1234-5678 맞습니다", "확정할게요 010-1234-5678"])
def test_a_number_confirmed_at_the_summary_names_nobody(text):
    from bot.booking.flow import corrected_contact
    assert corrected_contact(text) == (None, "010-1234-5678")


@pytest.mark.parametrize("topic", ["전기요금", "해외진출", "상담료", "할인 문의"])
def test_topics_that_start_like_filler_words_are_topics(topic):
    from bot.booking.flow import says_no_topic
    assert not says_no_topic(topic)


def test_continuing_after_a_yes_or_no_and_not_cancelling_are_understood():
    from bot.booking.flow import is_cancel, is_continue
    assert is_continue("네, 계속할게요") and is_continue("아니요 계속 진행해 주세요")
    assert not is_cancel("아니요, 취소하지 말아 주세요") and is_cancel("아니요 취소할래요")


def _booked(service, user_id: str = "tg:1") -> User:
    user = User(service, user_id)
    user.start(consult_type="program")
    for prefix in ("bk:ok", "bk:p:0", "bk:d:", "bk:s:"):
        user.tap(prefix)
    user.say("홍길동 010-1234-5678")
    user.tap("bk:y")
    user._record(service.my_bookings(user_id))
    return user


@pytest.mark.parametrize(("text", "cancels"), [
    ("네", True), ("네 취소해 주세요", True), ("취소할게요", True), ("1번 취소해 주세요", True), ("응", True),
    ("아니요", False), ("아니요, 그대로 둘게요", False), ("취소 안 할래요", False), ("취소하지 마세요", False), ("됐어요", False),
    ("네?", None), ("취소하면 다시 예약할 수 있나요?", None), ("카라반 언제 와요", None),
])
def test_answers_to_the_cancel_question(text, cancels):
    assert answers_cancel(text) is cancels


def test_the_cancel_question_takes_a_typed_answer_and_a_question_leaves_it_open(service, notifier):
    user = _booked(service)
    [booking] = service.store.between()
    user.tap("bk:c:")
    assert is_active(user.state) and user.say("취소하면 다시 예약할 수 있나요?") is None  # the assistant answers it
    [again] = service.resume("tg:1", user.state)
    assert again.text == texts.BOOKING_CANCEL_ASK.format(when=service.staff.fields(booking)["when"])
    [kept] = user.say("아니요")
    assert kept.text == texts.BOOKING_CANCEL_KEPT and user.state == {} and service.store.get(booking.id).status == "requested"
    user._record(service.my_bookings("tg:1"))
    user.tap("bk:c:")
    [done] = user.say("네")
    assert done.text.startswith(service.staff.fields(booking)["when"]) and user.state == {}
    assert service.store.get(booking.id).status == "cancelled" and [change[0] for change in notifier.changes] == [booking.id]


def test_stopping_or_an_old_button_at_the_cancel_question_cancels_nothing(service):
    user = _booked(service)
    [booking] = service.store.between()
    user.tap("bk:c:")
    assert service.on_action("tg:1", user.state, "bk:d:20261222")[0].text.endswith("취소할까요?")  # an old day button
    assert service.cancel("tg:1", user.state)[0].text == texts.BOOKING_CANCEL_KEPT  # /cancel
    assert user.state == {} and service.store.get(booking.id).status == "requested"


def test_a_booking_ended_by_staff_while_its_cancel_question_was_open_says_so(service):
    user = _booked(service)
    [booking] = service.store.between()
    user.tap("bk:c:")
    service.staff_action(f"bk:sy:{booking.id}", "김민지")
    [reply] = user.say("네")
    assert reply.text == texts.BOOKING_NOT_ACTIVE and user.state == {}


def test_a_cancel_question_does_not_take_over_a_booking_being_made(service):
    user = _booked(service)
    buttons = service.my_bookings("tg:1")[0].buttons
    user.start(consult_type="program")
    user.tap("bk:p:0")  # a second booking, at the day step
    service.on_action("tg:1", user.state, next(b.action for b in buttons if b.action.startswith("bk:c:")))
    assert user.state["step"] == "day"


def test_what_leaving_a_flow_says_depends_on_what_it_was(service):
    user = _booked(service)
    user.tap("bk:r:")
    assert service.set_aside_text(user.state) == texts.BOOKING_RESCHEDULE_SET_ASIDE
    assert texts.BOOKING_BUTTON_STOP_RESCHEDULE in [b.label for r in user.last for b in r.buttons]
    assert user.say("아니요")[0].text == texts.BOOKING_ASK_STOP_RESCHEDULE
    user._record(service.my_bookings("tg:1"))
    user.tap("bk:c:")
    assert service.set_aside_text(user.state) == texts.BOOKING_CANCEL_SET_ASIDE
    assert service.set_aside_text({"step": "day", "history": []}) == texts.BOOKING_SET_ASIDE


@pytest.mark.parametrize(("text", "asked"), [
    ("예약 취소할게요", "cancel"), ("예약했던 거 취소해 주세요", "cancel"), ("예약 시간 바꾸고 싶어요", "reschedule"),
    ("예약 좀 미뤄 주세요", "reschedule"), ("예약 날짜 변경해 주세요", "reschedule"),
    ("내 예약 보여 주세요", None), ("예약 확인", None), ("예약 취소는 어떻게 해요?", None), ("예약 취소하지 마세요", None),
    ("예약 취소하고 다른 날로 바꿀래요", None),  # both: the list shows both buttons
])
def test_what_a_request_about_ones_booking_asks_for(text, asked):
    from bot.booking.flow import booking_change_asked
    assert booking_change_asked(text) == asked


def test_with_one_booking_a_typed_cancel_or_move_goes_straight_to_it_and_with_two_asks_which(service):
    user = _booked(service)
    [booking] = service.store.between()
    [asked] = user._record(service.manage("tg:1", user.state, "예약 취소할게요"))
    assert asked.text == texts.BOOKING_CANCEL_ASK.format(when=service.staff.fields(booking)["when"])
    assert user.say("네")[0].text.startswith(service.staff.fields(booking)["when"]) and service.store.get(booking.id).status == "cancelled"
    other = _booked(service, "tg:2")
    [booking] = service.store.for_user("tg:2")
    [moving] = other._record(service.manage("tg:2", other.state, "예약 시간 바꾸고 싶어요"))
    assert moving.text.startswith(texts.BOOKING_RESCHEDULE_START.format(when=service.staff.fields(booking)["when"]))
    other.say("수요일 오후 3시")
    assert service.store.get(booking.id).slot_start != booking.slot_start
    other.start(consult_type="program")
    for prefix in ("bk:p:0", "bk:d:", "bk:s:", "bk:same", "bk:y"):
        other.tap(prefix)
    state: dict = {}
    [which] = service.manage("tg:2", state, "예약 취소할게요")  # two: which one is for the user to say
    assert which.text.startswith(texts.BOOKING_CANCEL_WHICH.format(count=2)) and is_active(state)
    assert [b.label for b in which.buttons] == ["❌ 1번 취소", "❌ 2번 취소"]
    assert service.manage("tg:2", {}, "내 예약 보여 주세요")[0].text.startswith(texts.BOOKING_MY_TITLE)


@pytest.mark.parametrize(("text", "only_when"), [
    ("다음주 수요일 오전 10시", True), ("내일 3시로 할게요", True), ("12월 24일 오후 2시 30분", True), ("목요일이요", True),
    ("하루 3시간 설비가 멈춰요", False), ("3월 전기요금 절감", False), ("카라반", False), ("24시간 모니터링", False),
])
def test_a_day_or_time_with_nothing_of_its_own_is_told_from_a_topic(text, only_when):
    from datetime import date

    from bot.booking.flow import says_only_when
    assert says_only_when(text, date(2026, 12, 21)) is only_when


def test_a_date_typed_at_a_vendor_topic_takes_its_only_topic_and_keeps_the_date(service):
    user = User(service)
    user.start(vendor="v01-visionq", vendor_name="비전큐")
    user.tap("bk:ok")
    [asked] = user.say("수요일 오후 3시")
    assert user.state["topic"] == "비전큐 솔루션 도입 상담" and user.state["slot"] == "202612231500"
    assert asked.text == f"{texts.BOOKING_WHEN_KEPT_FREE.format(when='12월 23일(수) 오후 3시')}\n\n{texts.BOOKING_ASK_NAME}"
    assert user.state["step"] == "name"
    user.tap("bk:b")
    assert user.state["step"] == "time"  # back goes to that day's times, as after a date typed at the day step


def test_a_date_typed_at_a_topic_with_several_presets_asks_the_topic_and_remembers_the_date(service):
    user = User(service)
    user.start(consult_type="program")
    user.tap("bk:ok")
    [asked] = user.say("다음주 화요일 오전 10시")
    assert asked.text.startswith(texts.BOOKING_WHEN_KEPT_ASK_TOPIC) and "topic" not in user.state and user.state["step"] == "topic"
    user.tap("bk:p:1")
    assert user.state["topic"] == texts.BOOKING_TOPIC_PRESETS[1] and user.state["slot"] == "202612291000"
    assert user.state["step"] == "name" and "when_text" not in user.state


def test_a_date_typed_when_changing_the_topic_at_the_summary_moves_the_time_and_keeps_the_topic(service):
    user = at_the_summary(service)
    topic = user.state["topic"]
    user.tap("bk:e")
    user.tap("bk:e:topic")
    [summary] = user.say("수요일 오후 3시")
    assert user.state["step"] == "confirm" and user.state["topic"] == topic and user.state["slot"] == "202612231500"
    assert summary.text.startswith(texts.BOOKING_SUMMARY.split("\n")[0])
