"""Charts: pure Vega-Lite spec builders (plain dicts) and a cached, parallel SVG renderer.

Safety rule: text from data files is untrusted. It only ever goes into inline
``data.values`` or into plain title strings; field names, filters, sorts and every other
part of a spec are constants of this module. No ``calculate``/``filter`` expression, ``expr``
or signal is ever built here.

Each spec carries its one-sentence text summary (used as figcaption and alt text) in
``usermeta.summary``; read it with `chart_summary(spec, lang)`.

Colours are Okabe–Ito (colour-blind safe) and status is also shown by point shape and
by words, never by colour alone.
"""

from __future__ import annotations

import decimal
import functools
import hashlib
import json
import os
import re
import xml.etree.ElementTree as ET
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from .models import Indicator, ObservationRow, ReferenceSeries, TargetKind, Text
from .i18n.numbers import derived as fmt_derived, figure as fmt
from .status import Assessment, Status, progress, status_label

FONT_DIR = Path("/usr/share/fonts/opentype/noto")
FONT = "Noto Sans CJK SC"  # the family the SVG text asks for; readers' systems fall back
WIDTH, HEIGHT = 560, 260
SCHEMA_URL = "https://vega.github.io/schema/vega-lite/v6.4.1.json"  # the schema the specs are checked against

# Okabe–Ito
BLACK, ORANGE, SKY, GREEN, YELLOW, BLUE, VERMILLION, PURPLE, GREY = (
    "#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999",
)
PALETTE = [BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, YELLOW, BLACK]

STATUS_STYLE = {  # colour, shape
    Status.achieved: (GREEN, "diamond"),
    Status.on_track: (BLUE, "circle"),
    Status.off_track: (VERMILLION, "triangle-down"),
    Status.no_data: (GREY, "square"),
    Status.not_assessable: (PURPLE, "cross"),
}

TASK_STATUS_ORDER = ["completed", "in-progress", "not-started", "delayed", "no-report"]
TASK_STATUS_COLOUR = {"completed": GREEN, "in-progress": BLUE, "not-started": GREY, "delayed": VERMILLION, "no-report": PURPLE}

LABELS = {
    "year": {"zh": "年份", "en": "Year"},
    "value": {"zh": "数值", "en": "Value"},
    "observed": {"zh": "报告值", "en": "Reported"},
    "baseline": {"zh": "基期值", "en": "Baseline"},
    "latest": {"zh": "最新值", "en": "Latest"},
    "target": {"zh": "目标", "en": "Target"},
    "target-range": {"zh": "目标区间", "en": "Target range"},
    "path": {"zh": "达标所需路径", "en": "Path needed"},
    "progress": {"zh": "从基期到目标的进度（%）", "en": "Progress from baseline to target (%)"},
    "status": {"zh": "状态", "en": "Status"},
    "city": {"zh": "城市", "en": "City"},
    "entity": {"zh": "对象", "en": "Entity"},
    "count": {"zh": "任务数", "en": "Tasks"},
    "group": {"zh": "分组", "en": "Group"},
    "kind": {"zh": "类别", "en": "Kind"},
    "target-point": {"zh": "目标值", "en": "Target"},
    "completed": {"zh": "已完成", "en": "Completed"},
    "in-progress": {"zh": "进行中", "en": "In progress"},
    "not-started": {"zh": "未开始", "en": "Not started"},
    "delayed": {"zh": "已延误", "en": "Delayed"},
    "no-report": {"zh": "尚无进展报告", "en": "No report yet"},
    "not-reported-short": {"zh": "未报告", "en": "not reported"},
    "own-city": {"zh": "本规划所在城市", "en": "This plan's city"},
    "peers": {"zh": "其他", "en": "Others"},
}


def label(key: str, lang: str) -> str:
    return LABELS[key][lang]


def _tr(text: Text | str | None, lang: str) -> str:
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    if isinstance(text, Mapping):
        text = Text(**text)
    return (text.zh if lang == "zh" else text.en) or text.zh or text.en or ""


def _config() -> dict:
    return {
        "font": FONT,
        "view": {"stroke": None},
        "axis": {"labelFontSize": 11, "titleFontSize": 12, "grid": True, "gridColor": "#e6e6e6"},
        "legend": {"orient": "bottom", "labelFontSize": 11, "titleFontSize": 11},
        "title": {"anchor": "start", "fontSize": 14, "subtitleFontSize": 12},
    }


def _mark(kind: str, **props: Any) -> dict:
    """A mark definition, keys in the order Altair wrote them (type first, then sorted)."""
    return {"type": kind, **dict(sorted(props.items()))}


def _channel(field: str | None = None, kind: str | None = None, **props: Any) -> dict:
    """An encoding channel (``field`` and ``type`` as in "field:N"), keys sorted like Altair's."""
    out = dict(props)
    if field is not None:
        out["field"] = field
    if kind is not None:
        out["type"] = kind
    return {k: (dict(sorted(v.items())) if isinstance(v, dict) else v) for k, v in sorted(out.items())}


def _layer(mark: dict, encoding: Mapping[str, dict], values: list[dict] | None = None) -> dict:
    """One layer; its own inline data when `values` is given (copied, so layers never share rows)."""
    layer = {"data": {"values": [dict(v) for v in values]}} if values is not None else {}
    return {**layer, "mark": mark, "encoding": {k: _copy(v) for k, v in sorted(encoding.items())}}


def _copy(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _copy(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_copy(v) for v in node]
    return node


def _finish(layers: list[dict], *, width: int, height: int, kind: str, lang: str, title: str, subtitle: str, summary: str,
            values: list[dict] | None = None) -> dict:
    """The top-level spec: layers (with `values` as data they all share), size, title, config and summary."""
    if values is None and len(layers) == 1 and "data" in layers[0]:
        values = layers[0].pop("data")["values"]  # as Altair hoists a lone layer's data
    spec: dict[str, Any] = {"config": _config(), "layer": layers}
    if values is not None:
        spec["data"] = {"values": [dict(v) for v in values]}
    heading = {"text": title}
    if subtitle:
        heading["subtitle"] = [subtitle]
    spec.update({"height": height, "title": heading, "usermeta": {"kind": kind, "lang": lang, "summary": summary}, "width": width})
    spec["$schema"] = SCHEMA_URL
    return spec


def _unit_title(key: str, unit: str, lang: str) -> str:
    return f"{label(key, lang)}（{unit}）" if unit and lang == "zh" else (f"{label(key, lang)} ({unit})" if unit else label(key, lang))


# ----------------------------------------------------------------- indicator


def indicator_chart(indicator: Indicator, observations: Sequence[ObservationRow], assessment: Assessment | None, lang: str) -> dict:
    """Reported values over time, the baseline, the target (point or band) and the path needed.

    Built as a plain dict (the same spec Altair produced, checked by the golden specs): one
    chart per indicator page and language is the bulk of all charts, and Altair's copies
    and validation cost ~35-50 ms per chart against well under 1 ms here.
    """
    unit = _tr(indicator.unit, lang)
    rows = [{"year": o.year, "value": o.value, "series": label("observed", lang)} for o in sorted(observations, key=lambda o: o.year) if o.indicator == indicator.id]
    series_domain = [label("observed", lang), label("baseline", lang), label("target", lang), label("path", lang)]
    layers = []
    path = list(assessment.path) if assessment is not None else []
    b, t = indicator.baseline, indicator.target
    years = [r["year"] for r in rows] + [yr for yr, _ in path] + [t.year] + ([b.year] if b is not None else [])

    def encoding(*, colour: bool = True, shape: bool = False, **extra) -> dict:
        enc = {"x": _year_axis_dict(lang, years),
               "y": {"field": "value", "scale": {"zero": False}, "title": _unit_title("value", unit, lang), "type": "quantitative"}}
        if colour:
            enc["color"] = {"field": "series", "scale": {"domain": list(series_domain), "range": [BLUE, BLACK, VERMILLION, GREY]},
                            "title": None, "type": "nominal"}
        if shape:
            enc["shape"] = {"field": "series", "scale": {"domain": list(series_domain), "range": ["circle", "square", "diamond", "stroke"]},
                            "title": None, "type": "nominal"}
        return {**enc, **extra}

    def layer(values: list[dict], mark: dict, enc: dict) -> dict:
        return {"data": {"values": [dict(v) for v in values]}, "mark": mark, "encoding": enc}

    if path:
        layers.append(layer([{"year": yr, "value": v, "series": label("path", lang)} for yr, v in path],
                            {"type": "line", "color": GREY, "strokeDash": [6, 4]}, encoding()))

    if b is not None and b.value is not None:
        layers.append(layer([{"year": b.year, "value": b.value, "series": label("baseline", lang)}],
                            {"type": "point", "filled": True, "size": 90}, encoding(shape=True)))

    if t.kind is TargetKind.range and t.min is not None and t.max is not None:
        band = [{"year": t.year - 0.3, "year2": t.year + 0.3, "value": t.min, "value2": t.max, "series": label("target", lang)}]
        layers.append(layer(band, {"type": "rect", "clip": True, "opacity": 0.35},
                            encoding(x2={"field": "year2"}, y2={"field": "value2"})))
    else:
        value = t.value if t.kind is not TargetKind.growth_rate else (assessment.threshold if assessment else None)
        if value is not None and t.kind is not TargetKind.qualitative:
            mark_shape = {"at-least": "triangle-up", "at-most": "triangle-down"}.get(t.kind.value, "diamond")
            layers.append(layer([{"year": t.year, "value": value, "series": label("target", lang)}],
                                {"type": "point", "filled": True, "shape": mark_shape, "size": 120}, encoding()))

    if rows:
        layers.append(layer(rows, {"type": "line", "point": {"filled": True, "size": 60}}, encoding()))
    if not layers:  # nothing to draw but the frame
        layers.append(layer([{"year": t.year, "value": 0, "series": label("target", lang)}],
                            {"type": "point", "opacity": 0}, encoding(colour=False)))

    status = assessment.status if assessment is not None else None
    subtitle = f"{label('status', lang)}{'：' if lang == 'zh' else ': '}{status_label(status, lang)}" if status else ""
    title = {"text": _tr(indicator.name, lang)}
    if subtitle:
        title["subtitle"] = [subtitle]
    top = {"data": layers[0].pop("data")} if len(layers) == 1 else {}  # as Altair hoists a lone layer's data
    return {
        "config": _config(),
        **top,
        "layer": layers,
        "height": HEIGHT,
        "title": title,
        "usermeta": {"kind": "indicator", "lang": lang, "summary": indicator_summary(indicator, rows, assessment, lang)},
        "width": WIDTH,
        "$schema": SCHEMA_URL,
    }


def _year_axis_dict(lang: str, years: Iterable[int] = ()) -> dict:
    """A year axis (a fresh dict each time); ticks exactly at the given whole years (else every whole year)."""
    ticks = sorted({int(y) for y in years})
    if not ticks:
        return {"axis": {"format": "d", "tickMinStep": 1}, "field": "year", "scale": {"nice": False, "zero": False},
                "title": label("year", lang), "type": "quantitative"}
    first, last = ticks[0], ticks[-1]
    if first == last:  # one year: give it room on both sides
        first, last = first - 1, last + 1
    return {"axis": {"format": "d", "values": list(range(first, last + 1))}, "field": "year",
            "scale": {"domain": [first, last], "nice": False, "zero": False}, "title": label("year", lang), "type": "quantitative"}


def indicator_summary(indicator: Indicator, rows: list[dict], assessment: Assessment | None, lang: str) -> str:
    name, unit = _tr(indicator.name, lang), _tr(indicator.unit, lang)
    zh = lang == "zh"
    u = unit if zh else (f" {unit}" if unit else "")
    parts = []
    b = indicator.baseline
    if b is not None:
        bv = fmt(b.value) + u if b.value is not None else ("未报告" if zh else "not reported")
        parts.append(f"基期{b.year}年{bv}" if zh else f"baseline {bv} in {b.year}")
    if rows:
        last = rows[-1]
        parts.append(f"最新{last['year']}年{fmt(last['value'])}{u}" if zh else f"latest {fmt(last['value'])}{u} in {last['year']}")
    else:
        parts.append("基期之后尚无报告数值" if zh else "no value reported after the baseline")
    parts.append(_target_words(indicator, lang))
    if assessment is not None:
        parts.append(("状态：" if zh else "status: ") + status_label(assessment.status, lang))
    return (f"{name}：" + "，".join(parts) + "。") if zh else (f"{name}: " + "; ".join(parts) + ".")


def _target_words(ind: Indicator, lang: str) -> str:
    t, u = ind.target, _tr(ind.unit, lang)
    zh = lang == "zh"
    us = u if zh else (f" {u}" if u else "")
    if t.kind is TargetKind.qualitative:
        return f"{t.year}年为定性目标" if zh else f"a qualitative target for {t.year}"
    if t.kind is TargetKind.range:
        return f"目标{t.year}年{fmt(t.min)}至{fmt(t.max)}{us}" if zh else f"target {fmt(t.min)}–{fmt(t.max)}{us} by {t.year}"
    if t.kind is TargetKind.growth_rate:
        return f"目标年均增长{fmt(t.rate)}%（至{t.year}年）" if zh else f"target growth of {fmt(t.rate)}% a year to {t.year}"
    word = {"exact": ("", ""), "at-least": ("不低于", "at least "), "at-most": ("不高于", "at most ")}[t.kind.value]
    return f"目标{t.year}年{word[0]}{fmt(t.value)}{us}" if zh else f"target {word[1]}{fmt(t.value)}{us} by {t.year}"


# ----------------------------------------------------------------- plan overview


def plan_overview_chart(indicators_with_assessments: Iterable[tuple[Indicator, Assessment | None]], lang: str, title: str | None = None) -> dict:
    """One bar per indicator: the share of the way from baseline to target, coloured and shaped by status."""
    rows = []
    for ind, a in indicators_with_assessments:
        share = progress(a) if a is not None else None
        status = a.status if a is not None else Status.not_assessable
        rows.append({
            "indicator": _tr(ind.name, lang),
            "progress": share * 100 if share is not None else 0,
            "progress_known": share is not None,
            "status": status_label(status, lang),
            "label": (f"{fmt_derived(share * 100)}% · " if share is not None else "") + status_label(status, lang),
        })
    domain = [status_label(s, lang) for s in STATUS_STYLE]
    colour = _channel("status", "nominal", title=label("status", lang), scale={"domain": domain, "range": [c for c, _ in STATUS_STYLE.values()]})
    shape = _channel("status", "nominal", title=label("status", lang), scale={"domain": domain, "range": [s for _, s in STATUS_STYLE.values()]})
    y = _channel("indicator", "nominal", title=None, sort=None, axis={"labelLimit": 260})
    x = _channel("progress", "quantitative", title=label("progress", lang), scale={"domainMin": 0, "domainMax": 100, "clamp": True})
    layers = [
        _layer(_mark("bar", opacity=0.8, height=12), {"x": x, "y": y, "color": colour}),
        _layer(_mark("point", filled=True, size=80), {"x": x, "y": y, "color": colour, "shape": shape}),
        _layer(_mark("text", align="left", dx=8, fontSize=10, color=BLACK), {"x": x, "y": y, "text": _channel("label", "nominal")}),
    ]
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    sep = "，" if lang == "zh" else ", "
    listing = sep.join(f"{k} {v}" for k, v in counts.items())
    summary = (f"{len(rows)}项指标从基期到目标的进度：{listing}。" if lang == "zh"
               else f"Progress from baseline to target of {len(rows)} indicators: {listing}.")
    return _finish(layers, values=rows, width=WIDTH - 220, height=max(40, 24 * len(rows)), kind="plan-overview", lang=lang,
                   title=title or label("progress", lang), subtitle="", summary=summary)


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
            t = ind.target
            tv = t.value if t.kind in (TargetKind.exact, TargetKind.at_least, TargetKind.at_most) else (a.threshold if a and t.kind is not TargetKind.qualitative else None)
            out.append(ConceptRow(
                city=city.city.name,
                baseline=(ind.baseline.year, ind.baseline.value) if ind.baseline else None,
                latest=tuple(a.latest) if a is not None and a.latest is not None else None,
                target=(t.year, tv),
                status=a.status if a is not None else None,
            ))
    return out


def concept_chart(rows: Sequence[ConceptRow], concept, lang: str) -> dict:
    """Cities side by side for one concept: each city's baseline, latest value and target."""
    kinds = [label("baseline", lang), label("latest", lang), label("target-point", lang)]
    values, missing = [], []
    for r in rows:
        city = _tr(r.city, lang)
        for key, point in (("baseline", r.baseline), ("latest", r.latest), ("target-point", r.target)):
            if point is None or point[1] is None:
                if key != "latest":
                    missing.append(f"{city} {label(key, lang)}")
                continue
            values.append({"city": city, "kind": label(key, lang), "year": point[0], "value": point[1],
                           "label": f"{fmt(point[1])} ({point[0]})"})
    unit = _tr(getattr(concept, "unit", None), lang)
    colour = _channel("kind", "nominal", title=None, scale={"domain": kinds, "range": [BLACK, BLUE, VERMILLION]})
    shape = _channel("kind", "nominal", title=None, scale={"domain": kinds, "range": ["square", "circle", "diamond"]})
    x = _channel("city", "nominal", title=None, sort=None, axis={"labelAngle": 0})
    x_offset = _channel("kind", "nominal", sort=kinds, scale={"domain": kinds})
    y = _channel("value", "quantitative", title=_unit_title("value", unit, lang))
    layers = [
        _layer(_mark("bar", opacity=0.75), {"x": x, "xOffset": x_offset, "y": y, "color": colour}),
        _layer(_mark("point", filled=True, size=70), {"x": x, "xOffset": x_offset, "y": y, "color": colour, "shape": shape}),
        _layer(_mark("text", dy=-12, fontSize=9, color=BLACK), {"x": x, "xOffset": x_offset, "y": y, "text": _channel("label", "nominal")}),
    ]
    name = _tr(getattr(concept, "name", concept), lang)
    zh = lang == "zh"
    sep = "；" if zh else "; "
    parts = []
    for r in rows:
        city = _tr(r.city, lang)
        bits = [f"{label(k, lang)} {fmt(p[1])}（{p[0]}）" if zh else f"{label(k, lang).lower()} {fmt(p[1])} ({p[0]})"
                for k, p in (("baseline", r.baseline), ("latest", r.latest), ("target-point", r.target)) if p is not None and p[1] is not None]
        parts.append(f"{city}：" + "，".join(bits) if zh else f"{city}: " + ", ".join(bits))
    summary = (f"{name}，{len(rows)}个城市对比：" if zh else f"{name} in {len(rows)} cities: ") + sep.join(parts) + ("。" if zh else ".")
    return _finish(layers, values=values, width=WIDTH, height=HEIGHT, kind="concept", lang=lang, title=name, subtitle=unit,
                   summary=summary)


# ----------------------------------------------------------------- reference series


def _n(n: int, one: str, many: str) -> str:
    """'1 value' / '2 values' (English only; Chinese has no plural)."""
    return f"{n} {one if n == 1 else many}"


DOT_KINDS_MAX = 3  # a series with targets and at most this many (year, kind) pairs is a dot plot (2 without targets)


def reference_chart(series: ReferenceSeries, lang: str, highlight: Text | str | None = None) -> dict:
    """A reference series. Few years (e.g. a 2020 base and a 2025 target per city): a dot plot,
    one row per entity sorted by value, each (year, kind) a mark of its own colour and shape,
    labelled. Many years: lines per entity. `highlight` (the quoting plan's city) is marked."""
    unit = _tr(series.unit, lang)
    points = [p for p in series.points if p.value is not None]
    missing = [p for p in series.points if p.value is None]
    values = [{"entity": _tr(p.entity, lang), "year": p.year, "value": p.value,
               "kind": label("target-point" if p.kind == "target" else "observed", lang)} for p in points]
    entities = list(dict.fromkeys(v["entity"] for v in values))
    years = sorted({v["year"] for v in values})
    own = _own_entity(_tr(highlight, lang) if highlight is not None else "",
                      [_tr(p.entity, lang) for p in series.points])
    pairs = sorted({(p.year, p.kind) for p in series.points})
    zh = lang == "zh"
    if len(pairs) <= 2 or (len(pairs) <= DOT_KINDS_MAX and any(k == "target" for _, k in pairs)):
        layers, shown = _reference_dots(series, pairs, own, unit, lang)
        width, height = WIDTH - 170, max(40, 24 * len(shown))
    else:
        layers, shown = _reference_lines(values, years, entities, own, unit, lang), entities
        width, height = WIDTH - 60, HEIGHT + 80
    name = _tr(series.name, lang)
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "")
    summary = (f"{name}：{len(shown)}个对象，{span}年，共{len(points)}个数值" if zh
               else f"{name}: {_n(len(shown), 'entity', 'entities')}, {span}, {_n(len(points), 'value', 'values')}")
    if missing:
        summary += (f"，{len(missing)}个数值原文未报告" if zh
                    else f"; {_n(len(missing), 'value', 'values')} not reported in the source")
    if own and own in shown:
        summary += (f"；突出显示：{own}" if zh else f"; highlighted: {own}")
    summary += "。" if zh else "."
    return _finish(layers, width=width, height=height, kind="reference", lang=lang, title=name, subtitle=unit, summary=summary)


def _own_entity(city: str, names: list[str]) -> str:
    """The entity that is the highlighted city: the same name, or it without 市 (郑州市 → 郑州)."""
    if not city:
        return ""
    for name in names:
        if name == city or (name and city == name + "市"):
            return name
    return ""


def _pair_label(year: int, kind: str, lang: str) -> str:
    word = label("target-point" if kind == "target" else "observed", lang)
    return f"{year}年{word}" if lang == "zh" else f"{word} {year}"


def _reference_dots(series: ReferenceSeries, pairs: list[tuple[int, str]], own: str, unit: str,
                    lang: str) -> tuple[list[dict], list[str]]:
    """One row per entity (sorted: largest first value on top, entities without any value last)."""
    by_entity: dict[str, dict[tuple[int, str], float | None]] = {}
    for p in series.points:
        by_entity.setdefault(_tr(p.entity, lang), {})[(p.year, p.kind)] = p.value

    def key(item: tuple[str, dict]) -> tuple:
        vals = [item[1].get(pr) for pr in pairs]
        known = [v for v in vals if v is not None]
        return (not known, *[-(v if v is not None else float("-inf")) for v in vals])

    ordered = sorted(by_entity.items(), key=key)
    order = {e: i for i, (e, _) in enumerate(ordered)}
    domain = [_pair_label(y, k, lang) for y, k in pairs]
    colours = [BLUE, VERMILLION, GREEN][: len(domain)]
    shapes = ["circle", "diamond", "square"][: len(domain)]
    marks, low, high, rules, empty = [], [], [], [], []
    for e, vals in ordered:
        known = [(pr, v) for pr, v in vals.items() if v is not None and pr in pairs]
        if not known:
            empty.append({"entity": e, "order": order[e], "value": 0, "label": label("not-reported-short", lang)})
            continue
        for pr, v in known:
            marks.append({"entity": e, "order": order[e], "value": v, "kind": _pair_label(*pr, lang)})
        lo = min(known, key=lambda kv: kv[1])
        hi = max(known, key=lambda kv: kv[1])
        if lo[1] == hi[1]:
            high.append({"entity": e, "order": order[e], "value": hi[1],
                         "label": " / ".join(fmt(v) for _, v in known) if len(known) > 1 else fmt(hi[1])})
        else:
            low.append({"entity": e, "order": order[e], "value": lo[1], "label": fmt(lo[1])})
            high.append({"entity": e, "order": order[e], "value": hi[1], "label": fmt(hi[1])})
            rules.append({"entity": e, "order": order[e], "value": lo[1], "value2": hi[1]})
    y = _channel("entity", "nominal", title=None, sort={"field": "order", "op": "min"}, axis={"labelLimit": 160, "grid": False})
    x = _channel("value", "quantitative", title=_unit_title("value", unit, lang), scale={"zero": True, "nice": True})
    colour = _channel("kind", "nominal", title=None, scale={"domain": domain, "range": colours})
    shape = _channel("kind", "nominal", title=None, scale={"domain": domain, "range": shapes})
    text = _channel("label", "nominal")
    layers = []
    if own and own in order:
        band = [{"entity": own, "order": order[own], "value": 0}]
        layers.append(_layer(_mark("bar", color=YELLOW, opacity=0.35, height={"band": 1}),
                             {"y": y, "x": {"value": 0}, "x2": {"value": WIDTH - 170}}, band))
    if rules:
        layers.append(_layer(_mark("rule", color=GREY, strokeWidth=2), {"y": y, "x": x, "x2": {"field": "value2"}}, rules))
    layers.append(_layer(_mark("point", filled=True, size=90, opacity=1), {"y": y, "x": x, "color": colour, "shape": shape}, marks))
    if low:
        layers.append(_layer(_mark("text", align="right", dx=-8, fontSize=10, color=BLACK), {"y": y, "x": x, "text": text}, low))
    if high:
        layers.append(_layer(_mark("text", align="left", dx=8, fontSize=10, color=BLACK), {"y": y, "x": x, "text": text}, high))
    if empty:
        layers.append(_layer(_mark("text", align="left", dx=2, fontSize=10, color="#5b5f66", fontStyle="italic"),
                             {"y": y, "x": x, "text": text}, empty))
    return layers, [e for e, _ in ordered]


def _reference_lines(values: list[dict], years: list[int], entities: list[str], own: str, unit: str,
                     lang: str) -> list[dict]:
    """Lines over years per entity, each named at its end. More entities than colours: the
    highlighted one in blue, the others grey (so no two lines share a colour by accident)."""
    if len(entities) > len(PALETTE):  # colour by role (constant labels), each line still named at its end
        roles = [label("own-city", lang), label("peers", lang)]
        values = [{**v, "role": roles[0] if v["entity"] == own else roles[1]} for v in values]
        colour = _channel("role", "nominal", title=None, scale={"domain": roles, "range": [BLUE, GREY]})
    else:
        colour = _channel("entity", "nominal", title=label("entity", lang), scale={"range": list(PALETTE)})
    y_value = _channel("value", "quantitative", title=_unit_title("value", unit, lang))
    kinds = [label("observed", lang), label("target-point", lang)]
    observed_rows = [v for v in values if v["kind"] == kinds[0]]
    shapes = [sh for k, sh in zip(kinds, ["circle", "diamond"]) if any(v["kind"] == k for v in values)] or ["circle"]
    kinds = [k for k in kinds if any(v["kind"] == k for v in values)] or kinds[:1]
    last: dict[str, dict] = {}
    for v in sorted(observed_rows, key=lambda v: v["year"]):
        last[v["entity"]] = v  # each line is named at its end, so colour is not the only key
    x = _year_axis_dict(lang, years)
    entity = _channel("entity", "nominal")
    shape = _channel("kind", "nominal", title=label("kind", lang), scale={"domain": kinds, "range": shapes})
    return [
        _layer(_mark("line"), {"x": x, "y": y_value, "color": colour, "detail": entity}, observed_rows),
        _layer(_mark("point", filled=True, size=50), {"x": x, "y": y_value, "color": colour, "shape": shape}, values),
        _layer(_mark("text", align="left", dx=6, fontSize=10), {"x": x, "y": y_value, "text": entity, "color": colour}, list(last.values())),
    ]


# ----------------------------------------------------------------- tasks


def task_status_chart(counts: Mapping[str, Mapping[str, int]], lang: str, title: str | None = None) -> dict:
    """Task statuses per group (plan or department): one labelled bar per status.

    `counts` maps a group label (plain text) to {task status value → number of tasks};
    statuses: completed, in-progress, not-started, delayed, no-report (no report yet).
    """
    statuses = [s for s in TASK_STATUS_ORDER if any(c.get(s) for c in counts.values())] or TASK_STATUS_ORDER
    domain = [label(s, lang) for s in statuses]
    values = []
    for group, by_status in counts.items():
        for s in statuses:
            n = int(by_status.get(s, 0))
            if not n:
                continue
            values.append({"group": group, "status": label(s, lang), "count": n, "label": f"{label(s, lang)} {n}"})
    colour = _channel("status", "nominal", title=label("status", lang), scale={"domain": domain, "range": [TASK_STATUS_COLOUR[s] for s in statuses]})
    y = _channel("group", "nominal", title=None, sort=None, axis={"labelLimit": 220})
    y_offset = _channel("status", "nominal", sort=domain, scale={"domain": domain})
    x = _channel("count", "quantitative", title=label("count", lang), axis={"tickMinStep": 1, "format": "d"})
    layers = [
        _layer(_mark("bar"), {"x": x, "y": y, "yOffset": y_offset, "color": colour}),
        _layer(_mark("text", align="left", dx=4, fontSize=10, color=BLACK), {"x": x, "y": y, "yOffset": y_offset, "text": _channel("label", "nominal")}),
    ]
    zh = lang == "zh"
    parts = []
    for group, by_status in counts.items():
        total = sum(int(v) for v in by_status.values())
        bits = [f"{label(s, lang)} {int(by_status.get(s, 0))}" for s in statuses if by_status.get(s)]
        parts.append(f"{group}：共{total}项（" + "，".join(bits) + "）" if zh else f"{group}: {total} task{'s' if total != 1 else ''} (" + ", ".join(bits) + ")")
    summary = ("任务状态：" + "；".join(parts) + "。") if zh else ("Task status: " + "; ".join(parts) + ".")
    return _finish(layers, values=values, width=WIDTH - 200, height=max(60, 16 * len(values)), kind="task-status", lang=lang,
                   title=title or label("status", lang), subtitle="", summary=summary)


# ----------------------------------------------------------------- summaries


def chart_summary(spec: dict, lang: str | None = None) -> str:
    """The one-sentence text summary of a chart (figcaption and alt text), in the chart's language."""
    meta = spec.get("usermeta") or {}
    if lang is not None and meta.get("lang") not in (None, lang):
        raise ValueError(f"chart was built in {meta.get('lang')!r}, not {lang!r}")
    return str(meta.get("summary", ""))


# ----------------------------------------------------------------- rendering

# ----------------------------------------------------------------- SVG slimming
#
# vl-convert writes Vega's scenegraph: classes, ARIA roles and labels, pointer-events,
# empty background/foreground paths, default-valued attributes. The site shows every chart
# through <img> (with alt text, a caption and a data table), where none of that is used, so
# it is dropped; the picture stays the same (tests/test_charts.py compares rendered pixels).
# The SVG gets a <title> (the chart's summary) so it still has a name when opened on its own.
# The stdlib XML parser reads it and a small serializer escapes every text and attribute.

SLIM_VERSION = 1  # part of the cache key: bump whenever `slim_svg` changes its output
_SVG_NS = "{http://www.w3.org/2000/svg}"
_DROP_ATTRS = {"class", "role", "pointer-events", "version"}
# inherited presentation attributes and their initial values (an attribute equal to what it
# would inherit anyway changes nothing)
_INHERITED_INITIAL = {
    "fill": "#000", "stroke": "none", "stroke-width": "1", "stroke-miterlimit": "4", "stroke-opacity": "1",
    "fill-opacity": "1", "stroke-dasharray": "none", "stroke-linecap": "butt", "stroke-linejoin": "miter",
    "font-family": None, "font-size": None, "font-weight": "normal", "font-style": "normal", "text-anchor": "start",
}
_TRANSLATE = re.compile(r"translate\((-?[0-9.]+(?:e-?[0-9]+)?),(-?[0-9.]+(?:e-?[0-9]+)?)\)")


def _add(a: str, b: str) -> str:
    """a + b, exactly (decimal, not float), written without exponent or trailing zeros as Vega writes numbers."""
    total = decimal.Decimal(a) + decimal.Decimal(b)
    return format(total.normalize(), "f") if total else "0"


def _esc_text(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _esc_attr(s: str) -> str:
    return (_esc_text(s).replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;"))


def _local(tag: str) -> str:
    if not tag.startswith(_SVG_NS):
        raise ValueError(f"unexpected element {tag!r} in chart SVG")
    return tag[len(_SVG_NS):]


def slim_svg(svg: str, title: str = "") -> str:
    """`svg` (vl-convert's output) without what does not change the picture; `title` becomes its <title>."""
    if "<!" in svg or "<?" in svg:  # no DOCTYPE, entity, CDATA or processing instruction is expected
        raise ValueError("unexpected markup in chart SVG")
    root = ET.fromstring(svg)
    if _local(root.tag) != "svg":
        raise ValueError("not an SVG document")
    fonts = {el.get("font-family") for el in root.iter(f"{_SVG_NS}text")}
    if len(fonts) == 1 and None not in fonts and root.get("font-family") is None:
        root.set("font-family", fonts.pop())  # inherited by every text, which then drops its own
    parts: list[str] = []
    inherited = {k: v for k, v in _INHERITED_INITIAL.items() if v is not None}
    if title:
        root.set("role", "img")
    _write(root, inherited, parts, title=title, top=True)
    return "".join(parts)


def _invisible(el: ET.Element, name: str, eff: Mapping[str, str]) -> bool:
    if el.get("display") == "none" or el.get("opacity") == "0":  # hides the whole subtree
        return True
    if name == "path" and not el.get("d"):
        return True
    if name in ("path", "rect", "line") and eff.get("fill") == "none" and eff.get("stroke") == "none":
        return True  # neither filled nor stroked (Vega's background paths)
    return name == "g" and len(el) == 0


def _write(el: ET.Element, inherited: Mapping[str, str], out: list[str], *, title: str = "", top: bool = False,
           in_defs: bool = False) -> None:
    name = _local(el.tag)
    attrs = dict(el.attrib)
    for k in list(attrs):
        if "}" in k:
            raise ValueError(f"unexpected namespaced attribute {k!r} in chart SVG")
    in_defs = in_defs or name in ("defs", "clipPath")
    eff = dict(inherited)
    if not in_defs:  # inside a clipPath the geometry counts whatever its paint: keep everything
        for k in list(attrs):
            if k in _DROP_ATTRS and not (top and k == "role") or k.startswith("aria-"):
                del attrs[k]
        if attrs.get("opacity") == "1":
            del attrs["opacity"]
        if attrs.get("transform") == "translate(0,0)":
            del attrs["transform"]
        for k in _INHERITED_INITIAL:
            if k in attrs:
                if attrs[k] == inherited.get(k):
                    del attrs[k]
                else:
                    eff[k] = attrs[k]
        m = _TRANSLATE.fullmatch(attrs.get("transform", ""))
        # (a text's translate stays: as x/y, resvg places some glyphs a sub-pixel apart)
        if m and name == "line":
            del attrs["transform"]
            dx, dy = m[1], m[2]
            moved = {"x1": _add(attrs.pop("x1", "0"), dx), "y1": _add(attrs.pop("y1", "0"), dy),
                     "x2": _add(attrs.pop("x2", "0"), dx), "y2": _add(attrs.pop("y2", "0"), dy)}
            attrs = {**moved, **attrs}
        if name == "line":
            attrs = {k: v for k, v in attrs.items() if not (k in ("x1", "y1", "x2", "y2") and v == "0")}
    children = list(el)
    if not in_defs and not top:
        if _invisible(el, name, eff):
            return
        if name == "g" and not attrs and not (el.text or "").strip():
            # a group with no attributes is only a wrapper: write its children in its place
            kept: list[str] = []
            for child in children:
                _write(child, eff, kept, in_defs=in_defs)
            out.extend(kept)
            return
    body: list[str] = []
    if top and title:
        body.append(f"<title>{_esc_text(title)}</title>")
    if el.text:
        body.append(_esc_text(el.text))
    for child in children:
        _write(child, eff, body, in_defs=in_defs)
        if child.tail:
            body.append(_esc_text(child.tail))
    if name == "g" and not body and not top:
        return  # nothing left to draw in it
    head = "<" + name
    if top:
        head += ' xmlns="http://www.w3.org/2000/svg"'
    head += "".join(f' {k}="{_esc_attr(v)}"' for k, v in attrs.items())
    out.append(f"{head}>{''.join(body)}</{name}>" if body else f"{head}/>")


_fonts_registered = False
_SVG_NAMESPACES = ("http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink")


def _register_fonts() -> None:
    global _fonts_registered
    if not _fonts_registered:
        import vl_convert as vlc

        if FONT_DIR.is_dir():
            vlc.register_font_directory(str(FONT_DIR))
        _fonts_registered = True


def spec_key(spec: dict) -> str:
    """sha256 of the canonical JSON of the spec (and the renderer version)."""
    import vl_convert as vlc

    canonical = json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    tag = f"vl-convert {getattr(vlc, '__version__', '')} fonts:{FONT_DIR.is_dir()} slim:{SLIM_VERSION}\n"
    return hashlib.sha256((tag + canonical).encode("utf-8")).hexdigest()


def check_no_external_references(svg: str) -> None:
    """Raise ValueError if the SVG refers to anything outside itself (beyond its XML namespaces)."""
    rest = svg
    for ns in _SVG_NAMESPACES:
        rest = rest.replace(ns, "")
    if re.search(r"(?i)https?:|//[a-z0-9.-]+\.[a-z]{2,}/|url\((?!#)", rest):
        raise ValueError("SVG has an external reference")


def _convert(spec: dict) -> str:
    import vl_convert as vlc

    _register_fonts()
    svg = vlc.vegalite_to_svg(spec, allowed_base_urls=[])
    try:
        svg = slim_svg(svg, chart_summary(spec))
    except (ValueError, ET.ParseError):  # markup this module does not know: keep Vega's SVG whole
        pass
    check_no_external_references(svg)
    return svg


def render_svg(spec: dict, cache_dir: Path) -> str:
    """The chart as a self-contained SVG string, cached under `cache_dir` by spec hash."""
    cache_dir = Path(cache_dir)
    path = cache_dir / f"{spec_key(spec)}.svg"
    if path.exists():
        return path.read_text(encoding="utf-8")
    svg = _convert(spec)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(svg, encoding="utf-8")
    tmp.replace(path)  # atomic: parallel builds never see half a file
    return svg


def _render_one(args: tuple[dict, str]) -> str:
    spec, cache_dir = args
    return render_svg(spec, Path(cache_dir))


IN_PROCESS_MAX = 16  # charts to render; more than this go to the worker pool


def render_many(specs: Mapping[str, dict], cache_dir: Path, workers: int = 2) -> dict[str, str]:
    """Render many specs (name → spec) to SVG in parallel processes, using the cache."""
    cache_dir = Path(cache_dir)
    out: dict[str, str] = {}
    todo: list[str] = []
    for name, spec in specs.items():
        path = cache_dir / f"{spec_key(spec)}.svg"
        if path.exists():
            out[name] = path.read_text(encoding="utf-8")
        else:
            todo.append(name)
    # A pool costs CPU to start (each spawned worker imports the generator and vl-convert);
    # a warm rebuild with a few changed charts is faster in this process.
    if workers <= 1 or len(todo) <= IN_PROCESS_MAX:
        for name in todo:
            out[name] = render_svg(specs[name], cache_dir)
    else:
        jobs = [(specs[name], str(cache_dir)) for name in todo]
        chunk = max(1, len(jobs) // (workers * 4))
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
            for name, svg in zip(todo, pool.map(_render_one, jobs, chunksize=chunk)):
                out[name] = svg
    return {name: out[name] for name in specs}
