"""SVG output: vl-convert renders a spec, `slim_svg` trims what vl-convert writes.

Runs only where charts are drawn (the build's chart step and its workers); vl-convert is
imported on first use.
"""

from __future__ import annotations

import decimal
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path

from . import fonts
from .specs import chart_summary
from .style import FONT

# ----------------------------------------------------------------- SVG slimming
#
# vl-convert writes Vega's scenegraph: classes, ARIA roles and labels, pointer-events,
# empty background/foreground paths, default-valued attributes. The site shows every chart
# through <img> (with alt text, a caption and a data table), where none of that is used, so
# it is dropped; the picture stays the same (tests/test_charts.py compares rendered pixels).
# The SVG gets a <title> (the chart's summary) so it still has a name when opened on its own.
# The stdlib XML parser reads it and a small serializer escapes every text and attribute.

_SVG_NS = "{http://www.w3.org/2000/svg}"
_DROP_ATTRS = {"class", "role", "pointer-events", "version"}
# inherited presentation attributes and their initial values (an attribute equal to what it
# would inherit anyway changes nothing)
_INHERITED_INITIAL = {
    "fill": "#000",
    "stroke": "none",
    "stroke-width": "1",
    "stroke-miterlimit": "4",
    "stroke-opacity": "1",
    "fill-opacity": "1",
    "stroke-dasharray": "none",
    "stroke-linecap": "butt",
    "stroke-linejoin": "miter",
    "font-family": None,
    "font-size": None,
    "font-weight": "normal",
    "font-style": "normal",
    "text-anchor": "start",
}
_TRANSLATE = re.compile(r"translate\((-?[0-9.]+(?:e-?[0-9]+)?),(-?[0-9.]+(?:e-?[0-9]+)?)\)")


def _add(a: str, b: str) -> str:
    """a + b, exactly (decimal, not float), written without exponent or trailing zeros as Vega writes numbers."""
    total = decimal.Decimal(a) + decimal.Decimal(b)
    return format(total.normalize(), "f") if total else "0"


def _esc_text(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _esc_attr(s: str) -> str:
    return _esc_text(s).replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")


def _local(tag: str) -> str:
    if not tag.startswith(_SVG_NS):
        raise ValueError(f"unexpected element {tag!r} in chart SVG")
    return tag[len(_SVG_NS) :]


def slim_svg(svg: str, title: str = "") -> str:
    """`svg` (vl-convert's output) without what does not change the picture; `title` becomes its <title>."""
    if "<!" in svg or "<?" in svg:  # no DOCTYPE, entity, CDATA or processing instruction is expected
        raise ValueError("unexpected markup in chart SVG")
    root = ET.fromstring(svg)
    if _local(root.tag) != "svg":
        raise ValueError("not an SVG document")
    for el in root.iter():  # drawn with the measuring font, published with style.FONT (fonts.py)
        if el.get("font-family") == fonts.FAMILY:
            el.set("font-family", FONT)
    families = {el.get("font-family") for el in root.iter(f"{_SVG_NS}text")}
    font = families.pop() if len(families) == 1 else None  # the one font every text names
    if font is not None and root.get("font-family") is None:
        root.set("font-family", font)  # inherited by every text, which then drops its own
    parts: list[str] = []
    inherited = {k: v for k, v in _INHERITED_INITIAL.items() if v is not None}
    if title:
        root.set("role", "img")
    _write(root, inherited, parts, title=title, top=True)
    return "".join(parts)


def _invisible(el: ET.Element, name: str, eff: Mapping[str, str]) -> bool:
    if el.get("display") == "none" or el.get("opacity") == "0":  # hides the whole subtree
        return True
    if name == "path" and not el.get("d"):
        return True
    if name in ("path", "rect", "line") and eff.get("fill") == "none" and eff.get("stroke") == "none":
        return True  # neither filled nor stroked (Vega's background paths)
    return name == "g" and len(el) == 0


def _write(
    el: ET.Element,
    inherited: Mapping[str, str],
    out: list[str],
    *,
    title: str = "",
    top: bool = False,
    in_defs: bool = False,
) -> None:
    name = _local(el.tag)
    attrs = dict(el.attrib)
    for k in list(attrs):
        if "}" in k:
            raise ValueError(f"unexpected namespaced attribute {k!r} in chart SVG")
    in_defs = in_defs or name in ("defs", "clipPath")
    eff = dict(inherited)
    if not in_defs:  # inside a clipPath the geometry counts whatever its paint: keep everything
        for k in list(attrs):
            if (k in _DROP_ATTRS and not (top and k == "role")) or k.startswith("aria-"):
                del attrs[k]
        if attrs.get("opacity") == "1":
            del attrs["opacity"]
        if attrs.get("transform") == "translate(0,0)":
            del attrs["transform"]
        for k in _INHERITED_INITIAL:
            if k in attrs:
                if attrs[k] == inherited.get(k):
                    del attrs[k]
                else:
                    eff[k] = attrs[k]
        m = _TRANSLATE.fullmatch(attrs.get("transform", ""))
        # (a text's translate stays: as x/y, resvg places some glyphs a sub-pixel apart)
        if m and name == "line":
            del attrs["transform"]
            dx, dy = m[1], m[2]
            moved = {
                "x1": _add(attrs.pop("x1", "0"), dx),
                "y1": _add(attrs.pop("y1", "0"), dy),
                "x2": _add(attrs.pop("x2", "0"), dx),
                "y2": _add(attrs.pop("y2", "0"), dy),
            }
            attrs = {**moved, **attrs}
        if name == "line":
            attrs = {k: v for k, v in attrs.items() if not (k in ("x1", "y1", "x2", "y2") and v == "0")}
    children = list(el)
    if not in_defs and not top:
        if _invisible(el, name, eff):
            return
        if name == "g" and not attrs and not (el.text or "").strip():
            # a group with no attributes is only a wrapper: write its children in its place
            kept: list[str] = []
            for child in children:
                _write(child, eff, kept, in_defs=in_defs)
            out.extend(kept)
            return
    body: list[str] = []
    if top and title:
        body.append(f"<title>{_esc_text(title)}</title>")
    if el.text:
        body.append(_esc_text(el.text))
    for child in children:
        _write(child, eff, body, in_defs=in_defs)
        if child.tail:
            body.append(_esc_text(child.tail))
    if name == "g" and not body and not top:
        return  # nothing left to draw in it
    head = "<" + name
    if top:
        head += ' xmlns="http://www.w3.org/2000/svg"'
    head += "".join(f' {k}="{_esc_attr(v)}"' for k, v in attrs.items())
    out.append(f"{head}>{''.join(body)}</{name}>" if body else f"{head}/>")


_SVG_NAMESPACES = ("http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink")


def swap_font_family(svg: str, old: str, new: str) -> str:
    """``svg`` with every ``font-family="old"`` attribute made ``new``: in tags only, never in
    text (the SVG escapes "<" and ">" in text)."""
    return re.sub(rf'(<[^<>]*\sfont-family="){re.escape(old)}"', lambda m: f'{m.group(1)}{new}"', svg)


_measuring: list[Path] = []  # the measuring font this process registered (generator.charts.fonts)


def use_measuring_font(path: Path | None) -> None:
    """From now on, this process measures chart text with the font at `path` (`fonts.measuring_font`;
    None: with `style.FONT` itself). Registered once: vl-convert keeps fonts for the process's life."""
    if path is None or path in _measuring:
        return
    import vl_convert as vlc

    vlc.register_font_directory(str(path.parent))
    _measuring.append(path)


def measuring_font() -> Path | None:
    """The measuring font this process uses, if any."""
    return _measuring[0] if _measuring else None


def measuring() -> bool:
    """Whether chart text is measured with a measuring font in this process (part of the SVG cache key)."""
    return bool(_measuring)


_EXTERNAL = re.compile(r"(?i)https?:|//[a-z0-9.-]+\.[a-z]{2,}/|url\((?!#)")


def check_no_external_references(svg: str) -> None:
    """Raise ValueError if the SVG refers to anything outside itself (beyond its XML namespaces).

    Only markup can make a request: attributes (href, style…) and style sheets. Text a chart
    shows (a source's title may quote a web address) is escaped character data and is not
    looked at; an SVG that does not parse is checked whole."""
    try:
        root = ET.fromstring(svg)
    except ET.ParseError:
        rest = svg
        for ns in _SVG_NAMESPACES:
            rest = rest.replace(ns, "")
        if _EXTERNAL.search(rest):
            raise ValueError("SVG has an external reference") from None
        return
    for el in root.iter():
        markup = [v for k, v in el.attrib.items() if not k.startswith("xmlns")]
        if el.tag.rpartition("}")[2] == "style":
            markup.append("".join(el.itertext()))
        if any(_EXTERNAL.search(v) for v in markup):
            raise ValueError("SVG has an external reference")


def convert(spec: dict) -> str:
    """The chart as a slimmed, self-contained SVG string (no cache)."""
    import vl_convert as vlc

    if _measuring:  # drawn with the measuring font, published with style.FONT's name (fonts.py)
        spec = {**spec, "config": {**spec.get("config", {}), "font": fonts.FAMILY}}
    svg = vlc.vegalite_to_svg(spec, allowed_base_urls=[])
    try:
        svg = slim_svg(svg, chart_summary(spec))
    except (ValueError, ET.ParseError):  # markup this module does not know: keep Vega's SVG whole
        svg = swap_font_family(svg, fonts.FAMILY, FONT)  # the measuring font's name, in tags only
    check_no_external_references(svg)
    return svg
