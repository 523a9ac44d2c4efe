"""HTML validity: the Nu HTML Checker (npm vnu-jar, run with Java) on the generated pages."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from conftest import ARTIFACTS, VNU_JAR

pytestmark = pytest.mark.browser

# Errors that come from mkdocs-material's own templates, not from our pages. Keep this list
# as small as possible; each entry: (substring of the message, substring of the offending
# markup, reason). Both must match, so the same error in our own markup still fails.
ALLOWED: list[tuple[str, str, str]] = [
    (
        "Attribute “autocomplete” is only allowed when the input type is",
        "class=md-toggle",  # pages are minified (generator/minify.py): no quotes where HTML needs none
        "mkdocs-material base.html: the CSS-only drawer/search toggles are checkboxes with "
        "autocomplete=off so browsers do not restore their state; upstream "
        "squidfunk/mkdocs-material#1513 (closed, kept as intended).",
    ),
    (
        "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control.",
        "for=__",
        "mkdocs-material templates: labels for the hidden __drawer/__search/__toc toggles, kept "
        "so navigation and search open without JavaScript; upstream squidfunk/mkdocs-material#4006.",
    ),
]


def _allowed(message: dict) -> bool:
    return any(m in message.get("message", "") and x in message.get("extract", "") for m, x, _ in ALLOWED)


def test_generated_pages_are_valid_html(site):
    java = shutil.which("java")
    assert java, "Java is needed for the Nu HTML Checker (bash .ci/run installs default-jre-headless)"
    assert VNU_JAR.exists(), f"{VNU_JAR} missing: run `make node_modules` (npm ci)"
    files = sorted(str(p) for p in site.root.rglob("*.html"))
    assert len(files) >= 12
    proc = subprocess.run(
        [java, "-Xss8m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout", *files],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(proc.stdout or "{}")
    out = ARTIFACTS / "vnu"
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    messages = report.get("messages", [])
    assert proc.returncode in (0, 1) and "messages" in report, proc.stderr[-2000:]
    errors = [
        f"{m.get('url', '').split(str(site.root))[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error" and not _allowed(m)
    ]
    # One line per distinct message (the same template error repeats on every page).
    distinct = sorted({e.split(": ", 1)[1]: e for e in errors}.values())
    assert distinct == [], f"{len(errors)} errors; distinct: {len(distinct)}"


def test_allowlist_entries_have_reasons():
    assert all(message and markup and "mkdocs-material" in reason for message, markup, reason in ALLOWED)
