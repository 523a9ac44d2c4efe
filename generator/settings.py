"""What one build is asked to do: ``BuildSettings``, frozen and passed in (never module globals).

Every folder a build reads or writes is here, so two builds (two tests, a benchmark and a
developer's build) with different settings never share state. The cache folder defaults to
``$PORTAL_CACHE_DIR`` or, without it, the repository's ``.cache/`` (like owid/etl's
``BASE_DIR``); tests and benchmarks give each build a folder of its own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .i18n import LANGS

CACHE_ENV = "PORTAL_CACHE_DIR"
STAGE_TIMEOUT = 3600.0  # seconds a build process may take before it is stopped (300 cities: ~4 min)


def default_cache_dir() -> Path:
    """``$PORTAL_CACHE_DIR`` when set, else the repository's ``.cache/``."""
    return Path(os.environ.get(CACHE_ENV) or paths.CACHE)


def default_workers() -> int:
    return os.cpu_count() or 1


@dataclass(frozen=True)
class BuildSettings:
    """One build: read ``data_dir``, publish into ``out_dir``, keep caches in ``cache_dir``.

    ``strict``: warnings in the data count as errors (and MkDocs is strict as mkdocs.yml says).
    ``workers``: with 2 or more, the stages run in processes of their own (the languages at the
    same time); with 1, everything runs in this process, in turn.
    ``stage_timeout``: seconds after which a stuck build process is stopped and reported.
    ``mkdocs_yml``: the MkDocs configuration every language's is made from.
    Paths are made absolute when the settings are made.
    """

    data_dir: Path
    out_dir: Path
    cache_dir: Path = field(default_factory=default_cache_dir)
    strict: bool = False
    workers: int = field(default_factory=default_workers)
    langs: tuple[str, ...] = LANGS
    stage_timeout: float = STAGE_TIMEOUT
    mkdocs_yml: Path = paths.ROOT / "mkdocs.yml"

    def __post_init__(self) -> None:
        for name in ("data_dir", "out_dir", "cache_dir", "mkdocs_yml"):
            object.__setattr__(self, name, Path(getattr(self, name)).resolve())
        object.__setattr__(self, "langs", tuple(self.langs))

    @property
    def chart_cache(self) -> Path:
        """SVGs by spec (generator.charts)."""
        return self.cache_dir / "charts"

    @property
    def font_cache(self) -> Path:
        """The charts' measuring fonts by character set (generator.charts.fonts)."""
        return self.cache_dir / "fonts"

    @property
    def history_cache(self) -> Path:
        """Snapshots of data/ per git tree and the changes between them (generator.history)."""
        return self.cache_dir / "history"

    @property
    def parse_cache(self) -> Path:
        """Parsed data files by content (cache.ParseCache)."""
        return self.cache_dir / "load"

    @property
    def docs_cache(self) -> Path:
        """The Markdown trees kept between builds of each output folder (docs_tree.DocsLock)."""
        return self.cache_dir / "docs"
