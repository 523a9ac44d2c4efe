"""What the page renderers are given: the portal plus everything computed before rendering.

Plain, picklable data only (no callables): ``Inputs`` crosses into the language processes
by pickle, and a unit's cut-down ``Inputs`` is what its cache key digests (see pages/__init__).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..portal import DataVersion, Portal
from ..publishing import Publishing

if TYPE_CHECKING:  # history imports pages.common (for urls); only the type is needed here
    from ..history import Entry
    from ..status import Assessment

IndicatorKey = tuple[str, str]  # (plan id, indicator id)


@dataclass(frozen=True)
class Download:
    """A downloadable data file: path relative to the site root, size in bytes."""

    path: str
    size: int


@dataclass(frozen=True)
class Inputs:
    """Everything the pages show. Computed once by generator.compute; read-only here.

    ``assessments``: (plan id, indicator id) → status.Assessment.
    ``history``: every commit that touched data/, oldest first (What's new).
    ``page_history``: page path (as generator.pages.common.urls makes it) → the history
    entries of that page, each with only its changes (see history.history_by_page).
    Both are None when no history was computed (page tests); empty when data/ has none.
    ``commit_url``: base of links to a commit (None: no links).
    ``site_url``: the site's public address (mkdocs.yml ``site_url``; None: not known), for
    absolute addresses in citations, share cards and embed code.
    ``publishing``: mkdocs.yml's licence, contact and government-site settings (generator.publishing).
    """

    portal: Portal
    version: DataVersion = field(default_factory=DataVersion)
    assessments: Mapping[IndicatorKey, Assessment] = field(default_factory=dict)
    as_of: int | None = None
    sources_readme: str = ""
    methodology: Mapping[str, str] = field(default_factory=dict)
    downloads: tuple[Download, ...] = ()
    history: tuple[Entry, ...] | None = None
    page_history: Mapping[str, tuple[Entry, ...]] | None = None
    commit_url: str | None = None
    repo_url: str | None = None
    site_url: str | None = None
    publishing: Publishing = field(default_factory=Publishing)  # licence, where to report errors

    def assessment(self, plan_id: str, indicator_id: str) -> Assessment | None:
        return self.assessments.get((plan_id, indicator_id))
