"""Domain values in words: targets, baselines, statuses, plan names. Plain strings, not escaped."""

from __future__ import annotations

from typing import Any

from ..i18n import has, t
from ..i18n.lang import paren
from ..i18n.targets import target_words
from ..models import Baseline, Indicator, Plan, Target, TargetKind
from ..portal import CityData, PlanData
from ..status import STATUS_ORDER as _ORDER
from .common import fmt_number, tr

STATUS_ORDER = [s.value for s in _ORDER]


def status_key(assessment: Any) -> str:
    """The status of an assessment as its string value ("not-assessed" when there is none)."""
    if assessment is None:
        return "not-assessed"
    status = getattr(assessment, "status", assessment)
    value = getattr(status, "value", status)
    return str(value).replace("_", "-")


def status_label(assessment: Any, lang: str) -> str:
    return t(f"status.{status_key(assessment)}", lang)


def latest_text(assessment: Any, pd: PlanData, ind: Indicator, lang: str) -> str:
    """The latest reported value with its year, or 'not reported'."""
    latest = getattr(assessment, "latest", None) if assessment is not None else None
    if latest is None:
        obs = pd.observations_for(ind.id)
        latest = obs[-1] if obs else None
    if latest is None:
        return t("not_reported", lang)
    year, value = latest.year, latest.value  # a status Reading or an ObservationRow
    return t("baseline_value", lang, value=fmt_number(value, lang), year=year) if year else fmt_number(value, lang)


def target_text(target: Target, lang: str) -> str:
    """The target in words, e.g. "reach 13 by 2025"; the document's own words appended."""
    words = tr(target.text, lang)
    if target.kind is TargetKind.qualitative:
        return target_words(target, lang, text=words or t("not_stated", lang))
    return target_words(target, lang) + (paren(words, lang) if words else "")


def baseline_text(baseline: Baseline | None, lang: str) -> str:
    if baseline is None:
        return t("not_stated", lang)
    return t("baseline_value", lang, value=fmt_number(baseline.value, lang), year=baseline.year)


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


def source_text(source: Any, lang: str) -> str:
    """File · section (quote omitted: shown separately where there is room)."""
    if source is None:
        return t("not_stated", lang)
    return f"{source.file} · {source.section}"
