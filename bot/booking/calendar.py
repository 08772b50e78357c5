"""An RFC 5545 .ics file for one booking, written by hand: CRLF lines folded at 75 octets,
text escaped, DTSTART/DTEND in Asia/Seoul with its VTIMEZONE (Korea has no daylight saving)."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

PRODID = "-//AX Consult Bot//Booking//KO"
MAX_LINE_OCTETS = 75

# Korea has kept UTC+9 without daylight saving since 1988: one STANDARD component is exact.
SEOUL_VTIMEZONE = (
    "BEGIN:VTIMEZONE", "TZID:Asia/Seoul",
    "BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:+0900", "TZOFFSETTO:+0900", "TZNAME:KST", "END:STANDARD",
    "END:VTIMEZONE",
)


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    start: datetime  # aware
    minutes: int
    summary: str
    description: str
    location: str
    stamp: datetime  # when the file was made (DTSTAMP)
    sequence: int = 0  # bumped on reschedule so calendars replace the old event


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma, newline."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets, never inside a UTF-8 character."""
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = MAX_LINE_OCTETS if not parts else MAX_LINE_OCTETS - 1  # continuation lines start with a space
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _local(moment: datetime) -> str:
    return moment.astimezone(_seoul()).strftime("%Y%m%dT%H%M%S")


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _seoul():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Asia/Seoul")


def to_ics(event: CalendarEvent) -> bytes:
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
        *SEOUL_VTIMEZONE,
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{_utc(event.stamp)}",
        f"DTSTART;TZID=Asia/Seoul:{_local(event.start)}",
        f"DTEND;TZID=Asia/Seoul:{_local(event.start + timedelta(minutes=event.minutes))}",
        f"SEQUENCE:{event.sequence}",
        f"SUMMARY:{escape_text(event.summary)}",
        f"DESCRIPTION:{escape_text(event.description)}",
        f"LOCATION:{escape_text(event.location)}",
        "STATUS:CONFIRMED",
        "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-PT1H", f"DESCRIPTION:{escape_text(event.summary)}", "END:VALARM",
        "END:VEVENT", "END:VCALENDAR",
    ]
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")
