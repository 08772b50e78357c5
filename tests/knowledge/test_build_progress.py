"""Progress lines of a long build: every so often, with a rough time left, on any output."""

from knowledge.build_progress import ProgressLines, progress_line
from knowledge.index_build import IndexBuilder
from knowledge.messages import duration
from tests.knowledge.kb_factory import write_sample_kb


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_line_at_most_every_interval_with_time_left_from_the_embedding_rate():
    clock, lines = FakeClock(), []
    progress = ProgressLines(lines.append, interval_s=10, clock=clock)
    for done in range(1, 11):  # reading: one document a second
        clock.now += 1
        progress("documents", done, 10)
    for done in range(32, 321, 32):  # embedding: a batch of 32 chunks every 30 seconds
        clock.now += 30
        progress("chunks", done, 320)
    assert lines[0] == "색인을 만드는 중이에요: 문서 10/10개 읽음 (100%)."
    assert lines[1] == "색인을 만드는 중이에요: 청크 32/320개 임베딩 (10%), 약 4분 남았어요."
    assert lines[-1] == "색인을 만드는 중이에요: 청크 320/320개 임베딩 (100%)."
    assert len(lines) == 11


def test_a_short_build_prints_nothing():
    clock, lines = FakeClock(), []
    progress = ProgressLines(lines.append, interval_s=10, clock=clock)
    for done in range(1, 4):
        clock.now += 1
        progress("chunks", done * 32, 96)
    assert lines == []


def test_durations_read_naturally():
    assert [duration(s) for s in (3, 44, 90, 400, 3600, 4200)] == ["10초", "40초", "2분", "7분", "1시간", "1시간 10분"]
    assert progress_line("chunks", 0, 10, 5.0).endswith("(0%).")


def test_the_builder_reports_documents_read_and_chunks_embedded(knowledge_settings, tokenizer, embedder):
    write_sample_kb(knowledge_settings.sources[0])
    calls = []
    report = IndexBuilder(knowledge_settings, embedder, tokenizer, lambda *call: calls.append(call)).build()
    documents = [call for call in calls if call[0] == "documents"]
    chunks = [call for call in calls if call[0] == "chunks"]
    assert documents == [("documents", done, 6) for done in range(1, 7)]
    assert chunks and chunks[-1] == ("chunks", report.embedded, report.embedded)
