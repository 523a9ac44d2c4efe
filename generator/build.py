"""Build the bilingual site: load → assess → downloads → pages → mkdocs per language → swap.

``build_site(data_dir, out_dir, strict=False)`` is the library entry point of
``python -m generator build``. Everything is built in a temporary directory next to
``out_dir`` and moved into place only when every step succeeded, so a failed build
leaves the previous site untouched. The stages before MkDocs run in a process of their
own, and each language's pages (render, charts, Markdown) and MkDocs build in processes of
their own: the memory of one stage is given back before the next starts, and the two
languages use the two cores. ``serve(data_dir, port)`` builds, serves the site
and rebuilds when data/ or site_src/ change (for staff previewing their edits).
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import logging
import multiprocessing
import os
import shutil
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import yaml

from . import paths
from .cache import Digester, DocsLock, DocsTree, code_version
from .incremental import sync_tree
from .load import load
from .mkdocs_config import FEED_FILE, language_config, read_base
from .pages import Inputs, Page, shared_deps, site_units
from .pages.common import urls
from .pages.inputs import Download
from .pages.whats_new import whats_new_page
from .i18n import LANGS
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
    base = read_base()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{out_dir.name}-build-", dir=out_dir.parent) as tmp_name:
        tmp = Path(tmp_name)
        with DocsLock(cache_root(), out_dir) as lock:
            # The Markdown trees persist between builds of out_dir (unless another build of
            # it holds them): only units whose inputs changed are rendered and written.
            docs_root = lock.root or tmp / "docs"
            # In a process of its own: the memory holding the data and the rendered pages is
            # given back before the MkDocs builds start, instead of adding to theirs.
            version, files = in_own_process(generate, data_dir, strict, base, tmp / "stage", docs_root, progress)
            site = tmp / "site"
            progress.step("mkdocs")
            run_mkdocs_languages({lang: language_config(base, lang, docs_root / lang, tmp / f"site.{lang}", version,
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


def generate(data_dir: Path, strict: bool, base: dict, stage: Path, docs_root: Path,
             progress: "Progress") -> tuple[DataVersion, list[Download]]:
    """Everything before MkDocs: the downloads into ``stage``/downloads and each language's
    Markdown tree under ``docs_root``. Returns the data version and the downloads written."""
    progress.step("load")
    portal = load_portal(data_dir, strict)
    repo_root = find_repo_root(data_dir)
    version = data_version(repo_root, data_dir)
    as_of = as_of_year(version)
    progress.step("assess")
    assessments = assess_all(portal, as_of)
    entries = load_history(repo_root, data_dir)
    progress.step("downloads")
    files = write_downloads(portal, assessments, stage, version)
    inputs = make_inputs(portal, data_dir, version, assessments, as_of, files, entries, base)
    progress.step("pages")
    trees = {lang: DocsTree(docs_root / lang, docs_root / f"manifest.{lang}.json") for lang in LANGS}
    feeds = {lang: feed_xml(entries, lang, base) for lang in LANGS}
    progress.languages(write_languages(inputs, trees, entries, feeds))
    return version, files


def can_fork() -> bool:
    """Whether work can be shared out to forked processes: fork exists and so does a second core."""
    return "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) >= 2


def in_own_process(fn, *args):
    """``fn(*args)`` in a forked process of its own (see run_forked)."""
    return run_forked([(fn, args)])[0]


def run_forked(calls: list[tuple[Callable, tuple]]) -> list:
    """Each ``fn(*args)`` in a forked process of its own, all at the same time; their
    results in order. A failure is raised here once every process has ended (the first in
    order), with the traceback from its process as a note. Where processes cannot be forked
    (see can_fork), the calls run in turn in this process.

    Forked, so the calls and their arguments are inherited, not pickled (the build's inputs
    hold closures); only results travel back. Everything a call allocated is given back to
    the system when its process ends (CPython itself rarely gives freed memory back).
    """
    if not can_fork():
        return [fn(*args) for fn, args in calls]
    ctx = multiprocessing.get_context("fork")
    running = []
    for fn, args in calls:
        reader, writer = ctx.Pipe(duplex=False)
        child = ctx.Process(target=_run_and_send, args=(writer, fn, args))
        child.start()
        writer.close()
        running.append((reader, child))
    outcomes = []
    for reader, child in running:
        try:
            ok, value = reader.recv()
        except EOFError:  # the process died (killed, out of memory) before it could answer
            ok, value = False, None
        finally:
            reader.close()
            child.join()
        if not ok and value is None:
            value = BuildError(f"a build process ended without a result (exit code {child.exitcode})")
        outcomes.append((ok, value))
    for ok, value in outcomes:
        if not ok:
            raise value
    return [value for _, value in outcomes]


def _run_and_send(conn, fn, args) -> None:
    try:
        result = (True, fn(*args))
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
        exc.add_note("".join(traceback.format_exception(exc)).rstrip())  # where it happened, in the child
        result = (False, exc)
    try:
        conn.send(result)
    except Exception as exc:  # it does not pickle: send what can be said in text
        failure = "" if result[0] else "".join(traceback.format_exception(result[1]))
        conn.send((False, BuildError(f"{fn.__name__}: the result could not be sent back ({exc})\n{failure}")))
    conn.close()


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
    return whats_new_page(entries, lang, commit_url, feed_href=feed_href)


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


def _render_units(inputs: Inputs, lang: str, names: frozenset[str] | None) -> Iterator[tuple[str, list[Page]]]:
    """The units in ``names`` (None: all), each rendered when the caller asks for the next."""
    return ((u.name, u.render()) for u in site_units(inputs, lang) if names is None or u.name in names)


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


def write_languages(inputs: Inputs, trees: dict[str, DocsTree], entries: list,
                    feeds: dict[str, str | None]) -> dict[str, dict[str, float]]:
    """Each language's Markdown tree brought up to date (write_language), the languages at
    the same time in forked processes where the platform allows (else in turn): they are
    independent, so each has a core of its own and rendered pages never travel between
    processes. Units whose key matches the tree's manifest are kept as they are on disk.

    Returns, per language, the seconds each step took.
    """
    keys = unit_keys(inputs, entries)
    jobs = []
    for lang in LANGS:
        tree, stale = trees[lang], set()
        for name, key in keys[lang].items():
            if key is not None and tree.fresh(name, key):
                tree.keep(name)
            else:
                stale.add(name)
        jobs.append((write_language, (inputs, tree, lang, frozenset(stale), keys[lang], feeds.get(lang))))
    return dict(zip(LANGS, run_forked(jobs)))


def write_language(inputs: Inputs, tree: DocsTree, lang: str, names: frozenset[str] | None,
                   keys: dict[str, str | None], feed_text: str | None) -> dict[str, float]:
    """One language: each unit in ``names`` (None: all) rendered, its charts rendered to SVG
    (cached by spec) and written into ``tree`` before the next unit, so that only one unit's
    pages are held at a time; then the theme assets, the guides and the feed. Returns the
    seconds spent on each step."""
    seconds = dict.fromkeys(("render pages", "render charts", "write Markdown"), 0.0)
    clock = time.monotonic()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.monotonic()
        seconds[step] += now - clock
        clock = now

    for name, pages in _render_units(inputs, lang, names):
        rendered = Rendered(name, keys.get(name), pages)
        lap("render pages")
        svgs = render_charts(lang, rendered)
        lap("render charts")
        write_unit(tree, rendered, svgs)
        lap("write Markdown")
    finish_tree(tree, feed_text)
    lap("write Markdown")
    return {step: round(s, 3) for step, s in seconds.items()}


def chart_key(lang: str, page: Page, file_name: str) -> str:
    return f"{lang}/{page.path.rsplit('/', 1)[0] if '/' in page.path else ''}/{file_name}"


def render_charts(lang: str, rendered: Rendered) -> dict[str, str]:
    """Every chart spec of one unit's pages to SVG text, keyed by chart_key, in this process
    (the languages already run in parallel)."""
    specs = {chart_key(lang, p, name): spec for p in rendered.pages for name, spec in p.charts.items()}
    if not specs or charts is None:
        return {}
    return charts.render_many(specs, CHART_CACHE, workers=1)


def write_unit(tree: DocsTree, rendered: Rendered, svgs: dict[str, str]) -> None:
    """One unit's pages and their chart SVGs into its language's Markdown tree (only files
    whose bytes changed), recorded in the tree's manifest under the unit's key."""
    lang = tree.root.name
    files = []
    for page in rendered.pages:
        tree.write(page.path, page.markdown())
        files.append(page.path)
        folder = page.path.rsplit("/", 1)[0] + "/" if "/" in page.path else ""
        for name in page.charts:
            svg = svgs.get(chart_key(lang, page, name))
            if svg is not None:
                tree.write(folder + name, svg)
                files.append(folder + name)
    if rendered.key is not None:
        tree.record(rendered.unit, rendered.key, files)


def finish_tree(tree: DocsTree, feed_text: str | None) -> None:
    """The theme assets, the guides and the feed into the tree; then drop what is no longer made."""
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
    run_forked([(run_mkdocs, (cfg, folder / f"mkdocs.{lang}.yml")) for lang, cfg in configs.items()])


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

    def languages(self, seconds: dict[str, dict[str, float]]) -> None:
        """The steps within each language's process (``lang → step → seconds``)."""
        if self.enabled:
            for lang, steps in seconds.items():
                print(f"          {lang}: " + ", ".join(f"{name} {s:.1f}s" for name, s in steps.items()),
                      file=sys.stderr, flush=True)

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
