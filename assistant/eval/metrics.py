"""Pure scoring functions: no I/O, no models. Every score is in [0, 1] or None (not applicable);
None never becomes NaN: averages skip it.

- retrieval: hit@k, MRR, recall@k of the support groups (a passage supports a quote when its
  text contains it, or shares most of its word trigrams); duplicate passage ids count once
- answers: every required fact present (one of its variants), after normalising case, quotes,
  dashes, whitespace, number formats (1,200 = 1200) and dates (Sept. 2025 = September 2025,
  September 17, 2019 = 17 September 2019 = 2019-09-17)
- citations: precision (cited passages that support) and recall (support groups cited)
- refusals: precision and recall of refusing on unanswerable items; answerable items refused
- dates: share of the dates written in an answer that are found in, or derived from, the cited
  passages
- latency: p50 / p95
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Sequence

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
MONTH_ABBR = {"jan": "january", "feb": "february", "mar": "march", "apr": "april", "jun": "june", "jul": "july", "aug": "august",
              "sep": "september", "sept": "september", "oct": "october", "nov": "november", "dec": "december"}
_MONTH_RE = "|".join(MONTHS)
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"'})
_DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\-]")


def _iso_to_words(m: re.Match) -> str:
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if 1 <= mo <= 12 and 1 <= d <= 31:
        return f"{d} {MONTHS[mo - 1]} {y}"
    return m.group(0)


def normalize(text: str) -> str:
    """Case-fold and unify quotes, dashes, spaces, number and date formats, for matching facts."""
    s = unicodedata.normalize("NFKC", str(text or "")).translate(_QUOTES)
    s = re.sub(r"\b(\d{4})-(\d{2})-(\d{2})\b", _iso_to_words, s)
    s = s.casefold()
    s = re.sub(r"\bu\.\s?s\.(?=\W|$)", "us", s)
    s = re.sub(r"\bu\.\s?k\.(?=\W|$)", "uk", s)
    s = _DASHES.sub(" ", s)
    s = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", s)           # 1,200 -> 1200 (repeatedly below)
    s = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", s)
    s = re.sub(r"\b(" + "|".join(MONTH_ABBR) + r")\.?(?=\s*\d)", lambda m: MONTH_ABBR[m.group(1)], s)
    s = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", s)            # 17th -> 17
    s = re.sub(r"\b(" + _MONTH_RE + r")\s+(\d{1,2}),?\s+(\d{4})\b", r"\2 \1 \3", s)   # September 17, 2019
    s = re.sub(r"\b(" + _MONTH_RE + r")\s+(\d{1,2})\b(?!\d)", r"\2 \1", s)           # September 17
    s = re.sub(r"\b(\d{1,2})\s+(" + _MONTH_RE + r"),\s+(\d{4})\b", r"\1 \2 \3", s)   # 17 September, 2019
    s = re.sub(r"\.(?!\d)", " ", s)                           # sentence and abbreviation dots, not 9.5
    s = re.sub(r"[^\w\s'%$£€.]", " ", s)
    s = re.sub(r"'(?!\w)|(?<!\w)'", " ", s)                   # quote marks, not apostrophes
    return re.sub(r"\s+", " ", s).strip()


def contains(haystack_norm: str, needle_norm: str) -> bool:
    """`needle` occurs in `haystack` (both normalised), not inside a longer word."""
    if not needle_norm:
        return False
    return re.search(r"(?<!\w)" + re.escape(needle_norm) + r"(?!\w)", haystack_norm) is not None


def fact_present(text: str, variants: Sequence[str]) -> bool:
    t = normalize(text)
    return any(contains(t, normalize(v)) for v in variants)


def fact_recall(text: str, facts: Sequence[Sequence[str]]) -> float | None:
    """Share of the required facts (each with variants) present in `text`."""
    if not facts:
        return None
    return sum(fact_present(text, f) for f in facts) / len(facts)


def without_quotations(text: str) -> str:
    """The answer's own words: quoted material (“…”, "…") removed."""
    s = re.sub(r"“[^”]*”", " ", text or "")
    s = re.sub(r'"[^"\n]*"', " ", s)
    return s


# -- evidence ----------------------------------------------------------------------------------
def _trigrams(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}


def supports(passage_text: str, quote: str, min_overlap: float = 0.6) -> bool:
    """The passage contains the quote (normalised), or shares at least `min_overlap` of the
    quote's word trigrams (a quote cut at a passage boundary, or lightly re-cleaned)."""
    p, q = normalize(passage_text), normalize(quote)
    if not q:
        return False
    if q in p:
        return True
    qw = q.split()
    if len(qw) < 6:
        return False
    qt = _trigrams(qw)
    return len(qt & _trigrams(p.split())) / len(qt) >= min_overlap


def same_sentence(sentence: str, quote: str, min_overlap: float = 0.5) -> bool:
    """A picked sentence and a support quote are the same evidence: one contains the other, or
    they share at least `min_overlap` of the shorter one's word trigrams."""
    a, b = normalize(sentence), normalize(quote)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    aw, bw = a.split(), b.split()
    if min(len(aw), len(bw)) < 3:
        return False
    at, bt = _trigrams(aw), _trigrams(bw)
    return len(at & bt) / min(len(at), len(bt)) >= min_overlap


def dedupe(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def _first_by_id(ranked: Sequence[tuple[str, Iterable[str]]]) -> list[tuple[str, set[str]]]:
    seen: set[str] = set()
    out = []
    for pid, groups in ranked:
        if pid in seen:
            continue
        seen.add(pid)
        out.append((pid, set(groups or ())))
    return out


def retrieval_scores(ranked: Sequence[tuple[str, Iterable[str]]], groups: Iterable[str], k: int | None = None) -> dict[str, float | None]:
    """hit@k, MRR (within k) and recall@k of the support groups.

    `ranked`: passages best first, each (passage id, support groups it covers); a repeated id
    counts once, at its first rank. Empty retrieval scores 0; no support groups: None."""
    want = set(groups)
    if not want:
        return {"hit": None, "mrr": None, "recall": None}
    top = _first_by_id(ranked)
    if k is not None:
        top = top[: max(k, 0)]
    covered: set[str] = set()
    mrr = 0.0
    for rank, (_pid, g) in enumerate(top, 1):
        g &= want
        if g and mrr == 0.0:
            mrr = 1.0 / rank
        covered |= g
    return {"hit": 1.0 if covered else 0.0, "mrr": _clip(mrr), "recall": _clip(len(covered) / len(want))}


def citation_scores(cited: Sequence[tuple[str, Iterable[str]]], groups: Iterable[str]) -> dict[str, float | None]:
    """Precision: distinct cited passages that support any group (None without citations).
    Recall: support groups covered by some cited passage (None without groups)."""
    want = set(groups)
    uniq = _first_by_id(cited)
    precision = sum(1 for _, g in uniq if g & want) / len(uniq) if (uniq and want) else None
    covered = set().union(*(g & want for _, g in uniq)) if uniq else set()
    recall = len(covered) / len(want) if want else None
    return {"precision": _clip(precision), "recall": _clip(recall)}


def refusal_scores(pairs: Sequence[tuple[bool, bool]]) -> dict[str, float | int | None]:
    """`pairs`: (answerable, refused) per item. Precision: refusals that were right to refuse;
    recall: unanswerable items refused; wrongly_refused: answerable items refused."""
    refused = [a for a, r in pairs if r]
    unanswerable = [r for a, r in pairs if not a]
    right = sum(1 for a, r in pairs if r and not a)
    return {
        "precision": _clip(right / len(refused)) if refused else None,
        "recall": _clip(right / len(unanswerable)) if unanswerable else None,
        "wrongly_refused": sum(1 for a, r in pairs if a and r),
        "answered_unanswerable": sum(1 for a, r in pairs if not a and not r),
        "n_unanswerable": len(unanswerable),
    }


# -- dates -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DateMention:
    year: int
    month: int | None = None
    day: int | None = None

    def within(self, other: "DateMention") -> bool:
        """`other` states this date at least as precisely (same year, and month/day when given)."""
        return (self.year == other.year and (self.month is None or self.month == other.month)
                and (self.day is None or self.day == other.day))


_DAY_RE = re.compile(r"\b(\d{1,2}) (" + _MONTH_RE + r") (\d{4})\b")
_MONTHYEAR_RE = re.compile(r"\b(" + _MONTH_RE + r") (\d{4})\b")
_YEAR_RE = re.compile(r"(?<![\w.$£€])(1[89]\d\d|20\d\d)(?![\w%]|\.\d)")


def find_dates(text: str) -> list[DateMention]:
    """Calendar dates and years written in `text` (weekdays and relative phrases are not dates)."""
    s = normalize(text)
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for m in _DAY_RE.finditer(s):
        d, mo, y = int(m.group(1)), MONTHS.index(m.group(2)) + 1, int(m.group(3))
        if 1 <= d <= 31:
            out.append(DateMention(y, mo, d))
            taken.append(m.span())
    for m in _MONTHYEAR_RE.finditer(s):
        if any(a <= m.start() < b for a, b in taken):
            continue
        out.append(DateMention(int(m.group(2)), MONTHS.index(m.group(1)) + 1))
        taken.append(m.span())
    for m in _YEAR_RE.finditer(s):
        if any(a <= m.start() < b for a, b in taken):
            continue
        out.append(DateMention(int(m.group(1))))
    return list(dict.fromkeys(out))


def date_consistency(answer: str, grounding: Iterable[str]) -> tuple[int, int]:
    """(dates written in the answer, how many of them the grounding texts state at least as
    precisely). Grounding: cited passages, their publication dates and resolved time labels,
    and the answer's derived dates."""
    said = find_dates(answer)
    if not said:
        return 0, 0
    known: list[DateMention] = []
    for g in grounding:
        known.extend(find_dates(g))
    return len(said), sum(1 for d in said if any(d.within(k) for k in known))


# -- aggregation -------------------------------------------------------------------------------
def _clip(x: float | None) -> float | None:
    if x is None:
        return None
    x = float(x)
    if math.isnan(x):
        return None
    return min(1.0, max(0.0, x))


def mean(values: Iterable[float | None]) -> float | None:
    vals = [float(v) for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
    return sum(vals) / len(vals) if vals else None


def percentile(values: Iterable[float | None], p: float) -> float | None:
    """Linear-interpolated percentile (p in 0..100); None for no values."""
    vals = sorted(float(v) for v in values if v is not None and not math.isnan(float(v)))
    if not vals:
        return None
    if len(vals) == 1:
        return vals[0]
    pos = (len(vals) - 1) * min(max(p, 0.0), 100.0) / 100.0
    lo = math.floor(pos)
    hi = min(lo + 1, len(vals) - 1)
    return vals[lo] + (vals[hi] - vals[lo]) * (pos - lo)


SCORE_KEYS = ("hit", "mrr", "recall", "correct", "span_correct", "fact_recall", "cite_precision", "cite_recall", "date_consistency")


def summarize(rows: Sequence[dict]) -> dict:
    """Aggregate per-item scores (dicts with `answerable`, `refused`, the SCORE_KEYS, `timings_ms`,
    optional `judge`) into one set of metrics."""
    out: dict = {"n": len(rows), "n_answerable": sum(1 for r in rows if r.get("answerable")),
                 "n_unanswerable": sum(1 for r in rows if not r.get("answerable"))}
    for key in SCORE_KEYS:
        out[key] = _clip(mean(r.get(key) for r in rows if r.get("answerable")))
    ref = refusal_scores([(bool(r.get("answerable")), bool(r.get("refused"))) for r in rows])
    out["refusal_precision"], out["refusal_recall"] = ref["precision"], ref["recall"]
    out["wrongly_refused"], out["answered_unanswerable"] = ref["wrongly_refused"], ref["answered_unanswerable"]
    out["passed"] = sum(1 for r in rows if r.get("passed"))
    out["pass_rate"] = _clip(out["passed"] / len(rows)) if rows else None
    lat: dict[str, dict[str, float | None]] = {}
    for stage in ("retrieve", "answer", "total"):
        vals = [(r.get("timings_ms") or {}).get(stage) for r in rows]
        lat[stage] = {"p50": percentile(vals, 50), "p95": percentile(vals, 95)}
    out["latency_ms"] = lat
    judged = [r.get("judge") for r in rows if r.get("answerable") and "judge" in r]
    if judged:
        verdicts = [j for j in judged if isinstance(j, bool)]
        out["judge_correct"] = _clip(sum(verdicts) / len(verdicts)) if verdicts else None
        out["judged"], out["unjudged"] = len(verdicts), len(judged) - len(verdicts)
    return out


def by_category(rows: Sequence[dict], categories: Sequence[str]) -> dict[str, dict]:
    present = [c for c in categories if any(r.get("category") == c for r in rows)]
    extra = sorted({r.get("category") for r in rows} - set(categories), key=str)
    return {c: summarize([r for r in rows if r.get("category") == c]) for c in present + extra}
