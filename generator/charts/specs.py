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
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..i18n import t
from ..i18n.numbers import derived, figure
from ..models import Indicator, ObservationRow, ReferenceSeries, TargetKind, Text
from ..status import Assessment, Status, progress
from . import style, summaries
from .summaries import status_name, tr, unit_title
from .wrap import text_px, wrap

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TARGET_SHAPES = {"at-least": "triangle-up", "at-most": "triangle-down"}  # any other target: a diamond
DOT_KINDS_MAX = 3  # a series with targets and at most this many (year, kind) pairs is a dot plot (2 without targets)


# The phone variant's plot: PHONE_WIDTH less Vega's padding (5 px a side)
PHONE_PLOT = style.PHONE_WIDTH - 10
PHONE_TRACK_MIN = 0.25  # the least share of a phone row chart's width that its tracks take
WIDE_TITLE = style.WIDTH + 40  # px a wide chart's title may take before it wraps


@functools.cache
def _template_text(kind: str, lang: str, phone: bool = False) -> str:
    return (TEMPLATE_DIR / f"{kind}{'-phone' if phone else ''}.{lang}.json").read_text(encoding="utf-8")


def template(kind: str, lang: str, phone: bool = False) -> dict[str, Any]:
    """A fresh copy of the template of `kind` in `lang`, wide or `phone` (the caller may change it)."""
    return json.loads(_template_text(kind, lang, phone))


def phone_name(file_name: str) -> str:
    """The file of a chart's phone variant: ``chart.svg`` → ``chart-phone.svg``."""
    stem, dot, ext = file_name.rpartition(".")
    return f"{stem}-phone{dot}{ext}" if dot else f"{file_name}-phone"


def _title_lines(text: str, phone: bool) -> list[str]:
    """A chart title wrapped into lines (a title is never cut)."""
    if phone:
        return wrap(text, PHONE_PLOT, style.PHONE_TITLE_FONT)
    return wrap(text, WIDE_TITLE, 14)


def _label_room(labels: Iterable[str], size: float, dx: float = 8) -> float:
    """px that the widest of `labels` takes right of its mark."""
    return max((text_px(s, size) for s in labels), default=0) + dx + 4


def _room_domain(points: Iterable[tuple[float, str]], plot_px: float, size: float, floor: float = 0) -> list[float]:
    """An x domain [floor, top] in which each (value, label) leaves room right of the value for its label."""
    top = 0.0
    for value, label in points:
        room = plot_px - _label_room([label], size)
        if room <= plot_px * 0.25:
            room = plot_px * 0.25
        top = max(top, (value - floor) * plot_px / room + floor)
    return [floor, top if top > floor else floor + 1]


def _nice(value: float) -> float:
    """The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k) at or above `value`: an axis's top."""
    if value <= 0:
        return 1.0
    k = 10 ** math.floor(math.log10(value))
    return next(m * k for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if m * k >= value)


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
    phone = spec.get("width") == style.PHONE_WIDTH
    heading: dict[str, Any] = {"text": _title_lines(title, phone)}
    if subtitle:
        heading["subtitle"] = _title_lines(subtitle, phone)
    meta: dict[str, Any] = {"kind": kind, "lang": lang, "summary": summary}
    if phone:
        meta["phone"] = True
    spec.update(size, datasets=datasets, title=heading, usermeta=meta)
    return spec


def _years(x: dict, years: Iterable[int], most: int = 0) -> None:
    """Ticks of the year axis `x` at every whole year from the first to the last of `years`
    (with `most`: every n-th year, so there are at most that many ticks, the last year always one)."""
    ticks = sorted({int(y) for y in years})
    if not ticks:
        x["axis"]["tickMinStep"] = 1
        return
    first, last = ticks[0], ticks[-1]
    if first == last:  # one year: give it room on both sides
        first, last = first - 1, last + 1
    step = max(1, math.ceil((last - first + 1) / most)) if most else 1
    x["axis"]["values"] = list(range(last, first - 1, -step))[::-1]
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
    indicator: Indicator,
    observations: Sequence[ObservationRow],
    assessment: Assessment | None,
    lang: str,
    phone: bool = False,
) -> dict:
    """Reported values over time, the baseline, the target (point or band) and the path needed.

    The reported line runs through the baseline unless a value is reported for the baseline
    year (then both are drawn as given): a line that passed by the baseline would show two
    values for one year."""
    spec = template("indicator", lang, phone)
    series = {k: t(f"chart.series.{k}", lang) for k in ("observed", "baseline", "target", "path")}
    web = t("data.chart.observed-web", lang)  # a value from a web page: a ring, its own legend entry
    rows: list[dict[str, Any]] = [
        {"year": o.year, "value": o.value, "series": series["observed"] if o.web_id is None else web}
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
        "line": [],
        "observed": [r for r in rows if r["series"] != web],
        "observed_web": [r for r in rows if r["series"] == web],
        "frame": [],
    }
    if not data["observed_web"]:
        _drop_series(spec, web)
    reported_years = {r["year"] for r in rows}
    line = [{**r, "series": series["observed"]} for r in rows]  # one line through every reported value
    joined = line + [{**p, "series": series["observed"]} for p in data["baseline"] if p["year"] not in reported_years]
    data["line"] = sorted(joined, key=lambda r: r["year"]) if rows else []
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
    _years(spec["encoding"]["x"], years, style.PHONE_YEAR_TICKS if phone else 0)
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


def worth_a_chart(spec: dict) -> bool:
    """Whether an indicator chart (`indicator_chart`) has anything to compare: values in two years
    at least, reported, baseline or target. With fewer it would be empty axes or one lone mark, a
    phone screen that says less than a sentence; the page says it in words and draws nothing."""
    data = spec["datasets"]
    years = {r["year"] for key in ("observed", "observed_web", "baseline", "target_point") for r in data[key]}
    years.update(round((r["year"] + r["year2"]) / 2) for r in data["target_band"])
    return len(years) >= 2


def _drop_series(spec: dict, name: str) -> None:
    """Leave the series `name` out of every colour and shape scale of a layered template (so out
    of its legend): a legend entry for what a chart does not draw is one more text to render."""
    for layer in spec.get("layer", []):
        for channel in ("color", "shape"):
            scale = layer.get("encoding", {}).get(channel, {}).get("scale")
            if scale and name in scale.get("domain", []):
                i = scale["domain"].index(name)
                scale["domain"] = scale["domain"][:i] + scale["domain"][i + 1 :]
                scale["range"] = scale["range"][:i] + scale["range"][i + 1 :]


# ----------------------------------------------------------------- plan overview


def plan_overview_chart(
    indicators_with_assessments: Iterable[tuple[Indicator, Assessment | None]],
    lang: str,
    title: str | None = None,
    phone: bool = False,
) -> dict:
    """One bar per indicator: the share of the way from baseline to target, coloured and shaped by status.

    Names are wrapped, never cut: on the axis (wide), or above each bar across the width (phone)."""
    spec = template("plan-overview", lang, phone)
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
    summary = summaries.plan_overview([r["status"] for r in rows], lang)
    title = title or t("chart.progress", lang)
    shown = {r["status"] for r in rows}
    for name in [n for n in (status_name(s, lang) for s in Status) if n not in shown]:
        _drop_series(spec, name)  # the legend lists the statuses the chart shows, no others
    if phone:
        # The track ends where the widest label that fits right of it begins, and keeps a quarter
        # of the width at least; a longer label ("20.53% · Deadline passed, outcome not reported")
        # goes under its bar. Nothing may run past the plot: the chart is fitted to the phone's
        # width (autosize fit-x), and a label beyond the plot would shrink the whole plot instead.
        room = PHONE_PLOT * (1 - PHONE_TRACK_MIN)

        def under(label: str) -> bool:
            return _label_room([label], style.PHONE_FONT) > room

        fitting = [r["label"] for r in rows if not under(r["label"])]
        track_px = PHONE_PLOT - (_label_room(fitting, style.PHONE_FONT) if fitting else 0)
        rows_data, height = _phone_rows(
            [
                (
                    r["indicator"],
                    [(min(max(r["progress"], 0), 100), r["status"], r["label"], r["progress_known"])],
                )
                for r in rows
            ],
            track=100,
            label_at=100,
            under=under,
        )
        _phone_axes(spec, height, [0, 100 * PHONE_PLOT / track_px], [0, 50, 100])
        return _finish(spec, "plan-overview", lang, rows_data, title, summary, height=height)
    for r in rows:
        r["indicator"] = "\n".join(wrap(r["indicator"], 260, style.FONT_SIZE))
    per_row = max(24, 14 * max((r["indicator"].count("\n") + 1 for r in rows), default=1) + 10)
    return _finish(spec, "plan-overview", lang, {"rows": rows}, title, summary, height=max(40, per_row * len(rows)))


def _phone_rows(
    groups: Sequence[tuple[str, Sequence[tuple[float, str, str, bool]]]],
    track: float | None = None,
    label_at: float | None = None,
    under: Callable[[str], bool] = lambda label: False,
) -> tuple[dict[str, list[dict]], int]:
    """The datasets of a phone row chart (templates._rows) and its height: per group its name
    (wrapped across the width), then one bar per (value, key, label, drawn) below it, the label
    right of the bar's end (or at `label_at`), or on a line of its own under the bar where
    `under(label)`; `track`: each bar's full length, drawn light."""
    data: dict[str, list[dict]] = {k: [] for k in ("names", "tracks", "bars", "points", "labels")}
    line, bar = style.PHONE_ROW_LINE, style.PHONE_BAR
    y = 0.0
    for name, bars in groups:
        lines = wrap(name, PHONE_PLOT, style.PHONE_NAME_FONT)
        data["names"].append({"y": y, "lines": "\n".join(lines)})
        y += line * len(lines) + 2
        for value, key, label, drawn in bars:
            top, bottom, mid = y, y + bar, y + bar / 2
            if track is not None:
                data["tracks"].append({"x": 0, "x2": track, "y": top, "y2": bottom})
            if drawn:
                data["bars"].append({"x": 0, "x2": value, "y": top, "y2": bottom, "key": key})
            data["points"].append({"x": value, "y": mid, "key": key})
            if under(label):
                data["labels"].append({"x": 0, "y": bottom + line / 2, "text": label})
                y += line
            else:
                data["labels"].append({"x": label_at if label_at is not None else value, "y": mid, "text": label})
            y += bar + 8
        y += 8
    return data, math.ceil(y)


def _phone_axes(spec: dict, height: int, x_domain: list[float], ticks: list[float] | None = None) -> None:
    """A phone row chart's scales: y in px from the top ([0, height]), x over `x_domain`
    (with its tick values, if given)."""
    for layer in spec["layer"]:
        enc = layer["encoding"]
        if "y" in enc:
            enc["y"]["scale"]["domain"] = [0, height]
        if "x" in enc and "field" in enc["x"]:
            enc["x"]["scale"]["domain"] = x_domain
            if ticks is not None:
                enc["x"]["axis"]["values"] = ticks


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


def concept_worth_a_chart(rows: Sequence[ConceptRow]) -> bool:
    """Whether cities can be set side by side: two rows (cities, or plans of one city) with a
    figure at least. One city's figures alone are its indicator's chart, not a comparison."""
    return (
        sum(1 for r in rows if any(p is not None and p[1] is not None for p in (r.baseline, r.latest, r.target))) >= 2
    )


def concept_chart(rows: Sequence[ConceptRow], concept, lang: str, phone: bool = False) -> dict:
    """Cities side by side for one concept: each city's baseline, latest value and target.

    Wide: each bar's value written upright in its own column; phone: one row per city, one
    labelled bar per figure. Either way no label is drawn over another."""
    spec = template("concept", lang, phone)
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
    name = tr(getattr(concept, "name", concept), lang)
    summary = summaries.concept(name, cities, lang)
    floor = min([0.0, *(v["value"] for v in values)])
    if phone:
        groups = [
            (city, [(v["value"], v["kind"], v["label"], True) for v in values if v["city"] == city])
            for city in dict.fromkeys(v["city"] for v in values)
        ]
        data, height = _phone_rows(groups)
        domain = _room_domain(((v["value"], v["label"]) for v in values), PHONE_PLOT, style.PHONE_FONT, floor)
        _phone_axes(spec, height, domain)
        for layer in spec["layer"]:
            if "field" in layer["encoding"].get("x", {}):
                layer["encoding"]["x"]["title"] = unit_title(unit, lang)
        return _finish(spec, "concept", lang, data, name, summary, unit, height=height)
    spec["encoding"]["y"]["title"] = unit_title(unit, lang)
    # room above the tallest bar for its upright label
    plot = style.HEIGHT
    spec["encoding"]["y"]["scale"] = {
        "domain": _room_domain(((v["value"], v["label"]) for v in values), plot, style.FONT_SIZE, floor),
        "nice": False,
    }
    for v in values:
        v["city"] = "\n".join(wrap(v["city"], style.WIDTH / max(1, len(cities)) - 8, style.FONT_SIZE))
    return _finish(spec, "concept", lang, {"rows": values}, name, summary, unit)


# ----------------------------------------------------------------- reference series


def reference_worth_a_chart(series: ReferenceSeries) -> bool:
    """Whether a reference series has anything to compare: two values at least (two places, or
    two years). One figure alone would be a lone dot; the page gives it in its table instead."""
    return sum(1 for p in series.points if p.value is not None) >= 2


def reference_chart(
    series: ReferenceSeries, lang: str, highlight: Text | str | None = None, phone: bool = False
) -> dict:
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
        spec, shown = _reference_dots(series, pairs, own, lang, phone)
        spec["encoding"]["x"]["title"] = unit_title(unit, lang)  # values across, entities down
    else:
        spec, shown = _reference_lines(values, years, entities, own, lang, phone), entities
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
    return _finish(spec, "reference", lang, spec["datasets"], name, summary, unit)


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
    series: ReferenceSeries, pairs: Sequence[tuple[int, str]], own: str, lang: str, phone: bool
) -> tuple[dict, list[str]]:
    """One row per entity (sorted: largest first value on top, entities without any value last),
    each labelled once, right of its rightmost mark: its values in the legend's order."""
    by_entity: dict[str, dict[tuple[int, str], float | None]] = {}
    for p in series.points:
        by_entity.setdefault(tr(p.entity, lang), {})[(p.year, p.kind)] = p.value

    def key(item: tuple[str, dict]) -> tuple:
        vals = [item[1].get(pr) for pr in pairs]
        known = [v for v in vals if v is not None]
        return (not known, *[-(v if v is not None else float("-inf")) for v in vals])

    ordered = sorted(by_entity.items(), key=key)
    size = style.PHONE_FONT if phone else style.FONT_SIZE
    name_px = 110 if phone else 160
    names = {e: "\n".join(wrap(e, name_px, size)) for e, _ in ordered}
    order = {names[e]: i for i, (e, _) in enumerate(ordered)}
    data: dict[str, list[dict]] = {name: [] for name in ("own", "rules", "marks", "high", "unreported")}
    for e, vals in ordered:
        n = names[e]
        known = [(pr, v) for pr in pairs if (v := vals.get(pr)) is not None]
        if not known:
            data["unreported"].append(
                {"entity": n, "order": order[n], "value": 0, "label": t("chart.not-reported", lang)}
            )
            continue
        for pr, v in known:
            data["marks"].append({"entity": n, "order": order[n], "value": v, "kind": _pair_label(*pr, lang)})
        lo = min(v for _, v in known)
        hi = max(v for _, v in known)
        label = " / ".join(figure(v) for _, v in known)
        data["high"].append({"entity": n, "order": order[n], "value": hi, "label": label})
        if lo != hi:
            data["rules"].append({"entity": n, "order": order[n], "value": lo, "value2": hi})
    if own and own in names:
        data["own"] = [{"entity": names[own], "order": order[names[own]], "value": 0}]
    spec = template("reference-dots", lang, phone)
    domain = [_pair_label(y, k, lang) for y, k in pairs]
    for layer in spec["layer"]:
        for channel, range_ in (("color", style.PAIR_COLOURS), ("shape", style.PAIR_SHAPES)):
            if channel in layer["encoding"]:
                _domain(layer["encoding"][channel], domain, range_[: len(domain)])
    widest = max((text_px(line, size) for n in names.values() for line in n.split("\n")), default=0)
    plot = (PHONE_PLOT - widest - 10) if phone else style.DOTS_WIDTH
    floor = min([0.0, *(r["value"] for r in data["marks"])])
    x = spec["encoding"]["x"]
    x["scale"]["domain"] = _room_domain(((r["value"], r["label"]) for r in data["high"]), plot, size, floor)
    lines = max((n.count("\n") + 1 for n in names.values()), default=1)
    spec.update(datasets=data, height=max(40, max(24, 15 * lines + 8) * len(ordered)))
    return spec, [e for e, _ in ordered]


def _reference_lines(
    values: list[dict], years: list[int], entities: list[str], own: str, lang: str, phone: bool
) -> dict:
    """Lines over years per entity, each named at its end, the names moved apart so that none
    is drawn over another. More entities than colours: the highlighted one in blue, the
    others grey (so no two lines share a colour by accident)."""
    if len(entities) > len(style.PALETTE):  # colour by role (constant labels)
        spec = template("reference-roles", lang, phone)
        roles = [t("chart.own-city", lang), t("chart.peers", lang)]
        values = [{**v, "role": roles[0] if v["entity"] == own else roles[1]} for v in values]
    else:
        spec = template("reference-lines", lang, phone)
    kinds = [(t("chart.kind.observed", lang), "circle"), (t("chart.kind.target", lang), "diamond")]
    shown = [(k, shape) for k, shape in kinds if any(v["kind"] == k for v in values)] or kinds[:1]
    points = next(layer for layer in spec["layer"] if "shape" in layer["encoding"])
    _domain(points["encoding"]["shape"], [k for k, _ in shown], [shape for _, shape in shown])
    if len(shown) == 1:  # one kind of point: a legend of one entry would say nothing
        points["encoding"]["shape"]["legend"] = None
    observed = [v for v in values if v["kind"] == kinds[0][0]]
    last: dict[str, dict] = {}
    for v in sorted(observed, key=lambda v: v["year"]):
        last[v["entity"]] = v  # each line is named at its end, so colour is not the only key
    floor = min([0.0, *(v["value"] for v in values)])
    top = _nice(max([0.0, *(v["value"] for v in values)]))
    spec["encoding"]["y"]["scale"]["domain"] = [floor, top]
    size = style.PHONE_FONT if phone else style.FONT_SIZE
    gap = (size + 2) * (top - floor) / spec["height"]  # one line of text, in the axis's units
    ends = _spread(sorted(last.values(), key=lambda v: v["value"]), gap, floor, top)
    _years(spec["encoding"]["x"], years, style.PHONE_YEAR_TICKS if phone else 0)
    spec["datasets"] = {"observed": observed, "points": values, "ends": ends}
    return spec


def _spread(ends: list[dict], gap: float, floor: float, top: float) -> list[dict]:
    """`ends` (sorted by value) each with a ``label_value``: its value, moved up or down as
    little as needed so that two labels are at least `gap` apart and all stay in [floor, top]."""
    placed: list[float] = []
    for e in ends:
        placed.append(max(e["value"], placed[-1] + gap) if placed else e["value"])
    over = (placed[-1] - top) if placed else 0
    if over > 0:  # pushed past the top: move the run down, keeping the gaps
        placed[-1] -= over
        for i in range(len(placed) - 2, -1, -1):
            placed[i] = min(placed[i], placed[i + 1] - gap)
    return [{**e, "label_value": max(y, floor)} for e, y in zip(ends, placed)]


# ----------------------------------------------------------------- tasks


def task_status_chart(
    counts: Mapping[str, Mapping[str, int]], lang: str, title: str | None = None, phone: bool = False
) -> dict:
    """Task statuses per group (plan or department): one labelled bar per status.

    `counts` maps a group label (plain text) to {task status value → number of tasks};
    statuses: completed, in-progress, not-started, delayed, no-report (no report yet).
    """
    spec = template("task-status", lang, phone)
    statuses = [s for s in style.TASK_STATUSES if any(c.get(s) for c in counts.values())] or style.TASK_STATUSES
    domain = [t(f"chart.task.{s}", lang) for s in statuses]
    values: list[dict[str, Any]] = []
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
    summary = summaries.task_status(counts, statuses, lang)
    title = title or t("chart.status", lang)
    if phone:
        groups = [
            (group, [(v["count"], v["status"], v["label"], True) for v in values if v["group"] == group])
            for group in counts
        ]
        data, height = _phone_rows([g for g in groups if g[1]])
        del data["points"]  # the bars say it all: no marker at their ends
        for layer in spec["layer"]:
            if "color" in layer["encoding"]:
                _domain(layer["encoding"]["color"], domain, [style.TASK_STATUS_COLOUR[s] for s in statuses])
        top = _room_domain(((v["count"], v["label"]) for v in values), PHONE_PLOT, style.PHONE_FONT)
        _phone_axes(spec, height, top)
        for layer in spec["layer"]:
            if "field" in layer["encoding"].get("x", {}):
                layer["encoding"]["x"]["axis"]["format"] = "d"
                layer["encoding"]["x"]["axis"]["tickMinStep"] = 1
        return _finish(spec, "task-status", lang, data, title, summary, height=height)
    bars = spec["layer"][0]["encoding"]["color"]
    _domain(bars, domain, [style.TASK_STATUS_COLOUR[s] for s in statuses])
    offset = spec["encoding"]["yOffset"]
    offset["sort"] = offset["scale"]["domain"] = domain
    names = {g: "\n".join(wrap(g, 200, style.FONT_SIZE)) for g in counts}
    for v in values:
        v["group"] = names[v["group"]]
    lines = max((n.count("\n") + 1 for n in names.values()), default=1)
    per_group = {g: sum(1 for v in values if v["group"] == names[g]) for g in counts}
    height = sum(max(16 * per_group[g], 14 * lines + 6) for g in counts)
    return _finish(spec, "task-status", lang, {"rows": values}, title, summary, height=max(60, height))
