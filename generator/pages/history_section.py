"""The "updates to this data" section of a plan or indicator page, and the pieces the What's
new page shares: dated groups of plain sentences (generator.pages.history_words), newest first.

Pure: history entries (generator.history.Entry) in, Markdown with raw HTML blocks out. No
commit id, commit subject, field name or id reaches the page. Every string from data is
untrusted: it reaches the HTML only as an argument of ``Markup.format`` (escaped, and made
one line without control or bidi characters first).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..escape import Markup, one_line
from ..i18n import t
from ..i18n.lang import colon
from .history_words import Day, Line, day_groups

if TYPE_CHECKING:
    from ..history import Entry

MAX_LINES_PER_DAY = 60  # on a page (folded); the rest is counted ("and 12 more")
OPEN_UP_TO = 5  # lines shown open; a longer history is folded under a summary with its count


def heading_attrs(anchor: str | None, search: bool = True) -> str:
    """An attr_list id for a heading (the site enables attr_list), only from a fixed slug;
    ``search=False`` keeps the section out of the search index."""
    exclude = " data-search-exclude" if not search else ""
    if anchor and re.match(r"^[a-z][a-z0-9-]*$", anchor):
        return f" {{ #{anchor}{exclude} }}"
    return f" {{ {exclude.strip()} }}" if exclude else ""


def text(value: object) -> Markup:
    """Untrusted text for these blocks: one line, controls and bidi overrides made visible, escaped."""
    return Markup("{}").format(one_line(value))


def line_html(line: Line, lang: str) -> Markup:
    """One sentence, after whom it concerns when that is not the page itself."""
    if line.subject:
        return Markup('<li><span class="history-subject">{}</span>{}{}</li>').format(
            text(line.subject), colon(lang), text(line.text)
        )
    return Markup("<li>{}</li>").format(text(line.text))


def day_html(day: Day, lang: str, limit: int, anchor: bool = False) -> Markup:
    """One date and its sentences (at most ``limit``, the rest counted)."""
    li = Markup('<li id="d-{}">').format(day.date) if anchor and re.match(r"^\d{4}-\d\d-\d\d$", day.date) else None
    items = [line_html(line, lang) for line in day.lines[:limit]]
    if len(day.lines) > limit:
        items.append(Markup("<li>{}</li>").format(t("history.more", lang, n=len(day.lines) - limit)))
    return (
        (li or Markup("<li>"))
        + Markup('<time datetime="{0}">{0}</time>').format(text(day.date))
        + Markup("<ul>{}</ul>").format(Markup("").join(items))
        + Markup("</li>")
    )


def days_html(days: Sequence[Day], lang: str, limit: int, css: str = "history", anchor: bool = False) -> Markup:
    return Markup('<ul class="{}">{}</ul>').format(css, Markup("").join(day_html(d, lang, limit, anchor) for d in days))


def unavailable(lang: str) -> str:
    return str(Markup('<p class="history-unavailable">{}</p>\n').format(t("history.unavailable", lang)))


def history_section(
    entries: Sequence[Entry] | None,
    lang: str,
    plan_id: str,
    indicator_id: str | None = None,
    commit_url: str | None = None,
    level: int = 2,
    anchor: str = "history",
) -> str:
    """Markdown for the updates to a plan page's data (or, with indicator_id, an indicator page's).

    Dated groups of plain sentences, newest first; folded under a summary ("12 changes, the
    latest on …") when longer than a few lines. Says so when no history is available.
    ``commit_url`` is accepted for the callers' sake and not used: commits stay in git.
    """
    del commit_url
    # A page's own history stays out of search: the same words on every page would crowd the
    # results (the What's new page, which is indexed, lists the changes).
    heading = f"{'#' * level} {t('history.heading', lang)}{heading_attrs(anchor, search=False)}\n\n"
    if not entries:
        return heading + unavailable(lang)
    days = day_groups(entries, lang, "indicator" if indicator_id else "plan", plan_id, indicator_id)
    if not days:
        return heading + str(Markup("<p>{}</p>\n").format(t("history.none-since", lang, date=entries[0].date)))
    body = days_html(days, lang, MAX_LINES_PER_DAY)
    count = sum(len(d.lines) for d in days)
    if count > OPEN_UP_TO:
        summary = t("history.summary", lang, n=count, date=days[0].date)
        body = Markup('<details class="history-fold"><summary>{}</summary>{}</details>').format(summary, body)
    return heading + str(body) + "\n"
