"""Per-user dialogue state: a typed view over the JSON the database keeps for each user."""

from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass
class DialogueState:
    # What the next free text answers, if anything: "vendor_need", "vendor_profile", "profile:<field>",
    # or "profile" (the profile is on screen: typed company facts fill it).
    awaiting: str | None = None
    pending_need: str | None = None  # a vendor need held while we ask for the company's industry/region
    # For follow-ups such as "그건 언제까지 해요?": the last thing on screen was a program answer.
    # Vendor details or proposals clear it, so a follow-up never reaches back past them.
    last_question: str | None = None
    last_doc_ids: list[str] = field(default_factory=list)
    last_answer_id: str | None = None
    last_vendor_ids: list[str] = field(default_factory=list)  # the last proposals, for "첫 번째 거 연락처"
    last_opened_vendor: str | None = None  # the vendor whose details are on screen, for "그 업체 연락처"
    last_vendor_need: str | None = None  # what they were proposed for, for "다른 업체도 보여 주세요"
    shown_vendor_ids: list[str] = field(default_factory=list)  # every vendor shown for that need
    # For "아까 그 업체": the vendors last proposed and the one opened last. A program answer takes
    # them off screen (above) but not out of memory; only new proposals replace them.
    recalled_vendor_ids: list[str] = field(default_factory=list)
    recalled_vendor: str | None = None
    last_turn_answered: bool = False  # a short question next may follow that answer up
    dissatisfaction: int = 0  # 👎 and "그게 아니라" in a row; a consultant is offered after it
    booking: dict | None = None  # the booking flow's own state (bot/booking); None when no flow runs
    # The press this turn was, if the user's last turn was one: {"message": id, "action": ..., "at":
    # UTC epoch seconds when it was answered}. The same press again moments later is a double tap
    # (bot/assistant.py). Kept here, not in memory, so restarts and other workers see it too.
    last_press: dict | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "DialogueState":
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
