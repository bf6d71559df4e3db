"""`assistant eval`: metric functions on hand-made cases, dataset validation, the runner, and the
CLI end to end (results.json, report.md, --compare, threshold exit codes)."""
import json
import math
import random
import subprocess
import sys
import textwrap

import pytest

from conftest import ROOT, SEEDS

from assistant.eval import metrics as M
from assistant.eval.dataset import DatasetError, load_dataset

AP = "002_5eda7e8b5bdc9733.txt"


# -- metrics -----------------------------------------------------------------------------------
def test_normalisation_and_fact_matching():
    assert M.fact_present("It happened in Sept. 2025 [1]", ["September 2025"])
    assert M.fact_present("lifted in September 2025", ["Sep 2025"])
    assert M.fact_present("about 1200 political prisoners", ["1,200"])
    assert M.fact_present("about 1,200 political prisoners", ["1200"])
    assert not M.fact_present("about 12,000 prisoners", ["1,200"])
    assert M.fact_present("met on September 17, 2019 in Minsk", ["17 September 2019"])
    assert M.fact_present("Dec. 12, 2025", ["2025-12-12"])
    assert M.fact_present("the  NO-MAN’S   land", ["no-man's land"])
    assert M.fact_present("“Europe’s Last Dictator.”", ["Europe's last dictator"])
    assert M.fact_present("the U.S. lifted", ["US lifted"])
    assert M.fact_present("human–rights abuses", ["human rights"])
    assert not M.fact_present("Billsmafia", ["Bills"])  # not inside a longer word
    assert M.fact_recall("Hale and Coale", [["Hale"], ["Coale"], ["Kellogg"]]) == pytest.approx(2 / 3)
    assert M.fact_recall("anything", []) is None
    assert M.without_quotations('September 2025 — “A month later, in August” [1]') == "September 2025 —   [1]"


def test_supports_by_containment_or_substantial_overlap():
    passage = "A month later, Lukashenko freed more than 50 prisoners, and the U.S. lifted sanctions on Belavia."
    assert M.supports(passage, "the U.S. lifted sanctions on Belavia")
    assert M.supports(passage.replace("U.S.", "US"), "the U.S. lifted sanctions on Belavia")
    # cut at a passage boundary: most of the quote's trigrams are there
    assert M.supports(passage, "Lukashenko freed more than 50 prisoners, and the U.S. lifted sanctions on Belavia, allowing it")
    assert not M.supports(passage, "Lukashenko freed more than 50 prisoners while the EU kept every sanction on Minsk in place")
    assert not M.supports(passage, "Belavia planes")  # short quotes must be contained
    assert M.same_sentence("They were the largest demonstrations in Belarus’ history, after 1991.",
                           "They were the largest demonstrations in Belarus’ history")


def test_retrieval_scores_known_values():
    ranked = [("a", set()), ("b", {"g1"}), ("b", {"g1"}), ("c", {"g2"}), ("d", set())]
    s = M.retrieval_scores(ranked, {"g1", "g2"}, k=3)  # the duplicate "b" counts once: a, b, c
    assert s == {"hit": 1.0, "mrr": 0.5, "recall": 1.0}
    s = M.retrieval_scores(ranked, {"g1", "g2"}, k=2)
    assert s == {"hit": 1.0, "mrr": 0.5, "recall": 0.5}
    # duplicates of one supporting passage never push recall above what it covers
    assert M.retrieval_scores([("b", {"g1"})] * 6, {"g1", "g2"}, k=6) == {"hit": 1.0, "mrr": 1.0, "recall": 0.5}
    assert M.retrieval_scores([("x", set())] * 3, {"g1"}, k=3) == {"hit": 0.0, "mrr": 0.0, "recall": 0.0}
    assert M.retrieval_scores([], {"g1"}, k=5) == {"hit": 0.0, "mrr": 0.0, "recall": 0.0}
    assert M.retrieval_scores([("a", {"g1"})], set(), k=5) == {"hit": None, "mrr": None, "recall": None}
    # groups a passage covers that the item does not ask for are ignored
    assert M.retrieval_scores([("a", {"zzz"}), ("b", {"g1"})], {"g1"}, k=5)["mrr"] == 0.5


def test_citation_and_refusal_scores_known_values():
    cited = [("a", {"g1"}), ("a", {"g1"}), ("b", set())]
    assert M.citation_scores(cited, {"g1", "g2"}) == {"precision": 0.5, "recall": 0.5}
    assert M.citation_scores([], {"g1"}) == {"precision": None, "recall": 0.0}
    r = M.refusal_scores([(True, False), (True, True), (False, True), (False, True), (False, False)])
    assert r["precision"] == pytest.approx(2 / 3) and r["recall"] == pytest.approx(2 / 3)
    assert r["wrongly_refused"] == 1 and r["answered_unanswerable"] == 1
    assert M.refusal_scores([(True, False)])["precision"] is None


def test_scores_stay_in_unit_interval_on_random_input():
    rng = random.Random(7)
    for _ in range(300):
        groups = {f"g{i}" for i in range(rng.randint(0, 4))}
        ranked = [(f"p{rng.randint(0, 5)}", {f"g{rng.randint(0, 5)}" for _ in range(rng.randint(0, 3))}) for _ in range(rng.randint(0, 8))]
        values = list(M.retrieval_scores(ranked, groups, k=rng.randint(0, 8)).values())
        values += list(M.citation_scores(ranked, groups).values())
        values += [v for v in M.refusal_scores([(rng.random() < .5, rng.random() < .5) for _ in range(rng.randint(0, 6))]).values()
                   if isinstance(v, float)]
        for v in values:
            assert v is None or (0.0 <= v <= 1.0 and not math.isnan(v))


def test_dates_in_answers_must_be_grounded():
    answer = "September 2025 — “A month later, …” [1] (AP, 2025-12-12; “A month later” = a month after August 2025)"
    grounding = ["A month later, Lukashenko freed…", "2025-12-12", "September 2025 one month after August 2025"]
    assert M.date_consistency(answer, grounding) == (3, 3)
    assert M.date_consistency("6 December 2025", ["published 2025-12-12"]) == (1, 0)
    assert M.date_consistency("in 2025", ["12 December 2025"]) == (1, 1)       # a year is grounded by a day in it
    assert M.date_consistency("September 2025", ["2025"]) == (1, 0)            # but not the other way round
    assert M.date_consistency("no dates here, 1,200 prisoners", ["x"]) == (0, 0)
    assert M.find_dates("Dec. 12, 2025 and 2008") == [M.DateMention(2025, 12, 12), M.DateMention(2008)]


def test_latency_percentiles_and_summary():
    assert M.percentile([1, 2, 3, 4], 50) == 2.5
    assert M.percentile([1, 2, 3, 4], 95) == pytest.approx(3.85)
    assert M.percentile([], 50) is None and M.percentile([None], 95) is None
    rows = [
        {"category": "date", "answerable": True, "refused": False, "passed": True, "hit": 1.0, "mrr": 1.0, "recall": 1.0,
         "correct": 1.0, "cite_precision": 1.0, "cite_recall": 1.0, "date_consistency": None, "timings_ms": {"total": 100}},
        {"category": "date", "answerable": True, "refused": True, "passed": False, "hit": 0.0, "mrr": 0.0, "recall": 0.0,
         "correct": 0.0, "cite_precision": None, "cite_recall": 0.0, "date_consistency": None, "timings_ms": {"total": 300}},
        {"category": "unanswerable", "answerable": False, "refused": True, "passed": True, "timings_ms": {"total": 50}},
    ]
    s = M.summarize(rows)
    assert s["correct"] == 0.5 and s["cite_precision"] == 1.0 and s["date_consistency"] is None
    assert s["wrongly_refused"] == 1 and s["refusal_recall"] == 1.0 and s["refusal_precision"] == 0.5
    assert s["latency_ms"]["total"]["p50"] == 100 and s["passed"] == 2
    cats = M.by_category(rows, ["fact", "date", "unanswerable"])
    assert list(cats) == ["date", "unanswerable"] and cats["unanswerable"]["correct"] is None


def test_judge_replies_that_cannot_be_read_are_unjudged():
    from assistant.eval.judge import parse_verdict

    assert parse_verdict('{"verdict": "correct", "reason": "ok"}') is True
    assert parse_verdict('Sure! ```json\n{"verdict": "incorrect"}\n```') is False
    for bad in (None, "", "correct", "{verdict: correct}", '{"verdict": "maybe"}', "[1, 2]"):
        assert parse_verdict(bad) is None
    rows = [{"category": "fact", "answerable": True, "refused": False, "passed": True, "correct": 1.0, "judge": True},
            {"category": "fact", "answerable": True, "refused": False, "passed": True, "correct": 1.0, "judge": None}]
    s = M.summarize(rows)
    assert s["judge_correct"] == 1.0 and s["judged"] == 1 and s["unjudged"] == 1


# -- the dataset -------------------------------------------------------------------------------
def _write(tmp_path, body: str, name="qa.yaml"):
    p = tmp_path / name
    p.write_text(f"corpus: {SEEDS}\nitems:\n" + textwrap.indent(textwrap.dedent(body), "  "), encoding="utf-8")
    return p


def test_seed_dataset_is_valid_and_covers_the_categories():
    d = load_dataset(SEEDS / "qa.yaml")
    cats = [i.category for i in d.items]
    assert len(d.items) >= 40
    assert set(cats) == {"fact", "name", "number", "date", "place", "multi-article", "follow-up", "unanswerable"}
    assert cats.count("unanswerable") >= 8 and all(i.turns for i in d.items if i.category == "follow-up")
    assert d.corpus == SEEDS.resolve()
    belavia = next(i for i in d.items if i.question == "When did the US lift Belavia sanctions?")
    assert belavia.facts[0][0] == "September 2025" and belavia.support[0].article == AP


def test_malformed_items_get_clear_errors_naming_item_and_field(tmp_path):
    p = _write(tmp_path, f"""\
        - id: no-question
          category: fact
          answerable: true
          facts: [x]
          support: [{{article: {AP}, quote: "Belavia"}}]
        - id: bad-quote
          question: What?
          category: fact
          answerable: true
          facts: [x]
          support: [{{article: {AP}, quote: "words that are not in the AP article"}}]
        - id: curly
          question: What?
          category: fact
          answerable: true
          facts: [x]
          support: [{{article: {AP}, quote: "the country's national airline"}}]
        - id: bad-category
          question: What?
          category: trivia
          answerable: true
          facts: [x]
          support: [{{article: {AP}, quote: "Belavia"}}]
        - id: no-article
          question: What?
          category: fact
          answerable: true
          facts: [x]
          support: [{{article: 999_missing.txt, quote: "Belavia"}}]
        - id: lonely-follow-up
          question: And then?
          category: follow-up
          answerable: true
          facts: [x]
          support: [{{article: {AP}, quote: "Belavia"}}]
        - id: unanswerable-with-facts
          question: What?
          category: unanswerable
          answerable: false
          facts: [x]
        - id: typo
          question: What?
          category: fact
          anwserable: true
          facts: [x]
          support: [{{article: {AP}, quote: "Belavia"}}]
        - id: bad-date
          question: What?
          category: fact
          answerable: true
          as_of: next week
          facts: [x]
          support: [{{article: {AP}, quote: "Belavia"}}]
        - id: bad-date
          question: Duplicate id
          category: fact
          answerable: true
          facts: [[]]
          support: [{{article: {AP}, quote: "Belavia"}}]
        """)
    with pytest.raises(DatasetError) as e:
        load_dataset(p)
    msg = str(e.value)
    expected = [
        ("'no-question'", "`question`: missing"),
        ("'bad-quote'", "quote not found in 002_5eda7e8b5bdc9733.txt"),
        ("'curly'", "matches after normalising"),
        ("'bad-category'", "unknown category 'trivia'"),
        ("'no-article'", "article file '999_missing.txt' not found"),
        ("'lonely-follow-up'", "`turns`"),
        ("'unanswerable-with-facts'", "must not list facts"),
        ("'typo'", "unknown field(s) ['anwserable']"),
        ("'bad-date'", "`as_of`: must be a date"),
        ("'bad-date'", "duplicate id"),
    ]
    lines = msg.splitlines()
    for who, what in expected:
        assert any(who in line and what in line for line in lines), (who, what, msg)


def test_yaml_errors_and_empty_files(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("items: [unclosed", encoding="utf-8")
    with pytest.raises(DatasetError, match="not valid YAML"):
        load_dataset(bad)
    empty = tmp_path / "empty.yaml"
    empty.write_text("items: []\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="non-empty list"):
        load_dataset(empty)
    with pytest.raises(DatasetError, match="no such file"):
        load_dataset(tmp_path / "missing.yaml")


# -- the runner, in process (the session's seed index) ----------------------------------------
SMALL = f"""\
- id: belavia-date
  question: When did the US lift Belavia sanctions?
  category: date
  answerable: true
  facts: [[September 2025, Sept. 2025]]
  support:
    - article: {AP}
      quote: "A month later, Lukashenko freed more than 50 prisoners"
- id: cybertruck
  question: Why were Tesla Cybertrucks recalled?
  category: unanswerable
  answerable: false
- id: coale-follow-up
  turns: ["Who is John Coale?"]
  question: When did he meet Lukashenko in Minsk?
  category: follow-up
  answerable: true
  facts: [[Coale, Lukashenko]]
  support:
    - article: {AP}
      quote: "John Coale"
- id: wrong-expectation
  question: Who is Trump's special envoy for Belarus?
  category: name
  answerable: true
  note: deliberately wrong expected answer, so that a threshold is missed
  facts: [[Somebody Else]]
  support:
    - article: {AP}
      quote: "special envoy for Belarus, John Coale"
"""


def test_runner_scores_items_and_writes_reports(assistant, tmp_path):
    from assistant.eval.report import check_thresholds, compare, write_outputs
    from assistant.eval.runner import run

    d = load_dataset(_write(tmp_path, SMALL))
    result = run(d, assistant, k=5)
    by_id = {r["id"]: r for r in result.items}
    b = by_id["belavia-date"]
    assert b["passed"] and b["scores"]["hit"] == 1.0 and b["scores"]["correct"] == 1.0
    assert b["scores"]["date_consistency"] == 1.0 and b["citations"][0]["supports"]
    assert by_id["cybertruck"]["refused"] and by_id["cybertruck"]["passed"]
    assert by_id["coale-follow-up"]["earlier_turns"][0]["question"] == "Who is John Coale?"
    w = by_id["wrong-expectation"]
    assert not w["passed"] and w["scores"]["hit"] == 1.0 and w["diagnosis"] != "ok"
    o = result.overall
    assert o["n"] == 4 and o["refusal_recall"] == 1.0 and 0.3 <= o["correct"] <= 2 / 3
    for m in [o, *result.categories.values()]:
        for key in M.SCORE_KEYS:
            assert m[key] is None or 0.0 <= m[key] <= 1.0
    jpath, mpath = write_outputs(result, tmp_path / "out")
    data = json.loads(jpath.read_text())
    assert {"meta", "overall", "categories", "items"} <= set(data)
    assert data["items"][0]["answer"] and "scores" in data["items"][0] and "citations" in data["items"][0]
    md = mpath.read_text()
    assert "## Per category" in md and "█" in md and "wrong-expectation" in md
    missed = check_thresholds(o, {"min_correct": 0.9, "min_hit": 0.5})
    assert len(missed) == 1 and missed[0].startswith("correct = ") and "< 0.9 (--min-correct)" in missed[0]
    assert check_thresholds(o, {"min_correct": 0.3, "min_hit": 0.5, "min_refusal_recall": 1.0}) == []
    assert check_thresholds(o, {"max_p95_ms": 0.001})  # latency is measured
    prev = json.loads(jpath.read_text())
    prev["items"][0]["passed"] = False    # belavia-date failed before: improved now
    prev["items"][3]["passed"] = True     # wrong-expectation passed before: regressed now
    c = compare(result.to_dict(), prev)
    assert c["improved"] == ["belavia-date"] and c["regressed"] == ["wrong-expectation"]
    assert check_thresholds(o, {"max_regressed": 0}, c) == ["regressed = 1 > 0 (--max-regressed)"]


# -- the CLI, end to end -----------------------------------------------------------------------
def _cli(args, seed_index, timeout=600):
    env = {"ASSISTANT_INDEX_DIR": str(seed_index), "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1", "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "assistant", "eval", *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def test_cli_eval_writes_reports_and_exit_codes_follow_thresholds(seed_index, tmp_path):
    ds = _write(tmp_path, SMALL)
    out1, out2 = tmp_path / "run1", tmp_path / "run2"
    # --index: reuse the session's seed index (the corpus is already in it; ingest is a no-op)
    p = _cli([ds, "--out", out1, "--index", seed_index, "--k", 5, "--min-correct", 0.9], seed_index)
    assert p.returncode == 1, p.stderr
    assert "threshold missed: correct" in p.stderr
    data = json.loads((out1 / "results.json").read_text())
    assert [r["id"] for r in data["items"]] == ["belavia-date", "cybertruck", "coale-follow-up", "wrong-expectation"]
    assert data["meta"]["mode"] == "offline" and data["meta"]["k"] == 5
    assert all("answer" in r and "citations" in r and "scores" in r for r in data["items"])
    assert (out1 / "report.md").read_text().startswith("# Evaluation")
    assert "wrong-expectation" in p.stdout  # the failing item is listed in the terminal
    p = _cli([ds, "--out", out2, "--index", seed_index, "--k", 5, "--compare", out1 / "results.json",
              "--min-correct", 0.3, "--min-hit", 0.5, "--max-regressed", 0], seed_index)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "compared with the previous run" in p.stdout
    assert json.loads((out2 / "results.json").read_text())["comparison"]["regressed"] == []


def test_cli_eval_rejects_invalid_dataset_and_mode(seed_index, tmp_path):
    bad = _write(tmp_path, "- id: x\n  category: fact\n  answerable: true\n", name="bad.yaml")
    p = _cli([bad], seed_index, timeout=120)
    assert p.returncode == 2 and "item 'x'" in p.stderr and "`question`" in p.stderr
    p = _cli([bad, "--mode", "llm"], seed_index, timeout=120)
    assert p.returncode == 2 and "LLM" in p.stderr


def test_llm_judge_against_a_local_fake_server():
    """The judge talks to any OpenAI-compatible endpoint; unreadable replies and errors are unjudged."""
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from assistant.eval.dataset import EvalItem
    from assistant.eval.judge import LLMJudge
    from assistant.settings import Settings

    replies = iter(['{"verdict": "correct", "reason": "states September 2025"}', "I think it is right", None])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            content = next(replies)
            if content is None:
                self.send_response(500)
                self.end_headers()
                return
            body = json.dumps({"id": "x", "object": "chat.completion", "created": 0, "model": "fake",
                               "choices": [{"index": 0, "finish_reason": "stop",
                                            "message": {"role": "assistant", "content": content}}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings = Settings(_env_file=None, llm_base_url=f"http://127.0.0.1:{server.server_port}/v1", llm_model="fake",
                            llm_retries=0, llm_timeout=10)
        judge = LLMJudge(settings)
        item = EvalItem(id="b", question="When did the US lift Belavia sanctions?", category="date", answerable=True,
                        facts=[["September 2025"]])
        rec = {"answer": "September 2025 [1]"}
        assert [judge(item, rec), judge(item, rec), judge(item, rec)] == [True, None, None]
        assert judge.errors == 1
    finally:
        server.shutdown()
