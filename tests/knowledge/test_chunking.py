from knowledge.chunking import chunk_document, embedding_text
from knowledge.documents import SourceDocument
from knowledge.settings import ChunkingSettings


def document(text: str, doc_id: str = "doc") -> SourceDocument:
    return SourceDocument(
        doc_id=doc_id, title="산업단지 AX 카라반", text=text, source_path=f"/kb/{doc_id}.md",
        updated="2025-05-20", kind="program", content_hash="h", attributes={},
    )


def test_sections_carry_heading_path_and_metadata():
    text = "# 개요\n카라반은 현장방문 프로그램이에요.\n\n## 대상\n입주기업 4,500여 개가 대상이에요.\n"
    chunks = chunk_document(document(text), ChunkingSettings(max_chars=600, min_chars=0))
    assert [(c.section, c.text) for c in chunks] == [
        ("개요", "카라반은 현장방문 프로그램이에요."),
        ("개요 > 대상", "입주기업 4,500여 개가 대상이에요."),
    ]
    first = chunks[0]
    assert (first.chunk_id, first.doc_id, first.title, first.updated, first.kind, first.source_path) == (
        "doc#0", "doc", "산업단지 AX 카라반", "2025-05-20", "program", "/kb/doc.md",
    )


def test_a_chunk_never_spans_two_sections():
    text = "# 가\n짧은 문단이에요.\n# 나\n다른 문단이에요."
    chunks = chunk_document(document(text), ChunkingSettings(max_chars=600, min_chars=0))
    assert [c.section for c in chunks] == ["가", "나"]


def test_long_paragraph_splits_between_sentences_only():
    sentences = [f"{n}번째 문장은 산업단지 AI 전환에 관한 설명이에요." for n in range(1, 30)]
    chunks = chunk_document(document(" ".join(sentences)), ChunkingSettings(max_chars=200, min_chars=0))
    assert len(chunks) > 3
    for chunk in chunks:
        assert len(chunk.text) <= 200
        assert chunk.text.endswith("이에요.")
    assert " ".join(c.text for c in chunks) == " ".join(sentences)


def test_numbers_with_dots_and_commas_stay_whole():
    text = "예산은 총 2,000억 원이에요. 기간은 9.14까지예요. 국비는 1,400억 원이에요."
    chunks = chunk_document(document(text), ChunkingSettings(max_chars=25, min_chars=0))
    joined = " ".join(c.text for c in chunks)
    assert "2,000억" in joined and "9.14까지예요." in joined and "1,400억" in joined


def test_long_table_is_split_between_rows_repeating_the_header():
    rows = [f"| 지역{n} | 산업단지{n} | 세미나 {n}회 |" for n in range(40)]
    table = "| 지역 | 단지 | 행사 |\n| --- | --- | --- |\n" + "\n".join(rows)
    chunks = chunk_document(document("# 일정\n" + table), ChunkingSettings(max_chars=300, min_chars=0))
    assert len(chunks) > 2
    for chunk in chunks:
        lines = chunk.text.splitlines()
        assert lines[0] == "| 지역 | 단지 | 행사 |" and lines[1] == "| --- | --- | --- |"
        assert all(line.startswith("| 지역") for line in lines[2:])
    body_rows = [line for c in chunks for line in c.text.splitlines()[2:]]
    assert body_rows == rows


def test_small_tail_merges_into_previous_chunk():
    text = "첫 문단은 충분히 길게 써서 한 청크를 거의 채우는 내용이에요. " * 3 + "\n\n끝."
    chunks = chunk_document(document(text), ChunkingSettings(max_chars=120, min_chars=20))
    assert chunks[-1].text.endswith("끝.")
    assert all(len(c.text) > 3 for c in chunks)


def test_content_hash_changes_with_text_and_is_stable_otherwise():
    settings = ChunkingSettings()
    first = chunk_document(document("# 가\n내용이에요."), settings)[0]
    again = chunk_document(document("# 가\n내용이에요."), settings)[0]
    changed = chunk_document(document("# 가\n바뀐 내용이에요."), settings)[0]
    assert first.content_hash == again.content_hash != changed.content_hash


def test_embedding_text_puts_body_in_its_title_and_section_context():
    chunk = chunk_document(document("# 대상\n입주기업이에요."), ChunkingSettings())[0]
    assert embedding_text(chunk) == "산업단지 AX 카라반 > 대상\n입주기업이에요."


def test_empty_document_gives_no_chunks():
    assert chunk_document(document("  \n\n"), ChunkingSettings()) == []


def test_a_heading_that_repeats_the_title_is_not_part_of_the_section_path():
    text = "# 산업단지 AX 카라반\n## 비용과 신청 방법\n아직 공개되지 않았어요.\n"
    chunks = chunk_document(document(text), ChunkingSettings(min_chars=0))
    assert [c.section for c in chunks] == ["비용과 신청 방법"]
