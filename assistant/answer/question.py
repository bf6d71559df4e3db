"""What a question asks for: its type (when/who/where/how many/...), its key terms and
entities, and any time constraint ("in 2019", "this week" as of the question's date)."""
from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from ..ingest.clean import STOPWORDS
from ..ingest.dates import MONTHS, WEEKDAYS, resolve_times

QUESTION_WORDS = {"what", "which", "who", "whom", "whose", "when", "where", "why", "how", "did", "does", "do", "is",
                  "are", "was", "were", "has", "have", "had", "can", "could", "will", "would", "should", "name"}
GENERIC = {"according", "article", "articles", "report", "reports", "reported", "news", "say", "says", "said", "tell",
           "called", "named", "name", "new", "recently", "recent", "latest", "week", "year", "month", "day", "today",
           "time", "first", "last", "one", "also", "many", "much", "people", "still", "currently", "now", "ever", "exactly", "approximately", "around", "about",
           "please", "explain", "summarize", "summarise", "compare", "outline", "recap"}  # requests, not content

LEAD_WORDS = {"around", "approximately", "roughly", "nearly", "almost", "some", "several", "after", "before", "during",
              "following", "since", "despite", "amid", "earlier", "later", "last", "this", "these", "many", "more", "over",
              "apart", "aside", "besides", "except", "excluding", "including", "unlike", "like", "although", "while"}

PLACE_NOUNS = (r"(country|city|town|state|nation|region|province|capital|place|island|venue|location|county|stadium|airport|site|where|constituency|village|district|"
               # venues, which answers name with the noun ("Roosevelt Hotel") or after "at"; not rivers or
               # mountains, whose names the gazetteer lacks and no preposition marks ("the Jinshajiang")
               r"arena|hotel|hall|theatre|theater|museum|hospital|prison|jail|park|square|street|avenue|palace|castle|church|"
               r"cathedral|mosque|temple|campus|port|harbour|harbor|resort|neighbourhood|neighborhood|suburb|borough|"
               r"municipality|territory|racecourse|ballpark|mall|zoo|base|hometown|birthplace)")
PERSON_NOUNS = (r"(ambassador|diplomat|businessman|businesswoman|entrepreneur|investor|blogger|influencer|podcaster|interviewer|reporter|person|man|woman|actor|actress|singer|rapper|player|coach|ceo|leader|president|minister|politician|official|envoy|author|writer|director|artist|star|candidate|senator|judge|justice|governor|mayor|founder|driver|athlete|chef|host|journalist|musician|designer|billionaire|champion|winner|head|chief|secretary|spokesperson|spokesman|spokeswoman|lawmaker|member|son|daughter|wife|husband|celebrity|comedian|model|pilot|astronaut|scientist|doctor|activist|dissident|prisoner|suspect|victim|rapper|quarterback|pitcher|golfer|boxer|tennis player|popstar|superstar|rockstar|legend|icon|veteran|lawyer|attorney|nominee|manager|owner|chairman|chairwoman|monarch|king|queen|prince|princess|pope|premier|chancellor|mogul|tycoon|rival|successor|predecessor|hero|figure|survivor|contestant|guest|performer|headliner|defendant|witness|whistleblower|economist|professor|researcher|officer|soldier|commander|dancer|drummer|guitarist|frontman|frontwoman|skater|swimmer|runner|gymnast|footballer|striker|goalkeeper|slugger|jockey|cyclist|legislator|congressman|congresswoman|producer|"
                r"forward|midfielder|defender|winger|keeper|batsman|bowler|referee|umpire|captain|sprinter|novelist|composer|"
                r"presenter|broadcaster|analyst|adviser|advisor|aide|banker|campaigner|mp|mep|msp|holder|commissioner)")
# people named by what they do or are to others ("which iTunes customer sued Apple"): asked for
# in the singular only, since "which employees" asks for a group ("TSA officers"), not a name
PEOPLE_NOUNS = (r"(customer|consumer|shopper|buyer|seller|fan|supporter|resident|citizen|voter|employee|worker|student|pupil|"
               r"teacher|nurse|patient|passenger|tourist|visitor|teenager|boy|girl|child|mother|father|brother|sister|"
               r"grandmother|grandfather|uncle|aunt|nephew|niece|cousin|friend|boyfriend|girlfriend|fiancee?|widow|heir|heiress|"
               r"farmer|engineer|inventor|hacker|executive|boss|trader|priest|bishop|rabbi|imam|cardinal|photographer|"
               r"climber|mountaineer|explorer|sailor|fighter|wrestler|trainer|plaintiff|claimant|prosecutor|detective|"
               r"investigator|surgeon|physician|historian|poet|playwright|screenwriter|filmmaker|painter|sculptor|architect|"
               r"editor|columnist|critic|commentator|correspondent|anchor|gunman|attacker|killer|robber|thief|bomber|"
               r"protester|refugee|migrant|hostage|detainee|inmate|fugitive|spy|delegate|negotiator|mediator|graduate|"
               r"scholar|laureate|recipient|finalist|inductee|baker|butcher|tailor|carpenter|plumber|mechanic|accountant|"
               r"broker|consultant|magnate|socialite|philanthropist|donor|millionaire|duke|duchess|earl|countess|emperor|"
               r"empress|sultan|sheikh|emir|dictator|admiral|colonel|sergeant|lieutenant|warlord|pianist|violinist|cellist|"
               r"soloist|vocalist|bassist|dentist|pharmacist|chemist|physicist|biologist|psychologist|therapist|specialist|"
               r"magician|technician|librarian|civilian|pedestrian|guardian)")
TITLE_NOUNS = r"(film|movie|book|novel|show|series|album|song|single|play|musical|documentary|podcast|game|title|brand|app|magazine|newspaper|program|programme)"
ORG_NOUNS = r"(league|conference|franchise|chain|restaurant|charity|nonprofit|broadcaster|company|firm|team|club|band|group|organization|organisation|agency|network|airline|bank|party|union|university|school|retailer|brand|carmaker|automaker|startup|manufacturer|publisher|studio|channel|court|committee|outlet|body|consortium|regulator|watchdog)"

TITLES = r"(?:President|Prime Minister|Minister|Secretary|Senator|Sen\.|Rep\.|Gov\.|Governor|Mayor|Judge|Justice|Mr\.|Mrs\.|Ms\.|Dr\.|Prof\.|envoy|Chancellor|King|Queen|Prince|Princess|Pope|CEO|chief|director|coach|star|actor|actress|singer|rapper|leader|spokesman|spokeswoman|spokesperson|founder|chairman)"


@dataclass
class QuestionInfo:
    text: str
    qtype: str                      # date | person | place | number | title | org | reason | yesno | overview | thing
    terms: list[str] = field(default_factory=list)        # content words (lowercase)
    entities: list[str] = field(default_factory=list)     # capitalised names in the question
    focus: list[str] = field(default_factory=list)        # content words of the question clause itself
    time_start: int | None = None   # YYYYMMDD window the question is about
    time_end: int | None = None
    time_text: str = ""
    wants_latest: bool = False
    wants_earliest: bool = False
    unit: str = ""                  # for number questions: "prisoners", "percent", ...
    head: str = ""                  # the noun a which/what question asks for: "team", "island", ...
    periods: list[tuple[int, int, str]] = field(default_factory=list)  # two or more years compared
    subject: str = ""               # "what was the dress code at ...": "dress code"
    asked_on: dt.date | None = None  # the question date ("as of")
    wants_name: bool = False        # "what is it called", "what was the name of": a name after "called"
    wants_clause: bool = False      # "what did the FA decide": an action or statement, not a name
    asked: str = ""                 # the which-phrase up to its head: "MLB team", "of these NFL head coaches"
    qualifiers: list[str] = field(default_factory=list)  # names qualifying the head: "MLB" in "which MLB team"
    wants_change: bool = False      # "by how much", "how much did revenue fall": the change, not the level reached
    titled: set[str] = field(default_factory=set)  # "the Queen" in the question: a title naming its subject ({"queen"})
    relation: str = ""              # the noun whose owner is asked: "death" in "the death of which celebrity", "seat" in "whose seat"
    speaker: str = ""               # "what did John Coale say about ...": whose words are asked for ("Coale")


# "what was the dress code at ...?": the noun phrase whose value is asked ("the dress code was ...")
SUBJECT = re.compile(r"(?i)\bwhat (?:is|was|are|were|will be) (?:the |a |an )?((?:[\w'’-]+ ){0,2}?[\w'’-]+)"
                     r"(?:\s+(?:of|at|in|for|on|from|by|during|behind|that|which|this|last|to|called|known|now)\b|\?)")
NAME_ASKED = re.compile(r"(?i)\b(?:what (?:is|was|are|were|will be) (?:it|they|this|the \w+(?: \w+)?) (?:now )?(?:called|named|titled)|"
                        r"what (?:is|was) (?:the |its |their |his |her |[\w.’'-]+['’]s )?(?:(?:nick|code|stage|pen|working|real|full|official)[ -]?)?name\b|"
                        r"(?:what|which) (?:nick)?names?\b|nicknamed what)")
MONEY_ASKED = re.compile(r"\bwhat (?:is|was|are|were|will be) (?:the |its |their |his |her )?(?:[\w.&'’-]+['’]s )?(?:[a-z-]+ )?"
                         r"(profits?|revenues?|sales|income|loss(?:es)?|turnover|debts?|earnings|deficit|valuation|salary|fines?|fees?|budget)"
                         r"(?=\s*\?|\s*$|\s+(?:of|for|in|at|last|this|over|during|from|after|before)\b)")
CATEGORIES = (("place", PLACE_NOUNS), ("person", PERSON_NOUNS), ("title", TITLE_NOUNS), ("org", ORG_NOUNS))
DATE_NOUNS = {"year", "month", "day", "date", "time", "decade", "century", "season"}
# nouns whose value is a sum of money ("what fines", "Lenovo's quarterly profit")
MONEY_NOUNS = {"price", "cost", "fine", "fines", "fee", "fees", "salary", "wage", "wages", "budget", "profit", "profits", "revenue",
               "revenues", "sales", "income", "loss", "losses", "turnover", "debt", "debts", "earnings", "deficit", "valuation"}
NUMBER_NOUNS = {"number", "percentage", "percent", "share", "amount", "proportion", "age", "price", "cost", "sum", "total", "rate", "score",
                "fine", "fines", "fee", "fees", "salary", "wage", "wages", "budget",
                "level", "growth", "inflation", "low", "attendance", "temperature", "ranking", "rank", "vote", "margin", "tally"}  # "at what all-time low", "what economic growth"
ROLE_ACRONYMS = {"MP", "MPs", "MEP", "MEPs", "MSP", "MSPs", "CEO", "CEOs"}  # "which Derby North MP": a role, not part of a name
# words between "which"/"what" and the noun that names what is asked for
WH_FILLER = {"of", "these", "those", "the", "following", "kind", "type", "sort", "a", "an", "one", "two", "famous", "popular",
             "major", "new", "former", "current", "recently", "prestigious", "professional", "national", "international"}
NATIONAL = {"us", "uk", "eu", "un", "american", "british", "european", "african", "asian", "french", "dutch", "greek", "thai",
            "chinese", "japanese", "global", "local", "western", "eastern", "northern", "southern"}
WH_VERBS = {"is", "are", "was", "were", "did", "does", "do", "has", "have", "had", "will", "would", "can", "could", "should"}


def singular(noun: str) -> str:
    """"countries" -> "country", "states" -> "state", "cities" -> "city"; other words as they are."""
    if re.search(r"[a-z]{3}ies$", noun):
        return noun[:-3] + "y"
    if re.search(r"[^s]s$", noun) and not noun.endswith(("us", "is")):
        return noun[:-1]
    return noun


def _noun_category(word: str) -> str:
    for cat, nouns in CATEGORIES:
        # "countries", "cities", "companies" (but "series" is itself a noun asked for)
        if re.fullmatch(nouns + r"(?:s|es)?", word) or re.fullmatch(nouns, singular(word)):
            return cat
    # by name, not by suffix: a word in -ist or -ian typed in lower case is as often a nationality
    # or creed qualifying the noun ("which canadian company", "which communist party")
    if re.fullmatch(PEOPLE_NOUNS, word):
        return "person"
    if word in DATE_NOUNS or singular(word) in DATE_NOUNS:
        return "date"
    if word in NUMBER_NOUNS:
        return "number"
    return ""


def wh_head(clause: str, proper: frozenset[str] = frozenset()) -> tuple[str, str]:
    """"which European country hosted ..." -> ("place", "country"): the first noun after which/what
    that names a category decides, so later words ("hosted President X") do not. Words of a
    proper name (`proper`: "State" in "which State Department official") are not categories."""
    m = re.search(r"\b(?:which|what)\s+((?:[\w$'’-]+\s*){1,5})", clause)
    if not m:
        return "", ""
    words = re.findall(r"[a-z][\w'’-]*", m.group(1))
    if len(words) > 2 and words[0] in ("is", "was", "are", "were") and words[1] in ("the", "a", "an", "its", "their", "his", "her"):
        # "what was the debut single of X" asks like "which debut single": the noun phrase's last word
        phrase = []
        for w in words[2:5]:
            if w in STOPWORDS or w in WH_VERBS:
                break
            phrase.append(w)
        last = phrase[-1] if phrase else ""
        if last and "'" not in last and "’" not in last and last not in proper and last not in ("title", "name", "nickname") and _noun_category(last):
            return _noun_category(last), last
    for i, w in enumerate(words[:5]):
        if w in WH_VERBS:
            break
        possessor = re.sub(r"['’]s$", "", w)
        if possessor != w and i <= 2 and _noun_category(possessor) != "date" and possessor not in ("women", "men", "children", "girls", "boys"):
            # "which team's owner ...", "which sport's governing body": the possessor (not "women's")
            return _noun_category(possessor) or "thing", possessor
        cat = _noun_category(w) if w not in proper else ""
        if cat:
            # a compound's last noun is the head: "rugby union club" asks for a club; after a person
            # noun the next word is its verb ("which actor plays ..."), not a compound's head
            while (i + 1 < len(words) and words[i + 1] not in WH_VERBS and _noun_category(words[i + 1])
                   and not (cat == "person" and _noun_category(words[i + 1]) != "person")):
                i += 1
                w, cat = words[i], _noun_category(words[i])
            return cat, w
    # "which US popstar", "which British carmaker": a nationality qualifies the noun, it is not it;
    # a pronoun or preposition ("what is it called", "what on the floor", "the most popular") leaves no head
    head = ""
    # "which planned lunar-orbit space station did ...": a noun phrase closed by its verb ends in its head
    phrase = list(itertools.takewhile(lambda w: w not in WH_VERBS, words[:6]))
    if 1 < len(phrase) < len(words[:6]) and not any(w in STOPWORDS or w in WH_FILLER for w in phrase):
        last = phrase[-1]
        if last not in proper and not re.search(r"['’]s$", last):
            return "thing", last
    for w in words[:5]:
        if w in WH_VERBS or w in WH_FILLER or re.sub(r"['’]s$", "", w) in proper or w in ("his", "her", "its", "their", "our", "my", "your"):
            continue
        if w in STOPWORDS or w in ("called", "titled", "named", "known"):
            break  # "what on the floor", "what is it called": no noun in the slot
        if not (len(w) < 3 or w in NATIONAL or re.fullmatch(r"[a-z]+(?:ian|ean|ese|ish)", w)):
            head = w
            break
    return "thing", re.sub(r"['’]s$", "", head)


# a person's job asked for: "what is his job title", "what was Hale's position", "what role does she hold"
ROLE_ASKED = re.compile(r"\bwhat(?:['’]s| is| was| are| were)\s+(?:(?:the|his|her|their)\s+|(?:[\w.-]+\s+){0,2}[\w.-]+['’]s?\s+)?"
                        r"(?:official\s+|current\s+|new\s+|former\s+)?(?:job(?:\s+title)?|position|post|role|title)\s*\??$"
                        r"|\bwhat (?:job|position|post|role|title)s? (?:does|did|do|will|has|had|is|was)\b")


NAMED_STOP = {"that", "which", "who", "whose", "in", "on", "at", "of", "to", "for", "from", "with", "by", "is", "was", "has",
              "had", "will", "did", "now", "being", "the", "a", "an", "this", "its", "their", "his", "her"}


def _named_noun(s: str) -> str:
    """"what is the name of the category 4 hurricane that ...": the hurricane is what is named."""
    m = re.search(r"\b(?:name|title) of (?:the |this |that |its |their |his |her |a |an )?(.*)", s)
    if not m:
        return ""
    kept = []
    for w in re.findall(r"[a-z][\w'’-]*|\d+", m.group(1))[:5]:
        if w in NAMED_STOP or (kept and w.endswith("ed") and not kept[-1].endswith("ly")):
            break  # "the engine presented by Ono" (but "the newly launched probe")
        kept.append(w)
    return next((w for w in reversed(kept) if w.isalpha() and w not in ("new", "latest", "first")), "")


def question_type(q: str) -> tuple[str, str]:
    qtype, unit, _ = classify(q)
    return qtype, unit


QUESTION_WORD = re.compile(r"(?i)\b(what|which|who|whom|whose|when|where|how|why)\b")
POLITE = r"^(?:please\s+)?(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?"  # "please", "can you", "could you please"
# a request wrapped round a question ("can you tell me who won ...?") asks that question
WRAPPED = re.compile(POLITE + r"(?:(?:tell|show|explain to|remind)\s+me|explain)\s+"
                     r"(?=(?:what|which|who|whom|whose|when|where|how|why|whether|if)\b)")
# an account of a story rather than one fact: "what happened to Yukos?", "tell me about the iPod
# mini", "what's the latest on the takeover?", "summarise the Belavia story", "compare X and Y"
OVERVIEW = re.compile(
    POLITE + r"(?:tell me|give me|brief me|catch me up|update me|fill me in|summari[sz]e|sum up|explain|describe|outline|compare|recap)\b"
    r"|^(?:(?:and|so|but|ok|okay)\W+)?(?:"  # the question itself, not a quotation in it ("... what's happening right now")
    r"what(?:['’]s|\s+is|\s+was|\s+has|\s+had|\s+have)?\s+(?:been\s+)?(?:happened|happening|going on)\b"
    r"|what(?:['’]s|\s+is|\s+are|\s+was)\s+(?:the\s+)?(?:latest|news|story|background|situation|state of play)\s+(?:on|about|with|behind|in|at|of|regarding)\b"
    r"|what(?:['’]s|\s+is)\s+new\s+(?:with|about|on|at|in)\b|what do (?:we|you|the articles|the reports) (?:know|say) about\b"
    r"|any (?:news|updates?) (?:on|about|of|from)\b)")
IMPERATIVES = {"please", "tell", "give", "show", "brief", "catch", "update", "fill", "summarize", "summarise", "sum",
               "explain", "describe", "outline", "compare", "recap", "list"}
# the words that ask for the account, not what it is about
OVERVIEW_WORDS = {"tell", "give", "brief", "catch", "update", "updates", "fill", "summarize", "summarise", "sum", "explain",
                  "describe", "outline", "compare", "recap", "happened", "happening", "going", "latest", "news", "story",
                  "background", "situation", "state", "play", "know", "say", "new", "summary", "overview"}
# "what did John Coale say about ...", "what has the Kremlin announced": a statement, by its speaker
SPEAKER = re.compile(r"\b[Ww]hat (?:did|does|do|has|have|had|will|would|is|was) (?:the )?((?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*)\s+"
                     r"(?:say|said|saying|tell|told|telling|announce|announced|warn|warned|claim|claimed|write|wrote|argue|argued|"
                     r"reveal|revealed|admit|admitted|predict|predicted|promise|promised)\b")
# "what are the reasons for ...", "what caused ...": a why question
REASONS = re.compile(r"\bwhat (?:are|were|is|was) the (?:main |key |chief |real )?(?:reasons?|causes?|motives?|rationale) (?:for|of|behind)\b"
                     r"|\bwhat (?:caused|led to|prompted|triggered|is behind|was behind)\b")
RELATIVE = re.compile(r",\s+(?:who|whom|whose|which|where|when)\b[^,?]*,")


def _first_question_word(s: str) -> str:
    """The question word that asks, not one opening a relative clause after a noun when another
    follows: "the former minister who defected is MP for which constituency" asks "which"."""
    found = list(QUESTION_WORD.finditer(s))
    for n, m in enumerate(found):
        before = re.search(r"([a-z]+)\s+$", s[:m.start()])
        if (n + 1 < len(found) and m.group(1) in ("who", "whom", "whose", "where", "when") and before
                and before.group(1) not in STOPWORDS and before.group(1) not in QUESTION_WORDS):
            continue
        return m.group(1)
    return ""


# "When McIlroy won back-to-back titles, who was the last to do so?" asks who: a clause leading
# into the question (not "When did ...", which asks when)
LEADING_CLAUSE = re.compile(r"^(?:when|while|after|before|as|since|once|although|though|if)\s+"
                            r"(?!(?:did|does|do|was|were|is|are|will|would|has|have|had|can|could|should)\b)[^,?]*,\s*"
                            r"(?=(?:[a-z]+\s+){0,3}(?:who|whom|whose|what|which|where|when|how|why)\b)")


def classify(q: str) -> tuple[str, str, str]:
    """The answer type, the unit of a number question and the head noun of a which/what question."""
    s = LEADING_CLAUSE.sub("", q.strip().lower())
    # the question clause is usually the last sentence ("X happened. Who ...?")
    parts = re.split(r"(?<=[.!?])\s+", s)
    s = next((p for p in reversed(parts) if re.search(r"\b(what|which|who|whom|whose|when|where|how|why|name)\b", p)), s)
    s = WRAPPED.sub("", s)  # "tell me who won": "who won"
    if OVERVIEW.search(s):
        return "overview", "", ""
    if REASONS.search(s):
        return "reason", "", ""
    if ROLE_ASKED.search(s):
        return "role", "", ""  # "what is his job title?": "Under Secretary of State for Political Affairs"
    if (re.search(r"^\s*(?i:who|what)\s+(?i:is|was|are|were)\s+(?:the\s+)?[A-Z]", q.strip().split(". ")[-1]) and len(s.split()) <= 8
            and not re.search(r"^\s*who\b.*\b" + PERSON_NOUNS + r"\b", s)  # "who is the US ambassador" asks for a name
            and not re.search(r"\w['’]s\s+[a-z]", s)  # "what is Taylor Swift's new album called" asks for the album
            and not re.search(r"\b(?:to|with|for|by|from|at|in|of|about|on)\s*\??\s*$", s)):  # "who is X married to" asks for a person
        return "describe", "", ""
    if re.match(r"(?:did|does|do|is|are|was|were|has|have|had|can|could|will|would|should)\s", s) and not re.search(
            r"\b(?:what|which|who|whom|whose|when|where|how|why)\b", s):
        return "yesno", "", ""  # "did the Tories promise a limit?": the sentence that says so answers
    if re.search(r"\bhow old\b|\bwhat age\b|\bat what age\b", s):
        return "number", "age", ""
    asked = re.search(r"\bwhat (?:(?:is|was|are|were|will be) the )?(number|percentage|percent|share|amount|proportion|price|cost|sum|total|population)\b", s)
    if re.search(r"\bhow (many|much)\b", s) or asked:
        m = re.search(r"\bhow (?:many|much)\s+((?:[a-z-]+\s+){0,3}?[a-z-]+)(?=\s+(?:are|were|is|was|did|do|does|have|has|had|will|would|can|could|in|of|on|at|for|to|from|that|who|remain|still)\b|\s*\?|$)", s)
        unit = m.group(1) if m and m.group(1).split()[0] not in WH_VERBS else ""  # "how much did it cost": no unit
        unit = re.sub(r"(?<=\w)\s+(?:[a-z]+ed|died|won|lost|fled|left|got|made|took|went|came|fell|rose|grew|saw)$", "", unit)  # "people died": people
        return "number", unit, asked.group(1) if asked else ""
    money = MONEY_ASKED.search(s)
    if money:  # "what was Lenovo's quarterly profit?": a sum of money
        return "number", "", money.group(1)
    if re.search(r"\bhow (long|far|tall|big|large|high|fast)\b(?! ago\b)", s):  # "how long ago" asks when
        return "number", "", ""
    # the first question word decides: "which activist refused ... when the prisoners were freed?";
    # not a relative clause between commas ("William Hague, who has given up ..., hopes to remain MP for which seat")
    first = _first_question_word(RELATIVE.sub(",", s))
    if (first == "when" or re.search(r"\bwhat (year|month|day|date|time)\b|\bwhich (year|month|day|date)\b|\bhow long ago\b|\bsince when\b", s)):
        return "date", "", ""
    if first in ("who", "whom", "whose") or (not first and re.search(r"\bwho(m|se)?\b", s)):
        return "person", "", ""  # not "which sport's body ruled that athletes who ..."
    if first == "where":
        return "place", "", ""
    # capitalised words after "which" belong to a name ("which State Department official"), not
    # "book" in "which book by Mini Grey won the Smarties Book Prize"
    at = max(q.lower().find(s), 0)
    m = re.search(r"(?i)\b(?:which|what)\s+((?:[\w$'’-]+\s*){1,5})", q[at:])
    proper = frozenset(re.sub(r"['’]s$", "", w.lower()) for w in re.findall(r"[\w'’-]+", m.group(1)) if w[:1].isupper()
                       and w.lower() not in QUESTION_WORDS and w not in ROLE_ACRONYMS) if m else frozenset()
    cat, head = wh_head(s, proper)
    if cat and cat != "thing":
        return cat, "", head
    if re.search(r"\b(titled|called|entitled)\b\??$", s):
        return "title", "", head
    if re.search(r"\bwhy\b", s):
        return "reason", "", ""
    if re.search(r"\btitle of\b", s):  # "what was the title of the debut single by X": a title, of a single
        return "title", "", _named_noun(s) or "title"
    if re.search(r"\bwhat is the name\b|\bname of\b|\bwhat was the name\b|\bnickname\b", s):
        # "what was the name of the mission": the mission is what is named
        return "name", "", _named_noun(s) or head
    return "thing", "", head


def content_terms(q: str) -> list[str]:
    words = re.findall(r"[A-Za-z0-9][A-Za-z0-9'’&.-]*[A-Za-z0-9]|[A-Za-z0-9]", q)
    out = []
    for w in words:
        lw = w.lower().replace("’", "'")
        lw = re.sub(r"'s$", "", lw)
        if lw in STOPWORDS or lw in QUESTION_WORDS or lw in GENERIC or len(lw) < 2:
            continue
        out.append(lw)
    return list(dict.fromkeys(out))


ENTITY = re.compile(r"\b([A-Z][\w'’.&-]*[A-Za-z0-9](?:\s+(?:of|the|de|la|van|von|and|&)?\s*[A-Z][\w'’.&-]*[A-Za-z0-9])*)")


def entities(q: str) -> list[str]:
    out = []
    for m in ENTITY.finditer(q):
        e = m.group(1)
        first = e.split()[0].lower()
        # a capital that only starts the sentence: "Approximately how many", "Around 800 people"
        sentence_start = not q[:m.start()].strip() or q[:m.start()].rstrip()[-1] in ".?!:"
        if first in QUESTION_WORDS or first in STOPWORDS or sentence_start and (first in GENERIC or first in LEAD_WORDS or first.endswith("ly")):
            e = " ".join(e.split()[1:])
        while sentence_start and e and e.split()[0].lower() in IMPERATIVES | STOPWORDS:  # "Please summarise the Belavia story"
            e = " ".join(e.split()[1:])
        if e and e.lower() not in STOPWORDS and e.lower() not in MONTHS and e.lower() not in WEEKDAYS:
            out.append(e)  # not "May" or "Friday" ("their Friday night game")
    return list(dict.fromkeys(out))


def _asked_phrase(question: str, head: str) -> str:
    """The words from "which"/"what" to the head noun: "which MLB team" -> "MLB team"."""
    if not head:
        return ""
    m = re.search(r"(?i)\b(?:which|what)\s+((?:[\w.&'’-]+\s+){0,5}?" + re.escape(head) + r"(?:s|es)?)\b", question)
    return m.group(1) if m else ""


# "whose seat", "the death of which celebrity", "the home of which team": the answer owns that noun
WHOSE = re.compile(r"(?i)\bwhose\s+(?:(?:new|latest|former|first|last|late|own|next)\s+)?([a-z]{3,})\b")
OF_WHICH = re.compile(r"(?i)\b([a-z]{3,})\s+of\s+(?:which|what|whom)\b")
NOT_RELATION = {"name", "one", "ones", "kind", "type", "sort", "some", "many", "all", "each", "any", "none", "both", "most",
                "part", "parts", "number", "example", "examples"}


def _relation(question: str) -> str:
    m = WHOSE.search(question) or OF_WHICH.search(question)
    word = m.group(1).lower() if m else ""
    return word if word and word not in NOT_RELATION and word not in STOPWORDS else ""


CHANGE_ASKED = re.compile(r"(?i)\bby how much\b|\bhow much (?:did|does|do|has|have|had|will|would|could|is|are|was|were)\b.{0,80}\b"
                          r"(?:fall|fell|rise|rose|risen|drop|increase|decrease|grow|grew|shrink|shrank|decline|climb|jump|slump|"
                          r"plunge|plummet|soar|gain|lose|lost|dip|slide|slid|surge|tumble|cut|raise|go up|go down|went up|went down)\w*\b")


def _titled(question: str) -> set[str]:
    """"the Queen" in the question is the one a sentence calls "Queen Elizabeth II": its subject,
    not its answer; but "who is the mayor of X" asks for the mayor."""
    return {m.group(1).lower() for m in re.finditer(r"\bthe\s+(?:late\s+|former\s+)?(" + TITLES + r")\b", question, re.I)
            if not re.search(r"(?i)\b(?:who|whom|which|what)\s+(?:is|was|are|were|will be|has been|became|becomes)\s+$",
                             question[:m.start()])}


def _qualifiers(asked: str, head: str, names: list[str]) -> list[str]:
    """Names between "which" and the head noun ("which MLB team", "which Ivy League university")
    name the category the answer belongs to; the passages that give the answer often do not."""
    slot = asked[: asked.lower().rfind(head.lower())] if asked else ""
    return [e for e in names if re.search(r"(?<!\w)" + re.escape(e) + r"(?:['’]s)?(?!\w)", slot)]


TIME_NOUNS = ("week|weekend|month|year|season|summer|winter|spring|fall|autumn|morning|afternoon|evening|night|day|decade|"
              "century|time|past|period|quarter|term|semester")
QUIZ_THIS = re.compile(r"\b([Tt]his|[Tt]hese)\s+(?!(?:" + TIME_NOUNS + r")s?\b)(?=[\w’'-]+)")
FOLLOWING_IS = re.compile(r"(?i)\bwhich of (?:the following|these)\s+(?:is|was|are|were|will be)\s+(?:the\s+|a\s+|an\s+)?")


def as_question(question: str) -> str:
    """The question as its type is read: a quiz clue asks with "this" ("This football star
    announced his retirement ..." asks "which football star ..."), a multiple-choice stem names
    its noun after "is" ("which of the following is the national mammal")."""
    if QUESTION_WORD.search(question):
        # "which of the following is the highest court?" asks "which highest court?"
        return FOLLOWING_IS.sub("which ", question)
    m = QUIZ_THIS.search(question)
    if not m:
        return question
    which = "Which" if m.group(1)[0].isupper() else "which"
    return question[:m.start()] + which + question[m.end(1):]


MID_SENTENCE_WORD = re.compile(r"(?<=[a-z,;] )([A-Za-z][\w'’.-]*[A-Za-z])")


def truecase(question: str, texts: list[str]) -> str:
    """A question typed all in lower case ("who is john coale?") with its names capitalised as the
    texts write them mid-sentence ("who is John Coale?"), so that they count as names."""
    if any(ch.isupper() for ch in question):
        return question
    capital: dict[str, Counter] = {}
    lower: Counter = Counter()
    for text in texts:
        for m in MID_SENTENCE_WORD.finditer(text):
            word = m.group(1)
            if word[0].isupper():
                capital.setdefault(word.lower(), Counter())[word] += 1
            else:
                lower[word] += 1

    def cased(m: re.Match) -> str:
        word = m.group(0)
        forms = capital.get(word)
        if word in STOPWORDS or word in QUESTION_WORDS or not forms:
            return word
        n = sum(forms.values())
        return forms.most_common(1)[0][0] if n >= 2 and n > 2 * lower[word] else word

    return re.sub(r"[a-z][\w'’.-]*[a-z]", cased, question)


def analyse(question: str, as_of: dt.date | None = None) -> QuestionInfo:
    question = " ".join(question.split())  # pasted text carries no-break and other odd spaces
    asked = as_question(question)
    qtype, unit, head = classify(asked)
    info = QuestionInfo(text=question, qtype=qtype, terms=content_terms(question), entities=entities(question), unit=unit, head=head)
    info.asked = _asked_phrase(asked, head)
    info.qualifiers = _qualifiers(info.asked, head, info.entities)
    info.relation = _relation(question)
    info.titled = _titled(question)
    info.wants_change = bool(CHANGE_ASKED.search(question))
    m = SUBJECT.search(question)
    if m and m.group(1).lower().split()[0] not in ("it", "this", "that", "they", "he", "she", "name", "nickname", "title"):
        info.subject = m.group(1)
    info.wants_name = bool(NAME_ASKED.search(question))
    m = SPEAKER.search(question)
    if m:
        info.speaker = re.sub(r"['’]s?$", "", m.group(1).split()[-1])  # "Jones'" -> "Jones", not "Jone"
    # "what did the FA decide", "how did markets react": a clause answers, not a name
    info.wants_clause = qtype == "thing" and bool(re.search(
        r"(?i)\bwhat (?:did|does|do|will|would|has|have|had|can|could|should)\b"
        r"|\bhow (?:did|does|do|will|would|has|have|had|can|could|should|is|are|was|were)\b", question))
    clauses = [c for c in re.split(r"(?<=[.!?:])\s+", question.strip()) if c.strip()]
    info.focus = content_terms(clauses[-1]) if len(clauses) > 1 else list(info.terms)
    if qtype == "overview":  # "what happened to Yukos": Yukos is what the passages must speak of
        info.terms = [t for t in info.terms if t not in OVERVIEW_WORDS] or info.terms
        info.focus = [t for t in info.focus if t not in OVERVIEW_WORDS] or info.terms
    low = question.lower()
    info.wants_latest = bool(re.search(r"\b(latest|most recent|newest|now|currently|current|so far|still)\b", low))
    info.wants_earliest = qtype == "date" and not info.wants_latest
    today = as_of or dt.date.today()
    info.asked_on = today
    refs = resolve_times(question, today)
    # a time constraint: "in 2019", "in December 2025", "this week", "last month"
    for r in refs:
        if r.granularity in ("year", "month", "week", "day"):
            info.time_start, info.time_end, info.time_text = r.start, r.end, r.text
            break
    # "in 2019 and in 2025": two periods compared, each answered from its own reports
    years = list(dict.fromkeys((r.start, r.end, r.text) for r in refs if r.granularity == "year"))
    if len(years) >= 2:
        info.periods = years[:3]
        info.time_start = info.time_end = None
        info.time_text = ""
    m = re.search(r"\bbefore (?:the )?(\d{4})\b", low)
    if m:
        info.time_start, info.time_end, info.time_text = 0, int(m.group(1)) * 10000 + 101, m.group(0)
    # time expressions constrain dates, not wording: "in December 2025" need not be written so
    time_words = {w.lower() for r in refs for w in re.findall(r"\w+", r.text)}
    if time_words:
        info.terms = [t for t in info.terms if t not in time_words] or info.terms
        info.focus = [t for t in info.focus if t not in time_words] or info.focus
    return info
