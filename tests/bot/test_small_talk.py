"""What the bot thanks for as agreement; and a long laugh cannot stall it (the pattern once took
minutes on "ㅋ"×20 followed by a question, blocking every chat)."""

import pytest

from bot.assistant import ACKNOWLEDGEMENT


@pytest.mark.parametrize("text", ["네 알겠어요", "ㅋㅋㅋ", "네네", "아하 그렇군요!", "okay~", "ok", "좋아요 👍", "아 네", "ㅇㅋ ㅎㅎ"])
def test_agreeing_and_laughing_is_acknowledgement(text):
    assert ACKNOWLEDGEMENT.match(text)


@pytest.mark.parametrize("text", ["카라반 뭐예요", "너 로봇이지?", "점심 뭐 먹지"])
def test_anything_else_is_not(text):
    assert not ACKNOWLEDGEMENT.match(text)


@pytest.mark.parametrize("laugh", ["ㅋ", "ㅎ", "네", "ㅋ ", "아"])
def test_a_long_laugh_before_a_question_is_not_acknowledgement(laugh):
    # Thousands of characters, as a user may paste: the answer must come back at all.
    assert not ACKNOWLEDGEMENT.match(laugh * 4000 + "진짜요?")
