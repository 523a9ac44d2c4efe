"""Indicator pages: the answer (status, latest value, target), the definition, how the status is
worked out, every observation with its source."""

from __future__ import annotations

from typing import Any

from .. import charts, status
from ..escape import Markup
from ..i18n import t
from ..i18n.lang import colon, paren
from ..models import Indicator
from ..portal import CityData, PlanData
from . import reuse
from . import task as task_pages
from .common import (
    Page,
    bullet_list,
    collapsed,
    definition_list,
    figure,
    heading,
    link,
    md,
    md_link,
    note,
    para,
    rows_label,
    table,
    tr,
    urls,
)
from .describe import (
    baseline_text,
    city_name,
    enum_label,
    latest_source,
    latest_text,
    plan_name,
    row_source_text,
    source_text,
    status_badge,
    target_text,
    title_in_city,
    unit_of,
    value_text,
)
from .inputs import Inputs
from .plan import page_history


def indicator_page(inputs: Inputs, cd: CityData, pd: PlanData, ind: Indicator, lang: str) -> Page:
    """Answer first (status, latest value, target), then the definition, how the status is
    worked out, and every figure with its source (folded)."""
    here = urls.indicator(pd.plan.id, ind.id)
    name = tr(ind.name, lang) or ind.id
    a = inputs.assessment(pd.plan.id, ind.id)
    unit = unit_of(ind, lang)
    body = heading(1, name, anchor="title")
    body += para(
        (
            link(here, urls.city(cd.city.id), city_name(cd, lang))
            + " › "
            + link(here, urls.plan(pd.plan.id), plan_name(pd.plan, lang))
        ),
        css="breadcrumb",
    )
    body += answer_box(inputs, pd, ind, a, lang)

    body += heading(2, t("definition", lang), anchor="definition")
    facts = [
        (t("category", lang), tr(ind.category, lang)),
        (t("number", lang), ind.number or t("not_stated", lang)),
        (t("unit", lang), tr(ind.unit, lang)),
        (t("measure", lang), enum_label("measure", ind.measure, lang)),
        (t("nature", lang), enum_label("nature", ind.nature, lang)),
        (t("direction", lang), enum_label("direction", ind.direction, lang)),
        (t("baseline", lang), baseline_text(ind.baseline, lang, unit)),
        (t("target", lang), target_text(ind.target, lang, unit)),
        (t("source", lang), source_text(ind.source, lang, inputs.portal, here)),
    ]
    if ind.source.quote:
        facts.append((t("quote", lang), ind.source.quote))
    if ind.baseline and ind.baseline.source:
        facts.append(
            (
                t("baseline", lang) + " · " + t("source", lang),
                source_text(ind.baseline.source, lang, inputs.portal, here),
            )
        )
    body += definition_list(facts, lang)
    if ind.baseline and ind.baseline.note:
        body += note(tr(ind.baseline.note, lang))
    if ind.notes:
        body += note(tr(ind.notes, lang))

    body += status_section(inputs, a, lang)

    body += task_pages.serving_tasks(here, cd, pd, ind, lang)

    body += heading(2, t("observations", lang), anchor="observations", search=False)
    obs = pd.observations_for(ind.id)
    rows = _series_rows(ind, obs, lang, inputs.portal, here)
    headers = [
        t("year", lang),
        t("value", lang),
        t("kind", lang),
        t("data.source-kind", lang),
        t("source", lang),
        t("quote", lang),
        t("notes", lang),
    ]
    headers, rows = _without_empty_columns(headers, rows, first=5)
    # The chart draws the values status uses: one year-end value per year (several sources for a
    # year rank by kind, part-year values and estimates left out); the table lists them all.
    drawn, _ = status.choose(obs, {w.id: w for w in inputs.portal.web_sources})
    spec = charts.indicator_chart(ind, drawn, a, lang)
    chart = charts.worth_a_chart(spec)  # values in two years at least; else words, no chart
    reuse_ = reuse.indicator_reuse(inputs, cd, pd, ind, lang, here, chart=chart)
    if chart:  # the values folded under the chart, as its data
        spec = charts.with_footer(spec, reuse_.source_line)
        data_table = table(headers, rows, caption=t("chart_data", lang))
        folded = collapsed(rows_label(t("chart_data", lang), len(rows), lang), data_table)
        body += figure(reuse.CHART, t("chart", lang) + colon(lang) + name, charts.chart_summary(spec, lang), folded)
    else:  # the values in the open, under the sentence that says why there is no chart
        body += para(t("no_chart", lang))
        if rows:
            body += table(headers, rows)
    if not obs:
        body += para(t("no_observations", lang))
    body += reuse_.section

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
    title = title_in_city(name, city_name(cd, lang), lang)
    drawings = {}
    if chart:
        phone = charts.with_footer(charts.indicator_chart(ind, drawn, a, lang, phone=True), reuse_.source_line)
        drawings = {reuse.CHART: spec, charts.phone_name(reuse.CHART): phone}
    return Page(
        here,
        title,
        desc,
        body,
        drawings,
        images=reuse_.images,
        files=reuse_.files,
        share=reuse_.share,
    )


def answer_box(inputs: Inputs, pd: PlanData, ind: Indicator, a: Any, lang: str) -> str:
    """The answer in the first screen: the status badge (as of when), the latest value with its
    unit, year and source, and the target in words with its unit."""
    unit = unit_of(ind, lang)
    head: list[str] = [status_badge(a, lang)]
    if inputs.as_of:
        head.append(t("as_of", lang, year=inputs.as_of))
    facts: list[tuple[str, object]] = [(t("latest", lang), latest_text(a, pd, ind, lang, unit))]
    src = latest_source(a, pd, ind, lang, inputs.portal, urls.indicator(pd.plan.id, ind.id))
    if src:
        facts.append((t("layout.latest_source", lang), src))
    facts.append((t("target", lang), target_text(ind.target, lang, unit)))
    box = Markup('<p class="portal-answer__status">{}</p>').format(Markup(" · ").join(head))
    dl = Markup(definition_list(facts, lang).strip())
    return str(Markup('<div class="portal-answer">{}{}</div>').format(box, dl)) + "\n\n"


def status_section(inputs: Inputs, a: Any, lang: str) -> str:
    """The status and how it is worked out, step by step (its own section: what comes after
    it, such as the tasks serving this indicator, starts with its own heading)."""
    out = heading(2, t("status", lang), anchor="status")
    readings: list[str] = [status_badge(a, lang)]
    if inputs.as_of:
        readings.append(t("as_of", lang, year=inputs.as_of))
    out += para(Markup(" · ").join(readings))
    steps = status.explain(a, lang) if a is not None else []
    if steps:
        out += heading(3, t("calculation", lang), anchor="calculation", search=False)
        out += "\n".join(f"{i}. {md(s)}" for i, s in enumerate(steps, 1)) + "\n\n"
    return out


def _without_empty_columns(headers: list[str], rows: list[list], first: int) -> tuple[list[str], list[list]]:
    """The table without its columns from ``first`` on (quote, notes) that are empty in every row."""
    keep = [i for i in range(len(headers)) if i < first or any(str(row[i]).strip() for row in rows)]
    return [headers[i] for i in keep], [[row[i] for i in keep] for row in rows]


def _word(text: str) -> Markup:
    """A kind of value or source (目标值, 官方网站) kept on one line in a table cell."""
    return Markup('<span class="nw">{}</span>').format(text)


def _series_rows(ind: Indicator, obs, lang: str, portal: Any = None, here: str | None = None) -> list[list]:
    """Baseline, observations and target, oldest first (the baseline first within its year); each
    value with its kind of source in words (plan document, official site, press, copy of press) and
    its source (a web page by its kind and publisher), part-year values marked."""
    web = {w.id: w for w in portal.web_sources} if portal is not None else {}
    document = t("source-kind.document", lang)
    rows: list[list[Any]] = []
    if ind.baseline is not None:
        src = ind.baseline.source or ind.source
        rows.append(
            [
                ind.baseline.year,
                value_text(ind.baseline.value, unit_of(ind, lang), lang),
                _word(t("kind_baseline", lang)),
                _word(document),
                source_text(src, lang, portal, here),
                src.quote or "",
                tr(ind.baseline.note, lang) or "",
            ]
        )
    for o in obs:
        note_text = (o.note_en or o.note_zh) if lang == "en" else (o.note_zh or o.note_en)
        rows.append(
            [
                o.year,
                value_text(o.value, unit_of(ind, lang), lang),
                _word(t("kind_observed", lang))
                + (paren(o.period_text or t("kind_partial", lang), lang) if o.partial else ""),
                _word(t(f"source-kind.{status.source_kind(o, web)}", lang)),
                row_source_text(o, portal, lang, here, with_kind=False),  # the column before says the kind
                o.quote or "",
                note_text or "",
            ]
        )
    rows.sort(key=lambda r: r[0])  # stable: the baseline stays ahead of a same-year value
    rows.append(
        [
            ind.target.year,
            target_text(ind.target, lang, unit_of(ind, lang)),
            _word(t("kind_target", lang)),
            _word(document),
            source_text(ind.source, lang, portal, here),
            "",
            "",
        ]
    )
    return rows
