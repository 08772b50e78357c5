"""Text clean-up every loader's output goes through: one Unicode form, no invisible debris."""

import re
import unicodedata

_LINE_BREAKS = {"\r\n": "\n", "\r": "\n", "\v": "\n", "\f": "\n", "\u2028": "\n", "\u2029": "\n"}
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# Hangul word processors map their own symbols into the private-use areas; elsewhere they
# render as tofu and poison search, so they go. Planes 15 and 16 are private use entirely.
_BMP_PRIVATE_USE = range(0xE000, 0xF900)
_DROPPED = re.compile("[\U000F0000-\U0010FFFF\ud800-\udfff]")
_UNICODE_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_SPACE_RUNS = re.compile(" {2,}")


def _deletion_table() -> dict[int, None]:
    controls = [code for code in range(0x20) if chr(code) not in "\n\t"] + list(range(0x7F, 0xA0))
    deleted = [*controls, *map(ord, _ZERO_WIDTH), *_BMP_PRIVATE_USE]
    return dict.fromkeys(deleted)


_DELETIONS = _deletion_table()


def normalise(text: str) -> str:
    """NFC text with `\\n` line ends, no control/zero-width/private-use characters, tidy spacing."""
    for old, new in _LINE_BREAKS.items():
        text = text.replace(old, new)
    text = _DROPPED.sub("", text.translate(_DELETIONS))
    text = unicodedata.normalize("NFC", text)
    text = _UNICODE_SPACES.sub(" ", text)
    return _squeeze_blank_lines(_tidy_line(line) for line in text.split("\n"))


def _tidy_line(line: str) -> str:
    # Leading spaces are kept: in Markdown they carry list nesting and code blocks.
    body = line.lstrip(" ")
    indent = line[: len(line) - len(body)]
    body = _SPACE_RUNS.sub(" ", body).rstrip()
    return indent + body if body else ""


def _squeeze_blank_lines(lines) -> str:
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip("\n")


def one_line(text: str | None) -> str | None:
    """A title or label: normalised, on one line, None when nothing is left."""
    if text is None:
        return None
    line = " ".join(normalise(str(text)).split())
    return line or None
