"""An Atom feed (RFC 4287) of changes to the data: one entry per day of changes, in the
same plain sentences as the What's new page (generator.pages.history_words). No commit id,
commit subject, field name or id goes into the feed.

Pure: entries in, XML text out. Built with xml.etree, which escapes every string; text
from data is untrusted, and characters XML 1.0 cannot carry (control characters) are
replaced first, so the feed always parses.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from .escape import Markup, xml_text
from .history import Entry
from .i18n import t
from .i18n.lang import colon
from .pages.history_words import Day, day_groups

ATOM = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 50  # days
MAX_CHANGES = 50  # sentences in one day's entry
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
    """The Atom feed (as a string) for one language, newest day first.

    `site_url` is the public address of the site (mkdocs.yml `site_url`); the feed is
    meant to be written at ``<site>/feed.xml`` (Chinese) and ``<site>/en/feed.xml``
    (English); entries link to their date on the What's new page (`page`, relative to the
    language root). Entry ids are ``urn:portal:<lang>:changes:<date>``, stable for a day.
    """
    base = _site(site_url, lang)
    page_url = (base or "") + page
    days = day_groups(list(entries or []), lang, "site")[:MAX_ENTRIES]
    ET.register_namespace("", ATOM)
    feed = ET.Element(
        f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN" if lang == "zh" else "en"}
    )
    _sub(feed, "id", (base + "feed.xml") if base else f"urn:portal:feed:{lang}")
    _sub(feed, "title", t("feed.title", lang))
    _sub(feed, "updated", days[0].timestamp if days else EPOCH)
    author = _sub(feed, "author")
    _sub(author, "name", t("feed.author", lang))
    _sub(feed, "link", href=page_url, rel="alternate", type="text/html")
    if base:
        _sub(feed, "link", href=base + "feed.xml", rel="self", type="application/atom+xml")
    for day in days:
        item = _sub(feed, "entry")
        _sub(item, "id", f"urn:portal:{lang}:changes:{day.date}")
        title = f"{day.date} · {_said(day.lines[0], lang)}"
        if len(day.lines) > 1:
            title += f" (+{len(day.lines) - 1})"
        _sub(item, "title", title)
        _sub(item, "updated", day.timestamp)
        _sub(item, "link", href=f"{page_url}#d-{day.date}", rel="alternate", type="text/html")
        _sub(item, "summary", t("feed.changes", lang, n=len(day.lines), date=day.date))
        _sub(item, "content", _content_html(day, lang), type="html")
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _said(line, lang: str) -> str:
    return f"{line.subject}{colon(lang)}{line.text}" if line.subject else line.text


def _content_html(day: Day, lang: str) -> str:
    """HTML for a day's content (escaped here; the XML writer escapes it once more)."""
    items = [Markup("<li>{}</li>").format(xml_text(_said(line, lang))) for line in day.lines[:MAX_CHANGES]]
    if len(day.lines) > MAX_CHANGES:
        items.append(Markup("<li>{}</li>").format(t("feed.more", lang, n=len(day.lines) - MAX_CHANGES)))
    return str(Markup("<ul>{}</ul>").format(Markup("").join(items)))
