"""The site's frame on a phone: no search index before a search, a 404 page that works under a
sub-path, the language switch's size, and no words of the other language in the UI.

Lean on purpose (the browser step is slow): one browser, sampled pages, the session's site plus
one small build with a project-site ``site_url``.
"""

from __future__ import annotations

import http.server
import mimetypes
import re
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from conftest import DESKTOP, PHONE, search

from generator import paths

pytestmark = pytest.mark.browser

INDEX = "search/search_index.json"
SAMPLE = [
    "",
    "cities/zhengzhou/",
    "plans/zhengzhou-ip-2021-2025/",
    "plans/zhengzhou-ip-2021-2025/indicators/high-value-invention-patents-per-10k/",
    "plans/zhengzhou-ip-2021-2025/tasks/",
    "departments/zhengzhou/market-regulation/",
    "concepts/high-value-invention-patents-per-10k/",
    "about/",
    "methodology/",
    "downloads/",
    "whats-new/",
    "no-such-page/",  # the 404 page
]
# Not UI text: the revision histories (another part of issue 14 rewrites them; `.history` is
# their list, `[data-history]` the hook for their section), code, and anything marked as being
# in another language (a verbatim quote carries its own lang).
EXCLUDED = ".history, [data-history], .history-unavailable, code, pre, kbd, script, style, svg"
# Words a Chinese page may show in Latin letters: proper names, abbreviations used as such in
# Chinese, file formats, units. Each is a word, compared case-sensitively.
ALLOWED_ON_ZH = {
    "WIPO", "PCT", "GDP", "CSV", "JSON", "SVG", "PNG", "PDF", "XLSX", "ZIP", "RSS", "Atom", "GitHub",
    "URL", "ID", "KB", "MB", "Open", "SDG", "Excel", "UTF",
}  # fmt: skip
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
# A gloss: the other language's term in brackets right after a word in the page's language
# (议题（issue）, at least (超过, 以上)), or in brackets that also hold the page's language
# ((e.g. 年专利转化率提升30%, "raise the rate by 30%")). A bracket of the other language alone
# ("(draft for public comment)" as a table cell) is not a gloss.
BRACKETS = re.compile(r"[(（][^()（）]*[)）]")
OWN_LETTER = {"zh": CJK, "en": re.compile(r"[A-Za-z,.:;\"”’)]")}
OWN_WORD = {"zh": CJK, "en": re.compile(r"[A-Za-z]{2,}")}

# Text nodes a reader sees (or a screen reader hears: title, alt, aria-label, placeholder), each
# with the lang of its nearest element that says one, and a short context.
COLLECT = """(excluded) => {
  const out = [];
  const langOf = el => (el.closest('[lang]') || document.documentElement).getAttribute('lang');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest(excluded) || !n.textContent.trim()) continue;
    if (!el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') continue;
    out.push([n.textContent.trim(), langOf(el), el.tagName + '.' + el.className]);
  }
  for (const el of document.body.querySelectorAll('[title], [alt], [aria-label], [placeholder]')) {
    if (el.closest(excluded)) continue;
    for (const a of ['title', 'alt', 'aria-label', 'placeholder']) {
      const v = el.getAttribute(a);
      if (v && v.trim()) out.push([v.trim(), langOf(el), el.tagName + '@' + a]);
    }
  }
  out.push([document.title, document.documentElement.lang, 'title']);
  return out;
}"""


def without_glosses(text: str, lang: str) -> str:
    def keep(m: re.Match) -> str:
        before = text[: m.start()].rstrip()
        glossed = before and OWN_LETTER[lang].match(before[-1])
        return "" if glossed or OWN_WORD[lang].search(m.group(0)) else m.group(0)

    return BRACKETS.sub(keep, text)


def leaks(page, lang: str) -> list[tuple[str, str]]:
    """(word, context) of every word of the other language in the page's UI text."""
    found = []
    for full, text_lang, where in page.evaluate(COLLECT, EXCLUDED):
        if (text_lang or lang)[:2] != lang:
            continue  # marked as another language: a verbatim quote, a name in its original
        text = without_glosses(full, lang)
        if lang == "zh":
            words = [w for w in WORD.findall(text) if w not in ALLOWED_ON_ZH and not _in_token(w, text)]
        else:
            words = CJK.findall(text)
            words = [text[:40]] if words else []
        found += [(w, f"{where}: {full[:120]}") for w in words]
    return found


def _in_token(word: str, text: str) -> bool:
    """Part of a file name, slug, number or address (e.g. 000_b089.txt, ip-2021-2025, 8.9mm)."""
    return any(word in tok and re.search(r"[\d_./:@]", tok) for tok in text.split())


# --- search index only when searching ----------------------------------------------------------


def test_no_search_index_before_search_then_search_works(site, open_page):
    visit = open_page(site.url("zh", SAMPLE[3]), viewport=PHONE, wait="networkidle")
    page = visit.page
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.wait_for_timeout(1500)  # a late request would still be caught
    index_requests = [u for u in requested if INDEX in u]
    # the ones made while the page loaded are in the browser's performance timeline
    loaded = page.evaluate("() => performance.getEntriesByType('resource').map(e => e.name)")
    assert [u for u in loaded if INDEX in u] == [] and index_requests == [], "index fetched before any search"

    page.locator("label.md-header__button[for='__search']").first.click()  # the phone's search icon
    search(page, "专利")  # focuses the box, types
    assert page.locator(".md-search-result__item").count() > 0
    loaded = page.evaluate("() => performance.getEntriesByType('resource').map(e => e.name)")
    assert any(INDEX in u for u in loaded), "search worked without its index?"
    visit.assert_clean()


# --- the 404 page under a sub-path -------------------------------------------------------------


class _SubPath(http.server.BaseHTTPRequestHandler):
    """Serves a built site under PREFIX, answering a miss as a static host does: 404 with the
    language's 404.html (en/404.html for addresses under en/)."""

    root: Path
    prefix: str

    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self._answer(body=False)

    def do_GET(self):
        self._answer(body=True)

    def _answer(self, body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        status, file = 404, None
        if path.startswith(self.prefix):
            rel = path[len(self.prefix) :]
            target = (self.root / rel).resolve()
            if self.root in (target, *target.parents):
                if target.is_dir() and (target / "index.html").exists():
                    if not path.endswith("/"):
                        self.send_response(301)
                        self.send_header("Location", path + "/")
                        self.end_headers()
                        return
                    status, file = 200, target / "index.html"
                elif target.is_file():
                    status, file = 200, target
            if file is None:
                file = self.root / ("en/404.html" if rel.startswith("en/") else "404.html")
        data = file.read_bytes() if file else b"not found"
        self.send_response(status)
        self.send_header("Content-Type", mimetypes.guess_type(str(file))[0] or "text/html" if file else "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)


def serve_under(site_root: Path, prefix: str):
    handler = type("Handler", (_SubPath,), {"root": site_root.resolve(), "prefix": prefix})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


@pytest.fixture(scope="module")
def project_site(tmp_path_factory) -> Path:
    """The small valid fixture built as a GitHub Pages project site (site_url with a path)."""
    tmp = tmp_path_factory.mktemp("project-site")
    cfg = yaml.safe_load((paths.ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    cfg["site_url"] = "https://example.github.io/portal/"
    (tmp / "mkdocs.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    from generator.pipeline import BuildSettings, build_site

    out = tmp / "site"
    build_site(
        BuildSettings(
            data_dir=paths.ROOT / "tests" / "fixtures" / "valid" / "minimal",
            out_dir=out,
            cache_dir=tmp / "cache",
            mkdocs_yml=tmp / "mkdocs.yml",
        )
    )
    return out


MISSES = {
    "zh": ["no-such-page/", "plans/no-such-plan/indicators/x/", "a/b/c/d.html"],
    "en": ["en/no-such-page/", "en/plans/no-such-plan/"],
}
NOT_FOUND_TITLE = {"zh": "找不到这个页面", "en": "Page not found"}


@pytest.mark.parametrize("deploy", ["site_url empty", "project site_url"])
def test_404_page_keeps_its_styles_and_links_under_a_sub_path(deploy, site, project_site, browser):
    root = site.root if deploy == "site_url empty" else project_site
    origin, server = serve_under(root, "/portal/")
    context = browser.new_context(viewport=PHONE, service_workers="block")
    try:
        page = context.new_page()
        for lang, misses in MISSES.items():
            for miss in misses:
                bad_assets: list[str] = []

                def on_response(r, bad_assets=bad_assets):
                    if r.status >= 400 and "/assets/" in r.url:
                        bad_assets.append(r.url)

                page.on("response", on_response)
                response = page.goto(f"{origin}/portal/{miss}")
                page.remove_listener("response", on_response)
                assert response.status == 404
                where = f"{deploy}: /portal/{miss}"
                assert page.locator("h1").first.inner_text() == NOT_FOUND_TITLE[lang], where
                # Material's and the portal's stylesheets applied: the header is fixed/sticky and
                # the 404 list has its own style (portal.css).
                assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in (
                    "sticky",
                    "fixed",
                ), where
                assert page.evaluate(
                    "getComputedStyle(document.querySelector('.portal-not-found__links')).listStyleType"
                ) == ("none"), where
                home = f"{origin}/portal/" + ("en/" if lang == "en" else "")
                sheets = page.evaluate(
                    "() => [...document.styleSheets].filter(s => s.href).map(s => [s.href, s.cssRules.length])"
                )
                assert len(sheets) >= 3 and all(h.startswith(home + "assets/") and n > 0 for h, n in sheets), where
                if deploy == "project site_url":
                    assert bad_assets == [], where  # the root is known: not one request goes astray
                links = page.eval_on_selector_all(".portal-not-found__links a", "els => els.map(a => a.href)")
                assert links == [home, home + "?q=", home + "plans/"], where
                switch = page.eval_on_selector(".portal-lang__link", "a => a.href")
                assert switch == (f"{origin}/portal/" if lang == "en" else f"{origin}/portal/en/"), where
                for url in [*links, switch]:
                    assert context.request.get(url).status == 200, (where, url)
    finally:
        context.close()
        server.shutdown()
        server.server_close()


# --- language switch and the other language's words ----------------------------------------


def test_language_switch_is_a_real_tap_target(site, open_page):
    for lang in ("zh", "en"):
        page = open_page(site.url(lang), viewport=PHONE).page
        box = page.locator(".portal-lang__link").bounding_box()
        assert box and box["height"] >= 24 and box["width"] >= 24, (lang, box)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_words_of_the_other_language_in_the_ui(lang, site, open_page):
    found = {}
    for path in SAMPLE:
        visit = open_page(site.url(lang, path), viewport=DESKTOP)
        words = leaks(visit.page, lang)
        if words:
            found[path or "home"] = sorted(set(words))[:10]
    assert found == {}
