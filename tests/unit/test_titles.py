"""The HTML title model: its candidates, and its choice on pages written for these tests."""

import pytest

from service.pipeline.clean import titles
from service.pipeline.clean.html import markup_titles, parse
from service.pipeline.clean.page import _title_evidence, clean_html, clean_text

HEADLINE = "Lighthouse keepers return to the northern cape after forty years"
PROSE = [
    "For the first time since the light was automated, two keepers will live at the northern cape "
    "this winter, the coastal trust announced on Wednesday.",
    "The trust said volunteers had asked for years to restore the old routine of logbooks, weather "
    "readings and nightly checks, and that a small grant finally made it possible.",
    "Local schools have already booked visits for the spring, when the keepers plan to open the "
    "tower's lamp room to children for the first time.",
]


def test_candidates_are_lines_above_the_body_and_the_page_titles_parts_but_never_a_date():
    texts = [f"Opinion | {HEADLINE} - Cape Courier", "Menu", HEADLINE, "Friday, 14 March 2025", *PROSE]
    page = titles.Page(texts=texts, body_start=4, lead=PROSE[0], html_titles={"h1": [HEADLINE]})
    found = {c.text: c for c in titles.candidates(page)}
    assert "Friday, 14 March 2025" not in found
    assert found[HEADLINE].origins == {"line", "page_title_part", "page_title_main", "h1"}
    assert found[HEADLINE].index == 2
    assert found[f"Opinion - {HEADLINE}"].origins == found[f"{HEADLINE} - Cape Courier"].origins == {"page_title_span"}
    assert titles.features(page, list(found.values())).shape == (len(found), len(titles.FEATURES))


@pytest.mark.parametrize(
    "noise",
    [
        "<div class='nav'><a href='/'>Back to home</a></div>",
        "<div class='consent'><h2>We value your privacy</h2><p>Choose which cookies we may store.</p></div>",
    ],
    ids=["navigation", "cookie-notice"],
)
def test_html_title_is_the_headline_not_navigation_a_notice_or_the_standfirst(noise):
    html = (
        f"<html><head><title>{HEADLINE} | Cape Courier</title>"
        f'<meta property="og:title" content="{HEADLINE}"></head><body>{noise}'
        f"<article><h1>{HEADLINE}</h1><p class='standfirst'>Two volunteers will spend the winter in the "
        "tower as the trust revives an old routine</p>" + "".join(f"<p>{p}</p>" for p in PROSE) + "</article>"
        "</body></html>"
    )
    cleaned = clean_html(html, "https://capecourier.example/coast/lighthouse")
    assert cleaned.title == HEADLINE
    assert cleaned.evidence["title"] in {"meta", "h1", "page title"}
    assert not cleaned.body.startswith(HEADLINE)


def test_html_headlines_by_markup_are_candidates_beside_a_blog_name_in_h1():
    post = "Pressing apples at the village cider mill"
    html = (
        "<html><body><header><h1 id='blog-title'><a href='https://orchard.example/'>Orchard Notes</a></h1>"
        "<h2 class='blog-description'>A small farm's diary</h2></header>"
        f"<main><article><div class='postTitle'>{post}</div><h3>First the washing</h3>"
        f"<span itemprop='headline'>{post}</span><p>{PROSE[0]}</p></article></main>"
        "<aside><h2 class='widget-title'>Archives</h2><p class='headlines'>Older posts</p></aside></body></html>"
    )
    found = markup_titles(parse(html))
    assert found["h1"] == ["Orchard Notes"]
    assert found["h2"] == ["A small farm's diary", "Archives"]
    assert found["headline_markup"] == [post]  # "postTitle" and itemprop="headline", not "widget-title"
    assert found["article_heading"] == ["First the washing"]
    page = titles.Page(texts=["Orchard Notes", post, *PROSE], body_start=2, lead=PROSE[0], html_titles=found)
    origins = {c.text: c.origins for c in titles.candidates(page)}
    assert origins[post] == {"line", "headline_markup"} and "h2" in origins["Archives"]


@pytest.mark.parametrize(
    "line,kept",
    [
        ("Friday, 14 March 2025", False),
        ("Home | Friday, 14 March 2025", False),
        ("Harbour week in review: 14 March 2025", True),
    ],
)
def test_a_line_that_only_dates_the_article_is_no_candidate_but_a_dated_headline_is(line, kept):
    page = titles.Page(texts=["Cape Courier", line, *PROSE], body_start=2, lead=PROSE[0])
    assert (line in {c.text for c in titles.candidates(page)}) is kept


def test_the_nearest_headline_shaped_lines_far_above_the_body_are_candidates():
    controls = ["Share", "Print", "Email", "Larger", "Smaller"] * 8  # 40 one-word lines between headline and body
    texts = ["Cape Courier", "Coast news", HEADLINE, *controls, *PROSE]
    page = titles.Page(texts=texts, body_start=3 + len(controls), lead=PROSE[0])
    found = {c.text: c for c in titles.candidates(page)}
    assert len(controls) > titles.REACH and found[HEADLINE].index == 2


def test_the_training_target_is_the_candidate_naming_the_headline_best():
    from service.pipeline.clean import title_train

    page = titles.Page(texts=[f"{HEADLINE} - Cape Courier", "Menu", HEADLINE, *PROSE], body_start=3, lead=PROSE[0])
    example = title_train._example("a-source", "a-page", "text", page, HEADLINE)
    texts = [c.text for c in titles.candidates(page)]
    right = {t for t, y in zip(texts, example["y"]) if y}
    assert right == {HEADLINE, f"{HEADLINE} - Cape Courier"}  # both name it as score.py judges
    assert [t for t, y in zip(texts, example["target"]) if y] == [HEADLINE]  # the model learns the bare one


def test_a_page_of_sentences_has_no_title_and_keeps_its_first_sentence():
    text = "\n".join(PROSE)
    cleaned = clean_text(text)
    assert cleaned.title is None and cleaned.body.startswith(PROSE[0])


def test_a_short_text_keeps_its_opening_sentence_in_the_body():
    opening = "The ferry captain, Ola Nord, spoke on Monday about the new timetable for the island route."
    text = f"{opening}\n\n\u201cWe will sail twice a day from May,\u201d Nord said at the quay."
    cleaned = clean_text(text)
    assert cleaned.title is None and cleaned.body.startswith(opening)


def test_a_posted_text_keeps_its_headline_as_title():
    cleaned = clean_text("\n\n".join([HEADLINE, *PROSE]))
    assert cleaned.title == HEADLINE
    assert cleaned.body.startswith(PROSE[0])


def test_headline_less_training_texts_start_at_the_first_line_of_prose():
    from service.pipeline.clean import title_train

    lines = [HEADLINE, "By Cape Courier staff", "Friday, 14 March 2025", *PROSE]
    assert title_train._from_prose(lines) == PROSE
    assert title_train._from_prose([HEADLINE]) == []


def test_a_title_found_only_by_markup_has_heading_evidence_and_a_line_keeps_its_own():
    assert _title_evidence(titles.Candidate("Pressing apples", {"headline_markup", "h2"})) == "heading"
    assert _title_evidence(titles.Candidate("Pressing apples", {"h1", "h2", "line"})) == "h1"


def test_word_set_similarity_counts_every_word_of_both_sides():
    rows = [{"ferry", "stops"}, set()]
    columns = [{"ferry", "stops", "for", "winter"}, {"harbour"}, set()]
    similarity = titles._jaccards(rows, columns)
    assert similarity.shape == (2, 3)
    assert similarity[0].tolist() == [0.5, 0.0, 0.0]  # 2 shared of 4 words; none; an empty column
    assert similarity[1].tolist() == [0.0, 0.0, 0.0]  # two empty sets are not alike
