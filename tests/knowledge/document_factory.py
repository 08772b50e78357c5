"""Writers of real documents in every supported format, for loader tests (files go under tmp_path).

PDF, DOCX and HWPX come from the libraries that write them (reportlab, python-docx,
python-hwpx). HWP 5.0 is written here from the public specification: a compound file
(`compound_file`) holding FileHeader, DocInfo, BodyText/Section0 records and PrvText.
"""

import random
import struct
import zipfile
import zlib
from pathlib import Path

# Sample content the tests look for in the extracted text.
TITLE = "2025년 스마트 제조 AX 지원사업 안내"
INTRO = "산업단지 입주기업의 인공지능 전환을 돕는 지원사업이에요."
DEADLINE = "신청 기간은 3월 4일부터 4월 5일까지예요."
CONTACT = "문의는 한국산업단지공단 AX 상담 센터로 해 주세요."
TABLE = [["구분", "지원 금액", "기간"], ["AI 도입", "최대 1억 원", "6개월"], ["로봇 도입", "최대 2억 원", "9개월"]]
TABLE_MARKDOWN_ROWS = [
    "| 구분 | 지원 금액 | 기간 |",
    "| --- | --- | --- |",
    "| AI 도입 | 최대 1억 원 | 6개월 |",
    "| 로봇 도입 | 최대 2억 원 | 9개월 |",
]
FOOTNOTE = "금액은 부가가치세를 포함해요."
PAGE_HEADER = "머리말: 쪽마다 되풀이되는 글"


def random_bytes(size: int, seed: int = 7) -> bytes:
    """Deterministic noise; long enough, it contains NUL bytes like any binary file."""
    return random.Random(seed).randbytes(size)


# --- text and Markdown ---------------------------------------------------------------------


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# --- PDF (reportlab with a CID font: Korean text without embedding a font file) ---------------

_KOREAN_FONT = "HYSMyeongJo-Medium"


def _pdf_canvas(path: Path, title: str | None, encrypt=None):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(_KOREAN_FONT))
    pdf = canvas.Canvas(str(path), encrypt=encrypt)
    if title is not None:
        pdf.setTitle(title)
    return pdf


def write_pdf(
    path: Path,
    pages: list[list[str]],
    title: str | None = None,
    user_password: str | None = None,
    owner_password: str | None = None,
) -> Path:
    """One line of Korean text per string, top to bottom, one list per page."""
    encrypt = None
    if user_password is not None or owner_password is not None:
        from reportlab.lib.pdfencrypt import StandardEncryption

        encrypt = StandardEncryption(user_password or "", ownerPassword=owner_password, strength=128)
    pdf = _pdf_canvas(path, title, encrypt)
    for lines in pages:
        pdf.setFont(_KOREAN_FONT, 11)
        for number, line in enumerate(lines):
            pdf.drawString(60, 780 - 18 * number, line)
        pdf.showPage()
    pdf.save()
    return path


def write_image_only_pdf(path: Path, pages: int = 2) -> Path:
    """A scan-like PDF: shapes on every page, not a single character of text."""
    pdf = _pdf_canvas(path, title="스캔 문서")
    for number in range(pages):
        pdf.setFillGray(0.6)
        pdf.rect(60, 400, 300, 200 + 20 * number, fill=1)
        pdf.circle(300, 200, 50, fill=1)
        pdf.showPage()
    pdf.save()
    return path


# --- DOCX (python-docx) --------------------------------------------------------------------


def write_docx(path: Path, core_title: str | None = TITLE) -> Path:
    """Heading, paragraphs, a bullet, a table between paragraphs, a cell with '|' and a line break."""
    import docx

    document = docx.Document()
    if core_title is not None:
        document.core_properties.title = core_title
    document.add_heading("사업 개요", level=1)
    document.add_paragraph(INTRO)
    document.add_heading("지원 내용", level=2)
    document.add_paragraph("스마트공장 솔루션 도입", style="List Bullet")
    table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    for row, values in zip(table.rows, TABLE):
        for cell, value in zip(row.cells, values):
            cell.text = value
    extra = document.add_table(rows=2, cols=2).rows
    extra[0].cells[0].text, extra[0].cells[1].text = "항목", "비고"
    extra[1].cells[0].text, extra[1].cells[1].text = "A|B 구분", "첫 줄\n둘째 줄"
    document.add_heading("신청 방법", level=3)
    document.add_paragraph(DEADLINE)
    document.save(str(path))
    return path


# --- HWPX (python-hwpx) --------------------------------------------------------------------


def write_hwpx(path: Path) -> Path:
    """A Hangul document as python-hwpx writes it: page header, footnote, captioned table with a
    merged cell, paragraphs before and after. Saved as .hwp, the same document is an HWP 5.0 file."""
    from hwpx import HwpxDocument

    document = HwpxDocument.new()
    document.page.set_header(text=PAGE_HEADER)
    document.add_paragraph(TITLE, inherit_style=False)
    intro = document.add_paragraph(INTRO, inherit_style=False)
    document.notes.add_footnote(FOOTNOTE, paragraph=intro)
    table = document.add_table(len(TABLE) + 1, len(TABLE[0]))
    table.set_caption("표 1. 지원 유형별 금액")
    for row, values in enumerate(TABLE):
        for column, value in enumerate(values):
            table.set_cell_text(row, column, value)
    table.set_cell_text(len(TABLE), 0, "공통")
    table.set_cell_text(len(TABLE), 1, "컨설팅 무료 제공")
    table.merge_cells(len(TABLE), 1, len(TABLE), 2)
    document.add_paragraph(DEADLINE, inherit_style=False)
    document.save_to_path(str(path))
    return path


def write_encrypted_hwpx(path: Path) -> Path:
    """An HWPX whose manifest declares the section encrypted, the section bytes unreadable."""
    plain = write_hwpx(path.with_name("plain-" + path.name))
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<odf:manifest xmlns:odf="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<odf:file-entry odf:full-path="Contents/section0.xml" odf:media-type="application/xml" odf:size="2048">'
        '<odf:encryption-data odf:checksum-type="SHA1" odf:checksum="AAAA">'
        '<odf:algorithm odf:algorithm-name="AES" odf:initialisation-vector="AAAA"/>'
        '<odf:key-derivation odf:key-derivation-name="PBKDF2" odf:iteration-count="1024" odf:salt="AAAA"/>'
        "</odf:encryption-data></odf:file-entry></odf:manifest>"
    )
    replaced = {"META-INF/manifest.xml": manifest.encode(), "Contents/section0.xml": random_bytes(2048)}
    return _rewrite_zip(plain, path, replaced)


def write_hwpx_without_sections(path: Path) -> Path:
    plain = write_hwpx(path.with_name("plain-" + path.name))
    return _rewrite_zip(plain, path, {}, dropped={"Contents/section0.xml"})


def _rewrite_zip(source: Path, target: Path, replaced: dict[str, bytes], dropped: frozenset = frozenset()) -> Path:
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for info in original.infolist():
            if info.filename not in dropped:
                copy.writestr(info, replaced.get(info.filename, original.read(info.filename)))
    return target


def truncated(source: Path, target: Path, keep: float = 0.5) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: int(len(data) * keep)])
    return target


# --- OLE2 compound file binary (MS-CFB version 3) --------------------------------------------

_SECTOR, _MINI_SECTOR, _MINI_CUTOFF = 512, 64, 4096
_FREE, _END_OF_CHAIN, _FAT_SECTOR, _NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
_STORAGE, _STREAM, _ROOT = 1, 2, 5
_RED, _BLACK = 0, 1


class _Entry:
    def __init__(self, name: str, kind: int, data: bytes = b""):
        self.name, self.kind, self.data = name, kind, data
        self.children: dict[str, _Entry] = {}
        self.id = self.left = self.right = self.child = _NO_STREAM
        self.color, self.start, self.size = _BLACK, _END_OF_CHAIN, 0

    def sort_key(self) -> tuple[int, str]:
        # MS-CFB 2.6.4: shorter names first, then code points of the upper-cased names.
        return len(self.name), self.name.upper()


class _Sectors:
    """Regular 512-byte sectors and the FAT chaining them, allocated front to back."""

    def __init__(self):
        self.data = bytearray()
        self.fat: list[int] = []

    def add(self, data: bytes) -> int:
        count = -(-len(data) // _SECTOR)
        if count == 0:
            return _END_OF_CHAIN
        start = len(self.fat)
        self.fat += [*range(start + 1, start + count), _END_OF_CHAIN]
        self.data += data.ljust(count * _SECTOR, b"\0")
        return start

    def add_fat(self) -> list[int]:
        fat_count = 1
        while len(self.fat) + fat_count > fat_count * (_SECTOR // 4):
            fat_count += 1
        fat_sectors = list(range(len(self.fat), len(self.fat) + fat_count))
        self.fat += [_FAT_SECTOR] * fat_count
        entries = self.fat + [_FREE] * (fat_count * (_SECTOR // 4) - len(self.fat))
        self.data += struct.pack(f"<{len(entries)}I", *entries)
        return fat_sectors


def compound_file(streams: dict[str, bytes]) -> bytes:
    """An OLE2 compound file holding the streams; a name 'A/B' puts stream B in storage A.
    Streams under 4096 bytes live in the mini stream, as the format requires."""
    root = _Entry("Root Entry", _ROOT)
    for name, data in streams.items():
        _place(root, name.split("/"), data)
    entries = _numbered(root)
    for entry in entries:
        entry.child = _tree([*entry.children.values()])
    sectors = _Sectors()
    mini_fat = _place_stream_data(entries, sectors)
    mini_fat_start = sectors.add(struct.pack(f"<{len(mini_fat)}I", *mini_fat)) if mini_fat else _END_OF_CHAIN
    directory = b"".join(map(_directory_entry, entries)).ljust(-(-len(entries) // 4) * _SECTOR, b"\0")
    directory = _blank_unused_entries(directory, len(entries))
    directory_start = sectors.add(directory)
    fat_sectors = sectors.add_fat()
    mini_fat_sectors = -(-len(mini_fat) * 4 // _SECTOR)
    header = _header(fat_sectors, directory_start, mini_fat_start, mini_fat_sectors)
    return header + bytes(sectors.data)


def _place(storage: _Entry, parts: list[str], data: bytes) -> None:
    if len(parts) == 1:
        storage.children[parts[0]] = _Entry(parts[0], _STREAM, data)
        return
    child = storage.children.setdefault(parts[0], _Entry(parts[0], _STORAGE))
    _place(child, parts[1:], data)


def _numbered(root: _Entry) -> list[_Entry]:
    entries, pending = [], [root]
    while pending:
        entry = pending.pop(0)
        entry.id = len(entries)
        entries.append(entry)
        pending += entry.children.values()
    return entries


def _tree(siblings: list[_Entry]) -> int:
    """Siblings as a balanced binary search tree, coloured as a valid red-black tree."""
    ordered = sorted(siblings, key=_Entry.sort_key)
    height = len(ordered).bit_length() - 1
    return _subtree(ordered, 0, height)


def _subtree(ordered: list[_Entry], depth: int, height: int) -> int:
    if not ordered:
        return _NO_STREAM
    middle = len(ordered) // 2
    node = ordered[middle]
    node.left = _subtree(ordered[:middle], depth + 1, height)
    node.right = _subtree(ordered[middle + 1 :], depth + 1, height)
    # Every level above the last is full, so a red last level keeps black heights equal.
    node.color = _RED if depth == height and depth > 0 else _BLACK
    return node.id


def _place_stream_data(entries: list[_Entry], sectors: _Sectors) -> list[int]:
    """Big streams into regular sectors, small ones into the mini stream; returns the mini FAT."""
    mini_stream, mini_fat = bytearray(), []
    for entry in entries:
        entry.size = len(entry.data) if entry.kind == _STREAM else 0
        if entry.kind != _STREAM or not entry.data:
            continue
        if len(entry.data) >= _MINI_CUTOFF:
            entry.start = sectors.add(entry.data)
            continue
        count = -(-len(entry.data) // _MINI_SECTOR)
        entry.start = len(mini_fat)
        mini_fat += [*range(entry.start + 1, entry.start + count), _END_OF_CHAIN]
        mini_stream += entry.data.ljust(count * _MINI_SECTOR, b"\0")
    root = entries[0]
    root.start, root.size = sectors.add(bytes(mini_stream)), len(mini_stream)
    return mini_fat + [_FREE] * (-len(mini_fat) % (_SECTOR // 4))


def _directory_entry(entry: _Entry) -> bytes:
    name = (entry.name + "\0").encode("utf-16-le")
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        name, len(name), entry.kind, entry.color, entry.left, entry.right, entry.child,
        bytes(16), 0, 0, 0, 0 if entry.kind == _STORAGE else entry.start, entry.size,
    )  # fmt: skip


def _blank_unused_entries(directory: bytes, used: int) -> bytes:
    # Unused entries are zero except their sibling and child ids, which say "none".
    none = _NO_STREAM
    blank = struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, none, none, none, bytes(16), 0, 0, 0, 0, 0)
    return directory[: used * 128] + blank * ((len(directory) - used * 128) // 128)


def _header(fat_sectors: list[int], directory_start: int, mini_fat_start: int, mini_fat_sectors: int) -> bytes:
    difat = fat_sectors + [_FREE] * (109 - len(fat_sectors))
    return struct.pack(
        "<8s16sHHHHH6sIIIIIIIII109I",
        bytes.fromhex("D0CF11E0A1B11AE1"), bytes(16), 0x3E, 3, 0xFFFE, 9, 6, bytes(6),
        0, len(fat_sectors), directory_start, 0, _MINI_CUTOFF, mini_fat_start, mini_fat_sectors,
        _END_OF_CHAIN, 0, *difat,
    )  # fmt: skip


def write_encrypted_docx(path: Path) -> Path:
    """What Word saves for a .docx with an open password: an OLE container, not a ZIP."""
    streams = {
        "EncryptionInfo": struct.pack("<HHI", 4, 4, 0x40) + bytes(120),  # "agile" encryption, version 4.4
        "EncryptedPackage": random_bytes(5000),
    }
    path.write_bytes(compound_file(streams))
    return path


# --- HWP 5.0 records (HWP 5.0 specification, revision 1.3) ---------------------------------------

HWP_COMPRESSED, HWP_PASSWORD, HWP_DISTRIBUTION = 1 << 0, 1 << 1, 1 << 2
_DOCUMENT_PROPERTIES = 16
_PARA_HEADER, _PARA_TEXT, _PARA_CHAR_SHAPE = 66, 67, 68
_CTRL_HEADER, _LIST_HEADER, _PAGE_DEF, _TABLE = 71, 72, 73, 77
_PARAGRAPH_END = 13
PRIVATE_USE_SYMBOL = "\uf0a7"  # Hangul keeps some of its symbols in the private-use area


def hwp_record(tag: int, level: int, payload: bytes) -> bytes:
    """Header: tag bits 0-9, level 10-19, size 20-31; sizes from 0xFFF on follow as a DWORD."""
    if len(payload) >= 0xFFF:
        return struct.pack("<II", tag | level << 10 | 0xFFF << 20, len(payload)) + payload
    return struct.pack("<I", tag | level << 10 | len(payload) << 20) + payload


def extended_control(code: int, control_id: str) -> bytes:
    """An extended control in PARA_TEXT: code, the control's id, 8 parameter bytes, code (16 bytes)."""
    return struct.pack("<H", code) + control_id[::-1].encode("ascii") + bytes(8) + struct.pack("<H", code)


def inline_control(code: int) -> bytes:
    """An inline control (tab = 9, field end = 4): code, 12 parameter bytes, code."""
    return struct.pack("<H", code) + bytes(12) + struct.pack("<H", code)


def hwp_paragraph(level: int, pieces: list[str | bytes], controls: list[bytes] = (), last: bool = False) -> bytes:
    """PARA_HEADER, PARA_TEXT (str pieces as UTF-16LE, bytes pieces as controls), PARA_CHAR_SHAPE,
    then the records of the paragraph's controls (built one level deeper)."""
    text = b"".join(piece.encode("utf-16-le") if isinstance(piece, str) else piece for piece in pieces)
    text += struct.pack("<H", _PARAGRAPH_END)
    characters = len(text) // 2 | (0x80000000 if last else 0)  # bit 31: last paragraph of its list
    control_mask = sum(1 << code for code in _control_codes(text))
    header = struct.pack("<IIHBBHHHIH", characters, control_mask, 0, 0, 0, 1, 0, 0, 0, 0)
    records = hwp_record(_PARA_HEADER, level, header) + hwp_record(_PARA_TEXT, level + 1, text)
    return records + hwp_record(_PARA_CHAR_SHAPE, level + 1, struct.pack("<II", 0, 0)) + b"".join(controls)


def _control_codes(text: bytes) -> set[int]:
    units = struct.unpack(f"<{len(text) // 2}H", text)
    return {unit for unit in units if unit < 32}


def hwp_table(level: int, rows: list[list[str]], caption: str | None = None) -> bytes:
    """CTRL_HEADER 'tbl ', an optional caption list, TABLE, then per cell a LIST_HEADER (with its
    address) followed by the cell's paragraph at the same level."""
    records = hwp_record(_CTRL_HEADER, level, b" lbt" + bytes(42))
    if caption is not None:
        records += hwp_record(_LIST_HEADER, level + 1, struct.pack("<HIH", 1, 0, 0) + bytes(14))
        records += hwp_paragraph(level + 1, [caption], last=True)
    records += hwp_record(_TABLE, level + 1, _table_shape(rows))
    for row_number, row in enumerate(rows):
        for column_number, text in enumerate(row):
            records += hwp_record(_LIST_HEADER, level + 1, _cell_header(row_number, column_number))
            records += hwp_paragraph(level + 1, [text], last=True)
    return records


def _table_shape(rows: list[list[str]]) -> bytes:
    """TABLE: attributes, rows, columns, cell spacing, 4 inner margins, cells per row, border fill, zones."""
    cells_per_row = [len(row) for row in rows]
    margins = (510, 510, 141, 141)
    return struct.pack(f"<IHHH4H{len(rows)}HHH", 0, len(rows), len(rows[0]), 0, *margins, *cells_per_row, 1, 0)


def _cell_header(row: int, column: int) -> bytes:
    """A cell's LIST_HEADER: paragraphs, list properties, cell flags, column, row, spans, width, height,
    4 margins, border fill, then 13 bytes (text width and an empty name) as Hangul writes them."""
    sizes_and_margins = (8000, 282, 510, 510, 141, 141)
    return struct.pack("<HIH4HII4HH", 1, 0x00200000, 0, column, row, 1, 1, *sizes_and_margins, 1) + bytes(13)


def hwp_note(level: int, control_id: str, text: str) -> bytes:
    """A footnote ('fn  ') or page header ('head'): CTRL_HEADER, LIST_HEADER, one paragraph."""
    records = hwp_record(_CTRL_HEADER, level, control_id[::-1].encode("ascii") + bytes(8))
    records += hwp_record(_LIST_HEADER, level + 1, struct.pack("<HI", 1, 0) + bytes(2))
    return records + hwp_paragraph(level + 1, [text], last=True)


def hwp_section_definition(level: int) -> bytes:
    return hwp_record(_CTRL_HEADER, level, b"dces" + bytes(32)) + hwp_record(_PAGE_DEF, level + 1, bytes(40))


def sample_hwp_body(long_paragraph: str = "") -> bytes:
    """Section 0 of a small program notice, exercising the controls a real document has."""
    paragraphs = [
        hwp_paragraph(0, [extended_control(2, "secd"), extended_control(16, "head"), TITLE],
                      [hwp_section_definition(1), hwp_note(1, "head", PAGE_HEADER)]),
        hwp_paragraph(0, [INTRO, extended_control(17, "fn  ")], [hwp_note(1, "fn  ", FOOTNOTE)]),
        hwp_paragraph(0, ["지원 대상:", inline_control(9), "입주기업 ", PRIVATE_USE_SYMBOL, "300곳"]),
        hwp_paragraph(0, ["자세한 내용은 ", extended_control(3, "%hlk"), "누리집", inline_control(4), " 공고문을 보세요."],
                      [hwp_record(_CTRL_HEADER, 1, b"klh%" + bytes(20))]),
        hwp_paragraph(0, ["지원 내용은 다음과 같아요.", extended_control(11, "tbl "), "표의 금액은 기업당 한도예요."],
                      [hwp_table(1, TABLE, caption="표 1. 지원 유형별 금액")]),
        hwp_paragraph(0, [DEADLINE, "\n", CONTACT]),
    ]  # fmt: skip
    if long_paragraph:
        paragraphs.append(hwp_paragraph(0, [long_paragraph]))
    return b"".join(paragraphs)


def hwp_file_header(flags: int, version: int = 0x05000300) -> bytes:
    """FileHeader: 32-byte signature, version 0xMMnnPPrr (5.0.3.0), property flags; 256 bytes."""
    return struct.pack("<32sII", b"HWP Document File", version, flags).ljust(256, b"\0")


def write_hwp(
    path: Path,
    body: bytes | None = None,
    flags: int = HWP_COMPRESSED,
    preview: str = TITLE + "\r\n" + INTRO,
    streams: dict[str, bytes | None] | None = None,
) -> Path:
    """An HWP 5.0 document with one section; body and DocInfo raw-deflated when compressed.
    `streams` adds or replaces streams; None as a value leaves that stream out."""
    body = sample_hwp_body() if body is None else body
    docinfo = hwp_record(_DOCUMENT_PROPERTIES, 0, struct.pack("<7H3I", 1, 1, 1, 1, 1, 1, 1, 0, 0, 0))
    pack = _raw_deflate if flags & HWP_COMPRESSED else bytes
    contents = {
        "FileHeader": hwp_file_header(flags),
        "DocInfo": pack(docinfo),
        "BodyText/Section0": pack(body),
        "PrvText": preview.encode("utf-16-le"),
        "PrvImage": random_bytes(6000),  # past the 4096-byte cutoff: a stream in regular sectors
    }
    contents |= streams or {}
    path.write_bytes(compound_file({name: data for name, data in contents.items() if data is not None}))
    return path


def _raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()
