"""`axbot bookings list|export` as staff type it: Korean errors, safe CSV cells, honest empty lists."""

import csv
import io
import re
from datetime import UTC, datetime

import pytest

from bot import texts
from bot.booking.cli import export_csv, list_bookings
from bot.booking.store import NewBooking
from bot.cli import main
from tests.bot.booking.conftest import MONDAY_9AM

SLOT = datetime(2026, 12, 22, 5, tzinfo=UTC)


@pytest.fixture
def axbot(tmp_path, monkeypatch):
    """`axbot …` on a database of its own; returns (exit code, stdout, stderr)."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'axbot.db'}")

    def run(capsys, *argv: str) -> tuple[int, str, str]:
        try:
            status = main(list(argv))
        except SystemExit as stop:
            status = stop.code
        out, err = capsys.readouterr()
        return status, out, err

    return run


def _book(service, key: str, topic: str, name: str = "홍길동") -> None:
    service.store.create(NewBooking(f"tg:{key}", key, "program", SLOT, 60, name, "010-1234-5678", topic), 10, [], MONDAY_9AM)


def test_export_to_a_folder_that_does_not_exist_says_so_without_a_traceback(axbot, capsys, tmp_path):
    status, _, err = axbot(capsys, "bookings", "export", "--output", str(tmp_path / "없는 폴더" / "b.csv"))
    assert status == 1 and texts.BOOKING_CLI_WRITE_PROBLEMS["missing_folder"] in err and "Traceback" not in err


def test_cells_a_spreadsheet_would_run_as_formulas_are_written_as_text(service, tmp_path):
    for number, topic in enumerate(["@SUM(1+1)", "=HYPERLINK(\"http://x\")", "+1+2", "-3", "\tA", "AX 카라반 - 상담"]):
        _book(service, f"k{number}", topic, name="=1+1" if number == 0 else "홍길동")
    target = tmp_path / "bookings.csv"
    export_csv(service, target, out=io.StringIO())
    rows = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))
    topics = [row[6] for row in rows[1:]]
    assert topics == ["'@SUM(1+1)", "'=HYPERLINK(\"http://x\")", "'+1+2", "'-3", "'\tA", "AX 카라반 - 상담"]
    assert rows[1][7] == "'=1+1" and rows[2][7] == "홍길동"


@pytest.mark.parametrize("argv, message", [
    (["--status", "foo"], "알 수 없는 예약 상태예요: foo"),
    (["--from", "2026-12-08", "--to", "2026-12-01"], texts.BOOKING_CLI_BAD_RANGE.format(start="2026-12-08", end="2026-12-01")),
    (["--from", "12월 1일"], "날짜는 2026-03-02 처럼 적어 주세요: '12월 1일'"),
    (["--from", ""], "날짜는 2026-03-02 처럼 적어 주세요: ''"),  # not taken for "no date"
    (["--to", "2026-02-30"], "달력에 없는 날짜예요: 2026-02-30"),
    (["--from", "2026-13-01"], "달력에 없는 날짜예요: 2026-13-01"),
])
def test_bad_filters_are_explained_not_taken_for_an_empty_list(axbot, capsys, argv, message):
    status, out, err = axbot(capsys, "bookings", "list", *argv)
    assert status == 1 and message in err and out == ""


def test_the_list_has_a_header_and_says_truly_when_nothing_matches(service):
    printed = io.StringIO()
    assert list_bookings(service, out=printed) == 0 and printed.getvalue().strip() == texts.BOOKING_CLI_EMPTY_ALL
    _book(service, "k", "카라반")
    printed = io.StringIO()
    assert list_bookings(service, "2026-01-01", "2026-02-01", out=printed) == 0
    assert printed.getvalue().strip() == texts.BOOKING_CLI_EMPTY and texts.BOOKING_STAFF_EMPTY not in printed.getvalue()
    printed = io.StringIO()
    assert list_bookings(service, out=printed) == 1
    header, row = printed.getvalue().splitlines()
    assert header.split(" | ") == list(texts.BOOKING_CSV_HEADER) and row.startswith("1 | 2026-12-22 14:00")


def test_csv_is_the_default_and_usage_errors_are_korean(axbot, capsys):
    status, out, _ = axbot(capsys, "bookings", "export")
    assert status == 0 and out.startswith('"예약번호"')
    for argv, message in ((["export", "--output"], "--output 뒤에 값을 적어 주세요."), (["list", "--csv"], "알 수 없는 인자예요: --csv"),
                          ([], texts.BOOKING_CLI_NO_ACTION)):
        status, _, err = axbot(capsys, "bookings", *argv)
        assert status == 2 and texts.CLI_FAILED.format(message=message) in err and "error:" not in err


def test_dates_written_by_hand_are_read(service):
    _book(service, "k", "카라반")
    for start, end in (("2026-12-22", "2026-12-23"), ("2026-12-22", "2026.12.23."), ("2026/12/22", "2026-12-23"), ("2026. 12. 22.", "2026-12-23")):
        printed = io.StringIO()
        assert list_bookings(service, start, end, out=printed) == 1, (start, end)
    assert list_bookings(service, "2026-12-23", "2026-12-24", out=io.StringIO()) == 0


@pytest.mark.parametrize("argv, message", [
    (["foo"], "알 수 없는 명령이에요: foo\n이 중 하나를 적어 주세요: list, export"),
    (["lsit", "--from", "2026-12-01"], "알 수 없는 명령이에요: lsit\n이 중 하나를 적어 주세요: list, export"),
    (["--foo"], "알 수 없는 인자예요: --foo"),
    (["list", "--status"], "--status 뒤에 값을 적어 주세요."),
    (["export", "extra"], "알 수 없는 인자예요: extra"),
])
def test_every_usage_error_of_axbot_bookings_is_polite_korean(axbot, capsys, argv, message):
    status, out, err = axbot(capsys, "bookings", *argv)
    assert status == 2 and out == ""
    assert texts.CLI_FAILED.format(message=message) in err and "쓰는 법은 'axbot bookings" in err and "--help'로 볼 수 있어요." in err
    assert err.startswith("사용법: axbot bookings") and not re.search(r"\b(usage|error|invalid|choose|argument)\b", err)


@pytest.mark.parametrize("argv", [["--help"], ["-h"], ["list", "--help"], ["export", "-h"]])
def test_help_for_axbot_bookings_reads_in_korean(axbot, capsys, argv):
    status, out, err = axbot(capsys, "bookings", *argv)
    assert status == 0 and err == "" and out.startswith("사용법: axbot bookings")
    assert "옵션:" in out and "-h, --help" in out and texts.CLI_HELP_OPTION in out
    assert not re.search(r"usage|positional arguments|options:|show this help", out)
    if argv[0].startswith("-"):
        assert "list" in out and "예약 목록" in out and "export" in out
    else:
        assert "--from YYYY-MM-DD" in out and "--status" in out
