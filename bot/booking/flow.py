"""The booking dialogue as one table: its steps, what each accepts, and where it goes next.

| step    | shows                                     | accepts                                              | next                         |
|---------|-------------------------------------------|------------------------------------------------------|------------------------------|
| start   | "목요일 오후 4시에 상담 예약하고 싶어요"  | a day/time in the request: kept (when_text), said so  | consent (topic reads it)     |
| consent | consent text (items, purpose, retention)  | bk:ok / "네", "ㅇㅇ", "넵", "동의"                    | type (topic if type known)   |
|         |                                           | bk:no / "아니요"                                      | END (questions still fine)   |
|         |                                           | a day/time kept; anything else: asked in one line     | consent                      |
| type    | consult types                             | bk:t:<program|vendor> / "기업", "지원사업"             | topic                        |
| topic   | preset topics                             | bk:p:<n> / any short text that is not a question      | day (confirm if all known)   |
|         |                                           | "다음주 수요일 10시" → the date (topic asked, or the only preset) | name/time/day      |
|         |                                           | with when_text kept: read as typed at the day step     | name (free) / time / day     |
|         |                                           | "박영희 010-…" (also at day/time): the contact, kept   | same step                    |
| day     | open days, a page at a time               | bk:d:<yyyymmdd>, bk:m:<page> / "다음주 화요일 오후 2시" | time (name if a time fitted) |
|         |                                           | "어제 3시", "25시", a Sunday, a holiday → why, and     | time of that day or of the   |
|         |                                           | times to pick                                         | nearest open day             |
| time    | free times of the day                     | bk:s:<yyyymmddHHMM> / "오후 2시"                        | name (confirm if contact)    |
| name    | name prompt, "same contact" button        | a name (validate_name), optionally with phone / bk:same | phone (confirm with phone) |
| phone   | phone prompt                              | text phone (Korean formats)                           | confirm                      |
| name/phone |                                        | "12월 2일 11시", "예약 미룰게요" → the time changed     | day/time, then back          |
| confirm | summary                                   | bk:y / "네", "ㅇㅇ", "확정"                            | END: booked (.ics, staff)    |
|         |                                           | "박영희 010-…", "카라반으로 바꿀래요" → replaced         | confirm                      |
|         |                                           | "3시로 바꿔 주세요" → a new slot                        | time/day, then confirm       |
|         |                                           | bk:e:<part> / "시간/이름/주제 바꿀래요"                 | that step, then confirm      |
|         |                                           | bk:e / "수정할래요", "아니요" → which part?             | confirm                      |
| any     |                                           | bk:b / "이전" → previous step; bk:x / "취소" → END     |                              |
|         |                                           | "아니요" (type…phone) → stop? bk:go / bk:x             | same step / END              |

When rescheduling (from 내 예약, or typed with one booking) the flow runs day → time → END: moved. A day
and/or time typed with the request ("예약 목요일 4시로 바꿔 주세요", `manage`) is read at once as at the
day step: a free slot moves it (END: moved, as a tapped time does), else why and times to pick; a
time alone keeps the booked day. With several bookings a cancel or a move asks which (step which), a
move's buttons carrying the time (bk:r:<id>:<TypedWhen.key()>), so a restart loses nothing; "1번이요",
"두 번째요", "2" or a day only one of them has ("화요일 꺼") answers as its button would. At the type,
topic, day and time steps "1번이요", "두 번째 거요" is the button at that place. Cancelling from 내 예약
asks once (step cancelling): bk:cy / "네", "취소해 주세요" cancels, bk:cn / "아니요", "그대로 둘게요"
keeps it. A question typed at any step returns None: the assistant answers it, the state stays,
and `resume` asks the step again.
The state is a JSON-able dict: step, history (for back), the answers so far, the idempotency key,
and two one-turn marks: asked_stop ("예약을 그만둘까요?" is open) and fix (only the name is being fixed).
After a move the dict keeps only `moved` (the booking id), so a second tap on a time says it has moved.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot import texts

CONSENT, TYPE, TOPIC, DAY, TIME, NAME, PHONE, CONFIRM = "consent", "type", "topic", "day", "time", "name", "phone", "confirm"
STEPS = (CONSENT, TYPE, TOPIC, DAY, TIME, NAME, PHONE, CONFIRM)
# Not a step of making a booking: "…예약을 취소할까요?" from 내 예약, waiting for a typed answer too.
CANCELLING = "cancelling"
# Nor this: "예약이 2건 있어요. 어느 예약을 옮길까요?" waits for a tap, a number or a day only one of them has.
WHICH = "which"

MAX_TOPIC_CHARS = 100
NAME_CHARS = (2, 30)

_QUESTION = re.compile(r"\?|？|(나요|까요|인가요|은가요|는가요|니까|뭐예요|뭔가요|어떻게|얼마나?|언제까지|무엇|왜)\s*[.!~]*$")
# Without a question mark: a question word with a statement ending ("카라반 언제 와요",
# "비용 얼마에요"), unless the sentence asks for a consultation ("어떤 솔루션이 맞을지 상담받고 싶어요").
_QUESTION_WORD = re.compile(r"언제|어디|얼마|몇|누가|누구|어떻게|어케|어떤|어느|무슨|뭐|뭔|왜")
_STATEMENT_ASKING = re.compile(r"(요|까|나|냐|니|죠|지|임|음)\s*[.!~]*$")
_WANTS_CONSULT = re.compile(r"(싶어요|싶습니다|원해요|필요해요|바라요|부탁해요|부탁드려요|상담|문의|관련|궁금해요|궁금합니다)\s*[.!~]*$|알아보|인지\s|는지\s")
# On the day and time steps a question about when is asked of the calendar, not of the documents.
_ASKS_WHEN = re.compile(r"언제|며칠|몇\s*시|무슨\s*요일|빠른|가능한\s*(?:날|시간)|비어|비는")
_ASKS_BOOKED = re.compile(r"(?:예약|원래|기존|잡은|했던|해둔|잡아둔|제\s*상담|내\s*상담).{0,8}(?:언제|몇\s*시|며칠|무슨\s*요일)|(?:언제|몇\s*시|며칠)\s*(?:였|이었)")
_ASKS_FREE = re.compile(r"가능|빠른|비어|비는|빈\s|되는|돼요|남은|다른")
# A booking asked for again ("상담 예약하고 싶어요"); never 상담원.
_BOOK_WORDS = re.compile(r"예약|상담(?!원)")
_ABOUT_BOOKINGS = re.compile(r"(?:내|제|나의|저의)\s*(?:상담\s*)?예약|예약\S*\s*(?:확인|내역|목록|조회|현황|보여)")
_CANCEL = re.compile(r"^(취소|그만|예약\s*(?:을|를|은|는)?\s*(취소|그만|안\s*할래요|없애|없던\s*걸로)|안\s*할래요|그만할래요|나중에\s*할게요|cancel|stop)")
# "상담 못 갈 것 같아요": maybe a stop, maybe not; asked rather than guessed.
_MAY_STOP = re.compile(r"못\s*(?:갈|가|하|할|받|올|와)\S*\s*(?:것|거|듯|같|요|겠)|참석\s*(?:못|안)|안\s*갈\s*(?:것|거|래|게)")
_DONT_CANCEL = re.compile(r"(?:취소|그만)\S*\s*(?:하지\s*)?(?:말|마)")
_LEADING_YES_OR_NO = re.compile(r"^(네|예|넵|아니요|아니오|아뇨|아니)[\s,.!]+")
_LEADING_NO = re.compile(r"^(아니요|아니오|아뇨|아니)[\s,.!]+")
_BACK = re.compile(r"^(이전|뒤로|돌아가|back)")
_KEEP = re.compile(r"그대로|유지|놔\s*두|냅두|취소\s*안|안\s*취소|취소하지\s*않|^안\s*할래요")
# "ㅇㅇ", "넵", "응", "네네" are how a yes is typed on a phone.
_YES = re.compile(r"^(네|예|응|넵|넹|ㅇㅇ|ㅇㅋ|오케이|좋아요|좋습니다|동의|확인|확정|맞아요|맞습니다|그래요|ok|okay|yes)", re.IGNORECASE)
_NO = re.compile(r"^(아니요|아니오|아뇨|싫어요|동의\s*안|동의하지\s*않|no\b)", re.IGNORECASE)
# A whole message that only says no: at a step that asks for a choice it means "I'd rather not".
_BARE_NO = re.compile(r"^(아니요|아니오|아뇨|아니|싫어요|됐어요)([\s,]*(됐어요|괜찮아요|싫어요))?[\s.!~]*$")
_CONTINUE = re.compile(r"^(계속|이어서|진행)")
# "예약 옮길 수 있어요?", "취소 가능한가요?": asked as a question, meant as a request.
_CAN_I = re.compile(r"(?:취소|변경|연기|바꿀|바꿔|바꾸|옮길|옮겨|옮기|미룰|미뤄|당길|당겨)\s*(?:할\s*|하는\s*거\s*)?(?:수\s*(?:있|없)|가능|되나요|될까요|돼요|되죠|되나)")
# Moving a booking made earlier ("예약 시간 바꾸고 싶어요", "예약 좀 미뤄 주세요").
_MOVE = re.compile(r"바꾸|바꿔|바꿀|변경|옮기|옮겨|옮길|미루|미뤄|미룰|연기|당기|당겨|당길|다른\s*(?:날|시간|요일)")
# 수정 and 변경 only as verbs: 김수정 is a name.
# Only moving: "예약 미룰게요" without naming a part is about the day and time.
_MOVE_ONLY = re.compile(r"옮기|옮겨|옮길|미루|미뤄|미룰|연기|당기|당겨|당길")
_CHANGE = re.compile(r"바꾸|바꿔|바꿀|바꿨|(변경|수정)\s*(해|할|하|좀|부탁|이요|요)|고치|고쳐|고칠|틀렸|틀려|틀린|잘못|다른\s*(날|시간|요일|번호|연락처|주제)"
                     r"|" + _MOVE_ONLY.pattern)
# The parts of a booking a change request can name, in the order the flow asks for them.
CHANGE_PARTS = {
    "type": re.compile(r"종류|유형"), "topic": re.compile(r"주제"), "day": re.compile(r"날짜|날|요일|일정|일시|일자|며칠"),
    "time": re.compile(r"시간|시각|몇\s*시"), "name": re.compile(r"이름|성함"), "phone": re.compile(r"연락처|번호|전화|핸드폰|휴대폰"),
}
# Korean names have no space; "이름 잘못 적었어요" must not yield the name "잘못".
_NAME_CHANGE = re.compile(r"(?:이름|성함)(?:은|는|을|를|이|가)?\s*([가-힣]{2,5}?|[A-Za-z]+(?: [A-Za-z]+){0,2})\s*(?:으로|로)\s*(?:바꿔|바꿀|바꾸|변경|수정|고쳐)")
_CONTACT_FILLER = re.compile(
    r"(?:이름|성함|연락처|전화\s*번호|번호|핸드폰|휴대폰)(?:은|는|을|를|이|가)?"
    r"|(?:으로|로)?\s*(?:바꿔|바꿀|바꾸|(?:변경|수정)(?:해|할|하)|고쳐)\S*(?:\s*(?:주세요|줘요|주실래요))?"
    r"|입니다|이에요|예요|(?:^|\s)(?:제|아니요?|아뇨|잠깐만요|잠깐|저기요)(?=[\s,]|$)"
)
# Said beside a number to confirm it, never part of a name.
_CONFIRMING = re.compile(r"(?:^|\s)(?:네|예|넵|맞아요|맞습니다|맞음|맞고요|확정|확정할게요|확정해요|확정해\s*주세요|좋아요|이대로|그대로)(?=[\s,.!]|$)")
_SOUNDS_LIKE_A_VERB = re.compile(r"(?:요|다|까|죠|게|래)$")
# What a name may be typed with: "제 이름은 홍길동이에요", "홍길동입니다", "김철수 과장님".
_NAME_AROUND = re.compile(r"^(?:제\s*)?(?:이름|성함)\s*(?:은|는|이|:)?\s*|^저는\s+|(?<=[가-힣A-Za-z])\s*(?:입니다|이에요|예요|이요|(?:이)?라고\s*(?:해요|합니다)|님)$")
_HANGUL_NAME = re.compile(r"[가-힣]{2,5}")
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z.'-]*(?: [A-Za-z][A-Za-z.'-]*){0,3}")
_LATIN_NOT_NAMES = frozenset({"ok", "okay", "yes", "no", "cancel", "stop", "back", "help", "start", "menu", "book", "hi", "hello"})
_NAME_TITLE = re.compile(r"(?:과장|부장|차장|대리|사원|주임|계장|팀장|실장|이사|상무|전무|대표|사장|본부장|소장|공장장|원장|매니저|책임|선임|수석|연구원|교수|박사|선생님|선생)")
_NOT_NAMES = frozenset(
    "네 예 응 넵 넹 네네 예예 응응 아니 아니요 아니오 아뇨 싫어요 좋아 좋아요 좋습니다 그래 그래요 맞아 맞아요 오케이 알겠어요 "
    "확정 확인 취소 동의 변경 그만 계속 이전 다음 처음 메뉴 도움말 시작 질문 감사 안녕 나중에 "
    "지원사업 사업 기업 업체 카라반 실증산단 산단 솔루션 로봇 프로그램 컨설팅 "
    "이름 성함 연락처 번호 전화 전화번호 핸드폰 휴대폰 시간 날짜 주제 종류 일정 "
    "오전 오후 아침 점심 저녁 새벽 다음주 이번주 지난주 저번주 담주 다다음주 주말 평일".split()
)
_NOT_IN_NAMES = re.compile(r"예약|상담|취소|확정|변경|업체|기업|요일|오전|오후|ㅋ|ㅎ")
_SURNAMES = frozenset("김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉")
_SENTENCE_END = re.compile(r"(?:요|다|까|죠|래|니다|세요|게)$")
_ANY_DAY = date(2026, 1, 5)  # only whether a word names a day matters, not which
_SPOKEN_DIGITS = str.maketrans("공영일이삼사오육칠팔구", "00123456789")
_PHONE = re.compile(r"(?:\+?82[\s.-]*|0)(?:\d[\s.)-]*){7,10}\d")  # 02-123-4567 has 9 digits
_WEEKDAY_NAMES = "월화수목금토일"


# --- what a free text means --------------------------------------------------------------

def is_question(text: str) -> bool:
    text = text.strip()
    if _QUESTION.search(text):
        return True
    return bool(_QUESTION_WORD.search(text) and _STATEMENT_ASKING.search(text) and not _WANTS_CONSULT.search(text))


def is_cancel(text: str) -> bool:
    """"취소", "그만할래요", also after a no: "아니요 취소할래요"; never "취소하지 말아 주세요"."""
    text = text.strip().lower()
    return bool(_CANCEL.match(_LEADING_NO.sub("", text))) and not _DONT_CANCEL.search(text)


def may_stop(text: str) -> bool:
    """"상담 못 갈 것 같아요", "참석 못 해요": perhaps the booking should stop; asked, never assumed."""
    return bool(_MAY_STOP.search(text))


def answers_cancel(text: str) -> bool | None:
    """The answer to "예약을 취소할까요?": True cancels ("네", "취소해 주세요"), False keeps ("아니요",
    "그대로 둘게요", "취소하지 마세요"); None for anything else (a question, another request)."""
    text = text.strip()
    if _KEEP.search(text) or _DONT_CANCEL.search(text):
        return False
    if _QUESTION.search(text):  # "취소하면 다시 예약할 수 있나요?"
        return None
    if is_cancel(text) or is_yes(text) or "취소" in text:
        return True
    return False if is_no(text) or is_bare_no(text) else None


def is_back(text: str) -> bool:
    return bool(_BACK.match(text.strip().lower()))


def is_yes(text: str) -> bool:
    # Only a question mark or a question ending undoes a yes: "네 뭐 괜찮아요" still agrees.
    return bool(_YES.match(text.strip())) and not _QUESTION.search(text.strip())


def asks_when(text: str) -> bool:
    return bool(_ASKS_WHEN.search(text))


def asks_booked_time(text: str) -> bool:
    """"예약 언제였죠", "원래 몇 시였어요?": the time already booked, not the free ones."""
    return bool(_ASKS_BOOKED.search(text)) and not _ASKS_FREE.search(text)


def asks_to_book(text: str) -> bool:
    """"상담 예약하고 싶어요" again, or a word about it ("예약할게요"): not "내 예약 보여 주세요",
    "상담원 연결해 주세요" or "예약 취소할게요", which ask for something else."""
    return bool(_BOOK_WORDS.search(text)) and not _ABOUT_BOOKINGS.search(text) and booking_change_asked(text) is None


def asks_something_else(text: str) -> bool:
    """A request of its own ("업체 추천해 주세요", "상담원 연결해 주세요"): at the consent step it is
    served (or answered), never taken for a word about consenting."""
    text = text.strip()
    return bool(_SOUNDS_LIKE_A_VERB.search(text)) and not asks_to_book(text)


def is_no(text: str) -> bool:
    return bool(_NO.match(text.strip()))


def is_bare_no(text: str) -> bool:
    """Only a no ("아니요", "아뇨 됐어요"): unlike is_no, "아니요 다음 주 화요일이요" is not one."""
    return bool(_BARE_NO.match(text.strip()))


def is_keep(text: str) -> bool:
    """"그대로 둘게요", "유지할게요", "취소 안 할래요": leave the booking as it is."""
    return bool(_KEEP.search(text.strip()))


def is_continue(text: str) -> bool:
    """"계속", also after a yes or no: "네, 계속할게요", "아니요 계속 진행해 주세요"."""
    return bool(_CONTINUE.match(_LEADING_YES_OR_NO.sub("", text.strip())))


def booking_change_asked(text: str) -> str | None:
    """What a request about one's booking asks for: "cancel" ("예약 취소할게요"), "reschedule" ("예약
    바꿀래요", "예약 미룰게요", and asked as "예약 옮길 수 있어요?"), or None (to see them, another
    question about them, both at once, "취소하지 마세요")."""
    text = text.strip()
    if _QUESTION.search(text) and not _CAN_I.search(text) or _KEEP.search(text) or _DONT_CANCEL.search(text):
        return None
    cancel, move = "취소" in text, bool(_MOVE.search(text))
    if cancel == move:
        return None
    return "cancel" if cancel else "reschedule"


def change_request(text: str) -> list[str] | None:
    """The parts a change request names, in flow order ("시간 바꿀래요" → ["time"]); [] for a bare
    "수정할래요"; None when the text asks for no change."""
    if not _CHANGE.search(text):
        return None
    parts = [part for part, words in CHANGE_PARTS.items() if words.search(text)]
    if not parts and _MOVE_ONLY.search(text) and not _CHANGE.search(_MOVE_ONLY.sub(" ", text)):
        return ["day"]  # "예약 미룰게요", "좀 옮길 수 있어요?": the day and time
    return parts


# --- contact details -------------------------------------------------------------------

def validate_phone(text: str) -> str | None:
    """The number in a Korean format (010-1234-5678, 02-123-4567, 031-123-4567), or None."""
    text = text or ""
    if re.fullmatch(r"[공영일이삼사오육칠팔구\s-]{10,}", text.strip()):  # "공일공 일이삼사 오육칠팔"
        text = text.translate(_SPOKEN_DIGITS)
    digits = re.sub(r"[\s().-]", "", text)
    if digits.startswith("+82"):
        digits = "0" + digits[3:].lstrip("0")
    elif digits.startswith("82") and len(digits) >= 11:
        digits = "0" + digits[2:].lstrip("0")
    if not digits.isdigit():
        return None
    if re.fullmatch(r"01[016789]\d{7,8}", digits):
        return f"{digits[:3]}-{digits[3:-4]}-{digits[-4:]}"
    if re.fullmatch(r"02\d{7,8}", digits):
        return f"02-{digits[2:-4]}-{digits[-4:]}"
    if re.fullmatch(r"0(?:[3-6][1-5]|70)\d{7,8}", digits):
        return f"{digits[:3]}-{digits[3:-4]}-{digits[-4:]}"
    return None


def find_phone(text: str) -> tuple[str | None, str]:
    """(phone, the text without it): for "홍길동 010-1234-5678" typed in one message."""
    match = _PHONE.search(text or "")
    phone = validate_phone(match.group()) if match else None
    if phone is None:
        return None, text
    return phone, (text[: match.start()] + text[match.end():]).strip(" ,/")


def validate_name(text: str) -> str | None:
    """A person's name as typed: 2–5 Hangul syllables ("홍길동", "남궁 민수"), with a title ("김철수
    과장", "강부장"), or Latin letters ("Kim Minsu"); "홍길동입니다" gives "홍길동". None for a flow
    word ("확정", "네"), a command, a day or time, or a sentence ("예약 미룰게요")."""
    name = _NAME_AROUND.sub("", " ".join((text or "").split()).strip(" ,.~")).strip(" ,.~")
    if not NAME_CHARS[0] <= len(name) <= NAME_CHARS[1]:
        return None
    if _LATIN_NAME.fullmatch(name):
        return None if name.lower() in _LATIN_NOT_NAMES else name
    tokens = name.split()
    if len(tokens) == 2 and _NAME_TITLE.fullmatch(tokens[1]):
        person = tokens[0]  # "김철수 과장"
    elif len(tokens) <= 2:
        person = "".join(tokens)  # "남궁 민수"
    else:
        return None
    if not _HANGUL_NAME.fullmatch(person) or any(_names_no_one(token) for token in [person, *tokens]):
        return None
    return name


def _names_no_one(word: str) -> bool:
    """A word no person is called: a flow or command word, a day or time, a verb's ending."""
    names_when = parse_day(word, _ANY_DAY) or parse_past_day(word, _ANY_DAY) or parse_time(word)
    # A surname and two syllables is a name whatever they spell ("최예약" is someone); longer, a
    # flow word inside gives it away ("예약확정").
    looks_like_a_full_name = len(word) == 3 and word[0] in _SURNAMES
    flow_word_inside = not looks_like_a_full_name and bool(_NOT_IN_NAMES.search(word))
    return word in _NOT_NAMES or flow_word_inside or bool(_SENTENCE_END.search(word) or names_when)


def corrected_contact(text: str) -> tuple[str | None, str | None]:
    """(name, phone) typed as a correction: "박영희 010-9876-5432", "번호는 02-123-4567로 바꿔 주세요",
    "이름을 김민수로 수정해 주세요"; (None, None) when the text holds neither."""
    phone, rest = find_phone(text)
    if phone is None:
        match = _NAME_CHANGE.search(text)
        return (validate_name(match.group(1)) if match else None), None
    rest = " ".join(_CONFIRMING.sub(" ", _CONTACT_FILLER.sub(" ", rest)).split())
    # What is left beside the number is a name only if it is short and not a verb: not "…로 해
    # 주시면 좋겠어요", and "010-1234-5678 맞아요" confirms the number, it names nobody "맞아요".
    if len(rest.split()) > 2 or _SOUNDS_LIKE_A_VERB.search(rest):
        return None, phone
    return validate_name(rest), phone


def mask_phone(phone: str | None) -> str:
    """010-****-5678: enough to recognise, for buttons and logs."""
    if not phone:
        return ""
    parts = phone.split("-")
    return "-".join([parts[0], "*" * len(parts[1]), parts[2]]) if len(parts) == 3 else "***"


# --- dates and times typed as text -------------------------------------------------------

# A time as typed, spaces removed: "오후2시", "2시반", "10시30분", "14:30".
_CLOCK = re.compile(r"(오전|오후|아침|저녁|새벽|밤|낮)?(?<!\d)(\d{1,2})(?::(\d{2})|시(?:(\d{1,2})분|(반))?)")
# Spaces go, except between two numbers: "12/24 3시" is not "12/243시".
_SPACES_BESIDE_WORDS = re.compile(r"(?<!\d)\s+|\s+(?!\d)")

def parse_day(text: str, today: date) -> date | None:
    """오늘, 내일, 모레, (이번/다음) 주 X요일, 12월 24일, 12/24, 24일 → a date on or after today."""
    text = text.replace(" ", "")
    relative = {"오늘": 0, "내일모레": 2, "모레": 2, "내일": 1, "글피": 3}
    for word, offset in relative.items():
        if word in text:
            return today + timedelta(days=offset)
    if match := re.search(r"(다음주|담주|다다음주|이번주|지난주|저번주)?([월화수목금토일])요일", text):
        if match.group(1) in ("지난주", "저번주"):
            return None  # past: parse_past_day
        return _weekday(today, match.group(1), _WEEKDAY_NAMES.index(match.group(2)))
    if match := re.search(r"(\d{1,2})(?:월|/|\.)(\d{1,2})일?", text):
        return _month_day(today, int(match.group(1)), int(match.group(2)))
    if match := re.search(r"(?<!\d)(\d{1,2})일", text):
        return _month_day(today, today.month, int(match.group(1)), roll_month=True)
    return None


def parse_time(text: str) -> time | None:
    """오후 2시, 2시 반, 14시, 14:30, 오전 10시 30분 → a time; 1–6시 without 오전/오후 means afternoon,
    but 새벽 3시, 밤 12시 and 자정 stay at night: an hour nobody meant must not become a consult."""
    compact = _SPACES_BESIDE_WORDS.sub("", text)
    if "자정" in compact:
        return time(0)
    match = _CLOCK.search(compact)
    if not match:
        return None
    hour, minute = _clock_numbers(match)
    hour = _hour_of_day(match.group(1), hour)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return time(hour, minute)


def parse_past_day(text: str, today: date) -> date | None:
    """어제, 그저께, 지난주 X요일 → a day before today: said to be past, never read as a future day."""
    text = text.replace(" ", "")
    for word, offset in (("엊그제", 2), ("그저께", 2), ("그제", 2), ("어제", 1)):
        if word in text:
            return today - timedelta(days=offset)
    if match := re.search(r"(?:지난주|저번주)([월화수목금토일])요일", text):
        return today - timedelta(days=today.weekday() + 7) + timedelta(days=_WEEKDAY_NAMES.index(match.group(1)))
    return None


def impossible_time(text: str) -> str | None:
    """An hour no clock has ("25시", "10시 70분", "13:75"), as it reads back; None for any other text
    ("24시간 모니터링" names a duration, not a time)."""
    compact = _SPACES_BESIDE_WORDS.sub("", " ".join(_when_words(text)))
    match = _CLOCK.search(compact)
    if not match or "자정" in compact or parse_time(compact) is not None:
        return None
    hour, minute = _clock_numbers(match)
    return texts.BOOKING_TIME_TYPED_MINUTES.format(hour=hour, minute=minute) if minute else texts.BOOKING_TIME_TYPED.format(hour=hour)


def _clock_numbers(match: re.Match) -> tuple[int, int]:
    """(hour, minute) as typed, before 오전/오후 is applied."""
    return int(match.group(2)), 30 if match.group(5) else int(match.group(3) or match.group(4) or 0)


def _hour_of_day(period: str | None, hour: int) -> int:
    if period in ("새벽", "밤") and hour == 12:
        return 0
    if period == "밤":
        return hour + 12 if 6 <= hour < 12 else hour  # 밤 9시 is 21:00, 밤 2시 is 2:00
    if period in ("오후", "저녁") and hour < 12 or period in (None, "낮") and 1 <= hour <= 6:
        return hour + 12
    return hour


# --- a choice by its place in a list ("1번이요", "두 번째 거요", "마지막 거") ------------------

LAST = -1  # "마지막 거": the last of the list, however long
_KOREAN_COUNTS = {"첫": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10}
_KOREAN_ORDINALS = {"첫째": 1, "둘째": 2, "셋째": 3, "넷째": 4, "다섯째": 5}
_POSITION = re.compile(
    r"(?<![\d:./-])(?P<digits>\d{1,2})\s*번(?:\s*째)?(?!호|지)"  # "1번", "2번째"; never 번호 or 번지
    r"|(?P<count>첫|두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s*번\s*째"  # "첫 번째", "두번째"
    r"|(?P<ordinal>첫째|둘째|셋째|넷째|다섯째)"
    r"|(?P<last>마지막|맨\s*(?:끝|아래|밑))"
)
# A number alone answers a numbered list: "2", "2요", "2번이요" (never "2시", which is a time).
_BARE_NUMBER = re.compile(r"^(\d{1,2})\s*(?:번|번이요|번요|이요|요|으로|로|으로요|로요)?[\s.!~]*$")
# What may stand around the number when the message is only a choice: "1번 예약이요", "두 번째 거로 할게요".
_POSITION_FILLER = re.compile(
    r"^(?:거|꺼|것|걸|게|예약|상담|날|날짜|시간|주제|항목|버튼|일정|건)?(?:으로|로|이|가|을|를|은|는|도)?"
    r"(?:요|이요|에요|예요|이에요|입니다)?$"
    r"|^(?:할|해|하|선택|골라|고를|부탁|주세|줘|좋|네|넵|예|응|그걸|이걸)\S*$"
)


def position_said(text: str, bare_number: bool = False) -> int | None:
    """The place a message chooses when it says only that ("1번이요", "두 번째 거요", "마지막 걸로
    할게요"; with `bare_number`, also "2" where the list is numbered): 1 for the first, LAST for the
    last; None when it says anything more ("2번 라인 자동화" is a topic)."""
    text = text.strip()
    if bare_number and (match := _BARE_NUMBER.match(text)):
        return int(match.group(1))
    found = list(_POSITION.finditer(text))
    if len(found) != 1:
        return None
    rest = text[: found[0].start()] + " " + text[found[0].end():]
    if any(not _POSITION_FILLER.match(token) for token in re.split(r"[\s,.!~?]+", rest) if token):
        return None
    return _position_value(found[0])


def position_in(text: str) -> int | None:
    """The one place a request names among its words ("2번 예약 취소해 주세요" → 2); None for none or two."""
    places = {_position_value(match) for match in _POSITION.finditer(text)}
    return places.pop() if len(places) == 1 else None


def at_position(items: list, position: int):
    """The item at a place said (1 = the first, LAST = the last), or None past the end of the list."""
    if position == LAST:
        return items[-1] if items else None
    return items[position - 1] if 1 <= position <= len(items) else None


def _position_value(match: re.Match) -> int:
    if match.group("digits"):
        return int(match.group("digits"))
    if match.group("count"):
        return _KOREAN_COUNTS[match.group("count")]
    if match.group("ordinal"):
        return _KOREAN_ORDINALS[match.group("ordinal")]
    return LAST


@dataclass(frozen=True)
class SlotHint:
    """A day, a weekday and/or a time typed to point at one of several bookings ("11월 24일 거",
    "화요일 꺼", "2시 거"). A weekday alone matches that weekday of any week."""

    day: date | None = None
    weekday: int | None = None
    at: time | None = None

    def fits(self, start: datetime) -> bool:
        if self.day is not None and start.date() != self.day:
            return False
        if self.weekday is not None and start.weekday() != self.weekday:
            return False
        return self.at is None or (start.hour, start.minute) == (self.at.hour, self.at.minute)

    def label(self) -> str:
        """As it reads back: "12월 24일(목)", "화요일", "오후 2시", "화요일 오후 2시"."""
        said = [day_label(self.day)] if self.day else []
        said += [texts.BOOKING_WEEKDAY_NAME.format(weekday=texts.BOOKING_WEEKDAYS[self.weekday])] if self.weekday is not None else []
        said += [time_label(self.at)] if self.at else []
        return " ".join(said)


def slot_hint(text: str, today: date) -> SlotHint | None:
    """The day and/or time a typed answer names to pick a booking; None when it names neither."""
    at = parse_time(text)
    compact = text.replace(" ", "")
    weekday = re.search(r"(다음주|담주|다다음주|이번주|지난주|저번주)?([월화수목금토일])요일", compact)
    names_a_date = re.search(r"\d{1,2}(?:월|일|/|\.\d)|오늘|내일|모레|글피", compact)
    if weekday and not weekday.group(1) and not names_a_date:
        return SlotHint(weekday=_WEEKDAY_NAMES.index(weekday.group(2)), at=at)
    day = parse_day(text, today)
    return SlotHint(day=day, at=at) if day or at else None


# --- topics ---------------------------------------------------------------------------

_JAMO = re.compile(r"[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\ud7b0-\ud7ff\uffa0-\uffdc]")
# Words the presets share or that name no subject: "상담이요" alone names no preset.
_GENERIC_TOPIC_WORDS = frozenset({"AX", "AI", "상담", "방법", "도입"})
_PARTICLE = re.compile(r"(으로요|으로|로요|로|이요|요|이랑|랑|은|는|이|가|을|를|만|쪽)$")
# Words around a named preset that add nothing: "카라반으로 바꿀래요", "실증산단 상담 받고 싶어요".
# Whole words only: 전기요금, 해외진출, 할인 and 상담료 are topics, not "전", "해", "할", "상담".
_TOPIC_FILLER_WORDS = frozenset("주제 상담 그걸 그거 이걸 저는 전 다시 그냥 부탁 주세요 부탁해요 할 해 받".split())
_TOPIC_FILLER_VERB = re.compile(
    r"^(바꾸|바꿔|바꿀|바꿨|변경|수정|할|해|하고|하겠|받|싶|원해|좋겠)\S*(요|다|고|게|래|까|데|서|어|죠)$"
)


def has_real_words(text: str) -> bool:
    """Syllables, letters or digits: "ㅁㄴㅇㄹ" or "!!!" is a keyboard mash, not a topic."""
    return any(char.isalnum() and not _JAMO.match(char) for char in text)


def preset_named(text: str, presets: tuple[str, ...]) -> int | None:
    """The preset a short topic names and says nothing more about ("카라반으로 바꿀래요" → "AX 카라반");
    None when it names none, several, or adds words of its own, which are then the topic."""
    named, own_words = _read_topic(text, presets)
    return named.pop() if len(named) == 1 and not own_words else None


def says_no_topic(text: str) -> bool:
    """Only words around a topic ("주제 바꿀래요", "상담이요"): nothing to hold a consult about."""
    return not any(_read_topic(text, ()))


def _read_topic(text: str, presets: tuple[str, ...]) -> tuple[set[int], bool]:
    """(the presets the text names, whether it has words of its own beside them and the filler)."""
    words = [_preset_words(label, presets) for label in presets]
    named, own_words = set(), False
    for token in re.split(r"[\s,.!~·/]+", re.sub(r"\S+\s*말고", " ", text)):  # "카라반 말고 실증산단"
        stem = _PARTICLE.sub("", token)
        hits = {number for number, own in enumerate(words) if any(word in token for word in own)}
        named |= hits
        if not hits and stem and stem.upper() not in _GENERIC_TOPIC_WORDS and not _is_topic_filler(token, stem):
            own_words = True
    return named, own_words


def _is_topic_filler(token: str, stem: str) -> bool:
    return token in _TOPIC_FILLER_WORDS or stem in _TOPIC_FILLER_WORDS or bool(_TOPIC_FILLER_VERB.match(token))


def _preset_words(label: str, presets: tuple[str, ...]) -> set[str]:
    """The words of one preset label that no other preset has and that name a subject."""
    def split(text: str) -> set[str]:
        return {word for word in re.split(r"[\s·]+", text) if word and word.upper() not in _GENERIC_TOPIC_WORDS}
    others = set().union(*(split(other) for other in presets if other != label))
    return split(label) - others


# One word of a day or a time as typed ("다음주", "수요일", "12월", "24일", "오전", "10시", "2시반", "14:30"),
# with the particles around it ("수요일에", "3시로요", "10시쯤").
_WHEN_WORD = re.compile(
    r"^(?:(?:오늘|내일모레|내일|모레|글피|엊그제|그저께|그제|어제|지난|저번|이번|다음|다다음|담|주|[월화수목금토일]요일|\d{1,2}월|\d{1,2}일|\d{1,2}[/.]\d{1,2}"
    r"|오전|오후|아침|점심|저녁|낮|밤|새벽|\d{1,2}시|\d{1,2}분|반|\d{1,2}:\d{2}))+"
    r"(?:에|에요|이요|요|로|으로|로요|으로요|쯤|쯤에|쯤으로|경|경에|정도|이나|나|도|는|은|이|가)*$"
)


def says_only_when(text: str, today: date) -> bool:
    """A day and/or a time and nothing of its own ("다음주 수요일 오전 10시", "내일 3시로 할게요"): typed
    where a topic is asked, it is the date, never the topic. "하루 3시간 설비가 멈춰요" is a topic."""
    if parse_day(text, today) is None and parse_time(text) is None:
        return False
    for token in re.split(r"[\s,.!~]+", text.strip()):
        if token and not _WHEN_WORD.match(token) and not _is_topic_filler(token, _PARTICLE.sub("", token)):
            return False
    return True


# "10일 뒤로", "2주 후에", "30분 늦게": a shift from the booked time, not a day or a time to move to.
_SHIFT = re.compile(r"\d+\s*(?:일|주|시간|분)\s*(?:뒤|후|전|늦|일찍|빨리|앞)")


@dataclass(frozen=True)
class TypedWhen:
    """A day and/or a time read from a request; `bad_time` is an hour no clock has ("25시"), as typed.
    `key()` packs it into a button action ("20261225.1600", ".1600", "20261225.", ".x2500")."""

    day: date | None = None
    at: time | None = None
    bad_time: str | None = None

    def key(self) -> str:
        day = f"{self.day:%Y%m%d}" if self.day else ""
        if self.at:
            return f"{day}.{self.at:%H%M}"
        match = _CLOCK.search(self.bad_time.replace(" ", "")) if self.bad_time else None
        return f"{day}.x{'%02d%02d' % _clock_numbers(match)}" if match else f"{day}."

    @classmethod
    def from_key(cls, key: str) -> "TypedWhen | None":
        match = re.fullmatch(r"(\d{8})?\.(?:(\d{4})|x(\d{2})(\d{2}))?", key)
        if not match:
            return None
        try:
            day = datetime.strptime(match.group(1), "%Y%m%d").date() if match.group(1) else None
            at = datetime.strptime(match.group(2), "%H%M").time() if match.group(2) else None
        except ValueError:
            return None
        bad = impossible_time(f"{int(match.group(3))}시{int(match.group(4))}분") if match.group(3) else None
        return cls(day, at, bad) if day or at or bad else None

    def label(self) -> str:
        """"12월 25일(금) 오후 4시", "12월 25일(금)", "오후 4시" or "25시", for saying it back."""
        said = [day_label(self.day)] if self.day else []
        said += [time_label(self.at)] if self.at else [self.bad_time] if self.bad_time else []
        return " ".join(said)


def when_in_request(text: str, today: date) -> tuple[str, TypedWhen] | None:
    """The day and time inside a request ("예약 금요일 4시로 바꿔 주세요" → "금요일 4시로" and what it
    names); None when it names none, or a shift ("10일 뒤로 미뤄 주세요") rather than a day."""
    if _SHIFT.search(text):
        return None
    words = " ".join(_when_words(text))
    when = TypedWhen(parse_day(words, today) or parse_past_day(words, today), parse_time(words), impossible_time(words))
    return (words, when) if when.day or when.at or when.bad_time else None


def _when_words(text: str) -> list[str]:
    return [token for token in re.split(r"[\s,!~?]+", text.strip()) if token and _WHEN_WORD.match(token.rstrip("."))]


def _weekday(today: date, which: str | None, weekday: int) -> date:
    monday = today - timedelta(days=today.weekday())
    if which in ("다음주", "담주"):
        return monday + timedelta(days=7 + weekday)
    if which == "다다음주":
        return monday + timedelta(days=14 + weekday)
    if which == "이번주":
        return monday + timedelta(days=weekday)
    ahead = (weekday - today.weekday()) % 7
    return today + timedelta(days=ahead)


def _month_day(today: date, month: int, day: int, roll_month: bool = False) -> date | None:
    try:
        candidate = date(today.year, month, day)
    except ValueError:
        return None
    if candidate >= today:
        return candidate
    try:
        if roll_month:
            return date(today.year + (today.month == 12), today.month % 12 + 1, day)
        return date(today.year + 1, month, day)
    except ValueError:
        return None


# --- how dates read in Korean ------------------------------------------------------------

def day_label(day: date) -> str:
    return texts.BOOKING_DAY_LABEL.format(month=day.month, day=day.day, weekday=texts.BOOKING_WEEKDAYS[day.weekday()])


def time_label(moment: time | datetime) -> str:
    period = texts.BOOKING_AM if moment.hour < 12 else texts.BOOKING_PM
    hour = moment.hour if moment.hour <= 12 else moment.hour - 12
    if moment.minute:
        return texts.BOOKING_TIME_LABEL_MINUTES.format(period=period, hour=hour, minute=moment.minute)
    return texts.BOOKING_TIME_LABEL.format(period=period, hour=hour)


def when_label(moment: datetime) -> str:
    """12월 24일(목) 오후 2시"""
    return f"{day_label(moment.date())} {time_label(moment)}"
