"""End-to-end fixtures: the real assistant over the shipped knowledge, behind the real PTB app."""

from pathlib import Path

import pytest

from bot.services import build_assistant, build_bot
from bot.settings import Settings, TelegramSettings
from tests.core_setup import built_knowledge, scratch_settings
from tests.fakes.fixtures import *  # noqa: F401,F403  (telegram_server, network guard, ...)

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def e2e_settings(tmp_path_factory) -> Settings:
    """The shipped documents with the real offline model: the answers users would get.

    The index is built once per session (about 20 s); each query then costs ~20 ms.
    """
    scratch = tmp_path_factory.mktemp("e2e")
    return scratch_settings(scratch, REPO / "knowledge/content")


@pytest.fixture(scope="session")
def knowledge(e2e_settings):
    return built_knowledge(e2e_settings)


@pytest.fixture
def database_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'axbot.db'}"


@pytest.fixture
def make_assistant(e2e_settings, knowledge, database_url):
    """A new assistant on the test's database: calling it twice is a restart of the bot."""

    def make(url: str = database_url):
        settings = e2e_settings.model_copy(update={"storage": e2e_settings.storage.model_copy(update={"url": url})})
        return build_assistant(settings, knowledge=knowledge)

    return make


@pytest.fixture
def telegram_settings(telegram_server) -> TelegramSettings:
    return TelegramSettings(token=telegram_server.token, base_url=telegram_server.base_url, base_file_url=telegram_server.base_file_url)


@pytest.fixture
def make_bot(e2e_settings, knowledge, database_url):
    """All bot services on the test's database, with extra settings (e.g. the staff group) and
    optionally a settable clock (the bot's now)."""

    def make(url: str = database_url, clock=None, **sections):
        updates = {"storage": e2e_settings.storage.model_copy(update={"url": url})}
        for name, values in sections.items():
            updates[name] = getattr(e2e_settings, name).model_copy(update=values)
        settings = e2e_settings.model_copy(update=updates)
        return build_bot(settings, knowledge=knowledge, clock=clock), settings

    return make
