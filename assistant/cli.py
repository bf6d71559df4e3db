"""Command line: `assistant ingest | ask | chat | ui | eval | bench`.

Progress and logs go to stderr; `ask --json` prints exactly one JSON object on stdout."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Ask questions about news articles, with citations.")
err = Console(stderr=True)
out = Console(soft_wrap=True)


def _assistant(auto_ingest: bool = True, **overrides):
    from .api import Assistant

    with err.status("Loading the index and embedding model…"):
        return Assistant(auto_ingest=auto_ingest, **overrides)


def _quiet_libraries() -> None:
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    import logging

    logging.getLogger("chromadb").setLevel(logging.ERROR)


@app.command()
def ingest(
    path: Optional[Path] = typer.Argument(None, help="Folder (or file) of .txt/.md/.html articles; default: the corpus folder (seeds/)"),
    show_cleaning: Optional[Path] = typer.Option(None, "--show-cleaning", help="Show which blocks of FILE are kept or dropped, and why; index nothing"),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON"),
):
    """Add, update and remove articles in the index (incremental: unchanged files cost nothing)."""
    _quiet_libraries()
    if show_cleaning:
        from .ingest.load import SkipFile
        from .ingest.pipeline import explain_cleaning
        from .settings import get_settings

        try:
            rows = explain_cleaning(show_cleaning, get_settings())
        except (SkipFile, OSError) as e:
            err.print(f"[red]{escape(str(show_cleaning))}: {escape(str(e))}[/red]")
            raise typer.Exit(1)
        meta, blocks = rows[0], rows[1:]
        out.print(f"[bold]{escape(meta['title'])}[/bold] — {escape(meta['source'] or '?')} · {meta['published'] or 'undated'} · {escape(meta['author'] or '')}")
        out.print(f"metadata from: {escape(json.dumps(meta['meta_sources']))}")
        for b in blocks:
            tag = "[green]KEEP[/green]" if b["kept"] else "[red]drop[/red]"
            out.print(f"{tag} [dim]{escape(b['reason'][:45]):45}[/dim] {escape(b['text'][:110])}")
        kept = sum(b["kept"] for b in blocks)
        out.print(f"{kept} of {len(blocks)} blocks kept")
        return
    from .ingest.pipeline import IngestBusy
    from .store import StoreError

    a = _assistant(auto_ingest=False)
    target = path or a.settings.corpus_dir
    from rich.progress import Progress

    try:
        with Progress(console=err, transient=True) as bar:
            task = bar.add_task("Ingesting", total=None)

            def progress(i, n, what):
                bar.update(task, completed=i, total=n, description=what[:50])

            report = a.ingest(target, progress=progress)
    except (IngestBusy, FileNotFoundError, StoreError) as e:
        err.print(f"[red]{escape(str(e))}[/red]")
        raise typer.Exit(1)
    if as_json:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        err.print(f"[green]{report.summary()}[/green]")
        for p, why in report.skipped:
            err.print(f"[yellow]skipped[/yellow] {escape(p)}: {escape(why)}")
    c = a.store.counts()
    err.print(f"index: {c['articles']} articles, {c['chunks']} passages in {a.settings.index_dir}")


def _print_answer(ans) -> None:
    out.print(escape(ans.answer))
    if ans.notice:
        err.print(f"[yellow]{escape(ans.notice)}[/yellow]")
    for c in ans.citations:
        p = c.passage
        link = f" {p.url}" if p.url else ""
        out.print(f"[bold][{c.n}][/bold] {escape(p.source or '?')} · {p.published or 'undated'} — {escape(p.title)}{escape(link)}")
        out.print(f"    [dim]{escape(c.quote or p.text)}[/dim]")


@app.command()
def ask(
    question: str = typer.Argument(..., help="The question, in quotes"),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object (answer, citations, timings)"),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Answer as of this date (YYYY-MM-DD): later articles are ignored"),
    k: Optional[int] = typer.Option(None, "--k", help="Passages to read"),
    mode: Optional[str] = typer.Option(None, "--mode", help="offline or llm (default: llm when configured)"),
):
    """Answer one question with numbered citations."""
    _quiet_libraries()
    from .store import StoreError

    try:
        a = _assistant()
        ans = a.ask(question, as_of=as_of, k=k, mode=mode)
    except (StoreError, ValueError) as e:
        err.print(f"[red]{escape(str(e))}[/red]")
        raise typer.Exit(1)
    if as_json:
        sys.stdout.write(json.dumps(ans.to_dict(), ensure_ascii=False) + "\n")
    else:
        _print_answer(ans)


@app.command()
def chat(as_of: Optional[str] = typer.Option(None, "--as-of"), mode: Optional[str] = typer.Option(None, "--mode")):
    """A conversation in the terminal: follow-up questions use the earlier turns. Empty line or Ctrl-D quits."""
    _quiet_libraries()
    a = _assistant()
    conv = a.chat(as_of=as_of)
    err.print("[dim]Ask about the articles; 'new' starts over; an empty line quits.[/dim]")
    while True:
        try:
            q = input("you> ").strip()
        except (EOFError, KeyboardInterrupt):
            break
        if not q:
            break
        if q.lower() in ("new", "/new"):
            conv.reset()
            continue
        ans = None
        for ev in conv.ask_stream(q, mode=mode):
            if isinstance(ev, str):
                out.print(escape(ev), end="")
            else:
                ans = ev
        out.print()
        if ans is not None:
            if ans.notice:
                err.print(f"[yellow]{escape(ans.notice)}[/yellow]")
            for c in ans.citations:
                p = c.passage
                out.print(f"  [bold][{c.n}][/bold] {escape(p.source or '?')} · {p.published or 'undated'} — {escape(p.title)}")


@app.command()
def articles():
    """List the articles in the index."""
    _quiet_libraries()
    from .settings import get_settings
    from .store import Store

    store = Store(get_settings())
    t = Table("published", "outlet", "title", "passages", "id")
    for r in store.articles():
        t.add_row(r["published"] or "—", escape(r["source"] or ""), escape(r["title"] or ""), str(r["n_chunks"]), r["id"])
    out.print(t)


@app.command()
def ui(host: Optional[str] = typer.Option(None), port: Optional[int] = typer.Option(None)):
    """Serve the chat in the browser (127.0.0.1:7860 by default; never a public share link)."""
    _quiet_libraries()
    from ui.app import main as ui_main

    ui_main(host=host, port=port)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
