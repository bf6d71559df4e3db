"""The offline answerer: picks the sentence that answers the question from the retrieved
passages, pulls out the span of the expected type (a date, a person, a place, a number, a title)
and composes a short answer with [n] citations. Says "the articles don't say" when the passages
do not cover the question's key terms."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..ingest.chunk import split_sentences
from ..ingest.dates import MONTHS, WEEKDAYS
from ..models import Citation, Passage, TimeRef
from .question import QuestionInfo

REFUSAL = "The articles don't say."
# how a sentence is scored: coverage of the question's terms, of the question clause's own terms,
# of the passage (context), whether it holds a span of the expected type, and passage rank
WEIGHTS = {"cov": 0.5, "focus": 0.1, "pcov": 0.15, "type": 0.4, "rank": 0.1, "tense": 0.05}
PRESENT = re.compile(r"\b(is|are|has|have|does|do|remain|remains|still|currently|now)\b", re.I)
PAST = re.compile(r"\b(was|were|had|did)\b", re.I)


def _tense(question: str) -> str:
    clause = re.split(r"(?<=[.!?])\s+", question.strip())[-1]
    if PAST.search(clause):
        return "past"
    return "present" if PRESENT.search(clause) else ""


def _tense_agreement(tense: str, sentence: str) -> float:
    """"How many … are there?" wants today's figure, not the one a sentence gives for the past."""
    if not tense:
        return 0.0
    present, past = bool(PRESENT.search(sentence)), bool(PAST.search(sentence))
    if present == past:
        return 0.0
    return 1.0 if (present and tense == "present") or (past and tense == "past") else -1.0
NUMBER = re.compile(r"(?<![\w.])(?:[$£€]\s?)?\d[\d,.]*(?:\s?(?:%|percent|per cent|million|billion|trillion|thousand|hundred|k\b))?|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|dozens?|thousands|millions)\b(?:[- ](?:one|two|three|four|five|six|seven|eight|nine|hundred|thousand|million|billion))*", re.I)
CAP_SEQ = re.compile(r"\b([A-Z][\w'’.-]*[A-Za-z](?:\s+(?:of|the|de|da|del|la|le|van|von|bin|al|el|and|&)?\s*[A-Z][\w'’.-]*[A-Za-z]){0,4})")
QUOTED = re.compile(r"[“\"‘']([^“”\"‘’']{2,80})[”\"’']")
TITLES = r"(?:President|Prime Minister|Minister|Secretary|Senator|Sen\.|Rep\.|Gov\.|Governor|Mayor|Judge|Justice|Mr\.|Mrs\.|Ms\.|Dr\.|Prof\.|envoy|Chancellor|King|Queen|Prince|Princess|Pope|CEO|chief|director|coach|star|actor|actress|singer|rapper|leader|spokesman|spokeswoman|spokesperson|founder|chairman)"
NOT_NAMES = set(MONTHS) | set(WEEKDAYS) | {"the", "a", "an", "but", "and", "in", "on", "at", "it", "he", "she", "they", "this", "that", "there", "when", "while", "after", "before", "since", "as", "if", "for", "with", "by", "from", "of", "to", "we", "i", "his", "her", "their", "our", "its", "some", "many", "more", "most", "also", "still", "however", "meanwhile"}
PLACE_PREP = re.compile(r"\b(?:in|at|from|near|outside|inside|to|across|into|throughout)\s+(?:the\s+)?([A-Z][\w'’.-]*[A-Za-z](?:[\s,]+(?:of\s+)?[A-Z][\w'’.-]*[A-Za-z]){0,3})")


@dataclass
class Candidate:
    passage_rank: int
    passage: Passage
    sentence: str
    start: int          # offset of the sentence in the passage
    score: float
    coverage: float
    span: str = ""
    time: TimeRef | None = None


# past forms the stemmer leaves apart from their verb ("met" ≠ "meet"), mapped to the stemmed base
_IRREGULAR = """arose arise awoke awake bore bear beat beat became become began begin bent bend bet bet bound bind bit bite
bled bleed blew blow broke break bred breed brought bring built build burnt burn bought buy caught catch chose choose clung cling
came come cost cost crept creep cut cut dealt deal dug dig did do drew draw drank drink drove drive ate eat fell fall fed feed
felt feel fought fight found find fled flee flew fly forbade forbid forgot forget forgave forgive froze freeze got get gave give
went go ground grind grew grow hung hang had have heard hear hid hide hit hit held hold hurt hurt kept keep knelt kneel knew know
laid lay led lead left leave lent lend let let lay lie lit light lost lose made make meant mean met meet paid pay quit quit read read
rode ride rang ring rose rise ran run said say saw see sought seek sold sell sent send set set shook shake shone shine shot shoot
showed show shrank shrink shut shut sang sing sank sink sat sit slept sleep slid slide spoke speak spent spend spun spin split split
spread spread sprang spring stood stand stole steal stuck stick stung sting struck strike swore swear swept sweep swam swim swung swing
took take taught teach tore tear told tell thought think threw throw understood understand woke wake wore wear won win wrote write
withdrew withdraw withdrawn withdraw undertook undertake overtook overtake oversaw oversee foresaw foresee upheld uphold
begun begin broken break chosen choose done do drawn draw driven drive eaten eat fallen fall flown fly forgotten forget given give
gone go grown grow hidden hide known know ridden ride risen rise seen see shaken shake spoken speak stolen steal sworn swear taken take
thrown throw worn wear woken wake written write"""
_pairs = _IRREGULAR.split()
IRREGULAR: dict[str, str] = {}


def _init_irregular() -> None:
    import Stemmer

    stem = Stemmer.Stemmer("english")
    for past, base in zip(_pairs[::2], _pairs[1::2]):
        IRREGULAR[stem.stemWord(past)] = stem.stemWord(base)


_init_irregular()


class Scorer:
    """Weights question terms by their rarity in the index (BM25 idf)."""

    def __init__(self, keywords):
        self.kw = keywords

    def tokens(self, text: str) -> list[str]:
        return [IRREGULAR.get(t, t) for t in self.kw.tokenize([text])[0]]

    def weights(self, terms: list[str]) -> dict[str, float]:
        """idf, damped for everyday words (those MiniLM's vocabulary holds whole): a question's
        verbs ("held", "mentioned") often differ from the article's, its names rarely do."""
        common = _common_words()
        out: dict[str, float] = {}
        unseen_common: list[str] = []
        for term in terms:
            for t in self.tokens(term):
                if term.lower() in common and t not in self.kw.vocab:
                    unseen_common.append(t)  # weighed below, like an average term
                    continue
                w = self.kw.idf(t) * (0.6 if term.lower() in common else 1.0)
                out[t] = max(out.get(t, 0.0), w)
        mean = sum(out.values()) / len(out) if out else 1.0
        for t in unseen_common:
            out.setdefault(t, mean)
        return out


_COMMON: set[str] | None = None


def _common_words() -> set[str]:
    global _COMMON
    if _COMMON is None:
        from ..ingest.chunk import tokenizer

        _COMMON = {w for w in tokenizer().get_vocab() if w.isalpha() and len(w) > 2}
    return _COMMON


def coverage(weights: dict[str, float], tokens: set[str]) -> float:
    """Share of the question's (idf-weighted) terms found; a shared 5-letter prefix counts, so
    irregular forms the stemmer misses (withdraw/withdrew) still match."""
    total = sum(weights.values())
    if not total:
        return 0.0
    prefixes = {t[:5] for t in tokens if len(t) >= 5}
    got = sum(w for t, w in weights.items() if t in tokens or (len(t) >= 5 and t[:5] in prefixes))
    return got / total


def _cap_sequences(sentence: str) -> list[str]:
    out = []
    for m in CAP_SEQ.finditer(sentence):
        words = m.group(1).split()
        while words and words[0].lower().strip(".,") in NOT_NAMES:
            words = words[1:]
        while words and words[-1].lower() in ("of", "the", "and", "&", "de", "la"):
            words = words[:-1]
        if words:
            out.append(" ".join(words).strip(" ,.'’"))
    return out


def _in_question(cand: str, info: QuestionInfo) -> bool:
    ql = info.text.lower()
    words = [w for w in re.findall(r"\w+", cand.lower()) if len(w) > 2]
    return bool(words) and all(w in ql for w in words)


def extract_span(info: QuestionInfo, sentence: str, times: list[TimeRef]) -> tuple[str, TimeRef | None]:
    qt = info.qtype
    if qt == "date":
        if not times:
            return "", None
        q_start = info.time_start
        useful = [t for t in times if t.text.lower() not in info.text.lower()]
        if not useful:
            return "", None
        rank = {"day": 0, "week": 1, "month": 1, "year": 2}
        # prefer derived dates (the reader cannot see them), then finer ones, then the first
        best = min(useful, key=lambda t: (rank.get(t.granularity, 3), t.how == "stated" and False, useful.index(t)))
        if q_start is not None:
            inside = [t for t in useful if t.start >= q_start]
            best = inside[0] if inside else best
        return best.label, best
    if qt == "number":
        nums = [m.group(0).strip() for m in NUMBER.finditer(sentence)]
        nums = [n for n in nums if n.lower() not in info.text.lower() and not re.fullmatch(r"(19|20)\d\d", n)]
        if not nums:
            return "", None
        if info.unit:
            last = info.unit.split()[-1][:5].lower()
            for m in NUMBER.finditer(sentence):
                if m.group(0).strip() not in nums:
                    continue
                unit = re.match(r"\s*((?:[\w’'-]+\s+){0,3}?[\w-]*" + re.escape(last) + r"[\w-]*)", sentence[m.end():], re.I)
                if unit:
                    return f"{m.group(0).strip()} {unit.group(1).strip()}", None
        return nums[0], None
    if qt in ("person", "org", "name", "title", "place", "thing"):
        if qt == "title":
            quoted = [q for q in QUOTED.findall(sentence) if not _in_question(q, info) and len(q.split()) <= 10]
            if quoted:
                return quoted[0], None
        if qt == "place":
            places = [p for p in PLACE_PREP.findall(sentence) if not _in_question(p, info) and p.lower().split()[0] not in NOT_NAMES]
            if places:
                return places[0].strip(" ,"), None
        caps = [c for c in _cap_sequences(sentence) if not _in_question(c, info)]
        if qt == "person":
            titled = re.findall(TITLES + r"\s+([A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3})", sentence)
            titled = [t for t in titled if not _in_question(t, info)]
            multi = [c for c in caps if len(c.split()) >= 2]
            pick = titled or multi or caps
            return (pick[0], None) if pick else ("", None)
        if qt in ("org", "name", "title"):
            return (caps[0], None) if caps else ("", None)
    return "", None


def _type_ok(info: QuestionInfo, sentence: str, times: list[TimeRef]) -> float:
    span, _ = extract_span(info, sentence, times)
    if info.qtype in ("reason", "thing", "describe"):
        return 0.5
    return 1.0 if span else 0.0


def answer_extractive(info: QuestionInfo, passages: list[Passage], scorer: Scorer, min_coverage: float = 0.4) -> tuple[str, list[Citation], bool, list[TimeRef]]:
    if not passages:
        return REFUSAL + " Nothing in the index matches the question.", [], True, []
    weights = scorer.weights(info.terms or [info.text])
    fweights = scorer.weights(info.focus) if info.focus else weights
    if not weights:
        return "Please ask a question in words (for example: \"when did the US lift Belavia sanctions?\").", [], True, []
    ent_weights = scorer.weights(info.entities) if info.entities else {}
    tense = _tense(info.text)
    cands: list[Candidate] = []
    ptok_sets = []
    for rank, p in enumerate(passages):
        ptoks = set(scorer.tokens(f"{p.title}\n{p.text}"))
        ptok_sets.append(ptoks)
        pcov = coverage(weights, ptoks)
        for a, b in split_sentences(p.text):
            sent = p.text[a:b].strip()
            if len(sent) < 20:
                continue
            stoks = set(scorer.tokens(sent))
            cov = coverage(weights, stoks)
            times = [t for t in p.times if p.start + a <= t.offset < p.start + b]
            tok = _type_ok(info, sent, times)
            fcov = coverage(fweights, stoks) if fweights else cov
            W = WEIGHTS
            score = W["cov"] * cov + W["focus"] * fcov + W["pcov"] * pcov + W["type"] * tok + W["rank"] / (1 + rank)
            score += W["tense"] * _tense_agreement(tense, sent)
            cands.append(Candidate(rank, p, sent, a, score, cov))
    # Refuse when the passages miss the question's names or most of its other key terms. The
    # best pair of passages counts, so a question joining two articles is not refused.
    best_pcov, best_ecov = _support(weights, ent_weights, ptok_sets[:4])
    if not cands or best_pcov < min_coverage or best_ecov < 0.5:
        return REFUSAL, [], True, []
    cands.sort(key=lambda c: c.score, reverse=True)
    best = cands[0]
    times = [t for t in best.passage.times if best.passage.start + best.start <= t.offset < best.passage.start + best.start + len(best.sentence)]
    span, tref = extract_span(info, best.sentence, times)
    citations = [Citation(1, best.passage, quote=best.sentence)]
    # a second outlet reporting the same thing is cited too
    second = next((c for c in cands[1:8] if c.passage.article_id != best.passage.article_id
                   and c.coverage >= best.coverage * 0.8 and (not span or span.lower() in c.sentence.lower())), None)
    text = _compose(info, best, span, tref)
    if second is not None:
        citations.append(Citation(2, second.passage, quote=second.sentence))
        text += f" Also reported by {second.passage.source or second.passage.title} [2]."
    derived = [tref] if tref is not None and tref.how != "stated" else []
    return text, citations, False, derived


def _support(weights: dict[str, float], ent_weights: dict[str, float], token_sets: list[set[str]]) -> tuple[float, float]:
    best_p = best_e = 0.0
    for i, a in enumerate(token_sets):
        for b in token_sets[i:]:
            both = a | b
            best_p = max(best_p, coverage(weights, both))
            best_e = max(best_e, coverage(ent_weights, both) if ent_weights else 1.0)
    return best_p, best_e


def _compose(info: QuestionInfo, best: Candidate, span: str, tref: TimeRef | None) -> str:
    quote = best.sentence.strip()
    p = best.passage
    src = ", ".join(x for x in (p.source, p.published) if x)
    if tref is not None:
        head = span
        note = f"; “{tref.text}” = {tref.how}" if tref.how != "stated" else ""
        return f"{head} — “{quote}” [1] ({src}{note})"
    if span:
        return f"{span} — “{quote}” [1]"
    return f"“{quote}” [1]"
