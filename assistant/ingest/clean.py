"""Strip web boilerplate from scraped article text.

Each line (or paragraph) is a block, classified in the spirit of jusText: by length, stop-word
density and terminal punctuation, plus what scrapers leave behind around an article:

* language: a lexicon of *strong* boilerplate phrases (consent dialogs, "sign up for our
  newsletter", "all rights reserved", "read more", share/follow prompts) and of *weak* words
  that news prose also uses (advertising, subscribers, consent, privacy, donations). Weak words
  only count against a block that speaks to the reader ("you", "our newsletter", "this
  article") outside quotations, or that is dense with them; a third-person news paragraph
  about a media company's advertising revenue stays body. Phrases inside quotes are ignored.
* structure: repeated lines, photo captions and credits (also the line after "Image caption,"),
  bylines, author bios, contributor credits, date stamps, counters, separators, Markdown link
  lists, teaser cards (runs between separators, headlines followed by stamps, lists under a
  "Related" / "Most read" / "More on this story" header).
* context (jusText's second step): short and undecided blocks take the class of their
  neighbours; a short heading-like line that introduces body text after body text is a
  subheading; a short full sentence next to body is body.
* topic: groups of kept blocks cut off from the article by runs of boilerplate are dropped
  when they share little vocabulary with it; prose dropped only by context is restored when
  it is clearly about the article's subject.

Every decision keeps its reason, so `assistant ingest --show-cleaning` can show it. Pure Python
regular expressions; no model calls.
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


def _rx(patterns: list[str]) -> re.Pattern:
    """One alternation of lower-case phrases, matched against lower-cased text. Each phrase
    starts at a word start; a single look-behind in front of the alternation (instead of a
    `\\b` in each branch and re.I) makes the search ~40x faster."""
    branches = [p[2:] if p.startswith(r"\b") else p for p in patterns]
    return re.compile("(?<![a-z0-9])(?:" + "|".join(f"(?:{p})" for p in branches) + ")")


# Phrases that are boilerplate whatever the sentence around them: consent dialogs, subscription
# and newsletter prompts, fundraising appeals, legal lines, share/follow/comment prompts,
# navigation and "more stories" headers.
STRONG = _rx([
    # consent dialogs
    r"\b(accept|reject|allow|refuse|decline) (all )?cookies\b", r"^\W*(accept|reject|allow|decline) all\W*$",
    r"\bmanage (cookies|cookie|consent)", r"^\W*manage (preferences|settings|choices|privacy)",
    r"\bcookies? (settings|preferences?|policy|notice|statement|declaration)\b", r"\b(we|this (web)?site|our (web)?site) uses? cookies",
    r"\bwe and our (\d+ )?(partners|vendors|third)", r"\bpartners can use\b", r"\blegitimate interests?\b", r"\bconsent framework\b",
    r"\balways active\b", r"\bpreference cent(re|er)\b", r"\bdo not sell( or share)? my\b",
    r"\bstrictly necessary cookies\b", r"\b(targeting|functional|performance|analytics?) cookies\b",
    # subscriptions, newsletters, accounts, paywalls
    r"^\W*sign up\b", r"\bsign up (here|now|today|below|free)\b", r"(^|(?<=[.!?] ))subscri\w* .{0,40}[$£€]\s?\d+(\.\d+)? (a|per|/) ?(week|month|year)\b", r"\bsign up (for|to) (our|my|the free|free|the \w+ newsletter)\b",
    r"^\W*subscribe\b", r"\bsubscribe (now|today|here)\b", r"\bsubscribe to our\b", r"\bsubscribe (to|for) (just |only )?[$£€]",
    r"\balready (a )?(subscriber|member|registered)\b", r"\bfree (articles?|stories) (remaining|left)\b",
    r"\byou('ve| have) (read|reached)\b.{0,40}\b(articles?|limit)\b", r"\bunlimited (digital )?access\b", r"\bdigital access\b",
    r"\b(to|in|into) your inbox\b", r"\bunsubscribe\b",
    r"\b(we|site|publisher|media|links?) may (earn|receive|get) (a )?(small )?(commission|share of (the )?(sales|revenue))\b",
    r"\baffiliate (links?|commissions?)\b",
    r"\b(see|read|view) our (ethics|editorial|privacy|cookie|terms|standards|policies|policy|guidelines|corrections)\b",
    r"\b(log|sign) ?in to (comment|continue|read|join|your)\b", r"\bregister (now|for free)\b", r"\bsubscri(ber|ption)s? only\b",
    # fundraising appeals
    r"\breaders like you\b", r"\bsupport (us|our (work|journalism|reporting|mission|newsroom)|independent journalism|quality journalism)\b",
    r"\bsmall favou?r to ask\b", r"\b(one-off|once-off|monthly|annual|recurring) (donation|contribution)\b",
    r"\bkeep (the journal|this service|us|our journalism|these stories) (open|free|independent)\b", r"\baccepted payment methods\b",
    r"^\W*support (the|us|our)\b.{0,40}$",
    # legal and rights lines
    r"\ball rights reserved\b", r"©", r"\bcopyright \d{4}\b", r"^\W*terms (of|and) (use|service|conditions)\W*$", r"\bprivacy policy\W*$",
    r"\bmay not be (published|reproduced|redistributed|copied)\b", r"\brewritten,? or redistributed\b", r"\bpurchase licensing rights\b",
    r"\breuse this content\b", r"\bopens (in )?(a )?new (tab|window)\b", r"\btrust principles\b", r"\bour standards:",
    r"\bnot responsible for the content of external\b", r"\bapproach to external linking\b",
    r"\breflects the (views?|opinions?) of the (author|writer)s?\b", r"\b(views|opinions) expressed (here|in this)\b",
    # share, follow, comment, contact prompts
    r"^\W*share (this|on|via)\b", r"\bshare (the|this) (article|story|page|post)\b", r"\bshare (on|via) (facebook|twitter|x|whatsapp|linkedin|email)\b",
    r"\bfollow us\b", r"\blike us on\b",
    r"\bfollow (\S+ ){0,4}on (facebook|twitter|x|instagram|tiktok|youtube|linkedin|bluesky|threads|mastodon|whatsapp)\b",
    r"\bcopy link\b", r"\bgift (this|the) article\b", r"\bsend (us )?(your )?(story ideas|news tips)\b", r"\b(got|have) a news tip\b",
    r"\bemail us\b", r"\bcontact (us|the (author|newsroom))\b", r"\b(leave|post|add|view|show|read) (a |all |the )?comments?\W*$",
    r"^\W*(leave|post|add|view|show|read) (a |all |the )?comments?\b", r"\bjoin the (conversation|discussion)\b",
    r"\b(discussion|comments?) (is|are|has been) (now )?(closed|reviewed|moderated)\b",
    r"\bhave your say\b", r"\bcommenting (platform|policy|guidelines)\b",
    # navigation, reading aids, "more stories"
    r"\bskip to (the )?(main )?(content|navigation|footer)\b", r"\bback to top\b", r"\bclick here\b",
    r"^\W*read (more|next)\b", r"\bread more (at|on|here|about|in)\b", r"\bread more\W*$",
    r"^\W*((more|related) (stories|articles|coverage|topics|content|links|reading|news|videos)|most (popular|read|viewed|shared|commented|watched)|"
    r"top (stories|headlines)|trending (now|stories|topics|news))\b[^.!?]{0,30}$",
    r"\brelated (stories|articles|coverage|topics|links|content|videos)\W*$", r"\bmore on (these|this) (topics?|story|stories)\b",
    r"\brecommended (for you|stories|reading|articles)\b",
    r"\byou (may|might) (also )?(like|enjoy|be interested)\b", r"^\W*explore more\b", r"^\W*see also\b", r"^\W*also read\b", r"^\W*don'?t miss\b",
    r"\beditors?'?s? picks?\b", r"\bsuggested (topics|reading|stories)\b", r"\bcontinue reading\b",
    r"\b(story|article) continues (below|after)\b", r"\bscroll (down )?to continue\b", r"\blisten to (this|the) (article|story)\b",
    r"\b\d+ ?(-| )?min(ute)?s? (read|listen)\b", r"\breading time\b", r"\bdownload our app\b", r"^\W*(download|get) the app\b",
    r"^\W*about the authors?\b", r"^\W*(go deeper|common questions?)\W*$", r"^\W*watch:?\W*$", r"\bescape your echo chamber\b",
    r"^\W*(advertisement|advertising|sponsored( content)?|ad|promoted( content)?|paid (post|content)|partner content|supported by)\W*$",
    r"^\W*related\b\W*[:|]", r"^\W*(more|read|see|also|watch|listen|related|tags|topics|filed under|categories|posted in|tagged)\W*:\s",
    r"^\W*(posted|filed) (in|under)\b", r"\bappears in print\b", r"\bversion of this (article|story) appear", r"\bin print on\b.{0,40}\bsection\b",
    r"\b(taboola|outbrain|revcontent|mgid)\b", r"^\W*sponsored (stories|links|content)\b", r"^\W*recommended by\b",
    r"\brequired fields are marked\b", r"^\W*(leave a reply|cancel reply|post navigation)\b", r"\balready have an account\b",
    r"\bsubscribers?[- ]only\b", r"\bexclusive(ly)? for subscribers\b", r"^\W*stay (up to date|informed|in the know|connected)\b",
    r"\bsend (any|a) friend a story\b", r"^\W*thanks? (you )?for (reading|watching|listening)\b", r"\bad[- ]?blockers?\b",
    r"\bplease (support|subscribe|donate|consider (supporting|subscribing|donating|a)|make a (donation|contribution)|disable|whitelist)\b",
    r"\b(needs|relies on|depends on) your support\b", r"^\W*share full article\b", r"\bjoin our (whatsapp|telegram) channel\b",
])
# Words that boilerplate uses but news prose uses too: they count only together with reader
# address or in dense clusters.
WEAK = _rx([
    r"\bcookies?\b", r"\bconsent\b", r"\bprivacy\b", r"\bpersonal (data|information)\b", r"\bpartners?\b", r"\bvendors?\b",
    r"\bidentifiers?\b", r"\btracking\b", r"\bgeolocation\b", r"\badvertis\w*", r"\bads\b", r"\bsponsor\w*", r"\bsubscri\w+",
    r"\bnewsletters?\b", r"\bdonat\w+", r"\bcontribut\w+", r"\bpaywalls?\b", r"\bpromo(tion)?s?\b", r"\btrending\b", r"\binbox\b",
    r"\bsign(ed|ing)? (up|in)\b", r"\blog(ged|ging)? ?in\b", r"\baccounts?\b", r"\bpersonali[sz]\w+", r"\btargeted\b",
    r"\bmeasurement\b", r"\baudiences?\b", r"\bcomment\w*", r"\bemail\b", r"\bbrowser\b", r"\bnotifications?\b",
    r"\bterms (of|and) (use|service|conditions)\b", r"\bprivacy (policy|settings|choices|cent(re|er)|preferences|notice)\b",
    r"\b(daily|weekly|free|morning|evening) (email|briefing|digest)\b", r"\bcreate (an|a free|your( \w+)?) account\b",
    r"\bmake a (donation|contribution)\b", r"\bsign up\b", r"\bsubscribe\b", r"\bdownload the app\b", r"\bmore (stories|news|coverage)\b",
])
# A short line that is a page control, not text.
UI_LINE = re.compile(
    r"^\W*(share|save|saved|print|email|e-mail|comment|comments|menu|search|home|close|more|show more|load more|next|previous|prev|"
    r"back|top|login|log ?in|log ?out|sign ?in|sign ?out|register|subscribe|listen|watch|play|pause|reply|like|follow|copy link|"
    r"gift this article|sign up|continue|remind me later|accept|reject|decline|ok|got it|menu|open menu|close menu|toggle navigation|"
    r"view gallery|enlarge|expand|collapse|show comments|hide comments|print this page|e-edition|today's paper|account|my account|"
    r"notifications|settings|edition|us edition|uk edition|international edition|choose your edition|loading|loading comments|"
    r"play video|watch now|open in app|read in app|previous (article|post|story)|next (article|post|story)|see more|view more|"
    r"video ?\d{1,2}:\d{2}.*|listen ?\d{1,2}:\d{2}.*|like this|like loading|(photo |video |image )?gallery|photos|videos)\W*$", re.I)
# "Related" / "Most read" / "More on this story": the header of a list of other stories.
LIST_HEADER = re.compile(
    r"^\W*(latest( news| stories| headlines)?|related( \w+){0,2}|more (on this story|stories|news|from [\w.&' ]{1,30}|in [\w&' ]{1,30}|"
    r"to (read|explore))|read (more|next|also)|see also|also read|you (may|might) (also )?like|recommended( for you| stories| reading| articles)?|"
    r"most (popular|read|viewed|shared|commented|watched)( [\w ]{1,20})?|top (stories|news|headlines)|trending( now| stories| topics)?|"
    r"editors?'?s?'? picks?|features|elsewhere (on|in|from) [\w ]{1,30}|explore more( on these topics)?|suggested (topics|reading|stories)|"
    r"topics|tags|in other news|what to read next|popular now|don'?t miss|watch next|up next|next up|more videos|more from [\w ]{1,30}|"
    r"around the web|from our partners|you might have missed|in case you missed it|keep reading|further reading)\W*$", re.I)
SEPARATOR = re.compile(r"^\s*([-–—_*•|·=~]+|\|+|\.{3,}|(\*\s*){3,}|(-\s*){3,})\s*$")
# "1.2k comments", "Shares (34)": a counter line. Written so that no run of characters can be split
# between two quantifiers in more than one way (linear time on any line): each optional part
# carries the spaces before it, and the non-word run before the number in "Comments: 12" is taken
# as groups ending in a non-word character other than "." or "," (the number's own characters).
COUNT = re.compile(r"^\s*(?:[\d.,]+(?:\s*[kKmM])?(?:\s*(?:comments?|shares?|views?|likes?|replies|reads))?|"
                   r"(?:comments?|shares?|views?|likes?|replies)(?:[.,]*[^\w.,])*[\d.,]+[kKmM]?\)?)\s*$", re.I)
# A line of only Markdown images and "|" separators. Each item is an image or a "|", followed by
# the spaces after it (the spaces are never split between two quantifiers: linear time).
IMAGE_MARKUP = re.compile(r"^\s*(?:(?:!\[[^\]]*\]\([^)]*\)|\|)\s*)+$")
CAPTION = re.compile(
    r"\(([^()]*\b(via|for) )?(AP|AFP|Reuters|Getty Images|EPA|Bloomberg|PA|Shutterstock|Alamy)( Photo)?[^()]*\)\s*$|\bAP Photo\b|"
    r"(\b|(?<=[a-z]))(Photo(graph)?|Image|Picture|Illustration|Video|Graphic)s?( by| credit| courtesy)?:\s|\bImage (caption|source)\b|"
    r"\bpicture[- ]alliance\b|/(dpa|imago|IMAGO|Imago|AFP|AP|Reuters|Getty Images|Alamy|Shutterstock)\b|"
    r"[a-z.]\.\s*\([A-Z][\w.'’&-]*(?: [A-Z][\w.'’&/-]*){0,4}\)\s*$|"     # … on Tuesday. (Alberta Wildfire)
    r"\(Photo (by|courtesy)[^)]*\)\s*$|\bCredit(:|\.\.\.)|"
    r"Getty Images\s*$|\bPress Service via AP\s*$|\bvia (AP|Reuters|AFP|Getty Images)\s*$|/\s*(Reuters|AFP|AP|Getty Images|Alamy|Shutterstock|PA|EPA)\s*$|"
    r"\bREUTERS/[A-Z]|\b(AFP|EPA|EPA-EFE|PA|AP) via Getty\b|"
    r"^\s*(Screenshot|Pictured|File photo|Illustration)\b|^\s*((Item|Image|Photo|Slide|Picture) \d+ of \d+|\[\d+/\d+\])\b|"
    r"\(\s*[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}\s*/\s*[A-Z][^()/]{1,40}\)\s*$|"     # (Marcus Bell/Valley Courier)
    r"[a-z.,)] [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,2}\s?/\s?(The )?[A-Z][\w&.'’ -]{1,40}$",  # … Jordan Hale/The Daily Sentinel
)
CAPTION_MARKER = re.compile(r"^\W*(image|photo|picture|video) (caption|source)\W*$", re.I)
# "By Jane Roe", "By YURAS KARMANAU – Associated Press", "By Peter Weber, The Week US"
BYLINE = re.compile(
    r"^\s*(?i:by|written by|words by|reporting by)\s+((?:[A-Z][\w.'’-]*|de|van|von|da|del|la|le|bin|al)(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|da|del|la|le|bin|al|and|&)){0,6})"
    r"\s*(?:[,–—|-]\s*(.+?))?\s*$")
ROLE = re.compile(r"\b(staff|senior|chief|political|foreign|business|sports?|deputy|associate|contributing|special|washington|"
                  r"[a-z]+ )?(writer|reporter|correspondent|editor|columnist|contributor|journalist|producer|critic|analyst|intern|"
                  r"photographer|reporting|report|desk)s?\b", re.I)
BIO = re.compile(
    r"^[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,3},? (is|was|has been|covers|writes|reports) ([^.]{0,70}?\b(writer|reporter|journalist|correspondent|"
    r"editor|columnist|contributor|author|producer|critic|freelance)\b|(about|on) [^.]{0,60}(for|at) (the )?[A-Z])",
)
BIO_TAIL = re.compile(r"\b(previously (worked|reported|wrote|covered)|reach (him|her|them) at|email (him|her|them)|follow (him|her|them)|"
                      r"[\w.+-]+@[\w-]+\.[\w.]+|is the author of|joined [A-Z][\w ]{1,30} in \d{4})", re.I)
CREDIT = re.compile(
    r"\bcontributed (to )?(this )?(report|reporting|story|article)\b|^\W*(additional )?(reporting|writing|editing|research) by [A-Z][^.]*(;|$)|"
    r"\bediting by [A-Z]|^\W*compiled by [A-Z]|^\W*(this|the) (story|article|report) (was )?(originally )?(appeared|published|first published) (in|on|by)\b",
    re.I)
URL = re.compile(r"https?://\S+|\bwww\.\S+")
TERMINAL = re.compile(r"[.!?…]['\"’”)\]*_]*\s*$")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
QUOTED = re.compile(r"“[^”]*(”|$)|\"[^\"]*(\"|$)|«[^»]*(»|$)")
SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself|you're|you’re|you've|you’ve|you'll|you’ll|you'd|you’d)\b", re.I)
FIRST_PLURAL = re.compile(r"\b(we|our|ours|us|we're|we’re|we've|we’ve)\b", re.I)
SELF_REFERENCE = re.compile(r"\bthis (article|story|page|site|website|service|notice|newsletter|podcast|video|content|feature|email)\b", re.I)
CALL_TO_ACTION = re.compile(
    r"^\W*(sign up|subscribe|click|tap|read|follow|share|download|join|listen|watch|visit|email|contact|get|see|find out|learn more|"
    r"support|donate|register|log ?in|sign in|create|upgrade|discover|explore|try|start your|manage|accept|enter your|check out)\b(?![-'’])", re.I)
LIST_ITEM = re.compile(r"^\s*([-*+•–]|\d{1,2}[.)])\s+")
MONTHS = (r"jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?")
_STAMP_WORD = re.compile(
    rf"^({MONTHS}|mon(day)?|tue(s(day)?)?|wed(nesday)?|thu(r(s(day)?)?)?|fri(day)?|sat(urday)?|sun(day)?|today|yesterday|"
    r"published|updated|posted|modified|last|first|originally|on|at|am|pm|a\.?m\.?|p\.?m\.?|gmt|utc|bst|cet|cest|et|est|edt|ct|cst|cdt|"
    r"mt|mst|mdt|pt|pst|pdt|ist|aest|aedt|z|\d{1,4}(st|nd|rd|th)?|\d{1,2}[:.]\d{2}(am|pm)?|\d{4}-\d{2}-\d{2}(t[\d:.z+-]*)?|"
    r"ago|just|now|s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|wks?|weeks?|months?|an?|one|mo|"
    r"read|time|reading)$", re.I)
RELATIVE_STAMP = re.compile(r"^\s*(\d+|an?|one)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|wks?|weeks?|mo|months?)\s+ago\s*$|^\s*(just now|yesterday)\s*$", re.I)


def is_stamp(text: str) -> bool:
    """A line that is only a date/time or an "Updated …" / "3 hrs ago" stamp."""
    t = text.strip()
    if not t or len(t) > 90:
        return False
    if RELATIVE_STAMP.match(t):
        return True
    tokens = [x for x in re.split(r"[\s,|·•/()\-–—]+", re.sub(r":(\s|$)", r" \1", t)) if x and x != ":" and x != "."]
    tokens = [x.rstrip(".:") or x for x in tokens]
    if not tokens:
        return False
    if not all(_STAMP_WORD.match(x) for x in tokens):
        return False
    low = t.lower()
    if low.startswith(("published", "updated", "posted", "last updated", "last modified", "originally published", "first published")):
        return True
    # a bare number is a counter or a list number, not a date
    return any(re.match(rf"^({MONTHS}|\d{{4}}|\d{{1,2}}[:.]\d{{2}}.*|\d{{4}}-\d{{2}}-\d{{2}}.*|today|yesterday|ago)$", x, re.I) for x in tokens)


@dataclass
class Block:
    index: int
    text: str
    label: str = ""          # good | neargood | short | bad (initial), then keep/drop
    reason: str = ""
    kept: bool = False
    role: str = "body"       # body | title | byline | caption | stamp | junk
    heading: bool = False    # a Markdown heading
    link_density: float = 0.0

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
    stamps: list[str] = field(default_factory=list)   # "Updated …" lines of the article (date cues), not teasers'


# ---------------------------------------------------------------- splitting

_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)")
_MD_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
_MD_BLOCK_START = re.compile(r"^\s*(#{1,6}\s|[-*+]\s|\d{1,3}[.)]\s|>|\||!\[|```)")


def _markdown_line(ln: str) -> tuple[str, bool, float]:
    """Markdown syntax off one line: (text, is heading, share of the text that was link text)."""
    heading = bool(re.match(r"^#{1,6}\s", ln))
    ln = re.sub(r"^#{1,6}\s+", "", ln)
    ln = re.sub(r"\s+#+\s*$", "", ln)
    ln = re.sub(r"^>\s?", "", ln)
    prev = None
    while prev != ln:  # nested [![img](src)](href) needs two passes
        prev = ln
        ln = _MD_IMAGE.sub("", ln)
    link_chars = 0

    def link(m: re.Match) -> str:
        nonlocal link_chars
        link_chars += len(m.group(1).strip())
        return m.group(1)

    prev = None
    while prev != ln:
        prev = ln
        ln = _MD_LINK.sub(link, ln)
        ln = _MD_REF_LINK.sub(link, ln)
    ln = _MD_EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or m.group(4) or "", ln)
    ln = ln.replace("\\", "").strip()
    visible = len(re.sub(r"[\s|·•*\-]+", "", ln)) or 1
    return ln, heading, min(1.0, link_chars / visible)


def split_blocks(text: str, kind: str = "text") -> list[str]:
    """Lines are blocks, except hard-wrapped prose, whose lines are joined back into paragraphs."""
    return [b[0] for b in _split(text, kind)]


def _split(text: str, kind: str) -> list[tuple[str, bool, float]]:
    raw_lines = [ln.strip() for ln in text.split("\n")]
    md = kind == "markdown"
    wrapped = _looks_hard_wrapped(raw_lines) or md
    out: list[tuple[str, bool, float]] = []
    cur: list[str] = []
    cur_heading = False
    cur_links: list[float] = []

    def flush():
        nonlocal cur, cur_heading, cur_links
        if cur:
            joined = " ".join(cur)
            if joined.strip():
                weights = [len(x) for x in cur]
                dens = sum(d * w for d, w in zip(cur_links, weights)) / (sum(weights) or 1)
                out.append((joined, cur_heading, dens))
        cur, cur_heading, cur_links = [], False, []

    for raw in raw_lines:
        if not raw:
            flush()
            continue
        ln, heading, dens = raw, False, 0.0
        if md:
            ln, heading, dens = _markdown_line(raw)
            if not ln:
                flush()
                continue
        starts_block = bool(LIST_ITEM.match(raw)) or (md and bool(_MD_BLOCK_START.match(raw)))
        joinable = (cur and wrapped and not cur_heading and not heading and not starts_block
                    and not TERMINAL.search(cur[-1]) and not SEPARATOR.match(cur[-1]) and not SEPARATOR.match(ln)
                    and (ln[:1].islower() or len(cur[-1]) > 55))
        if joinable:
            cur.append(ln)
            cur_links.append(dens)
        else:
            flush()
            cur, cur_heading, cur_links = [ln], heading, [dens]
    flush()
    return out


def _looks_hard_wrapped(lines: list[str]) -> bool:
    long = [ln for ln in lines if len(ln) > 40]
    if len(long) < 5:
        return False
    return sum(1 for ln in long if len(ln) <= 80) / len(long) > 0.9


# ---------------------------------------------------------------- block features

def stopword_density(text: str) -> float:
    words = [w.lower() for w in WORD.findall(text)]
    return sum(w in STOPWORDS for w in words) / len(words) if words else 0.0


def unquoted(text: str) -> str:
    """The text without quotations: what people said is never the page talking to the reader."""
    return QUOTED.sub(" ", text)


def _terminal(text: str, n: int) -> bool:
    t = text.rstrip()
    if TERMINAL.search(t):
        return True
    # a sentence introducing a list, a list item ending with ";"
    return (t.endswith(":") and n >= 8) or (t.endswith((";", ",")) and n >= 4)


def language(text: str) -> tuple[int, int, bool, bool]:
    """(strong hits, weak hits, addresses the reader, call to action) outside quotations."""
    words = len(WORD.findall(text))
    body = text if words <= 6 else unquoted(text)
    low = body.lower()
    strong = len(STRONG.findall(low))
    weak = len(WEAK.findall(low))
    second = bool(SECOND_PERSON.search(body)) or bool(SELF_REFERENCE.search(body))
    first = bool(FIRST_PLURAL.search(body)) and (strong + weak) > 0
    cta = False
    for sentence in re.split(r"(?<=[.!?])\s+", body.strip()):
        if CALL_TO_ACTION.match(sentence):
            sw = len(WORD.findall(sentence))
            if sw <= 6 or URL.search(sentence) or (sw <= 25 and re.search(r"\b(here|below|our|us|your)\b|[$£€]\s?\d", sentence, re.I)):
                # a call to action opens a promo; "… Read more at Bloomberg." closing a long news paragraph is attribution
                cta = body.strip().startswith(sentence) or words <= 25
                break
    return strong, weak, second or first, cta


TERMINAL_INSIDE = re.compile(r"[a-z0-9%)][.!?]['\"’”]?\s+[A-Z“\"]")


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
    if is_stamp(t):
        block.label, block.reason, block.role = "bad", "timestamp", "stamp"
        return
    if COUNT.match(t):
        block.label, block.reason = "bad", "counter"
        return
    if CAPTION_MARKER.match(t):
        block.label, block.reason, block.role = "bad", "photo caption or credit", "caption"
        return
    if n < 60 and CAPTION.search(t):
        block.label, block.reason, block.role = "bad", "photo caption or credit", "caption"
        return
    m = BYLINE.match(t)
    rest = (m.group(2) or "").strip() if m else ""
    if m and n <= 14 and len(rest.split()) <= 8 and (not rest or rest[:1].isupper() or rest[:1].isdigit() or ROLE.search(rest) or "@" in rest) \
            and not (re.search(r"[a-z]{3,}[.!?]$", t) and not ROLE.search(rest)):
        block.label, block.reason, block.role = "short", "byline", "byline"
        return
    if UI_LINE.match(t):
        block.label, block.reason = "bad", "page control"
        return
    if (BIO.match(t) or (BIO_TAIL.search(t) and re.match(r"^[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,3},? (is|was|covers|writes|reports)\b", t))) and n < 90:
        block.label, block.reason = "bad", "author bio"
        return
    if n < 45 and CREDIT.search(t):
        block.label, block.reason = "bad", "contributor credit"
        return
    if URL.sub("", t).strip(" .,;:|·-–—()[]<>") == "":
        block.label, block.reason = "bad", "bare link"
        return
    if block.link_density >= 0.6 and n < 40:
        block.label, block.reason = "bad", f"link list ({block.link_density:.0%} link text)"
        return
    if LIST_HEADER.match(t):
        block.label, block.reason = "short", "list header"
        return
    strong, weak, addressed, cta = language(t)
    terminal = _terminal(t, n)
    hits = strong + weak
    if strong:
        if addressed or cta or not terminal or strong * 15 >= n:
            block.label, block.reason = "bad", f"boilerplate language ({hits} hit{'s' * (hits > 1)})"
        else:  # a long third-person paragraph that mentions one boilerplate phrase
            block.label, block.reason = "neargood", f"some boilerplate language ({strong})"
        return
    if cta:
        block.label, block.reason = "bad", "call to action"
        return
    if weak and addressed and (n < 40 or weak >= 2):
        if weak >= 3 or n < 8 or not terminal:
            block.label, block.reason = "bad", f"boilerplate language addressed to the reader ({weak} hits)"
        else:  # "If you are a subscriber, …" is also how consumer news talks: context decides
            block.label, block.reason = "neargood", f"some boilerplate language addressed to the reader ({weak})"
        return
    if weak >= 4 and weak * 4 >= n and not terminal:
        block.label, block.reason = "bad", f"dense boilerplate vocabulary ({weak} hits)"
        return
    density = stopword_density(t)
    if 3 <= n < 8 and terminal and density > 0 and re.match(r"^(\W{0,2}|[-*+•–]\s+)[\"“‘'(\[]?[A-Z0-9£$€]", t) and not t.endswith((",", ":")):
        block.label, block.reason = "neargood", "short sentence"
    elif n < 8 or (n < 12 and not terminal):
        block.label, block.reason = "short", "short"
    elif terminal and n >= 15 and density >= 0.28:
        block.label, block.reason = "good", "prose"
    elif n >= 50 and density >= 0.3 and len(TERMINAL_INSIDE.findall(t)) >= 2:
        # several full sentences: prose even when a trailing credit hides the final full stop
        block.label, block.reason = "good", "prose (several sentences)"
    elif density >= 0.22 or (terminal and density >= 0.12):
        block.label, block.reason = "neargood", "prose-like" + ("" if terminal else ", no final punctuation")
    elif terminal and n < 40:  # a dense sentence ("Shares of Apple, Nvidia and Tesla rose 2%.") is left to context
        block.label, block.reason = "neargood", f"prose-like, few stop words ({density:.2f})"
    else:
        block.label, block.reason = "bad", f"few stop words ({density:.2f})"


def _sentence(b: Block) -> bool:
    """A short block that reads as a full sentence: capital or quote first, final punctuation, a stop word."""
    t = b.text.strip()
    body = LIST_ITEM.sub("", t)
    return (b.words >= 2 and _terminal(t, b.words) and bool(re.match(r"^[\"“‘'(\[]?[A-Z0-9£$€]", body))
            and stopword_density(t) > 0 and not t.endswith(",") and b.reason in ("short", "prose-like", "prose-like, no final punctuation"))


def _headline_like(b: Block) -> bool:
    t = b.text.strip()
    return 1 <= b.words <= 14 and not t.endswith((".", ",", ";")) and not COUNT.match(t) and not URL.search(t)


# ---------------------------------------------------------------- structure: cards and lists

def mark_cards(blocks: list[Block]) -> None:
    """Teaser cards and lists of other stories: runs of short items between separator lines,
    headlines followed by stamps ("2 hrs ago", "12 Feb 2025") when the stamps repeat, items
    under a "Related" / "Most read" header, and card bylines."""
    # Section breaks ("* * *") inside an article look the same, so it takes a repeated pattern
    # (three or more separators) of short runs that each carry a headline and little prose.
    seps = [i for i, b in enumerate(blocks) if SEPARATOR.match(b.text)]
    if len(seps) >= 3:
        for a, b in zip(seps, seps[1:] + [len(blocks)]):
            run = blocks[a + 1:b]
            if not (0 < len(run) <= 6 and b - a <= 7) or not any(_headline_like(x) for x in run):
                continue
            prose = sum(x.words for x in run if not _headline_like(x) and x.role != "byline")
            if prose > 70:
                continue
            for blk in run:
                if blk.label != "bad" or blk.reason == "short":
                    blk.label, blk.reason = "bad", "teaser card (between separators)"
    # stamps that repeat every few blocks: a list of cards, each a headline (+ dek, byline) and a stamp
    stamps = [i for i, b in enumerate(blocks) if b.reason == "timestamp"]
    clustered: set[int] = set()
    for a, b in zip(stamps, stamps[1:]):
        if 2 <= b - a <= 5 and any(_headline_like(x) for x in blocks[a + 1:b]):
            clustered |= {a, b}
    for a, b in zip(stamps, stamps[1:]):  # "Published" / "2 May 2023" on two lines of one card
        if b - a == 1 and (a in clustered or b in clustered):
            clustered |= {a, b}
    for i in sorted(clustered):
        blocks[i].reason = "timestamp (teaser card)"
        j = i - 1
        while j >= 0 and i - j <= 3 and j not in clustered and blocks[j].role not in ("title",) and not \
                (blocks[j].label == "good" and blocks[j].words >= 25) and not SEPARATOR.match(blocks[j].text) and not \
                (blocks[j].words >= 3 and re.search(r"[a-z0-9]{2,}[.!]['\"’”]?$", blocks[j].text.strip())):
            if blocks[j].reason != "timestamp":
                _teaser(blocks[j], "teaser card (headline above a stamp)")
            j -= 1
            if j >= 0 and blocks[j].reason.startswith("timestamp"):
                break
        k = i + 1
        while k < len(blocks) and k - i <= 2 and (blocks[k].role == "byline" or COUNT.match(blocks[k].text)):
            _teaser(blocks[k], "teaser card byline" if blocks[k].role == "byline" else "counter")
            k += 1
    # a byline naming the outlet's desk in a list ("By Peter Weber, The Week US") marks a card run
    for i, b in enumerate(blocks):
        if b.role == "byline" and i + 1 < len(blocks) and SEPARATOR.match(blocks[i + 1].text):
            b.label, b.reason = "bad", "teaser card byline"
            for j in range(max(0, i - 3), i):
                if blocks[j].label != "good" and not SEPARATOR.match(blocks[j].text):
                    blocks[j].label, blocks[j].reason = "bad", "teaser card (above a card byline)"
    # "Related" / "More on this story" / "Most read": the header and the headlines under it
    for i, b in enumerate(blocks):
        if b.reason != "list header":
            continue
        nxt = next((x for x in blocks[i + 1:] if not _structural(x)), None)
        if nxt is not None and nxt.label == "good" and not STRONG.search(b.text.lower()):
            b.label, b.reason = "short", "short"  # a subheading over body text, not a list
            continue
        b.label, b.reason = "bad", "list header (other stories)"
        items = 0
        for x in blocks[i + 1:]:
            if items >= 12 or x.label == "good" or (x.label == "neargood" and x.words >= 15) or x.heading:
                break
            if x.reason.startswith(("timestamp", "counter", "separator", "no words", "repeated")) or x.role == "caption":
                continue
            if x.words > 16:
                break
            _teaser(x, "teaser list item (under a list header)")
            items += 1


def _teaser(b: Block, reason: str) -> None:
    if b.role == "title":
        return
    b.label, b.reason = "bad", reason
    if b.role == "byline":
        b.reason = "teaser card byline"


def mark_caption_followers(blocks: list[Block]) -> None:
    """BBC-style "Image caption," on its own line: the next line is the caption."""
    for i, b in enumerate(blocks[:-1]):
        if CAPTION_MARKER.match(b.text) and re.search(r"caption", b.text, re.I):
            nxt = blocks[i + 1]
            if nxt.words < 60 and nxt.role == "body":
                nxt.label, nxt.reason, nxt.role = "bad", "photo caption (after a caption marker)", "caption"


# ---------------------------------------------------------------- context

def smooth(blocks: list[Block]) -> None:
    """jusText context step: short and near-good blocks take the class of their neighbours."""

    def neighbour(i: int, step: int, ignore: tuple[str, ...]) -> str:
        j = i + step
        while 0 <= j < len(blocks):
            if blocks[j].label not in ignore and not _structural(blocks[j]):
                return blocks[j].label
            j += step
        return "bad"  # the page edges count as boilerplate

    decided: dict[int, tuple[str, str]] = {}
    for i, b in enumerate(blocks):
        if b.label != "short" or b.role in ("byline", "title"):
            continue
        prev = neighbour(i, -1, ("short", "neargood"))
        nxt = neighbour(i, 1, ("short", "neargood"))
        if prev == "good" and nxt == "good":
            decided[i] = ("good", " (kept by context)")
        elif _subheading(blocks, i):
            decided[i] = ("good", " (subheading over body text)")
        elif _sentence(b) and (_adjacent(blocks, i, -1) == "good" or _adjacent(blocks, i, 1) == "good"):
            decided[i] = ("good", " (a sentence next to body text)")
        elif prev == "bad" and nxt == "bad":
            decided[i] = ("bad", " (dropped by context)")
        else:
            prev2 = neighbour(i, -1, ("short",))
            nxt2 = neighbour(i, 1, ("short",))
            good = (prev == "good" and nxt2 != "bad") or (nxt == "good" and prev2 != "bad") or \
                (prev == "good" and nxt == "bad" and _gap(blocks, i, 1) > 1)
            decided[i] = ("good", " (kept by context)") if good else ("bad", " (dropped by context)")
    for i, (label, why) in decided.items():
        blocks[i].label = label
        blocks[i].reason += why
    # "Jane Doe was a reporter at the paper for 20 years before …" between two body paragraphs is body
    for i, b in enumerate(blocks):
        if b.reason == "author bio" and _adjacent(blocks, i, -1) == "good" and _adjacent(blocks, i, 1) in ("good", "neargood"):
            b.label, b.reason = "good", "bio-like sentence (kept: inside the body)"
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


def _adjacent(blocks: list[Block], i: int, step: int) -> str:
    """The label of the nearest non-structural block (short ones included)."""
    j = i + step
    while 0 <= j < len(blocks):
        if not _structural(blocks[j]):
            return blocks[j].label
        j += step
    return "bad"


def _subheading(blocks: list[Block], i: int) -> bool:
    """A short heading-like line right before body text, after body text (or at the very top):
    "Price increases", "What's behind the headline?", "## A growing crackdown"."""
    b = blocks[i]
    if not _headline_like(b) or b.reason.startswith(("byline", "list header")) or UI_LINE.match(b.text):
        return False
    # what follows: body text, possibly after one more short line ("Inspectors found that:")
    j = i + 1
    while j < len(blocks) and blocks[j].role == "caption":
        j += 1
    if j >= len(blocks) or blocks[j].role in ("title", "byline"):
        return False
    follows = blocks[j].label
    if follows == "short" and j + 1 < len(blocks):
        follows = blocks[j + 1].label if blocks[j + 1].label in ("good", "neargood") else "bad"
    if follows not in ("good", "neargood"):
        return False
    if follows == "neargood" and blocks[j].reason.startswith("some boilerplate"):
        return False
    if i == 0:
        return True
    # and before it: body text within three blocks (an ad marker or a promo may sit between),
    # or the headline with only bylines, stamps and share buttons between
    junk = 0
    for k in range(i - 1, max(-1, i - 12), -1):
        x = blocks[k]
        if x.role == "title":
            return all(_structural(y) or y.reason.startswith(("page control", "boilerplate language"))
                       for y in blocks[k + 1:i])
        if _structural(x):
            continue
        if x.label in ("good", "neargood") and x.role == "body" and (x.words >= 8 or (x.words >= 3 and _terminal(x.text, x.words))):
            return junk <= 2
        junk += 1
    return False


def _structural(b: Block) -> bool:
    """Captions, stamps, counters and separators sit inside articles too: they say nothing
    about whether their neighbours are boilerplate."""
    return b.role in ("caption", "title", "byline", "stamp") or b.reason in (
        "timestamp", "counter", "repeated line", "separator or image markup", "no words")


def _gap(blocks: list[Block], i: int, step: int) -> int:
    j, n = i + step, 0
    while 0 <= j < len(blocks) and blocks[j].label == "short":
        j, n = j + step, n + 1
    return n


# ---------------------------------------------------------------- topic

def _content_words(text: str) -> set[str]:
    return {w.lower()[:7] for w in WORD.findall(text) if len(w) > 3 and w.lower() not in STOPWORDS}


def _groups(blocks: list[Block]) -> list[list[Block]]:
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
    return [g for g in groups if g]


def drop_offtopic(blocks: list[Block], title: str = "", min_overlap: float = 0.2) -> None:
    """Kept blocks fall into groups separated by runs of boilerplate. The largest group is the
    article; another group must share vocabulary with it to be kept, because consent forms and
    "more stories" lists often contain prose that passes the other tests. The decision is made
    for the group as a whole (a one-line quote shares few words with anything), except that a
    block that is itself clearly on the article's subject stays."""
    groups = _groups(blocks)
    if len(groups) < 2:
        return
    main = max(groups, key=lambda g: sum(b.words for b in g))
    core = _content_words(title)
    for b in main:
        core |= _content_words(b.text)
    for g in groups:
        if g is main:
            continue
        words: set[str] = set()
        for b in g:
            words |= _content_words(b.text)
        overlap = len(words & core) / len(words) if words else 0.0
        if overlap >= min_overlap:
            continue
        for b in g:
            own = _content_words(b.text)
            own_overlap = len(own & core) / len(own) if own else 0.0
            if own_overlap < 0.5 or len(own) < 6:
                b.label, b.reason = "bad", f"off-topic after boilerplate (overlap {overlap:.2f})"


def keep_standfirst(blocks: list[Block]) -> None:
    """The line right under the headline (bylines, stamps and photos aside) is the standfirst,
    even when navigation above and share buttons below make it look like boilerplate."""
    at = next((i for i, b in enumerate(blocks) if b.role == "title"), None)
    if at is None:
        return
    for b in blocks[at + 1:]:
        if _structural(b) or (b.label == "bad" and b.reason.startswith("page control")):
            continue
        if b.label == "bad" and b.role == "body" and b.words >= 6 and b.reason.startswith(("short", "prose")) \
                and b.reason.endswith(("(between boilerplate)", "(dropped by context)")) and not UI_LINE.match(b.text):
            strong, weak, addressed, cta = language(b.text)
            if not (strong or addressed or cta):
                b.label, b.reason = "good", b.reason.rsplit(" (", 1)[0] + " (standfirst under the headline)"
        return


def restore_ontopic(blocks: list[Block], title: str = "") -> None:
    """Prose dropped only because of its neighbours (an in-article newsletter box above and
    below a paragraph) comes back when it is plainly about the article's subject."""
    groups = _groups(blocks)
    if not groups:
        return
    main = max(groups, key=lambda g: sum(b.words for b in g))
    core = _content_words(title)
    for b in main:
        core |= _content_words(b.text)
    for b in blocks:
        if b.label != "bad" or b.role != "body" or not b.reason.endswith(("(between boilerplate)", "(dropped by context)")):
            continue
        if b.reason.startswith(("short", "some boilerplate language addressed", "list header")):
            continue
        t = b.text.strip()
        if b.words < 15 or not _terminal(t, b.words) or stopword_density(t) < 0.25:
            continue
        _, _, addressed, cta = language(t)
        if addressed or cta:
            continue
        own = _content_words(t)
        overlap = len(own & core) / len(own) if own else 0.0
        if overlap >= 0.3:
            b.label, b.reason = "good", b.reason.rsplit(" (", 1)[0] + f" (on the article's subject, overlap {overlap:.2f})"


# ---------------------------------------------------------------- metadata

def find_title(blocks: list[Block]) -> str:
    """A headline-like block before the body starts (no final full stop, 4–30 words): a
    Markdown heading if there is one, else the first one that shares vocabulary with the body."""
    first_good = next((i for i, b in enumerate(blocks) if b.label == "good" and b.words >= 15), len(blocks))
    head = blocks[: first_good + 1]
    body_words: set[str] = set()
    for b in blocks[first_good:]:
        if b.label == "good":
            body_words |= _content_words(b.text)
    candidates = []
    for b in head:
        if b.role in ("caption", "byline", "stamp") or SEPARATOR.match(b.text) or STRONG.search(b.text.lower()) or UI_LINE.match(b.text):
            continue
        if b.reason.startswith(("teaser", "list header", "timestamp", "repeated", "counter", "link list", "author bio", "call to action")):
            continue
        ends = re.sub(r"\b(U\.S|U\.K|U\.N|D\.C|Jr|Sr|Inc|Co|St|Dr|Mr|Mrs|Ms)\.$", "", b.text.rstrip())
        if 4 <= b.words <= 30 and not ends.endswith("."):
            candidates.append(b)
    if not candidates:
        return ""
    headings = [b for b in candidates if b.heading]
    if headings:
        return headings[0].text.strip()
    if body_words:
        scored = []
        for pos, b in enumerate(candidates):
            own = _content_words(b.text)
            overlap = len(own & body_words) / len(own) if own else 0.0
            if overlap >= 0.4:
                return b.text.strip()
            scored.append((overlap, pos, b))
        best = max(scored, key=lambda x: (x[0], x[1]))
        if best[0] > 0:
            return best[2].text.strip()
    return candidates[0].text.strip()


_OUTLET_WORDS = re.compile(r"\b(Press|News|Times|Post|Journal|Herald|Reuters|AFP|Agence|Tribune|Guardian|Telegraph|Gazette|Courier|"
                           r"Ledger|Sentinel|Daily|Media|Network|Broadcasting|Radio|TV|Agency|Week|Magazine|Chronicle|Observer|Star|"
                           r"Record|Review|Standard|Express|Mail|Independent|Examiner|Inquirer|Bulletin|Dispatch|Wire|Insider)\b")


def _outlet(rest: str) -> str:
    """The outlet part of a byline ("Associated Press", "The Week US"), not a role or a date."""
    part = re.split(r"\s*[|·•]\s*", rest.strip())[0].strip().rstrip(".")
    if not part or "@" in part or re.search(r"\d", part) or len(part.split()) > 6:
        return ""
    if ROLE.search(part) and not _OUTLET_WORDS.search(part):
        return ""
    return part


def clean(text: str, kind: str = "text", title_hint: str = "") -> Cleaned:
    blocks = [Block(i, t, heading=h, link_density=d) for i, (t, h, d) in enumerate(_split(text, kind))]
    seen: set[str] = set()
    for b in blocks:
        classify(b, seen)
    mark_caption_followers(blocks)
    mark_cards(blocks)
    title = title_hint or find_title(blocks)
    title_key = re.sub(r"\W+", " ", title.lower()).strip()

    def is_title(b: Block) -> bool:
        if not title_key:
            return False
        key = re.sub(r"\W+", " ", b.text.lower()).strip()
        # the headline, maybe with a kicker before it ("Lukashenko How Europe's last dictator …")
        return key == title_key or (key.endswith(title_key) and b.words <= len(title_key.split()) + 3 and b.index < 40)

    for b in blocks:
        if is_title(b) and b.role == "body":
            b.role = "title"
            break
    smooth(blocks)
    keep_standfirst(blocks)
    drop_offtopic(blocks, title)
    restore_ontopic(blocks, title)
    author = outlet = ""
    captions, stamps = [], []
    first_kept = next((i for i, b in enumerate(blocks) if b.label == "good"), len(blocks))
    for i, b in enumerate(blocks):
        b.kept = b.label == "good"
        if b.role == "title":
            b.kept, b.reason = False, "title (kept as metadata)"
        if b.role == "byline":
            m = BYLINE.match(b.text)
            if m and not author and "teaser" not in b.reason:
                author, outlet = m.group(1).strip(), _outlet(m.group(2) or "")
                rest = (m.group(2) or "").strip()
                if outlet and re.fullmatch(r"[A-Z][\w.'’-]+( [A-Z][\w.'’-]+){1,2}", outlet) and not _OUTLET_WORDS.search(outlet):
                    author, outlet = f"{author}, {outlet}", ""  # "Written by Sam Ortega, Lena Fischer": two authors
                elif not outlet and rest and ROLE.search(rest) is None and re.fullmatch(r"[A-Z][\w.'’-]+( [A-Z][\w.'’-]+){1,2}( and [A-Z][\w.'’-]+( [A-Z][\w.'’-]+){1,2})?", rest):
                    author = f"{author}, {rest}"
                if not outlet and i + 1 < len(blocks):
                    nxt = blocks[i + 1].text.strip()
                    if blocks[i + 1].words <= 5 and _OUTLET_WORDS.search(nxt) and not TERMINAL.search(nxt):
                        outlet = nxt
            if b.kept or "teaser" not in b.reason:
                b.kept, b.reason = False, "byline (kept as metadata)" if "teaser" not in b.reason else b.reason
        if b.role == "caption":
            captions.append(b.text)
        # the article's own stamps: in the head, or explicitly "Published …"/"Updated …" further down
        # (a bare date under the body belongs to a teaser more often than not)
        if b.reason == "timestamp" and (i < first_kept or re.match(r"^\W*(published|updated|posted|originally|first published|last (updated|modified))", b.text, re.I)):
            stamps.append(b.text)
        if not b.kept and b.role == "body":
            b.role = "junk"
    kept = [b.text for b in blocks if b.kept]
    return Cleaned(text="\n\n".join(kept), blocks=blocks, title=title, author=_titlecase_name(author),
                   outlet=outlet, captions=captions, stamps=stamps)


def _titlecase_name(name: str) -> str:
    return name.title() if name.isupper() else name
