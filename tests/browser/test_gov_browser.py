"""Issue 15 in the browser, on a phone (390 px): a deployed build of the hostile fixture with
repo_url and extra.government set. The ICP line is centred in the footer and links to the
MIIT register; the text-size control enlarges text and the browser remembers it across a
reload (and without JavaScript there is no control and the page is unchanged); the "report
an error" link opens the issue form prefilled with the page's address and indicator.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from conftest import DESKTOP, PHONE, serve

from generator.i18n import t
from generator.mkdocs_config import read_base
from generator.publishing import FORM_FIELDS, ICP_URL

pytestmark = pytest.mark.browser

INERT = Path(__file__).resolve().parents[1] / "fixtures" / "hostile" / "inert"
ICP = "豫ICP备12345678号-1"
INDICATOR = "plans/hostile-plan-2021-2025/indicators/hostile-exact/"


@pytest.fixture(scope="module")
def deployed(tmp_path_factory):
    from generator.pipeline import BuildSettings, build_site

    tmp = tmp_path_factory.mktemp("gov-browser")
    shutil.copytree(INERT, tmp / "data")
    base = read_base()
    base["repo_url"] = "https://github.com/example/portal"
    base["extra"]["government"] = {"icp_number": ICP, "site_code": "4100000001"}
    (tmp / "mkdocs.yml").write_text(yaml.safe_dump(base, allow_unicode=True), encoding="utf-8")
    build_site(
        BuildSettings(
            data_dir=tmp / "data", out_dir=tmp / "site", cache_dir=tmp / "cache", mkdocs_yml=tmp / "mkdocs.yml"
        )
    )
    served, stop = serve(tmp / "site")
    yield served
    stop()


FONT = "() => parseFloat(getComputedStyle(document.querySelector('.md-typeset p')).fontSize)"


@pytest.mark.parametrize(("lang", "viewport"), [("zh", PHONE), ("en", PHONE), ("zh", DESKTOP)])
def test_footer_icp_line_is_centred_and_links_to_the_register(deployed, open_page, lang, viewport):
    visit = open_page(deployed.url(lang, ""), viewport=viewport)
    link = visit.page.locator(".portal-footer__records a", has_text=ICP)
    assert link.get_attribute("href") == ICP_URL
    link.scroll_into_view_if_needed()
    box, row = link.bounding_box(), visit.page.locator(".md-footer-meta__inner").bounding_box()
    assert abs((box["x"] + box["width"] / 2) - (row["x"] + row["width"] / 2)) < 2, (box, row)
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    visit.assert_clean()


def test_text_size_control_persists_across_a_reload(deployed, open_page):
    visit = open_page(deployed.url("zh", INDICATOR), viewport=PHONE)
    page = visit.page
    normal = page.evaluate(FONT)
    button = page.locator("button.gov-text-size")
    assert button.is_visible() and button.inner_text() == t("gov.text_larger", "zh")
    box = button.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24 and box["x"] + box["width"] <= PHONE["width"]
    button.click()
    assert page.evaluate(FONT) >= normal * 1.15
    assert button.inner_text() == t("gov.text_normal", "zh")
    page.reload()
    assert page.evaluate(FONT) >= normal * 1.15  # remembered
    assert page.locator("button.gov-text-size").inner_text() == t("gov.text_normal", "zh")
    page.locator("button.gov-text-size").click()
    page.reload()
    assert page.evaluate(FONT) == normal
    scroll = page.evaluate("() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]")
    assert scroll[0] <= scroll[1]
    visit.assert_clean()
    no_js = open_page(deployed.url("zh", INDICATOR), viewport=PHONE, js=False)
    assert no_js.page.locator("button.gov-text-size").count() == 0
    assert no_js.page.locator(".md-typeset p").first.evaluate("p => parseFloat(getComputedStyle(p).fontSize)") == normal


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_link_opens_the_prefilled_issue_form(deployed, open_page, lang):
    visit = open_page(deployed.url(lang, INDICATOR), viewport=PHONE)
    link = visit.page.locator(".portal-footer__report a")
    assert link.inner_text() == t("report_error", lang)
    href = link.get_attribute("href")
    assert href.startswith("https://github.com/example/portal/issues/new?template=data-error.yml&")
    query = parse_qs(urlsplit(href).query)
    assert query[FORM_FIELDS["page"]] == ["/" + ("en/" if lang == "en" else "") + INDICATOR]
    assert "window.__pwned" in query[FORM_FIELDS["subject"]][0]  # the hostile name, as text
    assert query[FORM_FIELDS["language"]] == [t(f"language_name_{lang}", lang)]
    link.scroll_into_view_if_needed()
    assert link.is_visible()
    assert visit.page.evaluate("() => typeof window.__pwned") == "undefined"
    visit.assert_clean()
