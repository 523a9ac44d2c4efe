"""MkDocs hook: the 404 page works at any address, also when the site lives under a sub-path.

A server shows 404.html at whatever address was missing, so its links cannot be relative to
the page. MkDocs makes them root-absolute from the path of ``site_url`` ("/" when it is empty;
for the English build too, whose links then pointed at the Chinese site): deployed under a
sub-path with an empty ``site_url`` (a GitHub Pages project site) the page loaded no
stylesheet. Here the 404 page's URLs are rendered relative to its language root (base_url
".") and main.html puts a ``<base href>`` first in the head: the root MkDocs would have used
(the ``site_url`` path, plus ``en/`` for English), which a short script corrects from the
address the page is shown at, before any stylesheet is requested (see main.html).

Loaded by MkDocs from its path (``hooks:`` in the generated configuration): standard library
only, no imports from the package.
"""

from __future__ import annotations

from urllib.parse import urlsplit

TEMPLATE = "404.html"


def base_path(site_url: str | None, lang: str) -> str:
    """The path of a language's root when nothing better is known: the site_url's path, or the
    server root ("/", "/en/")."""
    if site_url:  # the English build's site_url already ends in en/
        return urlsplit(site_url).path or "/"
    return "/en/" if lang == "en" else "/"


def on_template_context(context, template_name, config, **kwargs):
    if template_name == TEMPLATE:
        portal = (config.get("extra") or {}).get("portal") or {}
        context["not_found_base"] = base_path(config.get("site_url"), portal.get("lang", "zh"))
        context["base_url"] = "."
    return context
