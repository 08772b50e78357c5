"""Application settings: config.yaml with ${ENV:default} expansion, validated into typed models.

Loaded once in the entry point and passed down; nothing reads settings at import time.
Secrets (tokens, passwords) belong in the environment, referenced from the YAML as ${NAME:}.
"""

import os
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot import texts
from bot.booking.settings import BookingSettings
from bot.handoff.settings import HandoffSettings
from bot.intents import IntentSettings
from bot.storage.database import StorageSettings
from embeddings.settings import EmbeddingSettings
from knowledge.settings import KnowledgeSettings

_ENV_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}")
DEFAULT_CONFIG = Path("config.yaml")


class TelegramSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str = ""  # from $TELEGRAM_BOT_TOKEN; empty means the terminal assistant runs instead
    # A self-hosted Bot API server (or the tests' fake) is reached by changing these two.
    base_url: str = "https://api.telegram.org/bot"
    base_file_url: str = "https://api.telegram.org/file/bot"
    mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str = ""  # the public HTTPS address Telegram posts to
    webhook_listen: str = "127.0.0.1"  # behind a reverse proxy / load balancer
    webhook_port: int = 8443
    webhook_path: str = "telegram"
    webhook_secret: str = ""  # from $TELEGRAM_WEBHOOK_SECRET; Telegram echoes it in a header
    max_concurrent_updates: int = 64
    # Threads running turns (retrieval and database work); CPU-bound, so a few per core.
    turn_workers: int = 8


class AnswerSettings(BaseModel):
    """The `answers:` section. Thresholds and weights were chosen with `python bench/answers.py
    --sweep` on the dev files only (answers_dev.jsonl, out_of_scope.jsonl), preferring the middle
    of a plateau over a single best point; the test files were measured once, untouched."""

    model_config = ConfigDict(extra="forbid")

    max_sentences: int = 3
    max_chars: int = 500
    candidate_chunks: int = 8
    # Share of the question's weighted terms the best sentence (with its heading) must contain.
    min_coverage: float = 0.2
    # Further sentences are quoted only when they score at least this share of the best one.
    keep_ratio: float = 0.7
    # Known nouns at least this rare (IDF over program chunks) must appear in the quoted chunks.
    salient_min_idf: float = 99.0
    # Score bonuses: the chunk's retrieval rank, a sentence of the asked type (a date for
    # "언제"), a document the previous answer was about (follow-ups), and context words.
    rank_weight: float = 0.2
    type_bonus: float = 0.5
    key_bonus: float = 0.5  # a table row whose first cell the question names ("기간: …")
    previous_doc_bonus: float = 0.2
    heading_weight: float = 0.9
    # Long sentences cost this much per 100 characters; run-ons (a PDF table flattened into
    # one line) are never quoted.
    length_penalty: float = 0.03
    max_unit_chars: int = 130
    # A list under its introducing sentence is quoted up to this many items.
    max_items: int = 6
    # Whether the best fact answers at all is decided by bot/answerability.json (a model fitted
    # by scripts/train_answer_model.py); a "not published" statement standing in for an
    # unsupported question must still cover this much of it.
    min_unpublished_coverage: float = 0.4
    # A Q&A answer saying a detail is unpublished stands in only for questions like its own
    # (with an embedder): sharing words such as "와요" or "몇 시" with its questions is not enough.
    min_unpublished_match: float = 0.85
    # Bonus for sentences from a program the question names ("카라반", "실증산단").
    program_bonus: float = 0.3
    # Bonus for the first sentence of a Q&A answer whose questions are close to the one asked
    # (the mean of the entry's similarity and the best cosine with its questions), counted from
    # `question_floor` (no bonus) to 1 (`question_weight`).
    question_weight: float = 0.5
    question_floor: float = 0.8
    # A sentence sharing this share of its words with one already quoted says nothing new.
    restate_overlap: float = 0.8
    # A best fact with less than this share of words (IDF-weighted) new to the question only
    # restates it; the fact adding most among those scoring `echo_keep_ratio` of it is quoted too.
    echo_max_novelty: float = 0.55
    echo_keep_ratio: float = 0.55


class LlmSettings(BaseModel):
    """The `llm:` section. `provider: none` (the default) keeps answers extractive."""

    model_config = ConfigDict(extra="forbid")

    provider: Literal["none", "openai", "ollama"] = "none"
    model: str = ""  # e.g. "Qwen/Qwen2.5-7B-Instruct" on vLLM, "qwen2.5:7b" on Ollama
    base_url: str | None = None  # any OpenAI-compatible server: "http://vllm:8000/v1"
    api_key: str = ""  # from the environment in config.yaml: ${AXBOT_LLM_API_KEY:}
    timeout_s: float = 15.0
    temperature: float = 0.1
    max_tokens: int = 600
    max_passages: int = 5

    @model_validator(mode="after")
    def _model_named_when_enabled(self) -> "LlmSettings":
        if self.provider != "none" and not self.model:
            raise ValueError("llm.model must name a model when llm.provider is not 'none'")
        return self


class VendorSettings(BaseModel):
    """The `vendors:` section (vendor matching, bot/vendors.py). A vendor's score is how well it
    meets the need, 0–1 (a blend of retrieval relevance, the request's words its brief answers and
    being the kind of solution asked for), plus boosts for fitting the company. Chosen with
    `bench/vendors.py --sweep`: in the middle of the range where a company fit reorders close
    matches yet no profile, not even one that favours a wrong vendor, costs a golden question its
    right first answer (0.2 for region or industry already does)."""

    model_config = ConfigDict(extra="forbid")

    top_k: int = 3
    candidate_chunks: int = 60
    # Below this retrieval confidence nothing is proposed. Off by default: the guard that holds
    # for every embedder is that a proposed vendor shares a word with the request or is the kind
    # of solution it names (_grounded); confidence scales differ per embedder (bench/vendors.py).
    min_confidence: float = 0.0
    # Share of a vendor's second-best chunk added to its best: two sections on topic beat one.
    support_weight: float = 0.3
    # A vendor whose relevance is below this share of the best one's is not proposed at all,
    # however well it fits the company: a near-random third vendor costs trust.
    min_relevance: float = 0.45
    # Shares of "meets the need": the request's nouns the brief answers (rarer words weigh more)
    # and the request naming the vendor's kind of solution; retrieval relevance gets the rest.
    need_words_share: float = Field(0.55, ge=0.0, le=1.0)
    need_kind_share: float = Field(0.3, ge=0.0, le=1.0)
    # The request names the vendor's kind of solution ("로봇", "검사", "사고"): see _CATEGORY_CUES.
    category_boost: float = 0.1
    industry_boost: float = 0.1
    region_boost: float = 0.1
    size_boost: float = 0.03

    @model_validator(mode="after")
    def _shares_leave_room_for_relevance(self) -> "VendorSettings":
        if self.need_words_share + self.need_kind_share > 1.0:
            raise ValueError("vendors.need_words_share + vendors.need_kind_share must be at most 1")
        return self

    @property
    def need_relevance_share(self) -> float:
        return 1.0 - self.need_words_share - self.need_kind_share


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    embeddings: EmbeddingSettings = Field(default_factory=EmbeddingSettings)
    knowledge: KnowledgeSettings = Field(default_factory=KnowledgeSettings)
    telegram: TelegramSettings = Field(default_factory=TelegramSettings)
    storage: StorageSettings = Field(default_factory=StorageSettings)
    intents: IntentSettings = Field(default_factory=IntentSettings)
    answers: AnswerSettings = Field(default_factory=AnswerSettings)
    vendors: VendorSettings = Field(default_factory=VendorSettings)
    llm: LlmSettings = Field(default_factory=LlmSettings)
    booking: BookingSettings = Field(default_factory=BookingSettings)
    handoff: HandoffSettings = Field(default_factory=HandoffSettings)


class SettingsError(Exception):
    """config.yaml is missing, unreadable or invalid; raised before anything starts."""


def expand_env(value: Any, environ: dict[str, str]) -> Any:
    """Replace ${NAME} and ${NAME:default} in every string of a parsed YAML tree."""
    if isinstance(value, dict):
        return {key: expand_env(item, environ) for key, item in value.items()}
    if isinstance(value, list):
        return [expand_env(item, environ) for item in value]
    if not isinstance(value, str):
        return value

    def substitute(match: re.Match) -> str:
        name, default = match.group(1), match.group(2)
        if name in environ:
            return environ[name]
        if default is None:
            raise SettingsError(texts.SETTINGS_MISSING_ENV.format(name=name))
        return default

    return _ENV_REFERENCE.sub(substitute, value)


def load_settings(path: Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Read, expand and validate the config file; a missing default file means all defaults."""
    path = path or Path(os.environ.get("AXBOT_CONFIG", DEFAULT_CONFIG))
    environ = dict(os.environ) if environ is None else environ
    if not path.exists():
        if path == DEFAULT_CONFIG:
            return Settings()
        raise SettingsError(texts.SETTINGS_FILE_MISSING.format(path=path))
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise SettingsError(texts.SETTINGS_FILE_MALFORMED.format(path=path, error=error)) from error
    try:
        return Settings.model_validate(expand_env(raw, environ))
    except ValueError as error:
        raise SettingsError(texts.SETTINGS_INVALID.format(path=path, error=error)) from error
