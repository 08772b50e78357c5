"""Which booking, of several, answered in words through the whole core: "두 번째요" is read by the
booking flow, not the intent router; a question in between is answered and the question comes back;
"2번 예약 취소해 주세요", a rule's 내 예약 request, picks the booking straight away."""

from bot import texts
from tests.e2e.core_user import CoreUser


def _book_twice(user: CoreUser) -> list:
    """Two bookings made through the buttons (the first free time each time)."""
    for number in range(2):
        user.say("상담 예약하고 싶어요")
        if number == 0:
            user.press("bk:ok")
        for prefix in ("bk:t:program", "bk:p:0", "bk:d:", "bk:s:"):
            user.press(prefix)
        user.say("홍길동 010-1234-5678") if number == 0 else user.press("bk:same")
        user.press("bk:y")
    service = user.assistant._booking_service
    return [service.staff.fields(item)["when"] for item in sorted(service.store.for_user(user.user_id), key=lambda item: item.slot_start)]


def test_which_booking_to_cancel_is_said_in_words_with_a_question_in_between(make_assistant):
    user = CoreUser(make_assistant(), "tg:96")
    when = _book_twice(user)
    [which] = user.say("예약 취소할게요")
    assert which.text.startswith(texts.BOOKING_CANCEL_WHICH.format(count=2)) and len(which.buttons) == 2
    *answer, again = user.say("AX 실증산단 예산은 얼마예요?")
    assert "2,000억" in answer[0].text and again.text == which.text and again.buttons == which.buttons
    [picked] = user.say("2번 예약 취소해 주세요")  # a rule's 내 예약 request: served, with nothing said about leaving
    assert picked.text == texts.BOOKING_CANCEL_ASK.format(when=when[1])
    [kept] = user.say("아니요")
    assert kept.text == texts.BOOKING_CANCEL_KEPT and kept.buttons  # the menu: never a dead end
    user.say("예약 취소할게요")
    [asked] = user.say("두 번째요")
    assert asked.text == texts.BOOKING_CANCEL_ASK.format(when=when[1])
    [done] = user.say("네")
    assert done.text == texts.BOOKING_CANCEL_DONE.format(when=when[1])
    statuses = [item.status for item in sorted(user.assistant._booking_service.store.for_user("tg:96"), key=lambda item: item.slot_start)]
    assert statuses == ["requested", "cancelled"]
