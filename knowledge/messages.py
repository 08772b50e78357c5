"""Korean messages the knowledge layer shows staff (CLI, staff chat). One place to review them.

The staff chat shows them as plain text, so a command is quoted like a file name ('axbot kb build'),
never in Markdown backticks, and reads the same in a terminal."""

KIND_LABELS = {"program": "사업 안내", "vendor": "기업 소개"}

LOAD_FAILURE_REASONS = {
    "missing": "파일을 찾을 수 없어요. 경로를 확인해 주세요.",
    "unsupported": "지원하지 않는 파일 형식({detail})이에요. .md .txt .pdf .docx .hwpx .hwp 파일을 올려 주세요.",
    "oversized": "파일이 너무 커요.",
    "empty": "파일에 읽을 수 있는 내용이 없어요.",
    "corrupt": "파일이 손상되었거나 형식이 올바르지 않아요.",
    "encrypted": "암호가 걸린 파일이라 읽을 수 없어요. 암호를 해제한 뒤 다시 올려 주세요.",
    "image_only": "글자 없이 이미지로만 된 문서예요. 텍스트가 있는 파일로 다시 올려 주세요.",
}


def load_failure(file_name: str, reason: str, detail: str = "") -> str:
    template = LOAD_FAILURE_REASONS[reason]
    if "{detail}" in template:
        return f"'{file_name}' 파일을 읽지 못했어요: {template.format(detail=detail)}"
    message = f"'{file_name}' 파일을 읽지 못했어요: {template}"
    return f"{message} ({detail})" if detail else message


# Details of LoadError, in place of the parsers' own English messages.
FILE_UNREADABLE = "파일을 열 수 없어요. 권한이나 저장 장치를 확인해 주세요"
PARSER_FAILED = "내용을 해석하지 못했어요"
NOT_A_PDF = "내용이 PDF가 아니에요. 확장자가 맞는지 확인해 주세요"
PDF_DAMAGED = "PDF 내부 구조가 깨져 있어요"
PDF_TRUNCATED = "PDF 끝부분이 잘려 있어요. 원본 파일을 다시 받아 올려 주세요"
PDF_SECURITY = "지원하지 않는 PDF 보안 방식이에요"
NOT_A_PACKAGE = "내용이 {format} 문서가 아니에요. 확장자가 맞는지 확인해 주세요"
PACKAGE_DAMAGED = "파일 끝부분이 잘린 것 같아요. 원본 파일을 다시 받아 올려 주세요"
XML_DAMAGED = "{part}의 {line}행 근처 XML이 손상되었어요"
HWP_BODY_DAMAGED = "본문 압축이 손상되어 풀 수 없어요"
TEXT_TOO_LONG = "글자 {chars:,}자, 최대 {limit:,}자. 문서를 나눠서 올려 주세요"
YAML_INVALID = "front matter {where}YAML 형식이 올바르지 않아요. 괄호와 따옴표가 닫혔는지 확인해 주세요"

# `kb add` refusing a readable file.
UPLOAD_SKIPPED_NAME = (
    "'{file_name}' 파일은 추가하지 않았어요: 이름이 '_'나 '.'으로 시작하는 파일과 README 파일은 "
    "색인하지 않아요. 이름을 바꿔서 다시 올려 주세요."
)
UPLOAD_DUPLICATE = (
    "'{file_name}' 파일은 추가하지 않았어요: 같은 문서 ID('{doc_id}')의 파일({first})을 이번에 이미 올렸어요. "
    "한 문서에는 파일 하나만 올려 주세요."
)
UPLOAD_KIND_CHANGE = (
    "'{file_name}' 파일은 추가하지 않았어요: '{doc_id}' 문서는 {old}인데 이 파일은 {new}로 읽혀요. {hint}"
)
UPLOAD_KIND_CHANGE_HINTS = {
    "vendor": (
        "기업 소개는 front matter에 'kind: vendor'와 업체 정보(분야·업종·지역)가 있는 Markdown(.md) 파일로만 "
        "바꿀 수 있어요. 그렇지 않으면 상담봇이 이 기업을 더는 추천하지 않아요. 기존 파일을 복사해 고친 뒤 올려 주세요. "
        "정말 사업 안내로 바꾸려는 것이라면 먼저 문서를 빼 주세요(서버에서는 'axbot kb remove {doc_id}', "
        "상담원 그룹에서는 '/kb_remove {doc_id}')."
    ),
    "program": (
        "사업 안내 문서를 기업 소개로 바꾸면 사업 질문의 답에서 빠져요. 의도한 것이라면 먼저 문서를 뺀 뒤 "
        "다시 올려 주세요(서버에서는 'axbot kb remove {doc_id}', 상담원 그룹에서는 '/kb_remove {doc_id}')."
    ),
}

REMOVED_LIST_UNREADABLE = (
    "숨긴 문서 목록({path})을 읽지 못했어요: {problem}. "
    '문서 ID를 담은 JSON 목록(예: ["week", "v05-texvision"])으로 고쳐 주세요. '
    "파일을 지우면 숨겼던 기본 제공 문서가 모두 다시 색인돼요. 고칠 때까지 지금 색인을 그대로 써요."
)
REMOVED_LIST_NOT_JSON = "{line}번째 줄 {column}번째 글자 근처의 JSON 형식이 올바르지 않아요"
REMOVED_LIST_NOT_TEXT = "UTF-8 텍스트 파일이 아니에요"
REMOVED_LIST_NOT_IDS = "문서 ID(문자열)의 목록이 아니에요"

INDEX_MISSING = "검색 색인이 아직 없어요. 먼저 'axbot kb build' 명령으로 색인을 만들어 주세요. (위치: {index_dir})"
INDEX_MISMATCH = (
    "색인이 다른 임베딩 모델({built_with})로 만들어져 있어 현재 설정({configured})과 맞지 않아요. "
    "'axbot kb build --full' 명령으로 다시 만들어 주세요."
)
DOCUMENT_NOT_FOUND = "'{doc_id}' 문서를 찾지 못했어요. 'axbot kb list' 명령으로 문서 ID를 확인해 주세요."
NO_DOCUMENTS = "색인할 문서가 하나도 없어요. 문서 폴더(knowledge.sources)를 확인해 주세요."

# A long build says how far it has got every so often (knowledge/build_progress.py).
BUILD_PROGRESS = {
    "documents": "색인을 만드는 중이에요: 문서 {done}/{total}개 읽음 ({percent}%){remaining}",
    "chunks": "색인을 만드는 중이에요: 청크 {done}/{total}개 임베딩 ({percent}%){remaining}",
}
BUILD_REMAINING = ", 약 {duration} 남았어요."
BUILD_REMAINING_UNKNOWN = "."


def duration(seconds: float) -> str:
    """A rough Korean duration: 40초, 6분, 1시간 10분."""
    if seconds < 60:
        return f"{max(10, round(seconds, -1)):.0f}초"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes}분"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}시간 {minutes}분" if minutes else f"{hours}시간"
