"""What changed in data/ between two git revisions, in plain words (Chinese and English).

`python -m generator diff BASE HEAD` calls `run`; the pull-request workflow appends its
Markdown to the job summary so reviewers see "郑州市 · 每万人口高价值发明专利拥有量：新增2022
年观测值：7.1" rather than a CSV diff. Every word comes from the catalogue (site_src/strings/diff.yaml).

Stages: export data/ at each revision (`git archive`) → `generator.load.load` → flatten
every entity into ``{key: Entity}`` (`snapshot`) → compare (`compare_snapshots`) →
render (generator.changes_report). Snapshots are plain JSON-able data, so
`generator.history` can cache them per git tree.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import changes_report, paths
from .i18n import has, t
from .i18n.lang import colon, join_clauses, paren, with_unit
from .i18n.numbers import figure

# ---------------------------------------------------------------------------- model

KINDS = (
    "city",
    "department",
    "plan",
    "indicator",
    "observation",
    "task",
    "task-report",
    "concept",
    "reference",
    "glossary",
)  # the words: `diff.kind.<kind>` in site_src/strings/diff.yaml
ACTIONS = ("added", "changed", "removed")  # `diff.action.<action>`
MAX_SHOWN = 160  # characters of a long text value shown in a change line


@dataclass(frozen=True)
class Entity:
    """One thing in the data, flattened: where it belongs, how to name it, its fields."""

    kind: str
    subject_zh: str
    subject_en: str
    fields: dict[str, Any]
    city: str | None = None
    plan: str | None = None
    indicator: str | None = None
    task: str | None = None
    year: int | None = None  # observations
    date: str | None = None  # task reports
    summary: float | None = None  # the value shown when added/removed (an observation's figure)
    status: str | None = None  # task reports: the reported status (a TaskStatus value)
    source: str | None = None  # observations and task reports: where the figure or status is from
    unit_zh: str | None = None  # indicators and observations: the unit of their figures
    unit_en: str | None = None
    labels: dict | None = None  # tasks: department id → [Chinese name, English name]

    def to_json(self) -> dict:
        return self.__dict__.copy()

    @classmethod
    def from_json(cls, d: dict) -> Entity:
        return cls(**d)


@dataclass(frozen=True)
class FieldChange:
    name: str  # dotted path, e.g. "target.value", "name.en"
    old: Any
    new: Any


@dataclass(frozen=True)
class Change:
    """One added, changed or removed entity. `fields` lists what changed (for "changed")."""

    action: str  # added | changed | removed
    kind: str  # one of KINDS
    key: str
    subject_zh: str
    subject_en: str
    city: str | None = None
    plan: str | None = None
    indicator: str | None = None
    task: str | None = None
    year: int | None = None
    date: str | None = None
    summary: float | None = None
    fields: tuple[FieldChange, ...] = ()
    status: str | None = None
    source: str | None = None
    # What a sentence for the public needs beyond the change itself (units, whole old and new
    # targets, names of ids): filled by generator.history, read by generator.pages.history_words.
    context: dict[str, Any] = field(default_factory=dict)
    unit_zh: str | None = None
    unit_en: str | None = None
    labels: dict | None = None  # department id → [Chinese name, English name] (tasks)

    def unit(self, lang: str) -> str:
        return (self.unit_zh if lang == "zh" else self.unit_en) or self.unit_zh or ""

    def text(self, lang: str, *, subject: bool = True) -> str:
        """The change in one language, as plain (unescaped) text; without its subject (the city and the
        indicator or task) when that is shown already."""
        action, what = t(f"diff.action.{self.action}", lang), _what(self, lang)
        if subject:
            line = t(
                "diff.line",
                lang,
                subject=self.subject_zh if lang == "zh" else self.subject_en,
                action=action,
                what=what,
            )
        else:
            line = t("diff.line.bare", lang, action=action, what=what)
        if self.action == "changed":
            details = join_clauses((self._field_text(f, lang) for f in self.fields), lang)
        else:
            if self.status:
                what = t(f"task_{self.status}", lang)
            else:
                what = self._with_unit(show_value(self.summary, lang), lang) if self.summary is not None else ""
            details = what + paren(self.source, lang) if what and self.source else what
        return line + colon(lang) + details if details else line

    def _with_unit(self, shown: str, lang: str) -> str:
        return with_unit(shown, self.unit(lang), lang) if shown != t("diff.empty", lang) else shown

    def _field_text(self, f: FieldChange, lang: str) -> str:
        """One changed field in words: its name for people, old → new with the unit, departments by name."""
        name = field_words(f.name, lang)
        if f.name in DEPARTMENT_FIELDS and isinstance(f.old, list) and isinstance(f.new, list):
            return name + colon(lang) + self._departments_changed(f.old, f.new, lang)
        old, new = show_field(self.kind, f.name, f.old, lang), show_field(self.kind, f.name, f.new, lang)
        if f.name in FIGURE_FIELDS:
            old, new = (
                self._with_unit(v, lang) if isinstance(raw, (int, float)) else v
                for v, raw in ((old, f.old), (new, f.new))
            )
        return f"{name}{colon(lang)}{old} → {new}"

    def _departments_changed(self, old: list, new: list, lang: str) -> str:
        """ "removed: 市科技局; added: 市市场监管局", by the departments' names (ids where a name is unknown)."""

        def name(dep: object) -> str:
            words = (self.labels or {}).get(str(dep))
            return (words[0] if lang == "zh" else words[1] or words[0]) if words else str(dep)

        parts = []
        for key, deps in (("removed", [d for d in old if d not in new]), ("added", [d for d in new if d not in old])):
            if deps:
                parts.append(t(f"diff.departments.{key}", lang, names=list_words([name(d) for d in deps], lang)))
        return join_clauses(parts, lang) if parts else t("diff.departments.reordered", lang)

    def bilingual(self) -> str:
        return f"{self.text('zh')} / {self.text('en')}"


class SideInvalid(Exception):
    """Data at one revision could not be loaded cleanly; carries what went wrong."""

    def __init__(self, side: str, rev: str, messages: list[str]):
        super().__init__(f"{side} ({rev}): data does not validate")
        self.side, self.rev, self.messages = side, rev, messages


def _what(change: Change, lang: str) -> str:
    kind = t(f"diff.kind.{change.kind}", lang)
    if change.kind == "observation" and change.year is not None:
        return t("diff.what.year", lang, year=change.year, kind=kind)
    if change.kind == "task-report" and change.date:
        return t("diff.what.date", lang, date=change.date, kind=kind)
    return kind


# Fields whose values are codes (enum values) with words in the catalogue: (entity kind or "*",
# field) → the key prefix, so a Chinese line says 已印发, not "issued".
_ENUM_WORDS = {
    ("plan", "status"): "plan",
    ("plan", "kind"): "kind",
    ("task-report", "status"): "task",
    ("city", "level"): "level",
    ("*", "measure"): "measure",
    ("*", "nature"): "nature",
    ("*", "direction"): "direction",
}


# Fields whose numbers are in the entity's unit (an indicator's target and baseline, an observation).
FIGURE_FIELDS = frozenset({"value", "target.value", "target.min", "target.max", "baseline.value"})
# Fields that list department ids (shown by the departments' names).
DEPARTMENT_FIELDS = frozenset({"responsible"})


def field_words(name: str, lang: str) -> str:
    """A changed field's name for people (`target.value` → 目标值 / target value) where the catalogue
    has words for it (`diff.field.<name>`), else the field's own name."""
    return t(f"diff.field.{name}", lang) if has(f"diff.field.{name}") else name


def list_words(items: list[str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(items)


def show_field(kind: str, name: str, value: Any, lang: str) -> str:
    """A changed field's value for people: an enum value in words where the catalogue has them."""
    prefix = _ENUM_WORDS.get((kind, name)) or _ENUM_WORDS.get(("*", name.rpartition(".")[2]))
    if prefix and isinstance(value, str) and has(f"{prefix}_{value}"):
        return t(f"{prefix}_{value}", lang)
    return show_value(value, lang)


def show_value(value: Any, lang: str) -> str:
    """A field value for people: numbers as figures (7.0 → 7), empty as (empty), long text cut."""
    if value is None or value == "" or value == [] or value == {}:
        return t("diff.empty", lang)
    if isinstance(value, bool):
        return t(f"diff.{str(value).lower()}", lang)
    if isinstance(value, (int, float)):
        return figure(value)
    if isinstance(value, (list, dict)):
        value = json.dumps(value, ensure_ascii=False, separators=(",", " "))
    text = " ".join(str(value).split())
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


# ---------------------------------------------------------------------------- snapshot


def _name(text, fallback: str, lang: str) -> str:
    value = getattr(text, lang, None) if text is not None else None
    other = getattr(text, "zh" if lang == "en" else "en", None) if text is not None else None
    return value or other or fallback


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            out.update(_flatten(v, f"{prefix}.{k}" if prefix else str(k)))
        return out
    return {prefix: value}


def _fields(model) -> dict[str, Any]:
    return _flatten(model.model_dump(mode="json"))


def observation_key(plan_id: str, obs) -> str:
    """An observation's identity across versions: plan, indicator, year, source, and the period when partial."""
    return f"observation:{plan_id}:{obs.indicator}:{obs.year}:{obs.source}" + (":partial" if obs.partial else "")


def snapshot(portal) -> dict[str, Entity]:
    """Every entity of a portal, keyed by a stable identity (e.g. ``task:<plan>:<task>``).

    An observation's identity is its indicator, year, source and period
    (``observation:<plan>:<indicator>:2022:<source>``, ``…:partial`` for a part-year value), as in the
    validator's duplicate rule: several sources may report a value for the same year, and a second
    source's value is an addition, never a change to the first one's, wherever its row is in the file."""
    out: dict[str, Entity] = {}

    def put(key: str, entity: Entity) -> None:
        n, unique = 2, key
        while unique in out:  # duplicates are the validator's business; keep both visible
            unique, n = f"{key}#{n}", n + 1
        out[unique] = entity

    for city_data in portal.cities:
        city = city_data.city
        czh, cen = _name(city.name, city.id, "zh"), _name(city.name, city.id, "en")
        put(f"city:{city.id}", Entity("city", czh, cen, _fields(city), city=city.id))
        for d in city_data.departments:
            put(
                f"department:{city.id}:{d.id}",
                Entity(
                    "department",
                    f"{czh} · {_name(d.name, d.id, 'zh')}",
                    f"{cen} · {_name(d.name, d.id, 'en')}",
                    _fields(d),
                    city=city.id,
                ),
            )
        departments = {d.id: [_name(d.name, d.id, "zh"), _name(d.name, d.id, "en")] for d in city_data.departments}
        for pd in city_data.plans:
            plan = pd.plan
            ptitle = plan.short_title or plan.title
            put(
                f"plan:{plan.id}",
                Entity(
                    "plan",
                    f"{czh} · {_name(ptitle, plan.id, 'zh')}",
                    f"{cen} · {_name(ptitle, plan.id, 'en')}",
                    _fields(plan),
                    city=city.id,
                    plan=plan.id,
                ),
            )
            names, units = {}, {}
            for ind in pd.indicators:
                names[ind.id] = (f"{czh} · {_name(ind.name, ind.id, 'zh')}", f"{cen} · {_name(ind.name, ind.id, 'en')}")
                units[ind.id] = (_name(ind.unit, "", "zh"), _name(ind.unit, "", "en"))
                put(
                    f"indicator:{plan.id}:{ind.id}",
                    Entity(
                        "indicator",
                        *names[ind.id],
                        _fields(ind),
                        city=city.id,
                        plan=plan.id,
                        indicator=ind.id,
                        unit_zh=units[ind.id][0],
                        unit_en=units[ind.id][1],
                    ),
                )
            for obs in pd.observations:
                zh, en = names.get(obs.indicator, (f"{czh} · {obs.indicator}", f"{cen} · {obs.indicator}"))
                put(
                    observation_key(plan.id, obs),
                    Entity(
                        "observation",
                        zh,
                        en,
                        _fields(obs),
                        city=city.id,
                        plan=plan.id,
                        indicator=obs.indicator,
                        year=obs.year,
                        summary=obs.value,
                        source=f"{obs.source} · {obs.section}",
                        unit_zh=units.get(obs.indicator, (None, None))[0],
                        unit_en=units.get(obs.indicator, (None, None))[1],
                    ),
                )
            titles = {}
            for task in pd.tasks:
                titles[task.id] = (
                    f"{czh} · {_name(task.title, task.id, 'zh')}",
                    f"{cen} · {_name(task.title, task.id, 'en')}",
                )
                put(
                    f"task:{plan.id}:{task.id}",
                    Entity(
                        "task",
                        *titles[task.id],
                        _fields(task),
                        city=city.id,
                        plan=plan.id,
                        task=task.id,
                        labels={d: departments[d] for d in task.responsible if d in departments} or None,
                    ),
                )
            for rep in pd.task_reports:
                zh, en = titles.get(rep.task, (f"{czh} · {rep.task}", f"{cen} · {rep.task}"))
                date = rep.date.isoformat()
                put(
                    f"task-report:{plan.id}:{rep.task}:{date}",
                    Entity(
                        "task-report",
                        zh,
                        en,
                        _fields(rep),
                        city=city.id,
                        plan=plan.id,
                        task=rep.task,
                        date=date,
                        status=rep.status.value,
                        source=rep.source,
                    ),
                )
    for c in portal.concepts:
        put(f"concept:{c.id}", Entity("concept", _name(c.name, c.id, "zh"), _name(c.name, c.id, "en"), _fields(c)))
    for r in portal.reference:
        put(
            f"reference:{r.id}",
            Entity("reference", _name(r.name, r.id, "zh"), _name(r.name, r.id, "en"), _fields(r), plan=r.plan),
        )
    for g in portal.glossary:
        put(f"glossary:{g.zh}", Entity("glossary", g.zh, g.en or g.zh, _fields(g)))
    return out


def compare_snapshots(old: dict[str, Entity], new: dict[str, Entity]) -> list[Change]:
    """Added, changed and removed entities, in the order of the newer data (removed ones last)."""
    changes: list[Change] = []

    def change(action: str, key: str, e: Entity, fields: tuple[FieldChange, ...] = ()) -> Change:
        before = old.get(key)
        labels = {**((before.labels or {}) if before else {}), **(e.labels or {})} or None
        return Change(
            action=action,
            kind=e.kind,
            key=key,
            subject_zh=e.subject_zh,
            subject_en=e.subject_en,
            city=e.city,
            plan=e.plan,
            indicator=e.indicator,
            task=e.task,
            year=e.year,
            date=e.date,
            summary=e.summary,
            fields=fields,
            status=e.status,
            source=e.source,
            unit_zh=e.unit_zh,
            unit_en=e.unit_en,
            labels=labels,
        )

    for key, e in new.items():
        before = old.get(key)
        if before is None:
            changes.append(change("added", key, e))
            continue
        names = list(before.fields) + [n for n in e.fields if n not in before.fields]
        diffs = tuple(
            FieldChange(n, before.fields.get(n), e.fields.get(n))
            for n in names
            if before.fields.get(n) != e.fields.get(n)
        )
        if diffs:
            changes.append(change("changed", key, e, diffs))
    changes.extend(change("removed", key, e) for key, e in old.items() if key not in new)
    return changes


# ---------------------------------------------------------------------------- git


def git(repo: Path, *args: str, binary: bool = False):
    """Run git in `repo` with a clean environment (no inherited GIT_DIR etc.); raise on failure."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["GIT_TERMINAL_PROMPT"] = "0"
    proc = subprocess.run(
        ["git", "-C", str(repo), "-c", "core.quotepath=off", *args],
        capture_output=True,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        raise GitError(proc.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return proc.stdout if binary else proc.stdout.decode("utf-8", "replace")


class GitError(Exception):
    pass


def export_tree(repo: Path, rev: str, data_rel: str, dest: Path) -> Path | None:
    """Write `data_rel` as it is at `rev` under `dest`; return its path, or None if absent there.
    An unknown revision raises GitError."""
    try:
        git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except GitError:
        raise GitError(f"unknown revision or not a git repository: {rev}") from None
    try:
        git(repo, "cat-file", "-e", f"{rev}:{data_rel}")
    except GitError:
        return None
    archive = git(repo, "archive", "--format=tar", rev, "--", data_rel, binary=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    return dest / data_rel


def load_snapshot(
    data_dir: Path | None, side: str = "", rev: str = "", parse_cache: Path | None = None
) -> dict[str, Entity]:
    """Load a data folder and flatten it; raise SideInvalid when it does not load cleanly.
    With ``parse_cache``, parsed files are kept by content (cache.ParseCache): most files of one
    commit are the same as the last's."""
    if data_dir is None:
        return {}
    return snapshot(_load_portal(data_dir, side, rev, parse_cache))


def snapshot_at(
    repo: Path, rev: str, data_rel: str = "data", side: str = "", parse_cache: Path | None = None
) -> dict[str, Entity]:
    with tempfile.TemporaryDirectory(prefix="portal-diff-") as tmp:
        return load_snapshot(export_tree(repo, rev, data_rel, Path(tmp)), side or rev, rev, parse_cache)


# ---------------------------------------------------------------------------- what the public pages say

Pages = dict[str, dict]  # "indicator:<plan>:<id>" / "task:<plan>:<id>" → words per language (JSON-able)


def _load_portal(data_dir: Path, side: str, rev: str, parse_cache: Path | None = None):
    from .load import load  # late: the loader is replaced while this module is in use

    try:
        result = load(data_dir, cache_dir=parse_cache)
    except Exception as exc:  # the loader must not crash, but a diff must not either
        raise SideInvalid(side, rev, [f"{type(exc).__name__}: {show_value(str(exc), 'en')}"]) from None
    errors = [p for p in result.problems if p.is_error]
    if errors:
        raise SideInvalid(
            side, rev, [f"{p.file}:{p.line or '?'}: {p.code} {p.message_zh} / {p.message_en}" for p in errors]
        )
    return result.portal


def public_pages(portal, as_of: int) -> Pages:
    """What the public pages say about each indicator and task, in both languages: an indicator's
    status (generator.status.assess as of the reporting year `as_of`), latest value with its unit and
    year, target, and the steps of its explanation; a task's latest reported status."""
    from . import status
    from .pages import describe  # late: the pages import the history, which imports this module

    out: Pages = {}
    langs = ("zh", "en")
    for _, pd in portal.plans():
        for ind in pd.indicators:
            a = status.assess(ind, pd.observations_for(ind.id), as_of, period_start=pd.plan.period.start)
            unit = {lang: _name(ind.unit, "", lang) for lang in langs}
            latest = {
                lang: t(
                    "baseline_value",
                    lang,
                    value=with_unit(figure(a.latest.value), unit[lang], lang),
                    year=a.latest.year,
                )
                if a.latest is not None
                else t("not_reported", lang)
                for lang in langs
            }
            out[f"indicator:{pd.plan.id}:{ind.id}"] = {
                "status": {lang: status.status_label(a.status, lang) for lang in langs},
                "latest": latest,
                "target": {lang: describe.target_text(ind.target, lang) for lang in langs},
                "explain": {lang: status.explain(a, lang) for lang in langs},
            }
        for task in pd.tasks:
            out[f"task:{pd.plan.id}:{task.id}"] = {
                "status": {lang: describe.task_status(pd, task.id, lang) for lang in langs}
            }
    return out


def _as_of(repo: Path, rev: str, portal) -> int:
    """The reporting year of a revision: its commit date's year (as the build of that revision would use)."""
    from .compute import as_of_year
    from .portal import DataVersion

    try:
        date = git(repo, "log", "-1", "--format=%cs", rev).strip()
    except GitError:
        date = ""
    return as_of_year(DataVersion(date=date or None), portal)


def side_at(repo: Path, rev: str, data_rel: str = "data", side: str = "") -> tuple[dict[str, Entity], Pages]:
    """The entities of data/ at `rev` and what the public pages said (or will say) there."""
    with tempfile.TemporaryDirectory(prefix="portal-diff-") as tmp:
        data_dir = export_tree(repo, rev, data_rel, Path(tmp))
        if data_dir is None:
            return {}, {}
        portal = _load_portal(data_dir, side or rev, rev)
        return snapshot(portal), public_pages(portal, _as_of(repo, rev, portal))


def diff_trees(repo: Path, base: str, head: str, data_rel: str = "data") -> list[Change]:
    """Every change to data/ from `base` to `head`. Raises SideInvalid or GitError."""
    repo = Path(repo)
    old = snapshot_at(repo, base, data_rel, "BASE")
    new = snapshot_at(repo, head, data_rel, "HEAD")
    return compare_snapshots(old, new)


# ---------------------------------------------------------------------------- the command


def run(repo: Path, base: str, head: str, fmt: str = "text") -> str:
    """The `diff` command's output (see `run_with_status`)."""
    return run_with_status(repo, base, head, fmt)[0]


def run_with_status(repo: Path, base: str, head: str, fmt: str = "text") -> tuple[str, int]:
    """The `diff` command: changes to data/ from `base` to `head`, as text or Markdown, and the exit
    status: 0 when both revisions were read (also when their data does not validate: the report says
    so, and `validate` fails the check), 2 when a revision cannot be read (unknown, or not a git
    repository), so a broken diff step in CI fails instead of staying green."""
    if fmt not in ("text", "markdown"):
        raise ValueError(f"unknown format {fmt!r}: use text or markdown")
    repo = Path(repo)
    data_rel = _data_rel(repo)
    try:
        old, old_pages = side_at(repo, base, data_rel, "BASE")
        new, new_pages = side_at(repo, head, data_rel, "HEAD")
    except SideInvalid as err:
        return changes_report.render_invalid(err, fmt), 0
    except GitError as err:
        return changes_report.render_git_error(f"git: {show_value(str(err), 'en')}", fmt), 2
    changes = compare_snapshots(old, new)
    if fmt == "markdown":
        return changes_report.render_markdown(changes, base, head, before=old_pages, after=new_pages), 0
    return changes_report.render_text(changes), 0


def _data_rel(repo: Path) -> str:
    """data/ relative to the repository root (normally "data")."""
    try:
        return paths.DATA.resolve().relative_to(Path(repo).resolve()).as_posix()
    except ValueError:
        return "data"
