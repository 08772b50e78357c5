"""Staff command-line functions behind `axbot bookings list` and `axbot bookings export`."""

import csv
import io
import re
import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from bot import texts
from bot.booking.service import BookingService
from bot.booking.store import ACTIVE, FINAL, Booking

STATUSES = ACTIVE + FINAL
DAY = re.compile(r"(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})\.?")
# A cell starting with one of these is a formula to Excel and LibreOffice (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class BookingCliError(Exception):
    """A bad argument or a file that cannot be written; the (Korean) message says what to do."""


def parse_day(value: str | None) -> date | None:
    """--from/--to values: 2026-03-02, also as staff write it by hand (2026-3-2, 2026.3.2., 2026/03/02)."""
    if value is None:
        return None
    matched = DAY.fullmatch(value.strip())
    if matched is None:
        raise BookingCliError(texts.BOOKING_CLI_BAD_DATE.format(value=value))
    try:
        return date(*(int(part) for part in matched.groups()))
    except ValueError:  # 2026-02-30
        raise BookingCliError(texts.BOOKING_CLI_NO_SUCH_DATE.format(value=value)) from None


def parse_statuses(value: str | None) -> tuple[str, ...]:
    """--status requested,confirmed"""
    statuses = tuple(part.strip() for part in (value or "").split(",") if part.strip())
    unknown = [status for status in statuses if status not in STATUSES]
    if unknown:
        choices = ", ".join(f"{status}({texts.BOOKING_STATUS_LABELS[status]})" for status in STATUSES)
        raise BookingCliError(texts.BOOKING_CLI_BAD_STATUS.format(value=", ".join(unknown), choices=choices))
    return statuses


def list_bookings(service: BookingService, start: str | None = None, end: str | None = None,
                  status: str | None = None, out: TextIO | None = None) -> int:
    """Print a header and one line per booking (slot in [start, end)); returns how many."""
    out = out or sys.stdout
    items = _select(service, start, end, status)
    if not items:
        filtered = start or end or status
        print(texts.BOOKING_CLI_EMPTY if filtered else texts.BOOKING_CLI_EMPTY_ALL, file=out)
        return 0
    print(" | ".join(texts.BOOKING_CSV_HEADER), file=out)
    for item in items:
        print(" | ".join(_row(service, item)), file=out)
    return len(items)


def export_csv(service: BookingService, output: str | Path | None = None, start: str | None = None,
               end: str | None = None, status: str | None = None, out: TextIO | None = None) -> int:
    """Write the bookings as CSV: UTF-8 with a BOM so Excel reads Korean; a Korean header row;
    every cell quoted and none able to start a formula (users type the topic and the name)."""
    items = _select(service, start, end, status)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(texts.BOOKING_CSV_HEADER)
    writer.writerows([safe_cell(cell) for cell in _row(service, item)] for item in items)
    if output is None:
        (out or sys.stdout).write(buffer.getvalue())
        return len(items)
    _write(Path(output), buffer.getvalue().encode("utf-8-sig"))
    print(texts.BOOKING_CLI_EXPORTED.format(count=len(items), path=output), file=out or sys.stderr)
    return len(items)


def safe_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula gets a leading apostrophe."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as error:
        raise BookingCliError(texts.BOOKING_CLI_CANNOT_WRITE.format(path=path, reason=_write_problem(error))) from None


def _write_problem(error: OSError) -> str:
    problems = texts.BOOKING_CLI_WRITE_PROBLEMS
    kinds = ((FileNotFoundError, "missing_folder"), (PermissionError, "permission"), (IsADirectoryError, "is_folder"))
    kind = next((name for cls, name in kinds if isinstance(error, cls)), "other")
    return problems[kind].format(error=error.strerror or error)


def _select(service: BookingService, start: str | None, end: str | None, status: str | None) -> list[Booking]:
    first, last = parse_day(start), parse_day(end)
    if first and last and first >= last:
        raise BookingCliError(texts.BOOKING_CLI_BAD_RANGE.format(start=first, end=last))
    return service.list_bookings(first, last, parse_statuses(status))


def _row(service: BookingService, item: Booking) -> list[str]:
    zone = service.slots.zone
    return [
        str(item.id), item.slot_start.astimezone(zone).strftime("%Y-%m-%d %H:%M"), str(item.slot_minutes),
        texts.BOOKING_STATUS_LABELS.get(item.status, item.status), texts.BOOKING_TYPE_LABELS.get(item.consult_type, item.consult_type),
        item.vendor_name or "", item.topic or "", item.contact_name or "", item.contact_phone or "",
        item.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
    ]
