"""Browser test harness: build the site once, serve it on 127.0.0.1, drive Debian's Chromium.

Every page a test opens goes through `open_page`, which records console errors, page
errors, failed requests, HTTP errors and any request that tries to leave 127.0.0.1
(those are aborted). `PageVisit.assert_clean()` fails on any of them.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator import paths

ROOT = paths.ROOT
ARTIFACTS = ROOT / "test-artifacts"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LANGS = ("zh", "en")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


# --- build and serve ----------------------------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output readable
        pass


@dataclass
class Served:
    root: Path  # the built site on disk
    base: str  # e.g. "http://127.0.0.1:41234/"

    def url(self, lang: str, path: str = "") -> str:
        """URL of a page, e.g. url("en", "plans/x/") -> http://127.0.0.1:N/en/plans/x/."""
        return self.base + ("en/" if lang == "en" else "") + path

    def pages(self, lang: str) -> list[str]:
        """Every page of one language, as paths relative to the language root ("" = home)."""
        top = self.root / "en" if lang == "en" else self.root
        out = []
        for f in sorted(top.rglob("index.html")):
            rel = f.parent.relative_to(top).as_posix()
            if lang == "zh" and (rel == "en" or rel.startswith("en/")):
                continue
            if rel.startswith(("assets", "search")) or "404" in rel:
                continue
            out.append("" if rel == "." else rel + "/")
        return out


def serve(site: Path):
    """Serve a folder on 127.0.0.1 (free port) from a daemon thread; returns (Served, stop)."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    served = Served(root=site, base=f"http://127.0.0.1:{server.server_address[1]}/")

    def stop():
        server.shutdown()
        server.server_close()

    return served, stop


def build(data_dir: Path, out: Path) -> Path:
    from generator.pipeline import BuildSettings, build_site

    build_site(BuildSettings(data_dir=Path(data_dir), out_dir=out, cache_dir=out.parent / "cache"))
    return out


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Served:
    """The site built ONCE from the bundled data/, served for the whole session."""
    out = build(paths.DATA, tmp_path_factory.mktemp("browser") / "site")
    served, stop = serve(out)
    yield served
    stop()


# --- the browser ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        pytest.fail(
            "chromium is not on the PATH (bash .ci/run installs Debian's; GitHub's ubuntu-24.04 image has /usr/bin/chromium)"
        )
    pw = sync_playwright().start()
    chromium = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    pw.stop()


@dataclass
class PageVisit:
    """One opened page and everything that went wrong while it loaded."""

    page: object
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        problems = {
            "console errors": self.console_errors,
            "page errors": self.page_errors,
            "failed requests": self.failed,
            "requests leaving 127.0.0.1": self.external,
            "dialogs (alert/confirm/prompt)": self.dialogs,
        }
        # One line per distinct problem: the same 404 on every page says it once.
        found = {k: sorted(set(v)) for k, v in problems.items() if v}
        assert found == {}, self.page.url


def _local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https", "ws") and parts.hostname == "127.0.0.1"


@pytest.fixture
def open_page(browser):
    """open_page(url, viewport=DESKTOP, js=True) -> PageVisit; contexts are closed after the test."""
    contexts = []

    def _open(url: str, viewport: dict = DESKTOP, js: bool = True, wait: str = "load") -> PageVisit:
        context = browser.new_context(viewport=viewport, java_script_enabled=js, service_workers="block")
        contexts.append(context)
        context.set_default_timeout(10_000)
        page = context.new_page()
        visit = PageVisit(page=page)

        def route(r):
            if _local(r.request.url):
                r.continue_()
            else:
                visit.external.append(r.request.url)
                r.abort("blockedbyclient")

        context.route("**/*", route)
        page.on("console", lambda m: m.type == "error" and visit.console_errors.append(m.text))
        page.on("pageerror", lambda e: visit.page_errors.append(str(e)))
        # ERR_ABORTED: a request cancelled because the test navigated on (not a failure).
        page.on(
            "requestfailed",
            lambda r: "ERR_ABORTED" not in (r.failure or "") and visit.failed.append(f"{r.url} {r.failure}"),
        )
        page.on("response", lambda r: r.status >= 400 and visit.failed.append(f"{r.url} HTTP {r.status}"))

        def dialog(d):
            visit.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)
        page.goto(url, wait_until=wait)
        return visit

    yield _open
    for c in contexts:
        c.close()


# --- which pages ----------------------------------------------------------------------


def _pick(candidates: list[str], prefix: str, preferred: str | None, depth: int) -> str | None:
    rows = [p for p in candidates if p.startswith(prefix) and p.count("/") == depth]
    if preferred and prefix + preferred + "/" in rows:
        return prefix + preferred + "/"
    return rows[0] if rows else None


@pytest.fixture(scope="session")
def key_pages(site) -> dict[str, str]:
    """Home, a city, a plan, an indicator (with a chart), a concept and a department page."""
    pages = site.pages("zh")
    indicator = _pick(pages, "plans/zhengzhou-ip-2021-2025/indicators/", "high-value-invention-patents-per-10k", 4)
    chosen = {
        "home": "",
        "city": _pick(pages, "cities/", "zhengzhou", 2),
        "plan": _pick(pages, "plans/", "zhengzhou-ip-2021-2025", 2),
        "indicator": indicator or _pick(pages, "plans/", None, 4),
        "concept": _pick(pages, "concepts/", "high-value-invention-patents-per-10k", 2),
        "department": _pick(pages, "departments/zhengzhou/", "market-regulation", 3)
        or _pick(pages, "departments/", None, 3),
    }
    missing = [k for k, v in chosen.items() if v is None]
    assert missing == [], f"no {missing} page in the built site: {pages[:40]}"
    for path in chosen.values():
        assert path in site.pages("en"), f"{path} has no English mirror"
    return chosen


KINDS = ["home", "city", "plan", "indicator", "concept", "department"]


def search(page, term: str, timeout_s: float = 60) -> None:
    """Type a query into Material's search like a person would, and wait for its results.

    The search worker builds its index after the page loads; a query typed before it is
    ready can be dropped, so the query is typed again (as a person would) until results
    show, for up to `timeout_s`.
    """
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator("label.md-header__button[for='__search']").first.click()
    box.click()
    items = page.locator(".md-search-result__item")
    for _ in range(max(1, int(timeout_s / 3))):
        box.fill("")
        box.press_sequentially(term, delay=40)
        try:
            items.first.wait_for(state="attached", timeout=3_000)
            return
        except Exception:
            continue
