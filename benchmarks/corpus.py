"""The benchmark corpus: the dev sets' raw texts and the seeds, cycled with distinct URLs."""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
SOURCES = (EVAL / "boilerplate-dev.json", EVAL / "annotations-dev.json")
SEEDS = ROOT / "seeds"


def base_texts() -> list[dict]:
    """The distinct raw inputs ({text, url}): boilerplate-dev, annotations-dev, then the seeds."""
    out = []
    for path in SOURCES:
        data = json.loads(path.read_text(encoding="utf-8"))
        docs = data.values() if isinstance(data, dict) else data
        out += [
            {"text": d.get("raw_text") or d.get("text"), "url": d.get("url")}
            for d in docs
            if d.get("raw_text") or d.get("text")
        ]
    out += [{"text": p.read_text(encoding="utf-8", errors="replace"), "url": None} for p in sorted(SEEDS.glob("*.txt"))]
    if not out:
        raise SystemExit(f"no benchmark texts found under {EVAL} or {SEEDS}")
    return out


def articles(n: int) -> list[dict]:
    """`n` article payloads cycling through the base texts, each with its own URL."""
    base = base_texts()
    return [{"text": base[i % len(base)]["text"], "url": f"https://bench.example/{i}"} for i in range(n)]
