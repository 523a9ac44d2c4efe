"""PNG copies of charts, drawn at build time from their SVG (vl-convert's ``svg_to_png``, 1×).

Cached like the SVGs (generator.charts.render): one file per spec digest, ``<digest>.png``
beside ``<digest>.svg``, so an unchanged chart is never drawn again. The SVG is the one the
page shows; where this process has the measuring font (generator.charts.fonts), it is drawn
with the two small drawing faces cut beside it instead of the installed collections: the same pixels, a third
of the time. A PNG still costs about as much CPU as its SVG, so only the charts a page asks for
(``Page.images``, the indicator charts) get one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from . import fonts
from . import svg as chart_svg
from .render import spec_key
from .style import FONT


def svg_png(svg: str) -> bytes:
    """The SVG drawn as a PNG at its own size (no cache)."""
    import vl_convert as vlc

    if chart_svg.measuring():
        svg = chart_svg.swap_font_family(svg, FONT, fonts.DRAW_FAMILY)
    return bytes(vlc.svg_to_png(svg, scale=1))


def render_png(spec: dict, svg: str, cache_dir: Path) -> bytes:
    """The PNG of the chart ``spec`` whose SVG is ``svg``, cached under ``cache_dir`` by spec digest."""
    path = Path(cache_dir) / f"{spec_key(spec)}.png"
    if path.exists():
        return path.read_bytes()
    data = svg_png(svg)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)  # atomic: parallel builds never see half a file
    return data


def render_pngs(specs: Mapping[str, dict], svgs: Mapping[str, str], cache_dir: Path) -> dict[str, bytes]:
    """name → PNG for every name with a spec and its SVG (in this process: the languages already
    run in parallel)."""
    return {name: render_png(spec, svgs[name], cache_dir) for name, spec in specs.items() if name in svgs}
