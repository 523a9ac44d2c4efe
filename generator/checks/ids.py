"""Ids: each item's id matches its folder, and each id (or row key) is used once in its scope.

The second item with an id is reported and left out of the portal (`Reject`); the first stays.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..problems import Problem
from ..suggest import closest
from .tree import Item, Reject, Tree

CODES = ("folder-id-mismatch", "unknown-city", "duplicate-id", "duplicate-observation", "duplicate-task-report")


def folder_ids(tree: Tree) -> Iterable[Problem]:
    """city.yaml's `id` is its folder's name; plan.yaml's `id` and `city` are its folders' names."""
    known_cities = {c.city.model.id for c in tree.cities if c.city} | {c.folder for c in tree.cities}
    for city in tree.cities:
        if city.city and city.city.model.id != city.folder:
            yield city.city.problem(
                "folder-id-mismatch",
                "id",
                what_en="city",
                what_zh="城市",
                value=city.city.model.id,
                folder=city.folder,
                name="id",
            )
        for plan in city.plans:
            if not plan.plan:
                continue
            p = plan.plan.model
            if p.id != plan.folder:
                yield plan.plan.problem(
                    "folder-id-mismatch",
                    "id",
                    what_en="plan",
                    what_zh="规划",
                    value=p.id,
                    folder=plan.folder,
                    name="id",
                )
            if p.city != city.folder:
                if p.city in known_cities:
                    yield plan.plan.problem(
                        "folder-id-mismatch",
                        "city",
                        what_en="city",
                        what_zh="城市",
                        value=p.city,
                        folder=city.folder,
                        name="city",
                    )
                else:
                    yield plan.plan.problem(
                        "unknown-city",
                        "city",
                        value=p.city,
                        suggestion=closest(p.city, sorted(known_cities)),
                    )


def _repeats(items: Iterable[Item], key: Callable[[Item], Any]) -> Iterator[tuple[Item, Item, Any]]:
    """(item, the first item with the same key, the key) for every item whose key came before."""
    first: dict[Any, Item] = {}
    for item in items:
        k = key(item)
        if k in first:
            yield item, first[k], k
        else:
            first[k] = item


def _duplicates(items: Iterable[Item], what_en: str, what_zh: str) -> Iterable[Problem | Reject]:
    for item, first, k in _repeats(items, lambda i: i.model.id):
        yield Reject(item)
        yield item.problem(
            "duplicate-id",
            "id",
            what_en=what_en,
            what_zh=what_zh,
            value=k,
            first_line=first.at("id")[0],
            first_file=first.file,
        )


def duplicate_ids(tree: Tree) -> Iterable[Problem | Reject]:
    """Each id once: cities, plans, and per scope departments, indicators, tasks, concepts, reference
    series, glossary terms (by their Chinese text; a repeated term is reported but kept)."""
    yield from _duplicates([c.city for c in tree.cities if c.city], "city", "城市")
    yield from _duplicates([p.plan for _, p in tree.plans() if p.plan], "plan", "规划")
    for city in tree.cities:
        yield from _duplicates(city.departments.items, "department", "部门")
        for plan in city.plans:
            yield from _duplicates(plan.indicators.items, "indicator", "指标")
            yield from _duplicates(plan.tasks.items, "task", "任务")
    yield from _duplicates(tree.concepts.items, "concept", "概念")
    yield from _duplicates(tree.reference.items, "reference series", "参考数据序列")
    yield from _duplicates(tree.web_sources.items, "web source", "网页来源")
    yield from _duplicates(tree.documents.items, "source document", "原文")
    for item, first, k in _repeats(tree.glossary, lambda i: i.model.zh):
        yield item.problem(
            "duplicate-id",
            "zh",
            what_en="glossary term",
            what_zh="术语",
            value=k,
            first_line=first.at("zh")[0],
            first_file=first.file,
        )


def duplicate_rows(tree: Tree) -> Iterable[Problem | Reject]:
    """One observation per indicator, year, source and period (values from different sources are all
    kept: status.choose picks one), one task report per task and date (the later row is left out)."""
    for _, plan in tree.plans():
        key = lambda o: (o.model.indicator, o.model.year, o.model.source, o.model.partial)  # noqa: E731
        for obs, first, (indicator, year, _, _) in _repeats(plan.observations, key):
            yield Reject(obs)
            yield obs.problem("duplicate-observation", "year", indicator=indicator, year=year, first_line=first.at()[0])
        for rep, first, (task, date) in _repeats(plan.task_reports, lambda r: (r.model.task, r.model.date)):
            yield Reject(rep)
            yield rep.problem(
                "duplicate-task-report", "date", task=task, date=date.isoformat(), first_line=first.at()[0]
            )


CHECKS = (folder_ids, duplicate_ids, duplicate_rows)
