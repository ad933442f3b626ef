"""`articles train-clean`, `train-html` and `train-titles` take the options of their modules."""

import json

from service.cli import build_parser, main
from service.pipeline.clean import context, features, html_train, model, title_train, train

ARTICLE = [
    "The river authority opened a new footbridge on Saturday after two years of building work.",
    "Cyclists and walkers can now cross the valley without taking the long road through the village.",
    "The bridge cost less than planned, the authority said, because the steel was bought early.",
    "A small exhibition in the old mill shows photographs of the construction, season by season.",
]
MENU = ["Home", "Local news", "Sport", "Weather", "Contact us", "Subscribe", "Privacy", "Terms of use"]


def _page(n: int) -> dict:
    story = [f"{line} It was the town's project number {n}." for line in ARTICLE]
    return {
        "raw_text": "\n".join(["Footbridge opens - Valley Post", *MENU, *story, *MENU]),
        "gold_body": "\n".join(story),
    }


def test_train_clean_accepts_no_cv_and_out(tmp_path):
    eval_dir, out = tmp_path / "eval", tmp_path / "models" / "new"  # --out need not exist yet
    (eval_dir / "boilerplate").mkdir(parents=True)
    (eval_dir / "boilerplate-dev.json").write_text(json.dumps({f"a{n}": _page(n) for n in range(12)}))
    (eval_dir / "boilerplate" / "other.json").write_text(json.dumps({f"b{n}": _page(n) for n in range(12)}))
    assert main(["train-clean", "--no-cv", "--out", str(out), "--eval-dir", str(eval_dir)]) == 0
    first = model.Trees.load((out / model.MODEL_FILE).read_bytes())
    second = model.Trees.load((out / context.MODEL_FILE).read_bytes())
    assert first.names == tuple(features.FEATURES) and second.names == tuple(context.CONTEXT)
    page = features.read(_page(99)["raw_text"])
    p = first.probabilities(features.matrix(page))
    assert p[len(MENU) + 1 : len(MENU) + 5].min() > 0.5 > p[1 : len(MENU) + 1].max()


def test_train_titles_options_reach_the_module():
    args = build_parser().parse_args(["train-titles", "--no-cv", "--dry-run", "--eval-dir", "elsewhere", "--seed", "8"])
    assert args.func is title_train.run
    assert (args.cv, args.write, str(args.eval_dir), args.seed) == (False, False, "elsewhere", 8)
    assert build_parser().parse_args(["train-titles"]).seed == title_train.SEED


def test_train_clean_defaults_are_the_modules():
    args = build_parser().parse_args(["train-clean"])
    assert args.func is train.run
    assert (args.no_cv, args.out, args.eval_dir) == (False, train.DEFAULT_OUT, train.DEFAULT_EVAL_DIR)


def test_train_html_options_reach_the_module():
    args = build_parser().parse_args(["train-html", "--no-cv", "--workers", "3", "--out", "elsewhere"])
    assert args.func is html_train.run
    assert (args.no_cv, args.workers, str(args.out)) == (True, 3, "elsewhere")
