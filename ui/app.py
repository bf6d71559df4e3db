"""The browser chat: a thin Gradio layer over `assistant.Assistant`.

    python -m ui            # or: assistant ui   → http://127.0.0.1:7860

Chat tab: streamed answers whose [n] markers jump to the Sources panel beside the chat (outlet ·
date · title, the passage with the supporting sentence highlighted, resolved dates). One `Chat`
per browser session (gr.State); the turns are also saved under the index folder so a reload or
a restart continues the conversation. Library tab: the indexed articles, delete by id, and
upload of .txt/.md/.html files, which are copied to <index_dir>/uploads/ and ingested at once.
All text is escaped in ui/render.py before any markup is added.
"""
from __future__ import annotations

import logging
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from assistant.settings import configure_offline_env

configure_offline_env()  # before gradio is imported: no analytics, no hub access

import gradio as gr  # noqa: E402

from assistant.api import Assistant, Chat, Reset  # noqa: E402
from assistant.ingest.load import ARTICLE_SUFFIXES  # noqa: E402

from . import render  # noqa: E402
from .history import Conversations, browser_secret  # noqa: E402

log = logging.getLogger(__name__)

UPLOAD_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"} & set(ARTICLE_SUFFIXES)
MAX_UPLOAD_FILES = 200

CSS = """
/* Gradio columns wrap: a sources list taller than the panel would start a second column, off screen */
#sources-panel { max-height: 78vh; overflow-y: auto; flex-wrap: nowrap; }
#sources-panel > * { flex-shrink: 0; }
.sources h4 { margin: .6em 0 .3em; font-size: .95em; color: var(--body-text-color-subdued); }
.sources.empty { color: var(--body-text-color-subdued); font-size: .92em; padding: .5em; }
details.src { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: .45em .7em;
              margin: 0 0 .55em; background: var(--background-fill-secondary); scroll-margin-top: 8px; }
details.src > summary { cursor: pointer; font-size: .92em; line-height: 1.4; }
details.src .n { display: inline-block; min-width: 1.5em; text-align: center; border-radius: 4px;
                 background: var(--color-accent-soft); font-weight: 600; }
details.src .outlet { font-weight: 600; }
details.src .title a { text-decoration: underline; }
details.src .passage { white-space: pre-wrap; font-size: .9em; line-height: 1.5; margin-top: .45em;
                       max-height: 22em; overflow-y: auto; }
details.src mark { background: #fde68a; color: #111; padding: 0 1px; border-radius: 2px; }
details.src.active { outline: 2px solid var(--color-accent); box-shadow: 0 0 0 4px var(--color-accent-soft); }
details.src .dates { font-size: .85em; margin-top: .4em; }
details.src .dates .label { color: var(--body-text-color-subdued); }
details.src .dates ul { margin: .2em 0 0 1.1em; padding: 0; }
details.src .dates .used { font-size: .8em; padding: 0 .4em; border-radius: 4px; background: var(--color-accent-soft); white-space: nowrap; }
.timeline { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: .45em .7em; margin: 0 0 .55em;
             font-size: .85em; }
.timeline .label { color: var(--body-text-color-subdued); font-weight: 600; }
.timeline .tl-key { float: right; color: var(--body-text-color-subdued); font-size: .9em; }
.timeline .tl-dot { display: inline-block; width: .7em; height: .7em; border-radius: 50%; background: #2563eb;
                    border: 2px solid #2563eb; vertical-align: middle; }
.timeline .tl-dot.hollow { background: #fff; }
.timeline .tl-dia { display: inline-block; width: .6em; height: .6em; background: #64748b; transform: rotate(45deg);
                    vertical-align: middle; }
.timeline svg.tl-axis { display: block; margin: .2em 0; max-height: 90px; }
.timeline ol.tl-list { list-style: none; margin: .2em 0 0; padding: 0; }
.timeline ol.tl-list li { margin: .15em 0; line-height: 1.35; }
.timeline .tl-i { display: inline-block; min-width: 1.3em; text-align: center; font-size: .85em; border-radius: 50%;
                  background: #2563eb; color: #fff; }
.timeline li.tl-derived .tl-i { background: #fff; color: #2563eb; box-shadow: inset 0 0 0 2px #2563eb; }
.timeline li.tl-pub .tl-i { background: #64748b; border-radius: 2px; }
.timeline .tl-label { font-weight: 600; }
.timeline .tl-tag { font-size: .8em; padding: 0 .35em; border-radius: 4px; border: 1px dashed #2563eb; color: #2563eb; cursor: help; }
.timeline .tl-snip { color: var(--body-text-color-subdued); }
a.cite { text-decoration: none; font-weight: 600; color: var(--color-accent); cursor: pointer; padding: 0 1px; }
a.cite:hover { text-decoration: underline; }
.notice { display: block; font-size: .85em; color: #b45309; margin-top: .3em; }
.answer.refused { color: var(--body-text-color-subdued); }
.settings-line { font-size: .85em; color: var(--body-text-color-subdued); padding: .2em 0; }
.ingest-status .bad { color: #b91c1c; font-weight: 600; margin-bottom: 0; }
.ingest-status ul.rejected { margin-top: .2em; }
"""

# Clicking an [n] marker opens its source card and scrolls it into view (in the capture phase,
# so the chat's own link handling never opens a new tab).
HEAD = """
<script>
(function () {
  function openSource(id) {
    var el = document.getElementById(id);
    if (!el) return false;
    document.querySelectorAll('details.src.active').forEach(function (x) { x.classList.remove('active'); });
    if (el.tagName === 'DETAILS') el.open = true;
    el.classList.add('active');
    el.scrollIntoView({behavior: 'smooth', block: 'nearest'});
    return true;
  }
  document.addEventListener('click', function (e) {
    var a = e.target && e.target.closest ? e.target.closest('a.cite') : null;
    if (!a) return;
    e.preventDefault();
    e.stopPropagation();
    var id = a.getAttribute('data-src') || (a.getAttribute('href') || '').replace(/^#/, '');
    if (/^src-\\d+-\\d+$/.test(id)) openSource(id);
  }, true);
})();
</script>
"""


@dataclass
class Session:
    """What one browser session owns: its conversation."""

    chat: Chat
    conv_id: str
    pending: tuple[str, str] | None = None          # (question, partial answer) while streaming


class UI:
    """The event handlers, bound to one Assistant (shared by all sessions)."""

    def __init__(self, assistant: Assistant):
        self.a = assistant
        self.settings = assistant.settings
        self.index_dir = Path(self.settings.index_dir)
        self.uploads = self.index_dir / "uploads"
        try:
            self.history: Conversations | None = Conversations(self.index_dir / "ui_conversations.sqlite")
        except Exception:  # noqa: BLE001 - persistence is optional
            log.warning("conversation history disabled", exc_info=True)
            self.history = None

    # -- sessions ---------------------------------------------------------------------------
    def new_session(self) -> Session:
        return Session(chat=self.a.chat(), conv_id=Conversations.new_id())

    def on_load(self, stored_id):
        """Page load: restore this browser's conversation if it has one, and refresh the library."""
        session = self.new_session()
        turns = self.history.load(stored_id) if self.history else None
        if turns:
            session.chat.turns.extend(turns)
            session.conv_id = stored_id
        return (session, render.messages(session.chat.turns), render.sources_html(session.chat.turns),
                session.conv_id, *self.library_outputs())

    def new_chat(self, session: Session | None):
        if session is not None and self.history:
            self.history.delete(session.conv_id)
        session = self.new_session()
        return session, [], render.sources_html([]), session.conv_id, ""

    # -- chat -------------------------------------------------------------------------------
    def ask(self, question: str, session: Session | None, mode: str | None):
        q = (question or "").strip()
        if session is None:
            session = self.new_session()
        chat = session.chat
        if not q:
            yield render.messages(chat.turns), gr.skip(), "", session
            return
        mode = mode if (mode in ("llm", "offline") and self.settings.llm_enabled) else None
        session.pending = (q, "")
        yield render.messages(chat.turns, (q, None)), gr.skip(), "", session
        partial, notice = "", None
        try:
            for ev in chat.ask_stream(q, mode=mode):
                if isinstance(ev, Reset):  # the LLM failed part-way: its text is replaced, not continued
                    partial, notice = "", ev.notice
                elif isinstance(ev, str):
                    partial += ev
                else:
                    continue
                if session.pending is None:
                    return  # Stop was pressed: its handler shows the partial answer; nothing more is sent
                session.pending = (q, partial)
                msgs = render.messages(chat.turns, (q, partial))
                if notice:
                    msgs[-1]["content"] += f'\n<span class="notice">&#9888; {render.md_text(notice)}</span>'
                yield msgs, gr.skip(), gr.skip(), session
        except Exception as e:  # noqa: BLE001 - the user sees one short line, the log has the trace
            log.exception("answering %r failed", q)
            session.pending = None
            msgs = render.messages(chat.turns, (q, None))
            msgs.append({"role": "assistant", "content": f'<span class="notice">&#9888; {render.md_text(_short(e))}</span>'})
            yield msgs, gr.skip(), gr.skip(), session
            return
        session.pending = None
        if self.history:
            self.history.save(session.conv_id, chat.turns)
        yield render.messages(chat.turns), render.sources_html(chat.turns), gr.skip(), session

    def stopped(self, session: Session | None):
        """After Stop: keep what was streamed, marked as stopped (it is not part of the conversation)."""
        if session is None:
            return [], gr.skip()
        msgs = render.messages(session.chat.turns)
        pending, session.pending = session.pending, None  # the answering loop sees this and sends nothing more
        if pending:
            q, partial = pending
            msgs.append({"role": "user", "content": render.question_html(q)})
            msgs.append({"role": "assistant", "content": render.md_text(partial) + ' <span class="notice">(stopped)</span>'})
            # a delta the loop sent just before Stop may still be on its way: this view must land after it
            time.sleep(0.3)
        return msgs, gr.skip()

    def settings_line(self, mode: str | None = None) -> str:
        arts = self.a.articles()
        return render.settings_line(self.settings, len(arts), sum(int(x.get("n_chunks") or 0) for x in arts), mode,
                                    self.a.stale_articles())

    # -- library ----------------------------------------------------------------------------
    def library_outputs(self, mode: str | None = None):
        return render.library_rows(self.a.articles()), self.settings_line(mode)

    def delete(self, article_id: str, mode: str | None):
        aid = (article_id or "").strip()
        if not aid:
            return '<p class="bad">Type or select an article id first.</p>', *self.library_outputs(mode)
        arts = {x["id"]: x for x in self.a.articles()}
        art = arts.get(aid)
        if art is None:
            return f'<p class="bad">No article with id <code>{render.esc(aid)}</code>.</p>', *self.library_outputs(mode)
        try:
            self.a.delete(aid)
        except Exception as e:  # noqa: BLE001
            log.exception("delete %s failed", aid)
            return f'<p class="bad">Could not delete: {render.esc(_short(e))}</p>', *self.library_outputs(mode)
        path = Path(art.get("path") or "")
        try:  # an uploaded copy goes too, so it cannot come back; seeds and user folders are left alone
            if path.is_file() and path.resolve().is_relative_to(self.uploads.resolve()):
                path.unlink()
        except OSError:
            pass
        msg = f'<p class="ok">Deleted <b>{render.esc(art.get("title") or aid)}</b> ({render.esc(aid)}).</p>'
        return msg, *self.library_outputs(mode)

    def select_row(self, evt: gr.SelectData):
        row = evt.row_value or []
        return str(row[-1]) if row else gr.skip()

    def _drop_earlier_uploads(self, batch: Path, stored: list[str]) -> set[str]:
        """A file uploaded again under the same name is a new version of it: the earlier upload,
        and the article only it pointed to, go. Returns the names replaced."""
        names = {Path(k).name for k in stored}
        olds = [p for p in sorted(self.uploads.glob("*/*")) if p.parent != batch and p.name in names and p.is_file()]
        if not olds:
            return set()
        try:
            self.a.remove_files(olds)
        except Exception:  # noqa: BLE001 - the new versions are indexed either way
            log.exception("could not drop the earlier uploads %s", olds)
            return set()
        for old in olds:
            try:
                old.unlink()
            except OSError:
                pass
            _remove_empty(old.parent)
        return {old.name for old in olds}

    def add_files(self, files, mode: str | None, progress=gr.Progress()):
        paths = [Path(f if isinstance(f, str) else getattr(f, "name", f)) for f in (files or [])]
        if not paths:
            return render.ingest_status_html([], [], [], []), *self.library_outputs(mode), gr.skip()
        rejected: list[tuple[str, str]] = []
        batch = self.uploads / f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"
        copied: dict[str, str] = {}  # copy name -> name the user gave
        max_bytes = int(self.settings.max_file_mb * 1e6)
        for src in paths[:MAX_UPLOAD_FILES]:
            name = _display_name(src)
            try:
                if src.suffix.lower() not in UPLOAD_SUFFIXES:
                    rejected.append((name, f"not an article file ({src.suffix or 'no extension'}); upload .txt, .md or .html"))
                    continue
                size = src.stat().st_size
                if size == 0:
                    rejected.append((name, "empty file"))
                    continue
                if size > max_bytes:
                    rejected.append((name, f"too large ({size / 1e6:.1f} MB; the limit is {self.settings.max_file_mb:g} MB)"))
                    continue
                with open(src, "rb") as fh:
                    fh.read(1)
                batch.mkdir(parents=True, exist_ok=True)
                dest = batch / _safe_name(src.name, set(copied))
                shutil.copyfile(src, dest)
                copied[dest.name] = name
            except OSError as e:
                rejected.append((name, f"could not be read ({e.strerror or type(e).__name__})"))
        for src in paths[MAX_UPLOAD_FILES:]:
            rejected.append((_display_name(src), f"more than {MAX_UPLOAD_FILES} files at once"))
        if not copied:
            _remove_empty(batch)
            return render.ingest_status_html([], [], [], rejected), *self.library_outputs(mode), None

        def report_progress(i: int, n: int, msg: str) -> None:
            shown = msg
            for copy_name, user_name in copied.items():
                shown = shown.replace(copy_name, user_name)
            progress((i, n) if n else None, desc=shown)

        progress(0, desc="reading the files")
        try:
            report = self.a.ingest(batch, progress=report_progress)
        except Exception as e:  # noqa: BLE001 - IngestBusy, disk errors: the index is unchanged
            log.exception("ingest failed")
            shutil.rmtree(batch, ignore_errors=True)
            rejected += [(n, f"not added: {_short(e)}") for n in copied.values()]
            return render.ingest_status_html([], [], [], rejected), *self.library_outputs(mode), gr.skip()

        def names(keys):
            return [copied.get(Path(k).name, Path(k).name) for k in keys]

        for key, reason in report.skipped:
            rejected.append((copied.get(Path(key).name, Path(key).name), reason))
            try:
                Path(key).unlink()
            except OSError:
                pass
        unchanged = names(report.unchanged)
        _remove_empty(batch)
        replaced = self._drop_earlier_uploads(batch, report.added + report.updated + report.reprocessed + report.unchanged)
        again = [k for k in report.added if Path(k).name in replaced]  # new versions of earlier uploads
        added = names([k for k in report.added if k not in again])
        updated = names(report.updated + report.reprocessed + again)
        status = render.ingest_status_html(added, updated, unchanged, rejected, summary=report.summary())
        return status, *self.library_outputs(mode), None


def _short(e: Exception) -> str:
    msg = str(e).strip().splitlines()[0] if str(e).strip() else ""
    return f"{type(e).__name__}: {msg[:160]}" if msg else type(e).__name__


def _display_name(p: Path) -> str:
    return p.name[:200]


def _safe_name(name: str, taken: set[str]) -> str:
    stem, suffix = Path(name).stem, Path(name).suffix.lower()
    stem = "".join(ch if ch.isalnum() or ch in "-_. " else "_" for ch in stem).strip(" .")[:120] or "article"
    candidate, i = f"{stem}{suffix}", 1
    while candidate in taken:
        i += 1
        candidate = f"{stem}-{i}{suffix}"
    return candidate


def _remove_empty(folder: Path) -> None:
    try:
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    except OSError:
        pass


def build(assistant: Assistant) -> gr.Blocks:
    """The Gradio app for one Assistant. Launch it with `launch(demo, …)` (it carries the CSS and script)."""
    ui = UI(assistant)
    s = assistant.settings
    with gr.Blocks(title="News assistant", fill_width=False) as demo:
        demo._news_ui = ui  # handy for tests and debugging
        session = gr.State(None)
        stored_id = gr.BrowserState("", storage_key="news-assistant-conversation", secret=browser_secret(ui.index_dir))
        with gr.Row(equal_height=False):
            gr.Markdown("## News assistant")
        settings_line = gr.HTML(elem_id="settings-line")
        mode = gr.Radio(
            choices=[(f"LLM ({s.llm_model})", "llm"), ("offline (extractive)", "offline")],
            value="llm" if s.llm_enabled else "offline", label="Answer mode", visible=bool(s.llm_enabled),
            elem_id="mode",
        )
        with gr.Tabs():
            with gr.Tab("Chat", id="chat-tab"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=360):
                        chatbot = gr.Chatbot(
                            elem_id="chat", height=560, show_label=False, label="Chat",
                            examples=[{"text": q} for q in render.EXAMPLES],
                            placeholder="Ask about the articles in the library; answers cite their sources as [n].",
                            latex_delimiters=[], feedback_options=None, buttons=["copy", "copy_all"],
                            allow_tags=False, sanitize_html=True, autoscroll=True,
                        )
                        with gr.Row():
                            question = gr.Textbox(elem_id="question", show_label=False, scale=4, lines=1, max_lines=4,
                                                  placeholder="Ask a question, e.g. who is John Coale?", autofocus=True)
                            ask_btn = gr.Button("Ask", variant="primary", elem_id="ask", scale=0, min_width=80, size="md")
                            stop_btn = gr.Button("Stop", variant="stop", elem_id="stop", scale=0, min_width=80, size="md")
                            new_btn = gr.Button("New chat", elem_id="new-chat", scale=0, min_width=120, size="md")
                    with gr.Column(scale=2, min_width=320, elem_id="sources-panel"):
                        gr.Markdown("### Sources")
                        sources = gr.HTML(render.sources_html([]), elem_id="sources", js_on_load=None)
            with gr.Tab("Library", id="library-tab"):
                library = gr.Dataframe(
                    headers=render.LIBRARY_HEADERS, datatype=["str", "str", "str", "number", "str", "str"],
                    interactive=False, wrap=True, elem_id="library", label="Articles (select a row to fill in its id)",
                    column_widths=["38%", "16%", "10%", "8%", "13%", "15%"],
                )
                with gr.Row():
                    del_id = gr.Textbox(label="Article id", elem_id="delete-id", scale=3, placeholder="select a row above or paste an id")
                    del_btn = gr.Button("Delete article", variant="stop", elem_id="delete", scale=1)
                    refresh_btn = gr.Button("Refresh", elem_id="refresh", scale=1)
                del_status = gr.HTML(elem_id="delete-status", js_on_load=None)
                gr.Markdown(f"### Add articles\n.txt, .md or .html files (up to {s.max_file_mb:g} MB each); "
                            "they are copied into the index folder and can be asked about as soon as they are indexed.")
                files = gr.File(file_count="multiple", label="Files", elem_id="upload", type="filepath")
                add_btn = gr.Button("Add to library", variant="primary", elem_id="add-files")
                add_status = gr.HTML(elem_id="add-status", js_on_load=None)

        chat_outputs = [chatbot, sources, question, session]
        ask_kwargs = dict(fn=ui.ask, inputs=[question, session, mode], outputs=chat_outputs, concurrency_limit=4,
                          concurrency_id="ask", show_progress="hidden")
        ev_submit = question.submit(**ask_kwargs)
        ev_click = ask_btn.click(**ask_kwargs)
        ev_example = chatbot.example_select(_pick_example, None, [question], queue=False).then(**ask_kwargs)
        stop_btn.click(ui.stopped, [session], [chatbot, sources], cancels=[ev_submit, ev_click, ev_example], queue=False)
        for trigger in (new_btn.click, chatbot.clear):  # the chat's own trash icon starts over too
            trigger(ui.new_chat, [session], [session, chatbot, sources, stored_id, question],
                    cancels=[ev_submit, ev_click, ev_example], queue=False)
        mode.change(ui.settings_line, [mode], [settings_line], queue=False)

        lib_outputs = [library, settings_line]
        refresh_btn.click(ui.library_outputs, [mode], lib_outputs)
        library.select(ui.select_row, None, [del_id])
        del_btn.click(ui.delete, [del_id, mode], [del_status, *lib_outputs])
        add_btn.click(ui.add_files, [files, mode], [add_status, *lib_outputs, files], concurrency_limit=1,
                      concurrency_id="ingest")
        demo.load(ui.on_load, [stored_id], [session, chatbot, sources, stored_id, *lib_outputs])
    return demo


def _pick_example(evt: gr.SelectData) -> str:
    v = evt.value
    return v.get("text", "") if isinstance(v, dict) else str(v or "")


def launch(demo: gr.Blocks, settings, host: str | None = None, port: int | None = None, **kw):
    """Serve `demo` locally (never a public share link), with the UI's CSS, script and optional login."""
    auth = None
    if settings.ui_auth:
        user, sep, password = settings.ui_auth.partition(":")
        if not sep or not user or not password:
            raise ValueError("ASSISTANT_UI_AUTH must look like user:password")
        auth = (user, password)
    theme = gr.themes.Soft(font=["ui-sans-serif", "system-ui", "sans-serif"], font_mono=["ui-monospace", "monospace"])
    demo.queue(default_concurrency_limit=2)
    return demo.launch(
        server_name=host or settings.ui_host, server_port=port or settings.ui_port, share=False, auth=auth,
        show_error=False, css=CSS, head=HEAD, theme=theme, ssr_mode=False, max_file_size=f"{max(50, int(settings.max_file_mb * 2))}mb",
        favicon_path=None, footer_links=["gradio"], mcp_server=False, pwa=False, enable_monitoring=False, **kw,
    )


def main(host: str | None = None, port: int | None = None) -> None:
    """`assistant ui` / `python -m ui`: create the Assistant (ingesting seeds/ if the index is empty) and serve."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("httpx", "httpcore", "chromadb", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    from assistant.settings import get_settings

    settings = get_settings()
    print(f"Loading the index in {settings.index_dir} …", flush=True)
    assistant = Assistant(settings)
    demo = build(assistant)
    launch(demo, settings, host, port)
