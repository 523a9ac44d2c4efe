"""Hostile and broken input: nothing from data/ may execute, break the build or crash it.

Fixtures: tests/fixtures/hostile/ (see its README). Each payload is either rendered as inert
text (the `inert/` tree builds, every payload shows up as literal text, no live script or
handler from data exists in the output) or rejected with a clear error (`rejected/<case>/`,
asserting the code, file and line).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

from generator.load import load

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"
INERT = HOSTILE / "inert"
CASES = sorted(p for p in (HOSTILE / "rejected").iterdir() if p.is_dir())

sys.path.insert(0, str(HOSTILE))
from regenerate import LONG_ASCII, P  # noqa: E402  (the payloads, defined once)

# Bounds that catch a hang (alias expansion, regex blow-up), not a speed goal.
HANG_TIMEOUT = 180


# --- helpers ------------------------------------------------------------------------


def overlay(case: Path | None, dest: Path) -> Path:
    """A data folder at dest/data: inert/ with the case's files laid over it."""
    data = dest / "data"
    shutil.copytree(INERT, data)
    if case is not None:
        shutil.copytree(case, data, dirs_exist_ok=True)
        (data / "expected.yaml").unlink()
    return data


def rel(file: str, data_dir: Path) -> str:
    """A problem's file relative to the data folder, whatever base the loader reports it from."""
    p = Path(file)
    if p.is_absolute():
        return p.relative_to(data_dir).as_posix()
    parts = p.parts
    if parts and parts[0] == data_dir.name:
        parts = parts[1:]
    return Path(*parts).as_posix()


def error_tuples(data_dir: Path) -> set[tuple[str, str, int | None]]:
    result = load(data_dir)
    return {(e.code, rel(e.file, data_dir), e.line) for e in result.errors}


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=HANG_TIMEOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PORTAL_CACHE_DIR": str(cwd / "cache")},  # not the repo's .cache
    )


class _Page(HTMLParser):
    """Collects a page's visible text and its elements, for the inertness checks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._stack: list[str] = []
        self._inline: list[tuple[str, list[str]]] = []  # open formatting elements and their text
        self.formatted: list[tuple[str, str]] = []  # (tag, text) of closed formatting elements

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        if tag not in _VOID:
            self._stack.append(tag)
        if tag in _FORMATTING:
            self._inline.append((tag, []))

    def handle_endtag(self, tag):
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass
        if tag in _FORMATTING and self._inline and self._inline[-1][0] == tag:
            name, parts = self._inline.pop()
            self.formatted.append((name, "".join(parts)))

    def handle_data(self, data):
        top = self._stack[-1] if self._stack else ""
        if top == "script":
            self.scripts.append(data)
        elif top == "style":
            self.styles.append(data)
        elif top not in ("title", "textarea"):
            self.text.append(data)
            for _, parts in self._inline:
                parts.append(data)


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_FORMATTING = {"strong", "b", "em", "i", "del", "s", "code", "h1", "h2", "h3", "h4", "h5", "h6"}
_URL_ATTRS = {"href", "src", "srcdoc", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset"}
_BAD_SCHEME = re.compile(r"^(javascript|vbscript|data:text/html)", re.I)


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def live_payloads(html: str) -> list[str]:
    """Everything in an HTML document that would let data run code or restyle the page."""
    page = parse(html)
    found = []
    for tag, attrs in page.elements:
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}=…> event handler")
            squashed = re.sub(r"[\s\x00-\x1f]+", "", value)
            if name in _URL_ATTRS and _BAD_SCHEME.match(squashed):
                found.append(f"<{tag} {name}={value!r}>")
            if "__pwned" in value and name not in ("alt", "title", "aria-label", "content", "value", "data-md-value"):
                found.append(f"<{tag} {name}={value!r}> carries a payload")
        if tag in ("iframe", "object", "embed", "base", "frame", "frameset"):
            found.append(f"<{tag}> element")
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            found.append("<meta http-equiv=refresh>")
    found += [f"<script> carrying a payload: {s[:80]!r}" for s in page.scripts if "__pwned" in s]
    found += [f"<style> from data: {s[:80]!r}" for s in page.styles if "display:none}" in s]
    markers = {"粗体 bold", "粗", "bold", "em", "del", "大标题", "code", "not-a-heading"}
    found += [f"<{t}>{x}</{t}> rendered from data" for t, x in page.formatted if x.strip() in markers]
    return found


def visible_text(html: str) -> str:
    return re.sub(r"\s+", " ", "".join(parse(html).text))


# --- the inert tree ---------------------------------------------------------------------


def test_inert_tree_is_valid_data():
    """Payloads are valid data: they must be shown as text, not refused."""
    result = load(INERT)
    assert [(e.code, e.file, e.line) for e in result.errors] == []
    assert [c.city.id for c in result.portal.cities] == ["hostile"]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    from generator.pipeline import BuildSettings, build_site

    tmp = tmp_path_factory.mktemp("hostile")
    data = overlay(None, tmp)
    out = tmp / "site"
    build_site(BuildSettings(data_dir=data, out_dir=out, cache_dir=tmp / "cache"))
    return out


def _pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


@pytest.mark.slow
def test_no_live_script_or_handler_from_data(hostile_site):
    pages = _pages(hostile_site)
    assert len(pages) >= 10, sorted(pages)
    problems = {name: found for name, html in pages.items() if (found := live_payloads(html))}
    assert problems == {}


@pytest.mark.slow
def test_every_payload_is_shown_as_literal_text(hostile_site):
    """Presence of the literal payload in the visible text proves it was escaped, not parsed."""
    pages = _pages(hostile_site)
    zh = " ".join(visible_text(h) for n, h in pages.items() if not n.startswith("en/"))
    en = " ".join(visible_text(h) for n, h in pages.items() if n.startswith("en/"))
    # Names and titles that every site shows, per language.
    expected_zh = [
        "恶意市 " + P["script"],
        "恶意规划 " + P["close_script"],
        "每万人口高价值发明专利拥有量 " + P["vega"],
        "链接局 " + P["html_link"],
        "概念 " + P["svg"],
        "链接任务 " + P["html_link"],
        "定性指标 " + P["svg"],
    ]
    expected_en = [
        "Hostile City " + P["img"],
        "Hostile plan " + P["md_link"],
        "Patents " + P["close_script"],
        "Link Bureau " + P["md_link"],
        "Concept " + P["iframe"],
        "Link task " + P["md_link"],
        "Qualitative " + P["iframe"],
    ]
    missing = [s for s in expected_zh if s not in zh] + [s for s in expected_en if s not in en]
    assert missing == []
    # Every kind of payload appears as text somewhere, in one language or the other.
    both = zh + " " + en
    assert [k for k, v in P.items() if v not in both] == []
    assert LONG_ASCII in both


@pytest.mark.slow
def test_search_index_holds_no_live_markup(hostile_site):
    """Material's search renders result text as HTML, so the index must hold escaped text."""
    indexes = sorted(hostile_site.rglob("search_index.json"))
    assert indexes, "no search index was built"
    for index in indexes:
        docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
        bad = [(d["location"], f) for d in docs for f in live_payloads(d.get("title", "") + d.get("text", ""))]
        assert bad == [], index


@pytest.mark.slow
def test_svg_and_other_outputs_carry_no_script(hostile_site):
    """Parsed as XML: no script element, no event handler, no javascript: link (text is fine)."""
    svgs = sorted(hostile_site.rglob("*.svg"))
    assert svgs, "the hostile site has no charts"
    for svg in svgs:
        for el in ElementTree.parse(svg).iter():
            tag = el.tag.rsplit("}", 1)[-1].lower()
            assert tag not in ("script", "foreignobject", "iframe"), svg
            for name, value in el.attrib.items():
                name = name.rsplit("}", 1)[-1].lower()
                assert not name.startswith("on"), (svg, name, value)
                assert not _BAD_SCHEME.match(re.sub(r"[\s\x00-\x1f]+", "", value)), (svg, name, value)


@pytest.mark.slow
def test_no_file_outside_data_leaks_into_the_site(hostile_site):
    """`../../../../etc/passwd` as a source name stays a name: nothing is read or copied."""
    for f in hostile_site.rglob("*"):
        if f.is_file() and f.stat().st_size < 5_000_000:
            assert b"root:x:0:0" not in f.read_bytes(), f


# --- the rejected cases ----------------------------------------------------------------


def _expected(case: Path) -> set[tuple[str, str, int | None]]:
    spec = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    return {(p["code"], p["file"], p["line"]) for p in spec["problems"]}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_rejected_case_reports_code_file_and_line(case, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a YAML tag that ran a command would leave its file here
    data = overlay(case, tmp_path)
    assert error_tuples(data) == _expected(case)
    assert not any(tmp_path.rglob("PWNED*"))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_rejected_case_cli_fails_cleanly(case, tmp_path):
    """validate and build exit 1 with the code in the output: no traceback, no hang, no site."""
    data = overlay(case, tmp_path)
    out = tmp_path / "site"
    codes = {code for code, _, _ in _expected(case)}
    for args in (["validate", "--data", str(data)], ["build", "--data", str(data), "--out", str(out)]):
        proc = run_cli(*args, cwd=tmp_path)
        output = proc.stdout + proc.stderr
        assert proc.returncode == 1, (args, output[-2000:])
        assert "Traceback" not in output
        assert all(code in output for code in codes), (args, output[-2000:])
    assert not out.exists()
    assert not any(tmp_path.rglob("PWNED*"))


def _huge(data: Path, kind: str) -> str:
    """Write a 10 MB string into a YAML or a CSV file; return the file's path relative to data."""
    plan = data / "cities/hostile/plans/hostile-plan-2021-2025"
    big = "大" * 3_500_000  # 3 bytes each in UTF-8: 10.5 MB
    if kind == "yaml":
        path = plan / "tasks.yaml"
        path.write_text(path.read_text(encoding="utf-8") + f"- id: huge\n  title: {{zh: {big}, en: x}}\n", encoding="utf-8")
    else:
        path = plan / "observations.csv"
        path.write_text(path.read_text(encoding="utf-8") + f"hostile-exact,2023,9,hostile-source.txt,x,,{big},\n", encoding="utf-8")
    return path.relative_to(data).as_posix()


@pytest.mark.parametrize("kind", ["yaml", "csv"])
def test_ten_megabyte_string_is_refused(kind, tmp_path):
    data = overlay(None, tmp_path)
    file = _huge(data, kind)
    result = load(data)
    assert {(e.code, rel(e.file, data)) for e in result.errors} == {("file-too-large", file)}
    proc = run_cli("validate", "--data", str(data), cwd=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "file-too-large" in proc.stdout + proc.stderr


def test_text_longer_than_the_model_allows_is_an_error_not_a_crash(tmp_path):
    """30,000 characters in a name (under the file limit, over the 20,000-character field limit)."""
    data = overlay(None, tmp_path)
    city = data / "cities/hostile/city.yaml"
    city.write_text(city.read_text(encoding="utf-8").replace("Hostile City", "H" * 30_000, 1), encoding="utf-8")
    result = load(data)
    errors = [(rel(e.file, data), e.line) for e in result.errors]
    assert errors == [("cities/hostile/city.yaml", 4)]
    assert all(e.message_en and e.message_zh for e in result.errors)


def test_symlink_out_of_the_data_folder_is_not_followed_into_the_site(tmp_path):
    """A source document that is a symlink to /etc/passwd: refused, or at least never published."""
    data = overlay(None, tmp_path)
    (data / "sources" / "passwd.txt").symlink_to("/etc/passwd")
    out = tmp_path / "site"
    proc = run_cli("build", "--data", str(data), "--out", str(out), cwd=tmp_path)
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    if out.exists():
        leaked = [f for f in out.rglob("*") if f.is_file() and b"root:x:0:0" in f.read_bytes()]
        assert leaked == []
