"""Source documents you can open (issue 15, item 1): the document pages, the links into them, the
About page's list, and the documents.yaml checks.

Browser checks (a source link opens the document at its line on a phone, every link of the real
build lands on an anchor) are in tests/browser/test_sources.py.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import markdown
import pytest

from generator import documents
from generator.documents import Document, locate, wrapped
from generator.escape import html
from generator.i18n import t
from generator.load import load
from generator.models import SourceDocument, Text
from generator.pages import render_site
from generator.pages.common import rel_url, urls
from generator.pages.document import document_page, documents_table
from generator.pages.inputs import Inputs

TESTS = Path(__file__).resolve().parent
MINIMAL = TESTS / "fixtures" / "valid" / "minimal"
EXTENSIONS = ["toc", "attr_list", "tables", "md_in_html"]  # mkdocs.yml's markdown_extensions


def html_of(body: str) -> str:
    """The page body as Python-Markdown turns it into HTML (as MkDocs does)."""
    return markdown.Markdown(extensions=EXTENSIONS).convert(body)


# --- finding a quote's lines ---------------------------------------------------------------


def test_a_quote_is_found_on_its_line_or_run_of_lines_whatever_the_spacing():
    lines = ["标题", "", "每万人口高价值发明专利拥有量（件）", "4.62", "13", "预期性", "其他"]
    assert locate(lines, "标题") == (1, 1)
    assert locate(lines, "每万人口高价值发明专利拥有量（件） 4.62 13 预期性") == (3, 6)  # a table row, one cell a line
    assert locate(lines, "4.62  13") == (4, 5)
    assert locate(lines, "发明专利拥有量(件)") == (3, 3)  # half-width brackets fold (NFKC), as the quote check does
    assert locate(lines, "不在文中") is None
    assert locate(lines, "") is None and locate(lines, None) is None


def test_crossing_runs_cannot_both_be_wrapped_nested_and_apart_ones_can():
    kept = wrapped([(3, 6), (4, 5), (8, 9), (5, 8), (2, 2)])
    assert (3, 6) in kept and (4, 5) in kept  # nested
    assert (8, 9) in kept  # apart
    assert (5, 8) not in kept  # crosses (3, 6) and (8, 9)
    assert (2, 2) not in kept  # one line: its line anchor is enough


def doc_of(lines: list[str], meta: SourceDocument | None = None, cited: list[str] | None = None) -> Document:
    text = "\n".join(lines) + "\n"
    metas = [meta] if meta else []
    return documents.build({"doc.txt": text}, metas, [("doc.txt", q) for q in cited or []])[0]


def test_the_link_anchor_is_the_wrapped_run_or_else_the_first_line():
    doc = doc_of(["a", "bb", "cc", "dd", "e"], cited=["bbcc", "ccdd"])
    assert doc.ranges == {(2, 3)}  # the later run crosses it: only the first is wrapped
    assert doc.anchor("bb cc") == "lines-2-3"
    assert doc.anchor("cc dd") == "line-3"
    assert doc.anchor("e") == "line-5"
    assert doc.anchor("not there") is None


# --- the document page ---------------------------------------------------------------------

HOSTILE = [
    "<script>window.__pwned='line'</script>",
    "[点我](javascript:window.__pwned='link') **粗体** `code` <img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)',
    "# 不是标题",
]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_line_is_escaped_text_with_its_own_anchor(lang):
    lines = ["第一行", "", *HOSTILE, "最后一行"]
    doc = doc_of(lines, cited=[HOSTILE[0] + HOSTILE[1]])
    page = document_page(doc, lang)
    out = html_of(page.body)
    # Nothing in the text became markup: no element, link, attribute or heading from it.
    assert "<script" not in out and "<img" not in out and "javascript:" not in re.sub(r">[^<]*<", "><", out)
    assert "onmouseover=" not in re.sub(r">[^<]*<", "><", out) and "<h1" not in out.split('class="doc-text"')[1]
    assert "<strong>" not in out and "<code>" not in out
    # ...and it is all there, literally.
    for line in HOSTILE:
        assert f'<span class="doc-line__text">{html(line)}</span>' in out
    # Every non-blank line has its anchor (its number in the file), linking to itself.
    for n, line in enumerate(lines, 1):
        assert (f'id="line-{n}"' in out) == bool(line.strip())
    assert 'href="#line-3"' in out
    # The cited run (lines 3-4) is one element around both lines.
    run = out.split('<div class="doc-run" id="lines-3-4">')[1].split("</div>")[0]
    assert 'id="line-3"' in run and 'id="line-4"' in run and 'id="line-5"' not in run
    # The text is marked Chinese as a whole, in both languages.
    assert '<div class="doc-text" lang="zh">' in out


def test_the_page_says_not_known_for_what_documents_yaml_does_not_record():
    meta = SourceDocument(id="doc", file="doc.txt", title=Text(zh="某规划", en="A plan"))
    for lang in ("zh", "en"):
        body = document_page(doc_of(["某规划"], meta), lang).body
        assert body.count(t("sources.not_known", lang)) == 4  # issuer, number, date, address
    body = document_page(doc_of(["某规划"], None), "en").body
    assert body.count(t("sources.not_known", "en")) == 4 and "doc.txt" in body  # no entry: the file name


def test_an_address_is_text_never_a_link():
    meta = SourceDocument(
        id="doc", file="doc.txt", title=Text(zh="某规划"), url="https://example.gov.cn/x?a=1&b=<2>", published=None
    )
    for lang in ("zh", "en"):
        out = html_of(document_page(doc_of(["某规划"], meta), lang).body)
        assert "https://example.gov.cn/x?a=1&amp;b=&lt;2&gt;" in out
        assert 'href="https://example.gov.cn' not in out


# --- links into the documents, on the minimal fixture ----------------------------------------


@pytest.fixture(scope="module")
def minimal():
    portal = load(MINIMAL).portal
    pages = {lang: {p.path: p for p in render_site(Inputs(portal=portal, as_of=2024), lang)} for lang in ("zh", "en")}
    return portal, pages


def _anchor_targets(pages: dict) -> dict[str, set[str]]:
    """Page path → the ids on it (the document pages)."""
    return {path: set(re.findall(r'id="([^"]+)"', p.body)) for path, p in pages.items() if path.startswith("sources/")}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_source_link_lands_on_an_anchor_of_a_document_page(minimal, lang):
    portal, pages = minimal
    by_lang = pages[lang]
    doc = portal.documents[0]
    targets = _anchor_targets(by_lang)
    assert set(targets) == {urls.document(doc.id)}
    seen = set()
    for path, page in by_lang.items():
        for href in re.findall(r'href="([^"]*sources/[^"]*)"', page.body):
            target, _, anchor = href.partition("#")
            assert target == rel_url(path, urls.document(doc.id)), (path, href)  # relative: works under a sub-path
            assert not anchor or anchor in targets[urls.document(doc.id)], (path, href)  # none: the page's top
            seen.add(path.split("/")[0] + ("/indicators" if "/indicators/" in path else ""))
    # Indicator, task, plan, reference, concept and About pages all link into the document.
    assert {"plans/indicators", "plans", "concepts", "about.md"} <= seen, seen
    indicator = next(p for p in by_lang.values() if "/indicators/" in p.path)
    ind = next(i for i in portal.plans()[0][1].indicators if f"/{i.id}/" in indicator.path)
    first, _ = doc.locate(ind.source.quote)
    assert f"#line-{first}" in indicator.body or f"#lines-{first}-" in indicator.body


def test_a_report_title_or_web_page_is_not_a_link(minimal):
    portal, pages = minimal
    web = list(portal.web_sources)
    assert web, "the minimal fixture cites a web page"
    for page in pages["en"].values():
        for w in web:
            assert f'href="{w.url}' not in page.body


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_about_lists_documents_by_title_with_their_facts_and_a_link(minimal, lang):
    portal, pages = minimal
    about = pages[lang][urls.about].body
    doc = portal.documents[0]
    section = about.split("{ #sources }")[1].split("{ #plans }")[0]
    title = doc.meta.title.en if lang == "en" else doc.meta.title.zh
    link = f'<a href="{rel_url(urls.about, urls.document(doc.id))}">{title}</a>'
    assert link in section
    assert doc.file not in section  # by title, not by file name
    for value in (doc.meta.doc_number, doc.meta.published.isoformat(), t("sources.not_known", lang)):
        assert value in section  # the fixture records no address: "not known"
    issuer = doc.meta.issuer.en if lang == "en" else doc.meta.issuer.zh
    assert issuer in section


# --- documents.yaml checks -------------------------------------------------------------------


def test_a_document_without_an_entry_is_published_under_its_file_name(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    (data / "sources" / "documents.yaml").unlink()
    result = load(data)
    assert [(p.code, p.file.split("/", 1)[1]) for p in result.problems] == [
        ("document-not-listed", "sources/example_plan.txt")
    ]
    assert "documents.yaml" in result.problems[0].message_en and "documents.yaml" in result.problems[0].message_zh
    (doc,) = result.portal.documents
    assert doc.meta is None and doc.id == "example-plan"
    page = document_page(doc, "zh")
    assert page.path == "sources/example-plan/index.md" and "example_plan.txt" in page.title


def test_the_real_documents_are_all_described_and_every_cited_quote_is_located():
    from generator import paths

    portal = load(paths.DATA).portal
    assert portal.documents and all(d.meta is not None for d in portal.documents)
    assert len({d.id for d in portal.documents}) == len(portal.documents)
    for _, pd in portal.plans():
        for item in (pd.plan, *pd.indicators, *pd.tasks):
            for src in documents.sources_in(item):
                doc = portal.document(src.file)
                if doc is not None and src.quote:
                    assert doc.anchor(src.quote) is not None, (item.id, src.quote)  # quote-not-in-source holds
    html = documents_table(urls.about, portal, "zh")
    assert all(d.file not in html for d in portal.documents)
