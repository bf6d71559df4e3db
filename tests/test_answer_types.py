"""What a question asks for and which spans of a sentence can answer it."""
import pytest

from assistant.answer.places import place_strength
from assistant.answer.question import analyse, classify
from assistant.answer.spans import candidates


@pytest.mark.parametrize("question, qtype, head", [
    ("Which country hosted President Donald Trump this week for a state visit?", "place", "country"),
    ("In which country did Nato members gather for their summit?", "place", "country"),
    ("Which WNBA team recently won its first championship title?", "org", "team"),
    ("Which of these bands announced they were reuniting?", "org", "bands"),
    ("Which high-ranking US official tested positive for Covid-19?", "person", "official"),
    ("Which former women’s tennis champion came out of retirement?", "person", "champion"),
    ("A volcano erupted on which European island this week?", "place", "island"),
    ("Which film won best picture?", "title", "film"),
    ("Which currency plummeted to a record low?", "thing", "currency"),
    ("What year did the talks start?", "date", ""),
])
def test_the_first_category_noun_after_which_decides_the_type(question, qtype, head):
    got_type, _, got_head = classify(question)
    assert (got_type, got_head) == (qtype, head)


def test_place_candidates_come_from_the_gazetteer_and_fit_the_noun_asked_for():
    assert place_strength("France", "country") == 1.0
    assert place_strength("Buffalo", "city") > place_strength("Buffalo", "country")
    assert place_strength("Hosted") == 0.0
    info = analyse("Which European country recorded its hottest-ever day this week?")
    spans = candidates(info, "Temperatures soared across Europe, and France recorded its hottest day on Thursday.", [])
    assert spans[0].text == "France" and spans[0].strength == 1.0


def test_a_sentence_initial_verb_or_adverb_is_not_a_name():
    info = analyse("Who was named artist of the year at the American Music Awards?")
    texts = [s.text for s in candidates(info, "Hailed as the biggest fan-voted show, the awards went to BTS on Monday.", [])]
    assert "Hailed" not in texts and "BTS" in texts


def test_number_spans_keep_the_unit_the_question_names():
    info = analyse("Approximately how many baby swings and rockers were recalled this week?")
    spans = candidates(info, "The recall affects 2 million MamaRoo swings and 220,000 RockaRoo rockers, the CPSC said.", [])
    assert spans[0].text == "2 million MamaRoo swings"


def test_names_the_question_already_gives_are_not_answers():
    info = analyse("Who did Elon Musk deny having an affair with?")
    texts = [s.text for s in candidates(info, "Elon Musk has denied having an affair with Nicole Shanahan, the wife of Sergey Brin.", [])]
    assert "Elon Musk" not in texts and texts[0] == "Nicole Shanahan"
