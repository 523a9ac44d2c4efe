"""Comparison pages: one measure across cities, plus the reference series the documents quote."""

from __future__ import annotations

from typing import Any

from .. import charts as chart_specs
from ..escape import Markup
from ..i18n import t
from ..i18n.lang import colon
from ..models import Concept, ReferencePoint, ReferenceSeries
from .common import Page, collapsed, definition_list, figure, heading, link, para, rows_label, table, tr, urls
from .describe import (
    baseline_text,
    city_name,
    enum_label,
    latest_text,
    plan_name,
    source_text,
    status_badge,
    target_text,
    unit_of,
    value_text,
)
from .inputs import Inputs


def concepts_index(inputs: Inputs, lang: str) -> Page:
    here = urls.concepts
    body = heading(1, t("concepts", lang), anchor="title")
    body += para(t("comparison_intro", lang))
    rows = []
    for k in inputs.portal.concepts:
        users = [ind for _, pd in inputs.portal.plans() for ind in pd.indicators if ind.concept == k.id]
        rows.append([link(here, urls.concept(k.id), tr(k.name, lang) or k.id), tr(k.unit, lang), len(users)])
    body += table([t("name", lang), t("unit", lang), t("cities_using", lang)], rows)
    return Page(here, t("concepts", lang), t("comparison_intro", lang), body)


def concept_page(inputs: Inputs, k: Concept, lang: str) -> Page:
    here = urls.concept(k.id)
    name = tr(k.name, lang) or k.id
    body = heading(1, name, anchor="title")
    body += para(t("comparison_intro", lang))
    facts = [(t("unit", lang), tr(k.unit, lang)), (t("measure", lang), enum_label("measure", k.measure, lang))]
    if k.description:
        facts.append((t("definition", lang), tr(k.description, lang)))
    body += definition_list(facts, lang)

    charts: dict[str, dict] = {}
    body += heading(2, t("cities_using", lang), anchor="cities")
    linked = [(cd, pd, ind) for cd, pd in inputs.portal.plans() for ind in pd.indicators if ind.concept == k.id]
    rows = []
    for cd, pd, ind in linked:
        a = inputs.assessment(pd.plan.id, ind.id)
        unit = unit_of(ind, lang)
        rows.append(
            [
                Markup('<span class="nw">{}</span>').format(link(here, urls.city(cd.city.id), city_name(cd, lang))),
                link(here, urls.indicator(pd.plan.id, ind.id), plan_name(pd.plan, lang)),
                status_badge(a, lang),
                latest_text(a, pd, ind, lang, unit),
                target_text(ind.target, lang, unit),
                baseline_text(ind.baseline, lang, unit),
                enum_label("measure", ind.measure, lang),
            ]
        )
    headers = [
        t("city", lang),
        t("plan", lang),
        t("status", lang),
        t("latest", lang),
        t("target", lang),
        t("baseline", lang),
        t("measure", lang),
    ]
    figures = chart_specs.concept_rows(inputs.portal, k.id, inputs.assessments)
    if linked and chart_specs.concept_worth_a_chart(figures):
        spec = charts["compare.svg"] = chart_specs.concept_chart(figures, k, lang)
        charts[chart_specs.phone_name("compare.svg")] = chart_specs.concept_chart(figures, k, lang, phone=True)
        compare = table(headers, rows, caption=t("chart_data", lang))
        body += figure(
            "compare.svg", t("chart", lang) + colon(lang) + name, chart_specs.chart_summary(spec, lang), compare
        )
    else:  # one city's figures, or none: the table, under the sentence that says why there is no chart
        body += para(t("no_concept_chart" if linked else "no_indicators", lang)) + table(headers, rows)

    body += heading(2, t("reference_series", lang), anchor="reference")
    series = [s for s in inputs.portal.reference if s.concept == k.id]
    if not series:
        body += para(t("no_reference", lang))
    for i, s in enumerate(series, 1):
        found = inputs.portal.plan(s.plan)
        body += reference_block(
            s,
            f"reference-{i}.svg",
            charts,
            lang,
            highlight=found[0].city.name if found else None,
            here=here,
            portal=inputs.portal,
        )
    desc = f"{name} · {t('concepts', lang)} · {t('site_name', lang)}"
    return Page(here, t("layout.title_comparison", lang, name=name), desc, body, charts)


def reference_block(
    s: ReferenceSeries,
    file_name: str,
    charts: dict[str, dict],
    lang: str,
    level: int = 3,
    title: str | None = None,
    highlight=None,
    here: str | None = None,
    portal: Any = None,
) -> str:
    name = tr(s.name, lang) or s.id  # a name with no text in either language is only a warning
    out = heading(level, title or name, anchor=file_name.removesuffix(".svg"))
    unit = tr(s.unit, lang) or ""
    out += definition_list(
        [(t("unit", lang), unit), (t("source", lang), source_text(s.source, lang, portal, here))], lang
    )
    notes = para(tr(s.notes, lang)) if s.notes else ""
    rows = [
        [tr(p.entity, lang), p.year, value_text(p.value, unit, lang), t(f"kind_{p.kind}", lang), _row_label(p, lang)]
        for p in s.points
    ]
    headers = [t("entity", lang), t("year", lang), t("value", lang), t("kind", lang), t("row", lang)]
    if not chart_specs.reference_worth_a_chart(s):  # the figure first, in the open; no chart of one dot
        return out + table(headers, rows) + notes + para(t("no_reference_chart", lang))
    data = table(headers, rows, caption=t("chart_data", lang))
    spec = chart_specs.reference_chart(s, lang, highlight=highlight)
    charts[file_name] = spec
    charts[chart_specs.phone_name(file_name)] = chart_specs.reference_chart(s, lang, highlight=highlight, phone=True)
    folded = collapsed(rows_label(t("chart_data", lang), len(rows), lang), data)
    chart = figure(file_name, t("chart", lang) + colon(lang) + name, chart_specs.chart_summary(spec, lang), folded)
    return out + notes + chart


def _row_label(p: ReferencePoint, lang: str) -> str:
    """Where the figure is in the document. The locator is the document's own (Chinese) words;
    English pages lead with a label built from the point's fields (entity, year, kind)."""
    if lang == "zh":
        return p.row or ""
    label = t("layout.ref_row", lang, entity=tr(p.entity, lang), year=p.year, kind=t(f"kind_{p.kind}", lang))
    return f"{label} · {p.row}" if p.row else label
