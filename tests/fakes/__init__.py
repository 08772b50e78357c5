"""Hand-written fakes for tests: a fake Telegram Bot API server (telegram_bot_api) and its
pytest fixtures (fixtures)."""

from tests.fakes.telegram_bot_api import (
    ApiCall,
    FakeChat,
    FakeMessage,
    FakeTelegramBotApi,
    FakeTopic,
    FakeUser,
)

__all__ = ["ApiCall", "FakeChat", "FakeMessage", "FakeTelegramBotApi", "FakeTopic", "FakeUser"]
