"""Settings of the booking flow (config section `booking`): availability, reminders, retention."""

from datetime import time
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

ConsultType = Literal["program", "vendor"]


class AvailabilitySettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    weekdays: list[int] = Field(default_factory=lambda: [0, 1, 2, 3, 4])  # Monday is 0
    day_start: time = time(10, 0)
    day_end: time = time(17, 0)  # the last slot ends at or before this
    break_start: time | None = time(12, 0)  # lunch: no slot overlaps [break_start, break_end)
    break_end: time | None = time(13, 0)
    slot_minutes: int = Field(60, ge=10, le=480)
    capacity: int = Field(1, ge=1, le=50)  # consultants free per slot
    horizon_days: int = Field(14, ge=1, le=180)
    lead_time_hours: int = Field(3, ge=0, le=240)  # no slot starting sooner than this
    exclude_holidays: bool = True

    @model_validator(mode="after")
    def _check_hours(self) -> "AvailabilitySettings":
        if self.day_end <= self.day_start:
            raise ValueError("day_end must be after day_start")
        if any(day not in range(7) for day in self.weekdays):
            raise ValueError("weekdays are 0 (Monday) to 6 (Sunday)")
        return self


class BookingSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    availability: AvailabilitySettings = Field(default_factory=AvailabilitySettings)
    timezone: str = "Asia/Seoul"  # slots, .ics files and staff listings
    consult_types: list[ConsultType] = Field(default_factory=lambda: ["program", "vendor"])
    reminder_offsets_minutes: list[int] = Field(default_factory=lambda: [24 * 60, 60])
    retention_days: int = Field(365, ge=1)  # personal data of past bookings is erased after this
    consent_version: str = "2025-1"  # bump when the consent text changes: users are asked again
    days_shown: int = Field(7, ge=1, le=20)  # day buttons per page
