"""MkDocs hook: generated HTML blocks bypass Python-Markdown's HTML parser.

Generated pages are mostly blocks of ready HTML (tables, definition lists, figures) that
the renderers in generator/pages already escaped. Python-Markdown passes such blocks
through unchanged, but only after parsing them with its pure-Python HTML parser, which
was most of its time per page. ``on_page_markdown`` swaps every top-level block that
Markdown would pass through anyway for a one-line comment; ``on_page_content`` puts the
blocks back after conversion. The HTML is byte-identical to Markdown's own result
(tests/test_raw_html.py checks every page of the real data and of synthetic data).

A paragraph is swapped only when Markdown would certainly keep it as raw HTML: it starts
a line with a block-level tag, ends with the same tag's closing tag, and asks for no
Markdown inside (no ``markdown=`` attribute). Pages with fenced code are left alone, so
HTML shown as an example in the hand-written guides is never touched. The marker carries
a hash of the page's Markdown, so no text on the page can forge one.

Loaded by MkDocs from its path (``hooks:`` in the generated configuration): standard
library only, no imports from the package.
"""

from __future__ import annotations

import hashlib
import re

# Python-Markdown's block-level tags that our renderers start a block with.
BLOCK_TAGS = frozenset(
    "address article aside blockquote details dialog div dl fieldset figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr nav ol p pre section table ul".split()
)
_START = re.compile(r"<([a-z][a-z0-9]*)[\s>]")
_FENCE = re.compile(r"^\s*(```|~~~)", re.M)
_STASH_KEY = "portal_raw_html"


def stash(markdown: str) -> tuple[str, dict[str, str]]:
    """(Markdown with raw HTML blocks replaced by markers, marker → block)."""
    if _FENCE.search(markdown):
        return markdown, {}
    nonce = hashlib.sha1(markdown.encode("utf-8")).hexdigest()[:12]
    parts = markdown.split("\n\n")
    blocks: dict[str, str] = {}
    for i, part in enumerate(parts):
        block = part.strip("\n")
        m = _START.match(block)
        if not m or m.group(1) not in BLOCK_TAGS or "markdown=" in block:
            continue
        if not block.endswith(f"</{m.group(1)}>"):
            continue
        marker = f"<!--portal-raw-{nonce}-{len(blocks)}-->"
        blocks[marker] = block
        parts[i] = marker
    if not blocks:
        return markdown, {}
    return "\n\n".join(parts), blocks


def restore(html: str, blocks: dict[str, str]) -> str:
    """Put the blocks back; markers that are not ours stay as they are."""
    if not blocks:
        return html
    return re.sub(r"<!--portal-raw-[0-9a-f]{12}-\d+-->", lambda m: blocks.get(m.group(0), m.group(0)), html)


# ------------------------------------------------------------------------------ MkDocs events


def on_page_markdown(markdown, page, **kwargs):
    text, blocks = stash(markdown)
    setattr(page, _STASH_KEY, blocks)
    return text


def on_page_content(html, page, **kwargs):
    blocks = getattr(page, _STASH_KEY, None) or {}
    if blocks:
        setattr(page, _STASH_KEY, None)
    return restore(html, blocks)
