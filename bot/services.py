"""The composition root: settings in, wired services out. Nothing else constructs providers."""

import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.settings import Settings
from embeddings import Embedder, make_embedder
from embeddings.saved_vectors import QUERY_VECTORS_FILE, SavedQueryVectors
from knowledge.admin import KnowledgeAdmin
from knowledge.index_build import IndexBuilder, Progress
from knowledge.morphology import KoreanTokenizer
from knowledge.retriever import HybridRetriever, SearchMode
from knowledge.serving import ServingIndex

if TYPE_CHECKING:  # the bot's own modules load only when a bot is built, not for `kb` commands
    from bot.assistant import Assistant
    from bot.booking import BookingService
    from bot.handoff import HandoffService
    from bot.staff_notices import StaffNoticeBuffer
    from bot.answering import ExtractiveAnswerer
    from bot.intents import IntentRouter
    from bot.storage.database import Database

log = logging.getLogger(__name__)


@dataclass
class KnowledgeServices:
    embedder: Embedder
    tokenizer: KoreanTokenizer
    index: ServingIndex
    retriever: HybridRetriever
    builder: IndexBuilder
    admin: KnowledgeAdmin


def build_knowledge(settings: Settings, mode: SearchMode = "hybrid", progress: Progress | None = None) -> KnowledgeServices:
    knowledge = settings.knowledge
    embedder = make_embedder(settings.embeddings)
    tokenizer = KoreanTokenizer()
    index = ServingIndex(knowledge.index_dir, embedder.name, knowledge.reload_check_s)
    builder = IndexBuilder(knowledge, embedder, tokenizer, progress)
    return KnowledgeServices(
        embedder=embedder,
        tokenizer=tokenizer,
        index=index,
        retriever=HybridRetriever(index, embedder, tokenizer, knowledge.retrieval, mode),
        builder=builder,
        admin=KnowledgeAdmin(knowledge, builder),
    )


@dataclass
class BotServices:
    """Everything a channel needs: the assistant for turns, and the services its jobs drive."""

    assistant: "Assistant"
    booking: "BookingService"
    handoff: "HandoffService"
    staff_notices: "StaffNoticeBuffer"
    database: "Database"
    index_preparer: "IndexPreparer"


class IndexPreparer:
    """Readies each index build before users' turns meet it.

    Staff rebuild the index while the bot runs (knowledge/admin.py), and the serving index swaps
    to the new build by itself. Without this, the first turn after the swap would load it, split
    every chunk again and embed the new Q&A questions while a user waits. A background job calls
    `prepare()` more often than the serving index checks, so that work happens there, and the new
    questions' vectors are saved for the next start."""

    def __init__(self, knowledge: KnowledgeServices, answerer: "ExtractiveAnswerer", router: "IntentRouter", saved: SavedQueryVectors):
        self._knowledge = knowledge
        self._answerer = answerer
        self._router = router
        self._saved = saved
        self._prepared: object | None = None  # the LoadedIndex last readied
        # Half the serving index's own check, so the job, not a turn, finds a new build first.
        self.interval_s = max(1.0, knowledge.index.check_interval_s / 2)

    def prepare(self) -> bool:
        """Load a new build if there is one and ready it; True when a build was readied."""
        self._knowledge.index.refresh()
        loaded = self._knowledge.index()
        if loaded is self._prepared:
            return False
        started = time.perf_counter()
        self._answerer.warm_up()  # split the program chunks and embed their Q&A questions
        self._saved.save([*self._router.example_texts, *self._answerer.asked_texts()])
        self._prepared = loaded
        log.info("index_prepared chunks=%d seconds=%.1f", len(loaded.chunks), time.perf_counter() - started)
        return True


def build_assistant(settings: Settings, knowledge: KnowledgeServices | None = None, warm_up: bool = False) -> "Assistant":
    return build_bot(settings, knowledge, warm_up).assistant


def build_bot(settings: Settings, knowledge: KnowledgeServices | None = None, warm_up: bool = False) -> BotServices:
    """The whole bot: database migrated, components wired, optionally warmed up."""
    from bot.answering import extractive_answerer_for
    from bot.assistant import Assistant, Stores
    from bot.booking import BookingService
    from bot.booking.reminders import ReminderStore
    from bot.booking.store import BookingStore
    from bot.handoff import HandoffService
    from bot.intents import IntentRouter, load_examples
    from bot.llm import LlmAnswerer, make_chat_model
    from bot.staff_notices import StaffNoticeBuffer
    from bot.storage.database import Database
    from bot.vendors import VendorMatcher

    knowledge = knowledge or build_knowledge(settings)
    saved_vectors = SavedQueryVectors(settings.knowledge.index_dir / QUERY_VECTORS_FILE, knowledge.embedder)
    saved_vectors.load()  # before the router embeds its examples; one-shot `axbot ask` gains too
    database = Database.from_settings(settings.storage)
    database.migrate()
    stores = _stores(database)
    handoff = HandoffService(database, settings.handoff)
    notices = StaffNoticeBuffer()
    erasers = (stores.profiles.delete_user_data, stores.answers.delete_user_data, stores.transcript.delete_user_data,
               stores.unanswered.delete_user_data, stores.users.delete_user_data, handoff.delete_user_data)
    booking = BookingService(BookingStore(database), ReminderStore(database), settings.booking, notifier=notices, user_data_erasers=erasers)
    answerer = extractive = extractive_answerer_for(
        knowledge.retriever,
        knowledge.tokenizer,
        settings.answers,
        settings.knowledge.retrieval.min_confidence,
        knowledge.embedder,
        index=knowledge.index,
    )
    chat_model = make_chat_model(settings.llm)
    if chat_model is not None:
        answerer = LlmAnswerer(chat_model, answerer, settings.llm.timeout_s)
    router = IntentRouter(knowledge.embedder, load_examples(settings.intents.examples_path), settings.intents)
    assistant = Assistant(
        router=router,
        answerer=answerer,
        vendors=VendorMatcher(knowledge.retriever, settings.vendors, index=knowledge.index),
        booking=booking,
        handoff=handoff,
        stores=stores,
    )
    preparer = IndexPreparer(knowledge, extractive, router, saved_vectors)
    if warm_up:
        knowledge.index()  # load the index, Kiwi and the model now, not on the first user's question
        knowledge.retriever.search("산업단지 AX 카라반")
        preparer.prepare()
    return BotServices(assistant, booking, handoff, notices, database, preparer)


def _stores(database):
    from bot.assistant import Stores
    from bot.storage.answers import AnswerLog
    from bot.storage.dialogue import DialogueStore
    from bot.storage.profiles import ProfileStore
    from bot.storage.transcript import TranscriptStore
    from bot.storage.unanswered import UnansweredLog
    from bot.storage.users import UserStore

    return Stores(
        dialogues=DialogueStore(database),
        users=UserStore(database),
        profiles=ProfileStore(database),
        transcript=TranscriptStore(database),
        answers=AnswerLog(database),
        unanswered=UnansweredLog(database),
    )
