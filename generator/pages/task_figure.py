"""The task-status figure of a plan's task page and of a department page.

Counts come from the task reports: each task counts under its latest reported status, or
under "no report yet" when it has none, so a plan without any report shows that honestly
rather than an empty chart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .. import charts
from ..i18n import t
from ..models import Task
from ..portal import PlanData
from .common import figure, para, table

STATUSES = ["completed", "in-progress", "not-started", "delayed", "no-report"]


def status_of(pd: PlanData, task_id: str) -> str:
    """The latest reported status value of a task, or "no-report"."""
    reports = pd.reports_for(task_id)
    return reports[-1].status.value if reports else "no-report"


def count(pd: PlanData, tasks: Iterable[Task]) -> Counter:
    return Counter(status_of(pd, task.id) for task in tasks)


def _label(status: str, lang: str) -> str:
    return t("no_report_yet", lang) if status == "no-report" else t(f"task_{status}", lang)


def task_status_figure(
    groups: list[tuple[str, Counter]], file_name: str, specs: dict[str, dict], lang: str, group_header: str
) -> str:
    """Figure (chart + summary caption) and its data table: one row per group, one column per
    status that occurs. When no task has a report, the sentence that says so and the table
    (single column "no report yet"), no chart: its one bar would say nothing more."""
    if not groups:
        return ""
    statuses = [s for s in STATUSES if any(c.get(s) for _, c in groups)] or ["no-report"]
    rows = [[name, *[c.get(s, 0) for s in statuses], sum(c.values())] for name, c in groups]
    data = table(
        [group_header, *[_label(s, lang) for s in statuses], t("tasks_count", lang)],
        rows,
        caption=t("chart_data", lang),
    )
    counts = {name: dict(c) for name, c in groups}
    if len(counts) < len(groups):  # two groups with the same name: keep both apart
        counts = {f"{n}. {name}": dict(c) for n, (name, c) in enumerate(groups, 1)}
    reported = sum(n for _, c in groups for s, n in c.items() if s != "no-report")
    if not reported:  # one bar of "no report yet" would only repeat the sentence and the table
        return para(t("task_status_none", lang)) + data
    title = t("task_status_title", lang)
    spec = charts.task_status_chart(counts, lang, title=title)
    specs[file_name] = spec
    specs[charts.phone_name(file_name)] = charts.task_status_chart(counts, lang, title=title, phone=True)
    summary = charts.chart_summary(spec, lang)
    return figure(file_name, summary, summary, data)
