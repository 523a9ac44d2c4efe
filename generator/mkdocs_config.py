"""The MkDocs configuration of each language: mkdocs.yml plus a per-language overlay.

Chinese is built at the site root, English under ``en/``; both from the same base file,
each with its own ``docs_dir`` of generated Markdown. Pure: dicts in, dict out.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from . import paths
from .i18n import t
from .i18n.lang import colon
from .pages.about import REPORT_ANCHOR
from .pages.common import urls
from .portal import DataVersion
from .publishing import read_publishing, theme_settings

BASE_CONFIG = paths.ROOT / "mkdocs.yml"
NAV_KEYS = [
    "home",
    "plans",
    "cities",
    "concepts",
    "departments",
    "methodology",
    "about",
    "downloads",
    "whats_new",
    "contribute",
]
# Generated detail pages stay out of the navigation so every page stays small.
NOT_IN_NAV = "\n".join(["/cities/*/", "/plans/*/", "/concepts/*/", "/departments/*/", "/sources/*/"])
FEED_FILE = "feed.xml"
SITEMAP_PAGES = "sitemap-pages.xml"
# MkDocs hooks (loaded by path): generated HTML blocks skip Markdown's HTML parser; the 404
# page finds the site root at any address; every page's HTML is minified.
# Each page's report-an-error link and government-site meta (page_meta.py).
HOOKS = [str(paths.ROOT / "generator" / name) for name in ("raw_html.py", "not_found.py", "page_meta.py", "minify.py")]
# Folders at the root of the Chinese site besides the pages' own: the 404 page finds the site
# root in a missing address as the part before the first of these names (main.html).
SITE_FOLDERS = ("en", "assets", "search", "sources")


def read_base(path: Path = BASE_CONFIG) -> dict[str, Any]:
    with Path(path).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def nav(lang: str) -> list[dict[str, str]]:
    return [{t(key, lang): getattr(urls, key)} for key in NAV_KEYS]


def top_level_names() -> list[str]:
    """The first path segment of every page of the navigation, plus the site's own folders."""
    names = {getattr(urls, key).split("/")[0].removesuffix(".md") for key in NAV_KEYS}
    return sorted((names - {"index"}) | set(SITE_FOLDERS))


def version_text(version: DataVersion, lang: str) -> str:
    """The data version as readers see it: its date. The commit id stays in the downloads
    (VERSION.txt, the workbook) and in git, not on public pages."""
    if version.date:
        return version.date
    return t("version_unknown", lang)


# The languages whose search index has its Chinese cut into words by jieba at build time
# (generator.kept_site); loading jieba's dictionary alone takes about 2 s per build.
SEGMENTED_LANGS = frozenset({"zh"})


def language_config(
    base: dict[str, Any], lang: str, docs_dir: Path, site_dir: Path, version: DataVersion, has_feed: bool = False
) -> dict[str, Any]:
    """The full configuration of one language's build (a new dict; ``base`` is not changed)."""
    cfg = copy.deepcopy(base)
    site_url = (cfg.get("site_url") or "").strip() or None
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    other = "en" if lang == "zh" else "zh"

    cfg["site_name"] = t("site_name", lang)
    cfg["site_description"] = t("site_description", lang)
    cfg["docs_dir"] = str(docs_dir)
    cfg["site_dir"] = str(site_dir)
    cfg["site_url"] = (site_url + ("en/" if lang == "en" else "")) if site_url else None
    if not cfg["site_url"]:
        cfg.pop("site_url")
    # repo_url stays out of MkDocs' own configuration: with it, Material's header shows the
    # repository and its JavaScript asks api.github.com for stars and releases on every page
    # view (an external request). The portal uses it itself: report links, commit links.
    cfg.pop("repo_url", None)
    cfg["nav"] = nav(lang)
    cfg["not_in_nav"] = NOT_IN_NAV
    cfg["hooks"] = [*(cfg.get("hooks") or []), *HOOKS]

    theme = cfg.setdefault("theme", {})
    theme["language"] = lang
    theme["font"] = False
    if theme.get("custom_dir"):
        theme["custom_dir"] = str((paths.ROOT / theme["custom_dir"]).resolve())
    # Every page with its hreflang alternates (site_src/overrides/sitemap*.xml; an empty
    # urlset without a site_url). Listed always: MkDocs would copy it unrendered otherwise.
    theme["static_templates"] = [*(theme.get("static_templates") or []), SITEMAP_PAGES]

    extra = cfg.setdefault("extra", {})
    extra["alternate"] = [
        {"name": t(f"language_name_{x}", lang), "lang": x} for x in ("zh", "en")
    ]  # enables the switch partial
    extra["portal"] = {
        "lang": lang,
        "other_lang": other,
        "other_name": t(f"language_name_{other}", lang),
        "other_root": "en/" if lang == "zh" else "../",
        "site_url": site_url,
        "version_label": t("data_version", lang) + colon(lang),
        "version_text": version_text(version, lang),
        "report_label": t("report_error", lang),
        "report_page": f"about/#{REPORT_ANCHOR}",
        "unofficial": t("unofficial_translation", "en") if lang == "en" else None,
        "feed": FEED_FILE if has_feed else None,
        "feed_title": t("whats_new", lang),
        "top_level": top_level_names(),
        "not_found": {
            key: t(f"chrome.not_found_{key}", lang) for key in ("title", "text", "next", "home", "search", "plans")
        },
        "plans_url": urls.plans.removesuffix("index.md"),
        "gov": theme_settings(read_publishing(base), lang),
    }
    cfg["markdown_extensions"] = [
        _with_toc(ext, t("chrome.permalink_title", lang)) for ext in cfg.get("markdown_extensions") or []
    ]

    plugins = cfg.get("plugins") or []
    # No stemmer: Material's Chinese default ("stemmer") runs lunr's English Porter stemmer
    # over every token in the browser; it does nothing for Chinese, slows the index build
    # and stalls on very long words.
    search: dict[str, Any] = {"lang": ["en"], "pipeline": ["stopWordFilter"]}
    if lang in SEGMENTED_LANGS:
        # jieba segments Chinese at build time with \u200b, which the separator splits on.
        search["separator"] = r"[\s\u200b\u3000\-、。，．？！；]+"
    else:
        # The Chinese on these pages (quotes, names in the original) is split before each Han
        # character, in the browser (Material's tokenizer takes a lookahead): searchable by its
        # characters, with no dictionary to load at build time.
        search["separator"] = r"[\s\-]+|(?=[\u3400-\u9fff])"
    cfg["plugins"] = [_with_search(p, search) for p in plugins] or [{"search": search}]
    return cfg


def _with_search(plugin: Any, search: dict[str, Any]) -> Any:
    name = plugin if isinstance(plugin, str) else next(iter(plugin))
    if name not in ("search", "material/search"):
        return plugin
    options = {} if isinstance(plugin, str) else dict(plugin[name] or {})
    options.update(search)
    return {name: options}


def _with_toc(extension: Any, permalink_title: str) -> Any:
    """The toc extension with the heading links' title in the page's language (Python-Markdown's
    default is "Permanent link" on every heading, in English)."""
    name = extension if isinstance(extension, str) else next(iter(extension))
    if name != "toc":
        return extension
    options = {} if isinstance(extension, str) else dict(extension[name] or {})
    options["permalink_title"] = permalink_title
    return {name: options}
