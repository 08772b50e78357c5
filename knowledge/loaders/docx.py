"""Word (.docx) files with python-docx: headings, paragraphs and tables in document order."""

import datetime as dt
import re
from pathlib import Path

import docx
import olefile
from docx.opc.coreprops import CoreProperties
from docx.table import Table
from docx.text.paragraph import Paragraph

from knowledge.documents import ExtractedText
from knowledge.errors import LoadError
from knowledge.loaders.archive import open_package
from knowledge.loaders.tables import markdown_table
from knowledge.loaders.titles import first_line_title, metadata_date, metadata_title
from knowledge.settings import LoaderSettings

_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)
_MAX_HEADING_LEVEL = 3


def load(path: Path, limits: LoaderSettings) -> ExtractedText:
    if olefile.isOleFile(str(path)):
        raise _ole_error(path)
    open_package(path, limits).close()
    document = docx.Document(str(path))
    blocks: list[str] = []
    first_heading: str | None = None
    for item in document.iter_inner_content():
        block = _table_block(item) if isinstance(item, Table) else _paragraph_block(item)
        if first_heading is None and block.startswith("#"):
            first_heading = block.lstrip("#").strip()
        blocks.append(block)
    text = "\n\n".join(block for block in blocks if block.strip())
    title = metadata_title(document.core_properties.title) or first_heading or first_line_title(text)
    return ExtractedText(text=text, title=title, updated=_core_date(document.core_properties, path))


def _core_date(properties: CoreProperties, path: Path) -> str | None:
    """The document's own date, unless it is a template's stamp: python-docx and other generators
    copy a template whose core properties (python-docx: 2013-12-23) never change. A document
    never saved by an editor (created == modified, revision 1) dated before the file itself gets
    None, and the file's modification date is used instead."""
    date = metadata_date(properties.modified) or metadata_date(properties.created)
    never_edited = properties.created == properties.modified and (properties.revision or 0) <= 1
    file_date = dt.date.fromtimestamp(path.stat().st_mtime).isoformat()
    return None if date and never_edited and date < file_date else date


def _ole_error(path: Path) -> LoadError:
    # Office saves a password-protected .docx as an OLE container around the encrypted ZIP.
    with olefile.OleFileIO(str(path)) as container:
        if container.exists("EncryptedPackage"):
            return LoadError(path, "encrypted", "Word 문서 열기 암호")
    return LoadError(path, "corrupt", "Word 97-2003(.doc) 형식이에요. .docx로 저장해 주세요")


def _paragraph_block(paragraph: Paragraph) -> str:
    text = paragraph.text.strip()
    if not text:
        return ""
    level = _heading_level(paragraph)
    if level:
        return f"{'#' * level} {' '.join(text.split())}"
    return f"- {text}" if _is_list_item(paragraph) else text


def _heading_level(paragraph: Paragraph) -> int:
    name = paragraph.style.name if paragraph.style is not None else ""
    if name == "Title":
        return 1
    match = _HEADING_STYLE.match(name or "")
    return min(int(match.group(1)), _MAX_HEADING_LEVEL) if match else 0


def _is_list_item(paragraph: Paragraph) -> bool:
    # Word keeps bullets and numbers out of the text: a numbering property or a List style marks them.
    properties = paragraph._p.pPr
    numbered = properties is not None and properties.numPr is not None
    style = paragraph.style.name if paragraph.style is not None else ""
    return numbered or (style or "").startswith("List")


def _table_block(table: Table) -> str:
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    return markdown_table(rows)
