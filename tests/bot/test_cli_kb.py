"""The staff command line, run in-process through its real entry point."""

import json

import pytest
import yaml

from bot import texts
from bot.cli import main
from tests.knowledge.kb_factory import write_program, write_sample_kb


@pytest.fixture
def config(tmp_path):
    content = tmp_path / "content"
    write_sample_kb(content)
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump({
        "embeddings": {"provider": "hashing", "dimension": 64},
        "knowledge": {
            "sources": [str(content), str(tmp_path / "uploads")],
            "uploads_dir": str(tmp_path / "uploads"),
            "index_dir": str(tmp_path / "index"),
        },
    }), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def one_tokenizer(monkeypatch, tokenizer):
    # Every command builds its services; loading Kiwi for each would take most of this file's time.
    monkeypatch.setattr("bot.services.KoreanTokenizer", lambda: tokenizer)


def run(capsys, *args):
    status = main(["--config", str(args[0]), *args[1:]])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_build_then_unchanged_rebuild(config, capsys):
    status, out, _ = run(capsys, config, "kb", "build")
    assert status == 0 and "문서 6개" in out and "새로 임베딩" in out
    status, out, _ = run(capsys, config, "kb", "build")
    assert status == 0 and "바뀐 문서가 없어서" in out


def test_list_shows_title_kind_chunks_and_date(config, capsys):
    run(capsys, config, "kb", "build")
    status, out, _ = run(capsys, config, "kb", "list")
    assert status == 0
    assert "caravan | 산업단지 AX 카라반 | 사업 안내 |" in out and "| 2025-05-20" in out
    assert "v01-vision | 비전메이트 | 기업 소개 |" in out


def test_search_prints_hits_with_sources_and_confidence(config, capsys):
    run(capsys, config, "kb", "build")
    status, out, _ = run(capsys, config, "kb", "search", "실증산단 예산 얼마예요")
    assert status == 0
    assert out.startswith("1. [") and "AX 실증산단 구축사업 > 예산" in out and "testbed.md" in out
    assert "신뢰도" in out


def test_add_and_remove(config, capsys, tmp_path):
    run(capsys, config, "kb", "build")
    new = write_program(tmp_path / "incoming", "seminar", "세미나 안내", "# 세미나\n창원 세미나예요.\n")
    status, out, _ = run(capsys, config, "kb", "add", str(new))
    assert status == 0 and "추가했어요: seminar" in out
    status, out, _ = run(capsys, config, "kb", "remove", "seminar")
    assert status == 0 and "'seminar' 문서를 지식 베이스에서 뺐어요." in out


def test_add_a_corrupt_file_fails_politely(config, capsys, tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"garbage")
    status, out, err = run(capsys, config, "kb", "add", str(bad))
    assert status == 1 and "'bad.docx' 파일을 읽지 못했어요" in err and "추가된 문서가 없어요." in out


def test_search_before_build_tells_staff_to_build(config, capsys):
    status, _, err = run(capsys, config, "kb", "search", "카라반")
    assert status == 1 and "kb build" in err


def test_remove_unknown_document(config, capsys):
    run(capsys, config, "kb", "build")
    status, _, err = run(capsys, config, "kb", "remove", "nope")
    assert status == 1 and "'nope' 문서를 찾지 못했어요" in err


def test_eval_prints_every_metric_as_json(config, capsys, tmp_path):
    corpus = tmp_path / "corpus"
    for doc_id, text in {"a": "용접 불량을 카메라로 검사해요.", "b": "전기요금 피크를 관리해요.", "c": "지게차 충돌을 막아요."}.items():
        corpus.mkdir(exist_ok=True)
        (corpus / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    queries = tmp_path / "queries.jsonl"
    queries.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in [
        {"id": "1", "question": "용접 불량 검사", "relevant": ["a.txt"]},
        {"id": "2", "question": "전기요금 줄이기", "relevant": ["b.txt"]},
    ]), encoding="utf-8")
    status, out, _ = run(capsys, config, "kb", "eval", "--corpus", str(corpus), "--queries", str(queries), "--json", "--mode", "bm25")
    metrics = json.loads(out)
    assert status == 0
    expected = {"recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10", "latency_p50_ms", "latency_p95_ms", "build_s", "peak_rss_mb", "n_docs", "n_queries"}
    assert expected <= set(metrics)
    assert metrics["recall@1"] == 1.0 and metrics["n_docs"] == 3 and metrics["n_queries"] == 2


def test_eval_with_a_malformed_queries_file(config, capsys, tmp_path):
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"id": "1", "question": "빠진 필드"}\n', encoding="utf-8")
    status, _, err = run(capsys, config, "kb", "eval", "--corpus", str(tmp_path), "--queries", str(queries))
    assert status == 1 and "1번째 줄" in err


def test_add_a_file_edited_in_the_uploads_folder(config, capsys, tmp_path):
    run(capsys, config, "kb", "build")
    run(capsys, config, "kb", "add", str(write_program(tmp_path / "incoming", "seminar", "세미나 안내", "# 세미나\n창원 세미나예요.\n")))
    upload = tmp_path / "uploads" / "seminar.md"
    upload.write_text(upload.read_text(encoding="utf-8").replace("창원", "부산"), encoding="utf-8")
    status, out, err = run(capsys, config, "kb", "add", str(upload))
    assert status == 0 and "새 파일로 바꿨어요: seminar" in out and "색인을 새로 만들었어요" in out and err == ""
    assert "부산" in upload.read_text(encoding="utf-8")


def test_add_the_same_file_twice_then_again(config, capsys, tmp_path):
    run(capsys, config, "kb", "build")
    new = write_program(tmp_path / "incoming", "seminar", "세미나 안내", "# 세미나\n창원 세미나예요.\n")
    status, out, _ = run(capsys, config, "kb", "add", str(new), str(new))
    assert status == 0 and "추가했어요: seminar\n" in out
    status, out, _ = run(capsys, config, "kb", "add", str(new))
    assert status == 0 and out == "지금 색인과 내용이 같아서 그대로 두었어요: seminar\n"


def test_a_name_the_index_skips_is_refused_with_the_reason(config, capsys, tmp_path):
    run(capsys, config, "kb", "build")
    draft = write_program(tmp_path / "incoming", "_draft-notice", "초안", "# 초안\n밑줄고양이예요.\n")
    status, out, err = run(capsys, config, "kb", "add", str(draft))
    assert status == 1 and "'_draft-notice.md' 파일은 추가하지 않았어요" in err and "추가된 문서가 없어요." in out


def test_a_broken_removed_list_fails_politely(config, capsys, tmp_path):
    run(capsys, config, "kb", "build")
    (tmp_path / "uploads").mkdir()
    (tmp_path / "uploads" / ".removed.json").write_text('["week", oops]', encoding="utf-8")
    status, out, err = run(capsys, config, "kb", "build")
    assert status == 1 and out == ""
    assert err.startswith("오류: 숨긴 문서 목록(") and "1번째 줄 10번째 글자" in err and "Traceback" not in err


def test_remove_a_shipped_document_says_how_to_bring_it_back(config, capsys, tmp_path):
    run(capsys, config, "kb", "build")
    shipped = tmp_path / "content" / "programs" / "week.md"
    status, out, _ = run(capsys, config, "kb", "remove", "week")
    assert status == 0 and "색인에서만 숨겼어요" in out and f"`axbot kb add {shipped}`" in out
    status, out, _ = run(capsys, config, "kb", "add", str(shipped))
    assert status == 0 and "추가했어요: week" in out and not (tmp_path / "uploads" / "week.md").exists()


def test_remove_a_replaced_shipped_document_says_the_original_is_hidden_too(config, capsys, tmp_path):
    run(capsys, config, "kb", "build")
    shipped = tmp_path / "content" / "vendors" / "v01-vision.md"
    replacement = tmp_path / "incoming" / "v01-vision.md"
    replacement.parent.mkdir()
    replacement.write_text(shipped.read_text(encoding="utf-8").replace("용접", "도장"), encoding="utf-8")
    run(capsys, config, "kb", "add", str(replacement))
    status, out, _ = run(capsys, config, "kb", "remove", "v01-vision")
    assert status == 0 and "올린 파일을 지웠고, 같은 ID의 기본 제공 문서" in out and f"`axbot kb add {shipped}`" in out


def test_replacing_a_vendor_brief_with_a_word_file_is_refused(config, capsys, tmp_path):
    run(capsys, config, "kb", "build")
    brief = tmp_path / "incoming" / "v01-vision.txt"
    brief.parent.mkdir()
    brief.write_text("비전메이트 소개\n\n카메라로 불량을 찾아요.\n", encoding="utf-8")
    status, out, err = run(capsys, config, "kb", "add", str(brief))
    assert status == 1 and "기업 소개인데 이 파일은 사업 안내로 읽혀요" in err and "추가된 문서가 없어요." in out


def test_replacing_a_document_with_a_companion_says_so(config, capsys, tmp_path):
    write_program(tmp_path / "content" / "programs", "testbed-faq", "실증산단 FAQ", "# 예산\n예산은 2,000억 원이에요.\n")
    run(capsys, config, "kb", "build")
    replacement = write_program(tmp_path / "incoming", "testbed", "AX 실증산단 (교체본)", "# 예산\n예산은 777억 원이에요.\n")
    status, out, _ = run(capsys, config, "kb", "add", str(replacement))
    assert status == 0 and "새 파일로 바꿨어요: testbed" in out
    assert "'testbed' 문서와 함께 쓰이는 문서가 있어요: testbed-faq." in out and "`axbot kb remove testbed-faq`" in out


def test_the_assistant_says_when_documents_changed_after_the_last_build(config, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'axbot.db'}")
    run(capsys, config, "kb", "build")
    status, _, err = run(capsys, config, "ask", "안녕하세요", "--json")
    assert status == 0 and texts.CLI_INDEX_STALE not in err
    write_program(tmp_path / "content" / "programs", "late", "새 사업", "## 개요\n새로 생긴 사업이에요. 신청은 다음 달부터 받아요.\n")
    status, _, err = run(capsys, config, "ask", "안녕하세요", "--json")
    assert status == 0 and texts.CLI_INDEX_STALE in err
    run(capsys, config, "kb", "build")
    assert texts.CLI_INDEX_STALE not in run(capsys, config, "ask", "안녕하세요", "--json")[2]
