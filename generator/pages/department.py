"""Department pages: every task a responsible unit has across the city's plans, by role (lead,
supporting, listed where the document names no lead); and the index of units, most tasks first."""

from __future__ import annotations

from ..i18n import t
from ..i18n.lang import join
from ..models import Department
from ..portal import CityData
from . import task, task_figure
from .common import Page, definition_list, heading, link, para, table, tr, urls
from .describe import city_name, plan_name
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
        rows = [[link(here, urls.department(cd.city.id, d.id), tr(d.name, lang) or d.id), n] for d, n in by_count(cd)]
        body += table([t("departments", lang), t("tasks_count", lang)], rows)
    if not any_rows:
        body += para(t("no_departments", lang))
    return Page(here, t("departments", lang), t("site_description", lang), body)


def department_page(inputs: Inputs, cd: CityData, d: Department, lang: str) -> Page:
    here = urls.department(cd.city.id, d.id)
    name = tr(d.name, lang) or d.id
    city = city_name(cd, lang)
    title = t("task.dept-title", lang, city=city, name=name)
    body = heading(1, title, anchor="title")
    body += para(link(here, urls.city(cd.city.id), city), css="breadcrumb")
    body += para(t("task.dept-intro", lang, city=city))
    facts: list[tuple[str, str | None]] = []
    if d.aliases:
        facts.append((t("aliases", lang), join(d.aliases, lang)))
    if d.notes:
        facts.append((t("notes", lang), tr(d.notes, lang)))
    if facts:
        body += definition_list(facts, lang)
    mine = [(pd, [task for task in pd.tasks if d.id in task.responsible]) for pd in cd.plans]
    if any(tasks for _, tasks in mine):
        body += task.department_tasks(here, cd, d.id, lang)
    else:
        body += heading(2, t("tasks", lang), anchor="tasks")
        body += para(t("no_tasks", lang))
    charts: dict[str, dict] = {}
    groups = [(plan_name(pd.plan, lang), task_figure.count(pd, tasks)) for pd, tasks in mine if tasks]
    if groups:
        body += heading(2, t("task_status_title", lang), anchor="status")
        body += task_figure.task_status_figure(groups, "status.svg", charts, lang, t("plan", lang))
    desc = f"{title} · {t('site_name', lang)}"
    return Page(here, title, desc, body, charts)


def task_count(cd: CityData, dept_id: str) -> int:
    """How many of the city's tasks list the unit (as lead, supporting or without a named lead)."""
    return sum(dept_id in task.responsible for pd in cd.plans for task in pd.tasks)


def by_count(cd: CityData) -> list[tuple[Department, int]]:
    """The city's units with their task counts, most tasks first (ties in the file's order)."""
    counted = [(d, task_count(cd, d.id)) for d in cd.departments]
    return sorted(counted, key=lambda pair: -pair[1])
