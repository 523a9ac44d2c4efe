"""The charts' measuring font (generator/charts/fonts.py): same drawing, reader's font name, cached."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator import charts
from generator.charts import fonts, style
from generator.charts import svg as chart_svg
from tests.test_charts import all_specs, hostile_specs

pytestmark = pytest.mark.skipif(not fonts.SOURCE.is_file(), reason="needs fonts-noto-cjk (installed by .ci/run)")


@pytest.fixture(scope="module")
def font(tmp_path_factory) -> Path:
    """A measuring font for a small data folder (fast to cut) whose text covers the test charts."""
    data = tmp_path_factory.mktemp("data")
    words = "".join(sorted({c for spec in [*all_specs("zh").values(), BOLD] for c in _strings(spec)}))
    (data / "words.yaml").write_text(f"words: {words!r}\n", encoding="utf-8")
    path = fonts.measuring_font(data, tmp_path_factory.mktemp("fonts"))
    assert path is not None
    return path


@pytest.fixture
def measuring(font):
    """Charts drawn with the measuring font in this test only (the list is the process's state)."""
    chart_svg.use_measuring_font(font)
    yield font
    chart_svg._measuring.clear()


# Bold axis labels: their measured width places the plot, so a bold label measured with regular
# advances moves every mark of the chart (Latin letters: bold ones are wider; CJK ones are 1 em in both).
BOLD = {
    "data": {"values": [{"k": "Market Regulation (郑州)", "v": 3}, {"k": "Xuchang IP Office", "v": 5}]},
    "mark": "bar",
    "encoding": {
        "y": {
            "field": "k",
            "type": "nominal",
            "axis": {"labelFontWeight": "bold", "labelFontSize": 14, "title": "牵头单位"},
        },
        "x": {"field": "v", "type": "quantitative"},
    },
    "config": {"font": style.FONT},
}


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _drawn_both_ways(spec: dict, font: Path) -> tuple[str, str]:
    """The chart's SVG measured with the installed fonts, then with the measuring font."""
    chart_svg._measuring.clear()
    plain = chart_svg.convert(spec)
    chart_svg.use_measuring_font(font)
    try:
        return plain, chart_svg.convert(spec)
    finally:
        chart_svg._measuring.clear()


def _without_ids(svg: str) -> str:
    """Clip-path ids count up per process; the picture does not depend on them."""
    return re.sub(r"clip\d+", "clip", svg)


@pytest.mark.parametrize("name", ["indicator", "plan-overview", "concept", "reference-lines", "task-status"])
def test_a_chart_measured_with_the_small_font_is_the_same_chart(name, font):
    plain, measured = _drawn_both_ways(all_specs("zh")[name], font)
    assert _without_ids(measured) == _without_ids(plain)  # same positions, sizes and wraps
    assert fonts.FAMILY not in measured and f'font-family="{style.FONT}"' in measured


def test_bold_text_is_measured_with_the_bold_face(font):
    plain, measured = _drawn_both_ways(BOLD, font)
    assert 'font-weight="bold"' in plain
    assert _without_ids(measured) == _without_ids(plain)


def test_the_png_drawn_with_the_small_faces_has_the_same_pixels(font):
    from generator.charts import png

    for spec in (BOLD, all_specs("zh")["indicator"]):
        chart_svg._measuring.clear()
        drawing = chart_svg.convert(spec)
        plain = png.svg_png(drawing)
        chart_svg.use_measuring_font(font)
        try:
            assert png.svg_png(drawing) == plain
        finally:
            chart_svg._measuring.clear()


def test_the_font_holds_the_charts_characters_under_its_own_name(font):
    from fontTools.ttLib import TTFont

    cut = TTFont(str(font))
    assert cut["name"].getDebugName(1) == fonts.FAMILY
    bold = TTFont(str(font.with_name(fonts.BOLD_FILE_NAME)))
    assert bold["name"].getDebugName(1) == fonts.FAMILY and bold["OS/2"].usWeightClass == 700
    assert cut["OS/2"].usWeightClass == 400
    for name, weight in ((fonts.FILE_NAME, 400), (fonts.BOLD_FILE_NAME, 700)):
        drawing = TTFont(str(font.with_name(fonts.draw_name(name))))
        assert drawing["name"].getDebugName(1) == fonts.DRAW_FAMILY and drawing["OS/2"].usWeightClass == weight
    cmap = cut.getBestCmap()
    full = TTFont(str(fonts.SOURCE), fontNumber=2, lazy=True).getBestCmap()  # face 2: Noto Sans CJK SC
    drawn = {c for spec in all_specs("zh").values() for s in _strings(spec) for c in s if ord(c) in full}
    assert drawn and {c for c in drawn if ord(c) not in cmap} == set()
    assert len(cmap) < 3000 and font.stat().st_size < 1_000_000  # small: that is the point


def test_the_measuring_faces_keep_every_advance_and_feature_but_no_outline(font):
    """What measuring reads (advances, cmap, kerning and other layout features) is the drawing
    face's; the outlines, which only drawing reads, are one-unit TrueType triangles: a far smaller
    file, quicker to open than CFF."""
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont

    for name in (fonts.FILE_NAME, fonts.BOLD_FILE_NAME):
        measuring, drawing = TTFont(str(font.with_name(name))), TTFont(str(font.with_name(fonts.draw_name(name))))
        for table in ("GPOS", "GSUB", "hhea", "OS/2", "hmtx", "cmap"):  # the tables' bytes as written
            assert measuring.reader[table] == drawing.reader[table], table
        assert "glyf" in measuring and "CFF " not in measuring and "CFF " in drawing
        glyphs, drawn = measuring.getGlyphSet(), drawing.getGlyphSet()
        for glyph in (drawing.getBestCmap()[ord(c)] for c in "AW郑"):
            pen, full = BoundsPen(glyphs), BoundsPen(drawn)
            glyphs[measuring.getGlyphName(drawing.getGlyphID(glyph))].draw(pen)  # same glyph order
            drawn[glyph].draw(full)
            x0, y0, x1, y1 = pen.bounds  # placed at the glyph's left side bearing (hmtx, unchanged)
            assert (x1 - x0, y0, y1) == (1, 0, 1) and full.bounds[2] > 100, glyph
        assert font.with_name(name).stat().st_size * 3 < font.with_name(fonts.draw_name(name)).stat().st_size


def test_chart_characters_read_data_and_catalogue_but_not_sources_or_links(tmp_path):
    (tmp_path / "a.yaml").write_text("name: 郑州\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("x,许昌\n", encoding="utf-8")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "doc.txt").write_text("焦", encoding="utf-8")  # a source text: charts never show it
    outside = tmp_path.parent / f"{tmp_path.name}-outside.yaml"
    outside.write_text("name: 济\n", encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to(outside)
    chars = fonts.chart_characters(tmp_path)
    assert "郑" in chars and "许" in chars and "A" in chars and "，" in chars
    assert "焦" not in chars and "济" not in chars
    assert "规" in chars  # the catalogue's words (规划)


def test_the_font_is_cut_once_per_character_set(tmp_path):
    (tmp_path / "a.yaml").write_text("name: 郑州\n", encoding="utf-8")
    first = fonts.measuring_font(tmp_path, tmp_path / "cache")
    assert first is not None
    stamp = first.stat().st_mtime_ns
    assert fonts.measuring_font(tmp_path, tmp_path / "cache") == first and first.stat().st_mtime_ns == stamp
    (tmp_path / "a.yaml").write_text("name: 许昌\n", encoding="utf-8")
    assert fonts.measuring_font(tmp_path, tmp_path / "cache") != first


def test_no_source_font_means_no_measuring_font(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "SOURCE", tmp_path / "missing.ttc")
    assert fonts.measuring_font(tmp_path, tmp_path / "cache") is None


def test_the_measuring_font_name_in_data_text_is_left_alone(measuring, tmp_path):
    text = f'font-family="{fonts.FAMILY}" <x>'
    svg = charts.render_svg(hostile_specs(text)["indicator"], tmp_path)
    root = ET.fromstring(svg)
    assert root.get("font-family") == style.FONT
    assert any(text in "".join(el.itertext()) for el in root.iter("{http://www.w3.org/2000/svg}text"))


def test_the_cache_key_says_which_font_measured(measuring):
    spec = all_specs("zh")["indicator"]
    with_font = charts.spec_key(spec)
    chart_svg._measuring.clear()
    assert charts.spec_key(spec) != with_font


def test_one_face_at_a_time_for_the_build_processes(tmp_path):
    (tmp_path / "a.yaml").write_text("name: 郑州\n", encoding="utf-8")
    bold = fonts.measuring_font(tmp_path, tmp_path / "cache", face=fonts.BOLD_FILE_NAME)
    assert bold is not None and bold.name == fonts.FILE_NAME  # the font's name, whichever face was cut
    assert sorted(p.name for p in bold.parent.iterdir()) == ["draw-bold.otf", fonts.BOLD_FILE_NAME]
    assert fonts.measuring_font(tmp_path, tmp_path / "cache", face=fonts.FILE_NAME) == bold
    names = ["draw-bold.otf", "draw.otf", "measure-bold.ttf", "measure.ttf"]
    assert sorted(p.name for p in bold.parent.iterdir()) == names
