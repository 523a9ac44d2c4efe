"""Targets: inside the plan's period, after the baseline, with the fields their kind needs,
and a kind that agrees with the indicator's direction."""

from __future__ import annotations

from collections.abc import Iterable

from .. import models as m
from ..problems import Problem
from .tree import Item, Tree

CODES = ("target-year-outside-period", "target-before-baseline", "target-fields", "target-direction-mismatch")

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


def targets(tree: Tree) -> Iterable[Problem]:
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


def _target_fields(ind: Item, t: m.Target) -> Iterable[Problem]:
    needs = _NEEDS[t.kind]
    kind = t.kind.value
    for name in sorted(needs):
        if getattr(t, name) is None:
            yield ind.problem(
                "target-fields",
                "target",
                "kind",
                field=f"target.{name}",
                kind=kind,
                detail_en=f"needs `{name}`",
                detail_zh=f"需要填写 `{name}`",
            )
    for name in sorted(_NUMERIC - needs):
        if getattr(t, name) is not None:
            yield ind.problem(
                "target-fields",
                "target",
                name,
                field=f"target.{name}",
                kind=kind,
                detail_en=f"does not use `{name}`",
                detail_zh=f"不使用 `{name}`",
            )
    if t.kind is m.TargetKind.range and t.min is not None and t.max is not None and not t.min < t.max:
        yield ind.problem(
            "target-fields",
            "target",
            "min",
            field="target.min",
            kind=kind,
            detail_en=f"needs `min` ({t.min:g}) smaller than `max` ({t.max:g})",
            detail_zh=f"的 `min`（{t.min:g}）必须小于 `max`（{t.max:g}）",
        )


CHECKS = (targets,)
