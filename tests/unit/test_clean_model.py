"""The line model: exported trees agree with scikit-learn, the body is one plausible run."""

import numpy as np
import pytest

from service.pipeline.clean import context, features, model, train
from service.pipeline.clean import lines as pagelines


@pytest.mark.parametrize("rows,leaves", [(400, 7), (model.ROWS_AT_ONCE + 300, 31)])  # deep trees, two blocks
def test_exported_trees_give_scikit_learns_probabilities(rows, leaves):
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(0)
    x = rng.random((rows, 3)).astype(np.float32)
    y = (x[:, 0] + 0.3 * x[:, 1] + 0.2 * rng.random(rows) > 0.7).astype(int)
    booster = HistGradientBoostingClassifier(max_iter=20, max_leaf_nodes=leaves, random_state=0).fit(x, y)
    trees = train.export(booster)
    assert np.allclose(trees.probabilities(x), booster.predict_proba(x)[:, 1])


def test_packaged_model_is_trained_on_the_current_features():
    assert model.line_model().names == tuple(features.FEATURES)


@pytest.mark.parametrize(
    "p,expected",
    [
        ([0.1, 0.9, 0.8, 0.2, 0.9, 0.1], (1, 5)),  # one weak line inside the body is bridged
        ([0.9, 0.1, 0.1, 0.1, 0.1, 0.1, 0.9, 0.9], (6, 8)),  # the larger of two runs
        ([0.1, 0.2, 0.1], (0, 0)),
    ],
)
def test_body_run_is_the_best_contiguous_run(p, expected):
    assert model.body_run(np.array(p), np.full(len(p), 200.0), [False] * len(p)) == expected


def test_body_run_stops_at_a_boundary():
    p = np.array([0.9, 0.9, 0.9, 0.9, 0.9])
    assert model.body_run(p, np.full(5, 200.0), [False, False, True, False, False]) == (0, 2)


def test_a_tiny_run_falls_back_to_the_rules_body():
    page = features.read(
        "\n".join(
            [
                "A short teaser line here.",
                "Another teaser line.",
                *[
                    f"The committee met on day {n} and agreed, after a long debate about the "
                    f"budget, that the new rules would start in the spring of next year."
                    for n in range(4)
                ],
            ]
        )
    )
    p = np.zeros(len(page.lines))
    p[0] = 0.99  # the model trusts only a teaser
    assert model.body_lines(page, p) == [page.texts[i] for i in sorted(page.body)]
    assert len(page.body) == 4


def test_sentences_the_model_doubts_among_and_after_the_body_are_kept():
    texts = [
        "Menu",
        "The ferry will run every hour from March, the harbour board said on Monday after a vote "
        "that ended two years of arguments between the island's two councils.",
        "Boards of this kind rarely agree so quickly.",
        "Ticket prices will stay the same for the first year of the new timetable, and season "
        "tickets bought before March will be honoured until they run out.",
        "Work on the pier starts in June.",
        "Share this",
        "Ads by Harbourline.",
    ]
    page = features.read("\n".join(texts))
    p = np.array([0.01, 0.95, 0.2, 0.9, 0.15, 0.01, 0.3])
    # a doubted sentence inside the body and the one right after it stay; a furniture line, and a
    # sentence the model all but rules out, do not
    assert model.body_lines(page, p) == texts[1:5]
    p[2] = p[4] = 0.05
    assert model.body_lines(page, p) == [texts[1], texts[3]]


def test_links_and_photo_credits_among_the_body_lines_need_a_sure_model():
    texts = [
        "Menu",
        "The ferry will run every hour from March, the harbour board said on Monday after a vote "
        "that ended two years of arguments between the island's two councils.",
        "Read more: Harbour board elects a new chair",
        "Ticket prices will stay the same for the first year of the new timetable, and season "
        "tickets bought before March will be honoured until they run out.",
        "Photo: Ines Moreau/Harbour Herald",
        "Work on the pier starts in June and should be finished before the summer crossings begin.",
    ]
    page = features.read("\n".join(texts))
    assert [page.lines[i].furniture for i in (2, 4)] == ["link", "caption"]
    p = np.array([0.01, 0.95, 0.6, 0.9, 0.6, 0.9])
    assert model.body_lines(page, p) == [texts[1], texts[3], texts[5]]
    p[2] = p[4] = 0.8  # the model is sure: an article may quote such a line
    assert model.body_lines(page, p) == texts[1:]


def test_bylines_and_datelines_are_never_gold_body():
    raw = "By Jane Doe\n16 January 2026 11:37\nThe committee met on Monday and agreed on the budget for next year."
    page = features.read(raw)
    gold = {"gold_body": raw}
    assert train.gold_labels(page, gold).tolist() == [0, 0, 1]


def test_gold_headline_is_left_to_the_title():
    raw = "Council expands the bus network\nThe committee met on Monday and agreed on the budget for next year."
    page = features.read(raw)
    gold = {"gold_body": raw, "gold_has_title": True}
    assert train.gold_labels(page, gold).tolist() == [0, 1]


def test_packaged_second_stage_is_trained_on_the_current_features():
    assert context.context_model().names == tuple(context.CONTEXT)


def test_second_stage_rows_describe_the_first_stages_run():
    page = features.read(
        "\n".join(f"Line number {n} of a page about the budget, written as a sentence." for n in range(6))
    )
    x = features.matrix(page)
    p = np.array([0.1, 0.9, 0.8, 0.2, 0.9, 0.1])
    rows = context.matrix(page, x, p)
    column = {name: j for j, name in enumerate(context.CONTEXT)}
    assert rows.shape == (6, len(context.CONTEXT))
    assert rows[:, column["in_run"]].tolist() == [0, 1, 1, 1, 1, 0]
    assert rows[1:, column["p@-1"]].tolist() == pytest.approx(p[:-1].tolist())
    line = [features.FEATURES.index(name) for name in context.LINE]
    assert np.array_equal(rows[:, len(context.CONTEXT) - len(context.LINE) :], x[:, line])
    assert "pos_rev" in features.FEATURES and "pos_rev" not in context.CONTEXT


def test_second_stage_learns_from_first_stage_models_that_never_saw_the_page_source():
    sentence = "The council met on Monday and agreed, after a long debate, on the budget for next year."
    pages = {
        f"{source}/{n}": {
            "raw_text": f"Home\nNews\n{sentence}\n{sentence} Again {n}.\nShare",
            "source": source,
            "gold_body": f"{sentence}\n{sentence} Again {n}.",
        }
        for source in ("a", "b", "c")
        for n in range(3)
    }
    data = train.Dataset(pages)
    fitted_on = []

    class Recording(train.Stages):
        def first(self, keys):
            fitted_on.append({data.source(k) for k in keys})
            return super().first(keys)

    p = Recording(data).predict([k for k in data.keys if data.source(k) != "c"], ["c/0"])
    assert set(p) == {"c/0"} and len(p["c/0"]) == 5
    assert {"a", "b"} in fitted_on and {"a"} in fitted_on and {"b"} in fitted_on
    assert all("c" not in sources for sources in fitted_on)


def test_a_page_sampled_on_its_own_keeps_its_sample_when_another_page_changes():
    rows = {k: np.arange(n, dtype=float)[:, None] + 1000 * i for i, (k, n) in enumerate((("a/1", 200), ("b/2", 300)))}
    labels = {k: np.zeros(len(r), dtype=np.int8) for k, r in rows.items()}
    x, _ = train.sampled([rows["a/1"], rows["b/2"]], [labels["a/1"], labels["b/2"]], ["a/1", "b/2"])
    longer = np.arange(260, dtype=float)[:, None]  # page a/1 now reads 260 lines
    x2, _ = train.sampled([longer, rows["b/2"]], [np.zeros(260, dtype=np.int8), labels["b/2"]], ["a/1", "b/2"])
    assert np.array_equal(x[x[:, 0] >= 1000], x2[x2[:, 0] >= 1000])  # b/2's sample as it was
    assert not np.array_equal(x[x[:, 0] < 1000], x2[x2[:, 0] < 1000])  # a/1's own sample is drawn anew
    assert 0.2 < len(x) / 500 < 0.4


def test_the_run_just_after_the_headline_is_the_article_unless_it_weighs_nothing():
    # a heavier block of teasers, four menu lines, the headline (7), the story
    p = np.array([0.9, 0.9, 0.9, 0.0, 0.0, 0.0, 0.0, 0.1, 0.8, 0.8])
    lengths = np.array([300.0, 300.0, 300.0, 200.0, 200.0, 200.0, 200.0, 60.0, 200.0, 200.0])
    closes = [False] * len(p)
    assert model.body_run(p, lengths, closes) == (0, 3)
    assert model.body_run(p, lengths, closes, anchor=7) == (8, 10)
    p[8:] = 0.42  # barely body: the best run stands
    assert model.body_run(p, lengths, closes, anchor=7) == (0, 3)
    far = np.array([0.9, 0.9, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.8])  # the story opens too far below it
    assert model.body_run(far, np.full(9, 200.0), [False] * 9, anchor=2) == (0, 2)


def test_a_kept_item_of_a_list_brings_the_items_beside_it():
    texts = [
        "Menu",
        "Repotting a fern takes ten minutes and needs nothing but a larger pot, fresh compost and a "
        "little patience, the nursery's owner says.",
        "1. Water the fern the evening before.",
        "2. Ease it out of the old pot.",
        "3. Tease the roots apart gently by hand.",
        "4. Firm it into fresh compost and water again.",
        "Tip: keep it out of direct sun for a week.",
        "Share this",
    ]
    page = features.read("\n".join(texts))
    p = np.array([0.01, 0.95, 0.9, 0.2, 0.3, 0.1, 0.2, 0.01])  # the model doubts the later steps
    assert model.body_lines(page, p) == texts[1:6]
    assert pagelines.item_mark(texts[2]) == pagelines.item_mark(texts[5]) != pagelines.item_mark(texts[6])
    p[2] = 0.05  # no item kept: none brought back
    assert model.body_lines(page, p) == [texts[1]]
