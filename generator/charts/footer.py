"""A source line inside the chart image ("来源：《…》  ·  <portal>"), so a copied chart keeps its origin.

One text mark added as the last layer of a layered chart spec, under the year axis and its
title (the legend goes below it: Vega places legends after every mark). The text is data
(a document's or web page's title): it goes in as a literal string value, never a Vega
expression or signal, and is wrapped into lines in Python (generator.charts.wrap), never cut.
"""

from __future__ import annotations

import copy

from . import style
from .wrap import wrap

# below the year axis's labels and its title: tick, labels and title with their padding (px)
_GAP, _PHONE_GAP = 40, 44


def with_footer(spec: dict, text: str) -> dict:
    """A copy of the layered chart ``spec`` with ``text`` as its footer (wrapped to the chart's width)."""
    out = copy.deepcopy(spec)
    phone = out.get("width") == style.PHONE_WIDTH
    size = style.PHONE_FONT if phone else style.FONT_SIZE
    lines = wrap(text, out["width"], size)
    out["layer"].append(
        {
            "data": {"values": [{}]},
            "mark": {
                "type": "text",
                "align": "left",
                "baseline": "top",
                "fontSize": size,
                "lineHeight": size + 4,
                "color": "#555555",
            },
            "encoding": {
                "x": {"value": 0},
                "y": {"value": out["height"] + (_PHONE_GAP if phone else _GAP)},
                "text": {"value": lines if len(lines) > 1 else lines[0]},
            },
        }
    )
    (out.get("usermeta") or {})["footer"] = text
    return out
