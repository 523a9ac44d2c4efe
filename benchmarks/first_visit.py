"""What a first visit downloads: bytes of every response a fresh browser receives for one page.

    .venv/bin/python -m benchmarks.first_visit [SITE_DIR] [PATH ...]

Serves SITE_DIR (default: site/) on 127.0.0.1, opens each PATH (default: the Chinese home, the
English home and the Zhengzhou indicator page) in a new Chromium context (empty cache), waits
until the network is idle, and prints the sum of the response body sizes: raw (what a host that
does not compress sends) and gzip (what a compressing host sends, level 6), with the search
index's share. Then it focuses the search box and prints what that adds (the index, when search
is deferred until the reader asks for it).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import shutil
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_PATHS = ["", "en/", "plans/zhengzhou-ip-2021-2025/indicators/high-value-invention-patents-per-10k/"]
SEARCH_INDEX = "search/search_index.json"
SETTLE_MS = 1500  # after "networkidle": a late request (a deferred one released too early) still counts


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@dataclass
class Tally:
    raw: int = 0
    gzip: int = 0
    search_raw: int = 0
    urls: list[str] = field(default_factory=list)

    def add(self, url: str, body: bytes) -> None:
        self.raw += len(body)
        self.gzip += len(gzip.compress(body, compresslevel=6, mtime=0))
        self.urls.append(url)
        if url.split("?")[0].endswith(SEARCH_INDEX):
            self.search_raw += len(body)


def _serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def measure(browser, url: str) -> tuple[Tally, Tally]:
    """(first view, what focusing the search box adds) for one page in a fresh context."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
    try:
        page = context.new_page()
        first, after = Tally(), Tally()
        current = [first]  # the tally that responses go to: the first view, then the search step

        def on_response(response) -> None:
            try:
                current[0].add(response.url, response.body())
            except Exception:  # a redirect or an aborted request has no body
                pass

        page.on("response", on_response)
        page.goto(url, wait_until="networkidle")
        page.wait_for_timeout(SETTLE_MS)
        current[0] = after
        box = page.locator("input.md-search__input")
        toggle = page.locator("label.md-header__button[for='__search']").first
        if box.count():
            if not box.is_visible() and toggle.count():
                toggle.click()
            box.focus()
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(SETTLE_MS)
        return first, after
    finally:
        context.close()


def _kb(n: int) -> str:
    return f"{n / 1024:,.1f} KB"


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    site = Path(argv[0]) if argv else Path("site")
    paths = argv[1:] or DEFAULT_PATHS
    if not (site / "index.html").exists():
        print(f"no built site at {site} (make site, or pass its folder)", file=sys.stderr)
        return 2
    server, base = _serve(site)
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=executable, args=["--no-sandbox", "--disable-gpu"])
            print(f"{'page':<60} {'requests':>8} {'raw':>11} {'gzip':>11} {'index':>11} | focus adds")
            for path in paths:
                first, after = measure(browser, base + path)
                print(
                    f"{'/' + path:<60} {len(first.urls):>8} {_kb(first.raw):>11} {_kb(first.gzip):>11} "
                    f"{_kb(first.search_raw):>11} | {_kb(after.raw)} raw, index {_kb(after.search_raw)}"
                )
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
