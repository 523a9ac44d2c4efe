"""Every word the site says, from one catalogue: site_src/strings.yaml (Chinese first).

``t(key, lang, **params)`` returns the text of ``key`` in ``lang`` with its ``{placeholders}``
filled. Keys are grouped by a dotted prefix where a module owns a family of words
(``chart.…``, ``explain.…``, ``history.…``). The few real language rules (list separator,
colon, spacing) live in ``generator.i18n.lang``; the one number formatter in
``generator.i18n.numbers``.
"""

from __future__ import annotations

from functools import lru_cache

import yaml

from .. import paths

STRINGS_FILE = paths.SITE_SRC / "strings.yaml"
LANGS = ("zh", "en")


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """The whole catalogue: key → {"zh": text, "en": text}."""
    with STRINGS_FILE.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def t(key: str, lang: str, **values: object) -> str:
    """The UI string ``key`` in ``lang``, with ``{placeholders}`` filled.

    Placeholder values are inserted as given; callers escape the result where it lands.
    An unknown key raises KeyError (a typo should fail the tests, not reach a page).
    """
    text = catalogue()[key][lang]
    return text.format(**values) if values else text


def has(key: str) -> bool:
    return key in catalogue()
