"""MkDocs hook: each page's "report an error" link and its government-site meta tags.

The words and settings come from ``config.extra.portal.gov`` (made by generator.publishing,
in the page's language); the page's own facts from its front matter (``subject``: the
indicator or task the page is about; ``pub_date``: when its data last changed, on content
pages). Both reach the templates as ``gov_page`` (see site_src/overrides/main.html and
partials/footer.html), plain strings that the templates escape.

Every value in a link is percent-encoded with nothing left safe, so data text (an indicator's
name) cannot add a query parameter, a fragment or an e-mail header.

Loaded by MkDocs from its path (``hooks:`` in the generated configuration): standard library
only, no imports from the package.
"""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import quote, urlencode


def _one_line(value: Any) -> str:
    return " ".join(str(value or "").split())


def report_link(report: dict[str, Any] | None, page: str, subject: str | None, title: str | None) -> str | None:
    """The issue form (``report["form"]``) or ``mailto:`` (``report["email"]``) address for a
    report about ``page`` (its address), prefilled with ``subject`` (indicator or task, if
    any) and the page's language; None when ``report`` is None (nothing configured)."""
    if not report:
        return None
    subject, title = _one_line(subject) or None, _one_line(title) or None
    about = subject or title
    issue_title = report["title"].replace("{subject}", about) if about else report["title_page"]
    fields, labels = report["fields"], report["labels"]
    if report.get("form"):
        query = {"template": report["template"], "title": issue_title, fields["page"]: page}
        if subject:
            query[fields["subject"]] = subject
        query[fields["language"]] = report["language"]
        return report["form"] + "?" + urlencode(query, quote_via=quote, safe="")
    lines = [labels["page"] + page]
    lines += [labels["subject"] + subject] if subject else []
    lines += [labels["language"] + report["language"], "", labels["what"], "", labels["correct"], "", labels["source"]]
    body = "\r\n".join(lines)
    return f"mailto:{report['email']}?subject={quote(issue_title, safe='')}&body={quote(body, safe='')}"


def page_address(page: Any, lang: str) -> str:
    """The page's public address; without a site_url, its path from the site root."""
    if getattr(page, "canonical_url", None):
        return page.canonical_url
    return "/" + ("en/" if lang == "en" else "") + (page.url or "")


def meta_tags(site: dict[str, Any] | None, meta: dict[str, Any], title: str | None) -> list[tuple[str, str]]:
    """(name, content) of the government-site meta tags: SiteName, SiteDomain and SiteIDCode on
    every page; ArticleTitle, PubDate and ContentSource on content pages (with a ``pub_date``)."""
    if not site:
        return []
    tags = [("SiteName", site["site_name"])]
    if site.get("site_domain"):
        tags.append(("SiteDomain", site["site_domain"]))
    tags.append(("SiteIDCode", site["site_code"]))
    if meta.get("pub_date") and title:
        tags += [
            ("ArticleTitle", _one_line(title)),
            ("PubDate", str(meta["pub_date"])),
            ("ContentSource", site["content_source"]),
        ]
    return tags


def page_context(gov: dict[str, Any], lang: str, page: Any) -> dict[str, Any]:
    """``gov_page`` of one page: its report link and meta tags (plain text, escaped by the templates)."""
    meta = getattr(page, "meta", None) or {}
    # front matter titles are stored HTML-escaped (pages.common.front_matter): plain text here
    title = html.unescape(str(meta.get("title") or getattr(page, "title", "") or ""))
    return {
        "report_url": report_link(gov.get("report"), page_address(page, lang), meta.get("subject"), title),
        "meta": meta_tags(gov.get("meta"), meta, title),
    }


def on_page_context(context, page, config, **kwargs):
    portal = (config.get("extra") or {}).get("portal") or {}
    gov = portal.get("gov")
    if gov:
        context["gov_page"] = page_context(gov, portal.get("lang", "zh"), page)
    return context


def on_template_context(context, template_name, config, **kwargs):
    """The 404 page (a template, not a page) gets the site-wide meta tags too."""
    portal = (config.get("extra") or {}).get("portal") or {}
    gov = portal.get("gov")
    if template_name == "404.html" and gov:
        context["gov_page"] = {"report_url": None, "meta": meta_tags(gov.get("meta"), {}, None)}
    return context
