import pytest

from bot.conversation import Button
from bot.tg.render import MESSAGE_LIMIT, keyboard, split_text


def test_short_text_is_one_piece():
    assert split_text("안녕하세요") == ["안녕하세요"]


def test_long_text_splits_under_the_limit_at_paragraphs_and_loses_nothing():
    paragraphs = [f"{n}번 문단이에요. " * 40 for n in range(30)]
    text = "\n\n".join(paragraphs)
    pieces = split_text(text)
    assert len(pieces) > 1 and all(len(piece) <= MESSAGE_LIMIT for piece in pieces)
    assert "".join(pieces).replace("\n", "").replace(" ", "") == text.replace("\n", "").replace(" ", "")


def test_text_without_any_break_is_cut_hard():
    pieces = split_text("가" * 10000)
    assert [len(piece) for piece in pieces] == [4096, 4096, 1808]


def test_buttons_become_rows_of_two():
    markup = keyboard((Button("a", "하나"), Button("b", "둘"), Button("c", "셋")))
    rows = markup.inline_keyboard
    assert [[b.text for b in row] for row in rows] == [["하나", "둘"], ["셋"]]
    assert rows[1][0].callback_data == "c"
    assert keyboard(()) is None


def test_a_button_action_over_64_bytes_is_refused_before_it_reaches_telegram():
    with pytest.raises(ValueError):
        Button("fb:up:" + "가" * 30, "너무 긴 버튼")
