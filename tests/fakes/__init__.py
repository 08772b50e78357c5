"""Hand-written fakes for tests: a fake Telegram Bot API server (telegram_bot_api), its
pytest fixtures (fixtures) and a settable clock (clock)."""

from tests.fakes.telegram_bot_api import (
    ApiCall,
    FakeChat,
    FakeMessage,
    FakeTelegramBotApi,
    FakeTopic,
    FakeUser,
)

__all__ = ["ApiCall", "FakeChat", "FakeMessage", "FakeTelegramBotApi", "FakeTopic", "FakeUser"]
