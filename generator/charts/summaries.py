"""The one-sentence text summary of each chart (figcaption, alt text and the SVG's <title>).

Every word comes from the catalogue (``chart.…`` keys in site_src/strings/charts.yaml,
status names from the ``status.<status>`` keys); every figure goes through
`generator.i18n.numbers`. Plain text: callers escape it where it lands.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..i18n import t, targets
from ..i18n.lang import with_unit
from ..i18n.numbers import figure
from ..models import Indicator, TargetKind, Text
from ..status import Assessment, Status


def tr(text: Text | Mapping | str | None, lang: str) -> str:
    """A bilingual text in `lang` (the other language when that one is missing)."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    if isinstance(text, Mapping):
        text = Text(**text)
    return (text.zh if lang == "zh" else text.en) or text.zh or text.en or ""


def number(value: float | int | None) -> str:
    """A reported figure; "—" when there is none."""
    return "—" if value is None else figure(value)


def status_name(status: Status | str, lang: str) -> str:
    return t(f"status.{Status(status).value}", lang)


def plural(key: str, n: int, lang: str, **values: object) -> str:
    """``key`` with ``{n}`` filled; ``key.one`` when n is 1 (English has a singular, Chinese does not)."""
    return t(f"{key}.one" if n == 1 else key, lang, n=n, **values)


def unit_title(unit: str, lang: str) -> str:
    """The value axis title: 数值（件） / Value (patents)."""
    value = t("chart.value", lang)
    return t("chart.with-unit", lang, title=value, unit=unit) if unit else value


def target_words(ind: Indicator, lang: str) -> str:
    """The target inside a summary: 目标2025年不低于13件 / target: at least 13 patents by 2025
    (the words from the one target renderer, generator.i18n.targets)."""
    words = targets.target_words(ind.target, lang, unit=tr(ind.unit, lang))
    return words if ind.target.kind is TargetKind.qualitative else t("chart.target", lang, target=words)


def indicator(ind: Indicator, rows: Sequence[Mapping], assessment: Assessment | None, lang: str) -> str:
    """Baseline, latest reported value, target and status of one indicator."""
    unit = tr(ind.unit, lang)
    parts = []
    if ind.baseline is not None:
        b = ind.baseline
        value = with_unit(figure(b.value), unit, lang) if b.value is not None else t("chart.not-reported", lang)
        parts.append(t("chart.indicator.baseline", lang, year=b.year, value=value))
    if rows:
        last = rows[-1]
        parts.append(
            t("chart.indicator.latest", lang, year=last["year"], value=with_unit(figure(last["value"]), unit, lang))
        )
    else:
        parts.append(t("chart.indicator.nothing-after-baseline", lang))
    parts.append(target_words(ind, lang))
    if assessment is not None:
        parts.append(t("chart.indicator.status", lang, status=status_name(assessment.status, lang)))
    return t("chart.indicator.summary", lang, name=tr(ind.name, lang), parts=t("chart.indicator.sep", lang).join(parts))


def plan_overview(statuses: Sequence[str], lang: str) -> str:
    """How many indicators have each status (`statuses`: one status name per indicator)."""
    counts: dict[str, int] = {}
    for name in statuses:
        counts[name] = counts.get(name, 0) + 1
    listing = t("chart.sep.comma", lang).join(t("chart.overview.count", lang, status=k, n=v) for k, v in counts.items())
    return plural("chart.overview.summary", len(statuses), lang, listing=listing)


def concept(name: str, cities: Sequence[tuple[str, Sequence[tuple[str, tuple[int, float]]]]], lang: str) -> str:
    """Each city's figures: `cities` holds (city, [(kind, (year, value)), …]), kind one of baseline/latest/target."""
    parts = [
        t(
            "chart.concept.city",
            lang,
            city=city,
            figures=t("chart.sep.comma", lang).join(
                t(f"chart.concept.{kind}", lang, value=figure(value), year=year) for kind, (year, value) in points
            ),
        )
        for city, points in cities
    ]
    return plural(
        "chart.concept.summary", len(cities), lang, name=name, parts=t("chart.sep.semicolon", lang).join(parts)
    )


def reference(
    name: str, entities: int, years: Sequence[int], values: int, missing: int, highlighted: str, lang: str
) -> str:
    """How many entities, years and values a reference series shows; the unreported ones; the highlighted city."""
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "")
    text = t(
        "chart.reference.summary",
        lang,
        name=name,
        span=span,
        entities=plural("chart.reference.entities", entities, lang),
        values=plural("chart.reference.values", values, lang),
    )
    if missing:
        text += t("chart.reference.missing", lang, values=plural("chart.reference.values", missing, lang))
    if highlighted:
        text += t("chart.reference.highlighted", lang, name=highlighted)
    return text + t("chart.full-stop", lang)


def task_status(counts: Mapping[str, Mapping[str, int]], statuses: Sequence[str], lang: str) -> str:
    """Each group's number of tasks and how many have each status."""
    parts = []
    for group, by_status in counts.items():
        total = sum(int(v) for v in by_status.values())
        listed = t("chart.sep.comma", lang).join(
            t("chart.count-label", lang, status=t(f"chart.task.{s}", lang), n=int(by_status.get(s, 0)))
            for s in statuses
            if by_status.get(s)
        )
        parts.append(plural("chart.tasks.group", total, lang, group=group, counts=listed))
    return t("chart.tasks.summary", lang, parts=t("chart.sep.semicolon", lang).join(parts))
