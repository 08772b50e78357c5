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
    from bot.answering import ExtractiveAnswerer
    from bot.assistant import Assistant
    from bot.booking import BookingService
    from bot.booking.slots import Clock
    from bot.handoff import HandoffService
    from bot.intents import IntentRouter
    from bot.staff_kb import StaffKnowledgeBase
    from bot.staff_notices import StaffNoticeStore
    from bot.storage.database import Database
    from bot.unanswered_review import UnansweredReview
    from knowledge.index_files import LoadedIndex

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
    staff_notices: "StaffNoticeStore"
    database: "Database"
    index_preparer: "IndexPreparer"
    unanswered: "UnansweredReview"
    staff_kb: "StaffKnowledgeBase"  # staff change the knowledge base from the staff chat


class IndexPreparer:
    """Readies each index build before any turn is served from it.

    Staff rebuild the index while the bot runs (knowledge/admin.py). Left to itself, the serving
    index swaps to a new build inside whichever turn notices it first: that turn loads the build,
    and turns then split chunks again and embed new Q&A questions while users wait. A background
    job that has `take_over()` calls `refresh()` instead: the new build is loaded and readied
    while the previous one still serves, and the new questions' vectors are saved for the next
    start."""

    def __init__(self, index: ServingIndex, answerer: "ExtractiveAnswerer", router: "IntentRouter", saved: SavedQueryVectors):
        self._index = index
        self._answerer = answerer
        self._router = router
        self._saved = saved
        self.interval_s = max(1.0, index.check_interval_s)  # 0 means "check at every turn"; a job needs a pause

    def take_over(self) -> None:
        """From now on only `refresh()` loads new builds; turns keep the build they have."""
        self._index.auto_refresh = False

    def refresh(self) -> bool:
        """Load, ready and then serve a new build if there is one; True when one was swapped in."""
        return self._index.refresh(ready=self.ready)

    def ready(self, loaded: "LoadedIndex") -> None:
        started = time.perf_counter()
        self._answerer.ready(loaded)  # split the program chunks, embed their Q&A questions
        self._saved.save([*self._router.example_texts, *self._answerer.asked_texts(loaded)])
        log.info("index_prepared chunks=%d seconds=%.1f", len(loaded.chunks), time.perf_counter() - started)


def build_assistant(settings: Settings, knowledge: KnowledgeServices | None = None, warm_up: bool = False) -> "Assistant":
    return build_bot(settings, knowledge, warm_up).assistant


def build_bot(
    settings: Settings, knowledge: KnowledgeServices | None = None, warm_up: bool = False, clock: "Clock | None" = None,
) -> BotServices:
    """The whole bot: database migrated, components wired, optionally warmed up. `clock` (aware
    UTC datetimes) is the bot's now, for tests: double taps, booking slots, handoffs."""
    from bot.answering import extractive_answerer_for
    from bot.assistant import Assistant, Stores
    from bot.booking import BookingService
    from bot.booking.reminders import ReminderStore
    from bot.booking.store import BookingStore
    from bot.comparison import ComparingAnswerer
    from bot.handoff import HandoffService
    from bot.intents import IntentRouter, load_examples
    from bot.llm import LlmAnswerer, make_chat_model
    from bot.staff_kb import StaffKnowledgeBase
    from bot.staff_notices import StaffNoticeStore
    from bot.storage.database import Database
    from bot.storage.tables import utc_now
    from bot.unanswered_review import UnansweredReview
    from bot.vendors import VendorMatcher

    clock = clock or utc_now
    knowledge = knowledge or build_knowledge(settings)
    saved_vectors = SavedQueryVectors(settings.knowledge.index_dir / QUERY_VECTORS_FILE, knowledge.embedder)
    saved_vectors.load()  # before the router embeds its examples; one-shot `axbot ask` gains too
    database = Database.from_settings(settings.storage)
    database.migrate()
    stores = _stores(database)
    # The card names the user's next booking; `booking` is bound below, before any turn runs.
    handoff = HandoffService(database, settings.handoff, bookings=lambda user_id: booking.next_booking(user_id), clock=clock)
    notices = StaffNoticeStore(database)
    erasers = (stores.profiles.delete_user_data, stores.answers.delete_user_data, stores.transcript.delete_user_data,
               stores.unanswered.delete_user_data, stores.users.delete_user_data, handoff.delete_user_data)
    booking = BookingService(
        BookingStore(database), ReminderStore(database), settings.booking, notifier=notices, clock=clock, user_data_erasers=erasers)
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
    answerer = ComparingAnswerer(answerer, extractive)
    router = IntentRouter(knowledge.embedder, load_examples(settings.intents.examples_path), settings.intents)
    assistant = Assistant(
        router=router,
        answerer=answerer,
        vendors=VendorMatcher(knowledge.retriever, settings.vendors, index=knowledge.index),
        booking=booking,
        handoff=handoff,
        stores=stores,
        tokenizer=knowledge.tokenizer,
        programs_named=extractive.programs_named,
        clock=clock,
    )
    preparer = IndexPreparer(knowledge.index, extractive, router, saved_vectors)
    if warm_up:
        # Load the index, Kiwi and the model now, not on the first user's question.
        knowledge.retriever.search("산업단지 AX 카라반")
        preparer.ready(knowledge.index())
    review = UnansweredReview(stores.unanswered, settings.booking.timezone)
    # The chat's report of a change comes after its build is loaded and readied here (unless the
    # reload job is doing just that already): staff read it when users are answered from it.
    staff_kb = StaffKnowledgeBase(knowledge.admin, settings.knowledge, on_change=preparer.refresh)
    return BotServices(assistant, booking, handoff, notices, database, preparer, review, staff_kb)


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
