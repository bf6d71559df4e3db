"""How long between two events ("how many years passed between the US withdrawing its ambassador
and the talks with John Coale?"): each event's date from the sentence that best describes it (or
its article's date), then the difference, citing both. "Since X" measures up to the question date."""
from __future__ import annotations

import datetime as dt
import re

from ..ingest.chunk import split_sentences
from ..models import Citation, Passage, TimeRef, ymd_date
from .question import QuestionInfo, content_terms
from .terms import Scorer, coverage

UNIT = r"(years?|months?|weeks?|days?|decades?)"
BETWEEN = re.compile(r"(?i)\bhow (?:many|much) " + UNIT + r"\b.*?\bbetween (.+?) and (.+?)\s*\??$")
SINCE = re.compile(r"(?i)\bhow (?:many|much) " + UNIT + r"\b.*?\bsince (.+?)\s*\??$")
DAYS = {"year": 365.25, "decade": 3652.5, "month": 30.44, "week": 7.0, "day": 1.0}
MIN_COVERAGE = 0.5  # of an event's weighted terms, in the sentence that dates it
COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
          "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
# an exact span of years up to the report: "for the last 25 years", "for two decades" (not "for more than")
FOR_YEARS = re.compile(r"(?i)\bfor (?:the (?:last|past) )?(\d{1,3}|" + "|".join(COUNTS) + r")\s+(years|decades)\b"
                       r"(?!\s+(?:later|ago|before|after|earlier|from|to come|in prison|in jail))")


def started(sentence: str, published: str, offset: int = 0) -> list[TimeRef]:
    """"Since what year has Lukashenko led Belarus?": a 2019 report's "for the last 25 years" began
    in 1994. Only for since-questions: elsewhere a span of years dates nothing asked."""
    refs = []
    for m in FOR_YEARS.finditer(sentence):
        years = (int(m.group(1)) if m.group(1).isdigit() else COUNTS[m.group(1).lower()]) * (10 if m.group(2).lower() == "decades" else 1)
        year = int(published[:4]) - years
        if 1000 < year:
            refs.append(TimeRef(m.group(0), year * 10000 + 101, year * 10000 + 1231, "year", str(year),
                                f"{years} years before publication ({published})", sentence, offset + m.start()))
    return refs


def events(question: str) -> tuple[str, str, str | None] | None:
    """(unit, first event, second event or None for "since"), or None."""
    m = BETWEEN.search(question)
    if m:
        return m.group(1).lower().rstrip("s"), m.group(2), m.group(3)
    m = SINCE.search(question)
    return (m.group(1).lower().rstrip("s"), m.group(2), None) if m else None


def _dated_sentence(event: str, passages: list[Passage], scorer: Scorer):
    """The sentence that best describes the event, with its date: a date written in it, else the
    article's publication date (news reports what just happened)."""
    weights = scorer.weights(content_terms(event))
    if not weights:
        return None
    best = None
    for rank, p in enumerate(passages):
        for a, b in split_sentences(p.text):
            sent = p.text[a:b].strip()
            cov = coverage(weights, set(scorer.tokens(sent)))
            if cov < MIN_COVERAGE:
                continue
            times = [t for t in p.times if p.start + a <= t.offset < p.start + b and t.granularity in ("day", "month", "year")]
            if times:
                when, label, grain = times[0].start, times[0].label, times[0].granularity
            elif p.published:
                day = dt.date.fromisoformat(p.published)
                when, label, grain = int(p.published.replace("-", "")), f"{day.day} {day:%B %Y} (the report's date)", "day"
            else:
                continue
            score = cov + 0.05 * bool(times) + 0.1 / (1 + rank)
            if best is None or score > best[0]:
                best = (score, p, sent, when, label, grain)
    return best


def answer_elapsed(info: QuestionInfo, passages: list[Passage], scorer: Scorer):
    found = events(info.text)
    if not found:
        return None
    unit, first, second = found
    a = _dated_sentence(first, passages, scorer)
    if a is None:
        return None
    if second is None:
        ref = info.asked_on or dt.date.today()
        b = (1.0, None, "", int(ref.strftime("%Y%m%d")), f"{ref.day} {ref:%B %Y}", "day")
    else:
        b = _dated_sentence(second, passages, scorer)
        if b is None or b[1] is a[1] and b[2] == a[2]:
            return None
    (_, pa, sa, wa, la, ga), (_, pb, sb, wb, lb, gb) = sorted([a, b], key=lambda x: x[3])
    if "year" in (ga, gb) and unit in ("year", "decade"):
        amount = (wb // 10000 - wa // 10000) / (10 if unit == "decade" else 1)  # 2008 -> 2025: 17 years
    else:
        amount = (ymd_date(wb) - ymd_date(wa)).days / DAYS[unit]
    n = round(amount) if abs(amount - round(amount)) < 0.15 else round(amount, 1)
    citations, quotes = [], []
    for p, s in ((pa, sa), (pb, sb)):
        if p is not None:
            citations.append(Citation(len(citations) + 1, p, quote=s))
            quotes.append(f"“{s}” [{len(citations)}]")
    marks = [f"[{c.n}]" for c in citations]
    start = f"{la} {marks[0]}"
    end = f"{lb} {marks[1]}" if len(marks) > 1 else f"{lb} (the question date)"
    plural = "" if n == 1 else "s"
    text = f"{n} {unit}{plural}: from {start} to {end}. " + " ".join(quotes)
    return text, citations, False, []
