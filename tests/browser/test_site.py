"""The built site in a real browser (Debian's Chromium), in both languages.

Key pages: home, a city, a plan, an indicator, a concept (comparison) and a department.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from conftest import KINDS, LANGS, PHONE, search

pytestmark = pytest.mark.browser

PAGES = [(lang, kind) for lang in LANGS for kind in KINDS]
IDS = [f"{lang}-{kind}" for lang, kind in PAGES]
CHART_KINDS = ("plan", "indicator", "concept")
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# Charts: each <figure class="chart"> holds an <img> (SVG) and a <figcaption> (text summary),
# and is followed by its data table. Returns one record per chart.
CHARTS_JS = """
() => [...document.querySelectorAll('figure.chart')].map(f => {
  const img = f.querySelector('img, svg');
  const cap = f.querySelector('figcaption');
  let next = f.nextElementSibling;
  const table = f.querySelector('table') || (next && (next.matches('table') ? next : next.querySelector('table')));
  const box = img ? img.getBoundingClientRect() : {width: 0, height: 0};
  return {
    src: img ? (img.getAttribute('src') || 'inline svg') : null,
    alt: img ? (img.getAttribute('alt') || '') : '',
    loaded: img ? (img.tagName.toLowerCase() === 'svg' || (img.complete && img.naturalWidth > 0)) : false,
    width: box.width, height: box.height,
    caption: cap ? cap.innerText.trim() : '',
    rows: table ? table.querySelectorAll('tbody tr').length : 0,
  };
})
"""


def _scroll_through(page) -> None:
    """Scroll to the bottom and back so lazy images load, then wait for them."""
    page.evaluate(
        """async () => {
        for (const img of document.querySelectorAll('img')) { img.loading = 'eager'; }
        window.scrollTo(0, document.body.scrollHeight);
        await Promise.all([...document.images].map(i => i.complete ? null :
          new Promise(r => { i.addEventListener('load', r); i.addEventListener('error', r); })));
        window.scrollTo(0, 0);
    }"""
    )


def _check_charts(charts: list[dict], where: str) -> None:
    for c in charts:
        assert c["src"], (where, c)
        assert c["loaded"], (where, "chart image did not load", c)
        assert c["width"] > 100 and c["height"] > 50, (where, "chart is not visible", c)
        assert c["alt"], (where, "chart has no alt text", c)
        assert len(c["caption"]) >= 10, (where, "chart has no text summary", c)
        assert c["rows"] >= 1, (where, "chart has no data table", c)


@pytest.mark.parametrize("lang,kind", PAGES, ids=IDS)
def test_page_loads_cleanly(site, key_pages, open_page, lang, kind):
    visit = open_page(site.url(lang, key_pages[kind]))
    page = visit.page
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang").startswith(lang)
    assert page.title().strip()
    assert page.locator("h1").first.is_visible()
    visit.assert_clean()


@pytest.mark.parametrize("lang,kind", PAGES, ids=IDS)
def test_charts_are_visible_with_summary_and_table(site, key_pages, open_page, lang, kind):
    visit = open_page(site.url(lang, key_pages[kind]))
    _scroll_through(visit.page)
    charts = visit.page.evaluate(CHARTS_JS)
    if kind in CHART_KINDS:
        assert charts, f"no chart on the {kind} page"
    _check_charts(charts, f"{lang} {kind}")
    visit.assert_clean()


@pytest.mark.parametrize("lang,kind", PAGES, ids=IDS)
def test_without_javascript_charts_and_tables_still_show(site, key_pages, open_page, lang, kind):
    visit = open_page(site.url(lang, key_pages[kind]), js=False)
    page = visit.page
    for img in page.locator("figure.chart img").all():
        img.scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    charts = page.evaluate(CHARTS_JS)  # Playwright can evaluate even when the page's JS is off
    if kind in CHART_KINDS:
        assert charts, f"no chart on the {kind} page without JavaScript"
    _check_charts(charts, f"{lang} {kind} (no JS)")
    if kind != "home":
        table = page.locator("table").first
        folded = page.locator("details:has(table) > summary").first
        if not table.is_visible():  # a long table folded under its summary opens without JavaScript
            folded.click()
        assert table.is_visible()
    assert page.locator("h1").first.is_visible()
    visit.assert_clean()


@pytest.mark.parametrize("lang,kind", PAGES, ids=IDS)
def test_phone_has_no_horizontal_scrolling(site, key_pages, open_page, lang, kind):
    visit = open_page(site.url(lang, key_pages[kind]), viewport=PHONE)
    widths = visit.page.evaluate("() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]")
    assert widths[0] <= widths[1], f"page is {widths[0]}px wide in a {widths[1]}px viewport"
    visit.assert_clean()


def _switch(page, to: str) -> None:
    """Use Material's language selector in the header (a hover menu) to go to `to`."""
    link = page.locator(f'header a[hreflang="{to}"]').first
    if not link.is_visible():
        page.locator("header .md-select").first.hover()
    link.click()
    page.wait_for_load_state("load")


def test_language_switcher_keeps_the_page(site, key_pages, open_page):
    path = key_pages["indicator"]
    visit = open_page(site.url("zh", path))
    page = visit.page
    h1_zh = page.locator("h1").first.inner_text()
    _switch(page, "en")
    assert page.url == site.url("en", path)
    assert page.locator("html").get_attribute("lang").startswith("en")
    h1_en = page.locator("h1").first.inner_text()
    assert h1_en != h1_zh and not HAN.search(h1_en), h1_en
    _switch(page, "zh")
    assert page.url == site.url("zh", path)
    assert page.locator("h1").first.inner_text() == h1_zh
    visit.assert_clean()


@pytest.mark.parametrize("lang", LANGS)
def test_language_link_without_javascript_and_no_sitemap_fetch_per_page(site, key_pages, open_page, lang):
    """Without JavaScript the header link leads to the same page in the other language. With it,
    Material fetches at most the language's own sitemap.xml (it follows every <link rel=alternate>;
    hreflang alternates are in sitemap-pages.xml, not in the head)."""
    path = key_pages["indicator"]
    visit = open_page(site.url(lang, path), js=False)
    other = "en" if lang == "zh" else "zh"
    visit.page.locator(f'header a[hreflang="{other}"]').first.click()
    visit.page.wait_for_load_state("load")
    assert visit.page.url == site.url(other, path)
    assert visit.page.locator("html").get_attribute("lang").startswith(other)
    visit.assert_clean()
    visit = open_page(site.url(lang, path))
    sitemaps = []
    visit.page.on("request", lambda r: r.url.endswith("sitemap.xml") and sitemaps.append(r.url))
    visit.page.reload(wait_until="networkidle")
    assert visit.page.evaluate("() => document.querySelectorAll('link[hreflang]').length") == 0
    assert set(sitemaps) <= {site.url(lang, "sitemap.xml")}, sitemaps
    visit.assert_clean()


# Search: Material's client-side search. The terms and a page each must find.
SEARCHES = [("zh", "商标"), ("en", "trademark")]


@pytest.mark.parametrize("lang,term", SEARCHES, ids=[s[0] for s in SEARCHES])
def test_search_finds_the_right_pages(site, open_page, lang, term):
    visit = open_page(site.url(lang))
    page = visit.page
    search(page, term)
    items = page.locator(".md-search-result__item a.md-search-result__link")
    items.first.wait_for(timeout=15_000)
    results = items.evaluate_all("els => els.map(a => ({href: new URL(a.href).pathname, text: a.innerText}))")
    assert results, f"no search results for {term}"
    # Every result is a page of this language that really mentions the term.
    for r in results:
        path = r["href"].split("#")[0]
        if lang == "zh":
            assert not path.startswith("/en/"), r
        else:
            assert path.startswith("/en/"), r
        html = (site.root / path.lstrip("/") / "index.html").read_text(encoding="utf-8")
        assert term.lower() in _text(html).lower(), f"{path} does not mention {term}"
    # The best result names the term (a trademark indicator, concept or task).
    assert term.lower() in results[0]["text"].lower(), results[:3]
    visit.assert_clean()


def test_english_pages_have_no_untranslated_interface(site, key_pages, open_page):
    """Chinese in the interface of an English page (header, navigation, footer, table headers,
    labels, captions, search box) must be data shown in the original, marked lang="zh"."""
    js = """() => {
      const sel = 'header, nav, footer, th, dt, caption, figcaption, label, button, .md-search';
      const out = [];
      for (const el of document.querySelectorAll(sel)) {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let n; (n = walker.nextNode());) {
          if (!/[\\u3400-\\u9fff]/.test(n.data)) continue;
          const marked = n.parentElement.closest('[lang]');
          if (!marked || !marked.lang.startsWith('zh')) out.push(n.data.trim().slice(0, 60));
        }
      }
      const box = document.querySelector('input.md-search__input');
      if (box && /[\\u3400-\\u9fff]/.test(box.placeholder)) out.push('search placeholder: ' + box.placeholder);
      return [...new Set(out)];
    }"""
    found = {}
    for kind in KINDS:
        visit = open_page(site.url("en", key_pages[kind]))
        untranslated = visit.page.evaluate(js)
        if untranslated:
            found[kind] = untranslated
    assert found == {}
    # And the Chinese pages use the Chinese interface (the check is not vacuous).
    visit = open_page(site.url("zh", key_pages["home"]))
    assert HAN.search(visit.page.locator("input.md-search__input").get_attribute("placeholder") or "")


def test_no_page_loads_anything_from_outside(site):
    """Static check over every built page: scripts, styles, images, fonts and frames are local."""
    bad = []
    for f in site.root.rglob("*.html"):
        parser = _Resources()
        parser.feed(f.read_text(encoding="utf-8"))
        bad += [(f.relative_to(site.root).as_posix(), u) for u in parser.urls if re.match(r"^(https?:)?//", u)]
    for f in site.root.rglob("*.css"):
        css = f.read_text(encoding="utf-8", errors="replace")
        bad += [(f.name, u) for u in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", css)]
        bad += [(f.name, u) for u in re.findall(r"@import\s+['\"]((?:https?:)?//[^'\"]+)", css)]
    assert bad == []


class _Resources(HTMLParser):
    """URLs a page loads by itself (not links the reader may follow)."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and a.get("src"):
            self.urls.append(a["src"])
        if (
            tag == "link"
            and a.get("href")
            and any(
                r in (a.get("rel") or "").split()
                for r in (
                    "stylesheet",
                    "icon",
                    "preload",
                    "prefetch",
                    "manifest",
                    "preconnect",
                    "dns-prefetch",
                    "modulepreload",
                )
            )
        ):
            self.urls.append(a["href"])
        if tag == "object" and a.get("data"):
            self.urls.append(a["data"])


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _text(html: str) -> str:
    p = _Text()
    p.feed(html)
    return " ".join(p.parts)
