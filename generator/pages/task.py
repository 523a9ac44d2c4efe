"""Task pages: one page per task (its full wording, section and number, responsible units with
the lead marked only where the document marks it, deadline, dated progress reports, the
indicators it serves, its source); the plan's task index; the tasks serving an indicator; and
the roles (lead, supporting, listed without a lead) used by department pages.

Long text stays readable on a phone: the wording is paragraphs, the units a line of running
text joined by "、", reports and indicators short lists; no table cards.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..escape import Markup
from ..i18n import t
from ..i18n.lang import colon, separator
from ..models import Indicator, Task
from ..portal import CityData, PlanData
from . import task_figure
from .common import Page, definition_list, heading, link, note, para, tr, urls
from .describe import city_name, dept_name, plan_name, row_source_text, source_text, status_label, task_status
from .inputs import Inputs
from .plan import sections_of  # the plan page links the same section anchors

RULE_ANCHOR = "lead-units"  # the methodology section that states the lead rule


# --------------------------------------------------------------------------- small pieces


def task_title(task: Task, lang: str) -> str:
    return tr(task.title, lang) or task.id


def role(task: Task, dept_id: str) -> str:
    """A unit's role in a task: "lead", "support" (another unit leads) or "listed" (no lead named)."""
    if dept_id in task.lead:
        return "lead"
    return "support" if task.lead else "listed"


def _units(here: str, cd: CityData, ids: Iterable[str], lang: str, links: bool = True) -> Markup:
    """Departments joined as running text (甲、乙、丙): one line that wraps, never one row each;
    links to their pages unless ``links`` is false (a dense index needs no row of small targets)."""
    names = (
        link(here, urls.department(cd.city.id, d), dept_name(cd, d, lang)) if links else dept_name(cd, d, lang)
        for d in ids
    )
    return Markup(separator(lang)).join(names)


def _with_units(key: str, lang: str, units: Markup, **values: object) -> Markup:
    """A catalogue sentence with ``{units}`` filled by finished HTML (the sentence itself escaped)."""
    return Markup("{}").format(t(key, lang, units="{units}", **values)).replace("{units}", units)


def units_line(here: str, cd: CityData, task: Task, lang: str, limit: int | None = None, links: bool = True) -> Markup:
    """Who is responsible, in one line: "牵头：X" when the document names a lead, else the units in
    the document's order (the first ``limit`` of them, with the count), never a guessed lead."""
    if task.lead:
        return _with_units("task.lead-short", lang, _units(here, cd, task.lead, lang, links))
    if not task.responsible:
        return Markup("{}").format(t("task.no-units-short", lang))
    shown = task.responsible if limit is None else task.responsible[:limit]
    units = _units(here, cd, shown, lang, links)
    if len(shown) < len(task.responsible):
        units = _with_units("task.units-more", lang, units, n=len(task.responsible))
    return _with_units("task.units-short", lang, units)


def _aside(text: object, css: str = "task-note") -> str:
    """A paragraph that repeats on many task pages (a rule, a note, the breadcrumb): shown, but
    kept out of the search index (Material skips elements marked ``data-search-exclude``)."""
    return str(Markup('<p class="{}" data-search-exclude>{}</p>').format(css, text)) + "\n\n"


def _paragraphs(text: str, lang_attr: str | None = None) -> str:
    """Text as paragraphs (one per line of the document), in a block marked with its language."""
    attr = Markup(' lang="{}"').format(lang_attr) if lang_attr else ""
    paras = Markup("").join(Markup("<p>{}</p>").format(line.strip()) for line in text.split("\n") if line.strip())
    return str(Markup('<div class="task-wording"{}>{}</div>').format(attr, paras)) + "\n\n"


def _list(items: list[Markup], css: str) -> str:
    if not items:
        return ""
    lis = Markup("").join(Markup("<li>{}</li>").format(i) for i in items)
    return str(Markup('<ul class="{}">{}</ul>').format(css, lis)) + "\n\n"


# --------------------------------------------------------------------------- a task's page


def task_page(inputs: Inputs, cd: CityData, pd: PlanData, task: Task, lang: str) -> Page:
    here = urls.task(pd.plan.id, task.id)
    title = task_title(task, lang)
    body = heading(1, title, anchor="title")
    body += _aside(
        link(here, urls.city(cd.city.id), city_name(cd, lang))
        + " › "
        + link(here, urls.plan(pd.plan.id), plan_name(pd.plan, lang))
        + " › "
        + link(here, urls.tasks(pd.plan.id), t("tasks", lang)),
        css="breadcrumb",
    )
    body += _aside(" · ".join(x for x in (task.number, tr(task.section, lang)) if x), css="task-section")

    # The promise first: the document's words (on English pages after the summary, marked zh).
    if lang == "en" and task.text.en:
        body += heading(2, t("task.summary", lang), anchor="summary")
        body += _paragraphs(task.text.en)
        body += _aside(t("task.summary-note", lang))
    body += heading(2, t("task.wording", lang), anchor="wording")
    body += _paragraphs(task.text.zh or task.text.en or "", "zh" if task.text.zh else None)

    body += heading(2, t("task.units", lang), anchor="units")
    body += responsible_section(here, cd, task, lang)

    body += heading(2, t("task.facts", lang), anchor="facts", search=False)
    facts: list[tuple[str, object]] = [
        (t("section", lang), tr(task.section, lang) or t("not_stated", lang)),
        (t("number", lang), task.number or t("not_stated", lang)),
        (t("deadline", lang), task.deadline.isoformat() if task.deadline else t("not_stated", lang)),
        (t("status", lang), task_status(pd, task.id, lang)),
        (t("task.source", lang), source_text(task.source, lang, inputs.portal, here)),
    ]
    if task.source.quote:
        facts.append((t("quote", lang), task.source.quote))
    body += definition_list(facts, lang)
    if task.notes:
        body += note(tr(task.notes, lang))

    body += heading(2, t("task.reports", lang), anchor="reports", search=False)
    body += reports_section(pd, task, lang, inputs.portal, here)

    body += heading(2, t("task.indicators", lang), anchor="indicators", search=False)
    body += indicators_section(inputs, here, pd, task, lang)

    page_title = t("task.page-title", lang, title=title, city=city_name(cd, lang))
    desc = f"{title} · {plan_name(pd.plan, lang)} · {city_name(cd, lang)} · {t('site_name', lang)}"
    return Page(here, page_title, desc, body)


def responsible_section(here: str, cd: CityData, task: Task, lang: str) -> str:
    """Lead and supporting units where the document names a lead; else the units in its order,
    saying that it names none. The rule is stated and linked."""
    out = ""
    if not task.responsible:
        out += para(t("task.no-units", lang))
    elif task.lead:
        lead = Markup('{} <span class="task-lead">{}</span>').format(
            _units(here, cd, task.lead, lang), t("task.lead-mark", lang)
        )
        rows: list[tuple[str, object]] = [(t("task.lead", lang), lead)]
        others = [d for d in task.responsible if d not in task.lead]
        if others:
            rows.append((t("task.supporting", lang), _units(here, cd, others, lang)))
        out += definition_list(rows, lang)
    else:
        out += para(_units(here, cd, task.responsible, lang), css="task-units")
        out += _aside(t("task.no-lead", lang))
    rule = Markup("{} ").format(t("task.lead-rule", lang)) + link(
        here, urls.methodology, t("task.rule-link", lang), anchor=RULE_ANCHOR
    )
    return out + _aside(rule)


def reports_section(pd: PlanData, task: Task, lang: str, portal: Any = None, here: str | None = None) -> str:
    """Every dated report, oldest first: date, status, the report it comes from, its note."""
    items = []
    for r in pd.reports_for(task.id):
        note_text = (r.note_en or r.note_zh) if lang == "en" else (r.note_zh or r.note_en)
        head = Markup('<span class="task-date">{}</span> · {}').format(
            r.date.isoformat(), t("task_" + r.status.value, lang)
        )
        evidence = Markup('<br><span class="task-evidence">{}{}{}</span>').format(
            t("task.report-source", lang), colon(lang), row_source_text(r, portal, lang, here)
        )
        extra = Markup("<br>{}").format(note_text) if note_text else ""
        items.append(head + evidence + extra)
    return _list(items, "task-reports") or para(t("task.no-reports", lang))


def indicators_section(inputs: Inputs, here: str, pd: PlanData, task: Task, lang: str) -> str:
    items = []
    for ind_id in task.indicators:
        ind = next((i for i in pd.indicators if i.id == ind_id), None)
        if ind is None:  # validated: a known id of this plan (left out only if it failed its model)
            continue
        a = inputs.assessment(pd.plan.id, ind.id)
        items.append(
            link(here, urls.indicator(pd.plan.id, ind.id), tr(ind.name, lang) or ind.id)
            + Markup(" · {}").format(status_label(a, lang))
        )
    if not items:
        return para(t("task.not-linked", lang))
    return _list(items, "task-indicators") + _aside(t("task.linked-rule", lang))


# --------------------------------------------------------------------------- the plan's index


def tasks_index(inputs: Inputs, cd: CityData, pd: PlanData, lang: str) -> Page:
    """The plan's tasks by section: number, title (a link to the task's page), who is
    responsible in one line (the lead only where the document names one) and status."""
    here = urls.tasks(pd.plan.id)
    name = plan_name(pd.plan, lang)
    title = f"{name} · {t('tasks', lang)}"
    body = heading(1, title, anchor="title")
    body += para(
        link(here, urls.city(cd.city.id), city_name(cd, lang)) + " › " + link(here, urls.plan(pd.plan.id), name),
        css="breadcrumb",
    )
    specs: dict[str, dict] = {}
    if not pd.tasks:
        body += para(t("no_tasks", lang))
        return Page(here, title, f"{title} · {t('site_name', lang)}", body, specs)
    body += para(t("task.index-intro", lang, n=len(pd.tasks)))
    for n, (section, tasks) in enumerate(sections_of(pd, lang), 1):
        body += heading(2, t("task.with-count", lang, label=section, n=len(tasks)), anchor=f"section-{n}")
        items = []
        for task in tasks:
            number = Markup('<span class="task-no">{}</span> ').format(task.number) if task.number else ""
            items.append(
                Markup('<li id="task-{}">{}{}<br><span class="task-meta">{} · {}</span></li>').format(
                    task.id,
                    number,
                    link(here, urls.task(pd.plan.id, task.id), task_title(task, lang)),
                    units_line(here, cd, task, lang, limit=3, links=False),
                    task_status(pd, task.id, lang),
                )
            )
        body += str(Markup('<ul class="task-index">{}</ul>').format(Markup("").join(items))) + "\n\n"
    body += heading(2, t("task_status_title", lang), anchor="status")
    groups = [(name, task_figure.count(pd, pd.tasks))]
    body += task_figure.task_status_figure(groups, "status.svg", specs, lang, t("plan", lang))
    return Page(here, title, f"{title} · {city_name(cd, lang)} · {t('site_name', lang)}", body, specs)


def task_pages(inputs: Inputs, cd: CityData, pd: PlanData, lang: str) -> list[Page]:
    """The plan's task index and one page per task."""
    return [tasks_index(inputs, cd, pd, lang), *(task_page(inputs, cd, pd, task, lang) for task in pd.tasks)]


# --------------------------------------------------------------------------- indicator pages


def serving_tasks(here: str, cd: CityData, pd: PlanData, ind: Indicator, lang: str) -> str:
    """Section for an indicator's page: the tasks the document ties to it, each with who is
    responsible (lead marked only where the document names one); or "not linked"."""
    tasks = [task for task in pd.tasks if ind.id in task.indicators]
    body = heading(2, t("task.serving", lang), anchor="tasks")
    if not tasks:
        return body + para(t("task.serving-none", lang))
    items = [
        link(here, urls.task(pd.plan.id, task.id), task_title(task, lang))
        + Markup('<br><span class="task-meta">{}</span>').format(units_line(here, cd, task, lang))
        for task in tasks
    ]
    return body + _list(items, "task-index")


# --------------------------------------------------------------------------- department pages


def department_tasks(here: str, cd: CityData, dept_id: str, lang: str) -> str:
    """A unit's tasks by role (lead, supporting, listed without a lead), each role grouped by
    plan; the title links to the task's page."""
    out = ""
    for key, label in (("lead", "task.role-lead"), ("support", "task.role-support"), ("listed", "task.role-listed")):
        groups = [
            (pd, [task for task in pd.tasks if dept_id in task.responsible and role(task, dept_id) == key])
            for pd in cd.plans
        ]
        groups = [(pd, tasks) for pd, tasks in groups if tasks]
        total = sum(len(tasks) for _, tasks in groups)
        if not total and key != "listed":
            continue  # a role the unit never has is not worth a heading (lead is said on every task page)
        out += heading(2, t("task.with-count", lang, label=t(label, lang), n=total), anchor=f"role-{key}")
        if not total:
            out += para(t("task.role-none", lang))
            continue
        for pd, tasks in groups:
            items = Markup("").join(
                Markup('<li>{}{}<br><span class="task-meta">{}</span></li>').format(
                    Markup('<span class="task-no">{}</span> ').format(task.number) if task.number else "",
                    link(here, urls.task(pd.plan.id, task.id), task_title(task, lang)),
                    " · ".join(x for x in (tr(task.section, lang), task_status(pd, task.id, lang)) if x),
                )
                for task in tasks
            )
            summary = t("task.with-count", lang, label=plan_name(pd.plan, lang), n=len(tasks))
            out += (
                str(
                    Markup(
                        '<details class="task-group"{}><summary>{}</summary><ul class="task-index">{}</ul></details>'
                    ).format(Markup(" open") if len(groups) == 1 and len(tasks) <= 12 else "", summary, items)
                )
                + "\n\n"
            )
    return out


__all__ = [
    "department_tasks",
    "role",
    "serving_tasks",
    "task_page",
    "task_pages",
    "tasks_index",
    "units_line",
]
