"""Build an `articles analyze` input from the HTML dev pages.

    python benchmarks/html_input.py OUT.json [--eval-dir ../shared/eval]

Writes id -> {"html": ..., "url": ...} for every page of boilerplate-dev.json that has
html-dev/<id>.html.gz beside it; score the analysis of OUT.json with score.py body as usual.
"""

import argparse
import gzip
import json
from pathlib import Path

DEFAULT_EVAL_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "eval"


def build(eval_dir: Path) -> dict[str, dict]:
    pages = json.loads((eval_dir / "boilerplate-dev.json").read_text(encoding="utf-8"))
    out = {}
    for doc_id, page in pages.items():
        path = eval_dir / "html-dev" / f"{doc_id}.html.gz"
        if path.exists():
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                out[doc_id] = {"html": fh.read(), "url": page.get("url")}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", help="where to write the analyze input JSON")
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    args = parser.parse_args()
    docs = build(args.eval_dir)
    Path(args.output).write_text(json.dumps(docs, ensure_ascii=False), encoding="utf-8")
    print(f"wrote {len(docs)} pages to {args.output}")


if __name__ == "__main__":
    main()
