"""Every Korean text the bot layer shows people, in one place for review (해요체 throughout).

Knowledge-layer messages for staff (file load failures, index errors) are in knowledge/messages.py.
"""

# --- Staff command line (axbot kb ...) -------------------------------------------------

# --- unanswered questions, as staff review them (CLI and staff group) ---
UNANSWERED_NONE = "답하지 못한 질문이 없어요. 👍"
UNANSWERED_TITLE = "📋 답하지 못한 질문 {count}가지 (같은 질문은 묶었어요, 많이 물은 순)"
UNANSWERED_GROUP = "{ids} · {count}회 · {reasons} · 마지막 {month}월 {day}일"
UNANSWERED_REASONS = {
    "low_confidence": "자료에서 못 찾음",
    "no_supporting_sentence": "답이 될 문장이 없음",
    "empty_question": "빈 질문",
    "out_of_scope": "안내 범위 밖",
    "not_published": "미공개라고 답함",
    "user_dissatisfied": "답에 불만",
    "thumbs_down": "👎 받은 답",
    "not_in_vendor_brief": "기업 소개 자료에 없음",
}
UNANSWERED_REASON_SEPARATOR = ", "
UNANSWERED_HOW_TO_RESOLVE = "문서를 보완했으면 번호 하나로 그 묶음을 정리해 주세요. 예) /resolve 12 또는 axbot unanswered resolve 12"
UNANSWERED_RESOLVED = "정리했어요: {ids}"
UNANSWERED_NOT_OPEN = "이미 정리했거나 없는 번호예요: {ids}"
UNANSWERED_RESOLVE_USAGE = "정리할 번호를 적어 주세요. 예) /resolve 12 15"

CLI_INDEX_STALE = "알림: 문서가 마지막 색인 이후에 바뀌었어요. 'axbot kb build'를 실행하면 바뀐 내용으로 답해요. 지금은 이전 색인으로 답해요."
CLI_POSITIVE_NUMBER = "1 이상의 숫자를 적어 주세요: {value}"
KB_BUILD_UNCHANGED = "바뀐 문서가 없어서 지금 색인을 그대로 써요. (문서 {documents}개, 청크 {chunks}개)"
KB_BUILD_DONE = (
    "색인을 새로 만들었어요. 문서 {documents}개, 청크 {chunks}개 "
    "(새로 임베딩 {embedded}개, 재사용 {reused}개, {seconds:.1f}초)"
)
KB_BUILD_KEPT_PREVIOUS = "'{doc_id}' 문서는 새 파일을 읽지 못해 이전 버전을 계속 사용해요."
KB_ADDED = "추가했어요: {doc_ids}"
KB_REPLACED = "새 파일로 바꿨어요: {doc_ids}"
KB_UNCHANGED = "지금 색인과 내용이 같아서 그대로 두었어요: {doc_ids}"
KB_COMPANIONS = (
    "'{doc_id}' 문서와 함께 쓰이는 문서가 있어요: {companions}. 예전 내용이 그대로라 답이 서로 어긋날 수 있어요. "
    "같은 이름의 파일을 올려 함께 바꾸거나, 필요 없으면 {command}처럼 빼 주세요."
)
KB_KIND_CHANGED = "'{doc_id}' 문서의 종류가 {old}에서 {new}로 바뀌었어요."
KB_NOTHING_ADDED = "추가된 문서가 없어요."
KB_REMOVED = "'{doc_id}' 문서를 지식 베이스에서 뺐어요."
KB_REMOVED_SHIPPED_HIDDEN = (
    "기본 제공 문서라 파일({path})은 그대로 두고 색인에서만 숨겼어요. "
    "다시 쓰려면 서버에서 {command} 명령으로 되살려 주세요."
)
KB_REMOVED_UPLOAD_AND_SHIPPED = (
    "올린 파일을 지웠고, 같은 ID의 기본 제공 문서({path})도 함께 숨겼어요. "
    "기본 제공 문서로 되돌리려면 서버에서 {command} 명령으로 되살려 주세요."
)
KB_REMOVED_COMPANIONS = (
    "이 문서와 함께 쓰이던 문서는 그대로 있어요: {companions}. 함께 빼려면 {command}처럼 실행해 주세요."
)
KB_LIST_HEADER = "문서 ID | 제목 | 종류 | 청크 | 업데이트"
KB_LIST_EMPTY = "색인에 문서가 없어요."
KB_LIST_FAILURES = "읽지 못한 파일 {count}개:"
KB_KIND_LABELS = {"program": "사업 안내", "vendor": "기업 소개"}
KB_SEARCH_NO_HITS = "검색 결과가 없어요."
KB_SEARCH_CONFIDENCE = "신뢰도 {confidence:.2f} (기준 {threshold:.2f}: {verdict})"
KB_SEARCH_CONFIDENT = "답변 가능"
KB_SEARCH_NOT_CONFIDENT = "정보 부족 — 상담원 연결 권장"
KB_EVAL_BUILDING = "평가용 임시 색인을 만드는 중이에요..."
# How a knowledge-base report is written (bot/kb_reports.py): a mark before each kind of line, and
# quotes around a command. The staff chat is plain text, so no Markdown there.
KB_TERMINAL_MARKS = {"result": "", "problem": "  ! ", "detail": "  └ "}
KB_TERMINAL_QUOTE = "`{}`"
KB_CHAT_MARKS = {"result": "", "problem": "⚠️ ", "detail": "└ "}
KB_CHAT_QUOTE = "'{}'"

# --- the knowledge base from the staff group: /kb_add (file caption), /kb, /kb_remove (bot/staff_kb.py) ---
KB_CHAT_RECEIVED = "📥 받았어요, 반영 중이에요: '{file_name}'\n문서가 길면 몇 분 걸릴 수 있어요. 끝나면 여기에 결과를 알려 드릴게요."
KB_CHAT_NO_FILE = (
    "올릴 파일이 없어요. 문서(.md .txt .pdf .docx .hwpx .hwp)를 파일로 첨부하고, "
    "파일 설명(캡션)에 /kb_add 를 적어 보내 주세요."
)
KB_CHAT_NOT_A_DOCUMENT = (
    "사진이나 영상은 지식 베이스에 넣을 수 없어요. 문서(.md .txt .pdf .docx .hwpx .hwp)를 "
    "'파일'로 첨부하고 캡션에 /kb_add 를 적어 보내 주세요."
)
KB_CHAT_UNSUPPORTED = (
    "'{file_name}' 파일은 올릴 수 없어요: 지원하지 않는 형식({suffix})이에요. "
    ".md .txt .pdf .docx .hwpx .hwp 파일을 올려 주세요."
)
KB_CHAT_NO_SUFFIX = "확장자 없음"
KB_CHAT_UNNAMED = "이름 없는 파일"
KB_CHAT_TOO_BIG = (
    "'{file_name}' 파일이 너무 커요 ({size_mb:.1f}MB, 최대 {limit_mb:g}MB). "
    "문서를 나누거나 그림을 줄여서 다시 올려 주세요."
)
KB_CHAT_TELEGRAM_TOO_BIG = (
    "'{file_name}' 파일은 받을 수 없어요: 텔레그램 봇은 {limit_mb:g}MB가 넘는 파일을 내려받지 못해요. "
    "문서를 나눠서 올리거나, 서버에서 'axbot kb add' 명령으로 추가해 주세요."
)
KB_CHAT_DOWNLOAD_FAILED = "'{file_name}' 파일을 텔레그램에서 내려받지 못했어요. 잠시 뒤 다시 올려 주세요."
KB_CHAT_BUSY = "지금 다른 문서를 반영하고 있어요. 그 결과가 여기에 올라온 뒤에 다시 보내 주세요."
KB_CHAT_FAILED = "지식 베이스를 바꾸지 못했어요. 지금 색인은 그대로예요: {message}"
KB_CHAT_UNEXPECTED = (
    "반영하다가 예상하지 못한 문제가 생겼어요. 지금 색인은 그대로예요. "
    "잠시 뒤 다시 해 보시고, 계속되면 서버 로그를 확인해 주세요."
)
KB_CHAT_REMOVE_USAGE = "뺄 문서의 ID를 적어 주세요. 예) /kb_remove ax-testbed (문서 ID는 /kb 로 볼 수 있어요)"
KB_CHAT_NOT_FOUND = "'{doc_id}' 문서를 찾지 못했어요. /kb 로 문서 ID를 확인해 주세요."
# /kb_remove with several ids: all of them are removed, or none when one is not found.
KB_CHAT_SOME_NOT_FOUND = "찾지 못한 문서가 있어서 하나도 빼지 않았어요: {doc_ids}. /kb 로 문서 ID를 확인해 주세요."
KB_CHAT_LIST_TITLE = "📚 지식 베이스 문서 {count}개"
KB_CHAT_LIST_FAILED = "문서 목록을 보여 드리지 못했어요: {message}"
KB_CHAT_STAFF_ONLY = "지식 베이스는 상담원 그룹에서만 바꿀 수 있어요."
CLI_FAILED = "오류: {message}"
CLI_ARG_NEEDS_VALUE = "{option} 뒤에 값을 적어 주세요."
CLI_ARG_REQUIRED = "꼭 적어야 하는 인자가 빠졌어요: {options}"
CLI_ARG_UNKNOWN = "알 수 없는 인자예요: {arguments}"
CLI_ARG_UNKNOWN_COMMAND = "알 수 없는 명령이에요: {value}\n이 중 하나를 적어 주세요: {choices}"
CLI_ARG_INVALID_CHOICE = "{option} 에 쓸 수 없는 값이에요: {value}\n이 중 하나를 적어 주세요: {choices}"
CLI_ARG_NOT_A_NUMBER = "{option} 에는 숫자를 적어 주세요: {value}"
CLI_HELP_HINT = "쓰는 법은 '{prog} --help'로 볼 수 있어요."
CLI_USAGE_PREFIX = "사용법: "
CLI_HELP_POSITIONALS = "인자"
CLI_HELP_OPTIONS = "옵션"
CLI_HELP_OPTION = "이 도움말 보기"
SETTINGS_MISSING_ENV = "환경 변수 {name} 가 설정되지 않았어요. config.yaml 에서 이 값을 쓰고 있어요."
SETTINGS_FILE_MISSING = "설정 파일을 찾을 수 없어요: {path}"
SETTINGS_FILE_MALFORMED = "설정 파일 형식이 잘못되었어요: {path}: {error}"
SETTINGS_INVALID = "설정 값이 올바르지 않아요: {path}: {error}"
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
ASSISTANT_WHICH_VENDOR = "어느 기업을 말씀하시는지 골라 주세요. 소개, 도입 방법, 연락처를 보여 드릴게요."
# "두 번째 업체는요?" or "그 업체 연락처" with no proposals to point at.
ASSISTANT_NO_VENDOR_LIST = (
    "지금 보여 드린 기업 목록이 없어요. ‘기업 추천받기’를 누르시고 공장의 고민을 적어 주시면 "
    "맞는 기업을 골라 드릴게요."
)
# A follow-up about a vendor ("그건 언제까지예요?") that its brief does not answer.
ASSISTANT_VENDOR_NOT_IN_BRIEF = (
    "말씀하신 내용은 {name} 소개 자료에 나와 있지 않아요. 상담을 예약하시면 기업과 직접 확인해 보실 수 있어요. "
    "소개 자료에 있는 내용(소개, 도입 방법과 기간, 사례, 연락처)은 언제든 물어봐 주세요."
)
ASSISTANT_VENDORS_NOT_IN_BRIEF = (
    "말씀하신 내용은 기업 소개 자료에 나와 있지 않아요. 궁금한 기업을 골라 상담을 예약하시거나 "
    "상담원과 이야기해 보시겠어요?"
)
# A vendor's price ("그거 얼마임"): briefs give at most how adopting is paid for; prices are for the consult.
ASSISTANT_VENDOR_PRICE_TERMS = (
    "{name} 소개 자료에는 정확한 가격이 나와 있지 않아요. 비용에 관해서는 이렇게 나와 있어요.\n{terms}\n"
    "가격은 공장 상황과 도입 방식에 따라 달라서 상담에서 안내받으실 수 있어요."
)
ASSISTANT_VENDOR_PRICE_IN_CONSULT = (
    "{name} 소개 자료에는 가격이 나와 있지 않아요. 가격은 공장 상황과 도입 방식에 따라 달라서 "
    "상담에서 안내받으실 수 있어요. 상담을 예약하시면 기업과 직접 확인해 보실 수 있어요."
)
# "거기 비용" asked at the industry-and-region prompt, said before the proposals.
VENDORS_PRICE_IN_CONSULT = "기업별 가격은 공장 상황과 도입 방식에 따라 달라서 상담에서 안내해 드려요."
# A question at the industry-and-region prompt is answered, then the prompt comes again.
ASSISTANT_VENDOR_PROFILE_AGAIN = (
    "기업 추천은 이어서 도와드릴게요. 업종과 지역을 알려 주시겠어요? 예) \"창원 자동차부품, 직원 50명\"\n"
    "바로 보시려면 '건너뛰기'를 눌러 주세요."
)
ASSISTANT_VENDOR_PROFILE_WHY = (
    "업종과 지역을 알면 같은 업종에 도입한 사례가 있거나 회사가 있는 지역을 지원하는 기업을 먼저 골라 드릴 수 있어요. "
    "알려 주신 회사 정보는 기업 추천과 상담 예약에만 써요."
)
# "아까 그 업체들 다시 보여줘": the vendors proposed before the answers since.
ASSISTANT_RECALLED_VENDORS = "아까 보여 드린 기업이에요: {names}. 소개, 도입 방법, 연락처는 아래 버튼으로 보실 수 있어요."
ASSISTANT_NO_MORE_VENDORS = (
    "말씀하신 고민에 맞는 기업은 위에서 모두 보여 드렸어요. 더 넓게 찾아보려면 상담원과 이야기해 보시겠어요?"
)
ASSISTANT_NO_VENDORS = (
    "말씀하신 내용에 맞는 기업을 찾지 못했어요. 조금 더 구체적으로 적어 주시거나, "
    "상담원과 이야기해 보시겠어요?"
)
ASSISTANT_DECLINE = (
    "죄송해요, 그 내용은 제가 가진 자료에서 찾지 못했어요. 잘못된 안내를 드리지 않도록 "
    "상담원이 직접 확인해 드리는 게 좋겠어요. 상담원을 연결하거나 상담을 예약해 보시겠어요?"
)
ASSISTANT_DECLINE_FOREIGN = (
    "죄송해요, 그 내용은 제가 가진 자료에서 찾지 못했어요. 자료가 모두 한국어라서 한국어로 물어봐 주시면 "
    "더 잘 찾을 수 있어요. 예) \"AX 카라반은 어떻게 신청해요?\" 상담원 연결이나 상담 예약도 도와드릴게요.\n"
    "(Our documents are in Korean; a question in Korean finds them best, or ask for a consultant.)"
)
ASSISTANT_NOT_PUBLISHED_FOLLOWUP = "자세한 내용은 상담원이 확인해 드릴 수 있어요."
ASSISTANT_OUT_OF_SCOPE = (
    "죄송해요, 그 질문은 제가 도와드리기 어려워요. 저는 산업단지 AI 전환(AX) 지원사업 안내, "
    "AI·로봇 기업 추천, 상담 예약을 도와드려요."
)
ASSISTANT_SMALL_TALK = "네, 말씀 감사해요. 🙂 AX 지원사업이나 공장 고민이 있으시면 언제든 물어봐 주세요."
ASSISTANT_ABOUT_ME = (
    "저는 산업단지 AX 지원사업 안내, AI·로봇 기업 추천, 상담 예약을 도와드리는 상담봇이에요. 🙂 "
    "이런 일로 궁금한 점이 있으시면 편하게 물어봐 주세요. 사람 상담원이 필요하시면 ‘상담원 연결’을 눌러 주세요."
)
# "ㄴㄴ 됐어요", "아니요 괜찮아요": no thanks.
ASSISTANT_OK_CLOSE = "알겠어요. 다른 도움이 필요하시면 언제든 편하게 말씀해 주세요. 🙂"
# "😭😭", "ㅠㅠ": sympathy, and a person to talk to.
ASSISTANT_SYMPATHY = (
    "많이 답답하시거나 힘드신가 봐요. 어떤 일인지 편하게 적어 주시면 함께 찾아볼게요. "
    "사람과 직접 이야기하고 싶으시면 '상담원 연결'을 눌러 주세요."
)
ASSISTANT_NO_HANDOFF_TO_END = "지금은 상담원과 연결돼 있지 않아요. 필요한 것을 아래에서 골라 주시거나 편하게 물어봐 주세요."
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
# Telegram's short pop-up (under 200 characters) for a stale button; the button's keyboard is taken off.
STALE_BUTTON_TOAST = "이미 지난 버튼이라 더 이상 쓸 수 없어요."
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
ASSISTANT_TOO_LONG = "메시지가 너무 길어서 앞부분과 끝부분을 합쳐 {limit:,}자만 읽었어요."
ASSISTANT_ERROR = "죄송해요, 잠시 문제가 생겼어요. 잠시 후 다시 시도해 주세요."

# Buttons
BUTTON_ASK = "💬 질문하기"
BUTTON_VENDORS = "🏭 기업 추천받기"
BUTTON_BOOK = "📅 상담 예약"
BUTTON_HUMAN = "🙋 상담원 연결"
BUTTON_MENU = "🏠 처음으로"
BUTTON_PROFILE = "🏢 회사 정보"
BUTTON_PROFILE_KEEP = "↩️ 바꾸지 않기"
BUTTON_FEEDBACK_UP = "👍 도움됐어요"
BUTTON_FEEDBACK_DOWN = "👎 아쉬워요"
BUTTON_SKIP = "건너뛰기"
BUTTON_VENDOR_DETAILS = "🔎 {name} 자세히"
BUTTON_VENDOR_BOOK = "📅 {name} 상담 예약"

# --- a double tap: the same button pressed again moments later (bot/assistant.py) ---
# Telegram's toast for the second press; the first press's reply is already in the chat.
REPEATED_PRESS_TOAST = "방금 누르신 버튼이라 한 번만 처리했어요."

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

# --- assistant: company profile ---
PROFILE_TITLE = "🏢 회사 정보"
PROFILE_FIELDS = {
    "company_name": "회사명",
    "industry": "업종",
    "region": "지역",
    "complex_name": "산업단지",
    "employees": "직원 수",
    "interest": "관심 분야",
}
PROFILE_EMPTY_VALUE = "(아직 없음)"
PROFILE_EMPLOYEES_VALUE = "{count}명"
PROFILE_EDIT_HINT = "수정할 항목을 고르시거나 \"창원, 금형, 직원 40명\"처럼 적어 주세요. 회사 정보는 기업 추천과 상담 예약에만 써요."
PROFILE_ASK = {
    "company_name": "회사명을 알려 주세요. 예) \"한빛정밀\"",
    "industry": "업종을 알려 주세요. 예) \"자동차부품\", \"식품\", \"사출\"",
    "region": "회사가 있는 지역이나 산업단지를 알려 주세요. 예) \"창원\", \"반월시화산단\"",
    "complex_name": "회사가 있는 산업단지를 알려 주세요. 예) \"반월시화\", \"창원국가산단\"",
    "employees": "직원 수를 알려 주세요. 예) \"45명\"",
    "interest": "관심 있는 분야를 알려 주세요. 예) \"불량 검사 자동화\", \"에너지 절감\"",
}
PROFILE_SAVED = "저장했어요."
# Company facts typed in a sentence ("창원에서 자동차부품 공장 하고 있어요"), each one named.
PROFILE_FACT = "{field} {value}"
PROFILE_FACTS_SAVED = "말씀해 주신 회사 정보({facts})를 저장했어요."
PROFILE_FACTS_NEXT = (
    "어떤 걸 도와드릴까요? 궁금한 지원사업을 물어보시거나, 공장의 고민을 적어 주시면 맞는 기업을 찾아 드릴게요."
)
BUTTON_PROFILE_EDIT = "✏️ {field}"

# --- answers (extractive and LLM answers about the programs) ---
ANSWER_INTRO = "등록된 자료에서 찾은 내용이에요."
ANSWER_NOT_PUBLISHED_INTRO = "문의하신 내용은 자료에 아직 공개되지 않았다고 나와 있어요."
ANSWER_ASIDE_NOT_PUBLISHED = "함께 물어보신 내용은 아직 공개되지 않았다고 나와 있어요."
ANSWER_QUOTE = "“{sentence}”"
# A question comparing programs: each program's answer under its name.
ANSWER_COMPARE_INTRO = "말씀하신 사업들을 자료에 나온 대로 하나씩 정리했어요."
ANSWER_COMPARE_PROGRAM = "▶ {title}"
ANSWER_COMPARE_NOT_PUBLISHED = "이 부분은 아직 공개되지 않았다고 나와 있어요."
ANSWER_COMPARE_NOT_FOUND = "이 사업에 대해서는 자료에서 찾지 못했어요."
# A question joining details ("기간이랑 참가비"): each detail's answer under its name, headed as above.
ANSWER_PARTS_INTRO = "물어보신 내용을 자료에 나온 대로 하나씩 정리했어요."
ANSWER_PART_NOT_FOUND = "이 부분은 자료에서 찾지 못했어요."
ANSWER_QUOTE_ITEM = "  · {sentence}"
ANSWER_SOURCE = "출처: {title} · {section} ({updated} 기준)"
ANSWER_SOURCE_NO_SECTION = "출처: {title} ({updated} 기준)"
ANSWER_LLM_SOURCE = "[{number}] {title} · {section} ({updated} 기준)"
ANSWER_LLM_SOURCE_NO_SECTION = "[{number}] {title} ({updated} 기준)"
ANSWER_DECLINED = (
    "죄송해요, 등록된 자료에서는 이 질문에 대한 답을 찾지 못했어요. "
    "상담원에게 연결하거나 상담을 예약하시면 자세히 확인해 드릴게요."
)
ANSWER_EMPTY_QUESTION = "궁금하신 내용을 글로 적어 주세요. 예를 들어 \"AX 카라반은 어떤 프로그램이에요?\"처럼 물어보시면 돼요."

# --- company profile hints and validation (bot/profile.py) ---
PROFILE_ERROR_EMPTY = "내용이 비어 있어요. 다시 입력해 주세요."
PROFILE_ERROR_TOO_LONG = "조금 길어요. {limit}자 안으로 줄여서 입력해 주세요."
PROFILE_ERROR_COMPANY_NAME = "회사명은 글자나 숫자로 입력해 주세요. 예) \"한빛정밀\""
PROFILE_ERROR_INDUSTRY = "업종을 글자로 입력해 주세요. 예) \"자동차부품\", \"식품\", \"사출\""
PROFILE_ERROR_REGION = (
    "어느 지역인지 알아보지 못했어요. 시도나 시군, 산업단지 이름으로 알려 주세요. "
    "예) \"경남\", \"창원\", \"반월시화산단\""
)
PROFILE_ERROR_EMPLOYEES = "직원 수를 숫자로 알려 주세요. 예) \"45명\", \"약 120명\""
PROFILE_ERROR_EMPLOYEES_RANGE = "직원 수는 1명에서 {limit:,}명 사이로 입력해 주세요."
PROFILE_ERROR_INTEREST = "관심 분야를 글자로 입력해 주세요. 예) \"불량 검사 자동화\", \"에너지 절감\""
PROFILE_ERROR_COMPLEX_NAME = "산업단지 이름을 글자로 입력해 주세요. 예) \"남동국가산단\""

# --- vendor proposals and details (bot/vendors.py) ---
VENDORS_CATEGORY_LABELS = {
    "vision_inspection": "비전 검사",
    "predictive_maintenance": "설비 예지보전",
    "cobot": "협동로봇",
    "logistics_automation": "물류 자동화",
    "energy_management": "에너지 관리",
    "mes_smart_factory": "MES·스마트공장",
    "process_optimization": "공정 최적화",
    "industrial_safety": "산업 안전",
}
VENDORS_CATEGORY_FALLBACK = "AX"
VENDORS_INTRO = "말씀하신 내용에 맞는 솔루션 기업을 골라 봤어요."
VENDORS_PROFILE_APPLIED = "알려 주신 회사 정보를 반영해서 다시 골라 봤어요."
VENDORS_FACTS_APPLIED = "말씀해 주신 회사 정보({facts})를 저장하고, 그에 맞춰 다시 골라 봤어요."
VENDORS_ITEM = "{number}. {name} — {what}{sample}"
VENDORS_ITEM_NAME_ONLY = "{number}. {name}{sample}"
VENDORS_SAMPLE_TAG = " (가상의 예시 기업)"
VENDORS_REASON_BULLET = "  • {reason}"
VENDORS_OUTRO = "자세한 소개나 상담 예약은 아래 버튼을 눌러 주세요."
VENDORS_SAMPLE_FOOTER = "※ ‘가상의 예시 기업’은 시범 운영을 위해 만든 예시로, 실제 회사가 아니에요."
VENDORS_SEPARATOR = "·"
VENDORS_REASON_NEED = "말씀하신 {terms} 관련 고민에 맞는 {category} 솔루션이에요."
VENDORS_REASON_NEED_CATEGORY = "말씀하신 고민을 다루는 {category} 솔루션이에요."
VENDORS_CASE = "{company}에서 {result}"
VENDORS_REASON_INDUSTRY_CASE = "같은 {industry} 업종 도입 사례가 있어요. {case}"
VENDORS_REASON_REGION_CASE = "같은 {region} 지역 도입 사례가 있어요. {case}"
VENDORS_REASON_CASE = "도입 사례가 있어요. {case}"
VENDORS_REASON_INDUSTRY = "{industry} 업종에 맞춘 솔루션이에요."
VENDORS_REASON_REGION = "{region} 지역에서 도입할 수 있어요."
VENDORS_REASON_NATIONWIDE = "전국 어디서나 도입할 수 있어요."
VENDORS_REASON_REGION_OUTSIDE = "다만 지금은 {regions} 지역만 지원해요."
VENDORS_NATIONWIDE = "전국"
VENDORS_DETAILS_CATEGORIES = "분야: {categories}"
VENDORS_DETAILS_FEATURES = "주요 기능"
VENDORS_DETAILS_CASES = "도입 사례"
VENDORS_DETAILS_ADOPTION = "도입 방식과 기간"
VENDORS_DETAILS_FIT = "이런 기업에 알맞아요"
VENDORS_DETAILS_ITEM = "  • {item}"
VENDORS_DETAILS_REGIONS = "지원 지역: {regions}"
VENDORS_DETAILS_CONTACT = "연락처: {contact}"
VENDORS_DETAILS_UPDATED = "정보 기준일: {updated}"
VENDORS_DETAILS_SAMPLE_NOTE = "※ 시범 운영을 위해 만든 가상의 예시 기업이에요. 실제 회사가 아니에요."

# --- handoff ---
TRANSCRIPT_BUTTON = "[버튼] {label}"  # a pressed button in the transcript consultants read
# Attachments in the transcript (named as in HANDOFF_ATTACHMENT_NAMES), with any caption: "(사진) 공장 사진이에요".
TRANSCRIPT_ATTACHMENT = "({kind}) {caption}"
TRANSCRIPT_TOPIC_PICKED = "상담 주제 선택"
TRANSCRIPT_RESCHEDULE = "예약 시간 변경"
TRANSCRIPT_CANCEL_BOOKING = "예약 취소"
HANDOFF_BUTTON_END = "🔚 상담 종료"
HANDOFF_REQUESTED = (
    "상담원에게 연결을 요청했어요. 보통 {minutes}분 안에 답해요.\n"
    "지금부터 이 대화창에 남기시는 말씀은 상담원에게 그대로 전달돼요. 상담을 마치려면 ‘상담 종료’라고 보내 주세요."
)
HANDOFF_REQUESTED_OFF_HOURS = (
    "지금은 상담 시간이 아니에요. 상담원에게 요청을 남겨 두었고, 다음 업무 시간({when})에 답해 드릴게요.\n"
    "그동안 이 대화창에 남기시는 말씀은 상담원에게 그대로 전달돼요. "
    "기다리시는 대신 원하시는 시간으로 상담을 예약하실 수도 있어요."
)
HANDOFF_ALREADY_REQUESTED = "이미 상담원에게 연결을 요청했어요. 조금만 기다려 주세요. 남기시는 말씀은 상담원에게 전달돼요."
HANDOFF_ALREADY_ACTIVE = "지금 상담원과 연결돼 있어요. 남기시는 말씀은 상담원에게 그대로 전달돼요."
HANDOFF_NOT_CONFIGURED = (
    "죄송해요, 지금은 상담원 연결을 할 수 없어요. 상담을 예약해 주시면 담당자가 꼭 연락드릴게요."
)
HANDOFF_STAFF_UNREACHABLE = (
    "죄송해요, 상담원에게 요청을 전달하지 못했어요. 상담을 예약해 주시면 담당자가 꼭 연락드릴게요.\n"
    "그동안 궁금한 점은 챗봇에게 계속 물어보셔도 돼요."
)
HANDOFF_RELAY_FAILED = (
    "죄송해요, 방금 보내신 말씀을 상담원에게 전달하지 못해서 상담원 연결을 마쳤어요. "
    "상담을 예약해 주시면 담당자가 꼭 연락드릴게요."
)
HANDOFF_UNANSWERED = (
    "죄송해요, 상담원이 아직 답을 드리지 못했어요. 기다리시게 해서 죄송해요.\n"
    "상담을 예약해 주시면 담당자가 꼭 연락드릴게요. 이제 다시 챗봇이 답해 드릴게요."
)
HANDOFF_ENDED_FOR_USER = "상담원 상담이 끝났어요. 이제 다시 챗봇이 답해 드릴게요. 궁금한 점을 편하게 물어보세요."
HANDOFF_IDLE_FOR_USER = (
    "{minutes}분 동안 대화가 없어서 상담원 상담을 마쳤어요. 이제 다시 챗봇이 답해 드릴게요. "
    "상담원이 다시 필요하시면 ‘상담원 연결’이라고 보내 주세요."
)
HANDOFF_NOT_ACTIVE = "지금은 상담원과 연결돼 있지 않아요. 궁금한 점을 물어보시면 챗봇이 답해 드릴게요."
HANDOFF_DELETE_DURING = "상담원과 연결된 동안에는 정보를 지울 수 없어요. ‘상담 종료’로 상담을 마친 뒤 /deletemydata 를 다시 보내 주세요."
HANDOFF_COMMANDS_DURING = "지금은 상담원과 연결돼 있어요. 챗봇으로 돌아가려면 ‘상담 종료’라고 보내 주세요."
HANDOFF_BOOKING_DURING = (
    "지금은 상담원과 대화 중이에요. 예약은 상담원에게 바로 말씀하셔도 되고, ‘상담 종료’ 후에 챗봇에서 하셔도 돼요."
)
HANDOFF_SWITCHED_TO_BOOKING = "상담원 연결 요청은 취소하고, 상담 예약을 도와드릴게요."
HANDOFF_EDITED_MARK = " (수정한 메시지)"  # after a name: an edit arrives as a new message
HANDOFF_CONSULTANT_PREFIX = "👩‍💼 상담원 {name}:"
HANDOFF_CONSULTANT_DEFAULT_NAME = "담당자"
HANDOFF_WEEKDAYS = ("월", "화", "수", "목", "금", "토", "일")
HANDOFF_WHEN = "{month}월 {day}일({weekday}) {ampm} {hour}시{minute}"
HANDOFF_AM = "오전"
HANDOFF_PM = "오후"
HANDOFF_MINUTE = " {minute}분"
# Staff-facing (the consultants' group)
HANDOFF_REASONS = {
    "user_request": "고객이 직접 상담원을 요청했어요",
    "declined": "챗봇이 답하지 못한 질문이 있었어요",
    "dissatisfied": "고객이 챗봇 답변에 여러 번 만족하지 못했어요",
}
HANDOFF_TOPIC_TITLE = "{name}"
HANDOFF_TOPIC_TITLE_COMPANY = "{name} · {company}"
HANDOFF_UNKNOWN_NAME = "이름 없음"
HANDOFF_CARD_TITLE = "🙋 상담 요청 #{number}"
HANDOFF_CARD_CUSTOMER = "고객: {name} ({user_id})"
HANDOFF_CARD_COMPANY = "회사: {company}"
HANDOFF_CARD_INTEREST = "관심사: {interest}"
HANDOFF_CARD_EMPLOYEES = "직원 {count}명"
HANDOFF_CARD_NO_PROFILE = "회사 정보: 아직 없어요"
HANDOFF_CARD_REASON = "요청 이유: {reason}"
HANDOFF_CARD_OFF_HOURS = "⏰ 업무 시간 밖의 요청이에요. 고객에게 {when}에 답한다고 안내했어요."
HANDOFF_CARD_BOOKING = "예약: {booking}"
HANDOFF_CARD_TRANSCRIPT = "최근 대화:"
HANDOFF_CARD_NO_TRANSCRIPT = "최근 대화: 없어요"
HANDOFF_CARD_ROLES = {"user": "👤", "bot": "🤖", "consultant": "👩‍💼", "system": "ℹ️"}
HANDOFF_CARD_FOOTER = (
    "이 토픽에 쓰시는 메시지는 고객에게 전달돼요. 처음 답하신 분이 이 상담을 맡아요. "
    "마치려면 /end, 대기 목록은 /queue 를 보내 주세요."
)
HANDOFF_CARD_FOOTER_REPLY = (
    "이 그룹은 토픽이 없어서, 고객에게 답하시려면 이 메시지(또는 고객 메시지)에 ‘답장’으로 보내 주세요. "
    "처음 답하신 분이 이 상담을 맡아요. 마치려면 답장으로 /end 를 보내 주세요."
)
HANDOFF_CARD_AGAIN = "🔁 고객이 다시 상담원을 요청했어요."
HANDOFF_STAFF_USER_PREFIX = "👤 {name}:"
HANDOFF_STAFF_USER_ATTACHMENT = "👤 {name}님이 보낸 {what}:"
HANDOFF_ATTACHMENT_NAMES = {
    "photo": "사진", "sticker": "스티커", "voice": "음성 메시지", "video": "동영상", "location": "위치",
    "document": "파일", "contact": "연락처", "other": "메시지",
}
HANDOFF_STAFF_TAKEN = "✅ {name}님이 이 상담을 맡았어요."
# Under a user's message relayed late (it waited while the bot was stopped): when it was really sent,
# since consultants' own messages of that time are already above it in the topic.
HANDOFF_STAFF_SENT_LATE = "⏱ 고객이 {when}에 보낸 메시지예요. 봇이 늦게 받아 지금 전해요."
HANDOFF_STAFF_ENDED_BY_USER = "🔚 고객이 상담을 종료했어요. 이제 챗봇이 답해요."
HANDOFF_STAFF_ENDED_BY_STAFF = "🔚 {name}님이 상담을 종료했어요. 고객에게도 알렸어요."
HANDOFF_STAFF_ENDED_IDLE = "🔚 {minutes}분 동안 대화가 없어서 상담이 자동으로 종료됐어요. 고객에게도 알렸어요."
HANDOFF_STAFF_UNANSWERED = "⚠️ {minutes}분 동안 아무도 답하지 않아 요청이 종료됐어요. 고객에게 사과하고 예약을 안내했어요."
HANDOFF_STAFF_SWITCHED_TO_BOOKING = "📅 고객이 상담 예약으로 전환했어요. 상담은 종료됐어요."
HANDOFF_STAFF_NOT_OPEN = "ℹ️ 이 고객과의 상담은 이미 끝났어요. 메시지는 전달하지 않았어요."
HANDOFF_STAFF_UNKNOWN_TOPIC = "ℹ️ 이 토픽은 진행 중인 상담과 연결돼 있지 않아요. 메시지는 전달하지 않았어요."
HANDOFF_STAFF_DELIVERY_FAILED = "⚠️ 고객에게 메시지를 전달하지 못했어요 ({problem}). 상담은 종료됐어요."
HANDOFF_STAFF_NOTHING_TO_END = "ℹ️ 끝낼 상담이 없어요."
HANDOFF_STAFF_END_WHERE = "ℹ️ /end 는 고객의 토픽 안에서(토픽이 없는 그룹에서는 고객 메시지에 답장으로) 보내 주세요."
HANDOFF_QUEUE_EMPTY = "📋 지금 대기 중이거나 진행 중인 상담이 없어요."
HANDOFF_QUEUE_WAITING = "⏳ 대기 중 {count}건"
HANDOFF_QUEUE_ACTIVE = "💬 진행 중 {count}건"
HANDOFF_QUEUE_FAILED = "⚠️ 최근 24시간 전달 실패 {count}건"
HANDOFF_QUEUE_WAITING_ITEM = "  • {name} — {minutes}분 전 요청 ({reason})"
HANDOFF_QUEUE_ACTIVE_ITEM = "  • {name} — {consultant}님 담당, 마지막 대화 {minutes}분 전"
HANDOFF_QUEUE_FAILED_ITEM = "  • {name} — {failure}"
HANDOFF_PROBLEMS = {
    "not_configured": "상담원 그룹이 설정되지 않음",
    "bot_removed": "봇이 상담원 그룹에서 내보내졌거나 권한이 없음",
    "topic_lost": "토픽이 삭제되어 다시 만들지 못함",
    "user_blocked": "고객이 봇을 차단함",
    "telegram_error": "텔레그램 오류",
}

# --- booking ---
BOOKING_CONSENT = (
    "상담 예약을 위해 개인정보 수집·이용에 동의해 주세요.\n\n"
    "• 수집 항목: 이름, 연락처, 회사 정보(회사명·업종·지역)\n"
    "• 이용 목적: 상담 일정 안내와 상담 진행\n"
    "• 보관 기간: 상담일로부터 {retention_days}일 (기간이 지나면 바로 지워요)\n"
    "• 동의하지 않으셔도 돼요. 그러면 예약은 어렵지만 질문은 지금처럼 자유롭게 하실 수 있어요.\n\n"
    "언제든 /deletemydata 로 내 정보를 지울 수 있어요."
)
BOOKING_CONSENT_REFUSED = (
    "알겠어요. 개인정보는 받지 않을게요. 궁금한 점은 지금처럼 편하게 물어봐 주세요. "
    "나중에 예약이 필요하시면 /book 을 눌러 주세요."
)
BOOKING_ASK_TYPE = "어떤 상담을 원하세요?"
BOOKING_TYPE_LABELS = {"program": "📋 지원사업 상담 (전문 컨설턴트)", "vendor": "🏭 AI·로봇 기업 상담"}
BOOKING_ASK_TOPIC = "어떤 내용으로 상담받고 싶으세요? 아래에서 고르시거나 직접 적어 주세요."
BOOKING_ASK_TOPIC_VENDOR = "{vendor} 상담에서 어떤 이야기를 나누고 싶으세요? 아래 버튼을 누르시거나 직접 적어 주세요."
BOOKING_TOPIC_PRESETS = ("AX 카라반", "AX 실증산단", "지원사업 신청 방법", "AI·로봇 도입 상담")
BOOKING_TOPIC_PRESETS_VENDOR = ("AI 불량 검사", "설비 고장 예측", "협동로봇·물류 자동화", "에너지 비용 절감")
BOOKING_TOPIC_VENDOR_DEFAULT = "{vendor} 솔루션 도입 상담"
BOOKING_TOPIC_TOO_LONG = "상담 주제는 {limit}자 안으로 짧게 적어 주세요."
BOOKING_WHEN_KEPT_ASK_TOPIC = "적어 주신 날짜와 시간은 기억해 둘게요. 상담 주제를 먼저 정해 주세요."
BOOKING_TOPIC_UNCLEAR = "상담 주제를 알아보기 어려워요. 아래에서 고르시거나 \"스마트공장 지원사업 문의\"처럼 적어 주세요."
BOOKING_ASK_DAY = "상담 날짜를 골라 주세요. \"다음 주 화요일 오후 2시\"처럼 적어 주셔도 돼요."
BOOKING_ASK_TIME = "{day} 중 편한 시간을 골라 주세요."
BOOKING_NO_SLOTS = "죄송해요, 지금은 예약할 수 있는 시간이 없어요. 상담원 연결을 요청해 주시면 일정을 따로 잡아 드릴게요."
# Why a day cannot be booked, then BOOKING_PICK_ANOTHER_DAY (the open days follow) or, when a time
# was asked for, BOOKING_NEAREST_DAY (the nearest open day's times follow).
BOOKING_DAY_REASONS = {
    "past": "지난 날짜({day})로는 예약할 수 없어요.",
    "holiday": "{day} 공휴일에는 상담을 하지 않아요.",
    "closed": "{day}에는 상담을 하지 않아요.",
    "out_of_range": "{day}에는 아직 예약할 수 없어요. 예약은 오늘부터 {days}일 안에서 하실 수 있어요.",
    "full": "{day} 예약이 모두 찼어요.",
}
BOOKING_PICK_ANOTHER_DAY = "다른 날짜를 골라 주세요."
BOOKING_NEAREST_DAY = "가장 가까운 날인 {day}에 예약할 수 있는 시간이에요."
BOOKING_TIME_IMPOSSIBLE = "말씀하신 시간({typed})은 하루 중에 없는 시간이라 예약할 수 없어요. 상담은 {hours} 해요."
BOOKING_TIME_TYPED = "{hour}시"
BOOKING_TIME_TYPED_MINUTES = "{hour}시 {minute}분"
# A day or time typed with the booking request ("금요일 오후 4시에 상담 예약하고 싶어요").
BOOKING_WHEN_KEPT = "말씀하신 일정({when})은 기억해 둘게요. 예약에 필요한 것부터 여쭤볼게요."
BOOKING_WHEN_KEPT_FREE = "말씀하신 {when}에 예약할 수 있어요."
BOOKING_SLOT_UNAVAILABLE = "말씀하신 {when}에는 예약할 수 없어요(상담 시간이 아니거나 너무 가까운 시간이에요). 아래에서 다른 시간을 골라 주세요."
BOOKING_OUTSIDE_HOURS = "말씀하신 {when}에는 상담하지 않아요. 상담은 {hours} 해요. 아래에서 다른 시간을 골라 주세요."
BOOKING_CONSULT_HOURS = "{start}부터 {end}까지"
BOOKING_CONSULT_HOURS_WITH_BREAK = "{start}부터 {end}까지(점심시간 제외)"
BOOKING_SLOT_TAKEN = "아쉽게도 방금 다른 분이 그 시간을 예약했어요. 다른 시간을 골라 주세요."
BOOKING_ASK_NAME = "예약하실 분의 성함을 알려 주세요. 연락처도 함께 적어 주시면 한 번에 끝나요.\n예) 홍길동 010-1234-5678"
BOOKING_ASK_PHONE = "{name}님, 연락받으실 전화번호를 알려 주세요. 예) 010-1234-5678"
BOOKING_NAME_ERROR = "성함을 알아보기 어려워요. \"홍길동\"이나 \"홍길동 010-1234-5678\"처럼 적어 주세요."
BOOKING_PHONE_ERROR = "전화번호 형식이 맞지 않아요. 010-1234-5678 이나 02-123-4567 처럼 적어 주세요."
# booking by text (QA round E): consent asked again in one line, details typed before their step
BOOKING_CONSENT_AGAIN = "예약을 이어가려면 개인정보 수집·이용 동의가 필요해요. 아래 '동의하고 계속하기'를 누르시거나 \"네\"라고 적어 주세요."
BOOKING_WHEN_KEPT_CONSENT = "말씀하신 일정({when})은 기억해 둘게요."
BOOKING_CONTACT_KEPT = "적어 주신 연락처는 기억해 둘게요."
BOOKING_PHONE_ASK_AGAIN = "연락받으실 전화번호를 숫자로 적어 주세요. 예) 010-1234-5678"
BOOKING_SLOT_ALREADY_TAKEN = "아쉽게도 {when}에는 이미 예약이 차 있어요. 다른 시간을 골라 주세요."
BOOKING_RESCHEDULE_NOW_AT = "옮기실 예약은 {when} 상담이에요."
BOOKING_BUTTON_SAME_CONTACT_SHORT = "👤 지난번 연락처 그대로"
BOOKING_BUTTON_SAME_CONTACT = "👤 {name} · {phone} 그대로 쓸게요"
BOOKING_SUMMARY = (
    "예약 내용을 확인해 주세요.\n\n"
    "• 상담 종류: {type}\n"
    "• 상담 주제: {topic}\n"
    "• 일시: {when} ({minutes}분)\n"
    "• 성함: {name}\n"
    "• 연락처: {phone}\n\n"
    "맞으면 '예약 확정'을, 바꾸실 게 있으면 '내용 바꾸기'를 눌러 주세요."
)
BOOKING_SUMMARY_UPDATED = "말씀하신 대로 바꿨어요."
BOOKING_ASK_CHANGE = "어떤 내용을 바꿀까요? 아래에서 골라 주세요."
BOOKING_CHANGE_LABELS = {"type": "📋 상담 종류", "topic": "💬 상담 주제", "when": "📅 날짜·시간", "contact": "👤 성함·연락처"}
BOOKING_BUTTON_CHANGE = "✏️ 내용 바꾸기"
BOOKING_DONE = (
    "예약을 접수했어요! 🙌\n{when}에 상담원이 연락드릴게요. (연락처 {phone})\n"
    "첨부한 일정 파일을 열면 캘린더에 바로 추가돼요. 하루 전과 한 시간 전에 다시 알려 드릴게요.\n"
    "예약 확인·변경·취소는 /mybookings 에서 하실 수 있어요."
)
BOOKING_ALREADY_DONE = "이미 예약을 접수했어요. 예약 내용은 /mybookings 에서 보실 수 있어요."
BOOKING_FLOW_CANCELLED = (
    "예약을 그만둘게요. 적어 주신 예약 내용은 저장하지 않았어요. "
    "개인정보 수집·이용 동의는 남아 있어서 다음 예약 때는 다시 묻지 않아요. "
    "동의를 거두시려면 /deletemydata 를 눌러 주세요(회사 정보와 예약도 함께 지워져요)."
)
BOOKING_FLOW_CANCELLED_NOTHING_KEPT = "예약을 그만둘게요. 입력하신 내용은 저장하지 않았어요. 다른 궁금한 점이 있으면 물어봐 주세요."
BOOKING_RESCHEDULE_STOPPED = "시간 변경을 그만둘게요. 원래 예약은 그대로 있어요. /mybookings 에서 확인하실 수 있어요."
BOOKING_RESCHEDULE_SET_ASIDE = "예약 시간 변경은 여기서 멈출게요. 원래 예약은 그대로 있어요."
BOOKING_ASK_STOP_RESCHEDULE = "시간 변경을 그만둘까요? 그만두셔도 원래 예약은 그대로 있어요."
BOOKING_BUTTON_CONTINUE_RESCHEDULE = "▶️ 계속 고르기"
BOOKING_BUTTON_STOP_RESCHEDULE = "✖️ 시간 변경 그만두기"
BOOKING_RESCHEDULE_SAME_SLOT = "지금 예약하신 시간({when})이에요. 옮기실 다른 시간을 골라 주세요."
BOOKING_ASK_STOP = "예약을 그만둘까요? 이어서 하시려면 '계속 예약하기'를 눌러 주세요."
BOOKING_BUTTON_CONTINUE = "▶️ 계속 예약하기"
BOOKING_RESUME = "이어서 예약을 진행할게요."
BOOKING_SET_ASIDE = "진행하던 상담 예약은 여기서 멈출게요. 다시 예약하시려면 언제든 \"상담 예약\"이라고 말씀해 주세요."
BOOKING_OPEN_TIMES = "지금 예약할 수 있는 날짜와 시간은 아래와 같아요."
BOOKING_NOT_UNDERSTOOD = "잘 알아듣지 못했어요. 아래 버튼으로 골라 주시거나, 예약을 그만두시려면 '예약 그만두기'를 눌러 주세요."
BOOKING_BUTTON_AGREE = "✅ 동의하고 계속하기"
BOOKING_BUTTON_DISAGREE = "동의하지 않아요"
BOOKING_BUTTON_CONFIRM = "✅ 예약 확정"
BOOKING_BUTTON_BACK = "⬅️ 이전"
BOOKING_BUTTON_CANCEL = "✖️ 예약 그만두기"
BOOKING_BUTTON_MORE_DAYS = "다음 날짜 더 보기 ▶️"
BOOKING_WEEKDAYS = ("월", "화", "수", "목", "금", "토", "일")
BOOKING_DAY_LABEL = "{month}월 {day}일({weekday})"
BOOKING_TIME_LABEL = "{period} {hour}시"
BOOKING_TIME_LABEL_MINUTES = "{period} {hour}시 {minute}분"
BOOKING_AM, BOOKING_PM = "오전", "오후"
BOOKING_ICS_FILE_NAME = "상담예약.ics"
BOOKING_ICS_SUMMARY = "AX 상담: {topic}"
BOOKING_ICS_DESCRIPTION = "상담 종류: {type}\n상담 주제: {topic}\n예약 번호: {id}\n변경·취소는 상담봇에서 /mybookings 를 눌러 주세요."
BOOKING_ICS_LOCATION = "전화 상담 (상담원이 연락드려요)"
# 내 예약
BOOKING_MY_TITLE = "📅 내 예약"
BOOKING_MY_EMPTY = "예정된 상담 예약이 없어요. 상담을 예약하시려면 '상담 예약'이라고 보내 주시거나 /book 을 눌러 주세요."
BOOKING_CARD_LINE = "#{id} {when} · {type} · 주제: {topic} ({status})"
BOOKING_MY_ITEM = "{number}. {when} · {type}\n   주제: {topic} · 상태: {status}"
BOOKING_STATUS_LABELS = {
    "requested": "접수됨", "confirmed": "확정됨", "cancelled": "취소됨", "completed": "상담 완료", "no_show": "불참",
}
BOOKING_BUTTON_CANCEL_BOOKING = "❌ {number}번 취소"
BOOKING_BUTTON_RESCHEDULE = "🔁 {number}번 시간 변경"
BOOKING_CANCEL_ASK = "{when} 상담 예약을 취소할까요?"
BOOKING_BUTTON_CANCEL_YES = "네, 취소할게요"
BOOKING_BUTTON_CANCEL_NO = "아니요, 그대로 둘게요"
BOOKING_CANCEL_DONE = "{when} 상담 예약을 취소했어요. 알림도 더 보내지 않을게요. 캘린더에 일정을 넣어 두셨다면 지워 주세요."
BOOKING_CANCEL_KEPT = "예약을 그대로 둘게요."
BOOKING_CANCEL_SET_ASIDE = "예약은 취소하지 않았어요. 그대로 있어요."
BOOKING_RESCHEDULE_START = "{when} 예약을 다른 날짜나 시간으로 옮길게요."
BOOKING_RESCHEDULE_WHICH = "예약이 {count}건 있어요. 어느 예약을 옮길까요? 말씀하신 일정({when})은 기억해 둘게요."
BOOKING_RESCHEDULE_ALREADY_DONE = "예약 시간은 이미 옮겼어요.\n• 새 일시: {when}\n다시 바꾸시려면 /mybookings 를 눌러 주세요."
BOOKING_RESCHEDULE_ALREADY = "{when} 예약이 이미 잡혀 있어요. 바꿀 것이 없어서 그대로 둘게요."
BOOKING_RESCHEDULE_DONE = "예약 시간을 옮겼어요.\n• 새 일시: {when}\n새 일정 파일을 첨부했어요. 상담원이 새 시간을 확정하면 다시 알려 드릴게요."
BOOKING_NOT_ACTIVE = "이 예약은 이미 취소되었거나 끝났어요. /mybookings 에서 지금 예약을 확인해 주세요."
# which booking, of several: a tap, "1번이요", "두 번째요", "2", "11월 24일 거", "화요일 꺼"
# (and "1번이요" at any list of buttons in the booking flow)
BOOKING_CANCEL_WHICH = "예약이 {count}건 있어요. 어느 예약을 취소할까요?"
BOOKING_RESCHEDULE_WHICH_ANY = "예약이 {count}건 있어요. 어느 예약을 옮길까요?"
BOOKING_WHICH_NO_SUCH = "{number}번 예약은 없어요. 1번부터 {count}번 중에서 번호로 말씀해 주시거나 아래 버튼을 눌러 주세요."
BOOKING_WHICH_SEVERAL = "{when}에 예약이 {count}건 있어요. 몇 번 예약인지 번호로 말씀해 주시거나 아래 버튼을 눌러 주세요."
BOOKING_WHICH_NONE = "{when}에는 예약이 없어요. 목록의 번호로 말씀해 주시거나 아래 버튼을 눌러 주세요."
BOOKING_WHICH_UNCLEAR = "어느 예약인지 알아듣지 못했어요. '1번'처럼 목록의 번호로 말씀해 주시거나 아래 버튼을 눌러 주세요."
BOOKING_WEEKDAY_NAME = "{weekday}요일"
BOOKING_NO_SUCH_CHOICE = "목록에 {number}번째는 없어요. 아래 버튼 중에서 골라 주세요."
# reminders
BOOKING_REMINDER_DAY = "⏰ 내일 {when}에 AX 상담이 있어요. (주제: {topic})\n변경·취소는 /mybookings 에서 하실 수 있어요."
BOOKING_REMINDER_SOON = "⏰ {minutes}분 뒤 {when}에 AX 상담이 시작돼요. 상담원이 곧 연락드릴게요."
# privacy: /deletemydata
BOOKING_DELETE_ASK = (
    "내 정보를 삭제할까요? 이름·연락처·회사 정보와 대화 기록이 지워지고, "
    "예정된 상담 예약도 모두 취소돼요. 지운 정보는 되돌릴 수 없어요."
)
BOOKING_BUTTON_DELETE_YES = "🗑️ 네, 삭제해 주세요"
BOOKING_BUTTON_DELETE_NO = "아니요"
BOOKING_DELETE_DONE = "내 정보를 모두 삭제했어요. 그동안 이용해 주셔서 감사해요."
BOOKING_DELETE_DONE_WITH_CANCELLED = "내 정보를 모두 삭제했어요. 잡혀 있던 예약 {count}건도 취소했어요. 그동안 이용해 주셔서 감사해요."
BOOKING_DELETE_KEPT = "삭제하지 않았어요. 내 정보는 그대로 있어요."
# staff chat and staff command line
BOOKING_STAFF_NEW = "🆕 상담 예약 접수 #{id}\n{when} · {type}\n주제: {topic}\n이름: {name} · 연락처: {phone}"
# a change the customer made: said in the staff chat beside the booking's notice, which is redrawn
BOOKING_STAFF_CUSTOMER_CANCELLED = "❌ 고객이 #{id} 상담 예약({when})을 취소했어요. 이 상담은 진행하지 않아요."
BOOKING_STAFF_CUSTOMER_ERASED = "❌ 고객이 개인정보 삭제를 요청해서 #{id} 상담 예약({when})이 취소됐어요. 이 상담은 진행하지 않아요."
BOOKING_STAFF_CUSTOMER_RESCHEDULED = "🔁 고객이 #{id} 상담 예약 일시를 바꿨어요: {old} → {when}"
# lines of the redrawn notice
BOOKING_STAFF_CANCELLED_BY_CUSTOMER = "❌ 고객이 직접 취소했어요. 이 상담은 진행하지 않아요."
BOOKING_STAFF_ERASED_BY_CUSTOMER = "❌ 고객이 개인정보 삭제를 요청해서 취소됐어요. 이 상담은 진행하지 않아요."
BOOKING_STAFF_MOVED_BY_CUSTOMER = "🔁 고객이 {at}에 일시를 바꿨어요. (처음 예약한 일시: {first})"
BOOKING_STAFF_MOVED_CONFIRM_AGAIN = "새 일시는 아직 확정 전이에요. 확인하시고 ✅ 확정을 눌러 주세요."
BOOKING_STAFF_BUTTON_CONFIRM = "✅ 확정"
BOOKING_STAFF_BUTTON_COMPLETE = "🏁 상담 완료"
BOOKING_STAFF_BUTTON_NO_SHOW = "🚫 불참"
BOOKING_STAFF_DONE = "#{id} 예약을 '{status}' 상태로 바꿨어요."
BOOKING_STAFF_ALREADY = "#{id} 예약은 이미 '{status}' 상태라 그대로 두었어요."
BOOKING_STAFF_UNKNOWN = "그 예약을 찾지 못했어요. /today 나 /week 로 예약 목록을 확인해 주세요."
BOOKING_STAFF_STATUS = "상태: {status}"
BOOKING_STAFF_STATUS_BY = "상태: {status} ({who}, {at})"
BOOKING_STAFF_BY_STAFF = "상담원"
BOOKING_STAFF_BY_CUSTOMER = "고객"
BOOKING_STAFF_BUTTON_CANCEL = "❌ 예약 취소"
BOOKING_STAFF_BUTTON_CANCEL_YES = "❌ 네, 취소하고 고객에게 알릴게요"
BOOKING_STAFF_BUTTON_CANCEL_NO = "아니요, 그대로 둘게요"
BOOKING_STAFF_BUTTON_UNDO = "↩️ 되돌리기"
BOOKING_STAFF_CANCEL_ASK = "이 예약을 취소할까요? 취소하면 고객에게 바로 안내 메시지가 가요."
BOOKING_STAFF_KEPT = "예약을 그대로 두었어요."
BOOKING_STAFF_TOO_EARLY = "아직 상담 시작 전이에요. '{status}' 표시는 상담이 시작되는 {when}부터 할 수 있어요."
BOOKING_STAFF_UNDONE = "#{id} 예약을 '{status}' 상태로 되돌렸어요."
BOOKING_STAFF_NOTHING_TO_UNDO = "되돌릴 수 있는 변경이 없어요. 고객이 직접 취소한 예약은 되돌릴 수 없어요."
BOOKING_STAFF_UNDO_SLOT_TAKEN = "그 시간에 다른 예약이 들어와 있어서 되돌릴 수 없어요. 고객과 새 시간을 잡아 주세요."
BOOKING_STAFF_UNDO_TOO_LATE = "상담 시간이 이미 지나서 취소를 되돌릴 수 없어요. 고객과 새 시간을 잡아 주세요."
BOOKING_STAFF_CUSTOMER_NOT_TOLD = "고객에게 안내 메시지를 보내지 못했어요. 알림의 연락처로 직접 알려 주세요."
# sent to the customer when staff confirm or cancel their booking, or undo a cancel
BOOKING_CONFIRMED_BY_STAFF = "{when} 상담 예약이 확정됐어요. 그 시간에 상담원이 연락드릴게요."
BOOKING_CANCELLED_BY_STAFF = (
    "상담원이 {when} 상담 예약을 취소했어요.\n"
    "궁금한 점은 /human 으로 상담원에게 물어봐 주시고, 다시 예약하시려면 /book 을 눌러 주세요."
)
BOOKING_RESTORED_BY_STAFF = (
    "앞서 {when} 상담 예약이 취소되었다고 안내해 드렸는데, 잘못 보낸 안내였어요. "
    "예약은 그대로 있고, 그 시간에 상담원이 연락드릴게요. 혼란을 드려 죄송해요."
)
BOOKING_STAFF_SUMMARY_TITLE = {"day": "📋 오늘 상담 예약 ({count}건)", "week": "📋 오늘부터 7일간 상담 예약 ({count}건)"}
BOOKING_STAFF_LINE = "#{id} {when} · {type} · {topic} · {name} {phone} · {status}"
BOOKING_STAFF_EMPTY = "예정된 상담 예약이 없어요."
BOOKING_ERASED = "(삭제됨)"
BOOKING_CSV_HEADER = ("예약번호", "상담일시", "상담시간(분)", "상태", "상담종류", "기업", "주제", "이름", "연락처", "접수일시")
BOOKING_CLI_EXPORTED = "예약 {count}건을 {path}에 저장했어요."
BOOKING_CLI_BAD_DATE = "날짜는 2026-03-02 처럼 적어 주세요: '{value}'"
BOOKING_CLI_NO_SUCH_DATE = "달력에 없는 날짜예요: {value}"
BOOKING_CLI_BAD_RANGE = "--from 날짜({start})가 --to 날짜({end})보다 앞이어야 해요. --to 날짜는 목록에 들어가지 않으니, 하루만 보려면 --to 에 다음 날을 적어 주세요."
BOOKING_CLI_BAD_STATUS = "알 수 없는 예약 상태예요: {value}\n이 중에서 쉼표로 이어 적어 주세요: {choices}"
BOOKING_CLI_EMPTY = "조건에 맞는 상담 예약이 없어요."
BOOKING_CLI_EMPTY_ALL = "저장된 상담 예약이 없어요."
BOOKING_CLI_CANNOT_WRITE = "{path}에 저장하지 못했어요: {reason}"
BOOKING_CLI_WRITE_PROBLEMS = {
    "missing_folder": "그런 폴더가 없어요. 폴더를 먼저 만들거나 다른 경로를 적어 주세요.",
    "permission": "그 위치에 파일을 쓸 권한이 없어요.",
    "is_folder": "파일이 아니라 폴더 경로예요. 파일 이름까지 적어 주세요.",
    "other": "파일을 쓸 수 없어요. ({error})",
}
BOOKING_CLI_NO_ACTION = "list(예약 목록)이나 export(CSV 내보내기) 중 하나를 적어 주세요."

# --- QA round E: summaries, bare numbers, what the bot does, vendor contact and comparison ---
# "요약해줘" after an answer: answers quote the documents, so the last one is shown again as it was.
ASSISTANT_SUMMARY_AS_IS = (
    "답변은 자료의 문장을 그대로 옮겨 드리고 있어서, 제가 따로 줄여 쓰지는 않아요. 방금 안내해 드린 핵심 내용을 다시 보여 드릴게요."
)
ASSISTANT_SUMMARY_WHAT = (
    "어떤 내용을 요약해 드릴까요? 궁금한 지원사업을 이름과 함께 물어봐 주세요. 예) \"AX 카라반이 뭐예요?\""
)
# "2", "1번이요" with nothing to choose from on screen.
ASSISTANT_NOTHING_TO_CHOOSE = (
    "번호만으로는 무엇을 고르신 건지 알기 어려워요. 무엇을 도와드릴까요? 아래에서 골라 주시거나 궁금한 점을 적어 주세요."
)
# "그래서 나한테 뭐가 좋은데", "아무거나": what the bot can do for a factory.
ASSISTANT_WHAT_I_DO = (
    "공장에 이런 도움을 드릴 수 있어요.\n"
    "• 지원사업: AX 카라반, AX 실증산단 같은 정부 지원사업의 내용, 대상, 신청 방법을 자료에서 찾아 출처와 함께 알려 드려요.\n"
    "• 기업 추천: 불량 검사, 설비 고장, 일손 부족, 에너지 비용 같은 고민을 적어 주시면 맞는 AI·로봇 기업을 골라 드려요.\n"
    "• 상담: 상담 예약이나 상담원 연결로 사람과 직접 이야기하실 수 있어요.\n"
    "아래에서 골라 보시거나 공장의 고민을 한 줄로 적어 주세요. 예) \"용접 불량 검사를 자동화하고 싶어요\""
)
# A phone number typed outside a booking ("제 번호는 010-…이에요"): it is not kept without consent.
ASSISTANT_NUMBER_LEFT = (
    "연락처를 알려 주셔서 감사해요. 다만 여기 적어 주신 번호는 따로 보관하지 않아요. "
    "상담원의 연락을 받으시려면 '상담 예약'에서 동의 후 남겨 주시거나 '상담원 연결'을 눌러 주세요."
)
# "두 번째 업체 연락처": the contact line of that vendor's brief.
VENDORS_CONTACT = "{name} 연락처예요.\n연락처: {contact}\n자세한 소개나 상담 예약은 아래 버튼을 눌러 주세요."
VENDORS_CONTACT_MISSING = "{name} 소개 자료에는 연락처가 없어요. 상담을 예약하시면 상담원이 연결해 드릴게요."
# "첫 번째랑 비교하면": the proposed vendors side by side.
VENDORS_COMPARE_INTRO = "추천해 드린 기업을 소개 자료 기준으로 나란히 놓아 봤어요."
VENDORS_COMPARE_LINE = "  • {label}: {value}"
VENDORS_COMPARE_KIND = "분야"
VENDORS_COMPARE_ADOPTION = "도입"
VENDORS_COMPARE_REGIONS = "지원 지역"
VENDORS_COMPARE_OUTRO = (
    "어느 곳이 더 맞을지는 공장의 설비와 예산에 따라 달라서, 상담에서 함께 비교해 보시길 권해요. "
    "자세한 소개는 아래 버튼을 눌러 주세요."
)
