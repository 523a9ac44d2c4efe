"""Everything the pages need that is not in the data files themselves, computed once, as data.

``load_and_compute(settings, base)`` is the build's first stage: read → validate
(``load_or_raise``: a ``DataError`` with every problem, or the portal), then ``compute``:
the data version and reporting year, each indicator's status, the history of data/ as data
(per page too), every download as bytes and each language's feed. The result, ``Facts``,
is plain picklable data (no callables, nothing written to disk): it crosses into the
language processes, and only the build's write stage turns it into files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import downloads, feed, history, paths, status
from .asof import find_repo_root
from .load import load
from .pages.inputs import Download, IndicatorKey, Inputs
from .portal import DataVersion, Portal
from .problems import DataError
from .processes import Packed
from .publishing import read_publishing
from .settings import BuildSettings


@dataclass(frozen=True)
class Facts:
    """What the build renders and writes: the pages' inputs (packed: the build passes them on
    to each language's process unopened), the data version, the downloads (path relative to
    the site root → bytes) and each language's Atom feed."""

    inputs: Packed[Inputs]
    version: DataVersion
    downloads: Mapping[str, bytes]
    feeds: Mapping[str, str]


def load_and_compute(s: BuildSettings, base: dict[str, Any]) -> Facts:
    """Read → validate → compute (see the module docstring); ``base`` is mkdocs.yml."""
    inputs, files, feeds = compute(load_or_raise(s), s, base)
    return Facts(Packed.of(inputs), inputs.version, files, feeds)


def load_or_raise(s: BuildSettings) -> Portal:
    """Load and validate; stop with every problem at once (under strict, warnings too)."""
    result = load(s.data_dir, cache_dir=s.parse_cache)
    if result.problems if s.strict else result.errors:
        raise DataError(list(result.problems))
    return result.portal


def compute(portal: Portal, s: BuildSettings, base: dict[str, Any]) -> tuple[Inputs, dict[str, bytes], dict[str, str]]:
    """The pages' inputs, the downloads (path relative to the site root → bytes) and the feeds."""
    repo_root = find_repo_root(s.data_dir)
    version, entries = DataVersion(), []
    if repo_root:
        data_rel = s.data_dir.relative_to(repo_root).as_posix()
        version = history.data_version(repo_root, data_rel)
        entries = history.load_history(
            repo_root, data_rel, cache_dir=s.history_cache, workers=s.workers, parse_cache=s.parse_cache
        )
    as_of = as_of_year(version, portal)
    assessments = assess_all(portal, as_of)
    publishing = read_publishing(base)
    files = {
        f"{downloads.DOWNLOADS_DIR}/{rel}": data
        for rel, data in downloads.build_files(portal, assessments, version, publishing).items()
    }
    repo_url = (base.get("repo_url") or "").strip() or None
    site_url = (base.get("site_url") or "").strip() or None
    inputs = Inputs(
        portal=portal,
        version=version,
        assessments=assessments,
        as_of=as_of,
        sources_readme=portal.sources_readme,
        methodology=methodology(s.langs),
        downloads=tuple(Download(path, len(data)) for path, data in sorted(files.items())),
        history=tuple(entries),
        page_history=history.history_by_page(entries, portal),
        commit_url=history.commit_url_for(repo_url),
        repo_url=repo_url,
        site_url=site_url,
        publishing=publishing,
    )
    feeds = {lang: feed.atom_feed(entries, lang, site_url) for lang in s.langs}
    return inputs, files, feeds


def as_of_year(version: DataVersion, portal: Portal | None = None) -> int:
    """The reporting year for status: the year of the data version's date, never the clock.

    A target year before it has passed (status ``overdue`` when its outcome is not reported).
    Without a dated version (data outside git), the newest year the data itself states: a
    reported value's year, a task report's or a plan's issue date; 0 when there is none (then
    nothing counts as reported). The same data always gives the same statuses.
    """
    if version.date:
        return int(version.date[:4])
    years = [0]
    for _, pd in portal.plans() if portal is not None else []:
        years += [o.year for o in pd.observations] + [r.date.year for r in pd.task_reports]
        years += [pd.plan.issue_date.year] if pd.plan.issue_date else []
    return max(years)


def assess_all(portal: Portal, as_of: int) -> dict[IndicatorKey, status.Assessment]:
    web = {w.id: w for w in portal.web_sources}
    return {
        (pd.plan.id, ind.id): status.assess(
            ind, pd.observations_for(ind.id), as_of, period_start=pd.plan.period.start, web=web
        )
        for _, pd in portal.plans()
        for ind in pd.indicators
    }


def methodology(langs: tuple[str, ...]) -> dict[str, str]:
    """site_src/pages/<lang>/methodology.md of each language that has one (trusted project text)."""
    files = {lang: paths.SITE_SRC / "pages" / lang / "methodology.md" for lang in langs}
    return {lang: f.read_text(encoding="utf-8") for lang, f in files.items() if f.exists()}
