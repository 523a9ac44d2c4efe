"""What lets a reader reuse one indicator: its data (CSV with BOM, JSON) and chart (SVG, PNG) next
to its page, a suggested citation, an embed code for a chart-only page (``embed.html``) and the
page's share card (Open Graph / Twitter meta, written into the front matter for main.html).

Pure like every renderer: it returns text and bytes; the build writes them beside the page
(``Page.files``, ``Page.images``). Every text from data reaches HTML only through
generator.escape (``Markup.format`` escapes its arguments); the share card is plain text that
main.html escapes; the chart's source line is a literal string in the chart spec.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import citation, downloads, status
from ..escape import Markup
from ..i18n import t
from ..i18n.lang import colon
from ..models import Indicator
from ..portal import CityData, PlanData
from .common import collapsed, heading, slug, tr
from .describe import (
    city_name,
    document_name,
    latest_reading,
    latest_text,
    plan_name,
    status_label,
    target_text,
    unit_of,
)
from .inputs import Inputs

CHART = "chart.svg"
PNG = "chart.png"  # drawn from CHART at build time (Page.images)
EMBED = "embed.html"  # the chart-only page
EMBED_SIZE = (620, 480)  # the iframe's width and height in the embed code (px)


@dataclass(frozen=True)
class Reuse:
    """Everything one indicator page gets for reuse."""

    section: str  # Markdown (raw HTML blocks) for the page, below its chart
    files: dict[str, str | bytes]  # name next to the page → content
    images: dict[str, str]  # PNG name → chart name
    share: dict[str, str]  # Open Graph / Twitter values, plain text
    source_line: str  # the chart's footer text


def data_names(ind: Indicator) -> tuple[str, str]:
    """The CSV and JSON file names of one indicator's data, next to its page."""
    return f"{slug(ind.id)}.csv", f"{slug(ind.id)}.json"


def source_line(inputs: Inputs, pd: PlanData, ind: Indicator, a: Any, lang: str) -> str:
    """ "来源：<where the latest value is reported, else the indicator's document>  ·  <portal>": the
    chart's footer, one short line (a web page by publisher and title, a document by its title)."""
    portal = inputs.portal
    latest = latest_reading(a, pd, ind)
    row = None
    if latest is not None:
        chosen, _ = status.choose(pd.observations_for(ind.id), {w.id: w for w in portal.web_sources})
        row = next((o for o in chosen if o.year == latest.year and o.value == latest.value), None)
    page = portal.web_source(row.source) if row is not None else None
    if page is not None:
        where = t("reuse.source_web", lang, publisher=page.publisher, title=page.title)
    else:
        where = document_name(row.source if row is not None else ind.source.file, portal, lang)
    return t("reuse.source_line", lang, source=where, portal=t("site_name", lang))


def indicator_reuse(
    inputs: Inputs, cd: CityData, pd: PlanData, ind: Indicator, lang: str, here: str, chart: bool = True
) -> Reuse:
    """The downloads, citation, embed code and share card of the indicator page at ``here``
    (without a ``chart``: the data and the citation only, and a share card without an image)."""
    a = inputs.assessment(pd.plan.id, ind.id)
    csv_name, json_name = data_names(ind)
    web = {w.id: w for w in inputs.portal.web_sources}
    csv_bytes, json_bytes = downloads.indicator_files(cd, pd, ind, a, inputs.version, web)
    address = citation.page_address(inputs.site_url, lang, here)
    cite = citation.citation(
        portal=t("site_name", lang),
        city=city_name(cd, lang),
        plan=t("source.document", lang, title=plan_name(pd.plan, lang)),
        indicator=_name(ind, lang),
        version=inputs.version,
        address=address,
        lang=lang,
    )
    line = source_line(inputs, pd, ind, a, lang)
    files: dict[str, str | bytes] = {csv_name: csv_bytes, json_name: json_bytes}
    code = None  # the embed code, only for a chart: plain text, so the page shows it escaped
    if chart:
        embed_url = citation.page_address(inputs.site_url, lang, here, EMBED)
        name = t("reuse.embed.frame", lang, name=_name(ind, lang))
        code = str(
            Markup(
                '<iframe src="{}" title="{}" width="{}" height="{}" style="border:0;max-width:100%" loading="lazy"></iframe>'
            ).format(embed_url, name, *EMBED_SIZE)
        )
        back = t("reuse.embed.back", lang, portal=t("site_name", lang))
        files[EMBED] = embed_page(lang, _name(ind, lang), line, back)
    section = _section(lang, csv_name, json_name, cite, code)
    images = {PNG: CHART} if chart else {}
    return Reuse(section, files, images, share_card(inputs, cd, pd, ind, a, lang, here, chart), line)


def _name(ind: Indicator, lang: str) -> str:
    return tr(ind.name, lang) or ind.id


def _section(lang: str, csv_name: str, json_name: str, cite: str, code: str | None) -> str:
    """下载与引用 / Download and cite: two short lines of links (the chart's only with its embed
    ``code``), the citation, the embed code folded."""
    sep = Markup(" · ")

    def line(label: str, links: list[tuple[str, str, bool]]) -> Markup:
        items = sep.join(
            Markup('<a href="{}"{}>{}</a>').format(href, Markup(" download") if download else "", text)
            for href, text, download in links
        )
        return Markup("<li>{}{}{}</li>").format(label, colon(lang), items)

    chart_links = [
        (PNG, t("reuse.png", lang), True),
        (CHART, t("reuse.svg", lang), True),
        (EMBED, t("reuse.embed.page", lang), False),
    ]
    links = Markup('<ul class="portal-reuse__links">{}{}</ul>').format(
        line(t("reuse.data", lang), [(csv_name, t("reuse.csv", lang), True), (json_name, t("reuse.json", lang), True)]),
        line(t("reuse.chart", lang), chart_links) if code is not None else "",
    )
    cite_block = Markup('<p class="portal-reuse__cite"><span class="portal-reuse__label">{}</span>{}<br>{}</p>').format(
        t("reuse.cite.title", lang), colon(lang), cite
    )
    out = heading(2, t("reuse.heading", lang), anchor="reuse", search=False)
    out += str(Markup('<div class="portal-reuse">{}{}</div>').format(links, cite_block)) + "\n\n"
    if code is None:
        return out
    embed = Markup('<p>{}</p><pre class="portal-reuse__code">{}</pre>').format(t("reuse.embed.help", lang), code)
    return out + collapsed(t("reuse.embed.title", lang), str(embed) + "\n\n")


def share_card(
    inputs: Inputs, cd: CityData, pd: PlanData, ind: Indicator, a: Any, lang: str, here: str, chart: bool = True
) -> dict[str, str]:
    """og:/twitter: values: the indicator and city, its status and latest value; the page's and
    (with a ``chart``) the PNG's absolute addresses only when the site's address is known."""
    unit = unit_of(ind, lang)
    sep = " · "
    card = {
        "title": f"{_name(ind, lang)}{sep}{city_name(cd, lang)}",
        "description": sep.join(
            [
                status_label(a, lang),
                t("latest", lang) + colon(lang) + latest_text(a, pd, ind, lang, unit),
                t("target", lang) + colon(lang) + target_text(ind.target, lang, unit),
            ]
        ),
        "type": "article",
        "site_name": t("site_name", lang),
        "locale": "zh_CN" if lang == "zh" else "en_US",
        "card": "summary",
    }
    if citation.site_base(inputs.site_url, lang):
        card["url"] = citation.page_address(inputs.site_url, lang, here)
        if chart:
            card["image"] = citation.page_address(inputs.site_url, lang, here, PNG)
            card["card"] = "summary_large_image"
    return card


_EMBED_CSS = (
    "body{margin:0;padding:8px;font-family:'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif;"
    "color:#1a1a1a;background:#fff;font-size:14px;line-height:1.4}"
    "img{display:block;max-width:100%;height:auto}"
    "p{margin:6px 0 0;font-size:13px;color:#444}a{color:#0b5394}"
)


def embed_page(lang: str, title: str, line: str, back: str) -> str:
    """The chart-only page (``embed.html``, beside ``chart.svg`` and the indicator page): the chart
    (its title is drawn in it, and is the page's title and the image's text), its source line
    and a link back; no script, no request outside this folder."""
    html_lang = "zh-CN" if lang == "zh" else "en"
    return str(
        Markup(
            '<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
            '<meta name="robots" content="noindex">\n<title>{title}</title>\n'
            '<meta name="description" content="{line}">\n<style>{css}</style>\n</head>\n<body>\n'
            '<img src="{chart}" alt="{title}">\n<p>{line}</p>\n'
            '<p><a href="./" target="_blank" rel="noopener">{back}</a></p>\n</body>\n</html>\n'
        ).format(lang=html_lang, title=title, css=Markup(_EMBED_CSS), chart=CHART, line=line, back=back)
    )
