"""Staff keep the knowledge base current from the staff group, through the real PTB Application
polling the fake Bot API: /kb_add on a document, /kb, /kb_remove; users are answered from the
new document without a restart; nothing leaks to users, and nobody else may change it."""

import asyncio
import threading

import pytest

from bot import texts
from bot.services import build_bot, build_knowledge
from bot.settings import Settings
from bot.tg.app import ALLOWED_UPDATES, build_bot_application
from knowledge import messages
from knowledge.index_files import IndexLayout
from knowledge.loaders.archive import MEGABYTE
from tests.fakes.fixtures import running_application
from tests.knowledge.kb_factory import write_program

pytestmark = pytest.mark.asyncio

SEMINAR = (
    "---\ntitle: 창원 AX 세미나\nkind: program\nupdated: 2026-03-02\n---\n"
    "# 일정\n창원 AX 세미나는 4월 9일 창원컨벤션센터에서 열려요.\n"
).encode()
QUESTION = "창원 AX 세미나는 언제 열려요?"
WAIT = 30  # a build on two shared cores


class Office:
    """The fake Telegram with the consultants' forum, and the whole bot wired as `axbot run` does."""

    def __init__(self, server, telegram_settings, tmp_path, more_programs: int = 0, max_file_mb: float = 1):
        self.server = server
        self.consultant = server.add_user("김민지")
        self.group = server.add_supergroup("AX 상담원", admins=[self.consultant])
        self.uploads = tmp_path / "uploads"
        write_program(tmp_path / "content" / "programs", "caravan", "산업단지 AX 카라반", "# 개요\n출범식에는 20개 AI 전문기업이 참여했어요.\n")
        for number in range(more_programs):
            title = f"2026년 산업단지 AX 지원사업 세부 공고 제{number}호 (지역 거점 실증 연계형, 입주기업 현장 컨설팅 및 장비 활용 지원)"
            write_program(tmp_path / "content" / "programs", f"notice-{number:03d}", title, f"# 개요\n{number}번 공고예요.\n")
        self.settings = Settings.model_validate({
            "embeddings": {"provider": "hashing", "dimension": 64},
            "knowledge": {
                "sources": [str(tmp_path / "content"), str(self.uploads)], "uploads_dir": str(self.uploads),
                "index_dir": str(tmp_path / "index"),
                # The bot's own reload job never runs here: the upload itself brings the build in.
                "reload_check_s": 3600,
                "loaders": {"max_file_mb": max_file_mb},
            },
            "storage": {"url": f"sqlite:///{tmp_path / 'axbot.db'}"},
            "telegram": telegram_settings.model_dump(),
            "handoff": {"staff_chat_id": self.group.id, "idle_check_seconds": 3600},
        })
        knowledge = build_knowledge(self.settings)
        knowledge.builder.build()
        self.services = build_bot(self.settings, knowledge=knowledge, warm_up=True)

    def running(self):
        return running_application(build_bot_application(self.settings, self.services), allowed_updates=ALLOWED_UPDATES)

    def staff_uploads(self, content: bytes, file_name: str, caption: str | None = "/kb_add", thread: int | None = None):
        return self.server.user_sends_document(self.consultant, content, file_name, caption=caption, chat=self.group, message_thread_id=thread)

    def staff_write(self, text: str, thread: int | None = None):
        return self.server.user_sends_text(self.consultant, text, chat=self.group, message_thread_id=thread)

    async def staff_get(self, count: int = 1, thread: int | None = None):
        return await self.server.wait_for_bot_messages_async(self.group, count=count, timeout=WAIT, message_thread_id=thread)

    async def ask(self, user, text: str) -> str:
        self.server.user_sends_text(user, text)
        [reply] = await self.server.wait_for_bot_messages_async(user, timeout=WAIT)
        return reply.text

    def scratch_is_empty(self) -> bool:
        scratch = self.uploads / ".incoming"
        return not scratch.exists() or not any(scratch.iterdir())


@pytest.fixture
def office(telegram_server, telegram_settings, tmp_path, tokenizer, monkeypatch):
    monkeypatch.setattr("bot.services.KoreanTokenizer", lambda: tokenizer)  # Kiwi loads once per run, not per test
    made = Office(telegram_server, telegram_settings, tmp_path)
    yield made
    made.services.database.dispose()


async def test_staff_add_a_document_and_users_are_answered_from_it_without_a_restart(office):
    async with office.running():
        user = office.server.add_user("김공장")
        assert "4월 9일" not in await office.ask(user, QUESTION)

        office.staff_uploads(SEMINAR, "seminar.md", caption="/kb_add 새 세미나 안내")
        received, result = await office.staff_get(count=2)
        assert received.text == texts.KB_CHAT_RECEIVED.format(file_name="seminar.md")
        assert result.text.startswith(texts.KB_ADDED.format(doc_ids="seminar") + "\n색인을 새로 만들었어요. 문서 2개")
        assert "4월 9일" in await office.ask(user, QUESTION)

        office.staff_write("/kb")
        [listing] = await office.staff_get()
        assert listing.text.startswith(texts.KB_CHAT_LIST_TITLE.format(count=2))
        assert "seminar | 창원 AX 세미나 | 사업 안내 | 1 | 2026-03-02" in listing.text

        office.staff_write("/kb_remove seminar")
        [removed] = await office.staff_get()
        assert removed.text.startswith(texts.KB_REMOVED.format(doc_id="seminar") + "\n색인을 새로 만들었어요. 문서 1개")
        assert "4월 9일" not in await office.ask(user, QUESTION)
    assert not (office.uploads / "seminar.md").exists() and office.scratch_is_empty()


async def test_a_file_in_a_handoff_topic_reaches_the_user_unless_it_is_captioned_for_the_knowledge_base(office):
    server = office.server
    async with office.running():
        user = server.add_user("박고객")
        server.user_sends_text(user, "/human")
        await server.wait_for_bot_messages_async(user, timeout=WAIT)
        [card] = await office.staff_get()
        thread = card.message_thread_id

        office.staff_uploads(b"%PDF-1.4 quote", "견적서.pdf", caption="견적서 보내 드려요", thread=thread)
        [document] = await server.wait_for_bot_messages_async(user, timeout=WAIT)
        assert document.document_name == "견적서.pdf" and document.caption.endswith("견적서 보내 드려요")
        [taken] = await office.staff_get(thread=thread)
        assert taken.text == texts.HANDOFF_STAFF_TAKEN.format(name="김민지")

        office.staff_uploads(b"MZ\x90\x00", "setup.exe", thread=thread)
        sent = office.staff_uploads(SEMINAR, "seminar.md", caption="/kb_add", thread=thread)
        refused, received, added = await office.staff_get(count=3, thread=thread)
        assert refused.text == "⚠️ " + texts.KB_CHAT_UNSUPPORTED.format(file_name="setup.exe", suffix=".exe")
        assert received.text == texts.KB_CHAT_RECEIVED.format(file_name="seminar.md")
        assert added.text.startswith(texts.KB_ADDED.format(doc_ids="seminar"))
        await asyncio.sleep(0.5)
        assert [m.document_name for m in server.bot_messages(user) if m.document] == ["견적서.pdf"]
    assert [call.params["file_id"] for call in server.calls("getFile")] == [sent.document["file_id"]]  # not the .exe


async def test_outside_the_staff_group_the_commands_are_refused(office):
    server = office.server
    async with office.running():
        stranger = server.add_user("이외부")
        server.user_sends_document(stranger, SEMINAR, "seminar.md", caption="/kb_add")
        server.user_sends_text(stranger, "/kb_remove caravan")
        refusals = await server.wait_for_bot_messages_async(stranger, count=2, timeout=WAIT)
        assert [m.text for m in refusals] == [texts.KB_CHAT_STAFF_ONLY] * 2
        other = server.add_supergroup("다른 모임", admins=[stranger])
        server.user_sends_text(stranger, "/kb_remove caravan", chat=other)
        await asyncio.sleep(0.5)
        assert len(server.bot_messages(stranger)) == 2 and server.bot_messages(other) == []  # no help reply, silence elsewhere
        office.staff_write("/kb")
        [listing] = await office.staff_get()
    assert "caravan | 산업단지 AX 카라반" in listing.text and server.calls("getFile") == []
    assert not (office.uploads / "seminar.md").exists()


async def test_a_long_list_comes_in_several_messages(telegram_server, telegram_settings, tmp_path, tokenizer, monkeypatch):
    monkeypatch.setattr("bot.services.KoreanTokenizer", lambda: tokenizer)
    office = Office(telegram_server, telegram_settings, tmp_path, more_programs=40)
    try:
        async with office.running():
            office.staff_write("/kb_list")
            parts = [m.text for m in await office.staff_get(count=2)]
            await asyncio.sleep(0.3)
            assert len(telegram_server.bot_messages(office.group)) == 2
    finally:
        office.services.database.dispose()
    assert all(len(part) <= 4096 for part in parts) and sum(map(len, parts)) > 4096
    assert parts[0].startswith(texts.KB_CHAT_LIST_TITLE.format(count=41))
    listed = [line.split(" | ")[0] for part in parts for line in part.splitlines()]
    assert [doc_id for doc_id in listed if doc_id.startswith("notice-")] == [f"notice-{n:03d}" for n in range(40)]


async def test_bad_input_in_the_staff_group_gets_a_polite_answer(office):
    server = office.server
    async with office.running():
        office.staff_write("/kb_add")
        server.user_sends_photo(office.consultant, caption="/kb_add", chat=office.group)
        office.staff_uploads(b"#" * (1024 * 1024 + 1), "huge.md")
        office.staff_uploads(SEMINAR, "_draft.md")
        office.staff_uploads(SEMINAR, "README.md")
        office.staff_write("/kb_remove")
        answers = await office.staff_get(count=6)
        assert [m.text for m in answers] == [
            texts.KB_CHAT_NO_FILE,
            texts.KB_CHAT_NOT_A_DOCUMENT,
            "⚠️ " + texts.KB_CHAT_TOO_BIG.format(file_name="huge.md", size_mb=1.0, limit_mb=1),
            "⚠️ " + messages.UPLOAD_SKIPPED_NAME.format(file_name="_draft.md"),
            "⚠️ " + messages.UPLOAD_SKIPPED_NAME.format(file_name="README.md"),
            texts.KB_CHAT_REMOVE_USAGE,
        ]
        assert server.calls("getFile") == []  # name and size were checked before any download
        # Removals run in the background, one at a time: each answer is awaited before the next.
        office.staff_write("/kb_remove 없는-문서")
        [unknown] = await office.staff_get()
        office.staff_write("/kb_remove caravan 없는-문서")
        [none_removed] = await office.staff_get()
        assert unknown.text == texts.KB_CHAT_NOT_FOUND.format(doc_id="없는-문서")
        assert none_removed.text == texts.KB_CHAT_SOME_NOT_FOUND.format(doc_ids="없는-문서")

        office.staff_uploads(b"%PDF-1.7\n1 0 obj << /Type /Catalog", "공고문.pdf")
        received, result = await office.staff_get(count=2)
        assert received.text == texts.KB_CHAT_RECEIVED.format(file_name="공고문.pdf")
        assert result.text.startswith("⚠️ '공고문.pdf' 파일을 읽지 못했어요: ") and result.text.endswith("\n" + texts.KB_NOTHING_ADDED)
    assert not any(office.uploads.glob("공고문*")) and office.scratch_is_empty()


async def test_a_file_over_telegrams_download_limit_is_refused_before_download(telegram_server, telegram_settings, tmp_path, tokenizer, monkeypatch):
    monkeypatch.setattr("bot.services.KoreanTokenizer", lambda: tokenizer)
    office = Office(telegram_server, telegram_settings, tmp_path, max_file_mb=30)
    try:
        async with office.running():
            office.staff_uploads(b"#" * (25 * MEGABYTE), "huge.md")
            [refused] = await office.staff_get()
            await asyncio.sleep(0.3)
            assert len(telegram_server.bot_messages(office.group)) == 1  # no "받았어요" before it
    finally:
        office.services.database.dispose()
    assert refused.text == "⚠️ " + texts.KB_CHAT_TELEGRAM_TOO_BIG.format(file_name="huge.md", limit_mb=20)
    assert "`" not in refused.text and telegram_server.calls("getFile") == []


async def test_remove_several_documents_at_once(telegram_server, telegram_settings, tmp_path, tokenizer, monkeypatch):
    monkeypatch.setattr("bot.services.KoreanTokenizer", lambda: tokenizer)
    office = Office(telegram_server, telegram_settings, tmp_path, more_programs=2)
    try:
        async with office.running():
            office.staff_write("/kb_remove notice-000 caravan")
            [removed] = await office.staff_get()
            office.staff_write("/kb")
            [listing] = await office.staff_get()
    finally:
        office.services.database.dispose()
    notice, notice_hidden, caravan, caravan_hidden, build = removed.text.split("\n")  # both are shipped files
    assert notice == texts.KB_REMOVED.format(doc_id="notice-000") and caravan == texts.KB_REMOVED.format(doc_id="caravan")
    assert notice_hidden.startswith("└ 기본 제공 문서라") and "notice-000.md' 명령으로 되살려 주세요." in notice_hidden
    assert caravan_hidden.startswith("└ 기본 제공 문서라") and build.startswith("색인을 새로 만들었어요. 문서 1개")
    assert listing.text.startswith(texts.KB_CHAT_LIST_TITLE.format(count=1)) and "notice-001 |" in listing.text


async def test_a_second_upload_while_one_is_being_built_is_refused(office):
    held, release = threading.Event(), threading.Event()

    def another_build():  # `axbot kb build` in another process holds the build lock
        with IndexLayout(office.settings.knowledge.index_dir).build_lock():
            held.set()
            release.wait(WAIT)

    holder = threading.Thread(target=another_build)
    holder.start()
    try:
        assert held.wait(5)
        async with office.running():
            office.staff_uploads(SEMINAR, "seminar.md")
            [received] = await office.staff_get()
            office.staff_uploads(b"# other\n", "other.md")
            office.staff_write("/kb_remove caravan")
            busy = await office.staff_get(count=2)
            assert [m.text for m in busy] == [texts.KB_CHAT_BUSY] * 2
            release.set()
            [result] = await office.staff_get()
            assert result.text.startswith(texts.KB_ADDED.format(doc_ids="seminar"))
    finally:
        release.set()
        holder.join()
    assert received.text == texts.KB_CHAT_RECEIVED.format(file_name="seminar.md")
    assert sorted(path.name for path in office.uploads.iterdir() if path.is_file()) == ["seminar.md"] and office.scratch_is_empty()
