"""The revision history of a plan or indicator page, and the pieces the What's new page shares.

Pure: history entries (generator.history.Entry) in, Markdown with raw HTML blocks out. Every
string from data or a commit message is untrusted: it reaches the HTML only as an argument of
``Markup.format`` (escaped, and made one line without control or bidi characters first).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..escape import Markup, one_line
from ..i18n import t

if TYPE_CHECKING:
    from ..diff import Change
    from ..history import Entry

MAX_CHANGES_PER_ENTRY = 30  # on a page; the rest is counted ("and 12 more")
_HEX40 = re.compile(r"^[0-9a-f]{40}$")
_SAFE_COMMIT_BASE = re.compile(r"^https://[A-Za-z0-9.-]+(/[A-Za-z0-9._~-]+)*/$")


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


def commit_link(entry: Entry, commit_url: str | None, lang: str) -> Markup:
    """The short commit id, linked to `commit_url` + the full id when that is a plain https URL."""
    code = Markup("<code>{}</code>").format(text(entry.short))
    if commit_url and _SAFE_COMMIT_BASE.match(commit_url) and _HEX40.match(entry.commit):
        return Markup('<a href="{}" title="{}">{}</a>').format(
            commit_url + entry.commit, t("history.commit", lang), code
        )
    return code


def changes_html(changes: Sequence[Change], lang: str, limit: int = MAX_CHANGES_PER_ENTRY) -> Markup:
    items = [Markup("<li>{}</li>").format(text(c.text(lang))) for c in changes[:limit]]
    if len(changes) > limit:
        items.append(Markup("<li>{}</li>").format(t("history.more", lang, n=len(changes) - limit)))
    return Markup("<ul>{}</ul>").format(Markup("").join(items)) if items else Markup("")


def entry_html(
    entry: Entry, changes: Sequence[Change], lang: str, commit_url: str | None, limit: int, anchor: bool = False
) -> Markup:
    """One commit: date · commit · subject, then what it changed."""
    li = Markup('<li id="commit-{}">').format(entry.commit) if anchor and _HEX40.match(entry.commit) else Markup("<li>")
    head = Markup('<time datetime="{0}">{0}</time> · {1} · <span class="history-subject">{2}</span>').format(
        text(entry.date), commit_link(entry, commit_url, lang), text(entry.subject)
    )
    if not entry.valid:
        body = Markup("<p>{}</p>").format(t("history.invalid", lang))
    elif not changes:
        body = Markup("<p>{}</p>").format(t("history.no-changes", lang))
    else:
        body = changes_html(changes, lang, limit)
    return li + head + body + Markup("</li>")


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
    """Markdown for the revision history of a plan page (or, with indicator_id, an indicator page).

    Newest first: date, commit (linked when `commit_url`, e.g. ``https://github.com/o/r/commit/``,
    is given), the commit subject and what changed. Says so when history is unavailable.
    """
    # A page's own history stays out of search: the same words on every page would crowd the
    # results (the What's new page, which is indexed, lists every change).
    heading = f"{'#' * level} {t('page_history', lang)}{heading_attrs(anchor, search=False)}\n\n"
    if not entries:
        return heading + unavailable(lang)
    rows = [(e, e.changes_for(plan_id, indicator_id)) for e in entries]
    rows = [(e, ch) for e, ch in rows if ch]
    if not rows:
        return heading + str(Markup("<p>{}</p>\n").format(t("history.none-since", lang, date=entries[0].date)))
    items = Markup("").join(entry_html(e, ch, lang, commit_url, MAX_CHANGES_PER_ENTRY) for e, ch in reversed(rows))
    return heading + str(Markup('<ul class="history">{}</ul>\n').format(items))
