"""Source documents you can open (issue 15, item 1), on the real build: a figure's source link opens
the document page at the quoted line(s), highlighted, on a 390 px phone in both languages; every
source link of the build lands on an anchor that exists. Sampled: one indicator (a table row quoted
over several lines) and one task (a quote on one line).
"""

from __future__ import annotations

import posixpath
import re

import pytest
from conftest import PHONE

INDICATOR = "plans/zhengzhou-ip-2021-2025/indicators/high-value-invention-patents-per-10k/"
TASK = "plans/zhengzhou-ip-2021-2025/tasks/t04/"
# The definition's "source" value: a link into the document page.
SOURCE_LINK = "#definition ~ dl.facts a[href*='sources/'], #facts ~ dl.facts a[href*='sources/']"

_TARGET = """() => {
  const el = document.querySelector(':target');
  if (!el) return null;
  const line = el.classList.contains('doc-line') ? el : el.querySelector('.doc-line');
  const box = el.getBoundingClientRect();
  return {id: el.id, top: box.top, bottom: box.bottom, text: el.innerText,
          background: getComputedStyle(line).backgroundColor,
          lang: el.closest('[lang]').getAttribute('lang'),
          scroll: document.documentElement.scrollWidth};
}"""


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", [INDICATOR, TASK])
def test_a_source_link_opens_the_document_at_the_quoted_line_on_a_phone(site, open_page, lang, page):
    visit = open_page(site.url(lang, page), viewport=PHONE)
    link = visit.page.locator(SOURCE_LINK).first
    href = link.get_attribute("href")
    assert href and "#line" in href, href
    link.click()
    visit.page.wait_for_load_state("load")
    anchor = href.split("#")[1]
    assert "/sources/zhengzhou-ip-2021-2025/#" in visit.page.url and visit.page.url.endswith("#" + anchor)
    assert visit.page.url.startswith(site.url(lang, "sources/"))  # the document page of the same language
    target = visit.page.evaluate(_TARGET)
    assert target is not None and target["id"] == anchor
    assert target["lang"] == "zh" and target["text"].strip()
    assert target["background"] not in ("rgba(0, 0, 0, 0)", "transparent")  # highlighted
    assert 0 <= target["top"] < PHONE["height"], target  # in the first screen, under the header
    assert target["scroll"] <= PHONE["width"]  # no sideways scrolling, even for the longest lines
    visit.assert_clean()


def test_every_source_link_of_the_build_lands_on_an_existing_anchor(site):
    """Every link into a document page, on every page of both languages, names a page that exists
    and, after '#', an id on it: checked on the built files."""
    ids: dict[str, set[str]] = {}
    checked = 0
    for html_file in site.root.rglob("index.html"):
        page = html_file.parent.relative_to(site.root).as_posix()
        for href in re.findall(r'href="?([^"\s>]*sources/[^"\s>]*)', html_file.read_text(encoding="utf-8")):
            if href.startswith(("http:", "https:", "/")):
                continue
            path, _, anchor = href.partition("#")
            target = site.root / posixpath.normpath(posixpath.join(page, path)) / "index.html"
            assert target.is_file(), (page, href)
            if anchor:
                key = str(target)
                if key not in ids:
                    ids[key] = set(re.findall(r'id="?([^"\s>]+)', target.read_text(encoding="utf-8")))
                assert anchor in ids[key], (page, href)
            checked += 1
    assert checked > 500  # every indicator, task, reference and concept page links into the documents
