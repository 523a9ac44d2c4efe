"""MkDocs hook: every page's HTML minified (minify-html) after the theme has rendered it.

Material's templates are mostly indentation: an indicator page was 20 KB, of which the
article is 3-5 KB. ``on_post_page`` (and ``on_post_template`` for 404.html) passes the
finished page through minify-html with conservative options: closing tags and the
``<html>``/``<head>`` tags are kept, CSS and JavaScript are left as written, whitespace in
``<pre>``/``<textarea>`` is kept and elsewhere collapsed the way a browser renders it.
Attribute quotes are dropped only where the HTML spec allows it, so the output stays
valid HTML (checked by vnu in tests/browser/test_html_valid.py).

minify-html writes the text of ``<title>`` and ``<textarea>`` (escapable raw text) with
``<`` unescaped, which browsers read as text but simpler parsers (crawlers, Python's
``html.parser``) take for tags; data text such as a city named ``<script>…`` goes into
the title, so that text is escaped again.

Material's ``__config`` JSON is written again without ``\\uXXXX`` escapes and spaces
(its Chinese translations were six bytes per character); ``<``, ``>`` and ``&`` stay
escaped so the JSON cannot end its ``<script>``.

The search plugin reads each page's HTML before ``on_post_page``, so the search index
is unchanged. Loaded by MkDocs from its path (``hooks:`` in the generated configuration),
so ``build`` and ``serve`` both get it; no imports from the package.
"""

from __future__ import annotations

import html
import json
import re

import minify_html

OPTIONS = {
    "keep_closing_tags": True,
    "keep_html_and_head_opening_tags": True,
    "minify_css": False,
    "minify_js": False,
    "keep_comments": False,
}
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
_RCDATA = re.compile(r"(<(title|textarea)(?:\s[^>]*)?>)(.*?)(</\2>)", re.S | re.I)
_JSON_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def compact_config(html: str) -> str:
    """Material's ``<script id="__config">`` JSON without ASCII escapes and spaces."""

    def repl(m: re.Match) -> str:
        try:
            data = json.loads(m.group(2))
        except ValueError:
            return m.group(0)
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        text = re.sub(r"[<>&\u2028\u2029]", lambda c: _JSON_UNSAFE.get(c.group(0), f"\\u{ord(c.group(0)):04x}"), text)
        return m.group(1) + text + m.group(3)

    return _CONFIG.sub(repl, html, count=1)


def escape_rcdata(text: str) -> str:
    """``<title>``/``<textarea>`` text with ``&``, ``<`` and ``>`` escaped (same text in a browser)."""
    return _RCDATA.sub(lambda m: m.group(1) + html.escape(html.unescape(m.group(3)), quote=False) + m.group(4), text)


def minify(page: str) -> str:
    return escape_rcdata(minify_html.minify(compact_config(page), **OPTIONS))


# ------------------------------------------------------------------------------ MkDocs events


def on_post_page(output, page, config, **kwargs):
    return minify(output)


def on_post_template(output_content, template_name, config, **kwargs):
    return minify(output_content) if template_name.endswith(".html") else output_content
