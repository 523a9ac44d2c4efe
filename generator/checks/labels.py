"""Labels: the short texts the site shows as names, titles, units and axis labels are one line
and carry no web address. Pages, charts and feeds show them as plain text: an address there
is a link that readers cannot follow and a chart that refuses to render (addresses belong in
a note, the full text of a task, or a quote, where the document itself has one); a line break
splits a heading, a table cell or a chart label in two.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .. import models as m
from ..locations import dotted
from ..problems import Problem
from .tree import Item, Tree

CODES = ("web-address-in-label", "line-break-in-label")

# The fields a page, chart or feed shows as a name, title, unit or label.
LABELS = frozenset({"name", "title", "short_title", "unit", "category", "section", "entity", "province", "issuer"})
LINE_BREAK = re.compile(r"[\n\r\v\f\u2028\u2029\x85]")
WEB_ADDRESS = re.compile(r"(?i)(?:\b(?:https?|ftp)\s*[:：]|www\.[a-z0-9-]+\.|//[a-z0-9-]+(?:\.[a-z0-9-]+)+)")


def labels(tree: Tree) -> Iterable[Problem]:
    items: list[Item] = []
    for city in tree.cities:
        items += ([city.city] if city.city else []) + list(city.departments.items)
        for plan in city.plans:
            items += ([plan.plan] if plan.plan else []) + list(plan.indicators.items) + list(plan.tasks.items)
    items += tree.concepts.items + tree.reference.items
    for item in items:
        for path, text in item.parts:
            if not isinstance(text, m.Text) or not path or path[-1] not in LABELS:
                continue
            for key in ("zh", "en"):
                value = getattr(text, key) or ""
                field = f"{dotted(path)}.{key}"
                found = WEB_ADDRESS.search(value)
                if found:
                    yield item.problem("web-address-in-label", *path, key, field=field, address=found.group(0))
                if LINE_BREAK.search(value.strip()):
                    yield item.problem("line-break-in-label", *path, key, field=field)


CHECKS = (labels,)
