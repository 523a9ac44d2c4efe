"""City pages: a summary, its plans, key indicators and responsible units; and the list of cities."""

from __future__ import annotations

from ..escape import Markup
from ..i18n import t
from ..portal import CityData
from . import department
from .common import Page, collapsed, definition_list, heading, link, para, table, tr, urls
from .describe import (
    baseline_text,
    by_level,
    city_name,
    enum_label,
    latest_reading,
    latest_text,
    plan_name,
    status_badge,
    summary_text,
    target_text,
    unit_of,
)
from .inputs import Inputs


def cities_index(inputs: Inputs, lang: str) -> Page:
    here = urls.cities
    body = heading(1, t("cities", lang), anchor="title")
    rows = [
        [
            link(here, urls.city(cd.city.id), city_name(cd, lang)),
            enum_label("level", cd.city.level, lang),
            len(cd.plans),
            len(cd.departments),
        ]
        for cd in sorted(inputs.portal.cities, key=by_level)  # the capital first
    ]
    body += table([t("city", lang), t("level", lang), t("plans", lang), t("departments", lang)], rows)
    return Page(here, t("cities", lang), t("site_description", lang), body)


def city_page(inputs: Inputs, cd: CityData, lang: str) -> Page:
    """A plain-language summary first (indicators by status, tasks with a report), then the
    city's plans, its indicators (those with no reported value folded) and its units."""
    here = urls.city(cd.city.id)
    name = city_name(cd, lang)
    body = heading(1, name, anchor="title")
    if cd.plans:
        body += str(Markup('<div class="portal-answer"><p>{}</p></div>').format(summary_text(inputs, cd.plans, lang)))
        body += "\n\n"
    facts = [
        (t("province", lang), tr(cd.city.province, lang)),
        (t("level", lang), enum_label("level", cd.city.level, lang)),
    ]
    if cd.city.population_note:
        facts.append((t("population", lang), tr(cd.city.population_note, lang)))
    body += definition_list(facts, lang)

    body += heading(2, t("plans", lang), anchor="plans")
    if cd.plans:
        rows: list[list[object]] = [
            [
                link(here, urls.plan(pd.plan.id), plan_name(pd.plan, lang)),
                f"{pd.plan.period.start}–{pd.plan.period.end}",
                summary_text(inputs, [pd], lang),
                enum_label("kind", pd.plan.kind, lang),
                enum_label("plan", pd.plan.status, lang),
            ]
            for pd in cd.plans
        ]
        body += table(
            [t("plan", lang), t("period", lang), t("status_summary", lang), t("kind", lang), t("plan_status", lang)],
            rows,
        )
    else:
        body += para(t("no_plans", lang))

    body += heading(2, t("key_indicators", lang), anchor="indicators")
    many_plans = len(cd.plans) > 1
    reported: list[list[object]] = []
    unreported: list[list[object]] = []
    for pd in cd.plans:
        for ind in pd.indicators:
            a = inputs.assessment(pd.plan.id, ind.id)
            unit = unit_of(ind, lang)
            row: list[object] = [
                link(here, urls.indicator(pd.plan.id, ind.id), tr(ind.name, lang) or ind.id),
                *([plan_name(pd.plan, lang)] if many_plans else []),
                status_badge(a, lang),
                latest_text(a, pd, ind, lang, unit),
                target_text(ind.target, lang, unit),
                baseline_text(ind.baseline, lang, unit),
            ]
            (reported if latest_reading(a, pd, ind) is not None else unreported).append(row)
    headers = [
        t("indicator", lang),
        *([t("plan", lang)] if many_plans else []),
        t("status", lang),
        t("latest", lang),
        t("target", lang),
        t("baseline", lang),
    ]
    if reported:
        body += table(headers, reported)
    if unreported:
        body += collapsed(t("layout.unreported_rows", lang, n=len(unreported)), table(headers, unreported))
    if not reported and not unreported:
        body += para(t("no_indicators", lang))

    body += heading(2, t("departments", lang), anchor="departments")
    if cd.departments:
        rows = [
            [link(here, urls.department(cd.city.id, d.id), tr(d.name, lang) or d.id), n]
            for d, n in department.by_count(cd)  # most tasks first: the list is sorted by its own count
        ]
        body += table([t("departments", lang), t("tasks_count", lang)], rows)
    else:
        body += para(t("no_departments", lang))
    return Page(here, name, f"{name} · {t('site_name', lang)}", body)
