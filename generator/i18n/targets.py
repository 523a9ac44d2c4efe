"""A target in words: the one renderer of "reach 13 patents by 2025" for pages, the status
explanation and chart summaries.

``target_words(target, lang, unit=...)`` takes a ``models.Target``; ``in_words(kind, year, …)``
takes the same fields as plain values (the ``target`` step of ``status.explain`` carries them
as numbers). Figures are shown as given (``numbers.figure``), the unit after the value where
one is given (``lang.with_unit``).

A ``change`` target (a one-off change, e.g. 提升30%) is said as the document says it: "rise by
30% by 2025" — never "a year". Its ``basis`` adds "(relative)" or says "percentage points";
when the document does not say (``unstated``), the words stay the document's own and the status
explanation says the calculation assumed a relative change. A ``qualifier`` (力争, 争取) is said
with the target: ``target.qualified.<kind>`` with ``{q}`` = ``target.qualifier.<qualifier>``.
"""

from __future__ import annotations

from . import t
from .lang import with_unit
from .numbers import figure


def in_words(
    kind: str,
    year: int,
    lang: str,
    *,
    value: float | None = None,
    min: float | None = None,
    max: float | None = None,
    rate: float | None = None,
    unit: str = "",
    text: str | None = None,
    basis: str | None = None,
    qualifier: str | None = None,
) -> str:
    """A target of ``kind`` (a ``TargetKind`` value) for ``year`` in words, in ``lang``."""
    if kind == "qualitative":  # the document's own words carry any 力争 already
        return (
            t("target.qualitative", lang, year=year, text=text)
            if text
            else t("target.qualitative-goal", lang, year=year)
        )
    words: dict[str, object] = {"year": year}
    if kind == "range":
        words.update(min=_figure(min), max=with_unit(_figure(max), unit, lang))
    elif kind == "growth-rate":
        words.update(rate=_figure(rate))
    elif kind == "change":
        kind = f"change-{basis or 'unstated'}"
        rise = rate is None or rate >= 0
        words.update(
            rate=figure(abs(rate)) if rate is not None else "?",
            verb=t("target.change.rise" if rise else "target.change.fall", lang),
        )
    else:
        words.update(value=with_unit(_figure(value), unit, lang))
    if qualifier:
        return t(f"target.qualified.{kind}", lang, q=t(f"target.qualifier.{qualifier}", lang), **words)
    return t(f"target.{kind}", lang, **words)


def _figure(value: float | None) -> str:
    """A target figure; "?" where the field its kind needs is missing, as for a change's rate
    (the check `target-fields` stops a build on such a target before anything is rendered)."""
    return figure(value) if value is not None else "?"


def target_words(target, lang: str, *, unit: str = "", text: str | None = None) -> str:
    """A ``models.Target`` in words; ``text`` is the document's own wording of a qualitative target."""
    return in_words(
        target.kind.value,
        target.year,
        lang,
        value=target.value,
        min=target.min,
        max=target.max,
        rate=target.rate,
        unit=unit,
        text=text,
        basis=target.basis.value if getattr(target, "basis", None) else None,
        qualifier=target.qualifier.value if getattr(target, "qualifier", None) else None,
    )
