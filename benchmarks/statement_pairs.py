"""Same-statement decisions for quote pairs: `python -m benchmarks.statement_pairs IN.json -o OUT.json`.

IN is a list of {id, text_a, text_b} (two quotes by one speaker); OUT maps id -> true when the
service would make them one statement (the function ingest uses).
"""

import argparse
import json
from pathlib import Path

from service.pipeline.relate.statements import same_statement


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input")
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()
    pairs = json.loads(Path(args.input).read_text())
    out = {p["id"]: same_statement(p["text_a"], p["text_b"]) for p in pairs}
    Path(args.output).write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
