"""Speed and scale benchmark: ingest, re-ingest, warm query latency (corpus size and ~100k chunks),
cold start, UI ready time and peak memory, in one run; writes bench.json and bench.md.

    assistant bench [CORPUS_DIR] [--out DIR] [--quick] [--skip-naive] [--skip-100k]
    .venv/bin/python benchmarks/bench.py [CORPUS_DIR] ...            # the same, without the CLI

Default corpus: /work/shared/corpora/bbc-news-2005 (2,225 BBC articles, first line the title).
Everything happens in temporary folders (a copy of the corpus, fresh indexes); the user's index
and settings file are never touched. What is measured:

* ingest: wall and CPU time, articles/s, chunks/s, and where the time went (embedding, store
  writes, BM25 build, the rest = read/clean/date/chunk), with the model already loaded;
* raw encode: `Embedder.embed_texts` on exactly the chunk texts the ingest embedded (header +
  text, read back from the catalog), same model and batch size, in one call: the physical limit;
* naive llama-index baseline (a subprocess): `SimpleDirectoryReader` + `VectorStoreIndex.from_documents`
  with default settings, `HuggingFaceEmbedding` of the same model, into Chroma;
* re-ingest with nothing changed, and with 1% of the articles changed (a sentence appended);
* warm `Assistant.retrieve` and `Assistant.ask` (offline) latency over ~50 generated questions,
  at the corpus size and after synthetic chunks bring the index to ~100k chunks (added through
  `Store.add_article`, so Chroma, the catalog and BM25 all see them);
* cold start: a fresh `python -m assistant ask` until the answer is printed; UI ready: `python -m ui`
  until http://127.0.0.1:PORT/ answers 200;
* peak memory: ru_maxrss of this process, /proc VmHWM of each child (ru_maxrss of a child counts
  the parent's RSS at fork time).

Targets are reported, never asserted. Where one is missed the report says where the time goes
(stage breakdown, cProfile top entries, `-X importtime` for cold starts).
"""
from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import math
import os
import platform
import pstats
import random
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_CORPUS = Path("/work/shared/corpora/bbc-news-2005")
ARTICLE_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}
QUICK_ARTICLES = 200
QUICK_SCALE_CHUNKS = 20_000
SCALE_CHUNKS = 100_000
SYNTH_CHUNKS_PER_ARTICLE = 5     # like the BBC articles (~4.5 chunks each)
SYNTH_GROUP_CHUNKS = 512         # chunks per Store.add_articles call
PROFILE_ARTICLES = 150

TARGETS = {
    "ingest_over_raw": 1.15,        # ingest wall ≤ 1.15 × raw encode
    "naive_over_ours": 2.0,         # ≥ 2× faster than the naive llama-index pipeline
    "reingest_fraction": 0.03,      # unchanged re-ingest ≤ 3% of the first ingest, zero embeddings
    "ask_p50_ms_corpus": 100.0,     # warm ask p50 at ~10k chunks
    "ask_p50_ms_scale": 250.0,      # warm ask p50 at 100k chunks
    "cold_ask_s": 5.0,
    "ui_ready_s": 10.0,
}


# -- small helpers -------------------------------------------------------------------------------
def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    s = sorted(values)
    pos = (len(s) - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def latency_summary(ms: list[float]) -> dict:
    return {"n": len(ms), "p50_ms": _r(pct(ms, 50)), "p95_ms": _r(pct(ms, 95)), "mean_ms": _r(sum(ms) / len(ms) if ms else None),
            "max_ms": _r(max(ms) if ms else None)}


def _r(x, nd: int = 1):
    return None if x is None else round(float(x), nd)


def maxrss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024.0, 1)  # Linux: KiB


def vm_hwm_mb(pid: int | str = "self") -> float | None:
    """Peak resident memory of a live process's own address space (/proc VmHWM). Unlike the
    ru_maxrss a parent gets from wait4, it does not include the parent's RSS at fork/exec time."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024.0, 1)
    except (OSError, ValueError):
        pass
    return None


# `python -m assistant ARGS`, plus one line at exit: the process's own peak memory
RUN_ASSISTANT = """import atexit, os, runpy, sys
def _hwm():
    try:
        line = [l for l in open('/proc/self/status') if l.startswith('VmHWM:')][0]
        open(os.environ['BENCH_HWM_FILE'], 'w').write(line.split()[1])
    except Exception:
        pass
atexit.register(_hwm)
sys.argv = ['assistant'] + sys.argv[1:]
runpy.run_module('assistant', run_name='__main__', alter_sys=True)
"""


class StageTimer:
    """Wraps methods of live objects to add up the time spent in them (no profiler overhead)."""

    def __init__(self):
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._undo: list[tuple[object, str]] = []

    def wrap(self, obj, name: str, label: str | None = None, by_first_arg: bool = False) -> None:
        fn = getattr(obj, name)

        def timed(*args, **kwargs):
            key = label or name
            if by_first_arg and args:
                key = f"{key}:{getattr(args[0], '__name__', '?')}"
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[key] += time.perf_counter() - t0
                self.calls[key] += 1

        setattr(obj, name, timed)
        self._undo.append((obj, name))

    def restore(self) -> None:
        for obj, name in reversed(self._undo):
            try:
                delattr(obj, name)
            except AttributeError:
                pass
        self._undo.clear()


def profile_top(prof: cProfile.Profile, n: int = 15, sort: str = "tottime") -> list[dict]:
    st = pstats.Stats(prof, stream=io.StringIO())
    rows = []
    for (file, line, func), (cc, nc, tt, ct, _callers) in st.stats.items():  # type: ignore[attr-defined]
        rows.append({"function": f"{_short_path(file)}:{line}({func})", "calls": nc, "tottime_s": round(tt, 3), "cumtime_s": round(ct, 3)})
    key = "tottime_s" if sort == "tottime" else "cumtime_s"
    rows.sort(key=lambda r: r[key], reverse=True)
    return rows[:n]


def _short_path(file: str) -> str:
    for marker in ("site-packages/", "/work/main/", "lib/python3"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


def importtime_top(stderr_text: str, n: int = 12) -> list[dict]:
    """Parse `python -X importtime` output: the slowest top-level imports (cumulative)."""
    rows = []
    for line in stderr_text.splitlines():
        m = re.match(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)", line)
        if not m:
            continue
        depth = (len(m.group(3)) - 1) // 2
        if depth <= 1:
            rows.append({"module": m.group(4), "cumulative_ms": round(int(m.group(2)) / 1000, 1), "depth": depth})
    rows.sort(key=lambda r: r["cumulative_ms"], reverse=True)
    return rows[:n]


def machine_info() -> dict:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    info = {"cpu": cpu, "cores": os.cpu_count(), "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
            "ram_gb": ram_gb, "python": platform.python_version(), "platform": platform.platform(),
            "loadavg_start": [round(x, 2) for x in os.getloadavg()]}
    for mod, attr in (("torch", "__version__"), ("chromadb", "__version__"), ("bm25s", "__version__")):
        try:
            info[mod] = getattr(__import__(mod), attr)
        except Exception:  # noqa: BLE001
            pass
    try:
        from importlib.metadata import version

        info["llama_index_core"] = version("llama-index-core")
    except Exception:  # noqa: BLE001
        pass
    return info


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def child_env(index_dir: Path) -> dict:
    """The environment of child processes: our index, no LLM, no Chroma server, offline."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_") and k not in ("CHROMA_HOST", "CHROMA_PORT")}
    env.update({"ASSISTANT_INDEX_DIR": str(index_dir), "ASSISTANT_AUTO_INGEST": "false", "HF_HUB_OFFLINE": "1",
                "TRANSFORMERS_OFFLINE": "1", "PYTHONPATH": str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")})
    return env


def wait_child(proc: subprocess.Popen) -> int:
    proc.wait()
    return proc.returncode


# -- corpus ----------------------------------------------------------------------------------------
def copy_corpus(src: Path, dst: Path, limit: int | None) -> list[Path]:
    """Copy the corpus (articles, and sidecar/metadata files) without README files; with `limit`,
    a subset spread evenly over the sub-folders. Returns the copied article files."""
    src = src.resolve()
    articles = sorted(p for p in src.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
                      and not p.name.upper().startswith("README") and not any(part.startswith(".") for part in p.relative_to(src).parts))
    if limit and len(articles) > limit:
        by_dir: dict[Path, list[Path]] = defaultdict(list)
        for p in articles:
            by_dir[p.parent].append(p)
        chosen: list[Path] = []
        queues = [list(v) for _, v in sorted(by_dir.items())]
        while len(chosen) < limit:
            for q in queues:
                if q and len(chosen) < limit:
                    chosen.append(q.pop(0))
        articles = sorted(chosen)
    keep = set(articles)
    others = [p for p in src.rglob("*") if p.is_file() and p.suffix.lower() not in ARTICLE_SUFFIXES
              and not p.name.upper().startswith("README")]
    out = []
    for p in list(keep) + others:
        if p not in keep and p.parent not in {a.parent for a in keep} and p.parent != src:
            continue
        target = dst / p.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(p, target)
        if p in keep:
            out.append(target)
    return sorted(out)


def change_article(path: Path) -> None:
    """Add a sentence to the article's longest paragraph (inside the body, so no cleaner drops it)."""
    text = path.read_text(encoding="utf-8")
    paras = text.split("\n")
    i = max(range(len(paras)), key=lambda j: len(paras[j]))
    paras[i] = paras[i].rstrip() + " A spokesperson said on Friday that the benchmark had changed this article."
    path.write_text("\n".join(paras), encoding="utf-8")


def article_text(path: Path) -> tuple[str, str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    lines = [ln.strip() for ln in text.splitlines()]
    title = next((ln for ln in lines if ln), path.stem)
    return title, text


SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
STARTERS = {"The", "A", "An", "It", "He", "She", "They", "We", "I", "But", "And", "This", "That", "There", "In", "On", "At",
            "Mr", "Mrs", "Ms", "However", "If", "When", "As", "His", "Her", "Their", "Its", "One", "Some", "Many", "Last", "Now"}


NOT_VERBS = {"his", "this", "its", "has", "was", "is", "us", "yes", "as", "less", "unless", "across", "thus", "plus", "does",
             "series", "news", "sales", "shares", "figures", "analysts", "bus", "gas", "was"}
TRAILING = {"the", "a", "an", "of", "to", "in", "on", "at", "for", "and", "or", "by", "with", "from", "that", "as", "its", "their", "his", "her"}


def make_questions(files: list[Path], n: int = 50, seed: int = 7) -> list[str]:
    """~n varied questions from the corpus: who-did-what, how-much, what-did-X-say, headline and
    keyword questions, built from real sentences (deterministic)."""
    rng = random.Random(seed)
    who, much, said, heads, kw = [], [], [], [], []
    for f in files:
        title, text = article_text(f)
        heads.append(f"What happened: {title.rstrip('.?!')}?")
        body = " ".join((text.split("\n", 1)[1] if "\n" in text else text).split())
        words = [w for w in re.findall(r"\b[a-z]{6,}\b", body)]
        if len(set(words)) >= 3:
            kw.append(" ".join(rng.sample(sorted(set(words)), 3)))
        # proper nouns: capitalised somewhere other than at the start of a sentence
        proper = {w for w in re.findall(r"(?<=[a-z,;] )[A-Z][a-z]+", body)} - STARTERS
        for s in SENT.split(body):
            s = s.strip().rstrip(".")
            nw = len(s.split())
            if nw < 6 or nw > 40:
                continue
            m = re.match(r"^((?:[A-Z][a-z]+ ){0,2}[A-Z][a-z]+) ((?:has |had |was |is |will |would )?[a-z]{3,}(?:ed|es|s)\b)(.*)$", s)
            if m and set(m.group(1).split()) <= proper and m.group(2) not in NOT_VERBS:
                rest = (m.group(2) + m.group(3)).split()
                if len(rest) > 18:
                    rest = rest[:18]
                    while rest and rest[-1].lower().strip(",;:") in TRAILING:
                        rest.pop()
                who.append(f"Who {' '.join(rest).rstrip(',;:')}?")
            m = re.search(r"([$£€]\s?\d[\d.,]*\s?(?:m|bn|million|billion|trillion)?|\b\d+(?:\.\d+)?%)", s)
            if m:
                much.append(" ".join((s[:m.start()] + " how much " + s[m.end():]).split()[:24]).rstrip(",;:") + "?")
            m = re.search(r"\b((?:[A-Z][a-z]+ )?[A-Z][a-z]+) (?:said|told|says)\b", s)
            if m and set(m.group(1).split()) <= proper:
                topic = [w for w in re.findall(r"\b[a-z]{6,}\b", s) if w not in ("further", "because", "should", "before")][:2]
                if topic:
                    said.append(f"What did {m.group(1)} say about {' '.join(topic)}?")
    pools = [who, much, said, heads, kw]
    for p in pools:
        rng.shuffle(p)
    shares = [0.3, 0.2, 0.2, 0.15, 0.15]
    out: list[str] = []
    for p, share in zip(pools, shares):
        out += p[: max(1, round(n * share))]
    rest = [q for p in pools for q in p if q not in out]
    rng.shuffle(rest)
    out += rest[: max(0, n - len(out))]
    out = list(dict.fromkeys(out))[:n]
    while out and len(out) < n:  # a tiny corpus: repeat
        out.append(out[len(out) % max(1, len(out))])
    return out


# -- the parts -------------------------------------------------------------------------------------
def make_settings(index_dir: Path, corpus_dir: Path):
    from assistant.settings import Settings

    return Settings(_env_file=None, index_dir=index_dir, corpus_dir=corpus_dir, auto_ingest=False, chroma_host=None,
                    llm_base_url=None, llm_api_key=None)


def timed_ingest(a, corpus: Path, timer: StageTimer | None = None, profile: bool = False) -> dict:
    calls0 = a.embedder.calls
    prof = cProfile.Profile() if profile else None
    t0, c0 = time.perf_counter(), time.process_time()
    if prof:
        prof.enable()
    rep = a.ingest(corpus)
    if prof:
        prof.disable()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    out = {"wall_s": round(wall, 3), "cpu_s": round(cpu, 2), "added": len(rep.added), "updated": len(rep.updated),
           "unchanged": len(rep.unchanged), "removed": len(rep.removed), "skipped": len(rep.skipped),
           "chunks_embedded": rep.chunks_embedded, "embedder_texts": a.embedder.calls - calls0,
           "skipped_reasons": [{"path": p, "reason": r} for p, r in rep.skipped[:10]]}
    if prof:
        out["profile_tottime"] = profile_top(prof, 15, "tottime")
        out["profile_cumtime"] = profile_top(prof, 15, "cumtime")
    return out


def instrument(a) -> StageTimer:
    t = StageTimer()
    t.wrap(a.embedder, "embed_texts", "embed")
    # add_article delegates to add_articles where that exists: wrap one of them, not both
    t.wrap(a.store, "add_articles" if hasattr(a.store, "add_articles") else "add_article", "store writes")
    t.wrap(a.store, "link_file", "store.link_file")
    t.wrap(a.store, "rebuild_keywords", "bm25 rebuild")
    t.wrap(a.store, "sweep", "sweep")
    t.wrap(a.store, "_chroma_call", "  of which chroma", by_first_arg=True)
    return t


def breakdown(timer: StageTimer, wall: float) -> dict:
    s = dict(timer.seconds)
    known = s.get("embed", 0) + s.get("store writes", 0) + s.get("store.link_file", 0) + s.get("bm25 rebuild", 0) + s.get("sweep", 0)
    out = {k: {"s": round(v, 3), "calls": timer.calls[k], "share": round(v / wall, 3) if wall else None} for k, v in sorted(s.items())}
    rest = max(0.0, wall - known)
    out["read/clean/date/chunk + other"] = {"s": round(rest, 3), "calls": None, "share": round(rest / wall, 3) if wall else None}
    return out


def raw_encode(a) -> dict:
    rows = a.store.db.execute("SELECT header, text FROM chunks ORDER BY rowid").fetchall()
    texts = [f"{h}\n{t}" if h else t for h, t in rows]
    from assistant.ingest.chunk import tokenizer

    tokens = sum(min(len(e.ids), 256) for e in tokenizer().encode_batch(texts))
    from assistant.embed import Embedder

    emb = Embedder(a.settings.embed_batch_size, a.settings.embed_precision)
    t0, c0 = time.perf_counter(), time.process_time()
    emb.embed_texts(texts)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"texts": len(texts), "wordpieces": tokens, "wall_s": round(wall, 3), "cpu_s": round(cpu, 2),
            "texts_per_s": round(len(texts) / wall, 1) if wall else None, "batch_size": a.settings.embed_batch_size}


def latency(a, questions: list[str], warmup: int = 3, profile: bool = False) -> dict:
    for q in questions[:warmup]:
        a.ask(q, mode="offline")
    ret, ask, refused = [], [], 0
    for q in questions:
        t0 = time.perf_counter()
        a.retrieve(q)
        ret.append((time.perf_counter() - t0) * 1000)
    prof = cProfile.Profile() if profile else None
    for q in questions:
        if prof:
            prof.enable()
        t0 = time.perf_counter()
        ans = a.ask(q, mode="offline")
        ask.append((time.perf_counter() - t0) * 1000)
        if prof:
            prof.disable()
        refused += bool(ans.refused)
    out = {"chunks": a.store.counts()["chunks"], "questions": len(questions), "retrieve": latency_summary(ret),
           "ask": latency_summary(ask), "refused": refused}
    if prof:
        out["profile_tottime"] = profile_top(prof, 15, "tottime")
        out["profile_cumtime"] = profile_top(prof, 15, "cumtime")
    return out


def naive_worker(corpus: Path, persist: Path) -> dict:
    """Runs in its own process: the plain llama-index recipe, default settings."""
    from assistant.settings import configure_offline_env

    configure_offline_env()
    import logging

    logging.disable(logging.WARNING)
    t_load = time.perf_counter()
    import chromadb
    from llama_index.core import Settings, SimpleDirectoryReader, StorageContext, VectorStoreIndex
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from assistant.embed import model_path

    Settings.llm = None
    Settings.embed_model = HuggingFaceEmbedding(model_name=str(model_path()))
    Settings.embed_model.get_text_embedding("warm up")
    load_s = time.perf_counter() - t_load
    t0, c0 = time.perf_counter(), time.process_time()
    docs = SimpleDirectoryReader(str(corpus), recursive=True).load_data()
    client = chromadb.PersistentClient(path=str(persist), settings=chromadb.Settings(anonymized_telemetry=False))
    store = ChromaVectorStore(chroma_collection=client.get_or_create_collection("naive"))
    index = VectorStoreIndex.from_documents(docs, storage_context=StorageContext.from_defaults(vector_store=store))
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    from llama_index.core.schema import MetadataMode

    # what was embedded: the default splitter is deterministic, so split again (outside the timing)
    n_nodes = store._collection.count()
    nodes = Settings.node_parser.get_nodes_from_documents(docs)
    texts = [nd.get_content(metadata_mode=MetadataMode.EMBED) for nd in nodes]
    lens = [len(ids) for ids in Settings.embed_model._model.tokenizer(texts, add_special_tokens=True)["input_ids"]] if texts else []
    limit = Settings.embed_model.max_length or 256
    return {"documents": len(docs), "nodes": n_nodes, "nodes_resplit": len(nodes), "wordpieces": sum(min(n, limit) for n in lens),
            "wordpieces_untruncated": sum(lens), "wall_s": round(wall, 3), "cpu_s": round(cpu, 2), "model_load_s": round(load_s, 2),
            "embed_batch_size": Settings.embed_model.embed_batch_size, "max_length": limit, "vm_hwm_mb": vm_hwm_mb()}


def run_naive(corpus: Path, work: Path) -> dict:
    persist = work / "naive-chroma"
    out_file = work / "naive.json"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--naive-worker", str(corpus), str(persist), str(out_file)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=work, env=child_env(work / "unused-index"), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err_text = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    code = wait_child(proc)
    res = json.loads(out_file.read_text()) if out_file.exists() else {"error": err_text[-2000:] or f"exit {code}"}
    res["process_wall_s"] = round(time.perf_counter() - t0, 2)
    return res


def cold_ask(index_dir: Path, work: Path, question: str, runs: int = 3, importtime: bool = False) -> dict:
    cmd = [sys.executable] + (["-X", "importtime"] if importtime else []) + ["-c", RUN_ASSISTANT, "ask", question]
    results = []
    hwm_file = work / "cold-ask.hwm"
    env = {**child_env(index_dir), "BENCH_HWM_FILE": str(hwm_file)}
    for _ in range(1 if importtime else runs):
        hwm_file.unlink(missing_ok=True)
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        first = proc.stdout.readline()
        t_first = time.perf_counter() - t0
        rest = proc.stdout.read()
        err_text = proc.stderr.read().decode(errors="replace")
        code = wait_child(proc)
        t_exit = time.perf_counter() - t0
        rss = round(int(hwm_file.read_text()) / 1024.0, 1) if hwm_file.exists() else None
        results.append({"answer_printed_s": round(t_first, 2), "exit_s": round(t_exit, 2), "exit_code": code, "vm_hwm_mb": rss,
                        "answer": (first + rest).decode(errors="replace").strip().splitlines()[0][:160] if (first + rest).strip() else "",
                        "stderr_tail": err_text[-400:] if code else ""})
        if importtime:
            return {"importtime_top": importtime_top(err_text)}
    times = [r["answer_printed_s"] for r in results]
    return {"question": question, "runs": results, "answer_printed_s_median": round(sorted(times)[len(times) // 2], 2),
            "answer_printed_s_first": times[0]}


def ui_ready(index_dir: Path, work: Path, timeout: float = 120.0, importtime: bool = False) -> dict:
    port = free_port()
    cmd = [sys.executable] + (["-X", "importtime"] if importtime else []) + ["-m", "ui", "--port", str(port)]
    log_path = work / f"ui-{port}.log"
    with open(log_path, "wb") as lf:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=work, env=child_env(index_dir), stdout=lf, stderr=subprocess.STDOUT)
        ready, status = None, None
        try:
            while time.perf_counter() - t0 < timeout:
                if proc.poll() is not None:
                    break
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                        status = r.status
                        if r.status == 200:
                            ready = time.perf_counter() - t0
                            break
                except Exception:  # noqa: BLE001 - not up yet
                    pass
                time.sleep(0.05)
        finally:
            rss = vm_hwm_mb(proc.pid) if proc.poll() is None else None
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
    text = log_path.read_text(errors="replace")
    if importtime:
        return {"importtime_top": importtime_top(text)}
    return {"ready_s": _r(ready, 2), "status": status, "port": port, "vm_hwm_mb": rss,
            "log_tail": "" if ready else text[-800:]}


def add_synthetic(a, target_chunks: int, seed: int = 3) -> dict:
    """Bring the index to ~target_chunks with synthetic articles (shuffled real sentences, real
    vectors jittered), written through Store.add_article, then rebuild BM25 once."""
    import numpy as np

    from assistant.ingest.chunk import split_sentences
    from assistant.models import Article, Chunk

    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    have = a.store.counts()["chunks"]
    need = target_chunks - have
    if need <= 0:
        return {"added_chunks": 0, "total_chunks": have}
    rows = a.store.db.execute("SELECT c.id, c.text, a.title FROM chunks c JOIN articles a ON a.id = c.article_id").fetchall()
    sentences = [r[1][s:e] for r in rows for s, e in split_sentences(r[1])]
    titles = [r[2] for r in rows]
    got = a.store.collection.get(include=["embeddings"], limit=min(len(rows), 3000))
    base = np.asarray(got["embeddings"], dtype=np.float32)
    n_articles = math.ceil(need / SYNTH_CHUNKS_PER_ARTICLE)
    timer = StageTimer()
    timer.wrap(a.store, "_chroma_call", "chroma", by_first_arg=True)
    t0 = time.perf_counter()
    made, batch = 0, []
    add_many = getattr(a.store, "add_articles", None)
    try:
        for i in range(n_articles):
            k = min(SYNTH_CHUNKS_PER_ARTICLE, need - made)
            texts = [" ".join(rng.choice(sentences) for _ in range(rng.randint(4, 8))) for _ in range(k)]
            body = "\n\n".join(texts)
            aid = f"synth{i:011d}"
            title = f"{rng.choice(titles)} ({i})"
            art = Article(id=aid, path=f"/synthetic/{i}.txt", text=body, title=title, source="Synthetic",
                          published=dt.date(2004, 1, 1) + dt.timedelta(days=rng.randrange(730)), content_hash=aid)
            chunks, pos = [], 0
            for j, t in enumerate(texts):
                chunks.append(Chunk(id=f"{aid}-{j:03d}", article_id=aid, index=j, text=t, start=pos, end=pos + len(t),
                                    header=f"{title} · Synthetic"))
                pos += len(t) + 2
            vecs = base[nrng.integers(0, len(base), size=k)] + nrng.normal(0, 0.03, size=(k, base.shape[1])).astype(np.float32)
            vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
            item = (art.path, aid, len(body), 0.0, art, chunks, vecs)
            made += k
            if add_many is None:
                a.store.add_article(*item)
            else:  # as the ingest writes them: a group of articles per Chroma write and transaction
                batch.append(item)
                if sum(len(it[5]) for it in batch) >= SYNTH_GROUP_CHUNKS or i == n_articles - 1:
                    add_many(batch)
                    batch = []
            if i and i % 2000 == 0:
                log(f"  synthetic: {made} / {need} chunks")
        insert_s = time.perf_counter() - t0
    finally:
        timer.restore()
    t1 = time.perf_counter()
    a.store.rebuild_keywords()
    bm25_s = time.perf_counter() - t1
    return {"added_chunks": made, "added_articles": n_articles, "total_chunks": a.store.counts()["chunks"],
            "insert_s": round(insert_s, 2), "insert_chunks_per_s": round(made / insert_s, 1) if insert_s else None,
            "chroma_s": {k: round(v, 2) for k, v in timer.seconds.items()}, "bm25_rebuild_s": round(bm25_s, 2)}


# -- the run ---------------------------------------------------------------------------------------
def run_bench(corpus: Path | None = None, out_dir: Path | None = None, quick: bool = False, skip_naive: bool = False,
              skip_100k: bool = False, skip_ui: bool = False, skip_cold: bool = False, questions: int = 50,
              scale_chunks: int | None = None, limit: int | None = None, work_dir: Path | None = None,
              keep: bool = False, profile: bool = True) -> dict:
    corpus = Path(corpus or DEFAULT_CORPUS).expanduser().resolve()
    if not corpus.is_dir():
        raise FileNotFoundError(f"{corpus} is not a folder of articles")
    limit = limit or (QUICK_ARTICLES if quick else None)
    scale_chunks = scale_chunks or (QUICK_SCALE_CHUNKS if quick else SCALE_CHUNKS)
    work = Path(tempfile.mkdtemp(prefix="assistant-bench-", dir=work_dir))
    started = time.time()
    res: dict = {"version": 1, "started": dt.datetime.now().isoformat(timespec="seconds"), "corpus": str(corpus), "quick": quick,
                 "machine": machine_info(), "targets": TARGETS, "notes": []}
    try:
        from assistant.settings import configure_offline_env

        configure_offline_env()
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        import logging

        logging.getLogger("chromadb").setLevel(logging.ERROR)
        files = copy_corpus(corpus, work / "corpus", limit)
        res["articles_in_corpus"] = len(files)
        log(f"corpus: {len(files)} articles copied to {work / 'corpus'}")

        # model load (counted apart: every ingest process pays it once)
        t0 = time.perf_counter()
        from assistant.embed import Embedder

        Embedder(64).embed_texts(["warm up the model"])
        res["model_load_s"] = round(time.perf_counter() - t0, 2)
        try:
            import torch

            res["machine"]["torch_threads"] = torch.get_num_threads()
            res["machine"]["embed_bf16"] = Embedder(64, os.environ.get("ASSISTANT_EMBED_PRECISION", "auto")).bf16
        except Exception:  # noqa: BLE001
            pass
        from assistant import Assistant

        index = work / "index"
        a = Assistant(make_settings(index, work / "corpus"))
        a.embedder.embed_texts(["same model instance, already loaded"])  # lru-cached per batch size
        a.embedder.calls = 0

        # 1. first ingest
        log("ingest …")
        timer = instrument(a)
        ing = timed_ingest(a, work / "corpus")
        timer.restore()
        counts = a.store.counts()
        ing.update({"articles": counts["articles"], "chunks": counts["chunks"],
                    "articles_per_s": round(counts["articles"] / ing["wall_s"], 1),
                    "chunks_per_s": round(counts["chunks"] / ing["wall_s"], 1),
                    "breakdown": breakdown(timer, ing["wall_s"]), "maxrss_mb_after": maxrss_mb()})
        res["ingest"] = ing
        log(f"ingest: {ing['wall_s']:.1f}s, {counts['articles']} articles, {counts['chunks']} chunks")

        # 2. raw encode of exactly those texts
        log("raw encode …")
        raw = raw_encode(a)
        res["raw_encode"] = raw
        res["ingest_over_raw"] = round(ing["wall_s"] / raw["wall_s"], 3) if raw["wall_s"] else None
        res["ingest_over_raw_cpu"] = round(ing["cpu_s"] / raw["cpu_s"], 3) if raw["cpu_s"] else None
        log(f"raw encode: {raw['wall_s']:.1f}s → ingest/raw {res['ingest_over_raw']}")

        # 3. naive llama-index baseline
        if not skip_naive:
            log("naive llama-index baseline (subprocess) …")
            nv = run_naive(work / "corpus", work)
            res["naive"] = nv
            if "wall_s" in nv:
                res["naive_over_ours"] = round(nv["wall_s"] / ing["wall_s"], 3)
                if nv.get("wordpieces") and raw.get("wordpieces"):
                    # throughput per word-piece embedded: the naive splitter makes ~1024-token nodes the
                    # model truncates to 256 word-pieces, so it embeds much less of the text
                    res["naive_over_ours_per_wordpiece"] = round((nv["wall_s"] / nv["wordpieces"]) / (ing["wall_s"] / raw["wordpieces"]), 3)
                log(f"naive: {nv['wall_s']:.1f}s ({nv.get('nodes')} nodes) → naive/ours {res['naive_over_ours']}")
            else:
                log(f"naive failed: {nv.get('error', '')[-300:]}")

        qs = make_questions(files, questions)  # before any article is changed
        res["questions_sample"] = qs[:10]

        # 4. re-ingest: nothing changed, then 1% changed
        log("re-ingest, nothing changed …")
        re0 = timed_ingest(a, work / "corpus")
        re0["fraction_of_first"] = round(re0["wall_s"] / ing["wall_s"], 4)
        res["reingest_unchanged"] = re0
        n_change = max(1, math.ceil(len(files) * 0.01))
        rng = random.Random(11)
        changed = rng.sample(files, n_change)
        for f in changed:
            change_article(f)
        log(f"re-ingest, {n_change} articles changed …")
        re1 = timed_ingest(a, work / "corpus")
        re1["changed_files"] = n_change
        re1["fraction_of_first"] = round(re1["wall_s"] / ing["wall_s"], 4)
        res["reingest_1pct"] = re1

        # 5. warm latency at corpus size
        log(f"warm latency, {len(qs)} questions, {a.store.counts()['chunks']} chunks …")
        lat = latency(a, qs)
        lat["maxrss_mb_after"] = maxrss_mb()
        res["latency_corpus"] = lat

        # 6. cold start and UI against the corpus-size index
        if not skip_cold:
            log("cold `python -m assistant ask` …")
            res["cold_ask"] = cold_ask(index, work, qs[0])
        if not skip_ui:
            log("UI ready time …")
            res["ui"] = ui_ready(index, work)

        # 7. scale point
        if not skip_100k:
            log(f"adding synthetic chunks up to {scale_chunks} …")
            res["synthetic"] = add_synthetic(a, scale_chunks)
            log(f"warm latency at {a.store.counts()['chunks']} chunks …")
            lat2 = latency(a, qs)
            lat2["maxrss_mb_after"] = maxrss_mb()
            res["latency_scale"] = lat2

        # 8. where the time goes, for missed targets
        targets = evaluate(res)
        res["targets_met"] = targets
        missed = {t["key"] for t in targets if t["met"] is False}
        if profile and missed:
            res["profiles"] = {}
            if missed & {"ingest_over_raw", "naive_over_ours"}:
                n_prof = min(len(files), PROFILE_ARTICLES)
                log(f"profiling an ingest of {n_prof} articles …")
                sub = copy_corpus(work / "corpus", work / "corpus-profile", n_prof)
                pa = Assistant(make_settings(work / "index-profile", work / "corpus-profile"))
                p = timed_ingest(pa, work / "corpus-profile", profile=True)
                res["profiles"]["ingest"] = {"articles": len(sub), "wall_s_profiled": p["wall_s"],
                                             "tottime": p["profile_tottime"], "cumtime": p["profile_cumtime"]}
            if "ask_p50_ms_corpus" in missed or "ask_p50_ms_scale" in missed:
                log("profiling warm asks …")
                lp = latency(a, qs, warmup=1, profile=True)
                res["profiles"]["ask"] = {"chunks": lp["chunks"], "tottime": lp["profile_tottime"], "cumtime": lp["profile_cumtime"]}
            if "cold_ask_s" in missed and not skip_cold:
                log("import times of a cold ask …")
                res["profiles"]["cold_ask_imports"] = cold_ask(index, work, qs[0], importtime=True)["importtime_top"]
            if "ui_ready_s" in missed and not skip_ui:
                log("import times of the UI …")
                res["profiles"]["ui_imports"] = ui_ready(index, work, importtime=True)["importtime_top"]
        res["maxrss_mb"] = {"self": maxrss_mb()}
        res["machine"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
        res["total_s"] = round(time.time() - started, 1)
    finally:
        if keep:
            res["work_dir"] = str(work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    if out_dir:
        write_outputs(res, Path(out_dir))
    return res


def evaluate(res: dict) -> list[dict]:
    t = TARGETS
    rows = []

    def add(key, what, target, value, met):
        rows.append({"key": key, "what": what, "target": target, "value": value, "met": met})

    v = res.get("ingest_over_raw")
    add("ingest_over_raw", "ingest wall / raw encode", f"≤ {t['ingest_over_raw']}", v, None if v is None else v <= t["ingest_over_raw"])
    v = res.get("naive_over_ours")
    add("naive_over_ours", "naive llama-index / ours (wall)", f"≥ {t['naive_over_ours']}", v, None if v is None else v >= t["naive_over_ours"])
    r0 = res.get("reingest_unchanged", {})
    if r0:
        ok = r0["fraction_of_first"] <= t["reingest_fraction"] and r0["embedder_texts"] == 0
        add("reingest_fraction", "unchanged re-ingest / first ingest; embeddings", f"≤ {t['reingest_fraction']:.0%}; 0",
            f"{r0['fraction_of_first']:.2%}; {r0['embedder_texts']}", ok)
    lc = res.get("latency_corpus")
    if lc:
        v = lc["ask"]["p50_ms"]
        add("ask_p50_ms_corpus", f"warm ask p50 at {lc['chunks']:,} chunks (ms)", f"≤ {t['ask_p50_ms_corpus']:g}", v, v <= t["ask_p50_ms_corpus"])
    ls = res.get("latency_scale")
    if ls:
        v = ls["ask"]["p50_ms"]
        add("ask_p50_ms_scale", f"warm ask p50 at {ls['chunks']:,} chunks (ms)", f"≤ {t['ask_p50_ms_scale']:g}", v, v <= t["ask_p50_ms_scale"])
    ca = res.get("cold_ask")
    if ca:
        v = ca["answer_printed_s_median"]
        add("cold_ask_s", "cold `assistant ask` until the answer is printed (s, median)", f"≤ {t['cold_ask_s']:g}", v, v <= t["cold_ask_s"])
    ui = res.get("ui")
    if ui:
        v = ui["ready_s"]
        add("ui_ready_s", "UI ready, HTTP 200 (s)", f"≤ {t['ui_ready_s']:g}", v, None if v is None else v <= t["ui_ready_s"])
    return rows


# -- output ----------------------------------------------------------------------------------------
def write_outputs(res: dict, out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    jpath, mpath = out_dir / "bench.json", out_dir / "bench.md"
    jpath.write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n")
    mpath.write_text(render_markdown(res))
    return jpath, mpath


def _f(x, nd=1, unit=""):
    if x is None:
        return "—"
    if isinstance(x, (int,)) and not isinstance(x, bool):
        return f"{x:,}{unit}"
    return f"{x:,.{nd}f}{unit}"


def render_markdown(res: dict) -> str:
    m = res["machine"]
    L = [f"# Benchmark ({res['started']}{', quick' if res.get('quick') else ''})", ""]
    L += [f"Machine: {m['cpu']}, {m['cores']} cores ({m.get('cores_usable')} usable, torch {m.get('torch_threads', '?')} threads), "
          f"{m['ram_gb']} GB RAM, Python {m['python']}, ingest embeddings in {'bfloat16' if m.get('embed_bf16') else 'float32'}; load average {m['loadavg_start'][0]} at start, "
          f"{m.get('loadavg_end', ['?'])[0]} at end. torch {m.get('torch', '?')}, chromadb {m.get('chromadb', '?')}, "
          f"llama-index-core {m.get('llama_index_core', '?')}.", ""]
    L += [f"Corpus: `{res['corpus']}`, {res.get('articles_in_corpus')} articles. Model load (once per process): "
          f"{_f(res.get('model_load_s'), 1, ' s')}.", ""]
    L += ["| measure | value | target | met |", "|---|---|---|---|"]
    ing, raw = res.get("ingest"), res.get("raw_encode")
    met = {t["key"]: t for t in res.get("targets_met", [])}

    def mark(key):
        t = met.get(key)
        if not t or t["met"] is None:
            return "", ""
        return t["target"], "yes" if t["met"] else "**no**"

    if ing:
        L.append(f"| ingest ({ing['articles']:,} articles → {ing['chunks']:,} chunks), wall / CPU | {_f(ing['wall_s'])} s / {_f(ing['cpu_s'])} s | | |")
        L.append(f"| ingest throughput | {_f(ing['articles_per_s'])} articles/s, {_f(ing['chunks_per_s'])} chunks/s | | |")
    if raw:
        L.append(f"| raw encode of the same {raw['texts']:,} texts ({raw['wordpieces']:,} word-pieces), wall / CPU | {_f(raw['wall_s'])} s / {_f(raw['cpu_s'])} s ({_f(raw['texts_per_s'])} texts/s) | | |")
        L.append(f"| ingest / raw encode (wall; CPU) | {_f(res.get('ingest_over_raw'), 2)}; {_f(res.get('ingest_over_raw_cpu'), 2)} | {mark('ingest_over_raw')[0]} | {mark('ingest_over_raw')[1]} |")
    nv = res.get("naive")
    if nv and "wall_s" in nv:
        cover = nv["wordpieces"] / nv["wordpieces_untruncated"] if nv.get("wordpieces_untruncated") else None
        L.append(f"| naive llama-index ({nv['documents']:,} docs → {nv['nodes']:,} nodes; {_f(nv.get('wordpieces'))} word-pieces embedded, "
                 f"{_f(cover * 100 if cover else None, 0)}% of its nodes' text (truncated at {nv['max_length']}); batch {nv['embed_batch_size']}), wall / CPU | {_f(nv['wall_s'])} s / {_f(nv['cpu_s'])} s | | |")
        L.append(f"| naive / ours (wall) | {_f(res.get('naive_over_ours'), 2)}× | {mark('naive_over_ours')[0]} | {mark('naive_over_ours')[1]} |")
        if res.get("naive_over_ours_per_wordpiece"):
            L.append(f"| naive / ours, per word-piece embedded (wall) | {_f(res['naive_over_ours_per_wordpiece'], 2)}× | | |")
    elif nv:
        L.append(f"| naive llama-index | failed: {str(nv.get('error', ''))[-120:]} | | |")
    r0, r1 = res.get("reingest_unchanged"), res.get("reingest_1pct")
    if r0:
        L.append(f"| re-ingest, nothing changed: time; share of first; texts embedded | {_f(r0['wall_s'], 2)} s; {r0['fraction_of_first']:.2%}; {r0['embedder_texts']} | {mark('reingest_fraction')[0]} | {mark('reingest_fraction')[1]} |")
    if r1:
        L.append(f"| re-ingest, {r1['changed_files']} articles (1%) changed: time; texts embedded | {_f(r1['wall_s'], 2)} s; {r1['embedder_texts']} ({r1['updated']} updated) | | |")
    for key, tkey in (("latency_corpus", "ask_p50_ms_corpus"), ("latency_scale", "ask_p50_ms_scale")):
        lat = res.get(key)
        if lat:
            L.append(f"| warm retrieve at {lat['chunks']:,} chunks, p50 / p95 | {_f(lat['retrieve']['p50_ms'])} / {_f(lat['retrieve']['p95_ms'])} ms | | |")
            L.append(f"| warm ask (offline) at {lat['chunks']:,} chunks, p50 / p95 | {_f(lat['ask']['p50_ms'])} / {_f(lat['ask']['p95_ms'])} ms | {mark(tkey)[0]} | {mark(tkey)[1]} |")
    syn = res.get("synthetic")
    if syn and syn.get("added_chunks"):
        L.append(f"| synthetic chunks added through `Store.add_articles` (Chroma + catalog); BM25 rebuild at {syn['total_chunks']:,} | {syn['added_chunks']:,} in {_f(syn['insert_s'])} s ({_f(syn['insert_chunks_per_s'], 0)}/s); {_f(syn['bm25_rebuild_s'])} s | | |")
    ca = res.get("cold_ask")
    if ca:
        runs = ", ".join(f"{r['answer_printed_s']:.2f}" for r in ca["runs"])
        L.append(f"| cold `python -m assistant ask`, answer printed (median of {len(ca['runs'])}: {runs} s) | {_f(ca['answer_printed_s_median'], 2)} s | {mark('cold_ask_s')[0]} | {mark('cold_ask_s')[1]} |")
    ui = res.get("ui")
    if ui:
        L.append(f"| UI ready (`python -m ui`, HTTP 200) | {_f(ui['ready_s'], 2)} s | {mark('ui_ready_s')[0]} | {mark('ui_ready_s')[1]} |")
    mem = res.get("maxrss_mb", {})
    bits = [f"bench process {_f(mem.get('self'), 0)} MB"]
    if ing:
        bits.append(f"after ingest {_f(ing.get('maxrss_mb_after'), 0)} MB")
    if nv and nv.get("vm_hwm_mb"):
        bits.append(f"naive {_f(nv['vm_hwm_mb'], 0)} MB")
    if ca and any(r.get("vm_hwm_mb") for r in ca["runs"]):
        bits.append(f"cold ask {_f(max(r['vm_hwm_mb'] or 0 for r in ca['runs']), 0)} MB")
    if ui and ui.get("vm_hwm_mb"):
        bits.append(f"UI {_f(ui['vm_hwm_mb'], 0)} MB")
    L.append(f"| peak memory (RSS high-water mark) | {'; '.join(bits)} | | |")
    L.append("")
    if ing:
        L += ["Where the first ingest's time went (wall, model loaded):", "", "| stage | s | share | calls |", "|---|---|---|---|"]
        items = sorted(ing["breakdown"].items(), key=lambda kv: (kv[0].startswith(" "), -kv[1]["s"]))
        for k, v in items:
            # indented keys ("  of which chroma:upsert") are parts of the rows above: "chroma upsert"
            name = "(inside the rows above) " + k.strip().removeprefix("of which ").replace(":", " ") if k.startswith(" ") else k
            L.append(f"| {name} | {_f(v['s'], 2)} | {v['share']:.1%} | {v['calls'] if v['calls'] is not None else ''} |")
        L.append("")
        L.append(f"Texts embedded by the ingest: {ing['embedder_texts']:,} for {ing['chunks']:,} chunks stored "
                 f"({ing['added']:,} files added, {ing['articles']:,} distinct articles; {ing['skipped']} skipped).")
        L.append("")
    for name, title in (("ingest", "ingest"), ("ask", "warm asks")):
        p = res.get("profiles", {}).get(name)
        if p:
            L += [f"cProfile of {title} (top by own time):", "", "| function | calls | own s | cumulative s |", "|---|---|---|---|"]
            for r in p["tottime"][:12]:
                L.append(f"| `{r['function']}` | {r['calls']:,} | {r['tottime_s']:.3f} | {r['cumtime_s']:.3f} |")
            L.append("")
    for name, title in (("cold_ask_imports", "cold `assistant ask`"), ("ui_imports", "the UI")):
        p = res.get("profiles", {}).get(name)
        if p:
            L += [f"Slowest imports of {title} (`-X importtime`, cumulative):", "", "| module | ms |", "|---|---|"]
            for r in p[:10]:
                L.append(f"| `{r['module']}` | {r['cumulative_ms']:,.0f} |")
            L.append("")
    for n in res.get("notes", []):
        L.append(f"- {n}")
    L.append(f"Total bench time {_f(res.get('total_s'), 0)} s.")
    return "\n".join(L) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--naive-worker"]:
        corpus, persist, out = argv[1:4]
        Path(out).write_text(json.dumps(naive_worker(Path(corpus), Path(persist))))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--out", type=Path, default=Path("bench-results"))
    ap.add_argument("--quick", action="store_true", help=f"a {QUICK_ARTICLES}-article subset, {QUICK_SCALE_CHUNKS:,}-chunk scale point")
    ap.add_argument("--skip-naive", action="store_true")
    ap.add_argument("--skip-100k", action="store_true")
    ap.add_argument("--skip-ui", action="store_true")
    ap.add_argument("--skip-cold", action="store_true")
    ap.add_argument("--questions", type=int, default=50)
    ap.add_argument("--scale-chunks", type=int, default=None)
    ap.add_argument("--limit", type=int, default=None, help="use at most this many articles")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args(argv)
    res = run_bench(args.corpus, args.out, quick=args.quick, skip_naive=args.skip_naive, skip_100k=args.skip_100k,
                    skip_ui=args.skip_ui, skip_cold=args.skip_cold, questions=args.questions, scale_chunks=args.scale_chunks,
                    limit=args.limit, keep=args.keep)
    print(render_markdown(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
