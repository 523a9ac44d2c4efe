"""Suggested citations and public addresses of pages, in the reader's language.

Plain functions of plain values, so the indicator page, its embed page and (later) the zip's
README say the same thing: ``page_address`` gives the address a citation names (absolute when
the site's public address is known), ``citation`` the text. Text from data goes in as it is:
the result is plain text, escaped by whoever puts it into HTML.
"""

from __future__ import annotations

from .i18n import t
from .portal import DataVersion
from .publishing import site_base


def served_path(page_path: str) -> str:
    """Where a Markdown page is served (directory URLs): ``a/b/index.md`` → ``a/b/``, ``about.md`` → ``about/``."""
    if page_path.endswith("index.md"):
        return page_path[: -len("index.md")]
    return page_path[: -len(".md")] + "/"


def page_address(site_url: str | None, lang: str, page_path: str, file_name: str = "") -> str:
    """A page's address (or a file's next to it): absolute with a known site address, else the
    path from the site root (``/en/plans/…/``)."""
    path = served_path(page_path) + file_name
    base = site_base(site_url, lang)
    return base + path if base else "/" + ("en/" if lang == "en" else "") + path


def version_words(version: DataVersion, lang: str) -> str:
    """The data version as a citation on a public page names it: by its date, or "not known"
    (public pages name no commit id, issue #14; the downloads carry the full version)."""
    return t("reuse.cite.version", lang, date=version.date or t("reuse.cite.unknown", lang))


def citation(
    *, portal: str, city: str, plan: str, indicator: str, version: DataVersion, address: str, lang: str
) -> str:
    """The suggested citation of one indicator, e.g. "河南…门户：郑州市《…规划》“…”，数据版本 abc1234（2026-12-01），<address>"."""
    return t(
        "reuse.cite.indicator",
        lang,
        portal=portal,
        city=city,
        plan=plan,
        indicator=indicator,
        version=version_words(version, lang),
        address=address,
    )
