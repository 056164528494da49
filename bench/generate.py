"""Generation speed.

1. Built-in generator: parse + draft every brief of ../shared/briefs, and print the median and
   worst of 20 runs each (goal: under 0.5 s a brief).
2. Model drafter: a 14-day trip (the Japan honeymoon brief, 4 to 17 April) drafted with the real
   openai client against the loopback fake OpenAI server (tests/support/fake_openai.py) answering
   every call after 2 s; prints the wall time (goal: 15 s at most), the calls and the most calls
   in flight at once.

    .venv/bin/python bench/generate.py              # both
    .venv/bin/python bench/generate.py --builtin    # only 1
    .venv/bin/python bench/generate.py --model [--delay 2.0] [--concurrency 6]
"""

from __future__ import annotations

import argparse
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
MODEL_GOAL_S = 15.0


def bench_builtin() -> None:
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



def bench_model(delay: float, concurrency: int) -> None:
    from datetime import date

    from cocohop.adapters.llm import LLMClient, LLMConfig
    from cocohop.services.drafting import draft_trip
    from tests.support.fake_openai import JAPAN_BRIEF_FACTS, FakeOpenAI, cooperative_model

    briefs = {b["id"]: b for b in json.loads((SHARED / "briefs" / "briefs.json").read_text())["briefs"]}
    text = briefs["jp-honeymoon-fr"]["text"] if "jp-honeymoon-fr" in briefs else "Japon du 4 au 17 avril 2027."
    facts = dict(JAPAN_BRIEF_FACTS, lang="fr", end="2027-04-17", nights=13)
    with FakeOpenAI() as server:
        server.handler = cooperative_model(facts, delay=delay)
        llm = LLMClient(LLMConfig(api_key="bench", base_url=server.base_url, timeout_s=30, max_retries=0,
                                  max_concurrency=concurrency))
        progress: list[tuple[int, int, float]] = []
        started = time.perf_counter()
        result = draft_trip(text, llm=llm, today=date(2026, 11, 2),
                            progress=lambda done, total, message: progress.append((done, total, time.perf_counter())))
        wall = time.perf_counter() - started
        llm.close()
    days = len(result.trip.days)
    sequential = len(server.requests) * delay
    print(f"model drafter: {days} days, {result.model_calls} calls ({len(server.requests)} HTTP requests), "
          f"{server.max_in_flight} in flight at most, each answered after {delay:.1f} s")
    print(f"  wall time {wall:.2f} s (goal <= {MODEL_GOAL_S:.0f} s: {'ok' if wall <= MODEL_GOAL_S else 'MISSED'}); "
          f"one call after the other would take {sequential:.0f} s")
    first_day = next((t for d, n, t in progress if d == 1), None)
    if first_day is not None:
        print(f"  first day written after {first_day - started:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--builtin", action="store_true", help="only the built-in generator")
    parser.add_argument("--model", action="store_true", help="only the model drafter")
    parser.add_argument("--delay", type=float, default=2.0, help="seconds the fake server takes per answer")
    parser.add_argument("--concurrency", type=int, default=6, help="days written at once")
    args = parser.parse_args()
    if not args.model:
        bench_builtin()
    if not args.builtin:
        if not args.model:
            print()
        bench_model(args.delay, args.concurrency)


if __name__ == "__main__":
    main()
