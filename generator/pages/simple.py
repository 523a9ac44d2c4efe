"""Pages whose content is Markdown written elsewhere: Methodology and What's new."""

from __future__ import annotations

import re

from .common import Page, heading, para, urls
from .inputs import Inputs
from ..i18n import t


def _strip_front_matter(text: str) -> str:
    return re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)


def methodology_page(inputs: Inputs, lang: str) -> Page:
    """site_src/pages/<lang>/methodology.md (written by the charts helper; trusted project text)."""
    text = inputs.methodology.get(lang)
    body = _strip_front_matter(text).strip() + "\n" if text else heading(1, t("methodology", lang), anchor="title") + para(
        t("methodology_missing", lang))
    return Page(urls.methodology, t("methodology", lang), t("methodology", lang), body)


def whats_new_page(inputs: Inputs, lang: str) -> Page:
    """The What's new page: Markdown from generator.history when available."""
    text = inputs.whats_new(lang) if inputs.whats_new else None
    if text:
        body = _strip_front_matter(text).strip() + "\n"
    else:
        body = heading(1, t("whats_new", lang), anchor="title") + para(t("history_unavailable", lang))
    return Page(urls.whats_new, t("whats_new", lang), t("latest_updates_text", lang), body)
