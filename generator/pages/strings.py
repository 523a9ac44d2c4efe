"""UI strings of the pages, read once from site_src/strings.yaml (Chinese first)."""

from __future__ import annotations

from functools import lru_cache

import yaml

from .. import paths

STRINGS_FILE = paths.SITE_SRC / "strings.yaml"
LANGS = ("zh", "en")


@lru_cache(maxsize=1)
def _strings() -> dict[str, dict[str, str]]:
    with STRINGS_FILE.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def t(key: str, lang: str, **values: object) -> str:
    """The UI string ``key`` in ``lang``, with ``{placeholders}`` filled.

    Placeholder values are inserted as given; callers escape the result where it lands.
    An unknown key raises KeyError (a typo should fail the tests, not reach a page).
    """
    text = _strings()[key][lang]
    return text.format(**values) if values else text


def has(key: str) -> bool:
    return key in _strings()
