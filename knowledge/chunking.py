"""Korean-aware chunking of the Markdown-like text every loader produces.

Chunks follow the document's structure: a chunk never spans two sections, a paragraph is
split only between sentences, and a table is split only between rows, each part repeating
the header row so a row is never read without its column names.
"""

import hashlib
import re
from dataclasses import dataclass

from knowledge.documents import Chunk, SourceDocument
from knowledge.settings import ChunkingSettings

# Bump when chunk boundaries change, so an incremental build re-chunks every document.
CHUNKER_VERSION = "2"

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
# Split after terminal punctuation followed by a space, so numbers such as "9.14" stay whole.
_SENTENCE_END = re.compile(r"(?<=[.!?。？！])\s+|\n")


@dataclass
class _Block:
    text: str
    is_table: bool


def chunk_document(document: SourceDocument, settings: ChunkingSettings) -> list[Chunk]:
    pieces: list[tuple[str, str]] = []
    for section, blocks in _sections(document.text, document.title):
        pieces.extend((section, text) for text in _pack(blocks, settings))
    return [_make_chunk(document, number, section, text) for number, (section, text) in enumerate(pieces)]


def embedding_text(chunk: Chunk) -> str:
    """What gets embedded and indexed: the body in the context of its title and section."""
    heading = f"{chunk.title} > {chunk.section}" if chunk.section else chunk.title
    return f"{heading}\n{chunk.text}"


def _make_chunk(document: SourceDocument, number: int, section: str, text: str) -> Chunk:
    chunk = Chunk(
        chunk_id=f"{document.doc_id}#{number}",
        doc_id=document.doc_id,
        title=document.title,
        section=section,
        text=text,
        source_path=document.source_path,
        updated=document.updated,
        kind=document.kind,
        content_hash="",
        attributes=document.attributes,
    )
    digest = hashlib.sha256(f"{CHUNKER_VERSION}\n{embedding_text(chunk)}".encode("utf-8")).hexdigest()
    return Chunk(**{**chunk.__dict__, "content_hash": digest})


def _sections(text: str, title: str) -> list[tuple[str, list[_Block]]]:
    """Split into (heading path, blocks) pairs; a heading with no body of its own is kept as context only.

    A heading that repeats the document title is left out of the path: the title is shown anyway.
    """
    sections: list[tuple[str, list[_Block]]] = []
    path: list[tuple[int, str]] = []
    blocks: list[_Block] = []
    for block in _blocks(text):
        heading = _HEADING.match(block.text) if not block.is_table else None
        if heading:
            if blocks:
                sections.append((_path_text(path), blocks))
                blocks = []
            level, name = len(heading.group(1)), heading.group(2)
            kept = [(lvl, text) for lvl, text in path if lvl < level]
            path = kept if _same_text(name, title) else kept + [(level, name)]
        else:
            blocks.append(block)
    if blocks:
        sections.append((_path_text(path), blocks))
    return sections


def _same_text(left: str, right: str) -> bool:
    return "".join(left.split()) == "".join(right.split())


def _path_text(path: list[tuple[int, str]]) -> str:
    return " > ".join(title for _, title in path)


def _blocks(text: str) -> list[_Block]:
    """Paragraphs (blank-line separated), headings (always alone) and tables (runs of | lines)."""
    blocks: list[_Block] = []
    current: list[str] = []
    current_is_table = False

    def flush() -> None:
        if current:
            blocks.append(_Block("\n".join(current).strip(), current_is_table))
            current.clear()

    for line in text.splitlines():
        stripped = line.strip()
        is_table_line = stripped.startswith("|")
        if not stripped or _HEADING.match(stripped) or is_table_line != current_is_table:
            flush()
            current_is_table = is_table_line
        if _HEADING.match(stripped):
            blocks.append(_Block(stripped, False))
        elif stripped:
            current.append(stripped)
    flush()
    return [block for block in blocks if block.text]


def _pack(blocks: list[_Block], settings: ChunkingSettings) -> list[str]:
    """Greedily fill chunks up to max_chars with whole units (sentences, list items, table parts)."""
    chunks: list[str] = []
    current = ""
    for unit in _units(blocks, settings.max_chars):
        if current and len(current) + len(unit) + 1 > settings.max_chars:
            chunks.append(current)
            current = ""
        current = f"{current}\n{unit}" if current else unit
    if current:
        if chunks and len(current) < settings.min_chars and len(chunks[-1]) + len(current) < settings.max_chars * 1.5:
            chunks[-1] = f"{chunks[-1]}\n{current}"
        else:
            chunks.append(current)
    return chunks


def _units(blocks: list[_Block], max_chars: int) -> list[str]:
    units: list[str] = []
    for block in blocks:
        if len(block.text) <= max_chars:
            units.append(block.text)
        elif block.is_table:
            units.extend(_table_parts(block.text, max_chars))
        else:
            units.extend(_sentence_groups(block.text, max_chars))
    return units


def _table_parts(table: str, max_chars: int) -> list[str]:
    lines = table.splitlines()
    has_header = len(lines) > 1 and _TABLE_SEPARATOR.match(lines[1].strip())
    header = "\n".join(lines[:2]) if has_header else ""
    rows = lines[2:] if has_header else lines
    parts: list[str] = []
    current = header
    for row in rows:
        if current != header and len(current) + len(row) + 1 > max_chars:
            parts.append(current)
            current = header
        current = f"{current}\n{row}" if current else row
    if current and current != header:
        parts.append(current)
    return parts


def _sentence_groups(paragraph: str, max_chars: int) -> list[str]:
    sentences = [part.strip() for part in _SENTENCE_END.split(paragraph) if part and part.strip()]
    groups: list[str] = []
    current = ""
    for sentence in sentences:
        if current and len(current) + len(sentence) + 1 > max_chars:
            groups.append(current)
            current = ""
        # A single sentence longer than a chunk is cut hard; better than an unembeddable chunk.
        while len(sentence) > max_chars:
            groups.append(sentence[:max_chars])
            sentence = sentence[max_chars:]
        current = f"{current} {sentence}" if current else sentence
    if current:
        groups.append(current)
    return groups
