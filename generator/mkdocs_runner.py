"""MkDocs, one process per language: each language's site built from its Markdown tree.

``run_mkdocs(cfg, config_file)`` builds one language in this process; ``run_mkdocs_languages``
builds them all at the same time, each in a process of its own (generator.processes; one
MkDocs build uses one core), each into its own ``site_dir`` (MkDocs empties it first).
Tests replace MkDocs by passing another ``run`` (a module-level function, as it crosses into
the build processes by pickle).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import yaml

from .processes import BuildError, Call, run_in_processes
from .settings import BuildSettings

MkDocsRun = Callable[[dict, Path], None]


def run_mkdocs(cfg: dict, config_file: Path) -> None:
    """Build one language with MkDocs, in this process (strict as set in mkdocs.yml)."""
    import jieba  # Chinese search segmentation; it logs "Building prefix dict…" at DEBUG on import
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    config_file.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    jieba.setLogLevel(logging.WARNING)
    try:
        build(load_config(str(config_file)))
    except MkDocsException as exc:
        raise BuildError(f"MkDocs build failed ({cfg['theme']['language']}): {exc}") from exc
    except SystemExit as exc:  # mkdocs' Abort is a click exception in some paths
        raise BuildError(f"MkDocs build failed ({cfg['theme']['language']})") from exc


def run_mkdocs_languages(configs: dict[str, dict], folder: Path, s: BuildSettings, run: MkDocsRun = run_mkdocs) -> None:
    """Every language's configuration built with ``run``, at the same time (see the module docstring)."""
    calls = [Call(f"MkDocs ({lang})", run, (cfg, folder / f"mkdocs.{lang}.yml")) for lang, cfg in configs.items()]
    run_in_processes(calls, s.workers, s.stage_timeout)
