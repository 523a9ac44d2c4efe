"""The hostile fixture site in the browser: no payload runs, long words do not widen pages.

tests/fixtures/hostile/inert/ puts <script>, event handlers, javascript: links, </script>,
Vega expressions and 10,000-character words into every text field. Each payload, if it ran,
would set window.__pwned; it must stay undefined on every page, in both languages, with the
search results (which Material renders from its index) on screen too.
"""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import DESKTOP, LANGS, PHONE, build, search, serve

pytestmark = pytest.mark.browser

INERT = __import__("pathlib").Path(__file__).resolve().parents[1] / "fixtures" / "hostile" / "inert"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile-browser")
    data = tmp / "data"
    shutil.copytree(INERT, data)
    served, stop = serve(build(data, tmp / "site"))
    yield served
    stop()


PWNED = "() => [typeof window.__pwned, String(window.__pwned)]"
WIDTHS = "() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("lang", LANGS)
def test_no_payload_runs_and_long_words_wrap(hostile, open_page, lang, viewport):
    pages = hostile.pages(lang)
    assert len(pages) >= 5, pages
    visit = open_page(hostile.url(lang), viewport=PHONE if viewport == "phone" else DESKTOP)
    page = visit.page
    ran, too_wide = {}, {}
    for path in pages:
        page.goto(hostile.url(lang, path), wait_until="load")
        state = page.evaluate(PWNED)
        if state[0] != "undefined":
            ran[path] = state[1]
        scroll, client = page.evaluate(WIDTHS)
        if scroll > client:
            too_wide[path] = f"{scroll}px in {client}px"
    assert ran == {}
    assert too_wide == {}
    visit.assert_clean()


@pytest.mark.parametrize("lang,term", [("zh", "商标"), ("en", "hostile")], ids=["zh", "en"])
def test_search_results_do_not_run_payloads(hostile, open_page, lang, term):
    visit = open_page(hostile.url(lang))
    page = visit.page
    search(page, term)
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    page.locator("input.md-search__input").press_sequentially(" window", delay=40)
    page.wait_for_timeout(500)
    # Results are on screen; open "more" sections so every fragment is rendered.
    for more in page.locator(".md-search-result__more summary").all():
        more.click()
    assert page.evaluate(PWNED)[0] == "undefined"
    text = page.locator(".md-search-result").inner_text()
    assert "<script>" in text or "&lt;script&gt;" not in text, "result text was double-escaped or dropped"
    visit.assert_clean()


def test_chinese_query_without_key_presses_is_searched(hostile, open_page):
    """A Chinese word that arrives without key events (phone IME commit, menu paste, voice
    input) after the index is ready must still be searched: Material alone reads the box only
    on keyup, so this found nothing on the hostile site, whose small index is ready at once."""
    page = open_page(hostile.url("zh")).page
    # The text Material shows until its worker has the index, as the server sent it (read from
    # the file, not the live page: the worker may already have answered when the page is read).
    served = (hostile.root / "index.html").read_text(encoding="utf-8")
    initializing = re.search(r'class="?md-search-result__meta"?>\s*([^<]+?)\s*<', served).group(1)
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator("label.md-header__button[for='__search']").first.click()
    box.focus()  # the index is requested when the search box gets focus
    page.wait_for_function(
        "t => !document.querySelector('.md-search-result__meta').innerText.includes(t)",
        arg=initializing,
        timeout=15_000,
    )  # the worker answered: index ready
    page.keyboard.insert_text("商标")  # an input event only: no keydown / keyup
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    assert "商标" in page.locator(".md-search-result__list").inner_text()
