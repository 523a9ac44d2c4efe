"""Progress status of an indicator: pure functions, no I/O, no clock.

The method (documented for readers on the Methodology page, `site_src/pages/*/methodology.md`)
follows Open SDG's progress measure (Statistics Canada / Eurostat): compare the growth
actually observed since the starting point with the growth the target needs.

1. Qualitative targets (words only) are ``not-assessable``.
2. The starting point is the baseline; when the baseline value is not reported, the
   earliest reported value is used instead (and the steps say so).
3. Only values reported after the starting year and no later than ``as_of`` count. None:
   ``no-data`` (the site says no value is reported).
4. ``achieved`` when the latest value meets the target (``>=`` for higher-is-better,
   ``<=`` for lower-is-better; a range counts from its near end: ``min`` when higher is
   better, ``max`` when lower is better). An *annual* or *growth-rate* target is judged on
   the value of the target year: meeting the level earlier is ``on-track``, not ``achieved``.
   A *change* target (a one-off change by the target year, e.g. 提升30%) is a level worked out
   from the start: ``start × (1 + rate/100)`` when relative, ``start + rate`` in percentage
   points; when the document does not say which, relative, and the ``change-assumed-relative``
   step says so. Its sign gives the better direction (a rise: higher is better). A relative
   change needs a positive start.
5. Once a value for the target year (or later) is reported and misses the target:
   ``off-track``.
6. Otherwise compare growth rates. Compound annual growth (CAGR) when the start, the target
   and the latest value are all positive; a straight line (change per year) otherwise, e.g.
   from a baseline of 0. ``ratio = actual / required``; ``on-track`` when
   ``ratio >= 0.95`` (Open SDG's threshold), else ``off-track``.
7. A period-total target (a sum over the plan years) is compared with an even share of the
   total: the running total reported by year *t* against ``target × elapsed years / all years``.
8. The target year has passed (``as_of > target year``; ``as_of`` is the data version's year,
   never the clock) and no value for the target year or later is reported: ``overdue``
   (deadline passed, outcome not reported), with an ``overdue`` step, unless the latest value
   already settles the outcome: a target that counts as soon as it is met (a stock, a
   period total) and was met before the deadline stays ``achieved`` (``achieved-early``), and
   an "at most" period total already exceeded stays ``off-track``; a ``target-year-missing``
   step then says the outcome is settled without the target-year value. With no value at all
   after the start, a passed deadline is ``overdue`` too, not ``no-data``. Growth compared
   after the deadline would only say where the trend pointed, so it decides nothing.
9. The Chinese mid-term-evaluation words (`grade`): 提前实现 (achieved before the target year),
   快于预期 (ratio ≥ ``AHEAD_RATIO``, or an annual level already reached), 基本符合预期
   (``ON_TRACK_RATIO`` ≤ ratio < ``AHEAD_RATIO``, or an "at most" total not exceeded),
   滞后于预期 (ratio < ``ON_TRACK_RATIO``, or fallen back). They refine a status, never
   replace it; a final miss or any other status has no grade.
10. A ``qualifier`` (力争 strive to, 争取 try to) is shown with the target but changes nothing here.
11. One value per year (`choose`). A value for part of a year or an estimate (``period: partial``:
    今年以来, 1–10月, 上半年, 预计) never counts: it is left out, and a ``partial-left-out`` step says
    so. When several sources give a year-end value for the same year, the status uses one, by the
    kind of source (`SOURCE_KIND_ORDER`): the plan documents themselves (a file in data/sources/ or
    a published report) first, then official sites, then the press, then copies of press articles;
    within a kind the newest publication (a web page's `published` date; an undated page after the
    dated ones), then the first row in the file. A ``source-chosen`` step names the kind chosen and
    how many other values were set aside. Every value stays in the data, the downloads and the site.

Every number is kept as given; derived rates are not rounded here (only when displayed).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, NamedTuple

from .i18n import numbers, t
from .i18n.lang import with_unit
from .i18n.targets import in_words
from .models import (
    ChangeBasis,
    Direction,
    Indicator,
    Measure,
    ObservationRow,
    TargetKind,
    TaskReportRow,
    Text,
    WebSource,
)

ON_TRACK_RATIO = 0.95  # Open SDG: observed growth at least 95 % of the required growth
AHEAD_RATIO = 1.05  # the same 5 % tolerance above the pace needed: 快于预期 (ahead) from here


class Status(str, Enum):
    achieved = "achieved"
    on_track = "on-track"
    off_track = "off-track"
    overdue = "overdue"  # the target year has passed, its outcome is not reported
    no_data = "no-data"
    not_assessable = "not-assessable"


# Summary order (tables, charts, counts): the outcomes judged on evidence first, then the open ones.
STATUS_ORDER = [
    Status.achieved,
    Status.on_track,
    Status.off_track,
    Status.overdue,
    Status.no_data,
    Status.not_assessable,
]

# The grades of `grade` (catalogue `grade.<grade>`): Chinese mid-term-evaluation words.
GRADES = ("early", "ahead", "on-pace", "behind")


def status_label(status: Status, lang: str) -> str:
    """The status in words, in `lang` ("zh" or "en"), from the catalogue (`status.<value>`)."""
    return t(f"status.{Status(status).value}", lang)


class Reading(NamedTuple):
    """A reported value and its year (a tuple: ``year, value = reading``)."""

    year: int
    value: float


@dataclass(frozen=True)
class Step:
    """One step of the calculation: a stable `code` and its numbers (never prose).

    Codes: qualitative, baseline, start, target, implied-target, change-relative,
    change-points, change-assumed-relative, no-data, latest, target-year-missing,
    met, achieved-early, met-early, missed, fell-back, overdue, required-cagr, actual-cagr,
    required-linear, actual-linear, running-total, compare, no-start, partial-left-out, source-chosen.
    """

    code: str
    numbers: dict = field(default_factory=dict)

    def __getitem__(self, key: str):
        return self.numbers[key]


@dataclass(frozen=True)
class Assessment:
    """The result of `assess`: the status, the figures it rests on, and every step."""

    status: Status
    latest: Reading | None = None
    # The value the target needs by the latest year to be exactly on the path (or the
    # running total needed, for a period total); None when no path can be drawn.
    required: float | None = None
    ratio: float | None = None  # actual / required growth, when compared
    method: str | None = None  # "compound", "linear", "share" (period total) or None
    threshold: float | None = None  # the target figure that counts as met
    path: tuple[tuple[int, float], ...] = ()  # start → target, one point a year
    steps: list[Step] = field(default_factory=list)
    unit: Text | None = None

    def step(self, code: str) -> Step | None:
        return next((s for s in self.steps if s.code == code), None)


def _higher(indicator: Indicator) -> bool:
    kind = indicator.target.kind
    if kind is TargetKind.at_least:
        return True
    if kind is TargetKind.at_most:
        return False
    if kind is TargetKind.change and indicator.target.rate is not None:
        return indicator.target.rate >= 0  # a rise, or a fall
    return indicator.direction is Direction.higher


def _meets(value: float, threshold: float, higher: bool) -> bool:
    return value >= threshold if higher else value <= threshold


def _target_step(indicator: Indicator) -> Step:
    t = indicator.target
    return Step(
        "target",
        {
            "year": t.year,
            "kind": t.kind.value,
            "value": t.value,
            "min": t.min,
            "max": t.max,
            "rate": t.rate,
            "basis": t.basis.value if t.basis else None,
            "qualifier": t.qualifier.value if t.qualifier else None,
        },
    )


def _compound_path(y0: int, v0: float, y1: int, v1: float) -> tuple[tuple[int, float], ...]:
    rate = (v1 / v0) ** (1 / (y1 - y0))
    inner = tuple((y, v0 * rate ** (y - y0)) for y in range(y0 + 1, y1))
    return ((y0, v0), *inner, (y1, v1))  # the ends exactly as given


def _linear_path(y0: int, v0: float, y1: int, v1: float) -> tuple[tuple[int, float], ...]:
    per_year = (v1 - v0) / (y1 - y0)
    inner = tuple((y, v0 + per_year * (y - y0)) for y in range(y0 + 1, y1))
    return ((y0, v0), *inner, (y1, v1))


def _observed(observations: Iterable[ObservationRow], after: int | None, as_of: int) -> list[ObservationRow]:
    rows = [o for o in observations if o.year <= as_of and (after is None or o.year > after)]
    return sorted(rows, key=lambda o: o.year)


# The kinds of source, most trusted first (rule 11): "document" is a plan document itself (a file in
# data/sources/ or a published report); the others are `WebSource.kind`.
SOURCE_KIND_ORDER = ("document", "official", "press", "copy")


def source_kind(row: ObservationRow | TaskReportRow, web: Mapping[str, WebSource]) -> str:
    """The kind of source of a row (a value or a task report): "document", or the web page's kind (official, press, copy)."""
    if row.web_id is None:
        return "document"
    page = web.get(row.web_id)
    return page.kind.value if page is not None else "copy"  # an unknown page (refused by validate) ranks last


def choose(
    observations: Iterable[ObservationRow], web: Mapping[str, WebSource] | None = None
) -> tuple[list[ObservationRow], list[Step]]:
    """The values status uses, one per year (rule 11), oldest first, and the steps that say what was
    left out: each partial-year value (``partial-left-out``) and, for a year with several year-end
    values, the one chosen (``source-chosen``). `web` maps `sources/web.yaml` ids to their pages."""
    web = web or {}
    rows = list(observations)
    steps: list[Step] = []
    by_year: dict[int, list[tuple[int, ObservationRow]]] = {}
    for i, o in enumerate(rows):
        if o.partial:
            steps.append(Step("partial-left-out", {"year": o.year, "value": o.value}))
        else:
            by_year.setdefault(o.year, []).append((i, o))

    def rank(entry: tuple[int, ObservationRow]) -> tuple[int, int, int]:
        i, o = entry
        page = web.get(o.web_id) if o.web_id is not None else None
        published = page.published.toordinal() if page is not None and page.published is not None else 0
        return (SOURCE_KIND_ORDER.index(source_kind(o, web)), -published, i)

    chosen = []
    for year in sorted(by_year):
        candidates = sorted(by_year[year], key=rank)
        best = candidates[0][1]
        chosen.append(best)
        if len(candidates) > 1:
            steps.append(
                Step(
                    "source-chosen",
                    {"year": year, "value": best.value, "kind": source_kind(best, web), "others": len(candidates) - 1},
                )
            )
    return chosen, steps


def assess(
    indicator: Indicator,
    observations: list[ObservationRow],
    as_of: int,
    *,
    period_start: int | None = None,
    web: Mapping[str, WebSource] | None = None,
) -> Assessment:
    """Assess one indicator as of the reporting year `as_of` (passed in by the build).

    `observations` are this indicator's reported values (other indicators' rows are
    ignored); `choose` keeps one year-end value a year (`web`: the pages of sources/web.yaml by
    id, to rank web-sourced values). `period_start` is the first year of the plan, used only for
    period-total targets (default: the year after the baseline).
    """
    observations = [o for o in observations if o.indicator == indicator.id and o.year <= as_of]
    observations, chosen_steps = choose(observations, web)
    target = indicator.target
    steps: list[Step] = []
    unit = indicator.unit
    baseline = indicator.baseline
    if baseline is not None:
        steps.append(Step("baseline", {"year": baseline.year, "value": baseline.value}))
    steps.append(_target_step(indicator))
    steps += chosen_steps

    if target.kind is TargetKind.qualitative:
        steps.append(Step("qualitative", {}))
        return Assessment(Status.not_assessable, steps=steps, unit=unit)

    if indicator.measure is Measure.period_total:
        return _assess_period_total(indicator, observations, as_of, period_start, steps)

    # The starting point: the baseline, or the earliest reported value.
    if baseline is not None and baseline.value is not None:
        start_year, start_value, start_from = baseline.year, baseline.value, "baseline"
        rows = _observed(observations, baseline.year, as_of)
    else:
        after = baseline.year - 1 if baseline is not None else None
        rows = _observed(observations, after, as_of)
        if len(rows) < 2:
            if rows:
                steps.append(Step("latest", {"year": rows[-1].year, "value": rows[-1].value}))
                steps.append(Step("no-start", {}))
                return Assessment(
                    Status.not_assessable, latest=Reading(rows[-1].year, rows[-1].value), steps=steps, unit=unit
                )
            return _nothing_reported(steps, as_of, target.year, None, unit)
        first = rows[0]
        start_year, start_value, start_from = first.year, first.value, "earliest-observation"
        rows = [o for o in rows if o.year > first.year]
        if not rows:  # every value is from the same year: no growth to measure
            steps.append(Step("latest", {"year": first.year, "value": first.value}))
            steps.append(Step("no-start", {}))
            return Assessment(Status.not_assessable, latest=Reading(first.year, first.value), steps=steps, unit=unit)
    steps.append(Step("start", {"year": start_year, "value": start_value, "from": start_from}))

    higher = _higher(indicator)
    threshold: float | None
    derived = target.kind in (TargetKind.growth_rate, TargetKind.change)  # the threshold is computed, not given
    if target.kind is TargetKind.growth_rate:
        if target.rate is None or start_value <= 0 or target.year <= start_year:
            steps.append(Step("no-start", {}))
            return _early_exit(rows, steps, unit)
        threshold = start_value * (1 + target.rate / 100) ** (target.year - start_year)
        steps.append(
            Step("implied-target", {"value": threshold, "rate": target.rate, "years": target.year - start_year})
        )
    elif target.kind is TargetKind.change:
        points = target.basis is ChangeBasis.points
        if target.rate is None or (not points and start_value <= 0) or target.year <= start_year:
            steps.append(Step("no-start", {}))
            return _early_exit(rows, steps, unit)
        threshold = start_value + target.rate if points else start_value * (1 + target.rate / 100)
        codes: dict[ChangeBasis | None, str] = {
            ChangeBasis.points: "change-points",
            ChangeBasis.relative: "change-relative",
        }
        code = codes.get(target.basis, "change-assumed-relative")
        steps.append(Step(code, {"rate": target.rate, "start": start_value, "value": threshold}))
    elif target.kind is TargetKind.range:
        threshold = target.min if higher else target.max
    else:
        threshold = target.value
    if threshold is None or target.year <= start_year:
        steps.append(Step("no-start", {}))
        return _early_exit(rows, steps, unit)

    if not rows:
        return _nothing_reported(steps, as_of, target.year, threshold, unit)

    latest = rows[-1]
    steps.append(Step("latest", {"year": latest.year, "value": latest.value}))
    judged_on_target_year = indicator.measure is Measure.annual or target.kind is TargetKind.growth_rate
    final = latest.year >= target.year
    overdue = as_of > target.year and not final  # deadline passed, target-year value not reported

    compound = start_value > 0 and threshold > 0 and latest.value > 0
    path = (
        _compound_path(start_year, start_value, target.year, threshold)
        if (start_value > 0 and threshold > 0)
        else _linear_path(start_year, start_value, target.year, threshold)
    )
    on_path = dict(path).get(latest.year)
    base: dict[str, Any] = dict(
        latest=Reading(latest.year, latest.value),
        threshold=threshold,
        path=path,
        unit=unit,
        required=on_path if on_path is not None else (threshold if final else None),
    )

    if _meets(latest.value, threshold, higher):
        if final or not judged_on_target_year:  # a stock met is met for good: settled even after the deadline
            if overdue:
                steps.append(Step("target-year-missing", {"target_year": target.year, "latest_year": latest.year}))
            steps.append(_met(latest, threshold, target.year, derived))
            return Assessment(Status.achieved, steps=steps, **base)
        if overdue:
            return _overdue(steps, as_of, target.year, base)
        steps.append(
            Step(
                "met-early",
                {"value": latest.value, "threshold": threshold, "target_year": target.year, "derived": derived},
            )
        )
        return Assessment(Status.on_track, steps=steps, **base)
    if final:
        steps.append(
            Step("missed", {"value": latest.value, "threshold": threshold, "year": latest.year, "derived": derived})
        )
        return Assessment(Status.off_track, steps=steps, **base)
    if overdue:
        return _overdue(steps, as_of, target.year, base)
    if _meets(start_value, threshold, higher):
        # The start already met the target and the latest value no longer does.
        steps.append(
            Step("fell-back", {"start": start_value, "value": latest.value, "threshold": threshold, "derived": derived})
        )
        return Assessment(Status.off_track, steps=steps, **base)

    n_req, n_act = target.year - start_year, latest.year - start_year
    if compound:
        required = (threshold / start_value) ** (1 / n_req) - 1
        actual = (latest.value / start_value) ** (1 / n_act) - 1
        steps.append(
            Step(
                "required-cagr",
                {
                    "rate": required,
                    "from_year": start_year,
                    "from_value": start_value,
                    "to_year": target.year,
                    "to_value": threshold,
                    "derived": derived,
                },
            )
        )
        steps.append(
            Step(
                "actual-cagr",
                {
                    "rate": actual,
                    "from_year": start_year,
                    "from_value": start_value,
                    "to_year": latest.year,
                    "to_value": latest.value,
                },
            )
        )
        method = "compound"
    else:
        required = (threshold - start_value) / n_req
        actual = (latest.value - start_value) / n_act
        steps.append(
            Step(
                "required-linear",
                {
                    "per_year": required,
                    "from_year": start_year,
                    "from_value": start_value,
                    "to_year": target.year,
                    "to_value": threshold,
                    "derived": derived,
                },
            )
        )
        steps.append(
            Step(
                "actual-linear",
                {
                    "per_year": actual,
                    "from_year": start_year,
                    "from_value": start_value,
                    "to_year": latest.year,
                    "to_value": latest.value,
                },
            )
        )
        method = "linear"
    ratio = actual / required  # required != 0: the start does not meet the target
    on_track = ratio >= ON_TRACK_RATIO
    steps.append(Step("compare", {"ratio": ratio, "threshold": ON_TRACK_RATIO, "on_track": on_track}))
    return Assessment(
        Status.on_track if on_track else Status.off_track, ratio=ratio, method=method, steps=steps, **base
    )


def _met(latest: ObservationRow, threshold: float, target_year: int, derived: bool = False) -> Step:
    """The target is met: ``achieved-early`` when the value is from before the target year."""
    numbers = {"value": latest.value, "threshold": threshold, "derived": derived}
    if latest.year < target_year:
        return Step("achieved-early", {**numbers, "year": latest.year, "target_year": target_year})
    return Step("met", numbers)


def _overdue(steps: list[Step], as_of: int, target_year: int, base: dict[str, Any]) -> Assessment:
    steps.append(Step("overdue", {"target_year": target_year, "as_of": as_of}))
    return Assessment(Status.overdue, steps=steps, **base)


def _nothing_reported(
    steps: list[Step], as_of: int, target_year: int, threshold: float | None, unit: Text | None
) -> Assessment:
    """No value after the start: ``no-data``, or ``overdue`` once the target year has passed."""
    steps.append(Step("no-data", {"as_of": as_of}))
    if as_of > target_year:
        return _overdue(steps, as_of, target_year, dict(threshold=threshold, unit=unit))
    return Assessment(Status.no_data, threshold=threshold, steps=steps, unit=unit)


def _early_exit(rows: list[ObservationRow], steps: list[Step], unit: Text | None) -> Assessment:
    latest = Reading(rows[-1].year, rows[-1].value) if rows else None
    return Assessment(Status.not_assessable, latest=latest, steps=steps, unit=unit)


def _assess_period_total(
    indicator: Indicator, observations: list[ObservationRow], as_of: int, period_start: int | None, steps: list[Step]
) -> Assessment:
    """Period total: each reported value is the running total since the period began."""
    target, unit = indicator.target, indicator.unit
    higher = _higher(indicator)
    if period_start is None and indicator.baseline is not None:
        period_start = indicator.baseline.year + 1
    threshold = (
        target.max
        if (target.kind is TargetKind.range and not higher)
        else (target.min if target.kind is TargetKind.range else target.value)
    )
    rows = _observed(observations, period_start - 1 if period_start is not None else None, as_of)
    if threshold is None:
        steps.append(Step("no-start", {}))
        return _early_exit(rows, steps, unit)
    if not rows:
        return _nothing_reported(steps, as_of, target.year, threshold, unit)
    latest = rows[-1]
    steps.append(Step("latest", {"year": latest.year, "value": latest.value}))
    final = latest.year >= target.year
    overdue = as_of > target.year and not final
    base: dict[str, Any] = dict(
        latest=Reading(latest.year, latest.value), threshold=threshold, unit=unit, method="share"
    )
    met = _meets(latest.value, threshold, higher)
    settled = (higher and met) or final or (not higher and not met)  # reached, final, or a cap already exceeded
    if settled and overdue:
        steps.append(Step("target-year-missing", {"target_year": target.year, "latest_year": latest.year}))
    if (higher and met) or (not higher and met and final):
        steps.append(_met(latest, threshold, target.year))
        return Assessment(Status.achieved, required=threshold, steps=steps, **base)
    if final or (not higher and not met):
        steps.append(Step("missed", {"value": latest.value, "threshold": threshold, "year": latest.year}))
        return Assessment(Status.off_track, required=threshold, steps=steps, **base)
    if overdue:
        return _overdue(steps, as_of, target.year, base)
    if period_start is None or target.year < period_start:
        steps.append(Step("no-start", {}))
        return Assessment(Status.not_assessable, **base, steps=steps)
    years = target.year - period_start + 1
    elapsed = latest.year - period_start + 1
    expected = threshold * elapsed / years
    path = tuple((y, threshold * (y - period_start + 1) / years) for y in range(period_start, target.year + 1))
    steps.append(
        Step(
            "running-total",
            {
                "value": latest.value,
                "expected": expected,
                "elapsed": elapsed,
                "years": years,
                "start_year": period_start,
            },
        )
    )
    if not higher:  # at most: on track while not exceeded (checked above)
        return Assessment(Status.on_track, required=expected, path=path, steps=steps, **base)
    ratio = latest.value / expected if expected else math.inf
    on_track = ratio >= ON_TRACK_RATIO
    steps.append(Step("compare", {"ratio": ratio, "threshold": ON_TRACK_RATIO, "on_track": on_track, "share": True}))
    status = Status.on_track if on_track else Status.off_track
    return Assessment(status, required=expected, ratio=ratio, path=path, steps=steps, **base)


def progress(assessment: Assessment) -> float | None:
    """Share of the way from the start to the target covered by the latest value (1.0 = there).

    For a period total: the running total over the target. None when there is no latest value
    or no start and target figure to measure against. Not clipped: above 1 means beyond.
    """
    a = assessment
    if a.latest is None or a.threshold is None:
        return None
    if a.method == "share":
        return a.latest.value / a.threshold if a.threshold else None
    start = a.step("start")
    if start is None or a.threshold == start["value"]:
        return None
    return (a.latest.value - start["value"]) / (a.threshold - start["value"])


def summarise(assessments: Iterable[Assessment]) -> dict[Status, int]:
    """How many assessments have each status: every status of `STATUS_ORDER` is a key (0 if none), in that order.

    For a plan whose period has ended (the data's ``as_of`` year is after every target year),
    this is its final outcome: ``on-track`` cannot occur any more; ``achieved`` and
    ``off-track`` rest on a value for the target year (or on a stock or period total that
    had already settled it); ``overdue`` counts the targets whose deadline passed without
    their outcome reported (with or without earlier values); ``not-assessable`` the targets
    the method cannot measure (qualitative ones). Labels: `status_label`.
    """
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for a in assessments:
        counts[a.status] += 1
    return counts


def _pace(ratio: float) -> str:
    """The grade of a growth comparison: ahead, on-pace or behind (see `grade`)."""
    if ratio >= AHEAD_RATIO:
        return "ahead"
    return "on-pace" if ratio >= ON_TRACK_RATIO else "behind"


def grade(assessment: Assessment) -> str | None:
    """The Chinese mid-term-evaluation word for an assessment, one of `GRADES`, or None.

    ``early`` 提前实现: achieved with a value from before the target year (a stock or period
    total). ``ahead`` 快于预期: growth at least `AHEAD_RATIO` of the growth needed, or an
    annual level already reached before its year. ``on-pace`` 基本符合预期: a ratio from
    `ON_TRACK_RATIO` up to `AHEAD_RATIO`, or an "at most" period total not exceeded.
    ``behind`` 滞后于预期: a ratio under `ON_TRACK_RATIO`, or a start that met the target and
    fell back. None for any other outcome (achieved in the target year, a final miss,
    overdue, no data, not assessable): those have their status word only.
    """
    a = assessment
    if a.status is Status.achieved:
        return "early" if a.step("achieved-early") else None
    if a.status not in (Status.on_track, Status.off_track):
        return None
    compare = a.step("compare")
    if compare is not None:
        return _pace(compare["ratio"])
    if a.step("met-early"):
        return "ahead"
    if a.step("fell-back"):
        return "behind"
    return "on-pace" if a.status is Status.on_track else None  # on track: an "at most" total within its cap


def grade_label(assessment: Assessment, lang: str) -> str | None:
    """`grade` in words (catalogue `grade.<grade>`), or None when the assessment has no grade."""
    g = grade(assessment)
    return t(f"grade.{g}", lang) if g else None


# ---------------------------------------------------------------- explanation in words

# How each step's numbers are shown in its sentence (`explain.<code>` in site_src/strings/status.yaml):
# "given" a reported figure with the unit, "bare" the same without it, "target" / "target-bare" the
# target figure (computed, to 2 decimals, when the step says `derived`), "computed" a derived
# figure with the unit, "percent" a rate, "signed" a change with its sign (+30). Numbers not listed (years, counts) are shown as they are.
_SHOWN = {
    "baseline": {"value": "given"},
    "start": {"value": "given"},
    "implied-target": {"rate": "bare", "value": "computed"},
    "change-relative": {"rate": "signed", "start": "given", "value": "computed"},
    "change-points": {"rate": "signed", "start": "given", "value": "computed"},
    "change-assumed-relative": {"rate": "signed", "start": "given", "value": "computed"},
    "latest": {"value": "given"},
    "met": {"value": "given", "threshold": "target"},
    "achieved-early": {"value": "given", "threshold": "target"},
    "met-early": {"value": "given"},
    "missed": {"value": "given", "threshold": "target"},
    "fell-back": {"start": "given", "value": "given", "threshold": "target"},
    "required-cagr": {"rate": "percent", "from_value": "bare", "to_value": "target-bare"},
    "actual-cagr": {"rate": "percent", "from_value": "bare", "to_value": "target-bare"},
    "required-linear": {"per_year": "computed", "from_value": "bare", "to_value": "target-bare"},
    "actual-linear": {"per_year": "computed", "from_value": "bare", "to_value": "target-bare"},
    "running-total": {"value": "given", "expected": "computed"},
    "compare": {"ratio": "percent", "threshold": "percent"},
    "partial-left-out": {"value": "given"},
    "source-chosen": {"value": "given"},
}


def explain(assessment: Assessment, lang: str) -> list[str]:
    """The calculation in plain sentences with the numbers, in "zh" or "en" (no HTML)."""
    unit = _unit(assessment.unit, lang)
    out = []
    for s in assessment.steps:
        if s.code == "start" and s["from"] != "earliest-observation":
            continue  # the baseline sentence already says where the path starts
        if s.code == "target":
            out.append(
                t(
                    "explain.target",
                    lang,
                    target=in_words(
                        s["kind"],
                        s["year"],
                        lang,
                        value=s["value"],
                        min=s["min"],
                        max=s["max"],
                        rate=s["rate"],
                        unit=unit,
                        basis=s.numbers.get("basis"),
                        qualifier=s.numbers.get("qualifier"),
                    ),
                )
            )
        elif s.code == "baseline" and s["value"] is None:
            out.append(t("explain.baseline-not-reported", lang, year=s["year"]))
        elif s.code == "source-chosen":
            kind = t(f"source-kind.{s['kind']}", lang)
            out.append(t("explain.source-chosen", lang, **{**_shown(s, unit, lang), "kind": kind}))
        elif s.code == "compare":
            verdict = t("explain.verdict." + _pace(s["ratio"]), lang)
            key = "explain.compare-share" if s.numbers.get("share") else "explain.compare"
            out.append(t(key, lang, verdict=verdict, **_shown(s, unit, lang)))
        else:
            out.append(t(f"explain.{s.code}", lang, **_shown(s, unit, lang)))
    return out


def _shown(step: Step, unit: str, lang: str) -> dict[str, object]:
    """The step's numbers as they appear in its sentence (see `_SHOWN`)."""
    how = _SHOWN.get(step.code, {})
    derived_target = bool(step.numbers.get("derived"))
    out: dict[str, object] = {}
    for key, value in step.numbers.items():
        kind = how.get(key)
        if kind is None or value is None:
            out[key] = value
        elif kind == "percent":
            out[key] = numbers.percent(value)
        elif kind == "signed":  # a change as the document gives it: +30, -10
            out[key] = ("+" if value > 0 else "") + numbers.figure(value)
        else:
            computed = kind == "computed" or (kind.startswith("target") and derived_target)
            text = numbers.derived(value) if computed else numbers.figure(value)
            out[key] = text if kind in ("bare", "target-bare") else with_unit(text, unit, lang)
    return out


def _unit(unit: Text | None, lang: str) -> str:
    if unit is None:
        return ""
    return (unit.zh if lang == "zh" else unit.en) or unit.zh or ""
