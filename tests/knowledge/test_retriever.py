import pytest

from knowledge.index_build import IndexBuilder
from knowledge.retriever import HybridRetriever, SearchFilter
from knowledge.serving import ServingIndex
from tests.knowledge.kb_factory import write_sample_kb


@pytest.fixture
def serving(knowledge_settings, tokenizer, embedder):
    write_sample_kb(knowledge_settings.sources[0])
    IndexBuilder(knowledge_settings, embedder, tokenizer).build()
    return ServingIndex(knowledge_settings.index_dir, embedder.name)


def retriever(serving, embedder, tokenizer, settings, mode="hybrid"):
    return HybridRetriever(serving, embedder, tokenizer, settings.retrieval, mode)


@pytest.mark.parametrize("mode", ["hybrid", "bm25", "dense"])
def test_each_mode_finds_the_document_that_answers(serving, embedder, tokenizer, knowledge_settings, mode):
    hits = retriever(serving, embedder, tokenizer, knowledge_settings, mode).search("실증산단 구축사업 예산 2,000억 원", k=3)
    assert hits[0].chunk.doc_id == "testbed"
    # BM25 alone returns only chunks sharing a morpheme with the query, so maybe fewer than k.
    assert [hit.rank for hit in hits] == list(range(1, len(hits) + 1)) and len(hits) <= 3
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)


def test_morphemes_match_across_inflections_that_whitespace_would_miss(serving, embedder, tokenizer, knowledge_settings):
    hits = retriever(serving, embedder, tokenizer, knowledge_settings, "bm25").search("근로자들한테 커피트럭도 오나요", k=1)
    assert hits[0].chunk.doc_id == "week" and hits[0].bm25_rank == 1 and hits[0].dense_rank is None


def test_hits_carry_source_metadata_and_evidence(serving, embedder, tokenizer, knowledge_settings):
    hit = retriever(serving, embedder, tokenizer, knowledge_settings).search("카라반 대상 기업은 몇 개예요", k=1)[0]
    assert (hit.chunk.title, hit.chunk.section, hit.chunk.updated) == ("산업단지 AX 카라반", "개요 > 대상", "2025-05-20")
    assert hit.chunk.source_path.endswith("caravan.md")
    assert 0 < hit.lexical_coverage <= 1 and hit.dense_similarity > 0
    assert hit.bm25_rank is not None and hit.dense_rank is not None


def test_kind_and_vendor_attribute_filters(serving, embedder, tokenizer, knowledge_settings):
    search = retriever(serving, embedder, tokenizer, knowledge_settings).search
    vendors = search("공장 설비 솔루션", k=10, filters=SearchFilter(kind="vendor"))
    assert vendors and {hit.chunk.kind for hit in vendors} == {"vendor"}
    by_category = search("솔루션", k=10, filters=SearchFilter(categories=frozenset({"energy_management"})))
    assert {hit.chunk.doc_id for hit in by_category} == {"v03-energy"}
    # A vendor serving 전국 matches any region; one serving only 경남 does not match 충북.
    in_chungbuk = search("솔루션", k=10, filters=SearchFilter(kind="vendor", regions=frozenset({"충북"})))
    assert {hit.chunk.doc_id for hit in in_chungbuk} == {"v02-press", "v03-energy"}
    assert search("솔루션", k=10, filters=SearchFilter(industries=frozenset({"조선"}))) == []


def test_empty_and_whitespace_queries_return_nothing(serving, embedder, tokenizer, knowledge_settings):
    search = retriever(serving, embedder, tokenizer, knowledge_settings).search
    assert search("") == [] and search("   \n\t ") == []


def test_huge_query_is_truncated_not_failed(serving, embedder, tokenizer, knowledge_settings):
    hits = retriever(serving, embedder, tokenizer, knowledge_settings).search("실증산단 예산 " * 5000, k=2)
    assert hits[0].chunk.doc_id == "testbed"


def test_confidence_is_higher_for_answerable_questions(serving, embedder, tokenizer, knowledge_settings):
    hybrid = retriever(serving, embedder, tokenizer, knowledge_settings)
    answerable = hybrid.confidence(hybrid.search("산업단지 위크 일정이 어떻게 돼요", k=3))
    unrelated = hybrid.confidence(hybrid.search("법인세 신고 기한이 언제예요", k=3))
    assert 0 <= unrelated < answerable <= 1
    assert hybrid.confidence([]) == 0.0


def test_fusion_weights_decide_between_the_legs(serving, embedder, tokenizer, knowledge_settings):
    lexical_only = knowledge_settings.retrieval.model_copy(update={"dense_weight": 0.0})
    dense_only = knowledge_settings.retrieval.model_copy(update={"bm25_weight": 0.0})
    query = "커피트럭"
    bm25_first = HybridRetriever(serving, embedder, tokenizer, lexical_only).search(query, k=1)[0]
    dense_first = HybridRetriever(serving, embedder, tokenizer, dense_only).search(query, k=1)[0]
    assert bm25_first.bm25_rank == 1 and dense_first.dense_rank == 1


def test_a_filters_rows_are_worked_out_once_per_build_and_cannot_be_changed(serving):
    index = serving()
    programs = SearchFilter(kind="program")
    rows = index.rows_where(programs, programs.allows)
    assert rows is index.rows_where(programs, programs.allows)  # the same filter again: kept
    assert [index.chunks[row].kind for row in rows] == ["program"] * len(rows) and len(rows) > 0
    vendors = SearchFilter(kind="vendor")
    assert set(index.rows_where(vendors, vendors.allows)).isdisjoint(rows)
    with pytest.raises(ValueError):
        rows[0] = -1  # shared by every search: read-only
