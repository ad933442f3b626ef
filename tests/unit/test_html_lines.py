"""The HTML line model's view of a page (blocks, trafilatura's choices) and the body it chooses."""

import numpy as np

from service.pipeline.clean import html_lines
from service.pipeline.clean.blocks import page_blocks
from service.pipeline.clean.page import clean_html

STORY = [
    "The harbour board voted on Tuesday evening to rebuild the old stone pier before the autumn storms arrive, "
    "ending a dispute that had run for almost three years between fishermen and the town council.",
    "Engineers told the meeting that the pier's foundations had shifted by several centimetres since the spring, "
    "and that another hard winter could leave the eastern arm unsafe for the boats that moor there.",
    "The work will be paid for by a regional grant and a small levy on visiting yachts, which the board said "
    "would be reviewed once the repairs are finished and the pier reopens to walkers next summer.",
    "Local skippers welcomed the decision but asked that the landing steps stay open while the builders are on "
    "site, since most of the morning catch is still brought ashore by hand on the western side.",
]
COMMENTS = [
    "I have walked on that pier every Sunday for forty years and it is about time somebody looked after it properly.",
    "Another grant wasted on a few boats while the roads in the upper town are still full of holes every winter.",
]
PAGE = """<html><head><title>Harbour board backs pier rebuild | Coast Weekly</title></head><body>
<div class="site-nav"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li></ul></div>
<article class="story"><h1>Harbour board backs pier rebuild</h1>
{story}
<div class="share-tools"><a href="#">Share on social media</a></div></article>
<aside class="related"><h3>More from the coast</h3><ul><li><a href="/a">Ferry timetable changes for winter</a></li>
<li><a href="/b">Lifeboat crew honoured at annual dinner</a></li></ul></aside>
<section id="comments"><h3>2 comments</h3>{comments}</section>
<footer><p>Copyright 2026 Coast Weekly. All rights reserved.</p></footer></body></html>"""


def test_blocks_carry_their_markup():
    html = (
        "<html><head><title>A page</title><script>var x = 1;</script></head><body>"
        '<div class="main-nav"><a href="/">Home</a> <a href="/a">About</a></div>'
        '<div id="post-body"><p>First <b>line</b> with <a href="#">one link</a>.<br>Second line</p>tail</div>'
        "</body></html>"
    )
    blocks = page_blocks(html)
    assert [b.text for b in blocks] == ["A page", "Home About", "First line with one link.", "Second line", "tail"]
    assert [b.tag for b in blocks] == ["title", "div", "p", "p", "div"]
    assert blocks[1].link_chars == len("Home About") - 1 and {"nav"} <= blocks[1].words
    assert blocks[2].link_chars == len("one link") and {"post", "body"} <= blocks[2].words
    assert "nav" not in blocks[2].words and blocks[3].link_chars == 0


def test_a_formula_in_markup_is_no_text_of_its_block():
    # MathML and its TeX annotation (an encyclopedia's formulas) read as "{\\displaystyle A}" otherwise
    html = (
        "<html><body><p>A square matrix <math><semantics><mi>A</mi>"
        '<annotation encoding="application/x-tex">{\\displaystyle A}</annotation></semantics></math>'
        " is symmetric when it equals its transpose.</p></body></html>"
    )
    assert [b.text for b in page_blocks(html)] == ["A square matrix is symmetric when it equals its transpose."]


def test_kept_says_what_trafilatura_held_word_for_word():
    extracted = "The pier reopens next summer, the board said.\nBoats moor there."
    texts = ["the pier reopens next summer", "Boats moor", "The pier closes for good", "Menu"]
    kept = html_lines.kept(texts, extracted)
    assert kept.tolist() == [[1.0, 1.0], [1.0, 1.0], [0.0, 0.0], [0.0, 0.0]]
    assert html_lines.kept(["the board said boats moor there now"], extracted)[0, 1] == np.float32(0.75)


def test_html_body_is_the_story_without_navigation_related_links_or_comments():
    html = PAGE.format(
        story="\n".join(f"<p>{p}</p>" for p in STORY),
        comments="\n".join(f'<div class="comment"><p>{c}</p></div>' for c in COMMENTS),
    )
    cleaned = clean_html(html, "https://coastweekly.example/news/pier")
    assert cleaned.title == "Harbour board backs pier rebuild"
    assert cleaned.body.split("\n") == STORY


def test_a_body_far_shorter_than_trafilatura_s_yields_to_it():
    page = html_lines.Blocks(reading=html_lines.features.read("a\nb"), x=np.zeros((2, 1)), titled=False)
    assert html_lines.choose(page, np.array([0.0, 0.0]), None, "The fallback body.") == "The fallback body."


def test_a_doubted_block_stays_when_its_list_or_trafilatura_vouches_for_it():
    items = ["Bring a warm coat for the crossing.", "Tickets sell out by noon.", "Dogs travel free on the lower deck."]
    html = (
        "<html><body><article>"
        + "".join(f"<p>{p}</p>" for p in STORY[:2])
        + "<ul>"
        + "".join(f"<li>{i}</li>" for i in items)
        + "</ul>"
        + f"<p>{STORY[2]}</p><div class='promo'><p>Our autumn crossing guide is out now in print.</p></div>"
        + "</article></body></html>"
    )
    page = html_lines.read(html, "\n".join([*STORY[:3], items[2]]))
    texts = page.reading.texts
    p = np.array([0.9 if t in STORY or t in items[:2] else 0.2 for t in texts])
    lines = html_lines.choose(page, p, None, "").split("\n")
    assert lines == [*STORY[:2], *items, STORY[2]]  # the promo line: no kin, not in trafilatura's text
    p[texts.index(items[1])] = 0.2  # one item kept: no list vouches, trafilatura still holds the last
    assert html_lines.choose(page, p, None, "").split("\n") == [*STORY[:2], items[0], items[2], STORY[2]]
