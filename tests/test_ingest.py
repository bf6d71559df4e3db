"""Incremental ingest, bad files, metadata."""
import datetime as dt

from conftest import make_settings


def _assistant(index, corpus):
    from assistant import Assistant

    return Assistant(make_settings(index, corpus_dir=corpus, auto_ingest=False))


def test_reingest_embeds_nothing_when_nothing_changed(tmp_path, corpus):
    a = _assistant(tmp_path / "idx", corpus)
    first = a.ingest(corpus)
    assert len(first.added) == 5 and first.chunks_embedded > 0
    before = a.embedder.calls
    again = a.ingest(corpus)
    assert again.chunks_embedded == 0 and a.embedder.calls == before
    assert len(again.unchanged) == 5 and not again.added and not again.removed


def test_changed_article_replaced_and_deleted_article_dropped(tmp_path, corpus):
    a = _assistant(tmp_path / "idx", corpus)
    a.ingest(corpus)
    n_before = a.store.counts()["articles"]
    ap = next(corpus.glob("002_*.txt"))
    ap.write_text(ap.read_text().replace("Those released were brought to Lithuania.", "Those released were flown to Vilnius aboard a chartered zeppelin."))
    (next(corpus.glob("000_*.txt"))).unlink()
    rep = a.ingest(corpus)
    assert len(rep.updated) == 1 and len(rep.removed) == 1
    assert a.store.counts()["articles"] == n_before - 1
    ans = a.ask("How were the released prisoners taken to Vilnius?")
    assert "zeppelin" in ans.answer.lower()
    stored = " ".join(r[0] for r in a.store.db.execute("SELECT text FROM chunks"))
    assert "Those released were brought to Lithuania." not in stored  # the old version is gone
    assert not any("The Week" == c.passage.source for c in a.ask("Who met Lukashenko on Tuesday?").citations)
    # nothing stale: chunks in Chroma equal the catalog
    assert a.store.collection.count() == a.store.counts()["chunks"]


def test_bad_files_are_skipped_with_reasons_and_nothing_is_lost(tmp_path, corpus):
    a = _assistant(tmp_path / "idx", corpus)
    a.ingest(corpus)
    chunks = a.store.counts()["chunks"]
    (corpus / "empty.txt").write_text("   \n")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 100)
    (corpus / "latin1.txt").write_bytes("Caf\xe9 news: the mayor said \xabhello\xbb.".encode("latin-1"))
    (corpus / "notes.pdf").write_bytes(b"%PDF-1.4")
    rep = a.ingest(corpus)
    reasons = dict((p.rsplit("/", 1)[-1], r) for p, r in rep.skipped)
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "UTF-8" in reasons["latin1.txt"]
    assert "notes.pdf" not in reasons  # not an article type: not looked at
    assert a.store.counts()["chunks"] == chunks
    assert "September 2025" in a.ask("when did the US lift Belavia sanctions?").answer


def test_metadata_from_sidecar_header_block_and_front_matter(tmp_path):
    from assistant.ingest.load import read_article
    from assistant.ingest.pipeline import build_article

    d = tmp_path / "c"
    d.mkdir()
    (d / "a.md").write_text("---\ntitle: Front Title\nsource: Example Times\npublished: 2024-03-05\nauthor: Jane Roe\n---\n\nThe council voted on Tuesday to close the old bridge for repairs that will last a year.\n")
    (d / "b.txt").write_text("Title: Header Title\nSource: cnn.com\nPublished: 2022-06-17\nURL: https://cnn.com/x\n\nThe team won the final on Sunday after a long season of hard-fought games at home.\n")
    (d / "c.txt").write_text("The minister resigned last week after a long row over the budget and the new taxes.\n")
    (d / "c.txt.meta.yaml").write_text("title: Sidecar Title\npublished: 2021-01-02\n")
    arts = {p.name: build_article(read_article(p, 10**7))[0] for p in sorted(d.glob("*.*")) if not p.name.endswith(".yaml")}
    a, b, c = arts["a.md"], arts["b.txt"], arts["c.txt"]
    assert (a.title, a.source, a.author, a.published) == ("Front Title", "Example Times", "Jane Roe", dt.date(2024, 3, 5))
    assert (b.title, b.source, b.url, b.published) == ("Header Title", "cnn.com", "https://cnn.com/x", dt.date(2022, 6, 17))
    assert (c.title, c.published) == ("Sidecar Title", dt.date(2021, 1, 2))
    assert a.meta_sources["title"] == "front matter" and c.meta_sources["title"] == "sidecar"
    assert "Title:" not in b.text


def test_html_article(tmp_path):
    from assistant.ingest.load import read_article
    from assistant.ingest.pipeline import build_article

    html = """<html><head><title>Port strike ends | Daily Planet</title>
    <meta property="og:site_name" content="Daily Planet"><meta name="author" content="Lois Lane">
    <meta property="article:published_time" content="2024-10-04T10:00:00Z"></head>
    <body><nav>Home | World | Sport</nav><article><h1>Port strike ends</h1>
    <p>Dockworkers on the East Coast ended their strike on Thursday after the union reached a tentative deal with the port operators.</p>
    <p>The agreement raises wages by 62 percent over six years, union leaders said in a statement on Friday morning.</p>
    </article><footer>Subscribe to our newsletter. Cookie settings.</footer></body></html>"""
    p = tmp_path / "strike.html"
    p.write_text(html)
    art, _ = build_article(read_article(p, 10**7))
    assert art.title.startswith("Port strike ends")
    assert art.source == "Daily Planet" and art.author == "Lois Lane"
    assert art.published == dt.date(2024, 10, 4)
    assert "62 percent" in art.text and "newsletter" not in art.text.lower()


def _story(n: int) -> str:
    return (f"Title: Harbour story {n}\nSource: Example Post\nPublished: 2024-05-0{n}\n\n"
            f"The harbour master of town number {n} said on Monday that the ferry would resume sailing next week. "
            "Fuel prices had kept the boats in port since March, and the council voted to cover part of the cost.\n\n"
            "Fishermen welcomed the decision, though several said the subsidy came too late for the spring season.\n")


def _files_of(a) -> dict[str, str]:
    return {r[0].rsplit("/", 1)[-1]: r[1] for r in a.store.db.execute("SELECT path, article_id FROM files")}


def test_duplicate_files_in_one_run_are_embedded_once(tmp_path):
    d = tmp_path / "c"
    d.mkdir()
    (d / "a.txt").write_text(_story(1))
    (d / "b.txt").write_text(_story(2))
    (d / "a copy.txt").write_text(_story(1))  # the same article under another name
    a = _assistant(tmp_path / "idx", d)
    rep = a.ingest(d)
    files = _files_of(a)
    assert set(files) == {"a.txt", "a copy.txt", "b.txt"} and files["a.txt"] == files["a copy.txt"] != files["b.txt"]
    assert sorted(rep.added) == sorted(str(p) for p in d.resolve().glob("*.txt"))
    counts = a.store.counts()
    assert counts["articles"] == 2 and counts["files"] == 3
    assert rep.chunks_embedded == a.embedder.calls == counts["chunks"] == a.store.collection.count()
    again = a.ingest(d)
    assert len(again.unchanged) == 3 and again.chunks_embedded == 0
    # deleting one copy keeps the article; deleting both removes it
    (d / "a.txt").unlink()
    a.ingest(d)
    assert a.store.counts()["articles"] == 2
    (d / "a copy.txt").unlink()
    a.ingest(d)
    assert a.store.counts() == {"articles": 1, "chunks": a.store.collection.count(), "files": 1}


def test_kill_between_storing_and_linking_a_copy_is_finished_by_the_next_run(tmp_path, monkeypatch):
    d = tmp_path / "c"
    d.mkdir()
    (d / "a.txt").write_text(_story(1))
    (d / "b.txt").write_text(_story(1))
    a = _assistant(tmp_path / "idx", d)

    class Killed(BaseException):
        pass

    def killed(*args, **kwargs):
        raise Killed()

    monkeypatch.setattr(a.store, "link_file", killed)  # the article is stored, the copy not linked yet
    try:
        a.ingest(d)
    except Killed:
        pass
    else:
        raise AssertionError("the copy was not linked through link_file")
    monkeypatch.undo()
    assert set(_files_of(a)) == {"a.txt"}
    embedded = a.embedder.calls
    rep = a.ingest(d)
    files = _files_of(a)
    assert set(files) == {"a.txt", "b.txt"} and len(set(files.values())) == 1
    assert rep.chunks_embedded == 0 and a.embedder.calls == embedded and not rep.skipped
    assert a.store.counts()["articles"] == 1


def test_articles_from_an_older_pipeline_are_processed_again(tmp_path, corpus, monkeypatch):
    from assistant.ingest import pipeline

    a = _assistant(tmp_path / "idx", corpus)
    a.ingest(corpus)
    stamp = pipeline.pipeline_stamp(a.settings)
    assert a.store.stale_articles(stamp) == 0
    # a newer pipeline (say, better date resolution): unchanged files are processed again, once
    monkeypatch.setattr(pipeline, "PIPELINE_VERSION", pipeline.PIPELINE_VERSION + 1)
    newer = pipeline.pipeline_stamp(a.settings)
    assert a.store.stale_articles(newer) == 5 and a.stale_articles() == 5
    vectors = a.store.collection.get(include=["embeddings"])
    rep = a.ingest(corpus)
    assert len(rep.reprocessed) == 5 and not rep.added and not rep.updated
    assert "5 re-processed" in rep.summary()
    # the same text came out: every vector is kept, none embedded again
    assert rep.chunks_embedded == 0 and rep.chunks_reused == a.store.counts()["chunks"] and "kept their vectors" in rep.summary()
    after = a.store.collection.get(include=["embeddings"])
    before = dict(zip(vectors["ids"], vectors["embeddings"]))
    assert sorted(after["ids"]) == sorted(before) and all(abs(v - before[i]).max() < 1e-6 for i, v in zip(after["ids"], after["embeddings"]))
    assert a.store.stale_articles(newer) == 0 and a.store.counts()["articles"] == 5
    assert a.store.collection.count() == a.store.counts()["chunks"]  # replaced, not duplicated
    again = a.ingest(corpus)
    assert len(again.unchanged) == 5 and again.chunks_embedded == 0
    assert "September 2025" in a.ask("when did the US lift Belavia sanctions?").answer


def test_a_newer_pipeline_embeds_only_the_text_it_changed(tmp_path, corpus, monkeypatch):
    import dataclasses

    from assistant.ingest import pipeline

    a = _assistant(tmp_path / "idx", corpus)
    a.ingest(corpus)
    total = a.store.counts()["chunks"]
    build = pipeline.build_article

    def newer_cleaning(raw):  # say, a newer cleaner that keeps one more sentence of one article
        article, cleaned = build(raw)
        if "Belavia" in article.text:
            article = dataclasses.replace(article, text=article.text + "\n\nThe airline's first Boeing part arrived in Minsk.")
        return article, cleaned

    monkeypatch.setattr(pipeline, "build_article", newer_cleaning)
    monkeypatch.setattr(pipeline, "PIPELINE_VERSION", pipeline.PIPELINE_VERSION + 1)
    rep = a.ingest(corpus)
    assert len(rep.reprocessed) == 5
    assert 0 < rep.chunks_embedded < total and rep.chunks_embedded + rep.chunks_reused == a.store.counts()["chunks"]
    assert a.store.collection.count() == a.store.counts()["chunks"]
    # the changed chunk's vector is its new text's, not the old one's
    cid, text, header = a.store.db.execute("SELECT id, text, header FROM chunks WHERE text LIKE '%first Boeing part%'").fetchone()
    stored = a.store.collection.get(ids=[cid], include=["embeddings"])["embeddings"][0]
    assert abs(stored - a.embedder.embed_texts([f"{header}\n{text}" if header else text])[0]).max() < 1e-3


def test_other_chunk_settings_rechunk_and_drop_the_old_chunks(tmp_path, corpus):
    from assistant import Assistant

    a = _assistant(tmp_path / "idx", corpus)
    a.ingest(corpus)
    before = a.store.counts()["chunks"]
    small = Assistant(make_settings(tmp_path / "idx", corpus_dir=corpus, auto_ingest=False, chunk_tokens=80))
    rep = small.ingest(corpus)
    assert len(rep.reprocessed) == 5
    after = small.store.counts()["chunks"]
    assert after > before
    assert small.store.collection.count() == after  # the larger chunks' vectors are gone
    longest = max(len(r[0].split()) for r in small.store.db.execute("SELECT text FROM chunks"))
    assert longest < 120


def test_a_catalog_from_before_the_stamp_is_migrated_and_refreshed(tmp_path, corpus):
    import sqlite3

    from assistant import Assistant

    a = _assistant(tmp_path / "idx", corpus)
    a.ingest(corpus)
    db = sqlite3.connect(a.settings.index_dir / "catalog.sqlite")
    with db:
        db.execute("ALTER TABLE articles DROP COLUMN pipeline")  # the catalog as older versions wrote it
    db.close()
    old = Assistant(make_settings(tmp_path / "idx", corpus_dir=corpus, auto_ingest=False))
    assert old.store.counts()["articles"] == 5  # opening it loses nothing
    assert "September 2025" in old.ask("when did the US lift Belavia sanctions?").answer
    rep = old.ingest(corpus)
    assert len(rep.reprocessed) == 5 and old.store.collection.count() == old.store.counts()["chunks"]


def test_a_failed_store_write_stops_the_ingest_and_keeps_what_was_stored(tmp_path, monkeypatch):
    """Store writes run on a worker thread beside the next group's embedding: a write that fails
    must still stop the ingest with its error, keep the groups written before it, and leave the
    rest for the next ingest."""
    import pytest

    import assistant.ingest.pipeline as pipeline
    from assistant.store import StoreError

    corpus = tmp_path / "many"
    corpus.mkdir()
    for i in range(12):
        body = " ".join(f"Council {i} met on Tuesday and agreed budget item {j} for roads and schools." for j in range(40))
        (corpus / f"a{i:02}.txt").write_text(f"Title: Council story {i}\nSource: Example\nPublished: 2024-01-{i + 1:02}\n\n{body}\n")
    monkeypatch.setattr(pipeline, "EMBED_GROUP_CHUNKS", 8)  # several groups from a small corpus
    from assistant import Assistant

    a = Assistant(make_settings(tmp_path / "idx", corpus_dir=corpus, auto_ingest=False, embed_batch_size=8))
    real, calls = a.store.add_articles, []

    def failing(items, stamp=""):
        calls.append(len(items))
        if len(calls) == 2:
            raise StoreError("disk full (simulated)")
        return real(items, stamp)

    monkeypatch.setattr(a.store, "add_articles", failing)
    with pytest.raises(StoreError, match="disk full"):
        a.ingest(corpus)
    stored = a.store.counts()["articles"]
    assert stored == calls[0] and 0 < stored < 12
    assert a.store.collection.count() == a.store.counts()["chunks"]
    monkeypatch.setattr(a.store, "add_articles", real)
    rep = a.ingest(corpus)
    assert a.store.counts()["articles"] == 12 and len(rep.unchanged) == stored
