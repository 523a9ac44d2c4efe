"""Build the bilingual site: load → assess → render → write → mkdocs per language → swap.

``build_site(data_dir, out_dir, strict=False)`` is the library entry point of
``python -m generator build``. Everything is built in a temporary directory next to
``out_dir`` and moved into place only when every step succeeded, so a failed build
leaves the previous site untouched. ``serve(data_dir, port)`` builds, serves the site
and rebuilds when data/ or site_src/ change (for staff previewing their edits).
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import http.server
import logging
import multiprocessing
import os
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import paths
from .cache import Digester, DocsLock, DocsTree, code_version
from .incremental import sync_tree
from .load import load
from .mkdocs_config import FEED_FILE, language_config, read_base
from .pages import Inputs, Page, shared_deps, site_units
from .pages.common import urls
from .pages.inputs import Download
from .pages.strings import LANGS
from .portal import DataVersion, Portal
from .problems import DataError

# Modules written by other parts of the project; the build works (with less) without them.
try:
    from . import status
except ImportError:  # pragma: no cover
    status = None
try:
    from . import history
except ImportError:  # pragma: no cover
    history = None
try:
    from . import feed
except ImportError:  # pragma: no cover
    feed = None
try:
    from . import charts
except ImportError:  # pragma: no cover - CALL SITE: generator/charts.py (status/charts helper)
    charts = None
try:
    from . import downloads
except ImportError:  # pragma: no cover - CALL SITE: generator/downloads.py (status/charts helper)
    downloads = None

CHART_CACHE = paths.CACHE / "charts"
HISTORY_CACHE = paths.CACHE / "history"


class BuildError(Exception):
    """The site could not be built (MkDocs failed, e.g. a broken link under --strict)."""


# ------------------------------------------------------------------------------ the build


def build_site(data_dir: Path, out_dir: Path, strict: bool = False) -> None:
    """Build the whole site from ``data_dir`` into ``out_dir`` (Chinese at /, English at /en/).

    Raises DataError when the data has errors (under ``strict``, warnings count as errors)
    and BuildError when MkDocs fails; ``out_dir`` is left as it was in both cases.
    """
    data_dir, out_dir = Path(data_dir).resolve(), Path(out_dir).resolve()
    progress = Progress(enabled=sys.stderr.isatty())

    progress.step("load")
    portal = load_portal(data_dir, strict)
    repo_root = find_repo_root(data_dir)
    version = data_version(repo_root, data_dir)
    as_of = as_of_year(version)
    progress.step("assess")
    assessments = assess_all(portal, as_of)
    entries = load_history(repo_root, data_dir)
    base = read_base()

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{out_dir.name}-build-", dir=out_dir.parent) as tmp_name:
        tmp = Path(tmp_name)
        progress.step("downloads")
        files = write_downloads(portal, assessments, tmp / "stage", version)
        inputs = make_inputs(portal, data_dir, version, assessments, as_of, files, entries, base)
        progress.step("render pages")
        with DocsLock(cache_root(), out_dir) as lock:
            # The Markdown trees persist between builds of out_dir (unless another build of
            # it holds them): only units whose inputs changed are rendered and written.
            docs_root = lock.root or tmp / "docs"
            trees = {lang: DocsTree(docs_root / lang, docs_root / f"manifest.{lang}.json") for lang in LANGS}
            pages = render_all(inputs, trees, entries)
            progress.step("render charts")
            svgs = render_charts(pages)
            progress.step("write Markdown")
            for lang in LANGS:
                write_docs(trees[lang], pages[lang], svgs, feed_xml(entries, lang, base))
            del pages, svgs  # on disk now; the MkDocs processes forked next need none of it
            site = tmp / "site"
            progress.step("mkdocs")
            run_mkdocs_languages({lang: language_config(base, lang, trees[lang].root, tmp / f"site.{lang}", version,
                                                        has_feed=bool(feed))
                                  for lang in LANGS}, tmp)
            (tmp / "site.zh").rename(site)
            (tmp / "site.en").rename(site / "en")
        if files:
            # merged into the folder of the Downloads page (downloads/index.html)
            shutil.copytree(tmp / "stage" / "downloads", site / "downloads", dirs_exist_ok=True)
        progress.step("swap into place")
        # Unchanged files keep their inode and mtime; the site is exchanged atomically.
        sync_tree(site, out_dir)
    progress.done(out_dir)


# ------------------------------------------------------------------------------ stages


def load_portal(data_dir: Path, strict: bool) -> Portal:
    """Load and validate; stop with every problem at once."""
    result = load(data_dir, cache_dir=cache_root() / "load")
    problems = result.problems if strict else result.errors
    if problems:
        raise DataError(list(result.problems))
    return result.portal


def find_repo_root(start: Path) -> Path | None:
    for p in [start, *start.parents]:
        if (p / ".git").exists():
            return p
    return None


def data_version(repo_root: Path | None, data_dir: Path) -> DataVersion:
    if history is None or repo_root is None:
        return DataVersion()
    return history.data_version(repo_root, data_dir.relative_to(repo_root).as_posix())


def load_history(repo_root: Path | None, data_dir: Path) -> list:
    if history is None or repo_root is None:
        return []
    return history.load_history(repo_root, data_dir.relative_to(repo_root).as_posix(), cache_dir=HISTORY_CACHE)


def as_of_year(version: DataVersion, today: dt.date | None = None) -> int:
    """The reporting year for status: the data version's year if known, else this year."""
    if version.date:
        return int(version.date[:4])
    return (today or dt.date.today()).year


def assess_all(portal: Portal, as_of: int) -> dict[tuple[str, str], object]:
    if status is None:
        return {}
    return {
        (pd.plan.id, ind.id): status.assess(ind, pd.observations_for(ind.id), as_of,
                                            period_start=pd.plan.period.start)
        for _, pd in portal.plans()
        for ind in pd.indicators
    }


def write_downloads(portal: Portal, assessments: dict, stage: Path, version: DataVersion) -> list[Download]:
    """The downloadable data files (generator.downloads writes them into stage/downloads/),
    listed relative to the site root."""
    if downloads is None:
        return []
    stage.mkdir(parents=True, exist_ok=True)
    written = downloads.write_downloads(portal, assessments, stage, version)
    return [Download(Path(p).resolve().relative_to(stage.resolve()).as_posix(), Path(p).stat().st_size)
            for p in written]


def make_inputs(portal: Portal, data_dir: Path, version: DataVersion, assessments: dict, as_of: int,
                files: list[Download], entries: list, base: dict) -> Inputs:
    readme = data_dir / paths.SOURCES_DIR / "README.md"
    methodology = {}
    for lang in LANGS:
        f = paths.SITE_SRC / "pages" / lang / "methodology.md"
        if f.exists():
            methodology[lang] = f.read_text(encoding="utf-8")
    repo_url = (base.get("repo_url") or "").strip() or None
    page_history = whats_new = None
    if history is not None:
        commit_url = history.commit_url_for(repo_url)
        page_history = history.page_history(entries, commit_url)
        feed_href = f"../{FEED_FILE}" if feed else None
        whats_new = functools.partial(_whats_new, entries, commit_url=commit_url, feed_href=feed_href)
    return Inputs(
        portal=portal,
        version=version,
        assessments=assessments,
        explain=status.explain if status else None,
        as_of=as_of,
        sources_readme=readme.read_text(encoding="utf-8") if readme.exists() else "",
        methodology=methodology,
        downloads=files,
        page_history=page_history,
        whats_new=whats_new,
        repo_url=repo_url,
    )


def _whats_new(entries: list, lang: str, commit_url: str | None, feed_href: str | None) -> str:
    return history.whats_new_page(entries, lang, commit_url, feed_href=feed_href)


def feed_xml(entries: list, lang: str, base: dict) -> str | None:
    if feed is None:
        return None
    return feed.atom_feed(entries, lang, (base.get("site_url") or "").strip() or None)


def cache_root() -> Path:
    """Where the build's caches live: next to the chart cache (benchmarks and tests point
    CHART_CACHE at a folder of their own, and every cache follows it)."""
    return Path(CHART_CACHE).parent


@dataclass(frozen=True)
class Rendered:
    """The pages of one unit, rendered in this build, and the key they were rendered for."""

    unit: str
    key: str | None
    pages: list[Page]


_RENDER_INPUTS: Inputs | None = None


def _render_lang(job: tuple[str, frozenset[str] | None]) -> list[tuple[str, list[Page]]]:
    return _render_units(_RENDER_INPUTS, *job)


def _render_units(inputs: Inputs, lang: str, names: frozenset[str] | None) -> list[tuple[str, list[Page]]]:
    return [(u.name, u.render()) for u in site_units(inputs, lang) if names is None or u.name in names]


def unit_keys(inputs: Inputs, entries: list) -> dict[str, dict[str, str | None]]:
    """lang → unit name → key (None: always rendered). A key digests the code version, the
    inputs every page may read, the page history's entries and the unit's own deps."""
    d = Digester()
    try:
        shared = d.digest(code_version(), shared_deps(inputs), entries)
    except TypeError:  # something not digestible by content: cache nothing
        shared = None
    return {lang: {u.name: (d.digest(shared, lang, u.name, u.deps) if shared and u.deps is not None else None)
                   for u in site_units(inputs, lang)}
            for lang in LANGS}


def render_all(inputs: Inputs, trees: dict[str, DocsTree] | None = None, entries: list | None = None
               ) -> dict[str, list[Rendered]]:
    """The units of both languages that must be rendered, in two forked processes when the
    platform allows (the two languages are independent). Units whose key matches the
    Markdown tree's manifest (``trees``) are kept as they are on disk and not rendered.

    The inputs reach the children by fork (they hold closures that do not pickle).
    """
    global _RENDER_INPUTS
    keys = unit_keys(inputs, entries or [])
    todo: dict[str, frozenset[str] | None] = {}
    for lang in LANGS:
        tree = trees.get(lang) if trees else None
        if tree is None:
            todo[lang] = None
            continue
        stale = set()
        for name, key in keys[lang].items():
            if key is not None and tree.fresh(name, key):
                tree.keep(name)
            else:
                stale.add(name)
        todo[lang] = frozenset(stale)
    jobs = [(lang, todo[lang]) for lang in LANGS]
    if "fork" not in multiprocessing.get_all_start_methods() or (os.cpu_count() or 1) < 2:
        results = [_render_units(inputs, *job) for job in jobs]
    else:
        _RENDER_INPUTS = inputs
        try:
            with ProcessPoolExecutor(len(LANGS), mp_context=multiprocessing.get_context("fork")) as pool:
                results = list(pool.map(_render_lang, jobs))
        finally:
            _RENDER_INPUTS = None
    return {lang: [Rendered(name, keys[lang].get(name), ps) for name, ps in res]
            for lang, res in zip(LANGS, results)}


def chart_key(lang: str, page: Page, file_name: str) -> str:
    return f"{lang}/{page.path.rsplit('/', 1)[0] if '/' in page.path else ''}/{file_name}"


def render_charts(rendered: dict[str, list[Rendered]]) -> dict[str, str]:
    """Every chart spec of every rendered page to SVG text, keyed by chart_key."""
    specs = {chart_key(lang, p, name): spec for lang, units in rendered.items() for r in units
             for p in r.pages for name, spec in p.charts.items()}
    if not specs or charts is None:
        return {}
    return charts.render_many(specs, CHART_CACHE, workers=2)


def write_docs(tree: DocsTree, rendered: list[Rendered], svgs: dict[str, str], feed_text: str | None) -> None:
    """Write one language's rendered pages, their chart SVGs, the theme assets and the feed
    into its Markdown tree (only files whose bytes changed), then drop what is no longer made."""
    lang = tree.root.name
    for r in rendered:
        files = []
        for page in r.pages:
            tree.write(page.path, page.markdown())
            files.append(page.path)
            folder = page.path.rsplit("/", 1)[0] + "/" if "/" in page.path else ""
            for name in page.charts:
                svg = svgs.get(chart_key(lang, page, name))
                if svg is not None:
                    tree.write(folder + name, svg)
                    files.append(folder + name)
        if r.key is not None:
            tree.record(r.unit, r.key, files)
    tree.copy_tree(paths.SITE_SRC / "assets", "assets")
    write_contribute(tree)
    if feed_text:
        tree.write(FEED_FILE, feed_text)
    tree.finish()


def write_contribute(tree: DocsTree) -> None:
    """The Contribute section: the guides in docs/ (Chinese first, English too), as written.

    They are the project's own files, reviewed like code, so they are published as Markdown.
    """
    if paths.DOCS.is_dir():
        tree.copy_tree(paths.DOCS, urls.contribute.rsplit("/", 1)[0])


def run_mkdocs_languages(configs: dict[str, dict], folder: Path) -> None:
    """Build every language with MkDocs, each into its own ``site_dir``: at the same time in
    forked processes where the platform allows (one MkDocs build uses one core), else in turn.

    Each site_dir must be a folder of its own: MkDocs empties its site_dir first.
    """
    jobs = [(cfg, folder / f"mkdocs.{lang}.yml") for lang, cfg in configs.items()]
    if len(jobs) < 2 or "fork" not in multiprocessing.get_all_start_methods() or (os.cpu_count() or 1) < 2:
        for job in jobs:
            run_mkdocs(*job)
        return
    # A forked child shares this process's memory until it writes to it, and a garbage
    # collection writes to every object it scans: frozen objects are not scanned, so the
    # portal and pages inherited from here stay shared instead of being copied into each child.
    gc.collect()
    gc.freeze()
    try:
        with ProcessPoolExecutor(len(jobs), mp_context=multiprocessing.get_context("fork")) as pool:
            for future in [pool.submit(_run_mkdocs_job, job) for job in jobs]:
                future.result()  # a BuildError in a child is raised here
    finally:
        gc.unfreeze()


def _run_mkdocs_job(job: tuple[dict, Path]) -> None:
    run_mkdocs(*job)  # looked up at call time, in the forked child


def run_mkdocs(cfg: dict, config_file: Path) -> None:
    """Build one language with MkDocs, in this process (strict as set in mkdocs.yml)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    config_file.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:  # jieba (Chinese search segmentation) logs "Building prefix dict…" at DEBUG on import
        import jieba

        jieba.setLogLevel(logging.WARNING)
    except ImportError:  # pragma: no cover
        pass
    try:
        config = load_config(str(config_file))
        build(config)
    except MkDocsException as exc:
        raise BuildError(f"MkDocs build failed ({cfg['theme']['language']}): {exc}") from exc
    except SystemExit as exc:  # mkdocs' Abort is a click exception in some paths
        raise BuildError(f"MkDocs build failed ({cfg['theme']['language']})") from exc


# ------------------------------------------------------------------------------ progress


class Progress:
    """One line per stage on stderr when it is a terminal; silent otherwise."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.start = time.monotonic()

    def step(self, name: str) -> None:
        if self.enabled:
            print(f"  {time.monotonic() - self.start:6.1f}s  {name}…", file=sys.stderr, flush=True)

    def done(self, out_dir: Path) -> None:
        if self.enabled:
            print(f"  {time.monotonic() - self.start:6.1f}s  site written to {out_dir}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------ serve


def _watched_mtime(*roots: Path) -> float:
    latest = 0.0
    for root in roots:
        for p in root.rglob("*"):
            try:
                latest = max(latest, p.stat().st_mtime)
            except OSError:
                pass
    return latest


def serve(data_dir: Path, port: int = 8000, out_dir: Path | None = None) -> None:
    """Build the site, serve it on http://127.0.0.1:port/ and rebuild when files change.

    A rebuild that fails (bad data, broken link) prints the problems and keeps serving
    the last good site.
    """
    data_dir = Path(data_dir).resolve()
    out_dir = Path(out_dir or paths.CACHE / "serve-site").resolve()

    def rebuild() -> None:
        try:
            build_site(data_dir, out_dir)
            print(f"built {out_dir}", file=sys.stderr)
        except DataError as exc:
            print(str(exc), file=sys.stderr)
            for p in exc.problems:
                print(f"  {p.file}:{p.line or ''} {p.code}: {p.message_zh} / {p.message_en}", file=sys.stderr)
        except BuildError as exc:
            print(str(exc), file=sys.stderr)

    rebuild()
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = _watched_mtime(data_dir, paths.SITE_SRC)

    def watch() -> None:
        nonlocal stamp
        while True:
            time.sleep(1.0)
            now = _watched_mtime(data_dir, paths.SITE_SRC)
            if now != stamp:
                stamp = now
                rebuild()

    threading.Thread(target=watch, daemon=True).start()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out_dir))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as httpd:
        print(f"serving http://127.0.0.1:{port}/ (Ctrl-C to stop)", file=sys.stderr)
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass
