"""Questions the index cannot answer: how often the offline answerer says "the articles don't say"
instead of guessing. Four sets, 960 questions, from the two corpora's own questions:

* RealTimeQA's 200 questions over the BBC 2005 corpus, and the 280 BBC questions
  (`data/bbc2005_questions.jsonl`) over RealTimeQA's articles: another era, another country;
* the same questions over their own corpus without the articles that answer them (RealTimeQA
  without any question's gold articles, 971 of 1,665 left; BBC without the questions' own 280
  articles): the week's other news, which speaks of the same people and events.

    python benchmarks/unanswerable.py ../shared/corpora/realtimeqa-dev ../shared/corpora/bbc-news-2005 --work /tmp/unans
        [--rtqa-index DIR] [--bbc-index DIR] [--out rows.json]

Per set it prints the questions refused, those answered with the answer string anyway (some
"unanswerable" ones are not: a copy of the story, a paraphrase), the rest (wrong answers: the
figure to bring down), and warm ask p50. Full indexes are built in --work unless given (those of
`realtimeqa.py` and `bbc.py` can be reused); the reduced ones always live there. Ingest takes
about 15 minutes the first time on 2 cores; the questions take about 2.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from realtimeqa import contains, first_words  # noqa: E402

BBC_QUESTIONS = Path(__file__).resolve().parent / "data" / "bbc2005_questions.jsonl"


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _linked(dst: Path, files: dict[str, Path]) -> Path:
    """A folder of symlinks to `files` (relative name -> source), kept in step with them: when a
    question set grows, its articles leave the folder (and the next ingest removes them)."""
    if not dst.exists():
        tmp = dst.with_name(dst.name + ".part")
        for rel, src in files.items():
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(src.resolve(), tmp / rel)
        tmp.rename(dst)
        return dst
    for link in [p for p in dst.rglob("*") if p.is_symlink()]:
        if str(link.relative_to(dst)) not in files:
            link.unlink()
    for rel, src in files.items():
        if not (dst / rel).is_symlink():
            (dst / rel).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(src.resolve(), dst / rel)
    return dst


def _assistant(corpus: Path, index: Path):
    from assistant import Assistant
    from assistant.settings import Settings

    a = Assistant(Settings(_env_file=None, index_dir=index, corpus_dir=corpus, auto_ingest=False))
    t0 = time.perf_counter()
    rep = a.ingest(corpus)
    print(f"{index.name}: {rep.summary()} ({time.perf_counter() - t0:.0f}s)", file=sys.stderr)
    return a


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("realtimeqa", type=Path)
    ap.add_argument("bbc", type=Path)
    ap.add_argument("--work", type=Path, default=Path("/tmp/unanswerable"))
    ap.add_argument("--rtqa-index", type=Path)
    ap.add_argument("--bbc-index", type=Path)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)

    rq = _jsonl(args.realtimeqa / "questions.jsonl")
    bq = _jsonl(BBC_QUESTIONS)
    gold = {u for q in rq for u in q["gold_urls"]}
    rest = {m["file"]: args.realtimeqa / "articles" / m["file"] for m in _jsonl(args.realtimeqa / "articles.jsonl")
            if m["url"] not in gold}
    own = {q["file"] for q in bq}
    bbc_rest = {str(p.relative_to(args.bbc)): p for p in sorted(args.bbc.glob("*/*.txt")) if str(p.relative_to(args.bbc)) not in own}

    runs = [  # (set, corpus, index, questions, asked as of the question date)
        ("realtimeqa over bbc", args.bbc, args.bbc_index or args.work / "bbc-idx", rq, True),
        ("realtimeqa without its answers", _linked(args.work / "rtqa-rest", rest), args.work / "rtqa-rest-idx", rq, True),
        ("bbc over realtimeqa", args.realtimeqa / "articles", args.rtqa_index or args.work / "rtqa-idx", bq, False),
        ("bbc without its answers", _linked(args.work / "bbc-rest", bbc_rest), args.work / "bbc-rest-idx", bq, False),
    ]
    rows = []
    for name, corpus, index, qs, dated in runs:
        a = _assistant(corpus, index)
        a.ask(qs[0]["question"])  # warm
        for q in qs:
            t = time.perf_counter()
            ans = a.ask(q["question"], as_of=q.get("question_date") if dated else None)
            ms = (time.perf_counter() - t) * 1000
            held = contains(first_words([ans.answer], 60), q["answer"])
            rows.append({"set": name, "id": q["id"], "question": q["question"], "answer": q["answer"], "refused": ans.refused,
                         "holds_answer": held and not ans.refused, "wrong": not ans.refused and not held, "ms": round(ms, 1),
                         "given": ans.answer[:300]})
        part = [r for r in rows if r["set"] == name]
        print(f"{name}: {len(part)} questions; refused {sum(r['refused'] for r in part)}, answered with the answer string "
              f"{sum(r['holds_answer'] for r in part)}, wrong {sum(r['wrong'] for r in part)}; "
              f"ask p50 {statistics.median(r['ms'] for r in part):.0f} ms")
    print(f"all: {len(rows)} questions; refused {sum(r['refused'] for r in rows)}, wrong {sum(r['wrong'] for r in rows)}")
    if args.out:
        args.out.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
