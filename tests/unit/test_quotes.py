"""Quote extraction and speaker attribution on small hand-written texts."""

import pytest

from service.pipeline.enrich.article import enrich
from service.pipeline.enrich.quotes import find_spans


def quotes_of(body: str) -> list[dict]:
    quotes = enrich(body)["quotes"]
    for q in quotes:
        assert body[q["start"] : q["end"]] == q["text"]
    return quotes


def by_text(quotes: list[dict], start: str) -> dict:
    return next(q for q in quotes if q["text"].startswith(start))


def test_offsets_and_attribution_comma():
    body = "The mayor spoke on Monday.\n“We will rebuild the bridge by spring,” Maria Lopez said."
    (q,) = quotes_of(body)
    assert q["text"] == "We will rebuild the bridge by spring"
    assert q["speaker"] == "Maria Lopez" and q["speaker_kind"] == "person" and q["cue"] == "say"


def test_straight_marks():
    body = 'Officials met in Denver.\n"The budget is balanced for the first time," Tom Becker said.'
    (q,) = quotes_of(body)
    assert q["text"].startswith("The budget is balanced") and q["speaker"] == "Tom Becker"


def test_straight_single_marks_quote_in_an_article_that_uses_no_others():
    body = (
        "Harbour master Ole Dahl inspected the pier on Friday.\n"
        "'The farmers' boats can't moor here until the spring,' Dahl said. 'It isn't safe.'\n"
        "Fishing crews said in the '90s the pier was rebuilt once before."
    )
    quotes = quotes_of(body)
    # "farmers' boats" (a plural's apostrophe), "can't", "isn't" and
    # "the '90s" are apostrophes
    assert [q["text"] for q in quotes] == ["The farmers' boats can't moor here until the spring", "It isn't safe."]
    assert {q["speaker"] for q in quotes} == {"Ole Dahl"}
    colon = "Ole Dahl was clear about the pier: 'Nobody moors a boat here before the spring.'"
    assert [q["text"] for q in quotes_of(colon)] == ["Nobody moors a boat here before the spring."]


@pytest.mark.parametrize(
    "body",
    [
        # double marks quote: straight singles are then inner quotes or apostrophes
        "\"We call it 'the old pier' here,\" Ole Dahl said. 'Nobody moors there,' he added.",
        # no sentence inside straight singles anywhere: apostrophes only
        "The crews' boats and the farmers' carts met at the '90s pier on the harbour's edge.",
    ],
)
def test_straight_singles_stay_apostrophes_otherwise(body):
    assert all(body[s.open_at] != "'" for s in find_spans(body))


def test_split_quote_gives_two_quotes_with_one_speaker():
    body = (
        "Senator Ellen Marsh visited the plant.\n"
        "“The workers deserve better,” she said. “We will fight for their pensions.”"
    )
    quotes = quotes_of(body)
    assert [q["text"] for q in quotes] == ["The workers deserve better", "We will fight for their pensions."]
    assert {q["speaker"] for q in quotes} == {"Ellen Marsh"}


def test_pronoun_takes_the_latest_person_subject_and_the_full_name():
    body = (
        "Daniel Okafor runs the clinic. His colleague Sarah Whitfield, who trained with Okafor, "
        "could see the strain.\n"
        "“He has not slept properly in weeks,” she said.\n"
        "Okafor disagreed.\n"
        "“I am fine, really, and the patients come first,” he said."
    )
    quotes = quotes_of(body)
    assert by_text(quotes, "He has not")["speaker"] == "Sarah Whitfield"
    assert by_text(quotes, "I am fine")["speaker"] == "Daniel Okafor"


def test_speaker_from_previous_paragraph_and_surname_to_full_name():
    body = (
        "Foreign Minister Anna Kowalski spoke in Warsaw.\n"
        "Kowalski argued that sanctions should stay in place.\n"
        "“Nothing has changed on the ground since the summer,” she said."
    )
    (q,) = quotes_of(body)
    assert q["speaker"] == "Anna Kowalski"


def test_multi_paragraph_quote_is_one_quote_per_paragraph():
    body = (
        "Coach Mark Rivers addressed the team.\n"
        "“You have won hard games all season,” Rivers said. “Keep believing in each other.\n"
        "“I told the last squad the same when I arrived, because I knew what they could do.”"
    )
    quotes = quotes_of(body)
    assert len(quotes) == 3
    assert all(q["speaker"] == "Mark Rivers" for q in quotes)
    assert quotes[2]["text"].startswith("I told the last squad")


def test_apposition_after_the_cue():
    body = "“There is no plan to withdraw our troops from the region,” said Pavel Orlov, the defence minister."
    (q,) = quotes_of(body)
    assert q["speaker"] == "Pavel Orlov" and q["speaker_kind"] == "person"


def test_organisation_speaker():
    body = "“The allegations are baseless and politically motivated,” the Interior Ministry said in a statement."
    (q,) = quotes_of(body)
    assert q["speaker"] == "Interior Ministry" and q["speaker_kind"] == "organization"


def test_unnamed_descriptor():
    body = "“We are cooperating fully with the investigation,” a Lyft spokesperson said."
    (q,) = quotes_of(body)
    assert q["speaker_kind"] == "unnamed" and q["speaker"].endswith("spokesperson")


def test_according_to():
    body = "The river will crest on Friday, according to the National Weather Service, “well above flood stage.”"
    (q,) = quotes_of(body)
    assert q["speaker"] == "National Weather Service" and q["cue"] == "according to"


def test_partial_quote_inside_a_sentence():
    body = "Helen Park warned of “a very long and costly winter for families” in her speech."
    (q,) = quotes_of(body)
    assert q["text"] == "a very long and costly winter for families" and q["speaker"] == "Helen Park"


@pytest.mark.parametrize(
    "body",
    [
        "The council adopted a “zero-waste” approach last year.",  # one word
        "The union called the offer “deeply insulting” on Monday.",  # two words
        "Critics say the city's “center of gravity” has moved north.",  # term in a noun phrase
        "Residents launched a campaign with the slogan “Save our little park”.",  # a slogan
        "She reread “The Old Man and the Sea” on the train.",  # a title
    ],
)
def test_scare_quotes_terms_and_titles_are_not_quotes(body):
    assert quotes_of(body) == []


def test_short_full_sentence_quote_is_kept():
    body = "“We need this win now,” Maria Lopez said. “Please.”"
    quotes = quotes_of(body)
    assert [q["text"] for q in quotes] == ["We need this win now", "Please."]
    assert quotes[1]["speaker"] == "Maria Lopez"


def test_no_attribution_gives_unknown():
    body = "The mood in town was grim.\n“Nobody knows what comes next for the factory.”"
    (q,) = quotes_of(body)
    assert q["speaker"] is None and q["speaker_kind"] == "unknown"


def test_apostrophes_are_not_quote_marks():
    body = "Kyiv’s mayor didn’t comment on the city’s plans for the workers’ housing."
    assert find_spans(body) == []


@pytest.mark.parametrize(
    "body",
    [
        "Honestly I ‘m tired of the rain and the wind this week.",  # a stray mark before a contraction
        "We went back ‘cos the ferry was late again and again.",  # an elision
        "They played rock ‘n’ roll all night at the harbour.",
    ],
)
def test_elisions_do_not_open_quotes(body):
    assert find_spans(body) == []


def test_a_closing_mark_typed_as_an_opening_one_opens_a_quote():
    body = (
        "“The harbour will reopen in May,” Nadia Quist said.”Fishing boats can tie up there again.”\n"
        "Tourism chiefs were cautious. ”Nothing is settled until the survey is done,” said Omar Feld."
    )
    quotes = quotes_of(body)
    assert [q["text"] for q in quotes] == [
        "The harbour will reopen in May",
        "Fishing boats can tie up there again.",
        "Nothing is settled until the survey is done",
    ]
    assert [q["speaker"] for q in quotes] == ["Nadia Quist", "Nadia Quist", "Omar Feld"]


def test_a_speaker_named_but_not_tagged_is_a_person_and_a_description_is_unnamed():
    (q,) = quotes_of('Ana Lind, the union\'s chief negotiator, warned: "This strike is not over yet."')
    assert (q["speaker"], q["speaker_kind"]) == ("Ana Lind", "person")
    (q,) = quotes_of('"We will see what the members decide," a union official said.')
    assert (q["speaker"], q["speaker_kind"]) == ("a union official", "unnamed")


def test_a_quote_takes_the_cue_it_hangs_from_not_the_nearer_one():
    from service.pipeline.enrich.rules import switched_off

    body = (
        "Dock workers walked out at the port on Monday.\n"
        'Brantford Shipping said in a statement that its offer of 4% over two years was "fair and generous" '
        "and urged the union to return to talks."
    )
    (q,) = quotes_of(body)
    assert q["cue"] == "say" and q["speaker"] == "Brantford Shipping"
    with switched_off("governing_cues"):  # the nearer "urged", whose parsed subject is "its offer of 4"
        (q,) = quotes_of(body)
    assert q["cue"] == "urge"
