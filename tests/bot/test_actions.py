"""Button ids as consultants read them in a handed-off user's transcript."""

import pytest

from bot import actions, texts


@pytest.mark.parametrize(("action", "label"), [
    ("bk:ok", texts.BOOKING_BUTTON_AGREE),
    ("bk:t:program", texts.BOOKING_TYPE_LABELS["program"]),
    ("bk:d:20261223", "12월 23일(수)"),
    ("bk:s:202612231400", "12월 23일(수) 오후 2시"),
    ("fb:dn:a1b2", texts.BUTTON_FEEDBACK_DOWN),
    ("pf:e:region", texts.BUTTON_PROFILE_EDIT.format(field=texts.PROFILE_FIELDS["region"])),
    ("human", texts.BUTTON_HUMAN),
])
def test_a_pressed_button_is_described_by_its_label(action, label):
    assert actions.describe(action) == label


@pytest.mark.parametrize("action", ["bk:s:not-a-time", "bk:zz", "made-up"])
def test_an_unknown_or_broken_id_is_shown_as_it_is_rather_than_failing(action):
    assert actions.describe(action) == action


def test_the_booking_change_and_continue_buttons_read_as_their_labels():
    assert actions.describe("bk:e") == texts.BOOKING_BUTTON_CHANGE
    assert actions.describe("bk:e:when") == texts.BOOKING_CHANGE_LABELS["when"]
    assert actions.describe("bk:go") == texts.BOOKING_BUTTON_CONTINUE
