"""Concurrency: many questions at once on one Assistant, and questions while an ingest runs."""
from __future__ import annotations

import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml
from conftest import SEEDS, make_settings
from reliability_corpus import write_corpus
from reliability_tools import check_index, release_chroma

BELAVIA = "when did the US lift Belavia sanctions?"


def _questions(n: int) -> list[str]:
    items = yaml.safe_load((SEEDS / "qa.yaml").read_text())["items"]
    qs = list(dict.fromkeys(it["question"] for it in items if not it.get("turns")))
    return [qs[i % len(qs)] + ("" if i < len(qs) else f" ({i})") for i in range(n)]


def test_fifty_questions_at_once_on_a_cold_assistant(seed_index):
    from assistant import Assistant

    questions = _questions(50)
    sequential = Assistant(make_settings(seed_index, auto_ingest=False))
    expected = {q: sequential.ask(q) for q in questions[:10]}
    release_chroma()
    a = Assistant(make_settings(seed_index, auto_ingest=False))  # cold: every lazy part is built under load
    barrier = threading.Barrier(25)

    def ask(q):
        try:
            barrier.wait(30)
        except threading.BrokenBarrierError:
            pass
        return a.ask(q)

    with ThreadPoolExecutor(max_workers=25) as pool:
        answers = list(pool.map(ask, questions, timeout=600))
    assert len(answers) == 50
    for q, ans in zip(questions, answers):
        assert ans is not None and ans.question == q
        assert ans.answer.strip()
        for c in ans.citations:
            assert c.passage.chunk_id and c.passage.text
    for q, ans in zip(questions, answers):
        if q in expected:  # the same answer as asked alone: nothing leaked between threads
            assert ans.answer == expected[q].answer, q
            assert [c.passage.chunk_id for c in ans.citations] == [c.passage.chunk_id for c in expected[q].citations]
    belavia = Assistant(make_settings(seed_index, auto_ingest=False)).ask(BELAVIA)
    assert "September 2025" in belavia.answer


def test_questions_while_an_ingest_runs_in_a_thread(seed_index, tmp_path):
    from assistant import Assistant

    index = tmp_path / "index"
    release_chroma()
    shutil.copytree(seed_index, index)
    corpus = write_corpus(tmp_path / "more", 40, seed=21)
    a = Assistant(make_settings(index, auto_ingest=False))
    old_articles = {r["id"] for r in a.articles()}
    questions = [BELAVIA, "Who is John Coale?", "Why did Oslo close the bridge?", "What did the union accept at the port?"]
    assert "September 2025" in a.ask(BELAVIA).answer

    errors: list[BaseException] = []
    answers = []
    done = threading.Event()
    report = {}

    def ingest():
        try:
            report["r"] = a.ingest(corpus)
        except BaseException as e:  # noqa: BLE001
            errors.append(e)
        finally:
            done.set()

    def asker(i):
        n = 0
        while not done.is_set() or n < 3:
            q = questions[(i + n) % len(questions)]
            try:
                ans = a.ask(q)
                answers.append((q, ans))
            except BaseException as e:  # noqa: BLE001
                errors.append(e)
                return
            n += 1

    t = threading.Thread(target=ingest)
    askers = [threading.Thread(target=asker, args=(i,)) for i in range(4)]
    t.start()
    for th in askers:
        th.start()
    t.join(600)
    for th in askers:
        th.join(300)
    assert not errors, repr(errors[:3])
    assert not t.is_alive() and all(not th.is_alive() for th in askers)
    rep = report["r"]
    assert len(rep.added) == 40 and not rep.skipped
    new_articles = {r["id"] for r in a.articles()} - old_articles
    assert len(new_articles) == 40
    assert len(answers) >= 12
    final_text = dict(a.store.db.execute("SELECT id, text FROM chunks").fetchall())
    for q, ans in answers:
        assert ans.question == q
        for c in ans.citations:
            # every passage shown is a whole passage of an old or a new article
            assert c.passage.article_id in old_articles | new_articles
            assert final_text.get(c.passage.chunk_id) == c.passage.text
        if q == BELAVIA:
            assert "September 2025" in ans.answer
    title = a.store.db.execute("SELECT title FROM articles WHERE id=?", (sorted(new_articles)[0],)).fetchone()[0]
    assert any(p.article_id in new_articles for p in a.retrieve(title, k=5))  # the new articles are found
    release_chroma()
    check_index(index)


def test_keyword_index_rebuilds_racing_searches(seed_index, tmp_path):
    """The BM25 index rebuilt (by an ingest, a delete, a stale reader) while other threads search
    it: no errors, no ids from a half-swapped index, nothing left behind on disk."""
    from assistant.store import Store

    index = tmp_path / "index"
    shutil.copytree(seed_index, index, ignore=shutil.ignore_patterns("chroma"))
    store = Store(make_settings(index, auto_ingest=False))
    catalog = {r[0] for r in store.db.execute("SELECT id FROM chunks")}
    queries = ["Belavia sanctions", "Lukashenko prisoners", "ambassador Minsk", "potash", "John Coale"]
    errors: list[BaseException] = []
    stop = time.monotonic() + 6

    def writer():
        try:
            while time.monotonic() < stop:
                with store.db:
                    store._bump()  # the catalog moved on: every reader must rebuild
                store.rebuild_keywords()  # as the pipeline and Assistant.delete call it
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    def reader(i):
        try:
            n = 0
            while time.monotonic() < stop:
                hits = store.keyword_search(queries[(i + n) % len(queries)], 20)
                assert hits and {cid for cid, _ in hits} <= catalog
                assert store.keywords.idf("belavia") > 0
                n += 1
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=writer) for _ in range(2)] + [threading.Thread(target=reader, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, repr(errors[:3])
    assert store.keyword_search("Belavia sanctions", 5)
    assert sorted(p.name for p in (index / "bm25").iterdir()) == ["current"]
