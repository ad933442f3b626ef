"""Metadata finders: dates to ISO 8601, bylines, headline, outlet, language."""

import pytest

from service.pipeline.clean.metadata import (
    byline_names,
    find_source,
    names_outlet,
    split_page_title,
    strip_outlet,
    title_anchor,
)
from service.pipeline.clean.page import clean_text
from service.pipeline.text.charclasses import CharClasses
from service.pipeline.text.dates import date_from_url, find_date
from service.pipeline.text.language import SCRIPT_CLASSES, detect_language, scripts_of

DATES = [
    ("16 January 2026 11:37", "2026-01-16T11:37:00"),
    ("Sat 17 Apr 2021 | 03:45 PM", "2021-04-17T15:45:00"),
    ("Updated 4:12 pm EDT, Thursday, June 10, 2021", "2021-06-10T16:12:00-04:00"),
    ("Tuesday March 9, 2021 8:05 am PST by Lena Okoro", "2021-03-09T08:05:00-08:00"),
    ("2019-11-19T10:00:00+02:00", "2019-11-19T10:00:00+02:00"),
    ("2019-11-19T10:00:00Z", "2019-11-19T10:00:00+00:00"),
    ("09:05 GMT +2 11 April 2021", "2021-04-11T09:05:00+02:00"),
    ("21:17 18.11.2019", "2019-11-18T21:17:00"),
    ("November 20, 2019", "2019-11-20"),
    ("Текст: Анна Смирнова · 12 октября 2020", "2020-10-12"),
    ("quinta-feira, 14 de maio de 2015 às 09:40", "2015-05-14T09:40:00"),
    ("le 3 mars 2020 à 11h37", "2020-03-03T11:37:00"),
    ("Veröffentlicht am 5. März 2021", "2021-03-05"),
    ("publicado el 7 de julio de 2022", "2022-07-07"),
    ("نشر في 5 يناير 2024", "2024-01-05"),
    ("기사입력 :[ 2020-05-03 08:10 ]", "2020-05-03T08:10:00"),
    # a region's zone name is standard or daylight time by the date, read after am/pm only
    ("December 1, 2026 6:30 AM ET", "2026-12-01T06:30:00-05:00"),
    ("July 4, 2026 at 9:15 p.m. ET", "2026-07-04T21:15:00-04:00"),
    ("March 3, 2026 10:00 am PT", "2026-03-03T10:00:00-08:00"),
    ("le 14 mars 2026, 14h30 et 15h", "2026-03-14T14:30:00"),
    # numbers with slashes are read day first, unless that is no date or the line's time is American
    ("Published: 02/12/2026", "2026-12-02"),
    ("Published 12/25/2026 | Community News", "2026-12-25"),
    ("Posted on 07/04/2026 10:30 am ET", "2026-07-04T10:30:00-04:00"),
    ("Submitted on 08/09/2026 14:30 EDT", "2026-08-09T14:30:00-04:00"),
    ("Publicado em 04/07/2026 10:30 -03:00", "2026-07-04T10:30:00-03:00"),  # a bare offset: day first
    ("04/07/2026 09:12 GMT", "2026-07-04T09:12:00+00:00"),
]


@pytest.mark.parametrize("text,iso", DATES)
def test_dates(text, iso):
    assert find_date(text, month_first=True) == iso


def test_without_month_first_a_slashed_date_is_read_day_first_only():
    assert find_date("Published 12/25/2026") is None and find_date("Published 02/12/2026") == "2026-12-02"
    assert find_date("Posted on 07/04/2026 10:30 am ET") == "2026-04-07T10:30:00-04:00"


@pytest.mark.parametrize("text", ["Views: 27", "31 February 2020", "Top 10 of 2019", ""])
def test_not_dates(text):
    assert find_date(text) is None


def test_date_from_url():
    assert date_from_url("https://news.example.org/2021/04/07/world/story.html") == "2021-04-07"
    assert date_from_url("https://example.com/news/12345") is None


BYLINES = [
    ("By Sabina Mammadli", ["Sabina Mammadli"]),
    ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
    ("by Finian Cunningham", ["Finian Cunningham"]),
    ("By Rosa Delgado | Valley Media Group for Valley.com", ["Rosa Delgado"]),
    ("Tuesday March 9, 2021 8:05 am PST by Lena Okoro", ["Lena Okoro"]),
    ("Текст: Анна Смирнова · 12 октября 2020", ["Анна Смирнова"]),
    ("Von Anna Schmidt", ["Anna Schmidt"]),
    ("Par Jean Dupont et Marie Curie", ["Jean Dupont", "Marie Curie"]),
    ("Por María López", ["María López"]),
    ("By Dana K. Ruiz, harbourpost.com", ["Dana K. Ruiz"]),
    ("Stand by me", []),
    ("By clicking accept you agree to our terms", []),
]


@pytest.mark.parametrize("line,names", BYLINES)
def test_bylines(line, names):
    assert byline_names(line) == names


@pytest.mark.parametrize(
    "line,byline,people",
    [
        # a desk or a job credited beside (or instead of) the person is a byline, but no author
        ("By Ines Varga, Sports Reporter", ["Ines Varga", "Sports Reporter"], ["Ines Varga"]),
        ("By ODILE MARCH, Associated Press Writer", ["ODILE MARCH", "Associated Press Writer"], ["ODILE MARCH"]),
        ("By Political Editor", ["Political Editor"], []),
        # one word after a "by" inside a line is a service, an agency or a button, not a person
        ("Weather alerts by Email (sign up)", ["Email"], []),
        ("Parts of this report were supplied by Reuters", ["Reuters"], []),
        ("Photos taken by Lena Okoro", ["Lena Okoro"], ["Lena Okoro"]),
        ("By Okoro", ["Okoro"], ["Okoro"]),  # a byline's lead names whoever it names
    ],
)
def test_byline_people(line, byline, people):
    assert byline_names(line) == byline
    assert byline_names(line, people=True) == people


def test_page_title_parts_and_outlet():
    assert split_page_title("Opinion | Headline Here Today - The New York Times") == [
        "Opinion",
        "Headline Here Today",
        "The New York Times",
    ]
    assert (
        strip_outlet("Slow Roasted Tomato Soup Recipe | The Busy Pantry", "The Busy Pantry")
        == "Slow Roasted Tomato Soup Recipe"
    )
    assert strip_outlet("A Headline - With Dash", "Other Outlet") == "A Headline - With Dash"
    assert strip_outlet("Tide Charts Return - The Harbour Wire", "Harbour Wire") == "Tide Charts Return"
    # a part that names the outlet among other words is the headline's, not the outlet's name
    night_bus = "Comet Song – “Night Bus” (Harbour Wire Premiere)"
    assert strip_outlet(night_bus, "Harbour Wire") == night_bus


@pytest.mark.parametrize(
    "texts,url,source",
    [
        (["Harbour Cranes Idle Again - Coastal Daily Wire", "x"], None, "Coastal Daily Wire"),
        (
            ["Opinion | Republicans Are Following Trump - The New York Times"],
            "https://www.nytimes.com/a",
            "The New York Times",
        ),
        (["twitter", "Caliber.az © 2026. ."], None, "Caliber.az"),
        (["Menu", "Copyright © 2019 CityAM. Limited"], None, "CityAM"),
        (["Menu", "© 2021 HarbourWire Pty Ltd. All rights reserved."], None, "HarbourWire"),
        (
            ["Menu", "Copyright © 2004-2021 - Designed by Blue Harbor Web Studio"],
            "https://www.lakeshorenews.com/x",
            None,
        ),
        (["Menu", "Nothing here"], "https://www.example.org/news/1", None),
        (
            ["The Harbour Post", "News", "© 2026 Harbour Media Group Ltd"],
            "https://www.harbourpost.com/a",
            "The Harbour Post",
        ),
        (["Home", "News", "Sport"], "https://news.harbourpost.com/a", None),
        (["Menu"], None, None),
        # a date after the dash is no outlet; a page title the page repeats whole is its headline
        (["Harbour cranes idle again - March 3, 2026", "x"], None, None),
        (["Harbour Notes: Cranes Idle - Again", "Menu", "Harbour Notes: Cranes Idle - Again", "x"], None, None),
        # ... unless a part of it stands alone as a line too
        (
            ["Cranes idle again - Coastal Wire", "Cranes idle again - Coastal Wire", "Cranes idle again"],
            None,
            "Coastal Wire",
        ),
    ],
)
def test_source(texts, url, source):
    assert find_source(texts, url, None)[0] == source


def test_title_byline_date_around_the_body():
    raw = "\n".join(
        [
            "Menu",
            "Search",
            "Ministers agree on a new budget plan",
            "Fri 16 Jan 2026 | 02:21 PM",
            "By Ahmad El-Assasy",
            "The finance ministers of the region agreed on Friday on a budget plan that had been "
            "under negotiation for more than a year, officials said after the meeting.",
            "The plan still has to be approved by the parliaments of the member countries before it "
            "can come into force at the beginning of next year.",
            "Share",
            "Copyright © 2026 Example News. All rights reserved.",
        ]
    )
    cleaned = clean_text(raw, url="https://www.example-news.com/world/budget")
    assert cleaned.title == "Ministers agree on a new budget plan"
    assert cleaned.author == ["Ahmad El-Assasy"]
    assert cleaned.published_at == "2026-01-16T14:21:00"
    assert cleaned.source == "Example News"
    assert cleaned.body.startswith("The finance ministers")


def test_date_falls_back_to_url():
    raw = "Some headline of the day\n" + "This sentence is a paragraph of the article text. " * 6
    assert clean_text(raw, url="https://example.com/2019/11/19/story").published_at == "2019-11-19"


def test_repeated_page_title_marks_the_headline():
    raw = "\n".join(
        [
            "Council expands bus network - The Daily Example",
            "Home",
            "News",
            "Council expands bus network",
            "The council voted on Tuesday to expand the bus network in the north of the "
            "city, adding twelve new routes over the coming five years.",
        ]
    )
    cleaned = clean_text(raw)
    assert cleaned.title == "Council expands bus network"
    assert cleaned.source == "The Daily Example"


def test_a_headline_with_a_dash_keeps_both_halves():
    raw = "\n".join(
        [
            "Tidal Power Myths – Which Ones Still Hold?",
            "Home",
            "Archives",
            "Tidal Power Myths – Which Ones Still Hold?",
            "by Guest Writer",
            "Tidal turbines have been promised for decades, and most of the early doubts about them "
            "have faded as the first arrays kept running through two winters of storms.",
            "Engineers still argue about the cost of keeping the blades clean, which is where the "
            "remaining myths come from, and the next five years should settle the question.",
            "A third array is planned for the northern strait, where the currents are stronger and the "
            "water colder, and its builders say it will pay for itself within twelve years.",
            "Critics reply that the same promise was made for the first two, and that neither has yet "
            "delivered the power its backers forecast when the money was raised.",
            "5 Responses",
            "Leave a Reply",
            "Recent Posts",
            "Archives",
            "About",
            "Contact",
        ]
    )
    cleaned = clean_text(raw)
    assert cleaned.title == "Tidal Power Myths – Which Ones Still Hold?"
    assert cleaned.source is None


@pytest.mark.parametrize(
    "texts,anchor",
    [
        # the outlet's name repeated in the masthead is not the headline; the longer part is
        (
            [
                "Lanterns return to the old harbour | The Evening Lamp Gazette",
                "The Evening Lamp Gazette",
                "Home",
                "Lanterns return to the old harbour",
                "Body text.",
            ],
            3,
        ),
        # a blog's "Name: Post title" and "Post title « Name" / "Post title -- Name"
        (
            [
                "Notes From The Orchard: Why the pear trees flowered twice",
                "Notes From The Orchard",
                "Archive",
                "Why the pear trees flowered twice",
                "Body text.",
            ],
            3,
        ),
        (["Why the pear trees flowered twice « Notes From The Orchard", "Why the pear trees flowered twice"], 1),
        (["Why the pear trees flowered twice -- Notes From The Orchard", "Why the pear trees flowered twice"], 1),
        (["Lanterns return to the old harbour | The Evening Lamp Gazette", "Home", "Body text."], None),
    ],
)
def test_title_anchor_is_the_line_repeating_the_headline(texts, anchor):
    assert title_anchor(texts) == anchor


@pytest.mark.parametrize(
    "text,lang",
    [
        ("The government approved a new law on climate protection on Tuesday.", "en"),
        ("Правительство во вторник одобрило новый закон о защите климата.", "ru"),
        ("Die Regierung hat am Dienstag ein neues Gesetz zum Klimaschutz beschlossen.", "de"),
        ("Le gouvernement a présenté mardi un projet de loi sur la transition énergétique.", "fr"),
        ("El gobierno aprobó el martes una nueva ley sobre la protección del clima.", "es"),
        ("وافقت الحكومة يوم الثلاثاء على قانون جديد لحماية المناخ في البلاد.", "ar"),
        ("short", None),
    ],
)
def test_language(text, lang):
    assert detect_language(text) == lang


_SCRIPT_CHARS = CharClasses(SCRIPT_CLASSES)


def script_of(text, likely=None):
    return scripts_of(_SCRIPT_CHARS.count([text]), _SCRIPT_CHARS.column, likely)[0]


def test_script_of():
    assert script_of("Ссылка скопирована") == "cyrillic"
    assert script_of("صدى البلد") == "arabic"
    assert script_of("Follow us") == "latin"
    assert script_of("12 345") is None


def test_scripts_of_many_lines_at_once_as_one_by_one():
    lines = ["Follow us", "Ссылка скопирована", "— 12 —", "Moscow (Москва) said", "東京で会議", "Café"]
    together = scripts_of(_SCRIPT_CHARS.count(lines), _SCRIPT_CHARS.column, "latin")
    assert together == [script_of(line, "latin") for line in lines]
    assert together == ["latin", "cyrillic", None, "latin", "han", "latin"]


@pytest.mark.parametrize(
    "text, likely, script",
    [
        ("Café “Zürich” reopens", "latin", "latin"),  # non-ASCII, all Latin: the one-pass check
        ("Ссылка скопирована", "latin", "cyrillic"),  # the likely script is only a first guess
        ("Moscow (Москва) said", "latin", "latin"),  # mostly Latin with a few Cyrillic letters
        ("Москва заявила (Moscow)", "latin", "cyrillic"),
        ("— 12 —", "cyrillic", None),  # no letters at all
    ],
)
def test_script_of_with_a_likely_script(text, likely, script):
    assert script_of(text, likely) == script


AUTHOR_PAGE = """Eastmere Post
Library reopens after a two-year rebuild
The old reading room now has a children's wing and longer hours
{meta}
Eastmere's central library reopened on Saturday after a two-year rebuild, with a queue along the street.
The listed building, first opened in 1911, has a children's wing, a workshop and a cafe. It opens until 8pm.
"People asked for somewhere warm and free in the evenings," the council's culture lead said.
"""


@pytest.mark.parametrize(
    "meta",
    [
        "Saturday 20 June 2026 10:30 BST\nMarta Lindqvist\nLocal democracy reporter",
        "Marta Lindqvist\nLocal democracy reporter\nSaturday 20 June 2026 10:30 BST",
        "Marta Lindqvist, Local democracy reporter\nSaturday 20 June 2026 10:30 BST",
    ],
)
def test_a_name_line_with_the_reporters_job_beside_it_is_the_author(meta):
    page = clean_text(AUTHOR_PAGE.format(meta=meta))
    assert page.author == ["Marta Lindqvist"] and page.title == "Library reopens after a two-year rebuild"


def test_a_name_shaped_line_without_any_known_name_is_no_author():
    page = clean_text(AUTHOR_PAGE.format(meta="Saturday 20 June 2026 10:30 BST\nRelated Articles"))
    assert page.author == []
    page = clean_text(AUTHOR_PAGE.format(meta="Saturday 20 June 2026 10:30 BST\nMarta Lindqvist"))
    assert page.author == ["Marta Lindqvist"]


def test_the_outlet_is_the_page_title_part_beside_the_served_headline_even_when_longer():
    texts = [
        "Flood warning - The Harbourvale Evening Gazette",
        "Flood warning",
        "The river rose by a metre overnight and the council opened two rest centres on the high street.",
    ]
    assert find_source(texts, None, None, "Flood warning") == ("The Harbourvale Evening Gazette", "title suffix")
    # the rules' headline (the title's longest part) yields to the one served
    assert find_source(texts, None, "The Harbourvale Evening Gazette", "Flood warning")[0] == texts[0].split(" - ")[1]
    assert find_source(texts, None, None)[0] == "Flood warning"  # the longest part taken for the headline


def test_a_name_on_the_pages_last_line_above_no_body_is_read_without_error():
    from service.pipeline.clean.metadata import find_authors

    texts = ["Harbour Post", "Harbour bridge to close", "Marta Lindqvist"]
    assert find_authors(texts, 3, 3) == ([], None)  # no headline, dateline or job beside it: no byline


def test_a_short_headline_is_not_lost_to_the_outlets_longer_name_the_copyright_line_gives():
    raw = (
        "Floods - The Harbourvale Evening Gazette\nHome\nNews\nFloods\nTuesday 3 March 2026\n"
        "The river rose by a metre overnight and the council opened two rest centres on the high street.\n"
        "Residents were told to move cars and valuables upstairs before the evening tide.\n"
        "© 2026 The Harbourvale Evening Gazette. All rights reserved.\n"
    )
    page = clean_text(raw)
    assert (page.title, page.source) == ("Floods", "The Harbourvale Evening Gazette")
    assert not names_outlet("News", "Independent Television News")  # a mere word of the name


def test_a_reporters_job_on_its_own_line_is_never_the_title_and_a_doctor_is_an_author():
    raw = (
        "Health\nNews | Wellbeing | Fitness\nFlu jabs cut hospital stays by a third, health board finds\n"
        "Dr. Tomasz Wierzbicki\nHealth writer\nTuesday 3 November 2026\n"
        "Anyone aged fifty or over can book a flu vaccination at a pharmacy from Monday, the health board said.\n"
        "Last winter fewer than half of those eligible took up the offer, and hospital admissions peaked in January.\n"
    )
    page = clean_text(raw)
    assert page.title == "Flu jabs cut hospital stays by a third, health board finds"
    assert page.author == ["Tomasz Wierzbicki"]


@pytest.mark.parametrize(
    "line, job",
    [("Chief Political Correspondent", True), ("Health writer", True), ("Mourners gather at prayer service", False)],
)
def test_a_job_line_is_told_from_a_short_headline_ending_in_a_desk_word(line, job):
    from service.pipeline.clean.titles import _job

    assert _job(line) is job


def test_a_breadcrumb_trail_on_the_first_line_is_never_the_title():
    raw = (
        "Home > News > Politics\nHarbour council backs ferry subsidy for island routes\n"
        "The council voted by 31 to 12 on Thursday to keep paying for the two island ferries until 2030.\n"
        "Islanders had warned that without the subsidy the winter timetable would be cut to three sailings a week.\n"
    )
    assert clean_text(raw).title == "Harbour council backs ferry subsidy for island routes"


STANDFIRST_BODY = (
    "The council voted by 31 to 12 on Thursday to keep paying for the two island ferries until 2030.\n"
    "Islanders had warned that without the subsidy the winter timetable would be cut to three sailings a week.\n"
    "The harbour master said the older of the two boats would be refitted over the summer.\n"
)


@pytest.mark.parametrize(
    "headline",
    ["Ferry subsidy saved", "Analysis: What the ferry deal means for Kelby", "'We fought for this': islanders cheer"],
)
def test_the_headline_over_a_standfirst_is_the_title(headline):
    raw = (
        f"News\n{headline}\n"
        "Councillors back five more years of funding for the two boats that link Kelby to the mainland\n"
        "By Anna Reid, Transport correspondent\n4 December 2026\n" + STANDFIRST_BODY
    )
    assert clean_text(raw).title == headline
