"""LiveKeyboards: when a stale press needs the menu again, and which handoff buttons to take off."""

from bot.handoff import END_ACTION
from bot.tg.keyboards import QUIET_S, LiveKeyboards


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_the_menu_comes_back_only_when_the_user_would_have_no_buttons():
    clock = Clock()
    keyboards = LiveKeyboards(clock=clock)
    assert keyboards.needs_menu(1, 10)  # nothing known (a restart): send it
    keyboards.sent(1, 10, ["menu"])
    keyboards.sent(1, 12, ["ask"])
    assert not keyboards.needs_menu(1, 10)  # newer buttons below
    assert keyboards.needs_menu(1, 12)  # the newest keyboard itself
    assert keyboards.needs_menu(1, None)  # Telegram did not say which message
    keyboards.removed(1, 12)
    assert not keyboards.needs_menu(1, 12)  # a second tap on buttons already taken off
    clock.now += QUIET_S
    assert keyboards.needs_menu(1, 10)  # a long quiet: the user may need the menu


def test_a_message_without_buttons_counts_as_activity_but_not_as_a_keyboard():
    keyboards = LiveKeyboards(clock=Clock())
    keyboards.sent(1, 10, ["menu"])
    keyboards.sent(1, 11)
    assert keyboards.needs_menu(1, 10)


def test_the_handoff_buttons_are_taken_once():
    keyboards = LiveKeyboards(clock=Clock())
    keyboards.sent(1, 10, [END_ACTION, "book"])
    keyboards.sent(1, 11, ["menu"])
    keyboards.sent(1, 12, [END_ACTION])
    assert keyboards.take_handoff(1, also=12) == [10, 12]
    assert keyboards.take_handoff(1) == []
    assert keyboards.take_handoff(2, also=5) == [5]  # after a restart: the pressed message still goes


def test_the_least_recently_active_chats_are_forgotten():
    keyboards = LiveKeyboards(max_chats=2, clock=Clock())
    for chat in (1, 2, 3):
        keyboards.sent(chat, 10, ["menu"])
    assert keyboards.needs_menu(1, 5) and not keyboards.needs_menu(3, 5)
