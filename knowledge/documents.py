"""The knowledge layer's own value types: what loaders produce and what the index stores."""

from dataclasses import dataclass, field
from typing import Any, Literal

DocumentKind = Literal["program", "vendor"]


@dataclass(frozen=True)
class ExtractedText:
    """What a format loader reads out of one file, before the file becomes a document.

    `text` is Markdown-like: headings as `#` lines, tables as Markdown tables, NFC-normalised.
    `front_matter` carries any structured header the file has (Markdown YAML front matter).
    """

    text: str
    title: str | None = None
    updated: str | None = None  # ISO date, when the file itself records one
    front_matter: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SourceDocument:
    doc_id: str
    title: str
    text: str
    source_path: str
    updated: str  # ISO date (YYYY-MM-DD)
    kind: DocumentKind
    content_hash: str
    # Vendor attributes (categories, industries, regions, sizes, name, sample) for filtering.
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Chunk:
    chunk_id: str  # f"{doc_id}#{n}"
    doc_id: str
    title: str
    section: str  # heading path, "상위 제목 > 하위 제목"; "" before the first heading
    text: str
    source_path: str
    updated: str
    kind: DocumentKind
    content_hash: str  # of what gets embedded: unchanged hash, no re-embedding
    attributes: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Chunk":
        return cls(**data)


@dataclass(frozen=True)
class Hit:
    """One retrieved chunk with the evidence the bot needs to trust it or not."""

    chunk: Chunk
    score: float  # fused score, comparable only within one result list
    rank: int
    bm25_rank: int | None
    dense_rank: int | None
    dense_similarity: float
    lexical_coverage: float  # share of the query's content morphemes found in the chunk
