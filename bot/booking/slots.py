"""Bookable consult slots from the availability settings: working days and hours, minus Korean
public holidays, the past, the lead time and slots already full."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

from bot.booking.settings import AvailabilitySettings

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Slot:
    start: datetime  # aware, in the booking timezone
    minutes: int

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)

    @property
    def key(self) -> str:
        """Compact id for a button action: "202612241400"."""
        return self.start.strftime("%Y%m%d%H%M")


@lru_cache(maxsize=8)
def _korean_holidays(year: int) -> frozenset[date]:
    import holidays  # here, not on top: only slot listing needs it

    return frozenset(holidays.KR(years=year))


def is_holiday(day: date) -> bool:
    return day in _korean_holidays(day.year)


class SlotCalendar:
    """Pure availability: which slots exist, given the time now and how many seats are taken."""

    def __init__(self, settings: AvailabilitySettings, timezone: str = "Asia/Seoul", clock: Clock = system_clock):
        self._settings = settings
        self.zone = ZoneInfo(timezone)
        self._clock = clock

    def now(self) -> datetime:
        return self._clock().astimezone(self.zone)

    def open_days(self) -> list[date]:
        """Working days within the horizon, today included, holidays excluded."""
        today = self.now().date()
        days = (today + timedelta(days=offset) for offset in range(self._settings.horizon_days + 1))
        return [day for day in days if self._is_working_day(day)]

    def slots_on(self, day: date) -> list[Slot]:
        """Every slot of a day by the settings, bookable or not."""
        settings, slots = self._settings, []
        start = datetime.combine(day, settings.day_start, self.zone)
        end = datetime.combine(day, settings.day_end, self.zone)
        step = timedelta(minutes=settings.slot_minutes)
        while start + step <= end:
            if not self._in_break(start, start + step):
                slots.append(Slot(start, settings.slot_minutes))
            start += step
        return slots

    def free_slots(self, taken: Mapping[datetime, int], day: date | None = None) -> list[Slot]:
        """Bookable slots (on one day, or all days): after the lead time and not full."""
        earliest = self.now() + timedelta(hours=self._settings.lead_time_hours)
        days = [day] if day is not None else self.open_days()
        allowed = set(self.open_days())
        return [
            slot for d in days if d in allowed for slot in self.slots_on(d)
            if slot.start >= earliest and taken.get(slot.start.astimezone(UTC), 0) < self._settings.capacity
        ]

    def free_days(self, taken: Mapping[datetime, int]) -> list[date]:
        return sorted({slot.start.date() for slot in self.free_slots(taken)})

    def parse_key(self, key: str) -> datetime | None:
        """The slot start a button key names, or None for a malformed key."""
        try:
            return datetime.strptime(key, "%Y%m%d%H%M").replace(tzinfo=self.zone)
        except ValueError:
            return None

    def is_bookable(self, start: datetime, taken: Mapping[datetime, int]) -> bool:
        return any(slot.start == start for slot in self.free_slots(taken, start.astimezone(self.zone).date()))

    def day_problem(self, day: date) -> Literal["out_of_range", "closed"] | None:
        """Why no slot of `day` can ever be offered now: outside the horizon, or not a working day."""
        today = self.now().date()
        if not today <= day <= today + timedelta(days=self._settings.horizon_days):
            return "out_of_range"
        return None if self._is_working_day(day) else "closed"

    def closed_for_holiday(self, day: date) -> bool:
        """A consulting weekday that is closed only because it is a public holiday."""
        return day.weekday() in self._settings.weekdays and self._settings.exclude_holidays and is_holiday(day)

    def slot_problem(self, start: datetime, taken: Mapping[datetime, int]) -> str | None:
        """Why `start` cannot be booked: a day problem, "outside_hours" (before day_start or from
        day_end on), "not_a_slot" (the lunch break, half past), "too_soon" (inside the lead time)
        or "taken"; None when it can."""
        local = start.astimezone(self.zone)
        if problem := self.day_problem(local.date()):
            return problem
        if not self._settings.day_start <= local.time() < self._settings.day_end:
            return "outside_hours"
        if not any(slot.start == local for slot in self.slots_on(local.date())):
            return "not_a_slot"
        if local < self.now() + timedelta(hours=self._settings.lead_time_hours):
            return "too_soon"
        return "taken" if taken.get(start.astimezone(UTC), 0) >= self._settings.capacity else None

    def window(self) -> tuple[datetime, datetime]:
        """The UTC range every offered slot falls in (for counting taken seats in one query)."""
        now = self.now()
        return now.astimezone(UTC), (now + timedelta(days=self._settings.horizon_days + 1)).astimezone(UTC)

    @property
    def capacity(self) -> int:
        return self._settings.capacity

    @property
    def slot_minutes(self) -> int:
        return self._settings.slot_minutes

    def _is_working_day(self, day: date) -> bool:
        if day.weekday() not in self._settings.weekdays:
            return False
        return not (self._settings.exclude_holidays and is_holiday(day))

    def _in_break(self, start: datetime, end: datetime) -> bool:
        settings = self._settings
        if settings.break_start is None or settings.break_end is None:
            return False
        break_start = datetime.combine(start.date(), settings.break_start, self.zone)
        break_end = datetime.combine(start.date(), settings.break_end, self.zone)
        return start < break_end and end > break_start
