"""Read article files (.txt, .md, .html) and their metadata.

Metadata comes, first to last, from: a sidecar (`NAME.meta.yaml`/`.json` beside the file, or a
folder-level `metadata.yaml` keyed by file name), YAML front matter, a `Key: value` header block
at the top of the file, HTML metadata; the cleaner and the date stage fill what is still missing
from the text itself.
"""
from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ARTICLE_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}
META_KEYS = {
    "title": "title", "headline": "title",
    "source": "source", "outlet": "source", "publisher": "source", "site": "source", "sitename": "source", "host": "source",
    "author": "author", "authors": "author", "byline": "author", "by": "author",
    "url": "url", "link": "url", "canonical": "url",
    "published": "published", "date": "published", "published_at": "published", "pubdate": "published", "publication_date": "published",
}
FOLDER_SIDECARS = ("metadata.yaml", "metadata.yml", "metadata.json")


class SkipFile(Exception):
    """A file that cannot be ingested; the message says why and what to do."""


@dataclass
class RawArticle:
    path: Path
    kind: str                       # text | markdown | html
    body: str                       # text to clean (HTML already reduced to text)
    raw_hash: str
    meta: dict[str, object] = field(default_factory=dict)
    meta_sources: dict[str, str] = field(default_factory=dict)


def find_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(
        p for p in root.rglob("*")
        if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise SkipFile("empty file")
    sample = data[:8192]
    for boms, enc in (((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE), "utf-32"), ((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE), "utf-16")):
        if sample.startswith(boms):
            raise SkipFile(f"{enc.upper()} text, not UTF-8; re-save it as UTF-8, e.g. `iconv -f {enc} -t utf-8`")
    if b"\x00" in sample:
        even, odd = sample[0::2], sample[1::2]
        if len(sample) >= 4 and min(even.count(0), odd.count(0)) <= 0.05 * len(odd) and max(even.count(0), odd.count(0)) >= 0.6 * len(odd):
            raise SkipFile("looks like UTF-16 text without a byte-order mark, not UTF-8; re-save it as UTF-8, e.g. `iconv -f utf-16le -t utf-8`")
        raise SkipFile("binary file (contains NUL bytes); only UTF-8 text, Markdown or HTML can be ingested")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise SkipFile(f"not valid UTF-8 (byte {e.start}); re-save it as UTF-8, e.g. `iconv -f cp1252 -t utf-8`") from None
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 8192):
        raise SkipFile("looks binary (many control characters)")
    if not text.strip():
        raise SkipFile("empty file (whitespace only)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


# text copied out of web pages keeps some of their character references: "caf&#233;", "AT&amp;T"
ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def unescape_entities(text: str) -> str:
    """HTML character references in plain text or Markdown as the characters they stand for
    (unknown names are left as they are)."""
    import html as html_lib

    return ENTITY.sub(lambda m: html_lib.unescape(m.group(0)).replace("\xa0", " "), text)


def read_article(path: Path, max_bytes: int, folder_meta: dict[str, dict] | None = None) -> RawArticle:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SkipFile(f"too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:.0f} MB limit; raise ASSISTANT_MAX_FILE_MB to allow it)")
        data = path.read_bytes()
    except OSError as e:
        raise SkipFile(f"unreadable: {e.strerror or e}") from None
    text = decode(data, path.name)
    raw_hash = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    meta: dict[str, object] = {}
    sources: dict[str, str] = {}

    def merge(found: dict, where: str) -> None:
        for key, value in found.items():
            canon = META_KEYS.get(str(key).strip().lower())
            value = _meta_value(value)
            if canon and value not in (None, "", []) and canon not in meta:
                meta[canon] = value
                sources[canon] = where

    merge(read_sidecar(path), "sidecar")
    if folder_meta and path.name in folder_meta:
        merge(folder_meta[path.name], "folder metadata")

    if suffix in (".html", ".htm"):
        body, html_meta = html_to_text(text, path)
        merge(html_meta, "html metadata")
        kind = "html"
    else:
        text, fm = split_front_matter(text, path)
        merge(fm, "front matter")
        text, header = split_header_block(unescape_entities(text))
        merge(header, "header block")
        body = text
        kind = "markdown" if suffix in (".md", ".markdown") else "text"
    if not body.strip():
        raise SkipFile("no article text after removing metadata")
    return RawArticle(path=path, kind=kind, body=body, raw_hash=raw_hash, meta=meta, meta_sources=sources)


_SCALARS = (str, int, float, dt.date)
MAX_META_CHARS = 1000


def _meta_value(value: object) -> object:
    """A metadata value: a scalar, or a list of scalars joined with commas. Anything nested is
    ignored: str() of a YAML alias bomb (`title: [*a, *a]` nested a few levels) is exponential."""
    if isinstance(value, list):
        items = [v for v in value[:100] if isinstance(v, _SCALARS)]
        if len(items) < len(value[:100]):
            return None
        value = ", ".join(str(v) for v in items)
    elif not isinstance(value, _SCALARS):
        return None
    return value[:MAX_META_CHARS] if isinstance(value, str) else value


def read_sidecar(path: Path) -> dict:
    for candidate in (path.with_name(path.name + ".meta.yaml"), path.with_suffix(".meta.yaml"),
                      path.with_name(path.name + ".meta.json"), path.with_suffix(".meta.json")):
        if candidate.is_file():
            return _load_mapping(candidate)
    return {}


def read_folder_meta(folder: Path) -> dict[str, dict]:
    """`metadata.yaml` in a folder: {file name: {title:, source:, ...}}."""
    for name in FOLDER_SIDECARS:
        candidate = folder / name
        if candidate.is_file():
            data = _load_mapping(candidate)
            return {str(k): v for k, v in data.items() if isinstance(v, dict)}
    return {}


def _load_mapping(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except Exception as e:  # noqa: BLE001 - OSError, UnicodeDecodeError, YAMLError, ValueError (`date: 0000-00-00`), RecursionError, …
        raise SkipFile(f"metadata file {path.name} is invalid ({type(e).__name__}); fix or remove it") from None
    return data if isinstance(data, dict) else {}


_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)


def split_front_matter(text: str, path: Path) -> tuple[str, dict]:
    m = _FRONT.match(text)
    if not m:
        return text, {}
    try:
        data = yaml.safe_load(m.group(1))
    except Exception:  # noqa: BLE001 - YAMLError, but also ValueError (`date: 0000-00-00`), RecursionError, …
        # Bad front matter should not lose the article: keep the text, ignore the block.
        return text[m.end():], {}
    return text[m.end():], data if isinstance(data, dict) else {}


_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z _-]{1,20}):[ \t]*(.*)$")


def split_header_block(text: str) -> tuple[str, dict]:
    """A leading block of `Title: …`/`Source: …`/`Published: …` lines followed by a blank line."""
    lines = text.lstrip("\n").split("\n")
    found: dict[str, str] = {}
    for i, line in enumerate(lines[:12]):
        if not line.strip():
            if found and i >= 2:
                return "\n".join(lines[i + 1:]), {k: v for k, v in found.items() if v.lower() != "unknown"}
            return text, {}
        m = _HEADER_LINE.match(line)
        if not m or m.group(1).strip().lower() not in META_KEYS:
            return text, {}
        found[m.group(1).strip()] = m.group(2).strip()
    return text, {}


def html_to_text(html: str, path: Path) -> tuple[str, dict]:
    import trafilatura

    doc = trafilatura.bare_extraction(html, include_comments=False, include_tables=False,
                                      with_metadata=True, favor_recall=True)
    meta: dict[str, object] = {}
    body = ""
    if doc is not None:
        get = doc.get if isinstance(doc, dict) else lambda k: getattr(doc, k, None)
        body = get("text") or ""
        for key in ("title", "author", "sitename", "url", "date"):
            if get(key):
                meta[key] = get(key)
    if not meta.get("date"):
        try:
            from htmldate import find_date

            found = find_date(html, extensive_search=False, original_date=True)
            if found:
                meta["date"] = found
        except Exception:  # htmldate is best effort
            pass
    if not body.strip():
        # trafilatura found no main text (tiny or odd pages): fall back to all visible text
        body = _visible_text(html)
    return body, meta


def _visible_text(html: str) -> str:
    try:
        import lxml.html

        tree = lxml.html.fromstring(html)
        for bad in tree.xpath("//script|//style|//noscript|//template"):
            bad.drop_tree()
        text = "\n".join(t.strip() for t in tree.itertext() if t.strip())
    except Exception:
        text = ""
    if not text.strip():
        # unparseable, or nested deeper than the parser goes (it silently drops text below 256
        # levels): take the text between the tags
        import html as html_lib

        text = _BLOCK_TAG.sub("\n", html)
        text = html_lib.unescape(re.sub(r"<[^>]*>", " ", text))
        text = "\n".join(" ".join(ln.split()) for ln in text.split("\n") if ln.strip())
    return text


_BLOCK_TAG = re.compile(r"</?(?:p|div|br|h[1-6]|li|tr|td|article|section|header|footer|blockquote|pre|table|ul|ol|title)\b[^>]*>", re.I)


def parse_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value is None:
        return None
    s = str(value).strip()
    m = re.match(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", s)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
        except ValueError:
            return None
    from .dates import parse_explicit_date

    return parse_explicit_date(s)
