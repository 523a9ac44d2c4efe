"""What the page renderers are given: the portal plus everything computed before rendering."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from ..portal import DataVersion, Portal


@dataclass(frozen=True)
class Download:
    """A file written by the downloads module: path relative to the site root, size in bytes."""

    path: str
    size: int


@dataclass(frozen=True)
class Inputs:
    """Everything the pages show. Built once by generator.build; read-only here.

    ``assessments`` maps (plan id, indicator id) to a status.Assessment (None when the
    status module is not available). ``explain`` is status.explain (or None).
    ``page_history`` gives the revision-history Markdown of a page path in a language
    (from generator.history), or None when history is unavailable.
    """

    portal: Portal
    version: DataVersion = field(default_factory=DataVersion)
    assessments: dict[tuple[str, str], Any] = field(default_factory=dict)
    explain: Callable[[Any, str], list[str]] | None = None
    as_of: int | None = None
    sources_readme: str = ""
    methodology: dict[str, str] = field(default_factory=dict)
    downloads: list[Download] = field(default_factory=list)
    page_history: Callable[[str, str], str | None] | None = None
    whats_new: Callable[[str], str] | None = None
    repo_url: str | None = None

    def assessment(self, plan_id: str, indicator_id: str) -> Any:
        return self.assessments.get((plan_id, indicator_id))
