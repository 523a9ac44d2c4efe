"""Every word the site says, from one catalogue: the YAML files in site_src/strings/ (Chinese first).

``t(key, lang, **params)`` returns the text of ``key`` in ``lang`` with its ``{placeholders}``
filled. Keys are grouped by a dotted prefix where a module owns a family of words
(``chart.…``, ``explain.…``, ``history.…``), one file per family (``charts.yaml``…); a key
defined in two files is an error. The few real language rules (list separator,
colon, spacing) live in ``generator.i18n.lang``; the one number formatter in
``generator.i18n.numbers``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from .. import paths

STRINGS_DIR = paths.SITE_SRC / "strings"
LANGS = ("zh", "en")


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """The whole catalogue: key → {"zh": text, "en": text}."""
    return load_catalogue(STRINGS_DIR)


def load_catalogue(folder: Path) -> dict[str, dict[str, str]]:
    """Every ``*.yaml`` file in ``folder`` merged into one mapping; a key defined twice is an error."""
    merged: dict[str, dict[str, str]] = {}
    for file in sorted(folder.glob("*.yaml")):
        with file.open(encoding="utf-8") as fh:
            entries = yaml.load(fh, Loader=yaml.CSafeLoader) or {}  # libyaml: safe_load's result, 8× faster
        for key, entry in entries.items():
            if key in merged:
                raise ValueError(f"{file.name}: the key {key!r} is defined in another catalogue file too")
            merged[key] = entry
    return merged


def t(key: str, lang: str, **values: object) -> str:
    """The UI string ``key`` in ``lang``, with ``{placeholders}`` filled.

    Placeholder values are inserted as given; callers escape the result where it lands.
    An unknown key raises KeyError (a typo should fail the tests, not reach a page).
    """
    text = catalogue()[key][lang]
    return text.format(**values) if values else text


def has(key: str) -> bool:
    return key in catalogue()
