"""Labels: the short texts the site shows as names, titles, units and axis labels are one line
and carry no web address. Pages, charts and feeds show them as plain text: an address there
is a link that readers cannot follow and a chart that refuses to render (addresses belong in
a note, the full text of a task, or a quote, where the document itself has one); a line break
splits a heading, a table cell or a chart label in two; a label longer than `MAX_LENGTH` makes
every chart that draws it slow (and a page hard to read).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .. import models as m
from ..locations import dotted
from ..problems import Problem
from .tree import Tree

CODES = ("web-address-in-label", "line-break-in-label", "label-too-long")

# The fields a page, chart or feed shows as a name, title, unit or label.
LABELS = frozenset({"name", "title", "short_title", "unit", "category", "section", "entity", "province", "issuer"})
# The longest each label may be, in characters (either language). Charts measure and wrap every label,
# and the time grows with its length (one chart took 1.9 s with a 1,000-character name, 36 s with
# 19,000); the real data's longest (2026-12) are, English / Chinese: name 186 / 49, title 151 / 36,
# short_title 40 / 22, unit 28 / 2, category 50 / 15, section 146 / 36, entity 28 / 7, province 14 / 3,
# issuer 95 / 20. The limits leave about twice that or more. Longer text belongs in `notes`/`description`.
MAX_LENGTH = {
    "name": 400,
    "title": 400,
    "short_title": 150,
    "unit": 60,
    "category": 200,
    "section": 400,
    "entity": 200,
    "province": 60,
    "issuer": 300,
}
LINE_BREAK = re.compile(r"[\n\r\v\f\u2028\u2029\x85]")
WEB_ADDRESS = re.compile(r"(?i)(?:\b(?:https?|ftp)\s*[:：]|www\.[a-z0-9-]+\.|//[a-z0-9-]+(?:\.[a-z0-9-]+)+)")


def labels(tree: Tree) -> Iterable[Problem]:
    for item in tree.yaml_items():
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
                limit = MAX_LENGTH[path[-1]]
                if len(value) > limit:
                    yield item.problem(
                        "label-too-long", *path, key, field=field, name=path[-1], length=len(value), limit=limit
                    )


CHECKS = (labels,)
