"""Korean morphological tokens for lexical search, from Kiwi.

Particles and endings carry no topic, so only content morphemes are kept: nouns, roots,
verb and adjective stems, numbers, foreign words and hanja. "신청하려면" and "신청 방법"
both yield "신청", which whitespace splitting never does.
"""

from collections.abc import Iterable
from functools import lru_cache

_CONTENT_TAGS = ("NNG", "NNP", "NNB", "NR", "NP", "XR", "SL", "SN", "SH", "VV", "VA", "MAG")
# Bound nouns, pronouns, question words and fillers: everywhere in questions, never the topic.
_STOP_FORMS = frozenset(
    "것 수 등 때 중 곳 분 거 뭐 무엇 어디 언제 어떻게 얼마 얼마나 왜 누구 누가 몇 어느 어떤 "
    "이 그 저 하 되 있 없 나 좀 혹시 그냥 제일 가장 정말 진짜 많이 요즘 지금 저희 우리 제 "
    "알 궁금 말 주 보 받 싶 같 좋".split()
)


# Bump when tokens change, so the next build re-tokenises instead of reusing cached tokens.
TOKENIZER_VERSION = "2"
# A turn analyses the same question several times (intent, answer, BM25); Kiwi was 27% of a
# turn's GIL time before this cache. Only question-sized texts are kept: an index build's
# thousands of chunks would fill memory and never be asked again.
ANALYSIS_CACHE_SIZE = 4096
ANALYSIS_CACHE_MAX_CHARS = 300


class KoreanTokenizer:
    """Loads Kiwi's model (1–2 s) on first use, so commands that tokenise nothing never pay for it."""

    def __init__(self):
        self._kiwi = None
        self._analyse_cached = lru_cache(maxsize=ANALYSIS_CACHE_SIZE)(self._analyse)

    def tokens(self, text: str) -> list[str]:
        return list(self._content_forms(text))

    def analyse(self, text: str) -> tuple:
        """Kiwi's tokens (form, tag, position …) for a text, cached for short texts."""
        return self._analyse_cached(text) if len(text) <= ANALYSIS_CACHE_MAX_CHARS else self._analyse(text)

    def _analyse(self, text: str) -> tuple:
        return tuple(self._analyser().tokenize(text))

    def tokens_many(self, texts: Iterable[str]) -> list[list[str]]:
        return [self.tokens(text) for text in texts]

    def _analyser(self):
        if self._kiwi is None:
            from kiwipiepy import Kiwi

            # The multi-word dictionary doubles load time (1.4 s → 2.9 s) and changes no
            # retrieval metric on the golden set (docs/BENCHMARKS.md): start-up wins.
            self._kiwi = Kiwi(load_multi_dict=False)
        return self._kiwi

    def _content_forms(self, text: str) -> Iterable[str]:
        for token in self.analyse(text):
            tag = token.tag.split("-")[0]  # "VV-R" (regular verb) → "VV"
            if not tag.startswith(_CONTENT_TAGS):
                continue
            form = token.form.lower().replace(",", "") if tag == "SN" else token.form.lower()
            if form in _STOP_FORMS:
                continue
            yield form
