"""Question terms against passage text: BM25's tokens (stemmed, with irregular past forms mapped
to their verb), weighted by rarity in the index, and the share of them a text covers."""
from __future__ import annotations

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
beaten beat begun begin broken break chosen choose done do drawn draw driven drive eaten eat fallen fall flown fly forgotten forget given give
gone go grown grow hidden hide known know ridden ride risen rise seen see shaken shake spoken speak stolen steal sworn swear taken take
thrown throw worn wear woken wake written write freed free"""
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


# words news reports use for the same act, by stem: a question's word is found in a text that
# uses one of these instead ("Trump spoke to Lukashenko by phone" for "when did Trump call")
_SYNONYMS = [("releas", "free"), ("call", "phone"), ("kill", "die", "dead", "death"), ("fire", "sack", "dismiss", "oust"),
             ("resign", "quit"), ("buy", "acquir", "purchas"), ("jail", "imprison", "prison"), ("arrest", "detain"),
             ("ban", "prohibit"), ("launch", "unveil")]
SYNONYMS: dict[str, set[str]] = {w: set(group) - {w} for group in _SYNONYMS for w in group}

_COMMON: set[str] | None = None


def _common_words() -> set[str]:
    global _COMMON
    if _COMMON is None:
        from ..ingest.chunk import tokenizer

        _COMMON = {w for w in tokenizer().get_vocab() if w.isalpha() and len(w) >= 2}
    return _COMMON


def coverage(weights: dict[str, float], tokens: set[str]) -> float:
    """Share of the question's (idf-weighted) terms found; a shared 5-letter prefix counts, so
    irregular forms the stemmer misses (withdraw/withdrew) still match, and so does a synonym."""
    total = sum(weights.values())
    if not total:
        return 0.0
    prefixes = {t[:5] for t in tokens if len(t) >= 5}
    # a synonym counts unless the question asks for it too ("phone call": "phone" is not also the call)
    got = sum(w for t, w in weights.items() if t in tokens or (len(t) >= 5 and t[:5] in prefixes)
              or (t in SYNONYMS and not (SYNONYMS[t] - weights.keys()).isdisjoint(tokens)))
    return got / total
