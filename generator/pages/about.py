"""About the data: the source documents, each plan's source, translation, reporting errors."""

from __future__ import annotations

from ..escape import Markup
from ..i18n import t
from .common import Page, heading, link, para, table, urls
from .describe import city_name, enum_label, plan_name, source_text
from .inputs import Inputs

REPORT_ANCHOR = "report-an-error"
# Column names of the table in data/sources/README.md → UI string keys.
README_HEADERS = {
    "file": "file",
    "city": "city",
    "document": "title",
    "issuer": "issuer",
    "number / date": "doc_number_date",
    "status": "plan_status",
    "period": "period",
}


def readme_table(readme: str) -> tuple[list[str], list[list[str]]]:
    """The first Markdown table of data/sources/README.md as (headers, rows) of plain strings."""
    lines = [ln.strip() for ln in readme.splitlines()]
    block: list[str] = []
    for ln in lines:
        if ln.startswith("|"):
            block.append(ln)
        elif block:
            break
    if len(block) < 2:
        return [], []
    split = lambda ln: [c.strip() for c in ln.strip("|").split("|")]  # noqa: E731
    return split(block[0]), [split(ln) for ln in block[2:]]


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
    headers, rows = readme_table(inputs.sources_readme)
    if rows:
        body += table([t(README_HEADERS[h], lang) if h in README_HEADERS else h for h in headers], rows)
    body += heading(2, t("about_plans", lang), anchor="plans")
    body += table(
        [t("plan", lang), t("city", lang), t("plan_status", lang), t("source_file", lang), t("quote", lang)],
        [
            [
                link(here, urls.plan(pd.plan.id), plan_name(pd.plan, lang)),
                city_name(cd, lang),
                enum_label("plan", pd.plan.status, lang),
                source_text(pd.plan.source, lang),
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
