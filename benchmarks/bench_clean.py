"""Time the plain-text cleaner: clean_text over the dev pages, several rounds.

    python benchmarks/bench_clean.py [--rounds 5] [--eval-dir ../shared/eval]

Prints the median and 95th-percentile milliseconds per article, wall-clock and CPU time (the
second is the cleaner's own cost when the machine is shared).
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.pipeline.clean.page import clean_text  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    args = parser.parse_args()
    pages = json.loads((args.eval_dir / "boilerplate-dev.json").read_text(encoding="utf-8"))
    clean_text("Warm-up line.\nA second line of text to load the language model.")
    wall, cpu = [], []
    for _ in range(args.rounds):
        for page in pages.values():
            start, start_cpu = time.perf_counter(), time.process_time()
            clean_text(page["raw_text"], url=page.get("url"))
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
    print(f"{len(pages)} pages x {args.rounds} rounds, ms per article:")
    for name, timings in (("wall", wall), ("cpu", cpu)):
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(f"  {name:4} median {statistics.median(timings):.2f}  p95 {p95:.2f}")


if __name__ == "__main__":
    main()
