"""MkDocs, one process per language: each language's site built from its Markdown tree.

``run_mkdocs(cfg, config_file)`` builds one language in this process, into its ``site_dir``
(MkDocs empties it first); ``run_mkdocs_kept`` does the same but rebuilds only the pages
whose Markdown changed since the last build of the same tree (generator.kept_site: what the
site build uses). ``run_mkdocs_languages`` builds all languages at the same time, each in a
process of its own (generator.processes; one MkDocs build uses one core).
Tests replace MkDocs by passing another ``run`` (a module-level function, as it crosses into
the build processes by pickle).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from .processes import BuildError, Call, run_in_processes
from .settings import BuildSettings

if TYPE_CHECKING:
    from mkdocs.plugins import BasePlugin

MkDocsRun = Callable[[dict, Path], None]


def run_mkdocs(cfg: dict, config_file: Path) -> None:
    """Build one language with MkDocs, in this process (strict as set in mkdocs.yml)."""
    _build(cfg, config_file)


def run_mkdocs_kept(cfg: dict, config_file: Path) -> None:
    """Build one language with MkDocs, in this process, rebuilding only the pages that changed
    since the last build of the same Markdown tree (generator.kept_site)."""
    from . import kept_site  # imports MkDocs

    kept_site.build_kept(cfg, config_file, _build)


def _build(cfg: dict, config_file: Path, dirty: bool = False, plugin: BasePlugin | None = None) -> None:
    import jieba  # Chinese search segmentation; it logs "Building prefix dict…" at DEBUG on import
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from . import kept_site

    config_file.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    jieba.setLogLevel(logging.WARNING)
    hide = kept_site.HideDirtyWarning()
    build_log = logging.getLogger("mkdocs.commands.build")
    build_log.addFilter(hide)
    try:
        config = load_config(str(config_file))
        if plugin is not None:
            config.plugins["portal/kept-pages"] = plugin
        build(config, dirty=dirty)
    except (MkDocsException, kept_site.KeptSiteError) as exc:
        raise BuildError(f"MkDocs build failed ({cfg['theme']['language']}): {exc}") from exc
    except SystemExit as exc:  # mkdocs' Abort is a click exception in some paths
        raise BuildError(f"MkDocs build failed ({cfg['theme']['language']})") from exc
    finally:
        build_log.removeFilter(hide)


def run_mkdocs_languages(configs: dict[str, dict], folder: Path, s: BuildSettings, run: MkDocsRun = run_mkdocs) -> None:
    """Every language's configuration built with ``run``, at the same time (see the module docstring)."""
    calls = [Call(f"MkDocs ({lang})", run, (cfg, folder / f"mkdocs.{lang}.yml")) for lang, cfg in configs.items()]
    run_in_processes(calls, s.workers, s.stage_timeout)
