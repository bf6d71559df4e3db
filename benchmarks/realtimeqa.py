"""Measure retrieval and offline answering on a RealTimeQA-style folder (articles/ + questions.jsonl).

    python benchmarks/realtimeqa.py ../shared/corpora/realtimeqa-dev --index /tmp/rtqa-idx [--split even|odd|all]
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def norm(s: str) -> str:
    s = s.casefold()
    s = re.sub(r"[‘’´`]", "'", s)
    s = re.sub(r"[“”]", '"', s)
    s = re.sub(r"[‐-―−]", "-", s)
    return re.sub(r"\s+", " ", s).strip()


def contains(text: str, answer: str) -> bool:
    t, a = norm(text), norm(answer)
    return re.search(r"(?<!\w)" + re.escape(a) + r"(?!\w)", t) is not None


def first_words(texts: list[str], n: int) -> str:
    words: list[str] = []
    for t in texts:
        words += t.split()
        if len(words) >= n:
            break
    return " ".join(words[:n])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dataset", type=Path)
    ap.add_argument("--index", type=Path, default=Path("/tmp/rtqa-idx"))
    ap.add_argument("--split", default="all", choices=["all", "even", "odd"])
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--set", action="append", default=[], help="setting overrides key=value")
    args = ap.parse_args()

    from assistant import Assistant
    from assistant.settings import Settings

    overrides = dict(kv.split("=", 1) for kv in args.set)
    settings = Settings(_env_file=None, index_dir=args.index, corpus_dir=args.dataset / "articles", auto_ingest=False, **overrides)
    a = Assistant(settings)
    t0 = time.perf_counter()
    rep = a.ingest(args.dataset / "articles")
    print(f"ingest: {rep.summary()} ({time.perf_counter() - t0:.1f}s)", file=sys.stderr)
    qs = [json.loads(line) for line in (args.dataset / "questions.jsonl").read_text().splitlines() if line.strip()]
    if args.split != "all":
        qs = [q for q in qs if (int(q["id"].split("_")[-1]) % 2 == 0) == (args.split == "even")]
    if args.limit:
        qs = qs[: args.limit]
    rows = []
    lat = []
    for q in qs:
        t = time.perf_counter()
        passages = a.retrieve(q["question"], k=12, as_of=q["question_date"])
        ans = a.ask(q["question"], as_of=q["question_date"])
        lat.append((time.perf_counter() - t) * 1000)
        texts = [p.text for p in passages]
        gold = set(q.get("gold_urls") or [])
        row = {
            "id": q["id"], "question": q["question"], "answer": q["answer"],
            "w300": contains(first_words(texts, 300), q["answer"]),
            "w1000": contains(first_words(texts, 1000), q["answer"]),
            "gold5": any((p.url or "") in gold for p in passages[:5]),
            "top1": bool(texts) and contains(texts[0], q["answer"]),
            "ans60": contains(first_words([ans.answer], 60), q["answer"]),
            "refused": ans.refused,
            "given": ans.answer[:300],
        }
        rows.append(row)
    n = len(rows)
    summary = {k: round(sum(r[k] for r in rows) / n, 3) for k in ("w300", "w1000", "gold5", "top1", "ans60", "refused")}
    summary["n"] = n
    summary["p50_ms"] = round(statistics.median(lat), 1)
    summary["p95_ms"] = round(sorted(lat)[int(0.95 * (n - 1))], 1)
    print(json.dumps(summary))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"summary": summary, "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
