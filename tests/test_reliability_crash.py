"""Crash-safe ingest: `assistant ingest` SIGKILLed at random points never leaves an index that
breaks (chunks without articles, articles without files, vectors or BM25 hits the catalog does
not know), and a final run converges to exactly what a clean ingest stores.

The long version (200 articles, 20+ kills) runs with `pytest -m slow`; a 5-kill version on a
smaller corpus runs by default."""
from __future__ import annotations

import random
import shutil
import subprocess
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import make_settings
from reliability_corpus import article, write_corpus
from reliability_tools import (catalog_count, catalog_of, check_index, expected_catalog, run_ingest, start_ingest,
                               tail)


def _mutate(corpus: Path, rng: random.Random, serial: list[int]) -> None:
    """Give the next runs work again: change, delete, add and duplicate some articles."""
    files = sorted(corpus.glob("*.txt"))
    rng.shuffle(files)
    for p in files[:6]:
        serial[0] += 1
        p.write_text(article(serial[0], rng), encoding="utf-8")
    for p in files[6:10]:
        p.unlink()
    for _ in range(6):
        serial[0] += 1
        (corpus / f"new_{serial[0]:05d}.txt").write_text(article(serial[0], rng), encoding="utf-8")
    for p in files[10:12]:
        shutil.copy(p, corpus / f"copy of {p.stem}.txt")


def _run_and_kill(proc: subprocess.Popen, mode: str, measured: float, rng: random.Random, index: Path,
                  n_files: int, step: int) -> str | None:
    """Kill `proc` at a point chosen by `mode`; None if it finished first."""
    start = time.monotonic()
    limit = start + max(120.0, 6 * measured)
    if mode == "time":  # anywhere in the run: start-up, sweep, reading, embedding, commits, BM25
        at = start + rng.uniform(0.2, measured)
        cond = lambda now: now >= at  # noqa: E731
        where = f"at {at - start:.1f}s"
    else:
        base = max(0, catalog_count(index))
        target = n_files if mode == "tail" else base + rng.randint(1, step)
        extra = rng.uniform(0.0, 1.5) if mode == "tail" else rng.uniform(0.0, 0.15)
        reached = [None]

        def cond(now):
            if reached[0] is None and catalog_count(index) >= target:
                reached[0] = now
            return reached[0] is not None and now >= reached[0] + extra

        where = f"after {target} files committed (+{extra * 1000:.0f}ms)"
    while True:
        now = time.monotonic()
        if proc.poll() is not None:
            return None
        if cond(now):
            proc.kill()
            proc.wait()
            return f"{mode}: {where}, {now - start:.1f}s into the run"
        if now > limit:
            proc.kill()
            proc.wait()
            raise AssertionError(f"ingest still running after {now - start:.0f}s (a hang?)")
        time.sleep(0.02)


def clean_ingest(tmp_path: Path, n_articles: int, seed: int, together: bool = False) -> SimpleNamespace:
    """A clean ingest of a generated corpus, timed: its duration spreads the kill points, its
    catalog is the reference. With `together`, a second ingest is started at the same moment."""
    settings = make_settings(tmp_path / "unused", auto_ingest=False)
    corpus = write_corpus(tmp_path / "corpus", n_articles, seed=seed)
    ref, cwd = tmp_path / "ref-index", tmp_path / "cwd"
    logs = [tmp_path / "ref.log", tmp_path / "second.log"][:2 if together else 1]
    t0 = time.monotonic()
    procs = [start_ingest(corpus, ref, cwd, log) for log in logs]
    codes, seconds = [None] * len(procs), [0.0] * len(procs)
    while None in codes:
        for i, p in enumerate(procs):
            if codes[i] is None and p.poll() is not None:
                codes[i], seconds[i] = p.returncode, time.monotonic() - t0
        assert time.monotonic() - t0 < 900, "ingest did not finish in 15 minutes"
        time.sleep(0.05)
    catalog = catalog_of(ref)
    assert catalog == expected_catalog(corpus, settings), "the reference computation disagrees with a real ingest"
    return SimpleNamespace(corpus=corpus, index=ref, settings=settings, codes=codes, outs=[tail(log, 20000) for log in logs],
                           seconds=max(seconds), catalog=catalog, counts=check_index(ref))


def crash_loop(tmp_path: Path, ref: SimpleNamespace, n_kills: int, seed: int, step: int) -> None:
    rng = random.Random(seed)
    corpus = tmp_path / "kill-corpus"
    shutil.copytree(ref.corpus, corpus)
    measured = ref.seconds
    cwd, log = tmp_path / "cwd", tmp_path / "kill.log"
    index = tmp_path / "index"
    kills: list[str] = []
    runs = mutations = 0
    serial = [100000]
    while len(kills) < n_kills:
        runs += 1
        assert runs <= 3 * n_kills + 10, f"only {len(kills)} kills in {runs} runs"
        mode = rng.choices(["time", "progress", "tail"], weights=[3, 6, 1])[0]
        n_files = len(list(corpus.glob("*.txt")))
        proc = start_ingest(corpus, index, cwd, log)
        what = _run_and_kill(proc, mode, measured, rng, index, n_files, step)
        if what is None:
            assert proc.returncode == 0, f"ingest failed (rc {proc.returncode}):\n{tail(log)}"
            _mutate(corpus, rng, serial)
            mutations += 1
        else:
            kills.append(what)
        try:
            check_index(index)
        except AssertionError as e:
            raise AssertionError(f"after run {runs} ({what or 'completed'}): {e}\nkills so far: {kills}\n{tail(log)}") from None

    # the last run completes; nothing is lost or duplicated
    assert run_ingest(corpus, index, cwd, log) == 0, tail(log)
    counts = check_index(index)
    got = catalog_of(index)
    if mutations == 0:
        ref_files = {p.replace(str(ref.corpus.resolve()), str(corpus.resolve()), 1): a for p, a in ref.catalog[0].items()}
        assert got == (ref_files, ref.catalog[1]) and counts == ref.counts
    else:
        assert got == expected_catalog(corpus, ref.settings)
    leftovers = [p.name for p in (index / "bm25").iterdir() if p.name != "current"]
    assert not leftovers, f"temporary BM25 folders left behind: {leftovers}"
    print(f"{len(kills)} kills in {runs} runs ({mutations} corpus changes), clean ingest {measured:.1f}s: " + "; ".join(kills))


@pytest.fixture(scope="module")
def two_at_once(tmp_path_factory) -> SimpleNamespace:
    """Two ingests of a fresh 40-article corpus started at the same moment."""
    return clean_ingest(tmp_path_factory.mktemp("two-at-once"), 40, seed=11, together=True)


def test_two_ingests_at_once_one_refuses(two_at_once):
    """One runs, the other exits non-zero saying another ingest is running; the index is whole."""
    r = two_at_once
    assert sorted(r.codes) == [0, 1], f"exit codes {r.codes}:\n{r.outs[0]}\n---\n{r.outs[1]}"
    loser = r.outs[r.codes.index(1)]
    assert "another ingest is running" in loser and "Traceback" not in loser, loser
    assert r.counts["articles"] == 40  # check_index passed on it, and it equals a computed clean ingest


def test_ingest_survives_sigkill_quick(tmp_path, two_at_once):
    crash_loop(tmp_path, two_at_once, n_kills=5, seed=11, step=6)


@pytest.mark.slow
def test_ingest_survives_sigkill_many(tmp_path, request):
    if "slow" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("long crash test (200 articles, 20 kills): run it with -m slow")
    crash_loop(tmp_path, clean_ingest(tmp_path, 200, seed=5), n_kills=20, seed=5, step=25)
