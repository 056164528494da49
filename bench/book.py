"""Travel-book speed: a ~50-page book (16-day trip, a generated 12-megapixel photo on every
day, the route map, practical information, contacts, quote summary, documents) rendered
through ``render_book`` and its warm module-level renderer, as the app does.

Prints the median wall time of 5 full renders (chunk cache emptied before each; worker
processes warm), the median time to refresh the book after one day's text changed, the page
count and peak memory (this process and the worker processes). Goals on a 2-core machine:
full render <= 1.5 s, refresh <= 0.5 s, peak memory <= 500 MB.

    .venv/bin/python bench/book.py [--runs 5] [--workers 2] [--out bench/out/book.pdf]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import io
import multiprocessing
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from cocohop.book import render  # noqa: E402
from cocohop.book.photos import prepare_photo  # noqa: E402
from cocohop.book.sample import (  # noqa: E402
    generate_photo,
    sample_branding,
    sample_documents,
    sample_quote,
    sample_trip,
)

GOALS = {"full": 1.5, "refresh": 0.5, "memory_mb": 500}


def _peak_mb_of(pid: int) -> float:
    """High-water mark of a live process's resident memory (VmHWM), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _make_photo(args: tuple[int, str]) -> tuple[str, float]:
    seed, photo_dir = args
    original = generate_photo(4000, 3000, seed=seed)
    started = time.perf_counter()
    ref = prepare_photo(original, photo_dir).ref
    return ref, time.perf_counter() - started


def _text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workers", type=int, default=None, help="renderer worker processes (default: one per core)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "book.pdf")
    parser.add_argument("--compare", action="store_true",
                        help="also time the same book as one WeasyPrint document in this process (no chunks)")
    args = parser.parse_args()

    photo_dir = Path(tempfile.mkdtemp(prefix="cocohop-bench-photos-"))
    # Photos are made in another process: a 12 MP image in memory would otherwise set this
    # process's peak memory, which should be the renderer's.
    started = time.perf_counter()
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        prepared = list(pool.map(_make_photo, [(day, str(photo_dir)) for day in range(16)]))
    refs = [ref for ref, _ in prepared]
    print(f"photos: 16 originals of 4000x3000 generated and prepared in {time.perf_counter() - started:.1f} s; "
          f"prepare_photo median {statistics.median(t for _, t in prepared) * 1000:.0f} ms each (once per photo)")

    trip = sample_trip(16, "fr", refs, rich=True)
    branding, quote, documents = sample_branding(), sample_quote(), sample_documents()

    # The app's renderer: the module-level one that render_book uses, here over the
    # benchmark's photo folder.
    renderer = render.BookRenderer(args.workers, photo_dir=photo_dir)
    render._default_renderer = renderer
    t = time.perf_counter()
    renderer.warm_up(branding)
    print(f"warm-up (start {renderer.workers} workers, fonts, rate tables): {time.perf_counter() - t:.2f} s")

    t = time.perf_counter()
    first = render.render_book(trip, branding, quote=quote, documents=documents)
    first_stats = renderer.last_stats
    print(f"first render (map and practical facts computed, nothing cached): {time.perf_counter() - t:.3f} s "
          f"(view+HTML {first_stats.seconds_view:.3f} s, chunks {first_stats.seconds_chunks:.3f} s, "
          f"contents {first_stats.seconds_toc:.3f} s, merge {first_stats.seconds_merge:.3f} s)")

    full_times, stats = [], []
    for _ in range(args.runs):
        renderer.clear_cache()
        t = time.perf_counter()
        pdf = render.render_book(trip, branding, quote=quote, documents=documents)
        full_times.append(time.perf_counter() - t)
        stats.append(renderer.last_stats)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)

    refresh_times, refresh_stats = [], []
    for run in range(args.runs):
        day = trip.days[(3 + 5 * run) % len(trip.days)]
        day.text += f"\n\nNote ajoutée par la conseillère, modification {run + 1}."
        t = time.perf_counter()
        refreshed = render.render_book(trip, branding, quote=quote, documents=documents)
        refresh_times.append(time.perf_counter() - t)
        refresh_stats.append(renderer.last_stats)

    # The refreshed book must read exactly like a book rendered from scratch. That full
    # render runs under tracemalloc (it slows Python down: not during the timed runs).
    renderer.clear_cache()
    tracemalloc.start()
    from_scratch = render.render_book(trip, branding, quote=quote, documents=documents)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    same = _text(refreshed) == _text(from_scratch)

    main_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_peaks = [_peak_mb_of(pid) for pid in renderer.worker_pids()]
    total_peak = main_peak + sum(worker_peaks)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(pdf)

    def median_of(attribute: str, runs) -> float:
        return statistics.median(getattr(s, attribute) for s in runs)

    full = statistics.median(full_times)
    refresh = statistics.median(refresh_times)
    print(f"pages: {pages}   PDF: {len(pdf) / 1e6:.1f} MB ({args.out.relative_to(ROOT)})   first render: {len(first) / 1e6:.1f} MB")
    print(f"full render, median of {args.runs}: {full:.3f} s  (runs: {', '.join(f'{x:.2f}' for x in full_times)})"
          f"  goal <= {GOALS['full']} s: {'ok' if full <= GOALS['full'] else 'MISSED'}")
    print(f"    of which view+HTML {median_of('seconds_view', stats):.3f} s, chunks in parallel "
          f"{median_of('seconds_chunks', stats):.3f} s, contents {median_of('seconds_toc', stats):.3f} s, "
          f"merge+numbers {median_of('seconds_merge', stats):.3f} s; {stats[-1].chunks} chunks")
    print(f"refresh after one day's text changed, median of {args.runs}: {refresh:.3f} s  "
          f"(runs: {', '.join(f'{x:.2f}' for x in refresh_times)})  goal <= {GOALS['refresh']} s: "
          f"{'ok' if refresh <= GOALS['refresh'] else 'MISSED'}")
    print(f"    chunks laid out again per refresh: {sorted({', '.join(s.rendered) for s in refresh_stats})}")
    print(f"refreshed book reads the same as a full render: {same}")
    print(f"peak memory: this process {main_peak:.0f} MB (Python allocations {traced_peak / 1e6:.0f} MB), "
          f"workers {' + '.join(f'{p:.0f}' for p in worker_peaks) or '0'} MB; total {total_peak:.0f} MB  "
          f"goal <= {GOALS['memory_mb']} MB: {'ok' if total_peak <= GOALS['memory_mb'] else 'MISSED'}")
    if args.compare:
        html = render.book_html(trip, branding, quote=quote, documents=documents, photo_dir=photo_dir)
        render.html_to_pdf(html, photo_dir=photo_dir)  # warm this process's fonts
        times = []
        for _ in range(3):
            t = time.perf_counter()
            single = render.html_to_pdf(html, photo_dir=photo_dir)
            times.append(time.perf_counter() - t)
        print(f"for comparison, the same book as one WeasyPrint document in one process: "
              f"{statistics.median(times):.3f} s, {len(PdfReader(io.BytesIO(single)).pages)} pages")
    print(f"machine: {os.cpu_count()} cores, load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    renderer.close()
    shutil.rmtree(photo_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
