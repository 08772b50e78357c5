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
