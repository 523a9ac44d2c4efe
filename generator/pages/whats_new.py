"""The body of the What's new page: the latest days of changes to the data, newest first, in
plain sentences (generator.pages.history_words), kept to a few phone screens: at most
``MAX_DAYS`` dates and ``MAX_LINES_PER_DAY`` sentences a date; the feed and each page's own
"updates to this data" hold the rest."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..escape import Markup
from ..i18n import t
from .history_section import days_html, heading_attrs, unavailable
from .history_words import day_groups

if TYPE_CHECKING:
    from ..history import Entry

MAX_DAYS = 6
MAX_LINES_PER_DAY = 10


def whats_new_page(
    entries: list[Entry] | None,
    lang: str,
    commit_url: str | None = None,
    feed_href: str | None = "feed.xml",
    anchor: str = "title",
) -> str:
    """Markdown body of the What's new page: the last ``MAX_DAYS`` dates with changes, newest first.

    `feed_href` is the link to the Atom feed, relative to the page (None: no link).
    ``commit_url`` is accepted for the callers' sake and not used: commits stay in git.
    """
    del commit_url
    out = f"# {t('whats_new', lang)}{heading_attrs(anchor)}\n\n"
    out += str(Markup("<p>{}</p>\n\n").format(t("history.whats-new-intro", lang)))
    feed = None
    if feed_href and re.match(r"^[A-Za-z0-9._/-]+$", feed_href):
        feed = Markup('<p><a href="{}" type="application/atom+xml">{}</a></p>\n\n').format(
            feed_href, t("history.feed", lang)
        )
        out += str(feed)
    if not entries:
        return out + unavailable(lang)
    days = day_groups(entries, lang, "site")
    out += str(days_html(days[:MAX_DAYS], lang, MAX_LINES_PER_DAY, css="history whats-new", anchor=True)) + "\n\n"
    if len(days) > MAX_DAYS:
        rest = t("history.whats-new-rest", lang, n=len(days) - MAX_DAYS)
        out += str(Markup('<p class="history-rest">{}</p>\n').format(rest))
    elif any(len(d.lines) > MAX_LINES_PER_DAY for d in days[:MAX_DAYS]):
        out += str(Markup('<p class="history-rest">{}</p>\n').format(t("history.whats-new-pages", lang)))
    return out
