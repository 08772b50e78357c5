"""QA defect #9: a double tap (the same button of the same message pressed twice) gets one reply;
the second press gets the short notice a channel shows as a toast. Through the core, over a small
knowledge base, with a settable clock; the last press is in the database, so a restart or another
worker (PostgreSQL) sees it too."""

import pytest

from bot import actions, texts
from bot.assistant import REPEATED_PRESS_WINDOW_S
from bot.conversation import REPEATED_PRESS_INTENT, Incoming, Reply
from bot.services import build_bot
from bot.storage import AnswerLog, DialogueStore, TranscriptStore, UnansweredLog
from tests.core_setup import built_knowledge, scratch_settings
from tests.fakes.clock import SettableClock
from tests.knowledge.kb_factory import PROGRAMS, VENDORS, write_program, write_vendor
from tests.postgres import clean_postgres_url, postgres_server, postgres_url  # noqa: F401

VENDOR = "v01-vision"
REPEATED = [Reply(texts.REPEATED_PRESS_TOAST, intent=REPEATED_PRESS_INTENT)]


class Phone:
    """A Telegram user of the core: every reply is a message with an id, and a press says which
    message its button is on, as bot/tg/translate.py does."""

    def __init__(self, assistant, user_id: str = "tg:909"):
        self.assistant, self.user_id = assistant, user_id
        self.messages: dict[int, Reply] = {}

    def say(self, text: str) -> list[Reply]:
        return self._show(self.assistant.handle(Incoming(self.user_id, text=text)))

    def command(self, name: str) -> list[Reply]:
        return self._show(self.assistant.handle(Incoming(self.user_id, command=name)))

    def button(self, prefix: str) -> tuple[int, str]:
        """The newest message with a button whose action starts with `prefix`, and that action."""
        for message_id in sorted(self.messages, reverse=True):
            for button in self.messages[message_id].buttons:
                if button.action.startswith(prefix):
                    return message_id, button.action
        raise LookupError(f"no button {prefix!r} on screen")

    def tap(self, message_id: int, action: str) -> list[Reply]:
        return self._show(self.assistant.handle(Incoming(self.user_id, action=action, message_id=message_id)))

    def double_tap(self, prefix: str) -> tuple[list[Reply], list[Reply]]:
        message_id, action = self.button(prefix)
        return self.tap(message_id, action), self.tap(message_id, action)

    def _show(self, replies: list[Reply]) -> list[Reply]:
        for reply in replies:
            if reply.intent != REPEATED_PRESS_INTENT:  # a toast, no message
                self.messages[max(self.messages, default=100) + 1] = reply
        return replies


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    scratch = tmp_path_factory.mktemp("double-tap")
    content = scratch / "content"
    write_program(content / "programs", "caravan", *PROGRAMS["caravan"])
    write_vendor(content / "vendors", VENDOR, *VENDORS[VENDOR])
    return scratch_settings(scratch, content, embeddings={"provider": "hashing", "dimension": 64})


@pytest.fixture(scope="module")
def knowledge(settings):
    return built_knowledge(settings)


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock()


@pytest.fixture
def make_bot(settings, knowledge, clock, tmp_path):
    """A bot on the test's database; each call is another worker (or a restart) on that database."""

    def make(url: str = f"sqlite:///{tmp_path / 'axbot.db'}"):
        storage = settings.storage.model_copy(update={"url": url})
        return build_bot(settings.model_copy(update={"storage": storage}), knowledge=knowledge, clock=clock)

    return make


@pytest.fixture
def bot(make_bot):
    return make_bot()


@pytest.fixture
def phone(bot) -> Phone:
    phone = Phone(bot.assistant)
    phone.command("start")
    return phone


def answer_id(bot, user_id: str = "tg:909") -> str:
    """An answer the user was given earlier, whose 👍/👎 buttons they still have."""
    return AnswerLog(bot.database).record(user_id, "카라반은 누가 운영해요?", "산업단지공단이 운영해요.", [], 0.9, True)


# --- the buttons of the QA report ----------------------------------------------------------


@pytest.mark.parametrize("prefix, intent", [(actions.ASK, "ask"), (actions.VENDORS, "vendor_need"), (actions.BOOK, "booking")])
def test_a_double_tap_on_a_menu_button_asks_once(phone, prefix, intent):
    first, second = phone.double_tap(prefix)
    assert len(first) == 1 and first[0].intent.startswith(intent)
    assert second == REPEATED


def test_a_double_tap_on_each_booking_step_moves_the_flow_one_step(phone):
    phone.double_tap(actions.BOOK)
    for prefix in ("bk:ok", "bk:t:", "bk:p:", "bk:d:", "bk:s:"):
        first, second = phone.double_tap(prefix)
        assert first and first[-1].intent != REPEATED_PRESS_INTENT, prefix
        assert second == REPEATED, prefix
    assert phone.say("김예약")[-1].text == texts.BOOKING_ASK_PHONE.format(name="김예약")  # the flow took each step once


@pytest.mark.parametrize("make_action, intent", [
    (lambda bot: actions.VENDOR_DETAILS + VENDOR, "vendor_details"),
    (lambda bot: actions.FEEDBACK_UP + answer_id(bot), "feedback"),
    (lambda bot: actions.FEEDBACK_DOWN + answer_id(bot), "feedback"),
    (lambda bot: actions.PROFILE_EDIT + "company_name", "profile:company_name"),
])
def test_a_double_tap_on_a_card_feedback_or_profile_button_replies_once(bot, phone, make_action, intent):
    action = make_action(bot)
    first, second = phone.tap(7, action), phone.tap(7, action)
    assert [reply.intent for reply in first] == [intent]
    assert second == REPEATED


def test_the_second_press_changes_nothing_and_is_kept_nowhere(bot, phone):
    thumbs_down = actions.FEEDBACK_DOWN + answer_id(bot)
    phone.tap(7, thumbs_down)
    state, lines = DialogueStore(bot.database).load(phone.user_id), TranscriptStore(bot.database).recent(phone.user_id)
    assert phone.tap(7, thumbs_down) == REPEATED
    assert DialogueStore(bot.database).load(phone.user_id) == state
    assert TranscriptStore(bot.database).recent(phone.user_id) == lines  # a consultant reads one press
    assert state["dissatisfaction"] == 1 and len(UnansweredLog(bot.database).open_items()) == 1  # one 👎 counted


# --- what is not a double tap ----------------------------------------------------------------


@pytest.mark.parametrize("make_action", [
    lambda bot: actions.VENDOR_DETAILS + VENDOR,  # a deliberate second look at the card
    lambda bot: actions.FEEDBACK_UP + answer_id(bot),  # 👍 once more: thanked again
])
def test_the_same_press_after_the_window_works_as_before(bot, phone, clock, make_action):
    action = make_action(bot)
    first = phone.tap(7, action)
    clock.advance(REPEATED_PRESS_WINDOW_S - 0.5)
    assert phone.tap(7, action) == REPEATED
    clock.advance(0.5)  # the window runs from the first press's answer, not from the repeat
    assert phone.tap(7, action) == first


def test_a_press_of_the_same_button_on_another_message_or_after_another_turn_is_new(phone):
    ask = [Reply(texts.ASSISTANT_ASK_PROMPT, intent="ask")]
    assert phone.tap(7, actions.ASK) == ask
    assert phone.tap(8, actions.ASK) == ask  # the menu sent again, its button pressed
    phone.say("안녕하세요")
    assert phone.tap(8, actions.ASK) == ask  # pressed again after a message in between


def test_a_press_without_a_message_id_is_never_taken_for_a_double_tap(bot):
    """The console and `axbot ask --press`: a number typed twice is meant twice."""
    press = Incoming("console:local", action=actions.ASK)
    assert bot.assistant.handle(press) == bot.assistant.handle(press) == [Reply(texts.ASSISTANT_ASK_PROMPT, intent="ask")]


def test_a_clock_a_little_behind_on_another_worker_still_sees_the_double_tap(phone, clock):
    phone.tap(7, actions.ASK)
    clock.advance(-1.5)  # this worker's clock is behind the one that answered the first press
    assert phone.tap(7, actions.ASK) == REPEATED


# --- restarts and several workers ------------------------------------------------------------


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_second_press_is_recognised_after_a_restart_or_by_another_worker(make_bot, backend, request):
    """SQLite: the bot restarted between the presses. PostgreSQL: two workers on one database, the
    second press taken by the other worker (the user's row lock orders them)."""
    url = request.getfixturevalue("clean_postgres_url") if backend == "postgresql" else None
    first_worker, second_worker = (make_bot(url), make_bot(url)) if url else (make_bot(), None)
    [card] = Phone(first_worker.assistant).tap(7, actions.VENDOR_DETAILS + VENDOR)
    assert card.intent == "vendor_details"
    second_worker = second_worker or make_bot()
    assert Phone(second_worker.assistant).tap(7, actions.VENDOR_DETAILS + VENDOR) == REPEATED
