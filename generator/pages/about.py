"""About the data: the source documents, each plan's source, translation, reporting errors."""

from __future__ import annotations

from ..escape import Markup
from ..i18n import t
from ..portal import CityData, PlanData
from .common import Page, heading, link, para, table, tr, urls
from .describe import city_name, enum_label, plan_name, source_text
from .inputs import Inputs

REPORT_ANCHOR = "report-an-error"
# The source-documents table: one row per file listed in data/sources/README.md, its facts
# from the plan whose source is that file (validated data, in the page's language).
SOURCE_HEADERS = ["file", "city", "title", "issuer", "doc_number_date", "plan_status", "period", "kind"]


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


def source_row(cd: CityData, pd: PlanData, lang: str) -> list[str]:
    """One source document, described by the plan transcribed from it (words from the catalogue)."""
    plan = pd.plan
    number_date = ", ".join(str(x) for x in (plan.doc_number, plan.issue_date) if x)
    start, end = plan.period.start, plan.period.end
    title = tr(plan.title, lang) or plan.id
    if lang != "zh" and plan.title.zh and plan.title.zh != title:
        title = f"{title} ({plan.title.zh})"  # the document's own title, to find it by
    return [
        plan.source.file,
        city_name(cd, lang),
        title,
        tr(plan.issuer, lang) or t("chrome.about_issuer_not_named", lang),
        number_date or t("not_stated", lang),
        enum_label("plan", plan.status, lang),
        f"{start}–{end}" if end != start else str(start),
        enum_label("kind", plan.kind, lang),
    ]


def sources_table(readme: str, plans: list[tuple[CityData, PlanData]], lang: str) -> tuple[list[str], list[list[str]]]:
    """The files of the README's table, each described by its plan; a file that no plan is
    transcribed from keeps the README's own cells (nothing listed there is dropped)."""
    _, rows = readme_table(readme)
    by_file = {pd.plan.source.file: (cd, pd) for cd, pd in plans}
    out = []
    for row in rows:
        found = by_file.get(row[0]) if row else None
        if found:
            out.append(source_row(*found, lang))
        else:
            out.append(row + [""] * (len(SOURCE_HEADERS) - len(row)))
    return [t(h, lang) for h in SOURCE_HEADERS], out


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
    headers, rows = sources_table(inputs.sources_readme, inputs.portal.plans(), lang)
    if rows:
        body += table(headers, rows)
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
