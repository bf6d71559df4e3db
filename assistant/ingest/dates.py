"""Publication dates and time expressions resolved to absolute periods.

News states time relative to the day it was written ("on Friday", "last year", "a month
later"). Each expression is resolved against the article's publication date, or against the
nearest preceding resolved expression for "later"/"after", and keeps the sentence it came from
and how it was derived.
"""
from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from dataclasses import dataclass

from ..models import TimeRef

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": None, "few": None, "a few": None}

MON = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[89]\d\d|20\d\d)"
WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
NUM = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
UNIT = r"(?:day|week|month|year|decade)s?"

PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(rf"\b({YEAR})-(0[1-9]|1[0-2])-([0-2]\d|3[01])\b")),
    ("mdy", re.compile(rf"\b(?:{WD},?\s+)?({MON})\s+({DAY}),?\s+({YEAR})\b")),
    ("dmy", re.compile(rf"\b(?:{WD},?\s+)?({DAY})\s+(?:of\s+)?({MON}),?\s+({YEAR})\b")),
    ("my", re.compile(rf"\b({MON})\s+(?:of\s+)?({YEAR})\b")),
    ("md", re.compile(rf"\b(?:{WD},?\s+)?({MON})\s+({DAY})\b(?!,?\s*\d)")),
    ("dm", re.compile(rf"\b({DAY})\s+(?:of\s+)?({MON})\b(?!,?\s*\d)")),
    ("ago", re.compile(rf"\b({NUM}|a few|several)\s+({UNIT})\s+ago\b", re.I)),
    ("later", re.compile(rf"\b({NUM}|a few|several)\s+({UNIT})\s+(later|after(?:wards?)?|earlier|before)\b(?:\s+(?:the\s+)?([a-z][\w-]*(?:\s+[a-z][\w-]*){{0,3}}))?", re.I)),
    ("following", re.compile(rf"\bthe\s+(following|next|previous|preceding)\s+(day|week|month|year)\b", re.I)),
    ("rel", re.compile(r"\b(this|last|next|past|previous|earlier this|later this|coming)\s+(week|month|year|weekend|decade)\b", re.I)),
    ("deictic", re.compile(r"\b(today|yesterday|tomorrow|tonight)\b", re.I)),
    ("weekday", re.compile(rf"\b(?:(last|this|next|on|since|until|by|from)\s+)?({WD})\b")),
    ("month", re.compile(rf"\b(in|since|by|until|from|through|during|of|last|this|next|early|late|mid|mid-|earlier in|later in)\s+({MON})(?![\w.]*\s+\d)\b")),
    ("year", re.compile(rf"(?<![\d,.$£€-])\b({YEAR})(?:\s*[-–/]\s*(\d{{2,4}}))?s?\b(?![,.]?\d)(?!\s*(?:%|percent|people|votes|troops|km|miles))")),
]
FUTURE = re.compile(r"\b(will|is due|are due|scheduled (for|to)|upcoming|(is|are) set to|(is|are) expected to|(is|are) to be)\b", re.I)
WEEKDAY_FUTURE = re.compile(r"\b(would|plans?|planned|to be|continue|resume)\b", re.I)


def _ymd(d: dt.date) -> int:
    return d.year * 10000 + d.month * 100 + d.day


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


def _mon(s: str) -> int:
    return MONTHS[s.lower().rstrip(".")]


def _day(s: str) -> int:
    return int(re.sub(r"\D", "", s))


def _num(s: str) -> int | None:
    s = s.lower()
    return int(s) if s.isdigit() else NUMBERS.get(s)


@dataclass
class Period:
    start: dt.date
    end: dt.date
    gran: str

    @property
    def label(self) -> str:
        if self.gran == "day":
            return f"{self.start.day} {calendar.month_name[self.start.month]} {self.start.year}"
        if self.gran == "month":
            return f"{calendar.month_name[self.start.month]} {self.start.year}"
        if self.gran == "week":
            return f"week of {self.start.day} {calendar.month_name[self.start.month]} {self.start.year}"
        if self.gran == "year" and self.end.year != self.start.year:
            return f"{self.start.year}–{self.end.year}"
        return str(self.start.year)


def day(d: dt.date) -> Period:
    return Period(d, d, "day")


def month(y: int, m: int) -> Period:
    return Period(dt.date(y, m, 1), _month_end(y, m), "month")


def year(y: int, y2: int | None = None) -> Period:
    return Period(dt.date(y, 1, 1), dt.date(y2 or y, 12, 31), "year")


def shift(p: Period, n: int, unit: str) -> Period:
    """Move a period by n units, at the coarser of the two granularities."""
    unit = unit.rstrip("s")
    if unit == "decade":
        n, unit = n * 10, "year"
    if unit == "year":
        if p.gran == "day":
            try:
                return day(p.start.replace(year=p.start.year + n))
            except ValueError:
                return day(p.start.replace(year=p.start.year + n, day=28))
        if p.gran == "month":
            return month(p.start.year + n, p.start.month)
        return year(p.start.year + n)
    if unit == "month":
        y, m = _add_months(p.start.year, p.start.month, n)
        return month(y, m)
    if unit == "week":
        d = p.start + dt.timedelta(weeks=n)
        return Period(d, d + dt.timedelta(days=6), "week") if p.gran == "day" else month(d.year, d.month)
    d = p.start + dt.timedelta(days=n)
    return day(d) if p.gran == "day" else month(d.year, d.month)


def _full_dates(s: str):
    """The first full date of each written form ("2025-12-12", "Dec. 12, 2025", "12 December
    2025") that is a real day, with its match, in that order of forms."""
    for kind in ("iso", "mdy", "dmy"):
        m = dict(PATTERNS)[kind].search(s)
        if m:
            try:
                yield m, _explicit(kind, m).start
            except (ValueError, KeyError):
                continue


def parse_explicit_date(s: str) -> dt.date | None:
    """A full date written out ("Dec. 12, 2025", "12 December 2025", "2025-12-12")."""
    return next((d for _, d in _full_dates(s)), None)


def _explicit(kind: str, m: re.Match) -> Period:
    g = m.groups()
    if kind == "iso":
        return day(dt.date(int(g[0]), int(g[1]), int(g[2])))
    if kind == "mdy":
        return day(dt.date(int(g[2]), _mon(g[0]), _day(g[1])))
    if kind == "dmy":
        return day(dt.date(int(g[2]), _mon(g[1]), _day(g[0])))
    raise KeyError(kind)


MAX_SENTENCE = 1000    # characters; the longest sentence with a date in 3,900 news articles has 640
SENTENCE_WINDOW = 300  # characters either side of an expression in a longer "sentence"
SENTENCE_END = re.compile(r"(?<=[.!?…])['\"’”)]*\s+(?=[\"“‘(A-Z0-9])")


class _Sentences:
    """The sentence around an offset, from boundaries found once per text (linear in the text,
    logarithmic per lookup, where scanning from the start for every expression was quadratic).

    The sentence starts after the last boundary that ends at or before `pos` (an expression
    opening its sentence, "A month later, ...", gets that sentence, not the one before) or after
    the last line break before `pos`; it ends at the first boundary at or after `pos`, or at the
    first line break, whichever comes first."""

    def __init__(self, text: str):
        self.text = text
        ms = list(SENTENCE_END.finditer(text))
        self.ends = [m.end() for m in ms]
        self.starts = [m.start() for m in ms]
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self._cache: dict[tuple[int, int], tuple[str, bool, bool]] = {}

    def span(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.ends, pos)         # boundaries with end <= pos
        start = self.ends[i - 1] if i else 0
        j = bisect.bisect_left(self.starts, pos)        # first boundary starting at or after pos
        end = self.starts[j] + 1 if j < len(self.starts) else len(self.text)
        k = bisect.bisect_left(self.newlines, pos)      # line breaks before pos / at or after it
        if k and self.newlines[k - 1] + 1 > start:
            start = self.newlines[k - 1] + 1
        if k < len(self.newlines) and self.newlines[k] < end:
            end = self.newlines[k]
        return start, end

    def at(self, pos: int, end: int) -> tuple[str, bool, bool]:
        """(sentence, future cue, weekday future cue) for the expression at [pos, end), computed
        once per sentence. A "sentence" longer than MAX_SENTENCE (a page without sentence ends) is
        cut to the words around the expression: every TimeRef keeps its sentence, and thousands
        of expressions each holding a copy of a whole page would take gigabytes."""
        key = self.span(pos)
        if key[1] - key[0] > MAX_SENTENCE:
            a = max(key[0], pos - SENTENCE_WINDOW)
            b = min(key[1], end + SENTENCE_WINDOW)
            if a > key[0]:
                a = self.text.find(" ", a, pos) + 1 or a
            if b < key[1]:
                cut = self.text.rfind(" ", end, b)
                b = cut if cut != -1 else b
            key = (a, b)
        hit = self._cache.get(key)
        if hit is None:
            sentence = self.text[key[0]:key[1]].strip()
            future = bool(FUTURE.search(sentence))
            hit = self._cache[key] = (sentence, future, future or bool(WEEKDAY_FUTURE.search(sentence)))
        return hit


def _sentence_at(text: str, pos: int) -> tuple[int, int]:
    return _Sentences(text).span(pos)


def _overlaps(taken: list[tuple[int, int]], s: int, e: int) -> bool:
    """Whether [s, e) overlaps one of the disjoint spans in `taken` (sorted by start)."""
    i = bisect.bisect_left(taken, (s, -1))
    if i < len(taken) and taken[i][0] < e:
        return True
    return i > 0 and taken[i - 1][1] > s


def resolve_times(text: str, published: dt.date | None) -> list[TimeRef]:
    """Find time expressions in `text` and resolve each to an absolute period."""
    found: list[tuple[int, int, str, re.Match]] = []
    taken: list[tuple[int, int]] = []  # disjoint, sorted
    for kind, pat in PATTERNS:
        for m in pat.finditer(text):
            s, e = m.span()
            if _overlaps(taken, s, e):
                continue
            if kind == "month" and m.group(2).lower().startswith("may") and m.group(1).lower() not in ("in", "since", "by", "until", "early", "late", "mid", "mid-", "last", "next", "this", "through", "during"):
                continue
            found.append((s, e, kind, m))
            bisect.insort(taken, (s, e))
    found.sort(key=lambda f: f[0])
    refs: list[TimeRef] = []
    anchors: list[tuple[int, Period, str]] = []  # (offset, period, text) of resolved expressions, by offset
    pub = day(published) if published else None
    sentences = _Sentences(text)
    for s, e, kind, m in found:
        sentence, future, wd_future = sentences.at(s, e)
        try:
            res = _resolve(kind, m, pub, anchors, sentence, text, s, future, wd_future)
        except (ValueError, KeyError, OverflowError):
            res = None
        if res is None:
            continue
        period, how = res
        refs.append(TimeRef(text=m.group(0).strip(), start=_ymd(period.start), end=_ymd(period.end),
                            granularity=period.gran, label=period.label, how=how, sentence=sentence, offset=s))
        anchors.append((s, period, m.group(0).strip()))
    return refs


def _resolve(kind, m, pub, anchors, sentence, text, pos, future=None, wd_future=None):
    g = m.groups()
    if kind in ("iso", "mdy", "dmy"):
        return _explicit(kind, m), "stated"
    if kind == "my":
        return month(int(g[1]), _mon(g[0])), "stated"
    if kind == "year":
        y = int(g[0])
        y2 = None
        if g[1]:
            y2 = int(g[1]) if len(g[1]) == 4 else (y // 100) * 100 + int(g[1])
            if not (y < y2 <= y + 20):
                y2 = None
        if pub and y > pub.start.year + 30:
            return None
        return year(y, y2), "stated"
    if pub is None:
        return None
    if future is None:
        future = bool(FUTURE.search(sentence))
    if kind in ("md", "dm"):
        mon_s, day_s = (g[0], g[1]) if kind == "md" else (g[1], g[0])
        d = dt.date(pub.start.year, _mon(mon_s), _day(day_s))
        if d > pub.start + dt.timedelta(days=31) and not future:
            d = d.replace(year=d.year - 1)
        elif d < pub.start - dt.timedelta(days=300) and future:
            d = d.replace(year=d.year + 1)
        return day(d), f"year of publication ({pub.start.year})"
    if kind == "month":
        prep, mo = g[0].lower(), _mon(g[1])
        pm, py = pub.start.month, pub.start.year
        name = calendar.month_name[mo]
        if prep == "next" or (future and prep != "last"):
            y = py if (mo > pm or (mo == pm and prep != "next")) else py + 1
            return month(y, mo), f"the next {name} after publication ({pub.label})"
        if prep == "last":
            y = py if mo < pm else py - 1
        else:
            y = py if mo <= pm else py - 1
        return month(y, mo), f"the latest {name} up to publication ({pub.label})"
    if kind == "weekday":
        mod = (g[0] or "").lower()
        future = wd_future if wd_future is not None else future or bool(WEEKDAY_FUTURE.search(sentence))
        wd = WEEKDAYS[g[1].lower()]
        delta = (pub.start.weekday() - wd) % 7
        if mod == "next" or (future and mod not in ("last", "since")):
            ahead = (wd - pub.start.weekday()) % 7 or 7
            return day(pub.start + dt.timedelta(days=ahead)), f"the {g[1]} after publication ({pub.label})"
        if mod == "last" and delta == 0:
            delta = 7
        return day(pub.start - dt.timedelta(days=delta)), f"the {g[1]} of the week of publication ({pub.label})"
    if kind == "deictic":
        w = g[0].lower()
        off = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[w]
        return day(pub.start + dt.timedelta(days=off)), f"{w}, relative to publication ({pub.label})"
    if kind == "rel":
        mod, unit = g[0].lower(), g[1].lower()
        k = {"this": 0, "coming": 1, "next": 1, "last": -1, "past": -1, "previous": -1, "earlier this": 0, "later this": 0}[mod]
        if unit == "year":
            return year(pub.start.year + k), f"{mod} year, relative to publication ({pub.label})"
        if unit == "decade":
            return None
        if unit == "month":
            y, mo = _add_months(pub.start.year, pub.start.month, k)
            return month(y, mo), f"{mod} month, relative to publication ({pub.label})"
        start = pub.start - dt.timedelta(days=pub.start.weekday()) + dt.timedelta(weeks=k)
        return Period(start, start + dt.timedelta(days=6), "week"), f"{mod} {unit}, relative to publication ({pub.label})"
    if kind == "ago":
        n = _num(g[0])
        if n is None:
            return None
        p = shift(Period(pub.start, pub.end, _gran_for(g[1])), -n, g[1])
        return p, f"{m.group(0)} before publication ({pub.label})"
    if kind == "following":
        rel, unit = g[0].lower(), g[1].lower()
        anchor = _anchor(anchors, pos, text, None)
        if anchor is None:
            return None
        a_period, a_text = anchor
        k = 1 if rel in ("following", "next") else -1
        return shift(a_period, k, unit), f"the {rel} {unit} after \"{a_text}\" ({a_period.label})" if k > 0 else f"the {rel} {unit} before \"{a_text}\" ({a_period.label})"
    if kind == "later":
        n = _num(g[0])
        if n is None:
            return None
        direction = g[2].lower()
        sign = 1 if direction.startswith(("later", "after")) else -1
        np = g[3] if direction.startswith(("after", "before")) else None
        anchor = _anchor(anchors, pos, text, np)
        if anchor is None:
            return None
        a_period, a_text = anchor
        p = shift(a_period, sign * n, g[1])
        word = "after" if sign > 0 else "before"
        return p, f"{m.group(0).split()[0].lower()} {g[1].lower()} {word} \"{a_text}\" ({a_period.label})"
    return None


def _gran_for(unit: str) -> str:
    unit = unit.lower().rstrip("s")
    return {"day": "day", "week": "day", "month": "month", "year": "year", "decade": "year"}[unit]


def _anchor(anchors, pos, text, noun_phrase):
    """The resolved expression "later"/"after" counts from.

    Without an object ("a month later") it is the nearest preceding expression within the last
    few paragraphs. With one ("five years after the protests") it must be a preceding expression
    within a few words of that noun; otherwise nothing is resolved rather than guessing."""
    prior = anchors[:bisect.bisect_left(anchors, pos, key=lambda a: a[0])] if anchors and anchors[-1][0] >= pos else anchors
    if not prior:
        return None
    if noun_phrase:
        heads = [w.lower()[:6] for w in re.findall(r"[A-Za-z]{4,}", noun_phrase)]
        for o, p, t in reversed(prior):
            window = text[max(0, o - 60): o + len(t) + 60].lower()
            if heads and any(h in window for h in heads):
                return p, t
        return None
    o, p, t = prior[-1]
    if text.count("\n\n", o, pos) > 2:
        return None
    return p, t


DATELINE_WORDS = {"on", "by", "and", "at", "updated", "published", "posted", "last", "first", "modified", "am", "pm",
                  "gmt", "utc", "bst", "et", "est", "edt"}


def dateline_date(paragraph: str) -> dt.date | None:
    """The date of a paragraph that opens with a dateline ("WASHINGTON, Dec. 12, 2025 (AP) —",
    "12 December 2025 —", "By Jane Roe, Friday 12 December 2025"), or of a date-only line; None
    for a date inside a sentence ("Born in Luton on 5 April 1920, ...", "since 11 September
    2001"), which dates what the story tells, not the story."""
    text = paragraph.strip()
    for m, d in _full_dates(text):
        words = re.findall(r"[A-Za-z]+", text[: m.start()])
        if all(w[0].isupper() or w.lower() in DATELINE_WORDS for w in words) and len(words) <= 8:
            return d
    return None


def find_published_in_text(lines: list[str], latest: dt.date | None = None, body: list[str] | None = None) -> tuple[dt.date | None, str]:
    """A publication date from stamps ("Updated Dec. 12, 2025", "Friday, Dec. 12, 2025"), then
    from the datelines opening the first paragraphs of the body (`body`)."""
    for line in lines:
        d = parse_explicit_date(line)
        if d and (latest is None or d <= latest):
            return d, f"text: \"{line.strip()[:80]}\""
    for line in body or []:
        d = dateline_date(line)
        if d and (latest is None or d <= latest):
            return d, f"text: \"{line.strip()[:80]}\""
    return None, ""
