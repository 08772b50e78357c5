def test_content_morphemes_survive_inflection_and_spacing(tokenizer):
    assert {"신청", "방법"} <= set(tokenizer.tokens("신청하려면 방법이 어떻게 되나요"))
    assert {"ai", "도입", "지원"} <= set(tokenizer.tokens("ai도입 지원받을수있나요"))


def test_particles_endings_and_question_words_are_dropped(tokenizer):
    tokens = tokenizer.tokens("박람회는 언제 어디서 해요?")
    assert tokens == ["박람회"]


def test_numbers_lose_thousands_separators(tokenizer):
    assert "2000" in tokenizer.tokens("총 2,000억 원") and "2000" in tokenizer.tokens("2000억")


def test_empty_text_has_no_tokens(tokenizer):
    assert tokenizer.tokens("") == [] and tokenizer.tokens("?!") == []


def test_a_question_is_analysed_once_and_reused_with_its_tags(tokenizer):
    question = "카라반 신청 방법이 궁금해요"
    first = tokenizer.analyse(question)
    assert tokenizer.analyse(question) is first  # the cached analysis, not a second Kiwi run
    assert any(token.form == "카라반" and token.tag.startswith("NN") for token in first)
    assert "신청" in tokenizer.tokens(question)


def test_long_texts_are_analysed_without_filling_the_cache(tokenizer):
    chunk = "산업단지 입주기업을 위한 AI 전환 지원사업 안내입니다. " * 20
    first, second = tokenizer.analyse(chunk), tokenizer.analyse(chunk)
    assert first is not second
    assert [(t.form, t.tag) for t in first] == [(t.form, t.tag) for t in second]
