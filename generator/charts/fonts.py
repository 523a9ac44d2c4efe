"""A small font to measure and draw chart text with: the glyphs the charts can use, cut from Noto Sans CJK SC.

vl-convert measures every text of a chart (axis labels, names, titles) with the font the
text asks for, and each measurement parses that font's tables again: with Noto Sans CJK (a
20 MB collection) about 5 ms per text, so most of a chart's render time. The same face cut
down to the characters the charts can draw measures the same widths (same advances, same
layout features) in a fraction of that. So the build cuts it once per character set, with
fontTools, beside load and compute; each render process registers it (`svg.use_measuring_font`);
`svg.convert` asks for ``FAMILY`` instead of `style.FONT` while drawing and writes `style.FONT`
back into the SVG, so readers' browsers get the same font names as before.

Both weights the charts use are cut, regular and bold, under the one family name: bold text
(titles, highlighted labels) is measured with bold advances, as with the full font, and the
PNG copies (`png.svg_png`) are drawn from the same two small faces, pixel for pixel what the
full fonts draw, in a third of the time (resvg parses the font for every text element too).

The characters are those of the data files and the wording catalogue (every chart text comes
from them or from number formatting), plus Latin and punctuation blocks. A character outside
the set is still drawn and measured, by a fallback font (slower, and a slightly different
width): never wrong, only not faster.
"""

from __future__ import annotations

import hashlib
import os
from importlib import metadata
from pathlib import Path

from .. import paths
from .style import FONT, FONT_DIR

FAMILY = "Portal Chart Measure"  # the measuring font's family name; never in a published SVG
SOURCE = FONT_DIR / "NotoSansCJK-Regular.ttc"
FILE_NAME = "measure.otf"
# the faces cut, file name → the collection it is cut from; the bold one where it is installed
FACES = {FILE_NAME: SOURCE, "measure-bold.otf": FONT_DIR / "NotoSansCJK-Bold.ttc"}

# Besides the data and the catalogue: printable ASCII, Latin-1, general punctuation, CJK
# punctuation and the full-width forms.
_BLOCKS = [(0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x3000, 0x303F), (0xFF00, 0xFFEF)]
_TEXT_SUFFIXES = {".yaml", ".yml", ".csv"}
_MAX_FILE = 8 * 1024 * 1024  # a data file larger than this is refused by load anyway


def chart_characters(data_dir: Path, catalogue: Path = paths.SITE_SRC / "strings") -> str:
    """Every character a chart of this data can draw, sorted: the data files' text (not the
    transcribed source documents, which charts never show), the catalogue's, and the blocks."""
    chars = {chr(c) for lo, hi in _BLOCKS for c in range(lo, hi + 1)}
    files = [*sorted(Path(data_dir).rglob("*")), *sorted(Path(catalogue).glob("*.yaml"))]
    for path in files:
        if path.suffix not in _TEXT_SUFFIXES or path.is_symlink() or not path.is_file():
            continue
        if path.stat().st_size <= _MAX_FILE:
            chars.update(path.read_bytes().decode("utf-8", errors="ignore"))
    return "".join(sorted(c for c in chars if c.isprintable()))


def measuring_font(data_dir: Path, cache_dir: Path, face: str | None = None) -> Path | None:
    """The measuring font for this data (its regular face; the bold one beside it), made once per
    character set and cached under ``cache_dir``; None where the source font is not installed
    (then charts are measured with whatever the system has, as before). With ``face`` (a name
    of FACES), only that face is made: the build cuts the two faces in two processes."""
    if not SOURCE.is_file():
        return None
    chars = chart_characters(data_dir)
    faces = {name: source for name, source in FACES.items() if source.is_file()}  # the key names all
    sizes = " ".join(f"{name}:{source.stat().st_size}" for name, source in faces.items())
    key = hashlib.sha256(f"{chars}\n{sizes}\nfonttools {metadata.version('fonttools')}\n{FAMILY}".encode()).hexdigest()[
        :24
    ]
    folder = Path(cache_dir) / key
    for name, source in faces.items():
        if face is not None and name != face:
            continue
        path = folder / name
        if not path.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{os.getpid()}.{name}")
            _cut(chars, source, tmp)
            tmp.replace(path)  # atomic: a parallel build never reads half a font
    return folder / FILE_NAME


def _cut(chars: str, source: Path, out: Path) -> None:
    """The `FONT` face of the collection `source`, with only the glyphs of `chars`, renamed
    `FAMILY` (its weight and style name kept), into `out`."""
    from fontTools import subset
    from fontTools.ttLib import TTCollection, TTFont

    with TTCollection(str(source), lazy=True) as collection:
        names = [face["name"].getDebugName(1) for face in collection.fonts]
    font = TTFont(str(source), fontNumber=names.index(FONT), recalcBBoxes=False)  # bounds: seconds, unused
    options = subset.Options()
    # the default layout features: those a browser applies by itself (kerning, locl…), which are
    # the ones that change widths
    options.name_IDs = [1, 2, 4, 6]
    options.hinting = False
    options.notdef_outline = True
    cutter = subset.Subsetter(options)
    cutter.populate(text=chars)
    cutter.subset(font)
    style_name = font["name"].getDebugName(2) or "Regular"
    suffix = "" if style_name == "Regular" else f" {style_name}"
    for record in font["name"].names:
        if record.nameID == 1:
            record.string = FAMILY
        elif record.nameID == 4:
            record.string = FAMILY + suffix
        elif record.nameID == 6:
            record.string = FAMILY.replace(" ", "") + suffix.replace(" ", "-")
    font.save(str(out))
