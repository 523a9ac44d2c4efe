"""Pages whose content is Markdown written elsewhere: Methodology and What's new."""

from __future__ import annotations

import re

from ..i18n import t
from . import whats_new
from .common import Page, heading, para, urls
from .inputs import Inputs

FEED_HREF = "../feed.xml"  # mkdocs_config.FEED_FILE, from the What's new page's folder


def _strip_front_matter(text: str) -> str:
    return re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)


def methodology_page(inputs: Inputs, lang: str) -> Page:
    """site_src/pages/<lang>/methodology.md (written by the charts helper; trusted project text)."""
    text = inputs.methodology.get(lang)
    body = (
        _strip_front_matter(text).strip() + "\n"
        if text
        else heading(1, t("methodology", lang), anchor="title") + para(t("methodology_missing", lang))
    )
    return Page(urls.methodology, t("methodology", lang), t("methodology", lang), body)


def whats_new_page(inputs: Inputs, lang: str) -> Page:
    """The What's new page: every change to data/, from generator.history (when computed)."""
    text = whats_new.whats_new_page(list(inputs.history or ()), lang, inputs.commit_url, feed_href=FEED_HREF)
    body = _strip_front_matter(text).strip() + "\n"
    return Page(urls.whats_new, t("whats_new", lang), t("latest_updates_text", lang), body)
