"""`benchmarks/bench_clean.py` alone and page by page against another checkout (here: this one)."""

import json
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PAGES = {
    f"p{i}": {
        "raw_text": f"Home\nNews\nHarbour ferry {i} to stop for winter\n"
        "The ferry that links the two halves of the town will stop running on Friday, the port said.\n"
        "Repairs to the landing stage will take until March, according to its chief engineer.\nShare this",
        "url": f"https://example.org/ferry-{i}",
    }
    for i in range(3)
}


def _run(tmp_path: Path, *args: str) -> str:
    (tmp_path / "boilerplate-dev.json").write_text(json.dumps(PAGES), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "bench_clean.py"), "--eval-dir", str(tmp_path), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_alone_prints_wall_and_cpu_times(tmp_path):
    out = _run(tmp_path, "--rounds", "2")
    assert "3 pages x 2 rounds" in out
    assert re.search(r"cpu\s+median \d+\.\d\d\s+p95 \d+\.\d\d", out)


def test_against_a_checkout_times_both_page_by_page(tmp_path):
    out = _run(tmp_path, "--rounds", "2", "--against", str(REPO))
    assert "3 pages x 2 rounds, CPU ms per article, the two checkouts page by page" in out
    assert len(re.findall(r"median \d+\.\d\d\s+p95 \d+\.\d\d", out)) == 2
    ratio = float(re.search(r"median of the pages' ratios (\d+\.\d+)", out)[1])
    assert 0.2 < ratio < 5  # the same code on both sides
