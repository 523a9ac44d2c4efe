"""The `generator diff` report for reviewers: changes to data/ as plain text (a terminal) or
Markdown (the pull request's job summary), each change in Chinese and in English.

Pure: changes (generator.diff.Change) in, text out. Change lines hold untrusted text from
the data; in Markdown it goes through ``escape.md`` (inert on GitHub and on the site), in
text through ``escape.one_line`` (no control or bidi-override characters reach a terminal).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .escape import md, md_cell, one_line
from .i18n import t

if TYPE_CHECKING:
    from .diff import Change, SideInvalid

MAX_MARKDOWN_LINES = 400  # a job summary is limited to 1 MiB
MAX_MARKDOWN_BYTES = 900_000  # the whole report, with room for the validation table in the same summary
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


MAX_REVIEWED = 60  # indicators and tasks shown with what their public page will say


def _page_key(c: Change) -> str | None:
    """The indicator or task whose public page a change shows on."""
    if c.kind in ("indicator", "observation") and c.plan and c.indicator:
        return f"indicator:{c.plan}:{c.indicator}"
    if c.kind in ("task", "task-report") and c.plan and c.task:
        return f"task:{c.plan}:{c.task}"
    return None


def _pair(before: str | None, after: str | None) -> str:
    """before → after (— for a side that has none), or the one value when it did not change."""
    if before == after:
        return after or ""
    return f"{before or '—'} → {after or '—'}"


def _words(page: dict | None, part: str, lang: str):
    return (page or {}).get(part, {}).get(lang) if page else None


def _steps_changed(before: dict | None, after: dict | None) -> list[tuple[str, str]]:
    """The explanation steps that changed, as (Chinese, English) lines marked + (new) or − (gone).
    Steps are the same list in both languages, so a step is matched by its Chinese sentence."""
    old = {lang: _words(before, "explain", lang) or [] for lang in ("zh", "en")}
    new = {lang: _words(after, "explain", lang) or [] for lang in ("zh", "en")}
    out = [("− " + zh, "− " + en) for zh, en in zip(old["zh"], old["en"]) if zh not in new["zh"]]
    out += [("+ " + zh, "+ " + en) for zh, en in zip(new["zh"], new["en"]) if zh not in old["zh"]]
    return out


def render_review(changes: list[Change], before: dict, after: dict) -> list[str]:
    """Markdown lines: for each indicator and task a change touches, what its public page will say —
    name, the changes (values with units, sources), status before → after and the explanation steps
    that changed — in Chinese and English. Every data value goes through ``md_cell``."""
    groups: dict[str, list[Change]] = {}
    for c in changes:
        key = _page_key(c)
        if key is not None:
            groups.setdefault(key, []).append(c)
    if not groups:
        return []
    lines = ["", "### " + _both("diff.review.title", " · "), "", md(_both("diff.review.intro")), ""]
    for n, (key, group) in enumerate(groups.items()):
        if n >= MAX_REVIEWED:
            lines += ["", md(_both("diff.review.more", n=len(groups) - MAX_REVIEWED))]
            break
        old, new = before.get(key), after.get(key)
        first = group[0]
        rows: list[tuple[str, str, str]] = [("diff.review.name", first.subject_zh, first.subject_en)]
        rows += [("diff.review.change", c.text("zh", subject=False), c.text("en", subject=False)) for c in group]
        if key.startswith("indicator:"):
            for part in ("latest", "target"):
                rows.append(
                    (
                        f"diff.review.{part}",
                        _pair(_words(old, part, "zh"), _words(new, part, "zh")),
                        _pair(_words(old, part, "en"), _words(new, part, "en")),
                    )
                )
        sources = [c for c in group if c.source and c.action != "removed"]
        rows += [("diff.review.source", c.source or "", c.source or "") for c in sources]
        rows.append(
            (
                "diff.review.status",
                _pair(_words(old, "status", "zh"), _words(new, "status", "zh")),
                _pair(_words(old, "status", "en"), _words(new, "status", "en")),
            )
        )
        steps = _steps_changed(old, new)
        if steps:
            rows.append(("diff.review.steps", "\n".join(zh for zh, _ in steps), "\n".join(en for _, en in steps)))
        lines += [
            "",
            f"| {md(_both('diff.review.what'))} | {md(t('diff.review.lang', 'zh'))} | {md(t('diff.review.lang', 'en'))} |",
            "|---|---|---|",
            *(f"| {md(_both(label))} | {md_cell(zh)} | {md_cell(en)} |" for label, zh, en in rows),
        ]
    return lines


def render_markdown(
    changes: list[Change], base: str = "", head: str = "", *, before: dict | None = None, after: dict | None = None
) -> str:
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
    if before is not None and after is not None:
        lines += render_review(changes, before, after)
    return _capped(lines)


def _capped(lines: list[str]) -> str:
    """The lines, cut (with a note) where they would exceed MAX_MARKDOWN_BYTES: GitHub refuses a larger
    job summary as a whole."""
    out, size = [], 0
    for line in lines:
        size += len(line.encode("utf-8")) + 1
        if size > MAX_MARKDOWN_BYTES:
            out += ["", md(_both("diff.report.cut"))]
            break
        out.append(line)
    return "\n".join(out) + "\n"


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
