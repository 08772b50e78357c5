"""HWP 5.0 body records (a BodyText/SectionN stream, inflated) to Markdown-like blocks.

Records per the public HWP 5.0 specification (한글 문서 파일 형식 5.0, revision 1.3): a 32-bit
header, tag in bits 0-9, nesting level in bits 10-19, size in bits 20-31 (0xFFF: a 32-bit size
follows). A paragraph is a PARA_HEADER whose children hold its text and its controls; a table is a
CTRL_HEADER 'tbl ' holding a TABLE record and, per cell, a LIST_HEADER followed by the cell's
paragraphs at the same level.
"""

import struct
import sys
from array import array
from dataclasses import dataclass, field

from knowledge.loaders.tables import grid, markdown_table

_BEGIN = 16
PARA_HEADER = _BEGIN + 50  # 66
PARA_TEXT = _BEGIN + 51  # 67
CTRL_HEADER = _BEGIN + 55  # 71
LIST_HEADER = _BEGIN + 56  # 72
TABLE = _BEGIN + 61  # 77

# Control characters in PARA_TEXT (spec table 6). Extended controls stand for an object
# (table, section definition, footnote...) that has its own CTRL_HEADER among the paragraph's
# children, in the same order; extended and inline controls take 8 UTF-16 units each
# (the code, 6 units of parameters, the code again); char controls take one unit.
_EXTENDED = frozenset({1, 2, 3, 11, 12, 14, 15, 16, 17, 18, 21, 22, 23})
_INLINE = frozenset({4, 5, 6, 7, 8, 9, 19, 20})
_CONTROL_UNITS = 8
# 9 tab (inline), 10 line break, 24 hyphen, 30 non-breaking space, 31 fixed-width space;
# 13 ends the paragraph; the rest (field ends, title marks, reserved codes) carry no text.
_CONTROL_TEXT = {9: "\t", 10: "\n", 24: "-", 30: " ", 31: " "}
# Repeated on every page or not meant to be read: header, footer, hidden comment.
_SKIPPED_CONTROLS = frozenset({"head", "foot", "tcmt"})
_MAX_TABLE_CELLS = 100_000


@dataclass
class Record:
    tag: int
    level: int
    payload: bytes
    children: list["Record"] = field(default_factory=list)


def parse_records(data: bytes) -> list[Record]:
    """The top-level records of a stream, each with its deeper records as children."""
    roots: list[Record] = []
    stack: list[Record] = []
    for record in _flat_records(data):
        while stack and stack[-1].level >= record.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(record)
        stack.append(record)
    return roots


def _flat_records(data: bytes):
    position = 0
    while position + 4 <= len(data):
        (header,) = struct.unpack_from("<I", data, position)
        tag, level, size = header & 0x3FF, (header >> 10) & 0x3FF, header >> 20
        position += 4
        if size == 0xFFF:
            if position + 4 > len(data):
                return
            (size,) = struct.unpack_from("<I", data, position)
            position += 4
        if position + size > len(data):
            return  # a truncated last record: keep what came before it
        yield Record(tag, level, data[position : position + size])
        position += size


def section_blocks(data: bytes) -> list[str]:
    roots = parse_records(data)
    return [block for record in roots if record.tag == PARA_HEADER for block in paragraph_blocks(record)]


def paragraph_blocks(paragraph: Record) -> list[str]:
    """The paragraph's text, split around its tables; text boxes and notes follow it."""
    controls = [child for child in paragraph.children if child.tag == CTRL_HEADER]
    blocks, line, attached = [], [], []
    for segment in _segments(paragraph):
        if isinstance(segment, str):
            line.append(segment)
            continue
        control = controls[segment] if segment < len(controls) else None
        if control is not None and control_id(control) == "tbl ":
            blocks += ["".join(line), *_table_blocks(control)]
            line = []
        elif control is not None and control_id(control) not in _SKIPPED_CONTROLS:
            attached.append(_plain_text(control))
    blocks.append("".join(line))
    return [block.strip() for block in blocks + attached if block.strip()]


def _segments(paragraph: Record) -> list[str | int]:
    text = next((child for child in paragraph.children if child.tag == PARA_TEXT), None)
    return decode_para_text(text.payload) if text is not None else []


def decode_para_text(payload: bytes) -> list[str | int]:
    """Text runs (str) and, for each extended control, its index among the paragraph's controls."""
    units = array("H")
    units.frombytes(payload[: len(payload) // 2 * 2])
    if sys.byteorder == "big":
        units.byteswap()
    segments: list[str | int] = []
    start = position = controls = 0
    while position < len(units):
        code = units[position]
        if code >= 32:
            position += 1
            continue
        segments += [_utf16(units[start:position]), _control_segment(code, controls)]
        if code in _EXTENDED:
            controls += 1
        position += _CONTROL_UNITS if code in _EXTENDED or code in _INLINE else 1
        start = position
    segments.append(_utf16(units[start:]))
    return [segment for segment in segments if segment != ""]


def _control_segment(code: int, control_index: int) -> str | int:
    return control_index if code in _EXTENDED else _CONTROL_TEXT.get(code, "")


def _utf16(units: array) -> str:
    return units.tobytes().decode("utf-16-le", errors="replace") if units else ""


def control_id(control: Record) -> str:
    # The id is a big-endian four-character code stored as a little-endian 32-bit number.
    return control.payload[:4][::-1].decode("latin-1")


def _paragraph_plain(paragraph: Record) -> str:
    text = "".join(segment for segment in _segments(paragraph) if isinstance(segment, str))
    return " ".join(part for part in (text.strip(), _plain_text(paragraph)) if part)


def _plain_text(record: Record) -> str:
    """All paragraph text under a record (a cell's control, a text box, a note), tables flattened."""
    parts = []
    for child in record.children:
        if child.tag == PARA_HEADER:
            parts.append(_paragraph_plain(child))
        elif not (child.tag == CTRL_HEADER and control_id(child) in _SKIPPED_CONTROLS):
            parts.append(_plain_text(child))
    return " ".join(part for part in parts if part)


def _table_blocks(control: Record) -> list[str]:
    """The table's caption (a list before the TABLE record) and the table, cells at their address."""
    lists: list[tuple[bool, Record, list[str]]] = []  # (is a cell, its LIST_HEADER, paragraphs)
    shape: Record | None = None
    for child in control.children:
        if child.tag == TABLE:
            shape = child
        elif child.tag == LIST_HEADER:
            lists.append((shape is not None, child, []))
        elif child.tag == PARA_HEADER and lists:
            lists[-1][2].append(_paragraph_plain(child))
    captions = [" ".join(texts) for is_cell, _, texts in lists if not is_cell]
    cells = [(header, " ".join(texts)) for is_cell, header, texts in lists if is_cell]
    return [*captions, markdown_table(_table_grid(shape, cells))]


def _table_grid(shape: Record | None, cells: list[tuple[Record, str]]) -> list[list[str]]:
    rows, columns = _table_size(shape, len(cells))
    placed = [(*_cell_address(header, number, rows, columns), text) for number, (header, text) in enumerate(cells)]
    return grid(placed)


def _table_size(shape: Record | None, cell_count: int) -> tuple[int, int]:
    # TABLE: UINT32 attributes, UINT16 rows, UINT16 columns, ...
    if shape is None or len(shape.payload) < 8:
        return cell_count, 1
    rows, columns = struct.unpack_from("<HH", shape.payload, 4)
    if not 0 < rows * columns <= _MAX_TABLE_CELLS:
        return cell_count, 1
    # No table has more rows or columns than cells; larger numbers are damage, not layout.
    return min(rows, cell_count), min(columns, cell_count)


def _cell_address(header: Record, number: int, rows: int, columns: int) -> tuple[int, int]:
    """(row, column) of a cell; merged cells leave gaps, so its own address beats its position.

    A cell's LIST_HEADER is UINT16 paragraph count, UINT32 list properties, UINT16 cell flags,
    then UINT16 column and row (bytes 8 and 10), as Hangul and python-hwpx write it.
    """
    if len(header.payload) >= 12:
        column, row = struct.unpack_from("<HH", header.payload, 8)
        if row < rows and column < columns:
            return row, column
    return divmod(number, max(columns, 1))
