"""The Downloads page and each plan's downloads section: links to the files generator.downloads
writes, with their sizes.

The Downloads page lists the whole-portal files (one row each, with what they hold) and the
plans in one compact table linking to each plan page's downloads section; a plan's own files
(``downloads/plans/<plan>.csv|json``) are listed there, so the Downloads page grows by one
short row per plan, not by a row per indicator. Files in any other sub-folder are grouped by
folder, one row per name with a link per format.
"""

from __future__ import annotations

import functools
import posixpath
from collections import defaultdict
from collections.abc import Sequence

from ..escape import Markup
from ..i18n import has, t
from ..i18n.lang import space
from .common import Page, heading, link, para, slug, table, urls
from .describe import city_name, plan_name
from .inputs import Download, Inputs

ROOT = "downloads"
PLAN_FOLDER = f"{ROOT}/plans"  # generator.downloads.PLAN_DIR, under downloads/
PLAN_ANCHOR = "downloads"  # the section of the plan page
FORMATS = ("csv", "json")


def human_size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def site_root(here: str, lang: str) -> str:
    """Relative URL from page ``here`` (served with directory URLs) to the site root where the
    files sit once: ``downloads.md`` → ``../``, ``plans/x/index.md`` → ``../../``; the English
    site lives one level down (/en/)."""
    served = here[: -len("index.md")] if here.endswith("index.md") else here[: -len(".md")] + "/"
    return "../" * served.count("/") + ("../" if lang == "en" else "")


def _link(up: str, d: Download, label: str) -> Markup:
    return Markup('<a href="{}" download>{}</a>').format(up + posixpath.normpath(d.path), label)


def _describe(name: str, lang: str) -> str:
    """What a whole-portal file holds, from the wording catalogue (``dl_<name>``, e.g. ``dl_tasks_csv``), or nothing."""
    key = "dl_" + name.replace("-", "_").replace(".", "_")
    return t(key, lang) if has(key) else ""


def plan_files(downloads: Sequence[Download], plan_id: str) -> list[Download]:
    """The files of one plan (CSV first), through an index built once per list of downloads
    (every plan page and the Downloads page ask; a scan each would be quadratic in plans)."""
    return list(_plan_index(tuple(downloads)).get(slug(plan_id), ()))


@functools.lru_cache(maxsize=2)
def _plan_index(downloads: tuple[Download, ...]) -> dict[str, list[Download]]:
    """plan slug → its files, CSV first (a pure function of the downloads, cached by value)."""
    index: dict[str, list[Download]] = defaultdict(list)
    for d in downloads:
        folder, name = posixpath.split(d.path)
        stem, ext = posixpath.splitext(name)
        if folder == PLAN_FOLDER and ext.lstrip(".") in FORMATS:
            index[stem].append(d)
    for files in index.values():
        files.sort(key=lambda d: FORMATS.index(posixpath.splitext(d.path)[1].lstrip(".")))
    return dict(index)


def plan_downloads(inputs: Inputs, here: str, plan_id: str, lang: str) -> str:
    """The downloads section of a plan page: its CSV and JSON with sizes, and a link to the
    whole-portal files."""
    out = heading(2, t("plan_downloads", lang), anchor=PLAN_ANCHOR)
    files = plan_files(inputs.downloads, plan_id)
    if not files:
        return out + para(t("no_downloads", lang))
    up = site_root(here, lang)
    rows = [
        [
            _link(up, d, posixpath.basename(d.path)),
            t(f"dl_plan_{posixpath.splitext(d.path)[1].lstrip('.')}", lang),
            human_size(d.size),
        ]
        for d in files
    ]
    out += table([t("file", lang), t("contents", lang), t("size", lang)], rows)
    out += para(t("plan_downloads_all", lang) + space(lang) + link(here, urls.downloads, t("downloads", lang)))
    return out


def downloads_page(inputs: Inputs, lang: str) -> Page:
    here = urls.downloads
    body = heading(1, t("downloads", lang), anchor="title")
    body += para(t("downloads_intro", lang))
    if not inputs.downloads:
        return Page(here, t("downloads", lang), t("downloads_intro", lang), body + para(t("no_downloads", lang)))
    up = site_root(here, lang)
    top = [d for d in inputs.downloads if d.path.count("/") <= 1]
    grouped: dict[str, dict[str, list[Download]]] = defaultdict(lambda: defaultdict(list))
    for d in inputs.downloads:
        folder, name = posixpath.split(d.path)
        if d.path.count("/") > 1 and folder != PLAN_FOLDER:
            grouped[folder][posixpath.splitext(name)[0]].append(d)
    if top:
        body += heading(2, t("downloads_portal", lang), anchor="portal")
        body += table(
            [t("file", lang), t("contents", lang), t("size", lang)],
            [
                [
                    _link(up, d, posixpath.basename(d.path)),
                    _describe(posixpath.basename(d.path), lang),
                    human_size(d.size),
                ]
                for d in top
            ],
        )
    plans = [(cd, pd) for cd, pd in inputs.portal.plans() if plan_files(inputs.downloads, pd.plan.id)]
    if plans:
        body += heading(2, t("downloads_by_plan", lang), anchor="plans")
        body += para(t("downloads_by_plan_intro", lang))
        body += table(
            [t("plan", lang), t("city", lang)],
            [
                [link(here, urls.plan(pd.plan.id), plan_name(pd.plan, lang), anchor=PLAN_ANCHOR), city_name(cd, lang)]
                for cd, pd in plans
            ],
        )
    for n, (folder, stems) in enumerate(sorted(grouped.items()), 1):
        body += heading(2, folder.removeprefix(f"{ROOT}/"), anchor=f"files-{n}")
        rows = []
        for stem, files in sorted(stems.items()):
            links = Markup(" · ").join(_link(up, d, posixpath.splitext(d.path)[1].lstrip(".") or d.path) for d in files)
            sizes = " · ".join(human_size(d.size) for d in files)
            rows.append([stem, links, sizes])
        body += table([t("name", lang), t("file", lang), t("size", lang)], rows)
    return Page(here, t("downloads", lang), t("downloads_intro", lang), body)
