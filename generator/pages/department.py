"""Department pages: every task a responsible unit has, across the city's plans."""

from __future__ import annotations

from ..escape import Markup
from ..i18n import t
from ..i18n.lang import join
from ..models import Department
from ..portal import CityData
from . import task_figure
from .common import Page, definition_list, heading, link, para, rel_url, slug, table, tr, urls
from .describe import city_name, plan_name, task_status
from .inputs import Inputs


def departments_index(inputs: Inputs, lang: str) -> Page:
    here = urls.departments
    body = heading(1, t("departments", lang), anchor="title")
    any_rows = False
    for cd in inputs.portal.cities:
        if not cd.departments:
            continue
        any_rows = True
        body += heading(2, city_name(cd, lang), anchor=f"city-{cd.city.id}")
        rows = [
            [
                link(here, urls.department(cd.city.id, d.id), tr(d.name, lang) or d.id),
                sum(d.id in task.responsible for pd in cd.plans for task in pd.tasks),
            ]
            for d in cd.departments
        ]
        body += table([t("departments", lang), t("tasks_count", lang)], rows)
    if not any_rows:
        body += para(t("no_departments", lang))
    return Page(here, t("departments", lang), t("site_description", lang), body)


def department_page(inputs: Inputs, cd: CityData, d: Department, lang: str) -> Page:
    here = urls.department(cd.city.id, d.id)
    name = tr(d.name, lang) or d.id
    body = heading(1, name, anchor="title")
    body += para(link(here, urls.city(cd.city.id), city_name(cd, lang)), css="breadcrumb")
    body += para(t("department_intro", lang, city=city_name(cd, lang)))
    facts: list[tuple[str, str | None]] = []
    if d.aliases:
        facts.append((t("aliases", lang), join(d.aliases, lang)))
    if d.notes:
        facts.append((t("notes", lang), tr(d.notes, lang)))
    if facts:
        body += definition_list(facts)
    rows = []
    for pd in cd.plans:
        for task in pd.tasks:
            if d.id not in task.responsible:
                continue
            title = Markup('<a href="{}">{}</a>').format(_task_href(here, pd.plan.id, task.id), tr(task.title, lang))
            rows.append(
                [
                    plan_name(pd.plan, lang),
                    tr(task.section, lang),
                    task.number or "",
                    title,
                    task_status(pd, task.id, lang),
                ]
            )
    charts: dict[str, dict] = {}
    groups = [
        (plan_name(pd.plan, lang), task_figure.count(pd, [task for task in pd.tasks if d.id in task.responsible]))
        for pd in cd.plans
        if any(d.id in task.responsible for task in pd.tasks)
    ]
    if groups:
        body += heading(2, t("task_status_title", lang), anchor="status")
        body += task_figure.task_status_figure(groups, "status.svg", charts, lang, t("plan", lang))
    body += heading(2, t("tasks", lang), anchor="tasks")
    if rows:
        body += table(
            [t("plan", lang), t("section", lang), t("number", lang), t("task", lang), t("status", lang)], rows
        )
    else:
        body += para(t("no_tasks", lang))
    desc = f"{name} · {city_name(cd, lang)} · {t('site_name', lang)}"
    return Page(here, name, desc, body, charts)


def _task_href(here: str, plan_id: str, task_id: str) -> str:
    return rel_url(here, urls.tasks(plan_id)) + "#task-" + slug(task_id)
