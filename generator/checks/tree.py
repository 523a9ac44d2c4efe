"""The data as `load` read it, handed to the checks: every item that passed its model and
where it sits (file, line, column), plus the ids of items that failed their model, so that a
reference to a broken item is not reported a second time as "unknown".

The loader builds the tree once; the checks only read it. What a check wants left out of the
portal it says with a `Reject` event (see `checks.run_all`), never by changing the tree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any, get_args

from pydantic import BaseModel

from .. import codes
from ..locations import dotted
from ..problems import Problem
from ..read import CsvRow, YamlDoc
from ..suggest import closest


@dataclass(frozen=True, eq=False)
class Item:
    """One validated item and where it sits. Compared and hashed by identity: two equal
    rows in a file are two items (the second one a duplicate)."""

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
        """A problem at a field of this item (`sub` is the field's path inside the item)."""
        line, col = self.at(*sub)
        name = field if field is not None else dotted(sub) or None
        return codes.make(code, self.file, line, column=col, field=name, **params)

    @cached_property
    def parts(self) -> tuple[tuple[tuple, BaseModel], ...]:
        """Every model inside this item (itself included) with its path, e.g. ``(("source",), Source)``.
        Walked once per item: several checks look for the Sources and Texts in it."""
        return tuple(_models_in(self.model))


@dataclass(frozen=True)
class Reject:
    """A check's verdict that `item` stays out of the portal (it has already said why, or its
    parent item failed). `load` decides what the portal holds from these."""

    item: Item


@dataclass(frozen=True)
class Collection:
    """The items of one kind in one scope (e.g. the indicators of a plan)."""

    items: tuple[Item, ...] = ()
    failed_ids: frozenset[str] = frozenset()  # ids of items that failed their model
    complete: bool = True  # False when a file could not be read at all: references can't be judged

    @cached_property
    def by_id(self) -> dict[str, Item]:
        """Id → first item with it."""
        out: dict[str, Item] = {}
        for item in self.items:
            out.setdefault(item.model.id, item)
        return out

    def is_unknown(self, value: str) -> bool:
        return self.complete and value not in self.by_id and value not in self.failed_ids

    def suggest(self, value: str) -> str:
        return closest(value, self.by_id)

    def __add__(self, other: Collection) -> Collection:
        return Collection(
            self.items + other.items, self.failed_ids | other.failed_ids, self.complete and other.complete
        )


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
    sources: dict[str, str] = field(default_factory=dict)  # file name -> normalised text (see sources.normalise)
    sources_readme: str = ""  # sources/README.md, read with the same guards as the data files
    web_sources: Collection = field(default_factory=Collection)  # sources/web.yaml: pages cited as `web:<id>`
    documents: Collection = field(default_factory=Collection)  # sources/documents.yaml: what each document is
    source_texts: dict[str, str] = field(default_factory=dict)  # file name -> text as read (the document pages)
    source_files: dict[str, str] = field(default_factory=dict)  # file name -> the file as problems name it
    as_of: dt.date | None = None  # the data's as-of date (asof.as_of_date); None: nothing is judged against time

    def plans(self) -> Iterator[tuple[CityTree, PlanTree]]:
        for city in self.cities:
            for plan in city.plans:
                yield city, plan

    def yaml_items(self) -> list[Item]:
        """Every item read from a YAML file (cities, departments, plans, indicators, tasks, concepts,
        reference series): the ones that hold bilingual texts."""
        items: list[Item] = []
        for city in self.cities:
            items += ([city.city] if city.city else []) + list(city.departments.items)
            for plan in city.plans:
                items += ([plan.plan] if plan.plan else []) + list(plan.indicators.items) + list(plan.tasks.items)
        return items + list(self.concepts.items) + list(self.reference.items)

    def plan_ids(self) -> Collection:
        items = tuple(p.plan for _, p in self.plans() if p.plan is not None)
        failed = frozenset(p.folder for _, p in self.plans() if p.plan is None and p.plan_failed)
        return Collection(items, failed)


# --------------------------------------------------------------------------- walking models


@cache
def _nested_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    """Fields of `cls` that can hold a model (directly or in a list): the only ones worth walking."""
    names = []
    for name, f in cls.model_fields.items():
        args = [f.annotation, *_args_deep(f.annotation)]
        if any(isinstance(a, type) and issubclass(a, BaseModel) for a in args):
            names.append(name)
    return tuple(names)


def _args_deep(ann: Any) -> list:
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
