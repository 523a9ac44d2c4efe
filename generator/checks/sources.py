"""Sources: a cited file exists in data/sources/, a quote appears in it, a link is https.

A row citing `web:<id>` cites a page of `sources/web.yaml`: the id must be there
(`unknown-web-source`), and the quote must appear in the page's archived `excerpt`.

`normalise(text)` is how quotes and source texts are compared (the loader keeps the source
texts in this form).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

from .. import codes
from .. import models as m
from ..problems import Problem
from ..suggest import closest
from .tree import Item, Reject, Tree

CODES = (
    "unknown-source-file",
    "quote-not-in-source",
    "bad-url",
    "unknown-web-source",
    "document-file-missing",
    "document-not-listed",
)

_FILE_NAME = re.compile(r"^[\w.\-]+\.(txt|md|pdf|html?|docx?)$", re.IGNORECASE)
_URL = re.compile(r"^https://[^\s/]+\.[^\s/]+(/\S*)?$")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Text as compared: whitespace removed, full-/half-width forms folded (NFKC)."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def _cited_by(tree: Tree) -> list[Item]:
    """The items that can hold `source:` blocks."""
    items: list[Item] = [c.city for c in tree.cities if c.city]
    for _, plan in tree.plans():
        items += ([plan.plan] if plan.plan else []) + list(plan.indicators.items) + list(plan.tasks.items)
    items += tree.reference.items
    return items


def _sources_in(item: Item) -> Iterator[tuple[tuple, m.Source]]:
    for path, sub in item.parts:
        if isinstance(sub, m.Source):
            yield path, sub


def sources(tree: Tree) -> Iterable[Problem | Reject]:
    for item in _cited_by(tree):
        for path, src in _sources_in(item):
            yield from _check_source(tree, item, path, src.file, src.quote, ("file",), ("quote",))
    for _, plan in tree.plans():
        for obs in plan.observations:
            if obs.model.web_id is not None:
                yield from _check_web(tree, obs)
            else:
                yield from _check_source(tree, obs, (), obs.model.source, obs.model.quote, ("source",), ("quote",))
        for rep in plan.task_reports:
            if rep.model.web_id is not None:
                yield from _check_web(tree, rep)


def _check_web(tree: Tree, item: Item) -> Iterable[Problem | Reject]:
    """A row citing `web:<id>`: the page is in sources/web.yaml and the quote is in its excerpt."""
    web_id = item.model.web_id
    if tree.web_sources.is_unknown(web_id):
        yield item.problem("unknown-web-source", "source", value=web_id, suggestion=tree.web_sources.suggest(web_id))
        yield Reject(item)  # the portal never holds a row whose source it cannot name
        return
    page = tree.web_sources.by_id.get(web_id)
    quote = item.model.quote
    if page is None or not quote:
        return  # the page failed its own checks (reported there), or there is nothing to compare
    if normalise(quote) not in normalise(page.model.excerpt):
        short = quote if len(quote) <= 60 else quote[:57] + "…"
        yield item.problem("quote-not-in-source", "quote", source=f"{web_id} (sources/web.yaml)", quote=short)


def _check_source(
    tree: Tree, item: Item, path: tuple, file: str, quote: str | None, file_key: tuple, quote_key: tuple
) -> Iterable[Problem]:
    text = tree.sources.get(file)
    if text is None:
        if _FILE_NAME.match(file):  # otherwise a document's title, not a file name
            yield item.problem(
                "unknown-source-file",
                *(path + file_key),
                value=file,
                suggestion=closest(file, sorted(tree.sources)),
            )
        return
    if quote and normalise(quote) not in text:
        short = quote if len(quote) <= 60 else quote[:57] + "…"
        yield item.problem("quote-not-in-source", *(path + quote_key), source=file, quote=short)


def urls(tree: Tree) -> Iterable[Problem]:
    for item in _cited_by(tree):
        for path, src in _sources_in(item):
            if src.url is not None and not _URL.match(src.url):
                yield item.problem("bad-url", *(path + ("url",)), value=src.url)


def documents(tree: Tree) -> Iterable[Problem]:
    """sources/documents.yaml and the documents agree: each entry names a file that is there, each
    file has an entry (else its page can only say "not known")."""
    if not tree.documents.complete:
        return  # documents.yaml could not be read (said where it failed)
    listed = set()
    for item in tree.documents.items:
        file = item.model.file
        listed.add(file)
        if file not in tree.sources:
            yield item.problem(
                "document-file-missing", "file", value=file, suggestion=closest(file, sorted(tree.sources))
            )
    for file in sorted(tree.sources):
        if file not in listed:
            yield codes.make("document-not-listed", tree.source_files.get(file, file), None, value=file)


CHECKS = (sources, urls, documents)
