"""Typed settings for the knowledge layer (the `knowledge:` section of config.yaml)."""

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class ChunkingSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_chars: int = 600
    min_chars: int = 80


class RetrievalSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Weighted reciprocal-rank fusion: score = w_lex/(k+rank_lex) + w_dense/(k+rank_dense).
    bm25_weight: float = 0.75
    dense_weight: float = 1.0
    rrf_k: int = 10
    candidates: int = 50
    # Confidence blends the share of query morphemes found in a hit with its dense similarity,
    # rescaled from [dense_floor, dense_ceiling] to [0, 1] (the range depends on the embedder).
    dense_floor: float = 0.75
    dense_ceiling: float = 0.90
    # Below this confidence the bot says it does not know (calibrated in docs/BENCHMARKS.md).
    min_confidence: float = 0.45


class LoaderSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Bytes bound parsing; images and fonts make PDF and HWP files big without adding text.
    max_file_mb: float = 30.0
    max_pdf_pages: int = 500
    # Characters bound the build: about 600 make a chunk, and a chunk takes about 0.9 s to embed
    # on two shared cores, so 200,000 characters (~350 chunks) hold the build lock ~5 minutes.
    max_text_chars: int = 200_000


class KnowledgeSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Shipped documents first, staff uploads last: a later folder's document replaces an
    # earlier one with the same id.
    sources: list[Path] = Field(default_factory=lambda: [Path("knowledge/content"), Path("var/documents")])
    uploads_dir: Path = Path("var/documents")
    index_dir: Path = Path("var/index")
    # How often a running process checks for a newly built index, in seconds.
    reload_check_s: float = 5.0
    chunking: ChunkingSettings = Field(default_factory=ChunkingSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    loaders: LoaderSettings = Field(default_factory=LoaderSettings)
