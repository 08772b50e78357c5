"""Hangul HWPX (OWPML, a ZIP of XML parts): paragraphs and tables of Contents/section*.xml in order.

Elements are matched by local name, so the 2011 and 2016 OWPML namespaces read the same.
"""

import re
import xml.etree.ElementTree as ElementTree
import zipfile
from pathlib import Path
from xml.etree.ElementTree import Element

from knowledge import messages
from knowledge.documents import ExtractedText
from knowledge.errors import LoadError
from knowledge.loaders.archive import open_package
from knowledge.loaders.tables import grid, markdown_table
from knowledge.loaders.titles import first_line_title, metadata_date, metadata_title
from knowledge.settings import LoaderSettings

_SECTION = re.compile(r"^Contents/section(\d+)\.xml$", re.IGNORECASE)
# Repeated on every page (header, footer) or not meant to be read (hidden comment, section setup).
_SKIPPED = frozenset({"header", "footer", "hiddenComment", "secPr", "linesegarray"})
_INLINE_TEXT = {"tab": "\t", "lineBreak": "\n", "nbSpace": " ", "fwSpace": " ", "hyphen": "-"}


def load(path: Path, limits: LoaderSettings) -> ExtractedText:
    with open_package(path, limits) as package:
        _refuse_encrypted(path, package)
        sections = [_parse_xml(path, package, name) for name in _section_names(path, package)]
        metadata = _package_metadata(package)
    blocks = [block for section in sections for block in _blocks(section)]
    text = "\n\n".join(blocks)
    title = next((t for t in map(metadata_title, metadata.get("title", [])) if t), None)
    updated = next((d for d in map(metadata_date, metadata.get("ModifiedDate", []) + metadata.get("CreatedDate", [])) if d), None)
    return ExtractedText(text=text, title=title or first_line_title(text), updated=updated)


def _refuse_encrypted(path: Path, package: zipfile.ZipFile) -> None:
    # OWPML follows ODF: encrypted parts are listed with <encryption-data> in the manifest.
    if "META-INF/manifest.xml" not in package.namelist():
        return
    manifest = _parse_xml(path, package, "META-INF/manifest.xml")
    if any(_local(element.tag) == "encryption-data" for element in manifest.iter()):
        raise LoadError(path, "encrypted", "HWPX 문서 암호")


def _section_names(path: Path, package: zipfile.ZipFile) -> list[str]:
    numbered = [(int(match.group(1)), name) for name in package.namelist() if (match := _SECTION.match(name))]
    if not numbered:
        raise LoadError(path, "corrupt", "HWPX 본문(Contents/section0.xml)이 없어요")
    return [name for _, name in sorted(numbered)]


def _parse_xml(path: Path, package: zipfile.ZipFile, name: str) -> Element:
    try:
        return ElementTree.fromstring(package.read(name))
    except ElementTree.ParseError as exc:
        raise LoadError(path, "corrupt", messages.XML_DAMAGED.format(part=name, line=exc.position[0])) from exc


def _package_metadata(package: zipfile.ZipFile) -> dict[str, list[str]]:
    """content.hpf metadata: <opf:title> and <opf:meta name="ModifiedDate"> style entries."""
    if "Contents/content.hpf" not in package.namelist():
        return {}
    try:
        root = ElementTree.fromstring(package.read("Contents/content.hpf"))
    except ElementTree.ParseError:
        return {}  # the metadata is optional; the body decides whether the file is readable
    metadata: dict[str, list[str]] = {}
    for element in root.iter():
        name = "title" if _local(element.tag) == "title" else element.get("name") if _local(element.tag) == "meta" else None
        if name and element.text:
            metadata.setdefault(name, []).append(element.text)
    return metadata


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _blocks(section: Element) -> list[str]:
    return [block for paragraph in _children(section, "p") for block in _paragraph_blocks(paragraph)]


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child.tag) == name]


def _paragraph_blocks(paragraph: Element) -> list[str]:
    """The paragraph's text, split around its tables; text boxes and notes follow it."""
    blocks, line, attached = [], [], []
    for run in _children(paragraph, "run"):
        for item in run:
            name = _local(item.tag)
            if name == "t":
                line.append(_run_text(item))
            elif name == "tbl":
                blocks += ["".join(line), *_table_blocks(item)]
                line = []
            elif name not in _SKIPPED:
                attached.append(_plain_text(item))
    blocks.append("".join(line))
    return [block.strip() for block in blocks + attached if block.strip()]


def _run_text(element: Element) -> str:
    parts = [element.text or ""]
    for child in element:
        parts += [_INLINE_TEXT.get(_local(child.tag), ""), child.tail or ""]
    return "".join(parts)


def _plain_text(element: Element) -> str:
    """All text under an element (a cell, a text box, a footnote), one line, tables flattened."""
    name = _local(element.tag)
    if name in _SKIPPED:
        return ""
    if name == "t":
        return _run_text(element)
    parts = [_plain_text(child) for child in element]
    if name in ("run", "p"):
        return "".join(parts)  # runs split words at formatting changes, not at spaces
    return " ".join(part.strip() for part in parts if part.strip())


def _table_blocks(table: Element) -> list[str]:
    captions = [_plain_text(caption) for caption in _children(table, "caption")]
    rows = [_children(row, "tc") for row in _children(table, "tr")]
    cell_count = sum(len(row) for row in rows)
    # No table has more columns than cells; a larger colCnt is damage, not layout.
    columns = max([min(_number(table.get("colCnt")), cell_count)] + [len(row) for row in rows])
    cells = [
        (*_cell_address(cell, row_number, column_number, len(rows), columns), _plain_text(cell))
        for row_number, row in enumerate(rows)
        for column_number, cell in enumerate(row)
    ]
    return [*captions, markdown_table(grid(cells))]


def _cell_address(cell: Element, row: int, column: int, rows: int, columns: int) -> tuple[int, int]:
    # Merged cells leave gaps in a row, so the cell's own address beats its position.
    address = next(iter(_children(cell, "cellAddr")), None)
    if address is None:
        return row, column
    row_at, column_at = _number(address.get("rowAddr"), row), _number(address.get("colAddr"), column)
    return (row_at, column_at) if row_at < rows and column_at < columns else (row, column)


def _number(value: str | None, default: int = 0) -> int:
    try:
        return max(int(value), 0) if value is not None else default
    except ValueError:
        return default
