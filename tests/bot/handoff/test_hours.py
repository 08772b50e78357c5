from datetime import datetime
from zoneinfo import ZoneInfo

from bot.handoff.hours import OfficeHours
from bot.handoff.service import format_when
from bot.handoff.settings import HandoffSettings

SEOUL = ZoneInfo("Asia/Seoul")


def test_weekday_office_time_is_open_and_evenings_and_weekends_are_not():
    hours = OfficeHours(HandoffSettings())
    assert hours.is_open(datetime(2025, 9, 9, 9, 0, tzinfo=SEOUL))
    assert not hours.is_open(datetime(2025, 9, 9, 18, 0, tzinfo=SEOUL))
    assert not hours.is_open(datetime(2025, 9, 13, 11, 0, tzinfo=SEOUL))  # Saturday


def test_korean_holidays_are_closed_and_the_next_opening_skips_them():
    hours = OfficeHours(HandoffSettings())
    assert not hours.is_open(datetime(2025, 10, 3, 11, 0, tzinfo=SEOUL))  # 개천절
    # Thursday evening before 개천절, 추석 and 한글날: the next business morning is Friday 10 October.
    assert hours.next_opening(datetime(2025, 10, 2, 19, 0, tzinfo=SEOUL)) == datetime(2025, 10, 10, 9, 0, tzinfo=SEOUL)
    assert hours.next_opening(datetime(2025, 12, 25, 8, 0, tzinfo=SEOUL)) == datetime(2025, 12, 26, 9, 0, tzinfo=SEOUL)


def test_an_early_morning_opens_the_same_day_and_holidays_can_be_switched_off():
    hours = OfficeHours(HandoffSettings(korean_holidays=False))
    assert hours.next_opening(datetime(2025, 10, 3, 7, 30, tzinfo=SEOUL)) == datetime(2025, 10, 3, 9, 0, tzinfo=SEOUL)


def test_the_next_opening_reads_naturally_in_korean():
    assert format_when(datetime(2025, 10, 10, 9, 0, tzinfo=SEOUL)) == "10월 10일(금) 오전 9시"
    assert format_when(datetime(2025, 10, 10, 13, 30, tzinfo=SEOUL)) == "10월 10일(금) 오후 1시 30분"


def test_an_unset_staff_chat_from_the_environment_means_not_configured():
    assert HandoffSettings(staff_chat_id="").staff_chat_id is None
    assert HandoffSettings(staff_chat_id="-1001234567890").staff_chat_id == -1001234567890
