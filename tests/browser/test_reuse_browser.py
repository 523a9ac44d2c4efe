"""Reuse of an indicator on the real site (issue 15, item 2), zh and en.

* Without a browser, over every indicator page of the built site: its CSV (with BOM), JSON, PNG
  (decodes, a sane size, the size of its SVG) and chart-only page are written next to it, and
  the page links them in its "Download and cite" section with a citation naming its address.
* In Chromium at 390 px: the section's links all answer 200 and the section fits the column;
  the chart-only page shows its chart with no script and no request outside the site.
"""

from __future__ import annotations

import json
import re
import struct
import xml.etree.ElementTree as ET

import pytest
from conftest import LANGS, PHONE

from generator.i18n import t

INDICATOR = "plans/zhengzhou-ip-2021-2025/indicators/high-value-invention-patents-per-10k/"


def _indicators(site, lang: str) -> list[str]:
    return [p for p in site.pages(lang) if re.fullmatch(r"plans/[^/]+/indicators/[^/]+/", p)]


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("lang", LANGS)
def test_every_indicator_has_its_downloads_png_and_embed_page(site, lang):
    """Every indicator has its data and citation; one with a chart (values in two years at least)
    also its PNG, SVG and chart-only page, one without says so in a sentence and links none."""
    top = site.root / "en" if lang == "en" else site.root
    pages = _indicators(site, lang)
    assert len(pages) >= 20
    drawn = 0
    for path in pages:
        folder = top / path
        ind_id = path.rstrip("/").rsplit("/", 1)[1]
        csv_bytes = (folder / f"{ind_id}.csv").read_bytes()
        assert csv_bytes.startswith(b"\xef\xbb\xbf") and csv_bytes.count(b"\r\n") >= 2
        assert json.loads((folder / f"{ind_id}.json").read_text(encoding="utf-8"))["rows"]
        html = (folder / "index.html").read_text(encoding="utf-8")
        assert f"/{'en/' if lang == 'en' else ''}{path}" in html  # the citation's address (no site_url)
        assert re.search(r'property="?og:title', html) and re.search(r'name="?twitter:card', html)
        if not (folder / "chart.svg").exists():
            assert t("no_chart", lang) in html, path
            assert not (folder / "chart.png").exists() and not (folder / "embed.html").exists(), path
            assert not re.search(r'href="?(chart\.png|chart\.svg|embed\.html)[" >]', html), path
            continue
        drawn += 1
        width, height = png_size((folder / "chart.png").read_bytes())
        svg = ET.parse(folder / "chart.svg").getroot()
        assert (width, height) == (round(float(svg.get("width"))), round(float(svg.get("height")))), path
        assert 500 <= width <= 1000 and 250 <= height <= 700, (path, width, height)
        embed = (folder / "embed.html").read_text(encoding="utf-8")
        assert "<script" not in embed and 'src="chart.svg"' in embed
        # the pages are minified (generator/minify.py): attribute values may be unquoted
        for name in (f"{ind_id}.csv", f"{ind_id}.json", "chart.png", "chart.svg", "embed.html"):
            assert re.search(rf'href="?{re.escape(name)}[" >]', html), (path, name)
        assert t("no_chart", lang) not in html, path
    assert 10 <= drawn < len(pages)  # the real data has both kinds


@pytest.mark.parametrize("lang", LANGS)
def test_reuse_links_work_and_fit_a_phone(site, open_page, lang):
    visit = open_page(site.url(lang, INDICATOR), viewport=PHONE)
    page = visit.page
    section = page.locator(".portal-reuse")
    section.scroll_into_view_if_needed()
    hrefs = section.locator("a").evaluate_all("els => els.map(a => a.href)")
    assert len(hrefs) == 5
    for href in hrefs:
        response = page.request.get(href)
        assert response.status == 200, href
    box = section.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the page scrolls sideways"
    code = page.locator("pre.portal-reuse__code")
    assert "<iframe" in code.text_content() and "embed.html" in code.text_content()
    visit.assert_clean()


@pytest.mark.parametrize("lang", LANGS)
def test_embed_page_shows_the_chart_without_script_or_outside_request(site, open_page, lang):
    visit = open_page(site.url(lang, INDICATOR + "embed.html"), viewport={"width": 620, "height": 480}, js=False)
    page = visit.page
    img = page.locator("img")
    assert img.evaluate("i => i.complete && i.naturalWidth > 0")
    assert page.locator("script").count() == 0
    assert page.locator("a").get_attribute("href") == "./"
    visit.assert_clean()
