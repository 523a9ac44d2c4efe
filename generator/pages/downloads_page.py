"""The Downloads page: links to the files generator.downloads writes, with their sizes.

Files at the top of downloads/ are listed one per row; files in sub-folders (e.g. one
CSV and one JSON per indicator) are grouped by folder, one row per name with a link per
format, so the page stays short.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict

from .common import Html, Page, esc, heading, para, table, urls
from .inputs import Download, Inputs
from .strings import t


def human_size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def _link(up: str, d: Download, label: str) -> str:
    return f'<a href="{esc(up + posixpath.normpath(d.path))}" download>{esc(label)}</a>'


def downloads_page(inputs: Inputs, lang: str) -> Page:
    here = urls.downloads
    body = heading(1, t("downloads", lang), anchor="title")
    body += para(t("downloads_intro", lang))
    # The files sit once at the site root; the English site lives one level down (/en/).
    up = "../" * (here.count("/") + 1) + ("../" if lang == "en" else "")
    top = [d for d in inputs.downloads if d.path.count("/") <= 1]
    grouped: dict[str, dict[str, list[Download]]] = defaultdict(lambda: defaultdict(list))
    for d in inputs.downloads:
        if d.path.count("/") > 1:
            folder, name = posixpath.split(d.path)
            grouped[folder][posixpath.splitext(name)[0]].append(d)
    if not inputs.downloads:
        return Page(here, t("downloads", lang), t("downloads_intro", lang), body + para(t("no_downloads", lang)))
    if top:
        body += table([t("file", lang), t("size", lang)],
                      [[Html(_link(up, d, posixpath.basename(d.path))), human_size(d.size)] for d in top])
    for n, (folder, stems) in enumerate(sorted(grouped.items()), 1):
        body += heading(2, folder.removeprefix("downloads/"), anchor=f"files-{n}")
        rows = []
        for stem, files in sorted(stems.items()):
            links = " · ".join(_link(up, d, posixpath.splitext(d.path)[1].lstrip(".") or d.path) for d in files)
            sizes = " · ".join(human_size(d.size) for d in files)
            rows.append([stem, Html(links), sizes])
        body += table([t("name", lang), t("file", lang), t("size", lang)], rows)
    return Page(here, t("downloads", lang), t("downloads_intro", lang), body)
