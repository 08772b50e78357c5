import pytest

from bot import texts
from bot.profile import (
    INDUSTRIES,
    REGIONS,
    ProfileHints,
    company_size,
    extract_hints,
    mentioned_industries,
    without_company_facts,
    normalise_industry,
    region_of,
    too_long,
    validate_company_name,
    validate_complex_name,
    validate_employees,
    validate_industry,
    validate_interest,
    validate_region,
)

# --- regions and complexes -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "region", "complex_name"),
    [
        ("창원에서 자동차 부품 만들어요", "경남", None),
        ("창원국가산단에 있는 회사예요", "경남", "창원국가산업단지"),
        ("반월공단 사출업체입니다", "경기", "반월국가산업단지"),
        ("시화에 있어요", "경기", "시화국가산업단지"),
        ("반월시화산단 입주기업이에요", "경기", "반월시화국가산업단지"),
        ("인천 남동공단 PCB 업체", "인천", "남동국가산업단지"),
        ("부평에 공장이 있어요", "인천", None),
        ("주안산단", "인천", "주안국가산업단지"),
        ("구미 전자부품 협력사", "경북", None),
        ("울산미포 조선기자재", "울산", "울산미포국가산업단지"),
        ("온산공단 화학", "울산", "온산국가산업단지"),
        ("여수산단 석유화학 협력사", "전남", "여수국가산업단지"),
        ("광양 철강 정비", "전남", None),
        ("오창 2차전지 소재", "충북", "오창과학산업단지"),
        ("오송에서 원료의약품 만들어요", "충북", "오송생명과학단지"),
        ("녹산산단 볼트 제조", "부산", "녹산국가산업단지"),
        ("명지 쪽이에요", "부산", None),
        ("대구 성서공단 금속 프레스", "대구", "성서산업단지"),
        ("달성군 열처리", "대구", None),
        ("군산에서 가구 자재", "전북", None),
        ("익산 식품 클러스터", "전북", None),
        ("구로디지털단지 계측기 회사", "서울", "서울디지털산업단지"),
        ("가산디지털단지 사무실", "서울", "서울디지털산업단지"),
        ("천안 디스플레이 부품", "충남", None),
        ("아산 탕정", "충남", None),
        ("원주 문막 포장재", "강원", None),
        ("춘천 고무 부품", "강원", None),
        ("대불산단 조선 블록", "전남", "대불국가산업단지"),
        ("포항철강공단", "경북", "포항철강산업단지"),
        ("대전 대덕구 유압 부품", "대전", None),
        ("광주 하남산단", "광주", "하남산업단지"),
        ("평동산단 자동차 내장재", "광주", "평동산업단지"),
        ("경기 광주에 있어요", "경기", None),
        ("경남 양산시", "경남", None),
        ("충북 음성군 식품공장", "충북", None),
        ("제주 서귀포 감귤 가공", "제주", None),
        ("세종시 식품 공장", "세종", None),
        ("서울 본사인데 공장은 반월공단에 있어요", "경기", "반월국가산업단지"),
    ],
)
def test_places_and_complexes_become_the_province(text, region, complex_name):
    hints = extract_hints(text)
    assert (hints.region, hints.complex_name) == (region, complex_name)


@pytest.mark.parametrize(
    "text",
    [
        "경기가 너무 안 좋아서 걱정이에요",  # 경기 = the economy
        "다음 달에 양산 들어가요",  # 양산 = mass production
        "음성인식으로 작업 지시를 하고 싶어요",  # 음성 = voice
        "올해 예산이 얼마나 되나요",  # 예산 = budget
        "목표 달성이 어려워요",  # 달성 = achievement
        "원단 검단하는 사람이 없어요",  # 검단 = fabric inspection
        "부산물 처리가 문제예요",  # 부산물 = by-product
        "고양이가 공장에 살아요",
        "남동쪽 창고",
        "가산점 받을 수 있나요",
    ],
)
def test_common_words_that_are_also_place_names_are_not_places(text):
    assert extract_hints(text).region is None


@pytest.mark.parametrize(
    ("text", "region", "industry"),
    [
        ("경기 전자부품 직원 120명", "경기", "전자부품"),  # bare 경기 is the province when the company follows
        ("경기, 사출 공장", "경기", "플라스틱·고무"),
        ("경기 반도체 후공정", "경기", "반도체"),
        ("경기쪽 식품", "경기", "식품"),
        ("대구 섬유", "대구", "섬유"),
        ("경남 조선", "경남", "조선"),
        ("충북 식품", "충북", "식품"),
        ("전남 화학", "전남", "화학"),
        ("광주 전자부품", "광주", "전자부품"),
    ],
)
def test_a_province_short_name_followed_by_an_industry(text, region, industry):
    hints = extract_hints(text)
    assert (hints.region, hints.industry) == (region, industry)


@pytest.mark.parametrize("text", ["경기 침체로 전자부품 수요가 줄었어요", "경기가 안 좋아서 섬유 공장이 힘들어요", "경기 회복되면 사출 늘릴게요"])
def test_the_economy_before_an_industry_word_is_still_not_a_place(text):
    assert extract_hints(text).region is None


# --- industries ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "industry"),
    [
        ("자동차 부품 만드는 회사예요", "자동차부품"),
        ("현대차 1차 협력사인데 차부품 해요", "자동차부품"),
        ("사출 업체예요", "플라스틱·고무"),
        ("사출기 앞에서 제품 빼는 사람이 없어요", "플라스틱·고무"),
        ("고무 부품 만들어요", "플라스틱·고무"),
        ("프레스 가공해요", "금속가공"),
        ("프레스 공장이에요", "금속가공"),
        ("금형 만드는 회사", "금속가공"),
        ("주물 공장", "금속가공"),
        ("도금 업체입니다", "금속가공"),
        ("용접 위주로 일해요", "금속가공"),
        ("열처리 해요", "금속가공"),
        ("배터리 소재 만들어요", "2차전지"),
        ("이차전지 양극재", "2차전지"),
        ("김치 공장", "식품"),
        ("떡 만드는 곳이에요", "식품"),
        ("음료 제조", "식품"),
        ("제과 제빵", "식품"),
        ("HACCP 인증 받은 공장", "식품"),
        ("원단 짜요", "섬유"),
        ("염색공장인데 보일러 가스비가", "섬유"),
        ("봉제 공장", "섬유"),
        ("PCB 조립", "전자부품"),
        ("SMT 라인 돌려요", "전자부품"),
        ("반도체 후공정", "반도체"),
        ("선박 블록 만들어요", "조선"),
        ("조선기자재 업체", "조선"),
        ("냉연 강판 가공", "철강"),
        ("제약회사예요", "바이오·제약"),
        ("바이오 소재", "바이오·제약"),
        ("석유화학 협력사", "화학"),
        ("가구 만들어요", "목재·가구"),
        ("목재 가공", "목재·가구"),
        ("포장재 인쇄 업체", "인쇄·포장"),
        ("골판지 박스 제조", "인쇄·포장"),
        ("공작기계 부품", "기계"),
        ("CNC로 정밀가공 해요", "기계"),
        ("injection molding company", "플라스틱·고무"),
        ("we make auto parts", "자동차부품"),
        # A specific word beats a weak one shared by several industries.
        ("금형 바꾸고 나면 사출 불량이 나와요", "플라스틱·고무"),
        ("식품 포장 라인", "식품"),
    ],
)
def test_industry_words_map_to_the_vendor_vocabulary(text, industry):
    assert extract_hints(text).industry == industry
    assert industry in INDUSTRIES


@pytest.mark.parametrize(
    "text",
    [
        "화학물질 쓰는데 가스 새는 거 알 수 있나요",  # using chemicals is not being a chemical maker
        "지게차 배터리가 자꾸 나가요",  # equipment, not the industry
        "기계가 자꾸 멈춰요",  # a machine, not the machinery industry
        "세제 혜택 있나요",
        "AX 카라반 신청 어떻게 해요",
        "1인 가구 지원",
        # A process word names the company's industry only when it describes the company.
        "용접 불량을 카메라로 자동 검사해 주는 기업 추천해 주세요",
        "프레스에 손 끼는 사고 막는 센서",
        "금형 바꾸고 나서 불량이 많아요",
    ],
)
def test_no_industry_is_guessed(text):
    assert extract_hints(text).industry is None


def test_a_case_description_names_every_industry_it_touches():
    assert mentioned_industries("인천 남동구의 가전 부품 사출 기업") == {"전자부품", "플라스틱·고무"}
    assert normalise_industry("아무 업종 아님") is None


# --- head counts -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "employees", "size"),
    [
        ("직원 30명이에요", 30, "small"),
        ("직원30명", 30, "small"),
        ("30인 기업이에요", 30, "small"),
        ("30인", 30, "small"),
        ("50명 정도", 50, "medium"),
        ("한 100명", 100, "medium"),
        ("십여 명", 10, "small"),
        ("직원이 서른다섯 명 정도 돼요", 35, "small"),
        ("저희 회사는 8명이에요", 8, "micro"),
        ("직원 수는 1,200명입니다", 1200, "large"),
        ("20~30명 규모", 25, "small"),
        ("3백명 정도 일하는 공장", 300, "large"),
        ("50명 일하는 사출 공장", 50, "medium"),
        ("우리 공장 사람이 40명 정도 일해요", 40, "small"),
        ("백 명", 100, "medium"),
        ("반월공단 사출업체 50명 정도", 50, "medium"),
        # A profile in one line: place, industry, head count.
        ("경기 플라스틱 70명", 70, "medium"),
        ("대구, 섬유, 15명", 15, "small"),
        ("대구 섬유 직원 15명 정도 됩니더", 15, "small"),
        # An industry named with what it makes: "부품" is part of it, not parts being counted.
        ("경남 창원 자동차부품 45명", 45, "small"),
        ("천안 반도체 소재 120명", 120, "medium"),
    ],
)
def test_head_counts_in_everyday_korean(text, employees, size):
    hints = extract_hints(text)
    assert (hints.employees, hints.company_size) == (employees, size)


@pytest.mark.parametrize(
    "text",
    [
        "용접공 2명이 그만둬서 힘들어요",  # a role, not the company
        "사출 2명이 그만둬서 힘들어요",
        "외국인 근로자 10명 비자 연장",
        "검사원 3명이 하루 종일 봐요",
        "직원이 수십 명이에요",  # too vague to size
        "용접하시는 분들이 다 60 넘으셨는데",  # an age
        "2인용 작업대",
        "불량이 한 명도 안 잡아요",
    ],
)
def test_counts_that_are_not_the_company_size_are_ignored(text):
    assert extract_hints(text).employees is None


def test_company_size_boundaries():
    assert [company_size(n) for n in (None, 0, 1, 9, 10, 49, 50, 299, 300)] == [
        None, None, "micro", "micro", "small", "small", "medium", "medium", "large",
    ]


def test_one_message_with_everything():
    hints = extract_hints("창원국가산단에서 자동차 부품 만드는 직원 45명 회사예요")
    assert hints == ProfileHints("자동차부품", "경남", "창원국가산업단지", 45, "small", place="경남 창원")


@pytest.mark.parametrize("text", ["", "   ", "🙂🙂🙂", "hello, how are you?", "你好，我想买东西", "ㅋㅋㅋㅋ", "asdf qwer", None])
def test_no_hints_in_empty_foreign_or_gibberish_text(text):
    assert extract_hints(text) == ProfileHints()


def test_huge_text_does_not_fail():
    hints = extract_hints("창원 직원 30명 " + "가나다라 " * 3000)
    assert hints.region == "경남" and hints.employees == 30


# --- validators ------------------------------------------------------------------------

BAD_TEXT = ["", "   ", "\n\t"]


def test_company_name():
    assert validate_company_name("  (주)한빛정밀  ") == ("(주)한빛정밀", None)
    assert validate_company_name("ACME Korea") == ("ACME Korea", None)
    for text in BAD_TEXT:
        assert validate_company_name(text) == (None, texts.PROFILE_ERROR_EMPTY)
    assert validate_company_name("🙂🙂") == (None, texts.PROFILE_ERROR_COMPANY_NAME)
    assert validate_company_name("가" * 10_000) == (None, texts.PROFILE_ERROR_TOO_LONG.format(limit=50))


def test_complex_name_is_the_official_name_when_known():
    assert validate_complex_name("반월공단") == ("반월국가산업단지", None)
    assert validate_complex_name("남동국가산단") == ("남동국가산업단지", None)
    assert validate_complex_name("창원 국가산업단지") == ("창원국가산업단지", None)
    assert validate_complex_name("우리동네 일반산단") == ("우리동네 일반산단", None)
    assert validate_complex_name("") == (None, texts.PROFILE_ERROR_EMPTY)
    assert validate_complex_name("🏭") == (None, texts.PROFILE_ERROR_COMPLEX_NAME)
    assert validate_complex_name("가" * 10_000)[1] == texts.PROFILE_ERROR_TOO_LONG.format(limit=50)


def test_industry_is_normalised_when_it_matches_and_kept_otherwise():
    assert validate_industry("사출") == ("플라스틱·고무", None)
    assert validate_industry("배터리 소재") == ("2차전지", None)
    assert validate_industry("물류 서비스") == ("물류 서비스", None)
    assert validate_industry("textile") == ("섬유", None)
    assert validate_industry("") == (None, texts.PROFILE_ERROR_EMPTY)
    assert validate_industry("🏭") == (None, texts.PROFILE_ERROR_INDUSTRY)
    assert validate_industry("업" * 10_000)[1] == texts.PROFILE_ERROR_TOO_LONG.format(limit=30)


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("경기", "경기"), ("경기도", "경기"), ("경기 지역", "경기"), ("경남", "경남"), ("경상남도", "경남"), ("부산광역시", "부산"),
        ("창원", "경남 창원"), ("창원시", "경남 창원"), ("양산", "경남 양산"), ("음성", "충북 음성"), ("예산", "충남 예산"),
        ("김해", "경남 김해"), ("김해시 주촌면", "경남 김해"), ("화성", "경기 화성"), ("경기도 광주", "경기 광주"),
        ("경남 창원", "경남 창원"), ("포항 철강", "경북 포항"),
        ("반월시화산단", "경기"), ("남동국가산단", "인천"), ("Seoul", "서울"), ("Changwon", "경남"),
        ("창원에 있어요", "경남 창원"), ("세종", "세종"), ("제주도", "제주"),
    ],
)
def test_region_keeps_the_province_first_and_the_city_when_named(text, region):
    assert validate_region(text) == (region, None)
    assert region.split()[0] in REGIONS


@pytest.mark.parametrize(
    ("saved", "province"),
    [("경남 창원", "경남"), ("경기 화성", "경기"), ("경기 양주", "경기"), ("경기 광주", "경기"), ("경남", "경남")],
)
def test_a_saved_region_with_its_city_still_reads_as_its_province(saved, province):
    """Vendor matching reads the province back from what the profile keeps (bot/vendors.py uses region_of)."""
    assert region_of(saved) == province
    assert validate_region(saved)[0] == saved  # saving it again changes nothing
    assert region_of("광주 하남") == "광주"  # 하남산단's city as saved, not 경기 하남


def test_hints_keep_the_place_beside_the_province():
    hints = extract_hints("김해에서 사출 공장 하고 있어요")
    assert (hints.region, hints.place) == ("경남", "경남 김해")
    assert extract_hints("경기도 전자부품 회사").place == "경기"


@pytest.mark.parametrize("text", ["hello", "🙂", "asdfgh", "우리 회사"])
def test_region_rejects_what_is_not_a_place(text):
    assert validate_region(text) == (None, texts.PROFILE_ERROR_REGION)


def test_region_of_a_place_only_field():
    assert region_of("양산") == "경남" and region_of("") is None


@pytest.mark.parametrize(
    ("validator", "limit"),
    [(validate_company_name, 50), (validate_industry, 30), (validate_region, 30), (validate_employees, 30), (validate_interest, 200)],
)
def test_an_over_long_answer_gets_the_fields_length_message(validator, limit):
    for text in ("가" * (limit + 1), "가" * 600, "창원 " * 300):
        assert validator(text) == (None, texts.PROFILE_ERROR_TOO_LONG.format(limit=limit))


def test_too_long_says_which_answers_the_length_message_is_for():
    assert too_long("company_name", "가" * 600) and not too_long("company_name", "한빛정밀")
    assert too_long("region", "창원 " * 20) and not too_long("region", "경남 창원")
    assert not too_long("unknown_field", "가" * 600)


@pytest.mark.parametrize(
    ("text", "employees"),
    [
        ("30", 30), ("30명", 30), ("약 120명", 120), ("한 100명", 100), ("서른 명", 30), ("1,200", 1200), ("직원 45명이요", 45), ("50명 정도", 50),
        ("사십명", 40), ("4만명", 40_000), ("1만 2천명", 12_000), ("2천명", 2000), ("2천 500명", 2500), ("1만2천500명", 12_500),
        ("4만", 40_000), ("사만 명", 40_000), ("이만 오천 명", 25_000), ("약 3천명 정도", 3000),
    ],
)
def test_employees_accepts_counts(text, employees):
    assert validate_employees(text) == (employees, None)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", texts.PROFILE_ERROR_EMPTY),
        ("-5명", texts.PROFILE_ERROR_EMPLOYEES_RANGE.format(limit=1_000_000)),
        ("0명", texts.PROFILE_ERROR_EMPLOYEES_RANGE.format(limit=1_000_000)),
        ("99999999명", texts.PROFILE_ERROR_EMPLOYEES_RANGE.format(limit=1_000_000)),
        ("thirty", texts.PROFILE_ERROR_EMPLOYEES),
        ("많아요", texts.PROFILE_ERROR_EMPLOYEES),
        ("수십 명", texts.PROFILE_ERROR_EMPLOYEES),
        ("🙂", texts.PROFILE_ERROR_EMPLOYEES),
        ("가" * 10_000, texts.PROFILE_ERROR_TOO_LONG.format(limit=30)),
        ("200만명", texts.PROFILE_ERROR_EMPLOYEES_RANGE.format(limit=1_000_000)),
    ],
)
def test_employees_rejects_what_is_not_a_head_count(text, error):
    assert validate_employees(text) == (None, error)


def test_interest():
    assert validate_interest("  불량 검사   자동화 ") == ("불량 검사 자동화", None)
    assert validate_interest("energy saving") == ("energy saving", None)
    assert validate_interest("") == (None, texts.PROFILE_ERROR_EMPTY)
    assert validate_interest("🙂🙂🙂") == (None, texts.PROFILE_ERROR_INTEREST)
    assert validate_interest("가" * 10_000) == (None, texts.PROFILE_ERROR_TOO_LONG.format(limit=200))


def test_every_error_text_is_polite_korean():
    errors = [value for name, value in vars(texts).items() if name.startswith("PROFILE_ERROR_")]
    assert errors and all(text.rstrip().endswith(("요.", "요", '"')) for text in errors)


@pytest.mark.parametrize("text, left", [
    ("안녕하세요 창원에서 자동차부품 공장 하고 있는데요", "안녕하세요 에서 공장 하고 있는데요"),
    ("경남 창원 자동차부품 45명", "45명"),
    ("반도체 소재 업체예요", "업체예요"),
    ("자동차부품 용접 불량이 많아요", "용접 불량이 많아요"),  # the need stays
])
def test_without_company_facts_leaves_no_part_of_an_industry_behind(text, left):
    assert " ".join(without_company_facts(text).split()) == left
