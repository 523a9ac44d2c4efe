"""The home page: what the portal is, every city and plan with a status summary, latest updates."""

from __future__ import annotations

from collections import Counter

from .common import Html, Page, esc, bullet_list, heading, link, md_link, note, para, table, urls
from .describe import STATUS_ORDER, city_name, enum_label, plan_name, status_key
from .inputs import Inputs
from .strings import t


def status_counts(inputs: Inputs, plan_id: str, indicator_ids: list[str]) -> Counter:
    return Counter(status_key(inputs.assessment(plan_id, i)) for i in indicator_ids)


def home_page(inputs: Inputs, lang: str) -> Page:
    here = urls.home
    portal = inputs.portal
    body = heading(1, t("site_name", lang), anchor="title")
    body += para(t("home_intro", lang), css="lead")
    if lang == "en":
        body += note(t("unofficial_translation", "en"))

    body += heading(2, t("home_status_title", lang), anchor="status")
    headers = [t("city", lang), t("plan", lang), t("plan_status", lang), t("indicators_count", lang)]
    headers += [t(f"status_{s}", lang) for s in STATUS_ORDER]
    headers += [t("tasks_count", lang)]
    rows = []
    reported_tasks = total_tasks = 0
    for cd, pd in portal.plans():
        counts = status_counts(inputs, pd.plan.id, [i.id for i in pd.indicators])
        reported = {r.task for r in pd.task_reports}
        reported_tasks += len(reported)
        total_tasks += len(pd.tasks)
        rows.append(
            [Html(link(here, urls.city(cd.city.id), city_name(cd, lang))),
             Html(link(here, urls.plan(pd.plan.id), plan_name(pd.plan, lang))),
             enum_label("plan", pd.plan.status, lang),
             len(pd.indicators)]
            + [counts.get(s, 0) for s in STATUS_ORDER]
            + [len(pd.tasks)]
        )
    if rows:
        body += table(headers, rows, caption=t("home_status_title", lang))
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
    body += para(Html(link(here, urls.whats_new, t("whats_new", lang)) + " — " + esc(t("latest_updates_text", lang))))
    body += bullet_list([
        md_link(here, urls.concepts, t("concepts", lang)),
        md_link(here, urls.departments, t("departments", lang)),
        md_link(here, urls.downloads, t("downloads", lang)),
        md_link(here, urls.about, t("about", lang)),
    ])
    return Page(here, t("site_name", lang), t("site_description", lang), body)

