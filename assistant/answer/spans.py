"""Answer spans: the candidates of the expected type in a sentence (a date, a number with its
unit, a person, a place, an organisation, a title), each with a strength in 0..1 saying how
surely it is of that type, and never a name the question itself already gives."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..ingest.chunk import split_sentences
from ..ingest.clean import STOPWORDS
from ..ingest.dates import MONTHS, WEEKDAYS
from ..models import TimeRef
from .elapsed import FOR_YEARS
from .places import FIT, asked_country, country_of, is_country_or_state, outside, place_strength, region_of, same_place_named
from .question import MONEY_NOUNS, PERSON_NOUNS, TITLES, QuestionInfo, singular
from .terms import coverage

# "who won the Six Nations", "who beat England in the final": a country or team may be the answer
CONTEST_WON = re.compile(r"(?i)\bwho\b.*\b(?:won|wins|win|beat|beats|lost to|knocked out)\b.*\b(?:cup|championships?|nations|"
                         r"league|series|bowl|trophy|open|grand slam|title|final|semi-final|match|game|derby|tournament|olympics|games|contest)\b")
# "when will it open", "when is the next launch", not "when were the talks due to continue"
FUTURE_ASKED = re.compile(r"(?i)\b(?:will|shall|(?:is|are|am)\s+(?:going to|due|expected|scheduled|set)|upcoming|next)\b")
CLOCK_ASKED = re.compile(r"(?i)\bwhat time\b|\btime of day\b|\bat what hour\b")
RANGE_ASKED = re.compile(r"(?i)\bbetween (?:which|what) (?:years|dates|months|days)\b|\bfrom (?:which|what) (?:year|date) (?:to|until)\b")
YEAR_ASKED = re.compile(r"(?i)\b(?:what|which) year\b")
# "since what year", "by what date", "until when": the date the sentence gives after that word
PREP_ASKED = re.compile(r"(?i)\b(since|until|till|by|before|after)\s+(?:what|which)\s+(?:year|month|date|day)\b|\b(since|until)\s+when\b")
CLOCK = re.compile(r"(?i)\b(?:\d{1,2}[:.]\d{2}|\d{3,4}(?=\s?(?:GMT|BST|UTC|ET|EST|EDT|PT|PST|CET)\b)|\d{1,2}(?=\s?[ap]\.?m\b))"
                   r"(?:\s?(?:[ap]\.m\.|(?:[ap]m|GMT|BST|UTC|ET|EST|EDT|PT|PST|CET|local time)\b))*|\b(?:noon|midday|midnight)\b")
# a figure, a score or range ("1-1", "3-4 days"), or a number in words
NUMBER = re.compile(r"(?<![\w.])(?:(?-i:[A-Z]{1,2})?[$£€]\s?)?(?:\d{1,3}[-–]\d{1,3}(?![\d,.]*\d)|\d[\d,.]*(?:(?:st|nd|rd|th)(?![A-Za-z]))?)(?:\s?(?:%|percent|per cent|million|billion|trillion|thousand|hundred|k\b|bn\b|m\b|tn\b))?|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|dozens?|thousands|millions)\b(?:[- ](?:one|two|three|four|five|six|seven|eight|nine|hundred|thousand|million|billion))*", re.I)
AGE = re.compile(r"\b(\d{1,3})-year-old\b|\baged? (\d{1,3})\b|\bage of (\d{1,3})\b|[A-Z][a-z]+, (\d{1,3}),|\bturn(?:ed|s)? (\d{1,3})\b"
                 r"|\b(\d{1,3}) years? old\b|\b(?:was|is|were|are) (\d{1,3}) (?:when|at the time)\b")  # "Adams was 68 at the time of his death"
COMPASS = re.compile(r"(?:North|South|East|West|Northern|Southern|Eastern|Western|Central)\b")
_MONTH = r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?)"
BARE_DATE = re.compile(r"\b(?:\d{1,2}(?:st|nd|rd|th)?\s+" + _MONTH + r"(?:\s+\d{4})?|" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4})?)")
NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
                "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty",
                "hundreds", "thousands", "millions", "dozens", "several", "both"}
APPROX = re.compile(r"(?i)\b(?:more than|over|nearly|almost|about|around|at least|up to|fewer than|less than|roughly|approximately)\s+$")
RATIO = re.compile(r"(?i)\b(?:one|two|three|four|\d+)\s+(?:in|out of)\s+$")
MONEY = re.compile(r"[A-Z]{0,2}[$£€]")  # "$5", "HK$327m", "A$1bn"
MONEY_UNIT = re.compile(r"(?i)\b(?:money|cash|prize|purse|fee|salary|pay|wages?|price|cost|funding|damages|fine|compensation|"
                        r"revenue|profit|budget|bonus|payout|ransom|bail|reward|donation|investment|debt|loan|bid|offer)s?\b")
VAGUE = re.compile(r"(?i)(?:hundreds|thousands|millions|billions|dozens?)\b")  # counts without a figure
PARTY = re.compile(r"^(?:Tory|Tories|Labour|Democrats?|Democratic|Republicans?|Conservatives?|Liberals?|Lib Dems?|GOP|Green|Greens|Socialists?)$")
# words that make a capitalised run an organisation, event or place rather than a person
TITLED_NAME = re.compile(r"\b(?:President|Mayor|Senator|Sen\.|Rep\.|Gov\.|Governor|Minister|Secretary|Judge|Justice|Chancellor)\s+[A-Z]")  # "Former Vice President Joe Biden": someone
NOT_PERSON = re.compile(r"\b(?:League|Cup|Championships?|Association|Union|Party|Festival|Council|Committee|Company|Corp|"
                        r"Corporation|Inc|Ltd|Group|Bank|University|College|School|Club|FC|Open|Awards?|Games|Olympics|"
                        r"Church|Ministry|Department|Agency|Embassy|Embassies|Consulate|Court|Police|Army|Government|Parliament|Assembly|Senate|Office|"
                        r"Society|Foundation|Institute|Centre|Center|Museum|Hospital|Airport|Station|Street|Road|Park|"
                        r"Stadium|Arena|Theatre|Theater|Hall|Times|News|Post|Journal|Airlines?|Airways|Motors|International|Tournament|"
                        r"Trophy|Prix|Series|Week|Day|Globes?|Prize|Medal|Emmys|Oscars|Baftas|Grammys|"
                        r"City|United|Rovers|Wanderers|Albion|Hotspur|Athletic|Athletico|Atletico|Real|"
                        r"Abbey|Cathedral|Palace|Castle|Square|Bridge|Tower|Island|Islands|Lake|River|Mountains?|Valley|Beach|Bay)\b")
MULTIPLIER = re.compile(r"(?i)\s*(?:-\s*)?(?:times|fold)\b")
MEASURE = re.compile(r"(?i)(?:years?|decades?|centur(?:y|ies)|months?|weeks?|days?|hours?|minutes?|seconds?|percent|per cent|%|dollars?|"
                     r"euros?|pounds?|miles?|kilometers?|kilometres?|feet|meters?|metres?|degrees?|money|cash|funds?|damages|fines?|"
                     r"costs?|prices?|fees?|salary|pay)\b")
# "how long", "how far", "how tall", "how fast": the units a figure answering each is given in
DURATION = r"years?|decades?|centur(?:y|ies)|months?|weeks?|days?|hours?|minutes?|seconds?"
LENGTH = r"miles?|kilomet(?:er|re)s?|km|met(?:er|re)s?|feet|foot|ft|inches|yards?"
HOW_UNITS = {"long": DURATION + "|" + LENGTH, "far": LENGTH + "|light[- ]years?", "tall": LENGTH + "|storeys|stories|floors",
             "high": LENGTH + "|storeys|stories|floors", "fast": r"mph|km/h|kph|miles (?:an|per) hour|knots|kilomet(?:er|re)s (?:an|per) hour|[GM]Hz|gigahertz|megahertz"}
HOW_ASKED = re.compile(r"(?i)\bhow (long|far|tall|high|fast)\b")
UNITS_AFTER = {kind: re.compile(r"(?i)\s*(?:-\s*)?(?:" + units + r")\b") for kind, units in HOW_UNITS.items()}  # right after a figure
# a capitalised word, or a brand written in camel case ("iPod", "eBay", "easyJet")
_CAP = r"(?:[A-Z]|[a-z]{1,4}(?=[A-Z]))[\w'’.-]*[A-Za-z0-9]"
# joined by a particle: "Bank of England", "Rodrigo de la Serna", "Robin van Persie"
PARTICLE = r"(?:de|van|von|da|dos|du|del|della|der|den|la|las|los|le|ter|ten|bin|ibn|al|el)"
CAP_SEQ = re.compile(r"\b(" + _CAP + r"(?:\s+(?:[A-Z]\.\s+)?(?:of|of the|&|" + PARTICLE + r"(?:\s+" + PARTICLE + r")?)?\s*" + _CAP + r"){0,4})")  # "John J. Ray III"
# a quoted phrase; an apostrophe inside a word ("Don't", "Handmaid's") neither opens nor closes one
QUOTED = re.compile(r"“([^“”]{2,80})”|\"([^\"]{2,80})\"|(?<!\w)‘((?:[^‘’]|(?<=\w)’(?=\w)){2,80})’(?!\w)"
                    r"|(?<!\w)'((?:[^']|(?<=\w)'(?=\w)){2,80})'(?!\w)")
NOT_NAMES = set(MONTHS) | set(WEEKDAYS) | {"the", "a", "an", "but", "and", "in", "on", "at", "it", "he", "she", "they", "this", "that", "there", "when", "while", "after", "before", "since", "as", "if", "for", "with", "by", "from", "of", "to", "we", "i", "his", "her", "their", "our", "its", "some", "many", "more", "most", "also", "still", "however", "meanwhile"}
PLACE_PREP = re.compile(r"\b(?:in|at|from|near|outside|inside|to|across|into|throughout)\s+(?:the\s+)?([A-Z][\w'’.-]*[A-Za-z](?:[\s,]+(?:of\s+)?[A-Z][\w'’.-]*[A-Za-z]){0,3})"
                        r"\b(?!\s+\d)")  # not "in Game 4", "in Week 3"


# a capitalised first word that is a verb form, adverb or function word is not a name ("Hosted by", "During")
NOT_NAME_FORM = re.compile(r"^(?:[A-Z][a-z]+(?:ed|ing|ly)|[A-Z][a-z]{0,2})$")
STOP_CAPS = {w.capitalize() for w in STOPWORDS} | {"During", "Despite", "Earlier", "Later", "Meanwhile", "However",
                                                  "Although", "Though", "Still", "Instead", "Yet", "Get", "Read",
                                                  "Watch", "Share", "Click", "See", "More", "Photo", "Video", "Image"}
TEAM = re.compile(r"(?:club|team|side|squad|franchise)")  # a head noun asking for a sports team
LEAGUE = re.compile(r"NHL|NBA|NFL|MLB|MLS|WNBA|NWSL|NCAA|UEFA|FIFA|IOC|ATP|WTA|PGA|LPGA|NASCAR|IndyCar|F1|Formula One|SEC|ACC")
COMPETITION = re.compile(r"\b(?:League|Cup|Championships?|Trophy|Series|Open|Games|Olympics|Tournament|Premiership|Conference|Bowl|Prix|Nations|Contest)$")
NATIONALITY = re.compile(r"^(?:[A-Z][a-z]+(?:ian|ean|ese|ish)|Swiss|Dutch|French|Greek|Thai|Irish|Welsh|American|African|"
                         r"Mexican|Korean|German|Russian|Cuban|Chilean|Kenyan|Nigerian|Ugandan|Venezuelan|Israeli|Iraqi|"
                         r"Pakistani|Saudi|Qatari|Emirati|Yemeni|Omani|Bangladeshi|Nepali|Somali|Afghan|Filipino|Latino|Briton|Soviet)s?$")


@dataclass
class Span:
    text: str
    strength: float
    time: TimeRef | None = None
    offset: int = -1    # where it starts in the sentence
    rank: float = 0.0   # strength adjusted for this sentence's wording: orders spans within it


def _in_question(cand: str, info: QuestionInfo) -> bool:
    ql = info.text.lower().replace(".", "")
    cand = cand.lower().replace(".", "")  # "U.S." is the question's "US"
    if cand in re.findall(r"\w+", ql):
        return True
    words = [w for w in re.findall(r"\w+", cand) if len(w) > 2]
    # "Entrepreneur Sir Richard Branson" is the question's "Sir Richard Branson" under a role
    while len(words) > 1 and words[0] not in ql and ROLE_WORDS.match(words[0]):
        words = words[1:]
    return bool(words) and all(w in ql for w in words) or same_place_named(cand, info.text)


def names_subject(cand: str, info: QuestionInfo) -> bool:
    """Whether a name ends like one the question gives: "Alexander Lukashenko" for a question
    about Lukashenko, "Houston Astros" for one about the Astros (its subject, rarely its answer)."""
    last = cand.split()[-1]
    if any(re.sub(r"['’]s?$", "", e.split()[-1]) == last for e in info.entities):  # "Biden's" too
        return True
    # "Trump-endorsed Rep. Randy Feenstra": Trump is named, though not as a name of its own
    return last[:1].isupper() and len(last) > 2 and bool(re.search(rf"\b{re.escape(last)}-[a-z]", info.text))


TRAILING_DATE_WORDS = set(WEEKDAYS)  # not months: "Fourth of July", "Theresa May"
CLAUSE_START = re.compile(r"(?:^|[:;—–(“\"‘])[\s“\"'‘(]*$")  # what precedes a word that opens a sentence or clause


def cap_sequences(sentence: str, lowercase: frozenset[str] = frozenset()) -> list[tuple[str, int]]:
    """Runs of capitalised words with their offsets, leading function words and a sentence-initial
    word that is plainly not a name removed: a verb form or adverb, or a word the corpus mostly
    writes in lower case (`lowercase`: "Every", "Researchers")."""
    out = []
    lede = dateline_end(sentence) if lowercase else 0
    for words, start in _runs(sentence):
        while words:
            before = sentence[lede if start >= lede else 0:start]  # the sentence so far, after any dateline
            first = words[0]
            at_start = not before.strip(" “\"'‘(")
            opens = (len(words) == 1 and ((at_start and NOT_NAME_FORM.match(first)) or first.lower() in NUMBER_WORDS  # "Eighteen former directors"
                                          or (first.lower() in lowercase and CLAUSE_START.search(before)))
                     # "Leading British computer games maker ...": a participle or adverb opening the sentence
                     or (at_start and len(words) > 1 and re.fullmatch(r"[A-Z][a-z]{3,}(?:ing|ly|ed)", first)))
            if not (opens or re.sub(r"['’]s$", "", first).lower().strip(".,") in NOT_NAMES
                    or re.sub(r"['’]\w+$", "", first) in STOP_CAPS):
                break
            start += len(first) + 1
            words = words[1:]
        while words and (words[-1].lower() in ("of", "the", "and", "&", "de", "la")
                         or (len(words) > 2 and words[-1].lower().strip(".,") in TRAILING_DATE_WORDS)):
            words = words[:-1]  # "the Denver Broncos Tuesday": the team, then when (but "Jeff Saturday")
        if words:
            text = re.sub(r"['’]s$", "", " ".join(words).strip(" ,.'’"))  # "Biden's" -> "Biden"
            out.append((text, start))
    return out


def _runs(sentence: str) -> list[tuple[list[str], int]]:
    """Capitalised runs as (words, offset), split after a possessive: "Chelsea's Damien Duff" is
    Chelsea and Damien Duff, "Green Day's Boulevard of Broken Dreams" a band and its song."""
    out = []
    for m in CAP_SEQ.finditer(sentence):
        words: list[str] = []
        start = m.start(1)
        for w in re.finditer(r"\S+", m.group(1)):
            if not words:
                start = m.start(1) + w.start()
            words.append(w.group(0))
            if re.search(r"['’]s$|s['’]$", w.group(0)):  # "Chelsea's", "Novartis'"
                out.append((words, start))
                words = []
        if words:
            out.append((words, start))
    return out


def _known_part(name: str, head: str) -> tuple[str, float]:
    words = re.split(r"[\s,]+", name)
    for n in range(min(4, len(words) - 1), 0, -1):
        for i in range(len(words) - n + 1):
            part = " ".join(words[i:i + n])
            s = place_strength(part, head) if n > 1 or len(part) >= 4 else 0.0
            if s:
                return part, s
    return "", 0.0


# a number that is part of a name: "Halo 2", "Channel 4", "Xbox 360", but not "Chelsea 2-1",
# "Google 10 years ago" or "Sony 5%"
NAME_NUMBER = re.compile(r"\s(\d{1,3})(?![\d.,:%-]\d|[\d%-])(?!\s*(?:%|per\b|percent|million|billion|m\b|bn\b)|\s+(?:[a-z]+\s+)?"
                         r"(?:years?|months?|weeks?|days?|hours?|minutes?|points?|goals?|games?|times|people|seconds?)\b)")


def _with_number(sentence: str, offset: int, name: str) -> str:
    m = NAME_NUMBER.match(sentence, offset + len(name))
    return f"{name} {m.group(1)}" if m else name


def _owns_subject(info: QuestionInfo, sentence: str, offset: int, name: str) -> bool:
    """The name is tied to the thing the question names: "the iPod from Apple", "Apple's iPod",
    "iPod maker Apple"."""
    for e in info.entities + re.findall(r"\b[a-z]{1,4}[A-Z]\w+", info.text):  # and brands: "iPod", "eBay"
        x = re.escape(e)
        if (re.search(x + r"\s+(?:from|by|maker|makers|owner|developer|manufacturer)\s+(?:the\s+)?$", sentence[max(0, offset - 60):offset])
                or re.match(r"['’]s?\s+(?:(?!(?:in|on|at|of|to|for|from|with|by|and|or)\s)[\w-]+\s+){0,2}" + x + r"\b",
                            sentence[offset + len(name):])):
            return True
    return False


def _near_head(sentence: str, offset: int, text: str, head: str) -> int:
    """Whether the asked-for noun stands beside the name: 2 right before it, 1 right after, 0 not."""
    if not head:
        return 0
    stem = head[:4].lower()
    before = sentence[max(0, offset - 25):offset].lower().rstrip(" ,")
    after = sentence[offset + len(text):offset + len(text) + 30].lower()
    tail = before.split(",")[-1][-20:]
    if stem in tail:
        # not across a preposition ("the engine for the PS4"), but "the seat of Erewash" names it
        between = re.sub(r"^\w*\s+of(?:\s+the)?\s*$", "", tail[tail.rfind(stem):])
        if not re.search(r"\b(?:for|of|in|at|on|with|by|from|to|into|against|over)\b", between):
            return 2  # "prop Duncan Bell", "the national airline, Belavia": the name that follows the noun
    if re.match(r"\s*,\s*(?:the|a|an)\s+(?:[\w-]+\s+){0,2}" + re.escape(stem), after):
        return 2  # "Metrovias, the private firm which runs ...": an apposition says what the name is
    return 1 if stem in after.split(",")[0][:20] else 0  # "the Stromboli volcano" (but "Bath prop Duncan Bell")


ROLE_WORDS = re.compile(r"^(?:(?-i:[A-Z]{2,})|" + TITLES + r"|" + PERSON_NOUNS + r"|Associate|Deputy|Vice|Attorney|General|"
                        r"Press|Former|Acting|Interim|Chief|Director|Sir|Dame|Lord|Lady|Saint|St\.|"
                        r"Wing|Centre|Center|Prop|Lock|Flanker|Hooker|Fly-half|Scrum-half|Full-back)$", re.I)  # "Wing Christophe Dominici"


THE_BEFORE = re.compile(r"\b[Tt]he\s+$")
# "President Donald Trump's special envoy, John Coale": the name owning a role is not the one holding it
POSSESSOR = re.compile(r"['’]s?\s+(?:[a-z-]+\s+){0,2}?(?:" + PERSON_NOUNS + r"|envoy|aide|spokesman|spokeswoman|lawyer|attorney)s?\b")


def _possessor(sentence: str, end: int) -> bool:
    """Whether the name ending at `end` owns a role: "Trump's special envoy"."""
    return bool(POSSESSOR.match(sentence[end:]))


ROLE_AFTER = re.compile(r"\s+(?:" + PERSON_NOUNS + r"|veteran|presenter|boss|chief|chiefs|supremo)s?\b")
# a name credited in a film or show ("starring Jim Carrey") is a person, not the title
CREDITED = re.compile(r"(?i)\b(?:starring|co-starring|featuring|(?:directed|written|produced|hosted|presented) by)\s+$")
# a person's role right before a name: "owner Arte Moreno", "Band members Mark Hoppus"
ROLE_BEFORE = re.compile(r"(?i)\b(?:" + TITLES + r"|" + PERSON_NOUNS + r"s?)\s*,?\s*$")


def full_names(texts: list[str], lowercase: frozenset[str] = frozenset()) -> dict[str, str]:
    """Surname -> the full name one article gives it ("Spears" -> "Britney Spears"), from its
    capitalised runs with leading titles dropped ("FBI Director Kash Patel" -> "Kash Patel");
    a surname two people share is left out."""
    seen: dict[str, set[str]] = {}
    for text in texts:
        for run, _ in cap_sequences(text, lowercase):
            words = run.split()
            while words and ROLE_WORDS.match(words[0]):
                words = words[1:]
            if not 2 <= len(words) <= 3 or not all(re.fullmatch(r"[A-Z][a-zA-Z'’.-]+", w) for w in words):
                continue
            name = " ".join(words)
            if is_country_or_state(name) or NATIONALITY.match(words[0]):
                continue
            seen.setdefault(words[-1], set()).add(name)
    return {last: next(iter(names)) for last, names in seen.items() if len(names) == 1}


CORPORATE = re.compile(r"^(?:Group|Holdings?|Finance|Financial|Corp|Corporation|Inc|Ltd|Plc|PLC|Company|Co|Limited|LLC|AG|SA)\.?$")


def org_names(texts: list[str], lowercase: frozenset[str] = frozenset(), team: bool = False) -> dict[str, str]:
    """Short name -> the full name one article gives an organisation: the name without its
    corporate tail ("Baikal" -> "Baikal Finance Group") or a team's nickname ("Chiefs" -> "Kansas
    City Chiefs", only when a team is asked for: "Silicon Valley startup Theranos" runs two names
    together). Not "Patagonia" -> "Patagonia Purpose Trust": that is another body. A short name
    two full names share is left out."""
    seen: dict[str, set[str]] = {}
    for text in texts:
        for run, _ in cap_sequences(text, lowercase):
            words = run.split()
            if (not 2 <= len(words) <= 4 or ROLE_WORDS.match(words[0]) or NATIONALITY.match(words[0]) or is_country_or_state(run)
                    or any(COMPETITION.search(w) for w in words[:-1])):  # "World Series Javier": two names run together
                continue
            shorts = [words[-1]] if team else []
            if all(CORPORATE.match(w) for w in words[1:]):
                shorts.append(words[0])
            for short in shorts:
                if len(short) >= 3 and short[0].isupper() and not place_strength(short) and not CORPORATE.match(short):
                    seen.setdefault(short, set()).add(run)
    return {short: next(iter(runs)) for short, runs in seen.items() if len(runs) == 1}


DATELINE = re.compile(r"^\s*([A-Z][\w.'’ ,-]{1,40}?)\s*(\((?:AP|CNN|CNN Business|Reuters|AFP|UPI|dpa)\))?\s*[—–-]{1,2}\s")
WIRE = re.compile(r"^\s*(?:[A-Z][\w.'’ ,-]{1,40}?\s*)?\((?:AP|CNN|CNN Business|Reuters|AFP|UPI)\)\s*(?:[—–-]{1,2}\s*)?")


@lru_cache(maxsize=4096)
def dateline_end(sentence: str) -> int:
    """Where a news dateline ("GENEVA —", "WATERBURY, Conn. (AP) —", "(CNN)") ends, or 0. Cached:
    cap_sequences and candidates both ask it of every sentence they read."""
    m = DATELINE.match(sentence)
    if m:
        place = m.group(1).split(",")[0].strip()
        if m.group(2) or (place.isupper() and len(place) > 2) or place_strength(place):
            return m.end()
    m = WIRE.match(sentence)
    return m.end() if m else 0


FORMER = re.compile(r"(?i)\b(?:former|ex-|late|outgoing|departing|previous)\s*(?:[\w.'’-]+\s+){0,4}$")
CURRENT_ASKED = re.compile(r"(?i)\b(?:new|current|currently|now|present|incumbent)\b")


def former_office(info: QuestionInfo, before: str) -> bool:
    """"Former British Prime Minister John Major" does not hold the office now: weak for "who is
    the new prime minister" (not for "who refereed", where a former player may well be asked)."""
    return bool(CURRENT_ASKED.search(info.text)) and bool(FORMER.search(before))


def _person_name(run: str, names: dict[str, str] | None) -> str:
    """The name in a capitalised run: "Political Affairs David Hale" -> "David Hale"."""
    words = run.split()
    while len(words) > 1 and ROLE_WORDS.match(words[0]):
        words = words[1:]
    full = (names or {}).get(words[-1], "")
    if full and len(words) > len(full.split()) and " ".join(words).endswith(full):
        return full
    # names, not the particles of "Rodrigo de la Serna" nor the initial and suffix of "John J. Ray III"
    caps = [i for i, w in enumerate(words) if w[:1].isupper() and not re.fullmatch(r"[A-Z]\.|[IVX]+|Jr\.?|Sr\.?", w)]
    return " ".join(words[caps[-2]:] if len(caps) >= 4 else words)


def _num(m: re.Match) -> str:
    return m.group(0).strip().rstrip(",.")  # "in 2020," -> "2020"


def _subject_words(info: QuestionInfo) -> set[str]:
    """The words of the names the question is about, possessives dropped ("Hale's" -> "hale")."""
    return {re.sub(r"['’]s?$", "", w.lower()) for e in info.entities for w in e.split() if len(w) > 2}


def _day_of_month(sentence: str, m: re.Match) -> bool:
    """"April 1", "1 April": a date, not a figure."""
    return bool(re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", m.group(0).strip().rstrip(",."))
                and (re.search(_MONTH + r"\s*$", sentence[max(0, m.start() - 10):m.start()])
                     or re.match(r"\s*(?:of\s+)?" + _MONTH, sentence[m.end():])))


def _age_of(info: QuestionInfo, sentence: str, m: re.Match) -> float:
    """How surely an age belongs to the person asked about: "How old is Tony Blair?" is not
    answered by "a 22-year-old student, David Dunne, asked Mr Blair"."""
    subject = _subject_words(info)
    if not subject:
        return 1.0
    if m.group(1):  # "22-year-old Liverpool student David Dunne": the name follows
        near = [c for c, o in cap_sequences(re.split(r"[,;:]", sentence[m.end():m.end() + 50])[0])]
    else:  # "Statkevich, 69,", "aged 69", "turned 69": the name comes before
        near = [c for c, o in cap_sequences(sentence[max(0, m.start() - 60):m.end()])][-1:]
    names = {re.sub(r"['’]s?$", "", w.lower()) for c in near for w in c.split()}
    if names & subject:
        return 1.0
    return 0.3 if near else 1.0  # "The 69-year-old, who ...": someone named before, likely the one asked about


def quoted(sentence: str) -> list[tuple[str, int]]:
    """The quoted phrases of a sentence, with their offsets."""
    out = []
    for m in QUOTED.finditer(sentence):
        g = next(i for i in range(1, 5) if m.group(i) is not None)
        text = m.group(g).rstrip(",.;: ")  # "“Succession,” the HBO drama": the comma is the sentence's
        if m.group(g)[:1].isspace() or m.group(g)[:1] in ",;":
            continue  # '…blue," he said, "I never…': the words between two quotations, not one
        if len(text) >= 2:
            out.append((text, m.start(g)))
    return out


def asked_prep(info: QuestionInfo) -> str:
    """The word a date question asks with: "since" for "since what year", "by" for "by what
    date"; "" when it asks with none."""
    prep = PREP_ASKED.search(info.text)
    return (prep.group(1) or prep.group(2)).lower() if prep else ""


def _led_by_asked(info: QuestionInfo, sentence: str):
    """For "since what year", "by what date", "until when": whether a date of the sentence comes
    after that word ("since June 1982", "until midnight on 16 December"), not just anywhere in
    it. Always true when the question asks no such thing."""
    word = asked_prep(info)
    if not word:
        return lambda text: True
    words = word if word in ("since", "after") else "by|until|till|before|deadline"  # a deadline, however put

    def led(text: str) -> bool:  # "for the last 25 years" in a report of 2019: since 1994
        return bool(re.search(rf"(?i)\b(?:{words})\s+(?:\S+\s+){{0,2}}?{re.escape(text)}", sentence)
                    or (word == "since" and FOR_YEARS.fullmatch(text)))
    return led


def candidates(info: QuestionInfo, sentence: str, times: list[TimeRef], names: dict[str, str] | None = None,
               lowercase: frozenset[str] = frozenset()) -> list[Span]:
    """Spans of the type the question asks for, strongest first. `names` maps surnames to the
    full names their article gives (see full_names); `lowercase` holds the corpus's ordinary
    words (see cap_sequences)."""
    qt = info.qtype
    if qt == "date" and CLOCK_ASKED.search(info.text):  # "at what time will he speak": "1230 GMT"
        return [Span(m.group(0), 1.0, offset=m.start()) for m in CLOCK.finditer(sentence)
                if m.group(0).lower() not in info.text.lower()][:1]
    if qt == "date":
        useful = [t for t in times if t.text.lower() not in info.text.lower()]
        if info.time_start and info.time_start // 10000 == info.time_end // 10000 and YEAR_ASKED.search(info.text):
            # "Before the September 2021 eruption, in what year had La Palma last erupted?": the
            # question gives 2021 itself, so a date of 2021 answers nothing it asks
            stated = info.time_start // 10000
            useful = [t for t in useful if not (t.start // 10000 == stated == t.end // 10000)] or [
                t for t in useful if t.start // 10000 != stated]
            if not useful:
                return []
        led = _led_by_asked(info, sentence)
        if not useful:
            # "on 19 October" in an undated article: no absolute date, but still the answer
            bare = [m for m in BARE_DATE.finditer(sentence) if m.group(0).lower() not in info.text.lower()]
            bare.sort(key=lambda m: not led(m.group(0)))
            return [Span(m.group(0), 0.7 if led(m.group(0)) else 0.5, offset=m.start()) for m in bare][:1]
        range_asked = bool(RANGE_ASKED.search(info.text))
        if range_asked:  # "between which years did it run": "from 1957 to 1963"
            for a, b in zip(useful, useful[1:]):
                i = sentence.find(a.text)
                j = sentence.find(b.text, i + len(a.text)) if i >= 0 else -1
                if j > i >= 0 and re.fullmatch(r"\s*(?:to|and|until|till|through|[-–])\s*", sentence[i + len(a.text):j]):
                    return [Span(f"{a.label} to {b.label}", 1.0, a, offset=i)]
            spanning = [t for t in useful if t.granularity == "year" and t.start // 10000 != t.end // 10000]  # "from 1957-63"
            if spanning:
                return [Span(spanning[0].label, 1.0, spanning[0])]
        rank = {"day": 0, "week": 1, "month": 1, "year": 2}
        best = min(useful, key=lambda t: (rank.get(t.granularity, 3), useful.index(t)))
        if info.time_start is not None:
            inside = [t for t in useful if t.start >= info.time_start]
            best = inside[0] if inside else best
        given = [t for t in useful if led(t.text)]
        if given:
            best = min(given, key=lambda t: (rank.get(t.granularity, 3), useful.index(t))) if len(given) < len(useful) else best
        # "what day is Tax Day": "this month" (April 2026) is near it, not the day asked for
        asked = re.search(r"(?i)\b(?:what|which) (day|date|month)\b", info.text)
        vague = asked and rank.get(best.granularity, 3) > rank["day" if asked.group(1).lower() != "month" else "month"]
        # "when is the next launch", asked in 2026: not a date of 2022
        past = bool(info.asked_on and FUTURE_ASKED.search(info.text) and best.end < int(info.asked_on.strftime("%Y%m%d")))
        # "rose in December" for "since what month": a date, but not the one asked; one date for a range
        one = 0.6 if range_asked else 1.0
        return [Span(best.label, 0.4 if past else 0.5 if vague else min(one, 1.0 if given else 0.7), best)]
    if qt == "number":
        found = [m for m in NUMBER.finditer(sentence)]
        nums = [m for m in found if _num(m).lower() not in info.text.lower()
                and not re.fullmatch(r"(19|20)\d\d", _num(m)) and not _day_of_month(sentence, m)]
        if info.unit == "age":  # "a 69-year-old activist", "Statkevich, 69,", "aged 69"
            ages = [Span(age, _age_of(info, sentence, m), offset=m.start()) for m in AGE.finditer(sentence)
                    for age in [next(g for g in m.groups() if g)] if age not in info.text]
            ages.sort(key=lambda sp: -sp.strength)
            return ages or [Span(_num(m), 0.2) for m in nums[:1]]
        if not nums:
            return []
        # "2 million swings" says more than "millions of swings": exact figures first
        nums.sort(key=lambda m: bool(VAGUE.match(_num(m))))
        if info.unit:
            # "how many baby swings and rockers": a number followed within a few words by one of them
            stems = [w[:5].lower() for w in re.findall(r"[a-z]{3,}", info.unit.lower()) if w not in STOPWORDS]
            alt = "|".join(re.escape(x) for x in stems) or re.escape(info.unit.split()[-1][:5].lower())
            for m in nums:
                if MULTIPLIER.match(sentence[m.end():]):
                    continue  # "four times more mobiles" compares, it does not count
                if not MEASURE.match(info.unit) and ("%" in _num(m) or MEASURE.match(sentence[m.end():].lstrip(" -"))):
                    continue  # "70% of all mobile phones" is a share, not a count of them
                if info.unit.startswith("per ") and not re.match(r"\s*(?:per|a|an|each)\s+(?:" + alt + ")", sentence[m.end():], re.I):
                    continue  # "how much per share": "$54.20 per share", not "$2.6 billion to accumulate 73.1 million shares"
                # up to the last unit word within five words: "2 million MamaRoo swings"
                words = re.findall(r"\S+", sentence[m.end():])[:5]
                last = max((i for i, w in enumerate(words) if re.match(r"\W*(?:" + alt + ")", w, re.I)), default=-1)
                if last >= 0:
                    unit = " ".join(words[:last + 1]).rstrip(".,;:!?”\"')")
                    vague = bool(VAGUE.match(_num(m)))
                    # "one in five pensioners", "two out of three voters", "more than 100 people"
                    ratio = RATIO.search(sentence[:m.start()]) or APPROX.search(sentence[:m.start()])
                    lead = ratio.group(0) if ratio else ""
                    return [Span(f"{lead}{m.group(0).strip()} {unit}", 0.5 if vague else 1.0)]
        how = HOW_ASKED.search(info.text)
        units = UNITS_AFTER[how.group(1).lower()] if how else None  # "how long": "years", "miles", ...

        def plain(m) -> float:  # "five years" does not count people; "thousands" counts nothing exactly
            text = _num(m)
            after = sentence[m.end():m.end() + 12].lower()
            other_unit = info.unit and not MEASURE.match(info.unit) and (MEASURE.match(after.lstrip(" -")) or "%" in text
                                                                           or MONEY.match(text))
            if MULTIPLIER.match(sentence[m.end():]):
                return 0.3
            if info.wants_change:  # a change: "dipped 1.4% to 86.7bn", "rose by 5%"
                before = sentence[max(0, m.start() - 12):m.start()].lower()
                if re.search(r"\bto\s*$|\bfrom\s*$", before):
                    return 0.3  # the level reached, not the change
                if re.search(r"\bby\s*$|(?:ed|ped|ell|ose|ank|ung)\s*$", before) or "%" in text or re.match(r"\s*per ?cent", sentence[m.end():], re.I):
                    return 0.9
            if units:  # "for more than three decades" answers "how long", "9.5 million" does not
                return 0.9 if units.match(sentence[m.end():]) else 0.3
            if info.head in ("vote", "margin", "tally"):  # "by what vote": "21-0", "52 to 48"
                tally = re.fullmatch(r"\d+[-–]\d+", text) or re.match(r"\s*to\s+\d", sentence[m.end():])
                voted = re.search(r"(?i)\b(?:vot\w*|margin|tally|by)\s+(?:of\s+|a\s+)?$", sentence[max(0, m.start() - 15):m.start()])
                return 0.9 if tally and voted else 0.5
            if re.search(r"(?i)\bto what\b", info.text):  # "to what level did it edge up": "edged up ... to 102.5"
                return 0.9 if re.search(r"\bto\s*$", sentence[max(0, m.start() - 12):m.start()].lower()) else 0.5
            if re.search(r"(?i)\bwhat (?:percentage|percent|proportion|share)\b|\bhow many per ?cent\b", info.text):
                share = re.search(r"%|per ?cent", text, re.I) or re.match(r"\s*per ?cent\b", sentence[m.end():], re.I)
                return 0.9 if share else 0.4  # a share, not a count
            # "how much did it cost", "how much prize money": money
            if (not info.unit or MONEY_UNIT.search(info.unit)) and (re.search(r"(?i)\bhow much\b", info.text) or info.head in MONEY_NOUNS):
                money = MONEY.match(text) or re.match(r"\s*(?:dollars|pounds|euros|yuan|yen|rupees)\b", sentence[m.end():], re.I)
                return 0.9 if money else 0.5
            return 0.3 if other_unit else 0.35 if VAGUE.match(text) else 0.7
        best = max(nums, key=plain)  # the first of the best
        text = _num(best)
        unit = MEASURE.match(sentence[best.end():].lstrip(" -"))
        if not info.unit and unit and not VAGUE.match(text) and "%" not in text and not MONEY.match(text):  # not "$900 million hours"
            text = f"{text} {unit.group(0)}"  # "six months", not "six"
        measured = units.match(sentence[best.end():]) if units else None
        if measured and not unit:  # "3.8GHz", "250 km"
            text = sentence[best.start():best.end() + measured.end()].strip()
        approx = APPROX.search(sentence[:best.start()])
        if approx and not MONEY.match(text):
            text = approx.group(0) + text  # "more than three decades": not "three decades" exactly
        return [Span(text, plain(best))]
    if qt == "role":
        return _roles(info, sentence)
    if qt == "describe":
        return _description(info, sentence)
    if qt == "reason":
        return _causes(info, sentence)
    if qt not in ("person", "org", "name", "title", "place", "thing"):
        return []
    spans: list[Span] = []
    if qt in ("title", "name", "thing"):
        spans += _stated(info, sentence)
    if qt in ("title", "name"):  # a quoted title or name; in lower case mostly quoted speech (he felt "great")
        spans += [Span(text, (1.0 if qt == "title" else 0.6) * (0.5 if text[0].islower() else 1.0), offset=o)
                  for text, o in quoted(sentence) if not _in_question(text, info) and len(text.split()) <= 10]
    caps = [(c, o) for c, o in cap_sequences(sentence, lowercase) if not _in_question(c, info)]
    if qt == "place":
        head = singular(info.head)  # "which countries": a country each
        # "brought to Lithuania": a known place after a preposition is the surest "where" answer
        after_prep = {m.start(1) for m in PLACE_PREP.finditer(sentence)}
        within = asked_country(info.qualifiers) if head in ("city", "town", "state", "capital") else ""
        for c, o in caps:
            if NATIONALITY.match(c):
                # "at Iranian ports": an adjective, not the place; but "bribing an Indonesian
                # official" answers "which country's official": Indonesia
                country = country_of(c) if head in ("country", "nation") else ""
                if country and not _in_question(country, info):
                    owned = re.search(r"(?i)\b(?:country|nation)['’]s\s+(\w+)", info.text)  # "which country's official"
                    after = sentence[o + len(c):].split()
                    same = bool(owned and after and after[0].lower()[:5] == owned.group(1).lower()[:5])
                    spans.append(Span(country, 1.0 if same else 0.7, offset=o))
                continue
            s = place_strength(c, head)
            if not s:  # "New York Rep. Hakeem Jeffries", "Strait of Hormuz, Iran": the longest known part
                part, s = _known_part(c, head)
                if s and not _in_question(part, info):
                    o, c, s = o + max(0, c.find(part)), part, 0.9 * s
                else:
                    s = 0.0
            if s and head and head not in FIT:  # "which stadium": a city or country is only near it
                s *= 0.5
            if head and head not in FIT and head[:5] in c.lower():
                s = 1.0  # "Giuseppe Meazza Stadium", "La Palma island"
            if head and re.search(r"(?i)\b" + re.escape(head[:5]) + r"\w*\s+of\s+(?:the\s+)?$", sentence[max(0, o - 30):o]):
                s = 1.0  # "the Italian island of Stromboli", "the town of Uvalde": the noun names it
            if s and within and outside(c, within):
                s *= 0.3  # "which US city": not London
            region = region_of(c, head) if s else ""
            if region and not _in_question(region, info):
                # "a summit in Ankara" answers "which country": Turkey, as the gazetteer knows
                spans.append(Span(f"{region} ({c})", 1.0 if o in after_prep else 0.8, offset=o))
            elif s:
                spans.append(Span(c, s if head or o in after_prep else 0.8 * s, offset=o))
        for m in PLACE_PREP.finditer(sentence):
            p = m.group(1).strip(" ,")
            head, _, rest = p.partition(",")
            if rest and not place_strength(rest.strip()):
                p = head  # "in Waterbury, Connecticut", but not "in Indonesia, Downing Street said"
            first = re.sub(r"['’]s$", "", p.split()[0])  # "in Saturday's doubles": when, not where
            if (not _in_question(p, info) and first.lower() not in NOT_NAMES and first not in STOP_CAPS
                    and not NATIONALITY.match(p.split()[0])):
                spans.append(Span(p, 0.15 if within and outside(p, within) else 0.5, offset=m.start(1)))
        for m in SETTLEMENT_OF.finditer(sentence if info.head in ("", "town", "city", "village", "place", "location") else ""):
            if not _in_question(m.group(1), info) and all(sp.text != m.group(1) for sp in spans):
                spans.append(Span(m.group(1), 0.8, offset=m.start(1)))
        if info.head in VENUE_HEADS:  # "Westmoreland Museum of American Art will host ...": a venue named anywhere
            for c, o in caps:
                if " " in c and VENUE_WORD.search(c) and all(sp.text != c for sp in spans):
                    spans.append(Span(c, 0.9, offset=o))
        if not spans and not info.head:  # no named place: "to prison", "beyond the moon"
            spans += _common_places(info, sentence)
    elif qt == "person":
        # "the Queen" in the question is the one the sentence calls "Queen Elizabeth II" (info.titled)
        subject_names: set[str] = set()
        contest = bool(CONTEST_WON.search(info.text))
        for m in re.finditer(r"\b(?i:" + TITLES + r")\s+([A-Z][\w'’.-]+(?:\s+(?:" + PARTICLE + r"\s+){0,2}[A-Z][\w'’.-]+){0,3})", sentence):
            if not _in_question(m.group(1), info):
                name = _person_name(re.sub(r"['’]s$", "", m.group(1).rstrip(".,")), names)
                titled = m.group(0)[:m.start(1) - m.start()].strip().lower() in info.titled
                if titled:
                    subject_names.add(name)
                past = former_office(info, sentence[max(0, m.start() - 30):m.start()])
                # "President Joe Biden" for a question about what Biden did: its subject, rarely its answer
                own = names_subject(name, info) or _possessor(sentence, m.start(1) + len(re.sub(r"['’]s?$", "", m.group(1))))
                # (the question's own subject weighs as it does untitled: "Alexander Lukashenko", 0.8 x 0.5)
                spans.append(Span(name, (0.3 if titled else 1.0) * (0.4 if own else 0.5 if past else 1.0), offset=m.start(1)))
        for c, o in caps:
            run_end = o + len(re.sub(r"['’]s?$", "", c))  # where the name as written ends
            if contest and is_country_or_state(c) and not _in_question(c, info):
                spans.append(Span(c, 0.8, offset=o))  # "who won the Six Nations": Wales
                continue
            if is_country_or_state(c) or NATIONALITY.match(c) or PARTY.match(c) or country_of(c.split()[0]):
                continue  # "American Idol" is a show (but "Brian Cox" a person)
            if NOT_PERSON.search(c) or COMPETITION.search(c) or re.search(r"\d", c):  # "Champions League", "Bank of England", "Airbus A320"
                continue
            full = (names or {}).get(c) if " " not in c else None
            if full and not _in_question(full, info):
                spans.append(Span(full, 0.8, offset=o))  # "Spears" is Britney Spears, as the article said before
                continue
            past = former_office(info, sentence[max(0, o - 30):o] + c.split()[0] + " ")
            c = _person_name(c, names)
            if c.lower() in NOT_NAMES:
                continue  # "told CNN Thursday": the outlet's name cut off leaves a weekday, not a person
            if " " not in c and place_strength(c) >= 1.0:
                continue  # "London", "Sydney" alone: a major city, not someone's surname
            if " " in c and COMPASS.match(c):
                continue  # "North East", "Western Cape": a region
            own = names_subject(c, info) or c in subject_names
            caps_only = bool(re.fullmatch(r"[A-Z]{2,}", c))  # mostly an organisation ("IAAF") or shouting, now and then a band ("BTS")
            # "Bollywood veteran Subhash Ghai", "Oscar host Chris Rock": a name qualifying a role is not the person
            qualifier = bool(ROLE_AFTER.match(sentence[o + len(c):])) or _possessor(sentence, run_end)
            # "in the Big Apple", "the White House": a name after "the" is a place or a thing, not someone
            thing = bool(THE_BEFORE.search(sentence[max(0, o - 5):o]))
            spans.append(Span(c, (0.8 if len(c.split()) >= 2 else 0.3 if caps_only else 0.5) * (0.5 if own or qualifier or past or thing else 1.0), offset=o))
        if not spans:  # no name, but the agent of the question's verb: "embassies have been run by counselors"
            spans += _agents(info, sentence)
        if not spans:  # no name, but a description: "an interview to a 30-year-old crypto businessman"
            for m in re.finditer(r"\b(?:a|an|the)\s+(?:[\w’'-]+\s+){0,3}?" + PERSON_NOUNS + r"s?\b", sentence, re.I):
                if m.group(1).lower() not in info.text.lower():
                    spans.append(Span(m.group(0), 0.4, offset=m.start()))
    elif qt == "thing" and info.wants_clause:
        pass  # "what did the FA decide": a clause answers, not a name the sentence happens to hold
    else:  # org, name, title, thing: a name, best one standing beside the noun asked for
        person_end = -1
        head_before = re.compile(r"(?i)\b" + re.escape(singular(info.head)) + r"s?\s+$") if info.head else None
        for c, o in caps:
            # "his album Egypt": the noun asked for names it, whatever else the name means
            named = head_before is not None and head_before.search(sentence[max(0, o - 30):o])
            if named and qt in ("org", "title") and not _in_question(c, info):
                spans.append(Span(_with_number(sentence, o, c), 0.9, offset=o))
                continue
            if NATIONALITY.match(c) or PARTY.match(c) or (" " not in c and country_of(c)):
                continue  # "the Swedish fintech company", "the Argentine capital": an adjective, not the company
            owned = re.match(r"['’]s\s+([A-Z]\w+)", sentence[o + len(c):])
            if qt == "org" and TEAM.match(info.head) and (
                    COMPETITION.search(c) or LEAGUE.fullmatch(c) or (owned and COMPETITION.search(owned.group(1)))):
                continue  # "Champions League", "the Commissioner's Cup", "NHL": what a club plays in, not a club
            if qt in ("org", "title") and is_country_or_state(c) and not (qt == "org" and re.match(r"(?:team|side|squad)", info.head)):
                continue  # "Israel's Teva Pharmaceuticals": the country is not the company (a national team it can be)
            if (qt in ("org", "title") and not TEAM.match(info.head) and place_strength(c, "city") >= 1.0
                    and (re.search(r"\b(?:in|at|near|outside)\s+$", sentence[max(0, o - 8):o])
                         or re.match(r"\s+[a-z]", sentence[o + len(c):]))):
                # "bought it at auction in Moscow", "his Glasgow four-piece band": where, not who
                # (but "Liverpool" can be the club)
                continue
            if qt == "title" and re.fullmatch(r"[A-Z]{2,3}", c):
                continue  # "US": not the song or film asked for
            if not (qt == "org" and TEAM.match(info.head)):  # "Arsenal 3 Chelsea 1" is a score
                c = _with_number(sentence, o, c)
            s = 0.6 if qt != "thing" else 0.4
            before = sentence[max(0, o - 30):o]
            if qt in ("org", "title") and (ROLE_BEFORE.search(before) or CREDITED.search(before) or TITLED_NAME.search(c)
                                           or (person_end >= 0 and re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", sentence[person_end:o]))):
                spans.append(Span(c, 0.5 * s, offset=o))  # "team owner Arte Moreno (and X)": people, not the team
                person_end = o + len(c)
                continue
            side = _near_head(sentence, o, c, info.head)
            if side or (info.head and len(c.split()) > 1 and info.head[:5] in c.lower().split()[0] + c.lower().split()[-1]):
                s += 0.25 if side == 1 else 0.3  # "the Stromboli volcano"; "Hurricane Ian" for "the name of the hurricane"
            elif qt == "org" and _owns_subject(info, sentence, o, c):
                s += 0.3  # "which company makes the iPod": "the iPod from Apple", "Apple's iPod"
            if qt != "thing" and names_subject(c, info):
                s *= 0.5  # not for an untyped question: there a name is no answer, its sentence must not weigh less
            full = (names or {}).get(c) if qt == "org" and " " not in c else None
            if full and not _in_question(full, info):
                c = full  # "Baikal" is Baikal Finance Group, as the article says elsewhere
            spans.append(Span(c, s, offset=o))
    if singular(info.head) != info.head and qt in ("org", "title", "thing", "person"):  # not "which beverage": "other beverages, including Fresca"
        spans += _examples(info, sentence, caps)
    cut = dateline_end(sentence)
    if cut:  # "GENEVA —", "ARLINGTON, Texas (AP) —": where the story was filed, rarely what is asked
        spans = [sp if sp.offset >= cut or sp.offset < 0 else Span(sp.text, 0.6 * sp.strength, sp.time, sp.offset)
                 for sp in spans if qt == "place" or sp.offset >= cut or sp.offset < 0]
    if qt == "place":
        _toward(spans, info, sentence)
        _venue(spans, info)
    _adjust(spans, info, sentence)
    spans.sort(key=lambda sp: -sp.rank)  # stable: equal ranks keep sentence order
    return spans


VENUE_HEADS = {"stadium", "arena", "venue", "hotel", "hall", "theatre", "theater", "museum", "hospital", "park", "palace",
               "castle", "church", "cathedral", "mosque", "temple", "campus", "resort", "racecourse", "ballpark", "mall",
               "zoo", "airport", "base", "prison", "jail"}
VENUE_WORD = re.compile(r"\b(?:Stadium|Arena|Superdome|Dome|Center|Centre|Field|Park|Gardens?|Hall|Theat(?:re|er)|Museum|Hospital|"
                        r"Palace|Castle|Church|Cathedral|Mosque|Temple|Hotel|Resort|Racecourse|Ballpark|Mall|Zoo|Airport|"
                        r"Base|Bowl|Coliseum|Colosseum|Prison|Jail|Club|Square|Aviary|Auditorium|Pavilion)\b")


def _venue(spans: list[Span], info: QuestionInfo) -> None:
    """"At which stadium": "Caesars Superdome", not "New Orleans", the city it stands in."""
    if info.head not in VENUE_HEADS:
        return
    for sp in spans:
        if " " in sp.text and VENUE_WORD.search(sp.text):  # not "Park" alone
            sp.strength = max(sp.strength, 0.9)
        elif place_strength(sp.text) > 0:
            sp.strength *= 0.5


# "where was the plane flying to?", "where did they come from?": the place after that word
TOWARD_ASKED = re.compile(r"(?i)\b(to|from)\s*\?\s*$")


def _toward(spans: list[Span], info: QuestionInfo, sentence: str) -> None:
    """A place after "to" ("heading ... to the town of Nome") for "flying to?"; others weigh less."""
    m = TOWARD_ASKED.search(info.text)
    if not m:
        return
    words = "to|toward|towards|for|into" if m.group(1).lower() == "to" else "from|of"
    for sp in spans:
        if sp.offset >= 0:
            led = re.search(rf"(?i)\b(?:{words})\s+(?:the\s+)?(?:[a-z]+\s+){{0,3}}$", sentence[max(0, sp.offset - 40):sp.offset])
            sp.strength = max(sp.strength, 0.8) if led else sp.strength * 0.7


def _examples(info: QuestionInfo, sentence: str, caps: list[tuple[str, int]]) -> list[Span]:
    """"games such as Populous, Theme Park and Black and White" for "which games": the names the
    sentence gives as instances of the noun asked for."""
    stem = re.escape(info.head[:4].lower())
    m = re.search(r"(?i)\b" + stem + r"\w*\b[^.;:]{0,60}?\b(?:such as|including|like)\s+", sentence)
    if not m:
        return []
    return [Span(c, 0.9, offset=o) for c, o in caps if m.end() <= o < m.end() + 120][:1]


ROLE_WORD = re.compile(r"\b(?:" + TITLES + r"|" + PERSON_NOUNS + r"|Under ?secretary|Ambassador|Commissioner|Administrator|"
                       r"Speaker|Adviser|Advisor|Officer|Representative|Chair(?:wo)?man|Chair|General|Admiral|Head)s?\b", re.I)
CONNECTOR = {"of", "for", "and", "the", "on", "&"}
NAME_AFTER_ROLE = re.compile(r"([A-Z][\w.'’-]*|of|for|and|the|on|&)")
ROLE_AFTER_NAME = re.compile(r"\b([A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2}),\s+(?:the\s+|a\s+|an\s+)?([^,;()“”\"]{3,90}?)"
                             r"(?=,|\s+(?:said|says|met|told|announced|visited|is|was|has|will)\b)")


_FUNCTION_WORD = r"(?:" + "|".join(sorted(NOT_NAMES | {"including", "said", "says", "told"})) + r")\b"


def _description(info: QuestionInfo, sentence: str) -> list[Span]:
    """"Who is Zohran Mamdani?": what the sentence calls the subject, in apposition ("Tubi, a free
    streaming service,"), as a predicate ("Tubi is a ...") or as the role before the name ("New
    York City Mayor Zohran Mamdani"). Shown before the quote; it does not rank sentences."""
    if not info.entities:
        return []
    name = info.entities[0]
    forms = [re.escape(name)] + ([re.escape(name.split()[-1])] if " " in name else [])
    subject = r"\b(?:" + "|".join(forms) + r")(?:['’]s)?"
    out = []
    m = re.search(subject + r",\s+((?:the|a|an)\s+[^,;:()“”\"]{3,70}?)(?:,|\.|;|$)", sentence)
    if m:
        out.append(Span(m.group(1).strip(), 1.0, offset=m.start(1)))
    m = re.search(subject + r"\s+(?:is|was)\s+((?:the|a|an)\s+[^,;:()“”\"]{3,70}?)(?:,|\.|;|\s+(?:who|which|that)\b|$)", sentence)
    if m:
        out.append(Span(m.group(1).strip(), 1.0, offset=m.start(1)))
    # "key dissident figure Siarhei Tsikhanouski": the words before the name up to a function word
    m = re.search(r"((?:\b(?!" + _FUNCTION_WORD + r")[\w.'’-]+\s+){0,4}(?i:" + TITLES + r"|" + PERSON_NOUNS + r"))\s+"
                  + re.escape(name) + r"\b", sentence)
    if m:
        out.append(Span(m.group(1).strip(), 0.8, offset=m.start(1)))
    return out


def _roles(info: QuestionInfo, sentence: str) -> list[Span]:
    """A person's job as news writes it: before the name ("U.S. Undersecretary of State for
    Political Affairs David Hale") or after it ("David Hale, US Under Secretary of State, said");
    surest when the person is the one the question is about."""
    subject = _subject_words(info)
    found: list[tuple[str, str, int]] = []  # (role, person, offset)
    words = [(m.group(0), m.start()) for m in re.finditer(r"\S+", sentence)]
    i = 0
    while i < len(words):  # runs of capitalised words and connectors
        j = i
        while j < len(words) and NAME_AFTER_ROLE.fullmatch(words[j][0].strip(",.;:")) and not words[j][0].endswith((",", ";", ":")):
            j += 1
        run = words[i:j + 1] if j < len(words) and NAME_AFTER_ROLE.fullmatch(words[j][0].strip(",.;:")) else words[i:j]
        if len(run) >= 3:
            for n in (2, 3):  # the person: the run's last two or three words
                role_w, name_w = run[:-n], run[-n:]
                if not role_w or role_w[-1][0].lower() in CONNECTOR or any(w.lower() in CONNECTOR for w, _ in name_w):
                    continue
                role = " ".join(w for w, _ in role_w)
                role = re.sub(r"^(?:the|and|of|for|on)\s+", "", role, flags=re.I)
                if ROLE_WORD.search(role) and not ROLE_WORD.fullmatch(name_w[0][0]):
                    found.append((role, " ".join(w for w, _ in name_w).strip(",.;:"), role_w[0][1]))
                    break
        i = max(j, i + 1)
    for m in ROLE_AFTER_NAME.finditer(sentence):
        if ROLE_WORD.search(m.group(2)):
            found.append((m.group(2).strip(), m.group(1), m.start(2)))
    spans = []
    for role, person, offset in found:
        about = bool(subject & {w.lower() for w in person.split()})
        spans.append(Span(role, 1.0 if about else 0.5, offset=offset))
    spans.sort(key=lambda sp: -sp.strength)
    for sp in spans:
        sp.rank = sp.strength
    return spans


CALLED = re.compile(r"\b(?:called|named|dubbed|nicknamed|titled|known as|renamed)\s+(?:the\s+)?"
                    r"(“[^”]{2,60}”|\"[^\"]{2,60}\"|[A-Z][\w.'’-]*(?:\s+(?:of\s+)?[A-Z0-9][\w.'’-]*){0,4})")
NICKNAME = re.compile(r"[“\"]([^”\"]{2,40})[”\"]\s+(?:nickname|moniker)|(?:nickname|moniker)\s*(?:of\s+)?[,:]?\s*[“\"]([^”\"]{2,40})[”\"]")
VALUE = r"(“[^”]{2,80}”|\"[^\"]{2,80}\"|[^,.;:!?()]{2,60})"


@lru_cache(maxsize=64)
def _subject_stated(subject: str) -> re.Pattern:
    return re.compile(r"(?i)\b" + re.escape(subject) + r"\s+(?:is|was|are|were|will be|has been|:)\s+" + VALUE)


def states_subject(info: QuestionInfo, sentence: str) -> bool:
    """The sentence answers in the question's own form: "the dress code was ..." for "what was
    the dress code"."""
    return bool(info.subject) and _subject_stated(info.subject).search(sentence) is not None


def _stated(info: QuestionInfo, sentence: str) -> list[Span]:
    """Answers the sentence states outright: "the dress code was 'fashion is art'" for "what was
    the dress code", "a mission called DART" for "what was the mission called"."""
    out = []
    if info.wants_name:
        for m in NICKNAME.finditer(sentence):  # his "quad god" nickname, the nickname "Atlas Lions"
            g = 1 if m.group(1) else 2
            if not _in_question(m.group(g), info):
                out.append(Span(m.group(g), 1.0, offset=m.start(g)))
        for m in CALLED.finditer(sentence):
            name = m.group(1).strip(" “”\"'.,;")
            if name and not _in_question(name, info):
                # "an asteroid called Dimorphos" does not name the mission asked about
                before = re.findall(r"[a-z]+", sentence[max(0, m.start() - 30):m.start()].lower())[-3:]
                other = bool(info.head and info.head not in ("name", "nickname") and before
                             and not any(w[:4] == info.head[:4] for w in before))
                out.append(Span(name, 0.6 if other else 1.0, offset=m.start(1)))
    if info.subject:
        for m in _subject_stated(info.subject).finditer(sentence):
            value = m.group(1).strip(" “”\"'.,;")
            if value and not _in_question(value, info) and len(value.split()) <= 10:
                out.append(Span(value, 1.0, offset=m.start(1)))
    return out


@lru_cache(maxsize=64)
def _anchor_pattern(terms: tuple[str, ...]) -> re.Pattern:
    """Where the question's words (their first five letters) start in a sentence."""
    alts = sorted({re.escape(t[:5]) for t in terms if len(t) >= 3}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alts) + ")") if alts else re.compile(r"(?!)")


def _adjust(spans: list[Span], info: QuestionInfo, sentence: str) -> None:
    """A name sharing words with the question ("Harry and Meghan" for a question about Meghan) is
    likely its subject, not its answer; and answers sit close to the question's words."""
    qwords = {w for w in re.findall(r"[a-z0-9]{3,}", info.text.lower())} - {info.head}  # "Hurricane Ian" names the hurricane asked about
    low = sentence.lower()
    anchors = [m.start() for m in _anchor_pattern(tuple(info.terms)).finditer(low)] if info.terms else []
    for sp in spans:
        sp.rank = sp.strength
        words = re.findall(r"[a-z0-9]{3,}", sp.text.lower())
        if words and any(w in qwords for w in words):
            sp.rank *= 0.6
        if anchors and sp.offset >= 0:
            gap = min(abs(a - sp.offset) for a in anchors)
            sp.rank *= 1.0 - 0.25 * min(1.0, gap / 150)


# "where was he taken": not only named places answer, but "to prison", "in the no-man's land",
# "beyond the moon"; after "to" without an article only such nouns are places ("to leave" is not)
LOCATIVE = re.compile(r"\b(in|at|to|into|inside|beyond|toward|towards|onto|outside|near)\s+(?:(the|a|an|his|her|their|its)\s+)?"
                      r"((?:[a-z][\w’'-]*\s+){0,2}[a-z][\w’'-]*)")
APPOSED_NAME = re.compile(r",\s+([A-Z][\w'’-]+(?:\s+(?:of\s+)?[A-Z][\w'’-]+){0,3})(?=[,.;]|$|\s+(?:where|which|in|on|near|outside)\b)")
# "the town of Nome", "the village of Unalakleet": a place, whether or not the gazetteer knows it
SETTLEMENT_OF = re.compile(r"\b(?:town|city|village|province|region|island|county|district|port)\s+of\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})\b")
BARE_PLACES = {"prison", "jail", "hospital", "court", "school", "home", "sea", "space", "orbit", "exile", "hiding", "custody",
               "detention", "church", "college", "university", "office", "shore", "hospice", "camp", "safety", "port"}
NOT_PLACES = {"time", "times", "order", "response", "addition", "fact", "part", "least", "most", "all", "total", "front", "case",
              "way", "end", "past", "future", "week", "weeks", "month", "months", "year", "years", "day", "days", "hours", "minutes",
              "morning", "evening", "night", "afternoon", "statement", "interview", "letter", "report", "talks", "meeting", "wake",
              "lead", "run", "process", "effort", "bid", "attempt", "face", "hands", "view", "light", "terms", "favor", "favour",
              # idioms: "go into effect", "in place", "at risk", "in power", "in talks", "at odds"
              "effect", "force", "place", "risk", "danger", "stake", "charge", "power", "question", "odds", "line", "touch",
              "trouble", "doubt", "mind", "turn", "return", "protest", "support", "practice", "theory", "person", "public",
              "private", "general", "particular", "short", "advance", "use", "action", "control", "negotiations",
              "connection", "relation", "crisis", "recent", "latest", "first", "second", "last", "next", "other"}


# what states a cause or purpose: "because ...", "due to ...", "over allegations of ...", "in protest at ..."
CAUSE = re.compile(r"(?i)\b(?:because(?:\s+of)?|due to(?!\s+(?:be|make|open|start|begin|launch|arrive|take|come|go|finish|end|"
                   r"meet|hold|appear|face|return|visit|release|announce|publish|play|vote|sign|decide|report|debut|close|resume)\b)|owing to|as a result of|in response to|in retaliation (?:for|against)|"
                   r"in protest (?:at|against|over)|(?:over|amid|after|following) (?:allegations|accusations|claims|concerns|fears|reports)"
                   r"(?: of| that)?|citing|caused by|blamed (?:on|for)|prompted by|triggered by|in order to|so that|"
                   # a motive: "keen on keeping Russia at bay", "in a bid to", "seeking to"
                   r"keen (?:on|to)|in (?:a bid|an effort|an attempt) to|aim(?:s|ed|ing)? to|seek(?:s|ing)? to|sought to|hop(?:es|ed|ing) to|"
                   r"intended to|designed to|so as to)\s+")
# a cause's clause ends at a comma, a colon or a joined clause; a full stop inside a sentence is an abbreviation ("U.S.")
CLAUSE_END = re.compile(r"[;:!?]|,\s|\s(?:and|but|while|which|who)\s|\.\s*$")


def _stem(word: str) -> str:
    return re.sub(r"(?:ing|ed|es|e|s)$", "", word)[:5]  # "rise", "rising", "rises": "ris"


def _causes(info: QuestionInfo, sentence: str) -> list[Span]:
    """The cause a sentence states ("began in 2008 because the U.S. made allegations of
    human-rights abuses"): its clause, which a why-question asks for."""
    out = []
    for m in CAUSE.finditer(sentence):
        rest = sentence[m.end():]
        end = CLAUSE_END.search(rest)
        cause = rest[:end.start() if end else len(rest)].strip()
        # "citing rising prices" for "why did oil prices rise": the question's own event, not its cause
        said = {_stem(w) for w in re.findall(r"[a-z]{2,}", cause.lower().replace(".", ""))}
        echo = sum(_stem(t) in said for t in info.terms) / max(1, len(info.terms))
        if 3 <= len(cause) <= 160 and echo <= 0.5 and not _in_question(cause, info):
            out.append(Span(sentence[m.start():m.end()] + cause, 1.0, offset=m.start()))
    return out[:2]


AGENT_BY = re.compile(r"\s+by\s+(?:(the|a|an|its|their|his|her)\s+)?((?:[a-z][\w'’-]*\s+){0,3}?[a-z][\w'’-]*)(?=\s*(?:[,.;:!?)]|$|\s+(?:and|or|but|since|after|before|until|in|at|on|for|from|who|which|while)\b))")


def _agents(info: QuestionInfo, sentence: str) -> list[Span]:
    """"Who has run the embassies": "... have been run by counselors". A lower-case noun phrase
    after "by" and a form of the question's own verb is who did it."""
    verbs = {_stem(t) for t in info.focus or info.terms if len(t) >= 3 and t.isalpha()}
    out = []
    for w in re.finditer(r"\b[a-z]{3,}\b", sentence):
        if _stem(w.group(0)) not in verbs:
            continue
        # a participle: "designed by", "(been) run by"; not "top of the league by nine points"
        passive = re.search(r"(?:ed|en|wn)$", w.group(0)) or re.search(r"\b(?:be|been|being|is|are|was|were)\s+$", sentence[:w.start()])
        m = AGENT_BY.match(sentence, w.end()) if passive else None
        if not m:
            continue
        words = m.group(2).split()
        if words[-1] not in STOPWORDS and words[0] not in NUMBER_WORDS and not _in_question(m.group(2), info):
            text = f"{m.group(1)} {m.group(2)}" if m.group(1) in ("a", "an", "the") else m.group(2)
            out.append(Span(text, 0.9, offset=m.start(2)))
    return out[:1]


def _common_places(info: QuestionInfo, sentence: str) -> list[Span]:
    """Lower-case places after a preposition; sure when the question's own words lead up to
    them ("stayed for several hours in the no-man's land" for "where did he stay")."""
    named = {w[:5] for e in info.entities for w in re.findall(r"[a-z]{3,}", e.lower())}
    asked = {w[:5] for w in re.findall(r"[a-z]{3,}", info.text.lower()) if w not in STOPWORDS} - named  # its verbs and nouns, not its names
    out = []
    for m in LOCATIVE.finditer(sentence):
        # one noun, or a possessive compound ("no-man's land"); not a verb form ("the party appears")
        parts = m.group(3).split()[:2]
        words = parts if len(parts) == 2 and re.search(r"['’]s$", parts[0]) else parts[:1]
        if any(w in STOPWORDS or w in NOT_PLACES or re.search(r"(?:ing|ed)$", w) for w in words):
            continue
        if m.group(1) == "to" and not m.group(2) and words[-1] not in BARE_PLACES:
            continue
        before = re.findall(r"[a-z]{3,}", sentence[max(0, m.start() - 60):m.start()].lower())[-6:]
        led = any(w[:5] in asked for w in before if w not in STOPWORDS)
        # "at his country residence, Chequers": the place has a name, given after it
        named_after = APPOSED_NAME.match(sentence[m.end():]) if m.group(2) and not m.group(3).endswith(("ing", "ed")) else None
        if named_after and not _in_question(named_after.group(1), info):
            out.append(Span(named_after.group(1), 0.8 if led else 0.5, offset=m.end() + named_after.start(1)))
            continue
        text = ("the " if m.group(2) == "the" else "") + " ".join(words)
        if _in_question(text, info) or words[-1][:5] in asked:
            continue
        out.append(Span(text, 0.6 if led else 0.2, offset=m.start(3)))
    return out


def strength(info: QuestionInfo, spans: list[Span]) -> float:
    """How well a sentence with these spans offers an answer of the asked-for type (0..1)."""
    if info.qtype == "reason":
        return max([0.5] + [sp.strength for sp in spans])  # a stated cause ("because ...") beats none
    if info.qtype in ("describe", "yesno", "overview"):
        return 0.5
    if info.qtype == "thing" and not spans:
        return 0.4
    return max(sp.strength for sp in spans) if spans else 0.0



def passage_fit(info: QuestionInfo, passage, weights: dict[str, float], tokens, lowercase: frozenset[str] = frozenset()) -> float:
    """How well one sentence of the passage both speaks of the question (its share of the
    question's weighted terms) and offers an answer of the asked-for type (0..1): lets retrieval
    prefer "...hosted by France" for "which country hosted X" over a passage that only repeats
    the question's words, or one naming countries in another context."""
    best = 0.0
    for a, b in split_sentences(passage.text):
        sent = passage.text[a:b]
        cov = coverage(weights, set(tokens(sent)))
        if cov <= best:
            continue  # fit is at most 1: this sentence cannot beat the best one (saves most span searches)
        times = [t for t in passage.times if passage.start + a <= t.offset < passage.start + b]
        # a stated cause ranks sentences for a why-question, not passages (it cost RealTimeQA a gold article)
        spans = candidates(info, sent, times, lowercase=lowercase) if info.qtype != "reason" else []
        best = max(best, strength(info, spans) * cov)
    return best
