"""`python -m benchmarks.ablation` on two hand-written articles: it prints a cross-validated row per rule asked for."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.ablation import DEFAULT_EVAL

REPO = Path(__file__).resolve().parent.parent
SCORE = DEFAULT_EVAL / "score.py"
ARTICLE = (
    "Harbour news\n"
    "Talia Brennik reached the harbour of Porto at noon after three days at sea with a crew of six, and the catch was "
    "poor again this week.\n"
    "“The nets are empty again, and the buyers have stopped waiting for us at the quay,” she said as the boats "
    "were tied up for the night.\n"
    "The Harbour Cooperative will meet on Friday to discuss the quotas and the price of fuel, which has doubled since "
    "the spring."
)
QUOTE = "The nets are empty again, and the buyers have stopped waiting for us at the quay"


@pytest.mark.skipif(not SCORE.exists(), reason="needs the evaluation scorer, score.py")
def test_ablation_prints_the_rules_effect(tmp_path):
    gold = [
        {
            "id": str(n),
            "source_set": source_set,
            "raw_text": ARTICLE,
            "quotes": [{"text": QUOTE, "speaker": "Talia Brennik", "speaker_kind": "person"}],
            "entities": {"person": ["Talia Brennik"], "organization": [], "location": ["Porto"]},
        }
        for n, source_set in enumerate(("scrapinghub", "dragnet"))
    ]
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.ablation", str(path), "--score", str(SCORE), "--rules", "pronoun_speakers"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    row = done.stdout.strip().splitlines()[-1].split()
    assert row[0] == "pronoun_speakers"
    assert [float(v) for v in row[1:]] == [0.0, 0.0, 1.0, 1.0]  # entity, quotes: 5-fold, leave-one-source-out
