"""An Atom feed (RFC 4287) of changes to the data, one entry per commit that touched data/.

Pure: entries in, XML text out. Built with xml.etree, which escapes every string; text
from data and commit messages is untrusted, and characters XML 1.0 cannot carry
(control characters) are replaced first, so the feed always parses.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from .escape import Markup, xml_text
from .history import Entry
from .i18n import t

ATOM = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 50
MAX_CHANGES = 50
EPOCH = "1970-01-01T00:00:00Z"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        el.text = xml_text(text)
    return el


def _site(site_url: str | None, lang: str) -> str | None:
    if site_url and re.match(r"^https?://[^\s\"'<>]+$", site_url):
        return site_url.rstrip("/") + "/" + ("en/" if lang == "en" else "")
    return None


def atom_feed(entries: list[Entry] | None, lang: str, site_url: str | None, page: str = "whats-new/") -> str:
    """The Atom feed (as a string) for one language, newest entry first.

    `site_url` is the public address of the site (mkdocs.yml `site_url`); the feed is
    meant to be written at ``<site>/feed.xml`` (Chinese) and ``<site>/en/feed.xml``
    (English); entries link to the What's new page (`page`, relative to the language root).
    Without a site_url, ids fall back to ``urn:git:<commit>`` and links are relative.
    """
    base = _site(site_url, lang)
    page_url = (base or "") + page
    entries = list(entries or [])
    newest = list(reversed(entries))[:MAX_ENTRIES]
    ET.register_namespace("", ATOM)
    feed = ET.Element(
        f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN" if lang == "zh" else "en"}
    )
    _sub(feed, "id", (base + "feed.xml") if base else f"urn:portal:feed:{lang}")
    _sub(feed, "title", t("feed.title", lang))
    _sub(feed, "updated", newest[0].timestamp if newest else EPOCH)
    author = _sub(feed, "author")
    _sub(author, "name", t("feed.author", lang))
    _sub(feed, "link", href=page_url, rel="alternate", type="text/html")
    if base:
        _sub(feed, "link", href=base + "feed.xml", rel="self", type="application/atom+xml")
    for e in newest:
        item = _sub(feed, "entry")
        _sub(item, "id", f"{page_url}#commit-{e.commit}" if base else f"urn:git:{e.commit}")
        first = e.changes[0].text(lang) if e.changes else t("feed.invalid", lang) if not e.valid else e.subject
        title = f"{e.date} · {first}"
        if len(e.changes) > 1:
            title += f" (+{len(e.changes) - 1})"
        _sub(item, "title", title)
        _sub(item, "updated", e.timestamp)
        _sub(item, "link", href=f"{page_url}#commit-{e.commit}", rel="alternate", type="text/html")
        _sub(item, "summary", f"{t('feed.changes', lang, n=len(e.changes))} · {e.subject}")
        _sub(item, "content", _content_html(e, lang), type="html")
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _content_html(e: Entry, lang: str) -> str:
    """HTML for an entry's content (escaped here; the XML writer escapes it once more)."""
    parts = [Markup("<p>{} ({})</p>").format(xml_text(e.subject), e.short)]
    if not e.valid:
        parts.append(Markup("<p>{}</p>").format(t("feed.invalid", lang)))
    items = [Markup("<li>{}</li>").format(xml_text(c.text(lang))) for c in e.changes[:MAX_CHANGES]]
    if len(e.changes) > MAX_CHANGES:
        items.append(Markup("<li>{}</li>").format(t("feed.more", lang, n=len(e.changes) - MAX_CHANGES)))
    if items:
        parts.append(Markup("<ul>{}</ul>").format(Markup("").join(items)))
    return str(Markup("").join(parts))
