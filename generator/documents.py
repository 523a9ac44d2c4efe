"""The source documents as the site publishes them: each `data/sources/*.txt` file as numbered lines,
what `sources/documents.yaml` says about it, and where the data's sources point into it.

A source (`models.Source`, an observation row) names a document by file and states its figure in a
`quote`; the quote is found in the document's text (compared as `checks.sources.normalise` does:
whitespace and full-/half-width forms ignored), which gives the line or lines it stands on. The
document page gives every line an anchor (`line-<n>`, n the line number in the file) and wraps each
cited run of several lines in an element of its own (`lines-<first>-<last>`), so a link lands on the
place and CSS `:target` highlights all of it. Two cited runs that cross (neither holds the other)
cannot both be wrapped: the later one keeps only its first line's anchor.

Plain data, no I/O: `load` builds the `Document`s from what it read.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .checks.sources import normalise
from .checks.tree import _models_in
from .models import Source, SourceDocument

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Document:
    """One source document: its file, its page's id, the known facts (None: not listed) and its lines."""

    file: str
    id: str  # the page: sources/<id>/
    meta: SourceDocument | None
    lines: tuple[str, ...]
    ranges: frozenset[tuple[int, int]] = frozenset()  # cited runs of several lines that are wrapped

    def locate(self, quote: str | None) -> tuple[int, int] | None:
        """The first and last line (1-based) the quote stands on, or None when it is not in the text."""
        return locate(self.lines, quote)

    def anchor(self, quote: str | None) -> str | None:
        """The anchor a link to the quote lands on (None: the quote is not found; link to the page)."""
        where = self.locate(quote)
        if where is None:
            return None
        first, last = where
        return range_anchor(first, last) if (first, last) in self.ranges else line_anchor(first)


def line_anchor(n: int) -> str:
    return f"line-{int(n)}"


def range_anchor(first: int, last: int) -> str:
    return f"lines-{int(first)}-{int(last)}"


def slug_of_file(file: str) -> str:
    """A page id for a file that documents.yaml does not list: `001_14bc….txt` → `001-14bc…`."""
    stem = file.rsplit(".", 1)[0].lower()
    return _NOT_SLUG.sub("-", stem).strip("-")[:80].strip("-") or "document"


@functools.lru_cache(maxsize=32)
def _joined(lines: tuple[str, ...]) -> tuple[str, list[int]]:
    """The lines normalised and joined, with where each line starts in that text (made once per
    document: every quote of every snapshot of the history is looked up in it)."""
    starts: list[int] = []
    parts: list[str] = []
    at = 0
    for line in lines:
        starts.append(at)
        part = normalise(line)
        parts.append(part)
        at += len(part)
    return "".join(parts), starts


def locate(lines: tuple[str, ...] | list[str], quote: str | None) -> tuple[int, int] | None:
    """Where ``quote`` stands in ``lines``: (first line, last line), 1-based; None when absent."""
    wanted = normalise(quote or "")
    if not wanted:
        return None
    text, starts = _joined(tuple(lines))
    at = text.find(wanted)
    if at < 0:
        return None
    first = bisect.bisect_right(starts, at) - 1
    last = bisect.bisect_right(starts, at + len(wanted) - 1) - 1
    return first + 1, last + 1


def wrapped(runs: Iterable[tuple[int, int]]) -> frozenset[tuple[int, int]]:
    """The runs of several lines that can each be one element: longest first, a run is kept when
    it holds, sits inside, or is apart from every run kept so far (crossing runs cannot nest)."""
    kept: list[tuple[int, int]] = []
    for first, last in sorted({r for r in runs if r[1] > r[0]}, key=lambda r: (r[0] - r[1], r[0])):
        if all(last < a or first > b or (a <= first and last <= b) or (first <= a and b <= last) for a, b in kept):
            kept.append((first, last))
    return frozenset(kept)


def sources_in(model: object) -> list[Source]:
    """Every `Source` inside a model (an indicator's own and its baseline's, …)."""
    return [sub for _, sub in _models_in(model) if isinstance(sub, Source)]


def build(
    texts: dict[str, str], metas: Iterable[SourceDocument], quotes: Iterable[tuple[str, str | None]]
) -> list[Document]:
    """The documents, in file order: ``texts`` file → raw text; ``metas`` the entries of documents.yaml
    (an entry whose file is missing is left out, `document-file-missing` said so); ``quotes`` every
    (file, quote) the data cites."""
    by_file: dict[str, SourceDocument] = {}
    for meta in metas:
        by_file.setdefault(meta.file, meta)
    taken: set[str] = {meta.id for meta in by_file.values() if meta.file in texts}
    cited: dict[str, list[str | None]] = {}
    for file, quote in quotes:
        cited.setdefault(file, []).append(quote)
    out = []
    for file in sorted(texts):
        found = by_file.get(file)
        lines = tuple(texts[file].replace("\r\n", "\n").replace("\r", "\n").split("\n"))
        while lines and not lines[-1].strip():
            lines = lines[:-1]
        if found is not None:
            doc_id = found.id
        else:
            doc_id = base = slug_of_file(file)
            n = 2
            while doc_id in taken:
                doc_id, n = f"{base}-{n}", n + 1
            taken.add(doc_id)
        runs = [r for r in (locate(lines, q) for q in cited.get(file, [])) if r is not None]
        out.append(Document(file=file, id=doc_id, meta=found, lines=lines, ranges=wrapped(runs)))
    return out
