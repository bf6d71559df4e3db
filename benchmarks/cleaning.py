"""Boilerplate-removal benchmark: body-line recall and junk removal on hand-labelled pages.

    .venv/bin/python benchmarks/cleaning.py              # table per article and overall
    .venv/bin/python benchmarks/cleaning.py -v           # also list every misclassified line
    .venv/bin/python benchmarks/cleaning.py --draft FILE # print a label-file draft for a new page

Labels live in tests/data/cleaning/*.labels (format in tests/data/cleaning/README.md): one line
per text unit of the page, `B` body, `J` junk, `T` title/byline/metadata (scored as neither).
Each article goes through the real pipeline (`read_article` with its folder metadata, then
`build_article`); every labelled unit is found, in order, in the cleaner's blocks, and counts as
kept when most of its characters lie in kept blocks. A unit that cannot be found counts as
dropped; for HTML that is trafilatura removing it, for text and Markdown it is a labelling error
and is reported as `unmatched`.
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABEL_DIR = ROOT / "tests" / "data" / "cleaning"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TOKEN = re.compile(r"[^\W_]+", re.U)


def norm(text: str) -> str:
    """Lower-case word tokens separated by single spaces; Markdown images dropped, links → text."""
    prev = None
    while prev != text:
        prev = text
        text = _MD_IMAGE.sub(" ", text)
        text = _MD_LINK.sub(r"\1", text)
    return " ".join(_TOKEN.findall(text.lower()))


@dataclass
class Unit:
    label: str          # B | J | T
    text: str
    line: int           # line number in the label file
    kept: bool = False
    matched: bool = False
    reason: str = ""    # the cleaner's reason for the block the unit fell in


@dataclass
class Result:
    name: str
    kind: str
    units: list[Unit] = field(default_factory=list)

    def _count(self, label: str, kept: bool) -> tuple[int, int]:
        us = [u for u in self.units if u.label == label]
        return sum(u.kept == kept for u in us), len(us)

    @property
    def body(self) -> tuple[int, int]:
        return self._count("B", True)

    @property
    def junk(self) -> tuple[int, int]:
        return self._count("J", False)

    @property
    def unmatched(self) -> int:
        """Labelled units missing from a text or Markdown page: labelling errors."""
        return 0 if self.kind == "html" else sum(not u.matched for u in self.units)

    @property
    def absent(self) -> int:
        """Units of an HTML page that trafilatura did not pass on (they count as dropped)."""
        return sum(not u.matched for u in self.units) if self.kind == "html" else 0


def read_labels(path: Path) -> tuple[Path, list[Unit]]:
    source = None
    units: list[Unit] = []
    for i, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if not line.strip():
            continue
        if line.startswith("#"):
            m = re.match(r"#\s*source:\s*(\S+)", line)
            if m:
                source = (path.parent / m.group(1)).resolve()
            continue
        m = re.match(r"([BJT])(?: (.*))?$", line)
        if not m:
            raise ValueError(f"{path.name}:{i}: a label line starts with 'B ', 'J ' or 'T ': {line[:60]!r}")
        units.append(Unit(m.group(1), m.group(2) or "", i))
    if source is None:
        stem = path.name[: -len(".labels")]
        found = [p for p in path.parent.iterdir() if p.stem == stem and p.suffix in (".txt", ".md", ".html", ".htm")]
        if len(found) != 1:
            raise ValueError(f"{path.name}: no '# source:' line and no single {stem}.(txt|md|html) beside it")
        source = found[0]
    return source, units


def clean_file(path: Path):
    from assistant.ingest.load import read_article, read_folder_meta
    from assistant.ingest.pipeline import build_article

    raw = read_article(path, 10**8, read_folder_meta(path.parent))
    article, cleaned = build_article(raw)
    return raw, article, cleaned


def _find(stream: str, needle: str, start: int, block_starts: set[int] | None) -> int:
    """The next occurrence of needle; for HTML only one that begins a block (trafilatura keeps
    an element's text as a line of its own, so a nav item "News" must not match inside prose)."""
    at = stream.find(needle, start)
    while at >= 0 and block_starts is not None and at + 1 not in block_starts:
        at = stream.find(needle, at + 1)
    return at


def evaluate(label_path: Path) -> Result:
    source, units = read_labels(label_path)
    raw, _, cleaned = clean_file(source)
    # one normalised stream of all blocks, with each block's span and fate
    spans: list[tuple[int, int, bool, str]] = []
    parts: list[str] = []
    pos = 0
    for b in cleaned.blocks:
        t = norm(b.text)
        if not t:
            continue
        spans.append((pos, pos + len(t), b.kept, b.reason))
        parts.append(t)
        pos += len(t) + 1
    stream = " " + " ".join(parts) + " "
    pointer = 0
    for u in units:
        key = norm(u.text)
        if not key:  # separators, image markup: nothing a reader would see
            u.matched, u.kept = True, False
            continue
        needle = f" {key} "
        starts = {s + 1 for s, *_ in spans} if raw.kind == "html" else None
        at = _find(stream, needle, pointer, starts)
        if at < 0:
            at = _find(stream, needle, 0, starts)
        if at < 0:
            u.matched, u.kept, u.reason = False, False, "not in the cleaner's input"
            continue
        start, end = at, at + len(key)   # stream offsets are text offsets + 1 (leading space)
        pointer = end
        kept_chars, reasons = 0, []
        for s, e, kept, reason in spans:
            lo, hi = max(s, start), min(e, end)
            if lo < hi:
                kept_chars += (hi - lo) if kept else 0
                reasons.append(reason)
        u.matched, u.kept, u.reason = True, kept_chars * 2 >= len(key), "; ".join(dict.fromkeys(reasons))
    return Result(label_path.name[: -len(".labels")], raw.kind, units)


def evaluate_all(folder: Path = LABEL_DIR) -> list[Result]:
    return [evaluate(p) for p in sorted(folder.glob("*.labels"))]


def totals(results: list[Result]) -> dict[str, float]:
    bk = sum(r.body[0] for r in results)
    bn = sum(r.body[1] for r in results)
    jd = sum(r.junk[0] for r in results)
    jn = sum(r.junk[1] for r in results)
    return {"body_kept": bk, "body": bn, "junk_dropped": jd, "junk": jn,
            "recall": bk / bn if bn else 1.0, "junk_removal": jd / jn if jn else 1.0}


def table(results: list[Result], verbose: bool = False) -> str:
    rows = [f"{'article':34s} {'kind':8s} {'body kept':>11s} {'recall':>7s} {'junk dropped':>13s} {'removal':>8s} {'unmatched':>9s} {'absent':>6s}"]
    for r in results:
        (bk, bn), (jd, jn) = r.body, r.junk
        rows.append(f"{r.name[:34]:34s} {r.kind:8s} {f'{bk}/{bn}':>11s} {bk / bn if bn else 1:7.3f} "
                    f"{f'{jd}/{jn}':>13s} {jd / jn if jn else 1:8.3f} {r.unmatched:9d} {r.absent:6d}")
    t = totals(results)
    body = f"{t['body_kept']}/{t['body']}"
    junk = f"{t['junk_dropped']}/{t['junk']}"
    rows.append(f"{'OVERALL':34s} {'':8s} {body:>11s} {t['recall']:7.3f} "
                f"{junk:>13s} {t['junk_removal']:8.3f} {sum(r.unmatched for r in results):9d} {sum(r.absent for r in results):6d}")
    if verbose:
        for r in results:
            for u in r.units:
                bad = (u.label == "B" and not u.kept) or (u.label == "J" and u.kept) or (not u.matched and r.kind != "html")
                if bad:
                    what = "UNMATCHED" if not u.matched else ("body dropped" if u.label == "B" else "junk kept")
                    rows.append(f"  {r.name}:{u.line} {what:12s} [{u.reason}] {u.text[:100]}")
    return "\n".join(rows)


def draft(path: Path) -> str:
    """A label-file draft from the current cleaner's decisions: review every line by hand."""
    raw, _, cleaned = clean_file(path)
    out = [f"# draft labels for {path.name} from the current cleaner: CHECK EVERY LINE",
           "# B body, J junk, T title/byline/metadata"]
    if raw.kind == "html":
        import lxml.html

        tree = lxml.html.fromstring(path.read_text(encoding="utf-8"))
        for bad in tree.xpath("//script|//style|//noscript|//head"):
            bad.drop_tree()
        blockish = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "figcaption", "div", "section", "header",
                    "footer", "nav", "aside", "time", "button", "form", "ul", "ol", "article", "main", "figure",
                    "blockquote", "table", "tr", "td", "th", "dd", "dt", "br"}
        for el in tree.iter():
            if isinstance(el.tag, str) and el.tag in blockish:
                el.text = "\n" + (el.text or "")
                el.tail = "\n" + (el.tail or "")
        lines = [re.sub(r"\s+", " ", ln).strip() for ln in tree.text_content().split("\n")]
    else:
        lines = [ln.strip() for ln in raw.body.split("\n")]
    kept = " ".join(norm(b.text) for b in cleaned.blocks if b.kept)
    meta = {norm(b.text) for b in cleaned.blocks if b.role in ("title", "byline")}
    for ln in lines:
        if not ln:
            continue
        k = norm(ln)
        label = "T" if k and k in meta else ("B" if k and f" {k} " in f" {kept} " else "J")
        out.append(f"{label} {ln}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="list misclassified lines")
    ap.add_argument("--draft", type=Path, help="print a label-file draft for this article")
    ap.add_argument("--labels", type=Path, default=LABEL_DIR, help="folder of *.labels files")
    args = ap.parse_args(argv)
    if args.draft:
        print(draft(args.draft))
        return 0
    import time

    t0 = time.perf_counter()
    results = evaluate_all(args.labels)
    print(table(results, args.verbose))
    print(f"({len(results)} articles in {time.perf_counter() - t0:.2f}s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
