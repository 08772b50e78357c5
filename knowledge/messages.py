"""Korean messages the knowledge layer shows staff (CLI, staff chat). One place to review them."""

LOAD_FAILURE_REASONS = {
    "missing": "파일을 찾을 수 없어요. 경로를 확인해 주세요.",
    "unsupported": "지원하지 않는 파일 형식이에요. (지원: .md .txt .pdf .docx .hwpx .hwp)",
    "oversized": "파일이 너무 커요.",
    "empty": "파일에 읽을 수 있는 내용이 없어요.",
    "corrupt": "파일이 손상되었거나 형식이 올바르지 않아요.",
    "encrypted": "암호가 걸린 파일이라 읽을 수 없어요. 암호를 해제한 뒤 다시 올려 주세요.",
    "image_only": "글자 없이 이미지로만 된 문서예요. 텍스트가 있는 파일로 다시 올려 주세요.",
}


def load_failure(file_name: str, reason: str, detail: str = "") -> str:
    message = f"'{file_name}' 파일을 읽지 못했어요: {LOAD_FAILURE_REASONS[reason]}"
    return f"{message} ({detail})" if detail else message


INDEX_MISSING = "검색 색인이 아직 없어요. 먼저 `axbot kb build`로 색인을 만들어 주세요. (위치: {index_dir})"
INDEX_MISMATCH = (
    "색인이 다른 임베딩 모델({built_with})로 만들어져 있어 현재 설정({configured})과 맞지 않아요. "
    "`axbot kb build --full`로 다시 만들어 주세요."
)
DOCUMENT_NOT_FOUND = "'{doc_id}' 문서를 찾지 못했어요. `axbot kb list`로 문서 ID를 확인해 주세요."
NO_DOCUMENTS = "색인할 문서가 하나도 없어요. 문서 폴더(knowledge.sources)를 확인해 주세요."
