"""Booking tests: a fake clock, a recording staff notifier, and a migrated database (SQLite and PostgreSQL)."""

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from bot.booking.reminders import ReminderStore
from bot.booking.service import BookingService
from bot.booking.settings import AvailabilitySettings, BookingSettings
from bot.booking.store import BookingStore
from bot.storage import Database
from tests.databases import migrated, migrated_for, migrated_postgres_database, sqlite_url
from tests.postgres import postgres_server, postgres_url  # noqa: F401

BOOKINGS_DATABASE = "axbot_bookings"
# Monday 2026-12-21 09:00 in Seoul.
MONDAY_9AM = datetime(2026, 12, 21, 0, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self, now: datetime = MONDAY_9AM):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class RecordingNotifier:
    """Keeps new notices (text, buttons, booking id) and customer changes (booking id, text) in order."""

    def __init__(self):
        self.sent: list[tuple[str, tuple, int | None]] = []
        self.changes: list[tuple[int, str]] = []

    def notify(self, text, buttons=(), booking_id=None) -> None:
        self.sent.append((text, tuple(buttons), booking_id))

    def notify_change(self, booking_id, text) -> None:
        self.changes.append((booking_id, text))


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def migrated_bookings_postgres(postgres_server) -> Iterator[Database]:
    with migrated_postgres_database(postgres_server, BOOKINGS_DATABASE) as database:
        yield database


@pytest.fixture
def database(backend, request, tmp_path) -> Iterator[Database]:
    yield from migrated_for(backend, request, tmp_path, "migrated_bookings_postgres")


@pytest.fixture
def sqlite_database(tmp_path) -> Iterator[Database]:
    with migrated(sqlite_url(tmp_path, "flow.db")) as database:
        yield database


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def notifier() -> RecordingNotifier:
    return RecordingNotifier()


def make_service(database: Database, clock: FakeClock, notifier=None, erasers=(), **availability) -> BookingService:
    settings = BookingSettings(availability=AvailabilitySettings(**availability))
    return BookingService(BookingStore(database), ReminderStore(database), settings, notifier, clock, erasers)


@pytest.fixture
def service(sqlite_database, clock, notifier) -> BookingService:
    return make_service(sqlite_database, clock, notifier)
