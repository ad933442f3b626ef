"""`articles clean`: cleaning and metadata only, on a process pool, same input as `analyze`."""

import json

import pytest

from service.cli import main

PARAGRAPHS = [
    "The harbour authority said on Thursday that the old ferry terminal will close for repairs in "
    "March, and that passengers will board from a temporary pier on the eastern side of the bay.",
    "Engineers found cracks in the concrete supports last autumn, and the repairs are expected to "
    "take about six months, according to a statement published by the authority.",
    "Local businesses near the terminal asked for clear signs to the temporary pier, because many "
    "visitors arrive by train and walk down to the water without knowing the town.",
]
TEXT_PAGE = "\n".join(
    [
        "Ferry terminal to close for repairs - The Harbour Times",
        "Home",
        "News",
        "Log In",
        "Ferry terminal to close for repairs",
        "By Maria Lopez",
        "12 February 2026 08:15",
        *PARAGRAPHS,
        "Share this article",
        "© 2026 The Harbour Times. All rights reserved.",
    ]
)
HTML_PAGE = (
    "<html><head><title>Ferry terminal to close | The Harbour Times</title></head><body>"
    "<nav><a href='/'>Home</a></nav><article><h1>Ferry terminal to close</h1>"
    + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    + "</article></body></html>"
)


@pytest.mark.parametrize("workers", [1, 2])
def test_clean_writes_body_and_metadata_per_id(tmp_path, workers):
    source, target = tmp_path / "in.json", tmp_path / "out.json"
    source.write_text(
        json.dumps(
            {
                "a": {"raw_text": TEXT_PAGE, "url": "https://example.com/2026/02/12/ferry"},
                "b": {"html": HTML_PAGE},
                "c": {"text": ""},
            }
        ),
        encoding="utf-8",
    )
    assert main(["clean", str(source), "-o", str(target), "--workers", str(workers)]) == 0
    out = json.loads(target.read_text(encoding="utf-8"))
    assert list(out) == ["a", "b", "c"]
    assert out["a"]["body"].split("\n") == PARAGRAPHS
    assert out["a"]["title"] == "Ferry terminal to close for repairs"
    assert out["a"]["author"] == ["Maria Lopez"]
    assert out["a"]["published_at"] == "2026-02-12T08:15:00"
    assert out["a"]["language"] == "en"
    assert out["b"]["body"].split("\n") == PARAGRAPHS
    assert out["c"]["body"] == ""
    assert set(out["a"]) == {
        *("body", "title", "author", "published_at", "source", "source_domain", "language", "evidence")
    }
    where = {"title": "headline line", "author": "byline line", "published_at": "dateline", "source": "title suffix"}
    assert out["a"]["evidence"] == where
    assert out["b"]["evidence"] == {**dict.fromkeys(where), "title": "h1", "source": "title suffix"}
    assert out["c"]["evidence"] == dict.fromkeys(where)


def test_characters_no_parser_holds_are_read_as_spaces(tmp_path):
    """A lone surrogate (JSON can carry one), control characters, and HTML's form feed and vertical
    tab (which lxml parses, written or referenced, and then refuses to hold), also in HTML given as
    text: every page is cleaned, none stops the run."""
    source, target = tmp_path / "in.json", tmp_path / "out.json"
    dirty = [p.replace(" the ", " the\ud849 ", 1).replace(", ", ",\x00 ", 1) for p in PARAGRAPHS]
    html = HTML_PAGE.replace("<p>", "<p>\x0c&#11;").replace(". ", ".\x0b&#x1B; ").replace(",", ",&#12;")
    markup = html.replace("<nav>", '<nav><span class="menu-item"></span>' * 40)  # a page's source given as text
    source.write_text(
        json.dumps(
            {"a": {"raw_text": TEXT_PAGE.replace(PARAGRAPHS[0], dirty[0])}, "b": {"html": html}, "c": {"text": markup}}
        ),
        encoding="utf-8",
    )
    assert main(["clean", str(source), "-o", str(target), "--workers", "1"]) == 0
    out = json.loads(target.read_text(encoding="utf-8"))
    assert [p.split() for p in out["a"]["body"].split("\n")] == [p.split() for p in PARAGRAPHS]
    assert [p.split() for p in out["b"]["body"].split("\n")] == [p.split() for p in PARAGRAPHS]
    assert [p.split() for p in out["c"]["body"].split("\n")] == [p.split() for p in PARAGRAPHS]  # markup as text
