"""Time and plausibility: nothing reported from the future or from before the plan, and no value
that jumps by a factor of twenty or turns negative without anyone noticing.

"Now" is the data's as-of date (`asof.as_of_date`: the date of the data version), so a commit
checks the same way on any day. Values from before the plan's baseline are history and fine.

A jump is judged against the previous reported value of the same indicator (its baseline
included), in year order: more than ``JUMP`` times it or less than ``1/JUMP`` of it is a
warning (an error under ``--strict``) naming both numbers — typically a value typed in the
wrong unit (612345 where the unit is 万件). Negative values are warned where the unit is a
count or an amount (anything but a percentage), and where the target is not a rate.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable

from .. import models as m
from ..i18n.numbers import figure
from ..problems import Problem
from .tree import Item, PlanTree, Tree

CODES = ("observation-after-as-of", "report-after-as-of", "report-before-plan", "implausible-jump", "negative-value")

JUMP = 20
_RATE_UNITS = ("%", "‰", "百分点", "percent", "percentage point")


def timeline(tree: Tree) -> Iterable[Problem]:
    for _, plan in tree.plans():
        yield from _reports(plan, tree.as_of)
        yield from _observations(plan, tree.as_of)


def _reports(plan: PlanTree, as_of: dt.date | None) -> Iterable[Problem]:
    start = plan.plan.model.period.start if plan.plan is not None else None
    for report in plan.task_reports:
        date = report.model.date
        if as_of is not None and date > as_of:
            yield report.problem("report-after-as-of", "date", date=date.isoformat(), as_of=as_of.isoformat())
        elif start is not None and date.year < start:
            yield report.problem("report-before-plan", "date", date=date.isoformat(), start=start)


def _observations(plan: PlanTree, as_of: dt.date | None) -> Iterable[Problem]:
    indicators = plan.indicators.by_id
    by_indicator: dict[str, list[Item]] = {}
    for obs in plan.observations:
        row: m.ObservationRow = obs.model
        if as_of is not None and row.year > as_of.year:
            yield obs.problem("observation-after-as-of", "year", year=row.year, as_of=as_of.isoformat())
            continue
        by_indicator.setdefault(row.indicator, []).append(obs)
    for indicator_id, rows in by_indicator.items():
        ind = indicators.get(indicator_id)
        if ind is None:
            continue  # unknown indicator: `references` says so
        indicator: m.Indicator = ind.model
        yield from _negatives(indicator, rows)
        yield from _jumps(indicator, rows)


def _counts(indicator: m.Indicator) -> bool:
    """True when the indicator counts or sums something (a negative value makes no sense)."""
    unit = f"{indicator.unit.zh or ''} {indicator.unit.en or ''}".lower()
    rate_target = indicator.target.kind in (m.TargetKind.growth_rate, m.TargetKind.change)
    return not rate_target and not any(u in unit for u in _RATE_UNITS)


def _negatives(indicator: m.Indicator, rows: list[Item]) -> Iterable[Problem]:
    if not _counts(indicator):
        return
    for obs in rows:
        value = obs.model.value
        if value < 0:
            yield obs.problem(
                "negative-value",
                "value",
                value=figure(value),
                unit_en=indicator.unit.en or indicator.unit.zh or "",
                unit_zh=indicator.unit.zh or "",
            )


def _jumps(indicator: m.Indicator, rows: list[Item]) -> Iterable[Problem]:
    """Each value against the previous one in year order (the baseline counts as the first)."""
    series: list[tuple[int, float, Item | None]] = []
    if indicator.baseline is not None and indicator.baseline.value is not None:
        series.append((indicator.baseline.year, indicator.baseline.value, None))
    series += [(o.model.year, o.model.value, o) for o in rows]
    series.sort(key=lambda s: (s[0], s[2] is not None))  # the baseline first within its year
    for (year0, v0, _), (year1, v1, obs) in itertools.pairwise(series):
        if obs is None or v0 <= 0 or v1 <= 0:
            continue  # a jump from or to zero or below has no ratio (negatives are warned above)
        ratio = v1 / v0
        if ratio > JUMP or ratio < 1 / JUMP:
            yield obs.problem(
                "implausible-jump",
                "value",
                value=figure(v1),
                year=year1,
                previous=figure(v0),
                previous_year=year0,
                unit_en=indicator.unit.en or indicator.unit.zh or "",
                unit_zh=indicator.unit.zh or "",
                factor=JUMP,
            )


CHECKS = (timeline,)
