"""Mutated pages through the pipeline: every exception other than Unprocessable, and the slowest pages.

    .venv/bin/python -m benchmarks.mutate [--mode text|html|source] [--pages 300] [--seed 0] [--out DIR]

Takes the dev pages of ../shared/eval/boilerplate (raw text, or the gzipped HTML beside them, given
as HTML or, `source`, as text: a scraper that hands over the page's source),
damages each a random way (truncated, shuffled or joined lines, sprinkled control characters and
odd marks, a slice repeated thousands of times, capitals, other quote marks, random Unicode, deep
or unclosed markup) and analyses it as `articles analyze` does. Prints one line a crash (the
input is written to --out for `python -m benchmarks.mutate --replay FILE`) and at the end the
counts and the five slowest pages by CPU. Exit status 1 when anything crashed.
"""

import argparse
import gzip
import json
import random
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from service.pipeline.limits import AnalysisFailed, Unprocessable
from service.pipeline.run import analyze

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "boilerplate"
ODD = [
    *("\u200b", "\u200e", "\u202e", "\ufeff", "\x00", "\x0b", "\x0c", "\r", "\u2028", "\u00a0", "\t", "\x85"),
    *("\u201c", "\u201d", "\u00ab", "\u00bb", "\u201e", "'", '"', "\u2014", "\u2026", "\U0001f600", "\u0301"),
    *("\ud849", "\ufb01", "\u0130", "<", ">", "&amp;", "&#0;", "&#12;", "&#x110000;", "&nbsp;", "<br>", "<p>"),
    *("</p>", "<script>", "<!--", "]]>", "said", "said.", "Mr.", "(", ")", ":", "By ", "\n\n\n", "\u00a9"),
]
MARKUP = [
    "<div>" * 3000,
    "</div>" * 3000,
    "<a href='" + "x" * 100_000,
    "<![CDATA[",
    "<?xml version='1.0' encoding='latin-1'?>",
    "<meta charset='utf-16'>",
    "<table>" + "<tr><td>x" * 2000,
    "<p>" + "<b>" * 5000 + "deep",
    "<title>" + "T" * 5000,
    "<script>" + "var x = '</p>';" * 500,
    "&" * 5000,
    "<" * 5000,
]


def _sprinkle(rng: random.Random, page: str) -> str:
    chars = list(page)
    for _ in range(rng.randrange(1, 200)):
        chars.insert(rng.randrange(len(chars) + 1), rng.choice(ODD))
    return "".join(chars)


def _repeat_slice(rng: random.Random, page: str) -> str:
    at = rng.randrange(len(page))
    piece = page[at : at + rng.randrange(1, 60)] or "x"
    return page[:at] + piece * rng.randrange(50, 3000) + page[at:]


def _shuffle_lines(rng: random.Random, page: str) -> str:
    lines = page.split("\n")
    rng.shuffle(lines)
    return "\n".join(lines)


def _insert(rng: random.Random, page: str, pieces: list[str]) -> str:
    at = rng.randrange(len(page) + 1)
    return page[:at] + rng.choice(pieces) + page[at:]


MUTATIONS: list[Callable[[random.Random, str], str]] = [
    lambda rng, page: page[: rng.randrange(len(page))],
    _sprinkle,
    _shuffle_lines,
    lambda rng, page: page.replace("\n", " "),
    lambda rng, page: "\n".join(page[:3000]),
    _repeat_slice,
    lambda rng, page: page.upper(),
    lambda rng, page: page.replace('"', rng.choice("\u201c\u201d\u00ab\u201e'")).replace(
        "'", rng.choice('\u2019\u2018"')
    ),
    lambda rng, page: page + "".join(chr(rng.randrange(32, 0x2FFFF)) for _ in range(rng.randrange(10, 3000))),
    lambda rng, page: "".join(rng.choice(ODD) for _ in range(rng.randrange(1, 5000))),
    lambda rng, page: _insert(rng, page, MARKUP),
]


def mutate(rng: random.Random, page: str) -> str:
    """`page` damaged one random way (never empty)."""
    return rng.choice(MUTATIONS)(rng, page or "x") or "x"


def _pages(mode: str) -> list[str]:
    if mode in ("html", "source"):
        return [gzip.open(f, "rt", encoding="utf-8", errors="replace").read() for f in sorted(EVAL.glob("html/*/*.gz"))]
    return [page["raw_text"] for f in sorted(EVAL.glob("*.json")) for page in json.loads(f.read_text()).values()]


def run_one(given: dict) -> tuple[str | None, float]:
    """(the traceback of a crash or None, CPU seconds) of analysing `given`."""
    started = time.process_time()
    try:
        analyze(**given)
    except AnalysisFailed as failed:  # a crash the pipeline caught (its traceback is logged)
        return str(failed), time.process_time() - started
    except Unprocessable:
        pass
    except Exception:
        return traceback.format_exc(limit=-4), time.process_time() - started
    return None, time.process_time() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=["text", "html", "source"], default="text")
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("mutated"))
    parser.add_argument("--replay", type=Path, help="analyse one written input again and print its traceback")
    args = parser.parse_args(argv)
    if args.replay:
        crash, cpu = run_one(json.loads(args.replay.read_text(encoding="utf-8")))
        print(crash or f"no crash ({cpu:.2f} s CPU)")
        return 1 if crash else 0
    rng, pages = random.Random(args.seed), _pages(args.mode)
    crashes, timings = 0, []
    for n in range(args.pages):
        field = "html" if args.mode == "html" else "text"
        given = {field: mutate(rng, rng.choice(pages))}
        crash, cpu = run_one(given)
        timings.append((cpu, len(given[field]), n))
        if crash:
            crashes += 1
            args.out.mkdir(exist_ok=True)
            path = args.out / f"{args.mode}-{args.seed}-{n}.json"
            path.write_text(json.dumps(given), encoding="utf-8")
            print(f"page {n}: {crash.strip().splitlines()[-1]} (input: {path})", flush=True)
    slowest = ", ".join(f"{cpu:.1f} s ({chars:,} chars, page {n})" for cpu, chars, n in sorted(timings)[-5:][::-1])
    print(f"{args.pages} mutated {args.mode} pages, {crashes} crashed; slowest: {slowest}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
