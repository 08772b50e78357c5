"""knowledge/messages.py: staff read these in the Telegram group as plain text, and in a terminal."""

from knowledge import messages


def _texts(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    return []


def test_no_message_wraps_a_command_in_markdown_backticks():
    texts = [text for name, value in vars(messages).items() if name.isupper() for text in _texts(value)]
    assert len(texts) > 30
    assert [text for text in texts if "`" in text] == []
