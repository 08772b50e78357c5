"""What the bot could not answer, as staff review it (the `axbot unanswered` command and /unanswered
in the staff group): the same question grouped, the most asked first, each closed by its numbers
once the documents answer it."""

from zoneinfo import ZoneInfo

from bot import texts
from bot.storage.unanswered import UnansweredGroup, UnansweredLog

MAX_QUESTION_CHARS = 200  # a long message is shortened in the list; the database keeps it whole


class UnansweredReview:
    def __init__(self, log: UnansweredLog, timezone: str = "Asia/Seoul"):
        self._log = log
        self._zone = ZoneInfo(timezone)

    def report(self, limit: int = 20) -> str:
        groups = self._log.open_groups(limit)
        if not groups:
            return texts.UNANSWERED_NONE
        return "\n\n".join([texts.UNANSWERED_TITLE.format(count=len(groups)), *(self._group_lines(group) for group in groups), texts.UNANSWERED_HOW_TO_RESOLVE])

    def resolve(self, ids: list[int]) -> str:
        """Close each number's whole group: a question asked fifteen times is one line in the list."""
        closed: list[int] = []
        missing: list[int] = []
        for item_id in dict.fromkeys(ids):
            group = () if item_id in closed else self._log.resolve_group(item_id)
            closed += group
            if not group and item_id not in closed:
                missing.append(item_id)
        lines = [texts.UNANSWERED_RESOLVED.format(ids=_numbers(closed))] if closed else []
        if missing:
            lines.append(texts.UNANSWERED_NOT_OPEN.format(ids=_numbers(missing)))
        return "\n".join(lines) or texts.UNANSWERED_RESOLVE_USAGE

    def _group_lines(self, group: UnansweredGroup) -> str:
        when = group.last_asked.astimezone(self._zone)
        reasons = texts.UNANSWERED_REASON_SEPARATOR.join(texts.UNANSWERED_REASONS.get(reason, reason) for reason in group.reasons)
        question = group.question if len(group.question) <= MAX_QUESTION_CHARS else group.question[:MAX_QUESTION_CHARS] + "…"
        head = texts.UNANSWERED_GROUP.format(ids=_numbers(group.ids), count=len(group.items), reasons=reasons, month=when.month, day=when.day)
        return f"{head}\n“{question}”"


def parse_ids(words: list[str]) -> list[int] | None:
    """"12 15", "#12, #15" → [12, 15]; None when any word is not a number."""
    numbers = [word.strip("#,") for text in words for word in text.replace(",", " ").split()]
    return [int(number) for number in numbers] if numbers and all(number.isdigit() for number in numbers) else None


def _numbers(ids) -> str:
    return ", ".join(f"#{item_id}" for item_id in ids)
