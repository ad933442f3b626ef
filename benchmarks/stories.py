"""Story grouping of the pure relate step on labelled stories, in-sample and cross-validated.

`python -m benchmarks.stories ../shared/eval/stories/allsides-dev.json` replays the articles in
publication order exactly as ingest assigns them (each joins the story of its most similar
article published within the window, else starts one) and prints B-cubed figures: in-sample over
a grid of thresholds, then 5-fold cross-validation by story and leave-one-month-out, each fold's
threshold chosen on the other folds. Needs the eval scorer (`--score` path to score.py).
"""

import argparse
import importlib.util
import json
import random
from datetime import datetime
from pathlib import Path

from service.pipeline.relate.stories import STORY_SIMILARITY, best_match, lead_terms, window

GRID = [round(0.15 + 0.025 * n, 3) for n in range(11)]


def assign(articles: list[dict], threshold: float) -> dict[str, str]:
    """article id -> story id, articles taken in publication order as ingest would."""
    seen: list[dict] = []
    story: dict[str, str] = {}
    now = datetime.now()
    for a in sorted(articles, key=lambda a: (a["published_at"], a["id"])):
        terms = lead_terms(a["title"], a["text"])
        low, high = window(a["published_at"], now)
        candidates = [s for s in seen if low <= s["published_at"] <= high]
        match = best_match(terms, candidates, threshold)
        story[a["id"]] = match["story"] if match else a["id"]
        published = datetime.fromisoformat(a["published_at"]).isoformat()
        seen.append({"terms": terms, "story": story[a["id"]], "published_at": published})
    return story


def _scorer(path: str):
    spec = importlib.util.spec_from_file_location("score", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.score_stories


def _figures(score, articles, threshold) -> dict:
    gold = {a["id"]: a for a in articles}
    r = score(gold, assign(articles, threshold))
    return {k: round(r[k], 3) for k in ("bcubed_precision", "bcubed_recall", "bcubed_f1")}


def cross_validate(score, folds: list[list[dict]]) -> dict:
    """Each fold scored at the threshold that is best on the other folds; mean of the folds."""
    out = []
    for n, test in enumerate(folds):
        train = [a for m, f in enumerate(folds) if m != n for a in f]
        best = max(GRID, key=lambda t: _figures(score, train, t)["bcubed_f1"])
        out.append({"threshold": best, **_figures(score, test, best)})
    mean = {k: round(sum(f[k] for f in out) / len(out), 3) for k in ("bcubed_precision", "bcubed_recall", "bcubed_f1")}
    return {"mean": mean, "folds": out}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data")
    parser.add_argument("--score", default=str(Path(__file__).resolve().parents[2] / "shared/eval/score.py"))
    args = parser.parse_args()
    articles = json.loads(Path(args.data).read_text())
    score = _scorer(args.score)
    stories = sorted({a["cluster"] for a in articles})
    random.Random(0).shuffle(stories)
    fold_of = {s: n % 5 for n, s in enumerate(stories)}
    by_story = [[a for a in articles if fold_of[a["cluster"]] == n] for n in range(5)]
    months = sorted({a["published_at"][:7] for a in articles})
    by_month = [[a for a in articles if a["published_at"][:7] == m] for m in months]
    report = {
        "in_sample": {str(t): _figures(score, articles, t) for t in GRID},
        "default_threshold": STORY_SIMILARITY,
        "cv_5fold_by_story": cross_validate(score, by_story),
        "cv_leave_one_month_out": cross_validate(score, by_month),
    }
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
