"""The Downloads page: links to the files generator.downloads writes, with their sizes."""

from __future__ import annotations

import posixpath

from .common import Html, Page, esc, heading, para, table, urls
from .inputs import Inputs
from .strings import t


def human_size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def downloads_page(inputs: Inputs, lang: str) -> Page:
    here = urls.downloads
    body = heading(1, t("downloads", lang), anchor="title")
    body += para(t("downloads_intro", lang))
    # The files sit once at the site root; the English site lives one level down (/en/).
    up = "../" * (here.count("/") + 1) + ("../" if lang == "en" else "")
    rows = []
    for d in inputs.downloads:
        href = up + posixpath.normpath(d.path)
        rows.append([Html(f'<a href="{esc(href)}" download>{esc(posixpath.basename(d.path))}</a>'),
                     human_size(d.size)])
    if rows:
        body += table([t("file", lang), t("size", lang)], rows)
    else:
        body += para(t("no_downloads", lang))
    return Page(here, t("downloads", lang), t("downloads_intro", lang), body)
