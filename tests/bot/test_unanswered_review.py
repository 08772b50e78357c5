"""What staff see of the questions the bot could not answer, from the terminal."""

from bot import texts
from bot.cli import main
from bot.storage.database import Database
from bot.storage.unanswered import UnansweredLog
from bot.unanswered_review import UnansweredReview, parse_ids


def test_ids_are_read_with_or_without_hashes_and_commas():
    assert parse_ids(["#12,", "15"]) == [12, 15] and parse_ids(["12,15"]) == [12, 15]
    assert parse_ids(["열둘"]) is None and parse_ids([]) is None


def test_a_long_question_is_shortened_in_the_list_and_kept_whole(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'axbot.db'}")
    database.migrate()
    log = UnansweredLog(database)
    log.record("tg:1", "가" * 5000, "low_confidence", 0.1)
    report = UnansweredReview(log).report()
    assert "가" * 200 + "…" in report and "가" * 201 not in report
    assert len(log.open_items()[0].question) == 5000


def test_the_cli_lists_and_resolves(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'axbot.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["unanswered", "list"]) == 0 and capsys.readouterr().out.strip() == texts.UNANSWERED_NONE
    database = Database(url)
    item = UnansweredLog(database).record("tg:1", "실증산단 견학 돼요?", "not_published", 0.7)
    assert main(["unanswered", "list"]) == 0
    listing = capsys.readouterr().out
    assert f"#{item} · 1회 · {texts.UNANSWERED_REASONS['not_published']}" in listing and "실증산단 견학 돼요?" in listing
    assert main(["unanswered", "resolve", f"#{item}"]) == 0
    assert capsys.readouterr().out.strip() == texts.UNANSWERED_RESOLVED.format(ids=f"#{item}")
    assert main(["unanswered", "resolve", "x"]) == 1 and texts.UNANSWERED_RESOLVE_USAGE in capsys.readouterr().err
