"""Show and save an evaluation: a rich table in the terminal; with --out DIR, `results.json`
(every item's answer, citations, retrieved passages and scores) and `report.md` (metrics overall
and per category, a Unicode bar chart, failing items); comparison with a previous results.json;
thresholds."""
from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .runner import EvalRun

# (key in the metrics dict, column label, description)
COLUMNS = [
    ("hit", "hit@k", "a supporting passage in the top k"),
    ("mrr", "MRR", "1/rank of the first supporting passage"),
    ("recall", "recall@k", "support groups found in the top k"),
    ("correct", "correct", "all required facts in the answer (not refused)"),
    ("span_correct", "span", "the facts in the answer's own words, outside quoted sentences"),
    ("cite_precision", "cite P", "cited passages that support the answer"),
    ("cite_recall", "cite R", "support groups cited"),
    ("date_consistency", "dates", "dates in the answer found in / derived from cited passages"),
    ("refusal_precision", "refuse P", "refusals that were right"),
    ("refusal_recall", "refuse R", "unanswerable items refused"),
]
CHART_KEYS = [("pass_rate", "passed (answerable: correct; unanswerable: refused)"), ("hit", "retrieval hit@k"),
              ("correct", "answer correct"), ("cite_recall", "citation recall")]

# thresholds: option name -> (metric key, kind)
THRESHOLDS = {
    "min_correct": ("correct", "min"), "min_hit": ("hit", "min"), "min_mrr": ("mrr", "min"), "min_recall": ("recall", "min"),
    "min_span": ("span_correct", "min"), "min_cite_precision": ("cite_precision", "min"), "min_cite_recall": ("cite_recall", "min"),
    "min_refusal_precision": ("refusal_precision", "min"), "min_refusal_recall": ("refusal_recall", "min"),
    "min_dates": ("date_consistency", "min"), "max_wrong_refusals": ("wrongly_refused", "max"),
    "max_p95_ms": ("latency_total_p95", "max"), "max_regressed": ("regressed", "max"),
}


def fmt(x, digits: int = 2) -> str:
    if x is None:
        return "–"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, int):
        return str(x)
    return f"{x:.{digits}f}"


def _ms(x) -> str:
    return "–" if x is None else f"{x:.0f}"


def bar(x: float | None, width: int = 20) -> str:
    """A Unicode bar for a value in [0, 1]."""
    if x is None:
        return "·" * width
    x = min(1.0, max(0.0, float(x)))
    eighths = round(x * width * 8)
    full, rest = divmod(eighths, 8)
    s = "█" * full + ("" if rest == 0 else " ▏▎▍▌▋▊▉"[rest])
    return s + "░" * (width - len(s))


def chart(categories: dict, overall: dict, keys=CHART_KEYS, width: int = 20) -> str:
    names = list(categories) + ["overall"]
    labels = {n: f"{n} ({categories.get(n, overall)['n']})" for n in names}
    label_w = max(len(v) for v in labels.values())
    lines = []
    for key, label in keys:
        lines.append(label)
        for n in names:
            m = categories.get(n, overall)
            if m.get(key) is None:
                continue
            lines.append(f"  {labels[n]:<{label_w}}  {bar(m.get(key), width)} {fmt(m.get(key))}")
        lines.append("")
    return "\n".join(lines).rstrip()


# -- comparison ---------------------------------------------------------------------------------
def load_results(path: str | Path) -> dict:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "items" not in data or "overall" not in data:
        raise ValueError(f"{path} is not an evaluation results.json (no `items`/`overall`)")
    return data


def compare(current: dict, previous: dict) -> dict:
    """Items that now pass and failed before (improved), the reverse (regressed), and metric deltas."""
    prev = {r["id"]: r for r in previous.get("items", [])}
    cur = {r["id"]: r for r in current.get("items", [])}
    improved, regressed, changed = [], [], []
    for iid, r in cur.items():
        p = prev.get(iid)
        if p is None:
            continue
        if r["passed"] and not p.get("passed"):
            improved.append(iid)
        elif p.get("passed") and not r["passed"]:
            regressed.append(iid)
        elif (r.get("answer") or "") != (p.get("answer") or ""):
            changed.append(iid)
    deltas = {}
    for key in [c[0] for c in COLUMNS] + ["pass_rate"]:
        a, b = previous.get("overall", {}).get(key), current.get("overall", {}).get(key)
        if a is not None or b is not None:
            deltas[key] = {"previous": a, "current": b, "delta": (b - a) if (a is not None and b is not None) else None}
    return {"improved": improved, "regressed": regressed, "answer_changed": changed,
            "new": [i for i in cur if i not in prev], "missing": [i for i in prev if i not in cur], "metrics": deltas}


def check_thresholds(overall: dict, limits: dict, comparison: dict | None = None) -> list[str]:
    """Messages for every threshold missed; `limits` maps THRESHOLDS names to values (None = unset)."""
    values = dict(overall)
    values["latency_total_p95"] = (overall.get("latency_ms") or {}).get("total", {}).get("p95")
    if comparison is not None:
        values["regressed"] = len(comparison["regressed"])
    missed = []
    for name, limit in limits.items():
        if limit is None or name not in THRESHOLDS:
            continue
        key, kind = THRESHOLDS[name]
        v = values.get(key)
        if key == "regressed" and comparison is None:
            continue
        if v is None:
            missed.append(f"{key}: not measured (needed {'≥' if kind == 'min' else '≤'} {limit})")
        elif kind == "min" and v < limit:
            missed.append(f"{key} = {fmt(v, 3)} < {limit} (--{name.replace('_', '-')})")
        elif kind == "max" and v > limit:
            missed.append(f"{key} = {fmt(v, 3)} > {limit} (--{name.replace('_', '-')})")
    return missed


# -- terminal ----------------------------------------------------------------------------------
def print_run(run: EvalRun, console: Console, comparison: dict | None = None, show_all: bool = False) -> None:
    from rich import box

    o = run.overall
    rows = list(run.categories.items()) + [("overall", o)]
    t1 = Table(title=f"{run.dataset.name}: {o['n']} items, mode {run.mode}, k={run.k}: retrieval and answers",
               title_justify="left", box=box.SIMPLE_HEAD)
    t1.add_column("category", no_wrap=True)
    for label in ("n", "hit@k", "MRR", "recall@k", "correct", "span", "passed"):
        t1.add_column(label, justify="right", no_wrap=True)
    t2 = Table(title="citations, refusals, dates, latency (total ms)", title_justify="left", box=box.SIMPLE_HEAD)
    t2.add_column("category", no_wrap=True)
    for label in ("cite P", "cite R", "refuse P", "refuse R", "dates", "p50", "p95"):
        t2.add_column(label, justify="right", no_wrap=True)
    for name, m in rows:
        style = "bold" if name == "overall" else None
        t1.add_row(name, str(m["n"]), *[fmt(m.get(k)) for k in ("hit", "mrr", "recall", "correct", "span_correct")],
                   f"{m['passed']}/{m['n']}", style=style)
        t2.add_row(name, *[fmt(m.get(k)) for k in ("cite_precision", "cite_recall", "refusal_precision", "refusal_recall", "date_consistency")],
                   _ms(m["latency_ms"]["total"]["p50"]), _ms(m["latency_ms"]["total"]["p95"]), style=style)
    console.print(t1)
    console.print(t2)
    lat = o["latency_ms"]
    console.print("latency ms: " + "; ".join(f"{s} p50 {_ms(lat[s]['p50'])} / p95 {_ms(lat[s]['p95'])}" for s in ("retrieve", "answer", "total")))
    console.print(f"passed {o['passed']}/{o['n']} · answerable items wrongly refused: {o['wrongly_refused']} · "
                  f"unanswerable items answered: {o['answered_unanswerable']}")
    if "judge_correct" in o:
        console.print(f"LLM judge (separate from the scripted scores): correct {fmt(o['judge_correct'])} "
                      f"({o['judged']} judged, {o['unjudged']} unjudged)")
    items = [r for r in run.items if show_all or not r["passed"]]
    if items:
        ft = Table(title="items" if show_all else f"failing items ({len(items)})", title_justify="left", box=box.SIMPLE_HEAD)
        ft.add_column("id", overflow="fold", max_width=28)
        ft.add_column("diagnosis", overflow="fold", ratio=2)
        ft.add_column("answer", overflow="fold", ratio=3)
        for r in items:
            ans = r["answer"].replace("\n", " ")
            ident = escape(r["id"]) if r["passed"] else f"[red]{escape(r['id'])}[/red]"
            ft.add_row(ident, escape(r["diagnosis"]), escape(ans[:80] + ("…" if len(ans) > 80 else "")))
        console.print(ft)
    if comparison:
        console.print(f"compared with the previous run: [green]{len(comparison['improved'])} improved[/green], "
                      f"[red]{len(comparison['regressed'])} regressed[/red], {len(comparison['answer_changed'])} other answers changed")
        for iid in comparison["improved"]:
            console.print(f"  [green]+ {escape(iid)}[/green]")
        for iid in comparison["regressed"]:
            console.print(f"  [red]- {escape(iid)}[/red]")
        for key, d in comparison["metrics"].items():
            if d["delta"]:
                console.print(f"  {key}: {fmt(d['previous'])} → {fmt(d['current'])} ({d['delta']:+.2f})")


# -- files -------------------------------------------------------------------------------------
def write_outputs(run: EvalRun, out_dir: str | Path, comparison: dict | None = None) -> tuple[Path, Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    data = run.to_dict()
    if comparison is not None:
        data["comparison"] = comparison
    jpath = out / "results.json"
    jpath.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    mpath = out / "report.md"
    mpath.write_text(markdown(run, comparison), encoding="utf-8")
    return jpath, mpath


def _md(s: str) -> str:
    return str(s).replace("|", "\\|").replace("\n", " ")


def markdown(run: EvalRun, comparison: dict | None = None) -> str:
    o = run.overall
    L = [f"# Evaluation: {run.dataset.name}", "",
         f"- dataset: `{run.dataset.path}` ({run.dataset.format}), corpus `{run.dataset.corpus}`",
         f"- mode: {run.mode}, k = {run.k}, {o['n']} items ({o['n_answerable']} answerable, {o['n_unanswerable']} unanswerable)",
         f"- run: {run.started}, {run.seconds:.1f} s, index `{run.index_dir}`",
         f"- passed: **{o['passed']}/{o['n']}**; answerable items wrongly refused: {o['wrongly_refused']}; "
         f"unanswerable items answered: {o['answered_unanswerable']}", ""]
    if "judge_correct" in o:
        L += [f"- LLM judge: correct {fmt(o['judge_correct'])} ({o['judged']} judged, {o['unjudged']} unjudged)", ""]
    L += ["## Metrics", "", "| category | n | passed | " + " | ".join(lbl for _, lbl, _ in COLUMNS) + " | p50 ms | p95 ms |",
          "|---|---:|---:|" + "---:|" * len(COLUMNS) + "---:|---:|"]
    for name, m in list(run.categories.items()) + [("**overall**", o)]:
        L.append(f"| {name} | {m['n']} | {m['passed']} | " + " | ".join(fmt(m.get(k)) for k, _, _ in COLUMNS)
                 + f" | {_ms(m['latency_ms']['total']['p50'])} | {_ms(m['latency_ms']['total']['p95'])} |")
    L += ["", "Retrieval, correctness and citation scores are over answerable items; refusal scores over all items "
          "of the category; – = not applicable.", ""]
    L += ["| metric | meaning |", "|---|---|"] + [f"| {lbl} | {desc} |" for _, lbl, desc in COLUMNS] + [""]
    lat = o["latency_ms"]
    L += ["Latency (ms): " + "; ".join(f"{s} p50 {_ms(lat[s]['p50'])}, p95 {_ms(lat[s]['p95'])}" for s in ("retrieve", "answer", "total")), ""]
    L += ["## Per category", "", "```", chart(run.categories, o), "```", ""]
    if comparison:
        L += ["## Compared with the previous run", "",
              f"- improved ({len(comparison['improved'])}): " + (", ".join(f"`{i}`" for i in comparison["improved"]) or "none"),
              f"- regressed ({len(comparison['regressed'])}): " + (", ".join(f"`{i}`" for i in comparison["regressed"]) or "none"),
              f"- answers changed without changing pass/fail: {len(comparison['answer_changed'])}", ""]
        rows = [(k, d) for k, d in comparison["metrics"].items()]
        if rows:
            L += ["| metric | previous | current | Δ |", "|---|---:|---:|---:|"]
            for k, d in rows:
                delta = "–" if d["delta"] is None else f"{d['delta']:+.2f}"
                L.append(f"| {k} | {fmt(d['previous'])} | {fmt(d['current'])} | {delta} |")
            L.append("")
    failing = [r for r in run.items if not r["passed"]]
    L += [f"## Failing items ({len(failing)})", ""]
    for r in failing:
        L += [f"### `{r['id']}` ({r['category']})", ""]
        for t in r.get("turns") or []:
            L.append(f"- earlier turn: {_md(t)}")
        L.append(f"- question: **{_md(r['question'])}**" + (f" (as of {r['as_of']})" if r.get("as_of") else ""))
        if r["answerable"]:
            L.append("- expected: " + "; ".join(" / ".join(f) for f in r["facts"]))
        else:
            L.append("- expected: a refusal (the articles don't say)")
        L.append(f"- answer: {_md(r['answer'])}")
        for c in r.get("citations", []):
            L.append(f"  - [{c['n']}] {_md(c['article'])} — supports: {', '.join(c['supports']) or 'no'}")
        s = r.get("scores", {})
        L.append(f"- scores: hit {fmt(s.get('hit'))}, MRR {fmt(s.get('mrr'))}, recall {fmt(s.get('recall'))}, "
                 f"facts {fmt(s.get('fact_recall'))}, cite P {fmt(s.get('cite_precision'))} / R {fmt(s.get('cite_recall'))}")
        L += [f"- diagnosis: {_md(r['diagnosis'])}", ""]
    L += ["## All items", "", "| id | category | pass | hit | MRR | correct | span | cite R | dates | diagnosis |",
          "|---|---|---|---:|---:|---:|---:|---:|---:|---|"]
    for r in run.items:
        s = r.get("scores", {})
        L.append(f"| `{r['id']}` | {r['category']} | {'✅' if r['passed'] else '❌'} | {fmt(s.get('hit'))} | {fmt(s.get('mrr'))} | "
                 f"{fmt(s.get('correct'))} | {fmt(s.get('span_correct'))} | {fmt(s.get('cite_recall'))} | "
                 f"{fmt(s.get('date_consistency'))} | {_md(r['diagnosis'])} |")
    return "\n".join(L) + "\n"
