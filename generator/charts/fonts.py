"""Small fonts to measure and draw chart text with: the glyphs the charts can use, cut from Noto Sans CJK SC.

vl-convert measures every text of a chart (axis labels, names, titles) with the font the
text asks for, and each measurement parses that font's tables again: with Noto Sans CJK (a
20 MB collection) about 5 ms per text, so most of a chart's render time. The same face cut
down to the characters the charts can draw measures the same widths (same advances, same
layout features) in a fraction of that. So the build cuts it once per character set, with
HarfBuzz and fontTools, beside load and compute; each render process registers it (`svg.use_measuring_font`);
`svg.convert` asks for ``FAMILY`` instead of `style.FONT` while drawing and writes `style.FONT`
back into the SVG, so readers' browsers get the same font names as before.

Each face is cut twice. The *measuring* face (``FAMILY``, ``measure*.ttf``) keeps every
advance, the cmap and the layout features, but each glyph's outline is a one-unit triangle:
vl-convert opens and maps the font file again for every glyph it measures, so its size is
paid per glyph (427 → 74 KB for the real data: a measured glyph costs 0.2 → 0.11 ms, the
same widths; a glyph with no outline at all would be taken as missing and measured with a
fallback font). Its triangles are TrueType outlines rather than the source's CFF: a face
without a CFF table is quicker to open, and charts draw 7 % faster with the same widths. The
*drawing* face (``DRAW_FAMILY``, ``draw*.otf``) keeps the outlines: the
PNG copies (`png.svg_png`) are drawn with it, pixel for pixel what the full fonts draw, in a
third of the time (resvg parses the font for every text element too).

Both weights the charts use are cut, regular and bold, under one family name each: bold text
(titles, highlighted labels) is measured with bold advances, as with the full font.

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

FAMILY = "Portal Chart Measure"  # the measuring faces' family name; never in a published SVG
DRAW_FAMILY = "Portal Chart Draw"  # the drawing faces' (PNG only)
SOURCE = FONT_DIR / "NotoSansCJK-Regular.ttc"
FILE_NAME = "measure.ttf"
BOLD_FILE_NAME = "measure-bold.ttf"
# the faces cut, measuring face's file name → the collection it is cut from; the bold one where
# it is installed. Each has its drawing face beside it (`draw_name`).
FACES = {FILE_NAME: SOURCE, BOLD_FILE_NAME: FONT_DIR / "NotoSansCJK-Bold.ttc"}
_CUT = (
    "hb-subset cut, TrueType triangle measuring faces, drawing faces beside them"  # in the key: a new cut, a new folder
)

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
    versions = f"fonttools {metadata.version('fonttools')}\nuharfbuzz {metadata.version('uharfbuzz')}\n{FAMILY}\n{DRAW_FAMILY}\n{_CUT}"
    key = hashlib.sha256(f"{chars}\n{sizes}\n{versions}".encode()).hexdigest()[:24]
    folder = Path(cache_dir) / key
    for name, source in faces.items():
        if face is not None and name != face:
            continue
        path, drawing = folder / name, folder / draw_name(name)
        if not (path.is_file() and drawing.is_file()):
            folder.mkdir(parents=True, exist_ok=True)
            tmp, tmp_drawing = (p.with_name(f".{os.getpid()}.{p.name}") for p in (path, drawing))
            _cut(chars, source, tmp, tmp_drawing)
            tmp_drawing.replace(drawing)  # atomic: a parallel build never reads half a font;
            tmp.replace(path)  # the measuring face last: its presence says both are there
    return folder / FILE_NAME


def draw_name(measure_name: str) -> str:
    """The file of a measuring face's drawing face: ``measure-bold.ttf`` → ``draw-bold.otf``."""
    return "draw" + measure_name.removeprefix("measure").removesuffix(".ttf") + ".otf"


def _cut(chars: str, source: Path, out: Path, drawing: Path) -> None:
    """The `FONT` face of the collection `source`, with only the glyphs of `chars` (its weight
    and style name kept): named `DRAW_FAMILY` into `drawing`, and with one-unit outlines named
    `FAMILY` into `out`. HarfBuzz's hb-subset cuts the face out of the collection (0.05 s,
    against 2 s with fontTools' subsetter); fontTools renames the small face and draws its
    triangles."""
    import io

    import uharfbuzz as hb
    from fontTools.ttLib import TTCollection, TTFont

    with TTCollection(str(source), lazy=True) as collection:
        names = [face["name"].getDebugName(1) for face in collection.fonts]
    face = hb.Face(hb.Blob.from_file_path(str(source)), names.index(FONT))
    wanted = hb.SubsetInput()
    wanted.unicode_set.update(ord(c) for c in chars)
    # the default layout features are kept: those a browser applies by itself (kerning, locl…),
    # which are the ones that change widths
    ids = wanted.name_id_set
    ids.clear()
    ids.update([1, 2, 4, 6])
    wanted.flags = hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.NOTDEF_OUTLINE
    cut = hb.subset(face, wanted)
    if cut is None:
        raise ValueError(f"HarfBuzz could not cut {FONT} out of {source}")
    font = TTFont(io.BytesIO(cut.blob.data), recalcBBoxes=False)  # bounds: unused by measuring
    _rename(font, DRAW_FAMILY)
    font.save(str(drawing))
    _rename(font, FAMILY)
    _dot_outlines(font)
    font.save(str(out))


def _rename(font, family: str) -> None:
    """Name the face ``family``, keeping its style name (Regular, Bold)."""
    style_name = font["name"].getDebugName(2) or "Regular"
    suffix = "" if style_name == "Regular" else f" {style_name}"
    for record in font["name"].names:
        if record.nameID == 1:
            record.string = family
        elif record.nameID == 4:
            record.string = family + suffix
        elif record.nameID == 6:
            record.string = family.replace(" ", "") + suffix.replace(" ", "-")


def _dot_outlines(font) -> None:
    """Every glyph's outline made a one-unit triangle at the origin, as TrueType outlines in place
    of the CFF table: the advances (hmtx) and layout features, which are all that measuring
    reads, stay as they were."""
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(None)
        pen.moveTo((0, 0))
        pen.lineTo((1, 0))
        pen.lineTo((0, 1))
        pen.closePath()
        glyf.glyphs[name] = pen.glyph()
        glyf.glyphs[name].recalcBounds(glyf)  # the font is saved without recalculating bounds
    for tag in ("CFF ", "VORG"):  # VORG: vertical origins, for CFF faces only
        if tag in font:
            del font[tag]
    font["glyf"], font["loca"] = glyf, newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000  # TrueType's maxp: these fields, all zero but the one zone
    for field in (
        "maxPoints",
        "maxContours",
        "maxCompositePoints",
        "maxCompositeContours",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
        "maxComponentDepth",
    ):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0  # no glyph names
    font.sfntVersion = "\x00\x01\x00\x00"
