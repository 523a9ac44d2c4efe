"""A target in words: the one renderer of "reach 13 patents by 2025" for pages, the status
explanation and chart summaries.

``target_words(target, lang, unit=...)`` takes a ``models.Target``; ``in_words(kind, year, …)``
takes the same fields as plain values (the ``target`` step of ``status.explain`` carries them
as numbers). Figures are shown as given (``numbers.figure``), the unit after the value where
one is given (``lang.with_unit``).
"""

from __future__ import annotations

from . import t
from .lang import with_unit
from .numbers import figure


def in_words(kind: str, year: int, lang: str, *, value: float | None = None, min: float | None = None,
             max: float | None = None, rate: float | None = None, unit: str = "", text: str | None = None) -> str:
    """A target of ``kind`` (a ``TargetKind`` value) for ``year`` in words, in ``lang``."""
    if kind == "qualitative":
        return t("target.qualitative", lang, year=year, text=text) if text else t("target.qualitative-goal", lang, year=year)
    if kind == "range":
        return t("target.range", lang, year=year, min=figure(min), max=with_unit(figure(max), unit, lang))
    if kind == "growth-rate":
        return t("target.growth-rate", lang, year=year, rate=figure(rate))
    return t(f"target.{kind}", lang, year=year, value=with_unit(figure(value), unit, lang))


def target_words(target, lang: str, *, unit: str = "", text: str | None = None) -> str:
    """A ``models.Target`` in words; ``text`` is the document's own wording of a qualitative target."""
    return in_words(target.kind.value, target.year, lang, value=target.value, min=target.min, max=target.max,
                    rate=target.rate, unit=unit, text=text)
