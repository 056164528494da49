"""Built-in generator speed: parse + draft every brief of ../shared/briefs, and print the
median and worst of 20 runs each (goal: under 0.5 s a brief).

    .venv/bin/python bench/generate.py
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cocohop.domain.brief import parse_brief  # noqa: E402
from cocohop.domain.generator import generate_trip  # noqa: E402

SHARED = Path(os.environ.get("COCOHOP_SHARED_DIR", ROOT.parent / "shared"))
RUNS = 20


def main() -> None:
    briefs = json.loads((SHARED / "briefs" / "briefs.json").read_text())["briefs"]
    started = time.perf_counter()
    generate_trip(parse_brief(briefs[0]["text"]))  # loads the content library once
    print(f"first call (library load included): {time.perf_counter() - started:.3f} s")
    print(f"{'brief':<18} {'days':>4} {'median ms':>10} {'worst ms':>9}")
    for brief in briefs:
        timings = []
        for _ in range(RUNS):
            start = time.perf_counter()
            trip = generate_trip(parse_brief(brief["text"]))
            timings.append((time.perf_counter() - start) * 1000)
        print(f"{brief['id']:<18} {len(trip.days):>4} {statistics.median(timings):>10.1f} {max(timings):>9.1f}")


if __name__ == "__main__":
    main()
