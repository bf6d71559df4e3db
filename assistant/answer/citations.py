"""Checks run on an LLM's answer after generation (pure functions, no I/O).

* citation markers: find ``[n]`` markers (also ``[1, 2]``, ``[1][2]``, ``[1-3]``, ``[Passage 2]``),
  drop those that point to no passage (with a flag), and renumber the rest by first use, so the
  sources listed under an answer are [1], [2], ... in reading order. `MarkerStream` does the same
  on a stream of text deltas, holding back only an unfinished marker.
* dates: every date written in the answer (day-month-year, month-year, month-day, year, ISO) must
  appear in, or be derived from, a cited passage: its text, its resolved time expressions
  (`Passage.times`) or its publication date. A coarser date is derived from a finer one ("2025"
  from "September 2025"), never the other way round.
* quotes: the sentence of a cited passage that best supports the answer sentence citing it.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..ingest.chunk import split_sentences
from ..ingest.dates import PATTERNS, _day, _mon, _month_end
from ..models import Citation, Passage, TimeRef

REFUSAL = "The articles don't say."

# one bracket group: [3] · [1, 2] · [1;2] · [1 and 2] · [1-3] · [Passage 2] · [Sources 1, 4]
_NUM_LIST = r"\d{1,3}(?:\s*(?:[-–]|,|;|&|and)\s*\d{1,3})*"
MARKER = re.compile(rf"\[\s*(?:(?:passages?|sources?|refs?\.?|docs?)\s*#?\s*)?({_NUM_LIST})\s*\]", re.I)
# what an unfinished marker at the end of a stream may look like: "[", "[1", "[1, ", "[Pass"
_PARTIAL = re.compile(r"\[[\w#&;,.\s–-]{0,24}$")


# --------------------------------------------------------------------------- markers
def _numbers(group: str) -> list[int]:
    out: list[int] = []
    for part in re.split(r"\s*(?:,|;|&|\band\b)\s*", group.strip()):
        rng = re.fullmatch(r"(\d{1,3})\s*[-–]\s*(\d{1,3})", part.strip())
        if rng:
            a, b = int(rng.group(1)), int(rng.group(2))
            out.extend(range(a, b + 1) if 0 <= b - a <= 10 else (a, b))
        elif part.strip().isdigit():
            out.append(int(part))
    return out


def find_markers(text: str) -> list[list[int]]:
    """The numbers in each [n] marker group of `text`, in order: "[1, 2] x [3]" -> [[1, 2], [3]]."""
    return [_numbers(m.group(1)) for m in MARKER.finditer(text or "")]


@dataclass
class Renumbered:
    text: str               # the answer with markers renumbered and unknown ones removed
    order: list[int]        # original passage numbers (1-based) in order of first use: new n = index + 1
    flags: list[str]        # "removed marker [7]: no such passage"


def _rewrite(raw: str, n_passages: int, final: bool) -> tuple[str, list[int], list[str]]:
    """Rewrite the markers of `raw`. When not `final`, stop before anything that could still change
    (an unfinished marker, or whitespace that a following unknown marker would remove), so the
    output for a prefix of a text is always a prefix of the output for the whole text."""
    order: list[int] = []
    flags: list[str] = []
    out: list[str] = []
    pos = 0
    for m in MARKER.finditer(raw):
        before = raw[pos:m.start()]
        kept: list[int] = []
        for k in _numbers(m.group(1)):
            if 1 <= k <= n_passages:
                if k not in order:
                    order.append(k)
                new = order.index(k) + 1
                if new not in kept:
                    kept.append(new)
            else:
                flag = f"removed marker [{k}]: no such passage"
                if flag not in flags:
                    flags.append(flag)
        if kept:
            out.append(before + "[" + ", ".join(str(k) for k in sorted(kept)) + "]")
        else:  # drop the marker and the spaces before it: "in 2008 [9]." -> "in 2008."
            out.append(before.rstrip(" \t"))
        pos = m.end()
    tail = raw[pos:]
    if not final:
        cut = _PARTIAL.search(tail)
        if cut:
            tail = tail[:cut.start()]
        tail = tail.rstrip(" \t")  # a removed marker may follow
    out.append(tail)
    text = "".join(out)
    if final:
        text = text.strip()
    return text, order, flags


def renumber(text: str, n_passages: int) -> Renumbered:
    """Drop markers pointing to no passage (1..n_passages) and renumber the rest by first use."""
    out, order, flags = _rewrite(text or "", n_passages, final=True)
    return Renumbered(out, order, flags)


class MarkerStream:
    """`renumber` applied to a stream of text deltas: feed() returns the text that is safe to show
    now; finish() returns the rest. Only an unfinished marker (and trailing spaces) is held back."""

    def __init__(self, n_passages: int):
        self.n = n_passages
        self.raw = ""
        self.shown = ""

    def feed(self, delta: str) -> str:
        self.raw += delta
        text, _, _ = _rewrite(self.raw, self.n, final=False)
        return self._advance(text)

    def finish(self) -> str:
        text, _, _ = _rewrite(self.raw, self.n, final=True)
        return self._advance(text)

    def _advance(self, text: str) -> str:
        if not self.shown and text.lstrip() != text:
            text = text.lstrip()
        if not text.startswith(self.shown):
            # a final tidy-up changed text already shown (rare): show nothing more, the final
            # Answer carries the authoritative text
            return ""
        new = text[len(self.shown):]
        self.shown = text
        return new


# --------------------------------------------------------------------------- dates
@dataclass(frozen=True)
class DateMention:
    text: str
    start: int          # YYYYMMDD
    end: int            # YYYYMMDD
    gran: str           # day | month | year | monthday (a day written without its year)


_DATE_KINDS = ("iso", "mdy", "dmy", "my", "md", "dm", "year")
_RELATIVE_KINDS = ("ago", "later", "following", "rel", "deictic")


def _ymd(d: dt.date) -> int:
    return d.year * 10000 + d.month * 100 + d.day


def find_dates(text: str) -> list[DateMention]:
    """Absolute dates written in `text` (each span counted once, the most specific reading first)."""
    pats = dict(PATTERNS)
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, DateMention]] = []
    for kind in _DATE_KINDS:
        for m in pats[kind].finditer(text or ""):
            s, e = m.span()
            if any(s < b and e > a for a, b in taken):
                continue
            g = m.groups()
            try:
                if kind == "iso":
                    d = dt.date(int(g[0]), int(g[1]), int(g[2]))
                    mention = DateMention(m.group(0), _ymd(d), _ymd(d), "day")
                elif kind in ("mdy", "dmy"):
                    mon, dy, yr = (g[0], g[1], g[2]) if kind == "mdy" else (g[1], g[0], g[2])
                    d = dt.date(int(yr), _mon(mon), _day(dy))
                    mention = DateMention(m.group(0).strip(), _ymd(d), _ymd(d), "day")
                elif kind == "my":
                    y, mo = int(g[1]), _mon(g[0])
                    mention = DateMention(m.group(0).strip(), _ymd(dt.date(y, mo, 1)), _ymd(_month_end(y, mo)), "month")
                elif kind in ("md", "dm"):
                    mon, dy = (g[0], g[1]) if kind == "md" else (g[1], g[0])
                    md = _mon(mon) * 100 + _day(dy)
                    dt.date(2000, md // 100, md % 100)  # validates (2000 is a leap year)
                    mention = DateMention(m.group(0).strip(), md, md, "monthday")
                else:
                    y = int(g[0])
                    y2 = int(g[1]) if g[1] and len(g[1]) == 4 else (y // 100 * 100 + int(g[1]) if g[1] else y)
                    if not y <= y2 <= y + 20:
                        y2 = y
                    mention = DateMention(m.group(0).strip(), y * 10000 + 101, y2 * 10000 + 1231, "year")
            except (ValueError, KeyError, TypeError):
                continue
            taken.append((s, e))
            found.append((s, mention))
    found.sort(key=lambda x: x[0])
    return [m for _, m in found]


def find_relative_dates(text: str) -> list[str]:
    """Relative time expressions ("a month later", "last year", "yesterday") written in `text`."""
    pats = dict(PATTERNS)
    return [m.group(0).strip() for kind in _RELATIVE_KINDS for m in pats[kind].finditer(text or "")]


def _periods(p: Passage) -> list[tuple[int, int]]:
    """The periods a passage states or implies: its resolved time expressions and its publication date."""
    out = [(t.start, t.end) for t in p.times if t.start and t.end]
    if p.published:
        try:
            d = dt.date.fromisoformat(str(p.published)[:10])
            out.append((_ymd(d), _ymd(d)))
        except ValueError:
            pass
    return out


def _norm(s: str) -> str:
    return re.sub(r"[\s,.]+", " ", s.lower()).strip()


def date_supported(mention: DateMention, passages: list[Passage]) -> bool:
    for p in passages:
        if _norm(mention.text) and _norm(mention.text) in _norm(p.text):
            return True
        if any(_norm(mention.text) == _norm(t.label) for t in p.times):
            return True
        for a, b in _periods(p):
            if mention.gran == "monthday":
                if a == b and a % 10000 == mention.start:
                    return True
            elif mention.start <= a and b <= mention.end:  # the mention contains a stated period
                return True
    return False


def check_dates(answer: str, cited: list[Passage]) -> list[str]:
    """Flags for dates in `answer` that no cited passage states or implies, and for relative dates."""
    flags: list[str] = []
    for m in find_dates(answer):
        if not date_supported(m, cited):
            flag = f'date "{m.text}" not found in cited passages'
            if flag not in flags:
                flags.append(flag)
    for rel in find_relative_dates(answer):
        flags.append(f'relative date "{rel}" in the answer')
    return flags


# --------------------------------------------------------------------------- quotes and refusals
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
_STOP = {"the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "for", "by", "with", "from", "as", "is",
         "was", "were", "are", "be", "been", "that", "this", "it", "its", "his", "her", "their", "he", "she",
         "they", "which", "who", "has", "had", "have", "not", "but", "said", "says"}


def _words(s: str) -> set[str]:
    return {w.lower().strip("'’-") for w in _WORD.findall(s) if w.lower() not in _STOP}


def claims_for(text: str) -> dict[int, str]:
    """For each marker number, the answer sentence(s) citing it."""
    out: dict[int, str] = {}
    for sent in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“(])", text or ""):
        for nums in find_markers(sent):
            for k in nums:
                out[k] = (out.get(k, "") + " " + MARKER.sub("", sent)).strip()
    return out


def best_quote(passage: Passage, claim: str) -> str:
    """The sentence of `passage` that shares most with `claim`; a sentence holding a time expression
    whose resolved label the claim states ("September 2025") counts extra."""
    claim_words = _words(claim)
    claim_norm = _norm(claim)
    best, best_score = "", -1.0
    for a, b in split_sentences(passage.text):
        sent = passage.text[a:b].strip()
        if not sent:
            continue
        score = float(len(claim_words & _words(sent)))
        for t in passage.times:
            if t.text and t.text in sent and t.label and _norm(t.label) in claim_norm:
                score += 3
        if score > best_score:
            best, best_score = sent, score
    return best or passage.text.strip()


def derived_dates(text: str, cited: list[Passage]) -> list[TimeRef]:
    """The resolved (not stated) time expressions of the cited passages whose label the answer uses."""
    norm = _norm(text)
    out: list[TimeRef] = []
    for p in cited:
        for t in p.times:
            if t.how != "stated" and t.label and _norm(t.label) in norm and t not in out:
                out.append(t)
    return out


_REFUSAL_RE = re.compile(r"(?:the )?(?:articles?|passages?|sources?)(?: provided)? (?:don't|do not|doesn't|does not) "
                         r"(?:say|answer|mention|contain|cover|state|specify|tell)\b")


def is_refusal(text: str) -> bool:
    """Whether the answer says the passages do not answer ("The articles don't say.")."""
    s = MARKER.sub("", text or "").strip().strip("\"“”'").lower().replace("’", "'")
    return bool(_REFUSAL_RE.match(s))


def build_citations(passages: list[Passage], order: list[int], text: str) -> list[Citation]:
    """Citations numbered by first use (`order` holds the original 1-based passage numbers)."""
    claims = claims_for(text)
    return [Citation(i + 1, passages[k - 1], quote=best_quote(passages[k - 1], claims.get(i + 1, text)))
            for i, k in enumerate(order)]
