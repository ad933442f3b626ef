"""Which bodies the English language model reads: quotes and entities come from English text only."""

from service.pipeline.clean.page import Cleaned
from service.pipeline.limits import MAX_BODY_TOKENS, TooManyTokens
from service.pipeline.run import analyze, analyze_many, in_english

GERMAN = (
    "Fähre bleibt im Winter\n\nStadträtin Ilse Brandt sprach am Montag im Hafen von Kiel.\n\n"
    "„Der Winterdienst wird beide Schiffe in Betrieb halten“, sagte sie.\n\n"
    "Kritiker sagten, der Plan sei zu teuer. Die Hafenbehörde wollte sich nicht äußern."
)
ENGLISH = (
    "Ferry stays for the winter\n\nCouncillor Ilse Brandt spoke at the harbour in Kiel on Monday.\n\n"
    '"The winter service will keep both ships running," she said.\n\n'
    "Critics said the plan was too expensive. The harbour authority declined to comment."
)


def test_a_body_in_another_language_gets_no_quotes_or_entities():
    german = analyze(text=GERMAN)
    assert german["language"] == "de" and german["body"]
    assert german["quotes"] == [] and german["entity_details"] == []
    assert german["entities"] == {"person": [], "organization": [], "location": []}
    english = analyze(text=ENGLISH)
    assert english["language"] == "en" and english["quotes"] and english["entities"]["person"] == ["Ilse Brandt"]


def test_english_words_are_read_whatever_language_was_reported():
    # py3langid can misread a page (an archive line as Nigerian Pidgin): English function words decide
    misread = Cleaned(body=ENGLISH.split("\n\n", 1)[1], language="pcm")
    assert in_english(misread)
    assert not in_english(Cleaned(body=GERMAN, language="de"))
    assert in_english(Cleaned(body="", language=None))


def test_a_body_in_another_language_meets_the_same_token_limit():
    dense = "Hafenplan genehmigt\n" + "x-q-z-w-k-v-j-y-p-m " * (MAX_BODY_TOKENS // 19 + 100)  # 19 tokens each
    (result,) = analyze_many([{"text": dense}])
    assert isinstance(result, TooManyTokens)
