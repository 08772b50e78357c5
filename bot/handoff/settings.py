"""Settings of the consultant handoff (config section `handoff`): staff group, office hours, timeouts."""

from datetime import time

from pydantic import BaseModel, ConfigDict, Field, field_validator


class HandoffSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # The consultants' supergroup (a forum with topics; a plain group falls back to reply-to relaying).
    # None: handoff is not configured, and users asking for a person are offered a booking instead.
    staff_chat_id: int | None = None
    timezone: str = "Asia/Seoul"
    office_days: list[int] = Field(default_factory=lambda: [0, 1, 2, 3, 4], description="0 = Monday")
    office_start: time = time(9, 0)
    office_end: time = time(18, 0)
    korean_holidays: bool = True  # public holidays (holidays.KR) count as closed days
    expected_response_minutes: int = Field(10, ge=1, le=1440)
    # An active handoff with nobody writing for this long ends by itself, both sides told.
    idle_timeout_minutes: int = Field(60, ge=1)
    # A request nobody took within this long (counted from the next opening) ends with an apology.
    waiting_timeout_minutes: int = Field(120, ge=1)
    idle_check_seconds: int = Field(60, ge=1)
    card_transcript_lines: int = Field(10, ge=0, le=50)

    @field_validator("staff_chat_id", mode="before")
    @classmethod
    def _blank_is_none(cls, value):
        # config.yaml's ${AXBOT_STAFF_CHAT_ID:} expands to "" when the variable is unset.
        return None if isinstance(value, str) and not value.strip() else value
