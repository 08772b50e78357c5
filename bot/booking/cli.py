"""Staff command-line functions behind `axbot bookings list` and `axbot bookings export --csv`."""

import csv
import io
import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from bot import texts
from bot.booking.service import BookingService
from bot.booking.store import Booking


def parse_day(value: str | None) -> date | None:
    """--from/--to values (2026-03-02); raises ValueError with a Korean message."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(texts.BOOKING_CLI_BAD_DATE.format(value=value)) from None


def list_bookings(service: BookingService, start: str | None = None, end: str | None = None,
                  status: str | None = None, out: TextIO | None = None) -> int:
    """Print one line per booking (slot in [start, end)); returns how many."""
    out = out or sys.stdout
    items = _select(service, start, end, status)
    for item in items:
        print(" | ".join(_row(service, item)), file=out)
    if not items:
        print(texts.BOOKING_STAFF_EMPTY, file=out)
    return len(items)


def export_csv(service: BookingService, output: str | Path | None = None, start: str | None = None,
               end: str | None = None, status: str | None = None, out: TextIO | None = None) -> int:
    """Write the bookings as CSV: UTF-8 with a BOM so Excel reads Korean; a Korean header row."""
    items = _select(service, start, end, status)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(texts.BOOKING_CSV_HEADER)
    writer.writerows(_row(service, item) for item in items)
    if output is None:
        (out or sys.stdout).write(buffer.getvalue())
        return len(items)
    Path(output).write_bytes(buffer.getvalue().encode("utf-8-sig"))
    print(texts.BOOKING_CLI_EXPORTED.format(count=len(items), path=output), file=out or sys.stderr)
    return len(items)


def _select(service: BookingService, start: str | None, end: str | None, status: str | None) -> list[Booking]:
    statuses = tuple(s.strip() for s in status.split(",")) if status else ()
    return service.list_bookings(parse_day(start), parse_day(end), statuses)


def _row(service: BookingService, item: Booking) -> list[str]:
    zone = service.slots.zone
    return [
        str(item.id), item.slot_start.astimezone(zone).strftime("%Y-%m-%d %H:%M"), str(item.slot_minutes),
        texts.BOOKING_STATUS_LABELS.get(item.status, item.status), texts.BOOKING_TYPE_LABELS.get(item.consult_type, item.consult_type),
        item.vendor_name or "", item.topic or "", item.contact_name or "", item.contact_phone or "",
        item.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
    ]
