"""Questions about an article rather than the news in it ("who wrote the AP article about ...",
"which outlet published the story on ...", "when was the article about ... published"): answered
from the article's metadata (byline, outlet, publication date), which cleaning keeps out of the
text, for the retrieved article that best matches the rest of the question."""
from __future__ import annotations

import re

from ..ingest.chunk import split_sentences
from ..models import Citation, Passage
from .question import content_terms
from .terms import Scorer, coverage

# not "report" or "essay": "who wrote the report on ..." usually asks for the report's author in the news
PIECE = r"(?:article|story|piece|op-?ed|column|editorial|opinion piece|dispatch|blog post)"
ASKS = [
    # asked, not mentioned: "where does X, the author of the piece, live" asks for a place
    ("author", re.compile(r"(?i)(?:^|[.?!]\s+)(?:who\s+(?:wrote|writes|authored|penned|is\s+the\s+author\s+of|was\s+the\s+author\s+of)|"
                          r"(?:what\s+is\s+the\s+name\s+of|name)\s+the\s+author\s+of|whose\s+byline\s+is\s+on)\s+(?:the|this|that|an?)\s+"
                          r"(?:[\w’'.&-]+\s+){0,3}?" + PIECE + r"\b")),
    ("source", re.compile(r"(?i)\b(?:which|what)\s+(?:news\s+)?(?:outlet|publication|newspaper|paper|site|website|agency|organi[sz]ation)"
                          r"\s+(?:published|ran|carried|posted|wrote)\s+(?:the|this|that|an?)\s+(?:[\w’'.&-]+\s+){0,3}?" + PIECE + r"\b")),
    ("published", re.compile(r"(?i)\b(?:when|what\s+(?:day|date))\s+was\s+(?:the|this|that|an?)\s+(?:[\w’'.&-]+\s+){0,3}?" + PIECE +
                             r"\b.*\b(?:published|posted|written|released)\b")),
]
# words that say what is asked, not which article: they do not pick the article
ABOUT_ARTICLE = {"wrote", "writes", "written", "authored", "penned", "author", "byline", "published", "posted", "released",
                 "outlet", "publication", "newspaper", "paper", "site", "website", "agency", "news", "date", "day", "name",
                 "article", "story", "report", "piece", "op-ed", "oped", "column", "editorial", "essay", "commentary",
                 "analysis", "opinion", "dispatch", "blog", "post", "feature", "ran", "carried"}


def asks_about_article(question: str) -> str:
    """"author", "source" or "published" when the question asks for that of an article, else ""."""
    return next((field for field, rx in ASKS if rx.search(question)), "")


def answer_byline(question: str, passages: list[Passage], scorer: Scorer):
    """(text, citations, refused, derived) for a question about an article's metadata, else None."""
    field = asks_about_article(question)
    if not field or not passages:
        return None
    weights = scorer.weights([t for t in content_terms(question) if t not in ABOUT_ARTICLE])
    # an article by all of its retrieved passages; of equal ones, the one more passages come from
    # (more about the subject), then the higher ranked
    tokens: dict[str, set[str]] = {}
    count: dict[str, int] = {}
    first: dict[str, Passage] = {}
    for p in passages:
        first.setdefault(p.article_id, p)
        count[p.article_id] = count.get(p.article_id, 0) + 1
        tokens.setdefault(p.article_id, set(scorer.tokens(f"{p.title}\n{p.source}\n{p.author}"))).update(scorer.tokens(p.text))
    order = list(first)
    aid = max(order, key=lambda a: (coverage(weights, tokens[a]) if weights else 1.0, count[a], -order.index(a)))
    best = first[aid]
    lede = next((best.text[a:b].strip() for a, b in split_sentences(best.text) if len(best.text[a:b].strip()) >= 20), best.text[:200])
    cite = [Citation(1, best, quote=lede)]
    what = f"“{best.title}”" if best.title else "the article"
    value = {"author": best.author, "source": best.source, "published": best.published}[field]
    if not value:
        missing = {"author": "who wrote", "source": "which outlet published", "published": "when it was published"}[field]
        where = ", ".join(x for x in (best.source, best.published) if x)
        return f"The articles don't say {missing} {what}" + (f" ({where})" if where else "") + ". [1]", cite, True, []
    lead = {"author": f"{value} wrote {what}", "source": f"{value} published {what}", "published": f"{what} was published on {value}"}[field]
    others = ", ".join(x for k, x in (("source", best.source), ("published", best.published), ("author", best.author)) if x and k != field)
    return f"{lead}" + (f" ({others})" if others else "") + " [1]", cite, False, []
