"""The staff chat's knowledge-base commands, without Telegram: real files, a real index build."""

import os
import time

import pytest

from bot import texts
from bot.staff_kb import LEFTOVER_AGE_S, StaffKnowledgeBase, Upload, safe_file_name
from knowledge import messages
from knowledge.admin import KnowledgeAdmin
from knowledge.index_build import IndexBuilder
from knowledge.loaders.archive import MEGABYTE
from tests.knowledge.kb_factory import write_program, write_sample_kb

SEMINAR = (
    "---\ntitle: 창원 AX 세미나\nkind: program\nupdated: 2026-03-02\n---\n"
    "# 일정\n창원 AX 세미나는 4월 9일 창원컨벤션센터에서 열려요.\n"
).encode()


@pytest.fixture
def builder(knowledge_settings, embedder, tokenizer):
    write_sample_kb(knowledge_settings.sources[0])
    built = IndexBuilder(knowledge_settings, embedder, tokenizer)
    built.build()
    return built


@pytest.fixture
def published():
    """Each call of `on_change`: a build the bot should load now."""
    return []


@pytest.fixture
def staff_kb(knowledge_settings, builder, published):
    return StaffKnowledgeBase(KnowledgeAdmin(knowledge_settings, builder), knowledge_settings, on_change=lambda: published.append(True))


def add(staff_kb: StaffKnowledgeBase, file_name: str, content: bytes, size: int | None = -1) -> str:
    """What the chat does: name and size checked, the file "downloaded", then added."""
    upload = staff_kb.receive(file_name, len(content) if size == -1 else size)
    assert isinstance(upload, Upload), upload
    upload.path.write_bytes(content)
    return upload.add()


def warning(text: str) -> str:
    """A refusal as the staff chat shows it."""
    return "⚠️ " + text


def scratch_is_empty(staff_kb: StaffKnowledgeBase) -> bool:
    return not staff_kb.scratch_dir.exists() or not any(staff_kb.scratch_dir.iterdir())


def test_a_markdown_program_is_added_built_and_listed(staff_kb, knowledge_settings, published):
    report = add(staff_kb, "seminar.md", SEMINAR)

    assert report.startswith(texts.KB_ADDED.format(doc_ids="seminar") + "\n색인을 새로 만들었어요. 문서 7개")
    assert (knowledge_settings.uploads_dir / "seminar.md").read_bytes() == SEMINAR
    assert scratch_is_empty(staff_kb) and published == [True]
    listing = staff_kb.documents()
    assert listing.startswith(texts.KB_CHAT_LIST_TITLE.format(count=7) + "\n" + texts.KB_LIST_HEADER)
    assert "seminar | 창원 AX 세미나 | 사업 안내 | 1 | 2026-03-02" in listing


def test_the_same_file_again_is_left_unchanged(staff_kb, published):
    add(staff_kb, "seminar.md", SEMINAR)

    assert add(staff_kb, "seminar.md", SEMINAR) == texts.KB_UNCHANGED.format(doc_ids="seminar")
    assert published == [True]  # nothing new to load the second time


def test_a_replacement_names_its_companions_with_the_chat_command(staff_kb, knowledge_settings, builder):
    write_program(knowledge_settings.sources[0] / "programs", "testbed-faq", "실증산단 Q&A", "# Q\n예산은 2,000억 원이에요.\n")
    builder.build()

    report = add(staff_kb, "testbed.md", "---\ntitle: AX 실증산단\nkind: program\n---\n# 예산\n총 3,000억 원으로 늘었어요.\n".encode())

    assert report.startswith(texts.KB_REPLACED.format(doc_ids="testbed"))
    assert "\n└ 'testbed' 문서와 함께 쓰이는 문서가 있어요: testbed-faq." in report
    assert "'/kb_remove testbed-faq'처럼 빼 주세요" in report and "`" not in report  # the chat is plain text


def test_an_executable_is_refused_before_download_and_frees_the_slot(staff_kb):
    refusal = staff_kb.receive("setup.exe", 120_000)

    assert refusal == warning(texts.KB_CHAT_UNSUPPORTED.format(file_name="setup.exe", suffix=".exe"))
    assert staff_kb.receive("README", 10) == warning(texts.KB_CHAT_UNSUPPORTED.format(file_name="README", suffix=texts.KB_CHAT_NO_SUFFIX))
    assert staff_kb.receive(None, None) == warning(texts.KB_CHAT_UNSUPPORTED.format(file_name=texts.KB_CHAT_UNNAMED, suffix=texts.KB_CHAT_NO_SUFFIX))
    assert isinstance(staff_kb.receive("seminar.md", 100), Upload)  # nothing was held by the refusals


def test_a_file_over_the_size_limit_is_refused_before_download(staff_kb):
    refusal = staff_kb.receive("공고문.pdf", 31 * MEGABYTE, download_limit=20 * MEGABYTE)

    assert refusal == warning(texts.KB_CHAT_TOO_BIG.format(file_name="공고문.pdf", size_mb=31.0, limit_mb=30))
    assert "(31.0MB, 최대 30MB)" in refusal and scratch_is_empty(staff_kb)


def test_a_file_the_channel_cannot_fetch_is_refused_before_download(staff_kb):
    refusal = staff_kb.receive("huge.md", 25 * MEGABYTE, download_limit=20 * MEGABYTE)

    assert refusal == warning(texts.KB_CHAT_TELEGRAM_TOO_BIG.format(file_name="huge.md", limit_mb=20))
    assert "20MB가 넘는 파일" in refusal and "서버에서 'axbot kb add' 명령으로" in refusal and "`" not in refusal
    assert isinstance(staff_kb.receive("huge.md", 20 * MEGABYTE, download_limit=20 * MEGABYTE), Upload)


def test_a_file_without_a_stated_size_is_still_bounded_after_download(knowledge_settings, builder):
    small = knowledge_settings.model_copy(update={"loaders": knowledge_settings.loaders.model_copy(update={"max_file_mb": 0.001})})
    staff_kb = StaffKnowledgeBase(KnowledgeAdmin(small, builder), small)

    report = add(staff_kb, "big.md", SEMINAR * 20, size=None)

    assert "'big.md' 파일을 읽지 못했어요: 파일이 너무 커요." in report and report.endswith(texts.KB_NOTHING_ADDED)
    assert not (small.uploads_dir / "big.md").exists() and scratch_is_empty(staff_kb)


def test_a_corrupt_pdf_is_refused_with_the_reason_and_nothing_stays(staff_kb, knowledge_settings, published):
    report = add(staff_kb, "공고문.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog")

    first, last = report.split("\n")
    assert first.startswith("⚠️ '공고문.pdf' 파일을 읽지 못했어요: 파일이 손상되었거나") and last == texts.KB_NOTHING_ADDED
    assert not knowledge_settings.uploads_dir.exists() or not any(knowledge_settings.uploads_dir.glob("공고문*"))
    assert scratch_is_empty(staff_kb) and published == []


def test_a_name_the_index_skips_is_refused_before_download_like_the_cli(staff_kb):
    for name in ("_draft.md", "README.md", ".hidden.txt"):
        assert staff_kb.receive(name, 100) == warning(messages.UPLOAD_SKIPPED_NAME.format(file_name=name))
    assert "'_draft.md' 파일은 추가하지 않았어요: 이름이 '_'나 '.'으로 시작하는" in staff_kb.receive("_draft.md", 100)
    assert isinstance(staff_kb.receive("draft.md", 100), Upload)  # nothing was held by the refusals


def test_folders_in_the_sent_name_never_leave_the_scratch_folder(staff_kb, knowledge_settings):
    upload = staff_kb.receive("../../evil.md", 10)

    assert upload.path.parent.parent == staff_kb.scratch_dir and upload.file_name == "evil.md"
    upload.close()
    assert safe_file_name("C:\\문서\\안내.hwp") == "안내.hwp" and safe_file_name("..") == ""
    assert safe_file_name("공고\x00문.pdf") == "공고문.pdf"


def test_one_change_at_a_time(staff_kb):
    first = staff_kb.receive("seminar.md", len(SEMINAR))

    assert staff_kb.receive("other.md", 10) == texts.KB_CHAT_BUSY
    assert staff_kb.remove("caravan") == texts.KB_CHAT_BUSY
    first.path.write_bytes(SEMINAR)
    assert first.add().startswith(texts.KB_ADDED.format(doc_ids="seminar"))
    assert staff_kb.remove("seminar").startswith(texts.KB_REMOVED.format(doc_id="seminar"))


def test_an_abandoned_upload_frees_the_slot_and_its_folder(staff_kb):
    with staff_kb.receive("seminar.md", len(SEMINAR)) as upload:
        upload.path.write_bytes(b"half a download")
    upload.close()  # a second close changes nothing

    assert scratch_is_empty(staff_kb) and isinstance(staff_kb.receive("seminar.md", 1), Upload)


def test_remove_an_upload_and_hide_a_shipped_document(staff_kb, knowledge_settings, published):
    add(staff_kb, "seminar.md", SEMINAR)

    removed = staff_kb.remove(" seminar ")
    hidden = staff_kb.remove("caravan")

    assert removed.startswith(texts.KB_REMOVED.format(doc_id="seminar") + "\n색인을 새로 만들었어요.")
    assert not (knowledge_settings.uploads_dir / "seminar.md").exists()
    assert hidden.startswith(texts.KB_REMOVED.format(doc_id="caravan")) and "색인에서만 숨겼어요" in hidden
    assert len(published) == 3
    assert "caravan |" not in staff_kb.documents()


def test_remove_without_an_id_or_with_an_unknown_one(staff_kb, published):
    assert staff_kb.remove("  ") == texts.KB_CHAT_REMOVE_USAGE
    assert staff_kb.remove("없는-문서") == texts.KB_CHAT_NOT_FOUND.format(doc_id="없는-문서")
    assert published == [] and isinstance(staff_kb.receive("seminar.md", 1), Upload)


def test_remove_several_ids_reports_each_and_one_build_summary(staff_kb, published):
    add(staff_kb, "seminar.md", SEMINAR)

    report = staff_kb.remove("seminar caravan seminar")

    seminar, caravan, hidden, build, *rest = report.split("\n")
    assert seminar == texts.KB_REMOVED.format(doc_id="seminar") and caravan == texts.KB_REMOVED.format(doc_id="caravan")
    assert hidden.startswith("└ 기본 제공 문서라 파일(") and "서버에서 'axbot kb add " in hidden
    assert build.startswith("색인을 새로 만들었어요. 문서 5개") and rest == [] and "`" not in report
    assert len(published) == 2  # the add, then the removals (the bot loads the index once)
    listing = staff_kb.documents()
    assert "seminar |" not in listing and "caravan |" not in listing


def test_remove_several_ids_removes_none_when_one_is_unknown(staff_kb, published):
    report = staff_kb.remove("caravan 없는-문서 카라반")

    assert report == texts.KB_CHAT_SOME_NOT_FOUND.format(doc_ids="없는-문서, 카라반")
    assert published == [] and "caravan |" in staff_kb.documents()


def test_an_id_with_a_space_is_removed_whole(staff_kb, published):
    add(staff_kb, "세미나 안내.md", SEMINAR)

    report = staff_kb.remove("세미나 안내")

    assert report.startswith(texts.KB_REMOVED.format(doc_id="세미나 안내") + "\n색인을 새로 만들었어요.")


def test_a_broken_removed_list_stops_the_change_politely(staff_kb, knowledge_settings):
    knowledge_settings.uploads_dir.mkdir(parents=True, exist_ok=True)
    (knowledge_settings.uploads_dir / ".removed.json").write_text("{not json", encoding="utf-8")

    report = add(staff_kb, "seminar.md", SEMINAR)

    assert report.startswith(warning(texts.KB_CHAT_FAILED.format(message=""))) and ".removed.json" in report
    assert staff_kb.remove("caravan seminar").startswith(warning(texts.KB_CHAT_FAILED.format(message="")))
    assert scratch_is_empty(staff_kb) and isinstance(staff_kb.receive("seminar.md", 1), Upload)


def test_the_list_before_any_build_says_what_to_do(knowledge_settings, embedder, tokenizer):
    staff_kb = StaffKnowledgeBase(KnowledgeAdmin(knowledge_settings, IndexBuilder(knowledge_settings, embedder, tokenizer)), knowledge_settings)

    assert staff_kb.documents().startswith(texts.KB_CHAT_LIST_FAILED.format(message="검색 색인이 아직 없어요."))


def test_leftovers_of_a_stopped_process_are_cleared_at_start(knowledge_settings, builder):
    scratch = knowledge_settings.uploads_dir / ".incoming"
    old, recent = scratch / "upload-old", scratch / "upload-recent"
    for folder in (old, recent):
        folder.mkdir(parents=True)
        (folder / "half.pdf").write_bytes(b"%PDF")
    long_ago = time.time() - LEFTOVER_AGE_S - 60
    os.utime(old, (long_ago, long_ago))

    StaffKnowledgeBase(KnowledgeAdmin(knowledge_settings, builder), knowledge_settings)

    assert not old.exists() and recent.exists()  # a recent one may be another worker's download
