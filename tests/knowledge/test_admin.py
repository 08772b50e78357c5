import datetime as dt
import os
import unicodedata

import pytest

from knowledge.admin import KnowledgeAdmin
from knowledge.errors import DocumentNotFoundError, RemovedListError
from knowledge.index_build import IndexBuilder
from knowledge.index_files import IndexLayout, LoadedIndex
from knowledge.sources import read_removed
from tests.knowledge.kb_factory import write_program, write_sample_kb


@pytest.fixture
def admin(knowledge_settings, tokenizer, embedder):
    write_sample_kb(knowledge_settings.sources[0])
    builder = IndexBuilder(knowledge_settings, embedder, tokenizer)
    builder.build()
    return KnowledgeAdmin(knowledge_settings, builder)


def served_documents(settings):
    return LoadedIndex.load(IndexLayout(settings.index_dir).require_current(), "hashing-128").manifest.documents


def test_add_copies_into_uploads_and_serves_the_new_document(admin, knowledge_settings, tmp_path):
    new = write_program(tmp_path / "incoming", "seminar", "지역 세미나 안내", "# 세미나\n창원에서 AI 세미나가 열려요.\n")
    report = admin.add([new])
    assert report.added == ["seminar"] and report.rejected == [] and report.build.changed
    assert (knowledge_settings.uploads_dir / "seminar.md").exists()
    assert served_documents(knowledge_settings)["seminar"]["title"] == "지역 세미나 안내"


def test_add_with_a_shipped_name_replaces_that_document(admin, knowledge_settings, tmp_path):
    replacement = write_program(tmp_path / "incoming", "week", "산업단지 위크 (수정)", "# 일정\n일정이 바뀌었어요.\n")
    admin.add([replacement])
    documents = served_documents(knowledge_settings)
    assert documents["week"]["title"] == "산업단지 위크 (수정)"
    assert documents["week"]["source_path"].endswith("uploads/week.md")


def test_a_corrupt_or_unsupported_file_is_rejected_and_never_replaces_a_good_one(admin, knowledge_settings, tmp_path):
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / "week.pdf").write_bytes(b"not a pdf at all")
    (incoming / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    report = admin.add([incoming / "week.pdf", incoming / "photo.jpg", incoming / "missing.md"])
    assert report.added == [] and report.build is None
    assert [(e.path.name, e.reason) for e in report.rejected] == [("week.pdf", "corrupt"), ("photo.jpg", "unsupported"), ("missing.md", "missing")]
    assert served_documents(knowledge_settings)["week"]["title"] == "산업단지 위크"


def test_remove_an_upload_deletes_it(admin, knowledge_settings, tmp_path):
    admin.add([write_program(tmp_path / "incoming", "seminar", "세미나", "# 세미나\n내용이에요.\n")])
    admin.remove("seminar")
    assert not (knowledge_settings.uploads_dir / "seminar.md").exists()
    assert "seminar" not in served_documents(knowledge_settings)


def test_remove_a_shipped_document_hides_it_without_deleting_shipped_files(admin, knowledge_settings, tmp_path):
    admin.remove("week")
    assert "week" not in served_documents(knowledge_settings)
    assert (knowledge_settings.sources[0] / "programs" / "week.md").exists()
    # Adding it back un-hides it.
    admin.add([write_program(tmp_path / "incoming", "week", "산업단지 위크", "# 일정\n다시 열려요.\n")])
    assert "week" in served_documents(knowledge_settings)


def test_remove_unknown_document_says_so(admin):
    with pytest.raises(DocumentNotFoundError, match="kb list"):
        admin.remove("no-such-doc")


def test_documents_lists_title_kind_chunks_and_updated(admin):
    documents, failures = admin.documents()
    caravan = next(doc for doc in documents if doc.doc_id == "caravan")
    assert (caravan.title, caravan.kind, caravan.updated) == ("산업단지 AX 카라반", "program", "2025-05-20")
    assert caravan.chunks >= 1 and failures == []
    assert {doc.kind for doc in documents} == {"program", "vendor"}


# --- QA defects: identity of documents and files -------------------------------------------------


def write_upload(uploads, name, text):
    uploads.mkdir(parents=True, exist_ok=True)
    path = uploads / name
    path.write_text(text, encoding="utf-8")
    return path


def test_adding_a_file_already_in_the_uploads_folder_keeps_it_and_rebuilds(admin, knowledge_settings, tmp_path):
    admin.add([write_program(tmp_path / "incoming", "seminar", "세미나", "# 세미나\n창원에서 열려요.\n")])
    upload = knowledge_settings.uploads_dir / "seminar.md"
    upload.write_text(upload.read_text(encoding="utf-8").replace("title: 세미나", "title: 세미나 (고침)"), encoding="utf-8")
    report = admin.add([upload])
    assert report.replaced == ["seminar"] and report.rejected == [] and report.build.changed
    assert "세미나 (고침)" in upload.read_text(encoding="utf-8")
    assert served_documents(knowledge_settings)["seminar"]["title"] == "세미나 (고침)"


def test_adding_the_served_content_again_changes_nothing(admin, knowledge_settings, tmp_path):
    new = write_program(tmp_path / "incoming", "seminar", "세미나", "# 세미나\n창원에서 열려요.\n")
    admin.add([new])
    report = admin.add([new, new, knowledge_settings.uploads_dir / "seminar.md"])
    assert (report.added, report.replaced, report.unchanged) == ([], [], ["seminar"])
    assert report.build is None and report.rejected == []


def test_the_same_file_named_twice_is_added_once(admin, tmp_path):
    new = write_program(tmp_path / "incoming", "seminar", "세미나", "# 세미나\n창원에서 열려요.\n")
    report = admin.add([new, new])
    assert report.added == ["seminar"] and report.rejected == []


def test_two_files_for_one_document_id_take_the_first(admin, knowledge_settings, tmp_path):
    first = write_program(tmp_path / "incoming", "seminar", "세미나", "# 세미나\n창원에서 열려요.\n")
    second = tmp_path / "incoming" / "seminar.txt"
    second.write_text("세미나 두 번째 파일\n\n부산에서 열려요.\n", encoding="utf-8")
    report = admin.add([first, second])
    assert report.added == ["seminar"] and [(e.path.name, e.reason) for e in report.rejected] == [("seminar.txt", "duplicate")]
    assert sorted(p.name for p in knowledge_settings.uploads_dir.iterdir()) == ["seminar.md"]


def test_add_and_remove_touch_only_the_exact_document_id(admin, knowledge_settings, tmp_path):
    incoming = tmp_path / "incoming"
    for doc_id in ("guide.2026", "notice1"):
        admin.add([write_program(incoming, doc_id, doc_id, "# 본문\n초록거북이 이야기예요.\n")])
    admin.add([write_program(incoming, "guide", "가이드", "# 본문\n파랑펭귄 이야기예요.\n")])
    admin.add([write_program(incoming, "notice[1]", "대괄호", "# 본문\n다람쥐 이야기예요.\n")])
    uploads = knowledge_settings.uploads_dir
    assert sorted(p.name for p in uploads.iterdir()) == ["guide.2026.md", "guide.md", "notice1.md", "notice[1].md"]
    admin.remove("guide")
    admin.remove("notice[1]")
    assert sorted(p.name for p in uploads.iterdir()) == ["guide.2026.md", "notice1.md"]
    assert {"guide.2026", "notice1"} <= set(served_documents(knowledge_settings))


def test_a_replacement_in_another_format_deletes_only_the_old_format(admin, knowledge_settings, tmp_path):
    uploads = knowledge_settings.uploads_dir
    admin.add([write_program(tmp_path / "incoming", "seminar", "세미나", "# 세미나\n창원에서 열려요.\n")])
    write_upload(uploads, "seminar.notes.md", "# 메모\n지우면 안 되는 다른 문서예요.\n")
    replacement = tmp_path / "incoming" / "seminar.txt"
    replacement.write_text("세미나 안내\n\n부산에서 열려요.\n", encoding="utf-8")
    assert admin.add([replacement]).replaced == ["seminar"]
    assert sorted(p.name for p in uploads.iterdir()) == ["seminar.notes.md", "seminar.txt"]


def test_decomposed_file_names_get_composed_ids(admin, knowledge_settings, tmp_path):
    composed = "맥에서온문서"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    report = admin.add([write_program(tmp_path / "mac", decomposed, "맥 문서", "# 맥\n호박 컨베이어 점검은 무료예요.\n")])
    assert report.added == [composed]
    # The composed name typed on a terminal replaces it instead of adding a second document.
    report = admin.add([write_program(tmp_path / "linux", composed, "맥 문서 (고침)", "# 맥\n점검은 유료예요.\n")])
    assert report.replaced == [composed]
    assert [p.name for p in knowledge_settings.uploads_dir.iterdir()] == [f"{composed}.md"]
    assert served_documents(knowledge_settings)[composed]["title"] == "맥 문서 (고침)"
    admin.remove(decomposed)  # as a Mac terminal may type it
    assert composed not in served_documents(knowledge_settings)
    assert list(knowledge_settings.uploads_dir.iterdir()) == []


def test_a_decomposed_upload_already_in_the_folder_is_one_document(admin, knowledge_settings):
    decomposed = unicodedata.normalize("NFD", "맥에서온문서")
    write_upload(knowledge_settings.uploads_dir, f"{decomposed}.md", "# 맥 문서\n호박 컨베이어 점검은 무료예요.\n")
    admin._builder.build()
    assert "맥에서온문서" in served_documents(knowledge_settings)
    admin.remove("맥에서온문서")
    assert list(knowledge_settings.uploads_dir.iterdir()) == []


@pytest.mark.parametrize("name", ["_draft-notice.md", ".hidden.md", "README.md", "readme.txt"])
def test_names_the_scan_skips_are_refused_with_the_reason(admin, knowledge_settings, tmp_path, name):
    path = tmp_path / "incoming" / name
    path.parent.mkdir()
    path.write_text("# 밑줄 문서\n코드는 밑줄고양이예요.\n", encoding="utf-8")
    report = admin.add([path])
    assert report.added == [] and report.build is None
    [error] = report.rejected
    assert error.reason == "skipped_name" and name in str(error) and "이름을 바꿔서" in str(error)
    assert not knowledge_settings.uploads_dir.exists() or list(knowledge_settings.uploads_dir.iterdir()) == []


# --- QA defects: the removed list, companions and kinds -------------------------------------------


@pytest.mark.parametrize("content", ['["week", oops]', '{"week": true}', '"week"', "\xff\xfe"])
def test_a_broken_removed_list_is_refused_and_the_served_index_stays(admin, knowledge_settings, tmp_path, content):
    served_before = IndexLayout(knowledge_settings.index_dir).current_build()
    write_upload(knowledge_settings.uploads_dir, ".removed.json", "")
    (knowledge_settings.uploads_dir / ".removed.json").write_bytes(content.encode("latin-1"))
    new = write_program(tmp_path / "incoming", "seminar", "세미나", "# 세미나\n창원에서 열려요.\n")
    for command in (admin._builder.build, lambda: admin.add([new]), lambda: admin.remove("week")):
        with pytest.raises(RemovedListError, match=r"\.removed\.json.*고쳐 주세요"):
            command()
    assert IndexLayout(knowledge_settings.index_dir).current_build() == served_before
    assert sorted(p.name for p in knowledge_settings.uploads_dir.iterdir()) == [".removed.json"]


def test_a_broken_removed_list_says_where(knowledge_settings):
    write_upload(knowledge_settings.uploads_dir, ".removed.json", '[\n"week",\n oops\n]')
    with pytest.raises(RemovedListError, match="3번째 줄"):
        read_removed(knowledge_settings.uploads_dir)


def test_replacing_a_document_names_its_companions(admin, knowledge_settings, tmp_path):
    write_program(knowledge_settings.sources[0] / "programs", "testbed-faq", "실증산단 FAQ", "# 예산\n예산은 2,000억 원이에요.\n")
    incoming = tmp_path / "incoming"
    report = admin.add([write_program(incoming, "testbed", "AX 실증산단 (교체본)", "# 예산\n예산은 777억 원이에요.\n")])
    assert report.replaced == ["testbed"] and report.companions == {"testbed": ["testbed-faq"]}
    # Replaced together, nothing is left behind.
    both = [
        write_program(incoming, "testbed", "AX 실증산단 (다시)", "# 예산\n예산은 778억 원이에요.\n"),
        write_program(incoming, "testbed-faq", "실증산단 FAQ", "# 예산\n예산은 778억 원이에요.\n"),
    ]
    assert admin.add(both).companions == {}
    assert admin.remove("testbed").companions == ["testbed-faq"]


def test_a_replacement_that_changes_the_kind_is_refused(admin, knowledge_settings, tmp_path):
    brief = tmp_path / "incoming" / "v01-vision.txt"
    brief.parent.mkdir()
    brief.write_text("비전메이트 소개\n\n카메라로 불량을 찾아요.\n", encoding="utf-8")
    report = admin.add([brief])
    [error] = report.rejected
    assert error.reason == "kind_change" and "기업 소개" in str(error) and "kind: vendor" in str(error)
    # Shown in the staff chat as plain text too: each way to remove it quoted, no Markdown backticks.
    assert "'axbot kb remove v01-vision'" in str(error) and "'/kb_remove v01-vision'" in str(error) and "`" not in str(error)
    assert report.build is None and not (knowledge_settings.uploads_dir / "v01-vision.txt").exists()
    assert served_documents(knowledge_settings)["v01-vision"]["kind"] == "vendor"


def test_removing_a_replaced_shipped_document_hides_the_original_until_it_is_added_back(admin, knowledge_settings, tmp_path):
    shipped = knowledge_settings.sources[0] / "vendors" / "v01-vision.md"
    replacement = tmp_path / "incoming" / "v01-vision.md"
    replacement.parent.mkdir()
    replacement.write_text(shipped.read_text(encoding="utf-8").replace("용접 불량", "도장 불량"), encoding="utf-8")
    assert admin.add([replacement]).replaced == ["v01-vision"]
    report = admin.remove("v01-vision")
    assert [p.name for p in report.deleted_uploads] == ["v01-vision.md"] and report.hidden_shipped == shipped
    assert "v01-vision" not in served_documents(knowledge_settings) and shipped.exists()
    # Adding the shipped file itself shows it again, without copying it into the uploads.
    report = admin.add([shipped])
    assert report.added == ["v01-vision"]
    assert served_documents(knowledge_settings)["v01-vision"]["source_path"] == str(shipped)
    assert not (knowledge_settings.uploads_dir / "v01-vision.md").exists()


def test_adding_a_shipped_file_restores_it_over_its_replacement(admin, knowledge_settings, tmp_path):
    shipped = knowledge_settings.sources[0] / "programs" / "week.md"
    admin.add([write_program(tmp_path / "incoming", "week", "산업단지 위크 (수정)", "# 일정\n일정이 바뀌었어요.\n")])
    report = admin.add([shipped])
    assert report.replaced == ["week"]
    assert served_documents(knowledge_settings)["week"]["title"] == "산업단지 위크"
    assert not (knowledge_settings.uploads_dir / "week.md").exists() and shipped.exists()


def test_an_uploaded_file_keeps_its_date(admin, knowledge_settings, tmp_path):
    new = tmp_path / "incoming" / "seminar.txt"
    new.parent.mkdir()
    new.write_text("지역 세미나 안내\n\n창원에서 열려요.\n", encoding="utf-8")
    os.utime(new, (dt.datetime(2025, 3, 4, 12).timestamp(),) * 2)
    admin.add([new])
    document = served_documents(knowledge_settings)["seminar"]
    assert (document["title"], document["updated"]) == ("지역 세미나 안내", "2025-03-04")


def test_a_file_placed_in_the_uploads_by_hand_is_served_and_its_new_kind_reported(admin, knowledge_settings):
    by_hand = write_upload(knowledge_settings.uploads_dir, "v01-vision.txt", "비전메이트 소개\n\n카메라로 불량을 찾아요.\n")
    report = admin.add([by_hand])
    assert report.replaced == ["v01-vision"] and report.kind_changes == {"v01-vision": ("vendor", "program")}
    assert served_documents(knowledge_settings)["v01-vision"]["kind"] == "program"
