"""Domain values in words: targets, baselines, statuses, plan names. Plain strings, not escaped."""

from __future__ import annotations

from typing import Any

from ..escape import Markup
from ..i18n import has, t
from ..i18n.lang import join, join_clauses, paren, with_unit
from ..i18n.targets import target_words
from ..models import AdminLevel, Baseline, Indicator, Plan, Target, TargetKind
from ..portal import CityData, PlanData
from ..status import STATUS_ORDER as _ORDER
from ..status import choose, summarise
from .common import fmt_number, link, tr, urls

STATUS_ORDER = [s.value for s in _ORDER]


def by_level(cd: CityData) -> int:
    """Sort key of a city: the provincial capital first, then by level (a stable sort keeps the rest in order)."""
    return list(AdminLevel).index(cd.city.level)


def status_key(assessment: Any) -> str:
    """The status of an assessment as its string value ("not-assessed" when there is none)."""
    if assessment is None:
        return "not-assessed"
    status = getattr(assessment, "status", assessment)
    value = getattr(status, "value", status)
    return str(value).replace("_", "-")


def status_label(assessment: Any, lang: str) -> str:
    return t(f"status.{status_key(assessment)}", lang)


def status_badge(assessment: Any, lang: str) -> Markup:
    """The status as a badge (one unbreakable word, coloured by status)."""
    return Markup('<span class="status status--{}">{}</span>').format(
        status_key(assessment), status_label(assessment, lang)
    )


def unit_of(ind: Indicator, lang: str) -> str:
    """The indicator's unit in ``lang`` ("" when the document gives none)."""
    return tr(ind.unit, lang) or ""


def value_text(value: float | None, unit: str, lang: str) -> str:
    """A figure with its unit (18000件 / 18000 patents), or 'not reported'."""
    return with_unit(fmt_number(value, lang), unit, lang) if value is not None else fmt_number(value, lang)


def latest_reading(assessment: Any, pd: PlanData, ind: Indicator) -> Any:
    """The latest reported value (a status Reading or an ObservationRow: ``.year``, ``.value``) or None."""
    latest = getattr(assessment, "latest", None) if assessment is not None else None
    if latest is None:
        obs = pd.observations_for(ind.id)
        latest = obs[-1] if obs else None
    return latest


def latest_text(assessment: Any, pd: PlanData, ind: Indicator, lang: str, unit: str = "") -> str:
    """The latest reported value (with ``unit``) and its year, or 'not reported'."""
    latest = latest_reading(assessment, pd, ind)
    if latest is None:
        return t("not_reported", lang)
    year, value = latest.year, latest.value
    return (
        t("baseline_value", lang, value=value_text(value, unit, lang), year=year)
        if year
        else value_text(value, unit, lang)
    )


def latest_source(
    assessment: Any, pd: PlanData, ind: Indicator, lang: str, portal: Any = None, here: str | None = None
) -> Markup | str | None:
    """Where the latest value is reported, or None when nothing is reported: the value status uses
    (`status.choose`: several sources for one year rank by kind), partial-year values left out."""
    latest = latest_reading(assessment, pd, ind)
    if latest is None:
        return None
    web = {w.id: w for w in portal.web_sources} if portal is not None else {}
    chosen, _ = choose(pd.observations_for(ind.id), web)
    same_year = [o for o in chosen if o.year == latest.year and o.value == latest.value]
    if same_year:
        return row_source_text(same_year[0], portal, lang, here)
    if ind.baseline is not None and ind.baseline.year == latest.year:
        return source_text(ind.baseline.source or ind.source, lang, portal, here)
    return None


def target_text(target: Target, lang: str, unit: str = "") -> str:
    """The target in words, e.g. "reach 13 patents by 2025"; the document's own words appended."""
    words = tr(target.text, lang)
    if target.kind is TargetKind.qualitative:
        return target_words(target, lang, text=words or t("not_stated", lang))
    return target_words(target, lang, unit=unit) + (paren(words, lang) if words else "")


def baseline_text(baseline: Baseline | None, lang: str, unit: str = "") -> str:
    if baseline is None:
        return t("not_stated", lang)
    return t("baseline_value", lang, value=value_text(baseline.value, unit, lang), year=baseline.year)


def plan_name(plan: Plan, lang: str) -> str:
    return tr(plan.short_title, lang) or tr(plan.title, lang) or plan.id


def city_name(cd: CityData, lang: str) -> str:
    return tr(cd.city.name, lang) or cd.city.id


def dept_name(cd: CityData, dept_id: str, lang: str) -> str:
    d = cd.department(dept_id)
    return (tr(d.name, lang) if d else None) or dept_id


def task_status(pd: PlanData, task_id: str, lang: str) -> str:
    """The latest reported status of a task with its date, or 'no report yet'."""
    reports = pd.reports_for(task_id)
    if not reports:
        return t("no_report_yet", lang)
    last = reports[-1]
    return t("task_" + last.status.value, lang) + paren(last.date.isoformat(), lang)


def enum_label(prefix: str, value: Any, lang: str) -> str:
    if value is None:
        return t("not_stated", lang)
    v = getattr(value, "value", value)
    return t(f"{prefix}_{v}", lang) if has(f"{prefix}_{v}") else str(v)


def document_name(file: str, portal: Any, lang: str) -> str:
    """A source document as readers know it: its title (《…》, from sources/documents.yaml, else
    from the plan it is), else as given (a report's title; the file name only for a document
    nothing describes)."""
    doc = portal.document(file) if portal is not None and hasattr(portal, "document") else None
    if doc is not None and doc.meta is not None:
        return t("source.document", lang, title=tr(doc.meta.title, lang))
    for _, pd in portal.plans() if portal is not None else []:
        if pd.plan.source is not None and pd.plan.source.file == file:
            return t("source.document", lang, title=tr(pd.plan.title, lang))
    return file


def source_link(here: str, file: str, label: str, quote: str | None, portal: Any) -> Markup | str:
    """``label`` as a link to the place of ``quote`` in the document page of ``file`` (the line, or
    the run of lines, it stands on; the page's top when the quote is not found); plain ``label``
    when ``file`` is not a document in data/sources/ (a report's title, a web page)."""
    doc = portal.document(file) if portal is not None and hasattr(portal, "document") else None
    if doc is None:
        return label
    return link(here, urls.document(doc.id), label, doc.anchor(quote))


def source_text(source: Any, lang: str, portal: Any = None, here: str | None = None) -> Markup | str:
    """Document · section (quote omitted: shown separately where there is room). With ``portal``,
    the document by its title instead of its file name; with ``here`` too (the page it goes on),
    a link to the quoted place in the document's page."""
    if source is None:
        return t("not_stated", lang)
    label = f"{document_name(source.file, portal, lang)} · {source.section}"
    return source_link(here, source.file, label, source.quote, portal) if here else label


def row_source_text(row: Any, portal: Any, lang: str, here: str | None = None, with_kind: bool = True) -> Markup | str:
    """Where a reported value or task report comes from: a web page by its kind (unless the table
    has a column for it: ``with_kind=False``), publisher (and the original publisher of a copy),
    title and date (text: a web address is never a link here); a document by its title and
    section, with ``here`` a link to the quoted place in it."""
    page = portal.web_source(row.source) if portal is not None else None
    if page is None:
        section = getattr(row, "section", None)  # a task report names its report only
        label = document_name(row.source, portal, lang) + (f" · {section}" if section else "")
        return source_link(here, row.source, label, getattr(row, "quote", None), portal) if here else label
    publisher = page.publisher + (
        t("source.original", lang, who=page.original_publisher) if page.original_publisher else ""
    )
    date = page.published.isoformat() if page.published else t("source.undated", lang)
    if not with_kind:
        return t("source.web-page", lang, publisher=publisher, title=page.title, date=date)
    kind = t(f"source-kind.{page.kind.value}", lang)
    return t("source.web", lang, kind=kind, publisher=publisher, title=page.title, date=date)


def status_counts(inputs: Any, plans: list[PlanData]) -> list[tuple[str, int]]:
    """How many indicators of ``plans`` have each status (``status.summarise``), best first;
    only the statuses that occur, indicators without an assessment last ("not-assessed")."""
    assessed = [inputs.assessment(pd.plan.id, ind.id) for pd in plans for ind in pd.indicators]
    counts = {status_key(s): n for s, n in summarise(a for a in assessed if a is not None).items()}
    counts["not-assessed"] = sum(a is None for a in assessed)
    return [(k, n) for k, n in counts.items() if n]


def counts_text(counts: list[tuple[str, int]], lang: str) -> str:
    """ "进度正常2项、暂无数据29项" / "On track: 2, No data: 29"."""
    return join((t("layout.status_count", lang, status=t(f"status.{k}", lang), n=n) for k, n in counts), lang)


def summary_text(inputs: Any, plans: list[PlanData], lang: str) -> str:
    """The plain-language answer for a plan or a city: "31项指标：进度正常2项、暂无数据29项；50项任务，
    有进展报告0项"."""
    n_ind = sum(len(pd.indicators) for pd in plans)
    n_tasks = sum(len(pd.tasks) for pd in plans)
    reported = sum(len({r.task for r in pd.task_reports}) for pd in plans)
    parts = []
    if n_ind:
        key = "layout.summary_indicators_one" if n_ind == 1 else "layout.summary_indicators"
        parts.append(t(key, lang, n=n_ind, counts=counts_text(status_counts(inputs, plans), lang)))
    else:
        parts.append(t("no_indicators", lang).rstrip("。."))
    if n_tasks:
        key = "layout.summary_tasks_one" if n_tasks == 1 else "layout.summary_tasks"
        parts.append(t(key, lang, n=n_tasks, reported=reported))
    return join_clauses(parts, lang) + t("layout.full_stop", lang)


def period_text(inputs: Any, pd: PlanData, lang: str) -> str | None:
    """Whether the plan period has ended relative to the data's as-of year, in words (None
    when there is no as-of year)."""
    period, as_of = pd.plan.period, getattr(inputs, "as_of", None)
    if not as_of:
        return None
    key = "layout.period_ended" if period.end < as_of else "layout.period_running"
    return t(key, lang, start=period.start, end=period.end, as_of=as_of)


def title_in_city(name: str, city: str, lang: str) -> str:
    """A page title that names the city (tabs, bookmarks), unless the name already does."""
    return name if city in name else t("layout.title_in_city", lang, name=name, city=city)
