"""One knowledge-base report, written for the terminal and for the plain-text staff chat."""

from pathlib import Path

from bot import kb_reports, texts
from bot.kb_reports import CHAT, TERMINAL
from knowledge.admin import AddReport, RemoveReport
from knowledge.errors import LoadError
from knowledge.index_build import BuildReport

CORRUPT = LoadError(Path("corrupt.pdf"), "corrupt", "PDF 내부 구조가 깨져 있어요")
BUILD = BuildReport(changed=True, documents=5, chunks=40, embedded=0, reused=40, seconds=0.5, kept_previous=["week"])


def test_a_refused_file_is_marked_by_each_channel_its_own_way():
    report = AddReport(rejected=[CORRUPT])
    lines = kb_reports.refused(report) + kb_reports.added(report, CHAT)

    assert CHAT.text(lines) == f"⚠️ {CORRUPT}\n{texts.KB_NOTHING_ADDED}"
    assert kb_reports.rejected_lines(report) + kb_reports.added_lines(report) == [f"  ! {CORRUPT}", texts.KB_NOTHING_ADDED]
    assert str(CORRUPT).startswith("'corrupt.pdf' 파일을 읽지 못했어요: 파일이 손상되었거나")


def test_commands_in_a_removal_are_quoted_for_the_channel():
    report = RemoveReport(BUILD, deleted_uploads=[], hidden_shipped=Path("/srv/content/caravan.md"), companions=["caravan-faq"])

    chat = CHAT.text(kb_reports.removed([("caravan", report)], CHAT)).split("\n")
    terminal = kb_reports.removed_lines("caravan", report)

    assert chat[0] == terminal[0] == texts.KB_REMOVED.format(doc_id="caravan")
    assert chat[1].startswith("└ 기본 제공 문서라") and "서버에서 'axbot kb add /srv/content/caravan.md' 명령으로" in chat[1]
    assert terminal[1].startswith("  └ 기본 제공 문서라") and "`axbot kb add /srv/content/caravan.md`" in terminal[1]
    assert chat[2].endswith("'/kb_remove caravan-faq'처럼 실행해 주세요.") and terminal[2].endswith("`axbot kb remove caravan-faq`처럼 실행해 주세요.")
    assert chat[4] == "└ " + texts.KB_BUILD_KEPT_PREVIOUS.format(doc_id="week") and "`" not in "".join(chat)


def test_several_removals_end_with_one_summary_of_their_builds():
    first = RemoveReport(BuildReport(changed=True, documents=6, chunks=45, seconds=0.5), [], None, [])
    second = RemoveReport(BuildReport(changed=True, documents=5, chunks=40, reused=40, seconds=0.25), [], None, [])

    lines = TERMINAL.lines(kb_reports.removed([("a", first), ("b", second)], TERMINAL))

    assert lines == [
        texts.KB_REMOVED.format(doc_id="a"),
        texts.KB_REMOVED.format(doc_id="b"),
        texts.KB_BUILD_DONE.format(documents=5, chunks=40, embedded=0, reused=40, seconds=0.75),
    ]
