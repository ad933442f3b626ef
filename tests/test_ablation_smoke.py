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
    "Harbour master Oren Vask shook his head at the empty crates.\n"
    "“Fuel costs have doubled since the spring and nobody is buying fish at these prices.”\n"
    "The Harbour Cooperative will meet on Friday to discuss the quotas and the price of fuel, which has doubled since "
    "the spring."
)
QUOTE = "The nets are empty again, and the buyers have stopped waiting for us at the quay"
UNCUED = "Fuel costs have doubled since the spring and nobody is buying fish at these prices."


@pytest.mark.skipif(not SCORE.exists(), reason="needs the evaluation scorer, score.py")
def test_ablation_prints_the_rules_effect(tmp_path):
    gold = [
        {
            "id": str(n),
            "source_set": source_set,
            "raw_text": ARTICLE,
            "quotes": [
                {"text": QUOTE, "speaker": "Talia Brennik", "speaker_kind": "person"},
                {"text": UNCUED, "speaker": "Oren Vask", "speaker_kind": "person"},
            ],
            "entities": {"person": ["Talia Brennik", "Oren Vask"], "organization": [], "location": ["Porto"]},
        }
        for n, source_set in enumerate(("scrapinghub", "dragnet"))
    ]
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.ablation", str(path), "--score", str(SCORE), "--rules", "ranked_speakers"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    row = done.stdout.strip().splitlines()[-1].split()
    assert row[0] == "ranked_speakers"
    # entity, quotes: 5-fold, leave-one-source-out; ranking finds the uncued quote's speaker
    assert [float(v) for v in row[1:]] == [0.0, 0.0, 0.5, 0.5]
