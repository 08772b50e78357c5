"""The knowledge base as staff change it from the staff chat: /kb_add (a document's caption),
/kb (the list) and /kb_remove ID …, answered in the words of `axbot kb` (bot/kb_reports.py).

Channel-free. A channel hands over the file's name and size, which are checked before anything
is downloaded (type, the scan's name rule, size, the channel's own download limit): a file that
would be refused is refused at once, with the reason. An accepted `Upload` names the path to
download to, inside its own scratch folder in the uploads folder's hidden `.incoming/` (a '.'
folder is never read as a document, and it sits on the same disk as the uploads); `add()` runs
the CLI's `KnowledgeAdmin.add` on it. The scratch folder is deleted whatever happens. One change
at a time: while one upload or removal is being built, the next is refused with a message rather
than queued, so staff always know which file a result belongs to.
"""

import logging
import shutil
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

from bot import kb_reports, texts
from bot.kb_reports import CHAT, Line
from knowledge import messages
from knowledge.admin import KnowledgeAdmin, RemoveReport
from knowledge.errors import DocumentNotFoundError, KnowledgeError
from knowledge.loaders import SUPPORTED_SUFFIXES
from knowledge.loaders.archive import MEGABYTE
from knowledge.settings import KnowledgeSettings
from knowledge.sources import is_document_path, scan_sources

log = logging.getLogger(__name__)

INCOMING_DIR = ".incoming"
SCRATCH_PREFIX = "upload-"
# A scratch folder this old was left by a process that stopped mid-upload; a younger one may
# belong to another worker sharing the uploads folder.
LEFTOVER_AGE_S = 3600


class StaffKnowledgeBase:
    def __init__(self, admin: KnowledgeAdmin, settings: KnowledgeSettings, on_change: Callable[[], object] = lambda: None):
        """`on_change` runs after a build that changed the index (the bot loads and readies it
        there, so the result staff read is already what users are answered from)."""
        self._admin = admin
        self._settings = settings
        self._max_bytes = settings.loaders.max_file_mb * MEGABYTE
        self._max_mb = settings.loaders.max_file_mb
        self.scratch_dir = settings.uploads_dir / INCOMING_DIR
        self._on_change = on_change
        self._changing = threading.Lock()
        self._clear_leftovers()

    def receive(self, file_name: str | None, file_size: int | None, download_limit: int | None = None) -> "Upload | str":
        """Before the download: an Upload holding the one change at a time, or why not.
        `download_limit` is the largest file the channel can fetch (bytes; Telegram bots: 20 MB)."""
        name = safe_file_name(file_name)
        refusal = self._refusal(name, file_size, download_limit)
        if refusal:
            return _problem(refusal)
        if not self._changing.acquire(blocking=False):
            return texts.KB_CHAT_BUSY
        try:
            self.scratch_dir.mkdir(parents=True, exist_ok=True)
            folder = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=self.scratch_dir))
        except OSError:
            self._changing.release()
            log.exception("staff_kb_scratch_failed dir=%s", self.scratch_dir)
            return texts.KB_CHAT_UNEXPECTED
        return Upload(folder / name, self._add, self._changing.release)

    def _refusal(self, name: str, size: int | None, download_limit: int | None) -> str | None:
        """Why this file would be refused after its download, or None; `add` checks again."""
        shown = name or texts.KB_CHAT_UNNAMED
        suffix = Path(name).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            return texts.KB_CHAT_UNSUPPORTED.format(file_name=shown, suffix=suffix or texts.KB_CHAT_NO_SUFFIX)
        if not is_document_path(Path(name)):
            return messages.UPLOAD_SKIPPED_NAME.format(file_name=name)
        if size is not None and size > self._max_bytes:
            return texts.KB_CHAT_TOO_BIG.format(file_name=shown, size_mb=size / MEGABYTE, limit_mb=self._max_mb)
        if size is not None and download_limit is not None and size > download_limit:
            return texts.KB_CHAT_TELEGRAM_TOO_BIG.format(file_name=shown, limit_mb=download_limit / MEGABYTE)
        return None

    def remove(self, text: str) -> str:
        """`axbot kb remove` from the chat, for each id given: uploads deleted, shipped documents
        hidden. The whole text is tried as one id first (an id may hold spaces); otherwise each
        word is an id, and none is removed unless all of them are found."""
        if not text.strip():
            return texts.KB_CHAT_REMOVE_USAGE
        if not self._changing.acquire(blocking=False):
            return texts.KB_CHAT_BUSY
        try:
            return self._remove_all(unicodedata.normalize("NFC", text.strip()))
        except KnowledgeError as error:  # e.g. a hand-edited `.removed.json` that is not a list
            return _problem(texts.KB_CHAT_FAILED.format(message=error))
        finally:
            self._changing.release()

    def _remove_all(self, text: str) -> str:
        doc_ids, missing = self._ids_to_remove(text)
        if missing:
            if len(doc_ids) == 1:
                return texts.KB_CHAT_NOT_FOUND.format(doc_id=doc_ids[0])
            return texts.KB_CHAT_SOME_NOT_FOUND.format(doc_ids=", ".join(missing))
        reports: list[tuple[str, RemoveReport]] = []
        trouble: list[Line] = []
        try:
            for doc_id in doc_ids:
                reports.append((doc_id, self._admin.remove(doc_id)))
                log.info("staff_kb_removed doc=%s", doc_id)
        except DocumentNotFoundError as error:  # `axbot kb remove` in another process got there first
            trouble = [Line(texts.KB_CHAT_NOT_FOUND.format(doc_id=error.doc_id), "problem")]
        except KnowledgeError as error:
            trouble = [Line(texts.KB_CHAT_FAILED.format(message=error), "problem")]
        finally:
            if any(report.build.changed for _, report in reports):
                self._on_change()
        return CHAT.text(kb_reports.removed(reports, CHAT) + trouble)

    def _ids_to_remove(self, text: str) -> tuple[list[str], list[str]]:
        """The ids in `text`, and those of them the knowledge base does not have."""
        known = {source.doc_id for source in scan_sources(self._settings)}
        doc_ids = [text] if text in known else list(dict.fromkeys(text.split()))
        return doc_ids, [doc_id for doc_id in doc_ids if doc_id not in known]

    def documents(self) -> str:
        """The served documents, as `axbot kb list` shows them, under a count."""
        try:
            documents, failures = self._admin.documents()
        except (KnowledgeError, OSError, ValueError) as error:
            return texts.KB_CHAT_LIST_FAILED.format(message=error)
        return CHAT.text([Line(texts.KB_CHAT_LIST_TITLE.format(count=len(documents))), *kb_reports.listed(documents, failures)])

    def _add(self, path: Path) -> str:
        try:
            report = self._admin.add([path])
        except KnowledgeError as error:  # e.g. a hand-edited `.removed.json` that is not a list
            return _problem(texts.KB_CHAT_FAILED.format(message=error))
        if report.build is not None and report.build.changed:
            self._on_change()
        log.info("staff_kb_added added=%s replaced=%s rejected=%d", report.added, report.replaced, len(report.rejected))
        return CHAT.text(kb_reports.refused(report) + kb_reports.added(report, CHAT))

    def _clear_leftovers(self) -> None:
        if not self.scratch_dir.is_dir():
            return
        stale = time.time() - LEFTOVER_AGE_S
        for folder in self.scratch_dir.glob(f"{SCRATCH_PREFIX}*"):
            if folder.stat().st_mtime < stale:
                shutil.rmtree(folder, ignore_errors=True)


class Upload:
    """One accepted upload: download the file to `path`, then `add()`. Used once; `add()` or
    leaving a `with` block deletes the scratch folder and frees the next change."""

    def __init__(self, path: Path, add: Callable[[Path], str], release: Callable[[], None]):
        self.path = path
        self._add = add
        self._release = release
        self._closed = False

    @property
    def file_name(self) -> str:
        return self.path.name

    def add(self) -> str:
        """Put the downloaded file into the knowledge base (the index is rebuilt): the report."""
        try:
            return self._add(self.path)
        finally:
            self.close()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        shutil.rmtree(self.path.parent, ignore_errors=True)
        self._release()

    def __enter__(self) -> "Upload":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _problem(text: str) -> str:
    """A refusal or a failure, marked as the chat marks a report's problems."""
    return CHAT.text([Line(text, "problem")])


def safe_file_name(file_name: str | None) -> str:
    """The sender's file name without any folder part or control characters, in NFC (the
    document id is the name without its extension): '../../x.md' stays 'x.md'."""
    name = unicodedata.normalize("NFC", file_name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if char.isprintable()).strip()
    return "" if name in (".", "..") else name
