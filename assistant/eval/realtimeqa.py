"""RealTimeQA-style datasets: a folder with `articles/` and `questions.jsonl`.

    DATASET/
      articles/<name>.txt     one article each: a `Title:/Source:/Published:/URL:` header block,
                              a blank line, then the body (the ingest loader reads the header)
      articles.jsonl          optional manifest: file, url, title, host, published, chars
      questions.jsonl         id, question, answer, question_date (YYYY-MM-DD), gold_urls

Every question is asked through the same `Assistant` users call, as of its date:
`a.retrieve(question, k=12, as_of=date)` for the retrieval measures and
`a.ask(question, as_of=date)` for the answer. The measures (all offline, see `MEASURES`):

- w300 / w1000: the answer within the first 300 / 1,000 words of the ranked passages (fair
  across chunk sizes: five 1,024-token chunks hold ~3,800 words, five 200-token ones ~750);
- gold5: a top-5 passage comes from a gold article (its URL is in `gold_urls`);
- top1 / in5: the answer in the top-1 passage / in one of the top-5 passages;
- ans60: the answer within the first 60 words of the assistant's answer;
- refused: the share of questions answered "the articles don't say";
- latency of `ask` (p50 / p95, ms).

The answer "is in" a text when, after both are case-folded, curly quotes and dashes unified and
whitespace collapsed, it occurs verbatim and not inside a longer word ("Bills" is not in
"Billsmafia") — the rule of benchmarks/realtimeqa.py and of the dataset's README.

Ids end in a number (`20220617_14`): the project tunes on even ids and reports odd ones apart.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import time
import zlib
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .dataset import Dataset, DatasetError, EvalItem, register_loader

FORMAT = "realtimeqa"
RESULTS_FORMAT = "realtimeqa-results"
SPLITS = ("all", "even", "odd")
QUESTION_KEYS = {"id", "question", "answer", "question_date", "gold_urls"}

# key, column label, description; the order of the tables
MEASURES = [
    ("w300", "w300", "answer within the first 300 words of the ranked passages"),
    ("w1000", "w1000", "answer within the first 1,000 words of the ranked passages"),
    ("gold5", "gold@5", "a top-5 passage comes from a gold article (URL in gold_urls)"),
    ("top1", "top-1", "answer in the top-1 passage"),
    ("in5", "in top-5", "answer in one of the top-5 passages"),
    ("ans60", "ans60", "answer within the first 60 words of the assistant's answer"),
    ("refused", "refused", "share of questions answered \"the articles don't say\""),
]
RETRIEVAL_KEYS = ("w300", "w1000", "gold5", "top1", "in5")
STALE_DAYS = 30  # a weekly news quiz asks about its week: gold articles all older than this hold the answer by chance
BOOL_KEYS = tuple(k for k, _, _ in MEASURES)

Progress = Callable[[int, int, str], None]


# -- matching (the dataset's rule) ---------------------------------------------------------------
_SINGLE = re.compile(r"[‘’´`]")
_DOUBLE = re.compile(r"[“”]")
_DASH = re.compile(r"[‐-―−]")   # U+2010..U+2015 and the minus sign


def norm(s: str) -> str:
    """Case-fold; curly quotes → straight, dashes → "-"; whitespace collapsed."""
    s = (s or "").casefold()
    s = _SINGLE.sub("'", s)
    s = _DOUBLE.sub('"', s)
    s = _DASH.sub("-", s)
    return re.sub(r"\s+", " ", s).strip()


def contains(text: str, answer: str) -> bool:
    """`answer` occurs in `text` verbatim after `norm`, and not inside a longer word."""
    t, a = norm(text), norm(answer)
    if not a:
        return False
    return re.search(r"(?<!\w)" + re.escape(a) + r"(?!\w)", t) is not None


def first_words(texts: Iterable[str], n: int) -> str:
    """The first `n` whitespace-separated words of the texts, in order."""
    words: list[str] = []
    for t in texts:
        words += (t or "").split()
        if len(words) >= n:
            break
    return " ".join(words[:n])


def half(qid: str) -> str:
    """"even" or "odd" by the number at the end of the id (a stable hash when there is none)."""
    m = re.search(r"(\d+)\s*$", str(qid))
    n = int(m.group(1)) if m else zlib.crc32(str(qid).encode())
    return "even" if n % 2 == 0 else "odd"


def select(items: Sequence[EvalItem], split: str = "all", limit: int | None = None) -> list[EvalItem]:
    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}, not {split!r}")
    out = [i for i in items if split == "all" or half(i.id) == split]
    return out[:limit] if limit else out


# -- the loader ----------------------------------------------------------------------------------
def _questions_file(p: Path) -> Path | None:
    if p.is_dir() and (p / "questions.jsonl").is_file():
        return p / "questions.jsonl"
    if p.is_file() and p.suffix == ".jsonl" and (p.parent / "articles").is_dir():
        return p
    return None


def is_realtimeqa(p: Path) -> bool:
    return _questions_file(Path(p)) is not None


def _header_url(path: Path) -> str:
    """The `URL:` line of an article's header block ("" when there is none)."""
    try:
        with path.open(encoding="utf-8", errors="replace") as f:
            for _ in range(12):
                line = f.readline()
                if not line.strip():
                    break
                if line.lower().startswith("url:"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def url_index(folder: Path) -> dict[str, list[str]]:
    """URL → article file names (relative to `articles/`), from articles.jsonl or the headers."""
    articles = folder / "articles"
    out: dict[str, list[str]] = {}
    manifest = folder / "articles.jsonl"
    if manifest.is_file():
        try:
            for line in manifest.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    rec = json.loads(line)
                    if rec.get("url") and rec.get("file") and (articles / rec["file"]).exists():
                        out.setdefault(rec["url"], []).append(rec["file"])
            if out:
                return out
        except (OSError, ValueError, AttributeError):
            out = {}
    for f in sorted(articles.rglob("*")):
        if f.is_file():
            url = _header_url(f)
            if url:
                out.setdefault(url, []).append(str(f.relative_to(articles)))
    return out


def load_realtimeqa(path: Path) -> Dataset:
    path = Path(path).expanduser()
    qfile = _questions_file(path)
    folder = qfile.parent
    articles = folder / "articles"
    where = str(qfile)
    if not articles.is_dir():
        raise DatasetError(where, [f"no articles/ folder next to {qfile.name} (expected {articles})"])
    try:
        lines = qfile.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise DatasetError(where, [f"cannot read: {e}"]) from None
    urls = url_index(folder)
    problems: list[str] = []
    items: list[EvalItem] = []
    seen: set[str] = set()
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except ValueError as e:
            problems.append(f"line {n}: not valid JSON ({e})")
            continue
        if not isinstance(raw, dict):
            problems.append(f"line {n}: expected an object with {', '.join(sorted(QUESTION_KEYS))}")
            continue
        qid = str(raw.get("id") or "").strip()
        at = f"line {n} (id {qid!r})" if qid else f"line {n}"
        bad = len(problems)
        if not qid:
            problems.append(f"{at}: missing `id`")
        elif qid in seen:
            problems.append(f"{at}: duplicate id")
        seen.add(qid)
        question, answer = raw.get("question"), raw.get("answer")
        if not isinstance(question, str) or not question.strip():
            problems.append(f"{at}: field `question`: missing or empty")
        if not isinstance(answer, (str, int, float)) or isinstance(answer, bool) or not str(answer).strip():
            problems.append(f"{at}: field `answer`: missing or empty")
        date = raw.get("question_date")
        try:
            as_of = dt.date.fromisoformat(str(date).strip()[:10]).isoformat() if date not in (None, "") else None
        except ValueError:
            problems.append(f"{at}: field `question_date`: must be a date like 2022-06-17, not {date!r}")
            as_of = None
        gold = raw.get("gold_urls") or []
        if not isinstance(gold, list) or not all(isinstance(u, str) for u in gold):
            problems.append(f"{at}: field `gold_urls`: must be a list of URLs")
            gold = []
        if len(problems) > bad:
            continue
        files = [f for u in gold for f in urls.get(u, [])]
        items.append(EvalItem(id=qid, question=question.strip(), category="fact", answerable=True,
                              facts=[[str(answer).strip()]], as_of=as_of, gold_articles=files, gold_urls=list(gold)))
    if not items and not problems:
        problems.append("no questions (an empty questions.jsonl)")
    if problems:
        raise DatasetError(where, problems)
    return Dataset(name=folder.resolve().name, path=folder.resolve(), corpus=articles.resolve(), items=items, format=FORMAT)


register_loader(FORMAT, is_realtimeqa, load_realtimeqa)


# -- scoring -------------------------------------------------------------------------------------
def answer_of(item: EvalItem) -> str:
    return item.facts[0][0] if item.facts and item.facts[0] else ""


def score_passages(texts: Sequence[str], urls: Sequence[str], files: Sequence[str], item: EvalItem) -> dict:
    """The retrieval measures of one ranked list (passage texts, their article URLs and file names)."""
    answer = answer_of(item)
    gold_urls = set(item.gold_urls)
    gold_files = {Path(g).name for g in item.gold_articles}
    gold = [bool((u and u in gold_urls) or (f and Path(f).name in gold_files)) for u, f in zip(urls, files)]
    has = [contains(t, answer) for t in texts]
    return {
        "w300": contains(first_words(texts, 300), answer),
        "w1000": contains(first_words(texts, 1000), answer),
        "gold5": any(gold[:5]),
        "top1": bool(has) and has[0],
        "in5": any(has[:5]),
        "first_hit_rank": next((i + 1 for i, h in enumerate(has) if h), None),
        "_gold": gold, "_has": has,
    }


def percentile(values: Sequence[float], p: float) -> float | None:
    from .metrics import percentile as pct

    return pct(values, p)


LATENCY_KEYS = ("ask_p50_ms", "ask_p95_ms", "retrieve_p50_ms", "retrieve_p95_ms")


def summarize(rows: Sequence[dict]) -> dict:
    """Shares of the boolean measures (None when not measured), n, latency p50/p95 of ask and retrieve."""
    out: dict = {"n": len(rows)}
    for key in BOOL_KEYS:
        vals = [r[key] for r in rows if r.get(key) is not None]
        out[key] = round(sum(bool(v) for v in vals) / len(vals), 4) if vals else None
    for what in ("ask", "retrieve"):
        lat = [r[f"{what}_ms"] for r in rows if r.get(f"{what}_ms") is not None]
        for p in (50, 95):
            out[f"{what}_p{p}_ms"] = round(percentile(lat, p), 1) if lat else None
    return out


def stale(row: dict) -> bool:
    age = row.get("gold_age_days")
    return age is None or age > STALE_DAYS


def gold_freshness(rows: Sequence[dict]) -> dict:
    """How many retrieval misses have only stale gold (see gold_age), and the retrieval measures on
    the questions that have a gold article from the STALE_DAYS before them."""
    fresh = [r for r in rows if not stale(r)]
    out: dict = {"stale_days": STALE_DAYS, "n_fresh": len(fresh), "n_stale": len(rows) - len(fresh)}
    for key in ("w300", "w1000", "gold5"):
        misses = [r for r in rows if not r.get(key)]
        out[f"{key}_misses"] = len(misses)
        out[f"{key}_misses_stale"] = sum(stale(r) for r in misses)
        out[f"{key}_fresh"] = round(sum(bool(r.get(key)) for r in fresh) / len(fresh), 4) if fresh else None
    return out


def by_half(rows: Sequence[dict]) -> dict:
    return {"all": summarize(rows), "even": summarize([r for r in rows if r["half"] == "even"]),
            "odd": summarize([r for r in rows if r["half"] == "odd"])}


def _passage_record(rank: int, p, gold: bool, has: bool, text_chars: int | None) -> dict:
    text = p.text if text_chars is None else p.text[:text_chars]
    return {"rank": rank, "url": p.url or "", "file": Path(p.path or "").name, "title": p.title, "source": p.source,
            "published": p.published, "score": round(float(p.score), 6), "gold": gold, "has_answer": has, "text": text}


def gold_age(item: EvalItem, published: dict[str, str]) -> int | None:
    """Days from the youngest dated gold article to the question date (None: none dated). The
    dev set counts as gold any search result holding the answer string, so a 2026 question about
    a coral colony can have only a 2022 reef story as gold: a large age says no article on the
    story asked about holds the answer string, and retrieving the old one would be luck."""
    if not item.as_of:
        return None
    asked = dt.date.fromisoformat(item.as_of)
    ages = []
    for u in item.gold_urls:
        try:
            ages.append((asked - dt.date.fromisoformat((published.get(u) or "")[:10])).days)
        except ValueError:
            continue
    ages = [x for x in ages if x >= 0] or ages
    return min(ages) if ages else None


def run_question(a, item: EvalItem, k: int = 12, mode: str | None = "offline", keep: int = 12,
                 published: dict[str, str] | None = None) -> dict:
    """One question through the Assistant: the retrieval measures, the answer, its timing.
    `published` maps article URLs to their dates (for gold_age)."""
    answer = answer_of(item)
    row: dict = {"id": item.id, "half": half(item.id), "question": item.question, "gold_answer": answer,
                 "question_date": item.as_of, "gold_urls": item.gold_urls, "gold_files": item.gold_articles, "error": None,
                 "gold_age_days": gold_age(item, published or {})}
    try:
        t0 = time.perf_counter()
        passages = a.retrieve(item.question, k=k, as_of=item.as_of)
        t1 = time.perf_counter()
        ans = a.ask(item.question, as_of=item.as_of, mode=mode)
        t2 = time.perf_counter()
    except Exception as e:  # noqa: BLE001 - one broken question must not stop the run
        row.update({"error": f"{type(e).__name__}: {e}", "answer": "", "refused": False, "retrieve_ms": None, "ask_ms": None,
                    "passages": [], "citations": [], "first_hit_rank": None, **{key: False for key in RETRIEVAL_KEYS},
                    "ans60": False})
        return row
    s = score_passages([p.text for p in passages], [p.url or "" for p in passages], [p.path or "" for p in passages], item)
    gold, has = s.pop("_gold"), s.pop("_has")
    row.update(s)
    row.update({
        "answer": ans.answer, "refused": bool(ans.refused), "mode": ans.mode, "notice": ans.notice,
        "ans60": contains(first_words([ans.answer], 60), answer),
        "retrieve_ms": round((t1 - t0) * 1000, 1), "ask_ms": round((t2 - t1) * 1000, 1),
        "citations": [{"n": c.n, "url": c.passage.url or "", "file": Path(c.passage.path or "").name, "title": c.passage.title,
                       "quote": c.quote, "has_answer": contains(c.passage.text, answer)} for c in ans.citations],
        "passages": [_passage_record(i + 1, p, gold[i], has[i], None if i < 5 else 600) for i, p in enumerate(passages[:keep])],
    })
    return row


def run(dataset: Dataset, assistant, items: Sequence[EvalItem] | None = None, k: int = 12, mode: str | None = "offline",
        progress: Progress | None = None) -> list[dict]:
    items = list(dataset.items if items is None else items)
    store = getattr(assistant, "store", None)
    published = {r["url"]: r["published"] or "" for r in store.articles() if r.get("url")} if store is not None else {}
    rows = []
    for i, item in enumerate(items):
        if progress:
            progress(i, len(items), item.id)
        rows.append(run_question(assistant, item, k=k, mode=mode, published=published))
    if progress:
        progress(len(items), len(items), "done")
    return rows


def result(dataset: Dataset, rows: list[dict], *, split: str, limit: int | None, k: int, mode: str, index_dir: str,
           ingest: dict | None = None, seconds: float = 0.0, baselines: dict | None = None) -> dict:
    """The results document written to results.json (and read back by --compare)."""
    return {
        "format": RESULTS_FORMAT,
        "meta": {"dataset": str(dataset.path), "dataset_name": dataset.name, "corpus": str(dataset.corpus), "split": split,
                 "limit": limit, "k": k, "mode": mode, "index_dir": index_dir, "n": len(rows),
                 "started": dt.datetime.now().isoformat(timespec="seconds"), "seconds": round(seconds, 1),
                 "ingest": ingest or {}, "measures": {key: desc for key, _, desc in MEASURES}},
        "summary": by_half(rows),
        "gold_freshness": gold_freshness(rows),
        "baselines": baselines or {},
        "rows": rows,
    }


# -- comparison ----------------------------------------------------------------------------------
def load_results(path: str | Path) -> dict:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("format") != RESULTS_FORMAT or "rows" not in data:
        raise ValueError(f"{path} is not a RealTimeQA evaluation results.json (written by `assistant eval DATASET_DIR --out DIR`)")
    return data


def compare(current: dict, previous: dict) -> dict:
    """Metric deltas per half, and the questions gained / lost on each measure (ids in both runs)."""
    prev = {r["id"]: r for r in previous.get("rows", [])}
    cur = {r["id"]: r for r in current.get("rows", [])}
    common = [i for i in cur if i in prev]
    metrics: dict = {}
    for part in SPLITS:
        a, b = previous.get("summary", {}).get(part, {}), current.get("summary", {}).get(part, {})
        metrics[part] = {}
        for key in list(BOOL_KEYS) + list(LATENCY_KEYS) + ["n"]:
            x, y = a.get(key), b.get(key)
            metrics[part][key] = {"previous": x, "current": y, "delta": (y - x) if (x is not None and y is not None) else None}
    changes = {}
    for key in BOOL_KEYS:
        gained = [i for i in common if cur[i].get(key) and not prev[i].get(key)]
        lost = [i for i in common if prev[i].get(key) and not cur[i].get(key)]
        changes[key] = {"gained": gained, "lost": lost}
    answers_changed = [i for i in common if (cur[i].get("answer") or "") != (prev[i].get("answer") or "")]
    return {"previous": previous.get("meta", {}), "current": current.get("meta", {}), "common": len(common),
            "only_current": [i for i in cur if i not in prev], "only_previous": [i for i in prev if i not in cur],
            "metrics": metrics, "changes": changes, "answers_changed": answers_changed}


# -- a small slice (the CI regression set) -------------------------------------------------------
def build_slice(src: Path, dst: Path, every: int = 7, max_gold: int = 3, link: bool = True) -> Path:
    """A dataset folder at `dst` with every `every`-th question of `src` and only their first
    `max_gold` gold articles (symlinked, or copied with `link=False`); gold_urls are cut to the
    articles included. Nothing is copied into the project."""
    import os
    import shutil

    src, dst = Path(src), Path(dst)
    urls = url_index(src)
    lines = [ln for ln in (src / "questions.jsonl").read_text(encoding="utf-8").splitlines() if ln.strip()]
    (dst / "articles").mkdir(parents=True, exist_ok=True)
    out = []
    for line in lines[::every]:
        q = json.loads(line)
        kept = [u for u in q.get("gold_urls") or [] if urls.get(u)][:max_gold]
        if not kept:
            continue
        for u in kept:
            for f in urls[u]:
                target, there = src / "articles" / f, dst / "articles" / f
                if not there.exists():
                    there.parent.mkdir(parents=True, exist_ok=True)
                    os.symlink(target.resolve(), there) if link else shutil.copy2(target, there)
        out.append(json.dumps({**q, "gold_urls": kept}, ensure_ascii=False))
    (dst / "questions.jsonl").write_text("\n".join(out) + "\n", encoding="utf-8")
    return dst
