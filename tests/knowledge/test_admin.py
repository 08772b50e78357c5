import pytest

from knowledge.admin import KnowledgeAdmin
from knowledge.errors import DocumentNotFoundError
from knowledge.index_build import IndexBuilder
from knowledge.index_files import IndexLayout, LoadedIndex
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
