"""Two processes on one embedded index: a real `assistant ingest` subprocess rewrites the store
(Chroma folder, catalog, BM25 index) while this process asks questions against the same folder,
as the UI or `assistant ask` do while a CLI ingest runs. No question fails, and every answer
cites whole passages of articles in the catalog."""
from __future__ import annotations

import os
import random
import shutil
import sqlite3
import time

from conftest import make_settings

from assistant.store import REOPEN_INTERVAL_S
from reliability_corpus import article, write_corpus
from reliability_tools import catalog_of, check_index, release_chroma, run_ingest, start_ingest, tail

N_ARTICLES = int(os.environ.get("RELIABILITY_MP_ARTICLES", "300"))  # in the ingest that runs while questions are asked
N_FIRST = N_ARTICLES // 3  # ingested before; all of them replaced by the second ingest
BELAVIA = "when did the US lift Belavia sanctions?"
SEED_QUESTIONS = [BELAVIA, "Who is John Coale?", "How many prisoners did Lukashenko free?"]
CORPUS_QUESTIONS = ["Why was the river bridge closed for repairs?", "What did the union accept at the container port?",
                    "Why was the night ferry to the islands suspended?", "Who approved the budget for new schools?",
                    "When is the final vote on the new tram line expected?"]


def _chunk_texts(index) -> dict[str, tuple[str, str]]:
    con = sqlite3.connect(f"file:{index / 'catalog.sqlite'}?mode=ro", uri=True, timeout=30)
    try:
        return {cid: (aid, text) for cid, aid, text in con.execute("SELECT id, article_id, text FROM chunks")}
    finally:
        con.close()


def _rewrite(corpus, n_new: int, seed: int) -> None:
    """Replace every article of `corpus` by another one (same file, new text: the old article's
    chunks and vectors are deleted) and add `n_new` new ones."""
    rng = random.Random(seed)
    files = sorted(corpus.glob("*.txt"))
    for k, p in enumerate(files):
        p.write_text(article(10_000 + k, rng), encoding="utf-8")
    for k in range(n_new):
        (corpus / f"new_{k:04d}.txt").write_text(article(20_000 + k, rng), encoding="utf-8")


def test_questions_while_a_cli_ingest_rewrites_the_index(seed_index, tmp_path):
    from assistant import Assistant

    index = tmp_path / "index"
    release_chroma()
    shutil.copytree(seed_index, index)
    corpus = write_corpus(tmp_path / "more", N_FIRST, seed=33)
    assert run_ingest(corpus, index, tmp_path / "cwd", tmp_path / "ingest-1.log") == 0, tail(tmp_path / "ingest-1.log")
    release_chroma()
    a = Assistant(make_settings(index, auto_ingest=False))
    seed_articles = set(catalog_of(seed_index)[1])
    assert "September 2025" in a.ask(BELAVIA).answer  # warm: the reader's client is open before the writer starts
    title = sorted(r["title"] for r in a.articles() if r["id"] not in seed_articles)[0]
    assert any(p.article_id not in seed_articles for p in a.retrieve(title, k=5))
    before = _chunk_texts(index)
    _rewrite(corpus, N_ARTICLES - N_FIRST, seed=34)

    proc = start_ingest(corpus, index, tmp_path / "cwd", tmp_path / "ingest.log")
    questions = SEED_QUESTIONS + CORPUS_QUESTIONS
    answers, errors = [], []
    versions = set()
    t0 = time.monotonic()
    try:
        n = 0
        while proc.poll() is None or n < len(questions):
            q = questions[n % len(questions)]
            as_of = "2020-06-30" if n % 2 else None  # a date filter in the Chroma query too (about half the articles)
            try:
                answers.append((q, as_of, a.ask(q, as_of=as_of), a.store.version()))
                # the store's date-filtered vector search itself (retrieval runs it when an unfiltered
                # one leaves too few): it is the read that failed with "Error finding id"
                a.store.dense_search(a.embedder.embed_query(q), 10, 20200630)
            except Exception as e:  # noqa: BLE001 - collected: every question must succeed
                errors.append(f"{q!r}: {type(e).__name__}: {e}")
            versions.add(a.store.version())
            n += 1
            assert time.monotonic() - t0 < 900, "ingest did not finish in 900 s"
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    assert proc.returncode == 0, tail(tmp_path / "ingest.log")
    assert not errors, f"{len(errors)} of {len(errors) + len(answers)} questions failed, e.g. {errors[:3]}"

    files, chunks = catalog_of(index)
    assert len(files) == 5 + N_ARTICLES
    assert not seed_articles - set(chunks)
    assert not set(chunks) & ({aid for aid, _ in before.values()} - seed_articles)  # the first corpus was all replaced
    # every passage cited is a whole passage of an article in the catalog, before the ingest (the
    # replaced ones, until it removed them) or after it: nothing half-written, nothing invented
    known = {**before, **_chunk_texts(index)}
    asked_during = sum(1 for *_, v in answers if v < max(versions))
    assert len(versions) > 2 and asked_during >= 5, (len(versions), asked_during)  # asked while the catalog moved
    for q, as_of, ans, _ in answers:
        assert ans.question == q and ans.answer.strip()
        for c in ans.citations:
            assert known.get(c.passage.chunk_id) == (c.passage.article_id, c.passage.text), (q, c.passage.chunk_id)
        if as_of:
            assert all(c.passage.published is None or c.passage.published <= as_of for c in ans.citations), q
        elif q == BELAVIA:
            assert "September 2025" in ans.answer
    # once the ingest is done, the reader finds the new articles: its BM25 index was rebuilt or
    # reloaded for the new catalog version, and its Chroma client reopened (a client keeps the
    # vectors it loaded: without the reopen, dense search never returns a new article)
    time.sleep(REOPEN_INTERVAL_S)
    new_rows = [r for r in a.articles() if r["id"] not in seed_articles]
    for r in new_rows[:: max(1, len(new_rows) // 5)]:
        ids = chunks[r["id"]]
        assert ids & {cid for cid, _ in a.store.keyword_search(r["title"], 10)}, r["title"]
        text = known[sorted(ids)[0]][1]
        assert sorted(ids)[0] in {cid for cid, _ in a.store.dense_search(a.embedder.embed_query(text), 5)}, r["title"]
        assert any(p.article_id == r["id"] for p in a.retrieve(r["title"], k=5)), r["title"]
    assert a.store.keywords.version == a.store.version()
    print(f"{len(answers)} questions during the ingest ({asked_during} while the catalog moved, "
          f"{len(versions)} catalog versions seen), {a.store.reopens} Chroma reopens")
    release_chroma()
    check_index(index)


def test_dense_read_reopens_the_client_and_retries_a_bounded_number_of_times(seed_index, tmp_path, monkeypatch):
    import chromadb.errors
    import numpy as np
    import pytest
    from chromadb.api.models.Collection import Collection

    from assistant.store import READ_RETRIES, Store, StoreError

    index = tmp_path / "index"
    release_chroma()
    shutil.copytree(seed_index, index)
    store = Store(make_settings(index, auto_ingest=False))
    vector = np.random.default_rng(0).normal(size=384).astype(np.float32)
    assert store.dense_search(vector, 5)
    first = store.collection
    calls, failures = [], [2]
    real_query = Collection.query

    def flaky(self, *args, **kwargs):
        calls.append(self)
        if failures[0] > 0:
            failures[0] -= 1
            raise chromadb.errors.InternalError("Error executing plan: Internal error: Error finding id")
        return real_query(self, *args, **kwargs)

    monkeypatch.setattr(Collection, "query", flaky)
    hits = store.dense_search(vector, 5, max_published=20251231)
    assert len(hits) == 5 and store.reopens == 1
    assert calls[0] is first and calls[-1] is store.collection and store.collection is not first  # a new client

    failures[0] = 10**6  # Chroma keeps failing: a clear error after a bounded number of reopens
    calls.clear()
    with pytest.raises(StoreError, match="Chroma store .* failed: InternalError: .*Error finding id"):
        store.dense_search(vector, 5)
    assert len(calls) == 2 * (READ_RETRIES + 1) and store.reopens == 1 + READ_RETRIES
    failures[0] = 0
    assert store.dense_search(vector, 5)  # and it works again once Chroma does
    release_chroma()


def _open_store(index: str, start) -> str:
    from assistant.store import Store

    start.wait()
    try:
        Store(make_settings(index)).counts()
        return "ok"
    except Exception as e:  # reported to the parent, which shows what failed
        return repr(e)


def test_processes_opening_a_new_index_at_once_all_succeed(tmp_path):
    """The first open of a catalog switches it to WAL; SQLite answers "locked" at once (no busy
    wait) to a process converting it at the same moment. Two ingests, or the UI and an ingest,
    started together on a new index must both open it."""
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    for round_ in range(6):
        index = str(tmp_path / f"index{round_}")
        with ctx.Manager() as m:
            start = m.Barrier(4)
            with ctx.Pool(4) as pool:
                results = pool.starmap(_open_store, [(index, start)] * 4)
        assert results == ["ok"] * 4, f"round {round_}: {results}"
