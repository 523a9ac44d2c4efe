"""Build the bilingual site: load → compute → write downloads → (render → MkDocs) per language → swap.

``build_site(settings)`` is the library entry point of ``python -m generator build``; its body
is the table of contents. Everything is built in a staging folder next to ``out_dir`` and
moved into place only when every stage succeeded, so a failed build leaves the previous
site untouched. The big stages run in processes of their own (generator.processes): load
and compute in one; then per language its render in one and, as soon as that is done, its
MkDocs build in another (the two languages use the two cores: the language rendered first
builds its site while the other still renders); the memory of one stage is given back
before the next starts, and what crosses between them is plain data.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import charts, paths
from .cache import Digester, code_version
from .charts import png
from .charts.fonts import FACES
from .compute import Facts, load_and_compute
from .docs_tree import DocsLock, DocsTree
from .incremental import sync_tree
from .mkdocs_config import FEED_FILE, language_config, read_base
from .mkdocs_runner import MkDocsRun, run_mkdocs_kept
from .pages import Inputs, Page, Unit, site_units
from .pages.common import urls
from .portal import DataVersion
from .processes import BuildError, Call, Packed, run_chains, run_in_processes
from .progress import Progress
from .settings import BuildSettings

__all__ = ["BuildError", "BuildSettings", "build_site"]


@dataclass(frozen=True)
class LanguageReport:
    """What one language's render stage did: units rendered (by name), units kept as they
    were on disk, and the seconds each step took."""

    rendered: tuple[str, ...] = ()
    kept: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def build_site(
    s: BuildSettings, progress: Progress | None = None, mkdocs: MkDocsRun = run_mkdocs_kept
) -> dict[str, LanguageReport]:
    """Build the whole site from ``s.data_dir`` into ``s.out_dir`` (the first language at /,
    the others under /<lang>/). Returns what each language's render stage did.

    Raises DataError when the data has errors (under ``s.strict``, warnings count as errors)
    and BuildError when a stage fails or hangs (MkDocs: e.g. a broken link under strict);
    ``out_dir`` is left as it was in both cases. ``mkdocs`` stands in for MkDocs in tests.
    """
    progress = progress or Progress()
    base = read_base(s.mkdocs_yml)
    with Staging(s) as stage:  # nothing outside the staging folder is touched until the swap
        progress.step("load and compute")  # read → validate (DataError: every problem) → status, history, downloads
        facts, font, *_ = run_in_processes(  # beside it, the charts' measuring font (charts/fonts.py)
            [
                Call("load and compute", load_and_compute, (s, base)),
                *(
                    Call(f"chart font ({face})", charts.measuring_font, (s.data_dir, s.font_cache, face))
                    for face in FACES
                ),
            ],
            s.workers,
            s.stage_timeout,
        )
        progress.step("write downloads")  # the data files' bytes, beside the languages' sites
        stage.write_downloads(facts.downloads)
        progress.step("render pages and charts, then MkDocs")  # per language: units → SVGs → Markdown → site
        reports = build_languages(facts, font, stage, s, base, mkdocs)
        progress.languages({lang: r.seconds for lang, r in reports.items()})
        progress.step("swap into place")  # incremental.sync_tree: unchanged files keep inode and mtime
        stage.swap_into(s.out_dir)
    progress.done(s.out_dir)
    return reports


# ------------------------------------------------------------------------------ staging


class Staging:
    """A temporary folder next to ``out_dir`` where the site is put together, plus the kept
    Markdown trees of ``out_dir`` (locked for this build; a fresh folder when another build of
    the same ``out_dir`` holds them). Removed on exit, whatever happened."""

    def __init__(self, s: BuildSettings):
        self.s = s
        self._lock = DocsLock(s.docs_cache, s.out_dir)

    def __enter__(self) -> Staging:
        self.s.out_dir.parent.mkdir(parents=True, exist_ok=True)
        self._tmp = tempfile.TemporaryDirectory(prefix=f".{self.s.out_dir.name}-build-", dir=self.s.out_dir.parent)
        self.folder = Path(self._tmp.name)
        try:
            self._lock.__enter__()
        except BaseException:
            self._tmp.cleanup()
            raise
        # The Markdown trees persist between builds of out_dir: only units whose context
        # changed are rendered and written.
        self.docs_root = self._lock.root or self.folder / "docs"
        return self

    def __exit__(self, *exc) -> None:
        try:
            self._lock.__exit__(*exc)
        finally:
            self._tmp.cleanup()

    def site_dir(self, lang: str) -> Path:
        return self.folder / f"site.{lang}"

    def mkdocs_config(self, base: dict, lang: str, version: DataVersion) -> dict:
        return language_config(base, lang, self.docs_root / lang, self.site_dir(lang), version, has_feed=True)

    def write_downloads(self, files: dict[str, bytes]) -> None:
        """The data files (path relative to the site root → bytes), beside the languages' sites."""
        for rel, data in files.items():
            path = self.folder / "files" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

    def swap_into(self, out_dir: Path) -> None:
        """One site from the languages' sites and the data files, exchanged with ``out_dir``;
        unchanged files keep their inode and mtime (incremental.sync_tree)."""
        first, *others = self.s.langs
        site = self.folder / "site"
        self.site_dir(first).rename(site)
        for lang in others:
            self.site_dir(lang).rename(site / lang)
        files = self.folder / "files"
        if files.is_dir():  # merged into the folder of the Downloads page (downloads/index.html)
            shutil.copytree(files, site, dirs_exist_ok=True, copy_function=shutil.move)
        sync_tree(site, out_dir)


# ------------------------------------------------------------------------------ render and write


def build_languages(
    facts: Facts, font: Path | None, stage: Staging, s: BuildSettings, base: dict, mkdocs: MkDocsRun
) -> dict[str, LanguageReport]:
    """Each language's Markdown tree brought up to date, then its site built by MkDocs: each
    language a chain of two processes, the languages at the same time (processes.run_chains).
    They are independent, so each has a core of its own and rendered pages never travel between
    processes; the language rendered first starts its MkDocs while the other still renders."""
    chains = [
        [
            Call(
                f"render ({lang})",
                write_language,
                (facts.inputs, lang, stage.docs_root, facts.feeds.get(lang), s.chart_cache, font),
            ),
            Call(
                f"MkDocs ({lang})",
                timed_mkdocs,
                (mkdocs, stage.mkdocs_config(base, lang, facts.version), stage.folder / f"mkdocs.{lang}.yml"),
            ),
        ]
        for lang in s.langs
    ]
    done = run_chains(chains, s.workers, 2 * s.stage_timeout)  # each call of a chain has its stage's time
    reports = {}
    for lang, (report, seconds) in zip(s.langs, done):
        reports[lang] = LanguageReport(report.rendered, report.kept, {**report.seconds, "mkdocs": seconds})
    return reports


def timed_mkdocs(run: MkDocsRun, cfg: dict, config_file: Path) -> float:
    """``run(cfg, config_file)`` (one language's MkDocs build, in this process); the seconds it took."""
    start = time.monotonic()
    run(cfg, config_file)
    return round(time.monotonic() - start, 3)


def write_language(
    inputs: Packed[Inputs], lang: str, docs_root: Path, feed_text: str | None, chart_cache: Path, font: Path | None
) -> LanguageReport:
    """One language's tree under ``docs_root``: its units (write_units, chart text measured
    with ``font``), then the theme assets, the guides and the feed."""
    charts.use_measuring_font(font)
    tree = DocsTree(docs_root / lang, docs_root / f"manifest.{lang}.json")
    report = write_units(site_units(inputs.open(), lang), tree, lang, chart_cache)
    start = time.monotonic()
    finish_tree(tree, feed_text)
    report.seconds["write Markdown"] = round(report.seconds["write Markdown"] + time.monotonic() - start, 3)
    return report


def unit_key(digester: Digester, unit: Unit) -> str:
    """The code version and the unit's context: everything its renderer can read."""
    return digester.digest(code_version(), unit.name, unit.context)


def write_units(units: Iterable[Unit], tree: DocsTree, lang: str, chart_cache: Path) -> LanguageReport:
    """Each unit whose key the tree's manifest does not vouch for: rendered, its charts
    rendered to SVG (cached by spec) and written into ``tree`` before the next unit, so that
    only one unit's pages are held at a time. The others are kept as they are on disk."""
    seconds = dict.fromkeys(("render pages", "render charts", "render PNGs", "write Markdown"), 0.0)
    clock = time.monotonic()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.monotonic()
        seconds[step] += now - clock
        clock = now

    digester, rendered, kept = Digester(), [], 0
    for unit in units:
        key = unit_key(digester, unit)
        if tree.fresh(unit.name, key):
            tree.keep(unit.name)
            kept += 1
            continue
        pages = unit.pages()
        rendered.append(unit.name)
        lap("render pages")
        svgs = render_charts(lang, pages, chart_cache)
        lap("render charts")
        pngs = render_images(lang, pages, svgs, chart_cache)
        lap("render PNGs")
        write_unit(tree, unit.name, key, pages, svgs, pngs)
        lap("write Markdown")
    return LanguageReport(tuple(rendered), kept, {step: round(t, 3) for step, t in seconds.items()})


def chart_key(lang: str, page: Page, file_name: str) -> str:
    return f"{lang}/{page.path.rsplit('/', 1)[0] if '/' in page.path else ''}/{file_name}"


def render_charts(lang: str, pages: list[Page], chart_cache: Path) -> dict[str, str]:
    """Every chart spec of one unit's pages to SVG text, keyed by chart_key, in this process
    (the languages already run in parallel)."""
    specs = {chart_key(lang, p, name): spec for p in pages for name, spec in p.charts.items()}
    return charts.render_many(specs, chart_cache, workers=1) if specs else {}


def render_images(lang: str, pages: list[Page], svgs: dict[str, str], chart_cache: Path) -> dict[str, bytes]:
    """The PNG copies the pages ask for (``Page.images``: PNG name → chart name), each drawn from
    its chart's SVG, keyed by chart_key of the PNG's name (cached by the chart's spec)."""
    specs = {chart_key(lang, p, name): p.charts[chart] for p in pages for name, chart in p.images.items()}
    sources = {
        chart_key(lang, p, name): svgs.get(chart_key(lang, p, chart), "")
        for p in pages
        for name, chart in p.images.items()
    }
    return png.render_pngs(specs, {k: v for k, v in sources.items() if v}, chart_cache) if specs else {}


def write_unit(
    tree: DocsTree, unit: str, key: str, pages: list[Page], svgs: dict[str, str], pngs: dict[str, bytes] | None = None
) -> None:
    """One unit's pages, their chart SVGs and PNGs and their other files into its language's
    Markdown tree (only files whose bytes changed), recorded in the tree's manifest under the
    unit's key."""
    lang = tree.root.name
    files = []
    for page in pages:
        tree.write(page.path, page.markdown())
        files.append(page.path)
        folder = page.path.rsplit("/", 1)[0] + "/" if "/" in page.path else ""
        for name in page.charts:
            svg = svgs.get(chart_key(lang, page, name))
            if svg is not None:
                tree.write(folder + name, svg)
                files.append(folder + name)
        extra: dict[str, str | bytes | None] = {
            name: (pngs or {}).get(chart_key(lang, page, name)) for name in page.images
        }
        extra.update(page.files)
        for name, data in extra.items():
            if data is not None:
                tree.write(folder + name, data)
                files.append(folder + name)
    tree.record(unit, key, files)


def finish_tree(tree: DocsTree, feed_text: str | None) -> None:
    """The theme assets, the guides and the feed into the tree; then drop what is no longer made.

    The guides (docs/, Chinese first, English too) are the project's own files, reviewed like
    code, so they are published as Markdown in the Contribute section.
    """
    tree.copy_tree(paths.SITE_SRC / "assets", "assets")
    if paths.DOCS.is_dir():
        tree.copy_tree(paths.DOCS, urls.contribute.rsplit("/", 1)[0])
    if feed_text:
        tree.write(FEED_FILE, feed_text)
    tree.finish()
