"""Indicator pages: definition, baseline, target, every observation with its source, status."""

from __future__ import annotations

from typing import Any

from .. import charts, status
from ..escape import Markup
from ..i18n import t
from ..i18n.lang import colon
from ..models import Indicator
from ..portal import CityData, PlanData
from . import task as task_pages
from .common import (
    Page,
    bullet_list,
    definition_list,
    figure,
    fmt_number,
    heading,
    link,
    md,
    md_link,
    note,
    para,
    table,
    tr,
    urls,
)
from .describe import (
    baseline_text,
    city_name,
    enum_label,
    latest_text,
    plan_name,
    source_text,
    status_key,
    status_label,
    target_text,
)
from .inputs import Inputs
from .plan import page_history


def indicator_page(inputs: Inputs, cd: CityData, pd: PlanData, ind: Indicator, lang: str) -> Page:
    here = urls.indicator(pd.plan.id, ind.id)
    name = tr(ind.name, lang) or ind.id
    a = inputs.assessment(pd.plan.id, ind.id)
    body = heading(1, name, anchor="title")
    body += para(
        (
            link(here, urls.city(cd.city.id), city_name(cd, lang))
            + " › "
            + link(here, urls.plan(pd.plan.id), plan_name(pd.plan, lang))
        ),
        css="breadcrumb",
    )

    body += heading(2, t("definition", lang), anchor="definition")
    facts = [
        (t("category", lang), tr(ind.category, lang)),
        (t("number", lang), ind.number or t("not_stated", lang)),
        (t("unit", lang), tr(ind.unit, lang)),
        (t("measure", lang), enum_label("measure", ind.measure, lang)),
        (t("nature", lang), enum_label("nature", ind.nature, lang)),
        (t("direction", lang), enum_label("direction", ind.direction, lang)),
        (t("baseline", lang), baseline_text(ind.baseline, lang)),
        (t("target", lang), target_text(ind.target, lang)),
        (t("source", lang), source_text(ind.source, lang)),
    ]
    if ind.source.quote:
        facts.append((t("quote", lang), ind.source.quote))
    if ind.baseline and ind.baseline.source:
        facts.append((t("baseline", lang) + " · " + t("source", lang), source_text(ind.baseline.source, lang)))
    body += definition_list(facts)
    if ind.baseline and ind.baseline.note:
        body += note(tr(ind.baseline.note, lang))
    if ind.notes:
        body += note(tr(ind.notes, lang))

    body += heading(2, t("status", lang), anchor="status")
    badge = Markup('<span class="status status--{}">{}</span>').format(status_key(a), status_label(a, lang))
    readings = [t("latest", lang) + colon(lang) + latest_text(a, pd, ind, lang)]
    if inputs.as_of:
        readings.append(t("as_of", lang, year=inputs.as_of))
    body += para(Markup(" · ").join([badge, *readings]))
    steps = status.explain(a, lang) if a is not None else []
    if steps:
        body += heading(3, t("calculation", lang), anchor="calculation", search=False)
        body += "\n".join(f"{i}. {md(s)}" for i, s in enumerate(steps, 1)) + "\n\n"

    body += task_pages.serving_tasks(here, cd, pd, ind, lang)

    body += heading(2, t("observations", lang), anchor="observations", search=False)
    obs = pd.observations_for(ind.id)
    rows = _series_rows(ind, obs, lang)
    data_table = table(
        [t("year", lang), t("value", lang), t("kind", lang), t("source", lang), t("quote", lang), t("notes", lang)],
        rows,
        caption=t("chart_data", lang),
    )
    spec = charts.indicator_chart(ind, obs, a, lang)
    body += figure("chart.svg", t("chart", lang) + colon(lang) + name, charts.chart_summary(spec, lang), data_table)
    if not obs:
        body += para(t("no_observations", lang))

    concept = inputs.portal.concept(ind.concept) if ind.concept else None
    if concept:
        body += bullet_list(
            [
                md_link(
                    here, urls.concept(concept.id), t("concept_link", lang, name=tr(concept.name, lang) or concept.id)
                )
            ]
        )
    body += page_history(inputs, here, lang, pd.plan.id, ind.id)
    desc = f"{name} · {plan_name(pd.plan, lang)} · {t('site_name', lang)}"
    return Page(here, name, desc, body, {"chart.svg": spec})


def _series_rows(ind: Indicator, obs, lang: str) -> list[list]:
    """Baseline, observations and target, oldest first (the baseline first within its year)."""
    rows: list[list[Any]] = []
    if ind.baseline is not None:
        src = ind.baseline.source or ind.source
        rows.append(
            [
                ind.baseline.year,
                fmt_number(ind.baseline.value, lang),
                t("kind_baseline", lang),
                source_text(src, lang),
                src.quote or "",
                tr(ind.baseline.note, lang) or "",
            ]
        )
    for o in obs:
        note_text = (o.note_en or o.note_zh) if lang == "en" else (o.note_zh or o.note_en)
        rows.append(
            [
                o.year,
                fmt_number(o.value, lang),
                t("kind_observed", lang),
                f"{o.source} · {o.section}",
                o.quote or "",
                note_text or "",
            ]
        )
    rows.sort(key=lambda r: r[0])  # stable: the baseline stays ahead of a same-year value
    rows.append(
        [ind.target.year, target_text(ind.target, lang), t("kind_target", lang), source_text(ind.source, lang), "", ""]
    )
    return rows
