"""Build an `articles analyze` / `articles clean` input from the HTML development pages.

    python benchmarks/html_input.py OUT.json [--source NAME] [--eval-dir ../shared/eval]

Writes id -> {"html": ..., "url": ...} for every page of the source that has its HTML beside it:
"scrapinghub" (the default) is boilerplate-dev.json with html-dev/<id>.html.gz, any other name
is boilerplate/<name>.json with boilerplate/html/<name>/<id>.html.gz. Score the output of
`articles clean OUT.json -o pred.json` against the same gold file with score.py body as usual.
"""

import argparse
import gzip
import json
from pathlib import Path

from service.pipeline.clean.html_train import DEV, html_file
from service.pipeline.clean.train import DEFAULT_EVAL_DIR


def build(eval_dir: Path, source: str = DEV) -> dict[str, dict]:
    gold = eval_dir / "boilerplate-dev.json" if source == DEV else eval_dir / "boilerplate" / f"{source}.json"
    pages = json.loads(gold.read_text(encoding="utf-8"))
    out = {}
    for doc_id, page in pages.items():
        path = html_file(eval_dir, source, doc_id)
        if path.exists():
            with gzip.open(path, "rt", encoding="utf-8", errors="replace") as fh:
                out[doc_id] = {"html": fh.read(), "url": page.get("url")}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", help="where to write the input JSON")
    parser.add_argument("--source", default=DEV, help="scrapinghub, or a boilerplate/<source>.json name")
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    args = parser.parse_args()
    docs = build(args.eval_dir, args.source)
    Path(args.output).write_text(json.dumps(docs, ensure_ascii=False), encoding="utf-8")
    print(f"wrote {len(docs)} pages to {args.output}")


if __name__ == "__main__":
    main()
