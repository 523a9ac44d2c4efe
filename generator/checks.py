"""Checks across items and files. Each check *yields* problems; `run_all` runs them all.

The checks see the data as `load` read it (`Tree`): every item that passed its model,
with where it sits (file, line, column), plus the ids of items that failed their model,
so that a reference to a broken item is not reported a second time as "unknown".
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from pydantic import BaseModel

from . import codes
from . import models as m
from .problems import Problem
from .read import CsvRow, YamlDoc


# --------------------------------------------------------------------------- the tree


@dataclass
class Item:
    """One validated item and where it sits."""

    model: Any
    file: str
    doc: YamlDoc | None = None
    path: tuple = ()
    row: CsvRow | None = None

    def at(self, *sub) -> tuple[int | None, int | None]:
        """(line, column) of a field of this item, e.g. ``item.at("target", "year")``."""
        if self.row is not None:
            name = sub[0] if sub else None
            return self.row.line, self.row.columns.get(name) if name else None
        if self.doc is None:
            return None, None
        return self.doc.loc(self.path + tuple(sub))

    def problem(self, code: str, *sub, field: str | None = None, **params) -> Problem:
        line, col = self.at(*sub)
        name = field if field is not None else _dotted(sub) or None
        return codes.make(code, self.file, line, column=col, field=name, **params)


@dataclass
class Collection:
    """The items of one kind in one scope (e.g. the indicators of a plan)."""

    items: list[Item] = field(default_factory=list)
    failed_ids: set[str] = field(default_factory=set)  # ids of items that failed their model
    complete: bool = True  # False when a file could not be read at all: references can't be judged

    def ids(self) -> dict[str, Item]:
        """Id → first item with it (cached; the items do not change once loaded)."""
        cached = getattr(self, "_ids", None)
        if cached is None or cached[0] != len(self.items):
            out: dict[str, Item] = {}
            for item in self.items:
                out.setdefault(item.model.id, item)
            cached = (len(self.items), out)
            self._ids = cached
        return cached[1]

    def is_unknown(self, value: str) -> bool:
        return self.complete and value not in self.ids() and value not in self.failed_ids

    def suggest(self, value: str) -> str:
        match = difflib.get_close_matches(value, list(self.ids()), n=1, cutoff=0.6)
        return match[0] if match else ""


@dataclass
class PlanTree:
    folder: str
    file: str  # plan.yaml as shown in problems
    plan: Item | None = None
    plan_failed: bool = False
    indicators: Collection = field(default_factory=Collection)
    tasks: Collection = field(default_factory=Collection)
    observations: list[Item] = field(default_factory=list)
    task_reports: list[Item] = field(default_factory=list)


@dataclass
class CityTree:
    folder: str
    file: str
    city: Item | None = None
    city_failed: bool = False
    departments: Collection = field(default_factory=Collection)
    plans: list[PlanTree] = field(default_factory=list)


@dataclass
class Tree:
    cities: list[CityTree] = field(default_factory=list)
    concepts: Collection = field(default_factory=Collection)
    reference: Collection = field(default_factory=Collection)
    glossary: list[Item] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # file name -> normalised text
    rejected: set[int] = field(default_factory=set)  # id() of items a check left out of the portal

    def plans(self) -> Iterator[tuple[CityTree, PlanTree]]:
        for city in self.cities:
            for plan in city.plans:
                yield city, plan

    def plan_ids(self) -> Collection:
        col = Collection()
        for city, plan in self.plans():
            if plan.plan is not None:
                col.items.append(plan.plan)
            elif plan.plan_failed:
                col.failed_ids.add(plan.folder)
        return col


def run_all(tree: Tree) -> Iterable[Problem]:
    """Every cross-item check, in a stable order."""
    try:
        for check in CHECKS:
            yield from check(tree)
    finally:
        _WALKED.clear()


# --------------------------------------------------------------------------- ids


def check_folder_ids(tree: Tree) -> Iterable[Problem]:
    known_cities = {c.city.model.id for c in tree.cities if c.city} | {c.folder for c in tree.cities}
    for city in tree.cities:
        if city.city and city.city.model.id != city.folder:
            yield city.city.problem(
                "folder-id-mismatch", "id", what_en="city", what_zh="城市", value=city.city.model.id,
                folder=city.folder, name="id",
            )
        for plan in city.plans:
            if not plan.plan:
                continue
            p = plan.plan.model
            if p.id != plan.folder:
                yield plan.plan.problem(
                    "folder-id-mismatch", "id", what_en="plan", what_zh="规划", value=p.id, folder=plan.folder, name="id"
                )
            if p.city != city.folder:
                if p.city in known_cities:
                    yield plan.plan.problem(
                        "folder-id-mismatch", "city", what_en="city", what_zh="城市", value=p.city,
                        folder=city.folder, name="city",
                    )
                else:
                    yield plan.plan.problem(
                        "unknown-city", "city", value=p.city,
                        suggestion=_closest(p.city, sorted(known_cities)),
                    )


def _duplicates(items: Iterable[Item], what_en: str, what_zh: str, tree: Tree, key: Callable = lambda i: i.model.id):
    first: dict[Any, Item] = {}
    for item in items:
        k = key(item)
        if k in first:
            line, _ = first[k].at("id") if first[k].row is None else first[k].at()
            tree.rejected.add(id(item))
            yield item.problem(
                "duplicate-id", "id", what_en=what_en, what_zh=what_zh, value=k,
                first_line=line, first_file=first[k].file,
            )
        else:
            first[k] = item


def check_duplicate_ids(tree: Tree) -> Iterable[Problem]:
    yield from _duplicates([c.city for c in tree.cities if c.city], "city", "城市", tree)
    yield from _duplicates([p.plan for _, p in tree.plans() if p.plan], "plan", "规划", tree)
    for city in tree.cities:
        yield from _duplicates(city.departments.items, "department", "部门", tree)
        for plan in city.plans:
            yield from _duplicates(plan.indicators.items, "indicator", "指标", tree)
            yield from _duplicates(plan.tasks.items, "task", "任务", tree)
    yield from _duplicates(tree.concepts.items, "concept", "概念", tree)
    yield from _duplicates(tree.reference.items, "reference series", "参考数据序列", tree)
    glossary = [g for g in tree.glossary]
    for item in _glossary_dups(glossary, tree):
        yield item


def _glossary_dups(items: list[Item], tree: Tree) -> Iterable[Problem]:
    first: dict[str, Item] = {}
    for item in items:
        k = item.model.zh
        if k in first:
            yield item.problem(
                "duplicate-id", "zh", what_en="glossary term", what_zh="术语", value=k,
                first_line=first[k].at("zh")[0], first_file=first[k].file,
            )
        else:
            first[k] = item


# --------------------------------------------------------------------------- references


def check_references(tree: Tree) -> Iterable[Problem]:
    concepts = tree.concepts
    plans = tree.plan_ids()
    for city, plan in tree.plans():
        for task in plan.tasks.items:
            for i, dep in enumerate(task.model.responsible):
                if city.departments.is_unknown(dep):
                    yield task.problem(
                        "unknown-department", "responsible", i, value=dep, suggestion=city.departments.suggest(dep)
                    )
        for ind in plan.indicators.items:
            c = ind.model.concept
            if c and concepts.is_unknown(c):
                yield ind.problem("unknown-concept", "concept", value=c, suggestion=concepts.suggest(c))
        for obs in plan.observations:
            if obs.model.indicator in plan.indicators.failed_ids:
                tree.rejected.add(id(obs))  # its indicator failed its model: leave the value out too
            if plan.indicators.is_unknown(obs.model.indicator):
                tree.rejected.add(id(obs))
                yield obs.problem(
                    "unknown-indicator", "indicator", value=obs.model.indicator,
                    suggestion=plan.indicators.suggest(obs.model.indicator),
                )
        for rep in plan.task_reports:
            if rep.model.task in plan.tasks.failed_ids:
                tree.rejected.add(id(rep))
            if plan.tasks.is_unknown(rep.model.task):
                tree.rejected.add(id(rep))
                yield rep.problem(
                    "unknown-task", "task", value=rep.model.task, suggestion=plan.tasks.suggest(rep.model.task)
                )
    for ref in tree.reference.items:
        if plans.is_unknown(ref.model.plan):
            yield ref.problem("unknown-plan", "plan", value=ref.model.plan, suggestion=plans.suggest(ref.model.plan))
        c = ref.model.concept
        if c and concepts.is_unknown(c):
            yield ref.problem("unknown-concept", "concept", value=c, suggestion=concepts.suggest(c))


def check_duplicate_observations(tree: Tree) -> Iterable[Problem]:
    for _, plan in tree.plans():
        first: dict[tuple, Item] = {}
        for obs in plan.observations:
            key = (obs.model.indicator, obs.model.year)
            if key in first:
                tree.rejected.add(id(obs))
                yield obs.problem(
                    "duplicate-observation", "year", indicator=key[0], year=key[1], first_line=first[key].row.line
                )
            else:
                first[key] = obs
        seen: dict[tuple, Item] = {}
        for rep in plan.task_reports:
            key = (rep.model.task, rep.model.date)
            if key in seen:
                tree.rejected.add(id(rep))
                yield rep.problem(
                    "duplicate-task-report", "date", task=key[0], date=key[1].isoformat(), first_line=seen[key].row.line
                )
            else:
                seen[key] = rep


# --------------------------------------------------------------------------- targets


def check_targets(tree: Tree) -> Iterable[Problem]:
    for _, plan in tree.plans():
        period = plan.plan.model.period if plan.plan else None
        for ind in plan.indicators.items:
            t: m.Target = ind.model.target
            if period and not (period.start <= t.year <= period.end):
                yield ind.problem(
                    "target-year-outside-period", "target", "year", year=t.year, start=period.start, end=period.end
                )
            b = ind.model.baseline
            if b is not None and t.year <= b.year:
                yield ind.problem("target-before-baseline", "target", "year", year=t.year, baseline_year=b.year)
            yield from _target_fields(ind, t)
            d = ind.model.direction
            if (t.kind is m.TargetKind.at_least and d is m.Direction.lower) or (
                t.kind is m.TargetKind.at_most and d is m.Direction.higher
            ):
                yield ind.problem("target-direction-mismatch", "target", "kind", kind=t.kind.value, direction=d.value)


_NEEDS = {
    m.TargetKind.exact: {"value"},
    m.TargetKind.at_least: {"value"},
    m.TargetKind.at_most: {"value"},
    m.TargetKind.range: {"min", "max"},
    m.TargetKind.growth_rate: {"rate"},
    m.TargetKind.change: {"rate"},
    m.TargetKind.qualitative: {"text"},
}
_NUMERIC = {"value", "min", "max", "rate"}


def _target_fields(ind: Item, t: m.Target) -> Iterable[Problem]:
    needs = _NEEDS[t.kind]
    kind = t.kind.value
    for name in sorted(needs):
        if getattr(t, name) is None:
            yield ind.problem(
                "target-fields", "target", "kind", field=f"target.{name}", kind=kind,
                detail_en=f"needs `{name}`", detail_zh=f"需要填写 `{name}`",
            )
    for name in sorted(_NUMERIC - needs):
        if getattr(t, name) is not None:
            yield ind.problem(
                "target-fields", "target", name, field=f"target.{name}", kind=kind,
                detail_en=f"does not use `{name}`", detail_zh=f"不使用 `{name}`",
            )
    if t.kind is m.TargetKind.range and t.min is not None and t.max is not None and not t.min < t.max:
        yield ind.problem(
            "target-fields", "target", "min", field="target.min", kind=kind,
            detail_en=f"needs `min` ({t.min:g}) smaller than `max` ({t.max:g})",
            detail_zh=f"的 `min`（{t.min:g}）必须小于 `max`（{t.max:g}）",
        )


# --------------------------------------------------------------------------- concepts


def check_concepts(tree: Tree) -> Iterable[Problem]:
    concepts = tree.concepts.ids()
    linked: list[tuple[Item, Any]] = [(i, i.model) for _, p in tree.plans() for i in p.indicators.items]
    linked += [(r, r.model) for r in tree.reference.items]
    for item, model in linked:
        concept = concepts.get(model.concept) if model.concept else None
        if concept is None:
            continue
        c = concept.model
        if _norm(model.unit.zh or "") != _norm(c.unit.zh or ""):
            yield item.problem(
                "concept-unit-mismatch", "unit", unit=model.unit.zh, concept_unit=c.unit.zh, concept=c.id
            )
        measure = getattr(model, "measure", None)
        if c.measure is not None and measure is not None and measure is not c.measure:
            yield item.problem(
                "concept-measure-mismatch", "measure", measure=measure.value, concept_measure=c.measure.value,
                concept=c.id,
            )


# --------------------------------------------------------------------------- sources

_FILE_NAME = re.compile(r"^[\w.\-]+\.(txt|md|pdf|html?|docx?)$", re.IGNORECASE)


def _norm(text: str) -> str:
    """Compare text ignoring whitespace and full-/half-width differences."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


_NESTED: dict[type, list[str]] = {}


def _nested_fields(cls: type[BaseModel]) -> list[str]:
    """Fields of `cls` that can hold a model (directly or in a list): the only ones worth walking."""
    if cls not in _NESTED:
        names = []
        for name, f in cls.model_fields.items():
            args = [f.annotation, *_args_deep(f.annotation)]
            if any(isinstance(a, type) and issubclass(a, BaseModel) for a in args):
                names.append(name)
        _NESTED[cls] = names
    return _NESTED[cls]


def _args_deep(ann: Any) -> list:
    from typing import get_args

    out = []
    for a in get_args(ann):
        out.append(a)
        out += _args_deep(a)
    return out


def _models_in(model: Any, path: tuple = ()) -> Iterator[tuple[tuple, BaseModel]]:
    """Every model inside `model` (itself included) with its path."""
    if isinstance(model, BaseModel):
        yield path, model
        for name in _nested_fields(type(model)):
            yield from _models_in(getattr(model, name), path + (name,))
    elif isinstance(model, (list, tuple)):
        for i, v in enumerate(model):
            yield from _models_in(v, path + (i,))


_WALKED: dict[int, tuple[Any, list]] = {}


def _walk(model: Any) -> list[tuple[tuple, BaseModel]]:
    """`_models_in`, remembered per model object (the checks walk each item several times)."""
    hit = _WALKED.get(id(model))
    if hit is None or hit[0] is not model:
        hit = (model, list(_models_in(model)))
        _WALKED[id(model)] = hit
    return hit[1]


def _sources_in(model: Any) -> Iterator[tuple[tuple, m.Source]]:
    for path, sub in _walk(model):
        if isinstance(sub, m.Source):
            yield path, sub


def check_sources(tree: Tree) -> Iterable[Problem]:
    items: list[Item] = [c.city for c in tree.cities if c.city]
    for city in tree.cities:
        for plan in city.plans:
            items += [plan.plan] if plan.plan else []
            items += plan.indicators.items + plan.tasks.items
    items += tree.reference.items
    for item in items:
        for path, src in _sources_in(item.model):
            yield from _check_source(tree, item, path, src.file, src.quote, ("file",), ("quote",))
    for _, plan in tree.plans():
        for obs in plan.observations:
            yield from _check_source(tree, obs, (), obs.model.source, obs.model.quote, ("source",), ("quote",))


def _check_source(tree, item: Item, path, file, quote, file_key, quote_key) -> Iterable[Problem]:
    text = tree.sources.get(file)
    if text is None:
        if _FILE_NAME.match(file):
            yield item.problem(
                "unknown-source-file", *(path + file_key), value=file,
                suggestion=_closest(file, sorted(tree.sources)),
            )
        return
    if quote and _norm(quote) not in text:
        short = quote if len(quote) <= 60 else quote[:57] + "…"
        yield item.problem("quote-not-in-source", *(path + quote_key), source=file, quote=short)


def check_urls(tree: Tree) -> Iterable[Problem]:
    items: list[Item] = [c.city for c in tree.cities if c.city]
    for _, plan in tree.plans():
        items += ([plan.plan] if plan.plan else []) + plan.indicators.items + plan.tasks.items
    items += tree.reference.items
    for item in items:
        for path, src in _sources_in(item.model):
            if src.url is not None and not re.match(r"^https://[^\s/]+\.[^\s/]+(/\S*)?$", src.url):
                yield item.problem("bad-url", *(path + ("url",)), value=src.url)


# --------------------------------------------------------------------------- translations


def _texts_in(model: Any) -> Iterator[tuple[tuple, m.Text]]:
    for path, sub in _walk(model):
        if isinstance(sub, m.Text):
            yield path, sub


_LANG = {"zh": ("Chinese", "中文"), "en": ("English", "英文")}


def check_translations(tree: Tree) -> Iterable[Problem]:
    items: list[Item] = []
    for city in tree.cities:
        items += ([city.city] if city.city else []) + city.departments.items
        for plan in city.plans:
            items += ([plan.plan] if plan.plan else []) + plan.indicators.items + plan.tasks.items
    items += tree.concepts.items + tree.reference.items
    for item in items:
        for path, text in _texts_in(item.model):
            name = _dotted(path)
            for key in ("zh", "en"):
                if not getattr(text, key):
                    en, zh = _LANG[key]
                    yield item.problem(
                        "missing-translation", *path, field=f"{name}.{key}", name=name, key=key,
                        missing_en=en, missing_zh=zh,
                    )
    for _, plan in tree.plans():
        for row in plan.observations + plan.task_reports:
            zh, en = row.model.note_zh, row.model.note_en
            if bool(zh) != bool(en):
                key = "en" if zh else "zh"
                en_name, zh_name = _LANG[key]
                yield row.problem(
                    "missing-translation", f"note_{key}", name="note", key=f"note_{key}",
                    missing_en=en_name, missing_zh=zh_name,
                )


def _dotted(path: Iterable) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def _closest(value: str, choices: list[str]) -> str:
    match = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return match[0] if match else ""


CHECKS = [
    check_folder_ids,
    check_duplicate_ids,
    check_references,
    check_duplicate_observations,
    check_targets,
    check_concepts,
    check_sources,
    check_urls,
    check_translations,
]
