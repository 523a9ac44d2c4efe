"""Phone pages (390 × 844) read as answers: the card cells of every table are one flow of text
(no number cut in two, no "、" list broken into rows), and the answer of an indicator or a plan
page is in the first screen. Both languages, a few sampled pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import LANGS, PHONE

pytestmark = pytest.mark.browser

# For every visible data-table cell: each number (digits with "." or ",") is drawn left to right
# on one line with no gap, and a "、" follows the character before it on the same line (Chinese
# typesetting never starts a line with 、, so one that does was put in a box of its own).
CARDS_JS = """
() => {
  const bad = [];
  const NUM = /\\d+(?:[.,]\\d+)+%?/g;
  for (const td of document.querySelectorAll("table.data-table td")) {
    if (!td.offsetParent) continue;
    const nodes = []; const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
    let text = ""; let n;
    while ((n = walker.nextNode())) { nodes.push([n, text.length]); text += n.data; }
    const box = (i) => {
      let k = nodes.length - 1; while (nodes[k][1] > i) k--;
      const r = document.createRange();
      r.setStart(nodes[k][0], i - nodes[k][1]); r.setEnd(nodes[k][0], i - nodes[k][1] + 1);
      return r.getClientRects()[0] || null;
    };
    const follows = (i) => {
      const a = box(i - 1), b = box(i);
      return a && b && Math.abs(a.top - b.top) < 2 && b.left >= a.left && b.left - a.right < 4;
    };
    for (const m of text.matchAll(NUM))
      for (let i = m.index + 1; i < m.index + m[0].length; i++)
        if (!follows(i)) { bad.push(["number cut", m[0], text.slice(0, 60)]); break; }
    for (let i = 1; i < text.length; i++)
      if (text[i] === "、" && text[i - 1].trim() && !follows(i)) bad.push(["list cut", text.slice(Math.max(0, i - 8), i + 8)]);
  }
  return bad;
}
"""

SCREEN = PHONE["height"]


def _plan_of(indicator_path: str) -> str:
    return str(Path(indicator_path).parent.parent) + "/"


@pytest.mark.parametrize("lang", LANGS)
def test_card_cells_are_one_flow_of_text(site, key_pages, open_page, lang):
    plan = _plan_of(key_pages["indicator"])
    pages = [key_pages["indicator"], key_pages["concept"], key_pages["city"], plan + "tasks/"]
    checked = 0
    for path in pages:
        visit = open_page(site.url(lang, path), viewport=PHONE)
        page = visit.page
        page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
        checked += page.locator("table.data-table td").count()
        assert page.evaluate(CARDS_JS) == [], path
        visit.assert_clean()
    assert checked > 50  # the sample holds real tables


def _top_and_bottom(locator) -> tuple[float, float]:
    box = locator.bounding_box()
    assert box is not None, locator
    return box["y"], box["y"] + box["height"]


@pytest.mark.parametrize("lang", LANGS)
def test_indicator_answer_is_in_the_first_screen(site, key_pages, open_page, lang):
    visit = open_page(site.url(lang, key_pages["indicator"]), viewport=PHONE)
    answer = visit.page.locator(".portal-answer").first
    badge = answer.locator(".status").first
    values = answer.locator("dd")
    assert values.count() >= 2  # the latest value (and its source) and the target
    latest, target = values.first, values.last
    assert any(ch.isdigit() for ch in latest.inner_text()), latest.inner_text()
    assert target.inner_text().strip()
    for part in (badge, latest, target):
        top, bottom = _top_and_bottom(part)
        assert top < SCREEN and bottom <= SCREEN, (part, top, bottom)
    # The definition comes after the answer.
    assert _top_and_bottom(visit.page.locator("#definition"))[0] > _top_and_bottom(answer)[1]
    visit.assert_clean()


@pytest.mark.parametrize("lang", LANGS)
def test_plan_status_overview_is_in_the_first_screen(site, key_pages, open_page, lang):
    visit = open_page(site.url(lang, key_pages["plan"]), viewport=PHONE)
    overview = visit.page.locator(".portal-answer").first
    top, bottom = _top_and_bottom(overview)
    assert bottom <= SCREEN, (top, bottom)
    text = overview.inner_text()
    links = visit.page.locator('article td a[href^="indicators/"]')
    total = len(set(links.evaluate_all("links => links.map(a => a.getAttribute('href'))")))  # one per indicator
    assert total > 1 and re.search(rf"(^|\D){total}\D", text), (total, text)  # "31项指标：…" / "31 indicators: …"
    visit.assert_clean()
