"""Smoke test of the speed benchmark (benchmarks/bench.py) on the seed articles: every part that
runs in it produces its fields with sane values; timings are not judged."""
from __future__ import annotations

import importlib.util
import json

from conftest import ROOT, SEEDS


def _bench():
    spec = importlib.util.spec_from_file_location("assistant_bench", ROOT / "benchmarks" / "bench.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_bench_quick_on_seeds(tmp_path):
    bench = _bench()
    out = tmp_path / "out"
    res = bench.run_bench(SEEDS, out, quick=True, skip_naive=True, skip_100k=True, skip_ui=True, questions=12,
                          work_dir=tmp_path, profile=False)
    data = json.loads((out / "bench.json").read_text())
    md = (out / "bench.md").read_text()
    assert data["articles_in_corpus"] == res["articles_in_corpus"] == 5

    m = data["machine"]
    assert m["cores"] >= 1 and m["ram_gb"] > 0 and m["python"] and m["cpu"]

    ing = data["ingest"]
    assert ing["added"] == 5 and ing["articles"] == 5 and ing["chunks"] > 5
    assert ing["chunks_embedded"] == ing["embedder_texts"] == ing["chunks"]
    assert ing["wall_s"] > 0 and ing["articles_per_s"] > 0 and ing["chunks_per_s"] > 0
    assert "embed" in ing["breakdown"] and ing["breakdown"]["embed"]["calls"] >= 1

    raw = data["raw_encode"]
    assert raw["texts"] == ing["chunks"] and raw["wall_s"] > 0 and raw["wordpieces"] > raw["texts"]
    assert data["ingest_over_raw"] > 0

    r0 = data["reingest_unchanged"]
    assert r0["embedder_texts"] == 0 and r0["chunks_embedded"] == 0 and r0["unchanged"] == 5 and not r0["added"]
    r1 = data["reingest_1pct"]
    assert r1["changed_files"] == 1 and r1["updated"] == 1 and 0 < r1["embedder_texts"] < ing["chunks"]

    lat = data["latency_corpus"]
    assert lat["questions"] == 12 and lat["chunks"] >= ing["chunks"]
    for part in ("retrieve", "ask"):
        assert lat[part]["n"] == 12 and 0 < lat[part]["p50_ms"] <= lat[part]["p95_ms"] <= lat[part]["max_ms"]

    cold = data["cold_ask"]
    assert all(r["exit_code"] == 0 and r["answer"] for r in cold["runs"]), cold
    assert cold["answer_printed_s_median"] > 0

    assert "naive" not in data and "latency_scale" not in data and "ui" not in data
    keys = {t["key"] for t in data["targets_met"]}
    assert {"ingest_over_raw", "reingest_fraction", "ask_p50_ms_corpus", "cold_ask_s"} <= keys
    assert next(t for t in data["targets_met"] if t["key"] == "reingest_fraction")["met"] in (True, False)
    assert "| measure | value | target | met |" in md and m["cpu"] in md
    assert not list(tmp_path.glob("assistant-bench-*")), "the temporary folder is removed"


def test_questions_are_varied_and_deterministic():
    bench = _bench()
    files = sorted(SEEDS.glob("*.txt"))
    qs = bench.make_questions(files, 30)
    assert len(qs) == 30 and qs == bench.make_questions(files, 30)
    assert len(set(qs)) >= 20 and all(q.strip() for q in qs)
    assert any(q.startswith("Who ") for q in qs) and any(q.startswith("What happened:") for q in qs)
