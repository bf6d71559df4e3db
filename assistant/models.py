"""The few plain objects that cross stage boundaries."""
from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import asdict, dataclass, field
from typing import Any


def ymd_date(ymd: int) -> dt.date:
    """A YYYYMMDD int (as TimeRef and the question's window hold them) as a date; a 00 month or day
    (a year or month given alone) reads as the first."""
    return dt.date(ymd // 10000, max(1, ymd // 100 % 100), max(1, ymd % 100))


@dataclass
class TimeRef:
    """A time expression found in a passage, resolved to an absolute period."""

    text: str                 # as written: "A month later"
    start: int                # YYYYMMDD, first day of the period
    end: int                  # YYYYMMDD, last day of the period
    granularity: str          # day | month | year
    label: str                # human form: "September 2025"
    how: str                  # derivation: "one month after August 2025 (\"in August\")"
    sentence: str             # the sentence it came from
    offset: int = 0           # character offset of the expression in the article text


@dataclass
class Article:
    id: str
    path: str
    text: str                                  # cleaned body
    title: str = ""
    source: str = ""                           # outlet
    author: str = ""
    url: str = ""
    published: dt.date | None = None
    meta_sources: dict[str, str] = field(default_factory=dict)  # field -> where it came from
    content_hash: str = ""

    @property
    def published_str(self) -> str | None:
        return self.published.isoformat() if self.published else None


@dataclass
class Chunk:
    id: str
    article_id: str
    index: int
    text: str                  # the passage as shown to users
    start: int                 # character span in the cleaned article text
    end: int
    header: str                # "title · outlet · date", prepended for embedding only
    times: list[TimeRef] = field(default_factory=list)


@dataclass
class Passage:
    """A retrieved chunk with its article's metadata."""

    chunk_id: str
    article_id: str
    text: str
    title: str
    source: str
    published: str | None
    url: str | None
    path: str
    author: str = ""
    start: int = 0
    end: int = 0
    score: float = 0.0
    times: list[TimeRef] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # article ids reporting the same text

    def header(self) -> str:
        bits = [self.source or "unknown outlet", self.published or "undated"]
        return f"{' · '.join(bits)} — {self.title}" if self.title else " · ".join(bits)


@dataclass
class Citation:
    n: int
    passage: Passage
    quote: str = ""            # the sentence(s) of the passage that support the answer

    def to_dict(self) -> dict[str, Any]:
        p = self.passage
        return {
            "n": self.n,
            "article_id": p.article_id,
            "chunk_id": p.chunk_id,
            "title": p.title,
            "source": p.source,
            "published": p.published,
            "url": p.url or None,
            "path": p.path,
            "text": p.text,
            "quote": self.quote,
            "score": round(float(p.score), 6),
        }


@dataclass
class Answer:
    question: str
    answer: str
    refused: bool
    mode: str                                   # extractive | llm
    citations: list[Citation] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    as_of: str | None = None
    notice: str | None = None                   # e.g. "LLM unavailable; offline answer shown"
    derived_dates: list[TimeRef] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)  # checks that failed (unknown markers, unsupported dates)

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "refused": self.refused,
            "mode": self.mode,
            "citations": [c.to_dict() for c in self.citations],
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
            "as_of": self.as_of,
            "notice": self.notice,
            "derived_dates": [asdict(t) for t in self.derived_dates],
            "flags": self.flags,
        }

    def __str__(self) -> str:
        lines = [self.answer]
        if self.notice:
            lines.append(f"({self.notice})")
        for c in self.citations:
            p = c.passage
            lines.append(f"[{c.n}] {p.header()}")
            lines.append(textwrap.indent(textwrap.fill(c.quote or p.text, 100), "    "))
        return "\n".join(lines)

    def __repr__(self) -> str:  # readable in a REPL
        return str(self)
