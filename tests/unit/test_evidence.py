"""Metadata a new user checks by hand: navigation, cookie notices and standfirsts are not titles, desks
and outlets are not authors, a name alone on its line is, dates keep their time and zone, and every
value says where it was found."""

import pytest

from service.ingestion.documents import analyze_article
from service.pipeline.clean.page import clean_html, clean_text
from service.pipeline.text.dates import find_date

PROSE = [
    "The island council voted late on Tuesday to rebuild the breakwater that storms damaged last winter, "
    "after months of argument over who should pay for it.",
    "Fishermen who attended the meeting said the work could not start soon enough, because two boats "
    "were lost at their moorings in the January gales.",
    "Engineers expect the rebuilding to take most of the summer and to cost about four million euros, "
    "most of it from a regional fund for coastal defences.",
]
HEADLINE = "Island council agrees to rebuild storm-battered breakwater"
URL = "https://islandtimes.example/news/breakwater"


def page(*header: str) -> str:
    return "\n".join([*header, *PROSE, "Share this story"])


@pytest.mark.parametrize(
    "header,evidence",
    [
        (("Back to home", HEADLINE, "By Nora Lindqvist"), "headline line"),
        (
            ("We value your privacy", "We and our partners store cookies on your device.", "Accept all", HEADLINE),
            "headline line",
        ),
        # a scrape's first line is its page title
        (
            (HEADLINE, "A winter of gales left the harbour wall in pieces and the fleet exposed to the open sea"),
            "page title",
        ),
    ],
    ids=["navigation", "cookie-notice", "standfirst"],
)
def test_the_headline_is_the_title_not_navigation_a_notice_or_the_standfirst(header, evidence):
    cleaned = clean_text(page(*header), URL)
    assert cleaned.title == HEADLINE
    assert cleaned.evidence["title"] == evidence


def test_a_name_alone_on_its_line_is_the_author_and_desks_or_outlets_are_not():
    cleaned = clean_text(page("BBC News", "Political Editor", HEADLINE, "Ingrid Solberg", "Mon 3 Mar 2025 09.12 GMT"))
    assert cleaned.title == HEADLINE
    assert cleaned.author == ["Ingrid Solberg"]
    assert cleaned.published_at == "2025-03-03T09:12:00+00:00"
    assert cleaned.evidence == {
        "title": "headline line",
        "author": "name line",
        "published_at": "dateline",
        "source": None,
    }


@pytest.mark.parametrize("line", ["Harbour Radio News", "Political Editor", "Staff Reporter", "Read More"])
def test_a_desk_or_an_outlet_beside_the_headline_is_no_author(line):
    cleaned = clean_text(page(HEADLINE, line, "4 March 2025"))
    assert cleaned.author == [] and cleaned.evidence["author"] is None


@pytest.mark.parametrize(
    "text,iso",
    [
        ("Mon 3 Mar 2025 09.12 GMT", "2025-03-03T09:12:00+00:00"),
        ("Tue 4 Mar 2025 17.40 BST", "2025-03-04T17:40:00+01:00"),
        ("March 5, 2025 7.05 pm EST", "2025-03-05T19:05:00-05:00"),
        ("6 March 2025 08:30", "2025-03-06T08:30:00"),  # no zone given: none invented
        ("7 March 2025", "2025-03-07"),  # no time given: a day, not midnight
        ("8 March 2025, 12.5 million visitors", "2025-03-08"),  # a decimal number is no time
    ],
)
def test_dates_keep_their_time_and_zone(text, iso):
    assert find_date(text) == iso


def test_the_date_source_and_author_say_where_they_were_found():
    cleaned = clean_text(page(HEADLINE + " - Island Times", HEADLINE, "By Nora Lindqvist"), URL + "/2025/03/09/x")
    assert cleaned.evidence == {
        "title": "headline line",
        "author": "byline line",
        "published_at": "url",
        "source": "title suffix",
    }
    assert cleaned.published_at == "2025-03-09" and cleaned.source == "Island Times"


def test_html_metadata_names_its_tag():
    html = (
        "<html><head><title>Breakwater vote</title>"
        '<meta property="og:site_name" content="Island Times">'
        '<meta property="article:published_time" content="2025-03-09T18:20:00Z">'
        '<script type="application/ld+json">{"author": {"name": "Nora Lindqvist"}}</script>'
        f"</head><body><article><h1>{HEADLINE}</h1>"
        + "".join(f"<p>{p}</p>" for p in PROSE)
        + "</article></body></html>"
    )
    cleaned = clean_html(html, URL)
    assert cleaned.published_at == "2025-03-09T18:20:00+00:00"
    assert cleaned.evidence["published_at"] == "meta" and cleaned.evidence["source"] == "meta"


def test_a_page_that_shows_only_a_years_copyright_has_no_date():
    # trafilatura reads "© 2026" as 1 January 2026; no day of the article
    html = (
        f"<html><head><title>{HEADLINE}</title></head><body><h1>{HEADLINE}</h1>"
        + "".join(f"<p>{p}</p>" for p in PROSE)
        + "<footer>Island Times &copy; 2026</footer></body></html>"
    )
    cleaned = clean_html(html)
    assert cleaned.published_at is None and cleaned.evidence["published_at"] is None


def test_overrides_are_evidenced_as_given_and_a_given_day_stays_a_day():
    analysis = analyze_article(
        {"text": page(HEADLINE), "title": "Breakwater to be rebuilt", "published_at": "2025-03-10"}
    )
    assert analysis["title"] == "Breakwater to be rebuilt" and analysis["published_at"] == "2025-03-10"
    assert analysis["evidence"]["title"] == analysis["evidence"]["published_at"] == "given"


def test_a_headline_given_only_by_the_page_title_comes_without_the_outlets_name():
    cleaned = clean_text("\n".join([f"{HEADLINE} | Island Times", "Menu", "Search", *PROSE]), URL)
    assert cleaned.title == HEADLINE
    assert cleaned.evidence["title"] == "page title"
