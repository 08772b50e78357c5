"""Plain-text files: UTF-8 (with or without BOM), UTF-16 with BOM, or the legacy Korean CP949/EUC-KR."""

import codecs
import re
from pathlib import Path

from knowledge.documents import ExtractedText
from knowledge.errors import LoadError
from knowledge.loaders.titles import first_line_title
from knowledge.settings import LoaderSettings

# CP949 is a superset of EUC-KR; EUC-KR stays last only as the name staff recognise.
_ENCODINGS = ("utf-8-sig", "cp949", "euc-kr")
# A first line ending like a sentence (…이에요. …입니다) is the text itself, not its title.
_SENTENCE_END = re.compile(r"([.!?。]|[다요])$")


def load(path: Path, limits: LoaderSettings) -> ExtractedText:
    text = decode_text(path, path.read_bytes())
    return ExtractedText(text=text, title=_title(text))


def _title(text: str) -> str | None:
    """The first line, when it reads as a title: otherwise the document id stands in."""
    line = first_line_title(text)
    return line if line and not _SENTENCE_END.search(line) else None


def decode_text(path: Path, data: bytes) -> str:
    """The text of a file's bytes; LoadError corrupt for binary or undecodable content."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Windows Notepad's "Unicode" files: UTF-16 is full of NUL bytes, so check it first.
        return _decode(path, data, "utf-16")
    if b"\x00" in data:
        raise LoadError(path, "corrupt", "텍스트가 아닌 바이너리 파일이에요")
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise LoadError(path, "corrupt", "문자 인코딩을 알 수 없어요 (UTF-8, CP949 모두 아님)")


def _decode(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise LoadError(path, "corrupt", f"{encoding} 해독 실패") from exc
