"""Incremental ingest: load → clean → metadata/dates → chunk → embed → store.

A content hash per file skips unchanged files without reading them twice; a hash of the cleaned
article decides whether anything must be embedded (a re-saved file with the same text costs
nothing). Files gone from the folder are removed. One ingest at a time per index (a lock file).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import urlparse

from ..models import Article, Chunk
from . import chunk as chunking
from .clean import Cleaned, clean
from .dates import find_published_in_text, resolve_times
from .load import RawArticle, SkipFile, find_files, parse_date, read_article, read_folder_meta

Progress = Callable[[int, int, str], None]


class IngestBusy(RuntimeError):
    pass


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)   # (path, reason)
    chunks_embedded: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        s = (f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
             f"{len(self.removed)} removed, {len(self.skipped)} skipped; {self.chunks_embedded} chunks embedded in {self.seconds:.1f}s")
        return s

    def to_dict(self) -> dict:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged, "removed": self.removed,
                "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
                "chunks_embedded": self.chunks_embedded, "seconds": round(self.seconds, 2)}


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
        # datelines and stamps first, then the first lines of the kept body; never teasers
        kept_top = [b.text for b in cleaned.blocks if b.kept][:3]
        published, where = find_published_in_text(cleaned.stamps + cleaned.captions + kept_top, latest=dt.date.today())
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
    refs = resolve_times(article.text, article.published)
    for c in chunks:
        c.times = [r for r in refs if c.start <= r.offset < c.end]
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
        todo: list[tuple[Path, RawArticle, Article]] = []
        for i, path in enumerate(files):
            if progress:
                progress(i, len(files), f"reading {path.name}")
            key = str(path)
            try:
                st = path.stat()
                prev = known.get(key)
                if prev is not None and prev["size"] == st.st_size and prev["mtime"] == st.st_mtime:
                    report.unchanged.append(key)
                    continue
                if path.parent not in folder_meta:
                    folder_meta[path.parent] = read_folder_meta(path.parent)
                raw = read_article(path, int(settings.max_file_mb * 1e6), folder_meta[path.parent])
                if prev is not None and prev["raw_hash"] == raw.raw_hash:
                    store.link_file(key, prev["article_id"], raw.raw_hash, st.st_size, st.st_mtime)
                    report.unchanged.append(key)
                    continue
                article, cleaned = build_article(raw)
                if not article.text.strip():
                    raise SkipFile("nothing left after removing boilerplate (no article text found)")
            except SkipFile as e:
                report.skipped.append((key, str(e)))
                continue
            except Exception as e:  # noqa: BLE001 - one bad file must not stop the rest
                report.skipped.append((key, f"could not be processed: {type(e).__name__}: {e}"))
                continue
            if store.has_article(article.id):
                store.link_file(key, article.id, raw.raw_hash, st.st_size, st.st_mtime)
                (report.updated if prev is not None else report.unchanged).append(key)
                continue
            todo.append((path, raw, article))
            (report.updated if prev is not None else report.added).append(key)
        # embed in groups: big batches for throughput, commits often enough to survive a kill
        group: list[tuple[Path, RawArticle, Article, list[Chunk]]] = []
        done = 0

        def flush():
            nonlocal done
            if not group:
                return
            texts = [f"{c.header}\n{c.text}" if c.header else c.text for *_, chunks in group for c in chunks]
            vecs = embedder.embed_texts(texts)
            report.chunks_embedded += len(texts)
            k = 0
            for path, raw, article, chunks in group:
                st = path.stat()
                store.add_article(str(path), raw.raw_hash, st.st_size, st.st_mtime, article, chunks, vecs[k:k + len(chunks)])
                k += len(chunks)
                done += 1
                if progress:
                    progress(done, len(todo), f"indexed {path.name}")
            group.clear()

        pending = 0
        for path, raw, article in todo:
            chunks = chunk_with_times(article, settings.chunk_tokens, settings.chunk_overlap_tokens)
            group.append((path, raw, article, chunks))
            pending += len(chunks)
            if pending >= 512:
                flush()
                pending = 0
        flush()
        on_disk = {str(p) for p in files}
        for key in known:
            if key not in on_disk:
                store.remove_file(key)
                report.removed.append(key)
        changed = report.added or report.updated or report.removed
        if changed or not (store.keywords.load() and store.keywords.version == store.version()):
            store.rebuild_keywords()
    report.seconds = time.perf_counter() - t0
    return report


def explain_cleaning(path: Path, settings) -> list[dict]:
    raw = read_article(Path(path), int(settings.max_file_mb * 1e6), read_folder_meta(Path(path).parent))
    article, cleaned = build_article(raw)
    rows = [{"kept": b.kept, "reason": b.reason, "role": b.role, "text": b.text} for b in cleaned.blocks]
    return [{"title": article.title, "source": article.source, "author": article.author,
             "published": article.published_str, "meta_sources": article.meta_sources}] + rows
