"""The change history on a 390 px phone: What's new fits in a few screens, a plan page's
history is folded under its count, and neither shows commit ids or field paths."""

from __future__ import annotations

import re

import pytest
from conftest import PHONE

SCREENS = 5  # What's new: at most this many phone screens
PLAN = "plans/zhengzhou-ip-2021-2025/"
_HEX = re.compile(r"\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{7,40}\b")
_PATH = re.compile(
    r"\b(target|baseline|notes|name|source|unit|title|text|section)\.(value|kind|year|en|zh|section|quote|file)\b"
)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_whats_new_fits_a_few_phone_screens(site, open_page, lang):
    visit = open_page(site.url(lang, "whats-new/"), viewport=PHONE)
    page = visit.page
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"whats-new {lang} at 390 px: {height} px")
    assert page.locator("ul.whats-new > li > time").count() >= 1  # grouped by date
    assert height <= SCREENS * PHONE["height"], height
    text = page.inner_text("article")
    assert not _HEX.search(text) and not _PATH.search(text), (_HEX.search(text), _PATH.search(text))
    assert page.locator('a[type="application/atom+xml"]').count() == 1  # the feed for the rest
    visit.assert_clean()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_plan_history_is_folded_on_a_phone(site, open_page, lang):
    visit = open_page(site.url(lang, PLAN), viewport=PHONE)
    page = visit.page
    fold = page.locator("#history ~ details.history-fold").first
    assert fold.count() == 1 and fold.get_attribute("open") is None
    folded = fold.bounding_box()["height"]
    print(f"plan history {lang} at 390 px, folded: {folded:.0f} px; page {page.evaluate('document.body.scrollHeight')}")
    assert folded < 120
    fold.locator("summary").click()
    assert fold.locator("time").count() >= 1 and not _HEX.search(fold.inner_text())
    visit.assert_clean()
