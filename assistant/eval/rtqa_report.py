"""Show and save a RealTimeQA-style evaluation: rich tables (overall, even and odd halves; the
project beside the naive baselines; a comparison with a previous run), and with --out DIR
`results.json` (every question: the answer, the top retrieved passages, the measures),
`report.md` and `report.html` (the tables, then every miss with its retrieved passages).

`run_command` is the whole `assistant eval DATASET_DIR` flow; the CLI only parses options."""
from __future__ import annotations

import html
import json
import re
import time
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from . import realtimeqa as R

SPLIT_LABEL = {"all": "overall", "even": "even ids (tuning)", "odd": "odd ids (held out)"}
SYSTEM_LABEL = {"project": "this project", "naive": "naive llama-index", "bm25": "BM25 (naive chunks)"}
MEASURE_COLS = [(k, lbl) for k, lbl, _ in R.MEASURES]


def fmt(x, digits: int = 3) -> str:
    if x is None:
        return "–"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, int):
        return str(x)
    return f"{x:.{digits}f}"


def ms(x) -> str:
    return "–" if x is None else (f"{x:.0f}" if x >= 10 else f"{x:.1f}")


def _delta(d: dict, digits: int = 3) -> str:
    if d["delta"] is None:
        return "–"
    return f"{d['delta']:+.{digits}f}" if isinstance(d["delta"], float) else f"{d['delta']:+d}"


def systems(data: dict) -> list[tuple[str, dict]]:
    """(name, summary by half) of the project and every baseline run."""
    out = [("project", data["summary"])]
    out += [(name, b["summary"]) for name, b in (data.get("baselines") or {}).items()]
    return out


# -- terminal ------------------------------------------------------------------------------------
def print_summary(data: dict, console: Console) -> None:
    from rich import box

    m = data["meta"]
    t = Table(title=f"{m['dataset_name']}: {m['n']} questions (split {m['split']}{', limit ' + str(m['limit']) if m.get('limit') else ''}), "
                    f"mode {m['mode']}, retrieve k={m['k']}, as of each question's date",
              title_justify="left", box=box.SIMPLE_HEAD)
    t.add_column("split", no_wrap=True)
    t.add_column("n", justify="right")
    for _, lbl in MEASURE_COLS:
        t.add_column(lbl, justify="right", no_wrap=True)
    t.add_column("ask p50 ms", justify="right", no_wrap=True)
    t.add_column("ask p95 ms", justify="right", no_wrap=True)
    for part in R.SPLITS:
        s = data["summary"][part]
        if not s["n"]:
            continue
        t.add_row(SPLIT_LABEL[part], str(s["n"]), *[fmt(s.get(k)) for k, _ in MEASURE_COLS], ms(s.get("ask_p50_ms")),
                  ms(s.get("ask_p95_ms")), style="bold" if part == "all" else None)
    console.print(t)


def freshness_line(data: dict) -> str:
    """Where the retrieval misses come from: the dev set counts any search result holding the
    answer string as gold, and for some questions only years-old articles do."""
    f = data.get("gold_freshness")
    if not f or not f.get("n_stale"):
        return ""
    return (f"{f['n_stale']} of {f['n_stale'] + f['n_fresh']} questions have gold articles only from more than {f['stale_days']} days "
            f"before the question date (no recent article holds the answer string; an older one does, often on another story): "
            f"{f['w1000_misses_stale']} of the {f['w1000_misses']} w1000 misses and {f['gold5_misses_stale']} of the "
            f"{f['gold5_misses']} gold@5 misses. On the other {f['n_fresh']}: w300 {fmt(f['w300_fresh'])}, "
            f"w1000 {fmt(f['w1000_fresh'])}, gold@5 {fmt(f['gold5_fresh'])}.")


def print_side_by_side(data: dict, console: Console) -> None:
    from rich import box

    if not data.get("baselines"):
        return
    names = [SYSTEM_LABEL.get(n, n) for n, _ in systems(data)]
    t = Table(title=" vs ".join(names) + " (same questions; the baselines: top 5 of their own chunks, no question dates)",
              title_justify="left", box=box.SIMPLE_HEAD)
    t.add_column("split", no_wrap=True)
    t.add_column("system", no_wrap=True)
    t.add_column("n", justify="right")
    for _, lbl in MEASURE_COLS:
        t.add_column(lbl, justify="right", no_wrap=True)
    t.add_column("query p50 ms", justify="right", no_wrap=True)
    t.add_column("ask p50 ms", justify="right", no_wrap=True)
    for part in R.SPLITS:
        if not data["summary"][part]["n"]:
            continue
        for i, (name, summ) in enumerate(systems(data)):
            s = summ[part]
            t.add_row(SPLIT_LABEL[part] if i == 0 else "", SYSTEM_LABEL.get(name, name), str(s["n"]),
                      *[fmt(s.get(k)) for k, _ in MEASURE_COLS], ms(s.get("retrieve_p50_ms")), ms(s.get("ask_p50_ms")),
                      style="bold" if name == "project" else None, end_section=(i == len(systems(data)) - 1))
    console.print(t)
    for name, b in data["baselines"].items():
        bm = b["meta"]
        where = (f"{'built' if bm.get('rebuilt') else 'reused'} in {bm['persist_dir']}" if name == "naive"
                 else "indexed in memory")
        console.print(f"[dim]{SYSTEM_LABEL.get(name, name)}: {bm['chunks']} chunks, {escape(where)} ({bm.get('build_s')} s); "
                      f"{escape(bm['recipe'])}[/dim]")


def print_comparison(cmp: dict, console: Console, current: dict | None = None) -> None:
    from rich import box

    prev, cur = cmp["previous"], cmp["current"]
    t = Table(title=f"compared with {prev.get('started', '?')} ({prev.get('n', '?')} questions, split {prev.get('split', '?')}) → "
                    f"{cur.get('started', '?')} ({cur.get('n', '?')}); {cmp['common']} questions in both",
              title_justify="left", box=box.SIMPLE_HEAD)
    t.add_column("measure", no_wrap=True)
    for part in R.SPLITS:
        t.add_column(f"{SPLIT_LABEL[part]}: before → now", justify="right", no_wrap=True)
        t.add_column("Δ", justify="right", no_wrap=True)
    for key, lbl in MEASURE_COLS + [("ask_p50_ms", "ask p50 ms"), ("ask_p95_ms", "ask p95 ms")]:
        cells = []
        for part in R.SPLITS:
            d = cmp["metrics"][part][key]
            digits = 0 if key.endswith("_ms") else 3
            cells += [f"{fmt(d['previous'], digits)} → {fmt(d['current'], digits)}", _color(key, d, digits)]
        t.add_row(lbl, *cells)
    console.print(t)
    rows = {r["id"]: r for r in (current or {}).get("rows", [])}
    for key, lbl in MEASURE_COLS:
        ch = cmp["changes"][key]
        if not (ch["gained"] or ch["lost"]):
            continue
        good, bad = ("no longer refused", "newly refused") if key == "refused" else ("gained", "lost")
        g, l_ = (ch["lost"], ch["gained"]) if key == "refused" else (ch["gained"], ch["lost"])
        console.print(f"{lbl}: [green]{len(g)} {good}[/green], [red]{len(l_)} {bad}[/red]")
        if key == "ans60":
            for iid in g:
                console.print(f"  [green]+ {escape(iid)}[/green] {escape(_q(rows.get(iid)))}")
            for iid in l_:
                console.print(f"  [red]- {escape(iid)}[/red] {escape(_q(rows.get(iid)))}")
    if cmp["only_current"] or cmp["only_previous"]:
        console.print(f"[dim]only in this run: {len(cmp['only_current'])} questions; only in the previous: {len(cmp['only_previous'])}[/dim]")


def _q(row: dict | None, n: int = 90) -> str:
    if not row:
        return ""
    q = row.get("question", "")
    return (q[:n] + "…" if len(q) > n else q) + f"  (answer: {row.get('gold_answer', '')})"


def _color(key: str, d: dict, digits: int) -> str:
    s = _delta(d, digits)
    if d["delta"] is None or abs(d["delta"]) < 1e-9:
        return s
    better = d["delta"] < 0 if (key == "refused" or key.endswith("_ms")) else d["delta"] > 0
    return f"[green]{s}[/green]" if better else f"[red]{s}[/red]"


def print_misses(data: dict, console: Console, limit: int = 15) -> None:
    misses = [r for r in data["rows"] if not r.get("ans60")]
    if not misses:
        return
    from rich import box

    t = Table(title=f"misses (answer not in the first 60 words): {len(misses)}" + (f", first {limit}" if len(misses) > limit else "")
              + " — all of them, with their passages, in report.md / report.html",
              title_justify="left", box=box.SIMPLE_HEAD)
    t.add_column("id", no_wrap=True)
    t.add_column("expected", overflow="fold", max_width=22)
    t.add_column("why", overflow="fold", max_width=26)
    t.add_column("answer", overflow="fold", ratio=1)
    for r in misses[:limit]:
        a = (r.get("answer") or "").replace("\n", " ")
        t.add_row(escape(r["id"]), escape(str(r["gold_answer"])), escape(why(r)), escape(a[:110] + ("…" if len(a) > 110 else "")))
    console.print(t)


def why(r: dict) -> str:
    """A first guess at where a miss happens."""
    if r.get("error"):
        return f"error: {r['error']}"
    if r.get("refused"):
        return "refused; " + ("answer was in the passages" if r.get("w1000") else "answer not retrieved")
    if not r.get("w1000"):
        age = r.get("gold_age_days")
        old = ("" if not R.stale(r) or "gold_age_days" not in r else
               ", gold articles all undated" if age is None else f", youngest gold article {age} days before the question")
        return "retrieval: answer not in the first 1,000 words" + ("" if r.get("gold5") else ", no gold article in top 5") + old
    if r.get("top1"):
        return "answering: answer in the top-1 passage, another span picked"
    return f"answering: answer retrieved (first at rank {r.get('first_hit_rank')}), not picked"


# -- files ---------------------------------------------------------------------------------------
def write_outputs(data: dict, out_dir: str | Path, comparison: dict | None = None) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    doc = dict(data)
    if comparison is not None:
        doc["comparison"] = comparison
    paths = [out / "results.json", out / "report.md", out / "report.html"]
    paths[0].write_text(json.dumps(doc, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    paths[1].write_text(markdown(data, comparison), encoding="utf-8")
    paths[2].write_text(to_html(data, comparison), encoding="utf-8")
    return paths


def _md(s) -> str:
    return str(s if s is not None else "").replace("|", "\\|").replace("\n", " ")


def _table_md(header: list[str], rows: list[list[str]], right_from: int = 1) -> list[str]:
    L = ["| " + " | ".join(header) + " |", "|" + "|".join("---" if i < right_from else "---:" for i in range(len(header))) + "|"]
    L += ["| " + " | ".join(r) + " |" for r in rows]
    return L + [""]


def summary_rows(data: dict) -> tuple[list[str], list[list[str]]]:
    header = ["split", "n"] + [lbl for _, lbl in MEASURE_COLS] + ["ask p50 ms", "ask p95 ms"]
    rows = []
    for part in R.SPLITS:
        s = data["summary"][part]
        if s["n"]:
            rows.append([SPLIT_LABEL[part], str(s["n"])] + [fmt(s.get(k)) for k, _ in MEASURE_COLS]
                        + [ms(s.get("ask_p50_ms")), ms(s.get("ask_p95_ms"))])
    return header, rows


def side_rows(data: dict) -> tuple[list[str], list[list[str]]]:
    header = ["split", "system", "n"] + [lbl for _, lbl in MEASURE_COLS] + ["query p50 ms", "ask p50 ms"]
    rows = []
    for part in R.SPLITS:
        if data["summary"][part]["n"]:
            for name, summ in systems(data):
                s = summ[part]
                rows.append([SPLIT_LABEL[part], SYSTEM_LABEL.get(name, name), str(s["n"])] + [fmt(s.get(k)) for k, _ in MEASURE_COLS]
                            + [ms(s.get("retrieve_p50_ms")), ms(s.get("ask_p50_ms"))])
    return header, rows


def comparison_rows(cmp: dict) -> tuple[list[str], list[list[str]]]:
    header = ["measure"] + [f"{SPLIT_LABEL[p]}: before → now (Δ)" for p in R.SPLITS]
    rows = []
    for key, lbl in MEASURE_COLS + [("ask_p50_ms", "ask p50 ms"), ("ask_p95_ms", "ask p95 ms")]:
        digits = 0 if key.endswith("_ms") else 3
        rows.append([lbl] + [f"{fmt(d['previous'], digits)} → {fmt(d['current'], digits)} ({_delta(d, digits)})"
                             for d in (cmp["metrics"][p][key] for p in R.SPLITS)])
    return header, rows


def _meta_lines(data: dict) -> list[str]:
    m = data["meta"]
    ing = m.get("ingest") or {}
    return [f"dataset `{m['dataset']}` ({m['n']} questions, split {m['split']}" + (f", limit {m['limit']}" if m.get("limit") else "") + ")",
            f"mode {m['mode']}; retrieval measures from `Assistant.retrieve(question, k={m['k']}, as_of=question_date)`, "
            f"the answer from `Assistant.ask(question, as_of=question_date)`",
            f"index `{m['index_dir']}`" + (" (reused: corpus and ingest code unchanged)" if ing.get("reused") else ""),
            f"run {m['started']}, {m['seconds']} s"]


def markdown(data: dict, comparison: dict | None = None) -> str:
    m = data["meta"]
    L = [f"# Evaluation: {m['dataset_name']}", ""] + [f"- {x}" for x in _meta_lines(data)] + [""]
    L += ["## Measures", ""] + _table_md(*summary_rows(data), right_from=1)
    if freshness_line(data):
        L += [freshness_line(data), ""]
    if data.get("baselines"):
        L += ["## This project beside the naive baselines", "",
              "The baselines rank their own chunks (llama-index's default 1,024-token SentenceSplitter chunks) and know "
              "nothing of the question date; they do not answer (–). Their latency is the query alone.", ""]
        L += _table_md(*side_rows(data), right_from=2)
        for name, b in data["baselines"].items():
            L.append(f"- {SYSTEM_LABEL.get(name, name)}: {b['meta']['recipe']}; {b['meta']['chunks']} chunks")
        L.append("")
    L += ["| measure | meaning |", "|---|---|"] + [f"| {lbl} | {desc} |" for _, lbl, desc in R.MEASURES]
    L += ["", "The answer counts as present after case-folding, unifying curly quotes and dashes and collapsing "
          "whitespace, verbatim and not inside a longer word.", ""]
    if comparison:
        L += ["## Compared with the previous run", ""] + _table_md(*comparison_rows(comparison), right_from=1)
        for key, lbl in MEASURE_COLS:
            ch = comparison["changes"][key]
            if ch["gained"] or ch["lost"]:
                a, b = ("newly refused", "no longer refused") if key == "refused" else ("gained", "lost")
                L.append(f"- {lbl}: {a} {len(ch['gained'])} ({', '.join(f'`{i}`' for i in ch['gained']) or '–'}); "
                         f"{b} {len(ch['lost'])} ({', '.join(f'`{i}`' for i in ch['lost']) or '–'})")
        L.append("")
    misses = [r for r in data["rows"] if not r.get("ans60")]
    L += [f"## Misses ({len(misses)}): the answer is not in the first 60 words of the answer", ""]
    for r in misses:
        L += [f"### `{r['id']}` ({r['half']}, {r.get('question_date')})", "",
              f"- question: **{_md(r['question'])}**",
              f"- expected: **{_md(r['gold_answer'])}**",
              f"- answer{' (refused)' if r.get('refused') else ''}: {_md(r.get('answer'))}",
              f"- where: {_md(why(r))}; w300 {fmt(r.get('w300'))}, w1000 {fmt(r.get('w1000'))}, gold@5 {fmt(r.get('gold5'))}, "
              f"top-1 {fmt(r.get('top1'))}",
              f"- gold articles: " + (", ".join(f"`{g}`" for g in r.get("gold_files") or []) or "–"), "",
              "| # | gold | has answer | source · date · title | passage |", "|---:|---|---|---|---|"]
        for p in r.get("passages", [])[:5]:
            L.append(f"| {p['rank']} | {'✅' if p['gold'] else ''} | {'✅' if p['has_answer'] else ''} | "
                     f"{_md(p.get('source'))} · {_md(p.get('published'))} · {_md(p.get('title'))} | {_md(p['text'][:500])}{'…' if len(p['text']) > 500 else ''} |")
        later = [p for p in r.get("passages", [])[5:] if p["has_answer"]]
        if later:
            L.append("")
            L.append("- answer also at rank(s) " + ", ".join(f"{p['rank']} (`{p['file']}`)" for p in later))
        L.append("")
    L += ["## All questions", ""]
    L += _table_md(["id", "half", "w300", "w1000", "gold@5", "top-1", "ans60", "refused", "ask ms", "expected"],
                   [[f"`{r['id']}`", r["half"]] + [("✅" if r.get(k) else "·") for k in ("w300", "w1000", "gold5", "top1", "ans60")]
                    + ["yes" if r.get("refused") else "", ms(r.get("ask_ms")), _md(r["gold_answer"])] for r in data["rows"]],
                   right_from=2)
    return "\n".join(L) + "\n"


# -- HTML ----------------------------------------------------------------------------------------
_CLASS = {"'": "'‘’´`", '"': '"“”'}


def answer_pattern(answer: str) -> re.Pattern | None:
    """A regex finding the answer in raw text the way `contains` does (quotes, dashes, spaces, case)."""
    parts = []
    for ch in (answer or "").strip():
        if ch.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
        elif ch in "'‘’´`":
            parts.append("[" + re.escape(_CLASS["'"]) + "]")
        elif ch in '"“”':
            parts.append("[" + re.escape(_CLASS['"']) + "]")
        elif ch == "-" or "\u2010" <= ch <= "\u2015" or ch == "\u2212":
            parts.append("[-\u2010-\u2015\u2212]")
        else:
            parts.append(re.escape(ch))
    if not parts:
        return None
    return re.compile(r"(?<!\w)" + "".join(parts) + r"(?!\w)", re.IGNORECASE)


def highlight(text: str, answer: str) -> str:
    pat = answer_pattern(answer)
    if pat is None:
        return html.escape(text)
    out, last = [], 0
    for mt in pat.finditer(text):
        out += [html.escape(text[last:mt.start()]), "<mark>", html.escape(mt.group(0)), "</mark>"]
        last = mt.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def _table_html(header: list[str], rows: list[list[str]], bold_first: bool = False) -> str:
    h = "".join(f"<th>{html.escape(c)}</th>" for c in header)
    body = []
    for r in rows:
        body.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>")
    return f"<table><thead><tr>{h}</tr></thead><tbody>{''.join(body)}</tbody></table>"


CSS = """body{font:14px/1.45 system-ui,sans-serif;max-width:1200px;margin:1.5em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #ddd;padding:3px 7px;vertical-align:top}
th{background:#f4f4f4}td{font-variant-numeric:tabular-nums}mark{background:#ffe066}
.miss{border-left:4px solid #d9534f;padding:.2em .8em;margin:1em 0}.p td:last-child{font-size:12.5px}
.gold{color:#1a7f37;font-weight:600}code{background:#f4f4f4;padding:0 3px}details summary{cursor:pointer}"""


def to_html(data: dict, comparison: dict | None = None) -> str:
    m = data["meta"]
    e = html.escape
    H = [f"<!doctype html><html><head><meta charset='utf-8'><title>Evaluation: {e(m['dataset_name'])}</title>",
         f"<style>{CSS}</style></head><body><h1>Evaluation: {e(m['dataset_name'])}</h1><ul>"]
    H += [f"<li>{e(x).replace('`', '')}</li>" for x in _meta_lines(data)] + ["</ul><h2>Measures</h2>", _table_html(*summary_rows(data))]
    if freshness_line(data):
        H.append(f"<p>{e(freshness_line(data))}</p>")
    if data.get("baselines"):
        H += ["<h2>This project beside the naive baselines</h2>", _table_html(*side_rows(data)), "<ul>"]
        H += [f"<li>{e(SYSTEM_LABEL.get(n, n))}: {e(b['meta']['recipe'])}; {b['meta']['chunks']} chunks</li>"
              for n, b in data["baselines"].items()] + ["</ul>"]
    H += [_table_html(["measure", "meaning"], [[lbl, desc] for _, lbl, desc in R.MEASURES])]
    if comparison:
        H += ["<h2>Compared with the previous run</h2>", _table_html(*comparison_rows(comparison)), "<ul>"]
        for key, lbl in MEASURE_COLS:
            ch = comparison["changes"][key]
            if ch["gained"] or ch["lost"]:
                a, b = ("newly refused", "no longer refused") if key == "refused" else ("gained", "lost")
                H.append(f"<li>{e(lbl)}: {a} {len(ch['gained'])}: {e(', '.join(ch['gained']) or '–')}; "
                         f"{b} {len(ch['lost'])}: {e(', '.join(ch['lost']) or '–')}</li>")
        H.append("</ul>")
    misses = [r for r in data["rows"] if not r.get("ans60")]
    H.append(f"<h2>Misses ({len(misses)}): the answer is not in the first 60 words of the answer</h2>")
    for r in misses:
        ans = r["gold_answer"]
        H += [f"<div class='miss'><h3><code>{e(r['id'])}</code> ({e(r['half'])}, {e(str(r.get('question_date')))})</h3>",
              f"<p><b>{e(r['question'])}</b><br>expected: <b>{e(str(ans))}</b><br>",
              f"answer{' (refused)' if r.get('refused') else ''}: {highlight(r.get('answer') or '', ans)}<br>",
              f"where: {e(why(r))}<br>gold articles: {e(', '.join(r.get('gold_files') or []) or '–')}</p>",
              "<details open><summary>retrieved passages</summary><table class='p'><thead><tr><th>#</th><th>gold</th>"
              "<th>source · date · title</th><th>passage</th></tr></thead><tbody>"]
        for p in r.get("passages", [])[:5]:
            H.append(f"<tr><td>{p['rank']}</td><td class='gold'>{'gold' if p['gold'] else ''}</td>"
                     f"<td>{e(str(p.get('source') or ''))} · {e(str(p.get('published') or ''))}<br>"
                     f"<a href='{e(p.get('url') or '')}'>{e(p.get('title') or p.get('file') or '')}</a></td>"
                     f"<td>{highlight(p['text'], ans)}</td></tr>")
        H.append("</tbody></table></details>")
        later = [p for p in r.get("passages", [])[5:] if p["has_answer"]]
        if later:
            H.append("<p>answer also at rank(s) " + ", ".join(f"{p['rank']} ({e(p['file'])})" for p in later) + "</p>")
        H.append("</div>")
    H += ["<h2>All questions</h2>", _table_html(
        ["id", "half", "w300", "w1000", "gold@5", "top-1", "ans60", "refused", "ask ms", "expected", "answer"],
        [[r["id"], r["half"]] + [("✓" if r.get(k) else "·") for k in ("w300", "w1000", "gold5", "top1", "ans60")]
         + ["yes" if r.get("refused") else "", ms(r.get("ask_ms")), str(r["gold_answer"]), (r.get("answer") or "")[:160]]
         for r in data["rows"]]), "</body></html>"]
    return "\n".join(H) + "\n"


# -- the command ---------------------------------------------------------------------------------
def show(data: dict, out: Console, comparison: dict | None = None, misses: bool = True) -> None:
    if not out.is_terminal and out.width < 180:  # piped or redirected: wide tables rather than folded ones
        out.width = 180
    print_summary(data, out)
    line = freshness_line(data)
    if line:
        out.print(f"[dim]{escape(line)}[/dim]")
    print_side_by_side(data, out)
    if comparison is not None:
        print_comparison(comparison, out, data)
    if misses:
        print_misses(data, out)


def run_command(dataset, *, settings, out: Console, err: Console, split: str = "all", limit: int | None = None,
                k: int | None = None, mode: str = "offline", out_dir: Path | None = None, compare_to: Path | None = None,
                index: Path | None = None, fresh: bool = False, baseline: str | None = None, baseline_k: int = 5) -> int:
    """`assistant eval DATASET_DIR …`; returns the exit code."""
    from rich.progress import Progress

    from ..store import StoreError
    from .runner import open_assistant

    k = k or 12
    items = R.select(dataset.items, split, limit)
    if not items:
        err.print(f"[red]no questions in split {escape(split)}[/red]")
        return 2
    previous = None
    if compare_to:
        try:
            previous = R.load_results(compare_to)
        except (OSError, ValueError) as e:
            err.print(f"[red]--compare: {escape(str(e))}[/red]")
            return 2
    t0 = time.perf_counter()
    baselines = {}
    try:
        with Progress(console=err, transient=True) as bar:
            task = bar.add_task("Indexing the evaluation corpus", total=None)

            def progress(i, n, what):
                bar.update(task, completed=i, total=n, description=str(what)[:50])

            a, report = open_assistant(dataset, settings, index_dir=index, fresh=fresh, progress=progress)
            why_ = " (rebuilt: the ingest code changed since it was built)" if getattr(report, "rebuilt", False) else ""
            err.print(f"[dim]evaluation index {a.settings.index_dir}{why_}: {report.summary()}[/dim]")
            bar.update(task, description="Asking", completed=0, total=len(items))
            rows = R.run(dataset, a, items, k=k, mode=mode, progress=progress)
            if baseline == "naive":
                from .naive import naive_dir, run_baselines

                bar.update(task, description="naive llama-index baseline", completed=0, total=None)
                baselines = run_baselines(dataset, items, naive_dir(settings, dataset), k=baseline_k, fresh=fresh,
                                          status=lambda msg: err.print(f"[dim]{escape(msg)}[/dim]"), progress=progress)
    except (StoreError, FileNotFoundError) as e:
        err.print(f"[red]{escape(str(e))}[/red]")
        return 2
    except ImportError as e:
        err.print(f"[red]--baseline naive needs llama-index, chromadb and bm25s: {escape(str(e))}[/red]")
        return 2
    ingest = report.to_dict() if hasattr(report, "to_dict") else {}
    data = R.result(dataset, rows, split=split, limit=limit, k=k, mode=mode, index_dir=str(a.settings.index_dir),
                    ingest=ingest, seconds=time.perf_counter() - t0, baselines=baselines)
    comparison = R.compare(data, previous) if previous is not None else None
    show(data, out, comparison)
    if out_dir:
        paths = write_outputs(data, out_dir, comparison)
        err.print("wrote " + ", ".join(str(p) for p in paths))
    return 0


def compare_files(current_path: Path, previous_path: Path | None, out: Console, err: Console, out_dir: Path | None = None) -> int:
    """`assistant eval RESULTS.json --compare PREV.json`: the two runs side by side, without running anything."""
    try:
        current = R.load_results(current_path)
        previous = R.load_results(previous_path) if previous_path else None
    except (OSError, ValueError) as e:
        err.print(f"[red]{escape(str(e))}[/red]")
        return 2
    comparison = R.compare(current, previous) if previous is not None else None
    show(current, out, comparison, misses=comparison is None)
    if out_dir:
        paths = write_outputs(current, out_dir, comparison)
        err.print("wrote " + ", ".join(str(p) for p in paths))
    return 0
