"""Human handoff through the real PTB Application and the fake Bot API: a user chat and a staff forum.

Bar: every handoff ends in a consultant reply delivered to the user, an honest failure message, or
an explicit end; no message ever reaches the wrong user. The assistant is stood in for by a small
handle function that routes to the handoff service the way the lead's assistant will.
"""

import asyncio
import re
import time
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot import texts
from bot.conversation import Incoming, Reply
from bot.handoff import HandoffService, HandoffSettings
from bot.handoff.service import format_when
from bot.storage import Database, TranscriptStore, UserStore
from bot.tg.app import ALLOWED_UPDATES, build_application
from bot.storage.unanswered import UnansweredLog
from bot.tg.staff import register_staff_handlers
from bot.unanswered_review import UnansweredReview
from tests.fakes.fixtures import running_application

pytestmark = pytest.mark.asyncio

BOT_ANSWER = "챗봇 답변이에요."
OFFICE_TIME = datetime(2025, 9, 9, 2, 0, tzinfo=UTC)  # Tuesday 11:00 in Seoul
HUMAN_PHRASES = ("상담원 연결", "사람이랑 얘기할래요")


def stand_in_assistant(database: Database, service: HandoffService):
    """What the assistant does for handoff: route "human", pass everything to the service while active."""
    users, transcript = UserStore(database), TranscriptStore(database)

    def handle(incoming: Incoming) -> list[Reply]:
        users.touch(incoming.user_id, "tg", incoming.display_name)
        transcript.append(incoming.user_id, "user", incoming.text or f"[{incoming.attachment}]")
        if incoming.command == "human" or incoming.action == "human" or incoming.text in HUMAN_PHRASES:
            return list(service.request(incoming.user_id).replies)
        if service.is_active(incoming.user_id):
            result = service.user_message(incoming.user_id, incoming.text, incoming.attachment, incoming.action, incoming.command)
            if result.handled:
                return list(result.replies)
        if incoming.action:  # as the assistant does: a button with nothing left to do
            return [Reply(texts.ASSISTANT_STALE_BUTTON, intent="stale_action")]
        transcript.append(incoming.user_id, "bot", BOT_ANSWER)
        return [Reply(BOT_ANSWER)]

    return handle


class World:
    """The fake Telegram with a staff forum, and a way to (re)start the bot on one database."""

    def __init__(self, server, telegram_settings, tmp_path, *, is_forum=True, staff_chat=True):
        self.server, self.telegram_settings = server, telegram_settings
        self.consultant = server.add_user("김민지")
        self.colleague = server.add_user("이수정")
        self.group = server.add_supergroup("AX 상담원", admins=[self.consultant, self.colleague], is_forum=is_forum)
        self.settings = HandoffSettings(staff_chat_id=self.group.id if staff_chat else None, idle_check_seconds=3600)
        self.url = f"sqlite:///{tmp_path / 'axbot.db'}"
        self.databases: list[Database] = []

    def app(self, wrap=lambda handle: handle):
        database = Database(self.url)
        database.migrate()
        self.databases.append(database)
        self.service = HandoffService(database, self.settings, clock=lambda: OFFICE_TIME)
        application = build_application(self.telegram_settings, wrap(stand_in_assistant(database, self.service)))
        self.unanswered = UnansweredLog(database)
        register_staff_handlers(application, self.service, self.settings, UnansweredReview(self.unanswered))
        return running_application(application, allowed_updates=ALLOWED_UPDATES)

    async def user_says(self, user, text, count=1):
        self.server.user_sends_text(user, text)
        return await self.server.wait_for_bot_messages_async(user, count=count, timeout=10)

    async def staff_gets(self, count=1, thread=None):
        return await self.server.wait_for_bot_messages_async(self.group, count=count, timeout=10, message_thread_id=thread)

    async def consultant_says(self, text, thread, who=None):
        self.server.user_sends_text(who or self.consultant, text, chat=self.group, message_thread_id=thread)

    async def request(self, user):
        """The user asks for a person; returns (the user's reply, the card in the new topic)."""
        [reply] = await self.user_says(user, "상담원 연결")
        [card] = await self.staff_gets()
        return reply, card

    def close(self):
        for database in self.databases:
            database.dispose()


@pytest.fixture
def world(telegram_server, telegram_settings, tmp_path):
    made = World(telegram_server, telegram_settings, tmp_path)
    yield made
    made.close()


async def until(condition, timeout=5.0):
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("condition not met in time")


async def quiet(server, chat, seconds=0.5):
    """Nothing more arrives in `chat` (the bot did not answer a relayed message itself)."""
    await asyncio.sleep(seconds)
    return [m for m in server.bot_messages(chat)]


async def test_a_full_handoff_from_request_to_end(world):
    server = world.server
    async with world.app():
        user = server.add_user("김민수")
        reply, card = await world.request(user)
        assert reply.text == texts.HANDOFF_REQUESTED.format(minutes=10)
        [topic] = server.topics(world.group)
        assert card.message_thread_id == topic.message_thread_id and topic.name == "김민수"
        assert "🙋 상담 요청" in card.text and "상담원 연결" in card.text and texts.HANDOFF_REASONS["user_request"] in card.text
        thread = topic.message_thread_id

        await world.consultant_says("안녕하세요, 김민지입니다. 무엇을 도와드릴까요?", thread)
        [relayed] = await server.wait_for_bot_messages_async(user, timeout=10)
        assert relayed.text == "👩‍💼 상담원 김민지:\n안녕하세요, 김민지입니다. 무엇을 도와드릴까요?"
        [taken] = await world.staff_gets(thread=thread)
        assert taken.text == texts.HANDOFF_STAFF_TAKEN.format(name="김민지")

        before = len(server.bot_messages(user))
        server.user_sends_text(user, "비전 검사 장비 견적이 궁금해요")
        [to_staff] = await world.staff_gets(thread=thread)
        assert to_staff.text == "👤 김민수:\n비전 검사 장비 견적이 궁금해요"
        server.user_sends_photo(user, caption="불량 사진이에요")
        [photo] = await world.staff_gets(thread=thread)
        assert photo.photo and "불량 사진이에요" in photo.caption
        assert len(await quiet(server, user)) == before, "the bot must not answer during a handoff"

        server.user_sends_document(world.consultant, b"%PDF-1.4 quote", "견적서.pdf", caption="견적서 보내 드려요", chat=world.group, message_thread_id=thread)
        [document] = await server.wait_for_bot_messages_async(user, timeout=10)
        assert document.document_name == "견적서.pdf" and document.caption == "👩‍💼 상담원 김민지: 견적서 보내 드려요"

        await world.consultant_says("/end", thread)
        [ended] = await server.wait_for_bot_messages_async(user, timeout=10)
        assert ended.text == texts.HANDOFF_ENDED_FOR_USER
        [notice] = await world.staff_gets(thread=thread)
        assert notice.text == texts.HANDOFF_STAFF_ENDED_BY_STAFF.format(name="김민지")
        [back] = await world.user_says(user, "스마트공장 사업 알려 주세요")
        assert back.text == BOT_ANSWER


async def test_the_user_ends_it_and_the_topic_is_reused_next_time(world):
    server = world.server
    async with world.app():
        user = server.add_user("박철수")
        _, card = await world.request(user)
        [ended] = await world.user_says(user, "상담 종료")
        assert ended.text == texts.HANDOFF_ENDED_FOR_USER
        [notice] = await world.staff_gets(thread=card.message_thread_id)
        assert notice.text == texts.HANDOFF_STAFF_ENDED_BY_USER
        _, second_card = await world.request(user)
        assert second_card.message_thread_id == card.message_thread_id and len(server.topics(world.group)) == 1


async def test_a_restart_during_an_active_handoff_keeps_relaying(world):
    server = world.server
    user = server.add_user("정수진")
    async with world.app():
        _, card = await world.request(user)
        thread = card.message_thread_id
        await world.consultant_says("확인하고 있어요.", thread)
        await server.wait_for_bot_messages_async(user, timeout=10)
        await world.staff_gets(thread=thread)
    async with world.app():  # a new Application and service on the same database
        server.user_sends_text(user, "재시작 후에도 전달되나요?")
        [relayed] = await world.staff_gets(thread=thread)
        assert relayed.text.endswith("재시작 후에도 전달되나요?")
        await world.consultant_says("네, 잘 받았어요.", thread)
        [answer] = await server.wait_for_bot_messages_async(user, timeout=10)
        assert answer.text == "👩‍💼 상담원 김민지:\n네, 잘 받았어요."
        assert "김민지님 담당" in world.service.queue()


async def test_two_users_at_once_never_get_each_others_messages(world):
    server = world.server
    async with world.app():
        first, second = server.add_user("한지민"), server.add_user("오세훈")
        server.user_sends_text(first, "상담원 연결")
        server.user_sends_text(second, "사람이랑 얘기할래요")
        await server.wait_for_bot_messages_async(first, timeout=10)
        await server.wait_for_bot_messages_async(second, timeout=10)
        cards = await world.staff_gets(count=2)
        thread_of = {("한지민" if "한지민" in c.text else "오세훈"): c.message_thread_id for c in cards}
        assert len(set(thread_of.values())) == 2
        for round_ in range(3):
            await world.consultant_says(f"한지민 고객님 {round_}", thread_of["한지민"])
            await world.consultant_says(f"오세훈 고객님 {round_}", thread_of["오세훈"], who=world.colleague)
            server.user_sends_text(first, f"한지민 질문 {round_}")
            server.user_sends_text(second, f"오세훈 질문 {round_}")
        to_first = await server.wait_for_bot_messages_async(first, count=3, timeout=10)
        to_second = await server.wait_for_bot_messages_async(second, count=3, timeout=10)
        assert all("한지민 고객님" in m.text for m in to_first) and all("오세훈 고객님" in m.text for m in to_second)
        await asyncio.sleep(0.3)
        for name, thread in thread_of.items():
            posted = [m.text for m in server.bot_messages(world.group) if m.message_thread_id == thread and m.text.startswith("👤")]
            assert len(posted) == 3 and all(text.startswith(f"👤 {name}:") for text in posted)


async def test_a_kicked_bot_tells_the_user_honestly_and_offers_a_booking(world):
    server = world.server
    async with world.app():
        server.remove_bot_from_chat(world.group)
        user = server.add_user("최지훈")
        requested, failed = await world.user_says(user, "상담원 연결", count=2)
        assert requested.text == texts.HANDOFF_REQUESTED.format(minutes=10)
        assert failed.text == texts.HANDOFF_STAFF_UNREACHABLE and texts.BUTTON_BOOK in failed.button_texts()
        [back] = await world.user_says(user, "그럼 지원사업 알려 주세요")
        assert back.text == BOT_ANSWER
        assert world.service.store.failures_since(OFFICE_TIME)[0].failure == "bot_removed"


async def test_no_staff_group_configured_is_said_honestly(telegram_server, telegram_settings, tmp_path):
    world = World(telegram_server, telegram_settings, tmp_path, staff_chat=False)
    try:
        async with world.app():
            user = telegram_server.add_user("윤서연")
            [reply] = await world.user_says(user, "상담원 연결")
            assert reply.text == texts.HANDOFF_NOT_CONFIGURED and texts.BUTTON_BOOK in reply.button_texts()
    finally:
        world.close()


async def test_a_deleted_topic_is_created_again_with_the_card(world):
    server = world.server
    async with world.app():
        user = server.add_user("강동원")
        _, card = await world.request(user)
        server.delete_topic(world.group, card.message_thread_id)
        server.user_sends_text(user, "아직 계신가요?")
        new_card, relayed = await world.staff_gets(count=2)
        assert new_card.message_thread_id == relayed.message_thread_id != card.message_thread_id
        assert "🙋 상담 요청" in new_card.text and relayed.text.endswith("아직 계신가요?")
        await world.consultant_says("네, 여기 있어요.", relayed.message_thread_id)
        [answer] = await server.wait_for_bot_messages_async(user, timeout=10)
        assert answer.text.endswith("네, 여기 있어요.")


async def test_a_group_without_topics_relays_by_reply(telegram_server, telegram_settings, tmp_path):
    world = World(telegram_server, telegram_settings, tmp_path, is_forum=False)
    server = world.server
    try:
        async with world.app():
            user = server.add_user("임하늘")
            _, card = await world.request(user)
            assert card.message_thread_id is None and texts.HANDOFF_CARD_FOOTER_REPLY in card.text
            # The card is visible a moment before its reply mapping is stored: a human is never that fast.
            await until(lambda: world.service.store.user_for_message(world.group.id, card.message_id))
            server.user_sends_text(world.consultant, "잡담입니다", chat=world.group)
            server.user_sends_text(world.consultant, "안녕하세요, 도와드릴게요.", chat=world.group, reply_to=card)
            [answer] = await server.wait_for_bot_messages_async(user, timeout=10)
            assert answer.text == "👩‍💼 상담원 김민지:\n안녕하세요, 도와드릴게요."
            await world.staff_gets()  # "맡았어요"
            server.user_sends_text(user, "감사합니다")
            [relayed] = await world.staff_gets()
            await until(lambda: world.service.store.user_for_message(world.group.id, relayed.message_id))
            server.user_sends_text(world.consultant, "/end", chat=world.group, reply_to=relayed)
            [ended] = await server.wait_for_bot_messages_async(user, timeout=10)
            assert ended.text == texts.HANDOFF_ENDED_FOR_USER
    finally:
        world.close()


async def test_queue_in_the_staff_group_lists_waiting_and_active(world):
    server = world.server
    async with world.app():
        first, second = server.add_user("서지수"), server.add_user("문태일")
        _, card = await world.request(first)
        await world.request(second)
        await world.consultant_says("안녕하세요", card.message_thread_id)
        await server.wait_for_bot_messages_async(first, timeout=10)
        await world.staff_gets(thread=card.message_thread_id)
        server.user_sends_text(world.consultant, "/queue", chat=world.group)
        [queue] = await world.staff_gets()
        assert "대기 중 1건" in queue.text and "문태일" in queue.text and "서지수 — 김민지님 담당" in queue.text


async def test_a_user_who_blocked_the_bot_is_reported_to_staff(world):
    server = world.server
    async with world.app():
        user = server.add_user("배수지")
        _, card = await world.request(user)
        server.user_blocks_bot(user)
        await world.consultant_says("답장드려요", card.message_thread_id)
        notices = await world.staff_gets(count=2, thread=card.message_thread_id)
        assert any("고객이 봇을 차단함" in m.text for m in notices)


async def test_staff_list_what_the_bot_could_not_answer_and_close_it(world):
    server = world.server
    async with world.app():
        first = world.unanswered.record("tg:1", "카라반 숙박 지원돼요?", "low_confidence", 0.3)
        second = world.unanswered.record("tg:2", "카라반 숙박 지원 돼요", "not_published", 0.8)
        world.unanswered.record("tg:3", "주식 추천", "out_of_scope", 0.0)
        server.user_sends_text(world.consultant, "/unanswered", chat=world.group)
        [listing] = await world.staff_gets()
        assert listing.text.startswith(texts.UNANSWERED_TITLE.format(count=2))
        assert f"#{second}, #{first} · 2회 · 미공개라고 답함, 자료에서 못 찾음" in listing.text  # grouped, most asked first
        assert listing.text.index("숙박") < listing.text.index("주식")
        server.user_sends_text(world.consultant, f"/resolve {first} 999", chat=world.group)  # one number closes its group
        [closed] = await world.staff_gets()
        assert closed.text == "\n".join([texts.UNANSWERED_RESOLVED.format(ids=f"#{second}, #{first}"), texts.UNANSWERED_NOT_OPEN.format(ids="#999")])
        server.user_sends_text(world.consultant, "/resolve 열둘", chat=world.group)
        [usage] = await world.staff_gets()
        assert usage.text == texts.UNANSWERED_RESOLVE_USAGE
        assert [item.question for item in world.unanswered.open_items()] == ["주식 추천"]


async def test_a_double_tap_on_end_ends_once_and_the_handoff_buttons_go(world):
    """QA 15: the second tap of 🔚 상담 종료 is a toast, not a second message; the request's buttons go."""
    server = world.server
    async with world.app():
        user = server.add_user("최사장")
        request, card = await world.request(user)
        server.user_presses_button(user, request, "handoff:end")
        server.user_presses_button(user, request, "handoff:end")
        [ended] = await server.wait_for_bot_messages_async(user, timeout=10)
        assert ended.text == texts.HANDOFF_ENDED_FOR_USER
        await server.wait_until_async(lambda s: len(s.calls("answerCallbackQuery")) == 2, timeout=10)
        await asyncio.sleep(0.3)
        assert [m.text for m in server.bot_messages(user)] == [request.text, ended.text]
        assert [call.params.get("text") for call in server.calls("answerCallbackQuery")] == [None, texts.STALE_BUTTON_TOAST]
        assert not server.get_message(user, request.message_id).reply_markup
        assert not server.take_unimplemented_calls()


async def test_when_staff_end_it_the_handoff_buttons_are_taken_off(world):
    server = world.server
    async with world.app():
        user = server.add_user("문대표")
        request, card = await world.request(user)
        [again] = await world.user_says(user, "/human")  # "이미 요청했어요" with its own 상담 종료 button
        assert again.callback_data() == ["handoff:end"]
        await world.staff_gets(thread=card.message_thread_id)
        await world.consultant_says("/end", card.message_thread_id)
        [ended] = await server.wait_for_bot_messages_async(user, timeout=10)
        assert ended.text == texts.HANDOFF_ENDED_FOR_USER
        assert not server.get_message(user, request.message_id).reply_markup
        assert not server.get_message(user, again.message_id).reply_markup


async def test_cards_are_posted_in_request_order_when_turns_finish_out_of_order(world):
    """QA 18: #5 numbered first but its turn finished last used to be posted after #6 and #7."""
    server = world.server
    first_user = server.add_user("가대표")

    def slow_first(handle):
        def wrapped(incoming):
            replies = handle(incoming)
            if incoming.user_id == f"tg:{first_user.id}":
                time.sleep(0.6)  # the request is numbered; the rest of the turn is slow
            return replies
        return wrapped

    async with world.app(wrap=slow_first):
        others = [server.add_user("나대표"), server.add_user("다대표")]
        server.user_sends_text(first_user, "상담원 연결")
        await until(lambda: world.service.store.open_for(f"tg:{first_user.id}") is not None)
        for user in others:
            server.user_sends_text(user, "상담원 연결")
        cards = await world.staff_gets(count=3)
        numbers = [int(re.search(r"#(\d+)", card.text).group(1)) for card in cards]
        assert numbers == sorted(numbers) and "가대표" in cards[0].text


async def test_after_a_restart_the_users_message_is_relayed_before_the_consultants_reply_is_handled(world):
    """QA 16: a user's message and a consultant's reply, both written while the bot was stopped,
    come in one getUpdates backlog. The user's message is relayed to the topic first (with when it
    was sent: the consultant's own reply is already above it), then "✅ …맡았어요"; the user gets
    the reply."""
    server = world.server
    user = server.add_user("한사장")
    question = "혹시 월요일 오전에 전화 주실 수 있나요?"

    def slow_question(handle):
        def wrapped(incoming):
            if incoming.text == question:
                time.sleep(0.5)  # the user's turn still runs when the consultant's update is taken up
            return handle(incoming)
        return wrapped

    async with world.app():
        _, card = await world.request(user)
    thread = card.message_thread_id
    real_clock = server.clock
    server.clock = lambda: real_clock() - 600  # written ten minutes ago, while the bot was stopped
    sent = server.user_sends_text(user, question)
    await world.consultant_says("네, 월요일 오전 10시에 전화드릴게요.", thread)
    server.clock = real_clock
    async with world.app(wrap=slow_question):
        [answer] = await server.wait_for_bot_messages_async(user, timeout=10)
        relayed, taken = await world.staff_gets(count=2, thread=thread)
    assert answer.text == "👩‍💼 상담원 김민지:\n네, 월요일 오전 10시에 전화드릴게요."
    sent_at = format_when(datetime.fromtimestamp(sent.raw["date"], ZoneInfo("Asia/Seoul")))
    assert relayed.text == f"👤 한사장:\n{question}\n" + texts.HANDOFF_STAFF_SENT_LATE.format(when=sent_at)
    assert taken.text == texts.HANDOFF_STAFF_TAKEN.format(name="김민지")

