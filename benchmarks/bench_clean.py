"""Time the plain-text cleaner: clean_text over the dev pages, several rounds.

    python benchmarks/bench_clean.py [--rounds 5] [--eval-dir ../shared/eval] [--against OTHER_CHECKOUT]

Prints the median and 95th-percentile milliseconds per article, wall-clock and CPU time (the
second is the cleaner's own cost when the machine is shared). With --against, this checkout and
another one (e.g. a `git worktree` of the commit before a change) clean each page in turn, in
random order, in two warm processes, and the CPU times are compared page by page: on a host whose
speed drifts from one minute to the next, runs of the two trees a minute apart can disagree in sign.
"""

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# One warm process of a checkout (argv[1]): it cleans the page whose number it reads, answers its CPU ms.
_WORKER = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from service.pipeline.clean.page import clean_text
pages = list(json.loads(open(sys.argv[2], encoding="utf-8").read()).values())
for page in pages:
    clean_text(page["raw_text"], url=page.get("url"))
print("ready", flush=True)
for line in sys.stdin:
    page = pages[int(line)]
    start = time.process_time()
    clean_text(page["raw_text"], url=page.get("url"))
    print((time.process_time() - start) * 1000, flush=True)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--against", type=Path, help="another checkout to alternate with, page by page")
    args = parser.parse_args()
    path = args.eval_dir / "boilerplate-dev.json"
    if args.against:
        paired(path, [ROOT, args.against.resolve()], args.rounds)
    else:
        alone(path, args.rounds)


def alone(path: Path, rounds: int) -> None:
    sys.path.insert(0, str(ROOT))
    from service.pipeline.clean.page import clean_text

    pages = json.loads(path.read_text(encoding="utf-8"))
    clean_text("Warm-up line.\nA second line of text to load the language model.")
    wall, cpu = [], []
    for _ in range(rounds):
        for page in pages.values():
            start, start_cpu = time.perf_counter(), time.process_time()
            clean_text(page["raw_text"], url=page.get("url"))
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
    print(f"{len(pages)} pages x {rounds} rounds, ms per article:")
    for name, timings in (("wall", wall), ("cpu", cpu)):
        print(f"  {name:4} {summary(timings)}")


def paired(path: Path, trees: list[Path], rounds: int) -> None:
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, str(tree), str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for tree in trees
    ]
    for worker, tree in zip(workers, trees, strict=True):
        if worker.stdout is None or worker.stdout.readline().strip() != "ready":
            sys.exit(f"{tree}: the cleaner did not start")
    n = len(json.loads(path.read_text(encoding="utf-8")))
    cpu: list[list[float]] = [[], []]
    order = random.Random(0)
    for _ in range(rounds):
        for i in range(n):
            for j in order.sample(range(2), 2):
                worker = workers[j]
                assert worker.stdin is not None and worker.stdout is not None
                worker.stdin.write(f"{i}\n")
                worker.stdin.flush()
                cpu[j].append(float(worker.stdout.readline()))
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.close()
        worker.wait()
    print(f"{n} pages x {rounds} rounds, CPU ms per article, the two checkouts page by page:")
    for tree, timings in zip(trees, cpu, strict=True):
        print(f"  {tree}: {summary(timings)}")
    ratios = [this / other for this, other in zip(*cpu, strict=True) if other > 0]
    print(f"  this checkout / --against: median of the pages' ratios {statistics.median(ratios):.3f}")


def summary(timings: list[float]) -> str:
    return f"median {statistics.median(timings):.2f}  p95 {statistics.quantiles(timings, n=20)[-1]:.2f}"


if __name__ == "__main__":
    main()
