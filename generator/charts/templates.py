"""The chart kinds, authored in Altair: one template per kind and language.

Authoring only: `python -m generator charts` (``make charts``) compiles every template here
into ``generator/charts/templates/<kind>.<lang>.json`` (validated against Altair's Vega-Lite
schema) and ``--check`` fails when a committed copy is stale. The build never imports this
module or Altair: `generator.charts.specs` loads the JSON and fills one chart in per call.

What a template leaves to the fill (and nothing else):
* the data, as named datasets (``alt.NamedData``): a layer whose dataset is empty draws
  nothing, so one template covers every variant of a kind (no baseline, a target band or a
  point, …) and the explicit colour and shape domains keep its legend the same;
* the title, a size that follows the number of rows, an axis title with the unit, the year
  ticks, and the colour/shape domains that list only what a chart shows;
* ``usermeta`` (kind, language, summary).

Safety rule: field names, marks, scales and every other part of a template are constants
here; no ``calculate``/``filter`` expression, ``expr``, ``param`` or condition is written, so text
from data files can only ever be a data value or a title.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import altair as alt

from ..i18n import LANGS, t
from . import style
from .style import BLACK, BLUE, GREY, VERMILLION, YELLOW

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"


def _configured(chart: alt.LayerChart, phone: bool = False) -> alt.LayerChart:
    """The look of every chart; `phone`: larger text, and the whole SVG fits PHONE_WIDTH across.

    ``lineBreak``: the fill wraps long labels and titles into lines (``\\n``), never cuts them; so
    no axis label has a length limit (``labelLimit=0``). A limit would also have every label
    measured once more, to see whether it needs cutting: a sixth of a chart's drawing time."""
    label, title = (style.PHONE_FONT, style.PHONE_TITLE_FONT) if phone else (style.FONT_SIZE, 14)
    chart = (
        chart.configure(font=style.FONT, lineBreak="\n")
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=label, titleFontSize=label + 1, grid=True, gridColor="#e6e6e6", labelLimit=0)
        .configure_legend(orient="bottom", labelFontSize=label, titleFontSize=label, labelLimit=0)
        .configure_title(anchor="start", fontSize=title, subtitleFontSize=label + 1)
    )
    if phone:
        chart = chart.configure_legend(
            orient="bottom", labelFontSize=label, titleFontSize=label, labelLimit=0, columns=2, symbolSize=80
        ).properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    return chart


def _sized(chart: alt.LayerChart, width: int, height: int, phone: bool) -> alt.LayerChart:
    return chart.properties(width=style.PHONE_WIDTH if phone else width, height=height)


def _year(lang: str) -> alt.X:
    """Whole years; the fill sets the ticks and the domain (``axis.values``, ``scale.domain``)."""
    return alt.X(
        "year:Q", title=t("chart.year", lang), axis=alt.Axis(format="d"), scale=alt.Scale(nice=False, zero=False)
    )


# The indicator chart's series (catalogue keys), in legend order: a value from a plan document, the
# baseline, the target, the path, and a value from a web page (last: the fill drops it from the
# legend of a chart that has none).
INDICATOR_SERIES = (
    "chart.series.observed",
    "chart.series.baseline",
    "chart.series.target",
    "chart.series.path",
    "data.chart.observed-web",
)
# A ring (an SVG path in the symbol's unit square: the inner circle runs the other way, so it is a hole),
# drawn filled: the same ring on the chart and in its legend, which a hollow point would not give.
RING = "M-1,0A1,1,0,1,0,1,0A1,1,0,1,0,-1,0ZM-0.55,0A0.55,0.55,0,1,1,0.55,0A0.55,0.55,0,1,1,-0.55,0Z"


def indicator(lang: str, phone: bool = False) -> alt.LayerChart:
    """Reported values over time, the baseline, the target (a point or a band) and the path needed.

    The reported line runs through the baseline (dataset ``line``: the reported values and the
    baseline, when no value is reported for the baseline year), so the chart never shows two
    values for one year; its discs are the reported values from plan documents (``observed``), its
    rings those from web pages (``observed_web``)."""
    series = [t(key, lang) for key in INDICATOR_SERIES]
    colour = alt.Color(
        "series:N", title=None, scale=alt.Scale(domain=series, range=[BLUE, BLACK, VERMILLION, GREY, BLUE])
    )
    shape = alt.Shape(
        "series:N",
        title=None,
        scale=alt.Scale(domain=series, range=["circle", "square", "diamond", "stroke", RING]),
    )
    base = alt.Chart()
    return _configured(
        _sized(
            alt.layer(
                base.mark_line(color=GREY, strokeDash=[6, 4])
                .encode(color=colour)
                .properties(data=alt.NamedData("path")),
                base.mark_line(color=BLUE).encode(color=colour).properties(data=alt.NamedData("line")),
                base.mark_point(filled=True, size=90, opacity=1)
                .encode(color=colour, shape=shape)
                .properties(data=alt.NamedData("baseline")),
                base.mark_rect(clip=True, opacity=0.35)
                .encode(color=colour, x2=alt.X2("year2"), y2=alt.Y2("value2"))
                .properties(data=alt.NamedData("target_band")),
                # the target's marker: ▲ at least, ▼ at most, ◆ otherwise (a field, drawn as given)
                base.mark_point(filled=True, size=120, opacity=1)
                .encode(color=colour, shape=alt.Shape("shape:N", scale=None))
                .properties(data=alt.NamedData("target_point")),
                base.mark_point(filled=True, size=60, opacity=1)
                .encode(color=colour, shape=shape)
                .properties(data=alt.NamedData("observed")),
                # a value from a web page (official site, press, copy): a ring, not a disc (never colour alone)
                base.mark_point(filled=True, size=70, opacity=1)
                .encode(color=colour, shape=shape)
                .properties(data=alt.NamedData("observed_web")),
                base.mark_point(opacity=0).properties(data=alt.NamedData("frame")),  # nothing to draw: the axes alone
            ).encode(
                x=_year(lang),
                y=alt.Y("value:Q", title=t("chart.value", lang), scale=alt.Scale(zero=False)),
            ),
            style.WIDTH,
            style.HEIGHT - 20 if phone else style.HEIGHT,
            phone,
        ),
        phone,
    )


def _rows(x_title: str, colour: alt.Color, shape: alt.Shape | None) -> alt.LayerChart:
    """A phone chart of rows placed by the fill (``y`` in px from the top, ``y2`` a bar's bottom):
    each row's name in lines across the whole width, then its bars, each labelled at its end.

    Datasets: ``names`` (y, lines), ``tracks`` (x, x2, y, y2: a bar's full length, light),
    ``bars`` (x, x2, y, y2, key), ``points`` (x, y, key), ``labels`` (x, y, text). The fill sets
    the height, the y domain ([0, height]) and the x domain (room for the labels)."""
    base = alt.Chart()
    y = alt.Y("y:Q", axis=None, scale=alt.Scale(reverse=True, nice=False, zero=False))
    x = alt.X("x:Q", title=x_title, scale=alt.Scale(nice=False, zero=True), axis=alt.Axis(tickCount=4, grid=False))
    layers = [
        base.mark_text(align="left", baseline="top", color=BLACK, fontSize=style.PHONE_NAME_FONT, lineHeight=17)
        .encode(x=alt.value(0), y=y, text=alt.Text("lines:N"))
        .properties(data=alt.NamedData("names")),
        base.mark_rect(color="#eeeeee")
        .encode(x=x, x2=alt.X2("x2"), y=y, y2=alt.Y2("y2"))
        .properties(data=alt.NamedData("tracks")),
        base.mark_rect(opacity=0.85)
        .encode(x=x, x2="x2", y=y, y2="y2", color=colour)
        .properties(data=alt.NamedData("bars")),
    ]
    if shape is not None:
        layers.append(
            base.mark_point(filled=True, size=80, opacity=1)
            .encode(x=x, y=y, color=colour, shape=shape)
            .properties(data=alt.NamedData("points"))
        )
    layers.append(
        base.mark_text(align="left", baseline="middle", color=BLACK, dx=7, fontSize=style.PHONE_FONT)
        .encode(x=x, y=y, text=alt.Text("text:N"))
        .properties(data=alt.NamedData("labels"))
    )
    return alt.LayerChart(layer=layers).properties(width=style.PHONE_WIDTH, height=100)


def plan_overview(lang: str, phone: bool = False) -> alt.LayerChart:
    """One bar per indicator: the share of the way from baseline to target, coloured and shaped by status.

    Wide: the names on the axis (wrapped by the fill). Phone: rows (`_rows`), each name above its bar."""
    domain = [t(f"status.{s}", lang) for s in style.STATUSES]
    title = t("chart.status", lang)
    colour = alt.Color("status:N", title=title, scale=alt.Scale(domain=domain, range=style.STATUS_COLOURS))
    shape = alt.Shape("status:N", title=title, scale=alt.Scale(domain=domain, range=style.STATUS_SHAPES))
    if phone:
        key_colour = alt.Color("key:N", title=title, scale=alt.Scale(domain=domain, range=style.STATUS_COLOURS))
        key_shape = alt.Shape("key:N", title=title, scale=alt.Scale(domain=domain, range=style.STATUS_SHAPES))
        return _configured(_rows(t("chart.progress", lang), key_colour, key_shape), phone)
    base = alt.Chart()
    return _configured(
        alt.layer(
            base.mark_bar(height=12, opacity=0.8).encode(color=colour),
            base.mark_point(filled=True, size=80).encode(color=colour, shape=shape),
            base.mark_text(align="left", color=BLACK, dx=8, fontSize=style.FONT_SIZE).encode(text=alt.Text("label:N")),
            data=alt.NamedData("rows"),
        )
        .encode(
            x=alt.X(
                "progress:Q", title=t("chart.progress", lang), scale=alt.Scale(domainMin=0, domainMax=100, clamp=True)
            ),
            y=alt.Y("indicator:N", title=None, sort=None, axis=alt.Axis(labelLimit=0)),
        )
        .properties(width=style.OVERVIEW_WIDTH, height=40)
    )


def concept(lang: str, phone: bool = False) -> alt.LayerChart:
    """Cities side by side for one concept: each city's baseline, latest value and target.

    Wide: a group of bars per city, each labelled by the fill in its own row below the axis of
    cities (no label over another). Phone: rows (`_rows`), one bar per figure, labelled at its end."""
    kinds = [t(f"chart.kind.{k}", lang) for k in ("baseline", "latest", "target")]
    if phone:
        colour = alt.Color("key:N", title=None, scale=alt.Scale(domain=kinds, range=[BLACK, BLUE, VERMILLION]))
        shape = alt.Shape("key:N", title=None, scale=alt.Scale(domain=kinds, range=["square", "circle", "diamond"]))
        return _configured(_rows(t("chart.value", lang), colour, shape), phone)
    colour = alt.Color("kind:N", title=None, scale=alt.Scale(domain=kinds, range=[BLACK, BLUE, VERMILLION]))
    shape = alt.Shape("kind:N", title=None, scale=alt.Scale(domain=kinds, range=["square", "circle", "diamond"]))
    base = alt.Chart()
    return _configured(
        alt.layer(
            base.mark_bar(opacity=0.75).encode(color=colour),
            base.mark_point(filled=True, size=70).encode(color=colour, shape=shape),
            # each bar's value, turned upright inside the bar's own column: never over its neighbour
            base.mark_text(
                align="left", baseline="middle", angle=270, color=BLACK, dy=0, dx=6, fontSize=style.FONT_SIZE
            ).encode(text=alt.Text("label:N")),
            data=alt.NamedData("rows"),
        )
        .encode(
            x=alt.X("city:N", title=None, sort=None, axis=alt.Axis(labelAngle=0, labelLimit=0)),
            xOffset=alt.XOffset("kind:N", sort=kinds, scale=alt.Scale(domain=kinds)),
            y=alt.Y("value:Q", title=t("chart.value", lang)),
        )
        .properties(width=style.WIDTH, height=style.HEIGHT)
    )


def reference_dots(lang: str, phone: bool = False) -> alt.LayerChart:
    """A reference series with few (year, kind) pairs: one row per entity, each pair a mark.

    The fill sets the pairs (the colour and shape domains, e.g. "2020年报告值", "2025年目标值"),
    the x domain (room for the labels) and one label per entity, right of its rightmost mark
    (its values in the legend's order), so no label runs into the names or another label.
    """
    entity = alt.Y(
        "entity:N",
        title=None,
        sort=alt.EncodingSortField(field="order", op="min"),
        axis=alt.Axis(labelLimit=0, grid=False),
    )
    colour = alt.Color("kind:N", title=None, scale=alt.Scale(domain=["-"], range=[BLUE]))
    shape = alt.Shape("kind:N", title=None, scale=alt.Scale(domain=["-"], range=["circle"]))
    label = alt.Text("label:N")
    size = style.PHONE_FONT if phone else style.FONT_SIZE
    base = alt.Chart()
    return _configured(
        _sized(
            alt.layer(
                # the quoting plan's own city: a band across its row
                base.mark_bar(color=YELLOW, height=alt.RelativeBandSize(band=1), opacity=0.35)
                .encode(x=alt.value(0), x2=alt.value("width"))
                .properties(data=alt.NamedData("own")),
                base.mark_rule(color=GREY, strokeWidth=2)
                .encode(x2=alt.X2("value2"))
                .properties(data=alt.NamedData("rules")),
                base.mark_point(filled=True, opacity=1, size=90)
                .encode(color=colour, shape=shape)
                .properties(data=alt.NamedData("marks")),
                base.mark_text(align="left", color=BLACK, dx=9, fontSize=size)
                .encode(text=label)
                .properties(data=alt.NamedData("high")),
                base.mark_text(align="left", color="#5b5f66", dx=2, fontSize=size, fontStyle="italic")
                .encode(text=label)
                .properties(data=alt.NamedData("unreported")),
            ).encode(
                x=alt.X("value:Q", title=t("chart.value", lang), scale=alt.Scale(nice=False, zero=True)),
                y=entity,
            ),
            style.DOTS_WIDTH,
            40,
            phone,
        ),
        phone,
    )


def _reference_lines(lang: str, colour: alt.Color, phone: bool) -> alt.LayerChart:
    kinds = [t("chart.kind.observed", lang), t("chart.kind.target", lang)]
    shape = alt.Shape("kind:N", title=t("chart.kind", lang), scale=alt.Scale(domain=kinds, range=["circle", "diamond"]))
    base = alt.Chart()
    return _configured(
        _sized(
            alt.layer(
                base.mark_line()
                .encode(color=colour, detail=alt.Detail("entity:N"))
                .properties(data=alt.NamedData("observed")),
                base.mark_point(filled=True, size=50)
                .encode(color=colour, shape=shape)
                .properties(data=alt.NamedData("points")),
                # each line named at its end, so colour is never the only key; the fill moves
                # the names apart (``label_value``) so that none is drawn over another
                base.mark_text(
                    align="left", baseline="middle", dx=6, fontSize=style.PHONE_FONT if phone else style.FONT_SIZE
                )
                .encode(
                    color=colour,
                    text=alt.Text("entity:N"),
                    y=alt.Y("label_value:Q"),
                )
                .properties(data=alt.NamedData("ends")),
            ).encode(
                x=_year(lang),
                y=alt.Y("value:Q", title=t("chart.value", lang), scale=alt.Scale(nice=False, zero=True)),
            ),
            style.LINES_WIDTH,
            style.LINES_HEIGHT,
            phone,
        ),
        phone,
    )


def reference_lines(lang: str, phone: bool = False) -> alt.LayerChart:
    """A reference series over many years: one line per entity, each in a colour of its own."""
    return _reference_lines(
        lang, alt.Color("entity:N", title=t("chart.entity", lang), scale=alt.Scale(range=style.PALETTE)), phone
    )


def reference_roles(lang: str, phone: bool = False) -> alt.LayerChart:
    """As `reference_lines`, with more entities than colours: the plan's own city blue, the others grey."""
    roles = [t("chart.own-city", lang), t("chart.peers", lang)]
    return _reference_lines(
        lang, alt.Color("role:N", title=None, scale=alt.Scale(domain=roles, range=[BLUE, GREY])), phone
    )


def task_status(lang: str, phone: bool = False) -> alt.LayerChart:
    """Task statuses per group (plan or department): one labelled bar per status that occurs.

    The fill lists those statuses (colour domain and range, the bars' order within a group).
    Phone: rows (`_rows`), each group's name above its bars."""
    statuses = [t(f"chart.task.{s}", lang) for s in style.TASK_STATUSES]
    colours = [style.TASK_STATUS_COLOUR[s] for s in style.TASK_STATUSES]
    if phone:
        colour = alt.Color("key:N", title=t("chart.status", lang), scale=alt.Scale(domain=statuses, range=colours))
        return _configured(_rows(t("chart.tasks", lang), colour, None), phone)
    offset = alt.YOffset("status:N", sort=statuses, scale=alt.Scale(domain=statuses))
    base = alt.Chart()
    return _configured(
        alt.layer(
            base.mark_bar().encode(
                color=alt.Color(
                    "status:N", title=t("chart.status", lang), scale=alt.Scale(domain=statuses, range=colours)
                )
            ),
            base.mark_text(align="left", color=BLACK, dx=4, fontSize=style.FONT_SIZE).encode(text=alt.Text("label:N")),
            data=alt.NamedData("rows"),
        )
        .encode(
            x=alt.X("count:Q", title=t("chart.tasks", lang), axis=alt.Axis(format="d", tickMinStep=1)),
            y=alt.Y("group:N", title=None, sort=None, axis=alt.Axis(labelLimit=0)),
            yOffset=offset,
        )
        .properties(width=style.TASKS_WIDTH, height=60)
    )


KINDS: dict[str, Callable[..., alt.LayerChart]] = {
    "indicator": indicator,
    "plan-overview": plan_overview,
    "concept": concept,
    "reference-dots": reference_dots,
    "reference-lines": reference_lines,
    "reference-roles": reference_roles,
    "task-status": task_status,
}


def template_name(kind: str, lang: str, phone: bool = False) -> str:
    """The file of a template: ``indicator.zh.json``, its phone variant ``indicator-phone.zh.json``."""
    return f"{kind}{'-phone' if phone else ''}.{lang}.json"


def compiled() -> dict[Path, str]:
    """Every template as the JSON text of its file (validated by Altair against the Vega-Lite schema)."""
    alt.theme.enable("none")  # no theme defaults: what a template says is all there is
    out = {}
    for kind, build in KINDS.items():
        for lang in LANGS:
            for phone in (False, True):
                spec = build(lang, phone=phone).to_dict(validate=True)
                out[TEMPLATE_DIR / template_name(kind, lang, phone)] = (
                    json.dumps(spec, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
                )
    return out


def write_all(check: bool = False) -> list[str]:
    """Write the template files; with `check`, write nothing and return the stale ones (paths from the repo root)."""
    from .. import paths

    files = compiled()
    stale = []
    for path, text in files.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(path.relative_to(paths.ROOT).as_posix())
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    for extra in sorted(TEMPLATE_DIR.glob("*.json")):
        if extra not in files:
            stale.append(extra.relative_to(paths.ROOT).as_posix())
            if not check:
                extra.unlink()
    return stale
