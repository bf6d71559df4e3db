"""Helpers shared by the reliability tests: run `assistant ingest` in a subprocess, read a
catalog directly, compute what a clean ingest of a folder must produce, check an index's
invariants, and run a real `chroma run` server."""
from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT, make_settings

QUERIES = ["bridge repairs", "Why did Oslo close the bridge?", "ferry fuel prices", "port strike wage offer",
           "budget for new schools", "who is the harbour master?"]


def ingest_env(index: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_") and k not in ("CHROMA_HOST", "CHROMA_PORT")}
    env.update(ASSISTANT_INDEX_DIR=str(index), ASSISTANT_AUTO_INGEST="false", HF_HUB_OFFLINE="1",
               PYTHONPATH=str(ROOT), **extra)
    return env


def start_ingest(corpus: Path, index: Path, cwd: Path, log: Path) -> subprocess.Popen:
    """`python -m assistant ingest CORPUS` (cwd: a folder without a .env)."""
    cwd.mkdir(parents=True, exist_ok=True)
    fh = open(log, "ab")
    try:
        return subprocess.Popen([sys.executable, "-m", "assistant", "ingest", str(corpus)], cwd=cwd,
                                env=ingest_env(index), stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    finally:
        fh.close()


def run_ingest(corpus: Path, index: Path, cwd: Path, log: Path, timeout: float = 600) -> int:
    p = start_ingest(corpus, index, cwd, log)
    try:
        return p.wait(timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        raise AssertionError(f"ingest did not finish in {timeout:.0f}s; log:\n{tail(log)}") from None


def tail(log: Path, n: int = 3000) -> str:
    try:
        return log.read_text(errors="replace")[-n:]
    except OSError:
        return ""


def catalog_count(index: Path, table: str = "files") -> int:
    """Rows in a catalog table, read-only (-1 while the catalog does not exist yet)."""
    path = index / "catalog.sqlite"
    if not path.exists():
        return -1
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return -1


def catalog_of(index: Path) -> tuple[dict[str, str], dict[str, frozenset[str]]]:
    """(file path → article id, article id → its chunk ids) straight from the catalog."""
    con = sqlite3.connect(f"file:{index / 'catalog.sqlite'}?mode=ro", uri=True, timeout=30)
    try:
        files = dict(con.execute("SELECT path, article_id FROM files").fetchall())
        chunks: dict[str, set[str]] = {}
        for cid, aid in con.execute("SELECT id, article_id FROM chunks"):
            chunks.setdefault(aid, set()).add(cid)
        for (aid,) in con.execute("SELECT id FROM articles"):
            chunks.setdefault(aid, set())
    finally:
        con.close()
    return files, {k: frozenset(v) for k, v in chunks.items()}


def expected_catalog(corpus: Path, settings) -> tuple[dict[str, str], dict[str, frozenset[str]]]:
    """What a clean ingest of `corpus` stores, from the pipeline's own functions (no embedding)."""
    from assistant.ingest.load import SkipFile, find_files, read_article, read_folder_meta
    from assistant.ingest.pipeline import build_article, chunk_with_times

    root = Path(corpus).resolve()
    files: dict[str, str] = {}
    chunks: dict[str, frozenset[str]] = {}
    for p in find_files(root):
        try:
            raw = read_article(p, int(settings.max_file_mb * 1e6), read_folder_meta(p.parent))
            art, _ = build_article(raw)
        except SkipFile:
            continue
        if not art.text.strip():
            continue
        files[str(p)] = art.id
        if art.id not in chunks:
            chunks[art.id] = frozenset(c.id for c in chunk_with_times(art, settings.chunk_tokens, settings.chunk_overlap_tokens))
    return files, chunks


def chroma_ids(store) -> set[str]:
    col = store.collection
    out: set[str] = set()
    total = col.count()
    for off in range(0, total, 5000):
        out |= set(col.get(include=[], limit=5000, offset=off)["ids"])
    return out


def release_chroma() -> None:
    """Forget this process's cached Chroma clients, so that the next Store reads the folder anew
    (another process may have written to it meanwhile)."""
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()


def check_index(index: Path, queries=QUERIES) -> dict[str, int]:
    """The invariants an index must keep whenever no ingest is running, even after a SIGKILL."""
    from assistant import Assistant

    release_chroma()
    try:
        a = Assistant(make_settings(index, auto_ingest=False))
        store = a.store
        db = store.db
        q = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
        assert q("SELECT COUNT(*) FROM chunks c WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = c.article_id)") == 0, "chunk without its article"
        assert q("SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.article_id = a.id)") == 0, "article without a file"
        assert q("SELECT COUNT(*) FROM files f WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = f.article_id)") == 0, "file pointing at no article"
        assert q("SELECT COUNT(*) FROM articles a WHERE a.n_chunks != (SELECT COUNT(*) FROM chunks c WHERE c.article_id = a.id)") == 0, "n_chunks wrong"
        assert q("SELECT COUNT(*) - COUNT(DISTINCT article_id || ':' || idx) FROM chunks") == 0, "duplicate chunk position"
        ids = [r[0] for r in db.execute("SELECT id FROM chunks")]
        assert len(ids) == len(set(ids)), "duplicate chunk ids"
        catalog = set(ids)
        before = chroma_ids(store)
        missing = catalog - before
        assert not missing, f"{len(missing)} catalog chunks have no vector"
        store.sweep()
        after = chroma_ids(store)
        assert after == catalog, f"after sweep: {len(after - catalog)} stray vectors"
        found = set()
        for query in queries:
            hits = {cid for cid, _ in store.keyword_search(query, 50)}
            assert hits <= catalog, f"BM25 returned {len(hits - catalog)} ids missing from the catalog"
            found |= hits
        assert bool(found) == bool(catalog)
        passages = a.retrieve(queries[1], k=5)
        assert {p.chunk_id for p in passages} <= catalog
        assert bool(passages) == bool(catalog)
        return store.counts()
    finally:
        release_chroma()


# -- a real Chroma server -------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_chroma(path: Path, port: int, log: Path, timeout: float = 60) -> subprocess.Popen:
    exe = Path(sys.executable).with_name("chroma")
    fh = open(log, "ab")
    try:
        proc = subprocess.Popen([str(exe), "run", "--path", str(path), "--port", str(port), "--host", "127.0.0.1"],
                                stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=path.parent)
    finally:
        fh.close()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"chroma run exited with {proc.returncode}:\n{tail(log)}")
        try:
            import urllib.request

            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    proc.wait()
    raise RuntimeError(f"chroma run did not answer on port {port} within {timeout:.0f}s:\n{tail(log)}")
