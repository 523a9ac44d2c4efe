"""About the data: the source documents, each plan's source, translation, reporting errors."""

from __future__ import annotations

from ..escape import Markup, html
from ..i18n import t
from ..i18n.lang import colon
from ..page_meta import report_link
from ..publishing import CODE_LICENCE, Publishing, citation, report_settings, site_address
from .common import Page, heading, link, para, table, urls
from .describe import city_name, enum_label, plan_name, source_text
from .document import documents_table
from .inputs import Inputs

REPORT_ANCHOR = "report-an-error"
LICENCE_ANCHOR = "licence"


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
