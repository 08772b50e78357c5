"""A settable clock for the bot's now (`build_bot(..., clock=...)`): tests move time, never wait for it."""

from datetime import UTC, datetime, timedelta

MONDAY_9AM_SEOUL = datetime(2026, 12, 21, 0, 0, tzinfo=UTC)  # a weekday morning: slots to book


class SettableClock:
    def __init__(self, now: datetime = MONDAY_9AM_SEOUL):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
