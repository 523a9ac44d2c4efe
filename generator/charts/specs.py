"""Chart specs at build time: each call fills one template (generator/charts/templates/*.json).

A fill writes only the named datasets, the title, a size that follows the rows, the value
axis title, the year ticks, the colour/shape domains of what the chart shows, and
``usermeta`` (kind, language, summary; read it with `chart_summary`). Everything else
(fields, marks, scales, colours) is the template's, authored in Altair by
`generator.charts.templates`; this module does not import Altair.

Safety rule: text from data files is untrusted. It only ever becomes a dataset value or a
title string here; no expression, filter or signal is ever built.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..i18n import t
from ..i18n.numbers import derived, figure
from ..models import Indicator, ObservationRow, ReferenceSeries, TargetKind, Text
from ..status import Assessment, Status, progress
from . import style, summaries
from .summaries import status_name, tr, unit_title

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TARGET_SHAPES = {"at-least": "triangle-up", "at-most": "triangle-down"}  # any other target: a diamond
DOT_KINDS_MAX = 3  # a series with targets and at most this many (year, kind) pairs is a dot plot (2 without targets)


@functools.cache
def _template_text(kind: str, lang: str) -> str:
    return (TEMPLATE_DIR / f"{kind}.{lang}.json").read_text(encoding="utf-8")


def template(kind: str, lang: str) -> dict[str, Any]:
    """A fresh copy of the template of `kind` in `lang` (the caller may change it)."""
    return json.loads(_template_text(kind, lang))


def _finish(
    spec: dict,
    kind: str,
    lang: str,
    datasets: dict[str, list[dict]],
    title: str,
    summary: str,
    subtitle: str = "",
    **size: int,
) -> dict:
    heading: dict[str, Any] = {"text": title}
    if subtitle:
        heading["subtitle"] = [subtitle]
    spec.update(size, datasets=datasets, title=heading, usermeta={"kind": kind, "lang": lang, "summary": summary})
    return spec


def _years(x: dict, years: Iterable[int]) -> None:
    """Ticks of the year axis `x` exactly at the given whole years (else every whole year)."""
    ticks = sorted({int(y) for y in years})
    if not ticks:
        x["axis"]["tickMinStep"] = 1
        return
    first, last = ticks[0], ticks[-1]
    if first == last:  # one year: give it room on both sides
        first, last = first - 1, last + 1
    x["axis"]["values"] = list(range(first, last + 1))
    x["scale"]["domain"] = [first, last]


def _domain(channel: dict, domain: list[str], range_: list[str]) -> None:
    channel["scale"]["domain"] = domain
    channel["scale"]["range"] = range_


def chart_summary(spec: dict, lang: str | None = None) -> str:
    """The one-sentence text summary of a chart (figcaption and alt text), in the chart's language."""
    meta = spec.get("usermeta") or {}
    if lang is not None and meta.get("lang") not in (None, lang):
        raise ValueError(f"chart was built in {meta.get('lang')!r}, not {lang!r}")
    return str(meta.get("summary", ""))


# ----------------------------------------------------------------- indicator


def indicator_chart(
    indicator: Indicator, observations: Sequence[ObservationRow], assessment: Assessment | None, lang: str
) -> dict:
    """Reported values over time, the baseline, the target (point or band) and the path needed."""
    spec = template("indicator", lang)
    series = {k: t(f"chart.series.{k}", lang) for k in ("observed", "baseline", "target", "path")}
    rows: list[dict[str, Any]] = [
        {"year": o.year, "value": o.value, "series": series["observed"]}
        for o in sorted(observations, key=lambda o: o.year)
        if o.indicator == indicator.id
    ]
    path = list(assessment.path) if assessment is not None else []
    b, target = indicator.baseline, indicator.target
    data: dict[str, list[dict]] = {
        "path": [{"year": year, "value": value, "series": series["path"]} for year, value in path],
        "baseline": [{"year": b.year, "value": b.value, "series": series["baseline"]}]
        if b is not None and b.value is not None
        else [],
        "target_band": [],
        "target_point": [],
        "observed": rows,
        "frame": [],
    }
    if target.kind is TargetKind.range and target.min is not None and target.max is not None:
        data["target_band"] = [
            {
                "year": target.year - 0.3,
                "year2": target.year + 0.3,
                "value": target.min,
                "value2": target.max,
                "series": series["target"],
            }
        ]
    elif target.kind is not TargetKind.qualitative:
        computed = target.kind in (TargetKind.growth_rate, TargetKind.change)  # the level worked out from the start
        value = (assessment.threshold if assessment else None) if computed else target.value
        if value is not None:
            data["target_point"] = [
                {
                    "year": target.year,
                    "value": value,
                    "series": series["target"],
                    "shape": TARGET_SHAPES.get(target.kind.value, "diamond"),
                }
            ]
    if not any(data.values()):  # nothing to draw: the frame alone, at the target year, and no legend
        data["frame"] = [{"year": target.year, "value": 0, "series": series["target"]}]
        spec["config"]["legend"]["disable"] = True
    years = [r["year"] for r in rows] + [year for year, _ in path] + [target.year] + ([b.year] if b is not None else [])
    _years(spec["encoding"]["x"], years)
    spec["encoding"]["y"]["title"] = unit_title(tr(indicator.unit, lang), lang)
    status = assessment.status if assessment is not None else None
    subtitle = t("chart.indicator.subtitle", lang, status=status_name(status, lang)) if status else ""
    return _finish(
        spec,
        "indicator",
        lang,
        data,
        tr(indicator.name, lang),
        summaries.indicator(indicator, rows, assessment, lang),
        subtitle,
    )


# ----------------------------------------------------------------- plan overview


def plan_overview_chart(
    indicators_with_assessments: Iterable[tuple[Indicator, Assessment | None]], lang: str, title: str | None = None
) -> dict:
    """One bar per indicator: the share of the way from baseline to target, coloured and shaped by status."""
    spec = template("plan-overview", lang)
    rows: list[dict[str, Any]] = []
    for ind, a in indicators_with_assessments:
        share = progress(a) if a is not None else None
        status = status_name(a.status if a is not None else Status.not_assessable, lang)
        rows.append(
            {
                "indicator": tr(ind.name, lang),
                "progress": share * 100 if share is not None else 0,
                "progress_known": share is not None,
                "status": status,
                "label": t("chart.progress-label", lang, progress=derived(share * 100), status=status)
                if share is not None
                else status,
            }
        )
    return _finish(
        spec,
        "plan-overview",
        lang,
        {"rows": rows},
        title or t("chart.progress", lang),
        summaries.plan_overview([r["status"] for r in rows], lang),
        height=max(40, 24 * len(rows)),
    )


# ----------------------------------------------------------------- concept (cities side by side)


@dataclass(frozen=True)
class ConceptRow:
    """One city's figures for a concept: each (year, value) or None when not reported."""

    city: Text | str
    baseline: tuple[int, float | None] | None = None
    latest: tuple[int, float] | None = None
    target: tuple[int, float | None] | None = None
    status: Status | None = None


def concept_rows(portal, concept_id: str, assessments: Mapping[tuple[str, str], Assessment]) -> list[ConceptRow]:
    """The rows of `concept_chart` from the portal: every indicator linked to the concept."""
    out = []
    for city, pd in portal.plans():
        for ind in pd.indicators:
            if ind.concept != concept_id:
                continue
            a = assessments.get((pd.plan.id, ind.id))
            target = ind.target
            if target.kind in (TargetKind.exact, TargetKind.at_least, TargetKind.at_most):
                value = target.value
            else:
                value = a.threshold if a and target.kind is not TargetKind.qualitative else None
            out.append(
                ConceptRow(
                    city=city.city.name,
                    baseline=(ind.baseline.year, ind.baseline.value) if ind.baseline else None,
                    latest=(a.latest.year, a.latest.value) if a is not None and a.latest is not None else None,
                    target=(target.year, value),
                    status=a.status if a is not None else None,
                )
            )
    return out


def concept_chart(rows: Sequence[ConceptRow], concept, lang: str) -> dict:
    """Cities side by side for one concept: each city's baseline, latest value and target."""
    spec = template("concept", lang)
    values: list[dict[str, Any]] = []
    cities: list[tuple[str, list[tuple[str, tuple[int, float]]]]] = []
    for r in rows:
        city = tr(r.city, lang)
        shown = [
            (key, (point[0], point[1]))
            for key, point in (("baseline", r.baseline), ("latest", r.latest), ("target", r.target))
            if point is not None and point[1] is not None
        ]
        cities.append((city, shown))
        for key, (year, value) in shown:
            values.append(
                {
                    "city": city,
                    "kind": t(f"chart.kind.{key}", lang),
                    "year": year,
                    "value": value,
                    "label": t("chart.value-in-year", lang, value=figure(value), year=year),
                }
            )
    unit = tr(getattr(concept, "unit", None), lang)
    spec["encoding"]["y"]["title"] = unit_title(unit, lang)
    name = tr(getattr(concept, "name", concept), lang)
    return _finish(spec, "concept", lang, {"rows": values}, name, summaries.concept(name, cities, lang), unit)


# ----------------------------------------------------------------- reference series


def reference_chart(series: ReferenceSeries, lang: str, highlight: Text | str | None = None) -> dict:
    """A reference series. Few years (e.g. a 2020 base and a 2025 target per city): a dot plot,
    one row per entity sorted by value, each (year, kind) a mark of its own colour and shape,
    labelled. Many years: lines per entity. `highlight` (the quoting plan's city) is marked."""
    unit = tr(series.unit, lang)
    points = [p for p in series.points if p.value is not None]
    values: list[dict[str, Any]] = [
        {
            "entity": tr(p.entity, lang),
            "year": p.year,
            "value": p.value,
            "kind": t(f"chart.kind.{'target' if p.kind == 'target' else 'observed'}", lang),
        }
        for p in points
    ]
    entities: list[str] = list(dict.fromkeys(v["entity"] for v in values))
    years: list[int] = sorted({v["year"] for v in values})
    own = _own_entity(tr(highlight, lang) if highlight is not None else "", [tr(p.entity, lang) for p in series.points])
    pairs = sorted({(p.year, p.kind) for p in series.points})
    if len(pairs) <= 2 or (len(pairs) <= DOT_KINDS_MAX and any(k == "target" for _, k in pairs)):
        spec, shown = _reference_dots(series, pairs, own, lang)
        spec["encoding"]["x"]["title"] = unit_title(unit, lang)  # values across, entities down
    else:
        spec, shown = _reference_lines(values, years, entities, own, lang), entities
        spec["encoding"]["y"]["title"] = unit_title(unit, lang)
    name = tr(series.name, lang)
    summary = summaries.reference(
        name,
        len(shown),
        years,
        len(points),
        len(series.points) - len(points),
        own if own and own in shown else "",
        lang,
    )
    spec.update(
        title={"text": name, **({"subtitle": [unit]} if unit else {})},
        usermeta={"kind": "reference", "lang": lang, "summary": summary},
    )
    return spec


def _own_entity(city: str, names: list[str]) -> str:
    """The entity that is the highlighted city: the same name, or it without 市 (郑州市 → 郑州)."""
    if not city:
        return ""
    for name in names:
        if name == city or (name and city == name + "市"):
            return name
    return ""


def _pair_label(year: int, kind: str, lang: str) -> str:
    return t("chart.pair", lang, year=year, kind=t(f"chart.kind.{'target' if kind == 'target' else 'observed'}", lang))


def _reference_dots(
    series: ReferenceSeries, pairs: Sequence[tuple[int, str]], own: str, lang: str
) -> tuple[dict, list[str]]:
    """One row per entity (sorted: largest first value on top, entities without any value last)."""
    by_entity: dict[str, dict[tuple[int, str], float | None]] = {}
    for p in series.points:
        by_entity.setdefault(tr(p.entity, lang), {})[(p.year, p.kind)] = p.value

    def key(item: tuple[str, dict]) -> tuple:
        vals = [item[1].get(pr) for pr in pairs]
        known = [v for v in vals if v is not None]
        return (not known, *[-(v if v is not None else float("-inf")) for v in vals])

    ordered = sorted(by_entity.items(), key=key)
    order = {e: i for i, (e, _) in enumerate(ordered)}
    data: dict[str, list[dict]] = {name: [] for name in ("own", "rules", "marks", "low", "high", "unreported")}
    for e, vals in ordered:
        known = [(pr, v) for pr, v in vals.items() if v is not None and pr in pairs]
        if not known:
            data["unreported"].append(
                {"entity": e, "order": order[e], "value": 0, "label": t("chart.not-reported", lang)}
            )
            continue
        for pr, v in known:
            data["marks"].append({"entity": e, "order": order[e], "value": v, "kind": _pair_label(*pr, lang)})
        lo = min(known, key=lambda kv: kv[1])
        hi = max(known, key=lambda kv: kv[1])
        if lo[1] == hi[1]:
            data["high"].append(
                {
                    "entity": e,
                    "order": order[e],
                    "value": hi[1],
                    "label": " / ".join(figure(v) for _, v in known) if len(known) > 1 else figure(hi[1]),
                }
            )
        else:
            data["low"].append({"entity": e, "order": order[e], "value": lo[1], "label": figure(lo[1])})
            data["high"].append({"entity": e, "order": order[e], "value": hi[1], "label": figure(hi[1])})
            data["rules"].append({"entity": e, "order": order[e], "value": lo[1], "value2": hi[1]})
    if own and own in order:
        data["own"] = [{"entity": own, "order": order[own], "value": 0}]
    spec = template("reference-dots", lang)
    domain = [_pair_label(y, k, lang) for y, k in pairs]
    for layer in spec["layer"]:
        for channel, range_ in (("color", style.PAIR_COLOURS), ("shape", style.PAIR_SHAPES)):
            if channel in layer["encoding"]:
                _domain(layer["encoding"][channel], domain, range_[: len(domain)])
    spec.update(datasets=data, height=max(40, 24 * len(ordered)))
    return spec, [e for e, _ in ordered]


def _reference_lines(values: list[dict], years: list[int], entities: list[str], own: str, lang: str) -> dict:
    """Lines over years per entity, each named at its end. More entities than colours: the
    highlighted one in blue, the others grey (so no two lines share a colour by accident)."""
    if len(entities) > len(style.PALETTE):  # colour by role (constant labels)
        spec = template("reference-roles", lang)
        roles = [t("chart.own-city", lang), t("chart.peers", lang)]
        values = [{**v, "role": roles[0] if v["entity"] == own else roles[1]} for v in values]
    else:
        spec = template("reference-lines", lang)
    kinds = [(t("chart.kind.observed", lang), "circle"), (t("chart.kind.target", lang), "diamond")]
    shown = [(k, shape) for k, shape in kinds if any(v["kind"] == k for v in values)] or kinds[:1]
    points = next(layer for layer in spec["layer"] if "shape" in layer["encoding"])
    _domain(points["encoding"]["shape"], [k for k, _ in shown], [shape for _, shape in shown])
    observed = [v for v in values if v["kind"] == kinds[0][0]]
    last: dict[str, dict] = {}
    for v in sorted(observed, key=lambda v: v["year"]):
        last[v["entity"]] = v  # each line is named at its end, so colour is not the only key
    _years(spec["encoding"]["x"], years)
    spec["datasets"] = {"observed": observed, "points": values, "ends": list(last.values())}
    return spec


# ----------------------------------------------------------------- tasks


def task_status_chart(counts: Mapping[str, Mapping[str, int]], lang: str, title: str | None = None) -> dict:
    """Task statuses per group (plan or department): one labelled bar per status.

    `counts` maps a group label (plain text) to {task status value → number of tasks};
    statuses: completed, in-progress, not-started, delayed, no-report (no report yet).
    """
    spec = template("task-status", lang)
    statuses = [s for s in style.TASK_STATUSES if any(c.get(s) for c in counts.values())] or style.TASK_STATUSES
    domain = [t(f"chart.task.{s}", lang) for s in statuses]
    values = []
    for group, by_status in counts.items():
        for s, name in zip(statuses, domain):
            n = int(by_status.get(s, 0))
            if n:
                values.append(
                    {
                        "group": group,
                        "status": name,
                        "count": n,
                        "label": t("chart.count-label", lang, status=name, n=n),
                    }
                )
    bars = spec["layer"][0]["encoding"]["color"]
    _domain(bars, domain, [style.TASK_STATUS_COLOUR[s] for s in statuses])
    offset = spec["encoding"]["yOffset"]
    offset["sort"] = offset["scale"]["domain"] = domain
    return _finish(
        spec,
        "task-status",
        lang,
        {"rows": values},
        title or t("chart.status", lang),
        summaries.task_status(counts, statuses, lang),
        height=max(60, 16 * len(values)),
    )
