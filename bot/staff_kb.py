"""The knowledge base as staff change it from the staff chat: /kb_add (a document's caption),
/kb (the list) and /kb_remove ID, answered in the words of `axbot kb` (bot/kb_reports.py).

Channel-free. A channel hands over the file's name and size, which are checked before anything
is downloaded; an accepted `Upload` names the path to download to, inside its own scratch folder
in the uploads folder's hidden `.incoming/` (a '.' folder is never read as a document, and it
sits on the same disk as the uploads); `add()` runs the CLI's `KnowledgeAdmin.add` on it. The
scratch folder is deleted whatever happens. One change at a time: while one upload or removal is
being built, the next is refused with a message rather than queued, so staff always know which
file a result belongs to.
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
from knowledge.admin import KnowledgeAdmin
from knowledge.errors import DocumentNotFoundError, KnowledgeError
from knowledge.loaders import SUPPORTED_SUFFIXES
from knowledge.loaders.archive import MEGABYTE
from knowledge.settings import KnowledgeSettings

log = logging.getLogger(__name__)

CHAT_REMOVE = "/kb_remove"  # how the reports' hints name the remove command in the chat
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
        self._max_bytes = settings.loaders.max_file_mb * MEGABYTE
        self._max_mb = settings.loaders.max_file_mb
        self.scratch_dir = settings.uploads_dir / INCOMING_DIR
        self._on_change = on_change
        self._changing = threading.Lock()
        self._clear_leftovers()

    def receive(self, file_name: str | None, file_size: int | None) -> "Upload | str":
        """Before the download: an Upload holding the one change at a time, or why not."""
        name = safe_file_name(file_name)
        shown = name or texts.KB_CHAT_UNNAMED
        suffix = Path(name).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            return texts.KB_CHAT_UNSUPPORTED.format(file_name=shown, suffix=suffix or texts.KB_CHAT_NO_SUFFIX)
        if file_size is not None and file_size > self._max_bytes:
            return texts.KB_CHAT_TOO_BIG.format(file_name=shown, size_mb=file_size / MEGABYTE, limit_mb=self._max_mb)
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

    def remove(self, doc_id: str) -> str:
        """`axbot kb remove` from the chat: uploads deleted, a shipped document hidden."""
        doc_id = doc_id.strip()
        if not doc_id:
            return texts.KB_CHAT_REMOVE_USAGE
        if not self._changing.acquire(blocking=False):
            return texts.KB_CHAT_BUSY
        try:
            report = self._admin.remove(doc_id)
            if report.build.changed:
                self._on_change()
        except DocumentNotFoundError:
            return texts.KB_CHAT_NOT_FOUND.format(doc_id=doc_id)
        except KnowledgeError as error:
            return texts.KB_CHAT_FAILED.format(message=error)
        finally:
            self._changing.release()
        log.info("staff_kb_removed doc=%s", doc_id)
        return "\n".join(kb_reports.removed_lines(doc_id, report, CHAT_REMOVE))

    def documents(self) -> str:
        """The served documents, as `axbot kb list` shows them, under a count."""
        try:
            documents, failures = self._admin.documents()
        except (KnowledgeError, OSError, ValueError) as error:
            return texts.KB_CHAT_LIST_FAILED.format(message=error)
        return "\n".join([texts.KB_CHAT_LIST_TITLE.format(count=len(documents)), *kb_reports.document_lines(documents, failures)])

    def _add(self, path: Path) -> str:
        try:
            report = self._admin.add([path])
        except KnowledgeError as error:  # e.g. a hand-edited `.removed.json` that is not a list
            return texts.KB_CHAT_FAILED.format(message=error)
        if report.build is not None and report.build.changed:
            self._on_change()
        log.info("staff_kb_added added=%s replaced=%s rejected=%d", report.added, report.replaced, len(report.rejected))
        return "\n".join(kb_reports.rejected_lines(report) + kb_reports.added_lines(report, CHAT_REMOVE))

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


def safe_file_name(file_name: str | None) -> str:
    """The sender's file name without any folder part or control characters, in NFC (the
    document id is the name without its extension): '../../x.md' stays 'x.md'."""
    name = unicodedata.normalize("NFC", file_name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if char.isprintable()).strip()
    return "" if name in (".", "..") else name
