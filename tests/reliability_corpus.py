"""Synthetic news-like articles for the reliability tests (deterministic for a given seed).

    python tests/reliability_corpus.py OUT_DIR [N]      # write N articles (default 200)
"""
from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

OUTLETS = ["Daily Planet", "The Ledger", "Harbor Times", "Valley Courier", "Metro Wire", "Northern Post",
           "Evening Standard-Bearer", "Coastal Herald"]
PLACES = ["Oslo", "Lima", "Nairobi", "Hanoi", "Tbilisi", "Quito", "Accra", "Perth", "Bergen", "Porto",
          "Riga", "Cusco", "Mombasa", "Da Nang", "Batumi", "Cuenca"]
PEOPLE = ["Ana Ferreira", "Tomas Lind", "Grace Okafor", "Minh Tran", "Nino Beridze", "Lucia Paredes",
          "Kwame Mensah", "Olivia Hart", "Erik Solberg", "Ines Costa", "Janis Ozols", "Rosa Quispe"]
ROLES = ["mayor", "transport minister", "union leader", "harbour master", "chief economist",
         "police spokesperson", "school board chair", "health commissioner"]
TOPICS = [
    ("bridge", "closed the {place} river bridge for repairs", "engineers found corroded cables"),
    ("ferry", "suspended the night ferry to the islands", "fuel prices rose for the third month"),
    ("budget", "approved a budget of {n} million for new schools", "enrolment grew faster than planned"),
    ("strike", "ended a {n}-day strike at the container port", "the union accepted a wage offer"),
    ("flood", "opened {n} emergency shelters after the floods", "the river rose above its banks"),
    ("festival", "cancelled the summer music festival", "ticket sales fell short of costs"),
    ("tram", "opened a new tram line with {n} stops", "traffic on the ring road kept growing"),
    ("vaccine", "began a vaccination drive in {n} clinics", "cases of measles were reported in schools"),
    ("airport", "expanded the airport terminal by {n} gates", "passenger numbers hit a record"),
    ("library", "reopened the central library after {n} months", "the roof had been replaced"),
]
WHEN = ["on Monday", "on Tuesday", "last week", "a month later", "in March", "on Friday evening",
        "two days earlier", "this spring"]


def article(i: int, rng: random.Random) -> str:
    topic, action, cause = rng.choice(TOPICS)
    place, person, role = rng.choice(PLACES), rng.choice(PEOPLE), rng.choice(ROLES)
    n = rng.randint(2, 90)
    day = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randint(0, 3650))
    outlet = rng.choice(OUTLETS)
    title = f"{place} {action.format(place=place, n=n).split(' ', 1)[1]} (report {i})"
    p1 = (f"Officials in {place} {action.format(place=place, n=n)} {rng.choice(WHEN)}, "
          f"the {role} {person} told reporters. The decision came after {cause}, according to city records number {i}.")
    p2 = (f"{person} said the {topic} plan would cost about {n * 3} million and take {rng.randint(2, 30)} months. "
          f"Residents of the {rng.choice(['old town', 'harbour district', 'northern suburbs', 'university quarter'])} "
          f"asked for more information {rng.choice(WHEN)}.")
    p3 = (f"Critics in {rng.choice(PLACES)} argued that the {topic} decision was rushed. "
          f"A final vote is expected {rng.choice(['next month', 'in the autumn', 'before the election', 'by December'])}, "
          f"the {outlet} reported, citing item {i * 7 + n}.")
    header = f"Title: {title}\nSource: {outlet}\nPublished: {day.isoformat()}\n\n"
    return header + "\n\n".join([p1, p2, p3]) + "\n"


def write_corpus(out: Path, n: int = 200, seed: int = 7) -> Path:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (out / f"{i:04d}_{rng.choice(TOPICS)[0]}.txt").write_text(article(i, rng), encoding="utf-8")
    return out


if __name__ == "__main__":
    write_corpus(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 200)
