"""The `articles` command: analyze, serve, ingest, openapi, es."""
import argparse
import json
import sys

from service.pipeline import analyze


def _load_documents(path: str) -> dict[str, dict]:
    """Read an analysis input: a dict id -> doc, or a list of docs carrying "id"."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    if isinstance(data, list):
        return {str(d["id"]): d for d in data}
    return data


def cmd_analyze(args) -> int:
    docs = _load_documents(args.input)
    out = {}
    for n, (doc_id, doc) in enumerate(docs.items(), 1):
        out[doc_id] = analyze(text=doc.get("raw_text") or doc.get("text"), html=doc.get("html"),
                              url=doc.get("url"))
        print(f"\ranalyzed {n}/{len(docs)}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    with open(args.output, "w", encoding="utf-8") as fh:
        json.dump(out, fh, ensure_ascii=False, indent=1)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="articles", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("analyze", help="run the pipeline over a JSON file, no Elasticsearch")
    p.add_argument("input", help="JSON: id -> {raw_text|text|html, url}, or a list with ids")
    p.add_argument("-o", "--output", required=True, help="where to write id -> analysis")
    p.set_defaults(func=cmd_analyze)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
