"""The one place pages ask generator.charts for Vega-Lite specs and summaries.

Chart specs are data (dicts); the build renders them to SVG files next to the page.
If the charts module is not available, pages still show the data table of every chart
(figures simply have no image), so the site never depends on it to be correct.
"""

from __future__ import annotations

from typing import Any, Callable

try:  # generator.charts is written by the status/charts helper
    from .. import charts as _charts
except ImportError:  # pragma: no cover - only while the module has not landed
    _charts = None


def spec(builder: str, *args: Any, **kwargs: Any) -> dict | None:
    """Call ``charts.<builder>(*args, **kwargs)``; None when charts are unavailable."""
    fn: Callable[..., dict] | None = getattr(_charts, builder, None) if _charts else None
    if fn is None:
        return None
    return fn(*args, **kwargs)


def summary(chart_spec: dict | None, lang: str, fallback: str) -> str:
    """The chart's text summary from charts.chart_summary, else our own fallback text."""
    fn = getattr(_charts, "chart_summary", None) if _charts else None
    if fn is None or chart_spec is None:
        return fallback
    try:
        return fn(chart_spec, lang)
    except TypeError:
        return fn(chart_spec)


def concept_spec(portal: Any, concept: Any, assessments: dict, lang: str) -> dict | None:
    """The cross-city chart of one concept (charts.concept_rows + charts.concept_chart)."""
    if not _charts or not hasattr(_charts, "concept_chart"):
        return None
    return _charts.concept_chart(_charts.concept_rows(portal, concept.id, assessments), concept, lang)
