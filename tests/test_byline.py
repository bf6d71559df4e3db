"""Questions about an article (its author, outlet, publication date) answered from its metadata."""
import pytest
from conftest import EqualKeywords

from assistant.answer.byline import answer_byline, asks_about_article
from assistant.answer.terms import Scorer
from assistant.models import Passage



def _p(i, text, title, source, author="", published="2024-05-02"):
    return Passage(chunk_id=f"c{i}", article_id=f"a{i}", text=text, title=title, source=source, published=published,
                   url=None, path=f"p{i}", author=author, end=len(text))


PASSAGES = [
    _p(0, "The city council approved the new stadium on Tuesday after a long debate.", "Council backs stadium",
       "Daily Post", author="Jane Ray"),
    _p(1, "Floods closed the river road for a week, and residents were moved to the school.", "Floods close river road",
       "River Times", author=""),
    _p(2, "Residents cleared mud from their homes as the flood waters fell.", "Clean-up after floods", "River Times"),
]


@pytest.mark.parametrize("question, field", [
    ("Who wrote the article about the new stadium?", "author"),
    ("Who is the author of the Daily Post story on the stadium vote?", "author"),
    ("Which outlet published the story about the floods?", "source"),
    ("When was the article about the stadium published?", "published"),
    ("Who wrote the song Imagine?", ""),  # not about an article
    ("Which newspaper reported the back-tax claim?", ""),  # the answer is in the news, not its metadata
    ("Who wrote the new law on floods?", ""),
    ("Who wrote the report on the stadium's finances?", ""),  # an inquiry's report: its author is news
    ("Where does Jane Ray, the author of the opinion piece, live?", ""),  # mentioned, not asked
    ("The paper ran it on Monday. Name the author of the story about the stadium.", "author"),
])
def test_questions_about_an_article_are_recognised(question, field):
    assert asks_about_article(question) == field


def test_the_author_of_the_best_matching_article_is_given_and_its_lede_cited():
    text, cits, refused, _ = answer_byline("Who wrote the article about the new stadium?", PASSAGES, Scorer(EqualKeywords()))
    assert not refused and text.startswith("Jane Ray wrote “Council backs stadium” (Daily Post, 2024-05-02)")
    assert cits[0].passage.article_id == "a0" and cits[0].quote == PASSAGES[0].text


def test_an_article_without_a_byline_is_not_given_an_author():
    text, cits, refused, _ = answer_byline("Who wrote the story about the floods closing the river road?", PASSAGES, Scorer(EqualKeywords()))
    assert refused and text.startswith("The articles don't say who wrote “Floods close river road”")
    assert cits[0].passage.article_id == "a1"


def test_the_outlet_and_date_come_from_the_metadata():
    text, _, refused, _ = answer_byline("Which outlet published the story about the floods?", PASSAGES, Scorer(EqualKeywords()))
    assert not refused and text.startswith("River Times published “Floods close river road”")
    text, _, refused, _ = answer_byline("When was the article about the stadium published?", PASSAGES, Scorer(EqualKeywords()))
    assert not refused and text.startswith("“Council backs stadium” was published on 2024-05-02")
    assert answer_byline("Who won the stadium vote?", PASSAGES, Scorer(EqualKeywords())) is None
