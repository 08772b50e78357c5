"""Application settings: config.yaml with ${ENV:default} expansion, validated into typed models.

Loaded once in the entry point and passed down; nothing reads settings at import time.
Secrets (tokens, passwords) belong in the environment, referenced from the YAML as ${NAME:}.
"""

import os
import re
from pathlib import Path
from typing import Any

import yaml
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.answering import AnswerSettings
from bot.booking.settings import BookingSettings
from bot.handoff.settings import HandoffSettings
from bot.intents import IntentSettings
from bot.llm import LlmSettings
from bot.storage.database import StorageSettings
from bot.vendors import VendorSettings
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
            raise SettingsError(f"환경 변수 {name} 가 설정되지 않았습니다 (config.yaml 참조).")
        return default

    return _ENV_REFERENCE.sub(substitute, value)


def load_settings(path: Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Read, expand and validate the config file; a missing default file means all defaults."""
    path = path or Path(os.environ.get("AXBOT_CONFIG", DEFAULT_CONFIG))
    environ = dict(os.environ) if environ is None else environ
    if not path.exists():
        if path == DEFAULT_CONFIG:
            return Settings()
        raise SettingsError(f"설정 파일을 찾을 수 없습니다: {path}")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise SettingsError(f"설정 파일 형식이 잘못되었습니다: {path}: {error}") from error
    try:
        return Settings.model_validate(expand_env(raw, environ))
    except ValueError as error:
        raise SettingsError(f"설정 값이 올바르지 않습니다: {path}: {error}") from error
