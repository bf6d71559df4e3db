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
        out.print(f"[bold]{escape(meta['title'])}[/bold] — {escape(meta['source'] or 'unknown outlet')} · {meta['published'] or 'undated'} · {escape(meta['author'] or '')}")
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
    _warn_stale(a.stale_articles())


def _warn_stale(n: int) -> None:
    if n:
        err.print(f"[yellow]{n} article(s) were indexed by an older version or other chunk settings; "
                  "run `assistant ingest FOLDER` on their folders to process them again[/yellow]")


def _print_answer(ans) -> None:
    out.print(escape(ans.answer))
    if ans.notice:
        err.print(f"[yellow]{escape(ans.notice)}[/yellow]")
    for c in ans.citations:
        p = c.passage
        link = f" {p.url}" if p.url else ""
        out.print(f"[bold][{c.n}][/bold] {escape(p.header())}{escape(link)}")
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


class _StreamPrinter:
    """Prints an answer as it streams. `withdraw()` takes back what was printed (the LLM failed
    part-way and the offline answer replaces it): erased on a terminal, marked as withdrawn on a
    pipe or a log, which cannot be rewritten."""

    def __init__(self, console: Console):
        self.console, self.text = console, ""

    def write(self, delta: str) -> None:
        self.console.print(escape(delta), end="")
        self.text += delta

    def withdraw(self) -> None:
        if not self.text:
            return
        c = self.console
        if c.is_terminal:
            from rich.cells import cell_len

            # rows the text took (the terminal wraps it: the console prints with soft_wrap);
            # back to the first of them, then erase to the end of the screen
            width = max(1, c.width)
            rows = sum(max(1, -(-cell_len(line) // width)) for line in self.text.split("\n"))
            c.file.write("\r" + (f"\x1b[{rows - 1}A" if rows > 1 else "") + "\x1b[J")
            c.file.flush()
        else:
            c.print()
            c.print("(withdrawn: the LLM failed part-way through this answer; the offline answer follows)")
        self.text = ""


@app.command()
def chat(as_of: Optional[str] = typer.Option(None, "--as-of"), mode: Optional[str] = typer.Option(None, "--mode")):
    """A conversation in the terminal: follow-up questions use the earlier turns. Empty line or Ctrl-D quits."""
    _quiet_libraries()
    from .api import Reset

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
        ans, shown = None, None
        printer = _StreamPrinter(out)
        for ev in conv.ask_stream(q, mode=mode):
            if isinstance(ev, str):
                printer.write(ev)
            elif isinstance(ev, Reset):  # replace the partial LLM text with the notice and the offline answer
                printer.withdraw()
                err.print(f"[yellow]{escape(ev.notice)}[/yellow]")
                shown = ev.notice
            else:
                ans = ev
        out.print()
        if ans is not None:
            if ans.notice and ans.notice != shown:
                err.print(f"[yellow]{escape(ans.notice)}[/yellow]")
            for c in ans.citations:
                p = c.passage
                out.print(f"  [bold][{c.n}][/bold] {escape(p.header())}")


@app.command()
def articles():
    """List the articles in the index."""
    _quiet_libraries()
    from .ingest.pipeline import pipeline_stamp
    from .settings import get_settings
    from .store import Store

    settings = get_settings()
    store = Store(settings)
    t = Table("published", "outlet", "title", "passages", "id")
    for r in store.articles():
        t.add_row(r["published"] or "—", escape(r["source"] or ""), escape(r["title"] or ""), str(r["n_chunks"]), r["id"])
    out.print(t)
    _warn_stale(store.stale_articles(pipeline_stamp(settings)))


@app.command()
def ui(host: Optional[str] = typer.Option(None), port: Optional[int] = typer.Option(None)):
    """Serve the chat in the browser (127.0.0.1:7860 by default; never a public share link)."""
    _quiet_libraries()
    from ui.app import main as ui_main

    ui_main(host=host, port=port)


@app.command("eval")
def eval_cmd(
    file: Optional[Path] = typer.Argument(None, help="Dataset: a Q&A YAML (default: seeds/qa.yaml), or a RealTimeQA-style folder "
                                        "(articles/ + questions.jsonl), or a results.json of such a run to show (with --compare)"),
    mode: str = typer.Option("offline", "--mode", help="offline (extractive) or llm"),
    k: Optional[int] = typer.Option(None, "--k", help="Passages read per question (default: ASSISTANT_TOP_K); "
                                    "RealTimeQA folder: passages retrieved for the retrieval measures (default 12)"),
    split: str = typer.Option("all", "--split", help="RealTimeQA folder: all, even or odd ids (tune on even, report odd)"),
    limit: Optional[int] = typer.Option(None, "--limit", help="RealTimeQA folder: only the first N questions (of the split)"),
    baseline: Optional[str] = typer.Option(None, "--baseline", help="RealTimeQA folder: `naive` also runs the naive llama-index "
                                           "setup (and BM25 over its chunks) on the same questions, side by side"),
    out_dir: Optional[Path] = typer.Option(None, "--out", help="Write results.json and report.md (and report.html) to this folder"),
    compare_to: Optional[Path] = typer.Option(None, "--compare", help="A previous results.json: show items improved/regressed"),
    index: Optional[Path] = typer.Option(None, "--index", help="Evaluation index folder (default: <index_dir>/eval-<corpus>-<hash>)"),
    fresh: bool = typer.Option(False, "--fresh", help="Rebuild the evaluation index from scratch"),
    ids: Optional[list[str]] = typer.Option(None, "--id", help="Only these item ids (repeatable)"),
    categories: Optional[list[str]] = typer.Option(None, "--category", help="Only these categories (repeatable)"),
    show_all: bool = typer.Option(False, "--all", help="List every item, not only failures"),
    judge: bool = typer.Option(False, "--judge", help="Also grade answers with the configured LLM (separate score)"),
    min_correct: Optional[float] = typer.Option(None, "--min-correct", help="Exit 1 if answer correctness is below"),
    min_hit: Optional[float] = typer.Option(None, "--min-hit", help="Exit 1 if retrieval hit@k is below"),
    min_mrr: Optional[float] = typer.Option(None, "--min-mrr"),
    min_recall: Optional[float] = typer.Option(None, "--min-recall"),
    min_span: Optional[float] = typer.Option(None, "--min-span"),
    min_cite_precision: Optional[float] = typer.Option(None, "--min-cite-precision"),
    min_cite_recall: Optional[float] = typer.Option(None, "--min-cite-recall"),
    min_refusal_precision: Optional[float] = typer.Option(None, "--min-refusal-precision"),
    min_refusal_recall: Optional[float] = typer.Option(None, "--min-refusal-recall"),
    min_dates: Optional[float] = typer.Option(None, "--min-dates", help="Exit 1 if date consistency is below"),
    max_wrong_refusals: Optional[int] = typer.Option(None, "--max-wrong-refusals", help="Exit 1 if more answerable items are refused"),
    max_p95_ms: Optional[float] = typer.Option(None, "--max-p95-ms", help="Exit 1 if total latency p95 (ms) is above"),
    max_regressed: Optional[int] = typer.Option(None, "--max-regressed", help="With --compare: exit 1 if more items regressed"),
):
    """Scripted Q&A evaluation: retrieval, answers, citations, refusals, dates, latency; exit 1 when a threshold is missed.

    With a RealTimeQA-style folder (articles/ + questions.jsonl): the answer within the first 300/1,000 words of
    the passages, a gold article in the top 5, the answer in the top passage and in the first 60 words of the
    answer, refusals and ask latency, overall and for even/odd ids; --baseline naive runs the naive llama-index
    setup beside it."""
    _quiet_libraries()
    from .eval import DatasetError, load_dataset
    from .eval.report import check_thresholds, compare, load_results, print_run, write_outputs
    from .eval.runner import open_assistant, run
    from .settings import PROJECT_DIR, get_settings
    from .store import StoreError

    if mode not in ("offline", "llm"):
        err.print(f"[red]--mode must be offline or llm, not {escape(mode)}[/red]")
        raise typer.Exit(2)
    settings = get_settings()
    if mode == "llm" and not settings.llm_enabled:
        err.print("[red]--mode llm needs an LLM: set ASSISTANT_LLM_BASE_URL or ASSISTANT_LLM_API_KEY[/red]")
        raise typer.Exit(2)
    path = file or (Path("seeds/qa.yaml") if Path("seeds/qa.yaml").exists() else PROJECT_DIR / "seeds" / "qa.yaml")
    if path.suffix.lower() == ".json" and path.is_file():  # a RealTimeQA results.json: show it (and compare)
        from .eval.rtqa_report import compare_files

        raise typer.Exit(compare_files(path, compare_to, out, err, out_dir))
    if split not in ("all", "even", "odd") or baseline not in (None, "naive") or (limit is not None and limit < 1):
        err.print("[red]--split must be all, even or odd; --baseline naive; --limit a positive number[/red]")
        raise typer.Exit(2)
    try:
        dataset = load_dataset(path)
    except DatasetError as e:
        err.print(f"[red]{escape(str(e))}[/red]")
        raise typer.Exit(2)
    if dataset.format == "realtimeqa":
        from .eval.rtqa_report import run_command

        raise typer.Exit(run_command(dataset, settings=settings, out=out, err=err, split=split, limit=limit, k=k, mode=mode,
                                     out_dir=out_dir, compare_to=compare_to, index=index, fresh=fresh, baseline=baseline))
    if split != "all" or limit or baseline:
        err.print("[red]--split, --limit and --baseline apply to RealTimeQA-style folders (articles/ + questions.jsonl)[/red]")
        raise typer.Exit(2)
    if ids or categories:
        dataset = dataset.select(ids, categories)
        if not dataset.items:
            err.print("[red]no items match --id/--category[/red]")
            raise typer.Exit(2)
    previous = None
    if compare_to:
        try:
            previous = load_results(compare_to)
        except (OSError, ValueError) as e:
            err.print(f"[red]--compare: {escape(str(e))}[/red]")
            raise typer.Exit(2)
    from rich.progress import Progress

    try:
        with Progress(console=err, transient=True) as bar:
            task = bar.add_task("Indexing the evaluation corpus", total=None)

            def progress(i, n, what):
                bar.update(task, completed=i, total=n, description=str(what)[:50])

            a, report = open_assistant(dataset, settings, index_dir=index, fresh=fresh, k=k, progress=progress)
            why = " (rebuilt: the ingest code changed since it was built)" if getattr(report, "rebuilt", False) else ""
            err.print(f"[dim]evaluation index {a.settings.index_dir}{why}: {report.summary()}[/dim]")
            grader = None
            if judge:
                if settings.llm_enabled:
                    from .eval.judge import LLMJudge

                    grader = LLMJudge(settings)
                else:
                    err.print("[yellow]--judge needs an LLM (ASSISTANT_LLM_BASE_URL / ASSISTANT_LLM_API_KEY); judge skipped[/yellow]")
            bar.update(task, description="Asking", completed=0, total=len(dataset.items))
            result = run(dataset, a, mode=mode, k=k, progress=progress, judge=grader)
    except (StoreError, FileNotFoundError) as e:
        err.print(f"[red]{escape(str(e))}[/red]")
        raise typer.Exit(2)
    result.ingest = report.to_dict() if hasattr(report, "to_dict") else {}
    if grader is not None:
        result.judge = {"model": settings.llm_model, "errors": grader.errors}
    comparison = compare(result.to_dict(), previous) if previous is not None else None
    print_run(result, out, comparison, show_all=show_all)
    if out_dir:
        jpath, mpath = write_outputs(result, out_dir, comparison)
        err.print(f"wrote {jpath} and {mpath}")
    limits = {"min_correct": min_correct, "min_hit": min_hit, "min_mrr": min_mrr, "min_recall": min_recall, "min_span": min_span,
              "min_cite_precision": min_cite_precision, "min_cite_recall": min_cite_recall,
              "min_refusal_precision": min_refusal_precision, "min_refusal_recall": min_refusal_recall, "min_dates": min_dates,
              "max_wrong_refusals": max_wrong_refusals, "max_p95_ms": max_p95_ms, "max_regressed": max_regressed}
    missed = check_thresholds(result.overall, limits, comparison)
    for m in missed:
        err.print(f"[red]threshold missed: {escape(m)}[/red]")
    if missed:
        raise typer.Exit(1)


@app.command()
def bench(
    corpus: Optional[Path] = typer.Argument(None, help="Folder of articles (default: /work/shared/corpora/bbc-news-2005)"),
    out_dir: Path = typer.Option(Path("bench-results"), "--out", help="Write bench.json and bench.md to this folder"),
    quick: bool = typer.Option(False, "--quick", help="A 200-article subset and a 20k-chunk scale point: a fast smoke run"),
    skip_naive: bool = typer.Option(False, "--skip-naive", help="Skip the naive llama-index baseline"),
    skip_100k: bool = typer.Option(False, "--skip-100k", help="Skip the ~100k-chunk scale point"),
    skip_ui: bool = typer.Option(False, "--skip-ui", help="Skip the UI ready time"),
    skip_cold: bool = typer.Option(False, "--skip-cold", help="Skip the cold `assistant ask` subprocess"),
    questions: int = typer.Option(50, "--questions", help="Questions for the latency measurements"),
    scale_chunks: Optional[int] = typer.Option(None, "--scale-chunks", help="Chunks at the scale point (default 100000)"),
    limit: Optional[int] = typer.Option(None, "--limit", help="Use at most this many articles"),
    keep: bool = typer.Option(False, "--keep", help="Keep the temporary folder (indexes, corpus copy)"),
):
    """Speed and scale benchmark in temporary indexes: ingest vs raw encode vs naive llama-index, re-ingest,
    warm query latency (corpus size and ~100k chunks), cold start, UI ready time, peak memory."""
    _quiet_libraries()
    import importlib.util

    from .settings import PROJECT_DIR

    script = PROJECT_DIR / "benchmarks" / "bench.py"
    if not script.exists():
        err.print(f"[red]{escape(str(script))} not found: `assistant bench` runs from a source checkout[/red]")
        raise typer.Exit(2)
    spec = importlib.util.spec_from_file_location("assistant_bench", script)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    try:
        res = mod.run_bench(corpus, out_dir, quick=quick, skip_naive=skip_naive, skip_100k=skip_100k, skip_ui=skip_ui,
                            skip_cold=skip_cold, questions=questions, scale_chunks=scale_chunks, limit=limit, keep=keep)
    except FileNotFoundError as e:
        err.print(f"[red]{escape(str(e))}[/red]")
        raise typer.Exit(2)
    out.print(mod.render_markdown(res), markup=False, highlight=False)
    err.print(f"wrote {out_dir / 'bench.json'} and {out_dir / 'bench.md'}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
