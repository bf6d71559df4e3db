"""Where passages live: Chroma (vectors, embedded under index/ or a `chroma run` server), a SQLite
catalog (files, articles, chunk texts: the source of truth) and a persisted BM25 keyword index.

Write order makes a crash harmless: vectors are written before the catalog commits an article,
and removed after the catalog forgets it, so the catalog never points at missing vectors;
vectors the catalog does not know (a crash in between) are ignored by search and swept up by
the next ingest. The BM25 index carries the catalog version it was built from and is rebuilt
when they differ.
"""
from __future__ import annotations

import json
import math
import os
import re
import sqlite3
import threading
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np

from .models import Article, Chunk, Passage, TimeRef
from .settings import Settings

SCHEMA = """
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, article_id TEXT NOT NULL, raw_hash TEXT NOT NULL,
    size INTEGER, mtime REAL, ingested_at REAL);
CREATE TABLE IF NOT EXISTS articles (id TEXT PRIMARY KEY, title TEXT, source TEXT, author TEXT, url TEXT,
    published TEXT, path TEXT, meta_json TEXT, n_chunks INTEGER, ingested_at REAL);
CREATE TABLE IF NOT EXISTS chunks (id TEXT PRIMARY KEY, article_id TEXT NOT NULL, idx INTEGER, text TEXT,
    start INTEGER, "end" INTEGER, header TEXT, times_json TEXT, published_int INTEGER);
CREATE INDEX IF NOT EXISTS chunks_article ON chunks(article_id);
CREATE INDEX IF NOT EXISTS files_article ON files(article_id);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT);
"""

TOKEN = re.compile(r"(?u)\b\w\w+\b")
# Server mode: the Chroma client waits forever by default; a server that accepts connections but
# does not answer (stopped, overloaded, a proxy in between) must fail instead of hanging. A
# `chroma_timeout_s` setting, if present, overrides it.
CHROMA_TIMEOUT_S = 30.0
# Embedded mode: another process (a CLI ingest) may rewrite the Chroma folder while this one reads
# it. A client keeps the vector index it loaded: it never sees vectors added later, and a filtered
# query that meets their records fails ("Error finding id"). Reads reopen the client when the
# catalog moved since it was opened (at most every REOPEN_INTERVAL_S), and reopen and retry, up to
# READ_RETRIES times, when Chroma raises.
READ_RETRIES = 3
REOPEN_INTERVAL_S = 2.0


class StoreError(RuntimeError):
    """The index cannot be reached or read; the message says what to do."""


def date_int(iso: str | None) -> int:
    return int(iso.replace("-", "")) if iso else 0


WORD = re.compile(r"\b[A-Za-z][a-z]+\b")


def lowercase_words(texts: list[str]) -> frozenset[str]:
    """Words the corpus writes in lower case far more often than capitalised ("every", "food",
    "researchers"): one of them opening a sentence is an ordinary word, not a name."""
    low: dict[str, int] = {}
    cap: dict[str, int] = {}
    for t in texts:
        for w in WORD.findall(t):
            if w[0].islower():
                low[w] = low.get(w, 0) + 1
            else:
                k = w.lower()
                cap[k] = cap.get(k, 0) + 1
    return frozenset(w for w, n in low.items() if n >= 3 and n >= 3 * cap.get(w, 0))


class _KeywordState:
    """One built index: replaced as a whole, so a reader never mixes two versions' ids and scores."""

    def __init__(self, bm25, ids: list[str], published, version: int, lowercase: frozenset[str] = frozenset()):
        self.bm25, self.ids, self.version, self.lowercase = bm25, ids, version, lowercase
        self.published = np.asarray(published, dtype=np.int64)
        self.vocab: dict[str, int] = getattr(bm25, "vocab_dict", {}) if bm25 is not None else {}
        self.df = np.diff(np.asarray(bm25.scores["indptr"])) if bm25 is not None else None


class KeywordIndex:
    """BM25 (bm25s) over stemmed, stop-worded tokens of title + passage."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._state = _KeywordState(None, [], np.zeros(0, dtype=np.int64), -1)

    # the current index, read through one reference (a concurrent rebuild swaps it whole)
    version = property(lambda self: self._state.version)
    ids = property(lambda self: self._state.ids)
    published = property(lambda self: self._state.published)
    bm25 = property(lambda self: self._state.bm25)
    vocab = property(lambda self: self._state.vocab)
    lowercase = property(lambda self: self._state.lowercase)

    @staticmethod
    def tokenize(texts: list[str]) -> list[list[str]]:
        import bm25s
        import Stemmer

        stem = _stemmer()
        stop = _stopwords()
        out = []
        for t in texts:
            words = [w for w in TOKEN.findall(t.lower()) if w not in stop]
            out.append(stem.stemWords(words))
        return out

    def build(self, ids: list[str], texts: list[str], published: list[int], version: int) -> None:
        import shutil
        import uuid

        import bm25s

        self.folder.mkdir(parents=True, exist_ok=True)
        retriever = bm25s.BM25()
        tokens = self.tokenize(texts) if texts else []
        if tokens:
            retriever.index(tokens, show_progress=False)
        lowercase = lowercase_words(texts)
        self._state = _KeywordState(retriever if tokens else None, ids, published, version, lowercase)
        # write under a private name (another thread or process may be building too), then swap
        # it in by renames: readers find the old index, the new one, or none (and rebuild)
        tag = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._clean_leftovers()
        tmp = self.folder / f"next-{tag}"
        tmp.mkdir()
        try:
            if tokens:
                retriever.save(str(tmp / "bm25"))
            np.save(tmp / "published.npy", np.asarray(published, dtype=np.int64))
            (tmp / "lowercase.json").write_text(json.dumps(sorted(lowercase)))
            (tmp / "ids.json").write_text(json.dumps({"version": version, "ids": ids}))
            cur = self.folder / "current"
            old = self.folder / f"old-{tag}"
            try:
                cur.rename(old)
            except FileNotFoundError:
                pass
            tmp.rename(cur)
        except OSError:
            pass  # another writer swapped its index in meanwhile; its version label tells readers if it is stale
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
            shutil.rmtree(self.folder / f"old-{tag}", ignore_errors=True)

    def _clean_leftovers(self) -> None:
        """Remove the temporary folders of builds whose process is gone (killed mid-build)."""
        import shutil

        for d in self.folder.glob("*-*-*"):
            name, _, rest = d.name.partition("-")
            pid = rest.split("-")[0]
            if name in ("next", "old") and pid.isdigit() and not _alive(int(pid)):
                shutil.rmtree(d, ignore_errors=True)
        for name in ("next", "old"):  # the fixed names older versions used
            if (self.folder / name).is_dir():
                shutil.rmtree(self.folder / name, ignore_errors=True)

    def idf(self, token: str) -> float:
        """Rarity of a stemmed token in the corpus; unseen tokens count as rare."""
        st = self._state
        n = max(1, len(st.ids))
        i = st.vocab.get(token)
        df = int(st.df[i]) if st.df is not None and i is not None and i < len(st.df) else 0
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def load(self) -> bool:
        import bm25s

        cur = self.folder / "current"
        try:
            meta = json.loads((cur / "ids.json").read_text())
            published = np.load(cur / "published.npy")
            bm25 = bm25s.BM25.load(str(cur / "bm25")) if meta["ids"] else None
            # missing in an index built before the list existed: rebuilt once, like a damaged one
            lowercase = frozenset(json.loads((cur / "lowercase.json").read_text()))
        except (OSError, ValueError, KeyError, EOFError):
            return False
        if len(published) != len(meta["ids"]) or (bm25 is not None and bm25.scores.get("num_docs", len(meta["ids"])) != len(meta["ids"])):
            return False  # inconsistent parts: rebuild
        self._state = _KeywordState(bm25, meta["ids"], published, meta["version"], lowercase)
        return True

    def search(self, query: str, n: int, max_published: int | None = None) -> list[tuple[str, float]]:
        st = self._state
        if st.bm25 is None or not st.ids:
            return []
        q = [t for t in self.tokenize([query])[0] if t in st.vocab]
        if not q:
            return []
        mask = None
        if max_published:
            mask = ((st.published <= max_published) | (st.published == 0)).astype(np.float32)
        n = min(n, len(st.ids))
        docs, scores = st.bm25.retrieve([q], k=n, show_progress=False, weight_mask=mask, n_threads=0)
        return [(st.ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


_stem_local = threading.local()


def _stemmer():
    if not hasattr(_stem_local, "stemmer"):
        import Stemmer

        _stem_local.stemmer = Stemmer.Stemmer("english")
    return _stem_local.stemmer


_STOP: set[str] | None = None


def _stopwords() -> set[str]:
    global _STOP
    if _STOP is None:
        from bm25s.stopwords import STOPWORDS_EN

        _STOP = set(STOPWORDS_EN)
    return _STOP


def _set_wal(conn: sqlite3.Connection, wait: float = 30.0) -> None:
    """Switch a new catalog to WAL. SQLite answers "locked" at once, without its busy
    timeout, when another process converts the same new file at that moment: retry."""
    deadline = time.monotonic() + wait
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class Store:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.dir = Path(settings.index_dir)
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"cannot create the index folder {self.dir}: {e.strerror}; set ASSISTANT_INDEX_DIR to a writable folder") from None
        self._local = threading.local()
        self._collection = None
        self._client = None
        self._opened = (-1, 0.0)  # (catalog version, monotonic time) when the embedded client was opened
        self.reopens = 0          # embedded clients reopened to see another process's writes or after an error
        self._lock = threading.RLock()
        self.keywords = KeywordIndex(self.dir / "bm25")
        with self.db:
            self.db.executescript(SCHEMA)
            # catalogs from before the pipeline stamp: their articles count as processed by an
            # older pipeline (NULL), so the next ingest processes them again
            if "pipeline" not in {r[1] for r in self.db.execute("PRAGMA table_info(articles)")}:
                try:
                    self.db.execute("ALTER TABLE articles ADD COLUMN pipeline TEXT")
                except sqlite3.OperationalError as e:  # another process migrated it meanwhile
                    if "duplicate column" not in str(e):
                        raise

    # -- catalog ---------------------------------------------------------------------------
    @property
    def db(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.dir / "catalog.sqlite", timeout=30)
            _set_wal(conn)
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.row_factory = sqlite3.Row
            self._local.conn = conn
        return conn

    def version(self) -> int:
        row = self.db.execute("SELECT value FROM state WHERE key='version'").fetchone()
        return int(row[0]) if row else 0

    def _bump(self) -> None:
        self.db.execute("INSERT INTO state(key, value) VALUES('version', '1') ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1")

    def counts(self) -> dict[str, int]:
        a = self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        c = self.db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
        f = self.db.execute("SELECT COUNT(*) FROM files").fetchone()[0]
        return {"articles": a, "chunks": c, "files": f}

    def files_under(self, root: Path) -> dict[str, sqlite3.Row]:
        """Files under `root`, each with the pipeline stamp of its article."""
        root_s = str(root)
        rows = self.db.execute("SELECT f.*, a.pipeline FROM files f LEFT JOIN articles a ON a.id = f.article_id").fetchall()
        return {r["path"]: r for r in rows if r["path"] == root_s or r["path"].startswith(root_s.rstrip("/") + "/")}

    def has_article(self, article_id: str, pipeline: str | None = None) -> bool:
        """Whether the article is stored (and, given `pipeline`, was processed by that pipeline)."""
        row = self.db.execute("SELECT pipeline FROM articles WHERE id=?", (article_id,)).fetchone()
        return row is not None and (pipeline is None or row[0] == pipeline)

    def stored_vectors(self, chunks: list[Chunk]) -> dict[str, np.ndarray]:
        """The stored vectors of those chunks whose stored text and header are the same as
        theirs (chunk ids name the article, the position and the span, not the text)."""
        if not chunks:
            return {}
        want = {c.id: (c.text, c.header or "") for c in chunks}
        rows = self._rows_for("SELECT id, text, header FROM chunks WHERE id IN ({ids})", list(want))
        same = [r[0] for r in rows if (r[1], r[2] or "") == want[r[0]]]
        if not same:
            return {}
        got = self._chroma_call(self.collection.get, ids=same, include=["embeddings"])
        return {cid: np.asarray(v, dtype=np.float32) for cid, v in zip(got["ids"], got["embeddings"])}

    def stale_articles(self, pipeline: str) -> int:
        """Articles processed by another (older) pipeline: `assistant ingest` processes them again."""
        return self.db.execute("SELECT COUNT(*) FROM articles WHERE pipeline IS NOT ?", (pipeline,)).fetchone()[0]

    def articles(self) -> list[dict]:
        rows = self.db.execute("SELECT id, title, source, author, url, published, path, n_chunks, ingested_at FROM articles ORDER BY published DESC, title").fetchall()
        return [dict(r) for r in rows]

    def link_file(self, path: str, article_id: str, raw_hash: str, size: int, mtime: float) -> list[str]:
        """Point a file at an article already stored (same content under another name, or a
        file whose bytes changed but whose cleaned text did not). Returns orphaned article ids."""
        with self._lock, self.db:
            old = self.db.execute("SELECT article_id FROM files WHERE path=?", (path,)).fetchone()
            self.db.execute("INSERT OR REPLACE INTO files VALUES(?,?,?,?,?,?)", (path, article_id, raw_hash, size, mtime, time.time()))
            orphans = self._drop_orphans([old[0]] if old and old[0] != article_id else [])
            self._bump()
        self._delete_vectors(orphans)
        return orphans

    def add_article(self, path: str, raw_hash: str, size: int, mtime: float, article: Article,
                    chunks: list[Chunk], vectors: np.ndarray, pipeline: str = "") -> None:
        self.add_articles([(path, raw_hash, size, mtime, article, chunks, vectors)], pipeline)

    def add_articles(self, items: list[tuple[str, str, int, float, Article, list[Chunk], np.ndarray]],
                     pipeline: str = "") -> None:
        """Store several articles: (path, raw_hash, size, mtime, article, chunks, vectors) each.

        The same result as one `add_article` per item, in order, with one Chroma upsert per 512
        chunks and one catalog transaction for all of them (a Chroma write costs tens of ms
        whatever its size: per article it was most of the non-embedding ingest time). Vectors
        are written before the catalog commits, orphaned vectors deleted after it, as before.
        `pipeline` stamps the articles with the processing that made their chunks; an article
        stored again (processed by a newer pipeline) loses the chunks it no longer has."""
        if not items:
            return
        rows: dict[str, tuple] = {}  # chunk id -> (document, vector, metadata); an id met twice keeps the last
        for path, raw_hash, size, mtime, article, chunks, vectors in items:
            pub = date_int(article.published_str)
            for c, v in zip(chunks, vectors):
                lo = min((t.start for t in c.times), default=0)
                hi = max((t.end for t in c.times), default=0)
                rows[c.id] = (c.text, v, {"article_id": article.id, "published_int": pub, "idx": c.index, "date_min": lo, "date_max": hi})
        with self._lock:
            if rows:
                col = self.collection
                ids = list(rows)
                for i in range(0, len(ids), 512):
                    part = ids[i:i + 512]
                    self._chroma_call(col.upsert, ids=part, embeddings=np.asarray([rows[k][1] for k in part], dtype=np.float32),
                                      documents=[rows[k][0] for k in part], metadatas=[rows[k][2] for k in part])
            orphans: list[str] = []
            with self.db:
                for path, raw_hash, size, mtime, article, chunks, _vectors in items:
                    pub = date_int(article.published_str)
                    old = self.db.execute("SELECT article_id FROM files WHERE path=?", (path,)).fetchone()
                    meta = {"meta_sources": article.meta_sources}
                    self.db.execute("INSERT OR REPLACE INTO articles(id, title, source, author, url, published, path, "
                                    "meta_json, n_chunks, ingested_at, pipeline) VALUES(?,?,?,?,?,?,?,?,?,?,?)", (
                        article.id, article.title, article.source, article.author, article.url, article.published_str,
                        path, json.dumps(meta), len(chunks), time.time(), pipeline))
                    orphans += [r[0] for r in self.db.execute("SELECT id FROM chunks WHERE article_id=?", (article.id,))]
                    self.db.execute("DELETE FROM chunks WHERE article_id=?", (article.id,))
                    self.db.executemany("INSERT INTO chunks VALUES(?,?,?,?,?,?,?,?,?)", [
                        (c.id, article.id, c.index, c.text, c.start, c.end, c.header,
                         json.dumps([asdict(t) for t in c.times]), pub) for c in chunks])
                    self.db.execute("INSERT OR REPLACE INTO files VALUES(?,?,?,?,?,?)", (path, article.id, raw_hash, size, mtime, time.time()))
                    orphans += self._drop_orphans([old[0]] if old and old[0] != article.id else [])
                self._bump()
            # an article orphaned by one item and stored again by a later one keeps its vectors
            self._delete_vectors([cid for cid in orphans if cid not in rows])

    def remove_file(self, path: str) -> list[str]:
        with self._lock:
            with self.db:
                old = self.db.execute("SELECT article_id FROM files WHERE path=?", (path,)).fetchone()
                self.db.execute("DELETE FROM files WHERE path=?", (path,))
                orphans = self._drop_orphans([old[0]] if old else [])
                self._bump()
            self._delete_vectors(orphans)
            return orphans

    def remove_article(self, article_id: str) -> int:
        with self._lock:
            with self.db:
                n = self.db.execute("DELETE FROM files WHERE article_id=?", (article_id,)).rowcount
                orphans = self._drop_orphans([article_id])
                self._bump()
            self._delete_vectors(orphans)
            return len(orphans)

    def _drop_orphans(self, article_ids: list[str]) -> list[str]:
        """Articles no file points to any more: forget them and return their chunk ids."""
        chunk_ids: list[str] = []
        for aid in article_ids:
            if self.db.execute("SELECT 1 FROM files WHERE article_id=?", (aid,)).fetchone():
                continue
            chunk_ids += [r[0] for r in self.db.execute("SELECT id FROM chunks WHERE article_id=?", (aid,))]
            self.db.execute("DELETE FROM chunks WHERE article_id=?", (aid,))
            self.db.execute("DELETE FROM articles WHERE id=?", (aid,))
        return chunk_ids

    def _delete_vectors(self, chunk_ids: list[str]) -> None:
        for i in range(0, len(chunk_ids), 256):
            self._chroma_call(self.collection.delete, ids=chunk_ids[i:i + 256])

    def sweep(self) -> int:
        """Remove vectors the catalog does not know (left by an interrupted ingest)."""
        col = self.collection
        known = {r[0] for r in self.db.execute("SELECT id FROM chunks")}
        total = self._chroma_call(col.count)
        if total == len(known):
            return 0
        stray: list[str] = []
        for offset in range(0, total, 5000):
            got = self._chroma_call(col.get, include=[], limit=5000, offset=offset)
            stray += [i for i in got["ids"] if i not in known]
        self._delete_vectors(stray)
        return len(stray)

    # -- vectors ---------------------------------------------------------------------------
    @property
    def collection(self):
        if self._collection is None:
            with self._lock:
                if self._collection is None:
                    self._collection = self._open_collection()
        return self._collection

    def _open_collection(self):
        import chromadb

        s = self.settings
        cfg = chromadb.Settings(anonymized_telemetry=False, allow_reset=False)
        try:
            if s.chroma_host:
                import httpx

                timeout = float(getattr(s, "chroma_timeout_s", CHROMA_TIMEOUT_S))
                # the client's first requests have no timeout: check the server answers at all
                httpx.get(f"http://{s.chroma_host}:{s.chroma_port}/api/v2/heartbeat", timeout=min(5.0, timeout))
                self._client = chromadb.HttpClient(host=s.chroma_host, port=s.chroma_port, settings=cfg)
                session = getattr(getattr(self._client, "_server", None), "_session", None)
                if isinstance(session, httpx.Client):
                    session.timeout = httpx.Timeout(timeout, connect=min(5.0, timeout))
            else:
                self._opened = (self.version(), time.monotonic())  # read first: the client holds at least this
                self._client = chromadb.PersistentClient(path=str(s.chroma_dir), settings=cfg)
            # embedding_function=None: we always pass our own vectors (Chroma's default downloads a model)
            return self._client.get_or_create_collection(s.collection, embedding_function=None,
                                                         configuration={"hnsw": {"space": "cosine"}})
        except Exception as e:  # noqa: BLE001 - turn any client failure into one clear message
            raise StoreError(self._where() + f" is not reachable: {type(e).__name__}: {e}") from None

    def _where(self) -> str:
        s = self.settings
        return f"Chroma server {s.chroma_host}:{s.chroma_port}" if s.chroma_host else f"Chroma store {s.chroma_dir}"

    def _chroma_call(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception as e:  # noqa: BLE001
            if self.settings.chroma_host:
                self._collection = None  # reconnect on the next call, when the server is back
            raise StoreError(f"{self._where()} failed: {type(e).__name__}: {e}") from None

    def dense_search(self, vector: np.ndarray, n: int, max_published: int | None = None) -> list[tuple[str, float]]:
        where = None
        if max_published:
            where = {"$or": [{"published_int": {"$lte": max_published}}, {"published_int": {"$eq": 0}}]}
        if self.settings.chroma_host:
            return self._dense_query(self.collection, vector, n, where)
        self._refresh_if_stale()
        for attempt in range(READ_RETRIES + 1):
            col = None
            try:
                col = self.collection
                return self._dense_query(col, vector, n, where)
            except BaseException as e:  # noqa: BLE001 - Chroma's Rust panics are BaseExceptions
                if not (isinstance(e, Exception) or type(e).__name__ == "PanicException"):
                    raise
                if attempt == READ_RETRIES:
                    if isinstance(e, StoreError):
                        raise
                    raise StoreError(f"{self._where()} failed: {type(e).__name__}: {e}") from None
                self._reopen(col)
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    def _dense_query(self, col, vector: np.ndarray, n: int, where) -> list[tuple[str, float]]:
        try:
            # Chroma returns fewer results when the collection holds fewer: no count() round trip
            res = col.query(query_embeddings=[vector.tolist()], n_results=n, where=where, include=["distances"])
        except Exception:  # noqa: BLE001 - servers that insist on n_results <= count; or a real failure, reported below
            count = self._chroma_call(col.count)
            if count == 0:
                return []
            res = self._chroma_call(col.query, query_embeddings=[vector.tolist()], n_results=min(n, count), where=where, include=["distances"])
        return [(i, 1.0 - float(d)) for i, d in zip(res["ids"][0], res["distances"][0])]

    def _refresh_if_stale(self) -> None:
        """Embedded mode: reopen the client if the catalog moved since it was opened (another
        process stored or removed articles; this client would not see their vectors)."""
        version, at = self._opened
        if self._collection is not None and time.monotonic() - at >= REOPEN_INTERVAL_S and self.version() != version:
            self._reopen(self._collection)

    def _reopen(self, failed) -> None:
        """Embedded mode: drop the client (unless another thread already replaced it) so that the
        next call opens the folder anew. Chroma shares one client per folder in a process: take
        ours out of its cache without stopping it (calls under way finish on it, other Stores on
        the folder keep theirs); it is freed once unused."""
        with self._lock:
            if failed is not None and self._collection is not failed:
                return
            client, self._collection, self._client = self._client, None, None
            self.reopens += 1
        try:
            from chromadb.api.shared_system_client import SharedSystemClient as shared

            ident, system = client._identifier, client._server._system
            with shared._refcount_lock:
                if shared._identifier_to_system.get(ident) is system:
                    del shared._identifier_to_system[ident]
                    shared._identifier_to_refcount.pop(ident, None)
        except Exception:  # noqa: BLE001 - another Chroma version: the next open may reuse the cached client
            pass

    # -- keyword index ---------------------------------------------------------------------
    def rebuild_keywords(self) -> None:
        with self._lock:
            # the version first: rows read after it are at least that new, so the label never
            # claims more than the index holds (a newer catalog only means one more rebuild)
            v = self.version()
            rows = self.db.execute("SELECT c.id, c.text, a.title, c.published_int FROM chunks c JOIN articles a ON a.id=c.article_id ORDER BY c.rowid").fetchall()
            self.keywords.build([r[0] for r in rows], [f"{r[2]}\n{r[1]}" for r in rows], [r[3] for r in rows], v)

    def keyword_search(self, query: str, n: int, max_published: int | None = None) -> list[tuple[str, float]]:
        v = self.version()
        if self.keywords.version != v:
            with self._lock:
                if self.keywords.version != v and not (self.keywords.load() and self.keywords.version == v):
                    self.rebuild_keywords()
        return self.keywords.search(query, n, max_published)

    # -- passages --------------------------------------------------------------------------
    def passages(self, ids: list[str]) -> dict[str, Passage]:
        if not ids:
            return {}
        out: dict[str, Passage] = {}
        rows = self._rows_for(
            "SELECT c.id, c.article_id, c.text, c.start, c.\"end\", c.times_json, a.title, a.source, a.author, a.published, a.url, a.path "
            "FROM chunks c JOIN articles a ON a.id = c.article_id WHERE c.id IN ({ids})", ids)
        for r in rows:
            out[r["id"]] = Passage(chunk_id=r["id"], article_id=r["article_id"], text=r["text"], title=r["title"] or "",
                                   source=r["source"] or "", published=r["published"], url=r["url"] or None, path=r["path"] or "",
                                   author=r["author"] or "", start=r["start"], end=r["end"],
                                   times=[TimeRef(**t) for t in json.loads(r["times_json"] or "[]")])
        return out

    def _rows_for(self, sql: str, ids: list[str]) -> list[sqlite3.Row]:
        """`sql` run for `ids` (bound where it says `{ids}`), 500 at a time: SQLite limits bound variables."""
        rows: list[sqlite3.Row] = []
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            rows += self.db.execute(sql.format(ids=",".join("?" * len(part))), part).fetchall()
        return rows

    def neighbours(self, passage: Passage) -> list[Passage]:
        rows = self.db.execute("SELECT id FROM chunks WHERE article_id=? ORDER BY idx", (passage.article_id,)).fetchall()
        return list(self.passages([r[0] for r in rows]).values())
