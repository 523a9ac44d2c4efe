"""A source line inside the chart image ("来源：《…》  ·  <portal>"), so a copied chart keeps its origin.

Text marks (one a line) added as the last layers of a layered chart spec, under the year axis
and the legend (Vega places the legend from the axes, so the footer is put below where the
legend's rows end); the image grows to hold it. The text is data
(a document's or web page's title): it goes in as a literal string value, never a Vega
expression or signal, and is wrapped into lines in Python (generator.charts.wrap), never cut.
"""

from __future__ import annotations

import copy

from . import style
from .wrap import wrap

# Below the year axis (labels and title) and the legend under it (Vega places the legend from the
# axes, not from the marks): one legend row on the wide chart, two on the phone's (px).
_GAP, _PHONE_GAP = 78, 104
# The phone chart is fitted to its width (autosize fit-x), its plot starting right of the
# value axis: a footer wider than the plot would narrow the plot, so it wraps this much shorter.
_PHONE_AXIS = 80


def with_footer(spec: dict, text: str) -> dict:
    """A copy of the layered chart ``spec`` with ``text`` as its footer (wrapped to the chart's width)."""
    out = copy.deepcopy(spec)
    phone = out.get("width") == style.PHONE_WIDTH
    size = style.PHONE_FONT if phone else style.FONT_SIZE
    lines = wrap(text, out["width"] - (_PHONE_AXIS if phone else 0), size)
    top = out["height"] + (_PHONE_GAP if phone else _GAP)
    out["layer"] += [
        {
            "data": {"values": [{}]},
            "mark": {"type": "text", "align": "left", "baseline": "top", "fontSize": size, "color": "#555555"},
            "encoding": {"x": {"value": 0}, "y": {"value": top + i * (size + 4)}, "text": {"value": line}},
        }
        for i, line in enumerate(lines)
    ]
    (out.get("usermeta") or {})["footer"] = text
    return out
