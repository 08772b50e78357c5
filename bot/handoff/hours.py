"""Office hours in Korea: weekdays and times from settings, public holidays closed."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays

from bot.handoff.settings import HandoffSettings

# A year of closed days is more than any real calendar has; beyond it the schedule is broken.
MAX_DAYS_AHEAD = 366


class OfficeHours:
    def __init__(self, settings: HandoffSettings):
        self._settings = settings
        self.zone = ZoneInfo(settings.timezone)
        self._holidays = holidays.country_holidays("KR") if settings.korean_holidays else {}

    def is_open(self, now: datetime) -> bool:
        local = now.astimezone(self.zone)
        return self._is_workday(local.date()) and self._settings.office_start <= local.time() < self._settings.office_end

    def next_opening(self, now: datetime) -> datetime:
        """`now` itself when open, else the start of the next business day's hours (in local time)."""
        local = now.astimezone(self.zone)
        if self.is_open(local):
            return local
        day = local.date() if local.time() < self._settings.office_start else local.date() + timedelta(days=1)
        for _ in range(MAX_DAYS_AHEAD):
            if self._is_workday(day):
                return datetime.combine(day, self._settings.office_start, tzinfo=self.zone)
            day += timedelta(days=1)
        raise ValueError("handoff.office_days has no working day")

    def holiday_name(self, day: date) -> str | None:
        return self._holidays.get(day) if self._holidays else None

    def _is_workday(self, day: date) -> bool:
        return day.weekday() in self._settings.office_days and day not in self._holidays
