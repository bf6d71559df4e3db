"""Run a dataset through the same `Assistant` users call and score every item.

One question: `Assistant.ask(q, as_of=..., k=..., mode=...)`; a follow-up: the earlier turns and
then the question through `Assistant.chat()`; retrieval metrics from `Assistant.retrieve(q, k)`
(with the conversation's context for follow-ups, as the chat uses it). The evaluation has its own
index (by default `<index_dir>/eval-<corpus>-<hash>`), so the user's index is left alone.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Callable

from . import metrics as M
from .dataset import CATEGORIES, Dataset, EvalItem

Progress = Callable[[int, int, str], None]


@dataclass
class EvalRun:
    dataset: Dataset
    mode: str
    k: int
    index_dir: str
    items: list[dict]
    overall: dict
    categories: dict
    started: str = ""
    seconds: float = 0.0
    ingest: dict = field(default_factory=dict)
    judge: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "meta": {"dataset": str(self.dataset.path), "dataset_name": self.dataset.name, "format": self.dataset.format,
                     "corpus": str(self.dataset.corpus), "mode": self.mode, "k": self.k, "index_dir": self.index_dir,
                     "started": self.started, "seconds": round(self.seconds, 2), "n_items": len(self.items),
                     "ingest": self.ingest, "judge": self.judge, "categories": list(CATEGORIES)},
            "overall": self.overall,
            "categories": self.categories,
            "items": self.items,
        }


def eval_index_dir(settings, dataset: Dataset, prefix: str = "eval") -> Path:
    """`<index_dir>/eval-<name>-<hash of the corpus path>`: separate from the user's passages.

    The name is the corpus folder's (a Q&A YAML) or the dataset's (a folder whose articles sit
    in a generic `articles/`)."""
    base = dataset.corpus.name if dataset.format == "qa-yaml" else (dataset.name or dataset.corpus.name)
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", base or "corpus").strip("-")[:40] or "corpus"
    h = hashlib.sha1(str(dataset.corpus).encode()).hexdigest()[:8]
    return Path(settings.index_dir) / f"{prefix}-{slug}-{h}"


def corpus_fingerprint(corpus: Path) -> str:
    """The file list with sizes and modification times: changes when any file is added, removed
    or touched (cheap: stat only, no reads)."""
    corpus = Path(corpus)
    h = hashlib.sha1()
    files = [corpus] if corpus.is_file() else sorted(p for p in corpus.rglob("*") if p.is_file())
    for f in files:
        try:
            st = f.stat()
        except OSError:
            continue
        rel = f.name if corpus.is_file() else str(f.relative_to(corpus))
        h.update(f"{rel}\x1f{st.st_size}\x1f{st.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    return h.hexdigest()[:16]


def ingest_fingerprint(settings) -> str:
    """What the index contents depend on besides the files: the ingest code and chunk sizes."""
    pkg = Path(__file__).resolve().parent.parent
    h = hashlib.sha1()
    for f in sorted((pkg / "ingest").glob("*.py")) + [pkg / "embed.py", pkg / "store.py"]:
        try:
            h.update(f.name.encode() + f.read_bytes())
        except OSError:
            pass
    h.update(f"{settings.chunk_tokens}/{settings.chunk_overlap_tokens}".encode())
    return h.hexdigest()[:16]


STAMP = "eval-fingerprint.txt"


def _read_stamp(stamp_file: Path) -> tuple[str, str]:
    """(ingest code fingerprint, corpus fingerprint) of a default evaluation index; "" when unknown."""
    try:
        lines = stamp_file.read_text(encoding="utf-8").split()
    except OSError:
        return "", ""
    return (lines[0] if lines else ""), (lines[1] if len(lines) > 1 else "")


def open_assistant(dataset: Dataset, settings=None, index_dir: Path | None = None, fresh: bool = False,
                   k: int | None = None, progress: Progress | None = None):
    """An `Assistant` over the dataset's corpus, in its own index (ingested incrementally).

    The default evaluation index is rebuilt when the ingest code (cleaning, dates, chunking,
    embedding, store) changed since it was built, so a cleaner change is evaluated, not a stale
    index; when neither the code nor the corpus files (names, sizes, mtimes) changed, it is used
    as it is, without an ingest pass. A folder given with `index_dir` is never wiped (only with
    `fresh`) and is always brought up to date incrementally."""
    from ..api import Assistant
    from ..settings import get_settings

    base = settings or get_settings()
    idx = Path(index_dir) if index_dir else eval_index_dir(base, dataset)
    stamp = ingest_fingerprint(base)
    stamp_file = idx / STAMP
    code_fp, corpus_fp = _read_stamp(stamp_file)
    stale = index_dir is None and idx.exists() and code_fp != stamp
    if (fresh or stale) and idx.exists():
        shutil.rmtree(idx)
    overrides = {"index_dir": idx, "corpus_dir": dataset.corpus, "auto_ingest": False, "chroma_host": None}
    if k:
        overrides["top_k"] = k  # chat follow-ups read settings.top_k
    current = corpus_fingerprint(dataset.corpus) if index_dir is None else ""
    a = Assistant(base, **overrides)
    if index_dir is None and not (fresh or stale) and code_fp == stamp and corpus_fp == current and a.store.counts()["articles"]:
        c = a.store.counts()
        report = SimpleNamespace(rebuilt=False, reused=True,
                                 summary=lambda: f"up to date ({c['articles']} articles, {c['chunks']} passages; corpus and ingest code unchanged)",
                                 to_dict=lambda: {"reused": True, **c})
        return a, report
    if index_dir is None and stamp_file.exists():
        stamp_file.unlink()  # an interrupted ingest must not look complete
    report = a.ingest(dataset.corpus, progress=progress)
    if index_dir is None:
        stamp_file.write_text(f"{stamp}\n{current}\n", encoding="utf-8")
    report.rebuilt = bool(stale)
    return a, report


# -- evidence --------------------------------------------------------------------------------
def _article_key(path: str, corpus: Path) -> str:
    p = Path(path or "")
    try:
        return str(p.resolve().relative_to(corpus))
    except (ValueError, OSError):
        return p.name


def passage_groups(item: EvalItem, text: str, article_file: str) -> set[str]:
    """The item's support groups this passage covers: by quote, or (no quotes) by gold article."""
    if item.support:
        return {s.group for s in item.support if M.supports(text, s.quote)}
    if item.gold_articles:
        names = {Path(g).name for g in item.gold_articles} | set(item.gold_articles)
        return {"gold"} if (article_file in names or Path(article_file).name in names) else set()
    return set()


def item_groups(item: EvalItem) -> set[str]:
    if item.support:
        return {s.group for s in item.support}
    return {"gold"} if item.gold_articles else set()


def _all_passages(a) -> list:
    try:
        ids = [r[0] for r in a.store.db.execute("SELECT id FROM chunks").fetchall()]
        return list(a.store.passages(ids).values())
    except Exception:  # noqa: BLE001 - only used to tell cleaning losses from retrieval misses
        return []


# -- one item ----------------------------------------------------------------------------------
def run_item(a, item: EvalItem, mode: str, k: int, corpus: Path, indexed: list | None = None) -> dict:
    rec: dict = {"id": item.id, "category": item.category, "question": item.question, "turns": item.turns,
                 "as_of": item.as_of, "answerable": item.answerable, "facts": item.facts,
                 "support": [{"article": s.article, "quote": s.quote, "group": s.group} for s in item.support],
                 "note": item.note, "error": None}
    ans = None
    retrieved = []
    earlier: list[dict] = []
    try:
        context = ""
        if item.turns:
            chat = a.chat(as_of=item.as_of)
            for t in item.turns:
                prev = chat.ask(t, mode=mode)
                earlier.append({"question": t, "answer": prev.answer, "refused": prev.refused})
            ctx = getattr(chat, "_context", None)
            context = ctx(item.question) if callable(ctx) else " ".join(item.turns)
            ans = chat.ask(item.question, mode=mode)
        else:
            ans = a.ask(item.question, as_of=item.as_of, k=k, mode=mode)
        retrieved = a.retrieve(item.question, k=k, as_of=item.as_of, context=context)
    except Exception as e:  # noqa: BLE001 - one broken item must not stop the run
        rec["error"] = f"{type(e).__name__}: {e}"
    rec["earlier_turns"] = earlier
    groups = item_groups(item)
    ranked = []
    rec["retrieved"] = []
    for rank, p in enumerate(retrieved, 1):
        art = _article_key(p.path, corpus)
        g = passage_groups(item, p.text, art)
        ranked.append((p.chunk_id, g))
        rec["retrieved"].append({"rank": rank, "chunk_id": p.chunk_id, "article": art, "source": p.source,
                                 "published": p.published, "score": round(float(p.score), 6), "supports": sorted(g)})
    if ans is None:
        rec.update({"answer": "", "refused": False, "mode": mode, "notice": None, "citations": [], "derived_dates": [],
                    "timings_ms": {}, "flags": []})
    else:
        cites = []
        for c in ans.citations:
            art = _article_key(c.passage.path, corpus)
            cites.append({"n": c.n, "chunk_id": c.passage.chunk_id, "article": art, "source": c.passage.source,
                          "published": c.passage.published, "quote": c.quote,
                          "supports": sorted(passage_groups(item, c.passage.text, art)),
                          "quote_matches_support": bool(c.quote) and any(M.same_sentence(c.quote, sp.quote) for sp in item.support)})
        rec.update({"answer": ans.answer, "refused": bool(ans.refused), "mode": ans.mode, "notice": ans.notice,
                    "citations": cites, "derived_dates": [{"text": t.text, "label": t.label, "how": t.how} for t in ans.derived_dates],
                    "timings_ms": {kk: round(float(v), 1) for kk, v in (ans.timings_ms or {}).items()},
                    "flags": list(getattr(ans, "flags", []) or [])})
    # -- scores
    s: dict = {}
    if item.answerable and rec["error"] is None:
        s.update(M.retrieval_scores(ranked, groups, k))
        cs = M.citation_scores([(c["chunk_id"], set(c["supports"])) for c in rec["citations"]], groups)
        s["cite_precision"], s["cite_recall"] = cs["precision"], cs["recall"]
        fr = M.fact_recall(rec["answer"], item.facts) if not rec["refused"] else 0.0
        s["fact_recall"] = fr
        s["correct"] = 1.0 if (fr == 1.0 and not rec["refused"]) else 0.0
        own = M.fact_recall(M.without_quotations(rec["answer"]), item.facts) if not rec["refused"] else 0.0
        s["span_correct"] = 1.0 if (own == 1.0 and not rec["refused"]) else 0.0
    elif item.answerable:  # an error: everything failed
        s.update({"hit": 0.0, "mrr": 0.0, "recall": 0.0, "cite_precision": None, "cite_recall": 0.0,
                  "fact_recall": 0.0, "correct": 0.0, "span_correct": 0.0})
    if not rec["refused"] and rec["answer"] and ans is not None:
        grounding = []
        for c in ans.citations:
            p = c.passage
            grounding += [p.text, p.published or ""] + [f"{t.label} {t.how}" for t in p.times]
        grounding += [f"{t.label} {t.how}" for t in ans.derived_dates]
        n_dates, n_ok = M.date_consistency(rec["answer"], grounding)
        s["date_consistency"] = (n_ok / n_dates) if n_dates else None
        rec["dates_in_answer"], rec["dates_grounded"] = n_dates, n_ok
    else:
        s["date_consistency"] = None
    rec["scores"] = s
    if indexed is not None and item.answerable:
        rec["support_in_index"] = {g: any(g in passage_groups(item, p.text, _article_key(p.path, corpus)) for p in indexed)
                                   for g in sorted(groups)}
    rec["passed"] = bool(rec["refused"]) if not item.answerable else s.get("correct") == 1.0
    rec["diagnosis"] = diagnose(item, rec)
    return rec


def diagnose(item: EvalItem, rec: dict) -> str:
    """A first guess at why an item fails (the report lists it; a human confirms)."""
    s = rec.get("scores", {})
    if rec.get("error"):
        return f"error: {rec['error']}"
    if not item.answerable:
        return "ok" if rec["refused"] else "answered an unanswerable question (refusal miscalibrated)"
    if rec.get("passed"):
        return "ok" if s.get("span_correct") == 1.0 else "ok, but the fact is only inside the quoted sentence (span)"
    lost = [g for g, ok in (rec.get("support_in_index") or {}).items() if not ok]
    hit = s.get("hit") == 1.0
    if lost and (not hit or len(lost) == len(rec.get("support_in_index") or {})):
        return "cleaning: the supporting text is not in the index"
    if rec["refused"]:
        return "refused although support was retrieved (refusal miscalibrated)" if hit else "refused; support not retrieved (retrieval miss)"
    if not hit:
        return "retrieval miss: no supporting passage in the top k"
    partial = s.get("fact_recall") or 0.0
    part = f" ({round(partial * len(item.facts))}/{len(item.facts)} facts)" if len(item.facts) > 1 else ""
    cites = rec.get("citations") or []
    first = cites[0] if cites else None
    if first and first.get("quote_matches_support"):
        if rec.get("derived_dates"):
            d = rec["derived_dates"][0]
            return f"date resolution: the right sentence, but “{d['text']}” was resolved to {d['label']}" + part
        return "wrong span: the right sentence is cited but the fact was not extracted from it" + part
    if first and first.get("supports"):
        return "wrong sentence: the right passage is cited but another of its sentences was picked" + part
    other = next((c["n"] for c in cites[1:] if c.get("supports")), None)
    if other is not None:
        return f"wrong passage first: the answer comes from an unsupporting passage (support cited only as [{other}])" + part
    rank = next((r["rank"] for r in rec.get("retrieved", []) if r["supports"]), None)
    return f"wrong passage picked: support retrieved at rank {rank} but not cited" + part


# -- the whole run -----------------------------------------------------------------------------
def score_rows(items: list[dict]) -> list[dict]:
    rows = []
    for r in items:
        row = {**r.get("scores", {}), "category": r["category"], "answerable": r["answerable"], "refused": r["refused"],
               "passed": r["passed"], "timings_ms": r.get("timings_ms") or {}}
        if "judge" in r:
            row["judge"] = r["judge"]
        rows.append(row)
    return rows


def aggregate(items: list[dict]) -> tuple[dict, dict]:
    rows = score_rows(items)
    return M.summarize(rows), M.by_category(rows, CATEGORIES)


def run(dataset: Dataset, assistant, mode: str = "offline", k: int | None = None,
        progress: Progress | None = None, judge=None) -> EvalRun:
    """Ask every item; `judge(item, record) -> bool | None` optionally grades answers."""
    k = k or assistant.settings.top_k
    started = dt.datetime.now().isoformat(timespec="seconds")
    t0 = time.perf_counter()
    indexed = _all_passages(assistant)
    records = []
    n = len(dataset.items)
    for i, item in enumerate(dataset.items):
        if progress:
            progress(i, n, item.id)
        rec = run_item(assistant, item, mode, k, dataset.corpus, indexed)
        if judge is not None and item.answerable:
            rec["judge"] = False if rec["refused"] else judge(item, rec)
        records.append(rec)
    if progress:
        progress(n, n, "done")
    overall, cats = aggregate(records)
    return EvalRun(dataset=dataset, mode=mode, k=k, index_dir=str(assistant.settings.index_dir), items=records,
                   overall=overall, categories=cats, started=started, seconds=time.perf_counter() - t0)
