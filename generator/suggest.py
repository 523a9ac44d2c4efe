"""`closest(value, choices)`: the "did you mean …?" of every problem that names an unknown value.

One helper for every suggestion (unknown ids, file names, fields, CSV columns), so they all
agree on what counts as close.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(value: str, choices: Iterable[str], *, cutoff: float = 0.6) -> str:
    """The choice most like `value` (difflib ratio ≥ `cutoff`), or "" when none is close."""
    match = difflib.get_close_matches(value, list(choices), n=1, cutoff=cutoff)
    return match[0] if match else ""
