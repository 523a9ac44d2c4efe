"""Charts: Vega-Lite specs filled from templates authored in Altair, rendered to cached SVG.

* `templates` — each chart kind authored once per language in Altair and compiled into
  ``templates/*.json`` by ``make charts`` (never imported by the build);
* `specs` — one chart per call: a template filled with its datasets, title and summary;
  every kind in two drawings of the same fill: wide, and ``phone=True`` for a 328–358 px
  column (a 340 px SVG with text of 12 px and more, wrapped names, fewer ticks), which the
  page shows on phones through ``<picture>`` (`phone_name`: ``chart.svg`` → ``chart-phone.svg``);
* `wrap` — long labels wrapped into lines in Python (no chart label is cut with "…");
* `summaries` — the one-sentence summary of each chart (words from the catalogue);
* `svg` — vl-convert and `slim_svg`; `render` — the SVG cache and process pool;
* `fonts` — a small measuring font cut from Noto Sans CJK SC (text measured 3–5× faster).
* `footer` — the source line inside a chart image; `png` — PNG copies, cached like the SVGs.

Colours are Okabe–Ito (colour-blind safe) and status is also shown by point shape and by
words, never by colour alone.
"""

from .fonts import measuring_font
from .footer import with_footer
from .render import render_many, render_svg, spec_key
from .specs import (
    ConceptRow,
    chart_summary,
    concept_chart,
    concept_rows,
    concept_worth_a_chart,
    indicator_chart,
    phone_name,
    plan_overview_chart,
    reference_chart,
    reference_worth_a_chart,
    task_status_chart,
    worth_a_chart,
)
from .style import BLUE, FONT, GREY, PALETTE
from .svg import check_no_external_references, slim_svg, use_measuring_font

__all__ = [
    "BLUE",
    "FONT",
    "GREY",
    "PALETTE",
    "ConceptRow",
    "chart_summary",
    "check_no_external_references",
    "concept_chart",
    "concept_rows",
    "concept_worth_a_chart",
    "indicator_chart",
    "measuring_font",
    "phone_name",
    "plan_overview_chart",
    "reference_chart",
    "reference_worth_a_chart",
    "render_many",
    "render_svg",
    "slim_svg",
    "spec_key",
    "task_status_chart",
    "use_measuring_font",
    "with_footer",
    "worth_a_chart",
]
