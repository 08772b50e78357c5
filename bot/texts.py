"""Every Korean text the bot layer shows people, in one place for review (해요체 throughout).

Knowledge-layer messages for staff (file load failures, index errors) are in knowledge/messages.py.
"""

# --- Staff command line (axbot kb ...) -------------------------------------------------

KB_BUILD_UNCHANGED = "바뀐 문서가 없어서 지금 색인을 그대로 써요. (문서 {documents}개, 청크 {chunks}개)"
KB_BUILD_DONE = (
    "색인을 새로 만들었어요. 문서 {documents}개, 청크 {chunks}개 "
    "(새로 임베딩 {embedded}개, 재사용 {reused}개, {seconds:.1f}초)"
)
KB_BUILD_KEPT_PREVIOUS = "  └ '{doc_id}' 문서는 새 파일을 읽지 못해 이전 버전을 계속 사용해요."
KB_ADDED = "추가했어요: {doc_ids}"
KB_NOTHING_ADDED = "추가된 문서가 없어요."
KB_REMOVED = "'{doc_id}' 문서를 지식 베이스에서 뺐어요."
KB_LIST_HEADER = "문서 ID | 제목 | 종류 | 청크 | 업데이트"
KB_LIST_EMPTY = "색인에 문서가 없어요."
KB_LIST_FAILURES = "읽지 못한 파일 {count}개:"
KB_KIND_LABELS = {"program": "사업 안내", "vendor": "기업 소개"}
KB_SEARCH_NO_HITS = "검색 결과가 없어요."
KB_SEARCH_CONFIDENCE = "신뢰도 {confidence:.2f} (기준 {threshold:.2f}: {verdict})"
KB_SEARCH_CONFIDENT = "답변 가능"
KB_SEARCH_NOT_CONFIDENT = "정보 부족 — 상담원 연결 권장"
KB_EVAL_BUILDING = "평가용 임시 색인을 만드는 중이에요..."
KB_PROGRESS_EMBEDDING = "임베딩"
CLI_FAILED = "오류: {message}"
CLI_NO_TELEGRAM_TOKEN = "TELEGRAM_BOT_TOKEN 이 없어서 터미널에서 상담봇을 실행해요. (텔레그램으로 실행하려면 토큰을 설정해 주세요.)"

# --- assistant (core conversation) ---

ASSISTANT_WELCOME = (
    "안녕하세요, 산업단지 AX 상담봇이에요. 🙂\n"
    "산업단지 AX 카라반, AX 실증산단 같은 AI 전환 지원사업을 쉽게 안내해 드리고, "
    "공장의 고민에 맞는 AI·로봇 기업도 찾아 드려요. 상담 예약이나 상담원 연결도 도와드릴게요.\n\n"
    "궁금한 점을 편하게 적어 주세요. 예) \"카라반 신청하려면 어떻게 해요?\""
)
ASSISTANT_HELP = (
    "이렇게 도와드릴 수 있어요.\n"
    "• 지원사업 안내: \"실증산단 예산이 얼마예요?\"처럼 물어보세요. 답변마다 출처를 함께 보여 드려요.\n"
    "• 기업 추천: \"프레스 설비가 자꾸 고장나요\"처럼 공장의 고민을 적어 주시면 맞는 기업을 추천해 드려요.\n"
    "• 상담 예약: /book 또는 \"상담 예약하고 싶어요\"\n"
    "• 상담원 연결: /human 또는 \"상담원 연결\"\n"
    "• 회사 정보 보기·수정: /profile\n"
    "• 처음 화면: /start"
)
ASSISTANT_ASK_PROMPT = "궁금한 점을 편하게 적어 주세요. 예) \"AX 카라반은 어떤 프로그램이에요?\""
ASSISTANT_VENDOR_PROMPT = (
    "어떤 문제를 해결하고 싶으세요? 공장의 고민을 편하게 적어 주세요.\n"
    "예) \"용접 불량을 자동으로 잡고 싶어요\", \"전기요금이 너무 많이 나와요\""
)
ASSISTANT_VENDOR_PROFILE_QUESTION = (
    "더 잘 맞는 기업을 찾으려면 업종과 지역을 알려 주시겠어요?\n"
    "예) \"창원 자동차부품, 직원 50명\"\n"
    "바로 보시려면 '건너뛰기'를 눌러 주세요."
)
ASSISTANT_NO_VENDORS = (
    "말씀하신 내용에 맞는 기업을 찾지 못했어요. 조금 더 구체적으로 적어 주시거나, "
    "상담원과 이야기해 보시겠어요?"
)
ASSISTANT_DECLINE = (
    "죄송해요, 그 내용은 제가 가진 자료에서 찾지 못했어요. 잘못된 안내를 드리지 않도록 "
    "상담원이 직접 확인해 드리는 게 좋겠어요. 상담원을 연결하거나 상담을 예약해 보시겠어요?"
)
ASSISTANT_NOT_PUBLISHED_FOLLOWUP = "자세한 내용은 상담원이 확인해 드릴 수 있어요."
ASSISTANT_OUT_OF_SCOPE = (
    "죄송해요, 그 질문은 제가 도와드리기 어려워요. 저는 산업단지 AI 전환(AX) 지원사업 안내, "
    "AI·로봇 기업 추천, 상담 예약을 도와드려요."
)
ASSISTANT_SMALL_TALK = "네, 말씀 감사해요. 🙂 AX 지원사업이나 공장 고민이 있으시면 언제든 물어봐 주세요."
ASSISTANT_THANKS = "도움이 되었다니 다행이에요. 더 궁금한 점이 있으면 언제든 물어봐 주세요."
ASSISTANT_NEGATIVE = (
    "제대로 답을 드리지 못해 죄송해요. 질문을 조금 바꿔서 다시 물어봐 주시거나, "
    "상담원과 직접 이야기해 보시겠어요?"
)
ASSISTANT_FEEDBACK_THANKS_UP = "의견 감사해요! 더 궁금한 점이 있으면 물어봐 주세요."
ASSISTANT_FEEDBACK_THANKS_DOWN = (
    "알려 주셔서 감사해요. 더 정확한 답을 위해 상담원과 이야기해 보시겠어요?"
)
ASSISTANT_STALE_BUTTON = "이 버튼은 더 이상 사용할 수 없어요. 아래 메뉴에서 다시 골라 주세요."
ASSISTANT_ATTACHMENT = {
    "photo": "사진 잘 받았어요. 다만 저는 아직 글로만 답할 수 있어요. 궁금한 점을 글로 적어 주시겠어요?",
    "sticker": "🙂 궁금한 점이 있으면 글로 편하게 물어봐 주세요.",
    "voice": "음성 메시지는 아직 들을 수 없어요. 죄송하지만 글로 적어 주시겠어요?",
    "video": "영상은 아직 볼 수 없어요. 궁금한 점을 글로 적어 주시겠어요?",
    "location": "위치는 아직 받을 수 없어요. 회사가 있는 지역이나 산업단지 이름을 글로 알려 주시겠어요? 예) \"창원국가산단\"",
    "document": "파일은 아직 읽을 수 없어요. 궁금한 내용을 글로 적어 주시겠어요?",
    "contact": "연락처는 상담 예약할 때 따로 여쭤볼게요. 지금은 궁금한 점을 글로 적어 주세요.",
    "other": "그 형식은 아직 이해하지 못해요. 궁금한 점을 글로 적어 주시겠어요?",
}
ASSISTANT_EDITED = "수정하신 메시지로 다시 답해 드릴게요."
ASSISTANT_TOO_LONG = "메시지가 너무 길어서 앞부분 {limit:,}자만 읽었어요."
ASSISTANT_BOOKING_UNAVAILABLE = (
    "상담 예약은 곧 이 대화에서 바로 하실 수 있도록 준비하고 있어요. "
    "지금은 상담원 연결을 요청해 주시면 일정을 함께 잡아 드릴게요."
)
ASSISTANT_HANDOFF_UNAVAILABLE = (
    "상담원 연결 기능을 준비하고 있어요. 불편을 드려 죄송해요. "
    "급하신 내용은 질문을 남겨 주시면 담당자가 확인할 수 있도록 기록해 둘게요."
)
ASSISTANT_ERROR = "죄송해요, 잠시 문제가 생겼어요. 잠시 후 다시 시도해 주세요."

# Buttons
BUTTON_ASK = "💬 질문하기"
BUTTON_VENDORS = "🏭 기업 추천받기"
BUTTON_BOOK = "📅 상담 예약"
BUTTON_HUMAN = "🙋 상담원 연결"
BUTTON_HELP = "❓ 도움말"
BUTTON_MENU = "🏠 처음으로"
BUTTON_PROFILE = "🏢 회사 정보"
BUTTON_FEEDBACK_UP = "👍 도움됐어요"
BUTTON_FEEDBACK_DOWN = "👎 아쉬워요"
BUTTON_SKIP = "건너뛰기"
BUTTON_VENDOR_DETAILS = "🔎 {name} 자세히"
BUTTON_VENDOR_BOOK = "📅 {name} 상담 예약"

# --- console channel (axbot chat / ask) ---
CONSOLE_HINT = "번호를 입력하면 버튼을 누른 것과 같아요. 끝내려면 /quit 을 입력해 주세요."
CONSOLE_BYE = "이용해 주셔서 감사해요. 안녕히 가세요!"
CONSOLE_FILE = "  📎 첨부 파일: {name}"
CONSOLE_BAD_BATCH_LINE = "{number}번째 줄을 읽지 못했어요: {error}"

# --- telegram channel ---
TELEGRAM_COMMANDS = {
    "start": "처음 화면",
    "help": "도움말",
    "book": "상담 예약",
    "mybookings": "내 예약",
    "human": "상담원 연결",
    "profile": "회사 정보 보기·수정",
    "deletemydata": "내 정보 삭제",
}

# --- storage (database start-up; shown to staff) ---
STORAGE_UNSUPPORTED_URL = "지원하지 않는 데이터베이스 주소예요: {url} (sqlite:/// 또는 postgresql:// 주소를 써 주세요)"
STORAGE_UNREACHABLE = "데이터베이스에 연결할 수 없어요: {url}"
STORAGE_SCHEMA_TOO_NEW = (
    "데이터베이스가 이 프로그램보다 새 버전이에요 (데이터베이스 스키마 {found}, 프로그램이 아는 스키마 {known}). "
    "프로그램을 최신 버전으로 업데이트해 주세요."
)
