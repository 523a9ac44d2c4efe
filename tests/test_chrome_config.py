"""The site's frame: per-language MkDocs settings, the 404 hook, the About page's source table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import not_found, paths
from generator.escape import html
from generator.i18n import t
from generator.load import load
from generator.mkdocs_config import language_config, read_base, top_level_names
from generator.pages.common import urls
from generator.pages.document import documents_table
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


# --- the About page's list of source documents ----------------------------------------------
# (it used to be data/sources/README.md's table; it is now made from sources/documents.yaml and the
# plans: tests/test_sources.py)


@pytest.fixture(scope="module")
def real():
    return load(paths.DATA).portal


def test_source_list_is_in_the_page_language(real):
    zh = documents_table(urls.about, real, "zh")
    # The README's own English words are not in the Chinese list...
    for english in ("Xuchang", "Zhengzhou", "issued", "draft", "public comment", "annual work plan"):
        assert english not in zh
    # ...and what they said is there in Chinese: statuses, the missing issuer of the drafts.
    assert t("plan_draft", "zh") in zh and t("plan_issued", "zh") in zh
    assert t("sources.not_known", "zh") in zh
    for cd, pd in real.plans():
        assert cd.city.name.zh in zh and str(pd.plan.period.start) in zh
        if pd.plan.doc_number:
            assert pd.plan.doc_number in zh


def test_source_list_in_english_uses_english_words_and_keeps_the_original_title(real):
    en = documents_table(urls.about, real, "en")
    assert t("plan_draft", "en") in en and t("plan_issued", "en") in en
    for doc in real.documents:  # the English title, and the document's own title to find it by
        assert html(doc.meta.title.en) in en and html(doc.meta.title.zh) in en
