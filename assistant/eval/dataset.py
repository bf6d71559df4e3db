"""Evaluation datasets: what the runner needs from any format, and the loader for seeds/qa.yaml.

The runner only sees a `Dataset`: a corpus folder to ingest and `EvalItem`s, each with a
question (and earlier turns for follow-ups), the question date (`as_of`), the facts a correct
answer must contain (each with accepted variants) and the evidence: support quotes and/or gold
article file names. Another format (e.g. a folder with articles/ and questions.jsonl) plugs in
with `register_loader(name, detect, load)`; `load_dataset(path)` picks the first loader whose
`detect(path)` is true.

The YAML format (see seeds/qa.yaml):

    corpus: .                   # optional; folder of the articles, relative to this file
    items:
      - id: belavia-date
        question: When did the US lift Belavia sanctions?
        turns: []               # optional: earlier questions in the same conversation
        category: date          # one of CATEGORIES
        answerable: true
        facts:                  # every fact must be in the answer; a fact is a string or a
          - [September 2025, Sept. 2025]    # list of accepted variants
        support:                # evidence: exact substrings of the raw article files
          - article: 002_5eda7e8b5bdc9733.txt
            quote: "A month later, Lukashenko freed more than 50 prisoners"
            group: a            # optional: quotes sharing a group are interchangeable
        as_of: 2025-12-31       # optional question date
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

CATEGORIES = ("fact", "name", "number", "date", "place", "multi-article", "follow-up", "unanswerable")
ITEM_KEYS = {"id", "question", "turns", "category", "answerable", "facts", "support", "as_of", "note", "gold_articles"}
SUPPORT_KEYS = {"article", "quote", "group"}


class DatasetError(ValueError):
    """A dataset that cannot be used; `problems` lists every problem found, each naming the item and field."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        shown = problems[:40]
        more = f"\n  … and {len(problems) - len(shown)} more" if len(problems) > len(shown) else ""
        super().__init__(f"{source}: {len(problems)} problem(s):\n" + "\n".join(f"  - {p}" for p in shown) + more)


@dataclass(frozen=True)
class Support:
    article: str          # file name (or path relative to the corpus folder)
    quote: str            # exact substring of that file
    group: str            # quotes sharing a group are interchangeable evidence


@dataclass
class EvalItem:
    id: str
    question: str
    category: str
    answerable: bool
    facts: list[list[str]] = field(default_factory=list)      # all required; each: accepted variants
    support: list[Support] = field(default_factory=list)
    turns: list[str] = field(default_factory=list)
    as_of: str | None = None                                  # YYYY-MM-DD
    gold_articles: list[str] = field(default_factory=list)    # file names of articles that answer
    note: str = ""
    gold_urls: list[str] = field(default_factory=list)        # URLs of articles that answer (RealTimeQA-style sets)

    def support_groups(self) -> dict[str, list[Support]]:
        groups: dict[str, list[Support]] = {}
        for s in self.support:
            groups.setdefault(s.group, []).append(s)
        return groups

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "question": self.question, "turns": self.turns, "category": self.category,
                "answerable": self.answerable, "facts": self.facts, "as_of": self.as_of,
                "support": [{"article": s.article, "quote": s.quote, "group": s.group} for s in self.support],
                "gold_articles": self.gold_articles, "gold_urls": self.gold_urls, "note": self.note}


@dataclass
class Dataset:
    name: str
    path: Path
    corpus: Path                 # folder (or file) ingested into the evaluation index
    items: list[EvalItem]
    format: str = "qa-yaml"

    def select(self, ids: list[str] | None = None, categories: list[str] | None = None) -> "Dataset":
        items = [i for i in self.items if (not ids or i.id in ids) and (not categories or i.category in categories)]
        return Dataset(self.name, self.path, self.corpus, items, self.format)


# -- loader registry -------------------------------------------------------------------------
Loader = Callable[[Path], Dataset]
_LOADERS: list[tuple[str, Callable[[Path], bool], Loader]] = []


def register_loader(name: str, detect: Callable[[Path], bool], load: Loader, first: bool = True) -> None:
    """Add a dataset format: `detect(path)` says whether `load(path)` can read it."""
    entry = (name, detect, load)
    _LOADERS.insert(0, entry) if first else _LOADERS.append(entry)


def load_dataset(path: str | Path) -> Dataset:
    p = Path(path).expanduser()
    if not p.exists():
        raise DatasetError(str(p), [f"no such file or folder: {p}"])
    for _name, detect, load in _LOADERS:
        if detect(p):
            return load(p)
    known = ", ".join(n for n, *_ in _LOADERS)
    raise DatasetError(str(p), [f"not a dataset format I know (known: {known})"])


# -- the YAML format ---------------------------------------------------------------------------
def _is_yaml(p: Path) -> bool:
    return p.is_file() and p.suffix.lower() in (".yaml", ".yml")


def load_yaml(path: Path) -> Dataset:
    import yaml

    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        raise DatasetError(str(path), [f"not valid YAML: {e}"]) from None
    except (OSError, UnicodeDecodeError) as e:
        raise DatasetError(str(path), [f"cannot read: {e}"]) from None
    corpus = path.parent
    if isinstance(data, dict):
        extra = set(data) - {"corpus", "items", "name", "description", "version"}
        if extra:
            raise DatasetError(str(path), [f"unknown top-level key(s) {sorted(extra)}; expected corpus, items"])
        if data.get("corpus"):
            corpus = Path(str(data["corpus"])).expanduser()
            corpus = corpus if corpus.is_absolute() else (path.parent / corpus)
        raw_items = data.get("items")
        name = str(data.get("name") or path.stem)
    else:
        raw_items, name = data, path.stem
    if not isinstance(raw_items, list) or not raw_items:
        raise DatasetError(str(path), ["expected a non-empty list of items (top-level list, or `items:`)"])
    corpus = corpus.resolve()
    if not corpus.exists():
        raise DatasetError(str(path), [f"corpus folder {corpus} does not exist"])
    items, problems = parse_items(raw_items, corpus)
    if problems:
        raise DatasetError(str(path), problems)
    return Dataset(name=name, path=path.resolve(), corpus=corpus, items=items, format="qa-yaml")


def _as_of(value) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return dt.date.fromisoformat(str(value).strip()).isoformat()


def parse_items(raw_items: list, corpus: Path) -> tuple[list[EvalItem], list[str]]:
    """Validate every item; returns the items and the list of problems (empty when all is well)."""
    problems: list[str] = []
    items: list[EvalItem] = []
    seen: set[str] = set()
    texts: dict[str, str | None] = {}

    def article_text(name: str) -> str | None:
        if name not in texts:
            f = corpus / name if corpus.is_dir() else corpus
            try:
                texts[name] = f.read_text(encoding="utf-8") if f.is_file() and (corpus.is_dir() or f.name == name) else None
            except (OSError, UnicodeDecodeError):
                texts[name] = None
        return texts[name]

    for n, raw in enumerate(raw_items, 1):
        where = f"item #{n}"
        if not isinstance(raw, dict):
            problems.append(f"{where}: expected a mapping with id, question, category, answerable, facts, support; got {type(raw).__name__}")
            continue
        iid = raw.get("id")
        if not isinstance(iid, (str, int)) or not str(iid).strip():
            problems.append(f"{where}: missing `id`")
            iid = f"#{n}"
        iid = str(iid).strip()
        where = f"item {iid!r} (#{n})"
        bad = len(problems)

        def err(fieldname: str, msg: str) -> None:
            problems.append(f"{where}: field `{fieldname}`: {msg}")

        if iid in seen:
            err("id", "duplicate id")
        seen.add(iid)
        unknown = set(raw) - ITEM_KEYS
        if unknown:
            problems.append(f"{where}: unknown field(s) {sorted(unknown)} (allowed: {', '.join(sorted(ITEM_KEYS))})")
        question = raw.get("question")
        if not isinstance(question, str) or not question.strip():
            err("question", "missing or empty")
            question = ""
        turns = raw.get("turns") or []
        if not isinstance(turns, list) or not all(isinstance(t, str) and t.strip() for t in turns):
            err("turns", "must be a list of earlier questions (non-empty strings)")
            turns = []
        category = raw.get("category")
        if category not in CATEGORIES:
            err("category", f"unknown category {category!r}; use one of {', '.join(CATEGORIES)}")
        answerable = raw.get("answerable")
        if not isinstance(answerable, bool):
            err("answerable", f"must be true or false, not {answerable!r}")
            answerable = True
        if category == "unanswerable" and answerable:
            err("answerable", "category `unanswerable` needs answerable: false")
        if category == "follow-up" and not turns:
            err("turns", "a follow-up item needs the earlier questions in `turns`")
        # facts
        facts: list[list[str]] = []
        raw_facts = raw.get("facts") or []
        if not isinstance(raw_facts, list):
            err("facts", "must be a list; each fact a string or a list of accepted variants")
            raw_facts = []
        for j, f in enumerate(raw_facts, 1):
            variants = [f] if isinstance(f, (str, int, float, dt.date)) else f
            if isinstance(variants, list):  # YAML reads 2019-09-17 as a date
                variants = [v.isoformat() if isinstance(v, dt.date) else v for v in variants]
            if (not isinstance(variants, list) or not variants
                    or not all(isinstance(v, (str, int, float)) and not isinstance(v, bool) and str(v).strip() for v in variants)):
                err("facts", f"fact {j} must be a non-empty string or list of non-empty strings, not {f!r}")
                continue
            facts.append([str(v).strip() for v in variants])
        if answerable and not raw_facts:
            err("facts", "an answerable item needs at least one required fact")
        if not answerable and facts:
            err("facts", "an unanswerable item must not list facts")
        # support
        support: list[Support] = []
        raw_support = raw.get("support") or []
        if not isinstance(raw_support, list):
            err("support", "must be a list of {article, quote}")
            raw_support = []
        for j, s in enumerate(raw_support, 1):
            if not isinstance(s, dict):
                err("support", f"entry {j} must be a mapping with article and quote, not {s!r}")
                continue
            if set(s) - SUPPORT_KEYS:
                err("support", f"entry {j}: unknown key(s) {sorted(set(s) - SUPPORT_KEYS)} (allowed: article, quote, group)")
            art, quote = s.get("article"), s.get("quote")
            if not isinstance(art, str) or not art.strip():
                err("support", f"entry {j}: missing `article` (a file name in {corpus})")
                continue
            if not isinstance(quote, str) or not quote.strip():
                err("support", f"entry {j}: missing `quote` (an exact substring of {art})")
                continue
            text = article_text(art)
            if text is None:
                err("support", f"entry {j}: article file {art!r} not found in {corpus}")
                continue
            if quote not in text:
                hint = ""
                from .metrics import normalize

                if normalize(quote) in normalize(text):
                    hint = " (it matches after normalising quotes/dashes/spaces: copy the characters exactly)"
                err("support", f"entry {j}: quote not found in {art}: {quote[:80]!r}{hint}")
                continue
            group = str(s.get("group")) if s.get("group") not in (None, "") else f"#{j}"
            support.append(Support(article=art, quote=quote, group=group))
        if answerable and not raw_support:
            err("support", "an answerable item needs at least one support quote")
        if not answerable and raw_support:
            err("support", "an unanswerable item must not have support quotes")
        if category == "multi-article" and raw_support and len({s.article for s in support}) < 2 and len(problems) == bad:
            err("support", "a multi-article item needs support from at least two articles")
        gold = raw.get("gold_articles") or sorted({s.article for s in support})
        if not isinstance(gold, list) or not all(isinstance(g, str) for g in gold):
            err("gold_articles", "must be a list of article file names")
            gold = []
        try:
            as_of = _as_of(raw.get("as_of"))
        except ValueError:
            err("as_of", f"must be a date like 2025-12-31, not {raw.get('as_of')!r}")
            as_of = None
        note = raw.get("note") or ""
        if len(problems) == bad:
            items.append(EvalItem(id=iid, question=question.strip(), category=category, answerable=answerable, facts=facts,
                                  support=support, turns=[t.strip() for t in turns], as_of=as_of, gold_articles=list(gold),
                                  note=str(note)))
    return items, problems


register_loader("qa-yaml", _is_yaml, load_yaml, first=False)
