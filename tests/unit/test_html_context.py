"""The second HTML block model's view of the markup: containers, the article's container, and
nested training on first-stage probabilities from models that never saw the page's source."""

import numpy as np

from service.pipeline.clean import html_context, html_lines, html_train, train
from service.pipeline.clean.blocks import page_blocks

LETTER = (
    "<html><body>"
    '<div class="menu"><a href="/">Front page</a> <a href="/tides">Tide tables</a></div>'
    '<div class="story"><h2>Ferry returns</h2><div class="text">'
    "<p>The island ferry sailed again on Friday after three weeks in dry dock for repairs to its rudder.</p>"
    "<p>Passengers queued from dawn, and the first crossing carried the post, two tractors and a choir.</p>"
    "<p>The harbour master said winter sailings would follow the summer timetable until the new year.</p>"
    "</div></div>"
    '<div class="foot"><p>Letters to the editor may be shortened.</p></div>'
    "</body></html>"
)


def _column(rows: np.ndarray, name: str) -> list[float]:
    return [round(float(v), 3) for v in rows[:, html_context.DOM.index(name)]]


def test_containers_sum_what_the_first_model_and_trafilatura_say_about_them():
    found = page_blocks(LETTER)
    assert [b.text for b in found][0] == "Front page Tide tables"
    assert found[2].path[:-1] == found[4].path[:-1] != found[5].path[:-1]  # the paragraphs in one container
    p = np.array([0.1, 0.3, 0.9, 0.7, 0.8, 0.2])
    kept = np.array([[0, 0], [1, 1], [1, 1], [1, 1], [0, 0], [0, 1]], dtype=np.float32)
    rows = html_context.dom(found, p, kept)
    assert rows.shape == (6, len(html_context.DOM))
    chars = np.array([len(b.text) for b in found], dtype=float)
    paragraphs = (p[2:5] * chars[2:5]).sum() / chars[2:5].sum()
    assert _column(rows, "up1_mean_p")[2:5] == [round(float(paragraphs), 3)] * 3
    assert _column(rows, "up0_mean_p") == p.tolist()  # each block alone in its element
    assert _column(rows, "up1_default")[5] == 1.0 and _column(rows, "up1_precision")[2] < 1.0
    # the paragraphs hold most of the likely text: they are the article's container, the menu and heading not
    assert _column(rows, "in_main") == [0.0, 0.0, 1.0, 1.0, 1.0, 0.0]
    # trafilatura kept the heading and two paragraphs: most of that is the paragraphs', their container
    assert _column(rows, "in_kept_main") == [0.0, 0.0, 1.0, 1.0, 1.0, 0.0]
    assert _column(rows, "below_main") == [-1.0, -1.0, 1.0, 1.0, 1.0, -1.0]
    assert _column(rows, "up0_links")[0] > 0.9 and _column(rows, "up0_links")[2] == 0.0


def test_a_page_without_likely_text_has_no_article_container():
    found = page_blocks(LETTER)
    rows = html_context.dom(found, np.zeros(len(found)), np.zeros((len(found), 2), dtype=np.float32))
    assert _column(rows, "in_main") == [0.0] * len(found) and _column(rows, "below_main") == [-1.0] * len(found)
    assert html_context.dom([], np.zeros(0), np.zeros((0, 2))).shape == (0, len(html_context.DOM))


def test_packaged_second_stage_reads_the_current_features():
    assert html_context.context_model().names == html_context.CONTEXT


def test_html_second_stage_learns_from_first_stage_models_that_never_saw_the_page_source():
    def example(source: str, n: int) -> html_train.Example:
        html = LETTER.replace("choir", f"choir of {n} singers")
        blocks = html_lines.read(html, "", None)
        story = "\n".join(blocks.reading.texts[2:5])
        y = train.gold_labels(blocks.reading, {"gold_body": story})
        return html_train.Example(source, blocks, y, None, story)

    examples = {f"{s}/{n}": example(s, n) for s in ("a", "b", "c") for n in range(3)}
    fitted = html_train.stages(examples)
    fitted_on = []
    first = fitted.first
    fitted.first = lambda keys: fitted_on.append({examples[k].source for k in keys}) or first(keys)
    held = fitted.predict([k for k in examples if not k.startswith("c/")], ["c/0"])
    assert set(held) == {"c/0"} and len(held["c/0"]) == len(examples["c/0"].y)
    assert {"a", "b"} in fitted_on and {"a"} in fitted_on and {"b"} in fitted_on
    assert all("c" not in sources for sources in fitted_on)
