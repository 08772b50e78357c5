"""Errors of the knowledge layer, each saying who catches it.

KnowledgeError                 base; the CLI prints its Korean message and exits with status 1
├── LoadError                  one file could not be read; names the file and the reason.
│                              A batch (build, add) reports it and goes on with the other files.
├── UploadRefusedError         `kb add` of a readable file that would not be served as given (a name
│                              the scan skips, a second file for the same id, a change of kind);
│                              `add` reports it and goes on with the other files, like LoadError
├── RemovedListError           the uploads folder's `.removed.json` is not a list of document ids;
│                              build, add and remove refuse (the served index stays) until fixed
├── IndexMissingError          no index has been built yet: run `axbot kb build`
├── IndexMismatchError         the index was built with another embedder; serving refuses it
└── DocumentNotFoundError      `kb remove` of a document id the knowledge base does not have
"""

from pathlib import Path
from typing import Literal

from knowledge import messages

LoadFailure = Literal["missing", "unsupported", "oversized", "empty", "corrupt", "encrypted", "image_only"]
UploadRefusal = Literal["skipped_name", "duplicate", "kind_change"]


class KnowledgeError(Exception):
    """Base class; `str(error)` is a polite Korean message for staff."""


class LoadError(KnowledgeError):
    def __init__(self, path: Path | str, reason: LoadFailure, detail: str = ""):
        self.path = Path(path)
        self.reason = reason
        self.detail = detail
        super().__init__(messages.load_failure(self.path.name, reason, detail))


class UploadRefusedError(KnowledgeError):
    def __init__(self, path: Path, reason: UploadRefusal, message: str):
        self.path = path
        self.reason = reason
        super().__init__(message)


class RemovedListError(KnowledgeError):
    def __init__(self, path: Path, problem: str):
        self.path = path
        super().__init__(messages.REMOVED_LIST_UNREADABLE.format(path=path, problem=problem))


class IndexMissingError(KnowledgeError):
    def __init__(self, index_dir: Path):
        super().__init__(messages.INDEX_MISSING.format(index_dir=index_dir))


class IndexMismatchError(KnowledgeError):
    def __init__(self, built_with: str, configured: str):
        self.built_with = built_with
        self.configured = configured
        super().__init__(messages.INDEX_MISMATCH.format(built_with=built_with, configured=configured))


class DocumentNotFoundError(KnowledgeError):
    def __init__(self, doc_id: str):
        self.doc_id = doc_id
        super().__init__(messages.DOCUMENT_NOT_FOUND.format(doc_id=doc_id))
