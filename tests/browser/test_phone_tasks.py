"""Task pages on a 390 px phone (issue 14, item 4): the full wording of a task is read in the
first screen or two, and a 、-separated list of responsible units wraps as running text
instead of one unit per row. One long sample task (Zhengzhou task 4: 15 units), both languages.
"""

from __future__ import annotations

import pytest
from conftest import PHONE

PLAN = "plans/zhengzhou-ip-2021-2025/"
TASK = PLAN + "tasks/t04/"

# For each pair of neighbouring unit links: does the first end on the line where the next begins
# (with the "、" between them)? On phone cards each unit and each separator took a row of its own.
_PAIRS = """el => {
  const links = [...el.querySelectorAll('a')];
  const rects = links.map(a => [...a.getClientRects()]);
  let shared = 0;
  for (let i = 0; i + 1 < links.length; i++) {
    const end = rects[i][rects[i].length - 1], start = rects[i + 1][0];
    if (Math.abs(end.top - start.top) < 2) shared++;
  }
  return {links: links.length, shared, display: getComputedStyle(el).display};
}"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_full_wording_in_the_first_two_screens(site, open_page, lang):
    visit = open_page(site.url(lang, TASK), viewport=PHONE)
    page = visit.page
    wording = page.locator('.task-wording[lang="zh"]')
    assert wording.count() == 1
    box = wording.bounding_box()
    text = wording.inner_text()
    assert text.startswith("加强知识产权社会信用体系建设") and len(text) > 250  # the whole paragraph, not a title
    assert box is not None and box["y"] + box["height"] <= 2 * PHONE["height"], box
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing runs off the side
    visit.assert_clean()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_unit_lists_wrap_as_running_text(site, open_page, lang):
    visit = open_page(site.url(lang, TASK), viewport=PHONE)
    units = visit.page.evaluate(_PAIRS, visit.page.locator(".task-units").element_handle())
    assert units["links"] == 15 and units["display"] == "block", units
    assert units["shared"] >= (units["links"] - 1) // 2, units  # most neighbours share a line
    visit.assert_clean()

    index = open_page(site.url(lang, PLAN + "tasks/"), viewport=PHONE)
    # the index's title links to the task page
    href = index.page.locator("#task-t04 a").first.evaluate("a => a.href")  # resolved, absolute
    assert href == site.url(lang, TASK)
    index.assert_clean()
