"""Whole Korean conversations through the real PTB Application and a fake Bot API on 127.0.0.1."""

import asyncio
import random

import pytest

from bot import actions, texts
from bot.assistant import REPEATED_PRESS_WINDOW_S
from bot.conversation import Button, Reply
from bot.tg.app import ALLOWED_UPDATES, build_application
from tests.fakes.clock import SettableClock
from tests.fakes.fixtures import running_application

pytestmark = pytest.mark.asyncio


def running(telegram_settings, handle):
    return running_application(build_application(telegram_settings, handle), allowed_updates=ALLOWED_UPDATES)


async def ask(server, user, text, count=1):
    server.user_sends_text(user, text)
    return await server.wait_for_bot_messages_async(user, count=count, timeout=15)


async def test_start_shows_the_introduction_menu_and_registers_commands(telegram_server, telegram_settings, make_assistant):
    async with running(telegram_settings, make_assistant().handle):
        user = telegram_server.add_user("김민수")
        [welcome] = await ask(telegram_server, user, "/start")
        assert welcome.text == texts.ASSISTANT_WELCOME
        assert welcome.button_texts() == [texts.BUTTON_ASK, texts.BUTTON_VENDORS, texts.BUTTON_BOOK, texts.BUTTON_HUMAN]
        assert {c["command"] for c in telegram_server.bot_commands()} >= {"start", "help", "book", "human", "profile"}


async def test_a_program_question_gets_the_exact_fact_with_its_source_and_feedback_is_stored(telegram_server, telegram_settings, make_assistant):
    assistant = make_assistant()
    async with running(telegram_settings, assistant.handle):
        user = telegram_server.add_user("이영희")
        [answer] = await ask(telegram_server, user, "AX 실증산단 구축사업 총 예산이 얼마예요?")
        assert "2,000억" in answer.text and "AX 실증산단 구축사업" in answer.text
        assert telegram_server.calls("sendChatAction"), "typing indicator"
        assert answer.callback_data_for(texts.BUTTON_FEEDBACK_UP).startswith("fb:up:")
        telegram_server.user_presses_button(user, answer, answer.callback_data_for(texts.BUTTON_FEEDBACK_UP))
        await telegram_server.wait_for_call_async("answerCallbackQuery")
        [thanks] = await telegram_server.wait_for_bot_messages_async(user)
        assert thanks.text == texts.ASSISTANT_FEEDBACK_THANKS_UP


async def test_a_follow_up_uses_the_conversation(telegram_server, telegram_settings, make_assistant):
    async with running(telegram_settings, make_assistant().handle):
        user = telegram_server.add_user("박철수")
        await ask(telegram_server, user, "산업단지 위크는 어떤 행사예요?")
        [follow_up] = await ask(telegram_server, user, "그건 언제부터 언제까지 해요?")
        assert "9월 8일" in follow_up.text and "14일" in follow_up.text


async def test_non_text_messages_are_answered_gracefully(telegram_server, telegram_settings, make_assistant):
    async with running(telegram_settings, make_assistant().handle):
        user = telegram_server.add_user("최지훈")
        telegram_server.user_sends_sticker(user)
        [sticker] = await telegram_server.wait_for_bot_messages_async(user)
        telegram_server.user_sends_location(user, 35.22, 128.68)
        [location] = await telegram_server.wait_for_bot_messages_async(user)
        telegram_server.user_sends_voice(user, b"OggS-fake-voice")
        [voice] = await telegram_server.wait_for_bot_messages_async(user)
        assert (sticker.text, location.text, voice.text) == (
            texts.ASSISTANT_ATTACHMENT["sticker"], texts.ASSISTANT_ATTACHMENT["location"], texts.ASSISTANT_ATTACHMENT["voice"],
        )


async def test_an_edited_message_is_answered_again_with_a_note(telegram_server, telegram_settings, make_assistant):
    async with running(telegram_settings, make_assistant().handle):
        user = telegram_server.add_user("정수진")
        [_, original] = [None, telegram_server.user_sends_text(user, "안녕하세요")]
        await telegram_server.wait_for_bot_messages_async(user)
        telegram_server.user_edits_message(user, original, "수출박람회는 어디서 열려요?")
        [edited] = await telegram_server.wait_for_bot_messages_async(user, timeout=15)
        assert edited.text.startswith(texts.ASSISTANT_EDITED) and "킨텍스" in edited.text


async def test_buttons_from_before_a_database_reset_are_answered_politely(telegram_server, telegram_settings, make_assistant, tmp_path):
    async with running(telegram_settings, make_assistant().handle):
        user = telegram_server.add_user("한지민")
        [answer] = await ask(telegram_server, user, "AX 카라반은 누가 운영해요?")
    # The bot comes back on an empty database: the answer that button voted on is gone.
    async with running(telegram_settings, make_assistant(f"sqlite:///{tmp_path / 'fresh.db'}").handle):
        telegram_server.user_presses_button(user, answer, answer.callback_data_for(texts.BUTTON_FEEDBACK_UP))
        # Nothing is known about the chat after a restart: the menu comes back with the toast.
        [stale] = await telegram_server.wait_for_bot_messages_async(user, timeout=15)
        assert stale.text == texts.ASSISTANT_STALE_BUTTON
        [toast] = telegram_server.calls("answerCallbackQuery")
        assert toast.params.get("text") == texts.STALE_BUTTON_TOAST
        assert not telegram_server.get_message(user, answer.message_id).reply_markup


async def test_dialogue_state_survives_a_restart_mid_flow(telegram_server, telegram_settings, make_assistant):
    async with running(telegram_settings, make_assistant().handle):
        user = telegram_server.add_user("오세훈")
        [question] = await ask(telegram_server, user, "용접 불량을 카메라로 자동 검사해 주는 기업 추천해 주세요")
        assert question.text == texts.ASSISTANT_VENDOR_PROFILE_QUESTION
    async with running(telegram_settings, make_assistant().handle):  # restarted bot, same database
        [proposals] = await ask(telegram_server, user, "창원 자동차부품 회사예요 직원 80명")
        assert "비전메이트" in proposals.text
        assert any(label.endswith("자세히") for label in proposals.button_texts())


async def test_long_replies_are_split_under_telegram_limit(telegram_server, telegram_settings):
    long_reply = "\n\n".join(f"{n}번째 안내 문단이에요. " * 30 for n in range(25))
    async with running(telegram_settings, lambda incoming: [Reply(long_reply)]):
        user = telegram_server.add_user("긴답변")
        telegram_server.user_sends_text(user, "자세히 알려 주세요")
        pieces = await telegram_server.wait_for_bot_messages_async(user, count=len(long_reply) // 4096 + 1, timeout=10)
        assert all(len(piece.text) <= 4096 for piece in pieces)
        assert "".join(p.text for p in pieces).replace("\n", "").replace(" ", "") == long_reply.replace("\n", "").replace(" ", "")


async def test_one_chat_is_answered_in_order_while_chats_run_concurrently(telegram_server, telegram_settings):
    def slow_echo(incoming):
        import time

        time.sleep(random.uniform(0, 0.03))  # would reorder replies if turns of one chat overlapped
        return [Reply(f"{incoming.user_id}:{incoming.text}")]

    async with running(telegram_settings, slow_echo):
        users = [telegram_server.add_user(f"사용자{n}") for n in range(3)]
        for number in range(20):
            for user in users:
                telegram_server.user_sends_text(user, str(number))
        for user in users:
            replies = await telegram_server.wait_for_bot_messages_async(user, count=20, timeout=20)
            assert [r.text.split(":")[-1] for r in replies] == [str(n) for n in range(20)]
            assert all(r.text.startswith(f"tg:{user.id}:") for r in replies)


async def test_a_failing_turn_gets_a_polite_error_and_the_bot_keeps_running(telegram_server, telegram_settings):
    def flaky(incoming):
        if incoming.text == "터져라":
            raise RuntimeError("boom")
        return [Reply("정상이에요")]

    async with running(telegram_settings, flaky):
        user = telegram_server.add_user("오류")
        [error] = await ask(telegram_server, user, "터져라")
        [fine] = await ask(telegram_server, user, "괜찮아요?")
        assert (error.text, fine.text) == (texts.ASSISTANT_ERROR, "정상이에요")


async def test_group_messages_are_not_answered(telegram_server, telegram_settings):
    calls = []
    async with running(telegram_settings, lambda incoming: calls.append(incoming) or [Reply("답")]):
        member = telegram_server.add_user("그룹회원")
        group = telegram_server.add_supergroup("잡담방", members=[member], is_forum=False)
        telegram_server.user_sends_text(member, "/start", chat=group)
        user = telegram_server.add_user("개인")
        await ask(telegram_server, user, "안녕")
        assert [i.user_id for i in calls] == [f"tg:{user.id}"]


def stale_on(action: str):
    """A stand-in core: every message gets a reply with two buttons; `action` is a button that no longer works."""

    def handle(incoming):
        if incoming.action == action:
            return [Reply(texts.ASSISTANT_STALE_BUTTON, (Button("menu", texts.BUTTON_MENU),), intent="stale_action")]
        return [Reply(f"답: {incoming.text or incoming.action}", (Button(action, "옛 버튼"), Button("menu", texts.BUTTON_MENU)))]

    return handle


async def pressed(server, user, message, data):
    """Press and wait until the press is answered; returns the answerCallbackQuery call."""
    query_id = server.user_presses_button(user, message, data)
    return await server.wait_for_call_async("answerCallbackQuery", lambda call: call.params.get("callback_query_id") == query_id, timeout=10)


async def test_a_stale_button_above_newer_ones_gets_a_toast_and_loses_its_keyboard(telegram_server, telegram_settings):
    async with running(telegram_settings, stale_on("old")):
        user = telegram_server.add_user("윤대표")
        [older] = await ask(telegram_server, user, "첫 질문")
        await ask(telegram_server, user, "두 번째 질문")  # newer buttons below
        answer = await pressed(telegram_server, user, older, "old")
        assert answer.params.get("text") == texts.STALE_BUTTON_TOAST
        await telegram_server.wait_until_async(lambda s: not s.get_message(user, older.message_id).reply_markup, timeout=10)
        await asyncio.sleep(0.3)
        assert len(telegram_server.bot_messages(user)) == 2, "a toast, not a new chat message"
        assert not telegram_server.take_unimplemented_calls()


async def test_a_stale_button_on_the_newest_message_brings_the_menu_back(telegram_server, telegram_settings):
    async with running(telegram_settings, stale_on("old")):
        user = telegram_server.add_user("강대표")
        [newest] = await ask(telegram_server, user, "질문")
        await pressed(telegram_server, user, newest, "old")
        [menu] = await telegram_server.wait_for_bot_messages_async(user, timeout=10)
        assert menu.text == texts.ASSISTANT_STALE_BUTTON and menu.button_texts() == [texts.BUTTON_MENU]
        assert not telegram_server.get_message(user, newest.message_id).reply_markup  # dead buttons gone


async def test_a_double_tap_on_a_stale_button_sends_nothing_twice(telegram_server, telegram_settings):
    async with running(telegram_settings, stale_on("old")):
        user = telegram_server.add_user("임대표")
        [newest] = await ask(telegram_server, user, "질문")
        telegram_server.user_presses_button(user, newest, "old")
        telegram_server.user_presses_button(user, newest, "old")  # before the first is processed
        await telegram_server.wait_until_async(lambda s: len(s.calls("answerCallbackQuery")) == 2, timeout=10)
        await asyncio.sleep(0.3)
        assert [m.text for m in telegram_server.bot_messages(user)][1:] == [texts.ASSISTANT_STALE_BUTTON]
        assert all(call.params.get("text") == texts.STALE_BUTTON_TOAST for call in telegram_server.calls("answerCallbackQuery"))


async def test_a_double_tap_on_a_vendor_button_opens_the_card_once_and_a_later_press_again(telegram_server, telegram_settings, make_bot):
    """QA 9 with the real assistant: the second press of a double tap gets a toast and no second
    card; the proposals keep their buttons, and the same button pressed a minute later works."""
    clock = SettableClock()
    services, _ = make_bot(clock=clock)
    async with running(telegram_settings, services.assistant.handle):
        user = telegram_server.add_user("조대표")
        [question] = await ask(telegram_server, user, "용접 불량을 카메라로 자동 검사해 주는 기업 추천해 주세요")
        await pressed(telegram_server, user, question, actions.SKIP)
        [proposals] = await telegram_server.wait_for_bot_messages_async(user, timeout=15)
        details = next(data for data in proposals.callback_data() if data.startswith(actions.VENDOR_DETAILS))
        telegram_server.user_presses_button(user, proposals, details)
        second = await pressed(telegram_server, user, proposals, details)  # answered after the first press's turn
        assert second.params.get("text") == texts.REPEATED_PRESS_TOAST
        [card] = await telegram_server.wait_for_bot_messages_async(user, timeout=10)
        assert card.callback_data()[0].startswith(actions.VENDOR_BOOK)
        assert [m.text for m in telegram_server.bot_messages(user)] == [question.text, proposals.text, card.text]
        assert telegram_server.get_message(user, proposals.message_id).callback_data() == proposals.callback_data()

        clock.advance(REPEATED_PRESS_WINDOW_S + 55)  # a deliberate second look
        again = await pressed(telegram_server, user, proposals, details)
        assert again.params.get("text") is None
        [card_again] = await telegram_server.wait_for_bot_messages_async(user, timeout=10)
        assert card_again.text == card.text
