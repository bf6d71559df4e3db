"""Offline answering on the BBC News 2005 corpus: questions written from random articles
(`data/bbc2005_questions.jsonl`) by someone who had not read the code, asked through
`Assistant.ask` over the whole corpus (2,225 articles): 340 in all.

    python benchmarks/bbc.py ../shared/corpora/bbc-news-2005 --index /tmp/bbc-idx [--out rows.json]

Set A (40 questions) was written first and its failures were worked on; set B (60) was written
after those fixes, from other articles, and first measured before any change made for it; sets C,
D and E (60 each, 12 articles per section) likewise, each first measured before any change made
for it, then worked on; set F (60) was written the same way and measured before any change made
for it. `--questions FILE` runs another set written the same way: `data/realtimeqa_articles_questions.jsonl`
(set R1: 60 questions on random RealTimeQA articles, 2022 and 2026, many outlets), asked over all
1,665 of them: `python benchmarks/bbc.py ../shared/corpora/realtimeqa-dev/articles --index DIR
--questions benchmarks/data/realtimeqa_articles_questions.jsonl`. Per set it prints: the answer in the first 60 words of the answer, the question's own article among the
citations (a copy of the same story in another file also counts), refusals, and warm ask p50.
The first run ingests the corpus into --index (about 4 minutes on 2 cores); later runs reuse it.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from realtimeqa import contains, first_words  # noqa: E402

QUESTIONS = Path(__file__).resolve().parent / "data" / "bbc2005_questions.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--index", type=Path, default=Path("/tmp/bbc-idx"))
    ap.add_argument("--out", type=Path)
    ap.add_argument("--questions", type=Path, default=QUESTIONS)
    ap.add_argument("--set", action="append", help="only these sets (repeatable)")
    args = ap.parse_args()

    from assistant import Assistant
    from assistant.settings import Settings

    a = Assistant(Settings(_env_file=None, index_dir=args.index, corpus_dir=args.corpus, auto_ingest=False))
    t0 = time.perf_counter()
    rep = a.ingest(args.corpus)
    print(f"ingest: {rep.summary()} ({time.perf_counter() - t0:.1f}s)", file=sys.stderr)
    qs = [json.loads(line) for line in args.questions.read_text().splitlines() if line.strip()]
    qs = [q for q in qs if not args.set or q["set"] in args.set]
    a.ask(qs[0]["question"])  # warm
    rows = []
    for q in qs:
        t = time.perf_counter()
        ans = a.ask(q["question"])
        ms = (time.perf_counter() - t) * 1000
        own = (args.corpus / q["file"]).read_text(errors="replace")
        cited = any(c.passage.text.strip()[:200] in own for c in ans.citations)
        rows.append({"id": q["id"], "set": q["set"], "type": q["type"], "question": q["question"], "answer": q["answer"],
                     "ans60": not ans.refused and contains(first_words([ans.answer], 60), q["answer"]), "cited": cited,
                     "refused": ans.refused, "ms": round(ms, 1), "given": ans.answer[:300]})
    for tag in sorted({r["set"] for r in rows}) + ["all"]:
        part = [r for r in rows if tag in ("all", r["set"])]
        n = len(part)
        print(f"set {tag}: {n} questions; answer in first 60 words {sum(r['ans60'] for r in part)}/{n}, "
              f"own article cited {sum(r['cited'] for r in part)}/{n}, refused {sum(r['refused'] for r in part)}, "
              f"ask p50 {statistics.median(r['ms'] for r in part):.0f} ms")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
