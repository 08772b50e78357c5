"""Intent routing without an LLM: precise rules first, then similarity to example utterances.

When neither is sure, the answer is `program_question`: the retriever and its confidence decide.
"""

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field

from embeddings import Embedder

Intent = Literal[
    "program_question",
    "vendor_request",
    "booking",
    "human",
    "greeting",
    "help",
    "thanks",
    "negative_feedback",
    "profile",
    "my_bookings",
    "small_talk",
    "out_of_scope",
]
INTENTS: tuple[Intent, ...] = get_args(Intent)
DEFAULT_EXAMPLES = Path(__file__).with_name("intent_examples.yaml")
FALLBACK: Intent = "program_question"
# Intents the rules recognise reliably (small_talk's rule covers only bare jamo, so it is not one).
RULE_INTENTS: tuple[Intent, ...] = (
    "booking", "human", "greeting", "help", "thanks", "negative_feedback", "profile", "my_bookings",
)
SOFTMAX_TEMPERATURE = 0.01
NEGATIVE_EMOJI = frozenset("👎😡🤬😠😤💢😞😩😫🙄😒")
# "가가가가…", "ㅁㅁㅁ" aside: a long run of one or two characters says nothing; the help says what does.
MIN_REPEATED_CHARS = 6
AGREEING = frozenset("네예응넵")  # "네네네네네네" is eager agreement: chit-chat, not noise


class IntentSettings(BaseModel):
    """The `intents:` section of config.yaml. Defaults chosen by leave-one-out accuracy on the
    examples file, with the retrieval golden questions as a second opinion (bench/intents.py
    --tune); the labelled evaluation set is never used for tuning."""

    model_config = ConfigDict(extra="forbid")

    examples_path: Path | None = None  # None: the bundled bot/intent_examples.yaml
    # Each intent is scored by the mean cosine of its this-many examples nearest to the text.
    neighbours_per_intent: int = Field(default=3, ge=1)
    # Subtracted from the cosine of examples of intents the rules cover: when no rule fired,
    # those intents are much less likely than their surface similarity suggests.
    rule_intent_handicap: float = Field(default=0.05, ge=0.0, le=1.0)
    # Best score below this: nothing is similar enough, so program_question.
    similarity_floor: float = Field(default=0.85, ge=-1.0, le=1.0)
    # Winner ahead of program_question (the runner-up) by less than this: program_question.
    vote_margin: float = Field(default=0.0, ge=0.0, le=1.0)
    # The intent sits in the first sentences, and embedding cost grows with length.
    max_embed_chars: int = Field(default=120, ge=16)
    max_rule_chars: int = Field(default=1000, ge=16)


@dataclass(frozen=True)
class IntentResult:
    intent: Intent
    confidence: float  # 0–1: 1.0 for a rule, the winner's softmax share for similarity, 0.0 for the fallback
    # How it was decided: "rule:human", "similar:vendor_request:0.912", "floor:0.801",
    # "ambiguous:vendor_request/program_question", "default" (no embedder), "empty"; a greeting or
    # thanks in front of more text prefixes the rest's reason: "greeting+rule:human".
    reason: str


@dataclass(frozen=True)
class IntentExamples:
    """Example utterances, one label each: the similarity stage's only training data."""

    texts: tuple[str, ...]
    labels: tuple[Intent, ...]

    def for_intent(self, intent: Intent) -> tuple[str, ...]:
        return tuple(text for text, label in zip(self.texts, self.labels) if label == intent)


def load_examples(path: Path | None = None) -> IntentExamples:
    """Read the YAML mapping intent → utterances; unknown intents are an error, not ignored."""
    path = path or DEFAULT_EXAMPLES
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    unknown = sorted(set(raw) - set(INTENTS))
    if unknown:
        raise ValueError(f"{path}: unknown intents {unknown}")
    pairs = dict.fromkeys(
        (unicodedata.normalize("NFC", str(text)).strip(), intent)
        for intent, texts in raw.items()
        for text in texts or ()
    )
    pairs = [(text, intent) for text, intent in pairs if text]
    return IntentExamples(tuple(text for text, _ in pairs), tuple(intent for _, intent in pairs))


# --- normalisation ------------------------------------------------------------------------

# Same-length fixes only: compact positions must keep mapping onto the spaced text.
TYPOS = (
    ("연겷", "연결"), ("연걸", "연결"), ("얀결", "연결"), ("상담사", "상담원"), ("상담웡", "상담원"),
    ("얘약", "예약"), ("예악", "예약"), ("예얔", "예약"), ("에약", "예약"), ("취쇠", "취소"),
    ("감사함니다", "감사합니다"), ("감사합니당", "감사합니다"), ("고맙슴니다", "고맙습니다"),
)
# A trailing 여/용 for 요 ("해주세여", "고마워용") is the commonest chat spelling.
_CASUAL_ENDING = re.compile(r"(?<=[세해워어아셔봐줘래까데네니])[여용](?=$|[^가-힣])")
_JAMO = re.compile(r"[ㄱ-ㅎㅏ-ㅣ]")


@dataclass(frozen=True)
class Normalised:
    """The text NFC, trimmed, whitespace collapsed (case kept: that string is also what search
    embeds, so the embedder's query cache serves both), and a compact lowercase form (letters
    and digits only, typos fixed) for the rules, with each compact character's position."""

    text: str
    compact: str
    positions: tuple[int, ...]

    def without(self, start: int, end: int) -> str:
        """The spaced text with compact[start:end] cut out."""
        cut_from = self.positions[start]
        cut_to = self.positions[end - 1] + 1
        return " ".join((self.text[:cut_from] + " " + self.text[cut_to:]).split())


def normalise(text: str, limit: int) -> Normalised:
    text = " ".join(unicodedata.normalize("NFC", text[: limit * 2]).split())[:limit]
    kept = [(index, _lower(char)) for index, char in enumerate(text) if char.isalnum()]
    compact = "".join(char for _, char in kept)
    for wrong, right in TYPOS:
        compact = compact.replace(wrong, right)
    compact = _CASUAL_ENDING.sub("요", compact)
    return Normalised(text, compact, tuple(index for index, _ in kept))


def _lower(char: str) -> str:
    # A few characters lowercase to two ("İ"); keeping them keeps compact positions aligned.
    lowered = char.lower()
    return lowered if len(lowered) == 1 else char


# --- rules --------------------------------------------------------------------------------

# Phrases that open or close a message: a greeting, thanks, or "no, not that". They decide only
# when nothing but filler is left without them: "안녕하세요 카라반 신청 어떻게 해요?" is a question.
PREFACES: tuple[tuple[Intent, str], ...] = (
    ("greeting", r"^((안녕(?!히)(하세요|하십니까|하세용|하세염)?|안뇽|하이(요|루)?|헬로우?|hello|hi(?![a-z])|hey(?![a-z])|ㅎㅇ+"
                 r"|반가워요|반갑습니다|방가(방가|워요)?|좋은(아침|오후|저녁)(입니다|이에요|이요|요)?"
                 r"|굿모닝|goodmorning|你好|您好|여보세요|저기요|여기요|계세요|처음뵙겠습니다|처음(왔어요|이에요|이예요))(요)?)+"),
    ("thanks", r"감사(합니다|해요|해|드립니다|드려요|하다|요|감사|함다)|^감사$|고마(워요|워|웠어요|워서)|고맙(습니다|네요|다)"
               r"|감솨|땡큐|땡스|thankyou|thanks|thx|ㄳ+|(ㄱㅅ)+|수고(하세요|하셨습니다|많으세요|많으셨어요)"
               r"|안녕히(계세요|가세요)|좋은하루(되세요|보내세요)"
               r"|도움(이|가)?(많이|정말|진짜|너무|꽤|큰)?(됐|되었|됩니다|되네)(어요|습니다|네요|어)?"),
    ("negative_feedback", r"^(아니|아뇨|아니요|아니오)?((그게|그거|그건)아니(라|고)|(그거|그건|이거)말고)(요)?"),
)
_FILLER = re.compile(
    r"(네|넵|예|아|오|와|정말|진짜|너무|대단히|많이|많은|큰|잘|덕분에|알겠습니다|알겠어요|알았어요|좋은정보|정보"
    r"|친절한|답변|설명|알려주셔서|알려줘서|해주셔서|항상|늘|오늘도|요|어요|여러분|님|선생님|there|everyone|all)*"
)

# Words that may open a short command without changing it ("그럼 예약할게요").
_LEAD = r"^(그럼|그러면|그리고|그냥|네|넵|아|음|저|저기|혹시|일단)*"

# A day or time in the compact text ("금요일", "4시", "1430", "내일"), the "로" after it, and a verb of moving.
_WHEN_WORD = (r"오늘|내일모레|내일|모레|글피|엊그제|그저께|그제|어제|이번주|다음주|담주|다다음주|지난주|저번주|[월화수목금토일]요일"
              r"|\d{1,2}월|\d{1,2}일|오전|오후|아침|저녁|낮|밤|새벽|\d{1,2}시|반|\d{1,2}분|\d{3,4}")
_WHEN_END = r"(요일|\d일|\d시|시반|\d분|\d{3,4}|오늘|내일|모레|글피|어제|그제|그저께|다음주|담주|이번주)(에|쯤)?(으로|로)"
_MOVE_VERB = r"(바꿔|바꾸|바꿀|변경|옮겨|옮기|옮길|미뤄|미루|미룰|연기|당겨|당기|당길)"

# The shipped programs by name, in the compact text ("카라반", "실증산단", "ax").
PROGRAM_NAMES = (
    r"카라반|캬라반|실증산단|실증단지|테스트베드|testbed|산단위크|산업단지위크|산업단지의날|산단의날|수출박람회|kicef"
    r"|킨텍스|무비데이|dx챌린지|디지털전환챌린지|산학연협의체|탄소중립산단|탄소중립산업단지|(?<![a-z])ax(?![a-z])"
)

# A short edit request's verb and ending, up to the end of the message ("바꿔줘", "변경할게요").
_EDIT_END = r"(수정|변경|바꿔|바꾸|바꿀|고쳐|고치|고칠)(해|할|하)?(주세요|줘요|줘|줄래요|주실래요|게요|래요|고싶어요|고싶은데요?|요)?$"

# (intent, patterns): regexes searched in the compact text. The first intent with a match wins,
# so narrower intents come first: 예약 확인 before 예약, 회사 이름 바꿔 before 사람 바꿔.
RULES: tuple[tuple[Intent, tuple[str, ...]], ...] = (
    ("my_bookings", (
        r"^(내|제|나의|저의)(상담)?(예약|일정)",
        r"예약.{0,8}확인|예약(된|한|해둔)(거|것|상담)(있|없)",
        r"예약(을|를)?(좀)?(미루|미뤄|미룰|연기|옮기|옮겨|옮길|당기|당겨|당길|바꾸|바꿔|바꿀|변경)",
        r"(잡아둔|잡아놓은|예약해둔|예약해놓은)(상담|예약|일정)",
        r"예약(확인|취소|변경|내역|목록|조회|현황)",
        r"예약(한|했던|된|해둔|해놓은|잡은)(거|것|상담|내역)?.{0,8}(확인|취소|변경|바꾸|바꿔|보여|언제|조회|몇시|며칠|몇일|무슨요일|시간|날짜)",
        r"(예약|상담)(날짜|날자|시간|일정|일자)(을|를)?(변경|바꾸|바꿔|수정|미루|옮기)",
        r"예약.{0,10}취소|(상담|예약)(을|를)?.{0,12}취소(해|할|하고)",
        # Moving it to a day or time named with it: "예약 금요일 4시로 바꿔 주세요", "내일 오후 2시로 예약
        # 옮겨 주세요", "상담 시간 다음주 화요일 10시로 변경해 줘요", and only the time: "어제 3시로 바꿔 주세요".
        r"(예약|상담)(날짜|날자|시간|일정|일자)?.{0,14}" + _WHEN_END + r"(좀)?" + _MOVE_VERB,
        _WHEN_END + r"(상담)?예약(을|를|좀)*" + _MOVE_VERB,
        r"^(" + _WHEN_WORD + r"|에|쯤)+(으로|로)(좀)?" + _MOVE_VERB,
    )),
    ("profile", (
        r"프로필|마이페이지",
        # The complex field ("산업단지 반월시화로 바꿔줘", "산단 변경할게요"): short, about the company's
        # own complex, not "산업단지를 혁신 공간으로 바꾸는 사업" (a program question).
        r"^(우리|저희|제|내)?(회사)?(산업단지|산단|공단)(이름|명)?(을|를|은|는|이|가)?(좀)?" + _EDIT_END,
        r"^(우리|저희|제|내)?(회사)?(산업단지|산단|공단)(이름|명)?(을|를|은|는|이|가)?[가-힣a-z0-9]{1,14}(으로|로)(좀)?" + _EDIT_END,
        r"^(내|제|저희|우리)(회사|기업)?정보",
        r"(회사|기업)정보(를|을|좀)*(확인|보기|보여|수정|변경|바꾸|바꿔|바꿀|고치|고쳐|고칠|업데이트|삭제)",
        r"(등록|입력)(된|한|했던)(회사|기업|내|제)?정보.{0,6}(확인|보기|보여|수정|변경|바꾸|바꿔|고치|고쳐|삭제)",
        r"(업종|지역|소재지|주소|회사명|회사이름|상호|직원수|회사규모|규모|연락처|전화번호|담당자이름|내이름|제이름)"
        r"(을|를|이|가|도)?.{0,10}(수정|변경|바꾸|바꿔|바뀌|바뀐|고치|고쳐|잘못|업데이트|늘었)",
    )),
    ("negative_feedback", (
        r"^(아니|아뇨|아니요|아니오)?(그게|그거|그건)아니(라|고|에요|예요|잖아|야|거든)",
        r"^(아니|아뇨|아니요|아니오)?(그거|그건|이거)말고",
        r"틀렸|틀린(답|정보|내용|말|얘기)|틀려요|틀리잖",
        r"(답|답변|대답|말|소리)(이|가)?(좀|영|너무|완전|진짜)?(이상|엉뚱|엉터리|황당)(?!하면|할때|할경우)",
        r"(이상|엉뚱|엉터리|황당)한(답|답변|대답|소리|말|얘기)",
        r"동문서답|무슨소리|뭔소리|엉터리|쓸모없",
        r"(질문|말|뜻)(을|를)?(이해|알아)(를)?못|못알아듣",
        r"잘못(알려|말|된정보|된답|안내|답)",
        r"상관없는(답|말|얘기|소리|내용)|(질문|물어본)(거|것)?(이랑|과|하고)(상관|관련)없",
        r"물어본(게|거|것)?(아니|아닌)|물어본(거|것|게)?(랑|이랑|과|하고)?(달라|다르|다른데)",
        r"(답|답변|대답|정보)(이|가)?(좀|전혀)?(맞지않|안맞)",
        r"말이안(되|돼)",
        r"(전혀|하나도|별로|영|1도)도움(이)?안",
        r"^(별로(네요|예요|에요|다|야|네)?|도움안됨)$",
        r"(전혀|완전)다른(얘기|말|소리|답)",
        r"^제대로(좀)?(알려|답|대답|말)",
        # Frustration, not a question: an apology and a consultant, never "thanks for saying so".
        # Short and with no need in it: "재고 관리가 너무 답답해요" is a problem to solve.
        r"^(?=.{0,15}$)(?!.*(싶|자동화|업체|관리|모니터|추천|도입|솔루션|시스템|작업|공정|라인))"
        r".*(답답(하|해|함|합니다|하네|하다)|짜증|열받|빡치|^화나|왜(이렇게|이리|자꾸)(느려|느리|답답|못|안|이상|엉뚱|이래))",
        r"^(제발|좀)*(빨리|얼른|급해|급합니다|급한데)(요|좀|빨리|얼른|급해|급해요|급합니다)*$",
        # "왜 대답을 못해", "답을 왜 안 해요": the bot failed to answer, whatever the words around it.
        r"왜(대답|답변|답)(을|를|이|도)?(좀)?(못|안|없)|(대답|답변|답)(을|를|이|도)?왜(못|안|없)",
        # Swearing, with no need in it ("ㅅㅂ 프레스가 또 멈췄어요" is still a problem to solve):
        # a calm apology and a consultant, never a vendor search. "시발점" is a starting point.
        r"^(?!.*(싶|자동화|업체|추천|도입|솔루션|시스템|고장|불량|멈|사고|지원|신청|카라반|실증))"
        r".*(씨발|씨바|씨팔|시발(?!점|역|택시)|시바(?!견|이누)|시벌|ㅅㅂ|ㅆㅂ|ㅅㅍ|존나|졸라|ㅈㄴ|개새|개색|개같|병신|븅신|ㅂㅅ|ㅄ|좆|지랄|ㅈㄹ|꺼져|닥쳐"
        r"|fuck|shit|wtf)",
        # Scorn ("장난하나 진짜", "이것도 모르면 뭘 알아요"): short, about the bot, never a need.
        r"^(?=.{0,20}$)(?!.*(싶|자동화|업체|추천|장난감))"
        r".*(장난(하|해|치|쳐|이야|이냐|이지)|(이것|그것|이거|그거)도모르|뭘알아|아는게(없|하나도)|바보|멍청|한심)",
    )),
    ("human", (
        r"상담원(님|분)?(이랑|랑|하고|과|와|한테|에게|을|를|으로|좀|이요|요)?(직접|좀|바로|빨리|그냥|다시|계속|한번|또|더)*"
        r"(연결|바꿔|바꾸|통화|얘기|이야기|대화|채팅|불러|부르|넘겨|부탁)",
        r"(담당자|매니저|실무자)(님|분)?(이랑|랑|하고|과|와|한테|에게|을|를|으로|좀|이)?(직접|좀|바로|그냥|다시|계속|한번|또|더)*"
        r"(연결|바꿔|통화|얘기|이야기|대화|채팅|불러|넘겨|상담하|물어볼)(?!도)",
        # 사람/직원 take no object particle: "사람을 불러서 검사해요" is a factory, not a handoff.
        r"(사람|직원)(님|분)?(이랑|랑|하고|과|와|한테|에게)?(직접|좀|바로|그냥|다시|계속|한번|또|더)*"
        r"(연결|바꿔|통화|얘기|이야기|대화|채팅|불러|넘겨|상담하|물어볼)(?!도)",
        r"^(사람|진짜사람|실제사람)?(상담원|담당자|사람)(님|분)?(이요|요|좀요|좀|부탁해요|부탁드려요|부탁합니다|있어요|있나요)?$",
        r"(봇|챗봇|로봇|기계|ai)(말고|아니고|대신)(진짜|실제|그냥)?(사람|상담원|직원|담당자)",
        r"사람이(답|대답|응대|상담)",
        r"(talk|speak|chat)(to|with)(a|an|the)?(human|person|agent|operator|someone|realperson|consultant)",
        r"humanagent|realperson|liveagent|^(agent|operator|human)(please)?$",
    )),
    ("booking", (
        _LEAD + r"(상담|컨설팅|미팅|방문상담)?예약(이요|요|하기|할게요?|할래요?|하려(고|구)요?|하고싶(어요|습니다|은데요?)"
        r"|해(주세요|줘|줘요|줄래요|주실래요)|좀(해주세요|해줘|해줘요|할게요)?|부탁(해요|드려요|드립니다)?)?$",
        r"^예약(이)?가능",
        # With a vendor ("그 업체로 예약할게요", "이 회사랑 상담 예약하고 싶어요").
        r"(업체|기업|회사)(로|으로|랑|이랑|하고|와|과|에)?(다시|새로|또)?(상담|미팅)?예약(을|를)?(할|하고싶|하려|해주|해줘|잡|부탁|하겠|요$|$)",
        # Booking again ("다시 예약할게요", "아까 그 업체로 다시 예약할게요").
        r"(다시|새로|또|한번더)(상담)?예약(을|를)?(할|하고싶|하려|해주|해줘|잡|부탁|하겠)|예약(을|를)?(다시|새로|또|한번더)(할|하고싶|하려|해주|해줘|잡|부탁)",
        r"예약(을|를)?(하나|한개|한건|한번)더(할|하고싶|하려|해주|해줘|잡|부탁|하겠|요$|$)|(하나|한개|한건)더(상담)?예약",
        r"(상담|컨설팅|미팅|면담)(일정|날짜|시간|약속)?(을|를|좀)?(예약|신청|잡|정하)",
        r"상담(을|를)?(받고싶|받아보고싶)",
        r"(시간|날짜|일정)(을|를)?(좀)?잡아",
        r"(월|화|수|목|금|토)요일.{0,8}상담(가능|되|돼|될)",
        r"(다음주|이번주|내일|모레).{0,6}상담(가능|되|돼|될)",
        r"(컨설턴트|전문가)(랑|와|하고|를)?(만나고|미팅|상담약속)",
        r"book(a|an)?(consult|meeting|appointment|call)|^(reservation|book|booking)$",
    )),
    ("help", (
        r"^(도움말|도움|사용법|사용방법|이용방법|이용안내|메뉴|기능|명령어|가이드|help|도와주세요|start|시작|처음으로|처음화면|메인화면)"
        r"(보여줘요?|보여주세요|알려줘요?|알려주세요|좀|요|목록|이요)?$",
        r"^(너는|넌|여기서|여기|이거|이걸로|이봇|봇|챗봇|당신은|상담봇)?(뭐|뭘|무엇을|무슨일을?|어떤걸)(를)?"
        r"(할수있|해줄수있|해주|도와줄수|도와주|물어보면|물어봐야|물어볼수|질문하면|질문할수)",
        r"^(이거|이봇|봇|챗봇|상담봇|이서비스|여기|이건)?(어떻게|어케|어찌)(써|쓰|사용|이용)",
        r"^(기능|사용법|사용방법|이용방법|쓰는법)(좀)?(알려|뭐|있|설명|보여)",
        r"^(무슨|어떤)기능|^(어떤|무슨)질문(을)?(할수|하면|해야)",
        r"^(너는|넌|여기서)?(할수있는|해줄수있는)(게|거|것|일)(이)?(뭐|뭔|무엇)",
        r"^(이|이거|너|넌|여기|이봇|봇|챗봇|상담봇)*(뭐하는|뭐해주는)(거|곳|봇|데|애)",
        r"^처음(인데|이에요|왔는데|써보는데|이라).{0,6}(어떻게|뭐|설명|시작)",
        r"whatcanyoudo|howdoiuse",
    )),
    # A named program or a government-support word makes a program question (retrieval decides).
    ("program_question", (
        PROGRAM_NAMES,
        r"(정부|나라|산업부|산자부|산업통상자원부|산단공|산업단지공단|중기부)(에서|가|의|는|도)?.{0,12}(지원|사업|보태|돈|예산|정책|프로그램)",
        r"지원사업|국비|보조금|공고문",
        # What a program gives and when to apply ("지원 금액 얼마예요", "모집기간"): a program question
        # whatever else the message names, so an uploaded "물류 로봇 임차 지원" is not a vendor search.
        r"지원(금|금액|액수|규모|한도|비율|대상|조건|자격|혜택|내용)|얼마(나|까지)?지원(해|돼|되|받|하)|지원(을|를)?얼마",
        # Money asked for in dialect or 반말 ("돈 마이 주나", "돈은 얼마나 주노"): what a program gives.
        r"돈(을|은|이|좀|도)?(얼마나|얼마씩|얼마|마이|많이|좀|쫌)?(주|줘|받|나와|나오|대주|보태)",
        r"얼마(나|씩|까지)?(주나|주노|주냐|주능|줍니까|주는지|줘요|받나|받노|받냐|받을수)",
        r"(모집|접수|공모)(기간|마감|일정|기한|공고|대상|요강)|신청(기간|기한|마감|자격|일정)",
        # A follow-up about the last answer ("그건 언제까지 해요?"): only retrieval has the context.
        r"^(그럼|그러면)?(그건|그거|그게|그것|거기|거긴|그때|이건|이거|저건|그사업|그행사|그프로그램)"
        r".*(언제|어디|얼마|누가|누구|어떻게|뭐|무엇|몇|왜|무슨|어떤|나요|까요|가요|있어요|있나|되나|돼요|되요|맞아요|맞죠|죠$)",
    )),
    # An explicit ask for a company or solution; problem descriptions are left to similarity.
    ("vendor_request", (
        r"(?<!저희)(?<!우리)(업체|기업|회사|솔루션|로봇|장비|시스템)(을|를|좀|도|들|들을)?(좀|하나|몇곳|몇군데)?(추천|소개|알려|찾아|연결)(?!은|는|기준|방식)",
    )),
    ("small_talk", (
        r"^[ㄱ-ㅎㅏ-ㅣ]+$",
        # About the bot itself next to another assistant ("ChatGPT보다 나아?", "너 GPT야?"): what the
        # bot is for answers it. "ChatGPT 도입 지원 있어요?" names no comparison and stays a question.
        r"(chatgpt|챗gpt|챗지피티|지피티|gpt|제미나이|gemini|클로드|claude|시리|siri|빅스비|알렉사|뤼튼|클로바)"
        r"(보다|랑|이랑|하고|와|과|에비해|이랑비교)?(뭐가|어떤게|누가|니가|네가|너가)?(나아|나음|낫|좋아|좋음|똑똑|달라|다른|다르|차이|비슷|같아|이야|야|냐|임|에요|예요|이에요|이지)",
    )),
)
_COMPILED_PREFACES = tuple((intent, re.compile(pattern)) for intent, pattern in PREFACES)
_COMPILED_RULES = tuple((intent, tuple(re.compile(pattern) for pattern in patterns)) for intent, patterns in RULES)


def match_rules(compact: str) -> Intent | None:
    """The first rule intent whose pattern occurs in the compact text."""
    for intent, patterns in _COMPILED_RULES:
        if any(pattern.search(compact) for pattern in patterns):
            return intent
    return None


def names_a_shipped_program(text: str) -> bool:
    """Whether a message names one of the shipped programs ("카라반 왜 필요해요?")."""
    return _PROGRAM_NAME_PATTERN.search(normalise(text, 1000).compact) is not None


_PROGRAM_NAME_PATTERN = re.compile(PROGRAM_NAMES)


def split_preface(normalised: Normalised) -> tuple[Intent, str] | None:
    """A greeting, thanks or "not that" and the spaced text left without it; None when there is none."""
    for intent, pattern in _COMPILED_PREFACES:
        found = pattern.search(normalised.compact)
        if found and found.end() > found.start():
            return intent, normalised.without(found.start(), found.end())
    return None


def is_filler(compact: str) -> bool:
    return _FILLER.fullmatch(compact) is not None


# --- the router ---------------------------------------------------------------------------


class IntentRouter:
    """Rules for the unambiguous intents, then the nearest example utterances by cosine."""

    def __init__(self, embedder: Embedder | None, examples: IntentExamples, settings: IntentSettings | None = None):
        self._embedder = embedder
        self._settings = settings or IntentSettings()
        prepared = [(self._embedding_text(normalise(text, self._settings.max_rule_chars)), label)
                    for text, label in zip(examples.texts, examples.labels)]
        prepared = [(text, label) for text, label in prepared if text]  # bare ㅋㅋ/emoji: the rules' business
        labels = np.array([label for _, label in prepared])
        self._rows = {intent: np.flatnonzero(labels == intent) for intent in INTENTS if (labels == intent).any()}
        self._handicaps = np.where(np.isin(labels, RULE_INTENTS), self._settings.rule_intent_handicap, 0.0)
        self.example_texts = [text for text, _ in prepared]  # what is embedded, as embedded
        # One batch at start-up; each turn then costs one query embedding and a dot product.
        self._vectors = embedder.embed_queries(self.example_texts) if embedder and prepared else None

    def asked(self, text: str) -> str:
        """What a message asks: a long one that closes or opens with a question ("…(사정 설명)… 예산은
        얼마예요?") means that question, for routing and for the answer alike."""
        if len(text or "") > self._settings.max_embed_chars:
            return closing_question(text) or text
        return text

    def classify(self, text: str) -> IntentResult:
        text = self.asked(text)
        limit = self._settings.max_rule_chars
        normalised = normalise(text or "", limit)
        if not normalised.compact:
            return _without_letters(normalised.text)
        preface = None
        while found := split_preface(normalised):
            preface = preface or found[0]
            normalised = normalise(found[1], limit)
        if preface and is_filler(normalised.compact):
            return IntentResult(preface, 1.0, f"rule:{preface}")
        return self._classify_content(normalised, prefix=f"{preface}+" if preface else "")

    def _classify_content(self, normalised: Normalised, prefix: str) -> IntentResult:
        intent = match_rules(normalised.compact)
        if intent:
            return IntentResult(intent, 1.0, f"{prefix}rule:{intent}")
        repeated = set(normalised.compact)
        if len(normalised.compact) >= MIN_REPEATED_CHARS and len(repeated) <= 2 and not repeated <= AGREEING:
            return IntentResult("help", 1.0, f"{prefix}rule:repeated")
        text = self._embedding_text(normalised)
        if self._vectors is None or not text:
            return IntentResult(FALLBACK, 0.0, f"{prefix}default")
        result = self._nearest(text)
        return IntentResult(result.intent, result.confidence, prefix + result.reason)

    def _embedding_text(self, normalised: Normalised) -> str:
        """Laughter and other bare jamo carry no topic; the head of a long message carries the intent."""
        return " ".join(_JAMO.sub(" ", normalised.text).split())[: self._settings.max_embed_chars]

    def _nearest(self, text: str) -> IntentResult:
        """The intent whose nearest examples are closest; too far or too close a call → fallback."""
        scores = self.intent_scores(text)
        ranked = sorted(scores, key=scores.__getitem__, reverse=True) + [FALLBACK]
        winner, runner_up = ranked[0], ranked[1]
        best, confidence = scores[winner], _softmax_share(scores, winner)
        if best < self._settings.similarity_floor:
            return IntentResult(FALLBACK, 0.0, f"floor:{best:.3f}")
        if FALLBACK in (winner, runner_up) and best - scores.get(runner_up, best) < self._settings.vote_margin:
            return IntentResult(FALLBACK, _softmax_share(scores, FALLBACK), f"ambiguous:{winner}/{runner_up}")
        return IntentResult(winner, confidence, f"similar:{winner}:{best:.3f}")

    def intent_scores(self, text: str) -> dict[Intent, float]:
        """Per intent: mean cosine of its nearest examples, less the rule-intent handicap."""
        similarities = self._vectors @ self._embedder.embed_query(text) - self._handicaps
        top = self._settings.neighbours_per_intent
        return {intent: float(np.sort(similarities[rows])[-top:].mean()) for intent, rows in self._rows.items()}


# Sentence ends: punctuation, or a polite ending with no punctuation before the next word (line
# breaks are spaces by now: "…40명입니다 그래서 카라반 신청 방법이 궁금합니다").
_SENTENCES = re.compile(r"(?<=[.!?。？])\s+|(?<=니다|어요|아요|에요|예요|해요|세요|까요|나요|가요|군요|네요)\s+")
_QUESTION_SENTENCE = re.compile(
    r"(?:[?？]|까요?|나요|가요|는지요?|습니까|니까|궁금(?:합니다|해요|하네요|한데요?)|알고\s*싶(?:습니다|어요|은데요?))$"
)
_TRAILING_MARKS = re.compile(r"[\s.!~。…]+$")


def closing_question(text: str) -> str | None:
    """The question a long message asks: its last sentence when that is a question (a story, then
    "…얼마예요?", "…방법이 궁금합니다."), else its first when that is one and the rest describes
    ("실증산단 예산 얼마예요? 참고로 저희 회사는…")."""
    sentences = [sentence for sentence in _SENTENCES.split(text.strip()) if sentence]
    for sentence in (sentences[-1:] + sentences[:1]) if len(sentences) > 1 else sentences:
        if _QUESTION_SENTENCE.search(_TRAILING_MARKS.sub("", sentence)):
            return sentence
    return None


def _softmax_share(scores: dict[Intent, float], winner: Intent) -> float:
    """The winner's share of a sharp softmax over intent scores: e5 cosines differ by hundredths."""
    values = np.array(list(scores.values()))
    weights = np.exp((values - values.max()) / SOFTMAX_TEMPERATURE)
    return round(float(np.exp((scores[winner] - values.max()) / SOFTMAX_TEMPERATURE) / weights.sum()), 3)


def _without_letters(text: str) -> IntentResult:
    """Empty input asks for help; an angry or thumbs-down emoji is dissatisfaction; a lone "?" is
    confusion and other punctuation alone says nothing (both get the help); other emoji are chit-chat."""
    if not text:
        return IntentResult("help", 1.0, "empty")
    if any(char in NEGATIVE_EMOJI for char in text):
        return IntentResult("negative_feedback", 1.0, "rule:negative-emoji")
    if set(text) <= set("?？ "):
        return IntentResult("help", 1.0, "rule:question-mark")
    if all(unicodedata.category(char).startswith("P") or char.isspace() for char in text):
        return IntentResult("help", 1.0, "rule:punctuation")  # "   .  ", "...": nothing said, the help says what works
    return IntentResult("small_talk", 1.0, "rule:symbols")
