"""The `generator diff` report for reviewers: changes to data/ as plain text (a terminal) or
Markdown (the pull request's job summary), each change in Chinese and in English.

Pure: changes (generator.diff.Change) in, text out. Change lines hold untrusted text from
the data; in Markdown it goes through ``escape.md`` (inert on GitHub and on the site), in
text through ``escape.one_line`` (no control or bidi-override characters reach a terminal).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .escape import md, one_line
from .i18n import t

if TYPE_CHECKING:
    from .diff import Change, SideInvalid

MAX_MARKDOWN_LINES = 400  # a job summary is limited to 1 MiB
MAX_PROBLEMS = 20  # of the data that does not validate


def _both(key: str, sep: str = " / ", **values: object) -> str:
    """A catalogue entry in both languages: the report is read by reviewers of either."""
    return t(key, "zh", **values) + sep + t(key, "en", **values)


def _title() -> str:
    return "## " + _both("diff.report.title", " · ")


def _safe_rev(rev: str) -> str:
    return re.sub(r"[^A-Za-z0-9._/~^@-]", "", rev)[:80]


def render_text(changes: list[Change]) -> str:
    if not changes:
        return _both("diff.report.no-changes") + "\n"
    return "".join(f"- {one_line(c.text('zh'))}\n  {one_line(c.text('en'))}\n" for c in changes)


def render_markdown(changes: list[Change], base: str = "", head: str = "") -> str:
    title = _title()
    if base or head:
        title += f" (`{_safe_rev(base)}` → `{_safe_rev(head)}`)"
    if not changes:
        return f"{title}\n\n{md(_both('diff.report.no-changes'))}\n"
    counts = {a: sum(c.action == a for c in changes) for a in ("added", "changed", "removed")}
    lines = [
        title,
        "",
        " · ".join(f"{t(f'diff.action.{a}', 'zh')} {t(f'diff.action.{a}', 'en')}: {n}" for a, n in counts.items()),
        "",
    ]
    shown = changes[:MAX_MARKDOWN_LINES]
    lines += [f"- {md(c.text('zh'))}<br>{md(c.text('en'))}" for c in shown]
    if len(changes) > len(shown):
        lines.append("- " + _both("diff.report.more", n=len(changes) - len(shown)))
    return "\n".join(lines) + "\n"


def render_invalid(err: SideInvalid, fmt: str) -> str:
    """The data at one side does not validate: say so, with the first problems."""
    heads = [t("diff.report.invalid", lang, side=err.side, rev=err.rev) for lang in ("zh", "en")]
    shown = err.messages[:MAX_PROBLEMS]
    more = len(err.messages) - len(shown)
    if fmt == "markdown":
        lines = [_title(), "", *(line for h in heads for line in (f"**{md(h)}**", "")), *(f"- {md(m)}" for m in shown)]
        if more:
            lines.append(f"- … (+{more})")
        return "\n".join(lines) + "\n"
    return (
        "\n".join([*map(one_line, heads), *(f"  {one_line(m)}" for m in shown)] + ([f"  … (+{more})"] if more else []))
        + "\n"
    )


def render_git_error(message: str, fmt: str) -> str:
    """The revisions could not be read (git's own message, untrusted like any text)."""
    head = _both("diff.report.no-git")
    if fmt == "markdown":
        return f"{_title()}\n\n{md(head)}: {md(message)}\n"
    return f"{head}: {one_line(message)}\n"
