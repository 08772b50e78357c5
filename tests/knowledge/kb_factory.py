"""Small knowledge bases written under tmp_path for build and retrieval tests."""

from pathlib import Path

PROGRAMS = {
    "caravan": (
        "산업단지 AX 카라반",
        "# 개요\nAI·로봇 전문기업이 산업단지 입주기업을 직접 찾아가 컨설팅과 상담을 하는 현장방문 프로그램이에요.\n\n"
        "## 대상\n초광역 산학연협의체와 DX 챌린지로 발굴한 입주기업 4,500여 개가 대상이에요.\n",
    ),
    "testbed": (
        "AX 실증산단 구축사업",
        "# 예산\n2027년까지 국비 1,400억 원을 포함해 총 2,000억 원을 투자해요.\n\n"
        "# 장비\n10개 산업단지에 AI 설비, 5G 특화망, 시험장비와 로봇을 갖춘 테스트베드를 만들어요.\n",
    ),
    "week": (
        "산업단지 위크",
        "# 일정\n9월 8일부터 14일까지 전국 13개 지역본부에서 23개 프로그램이 열려요.\n\n"
        "# 근로자 행사\n커피트럭과 카페 할인, 무비데이 같은 근로자 힐링 이벤트가 있어요.\n",
    ),
}

VENDORS = {
    "v01-vision": ("비전메이트", ["vision_inspection"], ["자동차부품"], ["경남"], "카메라와 AI로 용접 불량을 자동으로 찾아내는 비전 검사 솔루션이에요."),
    "v02-press": ("프레스케어", ["predictive_maintenance"], ["금속가공"], ["전국"], "프레스 설비의 진동을 분석해 고장을 미리 알려 주는 예지보전 솔루션이에요."),
    "v03-energy": ("와트세이버", ["energy_management"], ["식품"], ["충북"], "공장 전력 피크를 관리해 전기요금을 줄여 주는 에너지 관리 솔루션이에요."),
}


def write_program(folder: Path, doc_id: str, title: str, body: str, updated: str = "2025-05-20") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{doc_id}.md"
    path.write_text(f"---\ntitle: {title}\nkind: program\nupdated: {updated}\n---\n{body}", encoding="utf-8")
    return path


def write_vendor(folder: Path, doc_id: str, name, categories, industries, regions, summary) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{doc_id}.md"
    path.write_text(
        "---\n"
        f"title: {name}\nkind: vendor\nupdated: 2026-10-01\nsample: true\n"
        f"vendor:\n  name: {name}\n  categories: {categories}\n  industries: {industries}\n  regions: {regions}\n"
        "  company_sizes: [small, medium]\n"
        f"---\n> 가상의 예시 기업이에요.\n\n## 솔루션 소개\n{summary}\n",
        encoding="utf-8",
    )
    return path


def write_sample_kb(content: Path) -> None:
    for doc_id, (title, body) in PROGRAMS.items():
        write_program(content / "programs", doc_id, title, body)
    for doc_id, fields in VENDORS.items():
        write_vendor(content / "vendors", doc_id, *fields)
