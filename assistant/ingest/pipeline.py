"""Incremental ingest: load → clean → metadata/dates → chunk → embed → store.

A content hash per file skips unchanged files without reading them twice; a hash of the cleaned
article decides whether anything must be embedded (a re-saved file with the same text costs
nothing). Files gone from the folder are removed. One ingest at a time per index (a lock file).
Articles carry a stamp of the pipeline that processed them: one made by older cleaning, dating
or chunking (or other chunk settings) is processed again even though its file did not change.
"""
from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import os
import re
import signal
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import urlparse

import numpy as np

from ..models import Article, Chunk
from ..store import StoreError
from . import chunk as chunking
from .clean import Cleaned, clean
from .dates import find_published_in_text, resolve_times
from .load import RawArticle, SkipFile, find_files, parse_date, read_article, read_folder_meta

Progress = Callable[[int, int, str], None]

# Reading, cleaning, dating and chunking one file may take at most this long; a pathological
# file (catastrophic regex backtracking, quadratic passes over a huge text) is skipped with the
# reason instead of hanging the ingest and holding its lock. A `file_time_limit_s` setting, if
# present, overrides it; 0 disables the limit.
FILE_TIME_LIMIT_S = 120.0
# chunks embedded per group (at least one model batch): each group is committed before the next
# one is embedded, so a kill loses at most one group of work. Texts are sorted by length within a
# group; groups of ~64 (one batch plus a small tail batch) cost ~12% more encoder CPU than groups
# of 256 (benchmarks/README.md), which lose at most a few seconds of embedding to a kill.
EMBED_GROUP_CHUNKS = 256
# Bump when cleaning, metadata, date resolution or chunking produce different output for the same
# file: indexed articles stamped with an older version are then processed again by the next ingest.
PIPELINE_VERSION = 4  # 4: character references in text and Markdown files decoded


def pipeline_stamp(settings) -> str:
    return f"v{PIPELINE_VERSION}/chunk{settings.chunk_tokens}+{settings.chunk_overlap_tokens}"


class IngestBusy(RuntimeError):
    pass


class FileTooSlow(BaseException):
    """Raised into the ingest when one file exceeds the time limit. A BaseException, so that the
    `except Exception` blocks of the libraries the file passes through do not swallow it."""


@contextmanager
def time_limit(seconds: float | None):
    """Raise FileTooSlow in this thread once `seconds` have passed inside the block.

    In the main thread a SIGALRM timer interrupts anything, even a regular expression stuck in
    C; it fires again every second in case something swallowed it. In other threads a watchdog
    raises the exception asynchronously, which Python delivers between bytecodes (a single
    long call into C is interrupted when it returns)."""
    if not seconds or seconds <= 0:
        yield
        return
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        def on_alarm(signum, frame):
            raise FileTooSlow()

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        return
    import ctypes

    tid = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def fire():
        with lock:
            if not state["done"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), ctypes.py_object(FileTooSlow))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["done"] = True
            timer.cancel()
            if state["fired"]:  # fired but not delivered yet: withdraw it, raise it here instead
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), None)
        if state["fired"]:
            raise FileTooSlow()


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    reprocessed: list[str] = field(default_factory=list)  # unchanged files an older pipeline had processed
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)   # (path, reason)
    chunks_embedded: int = 0
    chunks_reused: int = 0  # chunks of re-processed articles whose text did not change: not embedded again
    seconds: float = 0.0

    def summary(self) -> str:
        again = f"{len(self.reprocessed)} re-processed (indexed by an older version), " if self.reprocessed else ""
        s = (f"{len(self.added)} added, {len(self.updated)} updated, {again}{len(self.unchanged)} unchanged, "
             f"{len(self.removed)} removed, {len(self.skipped)} skipped; {self.chunks_embedded} chunks embedded"
             + (f" ({self.chunks_reused} unchanged kept their vectors)" if self.chunks_reused else "") + f" in {self.seconds:.1f}s")
        return s

    def to_dict(self) -> dict:
        return {"added": self.added, "updated": self.updated, "reprocessed": self.reprocessed, "unchanged": self.unchanged, "removed": self.removed,
                "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
                "chunks_embedded": self.chunks_embedded, "chunks_reused": self.chunks_reused, "seconds": round(self.seconds, 2)}


class IngestLock:
    def __init__(self, folder: Path):
        self.path = folder / "ingest.lock"
        self.fh = None

    def __enter__(self):
        import fcntl

        self.fh = open(self.path, "a+")
        try:
            fcntl.flock(self.fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.fh.seek(0)
            holder = self.fh.read().strip() or "another process"
            self.fh.close()
            raise IngestBusy(f"another ingest is running on this index ({holder}); wait for it to finish and run again") from None
        self.fh.seek(0)
        self.fh.truncate()
        self.fh.write(f"pid {os.getpid()}")
        self.fh.flush()
        return self

    def __exit__(self, *exc):
        import fcntl

        fcntl.flock(self.fh, fcntl.LOCK_UN)
        self.fh.close()


def build_article(raw: RawArticle) -> tuple[Article, Cleaned]:
    meta, sources = dict(raw.meta), dict(raw.meta_sources)
    cleaned = clean(raw.body, raw.kind, title_hint=str(meta.get("title") or ""))
    title = str(meta.get("title") or cleaned.title or _title_from_name(raw.path))
    if "title" not in sources:
        sources["title"] = "text: headline line" if cleaned.title else "file name"
    author = str(meta.get("author") or cleaned.author or "")
    if author and "author" not in sources:
        sources["author"] = "text: byline"
    url = str(meta.get("url") or "")
    source = str(meta.get("source") or cleaned.outlet or "")
    if source and "source" not in sources:
        sources["source"] = "text: byline"
    if not source and url:
        source = urlparse(url).netloc.removeprefix("www.")
        sources["source"] = "url host"
    published = parse_date(meta.get("published")) if meta.get("published") else None
    if published is None:
        # stamps first, then a dateline opening one of the first paragraphs; never teasers, never a
        # date inside a sentence of the story ("on 11 September 2001")
        kept_top = [b.text for b in cleaned.blocks if b.kept][:3]
        published, where = find_published_in_text(cleaned.stamps + cleaned.captions, latest=dt.date.today(), body=kept_top)
        if published:
            sources["published"] = where
    elif "published" in sources:
        pass
    text = cleaned.text
    digest = hashlib.sha256("\x1f".join([text, title, source, author, url, str(published)]).encode()).hexdigest()
    article = Article(id=digest[:16], path=str(raw.path), text=text, title=title, source=source, author=author,
                      url=url, published=published, meta_sources=sources, content_hash=digest)
    return article, cleaned


def _title_from_name(path: Path) -> str:
    return re.sub(r"[_-]+", " ", path.stem).strip()


def chunk_with_times(article: Article, max_tokens: int, overlap: int) -> list[Chunk]:
    chunks = chunking.chunk_article(article, max_tokens, overlap)
    refs = sorted(resolve_times(article.text, article.published), key=lambda r: r.offset)
    offsets = [r.offset for r in refs]
    for c in chunks:
        c.times = refs[bisect.bisect_left(offsets, c.start):bisect.bisect_left(offsets, c.end)]
    return chunks


def ingest_path(root: Path, store, embedder, settings, progress: Progress | None = None) -> IngestReport:
    root = Path(root).expanduser().resolve()
    if not root.exists():
        raise FileNotFoundError(f"{root} does not exist; give a folder of .txt/.md/.html articles or one such file")
    report = IngestReport()
    t0 = time.perf_counter()
    with IngestLock(store.dir):
        store.sweep()
        files = find_files(root)
        known = store.files_under(root)
        folder_meta: dict[Path, dict] = {}
        todo: list[tuple[Path, RawArticle, Article, list[Chunk], os.stat_result]] = []
        # files whose article repeats one queued in this run (the BBC set has ~100 such copies):
        # article id -> (path, raw_hash, size, mtime) of each copy; linked once the article is stored
        copies: dict[str, list[tuple[str, str, int, float]]] = {}
        limit = getattr(settings, "file_time_limit_s", FILE_TIME_LIMIT_S)
        stamp = pipeline_stamp(settings)
        for i, path in enumerate(files):
            if progress:
                progress(i, len(files), f"reading {path.name}")
            key = str(path)
            prev = None
            try:
                _check_name(key)
                st = path.stat()
                prev = known.get(key)
                current = prev is not None and prev["pipeline"] == stamp
                if current and prev["size"] == st.st_size and prev["mtime"] == st.st_mtime:
                    report.unchanged.append(key)
                    continue
                with time_limit(limit):
                    if path.parent not in folder_meta:
                        folder_meta[path.parent] = read_folder_meta(path.parent)
                    raw = read_article(path, int(settings.max_file_mb * 1e6), folder_meta[path.parent])
                if current and prev["raw_hash"] == raw.raw_hash:
                    store.link_file(key, prev["article_id"], raw.raw_hash, st.st_size, st.st_mtime)
                    report.unchanged.append(key)
                    continue
                # where this file goes in the report if it is processed
                kind = (report.added if prev is None else report.reprocessed if prev["raw_hash"] == raw.raw_hash
                        else report.updated)
                with time_limit(limit):
                    article, cleaned = build_article(raw)
                if not article.text.strip():
                    raise SkipFile("nothing left after removing boilerplate (no article text found)")
                if store.has_article(article.id, stamp):
                    store.link_file(key, article.id, raw.raw_hash, st.st_size, st.st_mtime)
                    (report.unchanged if prev is None or kind is report.reprocessed else report.updated).append(key)
                    continue
                if article.id in copies:
                    # the same article as a file queued earlier in this run: embedded once, and this
                    # file linked to it right after it is stored (a kill in between leaves this file
                    # unknown to the catalog: the next run links it through has_article above)
                    copies[article.id].append((key, raw.raw_hash, st.st_size, st.st_mtime))
                    kind.append(key)
                    continue
                with time_limit(limit):
                    chunks = chunk_with_times(article, settings.chunk_tokens, settings.chunk_overlap_tokens)
            except SkipFile as e:
                report.skipped.append((key, str(e)))
                continue
            except (StoreError, sqlite3.Error):
                raise  # the index, not the file: stop
            except FileTooSlow:
                report.skipped.append((key, f"took longer than {limit:g} s to read, clean and chunk (a pathological "
                                            "or very large file); split it into smaller files"))
                continue
            except Exception as e:  # noqa: BLE001 - one bad file must not stop the rest
                report.skipped.append((key, f"could not be processed: {type(e).__name__}: {e}"))
                continue
            todo.append((path, raw, article, chunks, st))
            copies[article.id] = []
            kind.append(key)
        # embed in groups: big batches for throughput, commits often enough to survive a kill. A
        # group's store writes run on one worker thread while the next group is embedded (the
        # model leaves a core idle part of the time); one write at a time, in order.
        group: list[tuple[Path, RawArticle, Article, list[Chunk], os.stat_result]] = []
        done = 0
        writing: list = []  # the write in flight: (future, its group)

        def write(items, batch):
            # the whole group in one Chroma write and one catalog transaction
            store.add_articles(items, stamp)
            for _, _, article, _, _ in batch:
                for key, raw_hash, size, mtime in copies[article.id]:
                    store.link_file(key, article.id, raw_hash, size, mtime)

        def wait_write():
            nonlocal done
            if not writing:
                return
            future, batch = writing.pop()
            future.result()  # a failed write stops the ingest here, as it did inline
            for path, *_ in batch:
                done += 1
                if progress:
                    progress(done, len(todo), f"indexed {path.name}")

        def flush():
            if not group:
                return
            # a file processed again by a newer pipeline mostly yields the chunks it had: their
            # vectors are reused, and only new or changed text is embedded
            kept = store.stored_vectors([c for _, _, _, chunks, _ in group for c in chunks])
            fresh = [c for _, _, _, chunks, _ in group for c in chunks if c.id not in kept]
            vecs = dict(zip((c.id for c in fresh), embedder.embed_texts([f"{c.header}\n{c.text}" if c.header else c.text for c in fresh]))) if fresh else {}
            report.chunks_embedded += len(fresh)
            report.chunks_reused += len(kept)
            items = []
            for path, raw, article, chunks, st in group:
                # size and mtime as they were when the file was read: if it changes meanwhile, the
                # next ingest sees the difference and reads it again
                vectors = np.asarray([kept[c.id] if c.id in kept else vecs[c.id] for c in chunks], dtype=np.float32)
                items.append((str(path), raw.raw_hash, st.st_size, st.st_mtime, article, chunks, vectors))
            batch = list(group)
            group.clear()
            wait_write()
            writing.append((writer.submit(write, items, batch), batch))

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-write") as writer:
            try:
                pending = 0
                for item in todo:
                    group.append(item)
                    pending += len(item[3])
                    if pending >= max(EMBED_GROUP_CHUNKS, settings.embed_batch_size):
                        flush()
                        pending = 0
                flush()
            finally:
                wait_write()
        on_disk = {str(p) for p in files}
        for key in known:
            if key not in on_disk:
                store.remove_file(key)
                report.removed.append(key)
        changed = report.added or report.updated or report.reprocessed or report.removed
        if changed or not (store.keywords.load() and store.keywords.version == store.version()):
            store.rebuild_keywords()
    report.seconds = time.perf_counter() - t0
    return report


def _check_name(key: str) -> None:
    try:
        key.encode("utf-8")
    except UnicodeEncodeError:
        raise SkipFile("the file name is not valid UTF-8; rename the file") from None


def explain_cleaning(path: Path, settings) -> list[dict]:
    raw = read_article(Path(path), int(settings.max_file_mb * 1e6), read_folder_meta(Path(path).parent))
    article, cleaned = build_article(raw)
    rows = [{"kept": b.kept, "reason": b.reason, "role": b.role, "text": b.text} for b in cleaned.blocks]
    return [{"title": article.title, "source": article.source, "author": article.author,
             "published": article.published_str, "meta_sources": article.meta_sources}] + rows
