"""About the data: the source documents, each plan's source, translation, reporting errors."""

from __future__ import annotations

from ..escape import Markup, html
from ..i18n import t
from ..i18n.lang import colon
from ..page_meta import report_link
from ..portal import CityData, PlanData
from ..publishing import CODE_LICENCE, Publishing, citation, report_settings, site_address
from .common import Page, heading, link, para, table, tr, urls
from .describe import city_name, enum_label, plan_name, source_text
from .inputs import Inputs

REPORT_ANCHOR = "report-an-error"
LICENCE_ANCHOR = "licence"
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

    body += licence_section(inputs, lang)
    body += report_section(inputs, lang)
    return Page(here, t("about", lang), t("about_translation", lang), body)


def licence_section(inputs: Inputs, lang: str) -> str:
    """The data's licence (mkdocs.yml extra.license), the dataset's citation, the code's licence."""
    pub = inputs.publishing
    lic = Markup('<a rel="license" href="{}">{}</a>').format(pub.licence.url, pub.licence.name(lang))
    body = heading(2, t("gov.about_licence_title", lang), anchor=LICENCE_ANCHOR)
    body += para(html(t("gov.about_licence_text", lang, licence="{licence}")).format(licence=lic))
    body += para(t("gov.about_cite", lang) + colon(lang) + citation(pub, lang, None, inputs.version.date))
    body += para(t("gov.about_code_licence", lang, id=CODE_LICENCE))
    return body


def report_section(inputs: Inputs, lang: str) -> str:
    """How to report an error: the issue form or the e-mail address configured, or whom to tell."""
    pub = inputs.publishing
    body = heading(2, t("about_report_title", lang), anchor=REPORT_ANCHOR)
    link_to = report_link(report_settings(pub, lang), page_address_of(pub, lang), None, None)
    if pub.issue_form:
        body += para(t("gov.about_report_form", lang))
        body += para(Markup('<a href="{}">{}</a>').format(link_to, t("gov.report_form_link", lang)))
    elif pub.contact_email:
        body += para(t("gov.about_report_email", lang, email=pub.contact_email))
        body += para(Markup('<a href="{}">{}</a>').format(link_to, t("gov.report_email_link", lang)))
    else:
        body += para(t("gov.about_report_none", lang))
    body += para(t("about_report_text", lang))
    return body


def page_address_of(pub: Publishing, lang: str) -> str:
    """The About page's own address (its report link names it)."""
    root = site_address(pub, lang)
    return (root or ("/en/" if lang == "en" else "/")) + "about/"
