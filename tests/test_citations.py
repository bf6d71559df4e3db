"""The post-generation checks on LLM answers: markers, renumbering, dates, quotes, refusals."""
import random

import pytest

from assistant.answer.citations import (
    MarkerStream,
    best_quote,
    build_citations,
    check_dates,
    derived_dates,
    find_dates,
    find_markers,
    is_refusal,
    renumber,
)
from assistant.models import Passage, TimeRef

AP_TEXT = ("Lukashenko freed 14 prisoners in August. A month later, Lukashenko freed more than 50 prisoners, "
           "and the U.S. lifted sanctions on the country’s national airline, Belavia. "
           "The U.S. withdrew its ambassador in 2008.")
A_MONTH_LATER = TimeRef("A month later", 20250901, 20250930, "month", "September 2025",
                        'a month after "in August" (August 2025)', "A month later, …", 40)
IN_AUGUST = TimeRef("in August", 20250801, 20250831, "month", "August 2025", "the latest August up to publication (12 December 2025)", "…", 30)
IN_2008 = TimeRef("2008", 20080101, 20081231, "year", "2008", "stated", "…", 150)


def passage(text=AP_TEXT, source="AP", published="2025-12-12", times=None, cid="c1"):
    return Passage(chunk_id=cid, article_id=cid, text=text, title="Belarus leader hosts US envoy", source=source,
                   published=published, url=None, path=f"{cid}.txt",
                   times=[A_MONTH_LATER, IN_AUGUST, IN_2008] if times is None else times)


# ---------------------------------------------------------------- markers
@pytest.mark.parametrize("text,groups", [
    ("Lifted in September 2025 [1].", [[1]]),
    ("Both said so [1, 2].", [[1, 2]]),
    ("Both said so [1][2].", [[1], [2]]),
    ("See [2; 3] and [4 and 5].", [[2, 3], [4, 5]]),
    ("A range [1-3].", [[1, 2, 3]]),
    ("As [Passage 2] says.", [[2]]),
    ("No markers here, [sic] and [a] and [].", []),
])
def test_find_markers(text, groups):
    assert find_markers(text) == groups


def test_renumber_by_first_use():
    r = renumber("Sanctions were lifted in September 2025 [3]. Prisoners were freed [1][3].", 4)
    assert r.text == "Sanctions were lifted in September 2025 [1]. Prisoners were freed [2][1]."
    assert r.order == [3, 1] and r.flags == []


def test_unknown_markers_are_removed_and_flagged():
    r = renumber("Sanctions were lifted in September 2025 [2] [7]. Also [9, 2] and [0].", 3)
    assert r.text == "Sanctions were lifted in September 2025 [1]. Also [1] and."
    assert r.order == [2]
    assert r.flags == ["removed marker [7]: no such passage", "removed marker [9]: no such passage",
                       "removed marker [0]: no such passage"]


def test_groups_are_deduplicated_and_sorted():
    r = renumber("A [2]. B [3, 2, 2]. C [1-2].", 3)
    assert r.text == "A [1]. B [1, 2]. C [1, 3]."
    assert r.order == [2, 3, 1]


def test_answer_of_only_unknown_markers_is_empty():
    r = renumber("[5]", 2)
    assert r.text == "" and r.flags == ["removed marker [5]: no such passage"]


@pytest.mark.parametrize("raw", [
    "Sanctions were lifted in September 2025 [3] [9], and again [1, 3][7] (see [Passage 2]).",
    "[4] Opening marker. Then text [12] and [sic] and [2]",
    "  Leading spaces [1]\n\nSecond paragraph [10][2].",
    "Unfinished marker at the end [1",
])
def test_stream_equals_batch_for_any_split(raw):
    expected = renumber(raw, 4).text
    rng = random.Random(7)
    splits = [[raw[i:i + 1] for i in range(len(raw))], [raw]]
    for _ in range(20):
        cuts = sorted(rng.sample(range(1, len(raw)), k=min(6, len(raw) - 1)))
        splits.append([raw[a:b] for a, b in zip([0] + cuts, cuts + [len(raw)])])
    for parts in splits:
        ms = MarkerStream(4)
        out = "".join(ms.feed(p) for p in parts) + ms.finish()
        assert out == expected, parts


def test_stream_holds_back_only_an_unfinished_marker():
    ms = MarkerStream(2)
    assert ms.feed("Lifted in 2008 [") == "Lifted in 2008"
    assert ms.feed("9") == ""
    assert ms.feed("] and in 2009 [2") == " and in 2009"
    assert ms.feed("].") == " [1]."
    assert ms.finish() == ""


# ---------------------------------------------------------------- dates
def test_find_dates_formats():
    found = find_dates("On 12 December 2025, on Sept. 3, 2024, in September 2025, on 2025-01-02, "
                       "in 2008, in 2019-20, on December 12; 1,200 prisoners and 300 people.")
    assert [(d.text, d.gran) for d in found] == [
        ("12 December 2025", "day"), ("Sept. 3, 2024", "day"), ("September 2025", "month"),
        ("2025-01-02", "day"), ("2008", "year"), ("2019-20", "year"), ("December 12", "monthday")]


def test_resolved_date_from_cited_passage_is_supported():
    p = passage()
    assert check_dates("The U.S. lifted the sanctions in September 2025 [1].", [p]) == []
    assert check_dates("It happened in 2025 [1].", [p]) == []                    # coarser than September 2025
    assert check_dates("The ambassador left in 2008 [1].", [p]) == []            # stated in the text
    assert check_dates("AP reported it on 12 December 2025 [1].", [p]) == []     # its publication date
    assert check_dates("AP reported it on December 12 [1].", [p]) == []


def test_unsupported_dates_are_flagged():
    p = passage()
    assert check_dates("The U.S. lifted the sanctions in October 2025 [1].", [p]) == [
        'date "October 2025" not found in cited passages']
    # more precise than anything the passage says
    assert check_dates("Lifted on 3 September 2025 [1].", [p]) == ['date "3 September 2025" not found in cited passages']
    # a date that only an uncited passage supports
    other = passage(text="Nothing about dates.", times=[], published=None, cid="c2")
    assert check_dates("Lifted in September 2025 [1].", [other]) == ['date "September 2025" not found in cited passages']
    assert check_dates("Lifted in September 2025.", []) == ['date "September 2025" not found in cited passages']


def test_relative_dates_in_the_answer_are_flagged():
    assert check_dates("A month later, the U.S. lifted the sanctions [1].", [passage()]) == [
        'relative date "A month later" in the answer']


def test_derived_dates_are_the_resolved_labels_used():
    used = derived_dates("Lifted in September 2025 [1].", [passage()])
    assert used == [A_MONTH_LATER]
    assert derived_dates("Lifted in 2008 [1].", [passage()]) == []  # stated, not derived


# ---------------------------------------------------------------- quotes, citations, refusals
def test_best_quote_is_the_supporting_sentence():
    p = passage()
    quote = best_quote(p, "The U.S. lifted sanctions on Belavia in September 2025")
    assert quote.startswith("A month later") and quote in p.text
    assert best_quote(p, "The ambassador was withdrawn in 2008") == "The U.S. withdrew its ambassador in 2008."


def test_build_citations_numbers_by_first_use():
    ps = [passage(cid="c1"), passage(text="The Belavia sanctions were lifted, Reuters said.", source="Reuters", cid="c2", times=[])]
    r = renumber("Reuters confirms it [2]. It happened in September 2025 [1].", 2)
    cites = build_citations(ps, r.order, r.text)
    assert [(c.n, c.passage.source) for c in cites] == [(1, "Reuters"), (2, "AP")]
    assert cites[1].quote.startswith("A month later")
    assert all(c.quote in c.passage.text for c in cites)


@pytest.mark.parametrize("text,refused", [
    ("The articles don't say.", True),
    ("The articles don’t say.", True),
    ("The articles do not say when that happened.", True),
    ("\"The articles don't say.\"", True),
    ("The passages do not mention it [1].", True),
    ("The articles say the sanctions were lifted in September 2025 [1].", False),
    ("In September 2025 [1].", False),
])
def test_is_refusal(text, refused):
    assert is_refusal(text) is refused
