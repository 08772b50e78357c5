"""The channel-free core: one `Incoming` in, the replies out. It never sends anything itself.

A turn runs inside the user's dialogue-state session, so one user's turns are serialised even
across several workers, and whatever the turn decided is saved (or nothing is, on error).
"""

import dataclasses
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from bot import actions, texts
from bot.answering import Answer, AnswerContext, ExtractiveAnswerer
from bot.booking import BookingService, is_active
from bot.booking.flow import CANCELLING, CONFIRM, CONSENT, TOPIC, TYPE, change_request, find_phone, is_cancel, is_question
from bot.conversation import REPEATED_PRESS_INTENT, STALE_INTENT, Button, Incoming, Reply, SourceRef
from bot.dialogue import DialogueState
from bot.handoff import HandoffService, is_end_phrase
from bot.intents import IntentResult, IntentRouter, names_a_shipped_program, normalise, split_preface
from bot.profile import (
    extract_hints,
    too_long,
    validate_company_name,
    validate_complex_name,
    validate_employees,
    validate_industry,
    validate_interest,
    validate_region,
    value_in_edit_request,
)
from bot.storage.answers import AnswerLog
from bot.storage.dialogue import DialogueStore
from bot.storage.profiles import ProfileStore
from bot.storage.tables import utc_now
from bot.storage.transcript import TranscriptStore
from bot.storage.unanswered import UnansweredLog
from bot.storage.users import UserStore
from bot.vendors import VendorDetails, VendorMatcher, format_comparison, format_contact, format_details, format_proposals
from knowledge.morphology import KoreanTokenizer

log = logging.getLogger(__name__)

# A second press of the same button on the same message within this many seconds of the first's
# answer is a double tap: it gets a toast, not the reply again. The second update of a double tap
# is taken only after the first's turn and its sending (one chat's updates run in order), so it
# comes a moment after the answer, or up to a few seconds when sending is slow. A deliberate
# press again (the same vendor card, 👍 once more) comes later than this, and within it would
# only repeat what was just sent.
REPEATED_PRESS_WINDOW_S = 5.0
# Longer messages are cut: nobody types more, and retrieval reads 512 tokens at most.
MAX_INPUT_CHARS = 2000
LONG_TEXT_GAP = " … "  # where the middle of a message too long was left out
# The booking service's "yes, delete my data" button: everything about the user is erased.
ERASE_CONFIRMED = "bk:del:y"
# Buttons and commands that start something else: a booking in progress is set aside (with a
# word saying so), or the flow would take the next message for a date or a name.
LEAVES_BOOKING_ACTIONS = frozenset({actions.MENU, actions.VENDORS, actions.HUMAN, actions.PROFILE, actions.PROFILE_EDIT})
LEAVES_BOOKING_COMMANDS = frozenset({"start", "human", "profile", "mybookings", "deletemydata"})
# Asked for in so many words (a rule, not a similarity guess) mid-booking, these leave the flow
# too; a question is answered inside it. At the topic step a vendor request is the topic.
LEAVES_BOOKING_INTENTS = frozenset({"human", "my_bookings", "vendor_request"})
# Steps whose answers are short and unmistakable ("네", "업체 상담", "확정"): they read the text
# before any rule, so "네 예약 확인했어요" confirms instead of opening 내 예약.
PARSES_FIRST = frozenset({CONSENT, TYPE, CONFIRM, CANCELLING})
# Mid-booking answers lose the buttons that would start the booking over or take the next
# message as a question; the step's own buttons follow.
HIDDEN_MID_BOOKING = frozenset({actions.BOOK, actions.ASK})
# Buttons that go somewhere else: whatever the bot was waiting for is no longer awaited (their
# handlers ask again when they need to). Feedback and "건너뛰기" leave it as it is.
LEAVES_AWAITED_TEXT = frozenset({
    actions.MENU, actions.HELP, actions.ASK, actions.VENDORS, actions.BOOK, actions.HUMAN, actions.PROFILE,
    actions.PROFILE_EDIT, actions.VENDOR_DETAILS, actions.VENDOR_BOOK,
})
# Profile fields a user can edit, each with the validator that turns free text into a value
# (in the order of the profile screen's ✏️ buttons).
PROFILE_VALIDATORS = {
    "company_name": validate_company_name,
    "industry": validate_industry,
    "region": validate_region,
    "complex_name": validate_complex_name,
    "employees": validate_employees,
    "interest": validate_interest,
}


# Similarity guesses a short question after an answer may overrule (see _follows_up_an_answer).
FOLLOW_UP_OVERRULES = frozenset({"small_talk", "out_of_scope"})
MAX_FOLLOW_UP_CHARS = 15
# Laughter, sighs and fillers around a follow-up ("ㅋㅋㅋㅋ 그니까 그거 언제까지냐고요") say nothing:
# they do not count toward its length.
FOLLOW_UP_FILLER = re.compile(
    r"[ㄱ-ㅎㅏ-ㅣ]++|[^\w\s]++|(?<!\S)(?:그니까|그니깐|그러니까|그러니깐|아니|근데|그래서|아|어|음|흠|헐|와|참|저기)(?!\S)"
)
# What the previous question was about, for a follow-up: its nouns ("카라반 신청"), not how it
# was asked ("어떻게 해요?"), which would pull answers of that kind instead of the new question's.
TOPIC_TAGS = ("NNG", "NNP", "NR", "SL", "SN", "SH", "XR")
QUESTION_NOUNS = frozenset({"얼마", "무엇", "뭐", "언제", "어디", "누구", "몇", "거", "것", "수", "때", "중", "등"})
# What a follow-up of an answer sounds like: asking it again or for one of its details.
FOLLOW_UP_CUE = re.compile(
    r"한다고|된다고|했다고|뭐라고|다시|몇\s*(?:번|개|곳|명|시|일|회)|언제(?:까지|부터)|어디서|얼마라고|누가|누구|어디\s*어디|명단|목록"
)
# ... or a short question in dialect or 반말 ("돈은 얼마나 주노", "산단위크 했나", "우째 하능교"): its
# ending, not its words, makes it a question, and right after an answer it is about that answer.
DIALECT_QUESTION = re.compile(r"(?:[노나꼬교]|능교|는교|나예|까예)\s*[?？]*\s*[.!~]*$")
# ... or naming the detail alone with a topic particle, as people type on phones ("장소는?",
# "참가비는요", "마감일은"): never about the speaker or the bot ("저는요", "너는").
DETAIL_ALONE = re.compile(r"^(?!(?:저|제|나|내|너|넌|니|우리|당신)[은는])[가-힣A-Za-z0-9]{1,8}(?:은|는)(?:요)?\s*[?？]*$")
# Proposals are the topic for this many characters of a message at most.
MAX_VENDOR_FOLLOW_UP_CHARS = 30
# After proposals: "첫 번째 거", "2번 업체", "마지막 회사" pick one; "거기", "그 업체" point at them.
VENDOR_ORDINAL = re.compile(r"(?:(첫|1|두|2|세|3)\s*(?:번째|번)|마지막\s*(?:거|것|꺼|업체|기업|회사|곳))")
ORDINAL_POSITIONS = {"첫": 0, "1": 0, "두": 1, "2": 1, "세": 2, "3": 2}
VENDOR_REFERENCE = re.compile(r"거기|그\s*(?:업체|회사|기업|곳|솔루션)|이\s*(?:업체|회사|기업|곳)")
# A vendor in so many words: with no proposals, "두 번째 업체는요?" or "그 업체 연락처" is still about
# vendors (there is no list to say), while "두 번째 거" or "거기" may be about the last answer.
VENDOR_NOUN = re.compile(r"업체|기업|회사|솔루션")
# "그건 언제까지예요?", "그 업체는 몇 년 됐어요?": a question about what is on screen.
BACK_REFERENCE = re.compile(
    r"^(?:그럼|그러면|근데|아)?\s*(?:그건|그거|그게|그것|거기|거긴|이건|이거|그\s*(?:업체|회사|기업|곳|솔루션)|이\s*(?:업체|회사|기업|곳))"
)
VENDOR_INFO = re.compile(r"연락처|전화|번호|가격|비용|얼마|설치|기간|자세히|사례|위치|주소|소개|홈페이지|메일")
# "두 번째 업체 연락처", "거기 전화번호": the contact line, not the whole card.
VENDOR_CONTACT = re.compile(r"연락처|연락|전화|번호|메일|홈페이지|웹사이트")
# "첫번째랑 비교하면", "뭐가 나아요": the vendors on screen side by side.
VENDOR_COMPARE = re.compile(r"비교|차이|다른\s*점|뭐가\s*(?:나아|낫|좋아|좋|달라|다르)|어디가\s*(?:나아|낫|좋|더)|어느\s*(?:게|쪽|곳)")
# "기업 상담", "업체 추천해 주세요": vendors asked for with no need said; the need is asked first.
GENERIC_VENDOR_REQUEST = re.compile(
    r"^(?:ai|AI|로봇|좋은|괜찮은|관련|전문)?\s*(?:업체|기업|회사|솔루션)\s*(?:상담|추천|소개|연결|찾기|매칭)?\s*(?:좀|을|를)?\s*"
    r"(?:받고\s*싶어요|받을래요|받고\s*싶습니다|해\s*주세요|해줘|해\s*줘요|부탁해요|부탁드려요|요|이요|할게요|하고\s*싶어요)?[\s.!?~]*$"
)
# "다른 업체도 보여 주세요", "더 추천해 주세요": the next vendors for the same need.
MORE_VENDORS_INTENTS = frozenset({"vendor_request", "program_question", "small_talk", "out_of_scope"})
MORE_VENDORS = re.compile(r"다른\s*(?:업체|기업|회사|곳|데|솔루션)|더\s*(?:추천|보여|알려|없)|(?:하나|몇\s*개|몇\s*곳|몇\s*군데)\s*더")
# "세 곳 중에", "그 회사 말고 다른 데", "두 곳 다", "1곳만 더": about the list, not one vendor in it.
NOT_ONE_VENDOR = re.compile(r"말고|다른|중에|\s다(?:\s|$)|더\s*(?:추천|보여|없|있)|(?:만|하나)\s*더|거기서\s*거기")
# "내 정보 삭제해 주세요" asks for /deletemydata, not for the profile screen.
ERASE_REQUEST = re.compile(r"삭제|지워|지우|없애|탈퇴")
# A profile field named in an edit request ("지역 김해로 바꿔 주세요"), checked in this order.
PROFILE_FIELD_WORDS = (
    ("company_name", re.compile(r"회사\s*(명|이름)|상호")),
    ("employees", re.compile(r"직원\s*수|인원|직원|규모")),
    ("industry", re.compile(r"업종")),
    ("complex_name", re.compile(r"산업\s*단지|산단|공단")),
    ("region", re.compile(r"지역|소재지|주소|위치")),
    ("interest", re.compile(r"관심")),
)
# Fields whose new value is the words of the request itself ("업종 금형으로 바꿔줘" → "금형"):
# with none named ("업종 변경할게요") the field is asked for.
FIELDS_NAMED_IN_REQUEST = ("company_name", "industry", "complex_name")
# Small talk the bot may thank for: agreeing, laughing, a friendly emoji.
# Atomic and possessive: "ㅋㅋㅋ…" may be split into runs in exponentially many ways, and a long
# one that fails to match at the end ("ㅋ"×20 + "진짜요?") would hold the event loop for minutes.
ACKNOWLEDGEMENT = re.compile(
    r"^(?:\s*+(?>네+|넵|예|응|ㅇㅇ|알겠(?:어요|습니다|음|어)|오케이|okay|ok|ㅇㅋ|좋아요|좋네요|좋네|좋다|그렇군요|그렇구나|아하|아|오|음"
    r"|재밌네요|신기하다|똑똑하다|너|[ㅋㅎ]+|[😊🙂😀😄👍🙏👌]+)[\s,.!~]*+)+$",
    re.IGNORECASE,
)
# "아까 그 업체", "아까 추천받은 회사": vendors shown before the last answers, not those on screen.
EARLIER = re.compile(r"아까|방금|앞에서|처음에|좀\s*전에|추천\s*받은|추천해\s*준|보여\s*준")
# "아까 그 업체들 다시 보여줘", "아까 그 검사업체 어디였지": the vendors again, not one of their details.
SHOW_AGAIN = re.compile(r"다시\s*(?:보여|알려|말해)|어디였|뭐였|누구였|어디더라|뭐더라|이름이|보여\s*(?:줘|주|달)|목록|리스트")
VENDOR_PLURAL = re.compile(r"(?:업체|기업|회사|곳|데)들|목록|리스트|추천\s*받은|추천해\s*준")
# A price question about a vendor ("그거 얼마임", "가격은요?"): its brief's terms, not the card again.
# "얼마나 걸려요" asks how long: 얼마 with a word of duration is no price.
VENDOR_PRICE = re.compile(r"가격|비용|견적|단가|금액|요금|얼마(?!.*(?:기간|걸려|걸리|걸립|오래|동안))")
# A brief's sentences about what adopting costs ("장비 구매형과 월 구독형 가운데 고를 수 있어요").
PRICE_TERMS = re.compile(r"구독|구매형|렌탈|임대|리스|할부|비용|가격|요금|무료|유료|\d\s*원|만\s*원")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# At "업종과 지역을 알려 주시겠어요?", asking why it is asked ("그건 왜 물어봐요?", "왜요?").
ASKS_WHY = re.compile(
    r"(?:왜|무슨\s*이유|이유가\s*뭐).{0,12}(?:물어|묻|알려|알아야|필요|말해|적어|궁금)|^왜요?\s*[?？]*$|(?:어디에|뭐에)\s*(?:써|쓰)"
)
# "ㄴㄴ 됐어요", "아니요 괜찮아요": no thanks, the conversation may rest.
DECLINING = re.compile(
    r"^(?:그냥|이제|음|아)?\s*(?:ㄴ+|노노|no|nope|아니요|아뇨|아니|아니에요|괜찮아요|괜찮습니다|됐어요|됐습니다|됐어|필요\s*없어요)"
    r"(?:[\s,.!~]*(?:됐어요|됐습니다|괜찮아요|괜찮습니다|필요\s*없어요|안\s*할게요|안\s*할래요|나중에\s*할게요|다음에\s*할게요|다음에요|나중에요|그만|됐어))*"
    r"[\s,.!~]*$",
    re.IGNORECASE,
)
# Crying or sighing with nothing else: sympathy and a person to talk to, not the bot's introduction.
# Punctuation alone ("   .  ") is no sigh: it gets the help, as "?" does.
SAD = re.compile(r"^(?=.*[😭😢😥😰😓😔🥲🥺😿💧ㅠㅜ])[\s😭😢😥😰😓😔🥲🥺😿💧ㅠㅜ.,!~…]+$")
# "요약해줘", "짧게 정리해 주세요": answers are the documents' own sentences, so the last one is shown
# again as it is (nothing is rewritten); with none, what to summarise is asked.
SUMMARY_REQUEST = re.compile(
    r"^(?:(?:그거|그것|이거|이것|위에|위|방금|답변|내용|좀|그냥|한번|다시)\s*)*"
    r"(?:(?:요약|정리|간단히|간단하게|짧게|한\s*줄로?|핵심만|쉽게)\s*(?:해서|좀)?\s*)+"
    r"(?:(?:해|말해|설명해|알려|부탁)\s*(?:줘|주세요|줘요|주실래요|줄래요?|봐|주라|드려요)?|하면|설명|부탁|요약|정리|요|부탁해요|부탁드려요)?"
    r"\s*(?:요)?[?？.!~\s]*$"
)
# "5", "2", "1번이요", "두 번째요" with no list on screen: nothing to choose from.
BARE_CHOICE = re.compile(
    r"^\s*(?:\d{1,2}|첫|두|세|네|다섯)\s*(?:번째|번)?\s*(?:거|꺼|것)?\s*(?:이요|요|이에요|예요|으로요|로요|으로|로|할게요|요\.)?[\s.!~]*$"
)
# "그래서 나한테 뭐가 좋은데", "아무거나": what the bot can do for a factory, not its introduction.
WHAT_FOR_ME = re.compile(
    r"(?:나|저|우리|내|제|우리\s*회사|우리\s*공장)\s*(?:한테|에게|에|네|같은\s*데)?\s*(?:는|도)?\s*(?:뭐가|무슨|어떤|뭔)\s*(?:좋|도움|이득|이익|득|소용)"
    r"|뭐가\s*좋(?:은데|냐|나|노|아요|은가요|을까)|뭐\s*해\s*줄\s*수|^(?:그냥\s*)?(?:아무\s*거나|아무거나|뭐든지?|아무\s*꺼나|알아서)(?:\s*(?:요|해\s*줘|해\s*주세요|추천해\s*줘|좋아요))?[\s.!~]*$"
)
MAX_SHORT_REQUEST_CHARS = 30
# Code or SQL pasted in ("'; DROP TABLE bookings; --") is no question in another language.
CODE_LIKE = re.compile(r"[;{}<>=`]|--|\b(?:select|drop|insert|delete|update|table|union|script|function|import|return)\b", re.IGNORECASE)
# A question in so many words ("대통령 오나요", "장소 바뀌었나요?"), unlike chit-chat, may follow an
# answer up. A question mark alone is not enough: "날씨 어때요?" is chit-chat wherever it comes.
FOLLOW_UP_QUESTION = re.compile(r"(?:나요|까요|가요|는지요|습니까|니까)[?？]*\s*[.!~]*$")
# ... unless it is about the bot itself ("너 AI야?") or a reaction ("ㅋㅋ 진짜요?").
REACTION = re.compile(r"^(?:진짜|정말|레알|그래|그런가|그렇|대박|헐|오|와|아하|흠|음)(?:요|예요|이에요|인가요|나요|죠|지요|군요)?$")
ABOUT_THE_BOT = re.compile(
    r"^(?:너|넌|니가|네가|너는|당신|봇|챗봇|상담봇)(?:\s|$)"
    r"|(?:ai|인공지능|로봇|사람|기계|gpt)(?:이)?(?:야|냐|에요|예요|이에요|니|임|인가요|세요|이세요)",
    re.IGNORECASE,
)
# A command typed as text ("/start@otherbot" where a channel passes it on unparsed): the command.
TYPED_COMMAND = re.compile(r"^/([A-Za-z]+)(?:@\w+)?$")
TYPED_COMMANDS = frozenset({"start", "help", "book", "human", "mybookings", "deletemydata", "profile", "cancel"})
# With the profile on screen, a short statement without a need is read as company facts.
MAX_PROFILE_FACTS_CHARS = 80
COMPANY_NEED = re.compile(r"싶|원해|필요|하려고|문제|고민|불량|개선|자동화|추천|찾아|도입|줄이|늘리|힘들|어려")
# Fields whose validators find the value inside a whole sentence; the others are asked for.
FIELDS_READ_FROM_SENTENCE = ("employees", "industry", "region")
# What a sentence may say about the company, saved as it is read, in the profile's order.
SAVED_HINTS = ("industry", "region", "complex_name", "employees")


@dataclass
class Stores:
    dialogues: DialogueStore
    users: UserStore
    profiles: ProfileStore
    transcript: TranscriptStore
    answers: AnswerLog
    unanswered: UnansweredLog


@dataclass
class Turn:
    """One turn in progress: the incoming event, the user's (mutable) state and the cleaned text."""

    incoming: Incoming
    state: DialogueState
    text: str = ""
    after_answer: bool = False  # the user's previous turn was answered with a program fact
    # Log writes nothing in the turn reads back (answer log, unanswered questions): they wait
    # for the end of the turn and commit in one transaction with the state and the replies.
    logs: list[Callable[[], object]] = dataclasses.field(default_factory=list)


class Assistant:
    def __init__(
        self,
        router: IntentRouter,
        answerer: ExtractiveAnswerer,
        vendors: VendorMatcher,
        booking: BookingService,
        handoff: HandoffService,
        stores: Stores,
        tokenizer: KoreanTokenizer | None = None,
        programs_named: Callable[[str], list] | None = None,
        clock: Callable[[], datetime] = utc_now,
    ):
        self._router = router
        # The programs a message names by a title word or a declared name, from the served index
        # (ExtractiveAnswerer.programs_named), so an uploaded program is recognised like a shipped one.
        self._programs_named = programs_named
        self._tokenizer = tokenizer or KoreanTokenizer()  # the knowledge base's, so Kiwi loads once
        self._answerer = answerer
        self._vendors = vendors
        self._booking_service = booking
        self._handoff_service = handoff
        self._stores = stores
        self._clock = clock  # aware UTC datetimes; tests pass a settable one

    def handle(self, incoming: Incoming) -> list[Reply]:
        """One turn, inside the user's locked dialogue state. A double tap's second press changes
        nothing and is not written anywhere: the first press's reply stands."""
        started = time.perf_counter()
        with self._stores.dialogues.session(incoming.user_id) as raw_state:
            state = DialogueState.from_json(raw_state)
            if self._repeats_last_press(incoming, state):
                replies = [Reply(texts.REPEATED_PRESS_TOAST, intent=REPEATED_PRESS_INTENT)]
            else:
                replies = self._run_turn(Turn(incoming, state, _clean_text(incoming.text)), raw_state)
        log.info(
            "turn user=%s intent=%s replies=%d ms=%.0f",
            incoming.user_id, replies[-1].intent if replies else None, len(replies), (time.perf_counter() - started) * 1000,
        )
        return replies

    def _run_turn(self, turn: Turn, raw_state: dict) -> list[Reply]:
        """On SQLite a turn writes twice, briefly: who said what before the turn (a handoff card
        or an erasure in it must see them), everything it decided after. PostgreSQL: one transaction."""
        incoming, stores = turn.incoming, self._stores
        turn.after_answer, turn.state.last_turn_answered = turn.state.last_turn_answered, False
        with stores.dialogues.saving(raw_state):
            stores.users.touch(incoming.user_id, incoming.user_id.split(":", 1)[0], incoming.display_name)
            stores.transcript.append(incoming.user_id, "user", _describe(incoming))
        replies = _with_notices(incoming, self._dispatch(turn))
        turn.state.last_press = self._press_record(incoming)  # on the state the turn ends with (an erasure's new one)
        raw_state.clear()
        raw_state.update(turn.state.to_json())
        with stores.dialogues.saving(raw_state):
            for write in turn.logs:
                write()
            for reply in replies:
                stores.transcript.append(incoming.user_id, "bot", reply.text)
        return replies

    # --- double taps -------------------------------------------------------------------

    def _press_record(self, incoming: Incoming) -> dict | None:
        """What a later press is compared with; None for anything else, so only back-to-back presses match."""
        if not incoming.action or incoming.message_id is None:
            return None
        return {"message": incoming.message_id, "action": incoming.action, "at": self._clock().timestamp()}

    def _repeats_last_press(self, incoming: Incoming, state: DialogueState) -> bool:
        """The same button on the same message as the user's previous turn, answered moments ago.
        The gap is taken both ways: workers' clocks may differ by a little."""
        last = state.last_press if isinstance(state.last_press, dict) else {}
        pressed = bool(incoming.action) and incoming.message_id is not None
        same = pressed and (last.get("message"), last.get("action")) == (incoming.message_id, incoming.action)
        at = last.get("at")
        return same and isinstance(at, int | float) and abs(self._clock().timestamp() - at) < REPEATED_PRESS_WINDOW_S

    # --- dispatch ---------------------------------------------------------------------

    def _dispatch(self, turn: Turn) -> list[Reply]:
        incoming = turn.incoming
        if self._handoff_service.is_active(incoming.user_id):
            if not (incoming.action or incoming.command or incoming.attachment) and _ends_after_courtesy(incoming.text):
                # "네 감사합니다 이제 끝낼게요": thanks first, then the same request as "상담 끝낼게요".
                return list(self._handoff_service.end_by_user(incoming.user_id).replies)
            # A consultant has the conversation: the bot relays instead of answering.
            # The raw text: a consultant reads it as written, line breaks and all.
            result = self._handoff_service.user_message(
                incoming.user_id, incoming.text, incoming.attachment, incoming.action, incoming.command, incoming.edited)
            if result.handled:
                return list(result.replies)
            return list(result.replies) + self._dispatch_to_bot(turn)
        return self._dispatch_to_bot(turn)

    def _dispatch_to_bot(self, turn: Turn) -> list[Reply]:
        incoming = turn.incoming
        if incoming.action and incoming.action.startswith("bk:"):
            turn.state.awaiting = None  # a booking button (내 예약, a reminder's) leaves any prompt behind
            replies = self._with_booking(turn, lambda user_id, booking: self._booking_service.on_action(user_id, booking, incoming.action))
            # A stale booking button points to the menu, like any other stale button.
            replies = [_stale_button()[0] if r.intent == STALE_INTENT else r for r in replies]
            if incoming.action == ERASE_CONFIRMED:
                turn.state = DialogueState()  # /deletemydata confirmed: the conversation state goes too
            return replies
        if incoming.action:
            prefix, _ = actions.split(incoming.action)
            set_aside = self._set_booking_aside(turn) if prefix in LEAVES_BOOKING_ACTIONS else ""
            return _prefixed(self._on_action(turn, incoming.action), set_aside)
        if incoming.command:
            return self._on_command(turn, incoming.command)
        if (typed := TYPED_COMMAND.match(turn.text)) and typed.group(1).lower() in TYPED_COMMANDS:
            return self._on_command(turn, typed.group(1).lower())  # "/start@otherbot" typed as text
        if incoming.attachment:
            notice = Reply(texts.ASSISTANT_ATTACHMENT.get(incoming.attachment, texts.ASSISTANT_ATTACHMENT["other"]), _menu_buttons(), intent="attachment")
            if is_active(turn.state.booking):  # keep the user in the flow: say so, then ask the step again
                return [dataclasses.replace(notice, buttons=())] + self._with_booking(turn, self._booking_service.resume)
            return [notice]
        if not turn.text:
            return self._help()
        if is_active(turn.state.booking):
            return self._booking_text(turn)
        if turn.state.awaiting:
            return self._on_awaited_text(turn)
        return self._on_text(turn)

    def _on_command(self, turn: Turn, command: str) -> list[Reply]:
        turn.state.awaiting = None
        if command in LEAVES_BOOKING_COMMANDS and (set_aside := self._set_booking_aside(turn)):
            return _prefixed(self._on_command(turn, command), set_aside)
        if command == "cancel" and is_active(turn.state.booking):
            return self._with_booking(turn, self._booking_service.cancel)
        if command == "help" and is_active(turn.state.booking):
            return self._help() + self._with_booking(turn, self._booking_service.resume)
        if command == "start":
            return [Reply(texts.ASSISTANT_WELCOME, _menu_buttons(), intent="greeting")]
        handlers = {
            "help": self._help,
            "book": lambda: self._start_booking(turn),
            "human": lambda: self._handoff(turn, "user_request"),
            "mybookings": lambda: self._my_bookings(turn),
            "deletemydata": self._booking_service.deletion_prompt,
            "profile": lambda: self._show_profile(turn),
            "cancel": self._help,
        }
        return handlers.get(command, self._help)()

    def _on_text(self, turn: Turn, intent: str | None = None, routed: IntentResult | None = None) -> list[Reply]:
        """Free text outside any flow; `routed` when the caller has classified it already."""
        if intent is None and is_end_phrase(turn.text):  # "상담 종료" with no consultant connected
            return [Reply(texts.ASSISTANT_NO_HANDOFF_TO_END, _menu_buttons(), intent="help")]
        if intent is None:
            routed = routed or self._classify(turn)
            if (recalled := self._recall_vendors(turn, routed)) is not None:
                return recalled
            if DECLINING.match(turn.text) and ("rule:" not in routed.reason or routed.intent == "small_talk"):
                return [Reply(texts.ASSISTANT_OK_CLOSE, _menu_buttons(), intent="small_talk")]  # "ㄴㄴ 됐어요"
            if self._wants_more_vendors(turn, routed):
                return self._propose(turn, turn.state.last_vendor_need, more=True)
            # A rule for anything but a question ("업체 추천해 주세요", "상담원 연결") means what it says.
            open_to_follow_up = routed.intent == "program_question" or "rule:" not in routed.reason
            if open_to_follow_up and (about_vendor := self._vendor_follow_up(turn, routed)) is not None:
                return about_vendor
            if "rule:" not in routed.reason and (named := self._vendors.named_in(turn.text)):
                return self._about_vendor(turn, named)  # "비전메이트 연락처 알려 주세요", proposals or not
            if (short := self._short_request(turn, routed)) is not None:
                return short
            if _leaves_a_number(turn.text, routed):
                return [Reply(texts.ASSISTANT_NUMBER_LEFT, (Button(actions.BOOK, texts.BUTTON_BOOK), Button(actions.HUMAN, texts.BUTTON_HUMAN)), intent="help")]
            if _follows_up_an_answer(turn, routed):
                intent = "program_question"
            elif (facts := self._company_facts(turn, routed)) is not None:
                return facts
            else:
                intent = routed.intent
        if intent != "negative_feedback":
            turn.state.dissatisfaction = 0
        handler = {
            "program_question": self._answer,
            "vendor_request": self._vendor_request,
            "booking": self._booking_request,
            "my_bookings": self._manage_bookings,
            "human": lambda t: self._handoff(t, "user_request"),
            "greeting": lambda t: [Reply(texts.ASSISTANT_WELCOME, _menu_buttons(), intent="greeting")],
            "help": lambda t: self._help(),
            "thanks": lambda t: [Reply(texts.ASSISTANT_THANKS, _menu_buttons(), intent="thanks")],
            "profile": self._profile_request,
            "negative_feedback": self._negative_feedback,
            "small_talk": self._small_talk,
            "out_of_scope": self._out_of_scope,
        }.get(intent, self._answer)
        return handler(turn)

    def _short_request(self, turn: Turn, routed: IntentResult) -> list[Reply] | None:
        """Short messages no search can serve: "요약해줘", a bare "2" or "1번이요" (a list on screen
        has had its turn), "그래서 나한테 뭐가 좋은데" or "아무거나". None: served as usual."""
        text = turn.text
        if len(text) > MAX_SHORT_REQUEST_CHARS or ("rule:" in routed.reason and routed.intent != "program_question"):
            return None
        if names_a_shipped_program(text) or self._names_a_program(text):
            return None  # "카라반 요약해줘" is a question about the caravan
        if SUMMARY_REQUEST.match(text):
            return self._summarise(turn)
        if BARE_CHOICE.match(text):
            return [Reply(texts.ASSISTANT_NOTHING_TO_CHOOSE, _menu_buttons(), intent="help")]
        if WHAT_FOR_ME.search(text):
            return [Reply(texts.ASSISTANT_WHAT_I_DO, _menu_buttons(), intent="help")]
        return None

    def _summarise(self, turn: Turn) -> list[Reply]:
        """Answers quote the documents and are short already: the last one again as it was, said
        so honestly; with no answer on screen, what to summarise is asked."""
        state = turn.state
        record = self._stores.answers.get(state.last_answer_id) if state.last_question and state.last_answer_id else None
        if record is None:
            return [Reply(texts.ASSISTANT_SUMMARY_WHAT, _menu_buttons(), intent="help")]
        state.last_turn_answered = True  # the answer is on screen again: "언제까지" still follows it up
        sources = tuple(SourceRef(**source) for source in record.sources if isinstance(source, dict))
        buttons = (Button(actions.BOOK, texts.BUTTON_BOOK), Button(actions.HUMAN, texts.BUTTON_HUMAN))
        text = f"{texts.ASSISTANT_SUMMARY_AS_IS}\n\n{record.answer_text}"
        return [Reply(text, buttons, intent="program_question", sources=sources)]

    def _classify(self, turn: Turn) -> IntentResult:
        """The router's intent; a message naming a program in the knowledge base by its own name
        ("구름다리 로봇 임차 대상은?", an upload) is a program question whatever it sounds like."""
        routed = self._router.classify(turn.text)
        if "rule:" in routed.reason or routed.intent == "program_question" or not self._names_a_program(turn.text):
            return routed
        return IntentResult("program_question", 1.0, "rule:program-name")

    def _names_a_program(self, text: str) -> bool:
        """A program named by a word no vendor brief uses: "구름다리" is one, but "물류 로봇" in the
        same upload's title is what vendors do, and still asks for them."""
        if self._programs_named is None:
            return False
        return any(not self._vendors.names_a_need(program.mention) for program in self._programs_named(text))

    def _small_talk(self, turn: Turn) -> list[Reply]:
        """"네", "알겠어요", "ㅋㅋ" are thanked for; "😭😭" hears sympathy and that a person can help;
        anything else ("너 로봇이지?", "점심 뭐 먹지") hears what the bot is for: thanks would answer
        a complaint or a question as if it were praise."""
        if SAD.match(turn.text):
            return [Reply(texts.ASSISTANT_SYMPATHY, (Button(actions.HUMAN, texts.BUTTON_HUMAN), Button(actions.ASK, texts.BUTTON_ASK)), intent="small_talk")]
        if ACKNOWLEDGEMENT.match(turn.text):
            turn.state.last_turn_answered = turn.after_answer  # "ㅇㅇ" between an answer and its follow-up
            return [Reply(texts.ASSISTANT_SMALL_TALK, _menu_buttons(), intent="small_talk")]
        return [Reply(texts.ASSISTANT_ABOUT_ME, _menu_buttons(), intent="small_talk")]

    def _on_awaited_text(self, turn: Turn) -> list[Reply]:
        """Free text while the bot waits for something: understood as that, unless it clearly asks for something else."""
        awaiting = turn.state.awaiting or ""
        field = awaiting.removeprefix("profile:")
        if awaiting.startswith("profile:") and too_long(field, turn.text):
            return self._edit_profile_field(turn, field)  # a paste at the prompt: its own message, the prompt stays
        routed = self._classify(turn)
        if awaiting == "vendor_profile" and (asked := self._at_vendor_profile_prompt(turn, routed)) is not None:
            return asked
        if turn.state.awaiting == "profile":  # nothing was asked: company facts, or the conversation goes on
            turn.state.awaiting = None
            return self._company_facts(turn, routed, profile_on_screen=True) or self._on_text(turn, routed=routed)
        intent = routed.intent
        # A program named outright ("카라반 언제 와요") or a question while a field is asked for
        # ("그건 왜 필요해요?") is answered, not stored as a region or an industry.
        asks_a_program = intent == "program_question" and "rule:" in routed.reason
        asks_instead = (turn.state.awaiting or "").startswith("profile:") and is_question(turn.text)
        if intent in ("human", "booking", "help", "greeting", "my_bookings", "profile") or asks_a_program or asks_instead:
            turn.state.awaiting = None
            return self._on_text(turn, "program_question" if asks_instead else intent)
        awaiting, turn.state.awaiting = turn.state.awaiting, None
        if awaiting == "vendor_need":
            return self._vendor_request(turn)
        if awaiting == "vendor_profile":
            self._save_hints(turn.incoming.user_id, turn.text)
            # A need typed here ("물류 자동화" after "불량 검사") is the search now; company facts keep the one asked.
            new_need = self._vendors.names_a_need(turn.text)
            return self._propose(turn, turn.text if new_need else (turn.state.pending_need or turn.text))
        if awaiting.startswith("profile:"):
            return self._edit_profile_field(turn, awaiting.removeprefix("profile:"))
        return self._on_text(turn, intent)

    def _at_vendor_profile_prompt(self, turn: Turn, routed: IntentResult) -> list[Reply] | None:
        """At "업종과 지역을 알려 주시겠어요?", as in the booking flow, a question is answered and the
        prompt asked again, the need still held: a program ("별똥별 실증 모집기간"), why it is asked,
        or the vendors' price ("거기 비용", said with the proposals). None: company facts, a skip or a
        request by rule, handled as before."""
        text = turn.text
        hints = extract_hints(text)
        if any(getattr(hints, name) for name in SAVED_HINTS) or ("rule:" in routed.reason and routed.intent != "program_question"):
            return None
        names_a_program = names_a_shipped_program(text) or self._names_a_program(text)
        asks_a_program = routed.intent == "program_question" and "rule:" in routed.reason
        if not asks_a_program and VENDOR_PRICE.search(text):
            turn.state.awaiting = None
            return _prefixed(self._propose(turn, turn.state.pending_need or text), texts.VENDORS_PRICE_IN_CONSULT)
        if ASKS_WHY.search(text) and not names_a_program:
            answered = [Reply(texts.ASSISTANT_VENDOR_PROFILE_WHY, intent="vendor_request")]
        elif asks_a_program or (is_question(text) and routed.intent != "vendor_request"):
            answered = self._on_text(turn, "program_question")
        else:
            return None  # "두번째꺼", "몰라요", "어떤 업체들 있어요?": the proposals, as a skip
        turn.state.awaiting = "vendor_profile"
        again = Reply(texts.ASSISTANT_VENDOR_PROFILE_AGAIN, (Button(actions.SKIP, texts.BUTTON_SKIP),), intent="vendor_request")
        return [*answered, again]

    # --- answers -------------------------------------------------------------------------

    def _answer(self, turn: Turn) -> list[Reply]:
        state = turn.state
        context = AnswerContext(previous_question=question_topic(state.last_question, self._tokenizer), previous_doc_ids=tuple(state.last_doc_ids))
        answer = self._answerer.answer(self._router.asked(turn.text), context)
        if answer.kind == "declined":
            return self._decline(turn, answer)
        answer_id = self._record_answer(turn, answer)
        state.last_question, state.last_doc_ids, state.last_answer_id = answer.query, list(answer.doc_ids), answer_id
        state.last_vendor_ids, state.last_opened_vendor = [], None  # "거기" now means the program, not a vendor
        state.last_turn_answered = True
        buttons = [Button(actions.FEEDBACK_UP + answer_id, texts.BUTTON_FEEDBACK_UP), Button(actions.FEEDBACK_DOWN + answer_id, texts.BUTTON_FEEDBACK_DOWN)]
        text = answer.text
        if answer.mentions_unpublished:
            text = f"{text}\n\n{texts.ASSISTANT_NOT_PUBLISHED_FOLLOWUP}"
            self._log_unanswered(turn, turn.text, "not_published", answer.confidence)  # staff add it once it is published
        buttons += [Button(actions.BOOK, texts.BUTTON_BOOK), Button(actions.HUMAN, texts.BUTTON_HUMAN)]
        return [Reply(text, tuple(buttons), intent="program_question", confidence=answer.confidence, sources=answer.sources)]

    def _record_answer(self, turn: Turn, answer: Answer) -> str:
        sources = [source.__dict__ for source in answer.sources]
        answer_id = self._stores.answers.new_id()
        turn.logs.append(partial(
            self._stores.answers.record, turn.incoming.user_id, turn.text, answer.text, sources, answer.confidence, True, answer_id=answer_id,
        ))
        return answer_id

    def _decline(self, turn: Turn, answer: Answer) -> list[Reply]:
        self._log_unanswered(turn, turn.text, answer.reason, answer.confidence)
        turn.state.last_question, turn.state.last_doc_ids = None, []
        buttons = (Button(actions.HUMAN, texts.BUTTON_HUMAN), Button(actions.BOOK, texts.BUTTON_BOOK), Button(actions.ASK, texts.BUTTON_ASK))
        # The documents are Korean: a question in another language finds little, so say what would work.
        text = texts.ASSISTANT_DECLINE_FOREIGN if _foreign_language(turn.text) else texts.ASSISTANT_DECLINE
        return [Reply(text, buttons, intent="program_question", confidence=answer.confidence)]

    def _log_unanswered(self, turn: Turn, question: str, reason: str, confidence: float | None) -> None:
        turn.logs.append(partial(self._stores.unanswered.record, turn.incoming.user_id, question, reason, confidence))

    def _out_of_scope(self, turn: Turn) -> list[Reply]:
        self._log_unanswered(turn, turn.text, "out_of_scope", 0.0)
        return [Reply(texts.ASSISTANT_OUT_OF_SCOPE, _menu_buttons(), intent="out_of_scope")]

    def _negative_feedback(self, turn: Turn) -> list[Reply]:
        """"틀렸어요", "왜 대답을 못해", swearing: an apology and a consultant. Staff see the question
        it was about, or the complaint itself when there was none."""
        state = turn.state
        state.dissatisfaction += 1
        complained_of = state.last_question or (turn.text if turn.text and not turn.incoming.action else None)
        if complained_of:
            self._log_unanswered(turn, complained_of, "user_dissatisfied", 0.0)
        buttons = (Button(actions.HUMAN, texts.BUTTON_HUMAN), Button(actions.ASK, texts.BUTTON_ASK))
        return [Reply(texts.ASSISTANT_NEGATIVE, buttons, intent="negative_feedback")]

    # --- vendors -------------------------------------------------------------------------

    def _vendor_request(self, turn: Turn) -> list[Reply]:
        user_id = turn.incoming.user_id
        stated = self._save_hints(user_id, turn.text)
        profile = self._stores.profiles.get(user_id)
        if not stated and GENERIC_VENDOR_REQUEST.match(turn.text):
            return self._await(turn, "vendor_need", texts.ASSISTANT_VENDOR_PROMPT)  # "기업 상담": which problem?
        if profile is None or not (profile.industry or profile.region):
            turn.state.awaiting, turn.state.pending_need = "vendor_profile", turn.text
            return [Reply(texts.ASSISTANT_VENDOR_PROFILE_QUESTION, (Button(actions.SKIP, texts.BUTTON_SKIP),), intent="vendor_request")]
        if stated and not self._vendors.names_a_need(turn.text):
            # Only company facts ("대구 섬유 직원 15명이에요"): the proposals on screen again with them, or ask for a need.
            if turn.state.last_vendor_ids and turn.state.last_vendor_need:
                return _prefixed(self._propose(turn, turn.state.last_vendor_need), texts.VENDORS_FACTS_APPLIED.format(facts=stated))
            return _prefixed(self._await(turn, "vendor_need", texts.ASSISTANT_VENDOR_PROMPT), texts.PROFILE_FACTS_SAVED.format(facts=stated))
        return self._propose(turn, turn.text)

    def _new_vendor_search(self, turn: Turn) -> list[Reply]:
        """"업체 추천" pressed: a new need is asked for; earlier proposals are no longer what "더" or company facts refer to."""
        turn.state.last_vendor_ids, turn.state.last_vendor_need = [], None
        return self._await(turn, "vendor_need", texts.ASSISTANT_VENDOR_PROMPT)

    def _propose(self, turn: Turn, need: str, more: bool = False) -> list[Reply]:
        """Vendors for `need`; with `more`, the next ones after every vendor already shown for it."""
        state = turn.state
        state.pending_need = None
        shown = frozenset(state.shown_vendor_ids) if more else frozenset()
        proposals = self._vendors.propose(need, self._stores.profiles.get(turn.incoming.user_id), exclude=shown)
        if not proposals:
            buttons = (Button(actions.HUMAN, texts.BUTTON_HUMAN), Button(actions.VENDORS, texts.BUTTON_VENDORS))
            return [Reply(texts.ASSISTANT_NO_MORE_VENDORS if more else texts.ASSISTANT_NO_VENDORS, buttons, intent="vendor_request")]
        state.last_vendor_ids, state.last_vendor_need = [proposal.doc_id for proposal in proposals], need
        state.last_opened_vendor = None  # none of them is opened yet: "그 업체" asks which
        state.last_question, state.last_doc_ids = None, []  # "그건 언제까지예요?" is about them now
        state.shown_vendor_ids = [*shown, *state.last_vendor_ids]
        state.recalled_vendor_ids, state.recalled_vendor = list(state.last_vendor_ids), None
        buttons = []
        for proposal in proposals:
            buttons.append(Button(actions.VENDOR_DETAILS + proposal.doc_id, texts.BUTTON_VENDOR_DETAILS.format(name=proposal.name)))
            buttons.append(Button(actions.VENDOR_BOOK + proposal.doc_id, texts.BUTTON_VENDOR_BOOK.format(name=proposal.name)))
        return [Reply(
            format_proposals(proposals), tuple(buttons), intent="vendor_request",
            sources=tuple(p.source for p in proposals), vendors=tuple(p.doc_id for p in proposals),
        )]

    def _wants_more_vendors(self, turn: Turn, routed: IntentResult) -> bool:
        """"다른 업체도 보여 주세요" right after proposals, even when a vendor rule fired for it; after
        answers since, only with vendors in so many words ("다른업체도", not "더 알려 주세요")."""
        state = turn.state
        if not state.last_vendor_need or len(turn.text) > MAX_VENDOR_FOLLOW_UP_CHARS:
            return False
        if not (state.last_vendor_ids or (state.recalled_vendor_ids and VENDOR_NOUN.search(turn.text))):
            return False
        return routed.intent in MORE_VENDORS_INTENTS and bool(MORE_VENDORS.search(turn.text))

    def _vendor_follow_up(self, turn: Turn, routed: IntentResult) -> list[Reply] | None:
        """About the vendors on screen: "첫 번째 거 연락처요", "비전메이트 설치 기간은요?", "거기 가격은?"
        open that vendor's details (its brief has the contact, adoption and cost). "그 업체" is the
        vendor opened last, else the only one proposed; among several the user picks. A question
        back at them that no brief answers ("그건 언제까지예요?") says so, and one pointing at a
        list that is not there ("두 번째 업체는요?") says that."""
        state, text = turn.state, turn.text
        ids, opened = state.last_vendor_ids, state.last_opened_vendor
        if len(text) > MAX_VENDOR_FOLLOW_UP_CHARS:
            return None
        if (ids or opened) and VENDOR_COMPARE.search(text) and not (names_a_shipped_program(text) or self._names_a_program(text)):
            return self._compare_vendors(turn)  # "카라반이랑 비교하면" compares programs (bot/comparison.py)
        if NOT_ONE_VENDOR.search(text):
            return None
        named = [doc_id for doc_id in ids if (name := self._vendors.name_of(doc_id)) and name in text]
        ordinal = VENDOR_ORDINAL.search(text)
        if ordinal and not named:
            if not ids:
                return self._no_vendor_list() if VENDOR_NOUN.search(text) else None
            position = ORDINAL_POSITIONS.get(ordinal.group(1) or "", len(ids) - 1)  # 마지막: the last
            named = [ids[position]] if position < len(ids) else []
        if named:
            return self._about_vendor(turn, named[0])
        referent = opened or (ids[0] if len(ids) == 1 else None)
        if not VENDOR_INFO.search(text):
            if (ids or opened) and BACK_REFERENCE.match(text) and is_question(text):
                return self._not_in_vendor_brief(turn, referent)
            return None
        if not (VENDOR_REFERENCE.search(text) or BACK_REFERENCE.match(text) or "rule:" not in routed.reason):
            return None
        if not (ids or opened):
            return self._no_vendor_list() if VENDOR_REFERENCE.search(text) and VENDOR_NOUN.search(text) else None
        if referent:
            return self._about_vendor(turn, referent)
        return [Reply(texts.ASSISTANT_WHICH_VENDOR, self._details_buttons(ids), intent="vendor_details")]

    def _about_vendor(self, turn: Turn, doc_id: str) -> list[Reply]:
        """A question about one vendor: its price ("그거 얼마임") or contact ("두번째 업체 연락처") from
        its brief, else its details."""
        if VENDOR_PRICE.search(turn.text):
            return self._vendor_price(turn, doc_id)
        if VENDOR_CONTACT.search(turn.text):
            return self._vendor_contact(turn, doc_id)
        return self._vendor_details(turn, doc_id)

    def _vendor_contact(self, turn: Turn, doc_id: str) -> list[Reply]:
        """The brief's contact line, with the card and the booking a tap away."""
        if (details := self._open_vendor(turn, doc_id)) is None:
            return _stale_button()
        buttons = (Button(actions.VENDOR_DETAILS + doc_id, texts.BUTTON_VENDOR_DETAILS.format(name=details.name)),
                   Button(actions.VENDOR_BOOK + doc_id, texts.BUTTON_VENDOR_BOOK.format(name=details.name)),
                   Button(actions.MENU, texts.BUTTON_MENU))
        return [Reply(format_contact(details), buttons, intent="vendor_details", sources=(details.source,), vendors=(doc_id,))]

    def _compare_vendors(self, turn: Turn) -> list[Reply]:
        """The vendors named ("첫번째랑 두번째", with the one opened last) or else all proposed, side by
        side from their briefs; which fits is for the consult. Nothing is ranked or claimed here."""
        state, text = turn.state, turn.text
        ids = state.last_vendor_ids or [state.last_opened_vendor]
        chosen = [ids[position] for found in VENDOR_ORDINAL.finditer(text)
                  if (position := ORDINAL_POSITIONS.get(found.group(1) or "", len(ids) - 1)) < len(ids)]
        chosen += [doc_id for doc_id in ids if (name := self._vendors.name_of(doc_id)) and name in text]
        if chosen and state.last_opened_vendor:
            chosen.append(state.last_opened_vendor)  # "첫번째랑 비교하면" with the second one open
        chosen = list(dict.fromkeys(chosen))
        if len(chosen) < 2:
            chosen = ids
        found = [details for doc_id in chosen if (details := self._vendors.details(doc_id))]
        if not found:
            return _stale_button()
        buttons = self._details_buttons([details.doc_id for details in found]) + (Button(actions.BOOK, texts.BUTTON_BOOK), Button(actions.HUMAN, texts.BUTTON_HUMAN))
        return [Reply(format_comparison(found), buttons, intent="vendor_details",
                      sources=tuple(details.source for details in found), vendors=tuple(details.doc_id for details in found))]

    def _vendor_price(self, turn: Turn, doc_id: str) -> list[Reply]:
        """Briefs give no prices, at most how adopting is paid for (구매형, 월 구독형): that is
        quoted, and the price itself is for the consult."""
        if (details := self._open_vendor(turn, doc_id)) is None:
            return _stale_button()
        terms = [sentence for sentence in SENTENCE_END.split(details.adoption) if PRICE_TERMS.search(sentence)]
        if terms:
            quoted = "\n".join(texts.ANSWER_QUOTE.format(sentence=sentence.strip()) for sentence in terms)
            text = texts.ASSISTANT_VENDOR_PRICE_TERMS.format(name=details.name, terms=quoted)
        else:
            text = texts.ASSISTANT_VENDOR_PRICE_IN_CONSULT.format(name=details.name)
        buttons = (Button(actions.VENDOR_BOOK + doc_id, texts.BUTTON_VENDOR_BOOK.format(name=details.name)),
                   Button(actions.HUMAN, texts.BUTTON_HUMAN), Button(actions.MENU, texts.BUTTON_MENU))
        return [Reply(text, buttons, intent="vendor_details", sources=(details.source,), vendors=(doc_id,))]

    def _recall_vendors(self, turn: Turn, routed: IntentResult) -> list[Reply] | None:
        """"아까 그 업체 연락처", "아까 그 업체로 다시 예약할게요": the vendors shown before the answers
        since come back on screen (the one opened last, else the last list) and the message is
        served with them; "아까 그 업체들 다시 보여줘" shows them. None: the message is served as usual."""
        state, text = turn.state, turn.text
        if not (EARLIER.search(text) and (VENDOR_NOUN.search(text) or VENDOR_REFERENCE.search(text))):
            return None
        if not (state.recalled_vendor_ids or state.recalled_vendor):
            if state.pending_need and SHOW_AGAIN.search(text):
                return self._propose(turn, state.pending_need)  # asked for, never shown: the search it was
            return None
        state.last_vendor_ids, state.last_opened_vendor = list(state.recalled_vendor_ids), state.recalled_vendor
        state.last_question, state.last_doc_ids = None, []  # "거기" is the vendor again, not the last answer
        acts_otherwise = "rule:" in routed.reason and routed.intent not in ("program_question", "vendor_request", "small_talk")
        if acts_otherwise or VENDOR_INFO.search(text) or not SHOW_AGAIN.search(text):
            return None  # booked, handed off, asked about: with the vendor back on screen
        if state.recalled_vendor and not VENDOR_PLURAL.search(text):
            return self._vendor_details(turn, state.recalled_vendor)
        buttons = [button for doc_id in state.recalled_vendor_ids if (name := self._vendors.name_of(doc_id)) for button in (
            Button(actions.VENDOR_DETAILS + doc_id, texts.BUTTON_VENDOR_DETAILS.format(name=name)),
            Button(actions.VENDOR_BOOK + doc_id, texts.BUTTON_VENDOR_BOOK.format(name=name)))]
        names = ", ".join(name for doc_id in state.recalled_vendor_ids if (name := self._vendors.name_of(doc_id)))
        return [Reply(texts.ASSISTANT_RECALLED_VENDORS.format(names=names), tuple(buttons), intent="vendor_request",
                      vendors=tuple(state.recalled_vendor_ids))]

    def _details_buttons(self, ids: list[str]) -> tuple[Button, ...]:
        return tuple(
            Button(actions.VENDOR_DETAILS + doc_id, texts.BUTTON_VENDOR_DETAILS.format(name=name))
            for doc_id in ids if (name := self._vendors.name_of(doc_id))
        )

    def _no_vendor_list(self) -> list[Reply]:
        buttons = (Button(actions.VENDORS, texts.BUTTON_VENDORS), Button(actions.MENU, texts.BUTTON_MENU))
        return [Reply(texts.ASSISTANT_NO_VENDOR_LIST, buttons, intent="vendor_details")]

    def _not_in_vendor_brief(self, turn: Turn, doc_id: str | None) -> list[Reply]:
        """Briefs say what a vendor does, not its dates or terms: a consult can ask; staff see the question."""
        self._log_unanswered(turn, turn.text, "not_in_vendor_brief", None)
        human = Button(actions.HUMAN, texts.BUTTON_HUMAN)
        if doc_id and (name := self._vendors.name_of(doc_id)):
            buttons = (Button(actions.VENDOR_BOOK + doc_id, texts.BUTTON_VENDOR_BOOK.format(name=name)), human, Button(actions.MENU, texts.BUTTON_MENU))
            return [Reply(texts.ASSISTANT_VENDOR_NOT_IN_BRIEF.format(name=name), buttons, intent="vendor_details")]
        return [Reply(texts.ASSISTANT_VENDORS_NOT_IN_BRIEF, self._details_buttons(turn.state.last_vendor_ids) + (human,), intent="vendor_details")]

    def _save_hints(self, user_id: str, text: str) -> str:
        """Keep what the text says about the company; what was kept, to say so ("" when nothing)."""
        hints = extract_hints(text)
        known = {name: getattr(hints, name) for name in SAVED_HINTS if getattr(hints, name)}
        if hints.place:
            known["region"] = hints.place  # "경남 창원": the city too, matching reads the province
        if hints.industry_as_typed:
            known["industry"] = hints.industry_as_typed  # "금형" as written; matching maps it to 금속가공
        if known:
            self._stores.profiles.save(user_id, **known)
        saved = dataclasses.replace(hints, **known)
        return ", ".join(
            texts.PROFILE_FACT.format(field=texts.PROFILE_FIELDS[name], value=_profile_value(saved, name)) for name in known
        )

    # --- company profile -----------------------------------------------------------------

    def _show_profile(self, turn: Turn, prefix: str = "") -> list[Reply]:
        """The profile on screen; what the user types next may state company facts (see _company_facts)."""
        turn.state.awaiting = "profile"
        profile = self._stores.profiles.get(turn.incoming.user_id)
        lines = [prefix, texts.PROFILE_TITLE] if prefix else [texts.PROFILE_TITLE]
        for field, label in texts.PROFILE_FIELDS.items():
            lines.append(f"• {label}: {_profile_value(profile, field)}")
        lines += ["", texts.PROFILE_EDIT_HINT]
        buttons = tuple(
            Button(actions.PROFILE_EDIT + field, texts.BUTTON_PROFILE_EDIT.format(field=texts.PROFILE_FIELDS[field]))
            for field in PROFILE_VALIDATORS
        )
        return [Reply("\n".join(lines), buttons + (Button(actions.MENU, texts.BUTTON_MENU),), intent="profile")]

    def _company_facts(self, turn: Turn, routed: IntentResult, profile_on_screen: bool = False) -> list[Reply] | None:
        """A statement of company facts with no need in it ("창원에서 자동차부품 공장 하고 있는데요",
        "경남 창원 자동차부품 45명") fills the profile and says what was saved: under the profile it
        shows the profile again, with proposals on screen it proposes again for the same need,
        otherwise it asks what the user would like help with. A question, a need or a request by
        rule (a greeting aside) is served as usual."""
        rule = "rule:" in routed.reason and routed.intent != "greeting"
        text = turn.text
        if rule or is_question(text) or COMPANY_NEED.search(text) or len(text) > MAX_PROFILE_FACTS_CHARS:
            return None
        hints = extract_hints(text)
        if not any(getattr(hints, name) for name in SAVED_HINTS) or self._vendors.names_a_need(text):
            return None
        saved = self._save_hints(turn.incoming.user_id, text)
        if profile_on_screen:
            return self._show_profile(turn, prefix=texts.PROFILE_SAVED)
        if turn.state.last_vendor_ids and turn.state.last_vendor_need:
            return _prefixed(self._propose(turn, turn.state.last_vendor_need), texts.VENDORS_FACTS_APPLIED.format(facts=saved))
        text = f"{texts.PROFILE_FACTS_SAVED.format(facts=saved)}\n{texts.PROFILE_FACTS_NEXT}"
        return [Reply(text, _menu_buttons(), intent="profile")]

    def _profile_request(self, turn: Turn) -> list[Reply]:
        """"내 정보" shows the profile; naming a field edits it; asking to delete offers the erasure."""
        field = next((name for name, words in PROFILE_FIELD_WORDS if words.search(turn.text)), None)
        if field is None and ERASE_REQUEST.search(turn.text):
            return self._booking_service.deletion_prompt()  # "지역 지워 주세요" edits the field instead
        if field is None:
            return self._show_profile(turn)
        if field in FIELDS_NAMED_IN_REQUEST:
            value = value_in_edit_request(turn.text)
            return self._edit_profile_field(turn, field, value) if value else self._ask_profile_field(turn, field)
        if field in FIELDS_READ_FROM_SENTENCE and not PROFILE_VALIDATORS[field](turn.text)[1]:
            return self._edit_profile_field(turn, field)
        return self._ask_profile_field(turn, field)

    def _edit_profile_field(self, turn: Turn, field: str, text: str | None = None) -> list[Reply]:
        """Save one field from `text` (the message by default); a complex named brings its region along
        ("반월시화산단": 경기) when the saved region is of another province or none."""
        text = turn.text if text is None else text
        value, error = PROFILE_VALIDATORS[field](text)
        if error:
            turn.state.awaiting = f"profile:{field}"  # still waiting: the user tries again or leaves
            return [Reply(error, (Button(actions.PROFILE, texts.BUTTON_PROFILE), Button(actions.MENU, texts.BUTTON_MENU)), intent="profile")]
        changes = {field: value}
        hints = extract_hints(text)
        if field == "region" and hints.complex_name:
            changes["complex_name"] = hints.complex_name  # "반월시화산단" says more than "경기"
        if field == "complex_name" and hints.region:
            saved = self._stores.profiles.get(turn.incoming.user_id)
            if not (saved and saved.region and extract_hints(saved.region).region == hints.region):
                changes["region"] = hints.place or hints.region
        self._stores.profiles.save(turn.incoming.user_id, **changes)
        return self._show_profile(turn, prefix=texts.PROFILE_SAVED)

    # --- actions -------------------------------------------------------------------------

    def _on_action(self, turn: Turn, action: str) -> list[Reply]:
        prefix, argument = actions.split(action)
        if prefix in LEAVES_AWAITED_TEXT:
            turn.state.awaiting = None  # "처음으로" mid-prompt: the next message is not the answer to it
        if prefix in (actions.FEEDBACK_UP, actions.FEEDBACK_DOWN):
            return self._feedback(turn, argument, "up" if prefix == actions.FEEDBACK_UP else "down")
        if prefix == actions.VENDOR_DETAILS:
            return self._vendor_details(turn, argument)
        if prefix == actions.VENDOR_BOOK:
            return self._start_vendor_booking(turn, argument)
        if prefix == actions.PROFILE_EDIT and argument in PROFILE_VALIDATORS:
            return self._ask_profile_field(turn, argument)
        if prefix == actions.SKIP and turn.state.awaiting == "vendor_profile":
            turn.state.awaiting = None
            return self._propose(turn, turn.state.pending_need or "")
        simple = {
            actions.MENU: lambda: [Reply(texts.ASSISTANT_WELCOME, _menu_buttons(), intent="greeting")],
            actions.HELP: self._help,
            actions.ASK: lambda: [Reply(texts.ASSISTANT_ASK_PROMPT, intent="ask")],
            actions.VENDORS: lambda: self._new_vendor_search(turn),
            actions.BOOK: lambda: self._start_booking(turn),
            actions.HUMAN: lambda: self._handoff(turn, "dissatisfied" if turn.state.dissatisfaction else "user_request"),
            actions.PROFILE: lambda: self._show_profile(turn),
        }
        if prefix in simple:
            return simple[prefix]()
        return _stale_button()

    def _await(self, turn: Turn, what: str, prompt: str, buttons: tuple[Button, ...] = ()) -> list[Reply]:
        turn.state.awaiting = what
        return [Reply(prompt, buttons, intent=what)]

    def _ask_profile_field(self, turn: Turn, field: str) -> list[Reply]:
        """One field's prompt, with a way back to the profile unchanged."""
        back = (Button(actions.PROFILE, texts.BUTTON_PROFILE_KEEP), Button(actions.MENU, texts.BUTTON_MENU))
        return self._await(turn, f"profile:{field}", texts.PROFILE_ASK[field], back)

    def _feedback(self, turn: Turn, answer_id: str, value: str) -> list[Reply]:
        before = self._stores.answers.get(answer_id)
        if not self._stores.answers.vote(answer_id, turn.incoming.user_id, value):
            return _stale_button()
        if value == "up":
            turn.state.dissatisfaction = 0
            return [Reply(texts.ASSISTANT_FEEDBACK_THANKS_UP, _menu_buttons(), intent="feedback")]
        turn.state.dissatisfaction += 1
        if before is not None and before.vote != "down":  # a second tap on 👎 is not a second complaint
            self._log_unanswered(turn, before.question, "thumbs_down", before.confidence)
        buttons = (Button(actions.HUMAN, texts.BUTTON_HUMAN), Button(actions.ASK, texts.BUTTON_ASK))
        return [Reply(texts.ASSISTANT_FEEDBACK_THANKS_DOWN, buttons, intent="feedback")]

    def _open_vendor(self, turn: Turn, doc_id: str) -> VendorDetails | None:
        """A vendor's brief, which is now what "그 업체" and "그건 언제까지예요?" are about; None
        when it is gone (an old button)."""
        details = self._vendors.details(doc_id)
        if details is not None:
            turn.state.last_opened_vendor = turn.state.recalled_vendor = doc_id
            turn.state.last_question, turn.state.last_doc_ids = None, []
        return details

    def _vendor_details(self, turn: Turn, doc_id: str) -> list[Reply]:
        """A vendor's details."""
        if (details := self._open_vendor(turn, doc_id)) is None:
            return _stale_button()
        buttons = (Button(actions.VENDOR_BOOK + doc_id, texts.BUTTON_VENDOR_BOOK.format(name=details.name)), Button(actions.MENU, texts.BUTTON_MENU))
        return [Reply(format_details(details), buttons, intent="vendor_details", sources=(details.source,), vendors=(doc_id,))]

    # --- booking and handoff -------------------------------------------------------------

    def _with_booking(self, turn: Turn, call) -> list[Reply]:
        """Run a booking-service call on the flow's own part of the dialogue state."""
        booking = turn.state.booking or {}
        replies = call(turn.incoming.user_id, booking)
        turn.state.booking = booking or None
        if replies and not is_active(turn.state.booking) and not replies[-1].buttons:
            # The flow ended (booked, moved, cancelled, refused) or never ran: never a dead end.
            replies = [*replies[:-1], dataclasses.replace(replies[-1], buttons=_menu_buttons())]
        return replies

    def _start_booking(self, turn: Turn) -> list[Reply]:
        turn.state.awaiting = None
        return self._with_booking(turn, lambda user_id, booking: self._booking_service.start(user_id, booking, request=turn.text))

    def _booking_request(self, turn: Turn) -> list[Reply]:
        """"상담 예약할게요"; naming a vendor ("비전메이트 상담 예약할게요") books that vendor, as its
        button does, and so does pointing at the vendor on screen ("아까 그 업체로 예약할게요": the one
        opened last, else the only one proposed)."""
        named = self._vendors.named_in(turn.text)
        if not named and VENDOR_REFERENCE.search(turn.text):
            state = turn.state
            named = state.last_opened_vendor or (state.last_vendor_ids[0] if len(state.last_vendor_ids) == 1 else None)
        return self._start_vendor_booking(turn, named) if named else self._start_booking(turn)

    def _start_vendor_booking(self, turn: Turn, doc_id: str) -> list[Reply]:
        turn.state.awaiting = None
        details = self._vendors.details(doc_id)
        name = details.name if details else None
        return self._with_booking(turn, lambda user_id, booking: self._booking_service.start(
            user_id, booking, vendor=doc_id, vendor_name=name, request=turn.text))

    def _manage_bookings(self, turn: Turn) -> list[Reply]:
        """"예약 취소할게요", "예약 시간 바꾸고 싶어요": straight to it when there is one booking, else 내 예약."""
        turn.state.awaiting = None
        return self._with_booking(turn, lambda user_id, booking: self._booking_service.manage(user_id, booking, turn.text))

    def _booking_text(self, turn: Turn) -> list[Reply]:
        """Free text during the booking flow: a step's answer, a question answered before the step
        is asked again, or a plain request for something else, which sets the booking aside."""
        routed = self._router.classify(turn.text)
        parses_first = turn.state.booking.get("step") in PARSES_FIRST
        if not parses_first and (left := self._leave_booking_for(turn, routed)) is not None:
            return left
        replies = self._with_booking(turn, lambda user_id, booking: self._booking_service.on_text(user_id, booking, turn.text))
        if replies is not None:
            return replies
        if parses_first and (left := self._leave_booking_for(turn, routed)) is not None:
            return left
        answered = [dataclasses.replace(reply, buttons=tuple(b for b in reply.buttons if b.action not in HIDDEN_MID_BOOKING))
                    for reply in self._on_text(turn, routed=routed)]
        return answered + self._with_booking(turn, self._booking_service.resume)

    def _leave_booking_for(self, turn: Turn, routed: IntentResult) -> list[Reply] | None:
        """A plain request for a consultant, 내 예약 or vendors sets the booking aside and is served."""
        if routed.intent not in LEAVES_BOOKING_INTENTS or "rule:" not in routed.reason:
            return None
        if routed.intent == "vendor_request" and turn.state.booking.get("step") == TOPIC:
            return None  # "로봇 업체 추천 상담" is what the consult is about
        if routed.intent == "my_bookings" and (change_request(turn.text) is not None or is_cancel(turn.text)):
            return None  # "예약 시간 바꿔 주세요" changes the booking being made, "예약 취소할게요" stops it
        set_aside = self._set_booking_aside(turn)
        return _prefixed(self._on_text(turn, routed.intent), set_aside)

    def _set_booking_aside(self, turn: Turn) -> str:
        """End a booking flow in progress; what to say about it ("" when there was none): nothing
        was booked, or, for a reschedule or a cancel question, the booking stays as it was."""
        if not is_active(turn.state.booking):
            return ""
        said = self._booking_service.set_aside_text(turn.state.booking)
        turn.state.booking = None
        return said

    def _my_bookings(self, turn: Turn) -> list[Reply]:
        replies = self._booking_service.my_bookings(turn.incoming.user_id)
        if replies and not replies[-1].buttons:  # none booked: the menu's "상담 예약" is the way on
            replies = [*replies[:-1], dataclasses.replace(replies[-1], buttons=_menu_buttons())]
        return replies

    def _handoff(self, turn: Turn, reason: str) -> list[Reply]:
        turn.state.awaiting = None
        self._set_booking_aside(turn)  # a flow left behind would catch the user's first message after the handoff
        return list(self._handoff_service.request(turn.incoming.user_id, reason).replies)

    def _help(self) -> list[Reply]:
        return [Reply(texts.ASSISTANT_HELP, _menu_buttons(), intent="help")]


def _stale_button() -> list[Reply]:
    return [Reply(texts.ASSISTANT_STALE_BUTTON, _menu_buttons(), intent=STALE_INTENT)]


def _menu_buttons() -> tuple[Button, ...]:
    return (
        Button(actions.ASK, texts.BUTTON_ASK),
        Button(actions.VENDORS, texts.BUTTON_VENDORS),
        Button(actions.BOOK, texts.BUTTON_BOOK),
        Button(actions.HUMAN, texts.BUTTON_HUMAN),
    )


def _prefixed(replies: list[Reply], notice: str) -> list[Reply]:
    """The replies with `notice` opening the first one."""
    if not notice or not replies:
        return replies
    return [dataclasses.replace(replies[0], text=f"{notice}\n\n{replies[0].text}"), *replies[1:]]


def _with_notices(incoming: Incoming, replies: list[Reply]) -> list[Reply]:
    """Say so when the message was cut or was an edit, before the answer itself."""
    notices = []
    if incoming.edited:
        notices.append(texts.ASSISTANT_EDITED)
    if len(incoming.text) > MAX_INPUT_CHARS:
        notices.append(texts.ASSISTANT_TOO_LONG.format(limit=MAX_INPUT_CHARS))
    return _prefixed(replies, "\n".join(notices))


def _profile_value(profile, field: str) -> str:
    value = getattr(profile, field, None) if profile else None
    if value in (None, ""):
        return texts.PROFILE_EMPTY_VALUE
    return texts.PROFILE_EMPLOYEES_VALUE.format(count=value) if field == "employees" else str(value)


def _follows_up_an_answer(turn: Turn, routed: IntentResult) -> bool:
    """A short question in the very next turn after a program answer ("몇 번 한다고?") asks about
    that answer, though out of context it reads as chit-chat. Only a similarity guess is
    overruled: chit-chat or out-of-scope when the message sounds like a follow-up, a vendor
    request when it is a question with no need in it ("우리 공장도 받을 수 있나?")."""
    if not turn.after_answer or "rule:" in routed.reason or len(_without_fillers(turn.text)) > MAX_FOLLOW_UP_CHARS:
        return False
    if (routed.intent == "small_talk" and FOLLOW_UP_QUESTION.search(turn.text) and not ABOUT_THE_BOT.search(turn.text)
            and not REACTION.match(_without_fillers(turn.text))):
        return True  # "대통령 오나요" after 산단위크 answers: about the event, not chit-chat
    if routed.intent in FOLLOW_UP_OVERRULES:
        bare = _without_fillers(turn.text)
        dialect = DIALECT_QUESTION.search(bare) and not ABOUT_THE_BOT.search(bare) and not REACTION.match(bare)
        return bool(FOLLOW_UP_CUE.search(turn.text) or DETAIL_ALONE.match(bare) or dialect)
    return routed.intent == "vendor_request" and is_question(turn.text) and not COMPANY_NEED.search(turn.text)


def _ends_after_courtesy(text: str) -> bool:
    """"네 감사합니다 이제 끝낼게요": a request to end the handoff behind thanks or a greeting (the
    plain request is the handoff service's own)."""
    normalised, courteous = normalise(text or "", MAX_FOLLOW_UP_CHARS * 4), False
    while found := split_preface(normalised):
        normalised, courteous = normalise(found[1], MAX_FOLLOW_UP_CHARS * 4), True
    return courteous and bool(normalised.compact) and is_end_phrase(normalised.text)


def question_topic(question: str | None, tokenizer: KoreanTokenizer) -> str | None:
    """The nouns of a question as written ("카라반 신청은 어떻게 해요?" → "카라반 신청")."""
    if not question:
        return None
    spans: list[list[int]] = []
    for token in tokenizer.analyse(question):
        if not token.tag.startswith(TOPIC_TAGS) or token.form in QUESTION_NOUNS:
            continue
        if spans and spans[-1][1] == token.start:
            spans[-1][1] = token.start + token.len  # "실증산단", split by Kiwi, stays one word
        else:
            spans.append([token.start, token.start + token.len])
    return " ".join(question[start:end] for start, end in spans) or question


def _leaves_a_number(text: str, routed: IntentResult) -> bool:
    """"제 전화번호는 010-1234-5678이에요" outside a booking: a wish to be called, which no document
    answers; a booking or handoff asked for in so many words beside it goes its own way."""
    return not ("rule:" in routed.reason and routed.intent in ("booking", "human")) and find_phone(text)[0] is not None


def _without_fillers(text: str) -> str:
    """"ㅋㅋㅋㅋ 그니까 그거 언제까지냐고요" → "그거 언제까지냐고요": what a follow-up's length is measured on."""
    return " ".join(FOLLOW_UP_FILLER.sub(" ", text).split())


def _foreign_language(text: str) -> bool:
    """Written mostly in letters other than Hangul (English, Chinese, Japanese), so a decline says the
    documents are Korean; code or SQL pasted in is in no such language."""
    letters = [char for char in text if char.isalpha()]
    if not letters or CODE_LIKE.search(text):
        return False
    hangul = sum("\uac00" <= char <= "\ud7a3" or "\u3131" <= char <= "\u318e" for char in letters)
    return hangul <= 0.2 * len(letters)


def _clean_text(text: str) -> str:
    return _head_and_tail(" ".join(text.split()))


def _head_and_tail(text: str) -> str:
    """A message too long keeps its start and its end, where the question usually is
    ("…(사정 설명)… 카라반 신청은 어떻게 해요?")."""
    if len(text) <= MAX_INPUT_CHARS:
        return text
    half = (MAX_INPUT_CHARS - len(LONG_TEXT_GAP)) // 2
    return text[:half] + LONG_TEXT_GAP + text[-half:]


def _describe(incoming: Incoming) -> str:
    """The transcript line for an incoming event (what a consultant reading the history needs)."""
    if incoming.action:
        return texts.TRANSCRIPT_BUTTON.format(label=actions.describe(incoming.action))
    if incoming.command:
        return f"/{incoming.command}"
    if incoming.attachment:
        kind = texts.HANDOFF_ATTACHMENT_NAMES.get(incoming.attachment, texts.HANDOFF_ATTACHMENT_NAMES["other"])
        return texts.TRANSCRIPT_ATTACHMENT.format(kind=kind, caption=_head_and_tail(incoming.text)).strip()
    return _head_and_tail(incoming.text)  # what was read and answered, line breaks kept
