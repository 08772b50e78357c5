"""A migrated SQLite database, a settable clock and a handoff service over them."""

from datetime import UTC, datetime

import pytest

from bot.handoff import HandoffService, HandoffSettings
from tests.databases import migrated, sqlite_url

STAFF_CHAT = -1001234567890
# Tuesday 2025-09-09 11:00 in Seoul: office hours.
OFFICE_TIME = datetime(2025, 9, 9, 2, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def database(tmp_path):
    with migrated(sqlite_url(tmp_path)) as database:
        yield database


@pytest.fixture
def clock() -> Clock:
    return Clock(OFFICE_TIME)


@pytest.fixture
def make_service(database, clock):
    def make(**settings) -> HandoffService:
        values = {"staff_chat_id": STAFF_CHAT, **settings}
        return HandoffService(database, HandoffSettings(**values), clock=clock)

    return make


@pytest.fixture
def service(make_service) -> HandoffService:
    return make_service()
