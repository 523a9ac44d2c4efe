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

from generator.i18n import t
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
    # The 404 pages carry the theme's own <base>: the path of their language root, never a host or
    # anything from data (site_src/overrides/main.html).
    for name in ("404.html", "en/404.html"):
        bases = [a.get("href", "") for tag, a in parse(pages[name]).elements if tag == "base"]
        assert len(bases) == 1 and re.fullmatch(r"(\.\./)*(\./)?|/[\w./-]*", bases[0]), bases
        problems[name] = [p for p in problems.get(name, []) if p != "<base> element"]
    assert {name: found for name, found in problems.items() if found} == {}


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
def test_task_pages_show_the_wording_and_reports_as_text(hostile_site):
    """A task's page prints its full wording, its units and its report notes: payloads there stay text."""
    pages = _pages(hostile_site)
    base = "plans/hostile-plan-2021-2025/tasks/"
    zh, en = pages[base + "long-task/index.html"], pages["en/" + base + "long-task/index.html"]
    assert live_payloads(zh) == [] and live_payloads(en) == []
    assert P["close_script"] in visible_text(zh) and P["img"] in visible_text(en)  # text.zh / text.en
    assert P["html_link"] in visible_text(zh) and P["md_link"] in visible_text(en)  # the report's notes
    index = visible_text(pages[base + "index.html"])
    assert "链接任务 " + P["html_link"] in index  # the title in the plan's task index, as text


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


@pytest.mark.slow
def test_reuse_outputs_keep_hostile_text_inert(hostile_site):
    """Per indicator (generator/pages/reuse.py): the share meta hold the hostile name as an attribute
    value, the chart-only page shows it as text, the CSV neutralises formulas, the JSON and PNG parse."""
    folders = sorted(p.parent for p in hostile_site.rglob("indicators/*/index.html"))
    assert len(folders) >= 6  # three indicators, both languages
    drawn = [f for f in folders if (f / "chart.svg").is_file()]
    assert {f.name for f in drawn} >= {"hostile-exact"} and len(drawn) >= 2
    for folder in folders:
        page = parse((folder / "index.html").read_text(encoding="utf-8"))
        meta = {a.get("property") or a.get("name"): a.get("content", "") for tag, a in page.elements if tag == "meta"}
        csv_text = (folder / f"{folder.name}.csv").read_bytes()
        assert csv_text.startswith(b"\xef\xbb\xbf")
        assert not re.search(rb"(^|,)[=+@]", csv_text.replace(b"\r\n", b"\n"), re.M), folder  # formulas start with '
        json.loads((folder / f"{folder.name}.json").read_text(encoding="utf-8"))
        if folder not in drawn:  # values in fewer than two years: no chart, so no chart-only page or PNG
            assert not (folder / "embed.html").exists() and not (folder / "chart.png").exists(), folder
            continue
        embed_html = (folder / "embed.html").read_text(encoding="utf-8")
        assert live_payloads(embed_html) == [], folder
        embed = parse(embed_html)
        title = "".join(embed.text)
        if folder.name == "hostile-exact":  # its name carries P["vega"] (zh) and P["close_script"] (en)
            payload = P["close_script"] if "/en/" in folder.as_posix() else P["vega"].strip()
            assert payload in meta["og:title"] and payload in meta["twitter:title"], folder
            assert payload in next(a.get("alt", "") for tag, a in embed.elements if tag == "img")
        lang = "en" if "/en/" in folder.as_posix() else "zh"
        assert title.count(t("site_name", lang)) == 2  # the source line and the link back, as text
        assert (folder / "chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


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
        path.write_text(
            path.read_text(encoding="utf-8") + f"- id: huge\n  title: {{zh: {big}, en: x}}\n", encoding="utf-8"
        )
    else:
        path = plan / "observations.csv"
        path.write_text(
            path.read_text(encoding="utf-8") + f"hostile-exact,2023,9,hostile-source.txt,x,,{big},\n", encoding="utf-8"
        )
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


# --- one hostile corpus through every escaper and every output kind ------------------------
# Fast, in-process: each string below goes through each function of generator.escape and
# through every renderer that writes untrusted text (page blocks, history, What's new, the
# feed, the `generator diff` report, the validation report). Each test fails if one string
# becomes markup, a link, an element, an attribute or a control character in its output.

CORPUS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "javascript:alert(3)",
    "[x](javascript:alert(4))",
    "](http://x.test)",
    "![x](http://x.test/t.png)",
    "<http://x.test>",
    "`code` ``two`` ```three```",
    "{{ jinja }} {% raw %}",
    "&amp; &lt;b&gt; &#60;i&#62; &#x3C;",
    "*bold* **b** _em_ ~~del~~ ~sub~ |pipe| #hash",
    "line one\nline two\r\n- item\n# heading\n\n> quote",
    "\u202eevil\u202c \u2066isolate\u2069 \ufeffbom \u200fRLM",
    "2021\u200f-2025 \u200eLRM \u061cALM",  # direction marks alone: they reorder the digits around them
    "ctrl\x00\x07\x1b[31mred\x7f\x85\x9b",
    "1. list",
    "---",
    "a|b\\|c",
    "\\",
    "'single' \"double\" `",
    "%0A::error::x,y:z%",
    "<!-- c -->",
    "]]> <![CDATA[x]]>",
    "http://x.test/?a=1&b=2",
    "{ #id .class onclick=x }",
    "$x$ \\(y\\)",
    "==mark== ^^ins^^ :smile: [^1] [[wiki]]",
    "<a href='javascript:x'>a</a>",
    "&",
    "<",
    "\t tab",
    *P.values(),
]
_DEAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_MD_EXTENSIONS = ["toc", "attr_list", "tables", "md_in_html"]  # as mkdocs.yml


def _site_markdown(text: str, extensions: list[str] = _MD_EXTENSIONS) -> str:
    import markdown

    return markdown.markdown(text, extensions=extensions)


def _github_markdown(text: str) -> str:
    """The nearest we have to GitHub's renderer: no heading ids, tables on."""
    return _site_markdown(text, ["tables"])


def _tags(html_text: str) -> list[str]:
    return [tag for tag, _ in parse(html_text).elements]


def _shown(value: str) -> str:
    """What a reader must see: the string on one line, control and bidi characters as U+FFFD."""
    from generator.escape import one_line

    return one_line(value)


@pytest.mark.parametrize("value", CORPUS)
def test_html_escaper_keeps_text_literal(value):
    from html import unescape

    from generator.escape import Markup, html

    out = html(value)
    assert isinstance(out, Markup) and html(out) is out  # safe once, never escaped twice
    assert not re.search(r"[<>\"']", out) and unescape(out) == value
    page = parse(f'<p title="{out}">{out}</p>')
    assert page.elements == [("p", {"title": value})] and "".join(page.text) == value


@pytest.mark.parametrize("value", CORPUS)
def test_markdown_escaper_on_the_site_and_on_github(value):
    from generator.escape import md

    out = md(value)
    assert "\n" not in out and not _DEAD.search(out)
    for source, structure in ((f"- {out}", ["ul", "li"]), (f"## {out} {{ #x }}", ["h2"]), (f"x {out} y", ["p"])):
        rendered = _site_markdown(source)
        assert _tags(rendered) == structure, (source, rendered)
        assert _shown(value) in visible_text(rendered)
    # GitHub (CommonMark) reads every ASCII punctuation escape: nothing with a meaning there is
    # left bare once escapes and entities are taken out.
    bare = re.sub(r"\\.|&#?\w+;", "", out)
    assert not re.search(r"[\[\]()!`*_~<>|#{}\\]", bare), out


@pytest.mark.parametrize("value", CORPUS)
def test_markdown_table_cell_and_code_span(value):
    from generator.escape import md_cell, md_code

    rendered = _site_markdown(f"| h | c |\n|---|---|\n| {md_cell(value)} | {md_code(value)} |\n")
    tags = _tags(rendered)
    assert tags.count("td") == 2 and tags.count("code") == 1, rendered
    assert set(tags) <= {"table", "thead", "tbody", "tr", "th", "td", "br", "code"}, rendered


@pytest.mark.parametrize("value", CORPUS)
def test_one_line_xml_and_workflow_command_escapers(value):
    from xml.etree import ElementTree as ET

    from generator.escape import gh_data, gh_property, one_line, xml_text

    for out in (one_line(value), xml_text(value)):
        assert "\n" not in out and "\r" not in out and not _DEAD.search(out)
    el = ET.Element("t")
    el.text = xml_text(value)
    assert ET.fromstring(ET.tostring(el, encoding="unicode")).text in (xml_text(value), None)
    data, prop = gh_data(value), gh_property(value)
    assert not re.search(r"[\r\n]", data) and not re.search(r"[\r\n:,]", prop)

    def decode(s: str) -> str:
        return s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")

    assert decode(data) == value and decode(prop) == value


@pytest.mark.parametrize("value", CORPUS)
def test_page_blocks_show_hostile_text_as_text(value):
    from generator.escape import md
    from generator.pages.common import definition_list, figure, heading, link, md_link, note, para, table

    blocks = (
        table(["h", "h2"], [[value, link("a.md", "b.md", value)]], caption=value)
        + definition_list([(value, value)])
        + para(value, css="x")
        + note(value)
        + figure("c.svg", value, value, table(["h"], [[value]]))
        + heading(2, value, "anchor")
        + "- "
        + md_link("a.md", "b.md", value)
        + "\n- "
        + md(value)
        + "\n"
    )
    rendered = _site_markdown(blocks)
    assert live_payloads(rendered) == []
    allowed = {
        "div",
        "table",
        "caption",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "a",
        "dl",
        "dt",
        "dd",
        "p",
        "figure",
        "picture",
        "source",
        "img",
        "figcaption",
        "h2",
        "ul",
        "li",
    }
    assert set(_tags(rendered)) <= allowed, rendered
    assert [a.get("href") for t, a in parse(rendered).elements if t == "a"] == ["../b/", "c.svg", "b.md"]
    assert [a.get("src") for t, a in parse(rendered).elements if t == "img"] == ["c.svg"]
    assert [a.get("srcset") for t, a in parse(rendered).elements if t == "source"] == ["c-phone.svg"]


def _hostile_history(value: str):
    from generator.diff import Change, FieldChange
    from generator.history import Entry

    changes = (
        Change(
            "added", "observation", "k", value, value, plan="p", indicator="i", year=2022, summary=7.5, source=value
        ),
        Change("changed", "plan", "k2", value, value, plan="p", fields=(FieldChange("title.zh", value, "x"),)),
        Change("added", "task-report", "k3", value, value, plan="p", date="2023-01-01", status="delayed", source=value),
    )
    return [Entry("a" * 40, "aaaaaaa", "2024-01-01", "2024-01-01T00:00:00+00:00", value, changes)], changes


@pytest.mark.parametrize("value", CORPUS)
def test_history_whats_new_and_feed_keep_hostile_text_inert(value):
    from xml.etree import ElementTree as ET

    from generator.feed import atom_feed
    from generator.pages.history_section import history_section
    from generator.pages.whats_new import whats_new_page

    entries, _ = _hostile_history(value)
    for lang in ("zh", "en"):
        for md_text in (
            history_section(entries, lang, "p", commit_url="https://github.com/o/r/commit/"),
            whats_new_page(entries, lang, "https://github.com/o/r/commit/"),
        ):
            rendered = _site_markdown(md_text)
            assert live_payloads(rendered) == [] and not _DEAD.search(rendered)
            assert set(_tags(rendered)) <= {"h1", "h2", "p", "a", "ul", "li", "time", "code", "span"}, rendered
            assert [a["href"] for t, a in parse(rendered).elements if t == "a" and "href" in a] in ([], ["feed.xml"])
            assert _shown(value) in visible_text(rendered)
        root = ET.fromstring(atom_feed(entries, lang, "https://example.test/"))  # always well-formed XML
        content = root.find("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}content").text
        assert set(_tags(content)) <= {"p", "ul", "li"} and live_payloads(content) == []
        assert _shown(value) in visible_text(content)


@pytest.mark.parametrize("value", CORPUS)
def test_changes_report_and_validation_report_keep_hostile_text_inert(value):
    from generator import changes_report, report
    from generator.diff import SideInvalid
    from generator.problems import Problem, Severity

    _, changes = _hostile_history(value)
    for text in (
        changes_report.render_markdown(list(changes), value, value),
        changes_report.render_invalid(SideInvalid(value, value, [value]), "markdown"),
        changes_report.render_git_error(value, "markdown"),
    ):
        rendered = _github_markdown(text)
        assert live_payloads(rendered) == [] and not _DEAD.search(rendered)
        assert set(_tags(rendered)) <= {"h2", "p", "ul", "li", "br", "code", "strong"}, rendered
    for text in (
        changes_report.render_text(list(changes)),
        changes_report.render_invalid(SideInvalid(value, value, [value]), "text"),
        changes_report.render_git_error(value, "text"),
    ):
        assert not _DEAD.search(text)
    p = Problem(
        code="x",
        severity=Severity.error,
        file=value,
        line=1,
        message_en=value,
        message_zh=value,
        fix_en=value,
        fix_zh=value,
    )
    rendered = _github_markdown(report.markdown([p]))
    assert live_payloads(rendered) == [] and "script" not in _tags(rendered) and "a" not in _tags(rendered)
    github = report.github([p])  # the runner reads a command per \n-terminated line
    assert "\r" not in github and [line.startswith("::error ") for line in github.rstrip("\n").split("\n")] == [True]
