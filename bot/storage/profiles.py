"""Company profiles: what a manager told us about their company, kept to fit vendors and answers."""

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select

from bot.storage.database import Database
from bot.storage.tables import profiles, utc_now

# Above any company in a Korean industrial complex; also keeps the value inside a 32-bit column.
MAX_EMPLOYEES = 10_000_000


@dataclass(frozen=True)
class CompanyProfile:
    company_name: str | None = None
    industry: str | None = None
    region: str | None = None
    complex_name: str | None = None  # the industrial complex (산업단지), e.g. "반월국가산업단지"
    employees: int | None = None
    interest: str | None = None  # what they want from AX, in their words
    updated_at: datetime | None = None


PROFILE_FIELDS = tuple(field.name for field in fields(CompanyProfile) if field.name != "updated_at")


class ProfileStore:
    def __init__(self, database: Database):
        self._db = database

    def get(self, user_id: str) -> CompanyProfile | None:
        with self._db.transaction() as connection:
            row = connection.execute(select(profiles).where(profiles.c.user_id == user_id)).mappings().first()
        if row is None:
            return None
        return CompanyProfile(**{name: row[name] for name in (*PROFILE_FIELDS, "updated_at")})

    def save(self, user_id: str, **values: Any) -> CompanyProfile:
        """Set the given fields and keep the others; None or a blank string clears a field.

        Raises TypeError for an unknown field and ValueError for an employee count that is not
        a whole number between 0 and MAX_EMPLOYEES: callers validate user input before this.
        """
        changes = {name: _clean(name, value) for name, value in values.items()}
        changes["updated_at"] = utc_now()
        upsert = self._db.insert(profiles).values(user_id=user_id, **changes)
        with self._db.transaction() as connection:
            connection.execute(upsert.on_conflict_do_update(index_elements=[profiles.c.user_id], set_=changes))
            return self.get(user_id)

    def delete(self, user_id: str) -> None:
        with self._db.transaction() as connection:
            connection.execute(delete(profiles).where(profiles.c.user_id == user_id))

    def delete_user_data(self, user_id: str) -> None:
        self.delete(user_id)


def _clean(name: str, value: Any) -> str | int | None:
    if name not in PROFILE_FIELDS:
        raise TypeError(f"unknown profile field: {name!r}")
    if name == "employees":
        return _employees(value)
    if value is None:
        return None
    return str(value).strip() or None


def _employees(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_EMPLOYEES:
        raise ValueError(f"employees must be a whole number from 0 to {MAX_EMPLOYEES}, not {value!r}")
    return value
