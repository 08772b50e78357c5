"""Slots (holidays, past, full), the .ics file parsed back, and the staff CSV export."""

import csv
import io
from datetime import UTC, date, datetime

from bot.booking.calendar import CalendarEvent, to_ics
from bot.booking.cli import export_csv, list_bookings
from bot.booking.settings import AvailabilitySettings
from bot.booking.slots import SlotCalendar
from bot.booking.store import NewBooking
from tests.bot.booking.conftest import MONDAY_9AM, FakeClock


def _calendar(now: datetime, **settings) -> SlotCalendar:
    return SlotCalendar(AvailabilitySettings(horizon_days=60, **settings), "Asia/Seoul", FakeClock(now))


def test_korean_public_holidays_are_never_offered():
    days = _calendar(datetime(2026, 12, 20, tzinfo=UTC), weekdays=list(range(7))).open_days()
    assert date(2026, 12, 24) in days
    for holiday in (date(2026, 12, 25), date(2027, 1, 1), date(2027, 2, 6), date(2027, 2, 7), date(2027, 2, 8)):
        assert holiday not in days


def test_past_lead_time_and_full_slots_are_not_offered():
    calendar = _calendar(MONDAY_9AM)  # 09:00 Seoul, lead time 3 h: 12:00 is lunch, so 13:00 is first
    today = [slot.start.hour for slot in calendar.free_slots({}, date(2026, 12, 21))]
    assert today == [13, 14, 15, 16]
    full = datetime(2026, 12, 21, 13, tzinfo=calendar.zone).astimezone(UTC)
    assert [s.start.hour for s in calendar.free_slots({full: 1}, date(2026, 12, 21))] == [14, 15, 16]


def _unfold(data: bytes) -> list[str]:
    text = data.decode("utf-8")
    assert "\n" not in text.replace("\r\n", "")
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def test_ics_parses_back_with_folding_escaping_and_timezone():
    summary = "AX 상담: 스마트공장, 비전검사; 그리고 \\ 줄바꿈\n두 번째 줄 " + "아주 긴 설명 " * 10
    event = CalendarEvent("booking-1-abc@axbot", datetime(2026, 12, 29, 5, tzinfo=UTC), 60, summary, "설명", "전화", MONDAY_9AM)
    data = to_ics(event)
    assert all(len(line.encode()) <= 75 for line in data.decode().split("\r\n"))
    lines = _unfold(data)
    fields = dict(line.split(":", 1) for line in lines if ":" in line)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR" and "TZID:Asia/Seoul" in lines
    assert fields["DTSTART;TZID=Asia/Seoul"] == "20261229T140000" and fields["DTEND;TZID=Asia/Seoul"] == "20261229T150000"
    unescaped = fields["SUMMARY"].replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")
    assert unescaped == summary and fields["UID"] == "booking-1-abc@axbot"


def test_csv_export_has_a_bom_and_a_korean_header(service, tmp_path):
    service.store.create(NewBooking("tg:1", "k", "program", datetime(2026, 12, 22, 5, tzinfo=UTC), 60, "홍길동", "010-1234-5678", "카라반"), 1, [], MONDAY_9AM)
    target = tmp_path / "bookings.csv"
    assert export_csv(service, target, out=io.StringIO()) == 1
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][0] == "예약번호" and rows[1][1] == "2026-12-22 14:00" and rows[1][7] == "홍길동"
    printed = io.StringIO()
    assert list_bookings(service, "2026-12-22", "2026-12-23", "requested", out=printed) == 1
    assert "접수됨" in printed.getvalue()
