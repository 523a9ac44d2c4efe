"""The data's changes in plain sentences for the public, in the page's language.

One place decides how each kind of change reads: ``FIELDS`` says, per changed field, which
sentence it gets (a value with its unit, a target in words, a name…), whether it is summed
up in one plain sentence ("说明文字有修订") or left out, and in which language it matters
(a change to the English notes is news to no Chinese reader). Commit ids, commit subjects,
field names and ids never reach a sentence: ids are said by their names (``Change.context``,
filled by generator.history), enum values in words.

``day_groups(entries, lang, scope)`` turns history entries into dated groups of ``Line``s,
newest first; the renderers (history_section, whats_new, generator.feed) only lay them out.
Figures go through generator.i18n.numbers, targets through generator.i18n.targets. Every
string here is plain, unescaped text: the renderers escape it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..diff import show_field
from ..i18n import has, t
from ..i18n.lang import join, with_unit
from ..i18n.numbers import figure
from ..i18n.targets import in_words

if TYPE_CHECKING:
    from ..diff import Change, FieldChange
    from ..history import Entry

# How a changed field reads, by the field's first name part (``target.value`` → ``target``),
# with (kind, part) overriding (part) alone. The rules:
#   value, target, baseline, rename, responsible, concept, points, revisions: their own sentence;
#   field: "<label> changed from <old> to <new>" (label history.field.<part>; enums in words);
#   wording / task-wording: one "wording revised" sentence, only in the language that changed
#     (``notes.en``, ``note_en``: English pages only); source: "source reference corrected";
#   hide: left out (ids, aliases, numbering, internal fields).
# A field not in the table reads "other details revised": never its name.
FIELDS: dict[str, str] = {
    "value": "value",
    "target": "target",
    "baseline": "baseline",
    "name": "rename",
    "title": "rename",
    "short_title": "rename",
    "unit": "field",
    "measure": "field",
    "nature": "field",
    "direction": "field",
    "status": "field",
    "kind": "field",
    "level": "field",
    "deadline": "field",
    "issue_date": "field",
    "doc_number": "field",
    "period": "field",
    "responsible": "responsible",
    "concept": "concept",
    "points": "points",
    "revisions": "revisions",
    "notes": "wording",
    "note_zh": "wording",
    "note_en": "wording",
    "summary": "wording",
    "description": "wording",
    "population_note": "wording",
    "category": "wording",
    "issuer": "wording",
    "province": "wording",
    "text": "task-wording",
    "source": "source",
    "section": "source",
    "quote": "source",
    "id": "hide",
    "aliases": "hide",
    "number": "hide",
    "schema_version": "hide",
    "city": "hide",
    "plan": "hide",
    "indicator": "hide",
    "task": "hide",
    "year": "hide",
    "date": "hide",
}
KIND_FIELDS: dict[tuple[str, str], str] = {
    ("task", "section"): "wording",  # the heading a task sits under
    ("glossary", "zh"): "hide",  # a term's Chinese is its identity
    ("glossary", "en"): "wording",
    ("glossary", "note"): "wording",
}
# Additions or removals of one kind on one day are counted ("新增50项任务") from this many on;
# figures and progress reports, the news, are always listed one by one (pages cap the lines).
COUNT_FROM = 3
NEVER_COUNTED = ("observation", "task-report")
# Order of lines within a day: figures, targets and additions first, then other changes in
# words, then the one-sentence summaries; within each, by kind.
_ORDER = {"observation": 0, "task-report": 1, "indicator": 2, "task": 3, "plan": 4}
_MINOR = {"wording", "task-wording", "source", "points", "revisions", "other"}


@dataclass(frozen=True)
class Line:
    """One sentence for a reader: ``subject`` (whom it concerns; "" when the page is its
    subject) and ``text``, both plain text."""

    subject: str
    text: str


@dataclass(frozen=True)
class Day:
    """The changes of one date (YYYY-MM-DD), as lines, most telling first."""

    date: str
    timestamp: str  # of the newest change that day (ISO 8601, for feeds)
    lines: tuple[Line, ...]


# ---------------------------------------------------------------------------- one change


def rule(kind: str, name: str) -> str:
    """The rule for a changed field (its dotted name), from ``KIND_FIELDS`` and ``FIELDS``."""
    part = name.split(".")[0]
    return KIND_FIELDS.get((kind, part)) or FIELDS.get(part) or "other"


def sentences(change: Change, lang: str) -> list[str]:
    """What one change says to a reader of ``lang``: none, one or a few sentences."""
    return [text for _, text in _ranked(change, lang)]


def _ranked(change: Change, lang: str) -> list[tuple[int, str]]:
    """The sentences with their rank: 0 news (a figure, a target, an addition), 1 another
    change said in words, 2 a one-sentence summary (wording revised, source corrected…)."""
    if change.action == "changed":
        out: list[tuple[int, str]] = []
        for how, text in _changed(change, lang):
            rank = 2 if how in _MINOR else 0 if how in ("value", "target", "baseline") else 1
            if text and text not in [s for _, s in out]:
                out.append((rank, text))
        return out
    return [(0, _added_or_removed(change, lang))]


def _added_or_removed(c: Change, lang: str) -> str:
    if c.kind == "observation" and c.year is not None:
        value = _with_unit(c.summary, c, lang)
        if c.action == "added":
            return t("history.say.value-added", lang, year=c.year, value=value, source=_source(c, lang))
        return t("history.say.value-removed", lang, year=c.year, value=value)
    if c.kind == "task-report" and c.date:
        if c.action == "added":
            status = t(f"task_{c.status}", lang) if c.status and has(f"task_{c.status}") else ""
            return t("history.say.report-added", lang, date=c.date, status=status, source=_source(c, lang))
        return t("history.say.report-removed", lang, date=c.date)
    target = (c.context.get("target") or [None, None])[1]
    if c.kind == "indicator" and c.action == "added" and target:
        return t("history.say.indicator-added", lang, target=_target(target, c, lang))
    return _cap(t(f"history.say.{c.action}", lang, kind=t(f"diff.kind.{c.kind}", lang)), lang)


def _changed(c: Change, lang: str):
    done: set[str] = set()
    for f in c.fields:
        how = rule(c.kind, f.name)
        if how in ("hide",) or how in done:
            continue
        if how in ("wording", "task-wording", "rename") and not _in_lang(f.name, lang):
            continue  # the other language's wording
        if how in ("target", "baseline", "responsible", "concept", "wording", "task-wording", "source", "other"):
            done.add(how)  # one sentence however many of its fields changed
        yield how, _field_sentence(c, f, how, lang)


def _field_sentence(c: Change, f: FieldChange, how: str, lang: str) -> str:
    if how == "value":
        if c.kind == "observation" and c.year is not None:
            return t(
                "history.say.value-changed",
                lang,
                year=c.year,
                old=_with_unit(f.old, c, lang),
                new=_with_unit(f.new, c, lang),
                source="",
            )
        return t("history.say.other", lang)
    if how == "target":
        return _target_sentence(c, lang)
    if how == "baseline":
        return _baseline_sentence(c, lang)
    if how == "rename":
        return t("history.say.renamed", lang, old=_plain(f.old, lang), new=_plain(f.new, lang))
    if how == "field":
        part = f.name.split(".")[0]
        if part == "unit" and not _in_lang(f.name, lang):
            return ""
        if c.kind == "task-report" and part == "status" and c.date:
            return t(
                "history.say.report-changed",
                lang,
                date=c.date,
                old=show_field(c.kind, part, f.old, lang),
                new=show_field(c.kind, part, f.new, lang),
            )
        label = t(f"history.field.{part}", lang) if has(f"history.field.{part}") else t("history.say.other", lang)
        if part == "period":
            label = t("history.field.period", lang)
        return t(
            "history.say.field",
            lang,
            field=label,
            old=show_field(c.kind, part, f.old, lang),
            new=show_field(c.kind, part, f.new, lang),
        )
    if how == "responsible":
        return _responsible(c, lang)
    if how == "concept":
        return _concept(c, f, lang)
    return t(f"history.say.{_FIXED[how]}", lang)


_FIXED = {
    "wording": "wording",
    "task-wording": "task-wording",
    "source": "source-fixed",
    "points": "points",
    "revisions": "revisions",
    "other": "other",
}


def _in_lang(name: str, lang: str) -> bool:
    """Whether a text field concerns readers of ``lang``: ``notes.en``/``note_en`` only English
    readers, ``notes.zh`` only Chinese ones; a field of no language everyone."""
    tail = name.rsplit(".", 1)[-1]
    for code in ("zh", "en"):
        if tail == code or name.endswith(f"_{code}"):
            return code == lang
    return True


def _target_sentence(c: Change, lang: str) -> str:
    old, new = c.context.get("target") or [None, None]
    if not new:
        return t("history.say.other", lang)
    if not old:
        return t("history.say.target-set", lang, new=_target(new, c, lang))
    return t("history.say.target", lang, old=_target(old, c, lang), new=_target(new, c, lang))


def _baseline_sentence(c: Change, lang: str) -> str:
    old, new = c.context.get("baseline") or [None, None]
    said = [_baseline(b, c, lang) for b in (old, new)]
    if said[0] and said[1] and said[0] != said[1]:
        return t("history.say.baseline", lang, old=said[0], new=said[1])
    if said[1] and not said[0]:
        return t("history.say.baseline-set", lang, new=said[1])
    if said[0] and not said[1]:
        return t("history.say.baseline-removed", lang, old=said[0])
    return t("history.say.wording", lang)  # only its note or source changed


def _baseline(b: dict | None, c: Change, lang: str) -> str:
    if not b or b.get("year") is None or b.get("value") is None:
        return ""
    return t("history.say.baseline-value", lang, year=b["year"], value=_with_unit(b["value"], c, lang))


def _target(target: dict, c: Change, lang: str) -> str:
    """A target (a flattened ``models.Target``) in words, with the indicator's unit."""
    try:
        year = int(target["year"])
    except (KeyError, TypeError, ValueError):
        return t("history.say.other", lang)
    text = target.get(f"text.{lang}") or target.get("text.zh") or target.get("text.en")
    return in_words(
        str(target.get("kind")),
        year,
        lang,
        value=_number(target.get("value")),
        min=_number(target.get("min")),
        max=_number(target.get("max")),
        rate=_number(target.get("rate")),
        unit=_unit(c, lang),
        text=str(text) if text else None,
        basis=target.get("basis") or None,
        qualifier=target.get("qualifier") if has(f"target.qualifier.{target.get('qualifier')}") else None,
    )


def _responsible(c: Change, lang: str) -> str:
    f = next(f for f in c.fields if f.name == "responsible")
    old, new = list(f.old or []), list(f.new or [])
    names = c.context.get("names") or {}

    def said(ids: list[str]) -> str:
        return join((_name(names, i, lang) for i in ids), lang)

    added, removed = [i for i in new if i not in old], [i for i in old if i not in new]
    parts = []
    if added:
        parts.append(t("history.say.responsible-added", lang, names=said(added)))
    if removed:
        parts.append(t("history.say.responsible-removed", lang, names=said(removed)))
    return ("；" if lang == "zh" else "; ").join(parts) or t("history.say.other", lang)  # only the order changed


def _concept(c: Change, f: FieldChange, lang: str) -> str:
    names = c.context.get("names") or {}
    if f.old and f.new:
        return t(
            "history.say.concept-changed",
            lang,
            old=_name(names, f.old, lang),
            new=_name(names, f.new, lang),
        )
    if f.new:
        return t("history.say.concept-set", lang, name=_name(names, f.new, lang))
    return t("history.say.concept-removed", lang, name=_name(names, f.old, lang))


def _name(names: dict, id_: Any, lang: str) -> str:
    """An id said by its name (never the id itself: an unnamed one is "other")."""
    pair = names.get(str(id_))
    if pair:
        return str(pair[0] if lang == "zh" else pair[1]) or str(pair[0])
    return t("history.say.other", lang)


def _source(c: Change, lang: str) -> str:
    """ "（来源：…）" for a figure or report: the plan the file holds (by title) and the place in it;
    a source that is not a file in data/sources/ (a report's title) as given."""
    if not c.source:
        return ""
    file, _, section = c.source.partition(" · ")
    doc = c.context.get("doc")
    if doc:
        title = str(doc[0] if lang == "zh" else doc[1] or doc[0])
        where = t("history.say.doc", lang, title=title, section=section) if section else title
    elif file.endswith(".txt"):
        where = section  # a document file without a plan: its place only, never the file name
    else:
        where = c.source
    return t("history.say.source", lang, source=where) if where else ""


def _unit(c: Change, lang: str) -> str:
    unit = c.context.get("unit") or ["", ""]
    return str(unit[0] if lang == "zh" else unit[1] or unit[0])


def _with_unit(value: Any, c: Change, lang: str) -> str:
    number = _number(value)
    return with_unit(figure(number), _unit(c, lang), lang) if number is not None else t("diff.empty", lang)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value


def _plain(value: Any, lang: str) -> str:
    return show_field("", "", value, lang)


def _cap(text: str, lang: str) -> str:
    return text[:1].upper() + text[1:] if lang == "en" else text


# ---------------------------------------------------------------------------- days


def subject(change: Change, scope: str, lang: str) -> str:
    """Whom a line concerns: nothing on its own indicator page (``scope`` "indicator"), the
    thing without its city on a plan page ("plan"), the city and the thing elsewhere ("site")."""
    if scope == "indicator" or (scope == "plan" and change.kind == "plan"):
        return ""
    full = change.subject_zh if lang == "zh" else change.subject_en
    if scope == "plan" and change.city:
        return full.partition(" · ")[2] or full
    return full


def _city(change: Change, lang: str) -> str:
    full = change.subject_zh if lang == "zh" else change.subject_en
    return full.partition(" · ")[0] if change.city else ""


def day_lines(changes: Sequence[Change], lang: str, scope: str) -> list[Line]:
    """The lines of one day's changes: additions and removals of one kind counted from
    ``COUNT_FROM`` on, the rest one line per sentence, repeated lines once."""
    counted: dict[tuple[str, str, str], list[Change]] = defaultdict(list)
    for c in changes:
        if c.action != "changed" and scope != "indicator" and c.kind not in NEVER_COUNTED:
            counted[(_city(c, lang) if scope == "site" else "", c.kind, c.action)].append(c)
    many = {key for key, group in counted.items() if len(group) >= COUNT_FROM}
    ranked: list[tuple[int, int, Line]] = []
    seen: set[tuple[str, str, str]] = set()
    for c in changes:
        order = _ORDER.get(c.kind, 9)
        key = (_city(c, lang) if scope == "site" else "", c.kind, c.action)
        if key in many:
            if key not in seen:
                seen.add(key)
                count = t(f"history.count.{c.kind}", lang, n=len(counted[key]))
                ranked.append(
                    (1, order, Line(key[0], _cap(t(f"history.say.{c.action}-many", lang, count=count), lang)))
                )
            continue
        who = subject(c, scope, lang)
        ranked += [(rank, order, Line(who, s)) for rank, s in _ranked(c, lang)]
    unique: list[Line] = []
    for _, _, line in sorted(ranked, key=lambda r: (r[0], r[1])):
        if line not in unique:
            unique.append(line)
    return unique


def day_groups(
    entries: Sequence[Entry], lang: str, scope: str, plan_id: str | None = None, indicator_id: str | None = None
) -> list[Day]:
    """The entries' changes (only a plan's or one indicator's when given) by date, newest
    first, as lines for a reader of ``lang``. Commits whose data did not validate, and days
    with nothing to tell this reader, are left out."""
    by_date: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        if e.valid:
            by_date[e.date].append(e)
    days = []
    for date in sorted(by_date, reverse=True):
        day = by_date[date]
        changes: list[Change] = []
        for e in reversed(day):  # newest commit first
            changes += e.changes_for(plan_id, indicator_id) if plan_id else list(e.changes)
        lines = day_lines(changes, lang, scope)
        if lines:
            days.append(Day(date, max(e.timestamp for e in day), tuple(lines)))
    return days
