"""The site's frame: per-language MkDocs settings, the 404 hook, the About page's source table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import not_found, paths
from generator.i18n import t
from generator.load import load
from generator.mkdocs_config import language_config, read_base, top_level_names
from generator.pages.about import readme_table, sources_table
from generator.pages.common import urls
from generator.portal import DataVersion

VERSION = DataVersion(commit="0123456789abcdef0123456789abcdef01234567", date="2024-06-30")


def _config(lang: str, **base_changes) -> dict:
    base = read_base() | base_changes
    return language_config(base, lang, Path("/tmp/docs"), Path("/tmp/site"), VERSION)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_heading_links_are_titled_in_the_page_language(lang):
    toc = [e["toc"] for e in _config(lang)["markdown_extensions"] if isinstance(e, dict) and "toc" in e]
    assert len(toc) == 1
    assert toc[0]["permalink_title"] == t("chrome.permalink_title", lang)
    assert toc[0]["permalink"] == "#"  # the base file's options are kept
    assert "Permanent" not in t("chrome.permalink_title", "zh")


def test_404_hook_is_loaded_and_its_words_are_in_the_language():
    for lang in ("zh", "en"):
        cfg = _config(lang)
        assert str(paths.ROOT / "generator" / "not_found.py") in cfg["hooks"]
        words = cfg["extra"]["portal"]["not_found"]
        assert words["title"] == t("chrome.not_found_title", lang)
        assert cfg["extra"]["portal"]["plans_url"] == "plans/"
    assert re.search(r"[\u4e00-\u9fff]", _config("zh")["extra"]["portal"]["not_found"]["text"])


def test_top_level_names_are_the_folders_of_the_built_site():
    names = top_level_names()
    for key in ("plans", "cities", "concepts", "departments", "about", "whats-new", "en", "assets", "search"):
        assert key in names
    assert "index" not in names and not any(n.endswith(".md") for n in names)
    assert urls.plan("x").split("/")[0] in names


@pytest.mark.parametrize(
    ("site_url", "lang", "expected"),
    [
        (None, "zh", "/"),
        (None, "en", "/en/"),
        ("https://example.github.io/portal/", "zh", "/portal/"),
        ("https://example.github.io/portal/en/", "en", "/portal/en/"),
        ("https://example.gov.cn/", "zh", "/"),
    ],
)
def test_404_base_path(site_url, lang, expected):
    assert not_found.base_path(site_url, lang) == expected


def test_404_hook_makes_only_the_404_page_relative():
    config = {"site_url": None, "extra": {"portal": {"lang": "en"}}}
    ctx = not_found.on_template_context({"base_url": "/"}, "404.html", config)
    assert ctx["base_url"] == "." and ctx["not_found_base"] == "/en/"
    other = not_found.on_template_context({"base_url": "."}, "sitemap.xml", config)
    assert other == {"base_url": "."}


# --- the About page's table of source documents ----------------------------------------------


@pytest.fixture(scope="module")
def real():
    return load(paths.DATA).portal, (paths.DATA / "sources" / "README.md").read_text(encoding="utf-8")


def test_source_table_is_in_the_page_language_without_losing_a_file(real):
    portal, readme = real
    _, readme_rows = readme_table(readme)
    assert readme_rows, "the README's table was not found"
    headers, rows = sources_table(readme, portal.plans(), "zh")
    assert [r[0] for r in rows] == [r[0] for r in readme_rows]  # every file, in the README's order
    assert len(headers) == len(rows[0])
    text = " ".join(" ".join(r[1:]) for r in rows) + " ".join(headers)
    # The README's own English words are gone from the Chinese table...
    for english in ("Xuchang", "Zhengzhou", "issued", "draft", "public comment", "annual work plan"):
        assert english not in text
    # ...and what they said is there in Chinese: status, kind, the missing issuer of the drafts.
    assert t("plan_draft", "zh") in text and t("plan_issued", "zh") in text
    assert t("kind_annual-work-plan", "zh") in text
    assert t("chrome.about_issuer_not_named", "zh") in text
    by_file = {pd.plan.source.file: (cd, pd) for cd, pd in portal.plans()}
    for row in rows:
        cd, pd = by_file[row[0]]
        assert row[1] == cd.city.name.zh
        assert row[6].startswith(str(pd.plan.period.start))
        if pd.plan.doc_number:
            assert pd.plan.doc_number in row[4]


def test_source_table_in_english_uses_english_words(real):
    portal, readme = real
    _, rows = sources_table(readme, portal.plans(), "en")
    statuses = {r[5] for r in rows}
    assert statuses == {t("plan_draft", "en"), t("plan_issued", "en")}
    by_file = {pd.plan.source.file: pd for _, pd in portal.plans()}
    for row in rows:  # the English title, and the document's own title to find it by
        title = by_file[row[0]].plan.title
        assert title.zh in row[2] and (title.en or title.zh) in row[2]


def test_a_readme_file_without_a_plan_keeps_its_cells(real):
    portal, readme = real
    extra = "| 999_unknown.txt | 某市 Somewhere | 某文件 | 某局 | — | issued | 2030 |\n"
    lines = readme.splitlines(keepends=True)
    last = max(i for i, ln in enumerate(lines) if ln.startswith("|"))
    _, rows = sources_table("".join([*lines[: last + 1], extra, *lines[last + 1 :]]), portal.plans(), "zh")
    assert rows[-1][:7] == ["999_unknown.txt", "某市 Somewhere", "某文件", "某局", "—", "issued", "2030"]
