"""ui/render.py: citation links, quote highlighting, resolved dates, escaping (no browser, no index)."""
from __future__ import annotations

import re

import pytest

from assistant.models import Answer, Citation, Passage, TimeRef
from ui import render
from ui.history import answer_from_dict, answer_to_dict

XSS = '<script>window.__pwned=1</script> <img src=x onerror="window.__pwned=1">'

BELAVIA = ("A month later, Lukashenko freed more than 50 prisoners, and the U.S. lifted sanctions on the "
           "country’s national airline, Belavia, allowing it to repair and buy parts for its planes, including Boeing aircraft.")
MONTH_LATER = TimeRef(text="A month later", start=20250901, end=20250930, granularity="month", label="September 2025",
                      how='a month after "in August" (August 2025)', sentence=BELAVIA, offset=2691)


def passage(text=BELAVIA + "\n\nThose released were brought to Lithuania.", **kw) -> Passage:
    base = dict(chunk_id="c1", article_id="a1", text=text, title="Belarus leader hosts US envoy", source="AP",
                published="2025-12-12", url=None, path="/x/002.txt", times=[MONTH_LATER])
    base.update(kw)
    return Passage(**base)


def belavia_answer() -> Answer:
    return Answer(question="when did the US lift Belavia sanctions?",
                  answer=f"September 2025 — “{BELAVIA}” [1] (AP, 2025-12-12)", refused=False, mode="extractive",
                  citations=[Citation(1, passage(), BELAVIA)], derived_dates=[MONTH_LATER])


def no_raw_markup(html: str) -> None:
    """None of the attack's tags or attributes survive as markup (escaped text in attribute values is fine)."""
    from html.parser import HTMLParser

    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    found: list[str] = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.extend([tag] if tag in ("script", "img", "iframe") else [])
            found.extend(f"{tag}[{k}]" for k, _ in attrs if k.startswith("on"))

    Tags(convert_charrefs=True).feed(html)
    assert not found, found


# -- citation links --------------------------------------------------------------------------
def test_markers_become_links_to_the_turns_source_cards():
    html = render.answer_html(belavia_answer(), turn=2)
    assert html.count('class="cite"') == 1
    assert 'href="#src-2-1"' in html and 'data-src="src-2-1"' in html
    assert "&#91;1&#93;</a> (AP" in html  # the space after the marker survives
    cards = render.sources_html([belavia_answer(), belavia_answer(), belavia_answer()])
    assert 'id="src-2-1"' in cards and 'id="src-0-1"' in cards


def test_marker_lists_and_unknown_markers():
    ans = Answer(question="q", answer="A [1, 2] and B [2]; not a source [7]; x[1]y", refused=False, mode="llm",
                 citations=[Citation(1, passage(), ""), Citation(2, passage(chunk_id="c2"), "")])
    html = render.answer_html(ans, 0)
    assert html.count('href="#src-0-1"') == 2 and html.count('href="#src-0-2"') == 2
    assert "&#91;7&#93;" in html and 'src-0-7' not in html  # unknown numbers stay text


def test_answer_without_citations_and_refusal_and_notice():
    ans = Answer(question="q", answer="The articles don't say.", refused=True, mode="llm",
                 notice="LLM unavailable (APITimeoutError: Request timed out.); offline answer shown")
    html = render.answer_html(ans, 0)
    assert 'class="answer refused"' in html and "cite" not in html
    assert 'class="notice"' in html and "APITimeoutError" in html
    assert "Traceback" not in html


# -- highlighting ----------------------------------------------------------------------------
def test_quote_is_marked_exactly_once():
    html = render.highlight(passage().text, BELAVIA)
    assert html.count("<mark>") == 1
    marked = re.search(r"<mark>(.*?)</mark>", html, re.S).group(1)
    assert marked.startswith("A month later") and marked.endswith("Boeing aircraft.")
    assert "Those released" not in marked


def test_quote_found_despite_whitespace_and_quote_marks():
    text = "First sentence here.\nHe said \"the talks   would continue\" on Saturday.  Third one."
    html = render.highlight(text, "He said “the talks would continue” on Saturday.")
    assert "<mark>He said &quot;the talks   would continue&quot; on Saturday.</mark>" in html


def test_multi_sentence_quote_marks_each_sentence():
    text = "One two three four. Middle bit is not quoted here. Five six seven eight."
    html = render.highlight(text, "One two three four. Five six seven eight.")
    assert html.count("<mark>") == 2 and "<mark>Middle" not in html


def test_missing_quote_leaves_text_unmarked():
    assert "<mark>" not in render.highlight("Nothing relevant in here at all.", "A sentence that is elsewhere entirely.")
    assert render.highlight("a < b", "") == "a &lt; b"


# -- cards -----------------------------------------------------------------------------------
def test_card_shows_outlet_date_title_and_derived_date():
    html = render.card_html(belavia_answer().citations[0], 0, [MONTH_LATER])
    assert '<span class="outlet">AP</span>' in html and '<span class="date">2025-12-12</span>' in html
    assert "Belarus leader hosts US envoy" in html
    assert ("&ldquo;A month later&rdquo;</span> &rarr; <b>September 2025</b>: a month after &quot;in August&quot; "
            "(August 2025)") in html
    assert "used in the answer" in html
    assert "<a " not in html  # no URL: the title is not a link


def test_title_links_only_http_urls():
    c = Citation(1, passage(url="https://apnews.com/article/belarus?a=1&b=2"), "")
    html = render.card_html(c, 0)
    assert '<a href="https://apnews.com/article/belarus?a=1&amp;b=2" target="_blank" rel="noopener noreferrer nofollow">' in html
    for bad in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>x</script>", "//evil.example/x",
                "ftp://x.example/a", "https://ex ample.com", "vbscript:x", " javascript:alert(1)"):
        html = render.card_html(Citation(1, passage(url=bad), ""), 0)
        assert "<a " not in html, bad
        assert render.safe_url(bad) is None


def test_empty_sources_panel_explains_itself():
    html = render.sources_html([])
    assert "Click a" in html and "src-" not in html


def test_earlier_turns_are_folded_latest_open_first():
    a0, a1 = belavia_answer(), belavia_answer()
    a1.question = "follow-up?"
    html = render.sources_html([a0, a1])
    assert html.index("turn-1") < html.index("turn-0")
    assert re.search(r'<details class="src" id="src-1-1" open>', html)
    assert re.search(r'<details class="src" id="src-0-1">', html)


# -- escaping --------------------------------------------------------------------------------
def test_article_text_title_outlet_quote_and_dates_are_escaped():
    evil_time = TimeRef(text=XSS, start=20250101, end=20250101, granularity="day", label=XSS, how=XSS, sentence="x")
    p = passage(text=f"Intro. {XSS} tail.", title=XSS, source=XSS, published=XSS, times=[evil_time])
    ans = Answer(question=XSS, answer=f"{XSS} [1]", refused=False, mode="llm",
                 citations=[Citation(1, p, XSS)], derived_dates=[evil_time], notice=XSS)
    for html in (render.sources_html([ans]), render.card_html(ans.citations[0], 0, [evil_time]),
                 render.answer_html(ans, 0), render.question_html(XSS), render.streaming_html(XSS)):
        no_raw_markup(html)
    cards = render.sources_html([ans])
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in cards
    assert "<mark>&lt;script&gt;" in cards  # the quote is still highlighted, as text


@pytest.mark.parametrize("text", [
    "**bold** _it_ `code` ~~s~~ $x$ $$y$$ [link](javascript:alert(1)) ![i](x) <b>b</b> &amp; | a | b |",
    "# heading\n- item\n+ item\n1. item\n2) item\n    indented code\n===\n---\n> quote",
])
def test_markdown_is_shown_verbatim(text):
    html = render.md_text(text)
    bare = re.sub(r"&(#\d+|#x[0-9a-f]+|[a-z]+);", "", html, flags=re.I)  # drop the character references
    for ch in "*_`~$[]!#|<>":
        assert ch not in bare, ch
    assert not re.search(r"^\s*([-+=]|\d+[.)])", html, re.M)  # no list items, setext headings, rules
    assert not re.search(r"^ {4}", html, re.M)  # no indented code
    import html as htmlmod

    # unescaping gives back the text (less the leading indentation)
    assert htmlmod.unescape(html) == "\n".join(line.lstrip() for line in text.split("\n"))


def test_messages_escape_questions_and_show_partial_answers():
    msgs = render.messages([belavia_answer()], ("<img src=x onerror=alert(1)>", "Septem"))
    assert [m["role"] for m in msgs] == ["user", "assistant", "user", "assistant"]
    assert "&lt;img" in msgs[2]["content"]
    assert msgs[3]["content"].startswith("Septem")
    assert render.messages([], ("q", None))[-1]["role"] == "user"


def test_library_rows_and_ingest_status():
    rows = render.library_rows([{"id": "abc", "title": XSS, "source": "AP", "published": None, "n_chunks": 3, "ingested_at": 0}])
    assert rows[0][0] == XSS and rows[0][-1] == "abc" and rows[0][3] == 3  # the table shows cells as text
    html = render.ingest_status_html(["ok.txt"], [], ["same.md"], [(XSS + ".pdf", "not an article file (.pdf)")], "1 added")
    no_raw_markup(html)
    assert "not an article file" in html and "ok.txt" in html and "Already in the library" in html


def test_settings_line_names_the_mode_and_top_k():
    from tests.conftest import make_settings

    s = make_settings("/tmp/nowhere", top_k=4)
    assert "offline (extractive)" in render.settings_line(s, 5, 27) and "top-k <b>4</b>" in render.settings_line(s, 5, 27)
    s = make_settings("/tmp/nowhere", llm_base_url="http://localhost:9/v1", llm_model="llama3.1")
    assert "LLM llama3.1" in render.settings_line(s, 1, 1)
    assert "offline (extractive)" in render.settings_line(s, 1, 1, mode="offline")
    assert "older version" not in render.settings_line(s, 5, 27)
    assert "3 indexed by an older version" in render.settings_line(s, 5, 27, stale=3)


def test_conversation_round_trip_keeps_what_the_panel_needs(tmp_path):
    from ui.history import Conversations

    ans = belavia_answer()
    back = answer_from_dict(answer_to_dict(ans))
    assert render.sources_html([back]) == render.sources_html([ans])
    assert render.answer_html(back, 0) == render.answer_html(ans, 0)
    store = Conversations(tmp_path / "c.sqlite")
    cid = store.new_id()
    assert store.load(cid) is None
    store.save(cid, [ans, back])
    again = Conversations(tmp_path / "c.sqlite").load(cid)
    assert [a.question for a in again] == [ans.question] * 2 and again[0].citations[0].passage.times[0].label == "September 2025"
    store.delete(cid)
    assert store.load(cid) is None and store.load(None) is None and store.load("nope") is None


# -- timeline --------------------------------------------------------------------------------
def _t(label, start, end, how="stated", sentence="It happened then.", text=None, gran="month"):
    return TimeRef(text=text or label, start=start, end=end, granularity=gran, label=label, how=how, sentence=sentence)


def _timeline_answer(*passages) -> Answer:
    return Answer(question="q", answer="a [1]", refused=False, mode="extractive",
                  citations=[Citation(i, p, "") for i, p in enumerate(passages, 1)])


def _xs(html: str) -> dict[str, float]:
    """label → x of its marker (the list and the SVG groups are in the same order)."""
    labels = re.findall(r'<span class="tl-label">(.*?)</span>', html)
    xs = [float(x) for x in re.findall(r'<g class="tl-ev[^"]*" data-x="([\d.]+)"', html)]
    assert len(labels) == len(xs)
    return dict(zip(labels, xs))


def test_timeline_orders_and_places_dates_proportionally():
    times = [_t("2026", 20260101, 20261231, gran="year"), _t("January 2024", 20240101, 20240131),
             _t("1 January 2025", 20250101, 20250101, gran="day")]
    html = render.timeline_html(_timeline_answer(passage(times=times, published="2025-07-02")), 0)
    assert html.startswith('<div class="timeline"')
    xs = _xs(html)
    assert list(xs) == ["January 2024", "1 January 2025", "published 2025-07-02", "2026"]  # chronological
    assert xs["January 2024"] < xs["1 January 2025"] < xs["published 2025-07-02"] < xs["2026"]
    # proportional: 1 Jan 2025 is about halfway between mid-January 2024 and mid-2026
    left, right = xs["January 2024"], xs["2026"]
    frac = (xs["1 January 2025"] - left) / (right - left)
    assert 0.35 < frac < 0.45, frac
    assert all(render._TL_PAD <= x <= render._TL_W - render._TL_PAD for x in xs.values())
    # year ticks on 1 January 2024 (the axis starts there), 2025 and 2026
    years = re.findall(r'<text class="tl-year"[^>]*>(\d{4})</text>', html)
    assert years == ["2024", "2025", "2026"]
    assert html.count('class="tl-tick"') == 3
    later = render.timeline_html(_timeline_answer(passage(times=times[:1], published="2025-07-02")), 0)
    assert re.findall(r'<text class="tl-year"[^>]*>(\d{4})</text>', later) == ["2025", "2026"]
    assert later.count('class="tl-tick"') == 1  # mid-2025 is not a year boundary: a label, no tick
    # the publication date is a different marker
    assert html.count('<rect class="tl-pub"') == 1 and html.count("<circle") == 3


def test_timeline_dedupes_by_label_and_merges_citations():
    s1, s2 = "In September 2025 the sanctions were lifted.", "The airline was freed in September 2025."
    p1 = passage(times=[_t("September 2025", 20250901, 20250930, sentence=s1), _t("2024", 20240101, 20241231)])
    p2 = passage(chunk_id="c2", times=[_t("September 2025", 20250901, 20250930, sentence=s2)], published="2025-12-12")
    html = render.timeline_html(_timeline_answer(p1, p2), 3)
    assert html.count(">September 2025</span>") == 1
    assert html.count(">published 2025-12-12</span>") == 1  # both passages' article: one marker, both sources
    sept = next(li for li in re.findall(r"<li class=.*?</li>", html) if "September 2025" in li)
    assert 'href="#src-3-1"' in sept and 'href="#src-3-2"' in sept
    assert "In September 2025 the sanctions were lifted." in sept  # the first passage's sentence


def test_timeline_marks_derived_dates():
    html = render.timeline_html(belavia_answer(), 0)
    li = re.search(r'<li class="tl-ev tl-derived"[^>]*>.*?</li>', html).group(0)
    assert 'title="derived: a month after &quot;in August&quot; (August 2025)"' in li
    assert "September 2025" in li and 'class="tl-tag">derived<' in li and 'href="#src-0-1"' in li
    assert '<circle class="tl-derived"' in html and 'fill="#fff"' in html  # hollow marker
    # a stated date is filled and has no "derived" title
    stated = render.timeline_html(_timeline_answer(passage(times=[_t("2024", 20240101, 20241231)])), 0)
    assert '<circle class="tl-stated"' in stated and "derived:" not in stated and 'class="tl-tag"' not in stated
    # a stated occurrence of the same label wins over a derived one
    p2 = passage(chunk_id="c2", times=[_t("September 2025", 20250901, 20250930, sentence="In September 2025 it did.")])
    both = render.timeline_html(_timeline_answer(passage(), p2), 0)
    assert "tl-derived" not in both and "In September 2025 it did." in both


def test_timeline_escapes_a_hostile_sentence_and_cuts_snippets():
    evil = _t("March 2025", 20250301, 20250331, how=XSS, sentence=XSS + " and then a great deal more text follows here.")
    p = passage(times=[evil, _t(XSS, 20240101, 20241231)], source=XSS)
    for html in (render.timeline_html(_timeline_answer(p), 0), render.sources_html([_timeline_answer(p)])):
        no_raw_markup(html)
        assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    html = render.timeline_html(_timeline_answer(p), 0)
    snips = re.findall(r'<span class="tl-snip">&ldquo;(.*?)&rdquo;</span>', html)
    import html as htmlmod

    assert snips and all(len(htmlmod.unescape(s)) <= render.SNIPPET_CHARS for s in snips)
    assert htmlmod.unescape(snips[-1]).startswith("<script>") and htmlmod.unescape(snips[-1]).endswith("…")
    assert render.snippet("short  \n one") == "short one"


def test_timeline_needs_two_distinct_dates():
    assert render.timeline_html(_timeline_answer(), 0) == ""
    one = passage(times=[_t("December 2025", 20251201, 20251231)], published=None)
    assert render.timeline_html(_timeline_answer(one), 0) == ""
    same = passage(times=[_t("12 December 2025", 20251212, 20251212, gran="day")], published="2025-12-12")
    assert render.timeline_html(_timeline_answer(same), 0) == ""  # one day, twice
    bad = passage(times=[_t("nonsense", 0, 0), _t("", 20240101, 20241231)], published="not a date")
    assert render.timeline_html(_timeline_answer(bad), 0) == ""
    # only the latest turn gets a timeline in the panel
    html = render.sources_html([belavia_answer(), belavia_answer()])
    assert html.count('class="timeline"') == 1 and 'id="timeline-1"' in html
    assert "timeline" not in render.sources_html([])
