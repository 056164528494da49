"""Edit-to-preview latency in the running app, measured as a designer sees it: from the
last keystroke in a day's title to the travel-book PDF with that title fully received by
the preview frame (autosave debounce + save + render + transfer).

    bash scripts/run.sh &            # or any running instance
    .venv/bin/python bench/preview.py [--url http://localhost:3000] [--runs 5]
"""

from __future__ import annotations

import argparse
import io
import statistics
import time

from playwright.sync_api import sync_playwright
from pypdf import PdfReader

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://localhost:3000")
    parser.add_argument("--email", default="claire@atelier-voyages.example")
    parser.add_argument("--password", default="demo-password")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(f"{args.url}/sign-in")
        page.fill("#field-email", args.email)
        page.fill("#field-password", args.password)
        page.click("#sign-in")
        page.wait_for_selector("#profile-link")
        page.goto(f"{args.url}/")
        page.locator("table a").first.click()
        page.wait_for_selector("#day-title")
        days = page.locator(".day-entry").count()
        page.locator(".day-entry").nth(1).click()
        page.wait_for_timeout(2000)  # the first preview, with the worker processes warm
        finished: dict[str, float] = {}  # url -> when the frame had received the whole PDF
        page.on("requestfinished", lambda request: finished.setdefault(request.url, time.perf_counter()))
        latencies, sizes = [], []
        for run in range(args.runs):
            title = f"Preview check {run} {time.time():.0f}"
            old_src = page.get_attribute("#book-preview", "src")
            page.fill("#day-title", title)
            started = time.perf_counter()
            page.wait_for_function(
                "old => document.querySelector('#book-preview').getAttribute('src') !== old", arg=old_src, timeout=30_000
            )
            url = args.url + page.get_attribute("#book-preview", "src")
            deadline = time.perf_counter() + 30
            while url not in finished and time.perf_counter() < deadline:
                page.wait_for_timeout(10)
            latencies.append(finished[url] - started)
            body = page.request.get(url).body()  # the same book, now from the renderer's cache
            text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(body)).pages)
            assert title in text.replace("\n", " "), "the preview does not carry the edit"
            sizes.append(len(PdfReader(io.BytesIO(body)).pages))
            page.wait_for_timeout(300)
        browser.close()
    print(f"trip of {days} days, book of {sizes[-1]} pages")
    print(f"last keystroke -> new book in the preview: median {statistics.median(latencies):.2f} s "
          f"(runs: {', '.join(f'{x:.2f}' for x in latencies)}); goal <= 1 s")


if __name__ == "__main__":
    main()
