"""How a place inside an item is named in a problem: `dotted(("target", "year"))` → `target.year`.

Paths are the ones `read.YamlDoc.loc` and pydantic's error `loc` use: str keys and int list
indices, e.g. ``("responsible", 0)`` → ``responsible[0]``.
"""

from __future__ import annotations

from collections.abc import Iterable


def dotted(loc: Iterable[str | int]) -> str:
    """The field path as staff see it in problems: keys joined by dots, list indices in brackets."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
