"""The staff command line, run in-process through its real entry point."""

import json

import pytest
import yaml

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
