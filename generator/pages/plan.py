"""Plan pages: the status overview first, then indicators, tasks by section, the document, history."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .. import charts, status
from ..escape import Markup
from ..i18n import t
from ..i18n.lang import colon, join_clauses
from ..i18n.numbers import derived
from ..models import PlanStatus
from ..portal import CityData, PlanData
from . import downloads_page, reference
from .common import Page, collapsed, definition_list, figure, heading, link, note, para, rows_label, table, tr, urls
from .describe import (
    STATUS_ORDER,
    baseline_text,
    city_name,
    enum_label,
    latest_reading,
    latest_text,
    period_text,
    plan_name,
    source_text,
    status_badge,
    status_key,
    summary_text,
    target_text,
    title_in_city,
    unit_of,
)
from .history_section import history_section
from .inputs import Inputs


def plans_index(inputs: Inputs, lang: str) -> Page:
    here = urls.plans
    body = heading(1, t("all_plans", lang), anchor="title")
    rows = [
        [
            link(here, urls.plan(pd.plan.id), plan_name(pd.plan, lang)),
            Markup('<span class="nw">{}</span>').format(link(here, urls.city(cd.city.id), city_name(cd, lang))),
            f"{pd.plan.period.start}–{pd.plan.period.end}",
            summary_text(inputs, [pd], lang),
            enum_label("kind", pd.plan.kind, lang),
            enum_label("plan", pd.plan.status, lang),
        ]
        for cd, pd in inputs.portal.plans()
    ]
    body += table(
        [
            t("plan", lang),
            t("city", lang),
            t("period", lang),
            t("status_summary", lang),
            t("kind", lang),
            t("plan_status", lang),
        ],
        rows,
    )
    return Page(here, t("plans", lang), t("site_description", lang), body)


def plan_facts(
    cd: CityData, pd: PlanData, lang: str, portal: Any = None, here: str | None = None
) -> list[tuple[str, object]]:
    p = pd.plan
    return [
        (t("title", lang), tr(p.title, lang)),
        (t("city", lang), city_name(cd, lang)),
        (t("doc_number", lang), p.doc_number or t("not_stated", lang)),
        (t("issuer", lang), tr(p.issuer, lang) or t("not_stated", lang)),
        (t("issue_date", lang), p.issue_date.isoformat() if p.issue_date else t("not_stated", lang)),
        (t("period", lang), f"{p.period.start}–{p.period.end}"),
        (t("kind", lang), enum_label("kind", p.kind, lang)),
        (t("plan_status", lang), enum_label("plan", p.status, lang)),
        (t("source_file", lang), source_text(p.source, lang, portal, here)),
    ]


def status_overview(inputs: Inputs, pd: PlanData, lang: str) -> str:
    """The plan's answer, first on its page: counts by status and of tasks with a report, and
    whether the plan period has ended (then these are its final results)."""
    lines = [summary_text(inputs, [pd], lang)]
    period = period_text(inputs, pd, lang)
    if period:
        lines.insert(0, period)
    paras = Markup("").join(Markup("<p>{}</p>").format(line) for line in lines)
    return str(Markup('<div class="portal-answer">{}</div>').format(paras)) + "\n\n"


def plan_page(inputs: Inputs, cd: CityData, pd: PlanData, lang: str) -> Page:
    """Status overview first (counts, the chart, the indicator table), then tasks, reference
    figures, downloads, the document's facts and its history."""
    here = urls.plan(pd.plan.id)
    p = pd.plan
    title = tr(p.title, lang) or p.id
    body = heading(1, title, anchor="title")
    body += para(link(here, urls.city(cd.city.id), city_name(cd, lang)), css="breadcrumb")
    if p.status is PlanStatus.draft:
        body += note(t("draft_banner", lang), kind="draft")
    body += status_overview(inputs, pd, lang)

    specs: dict[str, dict] = {}
    body += heading(2, t("progress_overview", lang), anchor="progress")
    body += progress_overview(inputs, here, pd, lang, specs)

    body += heading(2, t("indicators", lang), anchor="indicators")
    body += indicator_table(inputs, here, pd, lang)
    body += heading(2, t("tasks", lang), anchor="tasks")
    body += task_summary(here, pd, lang)
    body += reference.reference_list(inputs, here, p.id, lang)
    body += downloads_page.plan_downloads(inputs, here, p.id, lang)
    body += heading(2, t("layout.plan_document", lang), anchor="document")
    body += definition_list(plan_facts(cd, pd, lang, inputs.portal, here), lang)
    if p.summary:
        body += para(tr(p.summary, lang))
    if p.notes:
        body += note(tr(p.notes, lang))
    body += heading(2, t("revisions", lang), anchor="revisions")
    body += revisions(pd, lang)
    body += page_history(inputs, here, lang, pd.plan.id)
    desc = f"{title} · {city_name(cd, lang)} · {t('site_name', lang)}"
    return Page(here, plan_title(cd, pd, lang), desc, body, specs)


def progress_overview(inputs: Inputs, here: str, pd: PlanData, lang: str, specs: dict[str, dict]) -> str:
    """How far each indicator has come from its baseline to its target, as a chart of the
    indicators whose progress can be measured (a reported value, a start and a target), then
    the count of each status. The others are left out of the chart and counted in a sentence:
    a row with no bar says nothing the indicator table below does not say better."""
    p = pd.plan
    pairs = [(i, inputs.assessment(p.id, i.id)) for i in pd.indicators]
    if not pairs:
        return para(t("no_indicators", lang))
    shares = [(i, a, share) for i, a in pairs if a is not None and (share := status.progress(a)) is not None]
    measured = [(i, a) for i, a, _ in shares]
    left = len(pairs) - len(measured)
    if measured:
        title = t("progress_overview", lang)
        spec = specs["progress.svg"] = charts.plan_overview_chart(measured, lang, title=title)
        specs[charts.phone_name("progress.svg")] = charts.plan_overview_chart(measured, lang, title, phone=True)
        shown = [(i, a, derived(100 * share)) for i, a, share in shares]
        rows = [
            [link(here, urls.indicator(p.id, i.id), tr(i.name, lang) or i.id), share, status_badge(a, lang)]
            for i, a, share in shown
        ]
        data = table([t("indicator", lang), t("chart.progress", lang), t("status", lang)], rows, t("chart_data", lang))
        alt = (
            title + colon(lang) + join_clauses((f"{tr(i.name, lang) or i.id} {share}%" for i, _, share in shown), lang)
        )
        folded = collapsed(rows_label(t("chart_data", lang), len(rows), lang), data)
        out = figure("progress.svg", alt, charts.chart_summary(spec, lang), folded)
        if left:
            out += para(t("progress_unmeasured_one" if left == 1 else "progress_unmeasured", lang, n=left))
    else:
        out = para(t("progress_none_measured", lang))
    counts = Counter(status_key(a) for _, a in pairs)
    keys = STATUS_ORDER + (["not-assessed"] if counts.get("not-assessed") else [])
    keys += [k for k in counts if k not in keys]
    counted = [[status_badge(k, lang), counts.get(k, 0)] for k in keys]
    # two short columns: a plain table on phones too, not one card per status
    return out + table([t("status", lang), t("indicators_count", lang)], counted, css="data-table compact")


def plan_title(cd: CityData, pd: PlanData, lang: str) -> str:
    """The plan's page title; it names the city (tabs and bookmarks) unless its name already does."""
    return title_in_city(plan_name(pd.plan, lang), city_name(cd, lang), lang)


def indicator_table(inputs: Inputs, here: str, pd: PlanData, lang: str) -> str:
    """Every indicator: its figures with their unit, and its status as a badge. Those with a
    reported value come first; those without one are folded under their count."""
    if not pd.indicators:
        return para(t("no_indicators", lang))
    reported: list[list[object]] = []
    unreported: list[list[object]] = []
    for ind in pd.indicators:
        a = inputs.assessment(pd.plan.id, ind.id)
        unit = unit_of(ind, lang)
        row: list[object] = [
            ind.number or "",
            link(here, urls.indicator(pd.plan.id, ind.id), tr(ind.name, lang) or ind.id),
            status_badge(a, lang),
            latest_text(a, pd, ind, lang, unit),
            target_text(ind.target, lang, unit),
            baseline_text(ind.baseline, lang, unit),
        ]
        (reported if latest_reading(a, pd, ind) is not None else unreported).append(row)
    headers = [
        t("number", lang),
        t("indicator", lang),
        t("status", lang),
        t("latest", lang),
        t("target", lang),
        t("baseline", lang),
    ]
    out = table(headers, reported) if reported else ""
    if unreported:
        out += collapsed(t("layout.unreported_rows", lang, n=len(unreported)), table(headers, unreported))
    return out


def sections_of(pd: PlanData, lang: str) -> list[tuple[str, list]]:
    """Tasks grouped by their section heading, in document order."""
    sections: dict[str, list] = {}
    for task in pd.tasks:
        sections.setdefault(tr(task.section, lang) or "", []).append(task)
    return list(sections.items())


def task_summary(here: str, pd: PlanData, lang: str) -> str:
    """Sections with their number of tasks and of tasks with a report; the full list is on
    the plan's task page (kept separate so each page stays small)."""
    if not pd.tasks:
        return para(t("no_tasks", lang))
    reported = {r.task for r in pd.task_reports}
    rows = [
        [
            link(here, urls.tasks(pd.plan.id), name, anchor=f"section-{n}"),
            len(tasks),
            sum(task.id in reported for task in tasks),
        ]
        for n, (name, tasks) in enumerate(sections_of(pd, lang), 1)
    ]
    out = para(link(here, urls.tasks(pd.plan.id), t("all_tasks", lang, n=len(pd.tasks))))
    sections = table([t("section", lang), t("tasks_count", lang), t("tasks_reported", lang)], rows)
    out += collapsed(t("layout.sections_n", lang, n=len(rows)), sections)
    if not reported:
        out += para(t("tasks_none_reported", lang))
    return out


def revisions(pd: PlanData, lang: str) -> str:
    out = ""
    if pd.plan.revisions:
        rows = [
            [r.date.isoformat(), enum_label("plan", r.status, lang), tr(r.note, lang) or ""] for r in pd.plan.revisions
        ]
        out += table([t("issue_date", lang), t("plan_status", lang), t("notes", lang)], rows)
    else:
        out += para(t("no_revisions", lang))
    return out


def page_history(inputs: Inputs, here: str, lang: str, plan_id: str, indicator_id: str | None = None) -> str:
    """The data history of this page (Markdown with its own heading, from generator.history),
    saying that it is unavailable when none was computed."""
    entries = inputs.page_history.get(here, ()) if inputs.page_history is not None else ()
    return history_section(entries, lang, plan_id, indicator_id, inputs.commit_url).rstrip() + "\n\n"
