"""Accessibility: axe-core (from npm) on the key pages, both languages.

No serious or critical violations. The full JSON report of each page is written to
test-artifacts/axe/<lang>-<kind>.json and kept as a CI artifact.
"""

from __future__ import annotations

import json

import pytest
from conftest import ARTIFACTS, AXE_JS, KINDS, LANGS, PHONE

pytestmark = pytest.mark.browser

# Every key page on a desktop; the phone layout (drawer navigation) on two of them.
PAGES = [(lang, kind, "desktop") for lang in LANGS for kind in KINDS]
PAGES += [(lang, kind, "phone") for lang in LANGS for kind in ("home", "indicator")]
BLOCKING = {"serious", "critical"}


def run_axe(page) -> dict:
    assert AXE_JS.exists(), f"{AXE_JS} missing: run `make node_modules` (npm ci)"
    page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
            resultTypes: ['violations', 'incomplete'],
        })"""
    )


def _summary(violations: list[dict]) -> list[str]:
    return [
        f"{v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})" for v in violations
    ]


@pytest.mark.parametrize("lang,kind,viewport_name", PAGES, ids=["-".join(p) for p in PAGES])
def test_no_serious_accessibility_violations(site, key_pages, open_page, lang, kind, viewport_name):
    kwargs = {"viewport": PHONE} if viewport_name == "phone" else {}
    visit = open_page(site.url(lang, key_pages[kind]), **kwargs)
    visit.page.wait_for_load_state("networkidle")
    report = run_axe(visit.page)
    out = ARTIFACTS / "axe"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{lang}-{kind}-{viewport_name}.json").write_text(
        json.dumps(
            {"url": visit.page.url, "violations": report["violations"], "incomplete": report["incomplete"]},
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    blocking = [v for v in report["violations"] if v["impact"] in BLOCKING]
    assert _summary(blocking) == []
