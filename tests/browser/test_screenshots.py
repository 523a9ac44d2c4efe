"""Screenshots of the key pages (desktop 1280 and phone 390 wide, both languages).

Saved to test-artifacts/screenshots/ for people to look at; the test checks each one was
taken of a real page (not an error page, not blank).
"""

from __future__ import annotations

import pytest
from conftest import ARTIFACTS, DESKTOP, KINDS, LANGS, PHONE

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_screenshots_of_key_pages(site, key_pages, open_page, lang, viewport):
    out = ARTIFACTS / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    visits = []
    for kind in KINDS:
        visit = open_page(site.url(lang, key_pages[kind]), viewport=VIEWPORTS[viewport])
        page = visit.page
        page.evaluate("() => document.querySelectorAll('img').forEach(i => i.loading = 'eager')")
        page.wait_for_load_state("networkidle")
        path = out / f"{lang}-{kind}-{viewport}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000, path
        height = page.evaluate("() => document.scrollingElement.scrollHeight")
        assert height > 300, (kind, height)
        visits.append(visit)
    for visit in visits:  # after every screenshot is taken, so one bad page does not hide the rest
        visit.assert_clean()
