"""Booking by text through the whole core (QA round E): a booking request typed twice asks consent
once more in one line, "ㅇㅇ" consents and confirms, "확정" is no name, "예약 미룰게요" while being
asked for a name goes back to the days; after the booking "예약 바꿀래요" moves it, "예약 언제였죠"
says its time, "예약 하나 더 하고 싶어요" starts a new one, and "/book 오후 3시에" keeps the time."""

from bot import texts
from bot.conversation import Incoming
from tests.e2e.core_user import CoreUser


def test_a_booking_made_and_moved_in_words(make_assistant):
    user = CoreUser(make_assistant(), "tg:97")
    [consent] = user.say("상담 예약하고 싶어요")
    assert consent.text.startswith("상담 예약을 위해 개인정보 수집·이용에 동의해 주세요.")
    [again] = user.say("상담 예약하고 싶어요")
    assert again.text == texts.BOOKING_CONSENT_AGAIN and [b.action for b in again.buttons] == ["bk:ok", "bk:no", "bk:x"]
    [kind] = user.say("ㅇㅇ")
    assert kind.text == texts.BOOKING_ASK_TYPE
    for prefix in ("bk:t:program", "bk:p:0", "bk:d:", "bk:s:"):
        user.press(prefix)
    [not_a_name] = user.say("확정")
    assert not_a_name.text.startswith(texts.BOOKING_NAME_ERROR)
    [days] = user.say("예약 미룰게요")
    assert days.text.startswith(texts.BOOKING_ASK_DAY)
    user.press("bk:d:")
    [name] = user.press("bk:s:")
    assert name.text == texts.BOOKING_ASK_NAME
    user.say("홍길동 010-1234-5678")
    [done] = user.say("ㅇㅇ")
    assert done.file is not None and "예약을 접수했어요" in done.text
    service = user.assistant._booking_service
    [booked] = service.store.for_user("tg:97")
    when = service.staff.fields(booked)["when"]

    [moving] = user.say("예약 바꿀래요")
    assert moving.text.startswith(texts.BOOKING_RESCHEDULE_START.format(when=when))
    [said] = user.say("예약 언제였죠")
    assert said.text.startswith(f"{texts.BOOKING_RESCHEDULE_NOW_AT.format(when=when)}\n\n{texts.BOOKING_ASK_DAY}")
    user.say("1번이요")
    [moved] = user.press("bk:s:")
    assert moved.file is not None and moved.text.startswith(texts.BOOKING_RESCHEDULE_DONE.splitlines()[0])

    [new] = user.say("예약 하나 더 하고 싶어요")
    assert new.text == texts.BOOKING_ASK_TYPE  # consent is on record
    [by_command] = user._turn(Incoming(user.user_id, command="book", text="오후 3시에"))
    assert by_command.text.startswith(texts.BOOKING_WHEN_KEPT.format(when="오후 3시"))
