"""Chart specs to SVG files: a content cache (one file per spec digest) and a process pool.

A chart's key is its spec, the code that draws a spec (this package: SVG and PNG drawing,
fonts, and the spec-building code, whose changes change specs anyway) and the renderer. Code
elsewhere (pages, models, the catalogue) can change a chart only by changing its spec, so a
change there keeps every cached chart: editing a page template does not redraw ~900 charts.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from importlib import metadata
from multiprocessing import get_context
from pathlib import Path

from ..cache import feed_files
from . import svg
from .style import FONT_DIR

PACKAGE = Path(__file__).resolve().parent


def drawing_files() -> list[Path]:
    """The source files of this package (Python and the JSON chart templates)."""
    return sorted([*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.json")])


@functools.cache
def _renderer() -> str:
    """The drawing code's digest, the libraries that draw and whether the CJK fonts are installed."""
    h = hashlib.sha256()
    feed_files(h, drawing_files())
    libraries = " ".join(f"{lib}={metadata.version(lib)}" for lib in ("vl-convert-python", "fonttools"))
    return f"{h.hexdigest()} {libraries} fonts:{FONT_DIR.is_dir()}"


def spec_key(spec: dict) -> str:
    """sha256 of the canonical JSON of the spec, the drawing code and the renderer (module docstring)."""
    canonical = json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    renderer = f"{_renderer()} measure:{svg.measuring()}"
    return hashlib.sha256(f"{renderer}\n{canonical}".encode()).hexdigest()


def render_svg(spec: dict, cache_dir: Path) -> str:
    """The chart as a self-contained SVG string, cached under `cache_dir` by spec digest."""
    cache_dir = Path(cache_dir)
    path = cache_dir / f"{spec_key(spec)}.svg"
    if path.exists():
        return path.read_text(encoding="utf-8")
    text = svg.convert(spec)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)  # atomic: parallel builds never see half a file
    return text


def _render_one(args: tuple[dict, str, Path | None]) -> str:
    spec, cache_dir, font = args
    svg.use_measuring_font(font)  # as the parent measures (a spawned worker starts without it)
    return render_svg(spec, Path(cache_dir))


IN_PROCESS_MAX = 16  # charts to render; more than this go to the worker pool


def render_many(specs: Mapping[str, dict], cache_dir: Path, workers: int = 2) -> dict[str, str]:
    """Render many specs (name → spec) to SVG in parallel processes, using the cache."""
    cache_dir = Path(cache_dir)
    out: dict[str, str] = {}
    todo: list[str] = []
    for name, spec in specs.items():
        path = cache_dir / f"{spec_key(spec)}.svg"
        if path.exists():
            out[name] = path.read_text(encoding="utf-8")
        else:
            todo.append(name)
    # A pool costs CPU to start (each spawned worker imports the generator and vl-convert);
    # a warm rebuild with a few changed charts is faster in this process.
    if workers <= 1 or len(todo) <= IN_PROCESS_MAX:
        for name in todo:
            out[name] = render_svg(specs[name], cache_dir)
    else:
        font = svg.measuring_font()
        jobs = [(specs[name], str(cache_dir), font) for name in todo]
        chunk = max(1, len(jobs) // (workers * 4))
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
            for name, text in zip(todo, pool.map(_render_one, jobs, chunksize=chunk)):
                out[name] = text
    return {name: out[name] for name in specs}
