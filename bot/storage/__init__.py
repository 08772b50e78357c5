"""The database layer: SQLAlchemy 2 over SQLite (embedded default) or PostgreSQL, with versioned migrations."""

from bot.storage.answers import AnswerLog, AnswerRecord, AnswerStats
from bot.storage.database import (
    Database, DatabaseUnreachable, SchemaTooNew, StorageError, StorageSettings, UnsupportedDatabase,
)
from bot.storage.dialogue import DialogueStore
from bot.storage.profiles import CompanyProfile, ProfileStore
from bot.storage.transcript import TranscriptLine, TranscriptStore
from bot.storage.unanswered import UnansweredItem, UnansweredLog
from bot.storage.users import User, UserStore

__all__ = [
    "AnswerLog", "AnswerRecord", "AnswerStats", "CompanyProfile", "Database", "DatabaseUnreachable", "DialogueStore",
    "ProfileStore", "SchemaTooNew", "StorageError", "StorageSettings", "TranscriptLine", "TranscriptStore",
    "UnansweredItem", "UnansweredLog", "UnsupportedDatabase", "User", "UserStore",
]
