"""The body of the What's new page: every commit that touched data/, newest first, with what it
changed (the same entry blocks as a page's revision history, generator.pages.history_section)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..escape import Markup
from ..i18n import t
from .history_section import entry_html, heading_attrs, unavailable

if TYPE_CHECKING:
    from ..history import Entry

MAX_CHANGES_PER_COMMIT = 200


def whats_new_page(
    entries: list[Entry] | None,
    lang: str,
    commit_url: str | None = None,
    feed_href: str | None = "feed.xml",
    anchor: str = "title",
) -> str:
    """Markdown body of the What's new page: every commit to data/, newest first.

    `feed_href` is the link to the Atom feed, relative to the page (None: no link).
    """
    out = f"# {t('whats_new', lang)}{heading_attrs(anchor)}\n\n"
    out += str(Markup("<p>{}</p>\n\n").format(t("history.whats-new-intro", lang)))
    if feed_href and re.match(r"^[A-Za-z0-9._/-]+$", feed_href):
        out += str(
            Markup('<p><a href="{}" type="application/atom+xml">{}</a></p>\n\n').format(
                feed_href, t("history.feed", lang)
            )
        )
    if not entries:
        return out + unavailable(lang)
    items = Markup("").join(
        entry_html(e, list(e.changes), lang, commit_url, MAX_CHANGES_PER_COMMIT, anchor=True) for e in reversed(entries)
    )
    return out + str(Markup('<ul class="history whats-new">{}</ul>\n').format(items))
