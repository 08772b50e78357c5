"""Hangul HWP 5.0 binary files (OLE compound files) read with olefile; the records in hwp_body."""

import re
import struct
import zlib
from pathlib import Path

import olefile

from knowledge import messages
from knowledge.documents import ExtractedText
from knowledge.errors import LoadError
from knowledge.loaders.archive import inflation_limit
from knowledge.loaders.hwp_body import section_blocks
from knowledge.loaders.titles import first_line_title, metadata_title
from knowledge.settings import LoaderSettings

_SIGNATURE = b"HWP Document File"
_HEADER_SIZE = 256
_COMPRESSED = 1 << 0
# FileHeader property bits whose body cannot be read without a key (spec table 3).
_LOCKED = {
    1 << 1: "암호 설정 문서",
    1 << 2: "배포용 문서 (본문이 암호화됨)",
    1 << 4: "DRM 보안 문서",
    1 << 8: "공인인증서 암호화 문서",
    1 << 10: "공인인증서 DRM 보안 문서",
}
_SECTION = re.compile(r"^Section(\d+)$")
_SUMMARY = "\x05HwpSummaryInformation"
_SUMMARY_TITLE = 2  # PIDSI_TITLE


def load(path: Path, limits: LoaderSettings) -> ExtractedText:
    if not olefile.isOleFile(str(path)):
        raise LoadError(path, "corrupt", _not_ole_detail(path))
    with olefile.OleFileIO(str(path)) as container:
        compressed = _read_file_header(path, container)
        text = _body_text(path, container, compressed, limits)
        text = text or _preview_text(container)
        title = _summary_title(container)
    return ExtractedText(text=text, title=title or first_line_title(text))


def _not_ole_detail(path: Path) -> str:
    with path.open("rb") as stream:
        if stream.read(len(_SIGNATURE)) == _SIGNATURE:
            return "HWP 3.0 이하의 옛 형식이에요. 한글에서 HWP 5.0 이상으로 저장해 주세요"
    return "HWP 5.0 형식(OLE 복합 파일)이 아니에요"


def _read_file_header(path: Path, container: olefile.OleFileIO) -> bool:
    """Whether the body streams are compressed; LoadError for a foreign or locked file."""
    if not container.exists("FileHeader"):
        raise LoadError(path, "corrupt", "FileHeader 스트림이 없어요")
    header = container.openstream("FileHeader").read(_HEADER_SIZE)
    # The signature fills 32 bytes with NULs; "HWP Document File V3.00" is the old format.
    if len(header) < 40 or header[:32].rstrip(b"\0") != _SIGNATURE:
        raise LoadError(path, "corrupt", "HWP 서명이 없어요")
    # Version DWORD 0xMMnnPPrr at byte 32, property flags at byte 36.
    version, flags = struct.unpack_from("<II", header, 32)
    if version >> 24 != 5:
        raise LoadError(path, "corrupt", f"HWP {version >> 24}.x 형식은 지원하지 않아요")
    for bit, detail in _LOCKED.items():
        if flags & bit:
            raise LoadError(path, "encrypted", detail)
    return bool(flags & _COMPRESSED)


def _body_text(path: Path, container: olefile.OleFileIO, compressed: bool, limits: LoaderSettings) -> str:
    names = _section_streams(container)
    if not names:
        raise LoadError(path, "corrupt", "본문(BodyText/Section) 스트림이 없어요")
    blocks: list[str] = []
    for name in names:
        data = container.openstream(name).read()
        blocks += section_blocks(_inflate(path, data, limits) if compressed else data)
    return "\n\n".join(blocks)


def _section_streams(container: olefile.OleFileIO) -> list[str]:
    numbered = [
        (int(match.group(1)), "/".join(entry))
        for entry in container.listdir(streams=True, storages=False)
        if len(entry) == 2 and entry[0] == "BodyText" and (match := _SECTION.match(entry[1]))
    ]
    return [name for _, name in sorted(numbered)]


def _inflate(path: Path, data: bytes, limits: LoaderSettings) -> bytes:
    # Raw deflate (no zlib header), bounded so a crafted stream cannot exhaust memory.
    inflater = zlib.decompressobj(-15)
    try:
        body = inflater.decompress(data, inflation_limit(limits))
    except zlib.error as exc:
        raise LoadError(path, "corrupt", messages.HWP_BODY_DAMAGED) from exc
    if inflater.unconsumed_tail:
        raise LoadError(path, "oversized", "본문 압축을 풀면 너무 커요")
    return body


def _preview_text(container: olefile.OleFileIO) -> str:
    """PrvText, the UTF-16 preview Hangul saves (the first pages' text), when the body gave none."""
    if not container.exists("PrvText"):
        return ""
    data = container.openstream("PrvText").read()
    return data[: len(data) // 2 * 2].decode("utf-16-le", errors="replace")


def _summary_title(container: olefile.OleFileIO) -> str | None:
    if not container.exists(_SUMMARY):
        return None
    try:
        properties = container.getproperties(_SUMMARY)
    except Exception:
        return None  # the summary is optional metadata; a damaged one costs the title only
    return metadata_title(properties.get(_SUMMARY_TITLE))
