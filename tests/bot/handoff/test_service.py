"""The handoff service without any channel: what the user is told and what staff actions come out."""

from datetime import timedelta

import pytest

from bot import actions, texts
from bot.handoff import END_ACTION, ENDED_INTENT, StaffMessage, StaffNotice, StaffPost, UserDelivery
from bot.storage import ProfileStore, TranscriptStore, UserStore
from tests.bot.handoff.conftest import STAFF_CHAT

THREAD = 77


def opened(service, user_id="tg:1", thread=THREAD):
    """A handoff requested and its topic created, as the channel would report it."""
    result = service.request(user_id)
    service.topic_opened(user_id, STAFF_CHAT, thread)
    return result


def consultant(text="안녕하세요, 상담원입니다.", name="김민지", thread=THREAD, message_id=500, **extra):
    return StaffMessage(STAFF_CHAT, message_id, thread, None, name, text, **extra)


def test_a_request_in_office_hours_promises_a_response_time_and_sends_the_card(service, database):
    UserStore(database).touch("tg:1", "tg", "김민수")
    ProfileStore(database).save("tg:1", company_name="대한정밀", industry="자동차부품", employees=120, interest="불량 검사 자동화")
    TranscriptStore(database).append("tg:1", "user", "스마트공장 지원사업 알려 주세요")
    TranscriptStore(database).append("tg:1", "bot", "죄송해요, 찾지 못했어요.")
    result = service.request("tg:1", "declined")
    [reply] = result.replies
    assert reply.text == texts.HANDOFF_REQUESTED.format(minutes=10)
    assert [b.action for b in reply.buttons] == [END_ACTION]
    [card] = result.actions
    assert card.card and card.user_id == "tg:1"
    assert card.number is not None and f"#{card.number}" in card.text  # posted in request order (bot/handoff/ordering.py)
    assert service.card_order.earlier_pending(card.number + 1)
    for expected in ("김민수", "대한정밀", "직원 120명", "불량 검사 자동화", texts.HANDOFF_REASONS["declined"], "스마트공장 지원사업"):
        assert expected in card.text
    assert service.is_active("tg:1") and service.take_actions("tg:1") == [card] and service.take_actions("tg:1") == []
    assert service.topic_title("tg:1") == "김민수 · 대한정밀"


def test_outside_office_hours_on_a_holiday_the_user_hears_the_next_business_time_and_can_book(service, clock):
    from datetime import UTC, datetime

    clock.now = datetime(2025, 10, 3, 2, 0, tzinfo=UTC)  # 개천절, 11:00 in Seoul
    [reply] = service.request("tg:1").replies
    assert "10월 10일(금) 오전 9시" in reply.text
    assert [b.action for b in reply.buttons] == [actions.BOOK, END_ACTION]
    assert "10월 10일(금) 오전 9시" in service.card_post("tg:1").text


def test_the_card_carries_the_booking_and_survives_a_failing_bookings_callable(database, clock):
    from bot.handoff import HandoffService, HandoffSettings

    settings = HandoffSettings(staff_chat_id=STAFF_CHAT)
    with_booking = HandoffService(database, settings, bookings=lambda user: "9월 10일 오후 2시 화상 상담", clock=clock)
    assert "9월 10일 오후 2시 화상 상담" in with_booking.request("tg:1").actions[0].text

    def broken(user_id):
        raise RuntimeError("bookings down")

    assert HandoffService(database, settings, bookings=broken, clock=clock).card_post("tg:1").card


def test_no_staff_group_configured_is_said_honestly_with_a_booking(make_service):
    service = make_service(staff_chat_id=None)
    result = service.request("tg:1")
    assert result.replies[0].text == texts.HANDOFF_NOT_CONFIGURED and result.actions == ()
    assert actions.BOOK in [b.action for b in result.replies[0].buttons]
    assert not service.is_active("tg:1")


def test_asking_again_does_not_open_a_second_handoff(service):
    opened(service)
    service.take_actions("tg:1")
    again = service.request("tg:1")
    assert again.replies[0].text == texts.HANDOFF_ALREADY_REQUESTED
    assert again.actions == (StaffPost("tg:1", texts.HANDOFF_CARD_AGAIN),)
    assert len(service.store.open_handoffs()) == 1


def test_user_messages_are_relayed_and_never_answered(service, database):
    UserStore(database).touch("tg:1", "tg", "김민수")
    opened(service)
    service.take_actions("tg:1")
    text = service.user_message("tg:1", "견적은 얼마 정도예요?")
    assert text.replies == () and text.actions == (StaffPost("tg:1", "👤 김민수:\n견적은 얼마 정도예요?"),)
    photo = service.user_message("tg:1", "불량 사진이에요", attachment="photo")
    assert photo.actions[0].attachment == "photo" and "불량 사진이에요" in photo.actions[0].text


@pytest.mark.parametrize("text", ["", "x" * 12_000, "hello there", "你好", "😀😀", "ㅁㄴㅇㄹ;;"])
def test_any_input_during_a_handoff_is_relayed_whole_in_pieces_within_telegram_limits(service, text):
    from bot.tg.render import split_text

    opened(service)
    [post] = service.user_message("tg:1", text).actions
    assert post.text.endswith(text or "…")  # nothing cut: the consultant reads all of it
    pieces = split_text(post.text)
    assert pieces and all(0 < len(piece) <= 4096 for piece in pieces) and "".join(pieces).count("x") == text.count("x")


def test_the_first_consultant_to_reply_takes_it_and_every_reply_reaches_the_user_marked(service, database):
    opened(service)
    first = service.consultant_message(consultant())
    assert first[0] == UserDelivery("tg:1", first[0].reply)
    assert first[0].reply.text == "👩‍💼 상담원 김민지:\n안녕하세요, 상담원입니다."
    assert first[1] == StaffNotice(STAFF_CHAT, THREAD, texts.HANDOFF_STAFF_TAKEN.format(name="김민지"))
    second = service.consultant_message(consultant("저도 도울게요", name="이수정", message_id=501))
    assert len(second) == 1 and second[0].reply.text.startswith("👩‍💼 상담원 이수정:")
    assert service.store.open_for("tg:1").taken_by == "김민지"
    assert "김민지님 담당" in service.queue()
    assert TranscriptStore(database).recent("tg:1")[-1].role == "consultant"


def test_an_edited_message_is_marked_as_replacing_the_earlier_one_both_ways(service):
    opened(service)
    service.take_actions("tg:1")
    [post] = service.user_message("tg:1", "내일 오후 3시요", edited=True).actions
    assert post.text.startswith("👤 " ) and texts.HANDOFF_EDITED_MARK + ":" in post.text
    [delivery, _] = service.consultant_message(consultant("견적서 내일 보내드릴게요", edited=True))
    assert delivery.reply.text == f"👩‍💼 상담원 김민지{texts.HANDOFF_EDITED_MARK}:\n견적서 내일 보내드릴게요"


def test_a_consultant_photo_is_copied_with_a_marked_caption(service):
    opened(service)
    [delivery, _] = service.consultant_message(consultant("견적서예요", attachment="document", message_id=900))
    assert delivery.copy_from == (STAFF_CHAT, 900) and delivery.reply.text == "👩‍💼 상담원 김민지: 견적서예요"


def test_messages_never_cross_between_two_users(service):
    opened(service, "tg:1", thread=10)
    opened(service, "tg:2", thread=20)
    to_first = service.consultant_message(consultant("첫 번째 고객님께", thread=10))
    to_second = service.consultant_message(consultant("두 번째 고객님께", thread=20))
    assert {d.user_id for d in to_first if isinstance(d, UserDelivery)} == {"tg:1"}
    assert {d.user_id for d in to_second if isinstance(d, UserDelivery)} == {"tg:2"}
    # A topic nobody belongs to: delivered to no user, and the consultant is told so.
    assert [type(a) for a in service.consultant_message(consultant("아무 토픽", thread=999))] == [StaffNotice]
    assert service.consultant_message(StaffMessage(-42, 1, 10, None, "외부인", "다른 그룹")) == []


def test_a_group_without_topics_maps_replies_to_the_relayed_messages(service):
    opened(service, "tg:1", thread=None)
    service.relayed(STAFF_CHAT, 321, "tg:1")
    [delivery, _] = service.consultant_message(StaffMessage(STAFF_CHAT, 400, None, 321, "김민지", "답장드려요"))
    assert delivery.user_id == "tg:1"
    assert service.consultant_message(StaffMessage(STAFF_CHAT, 401, None, None, "김민지", "잡담")) == []


def test_the_user_ends_it_by_phrase_or_button_and_staff_are_told(service):
    opened(service)
    service.take_actions("tg:1")
    result = service.user_message("tg:1", "상담 종료")
    assert result.replies[0].text == texts.HANDOFF_ENDED_FOR_USER
    assert result.replies[0].intent == ENDED_INTENT  # the channel takes the handoff's buttons off
    assert result.actions == (StaffPost("tg:1", texts.HANDOFF_STAFF_ENDED_BY_USER),)
    assert not service.is_active("tg:1")
    assert service.user_message("tg:1", "안녕하세요").handled is False
    opened(service)
    assert service.user_message("tg:1", action=END_ACTION).replies[0].text == texts.HANDOFF_ENDED_FOR_USER


def test_end_in_the_topic_tells_both_sides_and_a_second_end_finds_nothing(service):
    opened(service)
    delivery, notice = service.end_from_staff(consultant("/end"))
    assert delivery.reply.text == texts.HANDOFF_ENDED_FOR_USER and delivery.user_id == "tg:1"
    assert delivery.reply.intent == ENDED_INTENT
    assert notice.text == texts.HANDOFF_STAFF_ENDED_BY_STAFF.format(name="김민지")
    assert service.end_from_staff(consultant("/end"))[0].text == texts.HANDOFF_STAFF_NOTHING_TO_END
    assert service.consultant_message(consultant("늦은 답장"))[0].text == texts.HANDOFF_STAFF_NOT_OPEN


def test_idle_active_handoffs_expire_and_both_sides_are_told(service, clock):
    opened(service)
    service.consultant_message(consultant())
    assert service.expire_idle(clock.now + timedelta(minutes=59)) == []
    delivery, post = service.expire_idle(clock.now + timedelta(minutes=60))
    assert delivery.reply.text == texts.HANDOFF_IDLE_FOR_USER.format(minutes=60)
    assert post == StaffPost("tg:1", texts.HANDOFF_STAFF_ENDED_IDLE.format(minutes=60))
    assert not service.is_active("tg:1") and service.expire_idle(clock.now + timedelta(hours=5)) == []


def test_a_request_nobody_takes_ends_with_an_apology_and_a_booking_but_not_overnight(service, clock):
    from datetime import UTC, datetime

    clock.now = datetime(2025, 9, 9, 12, 0, tzinfo=UTC)  # 21:00 in Seoul
    opened(service)
    assert service.expire_idle(datetime(2025, 9, 9, 23, 59, tzinfo=UTC)) == []  # 08:59 next morning
    delivery, post = service.expire_idle(datetime(2025, 9, 10, 2, 0, tzinfo=UTC))  # 11:00, two hours after opening
    assert delivery.reply.text == texts.HANDOFF_UNANSWERED and actions.BOOK in [b.action for b in delivery.reply.buttons]
    assert post.user_id == "tg:1"


def test_staff_group_unreachable_fails_the_handoff_honestly_once(service):
    opened(service)
    [delivery] = service.staff_unreachable("tg:1", "bot_removed")
    assert delivery.reply.text == texts.HANDOFF_STAFF_UNREACHABLE and actions.BOOK in [b.action for b in delivery.reply.buttons]
    assert not service.is_active("tg:1") and service.staff_unreachable("tg:1", "bot_removed") == []
    assert "봇이 상담원 그룹에서 내보내졌거나" in service.queue()


def test_a_user_who_blocked_the_bot_ends_the_handoff_and_staff_are_told(service):
    opened(service)
    [post] = service.user_unreachable("tg:1", "user_blocked")
    assert "고객이 봇을 차단함" in post.text and not service.is_active("tg:1")


def test_choosing_a_booking_while_waiting_withdraws_the_request_says_so_and_hands_back_to_the_assistant(service):
    opened(service)
    result = service.user_message("tg:1", action=actions.BOOK)
    assert result.handled is False and not service.is_active("tg:1")
    assert [reply.text for reply in result.replies] == [texts.HANDOFF_SWITCHED_TO_BOOKING]
    assert result.actions == (StaffPost("tg:1", texts.HANDOFF_STAFF_SWITCHED_TO_BOOKING),)


@pytest.mark.parametrize("how", [{"action": actions.BOOK}, {"command": "book"}])
def test_an_old_booking_button_does_not_cut_off_a_consultant_who_has_answered(service, how):
    opened(service)
    service.consultant_message(consultant())
    result = service.user_message("tg:1", **how)
    assert result.handled and service.is_active("tg:1") and result.actions == ()
    [reply] = result.replies
    assert reply.text == texts.HANDOFF_BOOKING_DURING and [b.action for b in reply.buttons] == [END_ACTION]
    delivered = service.consultant_message(consultant("아직 여기 있어요", message_id=501))
    assert [type(action) for action in delivered] == [UserDelivery]  # the consultant still reaches the user


def test_the_queue_lists_waiting_and_active_handoffs(service, database):
    UserStore(database).touch("tg:1", "tg", "김민수")
    UserStore(database).touch("tg:2", "tg", "이영희")
    assert service.queue() == texts.HANDOFF_QUEUE_EMPTY
    opened(service, "tg:1", thread=10)
    opened(service, "tg:2", thread=20)
    service.consultant_message(consultant(thread=20))
    queue = service.queue()
    assert "대기 중 1건" in queue and "김민수" in queue and "진행 중 1건" in queue and "이영희 — 김민지님 담당" in queue


def test_deleting_user_data_removes_handoffs_and_topics(service):
    opened(service)
    service.delete_user_data("tg:1")
    assert not service.is_active("tg:1") and service.topic_for("tg:1") is None


def test_a_consultant_writing_in_a_topic_no_user_belongs_to_is_told_it_went_nowhere(service):
    [notice] = service.consultant_message(consultant("여보세요?", thread=9999))
    assert (notice.text, notice.thread_id) == (texts.HANDOFF_STAFF_UNKNOWN_TOPIC, 9999)
    # The General area of the group is the consultants' own chat: no notice there.
    assert service.consultant_message(consultant("점심 뭐 먹어요?", thread=None)) == []


def test_erasing_ones_data_during_a_handoff_says_to_end_it_first(service):
    opened(service)
    [reply] = service.user_message("tg:1", command="deletemydata").replies
    assert reply.text == texts.HANDOFF_DELETE_DURING and [b.action for b in reply.buttons] == [END_ACTION]
    assert service.is_active("tg:1")


@pytest.mark.parametrize("text", ["상담 종료", "상담끝", "종료", "이제 상담 끝낼게요", "대화 그만할게요", "상담 종료해 주세요!", "네 이제 종료할게요"])
def test_ending_the_handoff_can_be_said_in_everyday_words(service, text):
    opened(service)
    result = service.user_message("tg:1", text)
    assert [reply.text for reply in result.replies] == [texts.HANDOFF_ENDED_FOR_USER] and not service.is_active("tg:1")


@pytest.mark.parametrize("text", ["상담 끝나면 연락 주세요", "그만", "끝", "종료 시간이 언제예요?"])
def test_a_message_that_only_mentions_ending_reaches_the_consultant(service, text):
    opened(service)
    result = service.user_message("tg:1", text)
    assert result.replies == () and service.is_active("tg:1") and [type(a) for a in result.actions] == [StaffPost]
