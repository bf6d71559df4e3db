"""View model for the chat UI: turns `Answer`s and article lists into safe HTML and table rows.

Everything that comes from an article, a file name, a question or an answer is escaped with
`html.escape` *before* any markup of ours is added, so a `<script>` or `<img onerror=…>` in an
article shows as text and never runs. Links are only ever emitted for http(s) URLs.

Chat messages are rendered by gr.Chatbot as Markdown, so `md_text` additionally turns the
characters Markdown would interpret (`*`, `_`, `[`, a leading `-`, four-space indents, …) into
character references: the answer shows exactly as written.
"""
from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from typing import Iterable
from urllib.parse import urlparse

from assistant.models import Answer, Citation, TimeRef

MARKER = re.compile(r"\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]")
# characters Markdown (and Gradio's LaTeX/GFM extensions) would act on anywhere in a line
_MD_INLINE = {c: f"&#{ord(c)};" for c in "\\`*_[]~|$#{}!"}
_LINE_START = re.compile(r"^()([-+=]|\d+[.)])")

EXAMPLES = [
    "when did the US lift Belavia sanctions?",
    "Who is John Coale?",
    "When did the US and Belarus agree to restore ambassadors?",
    "Why is Lukashenko called Europe's last dictator?",
]


def esc(text: object) -> str:
    """HTML-escape anything (None → "")."""
    return html.escape("" if text is None else str(text), quote=True)


def safe_url(url: str | None) -> str | None:
    """The URL if it is a plain http(s) URL with a host, else None. Not escaped."""
    if not url:
        return None
    url = str(url).strip()
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    try:
        parts = urlparse(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def md_text(text: str) -> str:
    """Escaped text that Gradio's Markdown renderer shows verbatim (newlines kept)."""
    lines = []
    for line in (text or "").split("\n"):
        line = line.rstrip("\r").lstrip(" \t")  # no indented code blocks
        out = "".join(_MD_INLINE.get(ch) or esc(ch) for ch in line)
        m = _LINE_START.match(out)
        if m:  # list items, setext headings
            out = "".join(f"&#{ord(c)};" for c in m.group(2)) + out[m.end():]
        lines.append(out)
    return "\n".join(lines)


def cite_id(turn: int, n: int) -> str:
    return f"src-{turn}-{n}"


def cite_link(turn: int, n: int) -> str:
    sid = cite_id(turn, n)
    return (f'<a class="cite" href="#{sid}" data-src="{sid}" title="Show source {n}">'
            f"&#91;{n}&#93;</a>")


def link_markers(text: str, turn: int, known: Iterable[int]) -> str:
    """Escape `text` for the chat and turn its [n] / [n, m] markers into links to the source cards."""
    known = set(known)
    links: list[str] = []

    def hold(m: re.Match) -> str:
        nums = [int(x) for x in re.split(r"\s*,\s*", m.group(1))]
        if not nums or not all(n in known for n in nums):
            return m.group(0)
        links.append("".join(cite_link(turn, n) for n in nums))
        return f"\ue000{len(links) - 1}\ue001"

    text = (text or "").replace("\ue000", "").replace("\ue001", "")
    escaped = md_text(MARKER.sub(hold, text))
    return re.sub("\ue000(\\d+)\ue001", lambda m: links[int(m.group(1))], escaped)


def answer_html(answer: Answer, turn: int) -> str:
    """The assistant's chat message for a finished answer."""
    body = link_markers(answer.answer, turn, (c.n for c in answer.citations))
    bits = [f'<span class="answer{" refused" if answer.refused else ""}">{body}</span>']
    if answer.notice:
        bits.append(f'\n<span class="notice">&#9888; {md_text(answer.notice)}</span>')
    return "".join(bits)


def streaming_html(text: str) -> str:
    """A partial answer while it streams (markers are linked once the answer is complete)."""
    return md_text(text) + ' <span class="typing">&#9646;</span>'


def question_html(question: str) -> str:
    return md_text(question)


def messages(turns: list[Answer], pending: tuple[str, str | None] | None = None) -> list[dict]:
    """gr.Chatbot messages for the finished turns plus, optionally, a (question, partial answer) in flight."""
    msgs: list[dict] = []
    for i, ans in enumerate(turns):
        msgs.append({"role": "user", "content": question_html(ans.question)})
        msgs.append({"role": "assistant", "content": answer_html(ans, i)})
    if pending is not None:
        q, partial = pending
        msgs.append({"role": "user", "content": question_html(q)})
        if partial is not None:
            msgs.append({"role": "assistant", "content": streaming_html(partial)})
    return msgs


# -- sources ---------------------------------------------------------------------------------
def _find_spans(text: str, quote: str) -> list[tuple[int, int]]:
    """Character spans of `quote` in `text`: exact, then whitespace/quote-insensitive, then per sentence."""
    quote = (quote or "").strip()
    if not quote or not text:
        return []
    i = text.find(quote)
    if i >= 0:
        return [(i, i + len(quote))]
    spans = []
    for part in [quote] + re.split(r"(?<=[.!?…])[\"”’']?\s+", quote):
        part = part.strip().strip("\"“”‘’'")
        words = part.split()
        if len(words) < 3:
            continue
        pat = r"\s+".join(re.sub(r"[\"“”‘’']", "[\"“”‘’']", re.escape(w).replace("\\'", "'")) for w in words)
        m = re.search(pat, text, re.I)
        if m:
            spans.append((m.start(), m.end()))
            if part == quote.strip().strip("\"“”‘’'"):
                return spans
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def highlight(text: str, quote: str) -> str:
    """The escaped passage with the supporting sentence(s) wrapped in <mark>."""
    out, pos = [], 0
    for s, e in _find_spans(text, quote):
        out.append(esc(text[pos:s]))
        out.append(f"<mark>{esc(text[s:e])}</mark>")
        pos = e
    out.append(esc(text[pos:]))
    return "".join(out)


def date_line(t: TimeRef) -> str:
    """“A month later” → September 2025: a month after "in August" (August 2025)."""
    how = f": {esc(t.how)}" if t.how else ""
    return f'<span class="expr">&ldquo;{esc(t.text)}&rdquo;</span> &rarr; <b>{esc(t.label)}</b>{how}'


def _same_time(a: TimeRef, b: TimeRef) -> bool:
    return a.text == b.text and a.start == b.start and a.end == b.end and (a.sentence == b.sentence or a.offset == b.offset)


def card_html(c: Citation, turn: int, derived: list[TimeRef] | None = None, open_: bool = True) -> str:
    """One source card: outlet · date · title (linked), passage with the quote marked, resolved dates."""
    p = c.passage
    url = safe_url(p.url)
    title = esc(p.title or "(untitled)")
    if url:
        title = f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer nofollow">{title}</a>'
    outlet = esc(p.source or "unknown outlet")
    date = esc(p.published or "undated")
    derived = derived or []
    times = list(p.times or [])
    used = [t for t in times if any(_same_time(t, d) for d in derived)]
    # derived dates the answer used, from this passage, even if the passage lost its TimeRefs
    for d in derived:
        if d.sentence and d.sentence in p.text and not any(_same_time(d, t) for t in used):
            used.append(d)
    others = [t for t in times if t not in used]
    dates = ""
    if used or others:
        items = [f'<li class="derived">{date_line(t)} <span class="used">used in the answer</span></li>' for t in used]
        items += [f"<li>{date_line(t)}</li>" for t in others[:6]]
        dates = f'<div class="dates"><span class="label">Dates resolved in this passage</span><ul>{"".join(items)}</ul></div>'
    sid = cite_id(turn, c.n)
    return (
        f'<details class="src" id="{sid}"{" open" if open_ else ""}>'
        f'<summary><span class="n">{c.n}</span> <span class="outlet">{outlet}</span> &middot; '
        f'<span class="date">{date}</span> &middot; <span class="title">{title}</span></summary>'
        f'<div class="passage">{highlight(p.text, c.quote)}</div>{dates}</details>'
    )


def sources_html(turns: list[Answer]) -> str:
    """The Sources panel: the latest answer's cards open at the top, earlier turns below, folded."""
    if not any(t.citations for t in turns):
        return ('<div class="sources empty"><p>Sources for each answer appear here: outlet, date, '
                "the passage with the supporting sentence highlighted, and how relative dates were resolved.</p>"
                "<p>Click a <b>[n]</b> marker in an answer to jump to its source.</p></div>")
    parts = ['<div class="sources">']
    last = len(turns) - 1
    for i in range(last, -1, -1):
        ans = turns[i]
        if not ans.citations:
            continue
        parts.append(f'<section class="turn" id="turn-{i}"><h4>Q{i + 1}: {esc(ans.question)}</h4>')
        parts += [card_html(c, i, ans.derived_dates, open_=(i == last)) for c in ans.citations]
        if i == last:
            parts.append(timeline_html(ans, i))
        parts.append("</section>")
    parts.append("</div>")
    return "".join(parts)


# -- timeline --------------------------------------------------------------------------------
SNIPPET_CHARS = 80
_TL_W, _TL_PAD = 420, 20  # SVG user units: width and the margin kept free at each end


def _ymd_date(v: object) -> dt.date | None:
    """A YYYYMMDD int (or an ISO "YYYY-MM-DD…" string) as a date, else None."""
    try:
        if isinstance(v, int) and not isinstance(v, bool):
            return dt.date(v // 10000, v // 100 % 100, v % 100)
        if isinstance(v, (str, dt.date)):
            return dt.date.fromisoformat(str(v).strip()[:10])
    except (ValueError, TypeError, OverflowError):
        return None
    return None


def snippet(sentence: str, limit: int = SNIPPET_CHARS) -> str:
    """The sentence on one line, cut to at most `limit` characters (with …). Not escaped."""
    s = " ".join((sentence or "").split())
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


@dataclass
class TimelineEvent:
    kind: str                  # "event" (a resolved date in a cited passage) | "published" (an article's date)
    label: str                 # "September 2025" / "2025-12-12"
    start: dt.date
    end: dt.date
    text: str = ""             # the snippet (unescaped) or the outlet for publications
    how: str = ""              # derivation; "stated" when written explicitly
    cites: list[int] = field(default_factory=list)

    @property
    def derived(self) -> bool:
        return self.kind == "event" and self.how != "stated"

    @property
    def mid(self) -> float:
        return (self.start.toordinal() + self.end.toordinal()) / 2


def timeline_events(answer: Answer) -> list[TimelineEvent]:
    """The dated events of an answer's cited passages (one per label) and their articles' publication
    dates (one per date), in chronological order."""
    events: dict[str, TimelineEvent] = {}
    pubs: dict[dt.date, TimelineEvent] = {}
    for c in answer.citations:
        p = c.passage
        times = list(p.times or [])
        times += [d for d in answer.derived_dates or []
                  if d.sentence and d.sentence in (p.text or "") and not any(_same_time(d, t) for t in times)]
        for t in times:
            start, end = _ymd_date(t.start), _ymd_date(t.end)
            label = (t.label or "").strip()
            if start is None or not label:
                continue
            end = end if end and end >= start else start
            ev = events.get(label)
            if ev is None:
                ev = events[label] = TimelineEvent("event", label, start, end, snippet(t.sentence), t.how or "")
            elif ev.how != "stated" and t.how == "stated":  # prefer the sentence that states it
                ev.how, ev.text = "stated", snippet(t.sentence)
            if c.n not in ev.cites:
                ev.cites.append(c.n)
        pub = _ymd_date(p.published)
        if pub is not None:
            ev = pubs.setdefault(pub, TimelineEvent("published", pub.isoformat(), pub, pub, p.source or ""))
            if c.n not in ev.cites:
                ev.cites.append(c.n)
            if p.source and p.source not in ev.text.split(", "):
                ev.text = f"{ev.text}, {p.source}" if ev.text else p.source
    out = list(events.values()) + list(pubs.values())
    out.sort(key=lambda e: (e.mid, e.kind != "event", e.label))
    return out


def _marker(ev: TimelineEvent, x: float, y: float, tip: str) -> str:
    if ev.kind == "published":  # a square (diamond) for an article's publication date
        return (f'<rect class="tl-pub" x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" '
                f'transform="rotate(45 {x:.1f} {y:.1f})" fill="#64748b"><title>{tip}</title></rect>')
    if ev.derived:  # hollow
        return (f'<circle class="tl-derived" cx="{x:.1f}" cy="{y:.1f}" r="5.5" fill="#fff" stroke="#2563eb" '
                f'stroke-width="2"><title>{tip}</title></circle>')
    return f'<circle class="tl-stated" cx="{x:.1f}" cy="{y:.1f}" r="6" fill="#2563eb"><title>{tip}</title></circle>'


def timeline_html(answer: Answer, turn: int) -> str:
    """A horizontal timeline (inline SVG + a list) of the dates in the answer's cited passages; "" when
    there are fewer than two distinct dates. Everything from the articles is escaped."""
    evs = timeline_events(answer)
    if len({(e.start, e.end) for e in evs}) < 2:
        return ""
    lo = min(e.start for e in evs).toordinal()
    hi = max(e.end for e in evs).toordinal()
    span = max(hi - lo, 1)

    def xpos(ordinal: float) -> float:
        return _TL_PAD + (ordinal - lo) / span * (_TL_W - 2 * _TL_PAD)

    axis_y, h = 48, 70
    svg = [f'<svg class="tl-axis" viewBox="0 0 {_TL_W} {h}" width="100%" role="img" '
           f'aria-label="Timeline of the dates in the cited passages" xmlns="http://www.w3.org/2000/svg">',
           f'<line x1="{_TL_PAD}" y1="{axis_y}" x2="{_TL_W - _TL_PAD}" y2="{axis_y}" stroke="#94a3b8" stroke-width="2"/>']
    first, last = dt.date.fromordinal(lo).year, dt.date.fromordinal(hi).year
    ticks = [(dt.date(y, 1, 1).toordinal(), str(y)) for y in range(first + 1, last + 1)]
    if not ticks or ticks[0][0] - lo > 31:  # name the year the axis starts in
        ticks.insert(0, (lo, str(first)))
    for o, year in ticks:
        x = xpos(o)
        tick = (f'<line class="tl-tick" x1="{x:.1f}" y1="{axis_y - 4}" x2="{x:.1f}" y2="{axis_y + 10}" stroke="#94a3b8"/>'
                if o != lo or dt.date.fromordinal(o).timetuple().tm_yday == 1 else "")  # ticks only on 1 January
        svg.append(f'{tick}<text class="tl-year" x="{x:.1f}" y="{axis_y + 21}" font-size="11" text-anchor="middle" '
                   f'fill="#64748b">{esc(year)}</text>')
    items = []
    for i, ev in enumerate(evs, 1):
        x = xpos(ev.mid)
        cites = "".join(cite_link(turn, n) for n in ev.cites)
        if ev.kind == "published":
            tip = esc(f"{i}. published {ev.label} ({ev.text})" if ev.text else f"{i}. published {ev.label}")
            body = (f'<span class="tl-label">published {esc(ev.label)}</span>'
                    f'{" &middot; " + esc(ev.text) if ev.text else ""} {cites}')
            cls, title = "tl-ev tl-pub", ""
        else:
            how = f" (derived: {ev.how})" if ev.derived else ""
            tip = esc(f"{i}. {ev.label}{how}: {ev.text}")
            tag = ' <span class="tl-tag">derived</span>' if ev.derived else ""
            body = (f'<span class="tl-label">{esc(ev.label)}</span>{tag} &middot; '
                    f'<span class="tl-snip">&ldquo;{esc(ev.text)}&rdquo;</span> {cites}')
            cls = "tl-ev tl-derived" if ev.derived else "tl-ev tl-stated"
            title = f' title="{esc("derived: " + (ev.how or "?"))}"' if ev.derived else ""
        y = axis_y - 14 - (i % 2) * 12  # alternate rows so that close markers do not overlap
        svg.append(f'<g class="{cls}" data-x="{x:.1f}"{title}>'
                   f'<line x1="{x:.1f}" y1="{y + 6:.1f}" x2="{x:.1f}" y2="{axis_y}" stroke="#cbd5e1"/>'
                   f'{_marker(ev, x, y, tip)}'
                   f'<text x="{x:.1f}" y="{y - 8:.1f}" font-size="11" text-anchor="middle" fill="#334155">{i}</text></g>')
        items.append(f'<li class="{cls}"{title}><span class="tl-i">{i}</span> {body}</li>')
    svg.append("</svg>")
    legend = ('<span class="tl-key"><span class="tl-dot"></span> stated &nbsp; <span class="tl-dot hollow"></span> derived '
              '&nbsp; <span class="tl-dia"></span> published</span>')
    return (f'<div class="timeline" id="timeline-{turn}"><span class="label">Timeline of the cited passages</span> {legend}'
            f'{"".join(svg)}<ol class="tl-list">{"".join(items)}</ol></div>')


# -- settings line and library --------------------------------------------------------------
def settings_line(settings, n_articles: int, n_passages: int, mode: str | None = None, stale: int = 0) -> str:
    if mode == "offline" or not settings.llm_enabled:
        answers = "offline (extractive)"
        if settings.llm_enabled:
            answers += f"; LLM {esc(settings.llm_model)} available"
    else:
        answers = f"LLM {esc(settings.llm_model)} (offline fallback)"
    return (f'<div class="settings-line">Answers: <b>{answers}</b> &middot; top-k <b>{int(settings.top_k)}</b> '
            f"&middot; {n_articles} articles, {n_passages} passages"
            + (f' &middot; <span class="stale" title="run assistant ingest on their folders to process them again">'
               f"{stale} indexed by an older version</span>" if stale else "") + "</div>")


def library_rows(articles: list[dict]) -> list[list]:
    """Rows for the Library table (plain text: the table renders cells as text)."""
    rows = []
    for a in articles:
        ts = a.get("ingested_at")
        when = dt.datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M") if ts else ""
        rows.append([a.get("title") or "", a.get("source") or "", a.get("published") or "", int(a.get("n_chunks") or 0), when, a.get("id") or ""])
    return rows


LIBRARY_HEADERS = ["title", "outlet", "date", "passages", "ingested", "id"]


def ingest_status_html(added: list[str], updated: list[str], unchanged: list[str],
                       rejected: list[tuple[str, str]], summary: str = "") -> str:
    """What happened to each uploaded file (names are the user's; escaped)."""
    parts = ['<div class="ingest-status">']
    if summary:
        parts.append(f'<p class="summary">{esc(summary)}</p>')
    for label, names, cls in (("Added", added, "ok"), ("Updated", updated, "ok"), ("Already in the library", unchanged, "same")):
        if names:
            parts.append(f'<p class="{cls}">{label}: {", ".join(esc(n) for n in names)}</p>')
    if rejected:
        parts.append('<p class="bad">Not added:</p><ul class="rejected">')
        parts += [f"<li><b>{esc(name)}</b>: {esc(reason)}</li>" for name, reason in rejected]
        parts.append("</ul>")
    if len(parts) == 1:
        parts.append("<p>Nothing to add: choose .txt, .md or .html files first.</p>")
    parts.append("</div>")
    return "".join(parts)
