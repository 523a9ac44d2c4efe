"""Building blocks shared by every page renderer: links, tables, figures.

Every string that comes from data/ is untrusted. It reaches a page only through the one
escaping module (generator.escape) or these helpers built on it:

* raw HTML blocks (tables, figures, paragraphs) are ``Markup``: a plain string put into one
  is escaped (``html``); HTML is written as ``Markup("<a href=\"{}\">{}</a>").format(…)``,
  which escapes its arguments.
* Markdown text (headings, list items) goes through ``md``, so ``**x**`` or
  ``[x](javascript:…)`` stays literal text.
* ``front_matter(title, description)`` - YAML dumped by ``yaml.safe_dump``.

Links are only ever built from ids that the models validated as slugs (``slug()`` checks
again) and from fixed path templates in ``urls``; data text never becomes a link target.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import yaml

from ..charts.specs import phone_name
from ..escape import Markup, html, md
from ..i18n import t
from ..i18n.lang import colon
from ..models import Text

_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Page:
    """One generated page: where it goes, its front matter and its Markdown body.

    ``charts`` maps a file name next to the page (e.g. ``progress.svg``) to a Vega-Lite
    spec; the build renders each to SVG. ``images``: a PNG file name next to the page → the
    name of the chart (in ``charts``) it is drawn from. ``files``: other files next to the page
    (name → text or bytes, e.g. a data download), written as they are. ``share``: the page's
    share card (generator.pages.reuse), in the front matter for the theme.
    """

    path: str  # e.g. "plans/zhengzhou-ip-2021-2025/index.md"
    title: str
    description: str
    body: str
    charts: dict[str, dict] = field(default_factory=dict)
    images: dict[str, str] = field(default_factory=dict)
    files: dict[str, str | bytes] = field(default_factory=dict)
    share: dict[str, str] = field(default_factory=dict)
    subject: str = ""  # the indicator or task the page is about (the report-an-error form names it)
    pub_date: str = ""  # content pages: when the page's data last changed (ISO date; meta PubDate)

    def markdown(self) -> str:
        meta = front_matter(self.title, self.description, self.share, subject=self.subject, pub_date=self.pub_date)
        return meta + self.body


# libyaml's emitter where PyYAML was built with it (as the pinned wheels are): ~10× faster
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def front_matter(
    title: str, description: str, share: dict[str, str] | None = None, subject: str = "", pub_date: str = ""
) -> str:
    """YAML front matter, safe whatever the strings hold.

    The title is stored HTML-escaped: MkDocs and Material insert ``page.title`` into the
    header, navigation and search index without escaping. The description is stored as
    plain text and escaped by our ``main.html`` override where it is used; so is ``share``.
    """
    # hide: the left sidebar repeats the tabs; without it tables get the whole width.
    meta: dict = {"title": str(html(_one_line(title))), "description": _one_line(description), "hide": ["navigation"]}
    if share:  # plain text, escaped by main.html's share block
        meta["portal_share"] = {k: _one_line(v) for k, v in share.items()}
    # plain text like the description: generator/page_meta.py percent-encodes it, main.html escapes it
    meta.update({k: _one_line(v) for k, v in (("subject", subject), ("pub_date", pub_date)) if v})
    return "---\n" + yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=10_000) + "---\n\n"


def _one_line(s: str) -> str:
    return re.sub(r"\s+", " ", s or "").strip()


def slug(value: str) -> str:
    """Return ``value`` if it is a valid slug; raise otherwise (ids in links must be)."""
    if not isinstance(value, str) or not _SLUG.match(value):
        raise ValueError(f"not a slug, refusing to use it in a link: {value!r}")
    return value


# --- bilingual text -------------------------------------------------------------------


def tr(text: Text | None, lang: str) -> str | None:
    """The text in ``lang``; for English, fall back to the Chinese original."""
    if text is None:
        return None
    if lang == "en":
        return text.en or text.zh
    return text.zh or text.en


def is_fallback(text: Text | None, lang: str) -> bool:
    """True when English was asked for but only Chinese exists."""
    return bool(text is not None and lang == "en" and not text.en and text.zh)


# --- links ----------------------------------------------------------------------------


class urls:
    """Every page path of the site, built from validated ids only. Same in both languages."""

    home = "index.md"
    cities = "cities/index.md"
    plans = "plans/index.md"
    concepts = "concepts/index.md"
    departments = "departments/index.md"
    methodology = "methodology.md"
    about = "about.md"
    downloads = "downloads.md"
    whats_new = "whats-new.md"
    contribute = "contribute/index.md"  # the guides of docs/, published as they are

    @staticmethod
    def city(city_id: str) -> str:
        return f"cities/{slug(city_id)}/index.md"

    @staticmethod
    def plan(plan_id: str) -> str:
        return f"plans/{slug(plan_id)}/index.md"

    @staticmethod
    def tasks(plan_id: str) -> str:
        return f"plans/{slug(plan_id)}/tasks/index.md"

    @staticmethod
    def task(plan_id: str, task_id: str) -> str:
        return f"plans/{slug(plan_id)}/tasks/{slug(task_id)}/index.md"

    @staticmethod
    def indicator(plan_id: str, indicator_id: str) -> str:
        return f"plans/{slug(plan_id)}/indicators/{slug(indicator_id)}/index.md"

    @staticmethod
    def reference(plan_id: str, series_id: str) -> str:
        return f"plans/{slug(plan_id)}/reference/{slug(series_id)}/index.md"

    @staticmethod
    def concept(concept_id: str) -> str:
        return f"concepts/{slug(concept_id)}/index.md"

    @staticmethod
    def department(city_id: str, department_id: str) -> str:
        return f"departments/{slug(city_id)}/{slug(department_id)}/index.md"

    @staticmethod
    def document(document_id: str) -> str:
        """A source document's page (the transcribed text, one anchor per line)."""
        return f"sources/{slug(document_id)}/index.md"


def rel_md(from_page: str, to_page: str, anchor: str | None = None) -> str:
    """Relative link between two Markdown sources (MkDocs checks and rewrites these)."""
    target = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    return target + (f"#{slug(anchor)}" if anchor else "")


def rel_url(from_page: str, to_page: str, anchor: str | None = None) -> str:
    """Relative URL between two pages as built with directory URLs (for raw HTML).

    ``a/b/index.md`` is served at ``a/b/``; ``about.md`` at ``about/``.
    """

    def served_dir(p: str) -> str:
        p = p[: -len("index.md")] if p.endswith("index.md") else p[: -len(".md")] + "/"
        return p.rstrip("/")

    src, dst = served_dir(from_page), served_dir(to_page)
    target = posixpath.relpath(dst or ".", src or ".")
    target = "./" if target == "." else target + "/"
    return target + (f"#{slug(anchor)}" if anchor else "")


def link(from_page: str, to_page: str, label: str, anchor: str | None = None) -> Markup:
    """An HTML ``<a>`` with an escaped label (for raw HTML blocks)."""
    return Markup('<a href="{}">{}</a>').format(rel_url(from_page, to_page, anchor), label)


def md_link(from_page: str, to_page: str, label: str, anchor: str | None = None) -> str:
    """A Markdown link with an escaped label (for lists and paragraphs)."""
    return f"[{md(label)}]({rel_md(from_page, to_page, anchor)})"


# --- blocks ---------------------------------------------------------------------------
# A block is finished HTML in the Markdown body: a plain str ending in a blank line (a Markup
# would escape the Markdown it is added to). Inside a block every value is escaped unless Markup.


def _block(html_block: Markup) -> str:
    return str(html_block) + "\n\n"


def rows_label(name: str, n: int, lang: str) -> str:
    """The summary of a folded table: its name and how many rows it holds ("Chart data (1 row)")."""
    return t("layout.rows_one" if n == 1 else "layout.rows_n", lang, name=name, n=n)


def table(
    headers: Sequence[object], rows: Iterable[Sequence[object]], caption: str | None = None, css: str = "data-table"
) -> str:
    """A raw HTML table in a horizontally scrolling wrapper; cells are escaped unless Markup."""
    label = Markup(' role="region" aria-label="{}"').format(caption) if caption else ""
    out = [Markup('<div class="table-scroll" tabindex="0"{}>').format(label), Markup('<table class="{}">').format(css)]
    if caption:
        out.append(Markup("<caption>{}</caption>").format(caption))
    out.append(
        Markup("<thead><tr>{}</tr></thead>").format(
            Markup("").join(Markup('<th scope="col">{}</th>').format(html(h)) for h in headers)
        )
    )
    out.append(Markup("<tbody>"))
    # data-label: on phones each row is shown as a card, every value under its header.
    labels = [Markup(' data-label="{}"').format(h) if not isinstance(h, Markup) else "" for h in headers]
    for row in rows:
        out.append(
            Markup("<tr>{}</tr>").format(
                Markup("").join(
                    Markup("<td{}>{}</td>").format(labels[i] if i < len(labels) else "", html(c))
                    for i, c in enumerate(row)
                )
            )
        )
    out.append(Markup("</tbody></table></div>"))
    return _block(Markup("\n").join(out))


def definition_list(items: Iterable[tuple[str, object]], lang: str | None = None) -> str:
    """A raw HTML <dl> of label → value pairs (values escaped unless Markup).

    With ``lang`` each label ends with that language's colon ("单位：" / "Unit: "), so the
    text of the page (search snippets, copy and paste) never runs a label into its value.
    """
    sep = colon(lang) if lang else ""
    rows = Markup("").join(Markup("<dt>{}{}</dt><dd>{}</dd>").format(html(k), sep, html(v)) for k, v in items)
    return _block(Markup('<dl class="facts">{}</dl>').format(rows))


def collapsed(summary: str, block: str, open_: bool = False) -> str:
    """A block (e.g. a long ``table``) folded in ``<details>`` under ``summary``; plain HTML,
    so it opens without JavaScript. Say how much is inside in the summary (``t("rows_n")``)."""
    start = Markup('<details class="portal-more"{}><summary>{}</summary>').format(
        Markup(" open") if open_ else "", summary
    )
    return str(start) + "\n\n" + block.rstrip("\n") + "\n\n</details>\n\n"


def para(text: object, css: str | None = None) -> str:
    cls = Markup(' class="{}"').format(css) if css else ""
    return _block(Markup("<p{}>{}</p>").format(cls, html(text)))


def note(text: object, kind: str = "note") -> str:
    """A boxed remark (no JavaScript, plain HTML)."""
    return _block(Markup('<div class="portal-note portal-note--{}"><p>{}</p></div>').format(kind, html(text)))


def heading(level: int, text: str, anchor: str, search: bool = True) -> str:
    """A Markdown heading (kept Markdown so it reaches the table of contents and search).

    The anchor is always given (a slug we choose): an id made from data text would carry
    that text into ``id`` and ``href`` attributes. ``search=False`` keeps the section, down
    to the next heading, out of the search index (Material's ``data-search-exclude``): for
    sections of figures that repeat on every page and would only crowd the results.
    """
    exclude = " data-search-exclude" if not search else ""
    return f"{'#' * level} {md(text)} {{ #{slug(anchor)}{exclude} }}\n\n"


def bullet_list(items: Iterable[str]) -> str:
    """A Markdown list; each item must already be escaped (md / md_link)."""
    lines = [f"- {i}" for i in items]
    return ("\n".join(lines) + "\n\n") if lines else ""


PHONE_MEDIA = "(max-width:44.9375em)"  # Material's phone and small-tablet layouts (below 720 px)


def figure(src: str, alt: str, caption: str, data_table: str) -> str:
    """A chart: the SVG file next to the page, a text summary and its data (a ``table`` block).

    Phones get the chart's phone variant (``chart-phone.svg`` beside ``chart.svg``, drawn for a
    narrow column; the page's renderer puts both in ``Page.charts``) through ``<picture>``,
    which needs no JavaScript; a tap on either opens the full-size chart on its own."""
    return (
        _block(
            Markup(
                '<figure class="chart">\n<a class="chart__open" href="{src}"><picture>'
                '<source media="{media}" srcset="{phone}">'
                '<img src="{src}" alt="{alt}" loading="lazy"></picture></a>\n<figcaption>{caption}</figcaption>\n</figure>'
            ).format(src=src, media=PHONE_MEDIA, phone=phone_name(src), alt=alt, caption=caption)
        )
        + data_table
    )


_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
# A run starts at a Han character and goes on through Chinese punctuation, spaces and figures.
# A figure is taken whole: "." "," or "-" between two digits belongs to it (…2016年的2.43件), so a
# span never ends inside a number (the run goes on, or, if the next character is not part of
# it, the number is entirely inside).
_HAN_RUN = re.compile(
    "[\u3400-\u9fff\uf900-\ufaff]"
    "(?:[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u201c\u201d\u2018\u2019\u00b7\u2014\u2026\u2013 0-9%]"
    "|(?<=[0-9])[.,\\-](?=[0-9]))*"
)


def mark_chinese(body: str) -> str:
    """On English pages, wrap every run of Chinese text in ``<span lang="zh">``.

    Chinese on an English page is the original wording (a quote, a source section, a name
    not yet translated); marking it lets screen readers and fonts treat it as Chinese.
    Only text between tags is touched, never attributes or the front matter.
    """
    parts = _TAG_OR_TEXT.split(body)
    for i in range(0, len(parts), 2):  # even items are text, odd items are tags
        parts[i] = _HAN_RUN.sub(lambda m: _span_zh(m.group(0)), parts[i])
    return "".join(parts)


def _span_zh(run: str) -> str:
    stripped = run.rstrip()
    return f'<span lang="zh">{stripped}</span>' + run[len(stripped) :]


def fmt_number(value: float | None, lang: str) -> str:
    """A figure as the document gives it (no rounding away); None → not reported."""
    from ..i18n import t
    from ..i18n.numbers import figure

    if value is None:
        return t("not_reported", lang)
    return figure(value)
