"""End to end: the Gradio UI served in-process on a free port, driven by headless Chromium.

Uses the Debian chromium (/usr/bin/chromium) through Playwright; never `playwright install`.
The app runs on a private copy of the session's seed index, so uploads here do not leak into
other tests.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, make_settings

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # also set by the app; here before anything imports gradio

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs the Debian chromium package (/usr/bin/chromium): apt-get install -y chromium")
sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright (pip install -e '.[dev]')")
expect = sync_api.expect

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-dev-shm-usage"]
TIMEOUT = 120_000  # ms; two slow cores shared with other test runs
BELAVIA_Q = "when did the US lift Belavia sanctions?"
BOT = "#chat [data-testid=bot]"
USER = "#chat [data-testid=user]"

ZORBLAT = """Title: Zorblat harbour reopens after two-year closure
Source: Test Gazette
Published: 2025-10-02
URL: https://gazette.example/zorblat

The Zorblat harbour reopened on Tuesday after a two-year closure for repairs, the port authority said.

Harbourmaster Ilse Brandvik said the first ferry, the Northern Gannet, docked at noon with 212 passengers on board.
"""

XSS = """Title: Quuxville council <img src=x onerror="window.__pwned=1"> budget vote
Source: Quuxville Courier <script>window.__pwned=1</script>
Published: 2025-11-03

The Quuxville council approved the harbour budget on Monday after a long debate <script>window.__pwned=1</script> about dredging costs.

Councillor Mara Velt said the vote <img src=x onerror="window.__pwned=1"> was the closest in a decade, with seven members in favour and six against.

The budget pays for dredging the Quuxville harbour and repairing the old lighthouse, work that is due to start in the spring.
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def ui_assistant(seed_index, tmp_path_factory):
    from assistant import Assistant

    d = tmp_path_factory.mktemp("ui-index") / "index"
    shutil.copytree(seed_index, d, ignore=shutil.ignore_patterns("ingest.lock", "uploads", "ui_*"))
    return Assistant(make_settings(d))


@pytest.fixture(scope="module")
def app_url(ui_assistant):
    from ui.app import build, launch

    demo = build(ui_assistant)
    port = _free_port()
    launch(demo, ui_assistant.settings, "127.0.0.1", port, prevent_thread_lock=True, quiet=True)
    yield f"http://127.0.0.1:{port}/"
    demo.close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def new_page(browser, app_url):
    """Pages in fresh browser contexts (separate cookies and localStorage: separate sessions)."""
    contexts = []

    def make():
        ctx = browser.new_context(viewport={"width": 1400, "height": 950})
        ctx.set_default_timeout(TIMEOUT)
        contexts.append(ctx)
        page = ctx.new_page()
        page.goto(app_url, timeout=TIMEOUT)
        page.wait_for_selector("#question textarea", timeout=TIMEOUT)
        page.wait_for_selector("#settings-line .settings-line", timeout=TIMEOUT)  # the load event has run
        return page

    yield make
    for ctx in contexts:
        ctx.close()


def wait_answers(page, n: int) -> None:
    page.wait_for_function(
        "n => document.querySelectorAll('#chat [data-testid=bot] .answer').length >= n && !document.querySelector('#chat .typing')",
        arg=n, timeout=TIMEOUT)


def ask(page, question: str, n: int) -> str:
    """Ask and wait for the n-th answer of the conversation; returns its text."""
    page.fill("#question textarea", question)
    page.click("#ask")
    wait_answers(page, n)
    return page.locator(f"{BOT} .answer").nth(n - 1).inner_text()


def user_messages(page) -> list[str]:
    return [t.strip() for t in page.locator(USER).all_inner_texts()]


def upload(page, paths: list[Path]) -> str:
    page.get_by_role("tab", name="Library").click()
    page.set_input_files("#upload input[type=file]", [str(p) for p in paths])
    # the files are uploaded, then listed by the component
    expect(page.locator("#upload")).to_contain_text(paths[-1].stem, timeout=TIMEOUT)
    page.click("#add-files")
    page.wait_for_selector("#add-status .ingest-status", timeout=TIMEOUT)
    return page.locator("#add-status").inner_text()


# -- tests -----------------------------------------------------------------------------------
def test_belavia_answer_citation_click_followups_and_screenshot(new_page):
    page = new_page()
    examples = page.locator("#chat button.example")
    expect(examples.first).to_be_visible()
    assert any("Belavia" in t for t in examples.all_inner_texts())
    expect(page.locator("#settings-line")).to_contain_text("offline (extractive)")
    expect(page.locator("#settings-line")).to_contain_text("top-k 6")

    page.locator("#chat button.example", has_text="Belavia").click()  # an example asks at once
    wait_answers(page, 1)
    answer = page.locator(f"{BOT} .answer").first
    expect(answer).to_contain_text("September 2025")
    expect(answer.locator("a.cite")).to_have_text(["[1]"])
    assert user_messages(page) == [BELAVIA_Q]

    answer.locator("a.cite", has_text="[1]").click()
    card = page.locator("#src-0-1")
    expect(card).to_have_class(re.compile(r"\bactive\b"))
    expect(card.locator(".outlet")).to_have_text("AP")
    expect(card.locator(".date")).to_have_text("2025-12-12")
    mark = card.locator(".passage mark")
    expect(mark).to_have_count(1)
    expect(mark).to_contain_text("the U.S. lifted sanctions on the country’s national airline, Belavia")
    expect(card.locator(".dates li.derived")).to_contain_text('“A month later” → September 2025: a month after "in August"')
    assert page.url.rstrip("/").endswith(str(page.url.split("/")[2])), "the citation must not navigate away"
    assert len(page.context.pages) == 1, "the citation must not open a new tab"
    expect(card).to_be_in_viewport()
    # the timeline of the cited passages, under the sources: a derived "September 2025" and the article's date
    timeline = page.locator("#sources .timeline")
    expect(timeline).to_have_count(1)
    expect(timeline).to_contain_text("September 2025")
    expect(timeline.locator("svg.tl-axis")).to_be_visible()
    expect(timeline.locator("li.tl-derived", has_text="September 2025")).to_have_attribute("title", re.compile(r"^derived: "))
    expect(timeline.locator("li.tl-pub")).to_contain_text("published 2025-12-12")
    Path(ROOT / "out").mkdir(exist_ok=True)
    page.screenshot(path=str(ROOT / "out" / "ui-screenshot.png"), full_page=True)
    timeline.scroll_into_view_if_needed()
    page.screenshot(path=str(ROOT / "out" / "ui-timeline.png"), full_page=True)

    # follow-ups use the conversation: "him" is John Coale (asked alone, the articles "don't say")
    second = ask(page, "Who is John Coale?", 2)
    assert "Coale" in second
    third = ask(page, "Who appointed him?", 3)
    assert "appointed John Coale" in third, third
    assert user_messages(page) == [BELAVIA_Q, "Who is John Coale?", "Who appointed him?"]
    expect(page.locator("#sources section.turn")).to_have_count(3)
    expect(page.locator("#src-0-1")).not_to_have_attribute("open", "")  # earlier turns are folded
    # sources taller than the panel (a short window) scroll in it, not off to its side
    page.set_viewport_size({"width": 1400, "height": 500})
    expect(page.locator("#src-2-1")).to_be_visible()
    panel, newest = page.locator("#sources-panel").bounding_box(), page.locator("#src-2-1").bounding_box()
    assert panel["x"] <= newest["x"] < panel["x"] + panel["width"], (panel, newest)
    page.set_viewport_size({"width": 1400, "height": 950})

    # a marker in the first answer opens its (folded) card and brings it into view
    page.locator(f"{BOT} .answer").first.locator("a.cite").first.click()
    expect(page.locator("#src-0-1")).to_have_attribute("open", "")
    expect(page.locator("#src-0-1")).to_have_class(re.compile(r"\bactive\b"))
    expect(page.locator("#src-0-1")).to_be_in_viewport()

    # New chat: empty conversation, examples back, empty sources
    page.click("#new-chat")
    expect(page.locator(USER)).to_have_count(0)
    expect(page.locator("#chat button.example").first).to_be_visible()
    expect(page.locator("#sources")).to_contain_text("Click a")
    assert "Belavia" not in ask(page, "Who is John Coale?", 1)


def test_upload_then_ask_and_rejected_files_and_delete(new_page, tmp_path, ui_assistant):
    good = tmp_path / "zorblat.txt"
    good.write_text(ZORBLAT, encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4 not an article")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"\x00\x01\x02 binary \x00")
    before = {a["id"] for a in ui_assistant.articles()}

    page = new_page()
    status = upload(page, [good, pdf, empty, binary])
    assert "Added: zorblat.txt" in status, status
    rejected = page.locator("#add-status ul.rejected li").all_inner_texts()
    assert any(t.startswith("report.pdf") and "not an article file" in t for t in rejected), rejected
    assert any(t.startswith("empty.txt") and "empty" in t for t in rejected), rejected
    assert any(t.startswith("binary.md") and "binary" in t for t in rejected), rejected
    expect(page.locator("#library")).to_contain_text("Zorblat harbour reopens after two-year closure")
    expect(page.locator("#settings-line")).to_contain_text(f"{len(before) + 1} articles")
    uploads = Path(ui_assistant.settings.index_dir) / "uploads"
    assert [p.name for p in uploads.rglob("*") if p.is_file()] == ["zorblat.txt"]  # rejected copies are not kept
    assert before <= {a["id"] for a in ui_assistant.articles()}  # nothing already indexed was lost

    page.get_by_role("tab", name="Chat").click()
    text = ask(page, "How many passengers were on the first ferry into Zorblat harbour?", 1)
    assert "212" in text, text
    card = page.locator("#src-0-1")
    expect(card.locator(".outlet")).to_have_text("Test Gazette")
    link = card.locator(".title a")
    expect(link).to_have_attribute("href", "https://gazette.example/zorblat")
    expect(link).to_have_attribute("target", "_blank")

    # delete it again from the Library tab: select its row, then Delete
    page.get_by_role("tab", name="Library").click()
    page.locator("#library").get_by_text("Zorblat harbour reopens after two-year closure").click()
    new_id = (set(a["id"] for a in ui_assistant.articles()) - before).pop()
    expect(page.locator("#delete-id textarea, #delete-id input").first).to_have_value(new_id)
    page.click("#delete")
    expect(page.locator("#delete-status")).to_contain_text("Deleted")
    expect(page.locator("#library")).not_to_contain_text("Zorblat")
    assert {a["id"] for a in ui_assistant.articles()} == before
    assert not any(p.is_file() for p in uploads.rglob("*"))


def test_script_in_an_article_is_displayed_inert(new_page, tmp_path):
    evil = tmp_path / "quux.txt"
    evil.write_text(XSS, encoding="utf-8")
    page = new_page()
    status = upload(page, [evil])
    assert "Added: quux.txt" in status, status
    expect(page.locator("#library")).to_contain_text('Quuxville council <img src=x onerror="window.__pwned=1"> budget vote')

    page.get_by_role("tab", name="Chat").click()
    text = ask(page, "How close was the Quuxville council vote according to Mara Velt?", 1)
    assert '<img src=x onerror="window.__pwned=1">' in text, text  # the answer quotes the tag, as text
    page.locator(f"{BOT} a.cite").first.click()
    sources = page.locator("#sources")
    expect(sources).to_contain_text("Quuxville Courier <script>window.__pwned=1</script>")
    expect(sources).to_contain_text('<img src=x onerror="window.__pwned=1">')
    # a second question whose source shows the <script> sentence
    ask(page, "What did the Quuxville council approve after a long debate?", 2)
    expect(sources).to_contain_text("after a long debate <script>window.__pwned=1</script> about dredging costs")
    page.wait_for_timeout(500)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("img[src=x]").count() == 0
    assert page.locator("#sources script, #chat script").count() == 0


def test_two_browser_sessions_do_not_see_each_others_turns(new_page):
    a, b = new_page(), new_page()
    a.fill("#question textarea", "Who is John Coale?")
    b.fill("#question textarea", BELAVIA_Q)
    a.click("#ask")
    b.click("#ask")  # both in flight at once
    wait_answers(a, 1)
    wait_answers(b, 1)
    assert user_messages(a) == ["Who is John Coale?"]
    assert user_messages(b) == [BELAVIA_Q]
    assert "September 2025" in b.locator(f"{BOT} .answer").first.inner_text()
    expect(a.locator("#sources")).to_contain_text("Q1: Who is John Coale?")
    expect(a.locator("#sources")).not_to_contain_text("Belavia sanctions?")

    # b's follow-up is answered from b's conversation only
    ask(b, "And what did Lukashenko do a month later?", 2)
    assert user_messages(a) == ["Who is John Coale?"]
    assert user_messages(b) == [BELAVIA_Q, "And what did Lukashenko do a month later?"]

    # a reload continues the browser's own conversation (kept under the index folder)
    a.reload()
    a.wait_for_selector("#question textarea")
    expect(a.locator(USER)).to_have_count(1)
    assert user_messages(a) == ["Who is John Coale?"]
    expect(a.locator("#sources")).to_contain_text("Q1: Who is John Coale?")
    assert "appointed John Coale" in ask(a, "Who appointed him?", 2)


# ten questions about the seeds, each with a fact that no other of the ten answers contains (and
# the words of it in the cited sentence, where the answer gives a resolved date)
TEN = {
    "Who is Donald Trump's special envoy for Belarus?": "John Coale",
    "Which US official met Lukashenko in Minsk in September 2019?": "David Hale",
    "How many prisoners has Belarus released since July 2024?": "430",
    "How many political prisoners were there in Belarus in 2015-16?": "six political prisoners",
    "How many years apart in age are Trump and Lukashenko?": "eight years",
    "When did Washington and the EU ease sanctions on Minsk?": "2016",
    "Where were the released political prisoners taken?": "Lithuania",
    "Which other countries are major producers of potash besides Belarus?": "Canada",
    "Who did Lukashenko give an interview to on X?": "crypto businessman",
    "When was the first phone call between Trump and Putin?": "February 2025",
}
IN_QUOTE = {"February 2025": "back in February"}


def test_ten_browser_sessions_at_once_each_get_their_own_answer(browser, app_url):
    """Ten sessions (browser contexts) ask ten different questions at the same moment: each page
    shows its own question, an answer and a cited passage holding that question's fact and none
    of the other nine, and no error (in the page, the chat or the browser console)."""
    t0 = time.monotonic()
    contexts = [browser.new_context(viewport={"width": 1400, "height": 950}) for _ in TEN]
    try:
        _ten_sessions(contexts, app_url, t0)
    finally:
        for ctx in contexts:
            ctx.close()


def _ten_sessions(contexts, app_url, t0):
    problems: list[str] = []
    pages = []
    for i, ctx in enumerate(contexts):
        ctx.set_default_timeout(TIMEOUT)
        page = ctx.new_page()
        page.on("pageerror", lambda e, i=i: problems.append(f"page {i}: {e}"))
        page.on("console", lambda m, i=i: problems.append(f"page {i} console: {m.text}") if m.type == "error" else None)
        page.goto(app_url, wait_until="commit", timeout=TIMEOUT)  # the ten pages load side by side
        pages.append(page)
    for page, q in zip(pages, TEN):
        page.wait_for_selector("#question textarea", timeout=TIMEOUT)
        page.wait_for_selector("#settings-line .settings-line", timeout=TIMEOUT)  # the load event has run
        page.fill("#question textarea", q)
    loaded = time.monotonic()
    # all ten clicks before any answer is awaited (the server answers up to 4 at a time, the rest queue)
    for page in pages:
        page.click("#ask", no_wait_after=True)
    for page in pages:
        wait_answers(page, 1)
    answered = time.monotonic()
    for page, (q, fact) in zip(pages, TEN.items()):
        others = [f for f in TEN.values() if f != fact]
        assert user_messages(page) == [q]
        answer = page.locator(f"{BOT} .answer").first.inner_text()
        assert fact in answer and not [f for f in others if f in answer], (q, answer)
        assert page.locator(f"{BOT} .notice").count() == 0, (q, page.locator(BOT).first.inner_text())
        expect(page.locator("#sources")).to_contain_text(f"Q1: {q}")
        quote = page.locator("#src-0-1 .passage mark").first.text_content()
        assert IN_QUOTE.get(fact, fact) in quote, (q, quote)
        sources = page.locator("#sources").text_content()
        assert not [o for o in TEN if o != q and o in sources], q  # no other session's question
        assert page.locator(".toast-body").count() == 0, page.locator(".toast-body").all_inner_texts()
    assert not problems, problems[:5]
    print(f"10 sessions: pages ready in {loaded - t0:.1f}s, ten answers {answered - loaded:.1f}s after the clicks")


def test_stop_keeps_the_partial_answer_and_errors_are_one_line(new_page, ui_assistant, monkeypatch):
    from assistant.models import Answer

    def slow(question, **kw):
        for word in ("Slowly", " streamed", " words") + (" more",) * 60:
            time.sleep(0.25)
            yield word
        yield Answer(question=question, answer="never reached", refused=False, mode="llm")

    page = new_page()
    monkeypatch.setattr(ui_assistant, "ask_stream", slow)
    page.fill("#question textarea", "a slow question")
    page.click("#ask")
    expect(page.locator(BOT).last).to_contain_text("Slowly streamed words")
    page.click("#stop")
    expect(page.locator(BOT).last).to_contain_text("(stopped)")
    shown = page.locator(BOT).last.inner_text()
    page.wait_for_timeout(1500)
    assert page.locator(BOT).last.inner_text() == shown  # no more deltas after Stop
    assert "never reached" not in shown

    def failing_llm(question, **kw):
        yield "The offline answer."
        yield Answer(question=question, answer="The offline answer.", refused=False, mode="extractive",
                     notice="LLM unavailable (APIConnectionError: Connection error.); offline answer shown")

    monkeypatch.setattr(ui_assistant, "ask_stream", failing_llm)
    ask(page, "anything", 1)
    expect(page.locator(f"{BOT} .notice").last).to_have_text("⚠ LLM unavailable (APIConnectionError: Connection error.); offline answer shown")

    def broken(question, **kw):
        raise RuntimeError("index exploded\nTraceback (most recent call last): secret internals")
        yield  # pragma: no cover

    monkeypatch.setattr(ui_assistant, "ask_stream", broken)
    page.fill("#question textarea", "and now?")
    page.click("#ask")
    expect(page.locator(BOT).last).to_contain_text("RuntimeError: index exploded")
    assert "Traceback" not in page.locator("#chat").inner_text()


def test_llm_text_withdrawn_mid_answer_is_replaced_on_the_page(new_page, ui_assistant, monkeypatch):
    """The LLM streams a few words, fails, and the offline answer follows a Reset: the page shows
    the notice and the offline answer, not the LLM's words in front of it."""
    from assistant.api import Reset
    from assistant.models import Answer

    notice = "LLM failed mid-answer (LLMError: the reply ended before the model finished); offline answer shown"

    def failing_midway(question, **kw):
        for word in ("Zyzzyva", " lifted", " sanctions"):
            time.sleep(0.3)
            yield word
        time.sleep(1.0)
        yield Reset(notice)
        time.sleep(1.0)
        yield "The offline answer."
        yield Answer(question=question, answer="The offline answer.", refused=False, mode="extractive", notice=notice)

    monkeypatch.setattr(ui_assistant, "ask_stream", failing_midway)
    page = new_page()
    page.fill("#question textarea", "a question the LLM fails on")
    page.click("#ask")
    expect(page.locator(BOT).last).to_contain_text("Zyzzyva lifted sanctions")
    expect(page.locator(BOT).last).to_contain_text("LLM failed mid-answer")  # the reset: the notice, the words gone
    expect(page.locator(BOT).last).not_to_contain_text("Zyzzyva")
    wait_answers(page, 1)
    last = page.locator(BOT).last
    expect(last.locator(".answer")).to_have_text("The offline answer.")
    expect(last.locator(".notice")).to_have_text(f"⚠ {notice}")
    assert "Zyzzyva" not in page.locator("#chat").inner_text()


def test_conversation_survives_a_restart(ui_assistant):
    """A new UI (a restarted server) restores a conversation from the id the browser kept."""
    from ui.app import UI

    first = UI(ui_assistant)
    session, *_ = first.on_load("")
    for _ in first.ask("Who is John Coale?", session, None):
        pass
    restarted = UI(ui_assistant)
    session2, msgs, sources, stored, *_ = restarted.on_load(session.conv_id)
    assert stored == session.conv_id and [m["role"] for m in msgs] == ["user", "assistant"]
    assert "src-0-1" in sources and session2.chat.turns[0].question == "Who is John Coale?"
    assert restarted.on_load("not-a-known-id")[0].chat.turns == []


def test_login_when_ui_auth_is_set(browser, ui_assistant):
    from assistant import Assistant
    from ui.app import build, launch

    settings = make_settings(ui_assistant.settings.index_dir, ui_auth="reader:s3cret", auto_ingest=False)
    demo = build(Assistant(settings))
    port = _free_port()
    launch(demo, settings, "127.0.0.1", port, prevent_thread_lock=True, quiet=True)
    ctx = browser.new_context()
    ctx.set_default_timeout(TIMEOUT)
    try:
        page = ctx.new_page()
        page.goto(f"http://127.0.0.1:{port}/", timeout=TIMEOUT)
        page.wait_for_selector("input[type=password]")
        assert page.locator("#question").count() == 0
        page.locator("input[type=text], input:not([type])").first.fill("reader")
        page.fill("input[type=password]", "s3cret")
        page.keyboard.press("Enter")
        page.wait_for_selector("#question textarea")
    finally:
        ctx.close()
        demo.close()
    with pytest.raises(ValueError):
        launch(build(ui_assistant), make_settings(ui_assistant.settings.index_dir, ui_auth="no-colon"), "127.0.0.1", _free_port(),
               prevent_thread_lock=True, quiet=True)


def test_uploading_a_file_again_replaces_its_earlier_version(tmp_path):
    """The same file name uploaded again is a new version of that article, not a second article."""
    from assistant import Assistant
    from ui.app import UI

    a = Assistant(make_settings(tmp_path / "idx", auto_ingest=False))
    ui = UI(a)
    quiet = lambda *args, **kw: None  # noqa: E731 - stands in for gr.Progress
    first = tmp_path / "v1" / "zorblat.txt"
    first.parent.mkdir()
    first.write_text(ZORBLAT, encoding="utf-8")
    assert "Added: zorblat.txt" in ui.add_files([str(first)], None, progress=quiet)[0]
    second = tmp_path / "v2" / "zorblat.txt"
    second.parent.mkdir()
    second.write_text(ZORBLAT.replace("212 passengers", "340 passengers"), encoding="utf-8")
    status = ui.add_files([str(second)], None, progress=quiet)[0]
    assert "Updated: zorblat.txt" in status and "Added" not in status, status
    assert len(a.articles()) == 1
    assert [p.read_text() for p in ui.uploads.rglob("*.txt")] == [second.read_text()]
    assert "340" in a.ask("How many passengers were on the first ferry into Zorblat harbour?").answer
    assert a.store.collection.count() == a.store.counts()["chunks"]
    # the same version once more: nothing new, still one article and one stored copy
    status = ui.add_files([str(second)], None, progress=quiet)[0]
    assert "Already in the library: zorblat.txt" in status, status
    assert len(a.articles()) == 1 and len(list(ui.uploads.rglob("*.txt"))) == 1
