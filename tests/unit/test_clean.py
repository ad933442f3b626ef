"""Boilerplate removal: furniture lines go, article paragraphs stay, in several languages."""

import json
from pathlib import Path

import pytest

from service.pipeline.clean import lines as pagelines
from service.pipeline.clean.features import read
from service.pipeline.clean.furniture import furniture_kind
from service.pipeline.clean.html import unmarked
from service.pipeline.clean.page import clean_html, clean_text

REPO = Path(__file__).resolve().parents[2]
SEEDS_GOLD = REPO.parent / "shared" / "eval" / "seeds-gold.json"

FURNITURE = [
    ("share-barDid you like this post? Pass it on to a friend!", "share"),
    ("Share this on WhatsApp", "share"),
    ("copy link", "share"),
    ("Follow us on Youtube", "share"),
    ("Поделиться", "share"),
    ("Ссылка скопирована", "share"),
    ("Partager", "share"),
    ("Compartir", "share"),
    ("شارك", "share"),
    ("Views: 27", "counter"),
    ("Просмотров: 1 024", "counter"),
    ("1.2k views", "counter"),
    ("[ 167 comments ]", "counter"),
    ("Top Rated Comments", "counter"),
    ("Caliber.az © 2026. .", "copyright"),
    ("Copyright © 2019 CityAM. Limited", "copyright"),
    ("© 2024 Le Monde. Tous droits réservés.", "copyright"),
    ("Alle Rechte vorbehalten. © 2023 Der Verlag", "copyright"),
    ("Все права защищены © 2022", "copyright"),
    ("جميع الحقوق محفوظة 2024", "copyright"),
    ("Any use of materials is allowed with an active link to the Harbour Post", "copyright"),
    ("This site uses cookies so we can remember your reading settings.", "cookies"),
    ("Nous utilisons des cookies pour améliorer votre expérience.", "cookies"),
    ("Wir verwenden Cookies, um Ihnen das beste Nutzererlebnis zu bieten.", "cookies"),
    ("Photo: Vladimir Putin (Getty Images)", "caption"),
    ("Photo: Damian Dovarganes, AP", "caption"),
    ("© REUTERS / POOL", "caption"),
    ("Фото: личный архив", "caption"),
    ("Image 1 of 23", "caption"),
    ("Foto: dpa", "caption"),
    ("Editor in Chief Mohamed Wadie", "editor"),
    ("Supervisor Elham AbolFateh", "editor"),
    ("Главный редактор: Иван Петров", "editor"),
    ("Rédacteur en chef : Jean Dupont", "editor"),
    ("Related articles", "related"),
    ("Читайте также", "related"),
    ("Lesen Sie auch", "related"),
    ("Te puede interesar", "related"),
    ("اقرأ أيضا", "related"),
    ("Read more: Harbour city doubles its ferry fleet as commuter numbers climb", "link"),
    ("Related: Ten Quiet Beaches Worth the Long Drive", "link"),
    ("Skip to content", "ui"),
    ("Log In", "ui"),
    ("Advertisement", "ui"),
    ("WHAT ARE YOU LOOKING FOR ?", "ui"),
    ("Главная", "ui"),
    ("Startseite", "ui"),
    ("Rechercher", "ui"),
    ("16 January 2026 11:37", "dateline"),
    ("Porto Alegre, City Desk | Updated : 3 March 2021, 14:20", "dateline"),
    ("Published by the Daily Example desk in London on Tuesday, 19 November 2019, 09:01 AM GMT", "dateline"),
    ("By Sabina Mammadli", "byline"),
    ("More from The Daily Example", "related"),
    ("LATEST FOOTBALL NEWS", "related"),
    ("Most Discussed", "related"),
    ("Before you comment, please read our commenting guidelines and be civil.", "discussion"),
    ("Tick this opt-in box and our weekly digest will reach your inbox.", "newsletter"),
    ("I agree that The Daily Example can send me its morning newsletter.", "newsletter"),
    ("4 55 3", "numbers"),
]

CONTENT = [
    "Portugal has openly split with Spain and Greece over the plan to share fishing quotas.",
    "Share prices fell sharply on Monday after the company warned that profits would shrink.",
    "Harlan argued that, for now, the priority of the talks should stay on Warsaw.",
    "Die Regierung hat am Dienstag ein neues Gesetz zum Klimaschutz beschlossen.",
    "Le gouvernement a présenté mardi un projet de loi sur la transition énergétique.",
    "El gobierno aprobó el martes una nueva ley sobre la protección del clima.",
    "Правительство во вторник одобрило новый закон о защите климата.",
    "وافقت الحكومة يوم الثلاثاء على قانون جديد لحماية المناخ في البلاد.",
    "Background",
    "The exhibition opens to visitors on Saturday, March 6, 2021.",
    "More from the budget was spent on roads than on schools last year.",
    "The platform said its community standards had been updated in March.",
    "The guidance, last updated on 19 November 2019, says that schools in the region may stay open.",
]


@pytest.mark.parametrize("line,kind", FURNITURE)
def test_furniture_lines_are_recognised(line, kind):
    assert furniture_kind(line) == kind


@pytest.mark.parametrize("line", CONTENT)
def test_content_lines_are_not_furniture(line):
    assert furniture_kind(line) is None


def _page(*parts: str) -> str:
    return "\n".join(parts)


ENGLISH_PARAS = [
    "On Tuesday the town board agreed to widen its bus network, adding twelve new routes that "
    "will connect the northern suburbs with the centre for the first time in ten years.",
    "Officials said the expansion would cost about 40 million dollars over five years, most of it "
    "paid by a regional transport fund that was set up after the last election.",
    "Residents who spoke at the meeting were broadly in favour, although some of them asked why "
    "the new routes would not run after midnight on weekdays.",
    "The first routes are expected to open in the spring, and the rest will follow once the new "
    "buses have been delivered by the manufacturer.",
]

PAGES = {
    "english": (
        _page(
            "Council expands bus network - The Daily Example",
            "Home",
            "News",
            "Sport",
            "Log In",
            "Subscribe",
            "Council expands bus network",
            "By Jane Doe",
            "16 January 2026 11:37",
            "Photo: Jane Doe / Reuters",
            *ENGLISH_PARAS,
            "Share this article",
            "Facebook",
            "Twitter",
            "Views: 1234",
            "Related articles",
            "Another story about the council that has nothing to do with buses at all, written in "
            "whole sentences so that it looks like content to a naive cleaner.",
            "© 2026 The Daily Example. All rights reserved.",
        ),
        ENGLISH_PARAS,
        ["Home", "Log In", "By Jane Doe", "Views: 1234", "Another story about"],
    ),
    "russian": (
        _page(
            "Главная",
            "Новости",
            "Поиск",
            "Войти",
            "Власти города расширят сеть автобусных маршрутов",
            "Текст: Иван Петров · 24 сентября 2018",
            "Городской совет во вторник проголосовал за расширение автобусной сети, и теперь северные "
            "районы впервые за десять лет будут связаны с центром города.",
            "По словам чиновников, расширение обойдется примерно в сорок миллионов рублей, и большую "
            "часть этих денег выделит региональный транспортный фонд.",
            "Жители, которые выступили на собрании, в целом поддержали это решение, но некоторые из "
            "них спросили, почему новые маршруты не будут работать ночью.",
            "Поделиться",
            "Просмотров: 532",
            "Все права защищены © 2018",
        ),
        ["Городской совет во вторник", "Жители, которые выступили"],
        ["Главная", "Поделиться", "Просмотров", "Текст: Иван Петров"],
    ),
    "german_with_foreign_ui": (
        _page(
            "Startseite",
            "Suche",
            "Anmelden",
            "English",
            "Русский",
            "Stadt erweitert das Busnetz",
            "Der Stadtrat hat am Dienstag beschlossen, das Busnetz zu erweitern, und damit werden die "
            "nördlichen Vororte zum ersten Mal seit zehn Jahren mit dem Zentrum verbunden.",
            "Nach Angaben der Verwaltung kostet die Erweiterung etwa vierzig Millionen Euro, die zum "
            "größten Teil aus einem regionalen Verkehrsfonds bezahlt werden sollen.",
            "Ссылка скопирована",
            "Die ersten Linien sollen im Frühjahr eröffnet werden, die übrigen folgen, sobald die "
            "neuen Busse von dem Hersteller geliefert worden sind.",
            "Teilen",
            "Lesen Sie auch",
            "Alle Rechte vorbehalten. © 2024 Beispiel Verlag",
        ),
        ["Der Stadtrat hat am Dienstag", "Die ersten Linien sollen"],
        ["Startseite", "Ссылка скопирована", "Teilen", "Alle Rechte"],
    ),
    "arabic": (
        _page(
            "الرئيسية",
            "بحث",
            "رئيس التحرير محمد أحمد",
            "المجلس البلدي يوسع شبكة الحافلات",
            "صوت المجلس البلدي يوم الثلاثاء على توسيع شبكة الحافلات في المدينة، وستربط الخطوط "
            "الجديدة الضواحي الشمالية بوسط المدينة لأول مرة منذ عشر سنوات كاملة.",
            "وقال المسؤولون إن التوسعة ستكلف نحو أربعين مليون دولار على مدى خمس سنوات، وسيدفع "
            "معظم هذا المبلغ من صندوق النقل الإقليمي الذي أنشئ بعد الانتخابات الأخيرة.",
            "شارك",
            "جميع الحقوق محفوظة 2024",
        ),
        ["صوت المجلس البلدي", "وقال المسؤولون"],
        ["الرئيسية", "رئيس التحرير", "شارك"],
    ),
}


@pytest.mark.parametrize("name", PAGES)
def test_body_keeps_paragraphs_and_drops_furniture(name):
    raw, kept, dropped = PAGES[name]
    body = clean_text(raw).body
    for start in kept:
        assert any(line.startswith(start[:40]) for line in body.splitlines()), start
    for start in dropped:
        assert not any(line.startswith(start) for line in body.splitlines()), start


def test_body_is_verbatim_paragraphs_in_order():
    raw, _, _ = PAGES["english"]
    assert clean_text(raw).body.split("\n") == ENGLISH_PARAS


def test_comments_after_the_article_are_not_the_body():
    comments = [
        f"I really think the council should have done this years ago, comment number "
        f"{n}, because the buses in my area are always late and always crowded."
        for n in range(12)
    ]
    raw = _page(
        "Council expands bus network - The Daily Example",
        "Council expands bus network",
        *ENGLISH_PARAS,
        "[ 12 comments ]",
        *comments,
    )
    body = clean_text(raw).body
    assert ENGLISH_PARAS[0] in body
    assert "comment number" not in body


def test_name_heavy_sentences_inside_the_article_are_kept():
    results = (
        "Smith beat Jones 6-4, 6-3 and Brown edged White 7-6 (5), 6-4 in Group C on Monday "
        "as Green and Black took the doubles 6-2, 6-2."
    )
    raw = _page("Council expands bus network", *ENGLISH_PARAS[:2], results, *ENGLISH_PARAS[2:])
    assert results in clean_text(raw).body


def test_comment_guidelines_close_the_article():
    teasers = [
        f"Readers are asked to keep their comments on topic number {n}, because we read "
        f"every one of them before it is published on the site."
        for n in range(6)
    ]
    raw = _page(
        "Council expands bus network",
        *ENGLISH_PARAS,
        "When you comment, please be respectful toward fellow readers.",
        *teasers,
    )
    body = clean_text(raw).body
    assert ENGLISH_PARAS[-1] in body and "topic number" not in body


def test_teaser_headlines_before_a_dateline_are_not_the_body():
    teasers = [
        "Harbour board sought extra money for its flood barrier, but the council said no",
        "Ferry crews to the rescue: kayaker stranded on a sandbank is brought home safely",
        "Skimming device found at a gas station in the suburbs on the way to the airport",
    ]
    story = ["BUFFALO, N.Y. — " + ENGLISH_PARAS[0], *ENGLISH_PARAS[1:]]
    raw = _page("Council expands bus network", "Most Popular", *teasers, *story)
    assert clean_text(raw).body.split("\n") == story


def test_a_standfirst_before_a_dateline_stays():
    standfirst = "The city will add twelve routes next year, officials said on Monday after a long review."
    story = ["BUFFALO, N.Y. — " + ENGLISH_PARAS[0], *ENGLISH_PARAS[1:]]
    raw = _page("Council expands bus network", standfirst, *story)
    assert clean_text(raw).body.split("\n") == [standfirst, *story]


def test_empty_page():
    cleaned = clean_text("")
    assert cleaned.body == "" and cleaned.title is None and cleaned.language is None


HTML_PAGE = """<html><head><title>Council expands bus network | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
<meta property="article:published_time" content="2026-01-16T11:37:00+02:00">
<meta name="author" content="Jane Doe"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Council expands bus network</h1>
{paras}
<p>Share this article</p></article>
<footer>© 2026 The Daily Example. All rights reserved.</footer></body></html>"""


def test_html_path_extracts_body_and_metadata():
    html = HTML_PAGE.format(paras="\n".join(f"<p>{p}</p>" for p in ENGLISH_PARAS))
    cleaned = clean_html(html, url="https://example.com/2026/01/16/buses")
    assert cleaned.body.split("\n") == ENGLISH_PARAS
    assert cleaned.title == "Council expands bus network"
    assert cleaned.author == ["Jane Doe"]
    assert cleaned.published_at == "2026-01-16T11:37:00+02:00"
    assert cleaned.source == "The Daily Example"
    assert cleaned.language == "en"


def test_html_without_an_article_falls_back_to_the_text_pass():
    html = "<html><body><div>Home</div><div>Log In</div><div>Too short.</div></body></html>"
    assert clean_html(html).body == ""


SEED_FURNITURE = [
    "twitter",
    "WHAT ARE YOU LOOKING FOR ?",
    "Caliber.az © 2026. .",
    "Views: 27",
    "share-lineLiked the story? Share it on social media!",
    "Ссылка скопирована",
    "Follow us on Youtube",
    "By Sabina Mammadli",
    "Photo: Vladimir Putin (Getty Images)",
    "Supervisor Elham AbolFateh",
    "Editor in Chief Mohamed Wadie",
    "ads",
    "By Ahmad El-Assasy",
    "Fri 16 Jan 2026 | 02:21 PM",
]


@pytest.mark.skipif(not SEEDS_GOLD.exists(), reason="shared eval data not beside the repo")
@pytest.mark.parametrize(
    "seed", json.loads(SEEDS_GOLD.read_text(encoding="utf-8")) if SEEDS_GOLD.exists() else [], ids=lambda s: s["id"][:3]
)
def test_seeds(seed):
    raw = (REPO / "seeds" / f"{seed['id']}.txt").read_text(encoding="utf-8")
    cleaned = clean_text(raw)
    lines = cleaned.body.split("\n")
    gold = seed["gold_body"].split("\n")
    assert lines[0] == gold[0] and lines[-1] == gold[-1]
    assert not set(SEED_FURNITURE) & set(lines)
    assert cleaned.title == seed["title"]
    assert cleaned.author == ([seed["author"]] if seed["author"] else [])
    assert cleaned.published_at == seed["published_iso"]
    assert cleaned.language == "en"
    if seed["source"]:
        assert cleaned.source == seed["source"]


def test_a_single_paragraph_of_prose_is_the_body():
    prose = "\u201cThe ferry will run again in May,\u201d the harbour master, Ole Dahl, said on Friday."
    assert clean_text(prose).body == prose
    assert clean_text("Home\nSport\nShare this article").body == ""


def test_a_one_sentence_text_read_as_a_headline_is_still_the_body():
    # a sentence ending in a quotation mark is headline-shaped to the rules and the title model
    sentence = 'The harbour master was blunt: "The ferry will not run again before the spring."'
    cleaned = clean_text(sentence)
    assert (cleaned.body, cleaned.title) == (sentence, None)
    headline = 'Ferry vote: "It will not run," says harbour master'  # no sentence: a headline alone
    assert (clean_text(headline).body, clean_text(headline).title) == ("", headline)


_CLEAN_PARAS = [
    "Councillor Ines Moreau spoke on Monday.",
    '"The winter service will keep both boats running," she said.',
    "Opponents said the plan would cost too much.",
    "What happens next",
    "The council votes on the timetable in March.",
]


@pytest.mark.parametrize("separator", ["\n", "\n\n"])
@pytest.mark.parametrize("size", [2, 3, 5])
def test_an_article_given_already_clean_keeps_every_sentence(size, separator):
    # short lines, quote lines and a lead sentence are what the line model, trained on scraped
    # pages, dropped from texts this short
    paras = _CLEAN_PARAS[:size]
    cleaned = clean_text(separator.join(paras))
    assert (cleaned.body.split("\n"), cleaned.title) == (paras, None)


def test_an_article_given_already_clean_keeps_its_headline_byline_and_date_apart():
    raw = "\n".join(["Ferry timetable kept for the winter", "By Jonas Weir", "12 March 2025 09:30 GMT", *_CLEAN_PARAS])
    cleaned = clean_text(raw)
    assert cleaned.body.split("\n") == _CLEAN_PARAS
    assert (cleaned.title, cleaned.author, cleaned.published_at) == (
        "Ferry timetable kept for the winter",
        ["Jonas Weir"],
        "2025-03-12T09:30:00+00:00",
    )
    assert cleaned.evidence["title"] == "page title"  # the text's first line, as a scrape's


def test_an_article_given_clean_leaves_out_furniture_and_ends_at_a_comment_section():
    furnished = [
        _CLEAN_PARAS[0],
        "Advertisement",
        *_CLEAN_PARAS[1:],
        "Subscribe to the Harbour Times newsletter for ferry news.",
    ]
    assert clean_text("\n".join(furnished)).body.split("\n") == _CLEAN_PARAS
    shared = clean_text("\n".join(["Ferry timetable kept for the winter", "Share this article", *_CLEAN_PARAS]))
    assert (shared.title, shared.body.split("\n")) == ("Ferry timetable kept for the winter", _CLEAN_PARAS)
    comments = [*_CLEAN_PARAS, "12 Comments", "Great news for the island, thank you.", "Nils", "I disagree."]
    assert pagelines.plain_article(read(unmarked("\n".join(comments))).lines) == (None, [0, 1, 2, 3, 4])


def test_an_article_given_clean_keeps_its_lists():
    listed = [*_CLEAN_PARAS[:3], "The changes are:", "- a later boat on Fridays", "- lower fares", _CLEAN_PARAS[4]]
    assert clean_text("\n".join(listed)).body.split("\n") == listed
    links = [*_CLEAN_PARAS, "- Ferry fares rise in April", "- New harbour master named"]  # a list ending the page
    assert pagelines.plain_article(read(unmarked("\n".join(links))).lines) is None


def test_a_menu_or_a_few_words_are_read_as_a_page():
    menu = ["Home", "News", "Sport", *_CLEAN_PARAS]  # two lines in a row that are no sentences
    assert pagelines.plain_article(read(unmarked("\n".join(menu))).lines) is None
    assert pagelines.plain_article(read(unmarked("Home\nTotally new.")).lines) is None


def test_page_source_handed_over_as_text_is_read_from_its_visible_text():
    # a scraper that gave the page's markup as its text, on one line, with a script's tail before it
    paras = "".join(f'<p class="story"><span>{p}</span></p> ' for p in ENGLISH_PARAS)
    links = "".join(f'<li><a href="/section/{n}" class="nav-link">Section {n}</a></li>' for n in range(12))
    raw = (
        'Council expands bus network - The Daily Example"); obj.style.fontSize = "12pt"; } </script> '
        f'<div id="header"><ul class="menu">{links}</ul></div> <div id="story">{paras}</div> '
        '<div id="footer"><a href="/about">About us</a> <a href="/contact">Contact</a></div>'
    )
    assert "\n" not in raw
    assert clean_text(raw).body.split("\n") == ENGLISH_PARAS


def test_text_quoting_a_little_markup_stays_text():
    text = "Write <b>bold</b> with the b element and <i>italics</i> with the i element, the tutorial says."
    assert unmarked(text) == text


def test_the_language_is_the_bodys_when_the_pages_longest_line_is_no_prose():
    months = ["December", "November", "October", "September", "August", "July", "June", "May", "April", "March"]
    archive = "Select Month " + " ".join(f"{m} {year}" for year in range(2025, 2019, -1) for m in months)
    raw = "\n".join(
        ["Buses for the north - Town Times", "Home", "News", *ENGLISH_PARAS, "Contact us", "Privacy", archive]
    )
    cleaned = clean_text(raw)  # the archive, the longest line, reads as Nigerian Pidgin to py3langid
    assert archive not in cleaned.body and cleaned.language == "en"
