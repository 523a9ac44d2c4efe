"""An Atom feed (RFC 4287) of changes to the data, one entry per commit that touched data/.

Pure: entries in, XML text out. Built with xml.etree, which escapes every string; text
from data and commit messages is untrusted, and characters XML 1.0 cannot carry
(control characters) are replaced first, so the feed always parses.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

from .diff import clean_text
from .history import Entry
from .i18n import t

ATOM = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 50
MAX_CHANGES = 50
EPOCH = "1970-01-01T00:00:00Z"

_XML_BAD = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _x(text: object) -> str:
    """Text that XML 1.0 can hold, on one line."""
    return clean_text(_XML_BAD.sub("\ufffd", "" if text is None else str(text)))


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        el.text = _x(text)
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
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN" if lang == "zh" else "en"})
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
    parts = [f"<p>{html.escape(_x(e.subject))} ({html.escape(e.short)})</p>"]
    if not e.valid:
        parts.append(f"<p>{html.escape(t('feed.invalid', lang))}</p>")
    items = [f"<li>{html.escape(_x(c.text(lang)))}</li>" for c in e.changes[:MAX_CHANGES]]
    if len(e.changes) > MAX_CHANGES:
        items.append(f"<li>{html.escape(t('feed.more', lang, n=len(e.changes) - MAX_CHANGES))}</li>")
    if items:
        parts.append("<ul>" + "".join(items) + "</ul>")
    return "".join(parts)
