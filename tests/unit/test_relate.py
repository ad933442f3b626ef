"""The pure relate step: word forms, copies, story similarity and statements, on our own sentences."""

import pytest

from service.pipeline.relate import copies, statements, stories, words

HARBOUR = (
    "The city council approved the new harbour plan on Tuesday after a long debate about costs, "
    "fishing rights and the noise of the ferries that will dock there from next spring."
)


def test_word_forms_share_a_stem_and_accents_fold():
    assert words.stems("negotiation negotiations Negotiating") == ["negoti"] * 3
    assert words.fold("Café Zürich") == "cafe zurich"
    assert words.stem_words('"peace talks" -war negotiations*') == '"peac talk" -war negoti*'


def test_a_lightly_edited_copy_shares_band_keys_and_a_different_text_does_not():
    copy = HARBOUR.replace("Tuesday", "Tuesday evening") + " Reporting by a wire service."
    other = "Floods closed three schools in the valley, and the rail line stays shut until the water drops."
    sig, sig_copy, sig_other = (copies.signature(t) for t in (HARBOUR, copy, other))
    assert copies.is_copy(sig, sig_copy)
    assert set(copies.band_keys(sig)) & set(copies.band_keys(sig_copy))
    assert not copies.is_copy(sig, sig_other)
    assert not set(copies.band_keys(sig)) & set(copies.band_keys(sig_other))


def test_signatures_do_not_depend_on_the_process():
    assert copies.signature("one two three four") == copies.signature("one two three four")
    assert len(copies.signature("")) == copies.PERMUTATIONS


def test_two_reports_of_one_event_are_closer_than_a_report_of_another():
    a = stories.lead_terms("Council backs harbour plan", HARBOUR)
    b = stories.lead_terms(
        "Harbour plan approved after council debate",
        "Councillors voted for the harbour plan on Tuesday; ferries will dock there from spring.",
    )
    c = stories.lead_terms("Floods shut valley schools", "Three schools closed as the river rose overnight.")
    assert stories.similarity(a, b) >= stories.STORY_SIMILARITY > stories.similarity(a, c)
    match = stories.best_match(a, [{"terms": c, "story": "floods"}, {"terms": b, "story": "harbour"}])
    assert match is not None and match["story"] == "harbour"
    assert stories.best_match(a, [{"terms": c, "story": "floods"}]) is None


def test_story_window_is_around_the_publication_date():
    low, high = stories.window("2025-03-10T12:00:00+00:00", now=None)  # type: ignore[arg-type]
    assert low.startswith("2025-03-09T12:00") and high.startswith("2025-03-11T12:00")


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (
            "We will rebuild the harbour before the winter storms arrive",
            "we will rebuild the harbour before the winter storms arrive.",
            True,
        ),
        (
            "I think what we need is a plan that the fishermen actually support, and I am not seeing one",
            "I think we need a plan that the fishermen actually support, and I don't see one",
            True,
        ),
        ("We will rebuild the harbour before the winter storms arrive", "The ferry fares are far too high", False),
    ],
)
def test_same_statement(a, b, same):
    assert statements.same_statement(a, b) is same


def test_changed_words_ignore_case_punctuation_and_trimming():
    assert statements.changed_words("We will rebuild it!", "we will rebuild it.") == []
    assert statements.changed_words("Frankly, we will rebuild the harbour", "we will rebuild the harbour") == []
    assert statements.changed_words("we will rebuild the harbour", "we might rebuild the harbour") == ["will", "might"]


def test_rare_words_say_more_and_the_model_reads_every_feature():
    assert statements.information("the") < statements.information("harbour") < statements.information("zzyzxqa")
    assert len(statements.features("we will rebuild it", "we might rebuild it")) == len(statements._model()["mean"])


def test_an_edited_number_keeps_the_statement_and_shows_as_changed():
    a = "The council will build 300 new homes on the old dock site this year"
    b = a.replace("300", "800")
    assert statements.same_statement(a, b)
    assert statements.changed_words(a, b) == ["300", "800"]
