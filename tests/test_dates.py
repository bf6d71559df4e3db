"""Time expressions resolved against a known publication date."""
import datetime as dt

import pytest

from assistant.ingest.dates import resolve_times

PUB = dt.date(2025, 12, 12)  # a Friday


@pytest.mark.parametrize("text,expected", [
    ("The talks were held on Tuesday.", "9 December 2025"),
    ("Trump called him in August.", "August 2025"),
    ("He called in August. A month later, sanctions were lifted.", "September 2025"),
    ("Prisoners were freed since July 2024.", "July 2024"),
    ("Sales fell last year.", "2024"),
    ("The vote is next month.", "January 2026"),
    ("The deal was signed on Dec. 3, 2025.", "3 December 2025"),
    ("It happened three years ago.", "2022"),
    ("He won in 2020. Five years after the election, he won again.", "2025"),
    ("The meeting took place on September 17.", "17 September 2025"),
    ("She left yesterday.", "11 December 2025"),
    ("The summit will be held in March.", "March 2026"),
])
def test_resolution(text, expected):
    refs = resolve_times(text, PUB)
    assert refs[-1].label == expected, [(r.text, r.label, r.how) for r in refs]


def test_unanchored_relative_date_is_not_guessed():
    refs = resolve_times("Five years after the mass demonstrations, he won a seventh term.", PUB)
    assert not any("after" in r.text for r in refs)


def test_derivation_links_back_to_the_sentence():
    refs = resolve_times("Trump spoke to him in August. A month later, the U.S. lifted sanctions on Belavia.", PUB)
    later = refs[-1]
    assert later.label == "September 2025" and "Belavia" in later.sentence and "August 2025" in later.how
    assert later.start == 20250901 and later.end == 20250930


def test_an_expression_opening_its_sentence_keeps_its_own_sentence():
    import datetime as dt

    from assistant.ingest.dates import resolve_times
    text = "Trump called Lukashenko in August. A month later, the US lifted sanctions on Belavia."
    later = [r for r in resolve_times(text, dt.date(2025, 12, 12)) if r.text == "A month later"][0]
    assert later.sentence == "A month later, the US lifted sanctions on Belavia."
    assert later.label == "September 2025"


def test_a_date_inside_a_sentence_of_the_body_is_not_the_publication_date(tmp_path):
    from assistant.ingest.dates import dateline_date
    from assistant.ingest.load import read_article
    from assistant.ingest.pipeline import build_article

    assert dateline_date("WASHINGTON, Dec. 12, 2025 (AP) — The Senate voted.") == dt.date(2025, 12, 12)
    assert dateline_date("By Jane Roe, Friday 12 December 2025") == dt.date(2025, 12, 12)
    assert dateline_date("Born in Luton, Bedfordshire, on 5 April 1920, Hailey was the only child.") is None
    f = tmp_path / "profile.txt"
    f.write_text("Profile: David Blunkett\n\nBefore he resigned on Wednesday, David Blunkett ran a large department.\n\n"
                 "The attacks on the World Trade Center on 11 September 2001 heightened concern for security.\n")
    art, _ = build_article(read_article(f, 1_000_000))
    assert art.published is None  # a BBC profile once got 2001-09-11
    f.write_text("Senate passes bill\n\nWASHINGTON, Dec. 12, 2025 (AP) — The Senate passed the bill on Friday.\n")
    art, _ = build_article(read_article(f, 1_000_000))
    assert art.published == dt.date(2025, 12, 12)
