"""Strip web boilerplate from scraped article text.

Each line (or paragraph) is a block, classified in the spirit of jusText: by length, stop-word
density, terminal punctuation and a lexicon of consent/subscription/advertising language, plus
structure that scrapers leave behind (repeated lines, photo credits, "N hrs ago" stamps, teaser
cards between separator lines). Blocks that the rules cannot decide take the class of their
neighbours. Every decision keeps its reason, so `assistant ingest --show-cleaning` can show it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

STOPWORDS = frozenset("""a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have having he her
here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on
once only or other our ours ourselves out over own same she should so some such than that the their theirs them
themselves then there these they this those through to too under until up very was we were what when where which while
who whom why will with would you your yours yourself yourselves said says told since while where whose its it's
""".split())

# Phrases of consent, subscription, fundraising, navigation and advertising language.
_LEXICON = [
    r"cookies?\b", r"consent", r"privacy (policy|notice|settings|choices)", r"personal data", r"our (\d+ )?partners",
    r"we and our", r"vendors?\b", r"legitimate interests?", r"tracking technolog", r"identifiers?\b", r"always active",
    r"targeted advertising", r"personali[sz]ed (advertising|content|ads)", r"advertis(ing|ement|ers?)\b", r"sponsored",
    r"newsletters?", r"subscri(be|ber|ption)s?", r"sign(ing)? up\b", r"sign in\b", r"log ?in\b", r"create an account",
    r"\binbox\b", r"(daily|weekly|free) (email|briefing)", r"unsubscribe", r"paywalls?", r"donat(e|ion)", r"contribut(e|ion)s?\b",
    r"readers like you", r"support (us|our|the work|independent)", r"keep (the journal|this service|it) (open|free)",
    r"all rights reserved", r"terms (of|and) (use|service|conditions)", r"copyright ©|©", r"follow us", r"share (this|on)",
    r"click here", r"find out more", r"download (our|the) app", r"listen to this article", r"\bmin read\b", r"read more\b",
    r"more stories", r"related (stories|articles|coverage|topics)", r"more on (these|this) topics?", r"most (popular|read)",
    r"trending", r"recommended for you", r"about the author", r"have your say", r"(leave|post|view) (a )?comments?",
    r"skip to (main )?content", r"back to top", r"your choices?", r"preference centre|preference center", r"opt[ -]out",
    r"this website", r"on your device", r"browsing data", r"profiles? (to|for) (select|personalis|personaliz)",
    r"partners can use", r"this (service|notice)\b", r"your (activity|device|data|location|interests|profile|browser|privacy)\b",
    r"geolocation", r"audience research", r"special (feature|purpose)", r"(content|advertising) (measurement|performance)",
    r"go deeper", r"common questions?", r"what we know", r"watch:?$", r"\bpromo(tion)?\b", r"escape your echo chamber",
]
LEXICON = re.compile("|".join(f"(?:{p})" for p in _LEXICON), re.I)
SEPARATOR = re.compile(r"^\s*([-–—_*•|·=~]+|\|+|\.{3,})\s*$")
TIMESTAMP = re.compile(
    r"^\s*((updated|published|posted|last updated)\b.*|\d+\s*(s|sec|secs|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|weeks?)\s+ago|yesterday|just now)\s*$",
    re.I,
)
COUNT = re.compile(r"^\s*[\d.,]+\s*[kKmM]?\s*(comments?|shares?|views?|likes?)?\s*$")
IMAGE_MARKUP = re.compile(r"^\s*(!\[[^\]]*\]\([^)]*\)\s*\|?\s*|\|\s*)+$")
CAPTION = re.compile(
    r"(\(([^()]*\b(via|for) )?(AP|AFP|Reuters|Getty Images|EPA|Bloomberg)( Photo)?[^()]*\)\s*$|\bAP Photo\b|\bPhoto(graph)?:\s|\bImage(:| caption| source)|"
    r"Getty Images\s*$|\bPress Service via AP\s*$|\bvia AP\s*$|/\s*(Reuters|AFP|AP)\s*$|^\s*(Screenshot|Pictured|File photo|Illustration)\b)",
)
BYLINE = re.compile(r"^\s*(by|written by|words by)\s+([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})(?:\s*[,–—|-]\s*(.+))?\s*$", re.I)
BIO = re.compile(
    r"^[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,3} (is|was) (a|an|the) [\w\s,-]{0,60}?\b(writer|reporter|journalist|correspondent|editor|columnist|contributor|author|producer)\b",
)
TERMINAL = re.compile(r"[.!?…]['\"’”)\]]*\s*$")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@dataclass
class Block:
    index: int
    text: str
    label: str = ""          # good | neargood | short | bad (initial), then keep/drop
    reason: str = ""
    kept: bool = False
    role: str = "body"       # body | title | byline | caption | junk

    @property
    def words(self) -> int:
        return len(WORD.findall(self.text))


@dataclass
class Cleaned:
    text: str                            # kept blocks joined by blank lines
    blocks: list[Block] = field(default_factory=list)
    title: str = ""
    author: str = ""
    outlet: str = ""
    captions: list[str] = field(default_factory=list)
    stamps: list[str] = field(default_factory=list)   # "Updated …" lines (date cues)


def split_blocks(text: str, kind: str = "text") -> list[str]:
    """Lines are blocks, except hard-wrapped prose, whose lines are joined back into paragraphs."""
    lines = [ln.strip() for ln in text.split("\n")]
    blocks: list[str] = []
    cur: list[str] = []
    wrapped = _looks_hard_wrapped(lines) or kind == "markdown"
    for ln in lines:
        if not ln:
            if cur:
                blocks.append(" ".join(cur))
                cur = []
            continue
        if kind == "markdown":
            ln = re.sub(r"^#{1,6}\s+", "", ln)
            ln = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", ln)  # links → their text
        if cur and wrapped and not TERMINAL.search(cur[-1]) and (ln[:1].islower() or len(cur[-1]) > 55):
            cur.append(ln)
        else:
            if cur:
                blocks.append(" ".join(cur))
            cur = [ln]
    if cur:
        blocks.append(" ".join(cur))
    return [b for b in blocks if b.strip()]


def _looks_hard_wrapped(lines: list[str]) -> bool:
    long = [ln for ln in lines if len(ln) > 40]
    if len(long) < 5:
        return False
    return sum(1 for ln in long if len(ln) <= 80) / len(long) > 0.9


def stopword_density(text: str) -> float:
    words = [w.lower() for w in WORD.findall(text)]
    return sum(w in STOPWORDS for w in words) / len(words) if words else 0.0


def classify(block: Block, seen: set[str]) -> None:
    t = block.text.strip()
    n = block.words
    key = re.sub(r"\W+", " ", t.lower()).strip()
    if not key:
        block.label, block.reason = "bad", "no words"
        return
    if key in seen and n >= 2:
        block.label, block.reason = "bad", "repeated line"
        return
    seen.add(key)
    if SEPARATOR.match(t) or IMAGE_MARKUP.match(t):
        block.label, block.reason = "bad", "separator or image markup"
        return
    if TIMESTAMP.match(t):
        block.label, block.reason = "bad", "timestamp"
        return
    if COUNT.match(t):
        block.label, block.reason = "bad", "counter"
        return
    if CAPTION.search(t) and n < 60:
        block.label, block.reason, block.role = "bad", "photo caption or credit", "caption"
        return
    if BYLINE.match(t) and n <= 12:
        block.label, block.reason, block.role = "short", "byline", "byline"
        return
    if BIO.match(t) and n < 80:
        block.label, block.reason = "bad", "author bio"
        return
    hits = len(LEXICON.findall(t))
    if hits and (n < 25 or hits * 25 >= n):
        block.label, block.reason = "bad", f"boilerplate language ({hits} hit{'s' * (hits > 1)})"
        return
    density = stopword_density(t)
    terminal = bool(TERMINAL.search(t))
    if hits and n < 80:
        # some boilerplate words in a prose block: dropped only beside other boilerplate
        block.label, block.reason = "neargood", f"some boilerplate language ({hits})"
    elif n < 8 or (n < 12 and not terminal):
        block.label, block.reason = "short", "short"
    elif terminal and n >= 15 and density >= 0.28:
        block.label, block.reason = "good", "prose"
    elif density >= 0.22 or (terminal and density >= 0.12):
        block.label, block.reason = "neargood", "prose-like" + ("" if terminal else ", no final punctuation")
    else:
        block.label, block.reason = "bad", f"few stop words ({density:.2f})"


def mark_cards(blocks: list[Block]) -> None:
    """Teaser cards: runs of short items between separator lines, or headlines followed by a
    timestamp ("2 hrs ago") — lists of other stories, not this article."""
    seps = [i for i, b in enumerate(blocks) if SEPARATOR.match(b.text)]
    for a, b in zip(seps, seps[1:] + [len(blocks)]):
        run = blocks[a + 1:b]
        if 0 < len(run) <= 6 and b - a <= 7:
            for blk in run:
                if blk.label != "bad" or blk.reason == "short":
                    blk.label, blk.reason = "bad", "teaser card (between separators)"
    for i, b in enumerate(blocks):
        if b.reason == "timestamp" and i > 0:
            for j in range(max(0, i - 3), i):
                prev = blocks[j]
                if prev.label in ("short", "neargood") and prev.role == "body" and not TERMINAL.search(prev.text):
                    prev.label, prev.reason = "bad", "teaser headline (followed by a timestamp)"
    # a byline naming the outlet's desk in a list ("By Peter Weber, The Week US") marks a card run
    for i, b in enumerate(blocks):
        if b.role == "byline" and i + 1 < len(blocks) and SEPARATOR.match(blocks[i + 1].text):
            b.label, b.reason = "bad", "teaser card byline"
            for j in range(max(0, i - 3), i):
                if blocks[j].label != "good" and not SEPARATOR.match(blocks[j].text):
                    blocks[j].label, blocks[j].reason = "bad", "teaser card (above a card byline)"


def smooth(blocks: list[Block]) -> None:
    """jusText context step: short and near-good blocks take the class of their neighbours."""

    def neighbour(i: int, step: int, ignore: tuple[str, ...]) -> str:
        j = i + step
        while 0 <= j < len(blocks):
            if blocks[j].label not in ignore and not _structural(blocks[j]):
                return blocks[j].label
            j += step
        return "bad"  # the page edges count as boilerplate

    decided: dict[int, str] = {}
    for i, b in enumerate(blocks):
        if b.label != "short":
            continue
        prev = neighbour(i, -1, ("short", "neargood"))
        nxt = neighbour(i, 1, ("short", "neargood"))
        if prev == "good" and nxt == "good":
            decided[i] = "good"
        elif prev == "bad" and nxt == "bad":
            decided[i] = "bad"
        else:
            prev2 = neighbour(i, -1, ("short",))
            nxt2 = neighbour(i, 1, ("short",))
            decided[i] = "good" if (prev == "good" and nxt2 != "bad") or (nxt == "good" and prev2 != "bad") or \
                (prev == "good" and nxt == "bad" and _gap(blocks, i, 1) > 1) else "bad"
    for i, label in decided.items():
        blocks[i].label = "good" if label == "good" else "bad"
        blocks[i].reason += " (kept by context)" if label == "good" else " (dropped by context)"
    for i, b in enumerate(blocks):
        if b.label == "neargood":
            prev = neighbour(i, -1, ("neargood",))
            nxt = neighbour(i, 1, ("neargood",))
            if b.reason.startswith("some boilerplate"):
                keep = prev == "good" and nxt == "good"
            else:
                keep = not (prev == "bad" and nxt == "bad")
            b.label = "good" if keep else "bad"
            b.reason += " (kept by context)" if keep else " (between boilerplate)"


def _structural(b: Block) -> bool:
    """Captions, stamps, counters and separators sit inside articles too: they say nothing
    about whether their neighbours are boilerplate."""
    return b.role in ("caption", "title", "byline") or b.reason in (
        "timestamp", "counter", "repeated line", "separator or image markup", "no words")


def _gap(blocks: list[Block], i: int, step: int) -> int:
    j, n = i + step, 0
    while 0 <= j < len(blocks) and blocks[j].label == "short":
        j, n = j + step, n + 1
    return n


def _content_words(text: str) -> set[str]:
    return {w.lower()[:7] for w in WORD.findall(text) if len(w) > 3 and w.lower() not in STOPWORDS}


def drop_offtopic(blocks: list[Block], title: str = "", min_overlap: float = 0.2) -> None:
    """Kept blocks fall into groups separated by runs of boilerplate. The largest group is the
    article; a block in another group must share vocabulary with it to be kept, because consent
    forms and "more stories" lists often contain prose that passes the other tests."""
    groups: list[list[Block]] = [[]]
    run = 0
    for b in blocks:
        if _structural(b):
            continue
        if b.label == "bad":
            run += 1
            if run >= 4 and groups[-1]:
                groups.append([])
            continue
        run = 0
        if b.label == "good":
            groups[-1].append(b)
    groups = [g for g in groups if g]
    if len(groups) < 2:
        return
    main = max(groups, key=lambda g: sum(b.words for b in g))
    core = _content_words(title)
    for b in main:
        core |= _content_words(b.text)
    for g in groups:
        if g is main:
            continue
        for b in g:
            words = _content_words(b.text)
            overlap = len(words & core) / len(words) if words else 0.0
            if overlap < min_overlap:
                b.label, b.reason = "bad", f"off-topic after boilerplate (overlap {overlap:.2f})"


def find_title(blocks: list[Block]) -> str:
    """The first headline-like block before the body starts (no final full stop, 4–30 words)."""
    first_good = next((i for i, b in enumerate(blocks) if b.label == "good"), len(blocks))
    for b in blocks[: first_good + 1]:
        if b.role in ("caption", "byline") or SEPARATOR.match(b.text) or LEXICON.search(b.text):
            continue
        ends = re.sub(r"\b(U\.S|U\.K|U\.N|D\.C|Jr|Sr|Inc|Co)\.$", "", b.text.rstrip())
        if 4 <= b.words <= 30 and not ends.endswith(".") and b.reason not in ("repeated line", "timestamp"):
            return b.text.strip()
    return ""


def clean(text: str, kind: str = "text", title_hint: str = "") -> Cleaned:
    blocks = [Block(i, t) for i, t in enumerate(split_blocks(text, kind))]
    seen: set[str] = set()
    for b in blocks:
        classify(b, seen)
    mark_cards(blocks)
    title = title_hint or find_title(blocks)
    title_key = re.sub(r"\W+", " ", title.lower()).strip()
    for b in blocks:
        if title_key and re.sub(r"\W+", " ", b.text.lower()).strip() == title_key:
            b.role = "title"
    smooth(blocks)
    drop_offtopic(blocks, title)
    author = outlet = ""
    captions, stamps = [], []
    for b in blocks:
        b.kept = b.label == "good"
        if re.sub(r"\W+", " ", b.text.lower()).strip() == title_key and title_key:
            b.kept, b.role, b.reason = False, "title", "title (kept as metadata)"
        if b.role == "byline":
            m = BYLINE.match(b.text)
            if m and not author and "teaser" not in b.reason:
                author, outlet = m.group(2).strip(), (m.group(3) or "").strip()
            if b.kept:
                b.kept, b.reason = False, "byline (kept as metadata)"
        if b.role == "caption":
            captions.append(b.text)
        if b.reason == "timestamp":
            stamps.append(b.text)
        if not b.kept and b.role == "body":
            b.role = "junk"
    kept = [b.text for b in blocks if b.kept]
    return Cleaned(text="\n\n".join(kept), blocks=blocks, title=title, author=_titlecase_name(author),
                   outlet=outlet, captions=captions, stamps=stamps)


def _titlecase_name(name: str) -> str:
    return name.title() if name.isupper() else name
