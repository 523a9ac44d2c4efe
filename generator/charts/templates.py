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


def _configured(chart: alt.LayerChart) -> alt.LayerChart:
    return (
        chart.configure(font=style.FONT)
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=11, titleFontSize=12, grid=True, gridColor="#e6e6e6")
        .configure_legend(orient="bottom", labelFontSize=11, titleFontSize=11)
        .configure_title(anchor="start", fontSize=14, subtitleFontSize=12)
    )


def _year(lang: str) -> alt.X:
    """Whole years; the fill sets the ticks and the domain (``axis.values``, ``scale.domain``)."""
    return alt.X(
        "year:Q", title=t("chart.year", lang), axis=alt.Axis(format="d"), scale=alt.Scale(nice=False, zero=False)
    )


def indicator(lang: str) -> alt.LayerChart:
    """Reported values over time, the baseline, the target (a point or a band) and the path needed."""
    series = [t(f"chart.series.{k}", lang) for k in ("observed", "baseline", "target", "path")]
    colour = alt.Color("series:N", title=None, scale=alt.Scale(domain=series, range=[BLUE, BLACK, VERMILLION, GREY]))
    shape = alt.Shape(
        "series:N", title=None, scale=alt.Scale(domain=series, range=["circle", "square", "diamond", "stroke"])
    )
    base = alt.Chart()
    return _configured(
        alt.layer(
            base.mark_line(color=GREY, strokeDash=[6, 4]).encode(color=colour).properties(data=alt.NamedData("path")),
            base.mark_point(filled=True, size=90)
            .encode(color=colour, shape=shape)
            .properties(data=alt.NamedData("baseline")),
            base.mark_rect(clip=True, opacity=0.35)
            .encode(color=colour, x2=alt.X2("year2"), y2=alt.Y2("value2"))
            .properties(data=alt.NamedData("target_band")),
            # the target's marker: ▲ at least, ▼ at most, ◆ otherwise (a field, drawn as given)
            base.mark_point(filled=True, size=120)
            .encode(color=colour, shape=alt.Shape("shape:N", scale=None))
            .properties(data=alt.NamedData("target_point")),
            base.mark_line(point=alt.OverlayMarkDef(filled=True, size=60))
            .encode(color=colour)
            .properties(data=alt.NamedData("observed")),
            base.mark_point(opacity=0).properties(data=alt.NamedData("frame")),  # nothing else to draw: the axes alone
        )
        .encode(
            x=_year(lang),
            y=alt.Y("value:Q", title=t("chart.value", lang), scale=alt.Scale(zero=False)),
        )
        .properties(width=style.WIDTH, height=style.HEIGHT)
    )


def plan_overview(lang: str) -> alt.LayerChart:
    """One bar per indicator: the share of the way from baseline to target, coloured and shaped by status."""
    domain = [t(f"status.{s}", lang) for s in style.STATUSES]
    title = t("chart.status", lang)
    colour = alt.Color("status:N", title=title, scale=alt.Scale(domain=domain, range=style.STATUS_COLOURS))
    shape = alt.Shape("status:N", title=title, scale=alt.Scale(domain=domain, range=style.STATUS_SHAPES))
    base = alt.Chart()
    return _configured(
        alt.layer(
            base.mark_bar(height=12, opacity=0.8).encode(color=colour),
            base.mark_point(filled=True, size=80).encode(color=colour, shape=shape),
            base.mark_text(align="left", color=BLACK, dx=8, fontSize=10).encode(text=alt.Text("label:N")),
            data=alt.NamedData("rows"),
        )
        .encode(
            x=alt.X(
                "progress:Q", title=t("chart.progress", lang), scale=alt.Scale(domainMin=0, domainMax=100, clamp=True)
            ),
            y=alt.Y("indicator:N", title=None, sort=None, axis=alt.Axis(labelLimit=260)),
        )
        .properties(width=style.OVERVIEW_WIDTH, height=40)
    )


def concept(lang: str) -> alt.LayerChart:
    """Cities side by side for one concept: each city's baseline, latest value and target."""
    kinds = [t(f"chart.kind.{k}", lang) for k in ("baseline", "latest", "target")]
    colour = alt.Color("kind:N", title=None, scale=alt.Scale(domain=kinds, range=[BLACK, BLUE, VERMILLION]))
    shape = alt.Shape("kind:N", title=None, scale=alt.Scale(domain=kinds, range=["square", "circle", "diamond"]))
    base = alt.Chart()
    return _configured(
        alt.layer(
            base.mark_bar(opacity=0.75).encode(color=colour),
            base.mark_point(filled=True, size=70).encode(color=colour, shape=shape),
            base.mark_text(color=BLACK, dy=-12, fontSize=9).encode(text=alt.Text("label:N")),
            data=alt.NamedData("rows"),
        )
        .encode(
            x=alt.X("city:N", title=None, sort=None, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("kind:N", sort=kinds, scale=alt.Scale(domain=kinds)),
            y=alt.Y("value:Q", title=t("chart.value", lang)),
        )
        .properties(width=style.WIDTH, height=style.HEIGHT)
    )


def reference_dots(lang: str) -> alt.LayerChart:
    """A reference series with few (year, kind) pairs: one row per entity, each pair a labelled mark.

    The fill sets the pairs (the colour and shape domains, e.g. "2020年报告值", "2025年目标值").
    """
    entity = alt.Y(
        "entity:N",
        title=None,
        sort=alt.EncodingSortField(field="order", op="min"),
        axis=alt.Axis(labelLimit=160, grid=False),
    )
    colour = alt.Color("kind:N", title=None, scale=alt.Scale(domain=["-"], range=[BLUE]))
    shape = alt.Shape("kind:N", title=None, scale=alt.Scale(domain=["-"], range=["circle"]))
    label = alt.Text("label:N")
    base = alt.Chart()
    return _configured(
        alt.layer(
            # the quoting plan's own city: a band across its row
            base.mark_bar(color=YELLOW, height=alt.RelativeBandSize(band=1), opacity=0.35)
            .encode(x=alt.value(0), x2=alt.value(style.DOTS_WIDTH))
            .properties(data=alt.NamedData("own")),
            base.mark_rule(color=GREY, strokeWidth=2)
            .encode(x2=alt.X2("value2"))
            .properties(data=alt.NamedData("rules")),
            base.mark_point(filled=True, opacity=1, size=90)
            .encode(color=colour, shape=shape)
            .properties(data=alt.NamedData("marks")),
            base.mark_text(align="right", color=BLACK, dx=-8, fontSize=10)
            .encode(text=label)
            .properties(data=alt.NamedData("low")),
            base.mark_text(align="left", color=BLACK, dx=8, fontSize=10)
            .encode(text=label)
            .properties(data=alt.NamedData("high")),
            base.mark_text(align="left", color="#5b5f66", dx=2, fontSize=10, fontStyle="italic")
            .encode(text=label)
            .properties(data=alt.NamedData("unreported")),
        )
        .encode(
            x=alt.X("value:Q", title=t("chart.value", lang), scale=alt.Scale(nice=True, zero=True)),
            y=entity,
        )
        .properties(width=style.DOTS_WIDTH, height=40)
    )


def _reference_lines(lang: str, colour: alt.Color) -> alt.LayerChart:
    kinds = [t("chart.kind.observed", lang), t("chart.kind.target", lang)]
    shape = alt.Shape("kind:N", title=t("chart.kind", lang), scale=alt.Scale(domain=kinds, range=["circle", "diamond"]))
    base = alt.Chart()
    return _configured(
        alt.layer(
            base.mark_line()
            .encode(color=colour, detail=alt.Detail("entity:N"))
            .properties(data=alt.NamedData("observed")),
            base.mark_point(filled=True, size=50)
            .encode(color=colour, shape=shape)
            .properties(data=alt.NamedData("points")),
            # each line named at its end, so colour is never the only key
            base.mark_text(align="left", dx=6, fontSize=10)
            .encode(color=colour, text=alt.Text("entity:N"))
            .properties(data=alt.NamedData("ends")),
        )
        .encode(
            x=_year(lang),
            y=alt.Y("value:Q", title=t("chart.value", lang)),
        )
        .properties(width=style.LINES_WIDTH, height=style.LINES_HEIGHT)
    )


def reference_lines(lang: str) -> alt.LayerChart:
    """A reference series over many years: one line per entity, each in a colour of its own."""
    return _reference_lines(
        lang, alt.Color("entity:N", title=t("chart.entity", lang), scale=alt.Scale(range=style.PALETTE))
    )


def reference_roles(lang: str) -> alt.LayerChart:
    """As `reference_lines`, with more entities than colours: the plan's own city blue, the others grey."""
    roles = [t("chart.own-city", lang), t("chart.peers", lang)]
    return _reference_lines(lang, alt.Color("role:N", title=None, scale=alt.Scale(domain=roles, range=[BLUE, GREY])))


def task_status(lang: str) -> alt.LayerChart:
    """Task statuses per group (plan or department): one labelled bar per status that occurs.

    The fill lists those statuses (colour domain and range, the bars' order within a group).
    """
    statuses = [t(f"chart.task.{s}", lang) for s in style.TASK_STATUSES]
    colours = [style.TASK_STATUS_COLOUR[s] for s in style.TASK_STATUSES]
    offset = alt.YOffset("status:N", sort=statuses, scale=alt.Scale(domain=statuses))
    base = alt.Chart()
    return _configured(
        alt.layer(
            base.mark_bar().encode(
                color=alt.Color(
                    "status:N", title=t("chart.status", lang), scale=alt.Scale(domain=statuses, range=colours)
                )
            ),
            base.mark_text(align="left", color=BLACK, dx=4, fontSize=10).encode(text=alt.Text("label:N")),
            data=alt.NamedData("rows"),
        )
        .encode(
            x=alt.X("count:Q", title=t("chart.tasks", lang), axis=alt.Axis(format="d", tickMinStep=1)),
            y=alt.Y("group:N", title=None, sort=None, axis=alt.Axis(labelLimit=220)),
            yOffset=offset,
        )
        .properties(width=style.TASKS_WIDTH, height=60)
    )


KINDS: dict[str, Callable[[str], alt.LayerChart]] = {
    "indicator": indicator,
    "plan-overview": plan_overview,
    "concept": concept,
    "reference-dots": reference_dots,
    "reference-lines": reference_lines,
    "reference-roles": reference_roles,
    "task-status": task_status,
}


def compiled() -> dict[Path, str]:
    """Every template as the JSON text of its file (validated by Altair against the Vega-Lite schema)."""
    alt.theme.enable("none")  # no theme defaults: what a template says is all there is
    out = {}
    for kind, build in KINDS.items():
        for lang in LANGS:
            spec = build(lang).to_dict(validate=True)
            out[TEMPLATE_DIR / f"{kind}.{lang}.json"] = (
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
