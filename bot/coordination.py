"""Questions that ask about several things joined by "이랑", "하고", "와/과", "및" or commas
("산단위크 기간이랑 참가비 알려줘요"): one search for both finds whichever scores best, and when
one of them is unpublished the other is lost. Each thing is asked on its own, in the user's
words with the rest of the question around it ("산단위크 기간 알려줘요", "산단위크 참가비
알려줘요").

Works on Kiwi's tokens (form, tag, start, len), which tag a joining particle "JC"."""

from collections.abc import Collection, Sequence
from dataclasses import dataclass

MAX_PARTS = 3
_NOUN_TAGS = ("NNG", "NNP", "NR", "SL", "SN", "XSN")


@dataclass(frozen=True)
class CoordinatedPart:
    label: str  # the thing asked about, as the user wrote it ("참가비", "신청 방법")
    question: str  # the whole question asking about this thing alone


def coordinated_parts(question: str, tokens: Sequence, aspect_words: Collection[str]) -> list[CoordinatedPart]:
    """The questions for each joined thing, or [] when nothing is joined.

    `aspect_words` are the question's nouns that name what is asked rather than a program or
    topic ("카라반 대상이랑 신청방법": 대상, 신청, 방법): a program name before the first thing
    stays around both ("카라반 대상", "카라반 신청방법"). When the last things are programs the
    question compares programs, which is answered elsewhere."""
    chain = _first_chain(_with_verbal_joins(tokens))
    if chain is None:
        return []
    first, *rest = chain
    first = _trailing_aspects(first, aspect_words)
    if not first or any(not _trailing_aspects(run, aspect_words) for run in rest):
        return []
    runs = [first, *(_shared_modifier(first, run) for run in rest)][:MAX_PARTS]
    start, end = _start(first), _end(chain[-1])
    before, after = question[:start], question[end:]
    parts = []
    for run in runs:
        label = run if isinstance(run, str) else question[_start(run):_end(run)]
        parts.append(CoordinatedPart(label, f"{before}{label}{after}"))
    return parts if len({part.label for part in parts}) >= 2 else []


@dataclass(frozen=True)
class _Join:
    """"대상하고 신청방법": Kiwi reads "대상하고" as the verb 대상하다, not 대상 + 하고."""

    start: int
    len: int
    form: str = "하고"
    tag: str = "JC"


def _with_verbal_joins(tokens: Sequence) -> list:
    """The tokens with 하(XSV/XSA) + 고(EC) between two nouns read as the joining particle."""
    joined, index = [], 0
    while index < len(tokens):
        token = tokens[index]
        if _is_verbal_join(tokens, index):
            joined.append(_Join(token.start, tokens[index + 1].start + tokens[index + 1].len - token.start))
            index += 2
            continue
        joined.append(token)
        index += 1
    return joined


def _is_verbal_join(tokens: Sequence, index: int) -> bool:
    if index == 0 or index + 2 >= len(tokens):
        return False
    verb, ending = tokens[index], tokens[index + 1]
    return (
        verb.form == "하" and verb.tag in ("XSV", "XSA") and ending.form == "고" and ending.tag == "EC"
        and _is_noun(tokens[index - 1]) and _is_noun(tokens[index + 2])
    )


def _first_chain(tokens: Sequence) -> list[list] | None:
    """The first run of nouns joined to the next ("기간 | 이랑 | 참가비", "기간 , 장소 , 참가비")."""
    for index, token in enumerate(tokens):
        if not _joins(token):
            continue
        before = _nouns_ending_at(tokens, index)
        after = _nouns_starting_at(tokens, index + 1)
        if not before or not after:
            continue
        chain = [before, after]
        position = index + 1 + len(after)
        while position < len(tokens) and _joins(tokens[position]):
            following = _nouns_starting_at(tokens, position + 1)
            if not following:
                break
            chain.append(following)
            position += 1 + len(following)
        return chain
    return None


def _joins(token) -> bool:
    return token.tag == "JC" or (token.tag == "MAG" and token.form == "및") or (token.tag == "SP" and token.form == ",")


def _is_noun(token) -> bool:
    return token.tag.split("-")[0] in _NOUN_TAGS


def _nouns_ending_at(tokens: Sequence, index: int) -> list:
    start = index
    while start > 0 and _is_noun(tokens[start - 1]):
        start -= 1
    return list(tokens[start:index])


def _nouns_starting_at(tokens: Sequence, index: int) -> list:
    end = index
    while end < len(tokens) and _is_noun(tokens[end]):
        end += 1
    return list(tokens[index:end])


def _trailing_aspects(run: list, aspect_words: Collection[str]) -> list:
    """The nouns at the end of a run that name what is asked; a program before them is context."""
    start = len(run)
    while start > 0 and run[start - 1].form in aspect_words:
        start -= 1
    return run[start:]


def _shared_modifier(first: list, run: list) -> list | str:
    """"신청 기간이랑 방법" asks for 신청 방법: a lone noun after a two-noun thing shares its first noun."""
    if len(first) == 2 and len(run) == 1:
        return f"{first[0].form} {run[0].form}"
    return run


def _start(run: list) -> int:
    return run[0].start


def _end(run: list) -> int:
    return run[-1].start + run[-1].len
