"""Reference series pages: every figure a plan quotes for comparison, one page per series.

Each series is listed on the page of the plan that quotes it (`reference_list`) and has its
own page with the chart, the data table and the source (`reference_page`), whether or not
it is linked to a comparison concept.
"""

from __future__ import annotations

from ..i18n import t
from ..models import ReferenceSeries
from .common import Page, collapsed, heading, link, para, rows_label, table, tr, urls
from .concept import reference_block
from .describe import city_name, plan_name, source_text, title_in_city
from .inputs import Inputs


def series_of(inputs: Inputs, plan_id: str) -> list[ReferenceSeries]:
    return [s for s in inputs.portal.reference if s.plan == plan_id]


def reference_list(inputs: Inputs, here: str, plan_id: str, lang: str) -> str:
    """The plan page's "reference figures" section: one row per series, with a link."""
    out = heading(2, t("plan_reference", lang), anchor="reference")
    series = series_of(inputs, plan_id)
    if not series:
        return out + para(t("no_reference", lang))
    concepts = {k.id: k for k in inputs.portal.concepts}
    rows = []
    for s in series:
        k = concepts.get(s.concept) if s.concept else None
        rows.append(
            [
                link(here, urls.reference(s.plan, s.id), tr(s.name, lang) or s.id),
                tr(s.unit, lang),
                len(s.points),
                source_text(s.source, lang, inputs.portal, here),
                link(here, urls.concept(k.id), tr(k.name, lang) or k.id) if k else t("no_concept", lang),
            ]
        )
    listing = table(
        [t("name", lang), t("unit", lang), t("values_count", lang), t("source", lang), t("concepts", lang)], rows
    )
    return out + collapsed(rows_label(t("plan_reference", lang), len(rows), lang), listing)


def reference_page(inputs: Inputs, s: ReferenceSeries, lang: str) -> Page:
    """One series: breadcrumb to its plan, chart, data table, unit, source and notes."""
    here = urls.reference(s.plan, s.id)
    name = tr(s.name, lang) or s.id
    body = heading(1, name, anchor="title")
    found = inputs.portal.plan(s.plan)
    if found is not None:
        cd, pd = found
        body += para(
            (
                link(here, urls.city(cd.city.id), city_name(cd, lang))
                + " › "
                + link(here, urls.plan(pd.plan.id), plan_name(pd.plan, lang))
                + " › "
                + link(here, urls.plan(pd.plan.id), t("plan_reference", lang), anchor="reference")
            ),
            css="breadcrumb",
        )
    body += para(t("reference_intro", lang))
    charts: dict[str, dict] = {}
    body += reference_block(
        s,
        "chart.svg",
        charts,
        lang,
        level=2,
        title=t("reference_figures", lang),
        highlight=found[0].city.name if found else None,
        here=here,
        portal=inputs.portal,
    )
    if s.concept:
        k = next((k for k in inputs.portal.concepts if k.id == s.concept), None)
        if k is not None:
            body += para(link(here, urls.concept(k.id), t("see_comparison", lang, name=tr(k.name, lang) or k.id)))
    desc = f"{name} · {t('plan_reference', lang)} · {t('site_name', lang)}"
    title = title_in_city(name, city_name(found[0], lang), lang) if found else name
    return Page(here, title, desc, body, charts)
