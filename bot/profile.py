"""A company profile from everyday Korean: hints (industry, region, complex, size) found in free
text, and the validators used when a manager edits a profile field.

Hints are only what the text says: a place, an industry word, a head count. Nothing is guessed;
an ambiguous word ("경기" as the economy, "양산" as mass production) is not read as a place.
"""

import re
import unicodedata
from dataclasses import dataclass

from bot import texts

REGIONS = ("서울", "부산", "대구", "인천", "광주", "대전", "울산", "세종", "경기", "강원", "충북", "충남", "전북", "전남", "경북", "경남", "제주")
INDUSTRIES = (
    "자동차부품", "기계", "금속가공", "전자부품", "반도체", "화학", "섬유", "식품", "플라스틱·고무",
    "조선", "철강", "바이오·제약", "2차전지", "목재·가구", "인쇄·포장",
)
# Hints come from the start of a message; a 10,000-character paste adds nothing but time.
MAX_HINT_CHARS = 3000
MAX_COMPANY_NAME_CHARS = 50
MAX_INDUSTRY_CHARS = 30
MAX_INTEREST_CHARS = 200
# A place or a head count is a few words: anything longer is a sentence for another field (or a paste).
MAX_REGION_CHARS = 30
MAX_EMPLOYEES_CHARS = 30
MAX_EMPLOYEES = 1_000_000


@dataclass(frozen=True)
class ProfileHints:
    industry: str | None = None
    region: str | None = None  # 시도 short name, one of REGIONS (what vendor matching compares)
    complex_name: str | None = None  # e.g. "반월국가산업단지"
    employees: int | None = None
    company_size: str | None = None  # micro | small | medium | large
    place: str | None = None  # what the profile keeps: the 시도 and the city when one is named, "경남 창원"
    # A process word read as the industry ("금형" → 금속가공) as the user wrote it: the profile keeps
    # their word (vendor matching maps it again), where the vocabulary industry would be a guess.
    industry_as_typed: str | None = None


def extract_hints(text: str) -> ProfileHints:
    """What a message says about the company; a field stays None when the text does not say it."""
    text = _normalise(text)[:MAX_HINT_CHARS]
    place = _find_place(text)
    employees = _find_employees(text)
    industry = _industry_match(text, _HINT_PATTERNS)
    if industry is None and (place or employees):
        industry = _process_word_in_line(text)  # "창원, 금형, 직원 40명": a profile in one line
    return ProfileHints(
        industry=industry[0] if industry else None,
        region=place.region if place else None,
        place=_with_city(place.region, text) if place else None,
        complex_name=place.complex_name if place else None,
        employees=employees,
        company_size=company_size(employees),
        industry_as_typed=industry[2] if industry and industry[1] else None,
    )


def company_size(employees: int | None) -> str | None:
    """micro <10, small 10–49, medium 50–299, large 300+ (the vendor briefs' company_sizes)."""
    if employees is None or employees < 1:
        return None
    if employees < 10:
        return "micro"
    if employees < 50:
        return "small"
    return "medium" if employees < 300 else "large"


def normalise_industry(text: str) -> str | None:
    """The vocabulary industry a field or description names ("사출" → 플라스틱·고무, "용접" → 금속가공)."""
    return _best_industry(text, _INDUSTRY_PATTERNS)


def _best_industry(text: str, patterns) -> str | None:
    found = _industry_match(text, patterns)
    return found[0] if found else None


def _industry_match(text: str, patterns) -> tuple[str, bool, str] | None:
    """(industry, from a weak word, the word as written). A specific word beats a weak one (a
    process several industries share), then the earliest wins."""
    found = []
    for pattern, industry, weak in patterns:
        match = pattern.search(text)
        if match:
            found.append((weak, match.start(), -len(match.group()), industry, match.group()))
    if not found:
        return None
    weak, _, _, industry, word = min(found)
    return industry, weak, word


def mentioned_industries(text: str) -> frozenset[str]:
    """Every vocabulary industry a text names: "가전 부품 사출 기업" is both 전자부품 and 플라스틱·고무."""
    return frozenset(industry for pattern, industry, _ in _INDUSTRY_PATTERNS if pattern.search(text))


def without_company_facts(text: str) -> str:
    """The text with its places and industry words blanked out: what is left of "반월시화 사출
    공장이에요" says nothing about a problem. In a profile line ("창원 금형, 직원 40명") a bare
    process word is the industry too."""
    stripped = _without_facts(text)
    return _without_process_words(stripped) if _process_word_in_line(text) else stripped


def _without_facts(text: str) -> str:
    for pattern in _FACT_PATTERNS:
        text = pattern.sub(" ", text)
    return text


def _without_process_words(text: str) -> str:
    for pattern, _, weak in _INDUSTRY_PATTERNS:
        if weak:
            text = pattern.sub(" ", text)
    return text


# What may stand between the facts of a profile line: separators, particles, "직원", "이에요".
_LINE_FILLER = re.compile(
    r"(?:[\s,./·|()~!?:;-]|이에요|예요|입니다|이고요?|이구요|이요|하고|이랑|랑|에서|에|의|은|는|이|가|을|를|요|고"
    r"|직원|인원|임직원|총|약|정도|쯤|회사|공장|업체|기업|저희|우리|업종|지역|규모|명|인)*"
)


def _process_word_in_line(text: str) -> tuple[str, bool, str] | None:
    """A bare process word in a line of nothing but company facts ("창원, 금형, 직원 40명",
    "창원국가산단 금형 40명"): there it is the company's industry, though alone in a sentence
    ("금형 바꾸고 나서 불량이 많아요") it is a problem."""
    text = _normalise(text)[:MAX_HINT_CHARS]
    rest = _without_facts(text)
    found = _industry_match(rest, tuple(row for row in _INDUSTRY_PATTERNS if row[2]))
    if found is None:
        return None
    counted = _COUNT.sub(" ", _without_process_words(rest))
    # Another fact beside it (a place, a head count): "프레스" alone is a problem as much as a trade.
    has_another_fact = rest != text or counted != _without_process_words(rest)
    return found if has_another_fact and _LINE_FILLER.fullmatch(counted) else None


def region_of(text: str) -> str | None:
    """The 시도 a place name or complex belongs to, for a field holding only a place ("창원", "경기")."""
    text = _normalise(text)
    exact = _exact_region(text)
    if exact:
        return exact
    place = _find_place(text)
    return place.region if place else None


# --- validators: (value, None) or (None, Korean error text) ----------------------------


def too_long(field: str, text: str) -> bool:
    """Longer than the field takes: the field's own length message is the answer, whatever the text
    would otherwise be routed to (a pasted paragraph at the company-name prompt is still an answer to it)."""
    limit = FIELD_LIMITS.get(field)
    return limit is not None and len(_normalise(text)) > limit


def validate_company_name(text: str) -> tuple[str | None, str | None]:
    return _checked_text(text, MAX_COMPANY_NAME_CHARS, texts.PROFILE_ERROR_COMPANY_NAME)


def _checked_text(text: str, limit: int, no_letters_error: str) -> tuple[str | None, str | None]:
    """Normalised text, or the polite reason it can't be used: empty, too long, or no letters at all."""
    value = _normalise(text)
    if not value:
        return None, texts.PROFILE_ERROR_EMPTY
    if len(value) > limit:
        return None, texts.PROFILE_ERROR_TOO_LONG.format(limit=limit)
    if not _has_letters(value):
        return None, no_letters_error
    return value, None


def validate_industry(text: str) -> tuple[str | None, str | None]:
    """Any industry in the manager's words; normalised to the vendor vocabulary when a specific word
    matches ("사출" → 플라스틱·고무). A process word several industries share ("금형") is kept as
    written: vendor matching maps it when it reads the profile."""
    industry, error = _checked_text(text, MAX_INDUSTRY_CHARS, texts.PROFILE_ERROR_INDUSTRY)
    if error:
        return None, error
    found = _industry_match(industry, _INDUSTRY_PATTERNS)
    if found is None:
        return industry, None
    vocabulary, weak, word = found
    return (word if weak else vocabulary), None


# "업종 금형으로 바꿔줘", "산업단지 반월시화로 변경해 주세요": the field's name and the request around the value.
_EDIT_FIELD_WORDS = (
    r"(?:우리|저희|제|내)?\s*(?:회사\s*)?(?:업종|지역|소재지|주소|위치|회사\s*(?:명|이름)|상호|직원\s*수|인원|규모|관심\s*분야|관심"
    r"|산업\s*단지|산단|공단)(?:\s*(?:이름|명))?(?:은|는|을|를|이|가|도)?(?:\s+|$)(?:좀\s+)?"
)
_EDIT_REQUEST_END = re.compile(
    r"\s*(?:(?:으로|로)\s*)?(?:좀\s*)?(?:수정|변경|바꿔|바꾸|바꿀|고쳐|고치|고칠|업데이트)\S*(?:\s*(?:주세요|줘요|줘|주실래요|줄래요|할게요|할래요|해요|하고\s*싶어요|싶어요|싶은데요?|싶습니다|하려고요?|할게))?\s*[.!~]*$"
)


def value_in_edit_request(text: str) -> str:
    """The new value of an edit request ("업종 금형으로 바꿔줘" → "금형"); "" when it names none
    ("업종 변경할게요") or is not worded as one ("회사 이름이 잘못됐어요"): then the field is asked for."""
    value = _normalise(text)
    if not _EDIT_REQUEST_END.search(value):
        return ""
    value = _EDIT_REQUEST_END.sub("", value)
    return re.sub("^" + _EDIT_FIELD_WORDS, "", value).strip(" ,.")


def validate_region(text: str) -> tuple[str | None, str | None]:
    """"김해" → "경남 김해": the 시도 first (what vendor matching reads, see region_of), then the city
    when the answer names one, for staff and the handoff card."""
    place = _normalise(text)
    if not place:
        return None, texts.PROFILE_ERROR_EMPTY
    if len(place) > MAX_REGION_CHARS:
        return None, texts.PROFILE_ERROR_TOO_LONG.format(limit=MAX_REGION_CHARS)
    region = region_of(place)
    if region is None:
        return None, texts.PROFILE_ERROR_REGION
    return _with_city(region, place), None


def validate_complex_name(text: str) -> tuple[str | None, str | None]:
    """The complex's official name when we know it ("반월공단" → 반월국가산업단지), else as typed."""
    name, error = _checked_text(text, MAX_COMPANY_NAME_CHARS, texts.PROFILE_ERROR_COMPLEX_NAME)
    if error:
        return None, error
    named = next((place.complex_name for _, _, place in _place_matches(name) if place.complex_name), None)
    return named or name, None


def validate_employees(text: str) -> tuple[int | None, str | None]:
    answer = _normalise(text)
    if not answer:
        return None, texts.PROFILE_ERROR_EMPTY
    if len(answer) > MAX_EMPLOYEES_CHARS:
        return None, texts.PROFILE_ERROR_TOO_LONG.format(limit=MAX_EMPLOYEES_CHARS)
    if _NEGATIVE.search(answer):
        return None, texts.PROFILE_ERROR_EMPLOYEES_RANGE.format(limit=MAX_EMPLOYEES)
    count = _find_employees(answer, whole_answer=True)
    if count is None:
        return None, texts.PROFILE_ERROR_EMPLOYEES
    if not 1 <= count <= MAX_EMPLOYEES:
        return None, texts.PROFILE_ERROR_EMPLOYEES_RANGE.format(limit=MAX_EMPLOYEES)
    return count, None


def validate_interest(text: str) -> tuple[str | None, str | None]:
    interest = _normalise(text)
    if not interest:
        return None, texts.PROFILE_ERROR_EMPTY
    if len(interest) > MAX_INTEREST_CHARS:
        return None, texts.PROFILE_ERROR_TOO_LONG.format(limit=MAX_INTEREST_CHARS)
    if not _has_letters(interest):
        return None, texts.PROFILE_ERROR_INTEREST
    return interest, None


FIELD_LIMITS = {
    "company_name": MAX_COMPANY_NAME_CHARS, "industry": MAX_INDUSTRY_CHARS, "region": MAX_REGION_CHARS,
    "complex_name": MAX_COMPANY_NAME_CHARS, "employees": MAX_EMPLOYEES_CHARS, "interest": MAX_INTEREST_CHARS,
}


# --- text ------------------------------------------------------------------------------


def _normalise(text: str | None) -> str:
    """NFC, no control or private-use characters, single spaces."""
    text = unicodedata.normalize("NFC", text or "")
    kept = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return " ".join(kept.split())


def _has_letters(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


# --- industries ------------------------------------------------------------------------

# (pattern, industry). Process words shared by several industries (금형, 용접, 포장 ...) are weak:
# "사출 금형" is a plastics company, "식품 포장" a food one.
_INDUSTRY_TABLE: tuple[tuple[str, str], ...] = (
    (r"자동차|차\s*부품|차량\s*부품|완성차|전기차\s*부품|미래차|\bauto(?:motive)?\b|car\s*parts", "자동차부품"),
    (r"(?:산업|공작|농|건설|포장|섬유|식품|자동화)\s*기계|기계\s*(?:제조|부품|가공|공장|업체|회사|기업|업종|업|쪽|장비)|정밀\s*가공|머시닝|\bcnc\b|선반\s*가공|밀링|유압|공압|감속기|기어\s*(?:제조|가공)|계측기|\bmachinery\b", "기계"),
    (r"금속|주조|주물|도금|열처리|단조|판금|절삭|스탬핑|표면\s*처리|다이\s*캐스팅|아노다이징|분체\s*도장|(?:볼트|나사)\s*(?:제조|공장|회사|업체)|체결류|파스너|뿌리\s*산업|철구조물|제관|\bmetal", "금속가공"),
    (r"전자\s*(?:부품|제품|회사|업체|업종|기업|조립)|\bpcb\b|\bsmt\b|인쇄\s*회로\s*기판|기판|커넥터|센서\s*모듈|디스플레이|가전|\bled\b|전장\s*부품|\belectronic", "전자부품"),
    (r"반도체|웨이퍼|후공정|\bsemiconductor|\bfab\b", "반도체"),
    (r"(?:석유|정밀)?\s*화학(?!\s*물질)|도료|페인트|접착제|비료|합성\s*수지|농약|정유|\bchemical", "화학"),
    (r"섬유|원단|염색|봉제|직물|니트|방적|방직|편직|의류|부직포|\btextile|\bgarment|\bfabric", "섬유"),
    (r"식품|김치|떡|음료|제과|제빵|과자|빵|반찬|소스\s*(?:제조|공장|회사|업체)|소스류|장류|된장|고추장|간장|두부|육가공|수산\s*(?:물\s*)?가공|유제품|우유|커피\s*(?:로스팅|제조|공장)|원두|주류|막걸리|양조|밀키트|도시락|냉동\s*식품|건강\s*기능|건기식|정육|제면|라면|만두|젓갈|식자재|\bhaccp\b|해썹|감귤|\bfood|\bbeverage|\bbakery", "식품"),
    (r"플라스틱|사출|고무|합성\s*수지|우레탄|타이어|\bpvc\b|블로우\s*성형|\bplastic|\brubber|injection", "플라스틱·고무"),
    (r"조선|선박|해양\s*플랜트|\bship", "조선"),
    (r"철강|제철|제강|강판|냉연|열연|강관|철근|형강|스테인리스|\bsteel", "철강"),
    (r"제약|바이오|의약|백신|진단\s*키트|화장품|\bpharma|\bbio", "바이오·제약"),
    (r"2\s*차\s*전지|이차\s*전지|양극재|음극재|전해[질액]|분리막|전지\s*(?:소재|부품|셀)|배터리(?!\s*(?:교체|충전|방전|수명|잔량|가|를|이))|\bbattery|\bbatteries", "2차전지"),
    (r"목재|(?<!인\s)(?<!인)가구|합판|제재소|원목|\bmdf\b|싱크대|목공|\bfurniture|\bwood", "목재·가구"),
    (r"인쇄|포장재|골판지|박스\s*(?:제조|공장|회사|업체)|라벨|제지\s*(?:회사|공장|업체)|지류|출판|\bprinting|\bpackaging", "인쇄·포장"),
)
_WEAK_INDUSTRY_TABLE: tuple[tuple[str, str], ...] = (
    (r"프레스|금형|용접", "금속가공"),
    (r"포장", "인쇄·포장"),
    (r"코일", "철강"),
)
_INDUSTRY_PATTERNS = tuple(
    (re.compile(pattern, re.IGNORECASE), industry, weak)
    for weak, table in ((False, _INDUSTRY_TABLE), (True, _WEAK_INDUSTRY_TABLE))
    for pattern, industry in table
)
# In a message a process word is the company's industry only when it describes the company
# ("프레스 공장", "금형 업체"): "용접 불량 검사해 주는 곳" is a problem, not an industry.
_AS_COMPANY = r"(?=\s*(?:공장|업체|회사|기업|협력사|전문|위주|가공|제작|생산|만드는|업(?!무)|하는\s*(?:회사|곳|업체|공장)))"
_HINT_PATTERNS = tuple(
    (re.compile(f"(?:{pattern}){_AS_COMPANY if weak else ''}", re.IGNORECASE), industry, weak)
    for weak, table in ((False, _INDUSTRY_TABLE), (True, _WEAK_INDUSTRY_TABLE))
    for pattern, industry in table
)


# An industry word with what it makes ("자동차부품", "반도체 소재") is one company fact: a "부품"
# left behind would read as a need, and a head count after it ("자동차부품 45명") as a part count.
_WHAT_IT_MAKES = r"(?:\s*(?:부품|제품|소재|업종|업계))?"


# --- places ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Place:
    region: str
    complex_name: str | None
    city: str | None = None  # the city or district as written ("김해", "화성"), not a 시도 or a complex


# A complex is named when the place is followed by one of these (or is itself a complex name).
_COMPLEX_SUFFIX = r"(?:\s*(?:국가|일반|지방)?\s*(?:산업\s*단지|산단|공단|공업\s*단지|디지털\s*(?:산업\s*)?단지|(?:과학|생명과학)\s*(?:산업\s*)?단지))"
# Words that are also common nouns are places only with a qualifier: 양산(mass production)시.
_QUALIFIED = r"(?=(?:시|군|구|읍|면)(?!작|간|점|기|장|험|설|스|행|키|켜|도|공)|\s*(?:지역|쪽)|" + _COMPLEX_SUFFIX + r")"
# "경기 전자부품", "경기, 사출 공장": what the company makes or is follows the place. The economy
# ("경기 침체", "경기가 안 좋아서") is never followed by one.
_COMPANY_FOLLOWS = (
    r"(?=[\s,·/]*(?:" + "|".join(pattern for pattern, _ in (*_INDUSTRY_TABLE, *_WEAK_INDUSTRY_TABLE))
    + r"|공장|회사|업체|기업|소재|쪽|에\s*있))"
)

# (pattern, 시도, complex name when named as a complex, the bare name already means the complex)
_PLACE_TABLE: tuple[tuple[str, str, str | None, bool], ...] = (
    # 17 시도 and their long forms. Bare "경기" is usually the economy: only 경기도, 경기권, ...
    # or 경기 followed by what the company is.
    (r"서울(?:특별시|시)?", "서울", None, False),
    (r"부산(?!물)(?:광역시|시)?", "부산", None, False),
    (r"대구(?!경)(?:광역시|시)?", "대구", None, False),
    (r"인천(?:광역시|시)?", "인천", None, False),
    (r"광주(?:광역시)?", "광주", None, False),
    (r"대전(?!제)(?:광역시|시)?", "대전", None, False),
    (r"울산(?:광역시|시)?", "울산", None, False),
    (r"세종(?:특별자치시|시)?", "세종", None, False),
    (r"경기(?:도|권|\s*(?:남부|북부|지역|지방)|" + _COMPANY_FOLLOWS + ")", "경기", None, False),
    (r"경기도?\s*광주", "경기", None, False),
    (r"강원(?:특별자치도|도)?", "강원", None, False),
    (r"충청북도|충북", "충북", None, False),
    (r"충청남도|충남", "충남", None, False),
    (r"전라북도|전북(?:특별자치도)?", "전북", None, False),
    (r"전라남도|전남(?!편)", "전남", None, False),
    (r"경상북도|경북", "경북", None, False),
    (r"경상남도|경남", "경남", None, False),
    (r"제주(?:특별자치도|도|시)?", "제주", None, False),
    # Industrial complexes and the cities around them.
    (r"반월\s*[·,/]?\s*시화", "경기", "반월시화국가산업단지", True),
    (r"반월", "경기", "반월국가산업단지", True),
    (r"시화", "경기", "시화국가산업단지", True),
    (r"남동(?!쪽|부|향|풍|남)", "인천", "남동국가산업단지", True),
    (r"부평", "인천", "부평국가산업단지", False),
    (r"주안(?!점)", "인천", "주안국가산업단지", False),
    (r"검단" + _QUALIFIED, "인천", "검단일반산업단지", False),
    (r"(?:서울\s*)?디지털\s*(?:산업\s*)?단지|[gG]\s*밸리|지밸리", "서울", "서울디지털산업단지", True),
    (r"(?:구로|가산)\s*디지털", "서울", "서울디지털산업단지", True),
    (r"구로", "서울", "서울디지털산업단지", False),
    (r"가산(?=동|" + _COMPLEX_SUFFIX + r")", "서울", "서울디지털산업단지", False),
    (r"창원", "경남", "창원국가산업단지", False),
    (r"구미(?!호)", "경북", "구미국가산업단지", False),
    (r"울산\s*미포|미포", "울산", "울산미포국가산업단지", True),
    (r"온산", "울산", "온산국가산업단지", True),
    (r"여수", "전남", "여수국가산업단지", False),
    (r"광양", "전남", "광양국가산업단지", False),
    (r"대불", "전남", "대불국가산업단지", True),
    (r"율촌", "전남", "율촌제1산업단지", True),
    (r"오창", "충북", "오창과학산업단지", True),
    (r"오송", "충북", "오송생명과학단지", True),
    (r"녹산", "부산", "녹산국가산업단지", True),
    (r"명지(?!대)", "부산", None, False),
    (r"성서", "대구", "성서산업단지", True),
    (r"달성" + _QUALIFIED, "대구", "달성산업단지", False),
    (r"염색\s*(?:산업\s*단지|산단|공단)", "대구", "대구염색산업단지", True),
    (r"구지" + _QUALIFIED, "대구", "대구국가산업단지", False),
    (r"군산", "전북", "군산국가산업단지", False),
    (r"익산", "전북", "익산국가산업단지", False),
    (r"새만금", "전북", "새만금국가산업단지", True),
    (r"하남" + r"(?=" + _COMPLEX_SUFFIX + r")", "광주", "하남산업단지", False),
    (r"평동", "광주", "평동산업단지", True),
    (r"(?:광주\s*)?첨단" + r"(?=" + _COMPLEX_SUFFIX + r")", "광주", "광주첨단과학산업단지", False),
    (r"빛그린", "광주", "빛그린국가산업단지", True),
    (r"포항(?:\s*철강)?", "경북", "포항철강산업단지", False),
    (r"석문" + _QUALIFIED, "충남", "석문국가산업단지", False),
    (r"청주", "충북", "청주산업단지", False),
    (r"대전\s*(?:산업\s*단지|산단|공단)", "대전", "대전산업단지", True),
    # Cities and districts (no complex of their own here).
    (r"하남(?!" + _COMPLEX_SUFFIX + r")", "경기", None, False),
    (r"안산(?!암)|시흥|수원|성남|판교|평택|김포|파주|포천|부천|군포|안양|의왕|과천|광명|의정부|남양주|동두천|여주|가평|양평|연천|발안|향남", "경기", None, False),
    (r"화성(?!암)|이천(?!\s*(?:만|억|원|개|명|년|대|여))|안성(?!맞춤)|고양(?!이)|용인(?!하|되|할|될|한|된)", "경기", None, False),
    (r"(?:오산|양주|구리)" + _QUALIFIED, "경기", None, False),
    (r"송도|청라|계양|미추홀|강화도|연수구", "인천", None, False),
    (r"(?:사상|기장|사하|정관|미음)" + _QUALIFIED + r"|해운대|장림|신평\s*장림", "부산", None, False),
    (r"달서|서대구|대구\s*테크노폴리스", "대구", None, False),
    (r"울주", "울산", None, False),
    (r"광산구|진곡", "광주", None, False),
    (r"대덕(?=\s*(?:구|연구|테크노|특구|밸리))|유성" + _QUALIFIED, "대전", None, False),
    (r"경주(?!하|마|용)|경산(?!업)|김천|영천|칠곡|왜관|안동|문경|영주", "경북", None, False),
    (r"상주" + _QUALIFIED, "경북", None, False),
    (r"마산|진해|김해|거제|통영|사천|진주(?!만)|밀양|함안|칠서|거창", "경남", None, False),
    (r"양산" + _QUALIFIED, "경남", None, False),
    (r"순천|목포|나주|영암|해남|화순", "전남", None, False),
    (r"(?:무안|장성)" + _QUALIFIED, "전남", None, False),
    (r"전주|정읍|김제|남원", "전북", None, False),
    (r"완주" + _QUALIFIED, "전북", "완주산업단지", False),
    (r"충주|제천|진천|증평|괴산", "충북", None, False),
    (r"음성" + _QUALIFIED, "충북", None, False),
    (r"천안|아산(?!화)|당진|서산|대산|논산|홍성|보령|계룡|탕정", "충남", None, False),
    (r"(?:예산|부여|공주)" + _QUALIFIED, "충남", None, False),
    (r"원주(?!민|율)|춘천|강릉|삼척|속초|횡성|홍천|문막|철원|태백", "강원", None, False),
    (r"동해" + _QUALIFIED, "강원", None, False),
    (r"서귀포", "제주", None, False),
    (r"성수(?!기)|문래|마곡|금천구|영등포", "서울", None, False),
)
_PLACES = tuple(
    (re.compile(f"(?:{pattern})(?P<suffix>{_COMPLEX_SUFFIX})?", re.IGNORECASE), region, complex_name, bare_is_complex)
    for pattern, region, complex_name, bare_is_complex in _PLACE_TABLE
)
_FACT_PATTERNS = (
    *(pattern for pattern, *_ in _PLACES),
    *(re.compile(pattern.pattern + _WHAT_IT_MAKES, pattern.flags) for pattern, *_ in _HINT_PATTERNS),
)
_ROMANISED_REGIONS = {
    "seoul": "서울", "busan": "부산", "pusan": "부산", "daegu": "대구", "incheon": "인천", "gwangju": "광주",
    "daejeon": "대전", "ulsan": "울산", "sejong": "세종", "gyeonggi": "경기", "gangwon": "강원",
    "chungbuk": "충북", "chungcheongbuk": "충북", "chungnam": "충남", "chungcheongnam": "충남",
    "jeonbuk": "전북", "jeollabuk": "전북", "jeonnam": "전남", "jeollanam": "전남", "gyeongbuk": "경북",
    "gyeongsangbuk": "경북", "gyeongnam": "경남", "gyeongsangnam": "경남", "jeju": "제주",
    "changwon": "경남", "ansan": "경기", "siheung": "경기", "gumi": "경북", "pohang": "경북", "yeosu": "전남",
    "gwangyang": "전남", "gunsan": "전북", "cheonan": "충남", "asan": "충남", "cheongju": "충북", "wonju": "강원",
}


def _find_place(text: str) -> _Place | None:
    """A named complex wins (it is where the plant is); otherwise the earliest place."""
    matches = _place_matches(text)
    named = [match for match in matches if match[2].complex_name]
    return (named or matches)[0][2] if matches else None


def _place_matches(text: str) -> list[tuple[int, int, _Place]]:
    """(start, end, place) for every table entry found, earliest first, the longest of a tie first."""
    found = []
    for order, (pattern, region, complex_name, bare_is_complex) in enumerate(_PLACES):
        match = pattern.search(text)
        if match:
            named = complex_name if (bare_is_complex or match.group("suffix")) else None
            city = None if bare_is_complex else _city_name(match.group(0)[: len(match.group(0)) - len(match.group("suffix") or "")], region)
            found.append((match.start(), -match.end(), order, _Place(region, named, city)))
    return [(start, -negative_end, place) for start, negative_end, _, place in sorted(found)]


_PROVINCE_PREFIX = re.compile(
    r"^(?:충청북도|충청남도|전라북도|전라남도|경상북도|경상남도|(?:" + "|".join(REGIONS) + r")(?:특별자치도|특별자치시|특별시|광역시|도|시)?)(?:\s+|$)"
)


_NOT_A_CITY = frozenset({"지역", "지방", "쪽", "남부", "북부", "권"})


def _city_name(matched: str, region: str) -> str | None:
    """"경기도 광주" → "광주", "포항 철강" → "포항"; None for a 시도 alone ("경기 지역")."""
    rest = _PROVINCE_PREFIX.sub("", matched.strip()).split()
    if not rest or rest[0] in _NOT_A_CITY or rest[0] == region:
        return None
    return rest[0]


def _with_city(region: str, text: str) -> str:
    """"경남 김해" when the text names a city of that 시도, else the 시도 alone."""
    # " 지역" lets a place that needs a qualifier count at the end ("양산" in a place-only field).
    city = next((place.city for _, _, place in _place_matches(text + " 지역") if place.region == region and place.city), None)
    return f"{region} {city}" if city else region


def _exact_region(text: str) -> str | None:
    """A field holding only a place: there a bare "경기" or "양산" can only mean the place."""
    bare = re.sub(r"(?:특별자치도|특별자치시|특별시|광역시|이에요|예요|입니다|이요|요)$", "", text.strip(" .!?~"))
    if bare in REGIONS:
        return bare
    stored = re.fullmatch(r"(\S+)\s+(\S+)", bare)  # a saved "경기 양주": the 시도 and a city of it
    if stored and stored.group(1) in REGIONS and _with_city(stored.group(1), stored.group(2)) != stored.group(1):
        return stored.group(1)
    if bare.lower() in _ROMANISED_REGIONS:
        return _ROMANISED_REGIONS[bare.lower()]
    # " 지역" is the qualifier every ambiguous place name accepts ("양산 지역", "경기 지역").
    matches = _place_matches(bare + " 지역")
    return matches[0][2].region if matches and matches[0][0] == 0 and matches[0][1] >= len(bare) else None


# --- head counts -------------------------------------------------------------------------

_NATIVE_TENS = {"열": 10, "스물": 20, "스무": 20, "서른": 30, "마흔": 40, "쉰": 50, "예순": 60, "일흔": 70, "여든": 80, "아흔": 90}
_NATIVE_UNITS = {"한": 1, "하나": 1, "두": 2, "둘": 2, "세": 3, "셋": 3, "석": 3, "네": 4, "넷": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9}
_SINO_DIGITS = {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9}
_SINO_UNITS = {"천": 1000, "백": 100, "십": 10}

_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+"
# "4만", "1만 2천", "2천 500": digits with the units 만, 천, 백 (largest first).
_DIGIT_NUMBER = rf"(?:{_DIGITS})\s*(?:만|천|백)(?:\s*(?:{_DIGITS})\s*(?:천|백))*(?:\s*(?:{_DIGITS})(?!\s*(?:만|천|백)))?|(?:{_DIGITS})"
_DIGIT_UNITS = {"만": 10_000, "천": 1000, "백": 100, "": 1}
_NATIVE = r"(?:열|스물|스무|서른|마흔|쉰|예순|일흔|여든|아흔)(?:하나|한|둘|두|셋|세|넷|네|다섯|여섯|일곱|여덟|아홉)?|하나|한|둘|두|셋|세|석|넷|네|다섯|여섯|일곱|여덟|아홉"
_SINO_BELOW_MAN = r"[일이삼사오육칠팔구]?천(?:[일이삼사오육칠팔구]?백)?(?:[이삼사오육칠팔구]?십)?[일이삼사오육칠팔구]?|[일이삼사오육칠팔구]?백(?:[이삼사오육칠팔구]?십)?[일이삼사오육칠팔구]?|[이삼사오육칠팔구]?십[일이삼사오육칠팔구]?"
_SINO = rf"[일이삼사오육칠팔구]?만\s*(?:{_SINO_BELOW_MAN})?|{_SINO_BELOW_MAN}"  # "사만", "이만 오천"
# Digits may follow a word ("직원30명"); a Korean number word may not start inside one ("직원이").
_NUMBER = rf"(?:(?<!\d)(?:{_DIGIT_NUMBER})|(?<![가-힣])(?:{_SINO}|{_NATIVE}))"
_COUNT = re.compile(
    rf"(?:(?P<low>{_NUMBER})\s*(?:~|-|–|에서)\s*)?(?P<number>{_NUMBER})\s*(?P<about>여|여\s|남짓\s)?\s*(?P<unit>명|인(?!용|분|치|승|조|당|\d))"
)
_STAFF_BEFORE = re.compile(
    r"(?:직원|종업원|근로자|임직원|사원|식구|인력|인원|상시\s*근로자|총원|전체|모두|다\s*합쳐|합쳐서|회사|업체|공장|기업|저희|우리)[^\d]{0,12}$"
)
_ROLE_BEFORE = re.compile(r"(?:외국인|파견|일용|신입|경력|알바|용접공|작업자|검사원|기사|반장|퇴사자|분들?)\s*(?:근로자|직원|인원)?[^\d]{0,6}$")
_SIZE_AFTER = re.compile(
    r"^\s*(?:정도|쯤|가량|내외|안팎|남짓|이상|이하|미만|넘는|넘게|조금\s*넘는)?\s*(?:의|이|가|인|되는|규모|짜리)?\s*"
    r"(?:규모|짜리|회사|기업|업체|공장|사업장|중소기업|중견기업|일하|근무|다니|있는\s*(?:회사|공장))"
)
_FILLER = re.compile(
    r"(?:직원|종업원|근로자|임직원|인원|수는|수|은|는|이|가|요|이요|예요|이에요|입니다|됩니다|입니더|됩니더|돼요|되요|정도|쯤|가량|약|대략|"
    r"거의|얼추|한|대충|여|남짓|안팎|내외|넘게|조금|좀|저희|우리|회사|공장|있어요|일해요|근무해요|총|전체|명|인|[\s.,!?~()])*"
)
_NEGATIVE = re.compile(r"(?:^|\s)[-−]\s*\d|마이너스")
_VAGUE = re.compile(r"(?:수|몇)(?:십|백|천)")


def _find_employees(text: str, whole_answer: bool = False) -> int | None:
    """A head count the text gives for the whole company, or None (role counts are not it)."""
    if _VAGUE.search(text):
        return None
    for match in _COUNT.finditer(text):
        if _is_company_count(text, match, whole_answer):
            return _count_value(match)
    if whole_answer:
        bare = re.fullmatch(rf"\s*(?:약|대략|한)?\s*(?P<number>{_DIGIT_NUMBER})\s*(?:정도|쯤)?\s*", text)
        return _number(bare.group("number")) if bare else None
    return None


def _is_company_count(text: str, match: re.Match, whole_answer: bool) -> bool:
    before, after = text[: match.start()], text[match.end() :]
    if _ROLE_BEFORE.search(before):
        return False
    if whole_answer or _FILLER.fullmatch(before + " " + after):
        return True  # the message is the count: "50명 정도", "한 100명"
    if _FILLER.fullmatch(_without_process_words(without_company_facts(before)) + " " + after):
        return True  # a profile in a line: "경기 플라스틱 70명", "대구, 섬유, 15명", "금형 40명"
    return bool(_STAFF_BEFORE.search(before) or _SIZE_AFTER.match(after) or _per_company_unit(match, after))


def _per_company_unit(match: re.Match, after: str) -> bool:
    """"30인 기업", "50인 이하": 인 after a number is nearly always a company size."""
    return match.group("unit") == "인" and bool(re.match(r"\s*(?:기업|회사|업체|사업장|이하|미만|이상|규모|$|[\s.,])", after))


def _count_value(match: re.Match) -> int | None:
    number = _number(match.group("number"))
    low = _number(match.group("low")) if match.group("low") else None
    if number is None:
        return None
    return (low + number) // 2 if low is not None and low < number else number


def _number(word: str) -> int | None:
    word = word.replace(" ", "")
    if re.fullmatch(_DIGIT_NUMBER, word):
        groups = re.findall(rf"({_DIGITS})(만|천|백)?", word)
        return sum(int(digits.replace(",", "")) * _DIGIT_UNITS[unit] for digits, unit in groups)
    return _native_number(word) or _sino_number(word)


def _native_number(word: str) -> int | None:
    """서른다섯 → 35, 열 → 10, 두 → 2."""
    for tens, value in _NATIVE_TENS.items():
        if word.startswith(tens):
            rest = word[len(tens) :]
            return value + _NATIVE_UNITS[rest] if rest in _NATIVE_UNITS else (value if not rest else None)
    return _NATIVE_UNITS.get(word)


def _sino_number(word: str) -> int | None:
    total, digit = 0, None
    for char in word:
        if char == "만":  # everything so far counts in ten-thousands: 이만오천 → 25,000
            total, digit = ((total + (digit or 0)) or 1) * 10_000, None
        elif char in _SINO_DIGITS:
            digit = _SINO_DIGITS[char]
        elif char in _SINO_UNITS:
            total += (digit or 1) * _SINO_UNITS[char]
            digit = None
        else:
            return None
    total += digit or 0
    return total or None
