"""A source document's page: what is known about it, then its transcribed text, one anchor per line.

The text stays Chinese in both languages (``lang="zh"`` on its block). Every line keeps its number
in the file (`line-<n>`; blank lines are left out, numbers are not reused); each cited run of
several lines is wrapped in an element of its own (`lines-<first>-<last>`, see generator.documents),
so a source link lands on the place and CSS ``:target`` highlights it. Every line is escaped: the
text is data, and nothing in it becomes markup, a link or an attribute.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..documents import Document, line_anchor, range_anchor
from ..escape import Markup
from ..i18n import t
from ..i18n.lang import colon
from .common import Page, definition_list, heading, link, mark_chinese, para, tr, urls
from .describe import enum_label

NOT_KNOWN = "sources.not_known"


def title_of(doc: Document, lang: str) -> str:
    """The document's title in ``lang`` (its file name when documents.yaml does not describe it)."""
    return (tr(doc.meta.title, lang) if doc.meta is not None else None) or doc.file


def facts(doc: Document, lang: str) -> list[tuple[str, object]]:
    """Title (the original too, on English pages), issuer, number, date, address (text), file."""
    meta = doc.meta
    unknown = t(NOT_KNOWN, lang)
    out: list[tuple[str, object]] = []
    if lang != "zh" and meta is not None and meta.title.zh and meta.title.zh != title_of(doc, lang):
        out.append((t("sources.original_title", lang), meta.title.zh))
    out += [
        (t("sources.issuer", lang), (tr(meta.issuer, lang) if meta else None) or unknown),
        (t("sources.doc_number", lang), (meta.doc_number if meta else None) or unknown),
        (t("sources.published", lang), meta.published.isoformat() if meta and meta.published else unknown),
        (t("sources.url", lang), (meta.url if meta else None) or unknown),
        (t("sources.file", lang), doc.file),
    ]
    return out


def text_block(doc: Document, lang: str) -> str:
    """The text: one ``<p>`` per non-blank line, cited runs wrapped (they nest, never cross). A tab
    is shown as a space (HTML folds it anyway; Markdown would have expanded it)."""
    opens: dict[int, list[tuple[int, int]]] = defaultdict(list)
    closes: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for first, last in doc.ranges:
        opens[first].append((first, last))
        closes[last].append((first, last))
    out: list[Markup] = [Markup('<div class="doc-text" lang="zh">')]
    for n, line in enumerate(doc.lines, 1):
        for first, last in sorted(opens.get(n, []), key=lambda r: r[0] - r[1]):  # outermost first
            out.append(Markup('<div class="doc-run" id="{}">').format(range_anchor(first, last)))
        if line.strip():
            anchor = line_anchor(n)
            out.append(
                Markup(
                    '<p class="doc-line" id="{a}"><a class="doc-line__no" href="#{a}" aria-label="{label}">{n}</a>'
                    '<span class="doc-line__text">{text}</span></p>'
                ).format(a=anchor, n=n, label=t("sources.line", lang, n=n), text=line.replace("\t", " "))
            )
        out.extend(Markup("</div>") for _ in closes.get(n, []))
    out.append(Markup("</div>"))
    return str(Markup("\n").join(out)) + "\n\n"


def document_page(doc: Document, lang: str) -> Page:
    """The page ``sources/<id>/``. English pages mark the Chinese in the facts themselves (the
    text block is lang="zh" as a whole; the page is left out of the site-wide marking)."""
    here = urls.document(doc.id)
    title = title_of(doc, lang)
    head = para(link(here, urls.about, t("about", lang), anchor="sources"), css="breadcrumb")
    head += heading(1, title, anchor="title")
    head += para(t("sources.intro", lang))
    head += definition_list(facts(doc, lang), lang)
    if doc.meta is not None and doc.meta.notes:
        head += para(t("sources.where_from", lang, notes=tr(doc.meta.notes, lang)), css="doc-notes")
    head += heading(2, t("sources.text", lang), anchor="text")
    head += para(t("sources.text_note", lang, n=len(doc.lines)))
    if lang == "en":
        head = mark_chinese(head)
    desc = f"{title} · {t('sources.kind', lang)} · {t('site_name', lang)}"
    return Page(here, t("sources.page_title", lang, title=title), desc, head + text_block(doc, lang))


def documents_table(here: str, portal: Any, lang: str) -> str:
    """The About page's list of the documents, one card each: the title (a link to its page; on
    English pages the Chinese title too, to find it by), then city, issuer, number, date and
    address (text, never a link) as documents.yaml records them ("not known" where it does not),
    and the status and period of the plan transcribed from it."""
    if not portal.documents:
        return para(t("sources.none", lang))
    plans = {pd.plan.source.file: (cd, pd) for cd, pd in portal.plans()}
    unknown = t(NOT_KNOWN, lang)
    cards = []
    for doc in portal.documents:
        found = plans.get(doc.file)
        plan = found[1].plan if found else None
        rows: list[tuple[str, object]] = [
            (t("city", lang), (tr(found[0].city.name, lang) if found else None) or unknown)
        ]
        rows += facts(doc, lang)[:-1]  # the transcribed file is on the document's own page
        if plan is not None:
            start, end = plan.period.start, plan.period.end
            rows += [
                (t("plan_status", lang), enum_label("plan", plan.status, lang)),
                (t("period", lang), f"{start}–{end}" if end != start else str(start)),
            ]
        items = Markup("").join(Markup("<dt>{}{}</dt><dd>{}</dd>").format(k, colon(lang), v) for k, v in rows)
        cards.append(
            Markup('<div class="doc-card"><p class="doc-card__title">{}</p><dl class="facts">{}</dl></div>').format(
                link(here, urls.document(doc.id), title_of(doc, lang)), items
            )
        )
    return para(t("sources.about_intro", lang)) + str(Markup("\n").join(cards)) + "\n\n"
