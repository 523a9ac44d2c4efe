"""City pages: its plans, key indicators and responsible units; and the list of cities."""

from __future__ import annotations

from ..i18n import t
from ..portal import CityData
from . import department
from .common import Page, definition_list, heading, link, para, table, tr, urls
from .describe import baseline_text, city_name, enum_label, latest_text, plan_name, status_label, target_text
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
        for cd in inputs.portal.cities
    ]
    body += table([t("city", lang), t("level", lang), t("plans", lang), t("departments", lang)], rows)
    return Page(here, t("cities", lang), t("site_description", lang), body)


def city_page(inputs: Inputs, cd: CityData, lang: str) -> Page:
    here = urls.city(cd.city.id)
    name = city_name(cd, lang)
    body = heading(1, name, anchor="title")
    facts = [
        (t("province", lang), tr(cd.city.province, lang)),
        (t("level", lang), enum_label("level", cd.city.level, lang)),
    ]
    if cd.city.population_note:
        facts.append((t("population", lang), tr(cd.city.population_note, lang)))
    body += definition_list(facts)

    body += heading(2, t("plans", lang), anchor="plans")
    if cd.plans:
        rows = [
            [
                link(here, urls.plan(pd.plan.id), plan_name(pd.plan, lang)),
                f"{pd.plan.period.start}–{pd.plan.period.end}",
                enum_label("kind", pd.plan.kind, lang),
                enum_label("plan", pd.plan.status, lang),
                len(pd.indicators),
                len(pd.tasks),
            ]
            for pd in cd.plans
        ]
        body += table(
            [
                t("plan", lang),
                t("period", lang),
                t("kind", lang),
                t("plan_status", lang),
                t("indicators_count", lang),
                t("tasks_count", lang),
            ],
            rows,
        )
    else:
        body += para(t("no_plans", lang))

    body += heading(2, t("key_indicators", lang), anchor="indicators")
    rows = []
    for pd in cd.plans:
        for ind in pd.indicators:
            a = inputs.assessment(pd.plan.id, ind.id)
            rows.append(
                [
                    link(here, urls.indicator(pd.plan.id, ind.id), tr(ind.name, lang) or ind.id),
                    plan_name(pd.plan, lang),
                    baseline_text(ind.baseline, lang),
                    target_text(ind.target, lang),
                    latest_text(a, pd, ind, lang),
                    status_label(a, lang),
                ]
            )
    if rows:
        body += table(
            [
                t("indicator", lang),
                t("plan", lang),
                t("baseline", lang),
                t("target", lang),
                t("latest", lang),
                t("status", lang),
            ],
            rows,
        )
    else:
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
