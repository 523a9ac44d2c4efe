"""The home page: what the portal is, every city and plan with a status summary, latest updates."""

from __future__ import annotations

from collections import Counter

from ..escape import Markup
from ..i18n import t
from .common import Page, bullet_list, heading, link, md_link, note, para, table, urls
from .describe import STATUS_ORDER, by_level, city_name, enum_label, plan_name, status_key
from .inputs import Inputs


def status_counts(inputs: Inputs, plan_id: str, indicator_ids: list[str]) -> Counter:
    return Counter(status_key(inputs.assessment(plan_id, i)) for i in indicator_ids)


def status_breakdown(counts: Counter, total: int, lang: str) -> Markup:
    """'31 indicators: no data 29 · on track 2' — only the statuses that occur, in order (HTML)."""
    keys = STATUS_ORDER + [k for k in counts if k not in STATUS_ORDER]
    parts = [f"{t(f'status.{k}', lang)} {counts[k]}" for k in keys if counts.get(k)]
    head = t("indicators_one" if total == 1 else "indicators_n", lang, n=total)
    return Markup("{}<br>{}").format(head, " · ".join(parts)) if parts else Markup("{}").format(head)


def home_page(inputs: Inputs, lang: str) -> Page:
    here = urls.home
    portal = inputs.portal
    body = heading(1, t("site_name", lang), anchor="title")
    body += para(t("home_intro", lang), css="lead")
    if lang == "en":
        body += note(t("unofficial_translation", "en"))

    body += heading(2, t("home_status_title", lang), anchor="status")
    headers = [t("plan", lang), t("plan_status", lang), t("indicator_status", lang), t("tasks_count", lang)]
    rows = []
    reported_tasks = total_tasks = 0
    for cd, pd in sorted(portal.plans(), key=lambda p: by_level(p[0])):  # the capital first
        counts = status_counts(inputs, pd.plan.id, [i.id for i in pd.indicators])
        reported = {r.task for r in pd.task_reports}
        reported_tasks += len(reported)
        total_tasks += len(pd.tasks)
        plan_cell = Markup('{}<br><span class="home-city">{}</span>').format(
            link(here, urls.plan(pd.plan.id), plan_name(pd.plan, lang)),
            link(here, urls.city(cd.city.id), city_name(cd, lang)),
        )
        rows.append(
            [
                plan_cell,
                enum_label("plan", pd.plan.status, lang),
                status_breakdown(counts, len(pd.indicators), lang),
                t("home_tasks_cell", lang, n=len(pd.tasks), reported=len(reported)),
            ]
        )
    if rows:
        body += para(
            t("home_reported_after_baseline", lang, n=reported_after_baseline(portal), total=n_indicators(portal))
        )
        body += table(headers, rows, caption=t("home_status_title", lang), css="data-table home-status")
    else:
        body += para(t("no_plans", lang))
    if reported_tasks == 0:
        body += note(t("home_tasks_note", lang))
    else:
        body += para(t("home_tasks_some", lang, n=reported_tasks, total=total_tasks))

    body += heading(2, t("cities", lang), anchor="cities")
    body += bullet_list(
        md_link(here, urls.city(cd.city.id), city_name(cd, lang))
        + " — "
        + "; ".join(md_link(here, urls.plan(pd.plan.id), plan_name(pd.plan, lang)) for pd in cd.plans)
        for cd in portal.cities
    )

    body += heading(2, t("latest_updates", lang), anchor="latest")
    body += para(link(here, urls.whats_new, t("whats_new", lang)) + " — " + t("latest_updates_text", lang))
    body += bullet_list(
        [
            md_link(here, urls.concepts, t("concepts", lang)),
            md_link(here, urls.departments, t("departments", lang)),
            md_link(here, urls.downloads, t("downloads", lang)),
            md_link(here, urls.about, t("about", lang)),
        ]
    )
    return Page(here, t("site_name", lang), t("site_description", lang), body)


def n_indicators(portal) -> int:
    return sum(len(pd.indicators) for _, pd in portal.plans())


def reported_after_baseline(portal) -> int:
    """How many indicators have a year-end value reported for a year after their baseline (or, with
    no baseline, after the plan's first year): how much progress the public sources show at all."""
    n = 0
    for _, pd in portal.plans():
        for ind in pd.indicators:
            after = ind.baseline.year if ind.baseline is not None else pd.plan.period.start - 1
            if any(o.year > after and not o.partial for o in pd.observations_for(ind.id)):
                n += 1
    return n
