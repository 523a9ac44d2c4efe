"""About the data: the source documents, each plan's source, translation, reporting errors."""

from __future__ import annotations

from ..escape import Markup
from ..i18n import t
from .common import Page, heading, link, para, table, urls
from .describe import city_name, enum_label, plan_name, source_text
from .document import documents_table
from .inputs import Inputs

REPORT_ANCHOR = "report-an-error"


def issue_url(repo_url: str | None) -> str | None:
    """The GitHub issue form for data errors, when a https GitHub repository is configured."""
    if repo_url and repo_url.startswith("https://github.com/"):
        return repo_url.rstrip("/") + "/issues/new?template=data-error.yml"
    return None


def about_page(inputs: Inputs, lang: str) -> Page:
    here = urls.about
    body = heading(1, t("about", lang), anchor="title")
    body += para(t("about_translation", lang))

    body += heading(2, t("about_sources", lang), anchor="sources")
    body += documents_table(here, inputs.portal, lang)
    body += heading(2, t("about_plans", lang), anchor="plans")
    body += table(
        [t("plan", lang), t("city", lang), t("plan_status", lang), t("source_file", lang), t("quote", lang)],
        [
            [
                link(here, urls.plan(pd.plan.id), plan_name(pd.plan, lang)),
                city_name(cd, lang),
                enum_label("plan", pd.plan.status, lang),
                source_text(pd.plan.source, lang, inputs.portal, here),
                pd.plan.source.quote or "",
            ]
            for cd, pd in inputs.portal.plans()
        ],
    )

    body += heading(2, t("about_report_title", lang), anchor=REPORT_ANCHOR)
    body += para(t("about_report_text", lang))
    url = issue_url(inputs.repo_url)
    if url:
        body += para(Markup('<a href="{}">{}</a>').format(url, t("report_issue_link", lang)))
    return Page(here, t("about", lang), t("about_translation", lang), body)
