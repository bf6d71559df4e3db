"""Sentence-aware chunks sized for all-MiniLM-L6-v2 (which reads at most 256 word-pieces).

Chunks pack whole sentences, prefer paragraph breaks, overlap by a sentence or two, and never
exceed the model window once the short header (title · outlet · date) is added.
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from ..models import Article, Chunk

_ABBREV = r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bNo)(?<!\bGen)(?<!\bSen)(?<!\bRep)(?<!\bGov)(?<!\bLt)(?<!\bCol)(?<!\bSgt)(?<!\bInc)(?<!\bCo)(?<!\bCorp)(?<!\bJr)(?<!\bSr)(?<!\bvs)(?<!\bJan)(?<!\bFeb)(?<!\bAug)(?<!\bSept)(?<!\bSep)(?<!\bOct)(?<!\bNov)(?<!\bDec)(?<!\bProf)(?<!\bRev)(?<!\bMt)(?<!\bFt)"
SENT_BOUNDARY = re.compile(_ABBREV + r"(?<!\b[A-Z])(?<!\.[A-Z])([.!?…]+['\"’”)\]]*)\s+(?=[\"“‘'(\[]?[A-Z0-9])")


@lru_cache(maxsize=512)
def split_sentences(text: str) -> tuple[tuple[int, int], ...]:
    """Character spans of sentences; paragraph breaks always end a sentence. Cached: answering
    reads the same passages several times."""
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        p_start, p_text = para.start(), para.group(0)
        cur = 0
        for m in SENT_BOUNDARY.finditer(p_text):
            end = m.end(1)
            if p_text[cur:end].strip():
                spans.append((p_start + cur, p_start + end))
            cur = m.end()
        if p_text[cur:].strip():
            spans.append((p_start + cur, p_start + len(p_text.rstrip())))
    return tuple(spans)


@lru_cache(maxsize=1)
def tokenizer():
    from tokenizers import Tokenizer

    from ..embed import model_path

    tok = Tokenizer.from_file(str(model_path() / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return tok


def count_tokens(texts: list[str]) -> list[int]:
    if not texts:
        return []
    return [len(e.ids) - 2 for e in tokenizer().encode_batch(texts)]  # minus [CLS]/[SEP]


def header_for(article: Article) -> str:
    bits = [article.title.strip()[:150], article.source, article.published_str or ""]
    return " · ".join(b for b in bits if b)


def chunk_article(article: Article, max_tokens: int = 160, overlap_tokens: int = 32, window: int = 254) -> list[Chunk]:
    text = article.text
    header = header_for(article)
    header_tokens = count_tokens([header])[0] if header else 0
    budget = max(48, min(max_tokens, window - header_tokens - 2))
    spans = split_sentences(text)
    sizes = count_tokens([text[a:b] for a, b in spans])
    # split sentences longer than the budget into word windows
    units: list[tuple[int, int, int]] = []
    for (a, b), n in zip(spans, sizes):
        if n <= budget:
            units.append((a, b, n))
            continue
        words = list(re.finditer(r"\S+", text[a:b]))
        step = max(1, int(len(words) * budget / n * 0.9))
        for i in range(0, len(words), step):
            part = words[i:i + step]
            s, e = a + part[0].start(), a + part[-1].end()
            units.append((s, e, count_tokens([text[s:e]])[0]))
    chunks: list[Chunk] = []
    i = 0
    while i < len(units):
        j, total = i, 0
        while j < len(units) and (total + units[j][2] <= budget or j == i):
            total += units[j][2]
            j += 1
        start, end = units[i][0], units[j - 1][1]
        idx = len(chunks)
        cid = hashlib.sha1(f"{article.id}:{idx}:{start}:{end}".encode()).hexdigest()[:20]
        chunks.append(Chunk(id=cid, article_id=article.id, index=idx, text=text[start:end], start=start, end=end, header=header))
        if j >= len(units):
            break
        # step back over whole sentences for the overlap, always moving forward
        k, back = j, 0
        while k - 1 > i and back + units[k - 1][2] <= overlap_tokens:
            k -= 1
            back += units[k][2]
        i = k
    return chunks
